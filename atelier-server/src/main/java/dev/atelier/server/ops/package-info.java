/**
 * What operators and load balancers read: {@code /healthz} (the process answers), {@code /readyz} (it accepts work;
 * false while starting and draining), {@code /metrics} (Prometheus), {@code /openapi.yaml}, and the request ids
 * every answer carries so a log line can be found from a client's report.
 */
package dev.atelier.server.ops;

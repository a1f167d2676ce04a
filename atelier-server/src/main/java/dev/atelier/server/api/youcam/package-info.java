/**
 * The YouCam-compatible routes, both wire families (CONTRACTS A.0–A.5): auth, the File API, run and status on every
 * path the effect table claims, live progress events, account routes (credit, history, feature cost, task delete)
 * and the template catalogues. It reads requests into the neutral {@code TaskRequest} and writes task views back in
 * the family's shape; it decides nothing the task system does not.
 */
package dev.atelier.server.api.youcam;

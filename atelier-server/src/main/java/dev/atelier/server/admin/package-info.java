/**
 * The operator's admin API under {@code /admin/v1/}, all of it in this one package: one bearer token
 * ({@code ATELIER_ADMIN_TOKEN}, {@link dev.atelier.server.admin.AdminAuth}) guards every route; keys and their units
 * ({@link dev.atelier.server.admin.AccountAdminRoutes}), webhook endpoints and their deliveries
 * ({@link dev.atelier.server.admin.WebhookAdminRoutes}) and the model registry's state on this node
 * ({@link dev.atelier.server.admin.ModelAdminRoutes}). These are HTTP adapters over the services of their concepts;
 * the YouCam API manages keys in a console, a self-hosted server needs an API.
 */
package dev.atelier.server.admin;

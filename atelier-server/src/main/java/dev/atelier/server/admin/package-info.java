/**
 * The operator's admin API under {@code /admin/v1/}: one bearer token ({@code ATELIER_ADMIN_TOKEN}) guards every
 * admin route ({@link dev.atelier.server.admin.AdminAuth}); keys and their units live here, webhook endpoints and
 * models next to their own concepts. The YouCam API manages these in a console; a self-hosted server needs an API.
 */
package dev.atelier.server.admin;

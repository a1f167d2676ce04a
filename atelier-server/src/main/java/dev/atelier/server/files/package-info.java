/**
 * Files: {@link dev.atelier.server.files.FileService} (upload slots, uploads, downloads, task inputs and results),
 * blob stores (local directory, S3), signed URLs ({@link dev.atelier.server.files.UrlSigner}) and SSRF-safe fetching
 * of URL inputs ({@link dev.atelier.server.files.SafeFetcher} behind {@link dev.atelier.server.files.AddressGuard}).
 * A result is an ordinary file, which is how {@code dst_id} chains tasks.
 */
package dev.atelier.server.files;

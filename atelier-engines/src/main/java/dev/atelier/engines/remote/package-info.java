/**
 * Upstream image generation providers over HTTP: OpenAI (and any OpenAI-compatible server such as LocalAI, APIpie
 * or another Atelier), Stability AI v2beta, Black Forest Labs, Replicate and fal. Each adapter speaks its provider's
 * real wire format (paths, auth headers, JSON or multipart bodies, async polling, error bodies) and translates it to
 * the neutral {@link dev.atelier.engines.generation} values; adapters translate, they do not route. The public face is
 * {@link dev.atelier.engines.remote.RemoteProviders} (build engines from settings) and {@link
 * dev.atelier.engines.remote.ProviderSettings} (one provider's configuration, read from {@code ATELIER_PROVIDER_*}
 * environment-style settings). Every call has connect and request timeouts, polling is bounded by a maximum wait,
 * downloads by a byte limit, and upstream errors become {@link dev.atelier.engines.generation.ProviderError} codes.
 */
package dev.atelier.engines.remote;

// The public API as the playground uses it: the same routes and bodies as any client (see the README's curl
// walk-through). Every failure becomes an ApiError carrying the contract's code.

import { getKey } from './key.js';

/** A failed request: HTTP status, the contract's error code, the server's message and its x-request-id. */
export class ApiError extends Error {
  constructor(status, code, message, requestId = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** A task that ran and failed: the engine code (E.2) and message, delivered with HTTP 200. */
export class TaskError extends Error {
  constructor(code, message, taskId) {
    super(message ?? code);
    this.code = code;
    this.taskId = taskId;
  }
}

async function parse(response) {
  const requestId = response.headers.get('x-request-id');
  const type = response.headers.get('content-type') ?? '';
  let body = null;
  if (type.includes('application/json')) {
    body = await response.json().catch(() => null);
  }
  if (!response.ok) {
    const code = body?.error_code ?? `HTTP${response.status}`;
    throw new ApiError(response.status, code, body?.error ?? response.statusText, requestId);
  }
  return body;
}

async function send(url, init) {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e; // the page stopped it: not a failure to report
    throw new ApiError(0, 'NetworkError', `The server did not answer (${e.message}).`);
  }
}

function auth() {
  const key = getKey();
  if (!key) throw new ApiError(401, 'NoKey', 'No API key is saved in this browser yet.');
  return { Authorization: `Bearer ${key}` };
}

/** GET /s2s/v2.0/features: the effect table (public, no key needed). */
export async function features() {
  const body = await parse(await send('/s2s/v2.0/features', { headers: { Accept: 'application/json' } }));
  return body.data;
}

/**
 * Uploads a Blob through the File API: POST /s2s/v2.0/file announces it, then a PUT sends the bytes to the signed
 * URL with the headers the server asked for. Returns the file_id.
 */
export async function upload(blob, fileName, contentType) {
  const announced = await parse(await send('/s2s/v2.0/file', {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ files: [{ content_type: contentType, file_name: fileName, file_size: blob.size }] }),
  }));
  const slot = announced.data.files[0];
  const put = slot.requests[0];
  const headers = {};
  for (const [k, v] of Object.entries(put.headers ?? {})) {
    if (k.toLowerCase() !== 'content-length') headers[k] = v; // the browser sets it from the body
  }
  await parse(await send(put.url, { method: put.method ?? 'PUT', headers, body: blob }));
  return slot.file_id;
}

/** POST a flat v2 run body to a feature's run path; returns the task_id. */
export async function run(path, body) {
  const r = await parse(await send(path, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }));
  return r.data.task_id;
}

/** GET <run path>/<task_id>: the v2 status `data`. */
export async function status(path, taskId) {
  const r = await parse(await send(`${path}/${encodeURIComponent(taskId)}`, { headers: auth() }));
  return r.data;
}

/**
 * Opens GET <run path>/<task_id>/events, the task's server-sent event stream, with the key in the Authorization
 * header (which EventSource cannot send, hence fetch). Resolves with the streaming Response. A JSON answer (401,
 * InvalidTaskId) rejects with its ApiError; anything else that is not a stream rejects with StreamUnavailable.
 */
export async function openEvents(path, taskId, signal) {
  const r = await send(`${path}/${encodeURIComponent(taskId)}/events`, {
    headers: { ...auth(), Accept: 'text/event-stream' }, signal, cache: 'no-store',
  });
  const type = r.headers.get('content-type') ?? '';
  if (r.ok && type.startsWith('text/event-stream') && r.body) return r;
  if (!r.ok && type.includes('application/json') && r.status !== 429) await parse(r);
  r.body?.cancel();
  throw new StreamUnavailable(`the event stream answered HTTP ${r.status}${type ? ` (${type})` : ''}`);
}

/** The event stream could not be used (a proxy refused it, the connection dropped…); polling still can. */
export class StreamUnavailable extends Error {}

/** Downloads a signed result URL (no key: the signature is the credential). */
export async function download(url) {
  const r = await send(url, {});
  if (!r.ok) await parse(r);
  return r.blob();
}

/**
 * Every template of a template list route (GET /s2s/<version>/task/template/<feature>), following next_token page
 * by page: [{id, title, thumb, category_name, …}]. Stops after `maxPages` pages of 20.
 */
export async function templates(listPath, { maxPages = 10 } = {}) {
  const all = [];
  let token = null;
  for (let page = 0; page < maxPages; page += 1) {
    const query = new URLSearchParams({ page_size: '20' });
    if (token) query.set('starting_token', token);
    const r = await parse(await send(`${listPath}?${query}`, { headers: auth() }));
    all.push(...(r.data.templates ?? []));
    token = r.data.next_token;
    if (!token) break;
  }
  return all;
}

/** GET /s2s/v2.0/client/credit: the key's units (also how the key page checks that a key works). */
export async function credit() {
  const r = await parse(await send('/s2s/v2.0/client/credit', { headers: auth() }));
  return r.data;
}

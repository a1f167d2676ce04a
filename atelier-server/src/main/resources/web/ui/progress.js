// Following a task until it ends. The server's event stream (GET <run path>/<task_id>/events) is read first: it
// tells the queue position, percent and stage as they change, and an open stream counts as polling, so the task
// stays alive while the page watches. EventSource cannot send the Authorization header, so the stream is read with
// fetch() and parsed here. When the stream cannot be used (refused by a proxy, cut off), the page polls the status
// at the server's polling_interval instead and says so through onMode.

import { status, openEvents, ApiError, TaskError, StreamUnavailable } from './api.js';

function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('stopped', 'AbortError'));
    }, { once: true });
  });
}

/**
 * Splits a server-sent event stream into {event, data, id} objects as the bytes arrive (the WHATWG rules the page
 * needs: CRLF or LF line ends, comment lines, several data lines joined by newlines, the "message" default name).
 */
export async function* parseEvents(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const stop = () => reader.cancel().catch(() => {});
  signal?.addEventListener('abort', stop, { once: true });
  let buffer = '';
  let event = { event: 'message', data: [], id: null };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          if (event.data.length) yield { event: event.event, data: event.data.join('\n'), id: event.id };
          event = { event: 'message', data: [], id: null };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const raw = colon < 0 ? '' : line.slice(colon + 1);
          const text = raw.startsWith(' ') ? raw.slice(1) : raw;
          if (field === 'event') event.event = text;
          else if (field === 'data') event.data.push(text);
          else if (field === 'id') event.id = text;
        }
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    if (signal?.aborted) throw new DOMException('stopped', 'AbortError');
  }
}

/** The outcome of a terminal status: the data on success, a thrown TaskError on error. */
function settle(data, taskId) {
  if (data.task_status === 'error') throw new TaskError(data.error, data.error_message, taskId);
  return data;
}

/**
 * Reads the stream until the task ends: resolves with the success data, rejects with TaskError/ApiError, or with
 * StreamUnavailable when the stream could not be opened or ended before the task did.
 */
async function stream(path, taskId, { onUpdate, onMode, signal }) {
  let response;
  try {
    response = await openEvents(path, taskId, signal);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NetworkError') throw new StreamUnavailable('the request for it failed');
    throw e;
  }
  onMode?.({ mode: 'live' });
  try {
    for await (const e of parseEvents(response.body, signal)) {
      const data = JSON.parse(e.data);
      if (e.event === 'success' || e.event === 'error') return settle(data, taskId);
      if (e.event === 'gone') {
        throw new ApiError(400, data.error_code ?? 'InvalidTaskId',
          'The task expired or was deleted while this page watched it.');
      }
      onUpdate?.(data);
    }
  } catch (e) {
    if (e instanceof TypeError) throw new StreamUnavailable(`the event stream broke off (${e.message})`);
    throw e;
  }
  throw new StreamUnavailable('the event stream ended before the task did');
}

async function poll(path, taskId, { onUpdate, interval, signal }) {
  for (;;) {
    const data = await status(path, taskId);
    if (data.task_status === 'success' || data.task_status === 'error') return settle(data, taskId);
    onUpdate?.(data);
    await wait(Math.max(200, data.polling_interval ?? interval), signal);
  }
}

/**
 * Resolves with the success status data, rejects with TaskError (engine code) or ApiError (request code).
 * onUpdate(data) gets every non-final state; onMode({mode: 'live'}) or onMode({mode: 'polling', reason}) says how
 * the page is following the task.
 */
export async function watchTask(path, taskId, { onUpdate, onMode, interval = 1000, signal } = {}) {
  try {
    return await stream(path, taskId, { onUpdate, onMode, signal });
  } catch (e) {
    if (!(e instanceof StreamUnavailable)) throw e;
    onMode?.({ mode: 'polling', reason: e.message, interval });
  }
  return poll(path, taskId, { onUpdate, interval, signal });
}

/** One line for people: "Queued (2 ahead)", "Running — 40% (upscale)". */
export function describe(data) {
  if (data.task_status === 'success') return 'Done';
  if (data.task_status === 'error') return 'Failed';
  if (data.queue_position !== undefined && data.queue_position >= 0) {
    return data.queue_position === 0 ? 'Queued (next in line)'
      : `Queued (${data.queue_position} ${data.queue_position === 1 ? 'task' : 'tasks'} ahead)`;
  }
  const pct = Math.round((data.progress ?? 0) * 100);
  return `Running — ${pct}%${data.stage ? ` (${data.stage})` : ''}`;
}

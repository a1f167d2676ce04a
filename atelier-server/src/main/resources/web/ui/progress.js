// Following a task until it ends: polls its status at the polling_interval the server sends. A task not polled
// within the server's polling window is dropped, so this keeps polling while the page is open.
// (When a server-sent events route exists for statuses, this is the one place to switch to it.)

import { status, TaskError } from './api.js';

function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('stopped', 'AbortError'));
    }, { once: true });
  });
}

/** Resolves with the success status data, rejects with TaskError (engine code) or ApiError (request code). */
export async function watchTask(path, taskId, { onUpdate, interval = 1000, signal } = {}) {
  for (;;) {
    const data = await status(path, taskId);
    onUpdate?.(data);
    if (data.task_status === 'success') return data;
    if (data.task_status === 'error') throw new TaskError(data.error, data.error_message, taskId);
    await wait(Math.max(200, data.polling_interval ?? interval), signal);
  }
}

/** One line for people: "Queued (2 ahead)", "Running — 40% (upscale)". */
export function describe(data) {
  if (data.task_status === 'success') return 'Done';
  if (data.task_status === 'error') return 'Failed';
  if (data.queue_position !== undefined && data.queue_position > 0) {
    return `Queued (${data.queue_position} ahead)`;
  }
  const pct = Math.round((data.progress ?? 0) * 100);
  return `Running — ${pct}%${data.stage ? ` (${data.stage})` : ''}`;
}

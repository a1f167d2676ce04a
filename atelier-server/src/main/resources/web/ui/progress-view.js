// How a running task is shown: a bar, one line for the current state ("Queued (1 task ahead)", "Running — 40%
// (denoise)"), how the page follows it (the live event stream, or polling and why), and a short log of the states
// it went through.

import { h } from './dom.js';
import { describe } from './progress.js';

export function progressView() {
  const bar = h('progress', { max: 100, value: 0, 'aria-label': 'Task progress' });
  const text = h('span', { dataset: { role: 'progress-text' } }, '');
  const mode = h('p', { class: 'hint progress-mode', dataset: { role: 'progress-mode' } });
  const log = h('ol', { class: 'progress-log', 'aria-label': 'States so far', dataset: { role: 'progress-log' } });
  const element = h('div', { class: 'progress-box', hidden: true },
    h('div', { class: 'progress', role: 'status' }, bar, ' ', text), mode, log);

  // One log line per state or stage, not per percent: the log is a history, the bar shows the percent.
  let lastStep = null;
  const step = (line, key) => {
    if (key === lastStep) return;
    lastStep = key;
    log.append(h('li', {}, line));
  };

  return {
    element,
    start() {
      element.hidden = false;
      bar.value = 0;
      text.textContent = 'Sending…';
      mode.textContent = '';
      delete mode.dataset.mode;
      log.replaceChildren();
      lastStep = null;
    },
    submitted(taskId) {
      text.textContent = 'Submitted';
      step(`Submitted as task ${taskId}`, 'submitted');
    },
    update(data) {
      bar.value = Math.round((data.progress ?? 0) * 100);
      const line = describe(data);
      text.textContent = line;
      const queued = data.queue_position !== undefined && data.queue_position >= 0;
      step(queued ? line : `Running${data.stage ? ` (${data.stage})` : ''}`,
        queued ? `queued ${data.queue_position}` : `running ${data.stage ?? ''}`);
    },
    mode({ mode: m, reason, interval }) {
      mode.dataset.mode = m;
      mode.textContent = m === 'live'
        ? 'Following the task live through its event stream.'
        : `The live event stream could not be used (${reason}); checking the status every `
          + `${((interval ?? 1000) / 1000).toLocaleString('en')} s instead.`;
    },
    done(data) {
      bar.value = 100;
      text.textContent = describe(data);
      step('Done', 'done');
    },
    failed() {
      text.textContent = 'Failed';
      step('Failed', 'failed');
    },
    stopped() {
      text.textContent = 'Stopped watching (the task expires if nobody polls it)';
    },
  };
}

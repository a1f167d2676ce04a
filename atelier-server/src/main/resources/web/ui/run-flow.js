// The Run button's flow, shared by the effect and video pages: submit the task, follow it with progress ("Stop
// watching" ends the watching, not the task), then show the result; a failure goes to the page's error box.

import { announce } from './dom.js';
import { run as runTask } from './api.js';
import { watchTask } from './progress.js';

export function runFlow({ path, progress, runButton, stopButton, resultView, interval, available, fail }) {
  let busy = false;
  let controller = null;
  return {
    stop: () => controller?.abort(),
    /** `makeBody()` builds the request (may upload; may throw), `show(data, taskId)` renders the finished task. */
    async run(makeBody, show) {
      if (busy) return;
      busy = true;
      runButton.disabled = true;
      resultView.hidden = true;
      progress.start();
      controller = new AbortController();
      try {
        const taskId = await runTask(path, await makeBody());
        progress.submitted(taskId);
        stopButton.hidden = false;
        const data = await watchTask(path, taskId, {
          onUpdate: progress.update, onMode: progress.mode, interval, signal: controller.signal,
        });
        progress.done(data);
        await show(data, taskId);
        announce('Result ready');
      } catch (err) {
        if (err.name !== 'AbortError') {
          progress.failed();
          fail(err);
        } else {
          progress.stopped();
        }
      } finally {
        busy = false;
        stopButton.hidden = true;
        runButton.disabled = !available;
      }
    },
  };
}

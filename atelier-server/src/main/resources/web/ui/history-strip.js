// The studio's history: every result made in this browser, newest first, as a strip of thumbnails under the canvas.
// It reads results.js, which keeps them in IndexedDB, so the strip is the same after a reload. A click shows a result
// on the canvas; "Use as input" makes it the picture the next effect works on (its dst_id: nothing is uploaded again).

import { h, replace, featureTitle } from './dom.js';
import { recentResults, forgetAll } from './results.js';

/** `onShow(result)` puts a result on the canvas; `onUse(result)` takes it as the input. */
export function historyStrip({ onShow, onUse }) {
  const list = h('ol', { class: 'history-list', dataset: { role: 'history' } });
  const empty = h('p', { class: 'hint' }, 'Results appear here, and stay in this browser across reloads.');
  const clear = h('button', {
    type: 'button', class: 'quiet', dataset: { role: 'history-clear' },
    onclick: () => {
      if (confirm('Forget every result kept in this browser? The files stay on the server until its retention sweep.')) forgetAll();
    },
  }, 'Clear history');
  const element = h('section', { class: 'history-strip', 'aria-label': 'History' },
    h('h2', { class: 'visually-hidden' }, 'History'), empty, list, clear);

  const refresh = () => {
    if (!element.isConnected && element.dataset.shown) {
      document.removeEventListener('atelier:results', refresh);
      return;
    }
    const items = recentResults();
    empty.hidden = items.length > 0;
    clear.hidden = items.length === 0;
    replace(list, items.map((r) => h('li', { class: 'history-item', dataset: { role: 'history-item', feature: r.feature } },
      h('button', {
        type: 'button', class: 'history-show', title: `${r.title ?? r.feature} · ${r.width} × ${r.height} px`,
        'aria-label': `Show ${r.title ?? r.feature} result ${r.name} on the canvas`, onclick: () => onShow(r),
      }, h('img', { src: r.url, alt: '', class: 'history-thumb' })),
      h('span', { class: 'history-title' }, r.title ?? featureTitle({ feature: r.feature })),
      h('button', {
        type: 'button', class: 'history-use', dataset: { role: 'history-use' }, onclick: () => onUse(r),
        'aria-label': `Use ${r.name} as the input`,
      }, 'Use as input'))));
  };
  document.addEventListener('atelier:results', refresh);
  refresh();
  element.dataset.shown = 'true';
  return element;
}

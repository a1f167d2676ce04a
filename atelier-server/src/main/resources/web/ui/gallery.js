// The results of this session as a gallery: each picture with the feature and settings that made it, what the
// server said about how (its metadata), a download in each allowed format, and "use as input" for any effect that
// takes a picture.

import { h, replace, uid, formatBytes } from './dom.js';
import { recentResults, offerAsInput, forgetAll } from './results.js';
import { downloadButtons } from './downloads.js';

/** Effects that can take a result as their source picture. */
export function takesAPicture(catalog) {
  return catalog.features.filter((f) => f.input.sources.max > 0 && f.input.media !== 'video' && f.availability.available
    && f.paths.some((p) => p.startsWith('/s2s/')));
}

function valueText(v) {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

function card(r, { catalog, currentFeature, onUseHere, onError }) {
  const targets = takesAPicture(catalog);
  const selectId = uid('use-in');
  const select = h('select', { id: selectId, dataset: { role: 'use-in' } },
    targets.map((f) => h('option', { value: f.feature, selected: f.feature === (currentFeature ?? r.feature) },
      f.summary?.split(':')[0] ?? f.feature)));
  const use = () => {
    if (select.value === currentFeature && onUseHere) {
      onUseHere(r);
    } else {
      offerAsInput(r);
      location.hash = `#/effect/${encodeURIComponent(select.value)}`;
    }
  };
  const settings = Object.entries(r.settings ?? {});
  const metadata = Object.entries(r.metadata ?? {});
  return h('li', { class: 'card gallery-item', dataset: { role: 'gallery-item', feature: r.feature } },
    h('img', { src: r.url, alt: `${r.title}: ${r.name}`, class: 'gallery-image' }),
    h('p', { class: 'gallery-title' }, h('strong', {}, r.title), ' · ', r.at.toLocaleString('en-GB')),
    h('p', { class: 'hint' }, `${r.width} × ${r.height} px · ${r.ext.toUpperCase()} · ${formatBytes(r.blob.size)}`
      + ` · file id ${r.dstId}`),
    h('dl', { class: 'settings', dataset: { role: 'gallery-settings' } },
      r.inputs ? [h('dt', {}, 'inputs'), h('dd', {}, r.inputs)] : null,
      settings.map(([k, v]) => [h('dt', {}, k), h('dd', {}, valueText(v))])),
    metadata.length ? h('details', {}, h('summary', {}, 'How it was made'),
      h('dl', { class: 'settings' }, metadata.map(([k, v]) => [h('dt', {}, k), h('dd', {}, valueText(v))]))) : null,
    h('div', { class: 'downloads', role: 'group', 'aria-label': `Download ${r.name}` },
      downloadButtons(r, r.formats ?? [r.ext], onError)),
    targets.length ? h('div', { class: 'use-in' },
      h('label', { for: selectId }, 'Use as input in '), select,
      h('button', { type: 'button', onclick: use, dataset: { role: 'gallery-use' } }, 'Use as input')) : null);
}

/**
 * The gallery: every result of this session, or only `feature`'s when given. Refreshes itself when a result
 * arrives; `onUseHere(result)` takes a result picked for `currentFeature` without leaving the page.
 */
export function galleryView({ catalog, feature = null, currentFeature = null, onUseHere = null, onError, heading = 'h2' }) {
  const list = h('ul', { class: 'cards gallery', dataset: { role: 'gallery' } });
  const empty = h('p', { class: 'hint' }, 'No results yet. Results are kept in this browser, across reloads, until you clear them.');
  const clear = h('button', { type: 'button', class: 'quiet', dataset: { role: 'gallery-clear' }, onclick: () => {
    if (confirm('Forget every result kept in this browser? The files stay on the server until its retention sweep.')) forgetAll();
  } }, 'Clear history');
  const section = h('section', { class: 'gallery-box', 'aria-label': 'Results gallery' },
    h(heading, {}, feature ? 'Your results with this effect' : 'Results gallery'), empty, list, clear);
  const refresh = () => {
    if (!section.isConnected && section.dataset.shown) {
      document.removeEventListener('atelier:results', refresh);
      return;
    }
    const items = recentResults().filter((r) => !feature || r.feature === feature);
    empty.hidden = items.length > 0;
    clear.hidden = feature !== null || items.length === 0;
    replace(list, items.map((r) => card(r, { catalog, currentFeature, onUseHere, onError })));
  };
  document.addEventListener('atelier:results', refresh);
  refresh();
  section.dataset.shown = 'true';
  return section;
}

// The studio's effect picker: one tile per feature with a preview of what it does — the feature's own output on the
// built-in sample photo (GET /ui/previews/<feature>, made once by the server and cached there). Tiles of features
// this server cannot run are greyed; picking one shows what it misses and the command that enables it.
//
// Previews are fetched one after another, never all at once: each may take a moment to make the first time, and a
// browser opens only a few connections to one server — the page's uploads and runs must not wait behind them.

import { h, featureTitle } from './dom.js';

/** Whether the built-in sample alone can show this feature (the server's rule, to spare it pointless requests). */
export function previewable(f) {
  if (!f.availability.available || f.input.media === 'video') return false;
  const { sources, refs } = f.input;
  if (sources.min > 1 || sources.max < 1 || refs.min > 0) return false;
  return !f.parameters.some((p) => p.required && p.default === undefined && !(p.enum && p.enum.length));
}

/** A tile's stand-in picture: the feature's initials on a colour of its own. */
function lettered(f) {
  const words = featureTitle(f).split(/[\s-]+/).filter(Boolean);
  const letters = (words.length > 1 ? words[0][0] + words[1][0] : words[0]?.slice(0, 2) ?? '?').toUpperCase();
  let hue = 0;
  for (const c of f.feature) hue = (hue * 31 + c.charCodeAt(0)) % 360;
  const tile = h('span', { class: 'effect-thumb placeholder', 'aria-hidden': 'true' }, letters);
  tile.style.setProperty('--hue', String(hue));
  return tile;
}

/**
 * The grid. `features` are listed ready first; `onPick(feature)` hears a click or Enter on a tile. Returns
 * {element, select(feature)} — select marks the current tile.
 */
export function effectGrid({ features, onPick }) {
  const ordered = [...features].sort((a, b) => Number(b.availability.available) - Number(a.availability.available));
  // two features may share a title (the V2 generator's text and image doors): the id tells them apart
  const titles = new Map();
  for (const f of ordered) titles.set(featureTitle(f), (titles.get(featureTitle(f)) ?? 0) + 1);
  const name = (f) => (titles.get(featureTitle(f)) > 1 ? [featureTitle(f), h('small', {}, f.feature)] : featureTitle(f));
  const queue = [];
  const tiles = new Map();
  for (const f of ordered) {
    const ready = f.availability.available;
    const thumb = previewable(f)
      ? h('img', { class: 'effect-thumb', alt: '', dataset: { role: 'preview', src: `/ui/previews/${encodeURIComponent(f.feature)}` } })
      : lettered(f);
    const button = h('button', {
      type: 'button', class: ready ? 'effect-tile' : 'effect-tile unavailable', 'aria-pressed': 'false',
      title: ready ? f.summary : `Not ready here: ${f.availability.missing}`,
      dataset: { role: 'feature-card', feature: f.feature, ready: String(ready) },
      onclick: () => onPick(f),
    },
    thumb,
    h('span', { class: 'effect-name' }, name(f)),
    ready ? null : h('span', { class: 'effect-badge' }, 'needs setup'));
    if (thumb.tagName === 'IMG') queue.push({ img: thumb, f });
    tiles.set(f.feature, button);
  }

  // one preview at a time; a refused or failed one falls back to the lettered tile
  const next = () => {
    const item = queue.shift();
    if (!item) return;
    const { img, f } = item;
    img.addEventListener('load', () => {
      img.dataset.loaded = 'true';
      next();
    }, { once: true });
    img.addEventListener('error', () => {
      img.replaceWith(lettered(f));
      next();
    }, { once: true });
    img.src = img.dataset.src;
  };
  next();

  const element = h('nav', { class: 'effect-grid', 'aria-label': 'Effects', dataset: { role: 'effect-grid' } },
    [...tiles.values()]);
  return {
    element,
    select(feature) {
      for (const [id, t] of tiles) t.setAttribute('aria-pressed', String(id === feature?.feature));
    },
  };
}

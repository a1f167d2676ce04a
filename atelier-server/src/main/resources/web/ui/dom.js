// Tiny element builder: the page never assigns innerHTML, so text from the server can never become markup.

/**
 * h('button', {class: 'primary', onclick: fn, 'aria-label': 'Run'}, 'Run') → an element.
 * Attributes starting with "on" become listeners; `dataset` takes an object; null/false attributes are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name in el && typeof value !== 'string') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** Says `text` to screen readers through the polite live region. */
export function announce(text) {
  const live = document.getElementById('announcer');
  if (live) live.textContent = text;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** "Photo enhance" from a summary like "Photo enhance: denoise…", else the feature id. */
export function featureTitle(feature) {
  const s = feature.summary ?? '';
  const colon = s.indexOf(':');
  return colon > 0 ? s.slice(0, colon) : feature.feature;
}

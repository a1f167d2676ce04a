// Results made in this browser session, so any effect can take one as its input ("use as input" chains dst_id)
// and the gallery can show each with the settings that made it. Kept in memory only: a reload forgets them (the
// files stay on the server until its retention sweep).

const results = [];
const LIMIT = 24;
let pending = null;

/**
 * Adds {blob, url, dstId, name, width, height, ext, feature, title, formats, settings, inputs, metadata, taskId};
 * the oldest is forgotten beyond LIMIT.
 */
export function remember(result) {
  results.unshift({ ...result, at: new Date() });
  while (results.length > LIMIT) {
    const old = results.pop();
    URL.revokeObjectURL(old.url);
  }
  document.dispatchEvent(new CustomEvent('atelier:results'));
}

export function recentResults() {
  return [...results];
}

/** A result the next effect page opened should start with as its input. */
export function offerAsInput(result) {
  pending = result;
}

/** The result offered by offerAsInput, once. */
export function takeOfferedInput() {
  const r = pending;
  pending = null;
  return r;
}

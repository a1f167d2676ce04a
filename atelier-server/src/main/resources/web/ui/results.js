// Results made in this browser session, so any effect can take one as its input ("use as input" chains dst_id).

const results = [];
const LIMIT = 12;

/** Adds {blob, url, dstId, name, width, height, feature}; the oldest is forgotten beyond LIMIT. */
export function remember(result) {
  results.unshift(result);
  while (results.length > LIMIT) {
    const old = results.pop();
    URL.revokeObjectURL(old.url);
  }
}

export function recentResults() {
  return [...results];
}

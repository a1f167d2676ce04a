// The API key lives in this browser's localStorage only; `atelier serve` can hand one over in the URL fragment
// (#key=…), which browsers never send to a server. The fragment is removed from the address bar at once.

const STORAGE = 'atelier.apiKey';

export function getKey() {
  try {
    return localStorage.getItem(STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function setKey(value) {
  const v = (value ?? '').trim().replace(/^Bearer\s+/i, '').replace(/^<(.*)>$/, '$1');
  if (v) localStorage.setItem(STORAGE, v);
  else localStorage.removeItem(STORAGE);
  document.dispatchEvent(new CustomEvent('atelier:key'));
  return v;
}

/**
 * Takes a key from `#key=…` if present and cleans the address bar. Returns the key when it differs from the saved
 * one; the caller asks before replacing a saved key (a link must not silently switch someone to another account).
 */
export function takeKeyFromFragment() {
  const m = /^#key=([^&]+)/.exec(location.hash);
  if (!m) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  const key = decodeURIComponent(m[1]).trim();
  if (!key || key === getKey()) return null;
  if (!getKey()) {
    setKey(key);
    return null;
  }
  return key;
}

/** "atk_abcd…" — enough to recognise a key without showing it. */
export function hint(key) {
  return key.length > 8 ? `${key.slice(0, 8)}…` : key;
}

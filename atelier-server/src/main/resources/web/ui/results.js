// Results made in this browser, so any effect can take one as its input ("use as input" chains dst_id) and the
// gallery can show each with the settings that made it. Kept in IndexedDB too, so a reload (or tomorrow) still has
// them: the picture's bytes stay in this browser, and its dst_id works while the server keeps the file (its
// retention). Nothing leaves the host: IndexedDB is this origin's own storage.

const results = [];
const LIMIT = 24;
const DB = 'atelier-playground';
const STORE = 'results';
let pending = null;
let db = null;

function open() {
  if (!('indexedDB' in window)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null); // private mode or storage refused: the history lasts this session only
  });
}

function tx(mode, work) {
  if (!db) return Promise.resolve();
  return new Promise((resolve) => {
    const t = db.transaction(STORE, mode);
    const value = work(t.objectStore(STORE));
    t.oncomplete = () => resolve(value?.result);
    t.onerror = () => resolve(undefined);
    t.onabort = () => resolve(undefined);
  });
}

/** What is stored: the record without its object URL, which lives only as long as the page. */
function stored(r) {
  const { url, ...rest } = r;
  return { ...rest, key: `${r.taskId}/${r.name}` };
}

/** Loads the saved history (newest first) once; the gallery refreshes when it is in. */
export const restored = (async () => {
  db = await open();
  const saved = (await tx('readonly', (s) => s.getAll())) ?? [];
  saved.sort((a, b) => b.at - a.at);
  for (const r of saved) {
    if (results.some((x) => x.key === r.key)) continue;
    results.push({ ...r, url: URL.createObjectURL(r.blob) });
  }
  results.sort((a, b) => b.at - a.at);
  document.dispatchEvent(new CustomEvent('atelier:results'));
})();

/**
 * Adds {blob, url, dstId, name, width, height, ext, feature, title, formats, settings, inputs, metadata, taskId};
 * the oldest is forgotten beyond LIMIT, here and in storage.
 */
export function remember(result) {
  const r = { ...result, at: new Date() };
  r.key = stored(r).key;
  results.unshift(r);
  tx('readwrite', (s) => s.put(stored(r)));
  while (results.length > LIMIT) {
    const old = results.pop();
    URL.revokeObjectURL(old.url);
    tx('readwrite', (s) => s.delete(old.key));
  }
  document.dispatchEvent(new CustomEvent('atelier:results'));
}

export function recentResults() {
  return [...results];
}

/** Forgets every result, here and in storage. */
export function forgetAll() {
  for (const r of results) URL.revokeObjectURL(r.url);
  results.length = 0;
  tx('readwrite', (s) => s.clear());
  document.dispatchEvent(new CustomEvent('atelier:results'));
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

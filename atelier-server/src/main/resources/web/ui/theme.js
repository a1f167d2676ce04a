// Light and dark: the system's choice unless the person picks one, which this browser remembers. The choice is an
// attribute on <html> the stylesheet reads; nothing else changes.

const STORAGE = 'atelier.theme';

function saved() {
  try {
    return localStorage.getItem(STORAGE);
  } catch {
    return null;
  }
}

/** The theme in effect now: 'light' or 'dark'. */
export function currentTheme() {
  const t = document.documentElement.dataset.theme;
  if (t === 'light' || t === 'dark') return t;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies the remembered choice (call once, early). */
export function applySavedTheme() {
  const t = saved();
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
}

/** Switches to the other theme and remembers it. */
export function toggleTheme() {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try {
    localStorage.setItem(STORAGE, next);
  } catch {
    // storage refused: the choice lasts this page only
  }
  document.dispatchEvent(new CustomEvent('atelier:theme'));
  return next;
}

// The studio's keyboard shortcuts. Keys typed into a field, or into the mask canvas (which has its own: arrows,
// Space, Enter, E, [ ], Ctrl+Z), are left alone.

import { h } from './dom.js';
import { toggleTheme } from './theme.js';

/** [key, what it does, action name] — the help dialog lists the same table the handler reads. */
const KEYS = [
  ['O', 'Open a picture', 'open'],
  ['Ctrl+Enter', 'Run the effect', 'run'],
  ['J / K', 'Next / previous effect', 'next'],
  ['C', 'Compare: whole input, or the split', 'compare'],
  ['U', 'Use the result as the input', 'use'],
  ['Esc', 'Back to the input', 'back'],
  ['B / E', 'Brush / eraser', 'brush'],
  ['[ / ]', 'Smaller / larger brush', 'size'],
  ['Ctrl+Z', 'Undo the last stroke', 'undo'],
  ['T', 'Light or dark theme', 'theme'],
  ['?', 'This list', 'help'],
];

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable
    || ['INPUT', 'TEXTAREA', 'SELECT', 'CANVAS'].includes(target.tagName));
}

/** Listens while `page` is on screen; `actions` maps the names above to functions. */
export function bindShortcuts(page, actions) {
  const onKey = (e) => {
    if (!page.isConnected) {
      document.removeEventListener('keydown', onKey);
      return;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      actions.run();
      return;
    }
    if (typing(e.target) || e.altKey || document.querySelector('dialog[open]')) return;
    const ctrl = e.ctrlKey || e.metaKey;
    let done = true;
    if (ctrl && (e.key === 'z' || e.key === 'Z')) actions.undo();
    else if (ctrl) done = false;
    else if (e.key === 'o') actions.open();
    else if (e.key === 'j') actions.next(1);
    else if (e.key === 'k') actions.next(-1);
    else if (e.key === 'c') actions.compare();
    else if (e.key === 'u') actions.use();
    else if (e.key === 'Escape') actions.back();
    else if (e.key === 'b') actions.brush();
    else if (e.key === 'e') actions.eraser();
    else if (e.key === '[') actions.smaller();
    else if (e.key === ']') actions.larger();
    else if (e.key === 't') toggleTheme();
    else if (e.key === '?') actions.help();
    else done = false;
    if (done) e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
}

/** The dialog that lists the shortcuts. */
export function shortcutsHelp() {
  const dialog = h('dialog', { class: 'shortcuts', 'aria-label': 'Keyboard shortcuts', dataset: { role: 'shortcuts-help' } },
    h('h2', {}, 'Keyboard shortcuts'),
    h('dl', { class: 'settings' }, KEYS.map(([k, what]) => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, what)])),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: () => dialog.close() }, 'Close')));
  return dialog;
}

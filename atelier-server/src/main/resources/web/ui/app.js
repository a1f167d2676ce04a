// The playground's entry: reads the feature listing once, then shows the page the address fragment names
// (#/ the studio, #/list, #/effect/<feature>, #/gallery, #/mask, #/engines, #/key). Features come from the server, so a feature added there
// appears here with no change to this page.

import { h, replace } from './dom.js';
import { features } from './api.js';
import { takeKeyFromFragment, getKey, setKey, hint } from './key.js';
import { effectPage } from './effect.js';
import { homePage, enginesPage, keyPage, maskPage, galleryPage, runnable } from './pages.js';
import { showError } from './error-view.js';
import { studioPage } from './studio.js';
import { applySavedTheme, toggleTheme, currentTheme } from './theme.js';

const main = document.getElementById('main');
let catalog = null;

function keyLink() {
  const link = document.getElementById('key-link');
  const k = getKey();
  link.textContent = k ? `API key (${hint(k)})` : 'API key (none)';
}

function render(page) {
  replace(main, page);
  main.classList.toggle('wide', page.classList.contains('studio'));
  document.title = `${page.querySelector('h1')?.textContent ?? 'Atelier'} · Atelier playground`;
  for (const a of document.querySelectorAll('header nav a')) {
    const current = (location.hash || '#/') === a.getAttribute('href')
      || (a.getAttribute('href') === '#/list' && location.hash.startsWith('#/effect/'));
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** A link carried a key while another is saved: ask, never switch silently. */
function offerKey(key) {
  const banner = h('div', { class: 'warning', role: 'alertdialog', 'aria-label': 'Use the key from the link?' },
    h('p', {}, `The link you opened carries an API key (${hint(key)}) different from the one saved here (${hint(getKey())}). `
      + 'Work done with a key belongs to that key\'s owner.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => { setKey(key); banner.remove(); } }, 'Use the key from the link'),
      h('button', { type: 'button', class: 'primary', onclick: () => banner.remove() }, 'Keep my key')));
  main.before(banner);
  banner.querySelector('button.primary').focus();
}

function route({ focus }) {
  const offered = takeKeyFromFragment();
  const hash = location.hash || '#/';
  const [, page = '', arg] = hash.slice(1).split('/');
  if (page === 'key') {
    render(keyPage());
  } else if (!catalog) {
    // still loading: start() shows the page once the listing is in
  } else if (page === 'effect') {
    const f = catalog.features.find((x) => x.feature === decodeURIComponent(arg ?? '') && runnable(x));
    render(f ? effectPage(f, catalog) : h('section', {}, h('h1', {}, 'No such feature'),
      h('p', {}, `This server has no feature "${arg}". `, h('a', { href: '#/list' }, 'See the list.'))));
  } else if (page === 'gallery') {
    render(galleryPage(catalog));
  } else if (page === 'engines') {
    render(enginesPage(catalog));
  } else if (page === 'mask') {
    render(maskPage(catalog));
  } else if (page === 'list') {
    render(homePage(catalog));
  } else {
    render(studioPage(catalog));
  }
  if (offered) offerKey(offered); // takes the focus: the question comes first
  else if (focus) main.focus();
}

function themeButton() {
  const b = document.getElementById('theme-toggle');
  const label = () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    b.textContent = `${next[0].toUpperCase()}${next.slice(1)} theme`;
    b.setAttribute('aria-label', `Switch to the ${next} theme (T)`);
  };
  b.addEventListener('click', () => toggleTheme());
  document.addEventListener('atelier:theme', label);
  label();
}

async function start() {
  applySavedTheme();
  themeButton();
  keyLink();
  document.addEventListener('atelier:key', keyLink);
  const offered = takeKeyFromFragment();
  if (offered) offerKey(offered);
  window.addEventListener('hashchange', () => route({ focus: true }));
  try {
    catalog = await features();
  } catch (e) {
    const box = h('div', { class: 'error', role: 'alert' });
    replace(main, h('h1', {}, 'The feature list could not be loaded'), box);
    showError(box, e);
    return;
  }
  document.body.dataset.ready = 'true';
  route({ focus: false });
}

start();

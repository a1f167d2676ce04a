// The playground's entry: reads the feature listing once, then shows the page the address fragment names
// (#/, #/effect/<feature>, #/mask, #/engines, #/key). Features come from the server, so a feature added there
// appears here with no change to this page.

import { h, replace } from './dom.js';
import { features } from './api.js';
import { adoptKeyFromFragment, getKey, hint } from './key.js';
import { effectPage } from './effect.js';
import { homePage, enginesPage, keyPage, maskPage } from './pages.js';
import { showError } from './error-view.js';

const main = document.getElementById('main');
let catalog = null;

function keyLink() {
  const link = document.getElementById('key-link');
  const k = getKey();
  link.textContent = k ? `API key (${hint(k)})` : 'API key (none)';
}

function render(page) {
  replace(main, page);
  document.title = `${page.querySelector('h1')?.textContent ?? 'Atelier'} · Atelier playground`;
  for (const a of document.querySelectorAll('header nav a')) {
    const current = location.hash === a.getAttribute('href') || (a.getAttribute('href') === '#/' && location.hash.startsWith('#/effect/'));
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function route({ focus }) {
  if (adoptKeyFromFragment()) keyLink();
  const hash = location.hash || '#/';
  const [, page = '', arg] = hash.slice(1).split('/');
  if (page === 'key') {
    render(keyPage());
  } else if (!catalog) {
    return;
  } else if (page === 'effect') {
    const f = catalog.features.find((x) => x.feature === decodeURIComponent(arg ?? ''));
    render(f ? effectPage(f, catalog) : h('section', {}, h('h1', {}, 'No such feature'),
      h('p', {}, `This server has no feature "${arg}". `, h('a', { href: '#/' }, 'See the list.'))));
  } else if (page === 'engines') {
    render(enginesPage(catalog));
  } else if (page === 'mask') {
    render(maskPage(catalog));
  } else {
    render(homePage(catalog));
  }
  if (focus) main.focus();
}

async function start() {
  adoptKeyFromFragment();
  keyLink();
  document.addEventListener('atelier:key', keyLink);
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

// The pages other than an effect's: the effect list, the mask maker, the engines and the API key.

import { h, replace, uid, announce, formatBytes, featureTitle } from './dom.js';
import { getKey, setKey, hint } from './key.js';
import { imageInput } from './image-input.js';
import { MaskBrush } from './mask-brush.js';
import { showError, clearError } from './error-view.js';
import { pictureFromFile, pictureFromResult } from './picture.js';
import { credit } from './api.js';
import { galleryView } from './gallery.js';

/** Whether the playground can run a feature: it has a YouCam-style run path (others are other APIs). */
export function runnable(feature) {
  return feature.paths.some((p) => p.startsWith('/s2s/'));
}

function availabilityBadge(a) {
  return a.available
    ? h('span', { class: 'badge ok' }, 'available')
    : h('span', { class: 'badge missing' }, 'not installed');
}

/** Features served by other APIs of this server (no YouCam run path), listed for completeness. */
function otherApis(catalog) {
  const others = catalog.features.filter((f) => !runnable(f));
  if (!others.length) return null;
  return [h('h2', {}, 'Through the OpenAI-compatible API'),
    h('ul', {}, others.map((f) => h('li', {}, f.summary, ' ', availabilityBadge(f.availability),
      f.paths.map((p) => [' ', h('code', {}, p)]))))];
}

/**
 * One feature of the home grid. A feature this server cannot run is greyed, says what it misses, and shows the one
 * command that enables it (from the listing's availability, the same text `./atelier doctor` prints).
 */
function featureCard(f) {
  const ready = f.availability.available;
  return h('li', { class: ready ? 'card' : 'card unavailable', dataset: { role: 'feature-card', feature: f.feature, ready: String(ready) } },
    h('h2', {}, h('a', { href: `#/effect/${encodeURIComponent(f.feature)}` }, featureTitle(f))),
    h('p', {}, f.summary),
    ready ? null : h('div', { class: 'remedy', dataset: { role: 'remedy' } },
      h('p', {}, 'Not ready here: ', f.availability.missing, '.'),
      h('p', {}, 'To enable it: ', h('code', { dataset: { role: 'remedy-command' } }, f.availability.remedy))),
    h('p', { class: 'hint' }, availabilityBadge(f.availability), ` · ${f.unit_cost} unit${Number(f.unit_cost) === 1 ? '' : 's'} · `,
      h('code', {}, f.paths[0] ?? f.feature)));
}

export function homePage(catalog) {
  const noKey = getKey() ? null : h('div', { class: 'warning', role: 'note' },
    'No API key in this browser yet: ', h('a', { href: '#/key' }, 'paste one'),
    ' to run effects (or open the link that ', h('code', {}, './atelier serve'), ' printed).');
  return h('section', { class: 'home' },
    h('h1', {}, 'Effects on this server'),
    noKey,
    // what runs here first; what does not after it, each with the command that enables it
    h('ul', { class: 'cards' }, [...catalog.features.filter(runnable)]
      .sort((a, b) => Number(b.availability.available) - Number(a.availability.available)).map(featureCard)),
    otherApis(catalog),
    h('p', { class: 'hint' }, 'Also here: the ', h('a', { href: '#/mask' }, 'mask maker'),
      ' (paint a mask PNG for features that take one) and the list of ', h('a', { href: '#/engines' }, 'engines'), '.'));
}

export function galleryPage(catalog) {
  const errorBox = h('div', { class: 'error', role: 'alert', hidden: true, dataset: { role: 'error' } });
  return h('section', { class: 'gallery-page' },
    h('h1', {}, 'Results gallery'),
    h('p', {}, 'Every result made in this browser, kept across reloads, with the settings that made it. '
      + 'Download one in any format its feature allows, or use it as the input of another effect.'),
    errorBox,
    galleryView({ catalog, onError: (e) => showError(errorBox, e), heading: 'h2' }));
}

export function enginesPage(catalog) {
  const byFeature = new Map(catalog.features.map((f) => [f.feature, f]));
  const engines = catalog.engines.map((e) => h('li', { class: 'card engine', dataset: { engine: e.id } },
    h('h2', {}, e.id, ' ', availabilityBadge(e.availability)),
    h('p', { class: 'hint' }, `Kind: ${e.kind}`),
    e.availability.available ? null : h('p', {}, 'Missing: ', e.availability.missing, h('br'),
      'To install: ', h('code', {}, e.availability.remedy)),
    h('p', {}, 'Unlocks: ', e.features.map((id, i) => [i ? ', ' : '',
      h('a', { href: `#/effect/${encodeURIComponent(id)}` }, byFeature.has(id) ? featureTitle(byFeature.get(id)) : id)]))));
  const unavailable = catalog.features.filter((f) => !f.availability.available);
  return h('section', { class: 'engines' },
    h('h1', {}, 'Engines and what they unlock'),
    h('p', {}, 'Each feature runs on one or more engines: classical algorithms built in, local models, or upstream '
      + 'providers. A missing engine says what to install.'),
    engines.length ? h('ul', { class: 'cards' }, engines) : h('p', {}, 'This server lists no engines.'),
    unavailable.length ? [h('h2', {}, 'Features not available here'),
      h('ul', {}, unavailable.map((f) => h('li', {}, h('strong', {}, featureTitle(f)), ': ', f.availability.missing,
        ' — ', h('code', {}, f.availability.remedy))))] : h('p', {}, 'Every feature of this server is available.'),
    h('h2', {}, 'Limits'),
    h('ul', {},
      h('li', {}, `Largest upload: ${formatBytes(catalog.limits.max_upload_bytes)}`),
      h('li', {}, `Largest image: ${catalog.limits.max_image_pixels.toLocaleString('en')} pixels`),
      h('li', {}, `Accepted types: ${catalog.limits.content_types.join(', ')}`),
      h('li', {}, `Tasks are dropped when not polled for ${catalog.limits.polling_window / 1000} s`)));
}

export function keyPage() {
  const id = uid('key');
  const input = h('input', {
    id, type: 'password', autocomplete: 'off', spellcheck: false, value: getKey(), 'aria-describedby': `${id}-help`,
    dataset: { role: 'key-input' },
  });
  const show = h('input', { type: 'checkbox', id: `${id}-show`, onchange: () => { input.type = show.checked ? 'text' : 'password'; } });
  const state = h('p', { role: 'status', dataset: { role: 'key-state' } });
  const check = h('div', { dataset: { role: 'key-check' } });
  const checkError = h('div', { class: 'error', role: 'alert', hidden: true, dataset: { role: 'error' } });
  let checking = 0;
  const refresh = async () => {
    const k = getKey();
    state.textContent = k ? `A key is saved in this browser (${hint(k)}).` : 'No key is saved in this browser.';
    clearError(checkError);
    replace(check);
    if (!k) return;
    const mine = ++checking;
    replace(check, h('p', { class: 'hint' }, 'Checking the key with the server…'));
    try {
      const data = await credit();
      if (mine !== checking) return;
      const b = data.balance;
      replace(check, h('p', { class: 'ok-note' }, 'This key works. ', b.metered
        ? `Units available: ${b.available_dec}${b.reserved_dec ? ` (${b.reserved_dec} held by running tasks)` : ''}.`
        : 'It is not metered: tasks are not charged.'));
    } catch (e) {
      if (mine !== checking) return;
      replace(check);
      showError(checkError, e);
    }
  };
  refresh();
  const form = h('form', {
    onsubmit: (e) => {
      e.preventDefault();
      input.value = setKey(input.value);
      refresh();
      announce(state.textContent);
    },
  },
  h('div', { class: 'field' }, h('label', { for: id }, 'API key'), input),
  h('div', { class: 'field inline' }, show, h('label', { for: `${id}-show` }, 'Show the key')),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', dataset: { role: 'key-save' } }, 'Save'),
    h('button', {
      type: 'button',
      onclick: () => {
        input.value = setKey('');
        refresh();
        announce(state.textContent);
      },
    }, 'Forget')));
  return h('section', { class: 'key' },
    h('h1', {}, 'API key'),
    h('p', { id: `${id}-help` }, 'The key is kept in this browser\'s local storage and sent only to this server, as ',
      h('code', {}, 'Authorization: Bearer …'), '. ', h('code', {}, './atelier serve'),
      ' prints a link with a local-only key when it listens on this machine only; or create one with ',
      h('code', {}, './atelier keys create --name me'), '.'),
    form, state, check, checkError);
}

export function maskPage(catalog) {
  const errorBox = h('div', { class: 'error', role: 'alert', hidden: true, dataset: { role: 'error' } });
  const editor = h('div', { class: 'mask-view' });
  const output = h('div', { class: 'mask-output', dataset: { role: 'mask-output' } });
  let brush = null;
  let picture = null;

  const exportButton = h('button', {
    type: 'button', class: 'primary', disabled: true, dataset: { role: 'mask-export' },
    onclick: async () => {
      clearError(errorBox);
      try {
        const blob = await brush.exportPng();
        const url = URL.createObjectURL(blob);
        const name = `${picture.name.replace(/\.[^.]+$/, '')}-mask.png`;
        replace(output,
          h('img', { src: url, alt: 'The exported mask', class: 'mask-preview' }),
          h('p', { dataset: { role: 'mask-info' } },
            `Mask: ${brush.width} × ${brush.height} px, ${(brush.coverage() * 100).toFixed(1)}% marked, `
            + `${formatBytes(blob.size)} PNG. `,
            h('a', { href: url, download: name, class: 'button', dataset: { role: 'mask-download' } }, 'Download mask PNG')));
        announce('Mask exported');
      } catch (e) {
        showError(errorBox, e);
      }
    },
  }, 'Export mask PNG');

  const use = (p) => {
    clearError(errorBox);
    picture = p;
    replace(output);
    if (!p.readable) {
      showError(errorBox, { code: 'error_decode_image', message: `${p.name} cannot be displayed by this browser.` });
      return;
    }
    brush = new MaskBrush({ imageUrl: p.url, width: p.width, height: p.height });
    brush.onChange(() => { exportButton.disabled = brush.ops.length === 0; });
    replace(editor, h('p', { class: 'hint' }, `${p.name} — ${p.width} × ${p.height} px`), brush.element);
  };

  return h('section', { class: 'mask-maker' },
    h('h1', {}, 'Mask maker'),
    h('p', {}, 'Paint over a photo to make the mask that object removal and AI replace take as ',
      h('code', {}, 'msk_file_id'), ': a PNG of the photo\'s size, white where the effect acts, black elsewhere. '
      + 'Effects that take a mask show this same brush on their own page.'),
    imageInput({
      label: 'Photo to paint on', limits: catalog.limits,
      onPick: async (f) => use(await pictureFromFile(f)),
      onResult: (r) => use(pictureFromResult(r)),
      onReject: (code, message) => showError(errorBox, { code, message }),
    }),
    errorBox, editor, h('div', { class: 'actions' }, exportButton), output);
}

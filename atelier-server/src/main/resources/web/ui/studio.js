// The studio, the playground's home: the picture fills the canvas; effects are picked from a grid of previews; the
// picked effect's settings sit beside the canvas; a mask is painted on the picture itself; a result is compared
// with its input by a slider; every result goes to the history strip (kept across reloads) and can become the next
// input. Generators get a prompt box and a grid of results on the canvas instead. Everything goes through the same
// public API as any client; the full form of each effect stays at #/effect/<feature>.

import { h, replace, announce, formatBytes, featureTitle } from './dom.js';
import { getKey } from './key.js';
import { imageInput } from './image-input.js';
import { MaskBrush } from './mask-brush.js';
import { compareView } from './compare.js';
import { progressView } from './progress-view.js';
import { showError, clearError } from './error-view.js';
import { pictureFromFile, pictureFromResult, ensureUploaded } from './picture.js';
import { pictureList } from './picture-list.js';
import { parameterField } from './effect.js';
import { downloadButtons } from './downloads.js';
import { effectGrid } from './effect-grid.js';
import { historyStrip } from './history-strip.js';
import { runFeature, runPath } from './studio-run.js';
import { bindShortcuts, shortcutsHelp } from './shortcuts.js';
import { runnable } from './pages.js';

const LAST = 'atelier.studio.feature';

function units(n) {
  return `${n} unit${Number(n) === 1 ? '' : 's'}`;
}

function isGenerator(f) {
  return f.input.sources.max === 0;
}

export function studioPage(catalog) {
  const features = catalog.features.filter(runnable);
  const s = { picture: null, feature: null, brush: null, refs: null, fields: [], results: null, shown: null, busy: false, controller: null };

  const errorBox = h('div', { class: 'error', role: 'alert', hidden: true, dataset: { role: 'error' } });
  const fail = (e) => showError(errorBox, e);
  const progress = progressView();
  const stage = h('div', { class: 'studio-stage', dataset: { role: 'stage' } });
  const info = h('p', { class: 'hint studio-info', dataset: { role: 'canvas-info' } });
  const resultBar = h('div', { class: 'actions result-actions', hidden: true });
  const panel = h('div', { class: 'studio-panel-body' });
  const runButton = h('button', { type: 'submit', class: 'primary', dataset: { role: 'run' } }, 'Run');
  const stopButton = h('button', { type: 'button', hidden: true, onclick: () => s.controller?.abort() }, 'Stop watching');
  const formatSelect = h('select', { name: 'output_ext', 'aria-label': 'Output format' });

  const pickerHolder = h('div', { hidden: true });
  const picker = imageInput({
    label: 'Open a picture', limits: catalog.limits,
    onPick: async (file) => setPicture(await pictureFromFile(file)),
    onResult: null,
    onReject: (code, message) => fail({ code, message }),
  });

  async function trySample() {
    try {
      const r = await fetch('/ui/sample.jpg');
      if (!r.ok) throw new Error(`the sample answered HTTP ${r.status}`);
      await setPicture(await pictureFromFile({ blob: await r.blob(), name: 'sample.jpg', type: 'image/jpeg' }));
    } catch (e) {
      fail(e);
    }
  }

  // ---- the canvas

  /** As large as the canvas area allows, keeping the picture's shape; `reserve` is the height of tools around it. */
  function fitTo(el, width, height, reserve = '1rem') {
    el.style.aspectRatio = `${width} / ${height}`;
    el.style.width = `min(100%, calc((var(--stage-height) - ${reserve}) * ${width / height}))`;
  }

  function renderStage() {
    const f = s.feature;
    resultBar.hidden = true;
    if (s.picture || (f && isGenerator(f))) pickerHolder.append(picker);
    if (f && isGenerator(f)) {
      renderGenerator();
      return;
    }
    if (s.shown) {
      renderResult();
      return;
    }
    if (!s.picture) {
      replace(stage, h('div', { class: 'studio-empty' },
        picker,
        h('p', {}, 'or ', h('button', { type: 'button', onclick: trySample, dataset: { role: 'use-sample' } }, 'try the sample photo'),
          ' (a public-domain NASA portrait).')));
      info.textContent = '';
      return;
    }
    const p = s.picture;
    // the picker stays in the page (hidden): Open… and a paste still reach it while a picture is on the canvas
    pickerHolder.append(picker);
    pictureInfo();
    if (!p.readable) {
      replace(stage, h('div', { class: 'unreadable' }, 'This browser cannot display this file. The server will say whether it can read it.'));
      return;
    }
    if (f && f.input.masks.max > 0) {
      if (!s.brush || s.brush.forPicture !== p) {
        s.brush = new MaskBrush({ imageUrl: p.url, width: p.width, height: p.height, label: 'Mask' });
        s.brush.forPicture = p;
      }
      fitTo(s.brush.element.querySelector('.mask-stage'), p.width, p.height, '4.5rem');
      replace(stage, s.brush.element);
      return;
    }
    const img = h('img', { src: p.url, alt: `Input: ${p.name}`, class: 'studio-image', dataset: { role: 'canvas-image' } });
    replace(stage, img);
    fitTo(img, p.width, p.height);
  }

  function pictureInfo() {
    const p = s.picture;
    info.textContent = `${p.name} — ${p.readable ? `${p.width} × ${p.height} px, ` : ''}${formatBytes(p.blob.size)}`
      + (p.fromResult ? ` (a result, file id ${p.fileId})` : (p.fileId ? ` · uploaded (file id ${p.fileId})` : ' · uploading…'));
  }

  function renderResult() {
    const { item, items } = s.shown;
    const before = item.before;
    const view = before?.readable
      ? compareView({ beforeUrl: before.url, afterUrl: item.url, width: item.width, height: item.height })
      : h('figure', { class: 'preview' }, h('img', { src: item.url, alt: 'Result', dataset: { role: 'after' } }));
    const st = view.querySelector('.compare-stage');
    if (st) {
      // the slider under the picture is as wide as the picture
      fitTo(view, item.width, item.height, '5rem');
      view.style.aspectRatio = '';
      st.style.aspectRatio = `${item.width} / ${item.height}`;
    }
    replace(stage, view, items.length > 1 ? h('div', { class: 'variants', role: 'group', 'aria-label': 'Variants' },
      items.map((it, i) => h('button', {
        type: 'button', class: 'thumb-button', 'aria-label': `Show variant ${i + 1}`,
        onclick: () => { s.shown = { item: it, items }; renderStage(); },
      }, h('img', { src: it.url, alt: '' })))) : null);
    info.textContent = `Result: ${item.width} × ${item.height} px · ${formatBytes(item.blob.size)} · ${item.ext.toUpperCase()}`
      + ` · file id ${item.dstId}`;
    replace(resultBar,
      h('button', { type: 'button', class: 'primary', dataset: { role: 'use-as-input' }, onclick: () => useAsInput(item) }, 'Use as input'),
      before ? h('button', { type: 'button', dataset: { role: 'back-to-edit' }, onclick: backToEdit }, 'Back to the input') : null,
      h('span', { class: 'downloads' }, downloadButtons(item, item.formats ?? [item.ext], fail)));
    resultBar.hidden = false;
  }

  function renderGenerator() {
    const promptField = s.fields.find((x) => x.name === 'prompt');
    const grid = h('ul', { class: 'result-grid', dataset: { role: 'result-grid' } },
      (s.results ?? []).map((it, i) => h('li', {},
        h('img', { src: it.url, alt: `Result ${i + 1}` }),
        h('div', { class: 'actions' },
          h('button', { type: 'button', dataset: { role: 'use-as-input' }, onclick: () => useAsInput(it) }, 'Use as input'),
          downloadButtons(it, [it.ext], fail)))));
    replace(stage, h('div', { class: 'studio-generate' },
      promptField ? h('div', { class: 'prompt-box' }, promptField.element) : null,
      s.results?.length ? grid : h('p', { class: 'hint' }, 'Write what to make, then Run (Ctrl+Enter). The results appear here.')));
    info.textContent = '';
  }

  function backToEdit() {
    s.shown = null;
    renderStage();
  }

  async function setPicture(p) {
    clearError(errorBox);
    s.picture = p;
    s.shown = null;
    s.brush = null;
    if (s.feature && isGenerator(s.feature)) pick(features.find((f) => !isGenerator(f) && f.availability.available) ?? s.feature);
    renderStage();
    announce(`${p.name} is on the canvas`);
    if (!p.fileId) {
      try {
        await ensureUploaded(p);
        if (s.picture === p && !s.shown) pictureInfo();
      } catch (e) {
        if (s.picture === p) fail(e);
      }
    }
  }

  function useAsInput(result) {
    setPicture(pictureFromResult(result));
    announce('The result is now the input');
  }

  function showResult(r) {
    s.shown = { item: r, items: [r] };
    if (s.feature && isGenerator(s.feature)) pick(features.find((f) => !isGenerator(f) && f.availability.available) ?? s.feature);
    renderStage();
  }

  // ---- the settings panel

  function pick(f) {
    clearError(errorBox);
    s.feature = f;
    grid.select(f);
    try {
      localStorage.setItem(LAST, f.feature);
    } catch { /* private mode */ }
    const path = runPath(f);
    const ready = f.availability.available;
    s.fields = f.parameters.map((p) => parameterField(p, path));
    s.refs = f.input.refs.max > 0 ? pictureList({
      what: 'Reference image', max: f.input.refs.max, limits: catalog.limits, onError: fail, role: 'refs',
    }) : null;
    s.results = null;
    replace(formatSelect, f.output_formats.map((x) => h('option', { value: x, selected: x === f.default_output_format }, x.toUpperCase())));
    runButton.disabled = !ready || f.input.media === 'video';
    runButton.textContent = isGenerator(f) ? 'Generate' : 'Run';
    const sideFields = s.fields.filter((x) => !(isGenerator(f) && x.name === 'prompt'));
    replace(panel,
      h('h2', { dataset: { role: 'panel-title' } }, featureTitle(f)),
      h('p', { class: 'hint' }, f.summary),
      h('p', { class: 'hint' }, `${units(f.unit_cost)} · ${path}`),
      ready ? null : h('div', { class: 'remedy', dataset: { role: 'remedy' } },
        h('p', {}, h('strong', {}, 'Not ready here: '), f.availability.missing, '.'),
        h('p', {}, 'To enable it:'),
        h('pre', {}, h('code', { dataset: { role: 'remedy-command' } }, f.availability.remedy)),
        h('p', { class: 'hint' }, 'then reload this page. ', h('a', { href: '#/engines' }, 'All engines'))),
      f.input.media === 'video' ? h('p', {}, 'Video effects have their own page: ',
        h('a', { href: `#/effect/${encodeURIComponent(f.feature)}` }, `open ${featureTitle(f)}`), '.') : null,
      f.input.masks.max > 0 ? h('p', { class: 'hint' }, f.input.masks.min > 0 ? 'Paint over the part to change, on the picture.'
        : 'Optionally paint a mask on the picture.') : null,
      s.refs ? [h('h3', {}, f.input.refs.max > 1 ? `Reference pictures (up to ${f.input.refs.max})` : 'Reference picture'), s.refs.element] : null,
      sideFields.map((x) => x.element),
      h('div', { class: 'field' }, h('label', {}, 'Output format ', formatSelect)),
      h('p', { class: 'hint' }, h('a', { href: `#/effect/${encodeURIComponent(f.feature)}` }, 'The full form of this effect')));
    if (s.brush && f.input.masks.max === 0) s.brush = null;
    if (!isGenerator(f)) s.shown = null;
    renderStage();
  }

  async function onRun(e) {
    e?.preventDefault();
    if (s.busy || runButton.disabled || !s.feature) return;
    clearError(errorBox);
    s.busy = true;
    runButton.disabled = true;
    progress.start();
    s.controller = new AbortController();
    stopButton.hidden = false;
    const f = s.feature;
    const before = s.picture;
    try {
      const items = await runFeature(f, {
        picture: isGenerator(f) ? null : before, brush: f.input.masks.max > 0 ? s.brush : null, refs: s.refs,
        fields: s.fields, format: formatSelect.value,
      }, { progress, interval: catalog.limits.polling_interval, signal: s.controller.signal });
      if (isGenerator(f)) {
        s.results = items;
      } else {
        for (const it of items) it.before = before;
        s.shown = { item: items[0], items };
      }
      renderStage();
      announce('Result ready');
    } catch (err) {
      if (err.name === 'AbortError') progress.stopped();
      else {
        progress.failed();
        fail(err);
      }
    } finally {
      s.busy = false;
      stopButton.hidden = true;
      runButton.disabled = !s.feature.availability.available || s.feature.input.media === 'video';
    }
  }

  const grid = effectGrid({ features, onPick: pick });
  const form = h('form', { class: 'studio-panel', 'aria-label': 'Settings', onsubmit: onRun, dataset: { role: 'panel' } },
    getKey() ? null : h('div', { class: 'warning', role: 'note' }, 'No API key in this browser yet: ',
      h('a', { href: '#/key' }, 'paste one'), ' to run effects (or open the link ', h('code', {}, './atelier serve'), ' printed).'),
    panel, h('div', { class: 'actions' }, runButton, stopButton), progress.element, errorBox);

  const toolbar = h('div', { class: 'studio-toolbar actions' },
    h('button', { type: 'button', dataset: { role: 'open' }, onclick: () => picker.querySelector('input[type=file]').click() }, 'Open…'),
    h('button', { type: 'button', onclick: trySample }, 'Sample photo'),
    h('button', { type: 'button', dataset: { role: 'shortcuts' }, onclick: () => help.showModal() }, 'Shortcuts (?)'),
    info, pickerHolder);
  const help = shortcutsHelp();

  const page = h('section', { class: 'studio', dataset: { role: 'studio' } },
    h('h1', { class: 'visually-hidden' }, 'Studio'),
    h('div', { class: 'studio-effects' }, h('h2', { class: 'studio-heading' }, 'Effects'), grid.element),
    h('div', { class: 'studio-canvas' }, toolbar, stage, resultBar),
    form,
    h('div', { class: 'studio-history' }, historyStrip({ onShow: showResult, onUse: useAsInput })),
    help);

  // drop anywhere on the canvas area, not only on the empty state's zone
  const canvasArea = page.querySelector('.studio-canvas');
  canvasArea.addEventListener('dragover', (e) => e.preventDefault());
  canvasArea.addEventListener('drop', (e) => {
    if (e.defaultPrevented) return;
    e.preventDefault();
    const file = [...(e.dataTransfer?.files ?? [])][0];
    if (file) {
      const input = picker.querySelector('input[type=file]');
      const dt = new DataTransfer();
      dt.items.add(file);
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
    }
  });

  bindShortcuts(page, {
    open: () => picker.querySelector('input[type=file]').click(),
    run: () => onRun(),
    compare: () => {
      const slider = stage.querySelector('.compare-slider');
      if (!slider) return;
      slider.value = Number(slider.value) > 0 ? 0 : 50;
      slider.dispatchEvent(new Event('input'));
    },
    use: () => s.shown && useAsInput(s.shown.item),
    back: () => s.shown && backToEdit(),
    brush: () => s.brush?.setMode('paint'),
    eraser: () => s.brush?.setMode('erase'),
    smaller: () => s.brush?.setSize(s.brush.size * 0.8),
    larger: () => s.brush?.setSize(s.brush.size * 1.25 + 1),
    undo: () => s.brush?.undo(),
    help: () => help.showModal(),
    next: (d) => {
      const ready = features.filter((f) => f.availability.available);
      const i = ready.indexOf(s.feature);
      if (ready.length) pick(ready[(i + d + ready.length) % ready.length]);
    },
  });

  let last = null;
  try {
    last = localStorage.getItem(LAST);
  } catch { /* private mode */ }
  const first = features.find((f) => f.feature === last)
    ?? features.find((f) => f.availability.available && !isGenerator(f)) ?? features[0];
  if (first) pick(first);
  else renderStage();
  return page;
}

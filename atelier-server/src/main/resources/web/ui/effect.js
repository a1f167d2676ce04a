// One effect's page, built from its row in the feature listing: inputs (source, references, mask), parameters,
// output format, run, live progress, before/after, downloads in each allowed format, and "use as input".

import { h, replace, uid, announce, formatBytes, featureTitle } from './dom.js';
import { run as runTask, download, upload } from './api.js';
import { imageInput } from './image-input.js';
import { MaskBrush } from './mask-brush.js';
import { compareView } from './compare.js';
import { watchTask, describe } from './progress.js';
import { showError, clearError } from './error-view.js';
import {
  pictureFromFile, pictureFromResult, ensureUploaded, extensionOf, convert, saveBlob,
} from './picture.js';
import { remember } from './results.js';

function units(n) {
  return `${n} unit${Number(n) === 1 ? '' : 's'}`;
}

/** A form control for one parameter spec; `read()` returns its value or undefined when left empty. */
function parameterField(p) {
  const id = uid(`param-${p.name}`);
  const helpId = `${id}-help`;
  const label = h('label', { for: id }, p.name, p.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
  const help = h('p', { id: helpId, class: 'hint' }, p.description ?? '');
  let control;
  let read;
  if (p.enum && p.enum.length) {
    control = h('select', { id, name: p.name, 'aria-describedby': helpId, required: p.required },
      p.required && p.default === undefined ? null : h('option', { value: '' }, p.required ? '' : '(default)'),
      p.enum.map((v) => h('option', { value: String(v), selected: v === p.default }, String(v))));
    if (p.required && p.default === undefined) control.value = String(p.enum[0]);
    read = () => {
      if (control.value === '') return undefined;
      return p.type === 'integer' || p.type === 'number' ? Number(control.value) : control.value;
    };
  } else if (p.type === 'boolean') {
    control = h('input', { type: 'checkbox', id, name: p.name, checked: !!p.default, 'aria-describedby': helpId });
    read = () => control.checked;
  } else if (p.type === 'integer' || p.type === 'number') {
    control = h('input', {
      type: 'number', id, name: p.name, min: p.minimum, max: p.maximum, step: p.type === 'integer' ? 1 : 'any',
      value: p.default ?? '', required: p.required, 'aria-describedby': helpId,
    });
    read = () => (control.value === '' ? undefined : Number(control.value));
  } else {
    const counterId = `${id}-count`;
    const long = (p.max_length ?? 0) > 80;
    control = h(long ? 'textarea' : 'input', {
      id, name: p.name, maxLength: p.max_length ?? undefined, required: p.required, rows: long ? 3 : undefined,
      'aria-describedby': `${helpId} ${counterId}`,
    });
    const counter = h('span', { id: counterId, class: 'hint counter' });
    const count = () => {
      counter.textContent = p.max_length ? `${[...control.value].length} / ${p.max_length} characters` : '';
    };
    control.addEventListener('input', count);
    count();
    read = () => (control.value === '' ? undefined : control.value);
    return { element: h('div', { class: 'field' }, label, control, counter, help), read, name: p.name };
  }
  return { element: h('div', { class: 'field' }, label, control, help), read, name: p.name };
}

export function effectPage(feature, catalog) {
  const limits = catalog.limits;
  const path = feature.paths.find((p) => p.startsWith('/s2s/v2.0/')) ?? feature.paths[0];
  const title = featureTitle(feature);
  const available = feature.availability.available;

  let source = null;
  const refs = [];
  let brush = null;
  let busy = false;
  let controller = null;

  const errorBox = h('div', { class: 'error', role: 'alert', hidden: true, dataset: { role: 'error' } });
  const sourceView = h('div', { class: 'source-view', dataset: { role: 'source' } });
  const maskView = h('div', { class: 'mask-view' });
  const refsView = h('div', { class: 'refs-view' });
  const progressBar = h('progress', { max: 100, value: 0, 'aria-label': 'Task progress' });
  const progressText = h('span', { dataset: { role: 'progress-text' } }, '');
  const progressBox = h('div', { class: 'progress', role: 'status', hidden: true }, progressBar, ' ', progressText);
  const resultView = h('section', { class: 'result', 'aria-label': 'Result', hidden: true, dataset: { role: 'result' } });

  const fields = feature.parameters.map(parameterField);
  const formatId = uid('format');
  const formatSelect = h('select', { id: formatId, name: 'output_ext' },
    feature.output_formats.map((f) => h('option', { value: f, selected: f === feature.default_output_format }, f.toUpperCase())));
  const runButton = h('button', { type: 'submit', class: 'primary', disabled: !available, dataset: { role: 'run' } }, 'Run');
  const stopButton = h('button', { type: 'button', hidden: true, onclick: () => controller?.abort() }, 'Stop watching');

  function fail(error) {
    showError(errorBox, error);
  }

  async function setSource(picture) {
    clearError(errorBox);
    source = picture;
    replace(sourceView,
      h('figure', { class: 'preview' },
        picture.readable ? h('img', { src: picture.url, alt: `Input: ${picture.name}` })
          : h('div', { class: 'unreadable' }, 'This browser cannot display this file. The server will say whether it can read it.'),
        h('figcaption', { dataset: { role: 'source-info' } },
          `${picture.name} — `,
          picture.readable ? `${picture.width} × ${picture.height} px, ` : '',
          formatBytes(picture.blob.size),
          picture.fromResult ? ` (a result, file id ${picture.fileId})` : '')));
    if (feature.input.masks.max > 0) {
      replace(maskView);
      brush = null;
      if (picture.readable) {
        brush = new MaskBrush({ imageUrl: picture.url, width: picture.width, height: picture.height, label: 'Mask' });
        replace(maskView, h('h3', {}, 'Mask: paint what to change'), brush.element);
      }
    }
    if (!picture.fileId) {
      const status = h('span', { class: 'hint', dataset: { role: 'upload-status' } }, 'Uploading…');
      sourceView.querySelector('figcaption').append(' · ', status);
      try {
        await ensureUploaded(picture);
        status.textContent = `Uploaded (file id ${picture.fileId})`;
        announce('Image uploaded');
      } catch (e) {
        status.textContent = 'Upload failed';
        if (source === picture) fail(e);
      }
    }
  }

  function inputFor(label, onPick) {
    return imageInput({
      label, limits,
      onPick: async (file) => onPick(await pictureFromFile(file)),
      onResult: (r) => onPick(pictureFromResult(r)),
      onReject: (code, message) => fail({ code, message }),
    });
  }

  function showProgress(data) {
    progressBox.hidden = false;
    progressBar.value = Math.round((data.progress ?? 0) * 100);
    progressText.textContent = describe(data);
  }

  async function showResult(data, taskId) {
    const outputs = (feature.result_shape === 'output_list' ? data.results?.output : [data.results]) ?? [];
    const items = [];
    for (const [i, o] of outputs.entries()) {
      const blob = await download(o.url);
      const url = URL.createObjectURL(blob);
      const size = await new Promise((resolve) => {
        const img = new Image();
        img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
        img.onerror = () => resolve({ width: 0, height: 0 });
        img.src = url;
      });
      const ext = extensionOf(blob.type);
      const item = {
        blob, url, dstId: o.dst_id, width: size.width, height: size.height, feature: feature.feature,
        name: `${feature.feature}-${taskId.slice(0, 8)}${outputs.length > 1 ? `-${i + 1}` : ''}.${ext}`, ext,
      };
      remember(item);
      items.push(item);
    }
    if (!items.length) {
      fail({ code: 'unknown_internal_error', message: 'The task succeeded but listed no result.' });
      return;
    }
    let chosen = items[0];
    const info = h('p', { class: 'result-info', dataset: { role: 'result-info' } });
    const downloads = h('div', { class: 'downloads', role: 'group', 'aria-label': 'Download' });
    const compare = compareView({
      beforeUrl: source.url, afterUrl: chosen.url, width: chosen.width, height: chosen.height,
    });
    const pick = (item) => {
      chosen = item;
      compare.setAfter(item.url);
      info.textContent = `Result: ${item.width} × ${item.height} px · ${formatBytes(item.blob.size)} · `
        + `${item.ext.toUpperCase()} · file id ${item.dstId}`;
      replace(downloads, feature.output_formats.map((f) => (f === item.ext
        ? h('a', { href: item.url, download: item.name, class: 'button', dataset: { format: f } }, `Download ${f.toUpperCase()}`)
        : h('button', {
          type: 'button', dataset: { format: f },
          onclick: async () => {
            try {
              saveBlob(await convert(item.blob, f), item.name.replace(/\.[^.]+$/, `.${f}`));
            } catch (e) {
              fail(e);
            }
          },
        }, `Download ${f.toUpperCase()} (converted in this browser)`))));
    };
    pick(chosen);
    const chooser = items.length > 1
      ? h('div', { class: 'variants', role: 'group', 'aria-label': 'Variants' }, items.map((it, i) => h('button', {
        type: 'button', class: 'thumb-button', onclick: () => pick(it), 'aria-label': `Show variant ${i + 1}`,
      }, h('img', { src: it.url, alt: '' }))))
      : null;
    const meta = data.metadata && Object.keys(data.metadata).length
      ? h('p', { class: 'hint' }, 'How it was made: ',
        Object.entries(data.metadata).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · '))
      : null;
    const reuse = h('button', {
      type: 'button', dataset: { role: 'use-as-input' },
      onclick: async () => {
        await setSource(pictureFromResult(chosen));
        announce('The result is now the input');
        runButton.focus();
      },
    }, 'Use as input');
    replace(resultView, h('h3', {}, 'Result'), compare, chooser, info, meta, h('div', { class: 'actions' }, downloads, reuse));
    resultView.hidden = false;
  }

  async function onRun(e) {
    e.preventDefault();
    if (busy) return;
    clearError(errorBox);
    if (feature.input.sources.min > 0 && !source) {
      fail({ message: 'Choose an input image first.' });
      return;
    }
    busy = true;
    runButton.disabled = true;
    resultView.hidden = true;
    progressBox.hidden = false;
    progressBar.value = 0;
    progressText.textContent = 'Sending…';
    controller = new AbortController();
    try {
      const body = {};
      if (feature.input.sources.max > 0 && source) {
        const id = await ensureUploaded(source);
        if (feature.input.sources.max > 1) body.src_file_ids = [id];
        else body.src_file_id = id;
      }
      if (refs.length) {
        const ids = [];
        for (const r of refs) ids.push(await ensureUploaded(r));
        if (feature.input.refs.max > 1) body.ref_file_ids = ids;
        else body.ref_file_id = ids[0];
      }
      if (feature.input.masks.max > 0) {
        if (!brush || brush.isEmpty()) {
          throw Object.assign(new Error('Paint the area to change on the mask first.'), { code: null });
        }
        body.msk_file_id = await upload(await brush.exportPng(), 'mask.png', 'image/png');
      }
      for (const f of fields) {
        const v = f.read();
        if (v !== undefined) body[f.name] = v;
      }
      body.output_ext = formatSelect.value;
      const taskId = await runTask(path, body);
      progressText.textContent = 'Queued';
      stopButton.hidden = false;
      const data = await watchTask(path, taskId, {
        onUpdate: showProgress, interval: limits.polling_interval, signal: controller.signal,
      });
      showProgress(data);
      await showResult(data, taskId);
      announce('Result ready');
    } catch (err) {
      if (err.name !== 'AbortError') {
        progressText.textContent = 'Failed';
        fail(err);
      } else {
        progressText.textContent = 'Stopped watching (the task expires if nobody polls it)';
      }
    } finally {
      busy = false;
      stopButton.hidden = true;
      runButton.disabled = !available;
    }
  }

  const header = h('header', { class: 'effect-head' },
    h('h1', {}, title),
    h('p', {}, feature.summary),
    h('p', { class: 'hint' },
      `Cost: ${units(feature.unit_cost)} · inputs up to ${feature.input.max_long_side} px on the long side`
      + ` (at least ${feature.input.min_short_side} px on the short side) · output: `
      + feature.output_formats.map((f) => f.toUpperCase()).join(', ') + ` · ${path}`),
    available ? null : h('div', { class: 'warning', role: 'note' },
      h('strong', {}, 'Not available on this server: '), feature.availability.missing, '. ',
      h('span', {}, 'To install: ', h('code', {}, feature.availability.remedy)), ' ',
      h('a', { href: '#/engines' }, 'See the engines')));

  const inputs = [];
  if (feature.input.sources.max > 0) {
    inputs.push(h('h2', {}, 'Input'), inputFor('Source image', setSource), sourceView);
  }
  if (feature.input.refs.max > 0) {
    const addRef = (picture) => {
      if (refs.length >= feature.input.refs.max) refs.shift();
      refs.push(picture);
      ensureUploaded(picture).catch(fail);
      replace(refsView, refs.map((r) => h('img', { src: r.url, alt: `Reference ${r.name}`, class: 'ref-thumb' })));
    };
    inputs.push(h('h2', {}, `Reference images (up to ${feature.input.refs.max})`), inputFor('Reference image', addRef), refsView);
  }

  const form = h('form', { class: 'params', onsubmit: onRun, 'aria-label': `${title} settings` },
    fields.length ? h('h2', {}, 'Settings') : null,
    fields.map((f) => f.element),
    h('div', { class: 'field' }, h('label', { for: formatId }, 'Output format'), formatSelect),
    h('div', { class: 'actions' }, runButton, stopButton));

  return h('article', { class: 'effect', dataset: { feature: feature.feature } },
    header, inputs, maskView, form, progressBox, errorBox, resultView);
}

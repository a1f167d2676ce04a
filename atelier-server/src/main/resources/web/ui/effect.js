// One effect's page, built from its row in the feature listing: inputs (one source or several, references, mask),
// parameters (template pickers with thumbnails where the feature lists templates), output format, run, live
// progress, before/after, downloads in each allowed format, "use as input", and this feature's results gallery.

import { h, replace, uid, announce, formatBytes, featureTitle } from './dom.js';
import { download, upload } from './api.js';
import { imageInput } from './image-input.js';
import { MaskBrush } from './mask-brush.js';
import { compareView } from './compare.js';
import { runFlow } from './run-flow.js';
import { progressView } from './progress-view.js';
import { showError, clearError } from './error-view.js';
import { pictureFromFile, pictureFromResult, ensureUploaded, extensionOf } from './picture.js';
import { pictureList } from './picture-list.js';
import { templateField, templateListPath } from './template-picker.js';
import { objectListField } from './object-list-field.js';
import { videoPage } from './video-page.js';
import { downloadButtons } from './downloads.js';
import { galleryView } from './gallery.js';
import { remember, takeOfferedInput } from './results.js';
import { addReferences } from './studio-run.js';

function units(n) {
  return `${n} unit${Number(n) === 1 ? '' : 's'}`;
}

/**
 * A form control for one parameter spec; `read()` returns its value or undefined when left empty (and throws an
 * Error for a value the page can already tell is wrong). `runPath` locates a template list for `template_id`.
 */
export function parameterField(p, runPath) {
  if (p.name === 'template_id' && p.type === 'string') return templateField(p, templateListPath(runPath));
  if (p.type === 'array' && p.items?.properties) return objectListField(p);
  if (p.type === 'array' || p.type === 'object') return jsonField(p);
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

/** A structured parameter (e.g. face_mapping: [{index, position}]) typed as JSON, checked before sending. */
function jsonField(p) {
  const id = uid(`param-${p.name}`);
  const helpId = `${id}-help`;
  const control = h('textarea', {
    id, name: p.name, rows: 3, required: p.required, spellcheck: false, 'aria-describedby': helpId,
    placeholder: p.type === 'array' ? '[ … ]' : '{ … }',
  });
  if (p.default !== undefined) control.value = JSON.stringify(p.default);
  const read = () => {
    if (control.value.trim() === '') return undefined;
    let v;
    try {
      v = JSON.parse(control.value);
    } catch (e) {
      throw Object.assign(new Error(`${p.name} is not valid JSON: ${e.message}`), { code: 'InvalidParameters' });
    }
    if (p.type === 'array' ? !Array.isArray(v) : (typeof v !== 'object' || v === null || Array.isArray(v))) {
      throw Object.assign(new Error(`${p.name} must be a JSON ${p.type}.`), { code: 'InvalidParameters' });
    }
    return v;
  };
  return {
    element: h('div', { class: 'field' },
      h('label', { for: id }, p.name, p.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null,
        h('span', { class: 'hint' }, ` (JSON ${p.type})`)),
      control, h('p', { id: helpId, class: 'hint' }, p.description ?? '')),
    read,
    name: p.name,
  };
}

/** "2 sources, 1 reference, a mask" — what went in, for the gallery. */
function inputsText(sources, refs, mask) {
  const parts = [];
  if (sources) parts.push(`${sources} source${sources === 1 ? '' : 's'}`);
  if (refs) parts.push(`${refs} reference${refs === 1 ? '' : 's'}`);
  if (mask) parts.push('a painted mask');
  return parts.join(', ');
}

export function effectPage(feature, catalog) {
  if (feature.input.media === 'video') return videoPage(feature, catalog, parameterField);
  const limits = catalog.limits;
  const path = feature.paths.find((p) => p.startsWith('/s2s/v2.0/')) ?? feature.paths.find((p) => p.startsWith('/s2s/'));
  const title = featureTitle(feature);
  const available = feature.availability.available;
  const manySources = feature.input.sources.max > 1;

  let source = null; // the one source picture, when the feature takes exactly one
  let brush = null;

  const errorBox = h('div', { class: 'error', role: 'alert', hidden: true, dataset: { role: 'error' } });
  const fail = (error) => showError(errorBox, error);
  const sourceView = h('div', { class: 'source-view', dataset: { role: 'source' } });
  const maskView = h('div', { class: 'mask-view' });
  const progress = progressView();
  const resultView = h('section', { class: 'result', 'aria-label': 'Result', hidden: true, dataset: { role: 'result' } });
  const sources = manySources ? pictureList({
    what: 'Source image', max: feature.input.sources.max, limits, onError: fail, role: 'sources',
  }) : null;
  const fields = feature.parameters.map((p) => parameterField(p, path));
  // A list parameter whose elements name a reference by `index` (face_mapping) gets one row per reference.
  const perReference = fields.filter((f) => f.setRows
    && feature.parameters.find((p) => p.name === f.name)?.items?.properties?.index);
  const refs = feature.input.refs.max > 0 ? pictureList({
    what: 'Reference image', max: feature.input.refs.max, limits, onError: fail, role: 'refs',
    onChange: (n) => perReference.forEach((f) => f.setRows(Math.max(n, 1))),
  }) : null;

  const formatId = uid('format');
  const formatSelect = h('select', { id: formatId, name: 'output_ext' },
    feature.output_formats.map((f) => h('option', { value: f, selected: f === feature.default_output_format }, f.toUpperCase())));
  const runButton = h('button', { type: 'submit', class: 'primary', disabled: !available, dataset: { role: 'run' } }, 'Run');
  const stopButton = h('button', { type: 'button', hidden: true, onclick: () => flow.stop() }, 'Stop watching');

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

  /** Takes a result as this page's input: the source, or one more of several sources. */
  function useAsInput(result) {
    const picture = pictureFromResult(result);
    if (sources) sources.add(picture);
    else setSource(picture);
    announce('The result is now an input');
  }

  /** The run body's inputs and settings; `describe` collects what the gallery shows about them. */
  async function requestBody(describe) {
    const body = {};
    const chosen = sources ? sources.pictures() : (source ? [source] : []);
    if (chosen.length < feature.input.sources.min) {
      throw new Error(feature.input.sources.min > 1 ? `Choose at least ${feature.input.sources.min} input images first.`
        : 'Choose an input image first.');
    }
    if (chosen.length) {
      const ids = [];
      for (const p of chosen) ids.push(await ensureUploaded(p));
      if (manySources) body.src_file_ids = ids;
      else body.src_file_id = ids[0];
    }
    const references = await addReferences(feature, refs, body);
    let masked = false;
    if (feature.input.masks.max > 0 && brush && !brush.isEmpty()) {
      body.msk_file_id = await upload(await brush.exportPng(), 'mask.png', 'image/png');
      masked = true;
    } else if (feature.input.masks.min > 0) {
      throw new Error('Paint the area to change on the mask first.');
    }
    for (const f of fields) {
      const v = f.read();
      if (v !== undefined) body[f.name] = v;
    }
    body.output_ext = formatSelect.value;
    describe.inputs = inputsText(chosen.length, references.length, masked);
    describe.settings = Object.fromEntries(Object.entries(body).filter(([k]) => !/^(src|ref|msk)_file_ids?$/.test(k)));
    return body;
  }

  async function showResult(data, taskId, made) {
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
      items.push({
        blob, url, dstId: o.dst_id, width: size.width, height: size.height, feature: feature.feature, title,
        name: `${feature.feature.replace(/\//g, '-')}-${taskId.slice(0, 8)}${outputs.length > 1 ? `-${i + 1}` : ''}.${ext}`,
        ext, formats: feature.output_formats, taskId, inputs: made.inputs, settings: made.settings,
        metadata: data.metadata ?? {},
      });
    }
    if (!items.length) {
      fail({ code: 'unknown_internal_error', message: 'The task succeeded but listed no result.' });
      return;
    }
    for (const item of [...items].reverse()) remember(item);
    let chosen = items[0];
    const info = h('p', { class: 'result-info', dataset: { role: 'result-info' } });
    const downloads = h('div', { class: 'downloads', role: 'group', 'aria-label': 'Download' });
    // Features without a source image (generators) have nothing to compare with: the result alone.
    const compare = source?.readable
      ? compareView({ beforeUrl: source.url, afterUrl: chosen.url, width: chosen.width, height: chosen.height })
      : h('figure', { class: 'preview' }, h('img', { src: chosen.url, alt: 'Result', dataset: { role: 'after' } }));
    compare.setAfter ??= (url) => { compare.querySelector('img').src = url; };
    const pick = (item) => {
      chosen = item;
      compare.setAfter(item.url);
      info.textContent = `Result: ${item.width} × ${item.height} px · ${formatBytes(item.blob.size)} · `
        + `${item.ext.toUpperCase()} · file id ${item.dstId}`;
      replace(downloads, downloadButtons(item, feature.output_formats, fail));
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
    // Generators take no picture: their results go on to another effect from the gallery below.
    const reuse = feature.input.sources.max > 0 ? h('button', {
      type: 'button', dataset: { role: 'use-as-input' },
      onclick: () => {
        useAsInput(chosen);
        runButton.focus();
      },
    }, 'Use as input') : null;
    replace(resultView, h('h3', {}, 'Result'), compare, chooser, info, meta, h('div', { class: 'actions' }, downloads, reuse));
    resultView.hidden = false;
  }

  const flow = runFlow({ path, progress, runButton, stopButton, resultView, interval: limits.polling_interval, available, fail });

  async function onRun(e) {
    e.preventDefault();
    clearError(errorBox);
    const made = {};
    await flow.run(() => requestBody(made), (data, taskId) => showResult(data, taskId, made));
  }

  const header = h('header', { class: 'effect-head' },
    h('h1', {}, title),
    h('p', {}, feature.summary),
    h('p', { class: 'hint' },
      `Cost: ${units(feature.unit_cost)} · `
      + (feature.input.sources.max > 0 ? `inputs up to ${feature.input.max_long_side} px on the long side`
        + ` (at least ${feature.input.min_short_side} px on the short side) · ` : '')
      + 'output: '
      + feature.output_formats.map((f) => f.toUpperCase()).join(', ') + ` · ${path}`),
    available ? null : h('div', { class: 'warning', role: 'note' },
      h('strong', {}, 'Not available on this server: '), feature.availability.missing, '. ',
      h('span', {}, 'To install: ', h('code', {}, feature.availability.remedy)), ' ',
      h('a', { href: '#/engines' }, 'See the engines')));

  const inputs = [];
  if (sources) {
    inputs.push(h('h2', {}, `Input images (${feature.input.sources.min} to ${feature.input.sources.max})`), sources.element);
  } else if (feature.input.sources.max > 0) {
    inputs.push(h('h2', {}, 'Input'), imageInput({
      label: 'Source image', limits,
      onPick: async (file) => setSource(await pictureFromFile(file)),
      onResult: (r) => setSource(pictureFromResult(r)),
      onReject: (code, message) => fail({ code, message }),
    }), sourceView);
  }
  if (refs) {
    inputs.push(h('h2', {}, feature.input.refs.max > 1 ? `Reference images (up to ${feature.input.refs.max})`
      : 'Reference image'), refs.element);
  }

  const form = h('form', { class: 'params', onsubmit: onRun, 'aria-label': `${title} settings` },
    fields.length ? h('h2', {}, 'Settings') : null,
    fields.map((f) => f.element),
    h('div', { class: 'field' }, h('label', { for: formatId }, 'Output format'), formatSelect),
    h('div', { class: 'actions' }, runButton, stopButton));

  const offered = takeOfferedInput();
  if (offered && feature.input.sources.max > 0) useAsInput(offered);

  return h('article', { class: 'effect', dataset: { feature: feature.feature } },
    header, inputs, maskView, form, progress.element, errorBox, resultView,
    galleryView({
      catalog, feature: feature.feature, currentFeature: feature.input.sources.max > 0 ? feature.feature : null,
      onUseHere: useAsInput, onError: fail,
    }));
}

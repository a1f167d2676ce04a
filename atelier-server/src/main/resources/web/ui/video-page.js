// A video feature's page (AI Video Enhance): one MP4/MOV in, checked for type and size before upload, the settings,
// per-frame progress while it runs, then the input and the result played side by side and kept in step (play,
// pause and seeking on either follow on the other), with a download of the result.

import { h, replace, formatBytes, featureTitle } from './dom.js';
import { download, upload } from './api.js';
import { runFlow } from './run-flow.js';
import { progressView } from './progress-view.js';
import { showError, clearError } from './error-view.js';

const BY_EXTENSION = { mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime' };

function videoType(file, accepted) {
  const ext = (file.name ?? '').split('.').pop().toLowerCase();
  const type = (file.type || BY_EXTENSION[ext] || '').toLowerCase();
  return accepted.includes(type) ? type : null;
}

/** Two players that follow each other: what the user does to one happens to the other. */
function pairedPlayers(inputUrl, resultUrl, resultLabel) {
  const opts = { controls: true, muted: true, playsinline: true, loop: true, preload: 'auto' };
  const left = h('video', { ...opts, src: inputUrl, 'aria-label': 'Input video', dataset: { role: 'video-input' } });
  const right = h('video', { ...opts, src: resultUrl, 'aria-label': 'Result video', dataset: { role: 'video-result' } });
  let following = false;
  const follow = (from, to) => {
    const echo = (fn) => {
      if (following) return;
      following = true;
      try { fn(); } finally { following = false; }
    };
    from.addEventListener('play', () => echo(() => to.play().catch(() => {})));
    from.addEventListener('pause', () => echo(() => to.pause()));
    from.addEventListener('seeked', () => echo(() => {
      if (Math.abs(to.currentTime - from.currentTime) > 0.05) to.currentTime = from.currentTime;
    }));
  };
  follow(left, right);
  follow(right, left);
  return h('div', { class: 'video-pair' },
    h('figure', {}, left, h('figcaption', {}, 'Input')),
    h('figure', {}, right, h('figcaption', { dataset: { role: 'result-info' } }, resultLabel)));
}

export function videoPage(feature, catalog, parameterField) {
  const path = feature.paths.find((p) => p.startsWith('/s2s/v2.0/')) ?? feature.paths[0];
  const title = featureTitle(feature);
  const accepted = feature.input.content_types;
  const maxBytes = feature.input.max_bytes;
  const available = feature.availability.available;
  let source = null; // {blob, name, type, url, fileId}

  const errorBox = h('div', { class: 'error', role: 'alert', hidden: true, dataset: { role: 'error' } });
  const fail = (error) => showError(errorBox, error);
  const sourceView = h('div', { class: 'source-view', dataset: { role: 'source' } });
  const resultView = h('section', { class: 'result', 'aria-label': 'Result', hidden: true, dataset: { role: 'result' } });
  const progress = progressView();
  const fields = feature.parameters.map((p) => parameterField(p, path));
  const formatSelect = h('select', { id: 'video-format', name: 'output_ext' },
    feature.output_formats.map((f) => h('option', { value: f, selected: f === feature.default_output_format }, f.toUpperCase())));
  const runButton = h('button', { type: 'submit', class: 'primary', disabled: !available, dataset: { role: 'run' } }, 'Run');
  const stopButton = h('button', { type: 'button', hidden: true, onclick: () => flow.stop() }, 'Stop watching');

  function pick(file) {
    clearError(errorBox);
    const type = videoType(file, accepted);
    if (!type) {
      fail({ code: 'UnsupportedType', message: `${file.name} is not a video type this feature takes (${accepted.join(', ')}).` });
      return;
    }
    if (file.size > maxBytes) {
      fail({ code: 'FileTooLarge', message: `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.` });
      return;
    }
    if (source) URL.revokeObjectURL(source.url);
    source = { blob: file, name: file.name, type, url: URL.createObjectURL(file), fileId: null };
    replace(sourceView, h('figure', { class: 'preview' },
      h('video', { src: source.url, controls: true, muted: true, playsinline: true, 'aria-label': `Input: ${file.name}` }),
      h('figcaption', {}, `${file.name} — ${formatBytes(file.size)}`)));
    resultView.hidden = true;
  }

  const picker = h('input', {
    type: 'file', accept: accepted.join(','), dataset: { role: 'video-picker' },
    onchange: () => { if (picker.files.length) pick(picker.files[0]); },
  });

  const flow = runFlow({ path, progress, runButton, stopButton, resultView, interval: catalog.limits.polling_interval,
    available, fail });

  async function onRun(e) {
    e.preventDefault();
    clearError(errorBox);
    if (!source) {
      fail({ code: 'InvalidParameters', message: 'Choose a video first.' });
      return;
    }
    await flow.run(async () => {
      source.fileId ??= await upload(source.blob, source.name, source.type);
      const body = { src_file_id: source.fileId, output_ext: formatSelect.value };
      for (const f of fields) {
        const v = f.read();
        if (v !== undefined) body[f.name] = v;
      }
      return body;
    }, async (data, taskId) => {
      const blob = await download(data.results.url);
      const url = URL.createObjectURL(blob);
      const m = data.metadata ?? {};
      const name = `${feature.feature}-${taskId.slice(0, 8)}.${formatSelect.value}`;
      const label = `Result: ${m.frames ?? '?'} frames, ${m.video_seconds ?? '?'} s, ${formatBytes(blob.size)}`
        + (m.engine ? ` · ${m.engine}` : '') + (m.fps ? ` · ${m.fps} frames/s` : '');
      replace(resultView, h('h3', {}, 'Input and result'), pairedPlayers(source.url, url, label),
        h('div', { class: 'actions' }, h('a', { href: url, download: name, class: 'button', dataset: { role: 'download' } },
          `Download ${formatSelect.value.toUpperCase()}`)));
      resultView.hidden = false;
    });
  }

  const header = h('header', { class: 'effect-head' },
    h('h1', {}, title),
    h('p', {}, feature.summary),
    h('p', { class: 'hint' }, `Cost: ${feature.unit_cost} unit(s) per ${feature.cost_unit ?? 'second'} of video · `
      + `MP4 or MOV up to ${formatBytes(maxBytes)}, long side up to ${feature.input.max_long_side} px · ${path}`));
  const form = h('form', { class: 'params', onsubmit: onRun, 'aria-label': `${title} settings` },
    fields.length ? h('h2', {}, 'Settings') : null,
    fields.map((f) => f.element),
    h('div', { class: 'field' }, h('label', { for: 'video-format' }, 'Output format'), formatSelect),
    h('div', { class: 'actions' }, runButton, stopButton));

  return h('article', { class: 'effect', dataset: { feature: feature.feature } },
    header, h('h2', {}, 'Input'), h('label', {}, 'Video file: ', picker), sourceView, form, progress.element,
    errorBox, resultView);
}

// One run from the studio: the request body from the canvas picture, the painted mask, references and the settings
// panel; the task followed live; the outputs downloaded, kept in the history, and handed back to the page.

import { run as runTask, download, upload } from './api.js';
import { watchTask } from './progress.js';
import { ensureUploaded, extensionOf } from './picture.js';
import { remember } from './results.js';
import { featureTitle } from './dom.js';

/** The v2 path a feature is run on (its YouCam V2 path first). */
export function runPath(feature) {
  return feature.paths.find((p) => p.startsWith('/s2s/v2.0/')) ?? feature.paths.find((p) => p.startsWith('/s2s/'));
}

function imageSize(url) {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve({ width: 0, height: 0 });
    img.src = url;
  });
}

/**
 * Uploads the reference pictures of a pictureList (or none) and names them in `body` as the feature wants them
 * (ref_file_id or ref_file_ids); returns the pictures. Throws when the feature needs more than were chosen.
 */
export async function addReferences(feature, refs, body) {
  const references = refs ? refs.pictures() : [];
  if (references.length < feature.input.refs.min) {
    throw new Error(`Add ${feature.input.refs.min > 1 ? `at least ${feature.input.refs.min} reference images`
      : 'a reference image'} first.`);
  }
  if (references.length) {
    const ids = [];
    for (const r of references) ids.push(await ensureUploaded(r));
    if (feature.input.refs.max > 1) body.ref_file_ids = ids;
    else body.ref_file_id = ids[0];
  }
  return references;
}

async function body(feature, { picture, brush, refs, fields, format }, made) {
  const b = {};
  const { sources, masks } = feature.input;
  if (sources.min > 0 && !picture) throw new Error('Open a picture first: drop one on the canvas, or try the sample.');
  if (sources.max > 0 && picture) {
    const id = await ensureUploaded(picture);
    if (sources.max > 1) b.src_file_ids = [id];
    else b.src_file_id = id;
  }
  const references = await addReferences(feature, refs, b);
  let masked = false;
  if (masks.max > 0 && brush && !brush.isEmpty()) {
    b.msk_file_id = await upload(await brush.exportPng(), 'mask.png', 'image/png');
    masked = true;
  } else if (masks.min > 0) {
    throw new Error('Paint over the part to change first (the brush is on the canvas).');
  }
  for (const f of fields) {
    const v = f.read();
    if (v !== undefined) b[f.name] = v;
  }
  b.output_ext = format;
  made.inputs = [picture ? '1 source' : null, references.length ? `${references.length} reference${references.length > 1 ? 's' : ''}` : null,
    masked ? 'a painted mask' : null].filter(Boolean).join(', ');
  made.settings = Object.fromEntries(Object.entries(b).filter(([k]) => !/^(src|ref|msk)_file_ids?$/.test(k)));
  return b;
}

/**
 * Runs `feature` and resolves with its result items ({blob, url, dstId, width, height, name, ext, …}), each already
 * in the history. `progress` is a progressView; `signal` stops watching.
 */
export async function runFeature(feature, inputs, { progress, interval, signal }) {
  const path = runPath(feature);
  const made = {};
  const request = await body(feature, inputs, made);
  const taskId = await runTask(path, request);
  progress.submitted(taskId);
  const data = await watchTask(path, taskId, {
    onUpdate: progress.update, onMode: progress.mode, interval, signal,
  });
  progress.done(data);
  const outputs = (feature.result_shape === 'output_list' ? data.results?.output : [data.results]) ?? [];
  const items = [];
  for (const [i, o] of outputs.entries()) {
    if (!o?.url) continue;
    const blob = await download(o.url);
    const url = URL.createObjectURL(blob);
    const size = await imageSize(url);
    const ext = extensionOf(blob.type);
    items.push({
      blob, url, dstId: o.dst_id, width: size.width, height: size.height, feature: feature.feature,
      title: featureTitle(feature),
      name: `${feature.feature.replace(/\//g, '-')}-${taskId.slice(0, 8)}${outputs.length > 1 ? `-${i + 1}` : ''}.${ext}`,
      ext, formats: feature.output_formats, taskId, inputs: made.inputs, settings: made.settings,
      metadata: data.metadata ?? {},
    });
  }
  if (!items.length) throw Object.assign(new Error('The task succeeded but listed no result.'), { code: 'unknown_internal_error' });
  for (const item of [...items].reverse()) remember(item);
  return items;
}

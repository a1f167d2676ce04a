// Choosing an image: drag and drop, paste, the file picker, or a result made earlier in this session. Checks type
// and size against the server's limits before anything is sent.

import { h, uid, formatBytes } from './dom.js';
import { recentResults } from './results.js';

const BY_EXTENSION = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', bmp: 'image/bmp',
  tif: 'image/tiff', tiff: 'image/tiff', heic: 'image/heic', heif: 'image/heif', avif: 'image/avif',
};

/** The content type to announce for a file, or null when the server would not accept it. */
export function contentTypeOf(file, accepted) {
  let type = (file.type ?? '').toLowerCase();
  if (!type) {
    const ext = (file.name ?? '').split('.').pop().toLowerCase();
    type = BY_EXTENSION[ext] ?? '';
  }
  return accepted.includes(type) ? type : null;
}

/**
 * An image drop zone. `onPick({blob, name, type})` gets a checked file; `onResult(result)` a previous result;
 * `onReject(code, message)` a file refused before upload.
 */
export function imageInput({ label, limits, onPick, onResult, onReject }) {
  const inputId = uid('file');
  const hintId = uid('hint');
  const picker = h('input', {
    type: 'file', id: inputId, class: 'visually-hidden', accept: limits.content_types.join(','),
    'aria-describedby': hintId,
    onchange: () => {
      if (picker.files.length) take(picker.files[0]);
      picker.value = '';
    },
  });

  function take(file) {
    const type = contentTypeOf(file, limits.content_types);
    if (!type) {
      onReject('UnsupportedType', `${file.name || 'This file'} is not an image type the server accepts `
        + `(${limits.content_types.join(', ')}).`);
      return;
    }
    if (file.size > limits.max_upload_bytes) {
      onReject('FileTooLarge', `${file.name} is ${formatBytes(file.size)}; the limit is `
        + `${formatBytes(limits.max_upload_bytes)}.`);
      return;
    }
    onPick({ blob: file, name: file.name || `pasted.${type.split('/')[1]}`, type });
  }

  const zone = h('div', { class: 'dropzone', dataset: { role: 'dropzone' } },
    h('label', { for: inputId, class: 'dropzone-label' },
      h('strong', {}, label),
      h('span', { id: hintId }, 'Drop an image here, paste it (Ctrl+V), or ',
        h('span', { class: 'linkish' }, 'choose a file'),
        ` — up to ${formatBytes(limits.max_upload_bytes)}.`)),
    picker);

  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = [...(e.dataTransfer?.files ?? [])][0];
    if (file) take(file);
  });
  const onPaste = (e) => {
    if (!zone.isConnected) {
      document.removeEventListener('paste', onPaste);
      return;
    }
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) {
      e.preventDefault();
      take(file);
    }
  };
  document.addEventListener('paste', onPaste);

  const recent = recentResults();
  const previous = recent.length && onResult
    ? h('div', { class: 'previous' },
      h('span', {}, 'Or use a result from this session: '),
      recent.map((r) => h('button', {
        type: 'button', class: 'thumb-button', onclick: () => onResult(r),
        'aria-label': `Use ${r.name} (${r.width} × ${r.height} px) as input`,
      }, h('img', { src: r.url, alt: '' }))))
    : null;

  return h('div', { class: 'image-input' }, zone, previous);
}

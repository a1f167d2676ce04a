// Several input pictures of one kind (the sources of image-to-image, reference images): each shown as a thumbnail
// with its upload state and a remove button; the drop zone hides once the list is full. Pictures are uploaded as
// soon as they are added, so Run only waits for the slowest one.

import { h, uid, formatBytes, announce } from './dom.js';
import { imageInput } from './image-input.js';
import { pictureFromFile, pictureFromResult, ensureUploaded } from './picture.js';

/**
 * `what` names one picture ("Source image", "Reference image"); `max` is the most the feature takes; `onError`
 * shows a refused file or a failed upload; `onChange(count)` hears of every addition and removal. Returns
 * {element, pictures(), add(picture)}.
 */
export function pictureList({ what, max, limits, onError, role, onChange = () => {} }) {
  const items = [];
  const headingId = uid('pictures');
  const count = h('p', { class: 'hint', dataset: { role: `${role}-count` } });
  const list = h('ul', { class: 'picture-list', 'aria-labelledby': headingId, dataset: { role } });
  const input = imageInput({
    label: `Add a ${what.toLowerCase()}`, limits,
    onPick: async (file) => add(await pictureFromFile(file)),
    onResult: (r) => add(pictureFromResult(r)),
    onReject: (code, message) => onError({ code, message }),
  });

  function render() {
    count.textContent = `${items.length} of at most ${max} chosen`;
    input.hidden = items.length >= max;
    list.replaceChildren(...items.map((p, i) => {
      const status = h('span', { class: 'hint', dataset: { role: 'upload-status' } },
        p.fileId ? `Uploaded (file id ${p.fileId})` : 'Uploading…');
      p.statusLine = status;
      return h('li', { class: 'picture-item' },
        p.readable ? h('img', { src: p.url, alt: `${what} ${i + 1}: ${p.name}`, class: 'ref-thumb' })
          : h('div', { class: 'ref-thumb unreadable', role: 'img', 'aria-label': `${what} ${i + 1}: ${p.name}` }, '?'),
        h('div', { class: 'picture-text' },
          h('span', {}, `${i + 1}. ${p.name}`),
          h('span', { class: 'hint' }, p.readable ? `${p.width} × ${p.height} px · ` : '', formatBytes(p.blob.size)),
          status),
        h('button', {
          type: 'button', class: 'remove', 'aria-label': `Remove ${what.toLowerCase()} ${i + 1} (${p.name})`,
          dataset: { role: 'remove' }, onclick: () => remove(p),
        }, 'Remove'));
    }));
  }

  async function add(picture) {
    if (items.length >= max) return;
    items.push(picture);
    render();
    onChange(items.length);
    announce(`${what} added: ${picture.name}`);
    if (picture.fileId) return;
    try {
      await ensureUploaded(picture);
      if (picture.statusLine) picture.statusLine.textContent = `Uploaded (file id ${picture.fileId})`;
    } catch (e) {
      if (picture.statusLine) picture.statusLine.textContent = 'Upload failed';
      if (items.includes(picture)) onError(e);
    }
  }

  function remove(picture) {
    const i = items.indexOf(picture);
    if (i < 0) return;
    items.splice(i, 1);
    render();
    onChange(items.length);
    announce(`${what} removed: ${picture.name}`);
    // Keep the keyboard where it was: on the next remove button, else on the drop zone.
    const buttons = list.querySelectorAll('button.remove');
    (buttons[Math.min(i, buttons.length - 1)] ?? input.querySelector('input[type=file]'))?.focus();
  }

  render();
  return {
    element: h('div', { class: 'picture-list-box' },
      h('h3', { id: headingId, class: 'visually-hidden' }, `${what}s`), count, list, input),
    pictures: () => [...items],
    add,
  };
}

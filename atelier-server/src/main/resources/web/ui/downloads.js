// Download links for a result in each format the feature allows: the server's own file as it is, the other
// formats re-encoded in this browser (said on the button, so nobody mistakes them for the server's encoding).

import { h } from './dom.js';
import { convert, saveBlob } from './picture.js';

/** Buttons for `item` ({blob, url, name, ext}) in each of `formats`; `onError` shows a failed conversion. */
export function downloadButtons(item, formats, onError) {
  return formats.map((f) => (f === item.ext
    ? h('a', { href: item.url, download: item.name, class: 'button', dataset: { format: f } }, `Download ${f.toUpperCase()}`)
    : h('button', {
      type: 'button', dataset: { format: f },
      onclick: async () => {
        try {
          saveBlob(await convert(item.blob, f), item.name.replace(/\.[^.]+$/, `.${f}`));
        } catch (e) {
          onError(e);
        }
      },
    }, `Download ${f.toUpperCase()} (converted in this browser)`)));
}

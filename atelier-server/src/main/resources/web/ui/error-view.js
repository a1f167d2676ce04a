// How a failure is shown: the contract's code, what it means in words, the server's own message and the request id.

import { h, replace, announce } from './dom.js';
import { explain } from './errors.js';

/** Fills `box` (a role="alert" element) with the error; a plain Error without code shows its message. */
export function showError(box, error) {
  const code = error?.code ?? null;
  const words = code ? explain(code) : null;
  replace(box,
    h('p', { class: 'error-title' },
      code ? h('code', { class: 'error-code', dataset: { role: 'error-code' } }, code) : null,
      code ? ' ' : null,
      h('span', { dataset: { role: 'error-words' } }, words ?? error?.message ?? String(error))),
    words && error?.message && error.message !== code
      ? h('p', { class: 'error-detail' }, 'Server said: ', h('q', {}, error.message)) : null,
    error?.requestId ? h('p', { class: 'error-detail' }, `x-request-id: ${error.requestId}`) : null,
    code === 'NoKey' || code === 'InvalidApiKey' || code === 'InactiveApiKey' || code === 'ExpiredApiKey'
      ? h('p', {}, h('a', { href: '#/key' }, 'Go to the API key page')) : null);
  box.hidden = false;
  announce(`Error: ${code ?? ''} ${words ?? error?.message ?? ''}`);
}

export function clearError(box) {
  box.replaceChildren();
  box.hidden = true;
}

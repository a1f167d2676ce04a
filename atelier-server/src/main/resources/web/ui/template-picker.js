// A template (style) picker: the feature's template list as a grid of choices, each with its thumbnail — or, when
// the list gives none (or it cannot be shown), a tidy placeholder with the title's initials. The choices are
// ordinary radio buttons, so arrow keys move between them and a screen reader reads each title.
//
// The list route follows the contract's convention: a run path /s2s/<version>/task/<feature> lists its templates
// at /s2s/<version>/task/template/<feature>. Until the list arrives (or when the server has none) the parameter's
// own choices from the feature listing are offered in a plain select, so the form never waits on it.

import { h, uid, replace } from './dom.js';
import { templates } from './api.js';

/** The template list route for a feature's run path, or null when the path does not follow the convention. */
export function templateListPath(runPath) {
  const m = /^(\/s2s\/v[0-9.]+\/task\/)(.+)$/.exec(runPath ?? '');
  return m ? `${m[1]}template/${m[2]}` : null;
}

function initials(title) {
  const words = String(title ?? '?').split(/[\s_-]+/).filter(Boolean);
  return (words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}

/** A stable hue from the id, so each placeholder is told apart by colour as well as by letters. */
function hue(id) {
  let n = 0;
  for (const c of String(id)) n = (n * 31 + c.charCodeAt(0)) % 360;
  return n;
}

function placeholder(t) {
  const box = h('span', { class: 'template-thumb placeholder', 'aria-hidden': 'true', dataset: { role: 'thumb-placeholder' } },
    initials(t.title ?? t.id));
  box.style.setProperty('--hue', String(hue(t.id)));
  return box;
}

function thumbnail(t) {
  if (!t.thumb) return placeholder(t);
  const img = h('img', { src: t.thumb, alt: '', class: 'template-thumb', loading: 'lazy', dataset: { role: 'thumb' } });
  img.addEventListener('error', () => img.replaceWith(placeholder(t)), { once: true });
  return img;
}

/**
 * A field for parameter `p` (its name, required, default, enum, description) whose values are the templates of
 * `listPath`. Returns {element, read, name} like the other parameter fields.
 */
export function templateField(p, listPath) {
  const id = uid(`param-${p.name}`);
  const helpId = `${id}-help`;
  const state = h('p', { class: 'hint', dataset: { role: 'template-state' } }, 'Loading the templates…');
  const body = h('div', { class: 'template-body' });
  let read = () => undefined;

  const fallbackSelect = () => {
    if (!p.enum?.length) {
      const input = h('input', { id, name: p.name, required: p.required, 'aria-describedby': helpId });
      read = () => (input.value === '' ? undefined : input.value);
      return h('div', {}, h('label', { for: id, class: 'visually-hidden' }, p.name), input);
    }
    const select = h('select', { id, name: p.name, required: p.required, 'aria-describedby': helpId },
      p.required ? null : h('option', { value: '' }, '(default)'),
      p.enum.map((v) => h('option', { value: String(v), selected: v === p.default }, String(v))));
    read = () => (select.value === '' ? undefined : select.value);
    return h('div', {}, h('label', { for: id, class: 'visually-hidden' }, p.name), select);
  };
  replace(body, fallbackSelect());

  const grid = (list) => {
    const group = `${id}-choice`;
    const first = p.default ?? (p.required ? list[0].id : null);
    const none = p.required ? null : h('label', { class: 'template-choice' },
      h('input', { type: 'radio', name: group, value: '', checked: first === null, class: 'visually-hidden' }),
      h('span', { class: 'template-thumb placeholder none', 'aria-hidden': 'true' }, '—'),
      h('span', { class: 'template-title' }, 'None (default)'));
    const choices = list.map((t) => h('label', { class: 'template-choice', dataset: { template: t.id } },
      h('input', {
        type: 'radio', name: group, value: t.id, checked: t.id === first, class: 'visually-hidden',
        dataset: { role: 'template-radio' },
      }),
      thumbnail(t),
      h('span', { class: 'template-title' }, t.title ?? t.id),
      t.category_name ? h('span', { class: 'hint template-category' }, t.category_name) : null));
    const fieldset = h('div', { class: 'template-grid', role: 'radiogroup', 'aria-labelledby': `${id}-legend`,
      'aria-describedby': helpId, dataset: { role: 'template-picker', param: p.name } }, none, choices);
    read = () => {
      const checked = fieldset.querySelector('input[type=radio]:checked');
      return checked && checked.value !== '' ? checked.value : undefined;
    };
    return fieldset;
  };

  if (listPath) {
    templates(listPath).then((list) => {
      if (!list.length) {
        state.textContent = 'This feature lists no templates; type or pick an id.';
        return;
      }
      const shown = list.filter((t) => t.thumb).length;
      state.textContent = `${list.length} template${list.length === 1 ? '' : 's'}`
        + (shown < list.length ? ` (${list.length - shown} without a preview picture)` : '');
      replace(body, grid(list));
    }, (e) => {
      state.textContent = e.code === 'NotFound'
        ? 'This server has no template list for this feature; choose an id.'
        : `The template list could not be loaded (${e.code ?? e.message}); choose an id instead.`;
    });
  } else {
    state.textContent = '';
  }

  const element = h('div', { class: 'field template-field' },
    h('span', { id: `${id}-legend`, class: 'field-label' }, p.name,
      p.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    body, state, h('p', { id: helpId, class: 'hint' }, p.description ?? ''));
  return { element, read: () => read(), name: p.name };
}

// A parameter that is a list of small objects (face_mapping: [{index, position}, …]) as rows of number fields, one
// row per element, with Add and Remove buttons. The fields come from the listing's `items.properties`, so a new
// parameter of this kind needs no page change.

import { h, uid, announce } from './dom.js';

/** Returns {element, read, name, setRows(n)} for parameter `p` whose `items.properties` are all numbers. */
export function objectListField(p) {
  const id = uid(`param-${p.name}`);
  const helpId = `${id}-help`;
  const fields = Object.keys(p.items.properties);
  const rows = h('ol', { class: 'object-rows', 'aria-labelledby': `${id}-label`, dataset: { role: `rows-${p.name}` } });

  const renumber = () => {
    [...rows.children].forEach((li, i) => {
      for (const input of li.querySelectorAll('input')) {
        input.setAttribute('aria-label', `${p.name} ${i + 1}: ${input.name}`);
      }
      li.querySelector('button').setAttribute('aria-label', `Remove ${p.name} ${i + 1}`);
    });
  };

  const addRow = (values = {}) => {
    const inputs = fields.map((f) => h('input', {
      type: 'number', step: p.items.properties[f].type === 'integer' ? 1 : 'any', name: f,
      value: values[f] ?? '', required: true, class: 'object-input',
    }));
    const li = h('li', { class: 'object-row' },
      fields.map((f, i) => h('label', { class: 'object-cell' }, h('span', { class: 'hint' }, f), inputs[i])),
      h('button', {
        type: 'button', class: 'remove',
        onclick: () => {
          const next = li.nextElementSibling ?? li.previousElementSibling;
          li.remove();
          renumber();
          (next?.querySelector('input') ?? addButton).focus();
          announce(`${p.name} row removed`);
        },
      }, 'Remove'));
    rows.append(li);
    renumber();
    return li;
  };

  const addButton = h('button', {
    type: 'button', dataset: { role: `add-${p.name}` },
    onclick: () => addRow().querySelector('input').focus(),
  }, `Add to ${p.name}`);

  const read = () => {
    const list = [...rows.children].map((li) => Object.fromEntries([...li.querySelectorAll('input')].map((input) => {
      if (input.value === '') {
        throw Object.assign(new Error(`Fill in every ${input.name} of ${p.name}, or remove the row.`),
          { code: 'InvalidParameters' });
      }
      return [input.name, Number(input.value)];
    })));
    return list.length ? list : undefined;
  };

  /** Shows `n` rows, keeping what is typed in the first ones; new rows pair element i with i. */
  const setRows = (n) => {
    while (rows.children.length > n) rows.lastElementChild.remove();
    while (rows.children.length < n) {
      const i = rows.children.length;
      addRow(Object.fromEntries(fields.map((f) => [f, i])));
    }
  };

  if (p.required) addRow(Object.fromEntries(fields.map((f) => [f, 0])));
  return {
    element: h('div', { class: 'field object-list' },
      h('span', { id: `${id}-label`, class: 'field-label' }, p.name,
        p.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
      rows, h('div', { class: 'actions' }, addButton),
      h('p', { id: helpId, class: 'hint' }, p.description ?? '')),
    read,
    name: p.name,
    setRows,
  };
}

// A before/after slider: the result over the original, clipped at a split the user moves with the pointer or the
// keyboard (it is an ordinary range input, so arrows, Home and End work).

import { h, uid } from './dom.js';

export function compareView({ beforeUrl, afterUrl, width, height, beforeLabel = 'Before', afterLabel = 'After' }) {
  const before = h('img', { src: beforeUrl, alt: beforeLabel, class: 'compare-img' });
  const after = h('img', { src: afterUrl, alt: afterLabel, class: 'compare-img compare-after', dataset: { role: 'after' } });
  const stage = h('div', { class: 'compare-stage' }, before, after,
    h('span', { class: 'compare-tag left', 'aria-hidden': 'true' }, beforeLabel),
    h('span', { class: 'compare-tag right', 'aria-hidden': 'true' }, afterLabel));
  stage.style.aspectRatio = `${width} / ${height}`;
  const id = uid('split');
  const slider = h('input', { type: 'range', id, min: 0, max: 100, step: 1, value: 50, class: 'compare-slider' });
  const set = () => {
    after.style.clipPath = `inset(0 0 0 ${slider.value}%)`;
    slider.setAttribute('aria-valuetext', `${slider.value}% ${beforeLabel.toLowerCase()}, the rest ${afterLabel.toLowerCase()}`);
  };
  slider.addEventListener('input', set);
  set();
  const view = h('div', { class: 'compare' }, stage,
    h('label', { for: id, class: 'compare-label' }, `${beforeLabel} / ${afterLabel} split`), slider);
  view.setAfter = (url) => {
    after.src = url;
  };
  return view;
}

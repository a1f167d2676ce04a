// A mask painter over an image: brush size, eraser, undo, clear, with the pointer or the keyboard alone. The mask
// has the image's own width and height and exports as the PNG the API expects for msk_file_id: white where the
// effect should act, black elsewhere (CONTRACTS A.3/A.5), binary so no half-selected pixels reach the engine.
//
// Strokes are kept as vectors and replayed on undo, so memory stays small even for a 4096 px image.

import { h, uid } from './dom.js';

const INK = 'rgb(255, 40, 90)';

export class MaskBrush {
  /**
   * @param {{imageUrl: string, width: number, height: number, label?: string}} options
   */
  constructor({ imageUrl, width, height, label = 'Mask' }) {
    this.width = width;
    this.height = height;
    this.ops = [];
    this.current = null;
    this.mode = 'paint';
    this.maxSize = Math.max(8, Math.round(Math.max(width, height) / 4));
    this.size = Math.max(2, Math.round(Math.max(width, height) / 20));
    this.cursor = [width / 2, height / 2];
    this.listeners = new Set();

    const helpId = uid('mask-help');
    this.canvas = h('canvas', {
      width, height, class: 'mask-canvas', tabindex: 0, 'aria-label': `${label}: paint the area to change`,
      'aria-describedby': helpId, dataset: { role: 'mask-canvas' },
    });
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    this.ring = h('div', { class: 'mask-ring', 'aria-hidden': 'true' });
    const stage = h('div', { class: 'mask-stage' }, h('img', { src: imageUrl, alt: '', class: 'mask-image' }),
      this.canvas, this.ring);
    stage.style.aspectRatio = `${width} / ${height}`;

    const sizeId = uid('size');
    this.sizeInput = h('input', {
      type: 'range', id: sizeId, min: 1, max: this.maxSize, value: this.size,
      oninput: () => this.setSize(Number(this.sizeInput.value)),
    });
    this.sizeOut = h('output', { for: sizeId }, `${this.size} px`);
    this.paintButton = h('button', { type: 'button', onclick: () => this.setMode('paint'), 'aria-pressed': 'true' }, 'Brush');
    this.eraseButton = h('button', { type: 'button', onclick: () => this.setMode('erase'), 'aria-pressed': 'false' }, 'Eraser');
    this.undoButton = h('button', { type: 'button', onclick: () => this.undo(), disabled: true }, 'Undo');
    this.clearButton = h('button', { type: 'button', onclick: () => this.clear(), disabled: true }, 'Clear');
    const tools = h('div', { class: 'mask-tools', role: 'toolbar', 'aria-label': 'Mask tools' },
      h('label', { for: sizeId }, 'Brush size'), this.sizeInput, this.sizeOut,
      this.paintButton, this.eraseButton, this.undoButton, this.clearButton);
    const help = h('p', { id: helpId, class: 'hint' },
      'Paint with the pointer, or focus the picture and use the keyboard: arrows move the brush (Shift: faster), '
      + 'Space starts and ends a stroke, Enter paints a dot, E switches brush/eraser, [ and ] change the size, '
      + 'Ctrl+Z undoes.');
    this.element = h('div', { class: 'mask-brush' }, tools, stage, help);

    this.bindPointer();
    this.bindKeys();
    this.placeRing();
  }

  /** Called with no arguments after every change. */
  onChange(fn) {
    this.listeners.add(fn);
  }

  changed() {
    this.undoButton.disabled = this.ops.length === 0;
    this.clearButton.disabled = this.ops.length === 0;
    for (const fn of this.listeners) fn();
  }

  setSize(px) {
    this.size = Math.min(this.maxSize, Math.max(1, Math.round(px)));
    this.sizeInput.value = this.size;
    this.sizeOut.textContent = `${this.size} px`;
    this.placeRing();
  }

  setMode(mode) {
    this.mode = mode;
    this.paintButton.setAttribute('aria-pressed', String(mode === 'paint'));
    this.eraseButton.setAttribute('aria-pressed', String(mode === 'erase'));
    this.ring.classList.toggle('erasing', mode === 'erase');
  }

  undo() {
    this.endStroke();
    if (this.ops.length === 0) return;
    this.ops.pop();
    this.redraw();
    this.changed();
  }

  clear() {
    this.endStroke();
    if (this.ops.length === 0) return;
    this.ops.push({ mode: 'clear' });
    this.redraw();
    this.changed();
  }

  // ---- strokes

  startStroke(x, y) {
    this.current = { mode: this.mode, size: this.size, points: [[x, y]] };
    this.ops.push(this.current);
    this.drawDot(this.current, x, y);
    this.changed();
  }

  extendStroke(x, y) {
    const s = this.current;
    if (!s) return;
    const [px, py] = s.points[s.points.length - 1];
    s.points.push([x, y]);
    this.drawSegment(s, px, py, x, y);
  }

  endStroke() {
    if (this.current) {
      this.current = null;
      this.changed();
    }
  }

  style(op) {
    const c = this.ctx;
    c.globalCompositeOperation = op.mode === 'erase' ? 'destination-out' : 'source-over';
    c.fillStyle = INK;
    c.strokeStyle = INK;
    c.lineWidth = op.size;
    c.lineCap = 'round';
    c.lineJoin = 'round';
  }

  drawDot(op, x, y) {
    this.style(op);
    this.ctx.beginPath();
    this.ctx.arc(x, y, op.size / 2, 0, Math.PI * 2);
    this.ctx.fill();
  }

  drawSegment(op, x0, y0, x1, y1) {
    this.style(op);
    this.ctx.beginPath();
    this.ctx.moveTo(x0, y0);
    this.ctx.lineTo(x1, y1);
    this.ctx.stroke();
  }

  redraw() {
    const c = this.ctx;
    c.globalCompositeOperation = 'source-over';
    c.clearRect(0, 0, this.width, this.height);
    for (const op of this.ops) {
      if (op.mode === 'clear') {
        c.globalCompositeOperation = 'source-over';
        c.clearRect(0, 0, this.width, this.height);
        continue;
      }
      const [first, ...rest] = op.points;
      this.drawDot(op, first[0], first[1]);
      if (rest.length) {
        this.style(op);
        c.beginPath();
        c.moveTo(first[0], first[1]);
        for (const [x, y] of rest) c.lineTo(x, y);
        c.stroke();
      }
    }
  }

  // ---- pointer and keyboard

  toImage(e) {
    const r = this.canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * this.width / r.width, (e.clientY - r.top) * this.height / r.height];
  }

  bindPointer() {
    const c = this.canvas;
    c.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      c.focus();
      c.setPointerCapture(e.pointerId);
      const [x, y] = this.toImage(e);
      this.cursor = [x, y];
      this.startStroke(x, y);
      this.placeRing();
    });
    c.addEventListener('pointermove', (e) => {
      const [x, y] = this.toImage(e);
      this.cursor = [x, y];
      this.placeRing();
      if (this.current && c.hasPointerCapture(e.pointerId)) this.extendStroke(x, y);
    });
    const end = () => this.endStroke();
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);
  }

  bindKeys() {
    this.canvas.addEventListener('keydown', (e) => {
      const fast = e.shiftKey ? 4 : 1;
      const step = Math.max(1, Math.round(this.size / 2)) * fast;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[e.key]) {
        const [dx, dy] = moves[e.key];
        const x = Math.min(this.width - 1, Math.max(0, this.cursor[0] + dx));
        const y = Math.min(this.height - 1, Math.max(0, this.cursor[1] + dy));
        this.cursor = [x, y];
        if (this.current) this.extendStroke(x, y);
        this.placeRing();
      } else if (e.key === ' ') {
        if (this.current) this.endStroke();
        else this.startStroke(...this.cursor);
      } else if (e.key === 'Enter') {
        this.startStroke(...this.cursor);
        this.endStroke();
      } else if (e.key === 'Escape') {
        this.endStroke();
      } else if (e.key === 'e' || e.key === 'E') {
        this.setMode(this.mode === 'paint' ? 'erase' : 'paint');
      } else if (e.key === '[') {
        this.setSize(this.size * 0.8);
      } else if (e.key === ']') {
        this.setSize(this.size * 1.25 + 1);
      } else if ((e.ctrlKey || e.metaKey) && (e.key === 'z' || e.key === 'Z')) {
        this.undo();
      } else {
        return;
      }
      e.preventDefault();
    });
  }

  placeRing() {
    const [x, y] = this.cursor;
    this.ring.style.left = `${(x / this.width) * 100}%`;
    this.ring.style.top = `${(y / this.height) * 100}%`;
    this.ring.style.width = `${(this.size / this.width) * 100}%`;
  }

  // ---- export

  /** Whether anything is painted. */
  isEmpty() {
    return this.coverage() === 0;
  }

  /** The binary mask as bytes: 1 where painted (alpha at least half), 0 elsewhere. */
  bits() {
    const src = this.ctx.getImageData(0, 0, this.width, this.height).data;
    const out = new Uint8Array(this.width * this.height);
    for (let i = 0; i < out.length; i += 1) out[i] = src[i * 4 + 3] >= 128 ? 1 : 0;
    return out;
  }

  /** The painted fraction of the image, 0..1. */
  coverage() {
    const b = this.bits();
    let n = 0;
    for (let i = 0; i < b.length; i += 1) n += b[i];
    return n / b.length;
  }

  /** The mask as a PNG Blob: white = the area to act on, black = keep; the image's width and height. */
  exportPng() {
    const b = this.bits();
    const img = new ImageData(this.width, this.height);
    for (let i = 0; i < b.length; i += 1) {
      const v = b[i] ? 255 : 0;
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    const c = document.createElement('canvas');
    c.width = this.width;
    c.height = this.height;
    c.getContext('2d').putImageData(img, 0, 0);
    return new Promise((resolve, reject) => c.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'));
  }
}

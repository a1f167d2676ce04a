// An image the page holds: its bytes, an object URL to show it, its size when the browser can decode it, and its
// server file id once uploaded.

import { upload } from './api.js';

/** Decoded size of an image URL, or null when the browser cannot read it. */
export function imageSize(url) {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve(null);
    img.src = url;
  });
}

/** A picture from a chosen file: {blob, name, type, url, width, height, readable, fileId}. */
export async function pictureFromFile({ blob, name, type }) {
  const url = URL.createObjectURL(blob);
  const size = await imageSize(url);
  return { blob, name, type, url, width: size?.width ?? 0, height: size?.height ?? 0, readable: !!size, fileId: null };
}

/** A picture from an earlier result: already on the server as dst_id, so nothing is uploaded again. */
export function pictureFromResult(r) {
  return {
    blob: r.blob, name: r.name, type: r.blob.type, url: r.url, width: r.width, height: r.height, readable: true,
    fileId: r.dstId, fromResult: true,
  };
}

/** Uploads once (File API + signed PUT) and remembers the file id. */
export async function ensureUploaded(picture) {
  if (!picture.fileId) {
    picture.uploading ??= upload(picture.blob, picture.name, picture.type);
    try {
      picture.fileId = await picture.uploading;
    } finally {
      picture.uploading = null;
    }
  }
  return picture.fileId;
}

/** The file extension for a Blob's type: jpg, png, webp… */
export function extensionOf(type) {
  const t = (type ?? '').toLowerCase();
  if (t === 'image/jpeg' || t === 'image/jpg') return 'jpg';
  return t.startsWith('image/') ? t.slice(6) : 'bin';
}

const MIME = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Re-encodes an image Blob in this browser (JPEG gets a white background for transparent pixels). */
export async function convert(blob, format) {
  const mime = MIME[format];
  if (!mime) throw new Error(`This browser cannot write ${format}`);
  const bitmap = await createImageBitmap(blob);
  const c = document.createElement('canvas');
  c.width = bitmap.width;
  c.height = bitmap.height;
  const ctx = c.getContext('2d');
  if (format === 'jpg') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
  }
  ctx.drawImage(bitmap, 0, 0);
  return new Promise((resolve, reject) => c.toBlob((b) => (b && b.type === mime ? resolve(b)
    : reject(new Error(`This browser cannot write ${format}`))), mime, 0.92));
}

/** Starts a download of a Blob under a file name. */
export function saveBlob(blob, fileName) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

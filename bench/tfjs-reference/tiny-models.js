// Writes the tiny TF.js models the importer's tests convert, and what TF.js itself computes for them (CPU backend).
// Run: cd bench/tfjs-reference && npm install && node tiny-models.js
// Output: atelier-engines/src/test/resources/dev/atelier/engines/onnx/tfjs/<model>/{model.json,*.bin,expected.json}
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');

const OUT = path.join(__dirname, '../../atelier-engines/src/test/resources/dev/atelier/engines/onnx/tfjs');
let seed = 20261207;
function rand() { // xorshift, seeded: the weights are the same on every run
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return ((seed >>> 0) / 4294967296) * 2 - 1;
}
function randoms(n, scale = 0.5) { return Float32Array.from({length: n}, () => rand() * scale); }
/** The test input the Java side regenerates: a smooth pattern in [-1, 1]. */
function pattern(h, w, c) {
  const a = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++)
    a[(y * w + x) * c + k] = Math.fround(Math.sin(0.37 * x * (k + 1) + 0.23 * y + 0.5 * k));
  return tf.tensor(a, [1, h, w, c]);
}
function write(name, modelJson, data, expected) {
  const dir = path.join(OUT, name);
  fs.mkdirSync(dir, {recursive: true});
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(data));
  fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(expected));
}
async function saved(model) {
  let artifacts;
  await model.save(tf.io.withSaveHandler(async a => { artifacts = a; return {modelArtifactsInfo: {}}; }));
  return artifacts;
}
/** Re-encodes fp32 weights as uint8 (min/scale) or float16, the way the TF.js converter quantises. */
function quantise(specs, data, dtype) {
  const f = new Float32Array(data);
  const chunks = []; let at = 0; const out = [];
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const v = f.subarray(at, at + n); at += n;
    if (dtype === 'uint8') {
      let min = Math.min(...v), max = Math.max(...v);
      const scale = (max - min) / 255 || 1;
      chunks.push(Uint8Array.from(v, x => Math.round((x - min) / scale)));
      out.push({...s, quantization: {dtype: 'uint8', min, scale}});
    } else {
      const h = new Uint16Array(n);
      for (let i = 0; i < n; i++) h[i] = toHalf(v[i]);
      chunks.push(new Uint8Array(h.buffer));
      out.push({...s, quantization: {dtype: 'float16'}});
    }
  }
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const buf = new Uint8Array(total); let o = 0;
  for (const c of chunks) { buf.set(c, o); o += c.length; }
  return {specs: out, data: buf.buffer};
}
function toHalf(x) {
  const f = new Float32Array([x]); const i = new Uint32Array(f.buffer)[0];
  const s = (i >>> 16) & 0x8000; let e = ((i >>> 23) & 0xff) - 112; let m = i & 0x7fffff;
  if (e <= 0) return s; // tiny weights flush to zero (none here)
  if (e >= 31) return s | 0x7c00;
  const r = (e << 10) | (m >>> 13); return s | (r + ((m >>> 12) & 1)); // round half up on the dropped bit
}
async function layersRecord(name, model, input, dtype) {
  const a = await saved(model);
  let specs = a.weightSpecs, data = a.weightData;
  if (dtype) ({specs, data} = quantise(specs, data, dtype));
  const json = {format: 'layers-model', generatedBy: 'atelier tiny-models.js', convertedBy: null,
    modelTopology: a.modelTopology, weightsManifest: [{paths: ['weights.bin'], weights: specs}]};
  const loaded = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: a.modelTopology, weightSpecs: specs, weightData: data}));
  const y = loaded.predict(input);
  write(name, json, data, {input: input.shape, outputs: [{shape: y.shape, values: Array.from(await y.data())}]});
}

async function layers() {
  const init = () => ({kernelInitializer: tf.initializers.randomUniform({minval: -0.4, maxval: 0.4, seed: 7}),
    biasInitializer: tf.initializers.randomUniform({minval: -0.2, maxval: 0.2, seed: 8})});
  // A: free height and width (as the super-resolution models), stride-1 SAME convolutions, skip connections.
  const x = tf.input({batchShape: [null, null, null, 3], name: 'LR'});
  const c1 = tf.layers.conv2d({filters: 6, kernelSize: 3, padding: 'same', name: 'c1', ...init()}).apply(x);
  const r1 = tf.layers.activation({activation: 'relu', name: 'r1'}).apply(c1);
  const c2 = tf.layers.conv2d({filters: 4, kernelSize: 5, padding: 'same', activation: 'tanh', name: 'c2', ...init()}).apply(r1);
  const cat = tf.layers.concatenate({axis: 3, name: 'cat'}).apply([c1, c2]);
  const c3 = tf.layers.conv2d({filters: 6, kernelSize: 1, padding: 'valid', name: 'c3', ...init()}).apply(cat);
  const add = tf.layers.add({name: 'add'}).apply([c3, c1]);
  const bn = tf.layers.batchNormalization({name: 'bn', epsilon: 0.01,
    gammaInitializer: tf.initializers.randomUniform({minval: 0.5, maxval: 1.5, seed: 3}),
    betaInitializer: tf.initializers.randomUniform({minval: -0.5, maxval: 0.5, seed: 4}),
    movingMeanInitializer: tf.initializers.randomUniform({minval: -0.3, maxval: 0.3, seed: 5}),
    movingVarianceInitializer: tf.initializers.randomUniform({minval: 0.5, maxval: 2, seed: 6})}).apply(add);
  const dw = tf.layers.depthwiseConv2d({kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', name: 'dw',
    depthwiseInitializer: tf.initializers.randomUniform({minval: -0.4, maxval: 0.4, seed: 9}), ...init()}).apply(bn);
  const r6 = tf.layers.reLU({maxValue: 6, name: 'r6'}).apply(dw);
  const pad = tf.layers.zeroPadding2d({padding: [[1, 0], [2, 1]], name: 'pad'}).apply(r6);
  const up = tf.layers.upSampling2d({size: [2, 3], name: 'up'}).apply(pad);
  const ap = tf.layers.averagePooling2d({poolSize: 2, strides: 1, padding: 'valid', name: 'ap'}).apply(up);
  const mp = tf.layers.maxPooling2d({poolSize: 2, strides: 2, padding: 'same', name: 'mp'}).apply(ap);
  const out = tf.layers.conv2d({filters: 3, kernelSize: 3, padding: 'same', activation: 'sigmoid', name: 'SR', ...init()}).apply(mp);
  const a = tf.model({inputs: x, outputs: out});
  await layersRecord('layers-free-size', a, pattern(11, 9, 3));
  // B: fixed size, strided SAME convolution, flatten and dense; also stored uint8- and float16-quantised.
  const b = tf.sequential({name: 'b'});
  b.add(tf.layers.conv2d({inputShape: [8, 7, 3], filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'bc', ...init()}));
  b.add(tf.layers.averagePooling2d({poolSize: 3, strides: 2, padding: 'same', name: 'bap'}));
  b.add(tf.layers.flatten({name: 'bflat'}));
  b.add(tf.layers.dense({units: 7, activation: 'relu', name: 'bd1', ...init()}));
  b.add(tf.layers.dropout({rate: 0.5, name: 'bdrop'}));
  b.add(tf.layers.dense({units: 4, activation: 'softmax', name: 'bd2', ...init()}));
  await layersRecord('layers-dense', b, pattern(8, 7, 3));
  await layersRecord('layers-dense-uint8', b, pattern(8, 7, 3), 'uint8');
  await layersRecord('layers-dense-float16', b, pattern(8, 7, 3), 'float16');
}

function b64(s) { return Buffer.from(s).toString('base64'); }
async function graph() {
  const nodes = []; const specs = []; const chunks = [];
  const T = {T: {type: 'DT_FLOAT'}};
  const node = (name, op, input, attr = {}) => { nodes.push({name, op, input, attr: {...T, ...attr}}); return name; };
  const konst = (name, shape, values, dtype = 'float32') => {
    nodes.push({name, op: 'Const', attr: {dtype: {type: dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT'},
      value: {tensor: {dtype: dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT', tensorShape: {dim: shape.map(size => ({size: String(size)}))}}}}});
    specs.push({name, shape, dtype});
    chunks.push(dtype === 'int32' ? new Int32Array(values) : Float32Array.from(values));
    return name;
  };
  const w = (name, shape, scale = 0.5) => konst(name, shape, randoms(shape.reduce((a, b) => a * b, 1), scale));
  const ints = l => ({list: {i: l.map(String)}});
  const str = s => ({s: b64(s)});
  const conv = (strides, padding) => ({strides: ints(strides), padding: str(padding), data_format: str('NHWC'), dilations: ints([1, 1, 1, 1])});
  const fusedOps = (...ops) => ({fused_ops: {list: {s: ops.map(b64)}}, num_args: {i: String(ops.includes('BiasAdd') ? 1 : 0)}});
  nodes.push({name: 'x', op: 'Placeholder', attr: {dtype: {type: 'DT_FLOAT'}, shape: {shape: {dim: [{size: '-1'}, {size: '8'}, {size: '8'}, {size: '3'}]}}}});
  const c1 = node('c1', '_FusedConv2D', ['x', w('w1', [3, 3, 3, 4]), w('b1', [4])], {...conv([1, 2, 2, 1], 'SAME'), ...fusedOps('BiasAdd', 'Relu')});
  const d1 = node('d1', 'FusedDepthwiseConv2dNative', [c1, w('wd', [3, 3, 4, 1]), w('bd', [4])], {...conv([1, 1, 1, 1], 'SAME'), ...fusedOps('BiasAdd', 'Relu6')});
  const c2 = node('c2', 'Conv2D', [d1, w('w2', [1, 1, 4, 6])], conv([1, 1, 1, 1], 'VALID'));
  const d2 = node('d2', 'DepthwiseConv2dNative', [c2, w('wd2', [2, 2, 6, 1])], conv([1, 1, 1, 1], 'SAME'));
  const m1 = node('m1', 'Mul', [d2, w('k6', [6])]);
  const a1 = node('a1', 'AddV2', [m1, w('k6b', [6])]);
  const s1 = node('s1', 'Sub', [a1, konst('half', [], [0.5])]);
  const dv = node('dv', 'RealDiv', [s1, konst('two', [], [2])]);
  const mx = node('mx', 'Maximum', [dv, konst('lo', [], [-0.3])]);
  const mn = node('mn', 'Minimum', [mx, konst('hi', [], [0.8])]);
  const ap = node('ap', 'AvgPool', [mn], {ksize: ints([1, 2, 2, 1]), strides: ints([1, 2, 2, 1]), padding: str('VALID'), data_format: str('NHWC')});
  const th = node('th', 'Tanh', [c2]);
  const mp = node('mp', 'MaxPool', [th], {ksize: ints([1, 3, 3, 1]), strides: ints([1, 2, 2, 1]), padding: str('SAME'), data_format: str('NHWC')});
  const sg = node('sg', 'Sigmoid', [mp]);
  const ad = node('ad', 'Add', [ap, sg]);
  const mean = node('mean', 'Mean', [ad, konst('axes12', [2], [1, 2], 'int32')], {keep_dims: {b: false}, Tidx: {type: 'DT_INT32'}});
  const max = node('max', 'Max', [ad, konst('axes3', [1], [3], 'int32')], {keep_dims: {b: true}, Tidx: {type: 'DT_INT32'}});
  const rs = node('rs', 'Reshape', [ad, konst('shape', [2], [-1, 24], 'int32')]);
  const fm = node('fm', '_FusedMatMul', [rs, w('w3', [24, 5]), w('b3', [5])], {transpose_a: {b: false}, transpose_b: {b: false}, ...fusedOps('BiasAdd', 'Relu')});
  const ex = node('ex', 'ExpandDims', [fm, konst('dim1', [], [1], 'int32')]);
  const sq = node('sq', 'Squeeze', [ex], {squeeze_dims: ints([1])});
  const sm = node('sm', 'Softmax', [sq]);
  const slice = (name, x, b, e, s, masks) => node(name, 'StridedSlice', [x, konst(name + '/b', [b.length], b, 'int32'),
    konst(name + '/e', [e.length], e, 'int32'), konst(name + '/s', [s.length], s, 'int32')],
    {Index: {type: 'DT_INT32'}, begin_mask: {i: String(masks[0])}, end_mask: {i: String(masks[1])},
     shrink_axis_mask: {i: String(masks[2])}, ellipsis_mask: {i: '0'}, new_axis_mask: {i: '0'}});
  const ss = slice('ss', sm, [0, 1], [0, 4], [1, 1], [1, 1, 0]);
  const ss2 = slice('ss2', mean, [0, 2], [0, 3], [1, 1], [1, 1, 2]);
  const ss4 = slice('ss4', ad, [0, 0, 0, 1], [0, 1, 0, 5], [1, 1, 1, 2], [5, 5, 0]);
  const mm = node('mm', 'MatMul', [mean, w('w4', [2, 6])], {transpose_a: {b: false}, transpose_b: {b: true}});
  const rl = node('rl', 'Relu', [mm]);
  const outs = {out_slice: ss, out_shrink: ss2, out_matmul: rl, out_max: max, out_slice4d: ss4};
  for (const [name, from] of Object.entries(outs)) node(name, 'Identity', [from]);
  const total = chunks.reduce((a, c) => a + c.byteLength, 0);
  const data = new Uint8Array(total); let o = 0;
  for (const c of chunks) { data.set(new Uint8Array(c.buffer), o); o += c.byteLength; }
  const topology = {node: nodes, library: {}, versions: {producer: 1}};
  const signature = {inputs: {'x:0': {name: 'x:0', dtype: 'DT_FLOAT'}},
    outputs: Object.fromEntries(Object.keys(outs).map(n => [n + ':0', {name: n + ':0', dtype: 'DT_FLOAT'}]))};
  const json = {format: 'graph-model', generatedBy: 'atelier tiny-models.js', convertedBy: null,
    userDefinedMetadata: {signature}, modelTopology: topology, weightsManifest: [{paths: ['weights.bin'], weights: specs}]};
  const model = await tf.loadGraphModel(tf.io.fromMemory({modelTopology: topology, weightSpecs: specs, weightData: data.buffer, userDefinedMetadata: {signature}}));
  const input = pattern(8, 8, 3);
  const names = Object.keys(outs);
  const ys = model.execute({x: input}, names);
  const outputs = [];
  for (let i = 0; i < names.length; i++) outputs.push({name: names[i] + ':0', shape: ys[i].shape, values: Array.from(await ys[i].data())});
  write('graph-ops', json, data.buffer, {input: input.shape, outputs});
}

(async () => { await tf.setBackend('cpu'); await layers(); await graph(); console.log('written to', OUT); })();

// The Node peer: @imgly/background-removal-node@1.4.5 (model "medium" = ISNet fp16) on each photo. Writes the cutout
// as raw RGBA, the mask in alpha) as <out>/<photo>.node.rgba and prints the median end-to-end time of RUNS runs after a warm-up.
import { removeBackground } from '@imgly/background-removal-node';
import fs from 'node:fs';
const runs = Number(process.env.RUNS ?? 5);
const [out, ...photos] = process.argv.slice(2);
for (const photo of photos) {
  const bytes = fs.readFileSync(photo);
  const type = photo.endsWith('.png') ? 'image/png' : 'image/jpeg';
  const times = [];
  let result;
  for (let r = -1; r < runs; r++) {
    const t0 = performance.now();
    result = await removeBackground(new Blob([bytes], { type }), { model: 'medium', output: { format: 'image/x-rgba8' } });
    if (r >= 0) times.push(performance.now() - t0);
  }
  fs.writeFileSync(`${out}/${photo.split('/').pop()}.node.rgba`, Buffer.from(await result.arrayBuffer()));
  times.sort((a, b) => a - b);
  console.log(`${photo.split('/').pop()} node end to end median ${Math.round(times[Math.floor(times.length / 2)])} ms`
    + ` (min ${Math.round(times[0])}, max ${Math.round(times[times.length - 1])}) RSS now ${Math.round(process.memoryUsage().rss / 1048576)} MiB`);
}
const status = fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/);
console.log(`peak RSS ${Math.round(Number(status[1]) / 1024)} MiB`);

#!/usr/bin/env bash
# AI Video Enhance benchmark: clips made from a real photo (a slow pan, 30 frames/s, AAC tone), enhanced x2 with the
# classical engine through `atelier run` (the same code path as a server worker). Prints fps, CPU seconds (user+sys,
# from /usr/bin/time: load-independent), peak RSS and the decode/enhance/encode shares from the result metadata.
# Usage: bash bench/video/run.sh [FRAMES] [SIZES]   e.g. 90 "854x480 1280x720"; ATELIER_JAVA_OPTS=-Xmx1g bounds the
# heap (RSS otherwise follows the JVM's default heap, a quarter of RAM). Per-frame CPU without JVM start-up: run it
# with two FRAMES values and take the difference, or read the transcode's own process CPU time (process_cpu_ms in the
# result metadata of `atelier run`), printed first.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
frames=${1:-90}
sizes=${2:-854x480 1280x720}
work=bench/work/video
mkdir -p "$work"
bash bench/fetch-photos.sh >/dev/null
photo=$(ls ~/.cache/atelier/photos/fruits.jpg 2>/dev/null || ls bench/work/photos/fruits.jpg)
[ -f /tmp/atelier-imaging.cp ] || ./mvnw -o -q -B -pl atelier-imaging dependency:build-classpath \
  -Dmdep.outputFile=/tmp/atelier-imaging.cp >/dev/null
cp="atelier-imaging/target/classes:$(cat /tmp/atelier-imaging.cp)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)  cores: $(nproc)"
for size in $sizes; do
  w=${size%x*}; h=${size#*x}
  clip="$work/fruits-${h}p-${frames}.mp4"
  [ -f "$clip" ] || java --enable-native-access=ALL-UNNAMED -cp "$cp" bench/video/MakeClip.java "$photo" "$clip" "$w" "$h" "$frames" 2>/dev/null
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" ./atelier run video-enhance "$clip" -o "$work/out-${h}p-${frames}.mp4" \
    --json --no-progress > "$work/out-${h}p-${frames}.json"
  read -r wall user sys rss < "$work/time.txt"
  python3 - "$work/out-${h}p-${frames}.json" "$size" "$wall" "$user" "$sys" "$rss" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
m = doc["results"][0]["metadata"]
size, wall, user, sys_, rss = sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
cpu = user + sys_
parts = {k: m[k + "_ms"] for k in ("decode", "enhance", "encode")}
total = sum(parts.values())
shares = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in parts.items())
run_cpu = m.get("process_cpu_ms", 0) / 1000
print(f"{size} -> x2: {m['frames']} frames, transcode CPU {run_cpu:.1f} s = {1000 * run_cpu / m['frames']:.0f} ms/frame"
      f" -> {2 * m['frames'] / run_cpu if run_cpu else 0:.1f} fps on 2 idle cores (no JVM start-up);")
print(f"{size} -> x2: {m['frames']} frames, heap {__import__('os').environ.get('ATELIER_JAVA_OPTS', 'default')}, {m['fps']} fps (task wall), process CPU {cpu:.1f} s "
      f"= {1000 * cpu / m['frames']:.0f} ms/frame -> {2 * m['frames'] / cpu:.1f} fps on 2 idle cores; "
      f"peak RSS {rss // 1024} MiB; time shares {shares}; engine {m['engine']}")
PY
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

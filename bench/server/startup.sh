#!/usr/bin/env bash
# Start-up with and without the start-up cache (JDK 25 AOT cache), interleaved, medians of ROUNDS:
#   bench/server/startup.sh PHOTO_12MP.jpg [ROUNDS]
# - time to ready: `./atelier serve` launched until /readyz answers 200 (polled every 20 ms)
# - first request: the first GET /s2s/v2.0/features after ready (curl's time_total)
# - one-shot run: `./atelier run enhance PHOTO --param scale=1` (decode, the ×1 enhancer, encode; whole process)
# - vipsthumbnail PHOTO -s 1024 (whole process), for scale
# Run from the repository root after a build (the launcher's cache is made on first use: `./atelier --version`).
set -euo pipefail
PHOTO="$1" ROUNDS="${2:-3}"
WORK="$(mktemp -d /tmp/atelier-startup.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export ATELIER_SKIP_BUILD=1
now() { date +%s.%N; }
ready_ms() { # aot(0|1) -> "ready_ms first_request_ms"
  local port=$((18300 + RANDOM % 500)) t0 t1 pid first
  rm -rf "$WORK/data"
  t0=$(now)
  ATELIER_AOT="$1" ATELIER_DATA="$WORK/data" ATELIER_PORT="$port" ./atelier serve >"$WORK/serve.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; do sleep 0.02; done
  t1=$(now)
  first=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/s2s/v2.0/features")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v a="$t0" -v b="$t1" -v f="$first" 'BEGIN { printf "%.0f %.0f\n", (b - a) * 1000, f * 1000 }'
}
run_ms() { local t0; t0=$(now); ATELIER_AOT="$1" ./atelier run enhance "$PHOTO" -o "$WORK/out.jpg" --param scale=1 \
  --no-progress >/dev/null 2>&1; awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f\n", (b - a) * 1000 }'; }
vips_ms() { local t0; t0=$(now); vipsthumbnail "$PHOTO" -s 1024 -o "$WORK/thumb.jpg"; awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f\n", (b - a) * 1000 }'; }
declare -A R F X
V=""
for r in $(seq 1 "$ROUNDS"); do
  for aot in 0 1; do
    read -r rd fr < <(ready_ms "$aot")
    x=$(run_ms "$aot")
    R[$aot]+="$rd " F[$aot]+="$fr " X[$aot]+="$x "
    echo "round $r aot=$aot: ready $rd ms, first request $fr ms, one-shot run $x ms (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
  V+="$(vips_ms) "
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "| start-up cache | serve: time to ready (ms) | first request (ms) | one-shot run enhance ×1, 12 MP (ms) |"
echo "|---|---|---|---|"
for aot in 0 1; do
  echo "| $([ $aot = 1 ] && echo on || echo off) | $(echo "${R[$aot]}" | median) | $(echo "${F[$aot]}" | median) | $(echo "${X[$aot]}" | median) |"
done
echo "vipsthumbnail -s 1024, whole process: $(echo "$V" | median) ms; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

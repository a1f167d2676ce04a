#!/usr/bin/env bash
# Status polls and submit -> success, two builds side by side in one run (A/B interleaved, medians).
#   bench/server/polls.sh BEFORE_ROOT AFTER_ROOT [ROUNDS]
# Each ROOT is a checkout with atelier-cli/target/atelier-cli.jar built (./mvnw -o -q -B -DskipTests package);
# build "before" in a temporary worktree: git worktree add /tmp/before <commit>.
# Needs wrk (apt-get install wrk) and python3. Rate limiting is off on both nodes (it would answer 429 to wrk).
# Prints a Markdown table: /healthz and status req/s (wrk -t2 -c32 -d10s), status/healthz ratio, status p99,
# and the task-API overhead of submit -> success (wall minus the effect's run_ms, 1 ms poll, N tasks).
set -euo pipefail
BEFORE="$1" AFTER="$2" ROUNDS="${3:-3}" TASKS="${TASKS:-100}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
WORK="$(mktemp -d /tmp/atelier-polls.XXXXXX)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

start() { # name root port
  local name="$1" root="$2" port="$3" data="$WORK/$1"
  mkdir -p "$data"
  # the polled task must outlive the other side's turn: a 1 h polling window
  export ATELIER_DATA="$data" ATELIER_PORT="$port" ATELIER_RATE_LIMIT_ENABLED=false ATELIER_WORKERS=2 \
    ATELIER_POLLING_WINDOW=1h
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$root/atelier-cli/target/atelier-cli.jar" keys create --name bench \
    --json >"$data/key.json" 2>/dev/null
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$root/atelier-cli/target/atelier-cli.jar" serve \
    >"$data/server.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_key"])' "$data/key.json" >"$data/key"
}

start before "$BEFORE" 18081
start after "$AFTER" 18082
declare -A KEY TASK
for side in before after; do
  KEY[$side]="$(cat "$WORK/$side/key")"
  port=$([ $side = before ] && echo 18081 || echo 18082)
  # one finished task to poll; the same submit loop measures the overhead below
  TASK[$side]="$(python3 "$HERE/submit_loop.py" "http://127.0.0.1:$port" "${KEY[$side]}" 1 1 --print-task)"
done

wrkrps() { # fails on any non-2xx answer (an expired task would measure the error path)
  wrk -t2 -c32 -d"${DURATION:-10}"s --latency "$@" >"$WORK/wrk.out"
  if grep -q "Non-2xx" "$WORK/wrk.out"; then echo "non-2xx answers:" >&2; cat "$WORK/wrk.out" >&2; exit 1; fi
  awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} END {print r, p}' "$WORK/wrk.out"
}
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else { sub(/s$/, "", v); print v * 1000 } }'; }

declare -A H S P O
for side in before after; do # warm-up: JIT and caches, not counted
  port=$([ $side = before ] && echo 18081 || echo 18082)
  DURATION=5 wrkrps "http://127.0.0.1:$port/healthz" >/dev/null
  DURATION=5 wrkrps -H "Authorization: Bearer ${KEY[$side]}" "http://127.0.0.1:$port/s2s/v2.0/task/enhance/${TASK[$side]}" >/dev/null
done
for r in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    port=$([ $side = before ] && echo 18081 || echo 18082)
    read -r hr _ < <(wrkrps "http://127.0.0.1:$port/healthz")
    read -r sr sp < <(wrkrps -H "Authorization: Bearer ${KEY[$side]}" \
      "http://127.0.0.1:$port/s2s/v2.0/task/enhance/${TASK[$side]}")
    o="$(python3 "$HERE/submit_loop.py" "http://127.0.0.1:$port" "${KEY[$side]}" "$TASKS" 1)"
    H[$side]+="$hr " S[$side]+="$sr " P[$side]+="$(ms "$sp") " O[$side]+="$o|"
    echo "round $r $side: healthz $hr req/s, status $sr req/s (p99 $sp), submit->success $o (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "| build | /healthz req/s | status req/s | status ÷ healthz | status p99 (ms) | overhead p50 (ms) | overhead p99 (ms) |"
echo "|---|---|---|---|---|---|---|"
for side in before after; do
  h=$(echo "${H[$side]}" | median) s=$(echo "${S[$side]}" | median) p=$(echo "${P[$side]}" | median)
  o50=$(echo "${O[$side]}" | tr '|' '\n' | grep -o '"overhead_p50": [0-9.]*' | awk '{print $2}' | tr '\n' ' ' | median)
  o99=$(echo "${O[$side]}" | tr '|' '\n' | grep -o '"overhead_p99": [0-9.]*' | awk '{print $2}' | tr '\n' ' ' | median)
  printf '| %s | %.0f | %.0f | %.3f | %s | %s | %s |\n' "$side" "$h" "$s" "$(awk -v a="$s" -v b="$h" 'BEGIN{print a/b}')" "$p" "$o50" "$o99"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

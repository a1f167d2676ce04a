#!/usr/bin/env bash
# Status-poll latency at 32 connections on one node (issue 19's "p99 under 5 ms"), ROUNDS runs of wrk -t2 -c32 -d10s
# after a 5 s warm-up, polling one finished enhance task (v2 status); prints each round's req/s and p50/p99 with the
# load average, then the medians. /healthz in the same rounds for scale.
#   bench/server/poll-p99.sh [ROOT] [ROUNDS]      (ROOT has atelier-cli/target/atelier-cli.jar; needs wrk, python3)
set -euo pipefail
ROOT="${1:-.}" ROUNDS="${2:-3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
WORK="$(mktemp -d /tmp/atelier-p99.XXXXXX)" port=18091
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
export ATELIER_DATA="$WORK" ATELIER_PORT=$port ATELIER_RATE_LIMIT_ENABLED=false ATELIER_POLLING_WINDOW=1h
KEY="$("$JAVA" -jar "$ROOT/atelier-cli/target/atelier-cli.jar" keys create --name bench --json 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')"
"$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$ROOT/atelier-cli/target/atelier-cli.jar" serve >"$WORK/log" 2>&1 &
PID=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.3; done
TASK="$(python3 "$HERE/submit_loop.py" "http://127.0.0.1:$port" "$KEY" 1 1 --print-task)"
URL="http://127.0.0.1:$port/s2s/v2.0/task/enhance/$TASK"
wrk -t2 -c32 -d5s -H "Authorization: Bearer $KEY" "$URL" >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  h=$(wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$port/healthz" | awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} END {print r, p}')
  s=$(wrk -t2 -c32 -d10s --latency -H "Authorization: Bearer $KEY" "$URL" \
    | awk '/Non-2xx/ {bad=1} /Requests\/sec/ {r=$2} / 50%/ {m=$2} / 99%/ {p=$2} END {print r, m, p, bad ? "NON-2XX" : ""}')
  echo "round $r: healthz req/s, p99: $h | status req/s, p50, p99: $s | load $(cut -d' ' -f1 /proc/loadavg)"
done

#!/usr/bin/env bash
# CPU per task with 1 vs 2 workers (issue 19), one jar, two nodes side by side, rounds interleaved.
#   bench/server/scaling.sh [ROOT] [PHOTO] [SCALE] [TASKS] [ROUNDS] [POLL_MS]
# ROOT: a checkout with atelier-cli/target/atelier-cli.jar built. Prints scaling.py's Markdown table.
set -euo pipefail
ROOT="${1:-.}" PHOTO="${2:-$HOME/.cache/atelier/photos/astronaut.png}" SCALE="${3:-2}" TASKS="${4:-8}"
ROUNDS="${5:-3}" POLL="${6:-100}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$ROOT/atelier-cli/target/atelier-cli.jar"
WORK="$(mktemp -d /tmp/atelier-scaling.XXXXXX)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
SIDES=()
for w in 1 2; do
  data="$WORK/w$w" port=$((18600 + w))
  mkdir -p "$data"
  export ATELIER_DATA="$data" ATELIER_PORT="$port" ATELIER_RATE_LIMIT_ENABLED=false ATELIER_WORKERS=$w
  key="$("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" keys create --name bench --json 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')"
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g ${SCALING_JAVA_OPTS:-} -jar "$JAR" serve >"$data/server.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
  SIDES+=("${w}-worker=http://127.0.0.1:$port,$key,$!")
done
python3 "$HERE/scaling.py" "$PHOTO" "$SCALE" "$TASKS" "$ROUNDS" "$POLL" "${SIDES[@]}"

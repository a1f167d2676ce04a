#!/usr/bin/env bash
# Soak (issue 15, not CI): TASKS mixed tasks through one node, its RSS after warm-up against the end.
#   bench/server/soak.sh [ROOT] [TASKS] [CLIENTS] [WARMUP] [XMX]
# ROOT: a checkout with atelier-cli/target/atelier-cli.jar built (./mvnw -o -q -B -DskipTests package).
# Defaults: 3000 tasks, 4 clients, warm-up 500 tasks, -Xmx512m, 2 workers, rate limits off. Prints soak.py's samples,
# outcome counts and a JSON line with the drift (goal: within 5 %).
set -euo pipefail
ROOT="${1:-.}" TASKS="${2:-3000}" CLIENTS="${3:-4}" WARMUP="${4:-500}" XMX="${5:-512m}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$ROOT/atelier-cli/target/atelier-cli.jar"
WORK="$(mktemp -d /tmp/atelier-soak.XXXXXX)"
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
port=18715
export ATELIER_DATA="$WORK" ATELIER_PORT="$port" ATELIER_RATE_LIMIT_ENABLED=false ATELIER_WORKERS=2 \
  ATELIER_POLLING_WINDOW=1m
key="$("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" keys create --name soak --json 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')"
"$JAVA" --enable-native-access=ALL-UNNAMED -Xmx"$XMX" -jar "$JAR" serve >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
echo "node pid $PID, -Xmx$XMX, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$HERE/soak.py" "http://127.0.0.1:$port" "$key" "$PID" "$TASKS" "$CLIENTS" "$WARMUP"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); server log errors: $(grep -c ' ERROR ' "$WORK/server.log" || true)"

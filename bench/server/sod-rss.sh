#!/usr/bin/env bash
# Peak RSS and CPU per task of a node serving sod (ISNet), one node per ONNX Runtime configuration, one after another.
#   bench/server/sod-rss.sh [PHOTOS] [CONFIG...]
# PHOTOS: how many sod tasks (the cached sample photos of bench/fetch-photos.sh, cycled); default 19 (each once).
# CONFIG: space-free env assignments joined by commas, e.g. ATELIER_ONNX_OPTIMIZATION=extended; XMX=512m sets the
# node's -Xmx; default: the defaults, then extended optimisation. Unless XMX says otherwise every node gets the
# launcher's memory split for ATELIER_MEMORY_BUDGET=3g (-Xmx1024m, ATELIER_ONNX_MEMORY_MB=1792). Needs atelier-cli/target/atelier-cli.jar and isnet-fp16 installed in
# ATELIER_MODELS_DIR (default ~/.cache/atelier/models: ./atelier models pull isnet-fp16 --accept-license).
set -euo pipefail
N="${1:-19}"; shift || true
CONFIGS=("$@"); [ ${#CONFIGS[@]} -gt 0 ] || CONFIGS=("ATELIER_ONNX_OPTIMIZATION=all" "ATELIER_ONNX_OPTIMIZATION=extended")
HERE="$(cd "$(dirname "$0")" && pwd)"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$HERE/../../atelier-cli/target/atelier-cli.jar"
P="${ATELIER_CACHE:-$HOME/.cache/atelier}/photos"
mapfile -t ALL < <(ls "$P"/*.jpg "$P"/*.png | grep -v _matte)
PHOTOS=(); for i in $(seq 0 $((N - 1))); do PHOTOS+=("${ALL[$((i % ${#ALL[@]}))]}"); done
for config in "${CONFIGS[@]}"; do
  D=$(mktemp -d); port=$((18500 + RANDOM % 300))
  (
    export ATELIER_DATA=$D ATELIER_PORT=$port ATELIER_RATE_LIMIT_ENABLED=false ATELIER_ONNX_MEMORY_MB=1792 \
      ATELIER_MODELS_DIR="${ATELIER_MODELS_DIR:-$HOME/.cache/atelier/models}"
    XMX=1024m
    IFS=, read -ra kv <<<"$config"; for a in "${kv[@]}"; do export "$a"; done
    KEY=$("$J" -jar "$JAR" keys create --name b --json 2>/dev/null | python3 -c 'import json,sys;print(json.load(sys.stdin)["api_key"])')
    "$J" --enable-native-access=ALL-UNNAMED -Xmx$XMX -jar "$JAR" serve >"$D/log" 2>&1 & pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.2; done
    echo "$config: $(python3 "$HERE/sod_rss.py" "http://127.0.0.1:$port" "$KEY" $pid "${PHOTOS[@]}" 2>/dev/null)" \
      "load $(cut -d' ' -f1 /proc/loadavg)"
    kill $pid; wait $pid 2>/dev/null || true
  )
  rm -rf "$D"
done

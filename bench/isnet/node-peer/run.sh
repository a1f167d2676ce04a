#!/bin/sh
# The Node peer of Atelier's ISNet engine: @imgly/background-removal-node@1.4.5 (same model, "medium" = fp16),
# installed from npm into ${ATELIER_CACHE:-$HOME/.cache/atelier}/node-peer, run on the photos; writes the raw RGBA
# cutouts to $NODE_OUT (default /tmp/atelier-node-peer) for `IsnetBench compare`, prints median latency and peak RSS.
# The install needs the npm override sharp 0.33.5 and --onnxruntime-node-install-cuda=skip (its default install
# scripts download from GitHub). Usage: bench/isnet/node-peer/run.sh [runs]
set -eu
RUNS="${1:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${ATELIER_CACHE:-$HOME/.cache/atelier}"
PEER="$CACHE/node-peer"
OUT="${NODE_OUT:-/tmp/atelier-node-peer}"
mkdir -p "$PEER" "$OUT"
cp "$HERE/package.json" "$HERE/mask.mjs" "$PEER/"
cd "$PEER"
[ -d node_modules/@imgly/background-removal-node ] || \
  npm install --onnxruntime-node-install-cuda=skip --no-audit --no-fund >/dev/null
PHOTOS="$CACHE/photos"
set --
for name in ${PHOTO_NAMES:-astronaut.png coffee.png messi5.jpg chelsea.png}; do set -- "$@" "$PHOTOS/$name"; done
RUNS="$RUNS" node mask.mjs "$OUT" "$@"

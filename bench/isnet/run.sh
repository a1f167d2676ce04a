#!/bin/sh
# ISNet background-removal benchmark: Atelier end to end vs bare ONNX Runtime inference, peak RSS.
# Run alone on the machine (nothing else busy). Needs the model and photos in the cache:
#   ./atelier models pull isnet-fp16 --accept-license   (or run the engine tests once)
#   bench/fetch-photos.sh
# Usage: bench/isnet/run.sh [runs]   (default 5; THREADS=2, PHOTO_NAMES="astronaut.png ..." to choose photos)
set -eu
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
CP_FILE=$(mktemp)
./mvnw -B -q -pl atelier-engines -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="atelier-engines/target/atelier-engines-0.1.0-SNAPSHOT.jar:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
PHOTOS="${ATELIER_CACHE:-$HOME/.cache/atelier}/photos"
PHOTO_NAMES="${PHOTO_NAMES:-astronaut.png coffee.png messi5.jpg chelsea.png}"
export PHOTO_NAMES
set --
for name in $PHOTO_NAMES; do set -- "$@" "$PHOTOS/$name"; done
for mode in bare e2e e2e-arena; do
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$CP" bench/isnet/IsnetBench.java "$mode" "$RUNS" "$@" 2>/dev/null
done
# Against the Node peer (same model): its latency and memory, then mask agreement.
NODE_OUT="${NODE_OUT:-/tmp/atelier-node-peer}"
export NODE_OUT
bench/isnet/node-peer/run.sh "$RUNS"
"$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$CP" bench/isnet/IsnetBench.java compare 0 "$@" 2>/dev/null

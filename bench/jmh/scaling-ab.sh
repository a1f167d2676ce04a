#!/usr/bin/env bash
# CPU per enhance task with 1 vs 2 workers, two builds of the benchmarks jar, processes alternated A B A B.
#   bench/jmh/scaling-ab.sh BEFORE_JAR AFTER_JAR [PHOTO] [SCALE] [TASKS] [ROUNDS] [PAIRS]
# Each process prints Scaling's table (medians of ROUNDS, W=1 and W=2 interleaved inside it).
set -euo pipefail
A="$1" B="$2" PHOTO="${3:-$HOME/.cache/atelier/photos/astronaut.png}" SCALE="${4:-2}" TASKS="${5:-12}"
ROUNDS="${6:-3}" PAIRS="${7:-2}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
for p in $(seq 1 "$PAIRS"); do
  for side in before after; do
    jar=$([ $side = before ] && echo "$A" || echo "$B")
    echo "== $side (pair $p, load $(cut -d' ' -f1-3 /proc/loadavg))"
    "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$jar" dev.atelier.imaging.bench.Scaling "$PHOTO" "$SCALE" \
      "$TASKS" "$ROUNDS" | grep -E '^\| [12] |medians'
  done
done

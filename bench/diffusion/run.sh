#!/bin/sh
# The diffusion pipeline's own overhead per step on tiny bundles (no real weights needed). Run alone on the machine.
# Usage: bench/diffusion/run.sh [runs]   (default 5; THREADS=2)
set -eu
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
CP_FILE=$(mktemp)
./mvnw -B -q -o -pl atelier-engines -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="atelier-engines/target/classes:atelier-engines/target/test-classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
uptime
"$JAVA" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$CP" bench/diffusion/DiffusionBench.java "$RUNS" 2>/dev/null
uptime

#!/bin/sh
# The quality evaluation suite: every local effect on cases built from the real sample photos, each with a known
# right answer, against its baseline (OpenCV for inpainting). Prints one table and writes it to bench/README.md.
# Run alone, from anywhere:  bench/quality/run.sh [SEED]
# Needs: the photos (bench/fetch-photos.sh, run here), the ISNet and face models (pulled on first use through the
# model registry), and for the OpenCV baseline Debian's python3-opencv (the table shows n/a without it).
set -eu
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
bench/fetch-photos.sh
mkdir -p bench/work
./mvnw -o -q -B -pl atelier-engines -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/bench/work/quality-classpath.txt" -Dmdep.includeScope=test
CP="atelier-engines/target/test-classes:atelier-engines/target/classes:atelier-imaging/target/classes"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx6g \
    -cp "$CP:$(cat bench/work/quality-classpath.txt)" dev.atelier.engines.quality.QualitySuite "$PWD" "${1:-20261207}"

#!/bin/sh
# Compares atelier-imaging with OpenCV (Debian python3-opencv, via /usr/bin/python3) and libvips (libvips-tools) on
# real photos, and times every classical algorithm on a 12 MP picture. Writes bench/work/results.md.
# Run alone (no other heavy work on the machine), from the repository root:  bench/compare.sh [SEED] [budget|resize]
set -eu
cd "$(dirname "$0")/.."
command -v vips >/dev/null || { echo "libvips-tools missing: apt-get install libvips-tools" >&2; exit 1; }
/usr/bin/python3 -c "import cv2" 2>/dev/null || { echo "python3-opencv missing: apt-get install python3-opencv" >&2; exit 1; }
ldconfig -p | grep -q 'libturbojpeg\.so\.0' || { echo "libturbojpeg0 missing (Atelier's fast JPEG path): apt-get install libturbojpeg0" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (CPU time of the vips runs): apt-get install time" >&2; exit 1; }
bench/fetch-photos.sh
./mvnw -B -q -f bench/jmh/pom.xml package
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
"$JAVA" --enable-native-access=ALL-UNNAMED -Xmx8g -cp bench/jmh/target/benchmarks.jar \
    dev.atelier.imaging.bench.Compare bench/work "${1:-20261122}" ${2:+"$2"}

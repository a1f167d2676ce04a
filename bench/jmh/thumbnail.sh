#!/usr/bin/env bash
# 12 MP JPEG -> 1024 px thumbnail: Atelier's pipeline against vipsthumbnail (issue 19), one run, A/B interleaved.
#   bench/jmh/thumbnail.sh [PHOTO12] [ROUNDS]
# PHOTO12 defaults to aero1.jpg (bench/fetch-photos.sh) enlarged to 4000x3000 by `vips resize aero1.jpg X.jpg 6.25`.
# Fresh process: vipsthumbnail, a fresh JVM without a start-up cache, and one with a JDK 25 AOT cache trained on the
# same command (-XX:AOTCacheOutput, as the launcher does for `atelier`), round by round; wall and user+sys CPU of the
# whole process from /usr/bin/time, medians. Warm: Thumbnail warm (in process vs vipsthumbnail, interleaved).
# Needs the benchmarks jar (./mvnw -o -B -q -f bench/jmh/pom.xml package) and libvips-tools. With BEFORE_JAR set (the
# benchmarks jar of another build), the warm measurement runs that build and this one alternately, twice each.
set -euo pipefail
PHOTO="${1:-/tmp/photo12.jpg}" ROUNDS="${2:-7}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$(cd "$(dirname "$0")" && pwd)/target/benchmarks.jar"
WORK="$(mktemp -d /tmp/atelier-thumb.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
[ -f "$PHOTO" ] || vips resize "${ATELIER_CACHE:-$HOME/.cache/atelier}/photos/aero1.jpg" "$PHOTO[Q=92]" 6.25
J=("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" dev.atelier.imaging.bench.Thumbnail once "$PHOTO")
"$JAVA" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$WORK/thumb.aot" -cp "$JAR" \
  dev.atelier.imaging.bench.Thumbnail once "$PHOTO" "$WORK/train.jpg" 1024 2>/dev/null
measure() { # label command... -> appends "wall cpu" (ms) to $WORK/label
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$WORK/t" "$@" >/dev/null 2>&1
  awk '{printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000}' "$WORK/t" >>"$WORK/$label"
}
for r in $(seq 1 "$ROUNDS"); do
  measure vips vipsthumbnail "$PHOTO" -s 1024 -o "$WORK/v.jpg[Q=90]"
  measure fresh "${J[@]}" "$WORK/a.jpg" 1024
  measure aot "${J[@]:0:2}" -XX:AOTCache="$WORK/thumb.aot" "${J[@]:2}" "$WORK/b.jpg" 1024
done
med() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
vw=$(cut -d' ' -f1 "$WORK/vips" | med) vc=$(cut -d' ' -f2 "$WORK/vips" | med)
echo "| process | wall (ms) | CPU user+sys (ms) | wall ÷ vipsthumbnail | CPU ÷ vipsthumbnail |"
echo "|---|---|---|---|---|"
for label in vips fresh aot; do
  w=$(cut -d' ' -f1 "$WORK/$label" | med) c=$(cut -d' ' -f2 "$WORK/$label" | med)
  name=$([ $label = vips ] && echo "vipsthumbnail -s 1024" || ([ $label = fresh ] && echo "fresh JVM, no cache" || echo "fresh JVM, AOT cache"))
  printf '| %s | %s | %s | %.2f | %.2f |\n' "$name" "$w" "$c" "$(awk -v a="$w" -v b="$vw" 'BEGIN{print a/b}')" \
    "$(awk -v a="$c" -v b="$vc" 'BEGIN{print a/b}')"
done
echo "medians of $ROUNDS rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for jar in ${BEFORE_JAR:+"$BEFORE_JAR" "$JAR" "$BEFORE_JAR"} "$JAR"; do
  echo "warm, $([ "$jar" = "$JAR" ] && echo this build || echo "$jar"):"
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.atelier.imaging.bench.Thumbnail warm "$PHOTO" 1024 \
    "$ROUNDS" 2>/dev/null
done

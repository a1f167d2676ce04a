#!/bin/sh
# Fetches the real photos the engine tests use from Debian packages into
# ${ATELIER_CACHE:-$HOME/.cache/atelier}/photos (cached: does nothing when they are there).
#   python3-skimage: astronaut.png (one frontal face), coffee.png (no face)
#   opencv-doc:      a few sample photos (messi5.jpg, lena.jpg, ...) for benchmarks
# Needs apt-get (no root: apt-get download only) and dpkg-deb.
set -eu
CACHE="${ATELIER_CACHE:-$HOME/.cache/atelier}"
PHOTOS="$CACHE/photos"
mkdir -p "$PHOTOS"
if [ -f "$PHOTOS/astronaut.png" ] && [ -f "$PHOTOS/coffee.png" ] && [ -f "$PHOTOS/messi5.jpg" ]; then
  exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
apt-get download python3-skimage opencv-doc >/dev/null
for deb in *.deb; do dpkg-deb -x "$deb" extracted; done
for name in astronaut.png coffee.png chelsea.png; do
  f=$(find extracted -name "$name" -path '*skimage/data*' | head -n 1)
  [ -n "$f" ] && cp "$f" "$PHOTOS/"
done
for name in messi5.jpg lena.jpg baboon.jpg fruits.jpg building.jpg; do
  f=$(find extracted -name "$name" | head -n 1)
  if [ -n "$f" ]; then
    case "$f" in
      *.gz) gunzip -c "$f" > "$PHOTOS/$name" ;;
      *) cp "$f" "$PHOTOS/" ;;
    esac
  fi
done
ls -l "$PHOTOS"

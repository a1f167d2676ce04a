#!/bin/sh
# Fetches the real photographs used by atelier-imaging's tests and by the benchmarks, from Debian packages
# (python3-skimage and opencv-doc sample data), into ${ATELIER_CACHE:-$HOME/.cache/atelier}/photos.
# The photos are never committed. Needs apt-get (package lists present) and dpkg; no root needed for download.
set -eu

CACHE="${ATELIER_CACHE:-$HOME/.cache/atelier}/photos"
if [ -f "$CACHE/.complete" ]; then
    echo "photos already in $CACHE"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
echo "downloading python3-skimage and opencv-doc (about 116 MB) ..."
apt-get download python3-skimage opencv-doc
dpkg -x python3-skimage_*.deb skimage
dpkg -x opencv-doc_*.deb opencv

mkdir -p "$CACHE"
SK=skimage/usr/lib/python3/dist-packages/skimage/data
CV=opencv/usr/share/doc/opencv-doc/examples
for f in astronaut.png coffee.png chelsea.png rocket.jpg brick.png grass.png gravel.png camera.png; do
    cp "$SK/$f" "$CACHE/$f"
done
for f in fruits.jpg baboon.jpg building.jpg home.jpg aero1.jpg starry_night.jpg messi5.jpg orange.jpg \
         butterfly.jpg squirrel_cls.jpg; do
    cp "$CV/data/$f" "$CACHE/$f"
done
# A photo with a hand-made alpha matte: a real subject mask for the background blur/replace tests.
cp "$CV/alphamat/input_images/plant.jpg" "$CACHE/plant.jpg"
cp "$CV/alphamat/output_mattes/plant_result.png" "$CACHE/plant_matte.png"

touch "$CACHE/.complete"
echo "photos in $CACHE:"
ls "$CACHE"

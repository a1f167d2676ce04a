#!/usr/bin/env bash
# Peak RSS of a sod (ISNet) node over 4 photos: default JVM heap (a quarter of RAM, ONNX budget 3072 MiB) vs the
# launcher's 3g budget (-Xmx1024m, ATELIER_ONNX_MEMORY_MB=1792). Needs the built jar, the photos and isnet-fp16 cached.
set -e
cd /work/perf
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAR=atelier-cli/target/atelier-cli.jar
P=~/.cache/atelier/photos
PHOTOS="$P/astronaut.png $P/coffee.png $P/chelsea.png $P/aero1.jpg"
for side in before after; do
  D=$(mktemp -d); port=$((18500 + RANDOM % 300))
  if [ $side = before ]; then OPTS="--enable-native-access=ALL-UNNAMED"; unset ATELIER_ONNX_MEMORY_MB
  else OPTS="--enable-native-access=ALL-UNNAMED -Xmx1024m"; export ATELIER_ONNX_MEMORY_MB=1792; fi
  export ATELIER_DATA=$D ATELIER_PORT=$port ATELIER_RATE_LIMIT_ENABLED=false ATELIER_MODELS_DIR=$HOME/.cache/atelier/models
  KEY=$($J -jar $JAR keys create --name b --json 2>/dev/null | python3 -c 'import json,sys;print(json.load(sys.stdin)["api_key"])')
  $J $OPTS -jar $JAR serve > $D/log 2>&1 & pid=$!
  until curl -fs -o /dev/null http://127.0.0.1:$port/readyz; do sleep 0.2; done
  echo "$side: $(python3 bench/server/sod_rss.py http://127.0.0.1:$port $KEY $pid $PHOTOS 2>/dev/null) load $(cut -d' ' -f1 /proc/loadavg)"
  kill $pid; wait $pid 2>/dev/null || true; rm -rf $D
done

#!/bin/sh
# A fresh dreamcatcher for the interop checks: built into dist-interop, a new data folder, two
# organisations, two analysts, one collection, served on a free port of 127.0.0.1. What the
# checks read (port, users, collection) goes to $DREAMCATCHER_INTEROP_DIR.
set -e
cd "$(dirname "$0")/.."
DIR=${DREAMCATCHER_INTEROP_DIR:-/tmp/dreamcatcher-interop}
mkdir -p "$DIR"
[ -f dist-interop/src/cli/main.js ] || npx tsc -p tsconfig.json --outDir dist-interop --tsBuildInfoFile dist-interop/.tsbuildinfo
export DREAMCATCHER_DATA_DIR="$DIR/data"
rm -rf "$DREAMCATCHER_DATA_DIR" && mkdir -p "$DREAMCATCHER_DATA_DIR"
D="node dist-interop/src/cli/main.js"
$D org create "Compat Org" --json >/dev/null
$D org create "Other Org" --json >/dev/null
$D user create compat --org "Compat Org" --role analyst --json > "$DIR/user.json"
$D user create outsider --org "Other Org" --role analyst --json > "$DIR/outsider.json"
$D collection create compat-feed --api-root api1 --description "compat test" --read "Compat Org" --write "Compat Org" --json > "$DIR/collection.json"
PORT=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
echo "$PORT" > "$DIR/port"
nohup $D serve --port "$PORT" --sync-interval 0 --hunt-workers 0 --rate-limit 0 > "$DIR/server.log" 2>&1 &
echo $! > "$DIR/server.pid"
for i in 1 2 3 4 5 6 7 8 9 10; do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done
echo "serving on 127.0.0.1:$PORT (pid $(cat "$DIR/server.pid"))"

#!/bin/sh
# Stops the server setup.sh started.
kill "$(cat "${DREAMCATCHER_INTEROP_DIR:-/tmp/dreamcatcher-interop}/server.pid")"

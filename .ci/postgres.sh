#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the store tests; installs Debian's
# package when it is missing. Prints the URL to use as ARMSTRAIL_TEST_PG. Run as root.
# Usage: PGDIR=$(mktemp -d) bash .ci/postgres.sh start|stop|resume
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin
PGDIR="${PGDIR:?set PGDIR to an empty directory}"
PORT="${PGPORT:-54329}"

case "${1:-start}" in
start)
    if [ ! -x "$BIN/initdb" ]; then
        apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends postgresql >&2
    fi
    chown postgres "$PGDIR"
    runuser -u postgres -- "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >/dev/null
    runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDIR/data" -w -l "$PGDIR/log" \
        -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$PGDIR -c fsync=off" \
        start >&2
    echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
    ;;
resume)  # start a cluster this script created and stopped (the store fault tests restart theirs)
    runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDIR/data" -w -l "$PGDIR/log" \
        -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$PGDIR -c fsync=off" \
        start >&2
    echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
    ;;
stop)
    runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >&2 || true
    ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for the tests.
#   .ci/postgres.sh start DIR PORT   prints the DATABASE_URL
#   .ci/postgres.sh stop DIR
set -euo pipefail
cmd=$1 dir=$2 port=${3:-55432}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$pg_bin/initdb" -D "$dir/data" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
    as_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    as_pg "$pg_bin/psql" -q -h "$dir" -p "$port" -U postgres \
      -c "CREATE ROLE app LOGIN CREATEDB PASSWORD 'app'" -c "CREATE DATABASE app OWNER app" >/dev/null
    echo "postgres://app:app@127.0.0.1:$port/app"
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac

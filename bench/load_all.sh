#!/usr/bin/env bash
# The load figures of bench/README.md in one run, on this machine: gunicorn (2 workers, DEBUG off)
# on a fresh SQLite file and on a throwaway PostgreSQL, 50 judges × 40 villages at concurrency 10
# and 50, then the boards at 1,000 villages on both databases.
#   bash bench/load_all.sh [JUDGES] [VILLAGES]
# Needs the test environment (`make test` once, or .ci/venv.sh with requirements-test.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
judges=${1:-50} villages=${2:-40}
py=.venv/bin/python
work=$(mktemp -d /tmp/lsb-bench.XXXXXX)
chmod 755 "$work"  # the throwaway PostgreSQL runs as its own user
port_pg=${PG_PORT:-55490} port_app=${APP_PORT:-8390}
gunicorn_pid=""
stop() {
  [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null || true
  bash .ci/postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export STATIC_ROOT=$work/static ALLOWED_HOSTS=127.0.0.1 MEDIA_ROOT=$work/media DOCUMENT_CACHE_DIR=$work/documents
unset DEBUG
$py manage.py collectstatic --noinput -v 0

serve() {
  $py -m gunicorn config.wsgi --bind "127.0.0.1:$port_app" --workers 2 --no-control-socket \
    --pid "$work/gunicorn.pid" --daemon --error-logfile "$work/gunicorn.log"
  for _ in $(seq 50); do [ -s "$work/gunicorn.pid" ] && break; sleep 0.2; done
  gunicorn_pid=$(cat "$work/gunicorn.pid")
  sleep 1
}

unserve() {
  kill "$gunicorn_pid"; gunicorn_pid=""
  while [ -e "$work/gunicorn.pid" ]; do sleep 0.2; done
}

load() {  # a fresh round for each run: a repeated identical sheet is saved as "unchanged"
  local concurrency=$1 round
  round=$($py bench/load.py prepare --judges "$judges" --villages "$villages" 2>/dev/null | tail -n1)
  $py bench/load.py run --base-url "http://127.0.0.1:$port_app" --round "$round" \
    --concurrency "$concurrency" --server-pid "$gunicorn_pid"
}

run_database() {
  echo "# $1"
  $py manage.py migrate --noinput -v 0
  serve
  load 10
  load 50
  unserve
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
DATABASE_URL=sqlite:///$work/bench.sqlite3 run_database sqlite
mkdir -p "$work/pg"
pg_url=$(bash .ci/postgres.sh start "$work/pg" "$port_pg")
DATABASE_URL=$pg_url run_database postgresql

echo "# boards, 1,000 villages"
$py bench/leaderboard.py --villages 1000 --repeat 5
DATABASE_URL=$pg_url $py bench/leaderboard.py --villages 1000 --repeat 5

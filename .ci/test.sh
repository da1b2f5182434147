#!/usr/bin/env bash
# `make test`: install what the tests need, run the checks and the whole suite on SQLite and on a
# throwaway PostgreSQL at the same time, and fail if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=$VENV/bin/python

bash .ci/system-packages.sh || exit 1
bash .ci/venv.sh "${PYTHON:-python3}" "$VENV" requirements-test.txt || exit 1
touch "$VENV/.installed" "$VENV/.installed-test"

export DJANGO_SETTINGS_MODULE=config.settings_test
status=0
step() { echo; echo "== $*"; }

step "ruff"
"$VENV/bin/ruff" check . || status=1
step "manage.py check / makemigrations --check"
(unset DATABASE_URL; "$PY" manage.py check --fail-level WARNING && "$PY" manage.py makemigrations --check --dry-run) || status=1

# The two databases run side by side (each its own log, printed whole when it ends), so a run
# takes as long as the slower suite, not the sum.
logs=$(mktemp -d /tmp/lsb-logs.XXXXXX)
pg_dir=$(mktemp -d /tmp/lsb-pg.XXXXXX)
trap 'bash .ci/postgres.sh stop "$pg_dir"; rm -rf "$logs"' EXIT

step "pytest on SQLite and on PostgreSQL, side by side"
(unset DATABASE_URL; TEST_RUN=sqlite "$PY" -m pytest -q "$@" >"$logs/sqlite" 2>&1; echo $? >"$logs/sqlite.rc") &
sqlite_pid=$!
if url=$(bash .ci/postgres.sh start "$pg_dir" "${PG_PORT:-55432}"); then
  (DATABASE_URL=$url TEST_RUN=postgresql "$PY" -m pytest -q "$@" >"$logs/postgresql" 2>&1; echo $? >"$logs/postgresql.rc") &
  pg_pid=$!
else
  echo "PostgreSQL did not start:"; cat "$pg_dir/log" 2>/dev/null; status=1; pg_pid=
fi
for db in sqlite postgresql; do
  [ "$db" = postgresql ] && pid=$pg_pid || pid=$sqlite_pid
  [ -n "$pid" ] || continue
  wait "$pid"
  step "pytest on $db"
  cat "$logs/$db"
  rc=$(cat "$logs/$db.rc" 2>/dev/null || echo 1)
  [ "$rc" = 0 ] || { echo "pytest on $db exited $rc"; status=1; }
done

echo
if [ $status -eq 0 ]; then echo "make test: all checks passed on SQLite and PostgreSQL"; else echo "make test: FAILED"; fi
exit $status

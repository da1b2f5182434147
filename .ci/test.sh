#!/usr/bin/env bash
# `make test`: install what the tests need, run the checks and the whole suite on SQLite,
# then again on a throwaway PostgreSQL, and fail if anything failed.
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

step "pytest on SQLite"
(unset DATABASE_URL; "$PY" -m pytest -q "$@") || status=1

step "pytest on PostgreSQL"
pg_dir=$(mktemp -d /tmp/lsb-pg.XXXXXX)
trap 'bash .ci/postgres.sh stop "$pg_dir"' EXIT
if url=$(bash .ci/postgres.sh start "$pg_dir" "${PG_PORT:-55432}"); then
  DATABASE_URL=$url "$PY" -m pytest -q "$@" || status=1
else
  echo "PostgreSQL did not start:"; cat "$pg_dir/log" 2>/dev/null; status=1
fi

echo
if [ $status -eq 0 ]; then echo "make test: all checks passed on SQLite and PostgreSQL"; else echo "make test: FAILED"; fi
exit $status

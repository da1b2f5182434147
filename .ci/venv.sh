#!/usr/bin/env bash
# Create the virtual environment (installing Debian's python3-venv if needed) and install a requirements file.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
reqs=${3:-requirements.txt}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x "$venv/bin/python" ]; then
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    echo "Installing python3-venv (Debian package) ..."
    rm -rf "$venv"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$python" -m venv "$venv"
  fi
fi
"$venv/bin/python" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is required"'
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$reqs"

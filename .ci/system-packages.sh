#!/usr/bin/env bash
# Install missing Debian packages: those given as arguments, or by default what the tests need
# (PostgreSQL, Chromium, Chinese fonts, the PDF engine's libraries, PDF tools, gettext).
set -euo pipefail
PDF_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk)
if [ $# -gt 0 ]; then
  packages=("$@")
else
  packages=(postgresql chromium fonts-wqy-microhei poppler-utils gettext "${PDF_PACKAGES[@]}")
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
echo "Installing Debian packages: ${missing[*]}"
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

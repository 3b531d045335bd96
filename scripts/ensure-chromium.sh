#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser). Installs it when it is
# missing and this machine can (root with apt-get); otherwise says how, and fails.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$path" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Chromium not found at $path: installing Debian's chromium package for the browser tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$path" ] && exit 0
fi
echo "The browser tests need Chromium at $path: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1

#!/usr/bin/env bash
# Checks what `make run` / `make test` need from the system and says how to get what is missing.
set -u
missing=0
py=${PYTHON:-python3}
if ! command -v "$py" >/dev/null 2>&1; then
  echo "Missing: Python 3.11 or newer ($py). On Debian/Ubuntu: apt-get install python3 python3-venv" >&2
  exit 1
fi
if ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Python 3.11 or newer is needed; $py is $("$py" --version 2>&1). Set PYTHON=python3.11 or newer." >&2
  missing=1
fi
if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "Missing: the venv module. On Debian/Ubuntu: apt-get install python3-venv" >&2
  missing=1
fi
if ! "$py" - <<'PY'
import ctypes.util, sys
libs = ["pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig"]
sys.exit(0 if all(ctypes.util.find_library(name) for name in libs) else 1)
PY
then
  echo "Missing: Pango (WeasyPrint renders PDFs with it). On Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1" >&2
  missing=1
fi
exit $missing

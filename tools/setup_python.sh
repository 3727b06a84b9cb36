#!/usr/bin/env bash
# Creates the Python venv of the HGQ2/alkaid bridge (tools/keras_to_alir.py, alkaid_predict.py, ...)
# with the pinned packages of tools/requirements-python.txt. The compiler itself needs no Python.
#
# Usage: bash tools/setup_python.sh        (venv at $LUTC_VENV, default build/venv)
# Prints the venv's python on the last line. Idempotent: when the venv exists and was made from the
# same requirements file it returns at once. Needs CPython 3.11 ($LUTC_PYTHON, else python3.11,
# else python3 if it is 3.11) and PyPI.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${LUTC_VENV:-$root/build/venv}
requirements=$root/tools/requirements-python.txt
stamp=$venv/.lutc-requirements.sha256
want=$(sha256sum "$requirements" | cut -d' ' -f1)

if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/python"
  exit 0
fi

pick_python() {
  local candidate
  for candidate in ${LUTC_PYTHON:-} python3.11 python3 /usr/bin/python3.11 /usr/bin/python3; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

mkdir -p "$(dirname "$venv")"
# Two tests may ask for the venv at once: one creates it, the other waits.
exec 9>"$venv.lock"
if ! flock -w 900 9; then
  echo "setup_python.sh: error: timed out waiting for another setup of $venv" >&2
  exit 1
fi
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/python"
  exit 0
fi

python=$(pick_python) || {
  echo "setup_python.sh: error: CPython 3.11 with the venv module not found (set LUTC_PYTHON)" >&2
  exit 1
}
start=$(date +%s)
echo "[setup_python] creating $venv with $python" >&2
# The stamp is written last, so an interrupted install is never taken for a finished one.
rm -rf "$venv"
timeout 120 "$python" -m venv "$venv"
if ! timeout 1200 "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --only-binary=:all: -r "$requirements" >&2; then
  echo "setup_python.sh: error: pip could not install $requirements" >&2
  exit 1
fi
# Smoke check: the packages the tools import must load.
if ! KERAS_BACKEND=jax JAX_PLATFORMS=cpu timeout 300 "$venv/bin/python" -c \
    'import keras, hgq, alkaid, sklearn; from alkaid.types import CombLogic' >&2; then
  echo "setup_python.sh: error: the new venv at $venv cannot import hgq/alkaid" >&2
  exit 1
fi
echo "$want" >"$stamp"
echo "[setup_python] done in $(($(date +%s) - start)) s" >&2
echo "$venv/bin/python"

#!/usr/bin/env bash
# Creates the virtualenv and installs Boekstuk with its dev dependencies.
# Usage: scripts/python-deps.sh VENV
set -euo pipefail
venv="${1:-.venv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/python" -m pip install --quiet --progress-bar off)
"${pip[@]}" -e '.[dev]'

#!/usr/bin/env bash
# Creates the virtualenv and installs Boekstuk with its dev dependencies and the OCR fallbacks
# (the `rapidocr` and `easyocr` extras in pyproject.toml: onnxruntime, torch).
# Usage: scripts/python-deps.sh VENV
#
# torch: only the CPU build 2.13.0+cpu is accepted (scripts/ocr-constraints.txt). This kind of
# machine keeps that wheel on local disk (/opt/wheels); PyPI itself only has CUDA builds, which
# would pull several GB. Where the CPU wheel cannot be found, the install stops with pip's
# error instead of downloading CUDA. BOEKSTUK_OCR_EXTRA=0 leaves the `easyocr` extra out on
# purpose (its tests then skip).
set -euo pipefail
venv="${1:-.venv}"
here="$(cd "$(dirname "$0")" && pwd)"
export PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/python" -m pip install --quiet --progress-bar off)
[ -d /opt/wheels ] && pip+=(--find-links /opt/wheels)

if [ "${BOEKSTUK_OCR_EXTRA:-1}" = "0" ]; then
  "${pip[@]}" -e '.[dev,rapidocr]'
else
  "${pip[@]}" -c "$here/ocr-constraints.txt" -e '.[dev,rapidocr,easyocr]'
fi

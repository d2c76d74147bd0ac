#!/usr/bin/env bash
# Creates the virtualenv and installs Boekstuk with its dev dependencies and the OCR fallbacks
# (EasyOCR on torch, RapidOCR on onnxruntime; the `ocr` extra in pyproject.toml).
# Usage: scripts/python-deps.sh VENV
#
# torch: only the CPU build 2.13.0+cpu is accepted (scripts/ocr-constraints.txt). This kind of
# machine keeps that wheel on local disk (/opt/wheels); PyPI itself only has CUDA builds, which
# would pull several GB. Where the CPU wheel cannot be found the OCR extra is left out with a
# warning (the EasyOCR/RapidOCR tests then skip) instead of downloading CUDA. Set
# BOEKSTUK_OCR_EXTRA=0 to leave it out on purpose.
set -euo pipefail
venv="${1:-.venv}"
here="$(cd "$(dirname "$0")" && pwd)"
export PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/python" -m pip install --quiet --progress-bar off)
[ -d /opt/wheels ] && pip+=(--find-links /opt/wheels)

if [ "${BOEKSTUK_OCR_EXTRA:-1}" = "0" ]; then
  "${pip[@]}" -e '.[dev]'
elif "${pip[@]}" -c "$here/ocr-constraints.txt" -e '.[dev,ocr]'; then
  :
else
  echo "WARNING: the OCR extra (torch $(grep -o '2[^ ]*cpu' "$here/ocr-constraints.txt")," \
    "easyocr, rapidocr) could not be installed; installing without it" >&2
  "${pip[@]}" -e '.[dev]'
fi

#!/usr/bin/env bash
# Installs the system packages Boekstuk needs (Debian/Ubuntu), only when something is missing:
# Tesseract with Dutch, English, German, French and orientation data, poppler's pdftotext (for
# the invoice2data comparison in bench/extract_accuracy.py), and Chromium (the web UI's browser
# tests drive it through Playwright).
set -euo pipefail

need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
for lang in nld eng deu fra osd; do
  if ! tesseract --list-langs 2>/dev/null | grep -qx "$lang"; then
    need+=("tesseract-ocr-$lang")
  fi
done
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)  # bench: invoice2data's input
command -v python3 >/dev/null 2>&1 || need+=(python3 python3-venv)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
[ -x /usr/bin/chromium ] || need+=(chromium)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "installing system packages: ${need[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

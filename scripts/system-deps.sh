#!/usr/bin/env bash
# System packages. `system-deps.sh runtime`: what `jixiao serve` needs to export PDFs (an
# embeddable CJK TrueType font). Without an argument: everything the tests need besides. Idempotent
# and quiet: installs only what is missing, and does nothing when everything is there.
set -euo pipefail

# The PDF writer embeds AR PL UMing.
packages=(fonts-arphic-uming)
if [ "${1:-}" != "runtime" ]; then
  # poppler-utils: pdffonts/pdftoppm check the written PDFs. LibreOffice (Writer and Calc, no
  # GUI): jixiao converts .doc/.odt/.wps/.rtf with it, and the round-trip tests convert jixiao's
  # own XLSX/DOCX with it. Chromium and a CJK screen font: the browser tests and their
  # screenshots. PostgreSQL: the web tests run on it too.
  packages+=(poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui
             chromium fonts-wqy-microhei postgresql)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: apt-get not found; please install: ${missing[*]}" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "system-deps: not root; please install: ${missing[*]}" >&2
    exit 0
  fi
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q -o DPkg::Lock::Timeout=300 --no-install-recommends)
if ! $sudo apt-get install "${apt_opts[@]}" "${missing[@]}" >/tmp/jixiao-apt.log 2>&1; then
  # Package lists may be missing or stale on a fresh machine: update once and retry.
  $sudo apt-get update -q -o DPkg::Lock::Timeout=300 >>/tmp/jixiao-apt.log 2>&1 || true
  if ! $sudo apt-get install "${apt_opts[@]}" "${missing[@]}" >>/tmp/jixiao-apt.log 2>&1; then
    echo "system-deps: could not install ${missing[*]} (see /tmp/jixiao-apt.log)" >&2
    tail -5 /tmp/jixiao-apt.log >&2 || true
    exit 1
  fi
fi

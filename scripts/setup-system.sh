#!/bin/sh
# Install the Debian packages filmbook and its tests need, if any is missing:
# Pango for WeasyPrint, a CJK font so native titles never print as empty boxes,
# a Java runtime for EPUBCheck, poppler-utils and qpdf for the PDF tests, and calibre,
# whose ebook-meta and ebook-convert read the EPUB as calibre's library and converter do.
set -eu
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk
default-jre-headless poppler-utils qpdf python3-venv"
packages="$packages calibre"
# Chromium, for the EPUB tests that lay every page out at phone widths and run DAISY Ace.
packages="$packages chromium"
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
        || missing="$missing $package"
done
# Node.js and npm install DAISY Ace (tests/clients). A machine may have them from
# elsewhere than Debian (npm is then inside the nodejs package), so ask for the commands.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0
echo "filmbook: installing Debian packages:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# Another apt may be running (a second checkout setting itself up): wait for its lock.
# apt-get update takes the package lists' lock, which it does not wait for, so it is
# tried again for a few minutes.
wait="-o DPkg::Lock::Timeout=600"
tries=1
# shellcheck disable=SC2086
until $sudo apt-get $wait update -q; do
    [ "$tries" -lt 10 ] || exit 1
    tries=$((tries + 1))
    echo "filmbook: apt-get update failed (is another apt running?); trying again in 30 s"
    sleep 30
done
# shellcheck disable=SC2086
$sudo apt-get $wait install -y -q --no-install-recommends $missing

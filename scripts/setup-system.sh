#!/bin/sh
# Install the Debian packages filmbook and its tests need, if any is missing:
# Pango for WeasyPrint, a CJK font so native titles never print as empty boxes,
# a Java runtime for EPUBCheck, and poppler-utils and qpdf for the PDF tests.
set -eu
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk
default-jre-headless poppler-utils qpdf python3-venv"
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
        || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
echo "filmbook: installing Debian packages:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing

#!/bin/sh
# Install the reading-system tools the EPUB tests run (tests/clients/package-lock.json):
# DAISY Ace, the accessibility checker, which drives Debian's Chromium through puppeteer.
# npm ci runs only when node_modules is missing or the lock changed since it last ran.
# Neither puppeteer's own browser nor Electron (Ace's other runner) is downloaded: their
# install scripts only fetch those, and the tests use /usr/bin/chromium.
set -eu
clients=tests/clients
stamp=$clients/node_modules/.filmbook-installed
if [ -f "$stamp" ] && [ ! "$clients/package-lock.json" -nt "$stamp" ]; then
    exit 0
fi
echo "filmbook: installing the test clients (npm ci --prefix $clients)"
PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
    npm ci --prefix "$clients" --ignore-scripts --no-audit --no-fund --loglevel=error
touch "$stamp"

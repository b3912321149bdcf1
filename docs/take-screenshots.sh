#!/usr/bin/env bash
# Takes the runbook's pictures of Cockpit again (docs/runbook/*.png, shown in docs/runbook.md). It runs the
# browser test of stuck orders, StuckOrdersInCockpitBrowserTest (surefire execution browser-tests): the
# demo application on a random port, the orders of 1011 and 1012 stuck, then Cockpit in headless Chromium
# (find, read, retry, cancel) with a picture at each step. Needs what `mvn -B verify` needs: Java 17,
# Maven and Debian's chromium and chromium-driver (apt-get install chromium chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/runbook"
mkdir -p "$out"
rm -f "$out"/*.png
mvn -B -q test-compile surefire:test@browser-tests -Drunbook.screenshots="$out"
ls "$out"

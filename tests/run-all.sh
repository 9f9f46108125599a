#!/usr/bin/env bash
# Runs every test. The HTML safety test opens pages in Debian's Chromium (driven by Playwright,
# which never downloads a browser here): install it first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "run-all: installing Debian's chromium for the HTML safety test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q chromium >/dev/null
fi
dotnet test NbTools.sln

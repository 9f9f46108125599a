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
# The kernel extension's end-to-end test drives the real .NET Interactive kernel: install the
# Microsoft.dotnet-interactive tool into .tools/ (git-ignored) unless that version is already there.
DOTNET_INTERACTIVE_VERSION=1.0.712001
if [ ! -d ".tools/dotnet-interactive/.store/microsoft.dotnet-interactive/$DOTNET_INTERACTIVE_VERSION" ]; then
  echo "run-all: installing Microsoft.dotnet-interactive $DOTNET_INTERACTIVE_VERSION into .tools/dotnet-interactive"
  dotnet tool update Microsoft.dotnet-interactive --version "$DOTNET_INTERACTIVE_VERSION" --allow-downgrade --tool-path .tools/dotnet-interactive >/dev/null
fi
dotnet test NbTools.sln

#!/usr/bin/env bash
# Runs every test. The browser tests (HTML diff and runs comparison pages) open the pages in
# Chromium driven by Playwright, which never downloads a browser: Debian's chromium is installed
# here when it is missing and we are root with apt-get. Otherwise set CHROMIUM_PATH to a Chromium
# or Chrome; without one the browser tests are skipped with a message (in CI, CI=true, they fail).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-all: installing Debian's chromium for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q chromium >/dev/null
  else
    echo "run-all: no chromium and no root/apt-get to install it: browser tests will be skipped (set CHROMIUM_PATH to use another browser)"
  fi
fi
# The kernel extension's end-to-end test drives the real .NET Interactive kernel: install the
# Microsoft.dotnet-interactive tool into .tools/ (git-ignored) unless that version is already there.
DOTNET_INTERACTIVE_VERSION=1.0.712001
if [ ! -d ".tools/dotnet-interactive/.store/microsoft.dotnet-interactive/$DOTNET_INTERACTIVE_VERSION" ]; then
  echo "run-all: installing Microsoft.dotnet-interactive $DOTNET_INTERACTIVE_VERSION into .tools/dotnet-interactive"
  dotnet tool update Microsoft.dotnet-interactive --version "$DOTNET_INTERACTIVE_VERSION" --allow-downgrade --tool-path .tools/dotnet-interactive >/dev/null
fi
# The fast install (docs/install.md): the Native AOT nbtools with the full nbtools in full/ and the
# native git driver nbtools-git beside it. Its published binaries are tested too (NativeCliTests,
# GitDriverTests), and the walkthrough runs its story with them – published into .tools/nbtools.
echo "run-all: publishing the fast install (Native AOT nbtools, full/, nbtools-git) into .tools/nbtools"
rm -rf .tools/nbtools .tools/nbtools-git
dotnet publish src/NbTools.Cli.Native -c Release --use-current-runtime -o .tools/nbtools -v quiet -nologo >/dev/null
dotnet test NbTools.sln
# The coffee-prices story end to end (docs/walkthrough.md): packs and installs nbtools, then runs the
# story in a temporary git repository; it stops with a non-zero exit code at the first failed step.
./samples/coffee-prices/walkthrough.sh

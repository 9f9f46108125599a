#!/usr/bin/env bash
# The main job on the bundled sample: build nbtools, then validate, round-trip and upgrade the
# coffee-prices notebooks. Outputs go to samples/coffee-prices/out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/NbTools.Cli -c Release -o out --nologo -v quiet
sample=samples/coffee-prices
mkdir -p "$sample/out"

echo "== validate the sample notebook"
out/nbtools validate "$sample/coffee-prices.ipynb"

echo "== lossless round trip: read and write back, then compare bytes"
out/nbtools convert "$sample/coffee-prices.ipynb" --to ipynb -o "$sample/out/roundtrip.ipynb"
cmp "$sample/coffee-prices.ipynb" "$sample/out/roundtrip.ipynb" && echo "byte-identical: $sample/out/roundtrip.ipynb"

echo "== upgrade an nbformat 3 notebook to 4.5 and validate the result"
out/nbtools convert "$sample/coffee-prices-v3.ipynb" --to ipynb -o "$sample/out/upgraded.ipynb"
out/nbtools validate "$sample/out/upgraded.ipynb"

echo "== bad input is refused with one line and exit code 2"
printf '{"cells": [' > "$sample/out/truncated.ipynb"
set +e
out/nbtools convert "$sample/out/truncated.ipynb" --to ipynb -o "$sample/out/never-written.ipynb"
code=$?
set -e
echo "exit code $code; never-written.ipynb exists: $([ -e "$sample/out/never-written.ipynb" ] && echo yes || echo no)"

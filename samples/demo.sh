#!/usr/bin/env bash
# The main job on the bundled sample: build nbtools, then validate the coffee-prices notebook,
# round-trip it losslessly, convert it to readable text (.cs, .md, .dib) and back, and upgrade an
# nbformat 3 notebook, and merge two branches with the git driver. Outputs go to samples/coffee-prices/out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/NbTools.Cli -c Release --use-current-runtime -o out --nologo -v quiet
sample=samples/coffee-prices
rm -rf "$sample/out"
mkdir -p "$sample/out"

echo "== validate the sample notebook"
out/nbtools validate "$sample/coffee-prices.ipynb"

echo "== lossless round trip: read and write back, then compare bytes"
out/nbtools convert "$sample/coffee-prices.ipynb" --to ipynb -o "$sample/out/roundtrip.ipynb"
cmp "$sample/coffee-prices.ipynb" "$sample/out/roundtrip.ipynb" && echo "byte-identical: $sample/out/roundtrip.ipynb"

echo "== the notebook as a C# percent script (what you review and diff)"
out/nbtools convert "$sample/coffee-prices.ipynb" --to script -o "$sample/out/coffee-prices.cs"
sed -n '1,40p' "$sample/out/coffee-prices.cs"

echo "== Markdown and .dib, and each text back to .ipynb: every cell source survives"
for format in md dib; do
  out/nbtools convert "$sample/coffee-prices.ipynb" --to "$format" -o "$sample/out/coffee-prices.$format" -q
done
for format in cs md dib; do
  out/nbtools convert "$sample/out/coffee-prices.$format" --to ipynb -o "$sample/out/from-$format.ipynb" -q
  out/nbtools validate "$sample/out/from-$format.ipynb"
done

echo "== pair a copy with a C# script, edit the script, sync, and diff the notebooks"
cp "$sample/coffee-prices.ipynb" "$sample/out/paired.ipynb"
out/nbtools pair "$sample/out/paired.ipynb" --with cs
sed -i 's/Console.WriteLine(\$"{rows.Count} months loaded");/Console.WriteLine($"{rows.Count} months of prices loaded");/' "$sample/out/paired.cs"
out/nbtools sync "$sample/out/paired.cs"
set +e
out/nbtools diff "$sample/coffee-prices.ipynb" "$sample/out/paired.ipynb" --color never
echo "diff exit code $? (1: the notebooks differ; the edited cell lost its stale output, the others kept theirs)"
out/nbtools diff "$sample/coffee-prices.ipynb" "$sample/out/paired.ipynb" --format html --out "$sample/out/diff.html"
set -e
echo "HTML diff: $sample/out/diff.html"

echo "== upgrade an nbformat 3 notebook to 4.5 and validate the result"
out/nbtools convert "$sample/coffee-prices-v3.ipynb" --to ipynb -o "$sample/out/upgraded.ipynb"
out/nbtools validate "$sample/out/upgraded.ipynb"

echo "== git: install the merge driver and textconv in a scratch repository, merge two branches"
repo="$sample/out/repo"
mkdir -p "$repo"
cp "$sample/coffee-prices.ipynb" "$repo/coffee prices.ipynb"
g() { git -C "$repo" -c user.name=demo -c user.email=demo@nbtools.invalid -c commit.gpgsign=false "$@"; }
g init -q -b main
(cd "$repo" && ../../../../out/nbtools git install)
g add -A && g commit -q -m "coffee prices"
g checkout -q -b robusta
sed -i 's/var meanRobusta = rows.Average(r => r.Robusta);/var meanRobusta = rows.Average(r => r.Robusta); \/\/ robusta branch/' "$repo/coffee prices.ipynb"
g commit -q -am "robusta: annotate the mean"
g checkout -q main
sed -i 's/Data: illustrative monthly averages written for this sample./Data: illustrative monthly averages (main branch note)./' "$repo/coffee prices.ipynb"
g commit -q -am "main: source note"
echo "-- git log -p reads like code (textconv):"
g log -p -1 --format=%s | sed -n '1,20p'
g merge --no-edit -q robusta && echo "merged cleanly; both edits are in the notebook:"
grep -c -e "robusta branch" -e "main branch note" "$repo/coffee prices.ipynb"
out/nbtools validate "$repo/coffee prices.ipynb"

echo "== bad input is refused with one line and exit code 2"
printf '{"cells": [' > "$sample/out/truncated.ipynb"
set +e
out/nbtools convert "$sample/out/truncated.ipynb" --to ipynb -o "$sample/out/never-written.ipynb"
code=$?
set -e
echo "exit code $code; never-written.ipynb exists: $([ -e "$sample/out/never-written.ipynb" ] && echo yes || echo no)"

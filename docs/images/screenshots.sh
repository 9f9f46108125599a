#!/usr/bin/env bash
# Regenerates the README's pictures, on demand (they are not rebuilt by CI):
#   docs/images/diff.png  - `nbtools diff --format html` of the coffee-prices sample and an edited copy
#   docs/images/runs.png  - `nbtools runs compare --html` of three tracked runs of a quantile baseline
#   docs/images/mergetool.png - `nbtools mergetool` on a conflict between that edit and another one
# Each page is opened in headless Chromium (Debian's chromium, or CHROMIUM_PATH) and shot at
# 1000 CSS pixels wide, at scale 1, so the PNGs stay small. Needs the .NET SDK; nothing is downloaded but NuGet
# packages the build already uses. Run from anywhere: docs/images/screenshots.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$chromium" ]; then
    echo "screenshots: no Chromium found: install Debian's chromium or set CHROMIUM_PATH" >&2
    exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "screenshots: building nbtools"
dotnet build "$root/src/NbTools.Cli" -c Release -nologo -v q -o "$work/bin" >/dev/null
nbtools() { dotnet "$work/bin/nbtools.dll" "$@"; }

echo "screenshots: the HTML diff of the coffee-prices sample and an edited copy"
sample="$root/samples/coffee-prices/coffee-prices.ipynb"
cp "$sample" "$work/coffee-prices.ipynb"
# A copy of the sample edited as a person would: its text twin changed (a markdown line and a code
# line), the edit brought back into the notebook (outputs of untouched cells kept).
edited_copy() { # NAME MARKDOWN-LINE CODE-LINE
    cp "$sample" "$work/$1.ipynb"
    nbtools convert "$work/$1.ipynb" --to cs >/dev/null 2>&1
    sed -i -e "s|^// Mean price and the spread between the two varieties.|// $2|" \
           -e "s|^var meanRobusta = rows.Average(r => r.Robusta);|$3|" "$work/$1.cs"
    nbtools convert "$work/$1.cs" --to ipynb --update >/dev/null 2>&1
}
edited_copy edited "Mean price of the high-volume months, and the spread between the two varieties." \
    "var meanRobusta = rows.Where(r => r.Shipments > 10000).Average(r => r.Robusta);"
status=0
(cd "$work" && nbtools diff coffee-prices.ipynb edited.ipynb --format html --out diff.html) || status=$? # short names in the page's title
if [ "$status" -ne 1 ]; then
    echo "screenshots: expected the notebooks to differ (nbtools diff exit 1), got $status" >&2
    exit 1
fi

echo "screenshots: the mergetool page on a conflicting edit of the same lines"
edited_copy other "Mean price since July, and the spread between the two varieties." \
    "var meanRobusta = rows.Skip(6).Average(r => r.Robusta);"
(cd "$work" && exec dotnet "$work/bin/nbtools.dll" mergetool coffee-prices.ipynb edited.ipynb other.ipynb -o merged.ipynb --no-browser > mergetool.log 2>&1) &
mergetool=$!
for _ in $(seq 100); do grep -q 'http://127.0.0.1' "$work/mergetool.log" 2>/dev/null && break; sleep 0.2; done
url="$(grep -o 'http://127.0.0.1:[0-9]*/[0-9a-f]*/' "$work/mergetool.log")"

echo "screenshots: three tracked runs and their comparison"
mkdir -p "$work/runs"
sed "s|@ROOT@|$root|" "$here/screenshot-runs.cs.txt" > "$work/runs/log-runs.cs"
ids="$(cd "$work/runs" && dotnet run log-runs.cs -- "$work/mlruns" "$root/samples/coffee-prices/data/coffee_prices.csv")"
# shellcheck disable=SC2086 # one run id per word
nbtools runs compare $ids --store "$work/mlruns" --html "$work/runs.html" >/dev/null

shoot() { # URL PNG HEIGHT
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-background-networking \
        --no-first-run --force-device-scale-factor=1 --window-size="1000,$3" --virtual-time-budget=5000 \
        --screenshot="$2" "$1" >/dev/null 2>&1
    echo "screenshots: wrote ${2#"$root"/} ($(wc -c < "$2") bytes)"
}
shoot "file://$work/diff.html" "$here/diff.png" 500
shoot "file://$work/runs.html" "$here/runs.png" 1020 # down to the metric charts
shoot "$url" "$here/mergetool.png" 760
# The closed page ends the session (exit 1, nothing written) within seconds; stop it if it is still up.
for _ in $(seq 100); do kill -0 "$mergetool" 2>/dev/null || break; sleep 0.2; done
kill "$mergetool" 2>/dev/null || true
wait "$mergetool" || true
if [ -e "$work/merged.ipynb" ]; then
    echo "screenshots: the mergetool wrote a file without Save" >&2
    exit 1
fi

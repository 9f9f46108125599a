#!/usr/bin/env bash
# The coffee-prices story end to end, in a temporary git repository: install nbtools from a local
# build; commit the notebook and its text twin; read diffs and logs like code; merge two branches
# cleanly; see, resolve and validate a conflict; change the data and see its new digest in a run;
# train three quantiles through the library extracted from the notebook; compare the runs; promote
# the best model to production, promote a worse one by mistake, and roll back.
# Offline after the build; exits non-zero at the first failure. Docs: docs/walkthrough.md.
# NBTOOLS=/path/to/nbtools skips step 0 (packing and installing the tool) and uses that command;
# otherwise the story runs on the fast install when .tools/nbtools (or NBTOOLS_FAST) holds one.
set -euo pipefail
[ -n "${WALKTHROUGH_TRACE:-}" ] && set -x
root="$(cd "$(dirname "$0")/../.." && pwd)"
sample="$root/samples/coffee-prices"
work="$(mktemp -d "${TMPDIR:-/tmp}/nbtools-walkthrough.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MLFLOW_TRACKING_URI="$work/coffee/mlruns"
unset MLFLOW_EXPERIMENT_NAME
started=$SECONDS

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "walkthrough: FAILED: $*" >&2; exit 1; }
# expect_in TEXT NEEDLE WHAT: TEXT must contain NEEDLE.
expect_in() { [[ "$1" == *"$2"* ]] || fail "$3: expected to see '$2'"; }
expect_not_in() { [[ "$1" != *"$2"* ]] || fail "$3: did not expect '$2'"; }
# expect_exit CODE COMMAND...: runs COMMAND, which must exit with CODE; its output is printed and kept in $out.
expect_exit() {
  local want=$1; shift
  set +e; out="$("$@" 2>&1)"; local got=$?; set -e
  printf '%s\n' "$out"
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
}
show() { printf '$ %s\n' "$*"; "$@"; }
# The first or last N lines; unlike head, reads all its input (no SIGPIPE under pipefail).
first() { awk -v n="$1" 'NR <= n'; }
last() { awk -v n="$1" '{ line[NR % n] = $0 } END { for (i = NR - n + 1; i <= NR; i++) if (i > 0) print line[i % n] }'; }

step "0. Install nbtools from a local build (dotnet pack, dotnet tool install)"
if [ -n "${NBTOOLS:-}" ]; then
  nbtools="$NBTOOLS"
  echo "using NBTOOLS=$nbtools"
else
  # A version of its own, so that NuGet's cache can hold no other build under this version.
  version="0.1.0-walkthrough.$(date +%s)"
  dotnet pack "$root/src/NbTools.Cli" -c Release -o "$work/nupkg" -p:Version="$version" --nologo -v quiet
  cat > "$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$work/nupkg" /></packageSources></configuration>
EOF
  show dotnet tool install nbtools --version "$version" --tool-path "$work/tool" --configfile "$work/nuget.config"
  nbtools="$work/tool/nbtools"
  out="$("$nbtools" --version)"
  echo "nbtools --version: $out"
  expect_in "$out" "$version" "the installed tool's version"
fi
# The fast install (docs/install.md: the Native AOT nbtools, the full nbtools in full/, nbtools-git
# beside them), when one was published (tests/run-all.sh puts it in .tools/nbtools; NBTOOLS_FAST names
# another): the story then runs on it – every command, native or handed on to full/ – as a user who
# chose it for speed runs it. NBTOOLS wins over both.
fast="${NBTOOLS_FAST:-$root/.tools/nbtools/nbtools}"
if [ -z "${NBTOOLS:-}" ] && [ -x "$fast" ]; then
  nbtools="$fast"
  echo "the story runs on the fast install: $nbtools ($("$nbtools" --version))"
fi
nb() { "$nbtools" "$@"; }

step "1. A repository with the notebook, its text twin and the data (DVC-tracked, with a DVC remote)"
repo="$work/coffee"
mkdir -p "$repo/data" "$repo/.dvc"
cp "$sample/coffee_prices.ipynb" "$sample/coffee_prices.cs" "$sample/train.cs" "$repo/"
cp "$sample/data/coffee_prices.csv" "$sample/data/coffee_prices.csv.dvc" "$sample/data/generate.cs" "$repo/data/"
# What `dvc init` and `dvc remote add -d storage s3://…` write (DVC itself is not needed here).
printf "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://coffee-team/dvc-store\n" > "$repo/.dvc/config"
printf '/config.local\n/tmp\n/cache\n' > "$repo/.dvc/.gitignore"
printf 'mlruns/\nCoffee/bin/\nCoffee/obj/\nCoffee/*/bin/\nCoffee/*/obj/\n' > "$repo/.gitignore"
cd "$repo"
git init -q -b main
git config user.name "Ana Analyst"; git config user.email ana@coffee.invalid; git config commit.gpgsign false
# git runs the textconv and the merge driver once per notebook: the Native AOT nbtools-git. The fast
# install records its own (beside nbtools); a tool install records one with --driver when NBTOOLS_GIT
# names it; otherwise git runs nbtools itself.
native="${NBTOOLS_GIT:-}"
if [ -n "$native" ] && [ -x "$native" ]; then
  show nb git install --driver "$native"
else
  show nb git install
fi
if [ "$nbtools" = "$fast" ] || [ -n "$native" ]; then
  expect_in "$(git config diff.nbtools.textconv)" "nbtools-git' git textconv" "the textconv git runs"
  expect_in "$(git config merge.nbtools.driver)" "nbtools-git' git merge-driver" "the merge driver git runs"
fi
git add -A && git commit -q -m "Coffee prices: notebook, paired text, data" && git log --oneline

step "2. An edit reads like code in git diff and git log -p (the textconv shows cells, not JSON)"
sed -i 's/^double testFraction = 0.25;/double testFraction = 0.2;/' coffee_prices.cs
show nb sync coffee_prices.cs
out="$(git diff -- coffee_prices.ipynb)"; printf '%s\n' "$out"
expect_in "$out" "+double testFraction = 0.2;" "git diff of the notebook"
expect_not_in "$out" '"source": [' "git diff of the notebook (no JSON)"
git commit -q -am "Hold out 20% for testing"
out="$(git log -p -1 --format='commit %h %s' -- coffee_prices.ipynb)"; printf '%s\n' "$out" | first 20
expect_in "$out" "-double testFraction = 0.25;" "git log -p of the notebook"

step "3. Two branches edit different cells; the merge is clean"
git checkout -q -b seed
sed -i 's/^int seed = 42; /int seed = 7;  /' coffee_prices.cs
nb sync coffee_prices.cs -q
git commit -q -am "Another split seed"
git checkout -q main
sed -i 's/R² {r2:F3}, MAE {mae:F3}/R² {r2:F4}, MAE {mae:F4}/' coffee_prices.cs
nb sync coffee_prices.cs -q
git commit -q -am "Scores with four decimals"
show git merge --no-commit seed
# The merge drops the two sides' sync records (digests of the files as each side synced them);
# sync finds the merged notebook and text in step and records that, in the merge commit.
show nb sync coffee_prices.ipynb
show nb sync --check coffee_prices.ipynb
show nb validate coffee_prices.ipynb
git commit -q -a --no-edit
for file in coffee_prices.ipynb coffee_prices.cs; do
  expect_in "$(cat "$file")" "int seed = 7;" "the merged $file (the seed branch's edit)"
  expect_in "$(cat "$file")" "R² {r2:F4}" "the merged $file (main's edit)"
done
echo "both edits are in the notebook and its text; the pair is in step"

step "4. Both branches change the same line: the conflict is reported, shown, resolved and validated"
git checkout -q -b quantile-90
sed -i 's/^double quantile = 0.5; /double quantile = 0.9; /' coffee_prices.cs
nb sync coffee_prices.cs -q
git commit -q -am "Default quantile 0.9"
git checkout -q main
sed -i 's/^double quantile = 0.5; /double quantile = 0.4; /' coffee_prices.cs
nb sync coffee_prices.cs -q
git commit -q -am "Default quantile 0.4"
expect_exit 1 git merge --no-edit quantile-90
expect_in "$out" "conflict: cell 5: source" "the merge driver's report"
echo "-- the two sides of the notebook, cell by cell (nbtools diff of git's stages 2 and 3):"
git show :2:coffee_prices.ipynb > "$work/ours.ipynb"
git show :3:coffee_prices.ipynb > "$work/theirs.ipynb"
expect_exit 1 nb diff "$work/ours.ipynb" "$work/theirs.ipynb" --color never
expect_in "$out" "- double quantile = 0.4;" "nbtools diff ours theirs"
expect_in "$out" "+ double quantile = 0.9;" "nbtools diff ours theirs"
echo "-- until it is resolved, validate says so:"
expect_exit 1 nb validate coffee_prices.ipynb
expect_in "$out" "unresolved merge conflict" "validate of the conflicted notebook"
echo "-- resolve: keep 0.9 in the notebook's cell (delete the markers and main's line), then nbtools resolve"
awk 'BEGIN{s=0} /"<<<<<<< /{s=1; next} /"=======\\n",$/{if (s==1) {s=2; next}} /">>>>>>> /{if (s==2) {s=0; next}} s!=1' coffee_prices.ipynb > "$work/resolved.ipynb"
mv "$work/resolved.ipynb" coffee_prices.ipynb
show nb resolve coffee_prices.ipynb
show nb validate coffee_prices.ipynb
show nb sync coffee_prices.ipynb --prefer ipynb
expect_in "$(cat coffee_prices.cs)" "double quantile = 0.9;" "the text twin after the resolution"
git add coffee_prices.ipynb coffee_prices.cs && git commit -q --no-edit
git log --oneline --graph | first 8

step "5. The library and its tests, extracted from the notebook (nbtools extract --tests); --check keeps them in step"
show nb extract coffee_prices.ipynb --out Coffee --name Coffee --tests -q
show nb extract coffee_prices.ipynb --out Coffee --name Coffee --tests --check -q
git add -A && git commit -q -m "Coffee: the library extracted from the notebook"
(cd Coffee && dotnet test Coffee.Tests --nologo -v quiet 2>&1 | last 3)
sed -i 's/^string modelName = "coffee-prices";/string modelName = "coffee-prices"; \/\/ the registered model/' coffee_prices.cs
nb sync coffee_prices.cs -q
expect_exit 1 nb extract coffee_prices.ipynb --out Coffee --name Coffee --tests --check -q
expect_in "$out" "stale:" "extract --check after a cell edit"
git checkout -q -- coffee_prices.cs coffee_prices.ipynb
echo "(edit undone)"

step "6. Three runs with different quantiles, each through the extracted library's Run"
show dotnet build train.cs --nologo -v quiet
for q in 0.5 0.75 0.95; do
  show dotnet run --no-build train.cs -- "$q"
done
out="$(nb runs list)"; printf '%s\n' "$out"
[ "$(grep -c FINISHED <<<"$out")" = 3 ] || fail "runs list: expected three FINISHED runs"
out="$(nb runs show "$(nb runs list | awk 'NR == 2 {print $1}')")"; printf '%s\n' "$out" | first 40
expect_in "$out" "27730e71e10c7fc389b60f9883699bc2" "the run's data version (the .dvc file's md5)"
expect_in "$out" "s3://coffee-team/dvc-store/files/md5/27/730e71e10c7fc389b60f9883699bc2" "the data's URL on the DVC remote"

step "7. The data changes (a new DVC version): the next run records the new digest"
(cd data && dotnet run generate.cs 7)
md5="$(md5sum data/coffee_prices.csv | cut -d' ' -f1)"
size="$(stat -c %s data/coffee_prices.csv)"
# What `dvc add data/coffee_prices.csv` writes: the file's md5 and size.
printf 'outs:\n- md5: %s\n  size: %s\n  hash: md5\n  path: coffee_prices.csv\n' "$md5" "$size" > data/coffee_prices.csv.dvc
show git diff --stat
git commit -q -am "Data: prices regenerated with seed 7"
show dotnet run --no-build train.cs -- 0.5
out="$(nb runs list)"
expect_in "$out" "data_version=$md5" "the new run's data version"
expect_in "$out" "dvc.coffee_prices.csv.md5=$md5" "the new run's DVC digest"
echo "the newest run used data version $md5; the earlier ones 27730e71e10c7fc389b60f9883699bc2"

step "8. Compare the runs (nbtools runs compare --html)"
# Run ids: the first column of runs list (unique prefixes), newest first.
ids=($(nb runs list | awk 'NR > 1 {print $1}'))
[ "${#ids[@]}" = 4 ] || fail "expected four runs, found ${#ids[@]}"
show nb runs compare "${ids[@]}" --html "$work/runs.html"
expect_in "$(cat "$work/runs.html")" "quantile" "the comparison page"
echo "comparison page: $(wc -c <"$work/runs.html") bytes, $work/runs.html"

step "9. Promote the best model to production, promote a worse one by mistake, roll back"
show nb models show coffee-prices
# The MAE of a version's run (models show names the run; runs list has its MAE).
mae_of_version() {
  local run
  run="$(nb models show coffee-prices | awk -v v="$1" '$1 == v {for (i = 1; i < NF; i++) if ($i == "run") print $(i + 1)}')"
  [ -n "$run" ] || fail "models show names no run for version $1"
  nb runs list | awk -v p="${run:0:8}" '$1 == p' | grep -o 'mae=[0-9.]*' | cut -d= -f2
}
best=""; worst=""
for v in 1 2 3; do # the three quantiles on the same data
  mae="$(mae_of_version "$v")"
  echo "version $v: MAE $mae"
  if [ -z "$best" ] || awk -v a="$mae" -v b="$best_mae" 'BEGIN { exit !(a < b) }'; then best=$v; best_mae=$mae; fi
  if [ -z "$worst" ] || awk -v a="$mae" -v b="$worst_mae" 'BEGIN { exit !(a > b) }'; then worst=$v; worst_mae=$mae; fi
done
echo "best: version $best (MAE $best_mae); worst: version $worst (MAE $worst_mae)"
[ "$best" != "$worst" ] || fail "the quantiles should not all score the same"
show nb models promote coffee-prices "$best" --alias production
show nb models promote coffee-prices "$worst" --alias production
echo "-- that was a mistake: roll production back"
show nb models rollback coffee-prices --alias production
out="$(nb models show coffee-prices)"; printf '%s\n' "$out"
production="$(awk '/^aliases:/ {a = 1; next} /^[a-z]/ {a = 0} a && $1 == "production" && $2 == "->" {print $4}' <<<"$out")"
[ "$production" = "$best" ] || fail "after the rollback, production should name version $best, not '$production'"
echo "production is version $production again, the best model"

step "Done in $((SECONDS - started)) s"

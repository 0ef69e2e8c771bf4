#!/usr/bin/env bash
# Reruns a short suite on the request workload (reference, the library path and the roofline) and
# fails when a ratio (reference / library or roofline / library) is below its floor in
# jmh-results/floors.json. Prints a table. Exit status: 0 pass, 1 regression, 2 nothing compared.
#
# usage: benchmarks/guard.sh [--floors FILE] [-- JMH options]
#   --floors FILE   floors to check against, default jmh-results/floors.json
#   after --        passed to JMH; they replace the defaults (-f 1 -wi 6 -w 1s -i 3 -r 1s
#                   -p workload=request -p impl=reference,<library>), e.g. longer warm-up: -- -wi 4 -w 1s
#                   or a subset: -- 'MergeBenchmark.mergeMulti|RooflineBenchmark' -p op=mergeMultiList
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/common.sh

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0"; }

floors=jmh-results/floors.json
while [ $# -gt 0 ]; do
  case "$1" in
    --floors) floors=${2:?--floors needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ ! -f "$floors" ]; then
  echo "error: $floors not found: record floors with benchmarks/run-suite.sh first" >&2
  exit 2
fi
library=$(sed -n 's/^ *"library": *"\([^"]*\)".*/\1/p' "$floors" | head -n 1)
if [ -z "$library" ]; then
  echo "error: $floors names no library implementation" >&2
  exit 2
fi

find_java_at_least 25
ensure_jar
mkdir -p jmh-results
results=jmh-results/guard.json
log=jmh-results/guard.log
echo "java: $JAVA; floors: $floors ($library); JMH log: $log" >&2
# JMH rejects an option given twice, so a default is only added when the caller did not give it.
given() { printf '%s\n' "${@:2}" | grep -qx -- "$1"; }
jmh=()
# Vector kernels are recompiled by C2 for several seconds before they settle: a shorter
# warm-up measures them mid-way and trips the floors with no regression in the code.
for pair in "-f 1" "-wi 6" "-w 1s" "-i 3" "-r 1s"; do
  given "${pair%% *}" "$@" || jmh+=(${pair})
done
printf '%s\n' "$@" | grep -q '^workload=' || jmh+=(-p workload=request)
printf '%s\n' "$@" | grep -q '^impl=' || jmh+=(-p "impl=reference,$library")
set +e
"$JAVA" -jar benchmarks/target/benchmarks.jar "${jmh[@]}" -rf json -rff "$results" "$@" > "$log" 2>&1
status=$?
set -e
if [ ! -s "$results" ]; then
  echo "error: JMH wrote no results (exit status $status); see $log" >&2
  exit 2
fi
exec "$JAVA" -cp benchmarks/target/benchmarks.jar dev.featuremaps.benchmarks.report.Guard \
  "$results" "$floors" --library "$library"

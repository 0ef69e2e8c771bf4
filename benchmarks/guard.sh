#!/usr/bin/env bash
# Reruns a short suite on the request workload (reference, the library path and the roofline) and
# fails when a ratio (reference / library or roofline / library) is below its floor. Each flag set
# has its own floors, recorded from a full suite under the same flags. Prints a table. Exit
# status: 0 pass, 1 regression, 2 nothing compared.
#
# usage: benchmarks/guard.sh [--flags NAME | --all] [--floors FILE] [-- JMH options]
#   --flags NAME    JVM flag set: default (the JVM's own, floors.json) or UseAVX2 (-XX:UseAVX=2,
#                   floors-UseAVX2.json); the forks get them after the vector and native-access options
#   --all           every flag set in turn (about 6 min each); the worst exit status wins
#   --floors FILE   floors to check against, default the flag set's (jmh-results/floors[-NAME].json)
#   after --        passed to JMH; they replace the defaults (the floors' operators and their
#                   rooflines, -f 1 -wi 6 -w 1s -i 3 -r 1s -p workload=request
#                   -p impl=reference,<library>), e.g. longer warm-up: -- -wi 8 -w 1s
#                   or a subset: -- 'MergeBenchmark.mergeMulti|RooflineBenchmark' -p op=mergeMultiList
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/common.sh

usage() { sed -n '2,17s/^# \{0,1\}//p' "$0"; }

flags=default
floors=""
all=""
while [ $# -gt 0 ]; do
  case "$1" in
    --flags) flags=${2:?--flags needs a value}; shift 2 ;;
    --all) all=yes; shift ;;
    --floors) floors=${2:?--floors needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -n "$all" ]; then
  if [ -n "$floors" ] || [ "$flags" != default ]; then
    echo "error: --all checks every flag set against its own floors; it takes no --flags or --floors" >&2
    exit 2
  fi
  worst=0
  for set in $FLAG_SETS; do
    echo "== flag set $set" >&2
    # One set's regression must not hide another's: run them all, then report the worst.
    status=0
    "$0" --flags "$set" -- "$@" || status=$?
    [ "$status" -le "$worst" ] || worst=$status
  done
  exit "$worst"
fi
extra=$(flag_set_args "$flags") || exit 2
[ -n "$floors" ] || floors=$(floors_file "$flags")
if [ ! -f "$floors" ]; then
  echo "error: $floors not found: record floors with benchmarks/run-suite.sh${extra:+ --flags $flags} first" >&2
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
if [ "$flags" = default ]; then suffix=""; else suffix="-$flags"; fi
results=jmh-results/guard$suffix.json
log=jmh-results/guard$suffix.log
echo "java: $JAVA; flags: $flags${extra:+ ($extra)}; floors: $floors ($library); JMH log: $log" >&2
# JMH rejects an option given twice, so a default is only added when the caller did not give it.
given() { printf '%s\n' "${@:2}" | grep -qx -- "$1"; }
jmh=()
# Vector kernels are recompiled by C2 for several seconds before they settle: a shorter
# warm-up measures them mid-way and trips the floors with no regression in the code.
for pair in "-f 1" "-wi 6" "-w 1s" "-i 3" "-r 1s"; do
  given "${pair%% *}" "$@" || jmh+=(${pair})
done
# Only what the floors cover: the floors' operators and their rooflines. Without this JMH would
# run every benchmark in the jar (layouts, latency, parallel, Arrow), over half an hour per set.
ops=$(sed -n 's/^ *"operator": *"\([^"]*\)".*/\1/p' "$floors" | sort -u)
if [ -z "$ops" ]; then
  echo "error: $floors has no floors" >&2
  exit 2
fi
# A benchmark pattern given after -- replaces this choice: any argument not starting with '-' that
# is not an option's value (JMH's options all take one, those a guard uses at least).
pattern=""
previous=""
for arg in "$@"; do
  case "$arg" in
    -*) ;;
    *) case "$previous" in -*) ;; *) pattern=yes ;; esac ;;
  esac
  previous=$arg
done
if [ -z "$pattern" ]; then
  jmh+=("(MergeBenchmark|LayoutBenchmark)\.($(echo $ops | tr ' ' '|'))\$|RooflineBenchmark")
  printf '%s\n' "$@" | grep -q '^op=' || jmh+=(-p "op=$(echo $ops | tr ' ' ',')")
fi
printf '%s\n' "$@" | grep -q '^workload=' || jmh+=(-p workload=request)
printf '%s\n' "$@" | grep -q '^impl=' || jmh+=(-p "impl=reference,$library")
given -jvmArgsAppend "$@" || jmh+=(-jvmArgsAppend "$BENCH_JVM_ARGS${extra:+ $extra}")
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

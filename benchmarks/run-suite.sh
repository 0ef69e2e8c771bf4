#!/usr/bin/env bash
# Runs the whole benchmark suite (every operator, workload and implementation, and the roofline)
# and writes jmh-results/<name>.json, <name>.log, SUMMARY.md, ratios.svg and floors.json.
#
# usage: benchmarks/run-suite.sh [--name NAME] [--flags SET] [--library IMPL] [--no-floors] [-- JMH options]
#   --name NAME     results file name, default suite-<date>-<time>
#   --flags SET     JVM flag set (see common.sh): default, or UseAVX2 (-XX:UseAVX=2), whose report is
#                   SUMMARY-<name>.md and ratios-<name>.svg (SUMMARY.md stays the default flags') and
#                   whose floors are floors-UseAVX2.json
#   --library IMPL  implementation the ratios divide by (default vector)
#   --no-floors     a partial run: do not overwrite the flag set's floors, nor SUMMARY.md (the report
#                   is SUMMARY-<name>.md and ratios-<name>.svg under the default flags too)
#   after --        passed to JMH, e.g. -- -p impl=reference,scalar -p workload=request
#   impl native (the C baseline) is left out, with a warning, when benchmarks.jar has no native library;
#   LayoutBenchmark (key-major and padded-dense operators) never has it: the C baseline covers the merges
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/common.sh

usage() { sed -n '2,16s/^# \{0,1\}//p' "$0"; }

name="suite-$(date +%Y%m%d-%H%M%S)"
library=vector
flags=default
partial=""
report_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --library) library=${2:?--library needs a value}; shift 2 ;;
    --flags) flags=${2:?--flags needs a value}; shift 2 ;;
    --no-floors) report_args+=(--no-floors); partial=yes; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

extra=$(flag_set_args "$flags") || exit 2
report_args+=(--floors "$(floors_file "$flags")")
# The suite's SUMMARY.md is the default flags' full run; any other report sits beside it.
if [ "$flags" != default ] || [ -n "$partial" ]; then report_args+=(--suffix "$name"); fi

find_java_at_least 25
ensure_jar
mkdir -p jmh-results
echo "java: $JAVA; results: jmh-results/$name.json" >&2

# The C baseline exists only where the jar's build found a C compiler. Without it every native
# trial would fail its setup, so it is dropped from the impl list rather than run to fail.
if native=$("$JAVA" --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
    dev.featuremaps.benchmarks.NativeMerge 2>&1); then
  echo "$native" >&2
else
  echo "$native" >&2
  echo "warning: native is unavailable; the suite runs without it" >&2
  jmh=()
  impl_given=""
  for arg in "$@"; do
    case "$arg" in
      impl=* | -pimpl=*)
        impl_given=yes
        kept=$(printf '%s' "${arg#*impl=}" | tr ',' '\n' | grep -vx native | paste -sd, - || true)
        if [ -z "$kept" ]; then
          echo "error: only native was asked for ($arg), and it is unavailable" >&2
          exit 2
        fi
        arg=${arg%%impl=*}impl=$kept ;;
    esac
    jmh+=("$arg")
  done
  # MergeBenchmark's @Param list without native.
  [ -n "$impl_given" ] || jmh+=(-p impl=reference,scalar,vector)
  set -- "${jmh[@]}"
fi

given=""
for arg in "$@"; do [ "$arg" != -jvmArgsAppend ] || given=yes; done
[ -n "$given" ] || set -- -jvmArgsAppend "$BENCH_JVM_ARGS${extra:+ $extra}" "$@"

# A failed benchmark (say, vector kernels that do not load) must not lose the others' report.
set +e
"$JAVA" -jar benchmarks/target/benchmarks.jar -rf json -rff "jmh-results/$name.json" "$@" 2>&1 \
  | tee "jmh-results/$name.log"
status=${PIPESTATUS[0]}
set -e
if [ ! -s "jmh-results/$name.json" ]; then
  echo "error: JMH wrote no results (exit status $status); see jmh-results/$name.log" >&2
  exit 1
fi
"$JAVA" -cp benchmarks/target/benchmarks.jar dev.featuremaps.benchmarks.report.Report \
  "jmh-results/$name.json" --out jmh-results --library "$library" ${report_args[@]+"${report_args[@]}"}
if grep -q '<failure>' "jmh-results/$name.log"; then
  echo "warning: some benchmarks failed; see jmh-results/$name.log" >&2
fi
exit "$status"

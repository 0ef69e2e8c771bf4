#!/bin/sh
# Compiles the C baseline of the JMH suite (the `native` implementation) into a shared library;
# run by the benchmarks module's Maven build at generate-resources.
#
# usage: build.sh SOURCE OUTPUT_DIR
#   writes OUTPUT_DIR/libfeaturemaps_merge.so, or, when no C compiler is found,
#   OUTPUT_DIR/libfeaturemaps_merge.missing saying why, and exits 0: the suite still builds and
#   runs without `native`. CC picks the compiler (default cc). A compiler that is present but
#   fails is a build error: a broken baseline must not disappear from the suite quietly.
set -eu
source=${1:?usage: build.sh SOURCE OUTPUT_DIR}
out=${2:?usage: build.sh SOURCE OUTPUT_DIR}
lib=$out/libfeaturemaps_merge.so
missing=$out/libfeaturemaps_merge.missing
cc=${CC:-cc}

mkdir -p "$out"
# Neither a library from an earlier build nor an old note may outlive this one.
rm -f "$lib" "$missing"
if ! command -v "$cc" >/dev/null 2>&1; then
  reason="no C compiler ('$cc') was found when benchmarks.jar was built"
  echo "$reason" > "$missing"
  echo "[featuremaps] $reason: the native implementation is not built; the suite runs without it"
  exit 0
fi
# -march=native: the baseline is what a C++ user gets on this CPU, so benchmarks.jar must run on
# the machine that built it (the benchmarks always do).
"$cc" -std=c11 -O3 -march=native -fPIC -shared -fvisibility=hidden -Wall -Wextra -o "$lib" "$source"
echo "[featuremaps] built $lib with $("$cc" --version 2>/dev/null | head -n 1 || echo "$cc")"

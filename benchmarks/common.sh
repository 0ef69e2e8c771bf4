# Shared by run-suite.sh and guard.sh (sourced, not run): finds a JDK 25+ and builds the jar.

. src/scripts/find-java.sh

# Sets JAVA to a launcher of version $1 or later (see src/scripts/find-java.sh).
find_java_at_least() {
  JAVA=$(min_java=$1 find_java)
}

# Builds benchmarks/target/benchmarks.jar when it is missing or older than a source (Java or the
# native baseline's C) or pom.
# Run from the repository root.
ensure_jar() {
  local jar=benchmarks/target/benchmarks.jar stale=""
  if [ -f "$jar" ]; then
    stale=$(find . \( -name target -o -name .git -o -name jmh-results \) -prune -o -type f \
      \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' -o -path '*/src/main/c/*' \) \
      -newer "$jar" -print 2>/dev/null | head -n 1)
  fi
  if [ ! -f "$jar" ] || [ -n "$stale" ]; then
    echo "building $jar${stale:+ ($stale changed)}" >&2
    mvn -q -DskipTests package -pl benchmarks -am
  fi
}

# JVM options every benchmark fork needs. JMH's -jvmArgsAppend replaces a benchmark's own
# @Fork(jvmArgsAppend), so a script that appends flags must repeat these.
BENCH_JVM_ARGS="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED"

# The flag sets the recorded results and floors cover: the JVM's defaults, and AVX2 only (what a
# host without AVX-512 runs, and how C2's choice of vector width changes the kernels' code).
FLAG_SETS="default UseAVX2"

# Prints the JVM flags of a flag set, added to BENCH_JVM_ARGS; fails for an unknown name.
flag_set_args() {
  case "$1" in
    default) echo "" ;;
    UseAVX2) echo "-XX:UseAVX=2" ;;
    *) echo "unknown flag set '$1'; known: $FLAG_SETS" >&2; return 1 ;;
  esac
}

# Prints the floors file of a flag set: floors.json for the defaults, floors-NAME.json otherwise.
floors_file() {
  if [ "$1" = default ]; then echo jmh-results/floors.json; else echo "jmh-results/floors-$1.json"; fi
}

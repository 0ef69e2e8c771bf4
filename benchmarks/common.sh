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

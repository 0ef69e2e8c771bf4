# Shared by run-suite.sh and guard.sh (sourced, not run): finds a JDK 25+ and builds the jar.

# Prints the feature version of a java launcher (25 for "25.0.3"), or nothing if it does not run.
java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  case "$v" in 1.*) v=${v#1.} ;; esac
  v=${v%%.*}
  case "$v" in '' | *[!0-9]*) return 0 ;; esac
  printf '%s' "$v"
}

# Sets JAVA to a launcher of version $1 or later: $JAVA_HOME's, else the one on PATH, else the
# newest found in the usual install locations. Fails with a message if there is none.
find_java() {
  local min=$1 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge "$min" ]; then JAVA="$JAVA_HOME/bin/java"; return 0; fi
  fi
  if candidate=$(command -v java 2>/dev/null); then
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge "$min" ]; then JAVA=$candidate; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /usr/local/java/*/bin/java \
      /usr/local/opt/openjdk*/bin/java /opt/java/*/bin/java /opt/*/bin/java \
      /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
      "$HOME"/.sdkman/candidates/java/*/bin/java "$HOME"/.jdks/*/bin/java "$HOME"/.gradle/jdks/*/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -n "$best" ]; then JAVA=$best; return 0; fi
  echo "error: no JDK $min or later found; set JAVA_HOME to one" >&2
  return 1
}

# Builds benchmarks/target/benchmarks.jar when it is missing or older than a source or pom.
# Run from the repository root.
ensure_jar() {
  local jar=benchmarks/target/benchmarks.jar stale=""
  if [ -f "$jar" ]; then
    stale=$(find . \( -name target -o -name .git -o -name jmh-results \) -prune -o -type f \
      \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$jar" -print 2>/dev/null | head -n 1)
  fi
  if [ ! -f "$jar" ] || [ -n "$stale" ]; then
    echo "building $jar${stale:+ ($stale changed)}" >&2
    mvn -q -DskipTests package -pl benchmarks -am
  fi
}

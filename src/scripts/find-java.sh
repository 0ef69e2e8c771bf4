# Finding a JDK by discovery, shared by ./featuremaps and the benchmark scripts (sourced, not
# run). Nothing here names one machine's path: it looks where JDKs are usually installed.

# Major version of a JDK home from its release file, without starting a JVM; empty if unknown.
home_major() {
    local release="$1/release" v
    [[ -f "$release" ]] || return 0
    v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" | head -n 1)"
    version_major "$v"
}

# Major version of a java binary, from `java -version`; empty if it does not run.
binary_major() {
    local v
    v="$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)" || true
    version_major "$v"
}

# "25.0.1" -> 25, "25-ea" -> 25, "1.8.0_292" -> 8
version_major() {
    local v="$1"
    [[ -n "$v" ]] || return 0
    if [[ "$v" == 1.* ]]; then
        v="${v#1.}"
    fi
    v="${v%%[!0-9]*}"
    [[ -n "$v" ]] && echo "$v"
    return 0
}

# Major version of the java in a JDK home, or empty.
jdk_major() {
    local home="$1" major
    [[ -x "$home/bin/java" ]] || return 0
    major="$(home_major "$home")"
    if [[ -z "$major" ]]; then
        major="$(binary_major "$home/bin/java")"
    fi
    echo "$major"
}

# Prints the path of a java launcher of version $min_java (default 25) or newer: $JAVA_HOME's,
# else the one on PATH, else the newest in the usual install locations (FEATUREMAPS_JDK_SEARCH,
# colon-separated globs of JDK homes, replaces that list). Fails with a message if there is none.
find_java() {
    local min_java="${min_java:-25}" major
    if [[ -n "${JAVA_HOME:-}" ]]; then
        major="$(jdk_major "$JAVA_HOME")"
        if [[ -n "$major" && "$major" -ge "$min_java" ]]; then
            echo "$JAVA_HOME/bin/java"
            return
        fi
    fi
    if command -v java > /dev/null 2>&1; then
        major="$(binary_major "$(command -v java)")"
        if [[ -n "$major" && "$major" -ge "$min_java" ]]; then
            command -v java
            return
        fi
    fi
    local patterns best="" best_major=0 home pattern
    if [[ -n "${FEATUREMAPS_JDK_SEARCH:-}" ]]; then
        IFS=: read -r -a patterns <<< "$FEATUREMAPS_JDK_SEARCH"
    else
        patterns=(
            "/usr/lib/jvm/*" "/usr/java/*" "/usr/local/lib/jvm/*" "/opt/java/*" "/opt/jdk*" "/opt/jdks/*"
            "/Library/Java/JavaVirtualMachines/*/Contents/Home"
            "$HOME/Library/Java/JavaVirtualMachines/*/Contents/Home"
            "/opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home"
            "/usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home"
            "$HOME/.sdkman/candidates/java/*" "$HOME/.jdks/*" "$HOME/.gradle/jdks/*"
        )
    fi
    shopt -s nullglob
    for pattern in "${patterns[@]}"; do
        # Unquoted on purpose: the pattern is a glob.
        for home in $pattern; do
            [[ -d "$home" ]] || continue
            major="$(jdk_major "$home")"
            if [[ -n "$major" && "$major" -ge "$min_java" && "$major" -gt "$best_major" ]]; then
                best="$home/bin/java"
                best_major="$major"
            fi
        done
    done
    shopt -u nullglob
    if [[ -n "$best" ]]; then
        echo "$best"
        return
    fi
    echo "error: no JDK $min_java or newer found (JAVA_HOME=${JAVA_HOME:-unset}, java on PATH:" \
        "$(command -v java || echo none)); install one or set JAVA_HOME to it" >&2
    return 1
}


#!/bin/sh
# The floor picocli sets: a hello-world picocli command against a bare JVM, annotated and built
# through picocli's programmatic API.
#
#   src/bench/picocli-floor.sh [RUNS]        # from the repository root; RUNS defaults to 20
#
# What it measures
#   src/bench/PicocliHello.java (a help mixin, one option, positional parameters) run from a jar
#   of its own with the picocli classes kexec-inspect ships (target/kexec-inspect.jar's, rewritten
#   to class-file version 52 so that class-data sharing takes them), with a CDS archive made for it
#   the way the build makes kexec-inspect's, and the launcher's JVM flags. startup.sh times it
#   against the bare JVM, alternating. The ratio is what any annotated picocli command pays before
#   its own work (on the machine of the issue 7 note, 2.5x, the header inspect's whole target).
#   Then src/bench/PicocliSpecHello.java, the same command from CommandSpec builders, the same way:
#   what picocli costs without the JDK's annotation parser and proxies (2.0x to 2.2x there).
set -eu
runs=${1:-20}
case $runs in '' | *[!0-9]* | 0) echo "usage: src/bench/picocli-floor.sh [RUNS]" >&2; exit 2 ;; esac
if [ ! -f pom.xml ] || [ ! -f src/bench/PicocliHello.java ] || [ ! -f src/bench/PicocliSpecHello.java ]; then
    echo "picocli-floor.sh: run from the repository root" >&2; exit 2
fi
for tool in unzip jar javac; do
    command -v "$tool" >/dev/null || { echo "picocli-floor.sh: $tool not found (a JDK and unzip are needed)" >&2; exit 1; }
done
[ -f target/kexec-inspect.jar ] || mvn -q -B package -DskipTests
java_bin=${KEXEC_INSPECT_JAVA:-java}
java_opts=${KEXEC_INSPECT_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$tmp/classes"
(cd "$tmp/classes" && unzip -q "$OLDPWD/target/kexec-inspect.jar" 'picocli/*')
javac -nowarn -d "$tmp/classes" -cp "$tmp/classes" src/bench/PicocliHello.java src/bench/PicocliSpecHello.java
# hello NAME MAIN: a jar with MAIN as its entry point, its CDS archive, and $tmp/NAME to run it.
hello() {
    printf 'Main-Class: %s\n' "$2" >"$tmp/$1.mf"
    (cd "$tmp/classes" && jar cfm "$tmp/$1.jar" "$tmp/$1.mf" .)
    # shellcheck disable=SC2086
    "$java_bin" $java_opts -XX:ArchiveClassesAtExit="$tmp/$1.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
        -jar "$tmp/$1.jar" --format json a b >/dev/null
    cat >"$tmp/$1" <<EOS
#!/bin/sh
exec "$java_bin" $java_opts -XX:SharedArchiveFile="$tmp/$1.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$tmp/$1.jar" "\$@"
EOS
    chmod +x "$tmp/$1"
}
hello picocli-hello PicocliHello
hello picocli-spec-hello PicocliSpecHello
KEXEC_INSPECT_BENCH_TOOL="$tmp/picocli-hello" KEXEC_INSPECT_BENCH_ARGS="--format json a b" sh src/bench/startup.sh "$runs"
echo
KEXEC_INSPECT_BENCH_TOOL="$tmp/picocli-spec-hello" KEXEC_INSPECT_BENCH_ARGS="--format json a b" sh src/bench/startup.sh "$runs"

#!/bin/sh
# Startup benchmark: kexec-inspect against a bare JVM.
#
# What it measures
#   The wall-clock time (and, if GNU time is installed, the peak RSS) of one
#   complete CLI run, `target/kexec-inspect inspect --format json IMAGE`, on a
#   real Debian amd64 kernel image. It compares that with a bare JVM running a
#   class that only prints "hello", started with the same JVM flags as the
#   launcher (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto). The JVM's
#   own startup is the same in both, so the difference is our work: loading
#   the jar's classes, parsing the image and writing the JSON.
#   The two commands run alternately in one loop, after 3 untimed warm-up runs
#   of each, so that drift in machine load or page cache affects both alike.
#
# How to run (from the repository root)
#   src/bench/startup.sh [RUNS]        # RUNS defaults to 20
#   The jar is built with `mvn -q -B package -DskipTests` if it is missing.
#   The image comes from `src/test/scripts/debian-kernel.sh amd64` (downloaded
#   and cached on first use), or from $KEXEC_INSPECT_KERNEL if that is set.
#   KEXEC_INSPECT_JAVA and KEXEC_INSPECT_JAVA_OPTS are honoured as the launcher
#   honours them, and apply to the bare JVM too, so the comparison stays fair.
#
# Target
#   median(kexec-inspect) <= 2.5 x median(bare JVM). The report says whether
#   it was met; the script exits 0 either way (it is a benchmark, not a test)
#   and non-zero only if something could not run.
#
# POSIX sh, except that it needs `date +%s%N` (GNU coreutils) for
# nanosecond timestamps; it checks for that and stops if it is missing.
set -eu

runs=${1:-20}
case $runs in
    '' | *[!0-9]* | 0)
        echo "usage: src/bench/startup.sh [RUNS]   (RUNS: a positive integer, default 20)" >&2
        exit 2 ;;
esac

# The commands below use paths relative to the repository root.
if [ ! -f pom.xml ] || [ ! -x src/test/scripts/debian-kernel.sh ]; then
    echo "startup.sh: run from the repository root (pom.xml and src/test/scripts/ not found)" >&2
    exit 2
fi

# Timing in milliseconds needs sub-second resolution; a date without %N
# prints a literal "N" (or "%N"), which would give nonsense numbers.
case $(date +%s%N) in
    *[!0-9]*) echo "startup.sh: date +%s%N is not supported (GNU date needed)" >&2; exit 1 ;;
esac

# Same java binary and flags as target/kexec-inspect, so that only our work differs.
java_bin=${KEXEC_INSPECT_JAVA:-java}
java_opts=${KEXEC_INSPECT_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto}

if [ ! -f target/kexec-inspect.jar ] || [ ! -x target/kexec-inspect ]; then
    echo "startup.sh: target/kexec-inspect.jar missing; building it (mvn -q -B package -DskipTests)" >&2
    mvn -q -B package -DskipTests
fi
if [ ! -f target/kexec-inspect.jar ] || [ ! -x target/kexec-inspect ]; then
    echo "startup.sh: the build did not produce target/kexec-inspect.jar and target/kexec-inspect" >&2
    exit 1
fi

if [ -n "${KEXEC_INSPECT_KERNEL:-}" ]; then
    image=$KEXEC_INSPECT_KERNEL
else
    # Fails (and so do we, through set -e) if the image cannot be downloaded.
    image=$(src/test/scripts/debian-kernel.sh amd64)
fi
if [ ! -r "$image" ]; then
    echo "startup.sh: kernel image not readable: $image" >&2
    exit 1
fi
image_bytes=$(wc -c <"$image" | tr -d ' ')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Make Ctrl-C and kill go through the EXIT trap, so the temp dir is removed.
trap 'exit 130' INT
trap 'exit 143' TERM

# The baseline: a class that does nothing but print one line.
cat >"$tmp/Hello.java" <<'EOF'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
EOF
javac -d "$tmp" "$tmp/Hello.java"

# Peak RSS needs GNU time (-f, -o); probe it rather than trust that it exists.
have_rss=0
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$tmp/probe" true 2>/dev/null; then
    have_rss=1
fi

# run_timed NAME CMD...: runs CMD once with stdout discarded (stderr is kept
# so failures are visible), and appends its wall time in microseconds to
# $tmp/NAME.wall and, if available, its peak RSS in KiB to $tmp/NAME.rss.
# Both commands go through the same wrapper, so its overhead cancels out.
run_timed() {
    name=$1
    shift
    t0=$(date +%s%N)
    if [ "$have_rss" = 1 ]; then
        /usr/bin/time -f %M -o "$tmp/rss.last" "$@" >/dev/null || return 1
    else
        "$@" >/dev/null || return 1
    fi
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000)) >>"$tmp/$name.wall"
    if [ "$have_rss" = 1 ]; then
        # GNU time writes a "Command exited..." line first on failure; the
        # number is always the last line.
        tail -n 1 "$tmp/rss.last" >>"$tmp/$name.rss"
    fi
}

# The two measured commands. java_opts is split into words on purpose, as
# the launcher does.
# KEXEC_INSPECT_BENCH_ARGS times another command line instead (src/bench/all.sh times --version
# with it: the start-up of the CLI itself); the 2.5x target is the header inspect's.
# KEXEC_INSPECT_BENCH_TOOL runs another program with those arguments, or with the header inspect's
# (src/bench/picocli-floor.sh times a hello-world picocli command with it; another build's launcher
# times that build).
bench_args=${KEXEC_INSPECT_BENCH_ARGS:-}
bench_tool=${KEXEC_INSPECT_BENCH_TOOL:-target/kexec-inspect}
run_tool() {
    if [ -n "$bench_args" ]; then
        # shellcheck disable=SC2086
        run_timed "$1" "$bench_tool" $bench_args
    else
        run_timed "$1" "$bench_tool" inspect --format json "$image"
    fi
}
run_bare() {
    # shellcheck disable=SC2086
    run_timed "$1" "$java_bin" $java_opts -cp "$tmp" Hello
}

# Warm-up: fills the page cache (jar, image, JDK modules and CDS archive) so
# the first timed runs are not penalised by cold disk reads.
i=0
while [ "$i" -lt 3 ]; do
    run_tool warmup-tool || { echo "startup.sh: kexec-inspect failed" >&2; exit 1; }
    run_bare warmup-bare || { echo "startup.sh: bare JVM failed" >&2; exit 1; }
    i=$((i + 1))
done

# Measurement: alternate the two commands so both see the same conditions.
i=0
while [ "$i" -lt "$runs" ]; do
    run_tool tool || { echo "startup.sh: kexec-inspect failed (run $((i + 1)))" >&2; exit 1; }
    run_bare bare || { echo "startup.sh: bare JVM failed (run $((i + 1)))" >&2; exit 1; }
    i=$((i + 1))
done

# stats FILE: prints "median min max" of the numbers in FILE (one a line).
# The median of an even count is the mean of the two middle values.
stats() {
    sort -n "$1" | awk '
        { v[NR] = $1 }
        END {
            if (NR % 2) med = v[(NR + 1) / 2]
            else        med = (v[NR / 2] + v[NR / 2 + 1]) / 2
            print med, v[1], v[NR]
        }'
}

tool_wall=$(stats "$tmp/tool.wall")
bare_wall=$(stats "$tmp/bare.wall")
if [ "$have_rss" = 1 ]; then
    tool_rss=$(stats "$tmp/tool.rss")
    bare_rss=$(stats "$tmp/bare.rss")
else
    tool_rss=
    bare_rss=
fi

echo "kexec-inspect startup benchmark"
echo "  java:   $("$java_bin" -version 2>&1 | head -n 1)"
echo "  flags:  $java_opts"
echo "  nproc:  $(nproc)"
if [ -n "$bench_args" ]; then echo "  command: $bench_tool $bench_args"; else echo "  image:  $image ($image_bytes bytes)"; fi
echo "  runs:   $runs (after 3 warm-up runs of each, alternating)"
echo
# Wall times are stored in microseconds; shown in ms. RSS is stored in KiB; shown in MiB.
if [ -n "$bench_args" ]; then label="$(basename "$bench_tool") $bench_args (a)"; else label="kexec-inspect inspect (a)"; fi
printf '%s\n%s\n%s\n%s\n' "$tool_wall" "$bare_wall" "$tool_rss" "$bare_rss" | awk -v have_rss="$have_rss" -v label="$label" -v custom="$bench_args" '
    NR == 1 { split($0, t, " ") }
    NR == 2 { split($0, b, " ") }
    NR == 3 { split($0, tr, " ") }
    NR == 4 { split($0, br, " ") }
    function rss(r) {
        if (have_rss != 1) return "n/a"
        return sprintf("%.1f MiB (min %.1f, max %.1f)", r[1] / 1024, r[2] / 1024, r[3] / 1024)
    }
    END {
        printf "  %-28s %10s %10s %10s   %s\n", "", "median ms", "min ms", "max ms", "median max RSS"
        printf "  %-28s %10.1f %10.1f %10.1f   %s\n", label, t[1] / 1000, t[2] / 1000, t[3] / 1000, rss(tr)
        printf "  %-28s %10.1f %10.1f %10.1f   %s\n", "bare JVM Hello (b)", b[1] / 1000, b[2] / 1000, b[3] / 1000, rss(br)
        ratio = t[1] / b[1]
        printf "\n  ratio median(a)/median(b): %.2fx\n", ratio
        if (custom == "") printf "  target: <= 2.5x bare JVM: %s\n", (ratio <= 2.5 ? "met" : "NOT met")
        else printf "  target: none for this command line\n"
    }'

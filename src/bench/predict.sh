#!/bin/sh
# Prediction benchmarks (issue 5).
#
# What it measures
#   1. preflight: the median wall time of `target/kexec-inspect preflight` on this machine (live
#      facts, as kdump-tools would run it before every load), against a bare JVM that only prints
#      "hello", started with the launcher's flags. Runs alternate, after 3 warm-up runs of each.
#      Target: median(preflight) <= 3 x median(bare JVM).
#   2. predict over 1,000 captures in one JVM: the five hand-made Hyper-V captures of
#      native-fixtures/hyperv-captures copied 200 times each into a temporary directory, predicted
#      with `predict --format jsonl --threads 1` and `--threads 2`; captures per second, JVM start
#      included. The model has no shared mutable state, so 2 threads should give close to 2x on 2 cores.
#
# How to run (from the repository root)
#   src/bench/predict.sh [RUNS]      # RUNS for preflight, default 20
#   Builds the jar with `mvn -q -B package -DskipTests` if it is missing. Exits 0 whether or not the
#   target is met (a benchmark, not a test); non-zero only if something could not run.
#
# POSIX sh; needs GNU date (%N).
set -eu

runs=${1:-20}
case $runs in '' | *[!0-9]* | 0) echo "usage: src/bench/predict.sh [RUNS]" >&2; exit 2 ;; esac
[ -f pom.xml ] || { echo "predict.sh: run from the repository root" >&2; exit 2; }
case $(date +%s%N) in *[!0-9]*) echo "predict.sh: GNU date +%s%N needed" >&2; exit 1 ;; esac

java_bin=${KEXEC_INSPECT_JAVA:-java}
java_opts=${KEXEC_INSPECT_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto}
[ -f target/kexec-inspect.jar ] || mvn -q -B package -DskipTests

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat >"$tmp/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$tmp" "$tmp/Hello.java"

# ms NAME CMD...: appends CMD's wall time in microseconds to $tmp/NAME (exit status 0, 1 or 4 is a verdict, not a failure)
ms() {
    name=$1; shift
    t0=$(date +%s%N)
    rc=0
    "$@" >/dev/null 2>&1 || rc=$?
    t1=$(date +%s%N)
    case $rc in 0 | 1 | 4) ;; *) echo "predict.sh: $* failed ($rc)" >&2; exit 1 ;; esac
    echo $(((t1 - t0) / 1000)) >>"$tmp/$name"
}
median() { sort -n "$1" | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

i=0
while [ "$i" -lt 3 ]; do
    ms warm target/kexec-inspect preflight
    # shellcheck disable=SC2086
    ms warm "$java_bin" $java_opts -cp "$tmp" Hello
    i=$((i + 1))
done
i=0
while [ "$i" -lt "$runs" ]; do
    ms preflight target/kexec-inspect preflight
    # shellcheck disable=SC2086
    ms bare "$java_bin" $java_opts -cp "$tmp" Hello
    i=$((i + 1))
done
p=$(median "$tmp/preflight")
b=$(median "$tmp/bare")
echo "preflight: median $((p / 1000)) ms, bare JVM median $((b / 1000)) ms, ratio $(awk "BEGIN { printf \"%.2f\", $p / $b }") (target <= 3.00)"

mkdir "$tmp/caps"
n=0
while [ "$n" -lt 200 ]; do
    for c in native-fixtures/hyperv-captures/gen*/; do
        n1=$(basename "$c")
        cp -r "$c" "$tmp/caps/$n-$n1"
    done
    n=$((n + 1))
done
count=$(find "$tmp/caps" -mindepth 1 -maxdepth 1 -type d | wc -l | tr -d ' ')
for threads in 1 2; do
    t0=$(date +%s%N)
    rc=0
    target/kexec-inspect predict --format jsonl --threads "$threads" "$tmp"/caps/* >"$tmp/out.$threads" || rc=$?
    t1=$(date +%s%N)
    case $rc in 0 | 1 | 4) ;; *) echo "predict.sh: predict failed ($rc)" >&2; exit 1 ;; esac
    lines=$(wc -l <"$tmp/out.$threads" | tr -d ' ')
    us=$(((t1 - t0) / 1000))
    echo "predict: $count captures ($lines records), --threads $threads: $((us / 1000)) ms, $(awk "BEGIN { printf \"%.0f\", $count * 1000000 / $us }") captures/s"
done

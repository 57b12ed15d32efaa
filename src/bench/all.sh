#!/bin/sh
# Every benchmark of kexec-inspect in one run, each figure as a ratio to its reference.
#
#   src/bench/all.sh [RUNS]        # from the repository root; RUNS per timed command, default 10
#
# It runs, in this order, and keeps each script's own report in the log it names at the end:
#   start-up         target/kexec-inspect --version        against a bare JVM (startup.sh)
#   picocli floor    a hello-world picocli command          against a bare JVM (picocli-floor.sh): what
#                    any annotated picocli command costs before its own work, and the same command
#                    built with picocli's programmatic API (no annotations read)
#   header inspect   target/kexec-inspect inspect IMAGE    against a bare JVM, target <= 2.5x (startup.sh)
#   preflight        target/kexec-inspect preflight        against a bare JVM, target <= 3x   (predict.sh)
#   predict          1,000 captures in one JVM, --threads 1 and 2: ms per capture against one bare JVM
#                    start, and the 2-thread run against the 1-thread run (predict.sh)
#   payload scans    inspect --deep on xz, lz4, gzip, zstd payloads: CPU against the native
#                    decompressor plus a bare JVM, target <= 1.5x for lz4, gzip, zstd (payload.sh)
#   post-mortem      a 100 MiB console log read in one pass (the post-mortem's reader and rules):
#                    CPU against grep -c -E with the same patterns, target <= 3x and peak RSS
#                    < 160 MiB (postmortem.sh)
# Then a summary table. It exits 0 whether targets are met or not (a benchmark, not a test), and
# non-zero only when something could not run. Needs what the scripts need (GNU time, GNU date,
# the kernel-image cache of src/test/scripts/debian-kernel.sh, the native compressors, a JDK).
set -eu

runs=${1:-10}
case $runs in '' | *[!0-9]* | 0) echo "usage: src/bench/all.sh [RUNS]" >&2; exit 2 ;; esac
if [ ! -f pom.xml ] || [ ! -d src/bench ]; then echo "all.sh: run from the repository root" >&2; exit 2; fi

log=$(mktemp -d "${TMPDIR:-/tmp}/kexec-inspect-bench.XXXXXX")
[ -f target/kexec-inspect.jar ] || mvn -q -B package -DskipTests

echo "== start-up (--version)"
KEXEC_INSPECT_BENCH_ARGS=--version sh src/bench/startup.sh "$runs" | tee "$log/startup-version.txt"
echo "== picocli floor"
sh src/bench/picocli-floor.sh "$runs" | tee "$log/picocli-floor.txt"
echo "== header inspect"
sh src/bench/startup.sh "$runs" | tee "$log/startup-inspect.txt"
echo "== preflight and predict"
sh src/bench/predict.sh "$runs" | tee "$log/predict.txt"
echo "== payload scans"
sh src/bench/payload.sh "$(( (runs + 1) / 2 ))" | tee "$log/payload.txt"
echo "== post-mortem log read"
sh src/bench/postmortem.sh "$(( (runs + 1) / 2 ))" | tee "$log/postmortem.txt"

# ratio_of FILE [N]: the Nth (default first) ratio a startup.sh report in FILE prints
ratio_of() { sed -n 's/.*ratio median(a)\/median(b): \([0-9.]*\)x.*/\1/p' "$1" | sed -n "${2:-1}p"; }
echo
echo "== summary (ratio = figure / reference; this machine: $(nproc) cores, $(java -version 2>&1 | head -n 1))"
printf '%-44s %8s  %s\n' figure ratio target
printf '%-44s %8s  %s\n' "start-up (--version / bare JVM)" "$(ratio_of "$log/startup-version.txt")" "-"
printf '%-44s %8s  %s\n' "picocli hello-world / bare JVM (the floor)" "$(ratio_of "$log/picocli-floor.txt")" "-"
printf '%-44s %8s  %s\n' "  the same from CommandSpec builders" "$(ratio_of "$log/picocli-floor.txt" 2)" "-"
r=$(ratio_of "$log/startup-inspect.txt")
printf '%-44s %8s  %s\n' "header inspect / bare JVM" "$r" "<= 2.50 $(awk "BEGIN { print ($r <= 2.5) ? \"met\" : \"NOT met\" }")"
r=$(sed -n 's/^preflight: .*ratio \([0-9.]*\) .*/\1/p' "$log/predict.txt")
printf '%-44s %8s  %s\n' "preflight / bare JVM" "$r" "<= 3.00 $(awk "BEGIN { print ($r <= 3) ? \"met\" : \"NOT met\" }")"
bare=$(sed -n 's/^preflight: .*bare JVM median \([0-9]*\) ms.*/\1/p' "$log/predict.txt")
t1=$(sed -n 's/^predict: \([0-9]*\) captures.*--threads 1: \([0-9]*\) ms.*/\1 \2/p' "$log/predict.txt")
t2=$(sed -n 's/^predict: \([0-9]*\) captures.*--threads 2: \([0-9]*\) ms.*/\1 \2/p' "$log/predict.txt")
printf '%-44s %8s  %s\n' "predict, 1 thread: ms/capture / JVM start" \
    "$(echo "$t1 $bare" | awk '{ printf "%.3f", ($2 / $1) / $3 }')" "-"
printf '%-44s %8s  %s\n' "predict, 2 threads / 1 thread (time)" \
    "$(echo "$t1 $t2" | awk '{ printf "%.2f", $4 / $2 }')" "-"
awk '$1 ~ /^(xz|lz4|gzip|zstd)$/ && NF >= 7 { t = $7; for (i = 8; i <= NF; i++) t = t " " $i
    printf "%-44s %8s  %s\n", "payload " $1 " CPU / (native + JVM)", $5, t }' "$log/payload.txt"
r=$(sed -n 's/.*ratio CPU(b)\/CPU(a): \([0-9.]*\)x.*/\1/p' "$log/postmortem.txt")
rss=$(sed -n 's/.*(max \([0-9.]*\) MiB).*/\1/p' "$log/postmortem.txt")
printf '%-44s %8s  %s\n' "post-mortem 100 MiB read CPU / grep -c -E" "$r" \
    "<= 3.00 $(awk "BEGIN { print ($r <= 3) ? \"met\" : \"NOT met\" }"); peak RSS $rss MiB, < 160 $(awk "BEGIN { print ($rss < 160) ? \"met\" : \"NOT met\" }")"
echo
echo "each script's report: $log"

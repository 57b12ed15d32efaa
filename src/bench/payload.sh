#!/bin/sh
# Payload-scan benchmark: `kexec-inspect inspect --deep` against the native decompressor.
#
# What it measures
#   CPU time (user + sys) and peak RSS, from GNU time, of one full CLI run
#   `target/kexec-inspect inspect --deep --format json IMAGE`, which decompresses the
#   payload as a stream and scans it for the banner and the embedded config, for four
#   payload formats of the same real kernel:
#     xz    Debian's amd64 image itself (Debian builds with CONFIG_KERNEL_XZ)
#     lz4   that kernel re-compressed with `lz4 -l -9`, put back into the image
#     gzip  the same with `gzip -9 -n`
#     zstd  the same with `zstd --long=27 -3` (the kernel's 2^27 window)
#   (the re-compressed images are the test fixtures; src/test/java/.../KernelPayloads.java
#   says how they are made). Each is compared with the native decompressor of the
#   same payload bytes (`xz -dc`, `lz4 -dc`, `gzip -dc`, `zstd -dc`, output to
#   /dev/null) plus a bare JVM printing "hello" with the launcher's flags.
#   Medians of RUNS alternating runs, after one untimed warm-up of each.
#
# How to run (from the repository root)
#   src/bench/payload.sh [RUNS]        # RUNS defaults to 5
#   Builds the jar if missing, and the fixtures with
#   `mvn -q -B test -Dtest=RealPayloadTest` if they are not cached yet.
#
# Targets
#   CPU(kexec-inspect) <= 1.5 x (CPU(native) + CPU(bare JVM)) for lz4, gzip and zstd;
#   peak RSS <= 160 MiB for every input. The report says met / NOT met per row and
#   the script exits 0 either way (a benchmark, not a test).
set -eu

runs=${1:-5}
case $runs in
    '' | *[!0-9]* | 0) echo "usage: src/bench/payload.sh [RUNS]" >&2; exit 2 ;;
esac
if [ ! -f pom.xml ]; then
    echo "payload.sh: run from the repository root" >&2; exit 2
fi
[ -x /usr/bin/time ] || { echo "payload.sh: needs GNU time (/usr/bin/time; Debian package time)" >&2; exit 1; }

java_bin=${KEXEC_INSPECT_JAVA:-java}
java_opts=${KEXEC_INSPECT_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto}
[ -x target/kexec-inspect ] || mvn -q -B package -DskipTests

image=${KEXEC_INSPECT_KERNEL:-$(sh src/test/scripts/debian-kernel.sh amd64)}
cache=$(dirname "$(dirname "$(dirname "$image")")")/payloads
if [ ! -f "$cache/bzImage.lz4" ] || [ ! -f "$cache/bzImage.gzip" ] || [ ! -f "$cache/bzImage.zstd" ]; then
    echo "payload.sh: building the fixtures (mvn -q -B test -Dtest=RealPayloadTest)" >&2
    mvn -q -B test -Dtest=RealPayloadTest >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work/hello" "$work/hello/Hello.java"

# the payload bytes of an image, at boot.rst's offsets: (setup_sects+1)*512 + payload_offset
payload_of() {
    setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$1" | tr -d ' ')
    [ "$setup" = 0 ] && setup=4
    off=$(od -An -tu4 -j $((0x248)) -N4 "$1" | tr -d ' ')
    len=$(od -An -tu4 -j $((0x24c)) -N4 "$1" | tr -d ' ')
    tail -c +$(( (setup + 1) * 512 + off + 1 )) "$1" | head -c "$len" > "$2"
}

# prints "cpu_seconds rss_kib" of one run of "$@"
measure() {
    /usr/bin/time -f "%U %S %M" -o "$work/t" "$@" >/dev/null 2>&1 || true
    awk '{printf "%.3f %d\n", $1 + $2, $3}' "$work/t"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '%-5s %10s %10s %10s %8s %10s  %s\n' format tool_cpu_s native_s bare_jvm_s ratio rss_MiB target
for fmt in xz lz4 gzip zstd; do
    case $fmt in
        xz) file=$image; dec="xz -dc --single-stream" ;;
        lz4) file=$cache/bzImage.lz4; dec="lz4 -dc" ;;
        gzip) file=$cache/bzImage.gzip; dec="gzip -dc" ;;
        zstd) file=$cache/bzImage.zstd; dec="zstd -dc" ;;
    esac
    payload_of "$file" "$work/payload"
    # the native tools stop at the appended size (xz, zstd, lz4 warn about it; the output is complete)
    sh -c "$dec < '$work/payload' > /dev/null 2>&1" || true
    target/kexec-inspect inspect --deep --format json "$file" >/dev/null
    : > "$work/tool"; : > "$work/native"; : > "$work/jvm"; : > "$work/rss"
    i=0
    while [ $i -lt "$runs" ]; do
        measure target/kexec-inspect inspect --deep --format json "$file" > "$work/m"
        cut -d' ' -f1 "$work/m" >> "$work/tool"; cut -d' ' -f2 "$work/m" >> "$work/rss"
        measure sh -c "$dec < '$work/payload' > /dev/null" | cut -d' ' -f1 >> "$work/native"
        # shellcheck disable=SC2086
        measure "$java_bin" $java_opts -cp "$work/hello" Hello | cut -d' ' -f1 >> "$work/jvm"
        i=$((i + 1))
    done
    tool=$(median < "$work/tool"); native=$(median < "$work/native"); jvm=$(median < "$work/jvm")
    rss=$(median < "$work/rss")
    awk -v f="$fmt" -v t="$tool" -v n="$native" -v j="$jvm" -v r="$rss" 'BEGIN {
        ratio = t / (n + j); mib = r / 1024
        verdict = (f == "xz") ? "(no CPU target)" : (ratio <= 1.5 ? "cpu met" : "cpu NOT met")
        verdict = verdict (mib <= 160 ? ", rss met" : ", rss NOT met")
        printf "%-5s %10.3f %10.3f %10.3f %8.2f %10.1f  %s\n", f, t, n, j, ratio, mib, verdict }'
done

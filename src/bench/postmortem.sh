#!/bin/sh
# Post-mortem benchmark: reading a 100 MiB console log in one pass, against grep.
#
# What it measures
#   CPU time (user + sys) and peak RSS, from GNU time, of
#     (a) `LC_ALL=C grep -c -E PATTERNS LOG`, PATTERNS being one alternation of what the log
#         reader looks for (EventMatcher's event lines, LogParser's banner, command line,
#         crashkernel and /proc/vmcore lines; see below), and
#     (b) the reader on the same file: `target/kexec-inspect postmortem --format json LOG`
#         (exit status 0, 1 or 4: a verdict), or, while the launcher has no postmortem
#         subcommand, src/bench/PostmortemBench.java (KernelLog.read then PostmortemRules.of,
#         what the subcommand does) with target/kexec-inspect.jar, the launcher's JVM flags and a
#         class-data-sharing archive made for it as the build makes the launcher's.
#   LOG is about 100 MiB of the two real QEMU kdump consoles of
#   native-fixtures/captures/qemu-kdump-consoles/, repeated as they are (CRLF line ends,
#   the firmware's escape codes), written under ${TMPDIR:-/tmp} and removed at the end.
#   Medians of RUNS alternating runs, after one untimed warm-up of each (the page cache).
#   grep runs in the C locale: byte matching, as the reader's pre-filter does, and grep's
#   fastest mode, so the ratio is not flattered. grep in C.UTF-8 (where installed), slower
#   with its multibyte matching, is timed too and shown for reference only.
#
# How to run (from the repository root)
#   src/bench/postmortem.sh [RUNS]        # RUNS defaults to 5
#   Builds the jar with `mvn -q -B package -DskipTests` if it is missing. Needs GNU time
#   (/usr/bin/time, Debian package time) and, for the fallback, javac and jar.
#   KEXEC_INSPECT_JAVA and KEXEC_INSPECT_JAVA_OPTS are honoured as the launcher honours them.
#
# Target (issue: a 100 MiB console log read in one pass)
#   CPU(b) <= 3 x CPU(a), and peak RSS(b) < 160 MiB. The report says met / not met; the script
#   exits 0 either way (a benchmark, not a test) and non-zero only if something cannot run.
set -eu

runs=${1:-5}
case $runs in
    '' | *[!0-9]* | 0) echo "usage: src/bench/postmortem.sh [RUNS]   (RUNS: a positive integer, default 5)" >&2; exit 2 ;;
esac
if [ ! -f pom.xml ] || [ ! -f src/bench/PostmortemBench.java ]; then
    echo "postmortem.sh: run from the repository root" >&2; exit 2
fi
[ -x /usr/bin/time ] || { echo "postmortem.sh: needs GNU time (/usr/bin/time; Debian package time)" >&2; exit 1; }
/usr/bin/time -f %M -o /dev/null true 2>/dev/null || { echo "postmortem.sh: /usr/bin/time is not GNU time" >&2; exit 1; }
set -- native-fixtures/captures/qemu-kdump-consoles/*.log
[ -f "$1" ] || { echo "postmortem.sh: no consoles in native-fixtures/captures/qemu-kdump-consoles/" >&2; exit 1; }
consoles="$*"
first_console=$1

java_bin=${KEXEC_INSPECT_JAVA:-java}
java_opts=${KEXEC_INSPECT_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto}
if [ ! -f target/kexec-inspect.jar ] || [ ! -x target/kexec-inspect ]; then
    echo "postmortem.sh: building the jar (mvn -q -B package -DskipTests)" >&2
    mvn -q -B package -DskipTests
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kexec-inspect-postmortem.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The log: the consoles one after the other, as many times as it takes to reach 100 MiB.
target_bytes=104857600
# shellcheck disable=SC2086
cat $consoles >"$work/unit"
unit=$(wc -c <"$work/unit" | tr -d ' ')
copies=$(( (target_bytes + unit - 1) / unit ))
i=0
while [ "$i" -lt "$copies" ]; do cat "$work/unit"; i=$((i + 1)); done >"$work/console.log"
log=$work/console.log
log_bytes=$(wc -c <"$log" | tr -d ' ')

# What the reader looks for, as grep -E: the kernel's and user-space tools' wordings that
# EventMatcher.match() and LogParser test each line for (panic and sysrq crash, soft lockup,
# hyperv_fb's vram timeout, vmbus_reserve_fb()'s lines, hv_pci's D0 and probe failures, a
# framebuffer's base, reserve failure and take-over, a missing root, a saved dump, init, kdump
# not loaded; the banner, command line, crashkernel reservation, /proc/vmcore). Case-insensitive
# parts are spelled out with brackets; the stack-frame pattern, tried only in the lines after a
# soft lockup, is left out.
patterns='Linux version |(Kernel c|C)ommand line:'
patterns="$patterns"'|crashkernel reserved: 0x[0-9a-fA-F]+ - 0x[0-9a-fA-F]+ \([0-9]+ MB\)|Reserving [0-9]+MB of memory at [0-9]+MB for crashkernel|/proc/vmcore'
patterns="$patterns"'|Kernel panic - not syncing|^[Ss][Yy][Ss][Rr][Qq].*Trigger a crash|[] ][Ss][Yy][Ss][Rr][Qq].*Trigger a crash'
patterns="$patterns"'|soft lockup|Time out on waiting vram location ack|Unexpected framebuffer mmio base of zero|hv_mmio='
patterns="$patterns"'|failed D0 Entry with status|hv_pci.*([Pp][Rr][Oo][Bb][Ee].*[Ff][Aa][Ii][Ll]|[Ff][Aa][Ii][Ll].*[Pp][Rr][Oo][Bb][Ee])'
patterns="$patterns"'|(efifb|vesafb|simplefb|simple-framebuffer|simpledrm|efidrm|vesadrm|hyperv_fb|hyperv_drm|hyperv-drm).*framebuffer at 0x[0-9a-fA-F]+'
patterns="$patterns"'|([Cc][Aa][Nn].[Tt]|[Cc][Aa][Nn][Nn][Oo][Tt]|[Cc][Aa][Nn] [Nn][Oo][Tt]|[Uu][Nn][Aa][Bb][Ll][Ee] [Tt][Oo]) [Rr][Ee][Ss][Ee][Rr][Vv][Ee].*(fb|drm|video memory|framebuffer)|Cannot request framebuffer'
patterns="$patterns"'|switching to [^ ]+ from|hyperv_fb: Screen resolution|\[drm\] Initialized [^ ]+'
patterns="$patterns"'|VFS: Unable to mount root fs|Cannot open root device|Gave up waiting for root (file system )?device|ALERT!.*does not exist|Could not boot|Warning: /dev/[^ ]+ does not exist'
patterns="$patterns"'|[Ss][Aa][Vv][Ee][Dd] [Vv][Mm][Cc][Oo][Rr][Ee]|[Ss][Aa][Vv][Ii][Nn][Gg] [Vv][Mm][Cc][Oo][Rr][Ee] [Cc][Oo][Mm][Pp][Ll][Ee][Tt][Ee]|[Tt]he dumpfile is saved to|makedumpfile Completed'
patterns="$patterns"'|Run .* as init process|[Kk][Dd][Uu][Mm][Pp].*[Nn][Oo][Tt] [Ll][Oo][Aa][Dd][Ee][Dd]'

# (b): the subcommand when this build has it, else the harness on the same jar and flags. An unknown
# subcommand's --help gets the top-level help with status 0, so the probe reads the usage line.
if target/kexec-inspect postmortem --help 2>/dev/null | grep -q '^Usage: kexec-inspect postmortem'; then
    subcommand=1
    reader="target/kexec-inspect postmortem --format json"
else
    subcommand=0
    for tool in javac jar; do
        command -v "$tool" >/dev/null || { echo "postmortem.sh: $tool not found (a JDK is needed for src/bench/PostmortemBench.java)" >&2; exit 1; }
    done
    mkdir "$work/classes"
    javac -nowarn -XDstringConcat=inline -d "$work/classes" -cp target/kexec-inspect.jar src/bench/PostmortemBench.java
    (cd "$work/classes" && jar cf "$work/bench.jar" .)
    # The launcher's flags, and a class-data-sharing archive made for this class path the way the
    # build makes the launcher's (one run on a real input, -XX:ArchiveClassesAtExit): the
    # subcommand will have one once the build's CDS training runs it. KEXEC_INSPECT_CDS=off: none.
    cds=
    if [ "${KEXEC_INSPECT_CDS:-}" != off ]; then
        # shellcheck disable=SC2086
        if "$java_bin" $java_opts -XX:ArchiveClassesAtExit="$work/bench.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
                -cp "target/kexec-inspect.jar:$work/bench.jar" PostmortemBench "$first_console" >/dev/null 2>&1 && [ -s "$work/bench.jsa" ]; then
            cds="-XX:SharedArchiveFile=$work/bench.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
        else
            echo "postmortem.sh: no CDS archive could be made for the harness; timing it without one" >&2
        fi
    fi
    reader="src/bench/PostmortemBench.java (this build has no postmortem subcommand)"
fi

# measure NAME OK_STATUSES CMD...: runs CMD once under GNU time and appends
# its CPU seconds (user + sys) to $work/NAME.cpu and its peak RSS (KiB) to $work/NAME.rss.
# An exit status outside OK_STATUSES (space-separated) means it could not run.
measure() {
    name=$1 ok=$2
    shift 2
    status=0
    # stdout to a file, not /dev/null: GNU grep stops at the first match when its output is /dev/null
    /usr/bin/time -f '%U %S %M' -o "$work/t" "$@" >"$work/out" 2>"$work/err" || status=$?
    case " $ok " in
        *" $status "*) ;;
        *) echo "postmortem.sh: $name exited with status $status" >&2; cat "$work/err" >&2; exit 1 ;;
    esac
    # on a non-zero status GNU time writes "Command exited with non-zero status N" first
    tail -n 1 "$work/t" | awk '{ printf "%.3f\n", $1 + $2 }' >>"$work/$name.cpu"
    tail -n 1 "$work/t" | awk '{ print $3 }' >>"$work/$name.rss"
}
# grep -c exits 1 when no line matches: a count of 0, not a failure
run_grep() { measure "$1" "0 1" env LC_ALL=C grep -c -E "$patterns" "$log"; }
# for reference only: grep in a UTF-8 locale, as a shell often runs it (slower: multibyte matching)
utf8=$(locale -a 2>/dev/null | grep -i -m 1 -E '^c\.utf-?8$' || true)
run_grep_utf8() { [ -z "$utf8" ] || measure "$1" "0 1" env LC_ALL="$utf8" grep -c -E "$patterns" "$log"; }
# the subcommand exits 0, 1 or 4 with a verdict
run_reader() {
    if [ "$subcommand" = 1 ]; then
        measure "$1" "0 1 4" target/kexec-inspect postmortem --format json "$log"
    else
        # shellcheck disable=SC2086
        measure "$1" "0" "$java_bin" $java_opts $cds -cp "target/kexec-inspect.jar:$work/bench.jar" PostmortemBench "$log"
    fi
}

run_grep warmup-grep
run_reader warmup-reader
i=0
while [ "$i" -lt "$runs" ]; do
    run_grep grep
    run_reader reader
    run_grep_utf8 grep-utf8
    i=$((i + 1))
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
grep_cpu=$(median "$work/grep.cpu")
grep_rss=$(median "$work/grep.rss")
reader_cpu=$(median "$work/reader.cpu")
reader_rss=$(median "$work/reader.rss")
reader_rss_max=$(sort -n "$work/reader.rss" | tail -n 1)
utf8_cpu=
[ -z "$utf8" ] || utf8_cpu=$(median "$work/grep-utf8.cpu")

echo "kexec-inspect post-mortem benchmark"
echo "  log:    $log_bytes bytes, $(LC_ALL=C grep -c '' "$log") lines ($copies copies of $consoles)"
echo "  lines grep matches: $(LC_ALL=C grep -c -E "$patterns" "$log" || true)"
echo "  reader: $reader"
echo "  java:   $("$java_bin" -version 2>&1 | head -n 1)"
echo "  flags:  $java_opts"
echo "  nproc:  $(nproc)"
echo "  runs:   $runs (after 1 warm-up run of each, alternating)"
echo
awk -v gc="$grep_cpu" -v gr="$grep_rss" -v rc="$reader_cpu" -v rr="$reader_rss" -v rm="$reader_rss_max" \
    -v uc="$utf8_cpu" -v ul="$utf8" 'BEGIN {
    printf "  %-30s %16s %18s\n", "", "median CPU s", "median peak RSS"
    printf "  %-30s %16.3f %14.1f MiB\n", "grep -c -E, C locale (a)", gc, gr / 1024
    printf "  %-30s %16.3f %14.1f MiB   (max %.1f MiB)\n", "kexec-inspect reader (b)", rc, rr / 1024, rm / 1024
    if (uc != "") printf "  %-30s %16.3f   (for reference)\n", "grep -c -E, " ul, uc
    ratio = (gc > 0) ? rc / gc : 0
    printf "\n  ratio CPU(b)/CPU(a): %.2fx", ratio
    if (uc != "" && uc > 0) printf "   (to grep in %s: %.2fx)", ul, rc / uc
    printf "\n"
    met = (gc > 0 && ratio <= 3 && rm / 1024 < 160) ? "met" : "not met"
    printf "  target: <= 3x grep CPU, RSS < 160 MiB: %s\n", met
}'

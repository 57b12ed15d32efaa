#!/bin/sh
# Runs one Jazzer fuzz test in fuzzing mode for a given time (default 10m).
#
#   src/fuzz/run.sh CLASS#METHOD [DURATION]      e.g. src/fuzz/run.sh CaptureFuzzTest#tar 10m
#
# CLASS is a class in src/test/java/org/kexecinspect/fuzz; DURATION is Jazzer's syntax (30s, 10m,
# 1h). JAZZER_FUZZ=1 turns the @FuzzTest into a fuzzer; JAZZER_MAX_DURATION (Jazzer's max_duration
# option) overrides the annotation's maxDuration (5m by default). The generated corpus goes to
# .cifuzz-corpus/ (not committed); a crashing input is written by Jazzer to
# src/test/resources/org/kexecinspect/fuzz/<CLASS>Inputs/<METHOD>/crash-<sha1>, where every later
# `mvn verify` replays it: rename it for what it is and commit it with the fix.
# Coverage is measured in kexec-inspect and in the Java decoders it calls (override with
# JAZZER_INSTRUMENTATION_INCLUDES). One fuzzer at a time: it takes a core.
set -eu
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 CLASS#METHOD [DURATION]" >&2
    exit 2
fi
target=$1
case "$target" in
    *#*) ;;
    *) echo "$0: name one method: CLASS#METHOD (e.g. CaptureFuzzTest#tar)" >&2; exit 2 ;;
esac
duration=${2:-10m}
cd "$(dirname "$0")/../.."
export JAZZER_FUZZ=1
export JAZZER_MAX_DURATION="$duration"
export JAZZER_INSTRUMENTATION_INCLUDES="${JAZZER_INSTRUMENTATION_INCLUDES:-org.kexecinspect.**:org.apache.commons.compress.**:org.tukaani.xz.**:io.airlift.compress.**:net.jpountz.**}"
exec mvn -B test -Dtest="org.kexecinspect.fuzz.$target" -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine="-Xmx1g -XX:-OmitStackTraceInFastThrow"

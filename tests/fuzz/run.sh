#!/bin/sh
# run.sh -- build the libFuzzer harnesses and run each for SECONDS (make fuzz).
#
#   sh tests/fuzz/run.sh [SECONDS] [TARGET...]     # targets: csv value ini json
#
# Harnesses (tests/fuzz/fuzz_*.c, see their headers for the input layout and
# the oracles):
#   csv    the CSV table reader: src/io/csvtab.c + value.c + text.c + diag.c
#          + arena.c, fed through csv_reader_feed in chunks sized by the input
#   value  the typed parsers of src/io/value.c against reference grammars
#   ini    the plan.ini loader: config_read on a temporary file, config_set,
#          config_resolve (src/io/config.c + value.c + str.c, inih)
#   json   the JSON reader (src/io/jsonread.c + arena.c): a tree it accepts
#          is written back and parses to the same tree
# Built with clang -fsanitize=fuzzer,address,undefined into FUZZ_BUILD
# (default /tmp/rehouse-fuzz-build), where each target's growing corpus is
# kept between runs (FUZZ_BUILD/corpus/TARGET); seeds come from
# tests/fuzz/seeds/TARGET and dictionaries from tests/fuzz/dict/TARGET.dict.
# Crash, leak and timeout inputs are written to tests/fuzz/crashes/ as
# TARGET-crash-<sha1> (libFuzzer's -artifact_prefix).  Inputs already there
# are replayed first, so a known crash keeps failing until it is fixed.
#
# FUZZ_JOBS=2 runs two targets at a time (default 1: one core stays free).
# Needs clang (Debian package `clang`, which pulls in libclang-rt-14-dev with
# libFuzzer); as root it is installed with apt-get when missing.
# The last line is "N passed, M failed"; exit 1 when any target found a crash.

SECONDS_EACH=${1:-30}
[ $# -gt 0 ] && shift
TARGETS=${*:-csv value ini json}
case $SECONDS_EACH in
    ''|*[!0-9]*) echo "usage: sh tests/fuzz/run.sh [SECONDS] [csv|value|ini|json ...]" >&2; exit 2 ;;
esac

HERE=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$HERE/../.." && pwd) || exit 2
BUILD=${FUZZ_BUILD:-/tmp/rehouse-fuzz-build}
JOBS=${FUZZ_JOBS:-1}
CLANG=${CLANG:-clang}
CRASHES=$HERE/crashes
mkdir -p "$BUILD" "$CRASHES" || exit 2

if ! command -v "$CLANG" > /dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "installing clang (libFuzzer)"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang > /dev/null || exit 2
    else
        echo "run.sh: clang is missing (apt-get install clang)" >&2
        exit 2
    fi
fi

FLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -fno-omit-frame-pointer -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
       -I$ROOT/src"
sources() {
    case $1 in
        csv) echo "$HERE/fuzz_csv.c $ROOT/src/io/csvtab.c $ROOT/src/io/value.c
                   $ROOT/src/io/text.c $ROOT/src/io/diag.c $ROOT/src/io/arena.c
                   $ROOT/src/io/infile.c" ;;
        value) echo "$HERE/fuzz_value.c $ROOT/src/io/value.c" ;;
        json) echo "$HERE/fuzz_json.c $ROOT/src/io/jsonread.c $ROOT/src/io/arena.c" ;;
        ini) echo "$HERE/fuzz_ini.c $ROOT/src/io/config.c $ROOT/src/io/value.c
                   $ROOT/src/io/infile.c $ROOT/src/io/str.c" ;;
    esac
}
libs() {
    case $1 in
        csv) echo "-lcsv -lnettle" ;;
        ini) echo "-linih" ;;
    esac
}

passed=0
failed=0
for t in $TARGETS; do
    case $t in
        csv|value|ini|json) ;;
        *) echo "run.sh: unknown target $t" >&2; exit 2 ;;
    esac
    # shellcheck disable=SC2046
    if ! $CLANG $FLAGS -o "$BUILD/fuzz_$t" $(sources "$t") $(libs "$t") \
            > "$BUILD/build-$t.log" 2>&1; then
        cat "$BUILD/build-$t.log" >&2
        echo "FAIL $t: does not build"
        failed=$((failed + 1))
        TARGETS=$(echo " $TARGETS " | sed "s/ $t / /")
    fi
done

# run_target T: replay the known crash inputs, then fuzz for SECONDS_EACH.
run_target() {
    t=$1
    log=$BUILD/$t.log
    : > "$log"
    known=$(ls "$CRASHES"/"$t"-* 2>/dev/null)
    if [ -n "$known" ]; then
        # shellcheck disable=SC2086
        if ! "$BUILD/fuzz_$t" -runs=1 $known >> "$log" 2>&1; then
            echo "replay" > "$BUILD/$t.status"
            return
        fi
    fi
    mkdir -p "$BUILD/corpus/$t"
    before=$(ls "$CRASHES" | wc -l)
    "$BUILD/fuzz_$t" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
        -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -dict="$HERE/dict/$t.dict" -artifact_prefix="$CRASHES/$t-" \
        "$BUILD/corpus/$t" "$HERE/seeds/$t" >> "$log" 2>&1
    rc=$?
    after=$(ls "$CRASHES" | wc -l)
    if [ "$rc" != 0 ] || [ "$after" != "$before" ]; then
        echo "crash" > "$BUILD/$t.status"
    else
        echo "ok" > "$BUILD/$t.status"
    fi
}

report() {
    t=$1
    log=$BUILD/$t.log
    st=$(cat "$BUILD/$t.status" 2>/dev/null)
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed 's/  */ /g')
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    case $st in
        ok)
            passed=$((passed + 1))
            echo "ok   $t: ${execs:-?} executions in $SECONDS_EACH s; last: $last" ;;
        replay)
            failed=$((failed + 1))
            echo "FAIL $t: a known crash input in tests/fuzz/crashes/ still fails:"
            grep -E 'ERROR|SUMMARY|check failed|==[0-9]+==' "$log" | head -n 5 | sed 's/^/     /' ;;
        *)
            failed=$((failed + 1))
            echo "FAIL $t: crash after ${execs:-?} executions; log $log; input:"
            grep -E 'Test unit written to|SUMMARY|check failed|ERROR' "$log" | head -n 5 | sed 's/^/     /' ;;
    esac
}

set -- $TARGETS
while [ $# -gt 0 ]; do
    pids=""
    batch=""
    i=0
    while [ $# -gt 0 ] && [ $i -lt "$JOBS" ]; do
        run_target "$1" &
        pids="$pids $!"
        batch="$batch $1"
        shift
        i=$((i + 1))
    done
    for p in $pids; do
        wait "$p"
    done
    for t in $batch; do
        report "$t"
    done
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/bin/sh
# run.sh -- the bad-input corpus: `rehouse check` on every case directory.
#
#   sh tests/corpus/run.sh ./rehouse [CASE...]
#
# Each tests/corpus/cases/NN-name/ holds plan.ini, the input files,
# expected_exit (a number) and expected_stderr (the exact stderr text).
# The runner cds into the case, runs `$REHOUSE check --config plan.ini`,
# compares the exit code and stderr byte for byte, and for a failing case
# (expected_exit != 0) requires stdout to be empty.  The last line is always
# "N passed, M failed"; the exit status is 1 when any case failed, 2 when the
# runner itself cannot start.  CASE arguments restrict the run to those case
# names (directory names, e.g. 07-number-exponent).

if [ $# -lt 1 ]; then
    echo "usage: sh tests/corpus/run.sh REHOUSE [CASE...]" >&2
    exit 2
fi
REHOUSE=$1
shift
case $REHOUSE in
    /*) ;;
    *) REHOUSE=$(pwd)/$REHOUSE ;;
esac
if [ ! -x "$REHOUSE" ] || [ -d "$REHOUSE" ]; then
    echo "run.sh: not an executable: $REHOUSE" >&2
    exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd) || exit 2
CASES=$HERE/cases
if [ ! -d "$CASES" ]; then
    echo "run.sh: no case directory: $CASES" >&2
    exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rehouse-corpus.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT
trap 'rm -rf "$TMP"; exit 143' TERM

# Messages are compared byte for byte: keep them independent of the locale
# (strerror texts, no translation).
LC_ALL=C
export LC_ALL

passed=0
failed=0

# fail NAME REASON: count one failure and say why.
fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}

run_case() {
    dir=$1
    name=$(basename "$dir")
    if [ ! -f "$dir/expected_exit" ] || [ ! -f "$dir/expected_stderr" ]; then
        fail "$name" "expected_exit or expected_stderr missing"
        return
    fi
    want_rc=$(tr -d ' \t\r\n' <"$dir/expected_exit")
    case $want_rc in
        ''|*[!0-9]*)
            fail "$name" "expected_exit is not a number: '$want_rc'"
            return ;;
    esac

    (cd "$dir" && exec "$REHOUSE" check --config plan.ini) \
        >"$TMP/stdout" 2>"$TMP/stderr" </dev/null
    rc=$?

    ok=1
    if [ "$rc" -ne "$want_rc" ]; then
        fail "$name" "exit code $rc, expected $want_rc"
        ok=0
    fi
    if ! cmp -s "$dir/expected_stderr" "$TMP/stderr"; then
        [ $ok -eq 1 ] && fail "$name" "stderr differs"
        [ $ok -eq 0 ] && echo "     and stderr differs"
        ok=0
        diff -u "$dir/expected_stderr" "$TMP/stderr" |
            sed -e "1s|^--- .*|--- $name/expected_stderr|" \
                -e "2s|^+++ .*|+++ $name (actual stderr)|" | head -n 60
    fi
    if [ "$want_rc" -ne 0 ] && [ -s "$TMP/stdout" ]; then
        if [ $ok -eq 1 ]; then
            fail "$name" "stdout not empty"
        else
            echo "     and stdout not empty"
        fi
        ok=0
        head -n 10 "$TMP/stdout" | sed 's/^/     | /'
    fi
    if [ $ok -eq 1 ]; then
        passed=$((passed + 1))
    fi
}

if [ $# -gt 0 ]; then
    for name in "$@"; do
        if [ -d "$CASES/$name" ]; then
            run_case "$CASES/$name"
        else
            fail "$name" "no such case"
        fi
    done
else
    for dir in "$CASES"/*/; do
        [ -d "$dir" ] || continue
        run_case "${dir%/}"
    done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

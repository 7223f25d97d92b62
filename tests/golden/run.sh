#!/bin/sh
# run.sh -- golden plans: rehouse's plan of every fixture against the files
# checked in under fixtures/NAME/expected/.
#
#   sh tests/golden/run.sh REHOUSE                    check every fixture
#   sh tests/golden/run.sh --update REHOUSE NAME...   rewrite NAME's expected/
#                                                     (NAME "all": every fixture
#                                                     that has one), then check
#
# Run from the project root (the script changes to it anyway).  Each plan
# is run as
#   rehouse plan --config fixtures/NAME/plan.ini --out TMP/...
# with that relative config path, because summary.json records the input
# paths as given: the expected files were made the same way.  LC_ALL=C
# unless said otherwise.
#
# Checks (each counts once in "N passed, M failed"):
#   NAME plan        rehouse plan exits 0;
#   NAME files       it writes exactly the files of expected/ plus run.json;
#   NAME/FILE        each expected file is byte-identical (diff -u if not);
#   NAME rerun       a second run into another folder writes byte-identical
#                    files, run.json excepted (determinism);
#   demo LC_ALL=de_DE.UTF-8
#                    the demo plan run under a German locale (decimal comma)
#                    is byte-identical to the expected files; only when
#                    `locale -a` lists de_DE.UTF-8.
# A fixture folder with a plan.ini but no expected/ is listed as "skip".
# expected/ files are made only by --update, and every update must be
# reviewed against the fixture's README.md (tests/golden/README.md).
#
# The last line is always "N passed, M failed"; the exit status is 1 when a
# check failed, 2 when the runner itself cannot start.

usage() {
    echo "usage: sh tests/golden/run.sh [--update] REHOUSE [NAME ...]" >&2
    exit 2
}

UPDATE=0
if [ "${1-}" = --update ]; then
    UPDATE=1
    shift
fi
[ $# -ge 1 ] || usage
REHOUSE=$1
shift
if [ $UPDATE -eq 1 ] && [ $# -eq 0 ]; then
    echo "run.sh: --update needs the fixtures to rewrite (NAME ... or all)" >&2
    usage
fi
if [ $UPDATE -eq 0 ] && [ $# -gt 0 ]; then
    usage
fi
case $REHOUSE in
    /*) ;;
    *) REHOUSE=$(pwd)/$REHOUSE ;;
esac
if [ ! -x "$REHOUSE" ] || [ -d "$REHOUSE" ]; then
    echo "run.sh: not an executable: $REHOUSE" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$HERE/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
if [ ! -d fixtures ]; then
    echo "run.sh: no fixtures/ in $ROOT" >&2
    exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rehouse-golden.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT
trap 'rm -rf "$TMP"; exit 143' TERM

LC_ALL=C
export LC_ALL

passed=0
failed=0

pass() {
    passed=$((passed + 1))
}

# fail LABEL REASON
fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}

# plan NAME OUT: run rehouse on fixture NAME into OUT (a new folder);
# its stdout and stderr go to OUT.log.  RETURNS rehouse's exit status.
plan() {
    "$REHOUSE" plan --config "fixtures/$1/plan.ini" --out "$2" \
        >"$2.log" 2>&1 </dev/null
}

# files DIR: the plan files of DIR, one a line, sorted, run.json left out.
files() {
    (cd "$1" && ls -A) | grep -v -x 'run.json' | LC_ALL=C sort
}

# same_files LABEL A B: 0 when folders A and B hold the same plan files
# (run.json excepted), byte for byte; else say what differs.
same_files() {
    files "$2" >"$TMP/list.a"
    files "$3" >"$TMP/list.b"
    if ! cmp -s "$TMP/list.a" "$TMP/list.b"; then
        fail "$1" "not the same files:"
        diff "$TMP/list.a" "$TMP/list.b" | sed -n '/^[<>]/s/^/     | /p'
        return 1
    fi
    bad=""
    while read -r f; do
        cmp -s "$2/$f" "$3/$f" || bad="$bad $f"
    done <"$TMP/list.a"
    if [ -n "$bad" ]; then
        fail "$1" "files differ:$bad"
        for f in $bad; do
            diff -u "$2/$f" "$3/$f" | head -n 40 | sed 's/^/     | /'
        done
        return 1
    fi
    return 0
}

# update NAME: replace fixtures/NAME/expected/ by a fresh plan.
update() {
    u=$TMP/update-$1
    if [ ! -f "fixtures/$1/plan.ini" ]; then
        fail "$1 update" "no fixtures/$1/plan.ini"
        return
    fi
    plan "$1" "$u"
    rc=$?
    if [ $rc -ne 0 ]; then
        fail "$1 update" "rehouse plan exited $rc, expected/ left as it was:"
        head -n 5 "$u.log" | sed 's/^/     | /'
        return
    fi
    rm -rf "fixtures/$1/expected.new"
    mkdir "fixtures/$1/expected.new" || exit 2
    files "$u" | while read -r f; do
        cp "$u/$f" "fixtures/$1/expected.new/$f" || exit 2
    done || exit 2
    rm -rf "fixtures/$1/expected"
    mv "fixtures/$1/expected.new" "fixtures/$1/expected" || exit 2
    echo "updated fixtures/$1/expected: review every change against fixtures/$1/README.md"
}

# check NAME: the checks listed at the top for one fixture.
check() {
    name=$1
    exp=fixtures/$name/expected
    out=$TMP/$name.1
    plan "$name" "$out"
    rc=$?
    if [ $rc -ne 0 ]; then
        fail "$name plan" "rehouse plan exited $rc (fixtures/$name/plan.ini):"
        head -n 5 "$out.log" | sed 's/^/     | /'
        return
    fi
    pass

    files "$exp" >"$TMP/list.exp"
    files "$out" >"$TMP/list.got"
    if cmp -s "$TMP/list.exp" "$TMP/list.got"; then
        pass
    else
        fail "$name files" "the plan folder's files differ from expected/ (< expected, > written):"
        diff "$TMP/list.exp" "$TMP/list.got" | sed -n '/^[<>]/s/^/     | /p'
    fi
    while read -r f; do
        if [ ! -f "$out/$f" ]; then
            fail "$name/$f" "not written"
        elif cmp -s "$exp/$f" "$out/$f"; then
            pass
        else
            fail "$name/$f" "differs from $exp/$f:"
            diff -u "$exp/$f" "$out/$f" | head -n 60 | sed 's/^/     | /'
        fi
    done <"$TMP/list.exp"

    again=$TMP/$name.2
    plan "$name" "$again"
    rc=$?
    if [ $rc -ne 0 ]; then
        fail "$name rerun" "the second run exited $rc:"
        head -n 5 "$again.log" | sed 's/^/     | /'
    elif same_files "$name rerun" "$out" "$again"; then
        pass
    fi
}

if [ $UPDATE -eq 1 ]; then
    if [ "$*" = all ]; then
        set --
        for d in fixtures/*/expected; do
            [ -d "$d" ] || continue
            d=${d%/expected}
            set -- "$@" "${d#fixtures/}"
        done
    fi
    for name in "$@"; do
        update "$name"
    done
fi

nfix=0
for dir in fixtures/*/; do
    name=${dir#fixtures/}
    name=${name%/}
    [ -f "fixtures/$name/plan.ini" ] || continue
    if [ ! -d "fixtures/$name/expected" ]; then
        echo "skip $name: no expected/ (see fixtures/$name/README.md)"
        continue
    fi
    nfix=$((nfix + 1))
    check "$name"
done
if [ $nfix -eq 0 ]; then
    fail golden "no fixtures/*/expected/ found"
fi

# The demo under a locale whose decimal separator is a comma.
if [ -d fixtures/demo/expected ]; then
    if locale -a 2>/dev/null | grep -i -x -q 'de_DE\.utf-\{0,1\}8'; then
        out=$TMP/demo.de
        LC_ALL=de_DE.UTF-8 "$REHOUSE" plan --config fixtures/demo/plan.ini \
            --out "$out" >"$out.log" 2>&1 </dev/null
        rc=$?
        if [ $rc -ne 0 ]; then
            fail "demo LC_ALL=de_DE.UTF-8" "rehouse plan exited $rc:"
            head -n 5 "$out.log" | sed 's/^/     | /'
        elif same_files "demo LC_ALL=de_DE.UTF-8" fixtures/demo/expected "$out"; then
            pass
        fi
    else
        echo "skip demo LC_ALL=de_DE.UTF-8: locale -a does not list it"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

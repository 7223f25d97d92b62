#!/bin/sh
# run.sh -- what-if commands end to end: plan --scenario, compare, sweep.
#
#   sh tests/whatif/run.sh ./rehouse
#
# Uses fixtures/demo and the scenarios in tests/whatif/scenarios/.  The last
# line is always "N passed, M failed"; the exit status is 1 when any check
# failed, 2 when the runner cannot start.

if [ $# -lt 1 ]; then
    echo "usage: sh tests/whatif/run.sh REHOUSE" >&2
    exit 2
fi
REHOUSE=$1
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
DEMO=$ROOT/fixtures/demo/plan.ini
SC=$HERE/scenarios
T=$(mktemp -d "${TMPDIR:-/tmp}/rh_whatif_XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() {   # check NAME COMMAND...: passes when the command succeeds
    name=$1
    shift
    if "$@"; then ok; else ko "$name"; fi
}

cd "$SC" || exit 2
ALL="clear-sl.ini more-livelihood.ini no-zp01.ini broken.ini extra.ini"

# plan with and without a scenario
"$REHOUSE" plan --config "$DEMO" --out "$T/base" --quiet 2>"$T/err" ||
    ko "base plan"
"$REHOUSE" plan --config "$DEMO" --out "$T/clear" --scenario clear-sl.ini \
    --quiet 2>"$T/err" || ko "clear-sl plan"
check "no scenario member without a scenario" \
    sh -c "! grep -q '\"scenario\"' '$T/base/summary.json'"
sha=$(sha256sum clear-sl.ini | cut -d' ' -f1)
check "summary.json records the scenario's sha256" \
    grep -q "\"sha256\": \"$sha\"" "$T/clear/summary.json"
check "summary.json records the scenario's path" \
    grep -q '"path": "clear-sl.ini"' "$T/clear/summary.json"

# compare: the demo against SL_GOV's arrears cleared
"$REHOUSE" compare "$T/base" "$T/clear" --csv "$T/cmp" >"$T/out" 2>"$T/err"
check "compare of two plans that differ exits 1" test $? -eq 1
check "compare: SL_GOV suspended 14 -> 0" \
    grep -q '^SL_GOV  *14  *14  *+0  *14  *0  *-14$' "$T/out"
check "compare: R2025-014 suspended -> partial" \
    grep -q '^R2025-014  *suspended  *partial ' "$T/out"
check "compare: no unit changed hands" \
    grep -q '^units that changed hands: 0$' "$T/out"
check "compare --csv payers.csv" \
    grep -qx '"SL_GOV",14,14,0,14,0,-14' "$T/cmp/payers.csv"
check "compare --csv requests.csv" test "$(wc -l <"$T/cmp/requests.csv")" -eq 3
check "compare --csv kpi_delta.csv" \
    grep -qx '"units_allocated",185,185,0' "$T/cmp/kpi_delta.csv"
"$REHOUSE" compare "$T/base" "$T/base" >"$T/out" 2>&1
check "compare a plan with itself exits 0" test $? -eq 0
check "compare a plan with itself: nothing changed" \
    grep -q '^requests whose status changed: none$' "$T/out"
check "compare a plan with itself: identical" \
    grep -qx 'the plans are identical' "$T/out"
"$REHOUSE" compare "$T/base" "$T/clear" --quiet >"$T/out" 2>&1
check "compare --quiet: exit 1 and nothing printed" \
    test $? -eq 1 -a ! -s "$T/out"
"$REHOUSE" plan --config "$DEMO" --out "$T/noz" --scenario no-zp01.ini \
    --quiet 2>"$T/err" || ko "no-zp01 plan"
"$REHOUSE" compare "$T/base" "$T/noz" >"$T/out" 2>&1
check "compare: excluding ZP01 moves units" \
    grep -q '^units that changed hands: [1-9][0-9]* (the first 20)$' "$T/out"
"$REHOUSE" compare "$T/base" "$T/nothere" >/dev/null 2>&1
check "compare: a missing plan exits 66" test $? -eq 66
"$REHOUSE" compare "$T/base" >/dev/null 2>&1
check "compare: one folder exits 64" test $? -eq 64

# sweep: -j 1 and -j 2 give the same table
"$REHOUSE" sweep --config "$DEMO" --out "$T/s1" -j 1 $ALL >/dev/null 2>"$T/err1"
check "sweep with a broken scenario exits with its code (78)" test $? -eq 78
"$REHOUSE" sweep --config "$DEMO" --out "$T/s2" --jobs 2 $ALL >/dev/null 2>"$T/err2"
check "sweep --jobs 2 exits 78 too" test $? -eq 78
check "sweep -j 1 and -j 2: sweep.csv byte-identical" \
    cmp -s "$T/s1/sweep.csv" "$T/s2/sweep.csv"
check "sweep: one row per scenario" test "$(wc -l <"$T/s1/sweep.csv")" -eq 6
check "sweep: base plan in DIR/base" test -f "$T/s1/base/summary.json"
check "sweep: scenario plan in DIR/<name>" test -f "$T/s1/clear-sl/summary.json"
check "sweep: a broken scenario is reported in its row" \
    grep -qx '4,"broken","broken.ini","failed",78,,,,,,,,,,' "$T/s1/sweep.csv"
check "sweep: the broken scenario's message on stderr" \
    grep -qx "broken.ini: \[edits\] exclude_projects: unknown project 'NOPE'" \
    "$T/err1"
check "sweep: the scenario after the broken one ran" \
    grep -q '^5,"extra","extra.ini","ok",0,' "$T/s1/sweep.csv"
check "sweep: clear-sl has no delta" \
    grep -qx '1,"clear-sl","clear-sl.ini","ok",0,185,0.518919,0.842105,1241.251,111395088.10,0,0.000000,0.000000,0.000,0.00' \
    "$T/s1/sweep.csv"

# shards
"$REHOUSE" sweep --config "$DEMO" --out "$T/k1" --shard 1/2 $ALL >/dev/null 2>&1
"$REHOUSE" sweep --config "$DEMO" --out "$T/k2" --shard 2/2 -j 2 $ALL >/dev/null 2>&1
check "shard 1/2 holds indices 1, 3, 5" \
    test "$(cut -d, -f1 "$T/k1/sweep.csv" | tr '\n' ' ')" = "index 1 3 5 "
"$REHOUSE" sweep --merge "$T/k2" "$T/k1" --out "$T/m" >/dev/null 2>&1
check "merge exits 0" test $? -eq 0
check "shards 1/2 + 2/2 merged equal the whole sweep" \
    cmp -s "$T/m/sweep.csv" "$T/s1/sweep.csv"
"$REHOUSE" sweep --merge "$T/k1" "$T/k1" --out "$T/m2" >/dev/null 2>&1
check "merge: an index twice exits 65" test $? -eq 65
"$REHOUSE" sweep --config "$DEMO" --out "$T/x" -j 0 clear-sl.ini >/dev/null 2>&1
check "sweep -j 0 exits 64" test $? -eq 64
"$REHOUSE" sweep --config "$DEMO" --out "$T/x" --shard 3/2 clear-sl.ini \
    >/dev/null 2>&1
check "sweep --shard 3/2 exits 64" test $? -eq 64

# sweep: a line a plan as it ends (not under --quiet)
"$REHOUSE" sweep --config "$DEMO" --out "$T/prog" clear-sl.ini >"$T/prog.out" 2>/dev/null
check "sweep progress: a line a plan" sh -c 'grep -c "^sweep: [12]/2 \(base\|clear-sl\) ok (exit 0, [0-9.]* s)$" "$1" | grep -qx 2' sh "$T/prog.out"
"$REHOUSE" sweep --quiet --config "$DEMO" --out "$T/prog2" clear-sl.ini >"$T/prog2.out" 2>/dev/null
check "sweep --quiet: no progress" test ! -s "$T/prog2.out"

# A what-if's outputs say so: report.html (title and a banner with the
# name, description, file and changes), plan.xlsx's Summary, summary.json;
# the plan without a scenario has no banner.
"$REHOUSE" plan --quiet --config "$DEMO" --scenario clear-sl.ini --out "$T/label" >/dev/null 2>&1
check "scenario plan for labels" test $? -eq 0
check "report.html title names the scenario" \
    grep -q '<title>假设情景 what-if clear-sl · 2025' "$T/label/report.html"
check "report.html banner: not the official plan" \
    grep -q 'What-if scenario clear-sl: not the official plan.</span></strong><p>SL_GOV settles its arrears</p>' "$T/label/report.html"
check "report.html banner lists the changes" \
    grep -q '<pre>\[edits\] clear_arrears = SL_GOV</pre>' "$T/label/report.html"
check "plan.xlsx Summary says what-if" python3 -c '
import re, sys, zipfile
ss = zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode()
assert "What-if scenario clear-sl: not the official plan" in ss
assert "SL_GOV settles its arrears" in ss and "[edits] clear_arrears = SL_GOV" in ss
' "$T/label/plan.xlsx"
check "summary.json scenario description and changes" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["scenario"]
assert s["description"] == "SL_GOV settles its arrears", s
assert s["changes"] == ["[edits] clear_arrears = SL_GOV"], s
' "$T/label/summary.json"
"$REHOUSE" plan --quiet --config "$DEMO" --out "$T/nolabel" >/dev/null 2>&1
check "the annual plan has no what-if banner" sh -c '! grep -q "class=\"whatif\"" "$1"' sh "$T/nolabel/report.html"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

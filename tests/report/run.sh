#!/bin/sh
# tests/report/run.sh REHOUSE -- the demo plan's report.html and plan.xlsx:
# written, byte-identical on a rerun, self-contained, and plan.xlsx a valid
# workbook with the expected sheets (python3 zipfile).
set -u
BIN=${1:-./rehouse}
T=$(mktemp -d "${TMPDIR:-/tmp}/rh_report_XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

command -v python3 >/dev/null 2>&1 || { echo "FAIL python3 is needed"; echo "0 passed, 1 failed"; exit 1; }

"$BIN" plan --quiet --config fixtures/demo/plan.ini --out "$T/a" && ok "plan a" || bad "plan a"
sleep 1
LC_ALL=C.UTF-8 TZ=Asia/Shanghai "$BIN" plan --quiet --config fixtures/demo/plan.ini --out "$T/b" && ok "plan b" || bad "plan b"
for f in report.html plan.xlsx; do
    if cmp -s "$T/a/$f" "$T/b/$f"; then ok "$f identical on rerun"; else bad "$f differs on rerun"; fi
done
# Payer JYJ's cap room, from the plan's own payer_balance.csv (which flats
# an equally good plan buys moves it; the outputs must agree with the table)
JYJ=$(python3 - "$T/a/payer_balance.csv" <<'PY'
import csv, sys
from decimal import Decimal
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["payer_id"] == "JYJ":
        used, cap = Decimal(r["value_cny"]), Decimal(r["capacity_cny"])
        print(f"{used:.2f} {used:,.2f} {cap - used:,.2f}")
PY
)
set -- $JYJ
USED=$1 USED_C=$2 LEFT_C=$3
if grep -q 'http' "$T/a/report.html"; then bad "report.html names a URL"; else ok "report.html has no URL"; fi
if grep -qi '<script\|<link\|<img\|url(' "$T/a/report.html"; then bad "report.html loads something"; else ok "report.html self-contained"; fi
for s in 'Headline figures' 'Town balance' 'Flows between towns' 'By category' \
         'Payers in default' 'Rejected requests' 'Policy stages' '三林镇人民政府' '4,485,400.00' \
         'Why a request got less than it asked' "payer JYJ has $LEFT_C CNY of its cap left" \
         "<td>JYJ 浦东新区教育局</td><td class=\"n\">3,200,000.00</td><td class=\"n\">$USED_C</td><td class=\"n\">$LEFT_C</td><td>是"; do
    if grep -q "$s" "$T/a/report.html"; then ok "report.html has $s"; else bad "report.html lacks $s"; fi
done
if python3 - "$T/a/plan.xlsx" "$LEFT_C" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, "bad CRC"
names = set(z.namelist())
for m in ("[Content_Types].xml", "xl/workbook.xml", "docProps/core.xml"):
    assert m in names, m
wb = z.read("xl/workbook.xml").decode()
sheets = re.findall(r'<sheet name="([^"]+)"', wb)
want = ["Summary", "Towns", "Flows", "Requests", "Allocation", "Suspended", "Payers"]
assert sheets == want, sheets
for i in range(1, len(want) + 1):
    z.read("xl/worksheets/sheet%d.xml" % i)
core = z.read("docProps/core.xml").decode()
assert "2025-01-15T00:00:00Z" in core, core
ss = z.read("xl/sharedStrings.xml").decode()
assert "三林镇人民政府" in ss and "R2025-014" in ss
# the Requests sheet carries requests.csv's reason and reason_detail
assert "原因 reason" in ss and "payer_cap" in ss and "town_share" in ss, "reasons"
assert "payer JYJ has %s CNY of its cap left after the plan" % sys.argv[2] in ss, "detail"
PY
then ok "plan.xlsx is a workbook with the seven sheets"; else bad "plan.xlsx"; fi
# A table longer than a worksheet goes on in "Name (2)", ... (the knob
# makes parts of 10 rows, so the demo's 27 requests take three sheets).
REHOUSE_XLSX_SHEET_ROWS=10 "$BIN" plan --quiet --config fixtures/demo/plan.ini --out "$T/c" && ok "plan c" || bad "plan c"
if python3 - "$T/c/plan.xlsx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
sheets = re.findall(r'<sheet name="([^"]+)"', wb)
assert sheets[:7] == ["Summary", "Towns", "Towns (2)", "Towns (3)", "Towns (4)",
                      "Flows", "Requests"], sheets
assert "Requests (2)" in sheets and "Requests (3)" in sheets and \
       "Requests (4)" not in sheets, sheets
i = sheets.index("Requests")
ss = re.findall(r'<si><t[^>]*>([^<]*)</t></si>', z.read("xl/sharedStrings.xml").decode())
ids = []
for k in range(3):
    x = z.read("xl/worksheets/sheet%d.xml" % (i + 1 + k)).decode()
    rows = re.findall(r'<row r="(\d+)"', x)
    assert rows[0] == "1" and len(rows) == (11 if k < 2 else 8), (k, rows)
    first = re.findall(r'<c r="A(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v>', x)
    assert ss[int(first[0][1])].startswith("申请编号"), ss[int(first[0][1])]
    ids += [ss[int(v)] for r, v in first[1:]]
assert len(ids) == 27 and len(set(ids)) == 27, ids
PY
then ok "plan.xlsx: a long table goes on in continuation sheets, each with its header"; else bad "plan.xlsx continuation sheets"; fi
# rehouse why: a request, a payer and a town of the demo plan, --json, and
# the refusals
"$BIN" why "$T/a" R2025-025 > "$T/why1" 2> "$T/why1.err"; rc=$?
cat > "$T/why1.want" <<WANT
request R2025-025 (payer JYJ, home town WF, social, 2R): asked 5, got 2, partial
  why: payer_cap: payer JYJ has $LEFT_C CNY of its cap left after the plan; the cheapest allocatable 2R flat costs 502,187.60 CNY
  what would change it: a larger cap for payer JYJ: this plan uses $USED CNY of its 3200000.00 CNY
WANT
if [ $rc -eq 0 ] && cmp -s "$T/why1" "$T/why1.want" && [ ! -s "$T/why1.err" ]; then ok "why REQUEST"; else bad "why REQUEST (rc $rc)"; diff "$T/why1.want" "$T/why1"; fi
"$BIN" why "$T/a" TQ > "$T/why2"; rc=$?
if [ $rc -eq 0 ] && head -1 "$T/why2" | grep -qx 'town TQ (塘桥街道), balanced level 0.882353: 2 requests asked 17, got 15' &&
   grep -q '^  request R2025-021 .*partial$' "$T/why2" && grep -q '^    why: town_share: TQ received 15 of the 17' "$T/why2"; then ok "why TOWN"; else bad "why TOWN"; cat "$T/why2"; fi
"$BIN" why "$T/a" JYJ > "$T/why3"; rc=$?
if [ $rc -eq 0 ] && head -1 "$T/why3" | grep -q "^payer JYJ (浦东新区教育局), cap 3200000.00 CNY of which this plan uses $USED: 2 requests asked 8, got 5\$"; then ok "why PAYER"; else bad "why PAYER"; cat "$T/why3"; fi
"$BIN" why "$T/a" R2025-025 --json > "$T/why4"; rc=$?
if [ $rc -eq 0 ] && python3 - "$T/why4" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["request_id"] == "R2025-025" and d["reason"] == "payer_cap", d
assert d["requested"] == 5 and d["allocated"] == 2, d
assert d["what_would_change_it"].startswith("a larger cap for payer JYJ"), d
PY
then ok "why --json"; else bad "why --json"; fi
"$BIN" why "$T/a" NOPE > /dev/null 2> "$T/why5"; rc=$?
if [ $rc -eq 65 ] && grep -qx "rehouse why: NOPE: no request, payer or town of that id in $T/a" "$T/why5"; then ok "why: an unknown id exits 65"; else bad "why unknown id (rc $rc)"; cat "$T/why5"; fi
mkdir "$T/empty"
"$BIN" why "$T/empty" R2025-025 > /dev/null 2>&1; rc=$?
if [ $rc -eq 66 ]; then ok "why: a folder that is not a plan exits 66"; else bad "why not a plan (rc $rc)"; fi
"$BIN" why "$T/a" > /dev/null 2>&1; rc=$?
if [ $rc -eq 64 ]; then ok "why: no id exits 64"; else bad "why no id (rc $rc)"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

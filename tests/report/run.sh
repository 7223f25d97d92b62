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
if grep -q 'http' "$T/a/report.html"; then bad "report.html names a URL"; else ok "report.html has no URL"; fi
if grep -qi '<script\|<link\|<img\|url(' "$T/a/report.html"; then bad "report.html loads something"; else ok "report.html self-contained"; fi
for s in 'Headline figures' 'Town balance' 'Flows between towns' 'By category' \
         'Payers in default' 'Rejected requests' 'Policy stages' '三林镇人民政府' '4,485,400.00'; do
    if grep -q "$s" "$T/a/report.html"; then ok "report.html has $s"; else bad "report.html lacks $s"; fi
done
if python3 - "$T/a/plan.xlsx" <<'PY'
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
PY
then ok "plan.xlsx is a workbook with the seven sheets"; else bad "plan.xlsx"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# tests/report/render.sh REHOUSE [PLANDIR] -- render report.html headless in
# chromium (when /usr/bin/chromium exists; installs nothing) and check the
# screenshot is not blank and the page logged no script or console error.
# Without PLANDIR the demo plan is written first.  Needs python3.
set -u
BIN=${1:-./rehouse}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "skip: $CHROMIUM not installed (apt-get install chromium fonts-noto-cjk)"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/rh_render_XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
if [ $# -ge 2 ]; then
    PLAN=$2
else
    PLAN=$T/plan
    "$BIN" plan --quiet --config fixtures/demo/plan.ini --out "$PLAN" || { bad "plan"; echo "$pass passed, $fail failed"; exit 1; }
fi
HTML=$(cd "$PLAN" && pwd)/report.html
PNG=${RENDER_PNG:-$T/report.png}
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$T/profile" --enable-logging=stderr --v=0 \
    --screenshot="$PNG" --window-size=1280,4000 "file://$HTML" >"$T/log" 2>&1
[ -s "$PNG" ] && ok "screenshot written" || bad "no screenshot (see chromium log below)"
if grep -E 'Uncaught|ERROR:.*CONSOLE' "$T/log" >/dev/null; then
    bad "chromium logged page errors"; grep -E 'Uncaught|ERROR:.*CONSOLE' "$T/log"
else
    ok "no page errors"
fi
# Not blank: a PNG of one colour has (after filtering) almost no distinct
# scanlines; a rendered page has hundreds.  Pure python3, no PIL.
if [ -s "$PNG" ] && python3 - "$PNG" <<'PY'
import struct, sys, zlib
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h, bpp = 8, b"", 0, 0, 3
while pos < len(b):
    n, t = struct.unpack(">I4s", b[pos:pos + 8])
    d = b[pos + 8:pos + 8 + n]
    if t == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", d[:10])
        bpp = {2: 3, 6: 4, 0: 1, 4: 2}.get(ctype, 3) * depth // 8
    elif t == b"IDAT":
        idat += d
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp + 1
rows = {raw[i:i + stride] for i in range(0, len(raw), stride)}
print("distinct scanlines:", len(rows), "of", h)
sys.exit(0 if len(rows) > 50 else 1)
PY
then ok "screenshot is not blank"; else bad "screenshot looks blank"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

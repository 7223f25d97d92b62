#!/bin/sh
# run.sh -- misuse: what an operator's typo, a wrong path or an attacker's
# symbolic link must never do (make misuse, part of make test).
#
#   sh tests/misuse/run.sh ./rehouse
#
# Every case asserts the exit code, the exact message on stderr, and the
# bytes that must stay as they were: the victim file, the foreign folder,
# the previous plan (a sha256sum listing of every file and the folder's
# inode).  Uses fixtures/demo.  The last line is "N passed, M failed"; exit
# 1 when any case failed, 2 when the runner cannot start.

if [ $# -lt 1 ]; then
    echo "usage: sh tests/misuse/run.sh REHOUSE" >&2
    exit 2
fi
R=$1
case $R in
    /*) ;;
    *) R=$(pwd)/$R ;;
esac
if [ ! -x "$R" ] || [ -d "$R" ]; then
    echo "run.sh: not an executable: $R" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$HERE/../.." && pwd) || exit 2
DEMO=$ROOT/fixtures/demo
SC=$ROOT/tests/whatif/scenarios
T=$(mktemp -d "${TMPDIR:-/tmp}/rh_misuse_XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'rm -rf "$T"; exit 130' INT
trap 'rm -rf "$T"; exit 143' TERM
LC_ALL=C
export LC_ALL
cd "$T" || exit 2

passed=0
failed=0
why=""
problem() { why="$why; $*"; }
verdict() {
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        echo "FAIL $1$why"
    fi
    why=""
}
# run ARGS...: rehouse with stdout in $T/o, stderr in $T/e, exit code in rc
run() {
    "$R" "$@" >"$T/o" 2>"$T/e" </dev/null
    rc=$?
}
# want CODE: the exit code must be CODE
want() { [ "$rc" = "$1" ] || problem "exit $rc, expected $1 ($(head -c 300 "$T/e"))"; }
# says TEXT: stderr must be exactly TEXT (one line)
says() {
    printf '%s\n' "$1" >"$T/want"
    cmp -s "$T/want" "$T/e" || problem "stderr: '$(head -c 400 "$T/e")', expected '$1'"
}
# snap PATH: every file under PATH with its hash, and PATH's inode
snap() {
    { ls -id "$1" 2>/dev/null | cut -d' ' -f1
      [ -e "$1" ] && find "$1" -exec sh -c 'for f; do
          if [ -f "$f" ]; then sha256sum "$f"; else echo "$f"; fi; done' sh {} + | sort
    } 2>&1
}
# same PATH SNAPFILE: PATH must be as snapped
same() { snap "$1" | cmp -s - "$2" || problem "$1 changed"; }
nolock() {
    for l in "$@"; do
        [ -e "$l" ] || [ -L "$l" ] && problem "a lock file was left: $l"
    done
    return 0
}

"$R" plan --config "$DEMO/plan.ini" --out prev --quiet 2>/dev/null ||
    { echo "run.sh: the demo does not plan" >&2; exit 2; }

# ---- --out: only a plan folder rehouse wrote is replaced ----------------------

mkdir home home/docs
echo 'export PATH' > home/.bashrc
echo 'notes' > home/docs/n.txt
printf '{ "tool": "rehouse" }\n' > home/summary.json
snap home > home.snap
run plan --config "$DEMO/plan.ini" --out home
want 73
says "rehouse: home: exists and is not a plan folder (it holds .bashrc): refusing to replace it"
same home home.snap
nolock home.lock
verdict "--out a home folder holding a summary.json: exit 73, untouched, no lock left"

mkdir look
cp prev/*.csv look/
printf '{ "tool": "other" }\n' > look/summary.json
snap look > look.snap
run plan --config "$DEMO/plan.ini" --out look
want 73
says "rehouse: look: exists and is not a plan folder (its summary.json was not written by rehouse): refusing to replace it"
same look look.snap
verdict "--out a folder of plan-named files whose summary.json is not rehouse's: exit 73"

cp -a prev p2
echo mine > p2/notes.txt
snap p2 > p2.snap
run plan --config "$DEMO/plan.ini" --out p2
want 73
says "rehouse: p2: exists and is not a plan folder (it holds notes.txt): refusing to replace it"
same p2 p2.snap
verdict "--out a plan folder someone added a file to: exit 73, the file kept"

run plan --config "$DEMO/plan.ini" --out /
want 73
says "rehouse: /: not usable as an output folder name"
nolock /.lock
verdict "--out /: exit 73, no /.lock"

# ---- the lock file ------------------------------------------------------------

echo 'precious' > victim
snap victim > victim.snap
ln -s "$T/victim" q.lock
run plan --config "$DEMO/plan.ini" --out q
want 73
says "rehouse: q.lock: is a symbolic link: refusing to use it as the lock file"
same victim victim.snap
[ -L q.lock ] || problem "the symbolic link was removed"
[ -e q ] && problem "q was written"
verdict "DIR.lock a symbolic link to a victim: exit 73, victim untouched"

echo 'my own notes' > r.lock
snap r.lock > r.snap
run plan --config "$DEMO/plan.ini" --out r
want 73
says "rehouse: r.lock: is not a lock file of rehouse (it holds other text): refusing to use it"
same r.lock r.snap
verdict "DIR.lock a file of someone else's: exit 73, untouched"

ln victim h.lock
run plan --config "$DEMO/plan.ini" --out h
want 73
says "rehouse: h.lock: is not a lock file of rehouse (not a plain file): refusing to use it"
same victim victim.snap
rm -f h.lock
verdict "DIR.lock a hard link to a victim: exit 73, untouched"

echo 4242 > s.lock
run plan --config "$DEMO/plan.ini" --out s --quiet
want 0
nolock s.lock
verdict "a lock file left by a killed run is taken over, and removed at the end"

run plan --config "$DEMO/nothere.ini" --out t
want 66
nolock t.lock
[ -e t ] && problem "t was created"
verdict "a refused run (missing plan.ini) leaves no lock file"

# ---- stray arguments and the MathProg folder ---------------------------------

snap prev > prev.snap
run plan --config "$DEMO/plan.ini" --out prev "$SC/clear-sl.ini"
want 64
says "rehouse plan: unexpected argument '$SC/clear-sl.ini' (a scenario is given with --scenario)"
same prev prev.snap
verdict "plan with a stray argument: exit 64, previous plan untouched"

run plan --config "$DEMO/plan.ini" --out prev --emit-mathprog prev/
want 64
says "rehouse plan: --emit-mathprog prev/: the model goes to a folder of its own, not into the plan folder"
same prev prev.snap
verdict "--emit-mathprog into the plan folder: exit 64"

run plan --config "$DEMO/plan.ini" --out other --emit-mathprog prev
want 73
says "rehouse: prev: exists and is not a MathProg folder (it holds allocation.csv): refusing to replace it"
same prev prev.snap
[ -e other ] && problem "the plan was written although the run was refused"
verdict "--emit-mathprog into another plan folder: exit 73 before anything is written"

run plan --config "$DEMO/plan.ini" --out other --emit-mathprog mp --quiet
want 0
[ "$(ls mp)" = rehouse.dat ] || problem "mp holds: $(ls mp)"
run plan --config "$DEMO/plan.ini" --out other --emit-mathprog mp --quiet
want 0
verdict "--emit-mathprog into its own folder, twice"

run check --config "$DEMO/plan.ini" extra.ini
want 64
says "rehouse check: unexpected argument 'extra.ini'"
verdict "check with a stray argument: exit 64"

run check --config "$DEMO/plan.ini" --quiet
want 0
[ -s "$T/o" ] && problem "check --quiet printed: $(head -c 200 "$T/o")"
verdict "check --quiet prints nothing on valid inputs"

for cmd in plan check compare sweep; do
    run $cmd --help
    want 0
    head -n 1 "$T/o" | grep -q "^usage: rehouse $cmd " || problem "$cmd --help: $(head -c 100 "$T/o")"
    [ -s "$T/e" ] && problem "$cmd --help wrote to stderr"
done
verdict "every command's --help: its usage on stdout, exit 0"

if make -s -C "$ROOT" install DESTDIR="$T/inst" PREFIX=/usr BIN="$R" >"$T/o" 2>"$T/e"; then
    [ -x "$T/inst/usr/bin/rehouse" ] || problem "no bin/rehouse"
    [ -f "$T/inst/usr/share/man/man1/rehouse.1" ] || problem "no man page"
    "$T/inst/usr/bin/rehouse" --version | grep -q '^rehouse ' || problem "installed binary does not run"
else
    problem "make install failed: $(head -c 200 "$T/e")"
fi
verdict "make install DESTDIR=... PREFIX=/usr: the binary and rehouse(1)"

# ---- compare --csv ------------------------------------------------------------

run compare prev other --csv prev
want 73
says "rehouse compare: prev: exists and is not a compare folder (it holds allocation.csv): refusing to replace it"
same prev prev.snap
verdict "compare --csv into a plan folder: exit 73, plan untouched"

run compare prev other --csv cmp
want 0
[ "$(ls cmp | tr '\n' ' ')" = "kpi_delta.csv payers.csv requests.csv towns.csv units.csv " ] ||
    problem "cmp holds: $(ls cmp | tr '\n' ' ')"
grep -qx 'the plans are identical' "$T/o" || problem "no 'identical' line"
run compare prev other --csv cmp --quiet
want 0
[ -s "$T/o" ] && problem "--quiet printed: $(head -c 200 "$T/o")"
verdict "compare of identical plans: exit 0, 'the plans are identical', --csv folder rewritten"

cp -a other y26
sed -i 's/"year": 2025/"year": 2026/' y26/summary.json
run compare prev y26
want 0
grep -qx "rehouse compare: warning: prev is a plan of 2025, y26 of 2026" "$T/e" ||
    problem "no warning about the plan years: $(head -c 200 "$T/e")"
verdict "compare of plans of different plan years warns"

# ---- sweep --------------------------------------------------------------------

mkdir sw
echo 'a,b' > sw/sweep.csv
snap sw > sw.snap
run sweep --config "$DEMO/plan.ini" --out sw "$SC/clear-sl.ini"
want 73
says "rehouse sweep: sw: exists and is not a sweep folder (its sweep.csv was not written by rehouse): refusing to replace it"
same sw sw.snap
nolock sw.lock
verdict "sweep --out a folder with a foreign sweep.csv: exit 73, untouched"

run sweep --config "$DEMO/plan.ini" --out sw2 "$SC/clear-sl.ini" "$SC/no-zp01.ini"
want 0
run sweep --config "$DEMO/plan.ini" --out sw2 "$SC/clear-sl.ini"
want 0
[ "$(ls sw2 | tr '\n' ' ')" = "base clear-sl scenarios.csv sweep.csv " ] ||
    problem "sw2 holds: $(ls sw2 | tr '\n' ' ')"
verdict "a rerun into the same sweep folder leaves no stale scenario folder"

run sweep --config "$DEMO/plan.ini" --out sw3 "$SC/broken.ini"
want 78
grep -q '^1,"broken","[^"]*","failed",78,' sw3/sweep.csv || problem "no failed row"
verdict "a sweep whose every scenario failed: exit 78 (not 0), the table written"

run sweep --config "$DEMO/plan.ini" --out k1 --shard 1/2 "$SC/clear-sl.ini" "$SC/no-zp01.ini" "$SC/more-livelihood.ini"
run sweep --merge k1 --out m1
want 65
says "rehouse sweep: incomplete: 1 scenario of the sweep is in no shard table: 2 (shard 2/2)"
[ -e m1 ] && problem "m1 was written"
verdict "sweep --merge of one shard of two: exit 65 naming the missing index"

run sweep --config "$DEMO/plan.ini" --out o2 --shard 2/2 "$SC/clear-sl.ini" "$SC/extra.ini" "$SC/more-livelihood.ini"
run sweep --merge k1 o2 --out m2
want 65
says "rehouse sweep: o2: a shard of another sweep: its scenarios.csv differs from k1's (other scenarios or another shard count)"
verdict "sweep --merge of shards of different scenario lists: exit 65"

sed 's/^grace_days *=.*/grace_days = 0/' "$DEMO/plan.ini" > g0.ini
sed -i "s|= \\([a-z]*\\.csv\\)|= $DEMO/\\1|" g0.ini
run sweep --config g0.ini --out b2 --shard 2/2 "$SC/clear-sl.ini" "$SC/no-zp01.ini" "$SC/more-livelihood.ini"
run sweep --merge k1 b2 --out m3
want 65
says "rehouse sweep: b2: its base plan differs from the first shard's (another plan.ini or other inputs)"
verdict "sweep --merge of shards of different base plans: exit 65"

# ---- wrong figures with exit 0 ------------------------------------------------

mkdir big
cp "$DEMO"/*.csv "$DEMO/plan.ini" big/
awk 'BEGIN { print "payer_id,agreement_id,due_on,amount_due_cny,amount_paid_cny";
             for (i = 1; i <= 10001; i++) printf "SL_GOV,A%d,2024-06-30,1000000000000,0\n", i }' > big/ledger.csv
run check --config big/plan.ini
want 65
says "big/ledger.csv:10002: amount_due_cny: the ledger's total due passes 10000000000000000 CNY here, more than rehouse sums exactly"
verdict "a ledger whose total passes 10^16 CNY: exit 65 at the row, never a wrapped sum"

mkdir drop
cp "$DEMO"/*.csv "$DEMO/plan.ini" drop/
run plan --config drop/plan.ini --out dp --quiet
want 0
head -n 40 "$DEMO/inventory.csv" > drop/inventory.csv
snap dp > dp.snap
run plan --config drop/plan.ini --out dp --quiet
want 65
says "rehouse: broken-export guard: allocatable flats 37, down from 202 in the plan being replaced in dp (more than a 50% drop); check the export, or plan with --max-drop 100"
same dp dp.snap
nolock dp.lock
verdict "broken-export guard: a truncated inventory does not replace last night's plan (65)"
run plan --config drop/plan.ini --out dp --quiet --max-drop 100
want 0
verdict "broken-export guard: --max-drop 100 plans anyway"

# A scenario that hangs: its plan is stopped (SIGSTOP) as soon as it
# starts; the sweep kills it at the run's bound (1.5 x time_limit_s + 30 s
# + 5 s = 36.5 s with time_limit_s = 1) and writes its row as timeout.
# The plans are of a generated Pudong-scale instance with capped payers
# (bench/gen.c), which run for seconds: a demo plan (0.1 s) could end
# before the stop reached it on a loaded machine, and its row said "ok".
cc -O2 -o "$T/gen" "$ROOT/bench/gen.c" 2>/dev/null || problem "bench/gen.c does not build"
"$T/gen" "$T/hang" 36 30000 2000 1 10 > /dev/null || problem "gen failed"
sed 's/^time_limit_s *=.*/time_limit_s = 1/' "$T/hang/plan.ini" > "$T/hang/hang.ini"
printf '[scenario]\nname = noop\n' > "$T/noop.ini"
"$R" sweep --config "$T/hang/hang.ini" --out swh -j 2 "$T/noop.ini" >"$T/o" 2>"$T/e" </dev/null &
sweep_pid=$!
stopped=""
i=0
while [ "$(echo $stopped | wc -w)" -lt 2 ] && [ $i -lt 500 ]; do
    for c in $(pgrep -P "$sweep_pid" 2>/dev/null); do
        case " $stopped " in *" $c "*) continue ;; esac
        kill -STOP "$c" 2>/dev/null && stopped="$stopped $c"
    done
    sleep 0.01
    i=$((i + 1))
done
wait "$sweep_pid"
rc=$?
[ "$(echo $stopped | wc -w)" = 2 ] || problem "stopped '$stopped', expected the two plans"
[ "$rc" = 124 ] || problem "exit $rc, expected 124 ($(head -c 200 "$T/e"))"
grep -q '"timeout",124,' swh/sweep.csv 2>/dev/null || problem "no timeout row: $(cat swh/sweep.csv 2>/dev/null | head -c 300)"
for c in $stopped; do
    kill -0 "$c" 2>/dev/null && { problem "a stopped plan still runs"; kill -9 "$c"; }
done
nolock swh.lock
verdict "a scenario that hangs is killed at the run's bound: row timeout, exit 124, no process left"

# ---- inputs that are not regular files --------------------------------------

mkfifo fifo
sed "s|= \\([a-z]*\\.csv\\)|= $DEMO/\\1|; s|^demand = .*|demand = $T/fifo|" "$DEMO/plan.ini" > fifo.ini
run check --config fifo.ini
want 66
says "$T/fifo: cannot read: not a regular file (a FIFO, device or socket)"
verdict "an input that is a FIFO: exit 66 at once"
run check --config /dev/zero
want 66
says "/dev/zero: cannot read: not a regular file (a FIFO, device or socket)"
verdict "--config /dev/zero: exit 66 at once"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

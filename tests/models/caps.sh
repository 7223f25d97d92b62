#!/bin/sh
# caps.sh -- stage H in whole units under payer caps: rehouse's H against
# the integer optimum of models/h_int.mod (glpsol, branch and bound).
#
#   sh tests/models/caps.sh REHOUSE [PLAN.ini ...]   check the fixtures below
#                                                    (or the plans given)
#   sh tests/models/caps.sh --dat PLAN.ini           write h_int.mod's data
#                                                    for PLAN.ini to stdout
#
# Run from anywhere; fixture paths are relative to the project root.  For
# every plan:
#   1. caps.dat is written by the awk program below straight from the plan's
#      CSV files, independently of rehouse (rehouse.dat of --emit-mathprog
#      has neither the flats' values nor the caps).  It applies README's
#      eligibility rules itself:
#        - a flat is allocatable when status = available and
#          available_on <= horizon_end; allocatable flats are grouped into
#          value tiers (project town, layout, value in fen);
#        - a flat's value is area_m2 x price_cny_m2 rounded half up to the
#          fen (the value_cny rehouse writes); a cap is capacity_cny in fen;
#        - the on-time pass leaves out requests submitted after the deadline
#          (late = reject: rejected; late = last: they wait for the late
#          pass), requests of payers without capacity proof and, under
#          suspended = release, requests of payers in default (a ledger row
#          more than grace_days past due at as_of with more than
#          default_tolerance_cny unpaid); under hold they take part;
#   2. glpsol solves models/h_int.mod on it (the MIP; also its LP
#      relaxation, printed for information);
#   3. rehouse plan --config PLAN --out W/plan runs, and the integer H* is
#      compared with
#        - the "H" row of pass "ontime" in W/plan/stages.csv,
#        - every later on-time row named "H/..." (a re-solve such as H/caps:
#          the plan is built on the last one),
#        - the home-town units the plan really hands out: allocation.csv
#          rows of on-time requests whose project_town is their home_town.
#      All three must equal H*.  The H rows' status must be "optimal".
#
# One check per plan: "ok NAME: H ..." or "FAIL NAME: ...".  The last line
# is always "N passed, M failed"; the exit status is 1 when a check failed,
# 2 when the script cannot start.  Needs glpsol (glpk-utils), POSIX sh and
# awk.  CSV records must not span lines (true of every fixture here).

FIXTURES='
fixtures/payer-cap/plan.ini
fixtures/redeal/plan.ini
fixtures/h-short/plan.ini
fixtures/exit-70/plan.ini
fixtures/extreme-d/plan.ini
fixtures/extreme-c/plan.ini
fixtures/late-leak/plan.ini
fixtures/demo/plan.ini
'

usage() {
    echo "usage: sh tests/models/caps.sh REHOUSE [PLAN.ini ...]" >&2
    echo "       sh tests/models/caps.sh --dat PLAN.ini" >&2
    exit 2
}

HERE=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$HERE/../.." && pwd) || exit 2
MODEL=$ROOT/models/h_int.mod
GLPSOL=${GLPSOL:-glpsol}
# glpsol's time limit per solve, in seconds.
TMLIM=${CAPS_TMLIM:-300}

LC_ALL=C
export LC_ALL

# The CSV reader (as in tests/models/run.sh): csv_split(line) fills
# F[1..n] with the decoded cells of one record and returns n.
CSV_AWK='
function csv_split(s,    n, i, c, cell, q, quoted) {
    sub(/\r$/, "", s)
    n = 0; cell = ""; q = 0; quoted = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(s, i + 1, 1) == "\"") { cell = cell "\""; i++ }
                else q = 0
            } else cell = cell c
        } else if (c == "\"") { q = 1; quoted = 1 }
        else if (c == ",") { F[++n] = unneut(cell, quoted); cell = ""; quoted = 0 }
        else cell = cell c
    }
    F[++n] = unneut(cell, quoted)
    return n
}
function unneut(cell, quoted) {
    if (quoted && cell ~ /^'"'"'[=+@-]/) return substr(cell, 2)
    return cell
}
'

# ini_get INI SECTION KEY: the value of KEY in [SECTION] (empty if absent).
ini_get() {
    awk -v s="$2" -v k="$3" '
    { sub(/\r$/, ""); if (NR == 1) sub(/^\357\273\277/, "") }
    /^[ \t]*[;#]/ { next }
    /^[ \t]*\[/ { sec = $0; gsub(/[][ \t]/, "", sec); next }
    sec == s {
        line = $0; sub(/[ \t]+;.*$/, "", line)
        if (match(line, /^[ \t]*[A-Za-z_]+[ \t]*=/)) {
            key = line; sub(/[ \t]*=.*$/, "", key); gsub(/[ \t]/, "", key)
            val = line; sub(/^[^=]*=[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
            if (key == k) { print val; exit }
        }
    }' "$1"
}

# gen_dat PLAN DAT REQS: write h_int.mod's data for PLAN's on-time pass to
# DAT, and the ids of the pass's requests, one a line, to REQS.  Status 1
# (with a message on stderr) when the plan cannot be read.
gen_dat() {
    plan=$1
    dat=$2
    reqs=$3
    dir=$(dirname "$plan")
    year=$(ini_get "$plan" plan year)
    as_of=$(ini_get "$plan" plan as_of)
    deadline=$(ini_get "$plan" plan deadline)
    horizon=$(ini_get "$plan" plan horizon_end)
    late=$(ini_get "$plan" policy late)
    susp=$(ini_get "$plan" policy suspended)
    grace=$(ini_get "$plan" policy grace_days)
    tol=$(ini_get "$plan" policy default_tolerance_cny)
    enc=$(ini_get "$plan" inputs encoding)
    if [ -z "$year" ] || [ -z "$as_of" ]; then
        echo "caps.sh: $plan: [plan] year and as_of are required" >&2
        return 1
    fi
    [ -n "$deadline" ] || deadline=$((year - 1))-10-31
    [ -n "$horizon" ] || horizon=$year-12-31
    [ -n "$late" ] || late=reject
    [ -n "$susp" ] || susp=hold
    [ -n "$grace" ] || grace=30
    [ -n "$tol" ] || tol=100
    for k in towns inventory demand payers ledger; do
        f=$(ini_get "$plan" inputs $k)
        if [ -z "$f" ]; then
            echo "caps.sh: $plan: no [inputs] $k" >&2
            return 1
        fi
        case $f in /*) ;; *) f=$dir/$f ;; esac
        if [ ! -s "$f" ] || [ ! -r "$f" ]; then
            echo "caps.sh: $plan: cannot read $f (or it is empty)" >&2
            return 1
        fi
        case $enc in
            ''|utf-8|UTF-8|utf8|UTF8) ;;
            *)  if ! iconv -f "$enc" -t UTF-8 "$f" >"$TMP/in.$k"; then
                    echo "caps.sh: $f: cannot convert from $enc" >&2
                    return 1
                fi
                f=$TMP/in.$k ;;
        esac
        eval "f_$k=\$f"
    done
    # shellcheck disable=SC2154
    awk -v PLAN="$plan" -v AS_OF="$as_of" -v DEADLINE="$deadline" -v HORIZON="$horizon" \
        -v LATE="$late" -v SUSP="$susp" -v GRACE="$grace" -v TOL="$tol" -v REQS="$reqs" \
        "$CSV_AWK"'
    # days since 1970-01-01 of YYYY-MM-DD (proleptic Gregorian calendar)
    function day(s,    y, m, d, era, yoe, doy, doe) {
        if (s !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/) { bad("bad date \"" s "\""); return 0 }
        y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
        if (m <= 2) y--
        era = int(y / 400); yoe = y - era * 400
        doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
        doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
        return era * 146097 + doe - 719468
    }
    # hundredths of an unsigned decimal with at most 2 decimals, exactly
    function hund(s,    p, b) {
        if (s !~ /^[0-9]+(\.[0-9]?[0-9]?)?$/) { bad("bad number \"" s "\""); return 0 }
        p = index(s, ".")
        if (!p) return s * 100
        b = substr(s, p + 1) "00"
        return substr(s, 1, p - 1) * 100 + substr(b, 1, 2)
    }
    function bad(msg) { print "caps.sh: " FILENAME ":" FNR ": " msg > "/dev/stderr"; err = 1 }
    function q(s) { gsub(/'"'"'/, "'"'"''"'"'", s); return "'"'"'" s "'"'"'" }
    function need(c) { if (!(c in col)) bad("no column " c) }
    function cell(c) { return F[col[c]] }
    BEGIN {
        split("towns inventory demand payers ledger", kinds, " ")
        asof = day(AS_OF); dl = day(DEADLINE); hz = day(HORIZON); tolc = hund(TOL)
    }
    FNR == 1 {
        k = kinds[++fileno]
        sub(/^\357\273\277/, "")
        n = csv_split($0); split("", col)
        for (i = 1; i <= n; i++) col[F[i]] = i
        if (k == "towns") need("town_id")
        if (k == "inventory") { need("town_id"); need("layout"); need("area_m2")
                                need("price_cny_m2"); need("status"); need("available_on") }
        if (k == "demand") { need("request_id"); need("payer_id"); need("home_town")
                             need("layout"); need("units"); need("submitted_on") }
        if (k == "payers") { need("payer_id"); need("capacity_proof") }
        if (k == "ledger") { need("payer_id"); need("due_on"); need("amount_due_cny")
                             need("amount_paid_cny") }
        next
    }
    /^\r?$/ { next }
    { csv_split($0) }
    k == "towns" { town[++nt] = cell("town_id"); next }
    k == "inventory" {
        if (cell("status") != "available" || day(cell("available_on")) > hz) next
        v = int((hund(cell("area_m2")) * hund(cell("price_cny_m2")) + 50) / 100)
        t = cell("town_id"); l = cell("layout"); key = t SUBSEP l SUBSEP v
        if (!(key in tier)) {
            tier[key] = ++nk; kt[nk] = t; kl[nk] = l; kval[nk] = v; kn[nk] = 0
            if (!(l in haslay)) { haslay[l] = 1; lays[++nl] = l }
        }
        kn[tier[key]]++; nunits++
        next
    }
    k == "demand" {
        nr++; rid[nr] = cell("request_id"); rp[nr] = cell("payer_id")
        rh[nr] = cell("home_town"); rl[nr] = cell("layout"); ru[nr] = cell("units") + 0
        rlate[nr] = day(cell("submitted_on")) > dl
        next
    }
    k == "payers" {
        p = cell("payer_id"); po[++npo] = p; proof[p] = cell("capacity_proof")
        if (("capacity_cny" in col) && cell("capacity_cny") != "") capc[p] = hund(cell("capacity_cny"))
        next
    }
    k == "ledger" {
        if (asof - day(cell("due_on")) > GRACE + 0 &&
            hund(cell("amount_due_cny")) - hund(cell("amount_paid_cny")) > tolc)
            dflt[cell("payer_id")] = 1
        next
    }
    END {
        if (err) exit 1
        print "# caps.dat -- data for models/h_int.mod: the on-time pass of " PLAN
        print "# written by tests/models/caps.sh from the CSV files (not by rehouse)."
        print "# deadline " DEADLINE ", horizon_end " HORIZON ", as_of " AS_OF \
              ", late = " LATE ", suspended = " SUSP ", grace_days " GRACE ", tolerance " TOL
        np = 0
        for (r = 1; r <= nr; r++) {
            why = ""
            if (rlate[r]) why = "late"
            else if (proof[rp[r]] != "yes") why = "no capacity proof"
            else if (SUSP == "release" && (rp[r] in dflt)) why = "payer in default, suspended = release"
            if (why != "") { inpass[r] = 0; print "#   not in the pass: " rid[r] " (" why ")"; continue }
            inpass[r] = 1; np++
            if (!(rl[r] in haslay)) { haslay[rl[r]] = 1; lays[++nl] = rl[r] }
            if (rp[r] in capc) incap[rp[r]] = 1
        }
        printf "# %d allocatable units in %d value tiers; %d of %d requests in the pass\n", \
               nunits, nk, np, nr
        print "\ndata;\n"
        printf "set TOWNS :="
        for (i = 1; i <= nt; i++) printf "\n  %s", q(town[i])
        print ";\n"
        printf "set LAYOUTS :="
        for (i = 1; i <= nl; i++) printf " %s", q(lays[i])
        print ";\n"
        print "# value tiers: project town, layout, value of one flat in fen, flats"
        printf "param : TIERS : ttown tlay tval tn :="
        for (i = 1; i <= nk; i++)
            printf "\n  %s %s %s %.0f %.0f", q(kt[i] "|" kl[i] "|" sprintf("%.0f", kval[i])), \
                   q(kt[i]), q(kl[i]), kval[i], kn[i]
        print ";\n"
        print "# requests of the on-time pass, in demand.csv order"
        printf "param : REQUESTS : home lay units payer :="
        printf "" > REQS
        for (r = 1; r <= nr; r++)
            if (inpass[r]) {
                printf "\n  %s %s %s %.0f %s", q(rid[r]), q(rh[r]), q(rl[r]), ru[r], q(rp[r])
                print rid[r] > REQS
            }
        print ";\n"
        print "# capped payers with requests in the pass: capacity_cny in fen"
        printf "set CAPPED :="
        for (i = 1; i <= npo; i++) if (po[i] in incap) printf " %s", q(po[i])
        print ";"
        printf "param cap :="
        for (i = 1; i <= npo; i++) if (po[i] in incap) printf "\n  %s %.0f", q(po[i]), capc[po[i]]
        print ";\n\nend;"
    }
    ' "$f_towns" "$f_inventory" "$f_demand" "$f_payers" "$f_ledger" >"$dat"
}

# --dat PLAN: only write the data.
if [ "${1-}" = --dat ]; then
    [ $# -eq 2 ] || usage
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/rehouse-caps.XXXXXX") || exit 2
    trap 'rm -rf "$TMP"' EXIT
    gen_dat "$2" "$TMP/caps.dat" "$TMP/reqs" || exit 1
    cat "$TMP/caps.dat"
    exit 0
fi

[ $# -ge 1 ] || usage
REHOUSE=$1
shift
case $REHOUSE in
    /*) ;;
    *) REHOUSE=$(pwd)/$REHOUSE ;;
esac
if [ ! -x "$REHOUSE" ] || [ -d "$REHOUSE" ]; then
    echo "caps.sh: not an executable: $REHOUSE" >&2
    exit 2
fi
if ! command -v "$GLPSOL" >/dev/null 2>&1; then
    echo "caps.sh: glpsol not found (install glpk-utils)" >&2
    exit 2
fi
if [ ! -f "$MODEL" ]; then
    echo "caps.sh: missing $MODEL" >&2
    exit 2
fi
# Plans given on the command line are taken relative to the caller's folder.
if [ $# -gt 0 ]; then
    list=""
    for p in "$@"; do
        case $p in /*) ;; *) p=$(pwd)/$p ;; esac
        list="$list $p"
    done
else
    list=$FIXTURES
fi
cd "$ROOT" || exit 2

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rehouse-caps.XXXXXX") || exit 2
[ -n "${CAPS_KEEP-}" ] || trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT
trap 'rm -rf "$TMP"; exit 143' TERM

passed=0
failed=0

# h_int W: solve h_int.mod on W/caps.dat.  Sets HINT (the integer optimum,
# a whole number) and HLP (the LP relaxation's optimum), or prints why not
# into WHY and returns 1.
h_int() {
    if ! "$GLPSOL" --tmlim "$TMLIM" -m "$MODEL" -d "$1/caps.dat" \
            --display "$1/h_int.out" >"$1/h_int.log" 2>&1; then
        WHY="glpsol h_int.mod failed: $(grep -i -E 'error|fail|infeas' "$1/h_int.log" | head -n 1)"
        if grep -q 'check\[.*failed' "$1/h_int.log"; then
            WHY="$WHY (a solution within GLPK's tolerance of a cap but over it to the fen: the integer H is not certified)"
        fi
        return 1
    fi
    if ! grep -q '^INTEGER OPTIMAL SOLUTION FOUND' "$1/h_int.log"; then
        WHY="glpsol found no proven integer optimum: $(tail -n 1 "$1/h_int.log")"
        return 1
    fi
    HINT=$(sed -n 1p "$1/h_int.out" | awk '{ if ($1 !~ /^[0-9]+\.0+$/) exit 1; printf "%.0f\n", $1 }') || {
        WHY="h_int.mod printed no whole optimum: '$(sed -n 1p "$1/h_int.out")'"
        return 1
    }
    HLP=?
    printf 'data;\nparam relaxed := 1;\nend;\n' >"$1/relaxed.dat"
    if "$GLPSOL" --nomip -m "$MODEL" -d "$1/caps.dat" -d "$1/relaxed.dat" \
            --display "$1/h_lp.out" >"$1/h_lp.log" 2>&1 &&
       grep -q '^OPTIMAL LP SOLUTION FOUND' "$1/h_lp.log"; then
        HLP=$(sed -n 1p "$1/h_lp.out")
    fi
    [ -n "$HLP" ] || HLP=?
    return 0
}

# rehouse_h W: from W/plan's stages.csv, the on-time H rows as
# "stage<TAB>objective<TAB>status" into W/hrows; from allocation.csv the
# home-town units of the pass's requests (W/reqs) into PLANH.
rehouse_h() {
    awk "$CSV_AWK"'
    NR == 1 { sub(/^\357\273\277/, ""); n = csv_split($0)
              for (i = 1; i <= n; i++) col[F[i]] = i
              if (!("pass" in col) || !("stage" in col) || !("objective" in col)) {
                  print "stages.csv: columns pass, stage, objective expected" > "/dev/stderr"; exit 1 }
              next }
    { csv_split($0)
      s = F[col["stage"]]
      if (F[col["pass"]] == "ontime" && (s == "H" || s ~ /^H\//))
          print s "\t" F[col["objective"]] "\t" (("status" in col) ? F[col["status"]] : "") }
    ' "$1/plan/stages.csv" >"$1/hrows" || return 1
    PLANH=$(awk "$CSV_AWK"'
    FILENAME == ARGV[1] { sub(/\r$/, ""); inpass[$0] = 1; next }
    FNR == 1 { sub(/^\357\273\277/, ""); n = csv_split($0)
               for (i = 1; i <= n; i++) col[F[i]] = i
               if (!("request_id" in col) || !("home_town" in col) || !("project_town" in col) ||
                   !("units" in col)) {
                   print "allocation.csv: columns request_id, home_town, project_town, units expected" > "/dev/stderr"
                   exit 1 }
               next }
    { csv_split($0)
      if ((F[col["request_id"]] in inpass) && F[col["home_town"]] == F[col["project_town"]])
          h += F[col["units"]] }
    END { printf "%.0f\n", h }
    ' "$1/reqs" "$1/plan/allocation.csv") || return 1
    return 0
}

# run_plan PLAN N
run_plan() {
    plan=$1
    W=$TMP/p$2
    mkdir -p "$W"
    name=$(basename "$(dirname "$plan")")
    if [ ! -f "$plan" ]; then
        failed=$((failed + 1))
        echo "FAIL $name: no such plan: $plan"
        return
    fi
    if ! gen_dat "$plan" "$W/caps.dat" "$W/reqs" 2>"$W/gen.err"; then
        failed=$((failed + 1))
        echo "FAIL $name: cannot write caps.dat: $(head -n 1 "$W/gen.err")"
        return
    fi
    if ! h_int "$W"; then
        failed=$((failed + 1))
        echo "FAIL $name: $WHY"
        return
    fi
    ncap=$(awk '/^set CAPPED/ { n = NF - 3; if ($NF == ";") n--; print (n < 0 ? 0 : n) }' "$W/caps.dat")
    info="integer H $HINT, LP bound $HLP, $ncap capped payer(s) in the pass"

    "$REHOUSE" plan --config "$plan" --out "$W/plan" >"$W/rehouse.out" 2>"$W/rehouse.err" </dev/null
    rc=$?
    if [ $rc -ne 0 ]; then
        failed=$((failed + 1))
        echo "FAIL $name: rehouse plan exited $rc: $(head -n 1 "$W/rehouse.err") ($info)"
        return
    fi
    if [ ! -f "$W/plan/stages.csv" ] || [ ! -f "$W/plan/allocation.csv" ]; then
        failed=$((failed + 1))
        echo "FAIL $name: rehouse wrote no stages.csv or allocation.csv ($info)"
        return
    fi
    if ! rehouse_h "$W" 2>"$W/read.err"; then
        failed=$((failed + 1))
        echo "FAIL $name: $(head -n 1 "$W/read.err")"
        return
    fi
    msg=$(awk -F '\t' -v h="$HINT" -v planh="$PLANH" '
        function whole(v) { return v ~ /^[0-9]+(\.0*)?$/ ? v + 0 : -1 }
        { n++; last = $1 "\t" $2
          if ($1 == "H") { sawh = 1; if (whole($2) != h) printf "stages.csv H %s; ", $2 }
          else if (whole($2) != h) printf "stages.csv %s %s; ", $1, $2
          if ($3 != "" && $3 != "optimal") printf "stage %s is %s; ", $1, $3 }
        END { if (!sawh) printf "stages.csv has no on-time H row; "
              if (planh + 0 != h) printf "the plan hands out %s home-town units; ", planh }
        ' "$W/hrows")
    rows=$(awk -F '\t' '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 + 0 }' "$W/hrows")
    if [ -z "$msg" ]; then
        passed=$((passed + 1))
        echo "ok   $name: H $HINT = rehouse ($rows; plan $PLANH home-town units); LP bound $HLP"
    else
        failed=$((failed + 1))
        echo "FAIL $name: integer H $HINT, but ${msg%; } (rehouse: $rows; LP bound $HLP)"
    fi
}

i=0
for plan in $list; do
    i=$((i + 1))
    run_plan "$plan" $i
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# run.sh -- cross-check rehouse's policy stages against the MathProg models
# in models/ (an independent, request-level formulation solved by glpsol).
#
#   sh tests/models/run.sh ./rehouse [PLAN.ini[:MODE] ...]
#
# Run from the project root.  For every fixture (the list below, or the
# arguments) it runs
#   rehouse plan --config PLAN --out W/plan --emit-mathprog W/mp
# then glpsol on models/h.mod, b.mod, t.mod, c.mod (once per category rank)
# and d.mod in turn, each with W/mp/rehouse.dat and a small data file of the
# earlier optima, and compares glpsol's optima with rehouse's
# W/plan/stages.csv (columns pass,stage,objective; rows of pass "ontime")
# and W/plan/town_levels.csv (town_id,demand,level,floor).
#
# Checks (each counts once in "N passed, M failed"):
#   models     the common part of the five models is identical;
#   rehouse    rehouse plan exits 0 and writes the three files;
#   H          H* of h.mod equals rehouse's H (and is a whole number, as are
#              T* and C*: without caps every stage is a network LP with
#              integral data; the next stage is given the whole number);
#   B          lambda* of b.mod equals summary.json's lambda_star and is at
#              least rehouse's B, the integer max-min given H
#              (tests/unit/test_exact.c proves that one against its own
#              model);
#   floors     every town with demand has rehouse's D_t equal to the models'
#              D_t, floor_t <= D_t, and (passes without integer programs)
#              floor_t >=
#              floor(lambda* x D_t) and level_t >= lambda*; no other town
#              has demand;
#   T, C:<category>, D
#              glpsol's optimum equals rehouse's, with rehouse's floors as
#              the floors of t.mod (progressive filling beyond the first
#              round needs one solve per round; it is taken from rehouse,
#              checked by "floors" and by t.mod being feasible);
#   stages     rehouse's on-time stages are exactly H, B, T, C:<category> for
#              each category with requests asking for units (in
#              category_order), D: no cap repair ("/caps", "/mip") in a
#              cap-free instance.
# "Equal" means |a - b| <= 1e-6 * max(1, |a|, |b|) (both sides are printed
# with 6 decimals, so 1e-9 more is allowed for the rounding).
#
# MODE (default exact):
#   exact   the instance has no binding payer cap: every check above;
#   capped  payer caps may bind (the models ignore them, so they solve a
#           relaxation): only H_glpsol >= H_rehouse, and when the two are
#           equal lambda*_glpsol >= B_rehouse; t/c/d are not compared;
#   nocap   the fixture is copied, capacity_cny blanked in its payers file
#           (which must lie inside the fixture folder), and then: exact.
#
# The last line is always "N passed, M failed"; the exit status is 1 when a
# check failed, 2 when the runner itself cannot start.  Needs glpsol
# (Debian package glpk-utils) and a POSIX sh/awk.

FIXTURES='
fixtures/demo/plan.ini:capped
fixtures/demo/plan.ini:nocap
tests/models/fixtures/surplus/plan.ini:exact
tests/models/fixtures/scarce/plan.ini:exact
tests/models/fixtures/category/plan.ini:exact
'

if [ $# -lt 1 ]; then
    echo "usage: sh tests/models/run.sh REHOUSE [PLAN.ini[:MODE] ...]" >&2
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
GLPSOL=${GLPSOL:-glpsol}
if ! command -v "$GLPSOL" >/dev/null 2>&1; then
    echo "run.sh: glpsol not found (install glpk-utils)" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$HERE/../.." && pwd) || exit 2
MODELS=$ROOT/models
for f in h b t c d; do
    if [ ! -f "$MODELS/$f.mod" ]; then
        echo "run.sh: missing $MODELS/$f.mod" >&2
        exit 2
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rehouse-models.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT
trap 'rm -rf "$TMP"; exit 143' TERM

LC_ALL=C
export LC_ALL

passed=0
failed=0
fixture_failed=0

pass() {
    passed=$((passed + 1))
}

# fail LABEL REASON: count one failed check and say why.
fail() {
    failed=$((failed + 1))
    fixture_failed=1
    echo "FAIL $1: $2"
}

# same A B: 0 when A and B agree within 1e-6 relative (see above).
same() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a !~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ ||
            b !~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/) exit 1
        a += 0; b += 0
        d = a - b; if (d < 0) d = -d
        m = 1; if (a > m) m = a; if (-a > m) m = -a
        if (b > m) m = b; if (-b > m) m = -b
        exit !(d <= 1e-6 * m + 1e-9)
    }'
}

# whole V: print V rounded to a whole number when it is one within
# 1e-6 * max(1, |V|); status 1 otherwise.
whole() {
    awk -v v="$1" 'BEGIN {
        if (v !~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/) exit 1
        v += 0; r = (v < 0) ? -int(-v + 0.5) : int(v + 0.5)
        d = v - r; if (d < 0) d = -d
        m = (v < 0) ? -v : v; if (m < 1) m = 1
        if (d > 1e-6 * m) exit 1
        printf "%.0f\n", r
    }'
}

# at_least A B: 0 when A >= B within the same tolerance.
at_least() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        a += 0; b += 0
        m = 1; if (a > m) m = a; if (-a > m) m = -a
        if (b > m) m = b; if (-b > m) m = -b
        exit !(a >= b - 1e-6 * m - 1e-9)
    }'
}

# The CSV reader shared by the awk programs below: csv_split(line) fills
# F[1..n] with the decoded cells of one record (quotes removed, doubled
# quotes undone, the apostrophe that neutralises = + - @ dropped) and
# returns n.  Records do not span lines in the files read here.
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

# rehouse_stages CSV OUT: "stage<TAB>objective" of the on-time pass.
rehouse_stages() {
    awk "$CSV_AWK"'
    NR == 1 { sub(/^\357\273\277/, ""); n = csv_split($0)
              for (i = 1; i <= n; i++) col[F[i]] = i
              if (!("pass" in col) || !("stage" in col) || !("objective" in col)) {
                  print "stages.csv: columns pass, stage, objective expected" > "/dev/stderr"
                  exit 1 }
              next }
    { csv_split($0)
      if (F[col["pass"]] == "ontime") print F[col["stage"]] "\t" F[col["objective"]] }
    ' "$1" >"$2"
}

# rehouse_levels CSV OUT: "town<TAB>demand<TAB>level<TAB>floor".
rehouse_levels() {
    awk "$CSV_AWK"'
    NR == 1 { sub(/^\357\273\277/, ""); n = csv_split($0)
              for (i = 1; i <= n; i++) col[F[i]] = i
              if (!("town_id" in col) || !("demand" in col) || !("level" in col) ||
                  !("floor" in col)) {
                  print "town_levels.csv: columns town_id, demand, level, floor expected" > "/dev/stderr"
                  exit 1 }
              next }
    { csv_split($0)
      print F[col["town_id"]] "\t" F[col["demand"]] "\t" F[col["level"]] "\t" F[col["floor"]] }
    ' "$1" >"$2"
}

# stage_value STAGE: rehouse's objective of STAGE (empty when absent).
stage_value() {
    awk -F '\t' -v s="$1" '$1 == s { print $2; exit }' "$W/rh_stages.txt"
}

# glpsol_run LABEL MODEL OUT DATA...: run glpsol; 0 when it ran, found an
# optimum and printed a number on the first line of OUT.
glpsol_run() {
    label=$1
    model=$2
    out=$3
    shift 3
    set -- -m "$MODELS/$model" "$@"
    rm -f "$out"
    if ! "$GLPSOL" "$@" --display "$out" >"$out.log" 2>&1; then
        fail "$label" "glpsol $model failed:"
        grep -E 'error|failed|rror' "$out.log" | head -n 5 | sed 's/^/     | /'
        return 1
    fi
    if ! grep -q -E '^(OPTIMAL LP SOLUTION FOUND|OPTIMAL SOLUTION FOUND BY LP PREPROCESSOR)' "$out.log"; then
        fail "$label" "glpsol $model found no optimum:"
        tail -n 3 "$out.log" | sed 's/^/     | /'
        return 1
    fi
    v=$(sed -n 1p "$out")
    if ! same "$v" "$v"; then
        fail "$label" "glpsol $model printed no objective"
        return 1
    fi
    return 0
}

# integral LABEL STAGE V: set INT to V as a whole number, or fail (without
# caps every stage is a network LP with integral data, so H*, T* and C* are
# whole; the next stage gets the whole number, not V's 6-decimal rounding).
integral() {
    if INT=$(whole "$3"); then
        return 0
    fi
    fail "$1" "stage $2: glpsol's optimum $3 is not a whole number"
    return 1
}

# compare LABEL STAGE GLPSOL_VALUE: one check against rehouse's stage row.
compare() {
    r=$(stage_value "$2")
    if [ -z "$r" ]; then
        fail "$1" "rehouse reports no on-time stage $2 (glpsol: $3)"
    elif same "$3" "$r"; then
        pass
    else
        fail "$1" "stage $2: glpsol $3, rehouse $r"
    fi
}

# sym TEXT: TEXT as a MathProg string literal.
sym() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

# floors_dat: "param tfloor := ..." from rehouse's town_levels.
floors_dat() {
    echo "param tfloor :="
    awk -F '\t' '$4 + 0 > 0 { gsub(/'"'"'/, "'"'"''"'"'", $1); printf "  '"'"'%s'"'"' %s\n", $1, $4 }' \
        "$W/rh_levels.txt"
    echo ";"
}

# blank_caps IN OUT: copy a payers CSV with its capacity_cny cells emptied.
blank_caps() {
    awk "$CSV_AWK"'
    function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
    NR == 1 { print; h = $0; sub(/^\357\273\277/, "", h); n = csv_split(h)
              for (i = 1; i <= n; i++) if (F[i] == "capacity_cny") c = i
              if (!c) { print "no capacity_cny column" > "/dev/stderr"; exit 1 }
              next }
    /^\r?$/ { print; next }
    { n = csv_split($0); line = ""
      for (i = 1; i <= n; i++) line = line (i > 1 ? "," : "") (i == c ? "" : q(F[i]))
      print line }
    ' "$1" >"$2"
}

# ini_input INI KEY: the [inputs] value of KEY.
ini_input() {
    awk -v k="$2" '
    { sub(/\r$/, "") }
    /^[ \t]*\[/ { sec = $0; gsub(/[][ \t]/, "", sec); next }
    sec == "inputs" {
        line = $0; sub(/[ \t];.*$/, "", line)
        if (match(line, /^[ \t]*[A-Za-z_]+[ \t]*=/)) {
            key = line; sub(/[ \t]*=.*$/, "", key); gsub(/[ \t]/, "", key)
            val = line; sub(/^[^=]*=[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
            if (key == k) { print val; exit }
        }
    }' "$1"
}

check_models_common() {
    for f in h b t c d; do
        sed -n '/===== common part/,/===== end of common part/p' "$MODELS/$f.mod" >"$TMP/common.$f"
        sed -n '/===== common checks after solve/,/===== end of common checks/p' "$MODELS/$f.mod" >>"$TMP/common.$f"
    done
    ok=1
    if [ ! -s "$TMP/common.h" ]; then
        fail models "h.mod has no common part"
        return
    fi
    for f in b t c d; do
        if ! cmp -s "$TMP/common.h" "$TMP/common.$f"; then
            fail models "the common part of $f.mod differs from h.mod's"
            ok=0
        fi
    done
    [ $ok -eq 1 ] && pass
}

# run_fixture PLAN MODE N
run_fixture() {
    plan=$1
    mode=$2
    W=$TMP/f$3
    name="$(basename "$(dirname "$plan")")($mode)"
    fixture_failed=0
    mkdir -p "$W"
    if [ ! -f "$plan" ]; then
        fail "$name" "no such plan: $plan"
        return
    fi
    if [ "$mode" = nocap ]; then
        payers=$(ini_input "$plan" payers)
        case $payers in
            ''|/*|../*|*/../*)
                fail "$name" "nocap needs [inputs] payers inside the fixture folder (got '$payers')"
                return ;;
        esac
        cp -R "$(dirname "$plan")" "$W/src" || { fail "$name" "cannot copy the fixture"; return; }
        if ! blank_caps "$(dirname "$plan")/$payers" "$W/src/$payers"; then
            fail "$name" "cannot blank capacity_cny in $payers"
            return
        fi
        plan=$W/src/$(basename "$plan")
        mode=exact
    fi

    # rehouse
    "$REHOUSE" plan --config "$plan" --out "$W/plan" --emit-mathprog "$W/mp" \
        >"$W/rehouse.out" 2>"$W/rehouse.err" </dev/null
    rc=$?
    if [ $rc -ne 0 ]; then
        fail "$name" "rehouse plan exited $rc:"
        head -n 5 "$W/rehouse.err" | sed 's/^/     | /'
        return
    fi
    for f in mp/rehouse.dat plan/stages.csv plan/town_levels.csv; do
        if [ ! -f "$W/$f" ]; then
            fail "$name" "rehouse wrote no $f"
            return
        fi
    done
    if ! rehouse_stages "$W/plan/stages.csv" "$W/rh_stages.txt" ||
       ! rehouse_levels "$W/plan/town_levels.csv" "$W/rh_levels.txt"; then
        fail "$name" "cannot read rehouse's stages.csv or town_levels.csv"
        return
    fi
    pass
    DAT=$W/mp/rehouse.dat

    # H
    glpsol_run "$name H" h.mod "$W/h.out" -d "$DAT" || return
    H=$(sed -n 1p "$W/h.out")
    integral "$name H" H "$H" || return
    Hi=$INT
    SUM="H $Hi"
    if [ ! -s "$W/rh_stages.txt" ]; then
        # rehouse solves nothing when no unit can move: the models agree?
        if same "$H" 0; then pass; else fail "$name" "rehouse ran no stage, glpsol H = $H"; fi
        return
    fi
    if [ "$mode" = capped ]; then
        rH=$(stage_value H)
        if [ -n "$rH" ] && at_least "$H" "$rH"; then
            pass
        else
            fail "$name H" "capped: glpsol H $H below rehouse H '$rH' (the models relax the caps)"
        fi
    else
        compare "$name H" H "$H"
    fi

    # B
    printf 'data;\nparam Hstar := %s;\nend;\n' "$Hi" >"$W/stage_b.dat"
    glpsol_run "$name B" b.mod "$W/b.out" -d "$DAT" -d "$W/stage_b.dat" || return
    LAMBDA=$(sed -n 1p "$W/b.out")
    if [ "$mode" = capped ]; then
        rB=$(stage_value B)
        note="caps may bind: T, C, D not compared"
        if ! same "$H" "$(stage_value H)"; then
            note="H differs under caps: lambda*, T, C, D not compared"
        elif [ -n "$rB" ] && at_least "$LAMBDA" "$rB"; then
            pass
        else
            fail "$name B" "capped: glpsol lambda* $LAMBDA below rehouse B '$rB'"
        fi
        if [ $fixture_failed -eq 0 ]; then
            echo "ok   $name: H $Hi >= $(stage_value H), lambda* $LAMBDA >= $rB ($note)"
        fi
        return
    fi
    # rehouse's B is the integer max-min given H, at most lambda*;
    # summary.json's lambda_star is the LP's, as b.mod computes it.  A pass
    # that ran as integer programs (summary.json integer_passes > 0) has
    # integer levels: its floors are not compared with lambda*.
    INTP=$(sed -n 's/^ *"integer_passes": \([0-9]*\).*/\1/p' "$W/plan/summary.json")
    LSTAR=$(sed -n 's/^ *"lambda_star": \([-0-9.]*\).*/\1/p' "$W/plan/summary.json")
    rB=$(stage_value B)
    if same "$LAMBDA" "$LSTAR" && [ -n "$rB" ] && at_least "$LAMBDA" "$rB"; then
        pass
    else
        fail "$name B" "glpsol lambda* $LAMBDA, rehouse lambda_star '$LSTAR', B '$rB'"
    fi
    SUM="$SUM, lambda* $LAMBDA"

    # floors: b.out lines 2.. are "town<TAB>D_t<TAB>floor(lambda* D_t)"
    sed -n '2,$p' "$W/b.out" >"$W/b.towns"
    msg=$(awk -F '\t' -v lam="$LAMBDA" -v ip="${INTP:-0}" '
        FILENAME == ARGV[1] { D[$1] = $2; F[$1] = $3; next }
        { seen[$1] = 1
          if ($1 in D) {
              if ($2 + 0 != D[$1]) printf "%s: demand %s, models %s; ", $1, $2, D[$1]
              if (!ip && $4 + 0 < F[$1]) printf "%s: floor %s < floor(lambda* x %s) = %s; ", $1, $4, D[$1], F[$1]
              if ($4 + 0 > $2 + 0) printf "%s: floor %s > demand %s; ", $1, $4, $2
              if (!ip && $3 + 0 < lam - 1e-6) printf "%s: level %s < lambda* %s; ", $1, $3, lam
          } else if ($2 + 0 != 0 || $4 + 0 != 0)
              printf "%s: demand %s floor %s, models: no demand; ", $1, $2, $4 }
        END { for (t in D) if (!(t in seen)) printf "%s: missing from town_levels.csv; ", t }
        ' "$W/b.towns" "$W/rh_levels.txt")
    if [ -z "$msg" ]; then pass; else fail "$name floors" "$msg"; fi

    # T with rehouse's floors
    { printf 'data;\nparam Hstar := %s;\n' "$Hi"; floors_dat; echo "end;"; } >"$W/stage_t.dat"
    glpsol_run "$name T" t.mod "$W/t.out" -d "$DAT" -d "$W/stage_t.dat" || return
    T=$(sed -n 1p "$W/t.out")
    compare "$name T" T "$T"
    integral "$name T" T "$T" || return
    Ti=$INT
    SUM="$SUM, T $Ti"

    # C, one rank at a time
    CK=""
    CSTAR=""
    expect="H B T"
    for k in 0 1 2 3; do
        { printf 'data;\nparam Hstar := %s;\n' "$Hi"; floors_dat
          printf 'param Tstar := %s;\nparam k := %s;\nset CK :=%s;\nparam Cstar :=%s;\nend;\n' \
              "$Ti" "$k" "$CK" "$CSTAR"; } >"$W/stage_c$k.dat"
        glpsol_run "$name C$k" c.mod "$W/c$k.out" -d "$DAT" -d "$W/stage_c$k.dat" || return
        C=$(sed -n 1p "$W/c$k.out")
        cat=$(sed -n 2p "$W/c$k.out")
        nreq=$(sed -n 3p "$W/c$k.out")
        if [ "$nreq" = 0 ]; then
            if [ -n "$(stage_value "C:$cat")" ]; then
                fail "$name C:$cat" "rehouse has a stage C:$cat but no request of that category asks for units"
            fi
            continue
        fi
        compare "$name C:$cat" "C:$cat" "$C"
        integral "$name C:$cat" "C:$cat" "$C" || return
        CK="$CK $k"
        CSTAR="$CSTAR $k $INT"
        SUM="$SUM, C:$cat $INT"
        expect="$expect C:$cat"
    done

    # D
    { printf 'data;\nparam Hstar := %s;\n' "$Hi"; floors_dat
      printf 'param Tstar := %s;\nset CK :=%s;\nparam Cstar :=%s;\nend;\n' \
          "$Ti" "$CK" "$CSTAR"; } >"$W/stage_d.dat"
    glpsol_run "$name D" d.mod "$W/d.out" -d "$DAT" -d "$W/stage_d.dat" || return
    compare "$name D" D "$(sed -n 1p "$W/d.out")"
    SUM="$SUM, D $(sed -n 1p "$W/d.out")"
    expect="$expect D"

    # the stage list itself
    got=$(cut -f 1 "$W/rh_stages.txt" | tr '\n' ' ' | sed 's/ $//')
    if [ "$got" = "$expect" ]; then
        pass
    else
        fail "$name stages" "rehouse's on-time stages are '$got', expected '$expect'"
    fi
    if [ $fixture_failed -eq 0 ]; then
        echo "ok   $name: $SUM"
    fi
}

check_models_common
if [ $# -gt 0 ]; then
    list=$*
else
    list=$FIXTURES
fi
i=0
for entry in $list; do
    i=$((i + 1))
    case $entry in
        *:exact|*:capped|*:nocap) run_fixture "${entry%:*}" "${entry##*:}" $i ;;
        *) run_fixture "$entry" exact $i ;;
    esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# naive_data.sh -- write the MathProg data of bench/naive.mod from an
# instance's CSV inputs (as bench/gen writes them).
#
# usage: sh bench/naive_data.sh INSTANCE_DIR > naive.dat
#
# Eligibility is decided the way rehouse decides it for the policy in
# plan.ini as gen writes it (late = reject, suspended = hold):
#   units:    status = available and available_on <= horizon_end;
#   requests: submitted_on <= deadline, payer with capacity_proof = yes,
#             units > 0 (requests of payers in default take part: hold).
# deadline and horizon_end are read from plan.ini when given, else the
# defaults: 31 October of year-1 and 31 December of year.
# Columns are found by name.  Fields must not be quoted or contain commas
# (true of gen's output; this is a benchmark helper, not a CSV reader).
# Unit classes are (project, layout, exact value = area x price in cents),
# written in order of first appearance, so the output is deterministic.
set -eu
dir=${1:?usage: naive_data.sh INSTANCE_DIR}
ini=$dir/plan.ini

ini_get() {   # ini_get KEY -> value or empty
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\([^;[:space:]]*\).*/\1/p" "$ini" | head -n 1
}
year=$(ini_get year)
deadline=$(ini_get deadline)
horizon=$(ini_get horizon_end)
[ -n "$deadline" ] || deadline="$((year - 1))-10-31"
[ -n "$horizon" ] || horizon="$year-12-31"
for k in late suspended; do
    v=$(ini_get $k)
    case "$k=$v" in
    late=|late=reject|suspended=|suspended=hold) ;;
    *) echo "naive_data.sh: $k = $v not supported" >&2; exit 1 ;;
    esac
done

tr -d '\r' < "$dir/payers.csv" > "${TMPDIR:-/tmp}/naive_payers.$$"
trap 'rm -f "${TMPDIR:-/tmp}/naive_payers.$$"' EXIT INT TERM

awk -F, -v deadline="$deadline" -v horizon="$horizon" \
    -v PAYERS="${TMPDIR:-/tmp}/naive_payers.$$" \
    -v TOWNS="$dir/towns.csv" -v INV="$dir/inventory.csv" -v DEM="$dir/demand.csv" '
function cols(line,   n, i, a) {
    delete col
    sub(/\r$/, "", line)
    sub(/^\357\273\277/, "", line)
    n = split(line, a, ",")
    for (i = 1; i <= n; i++) col[a[i]] = i
}
function need(file, name) {
    if (!(name in col)) { print "naive_data.sh: " file ": no column " name > "/dev/stderr"; exit 1 }
    return col[name]
}
function cents(s,   a, n, f) {     # "123.4" -> 12340 (exact, integer)
    n = split(s, a, ".")
    f = n > 1 ? substr(a[2] "00", 1, 2) : "00"
    return a[1] * 100 + f
}
function q(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
BEGIN {
    # towns
    getline line < TOWNS; cols(line); ci = need("towns.csv", "town_id")
    while ((getline line < TOWNS) > 0) {
        sub(/\r$/, "", line); if (line == "") continue
        split(line, f, ","); ntown++; town[ntown] = f[ci]
    }
    # payers: capacity proof and caps
    getline line < PAYERS; cols(line)
    pi = need("payers.csv", "payer_id"); pp = need("payers.csv", "capacity_proof")
    pc = ("capacity_cny" in col) ? col["capacity_cny"] : 0
    while ((getline line < PAYERS) > 0) {
        if (line == "") continue
        n = split(line, f, ",")
        proof[f[pi]] = f[pp]
        if (pc && pc <= n && f[pc] != "") capv[f[pi]] = f[pc]
    }
    # requests
    getline line < DEM; cols(line)
    ri = need("demand.csv", "request_id"); rp = need("demand.csv", "payer_id")
    rh = need("demand.csv", "home_town"); rl = need("demand.csv", "layout")
    ru = need("demand.csv", "units"); rs = need("demand.csv", "submitted_on")
    while ((getline line < DEM) > 0) {
        sub(/\r$/, "", line); if (line == "") continue
        split(line, f, ",")
        if (f[rs] > deadline || proof[f[rp]] != "yes" || f[ru] + 0 <= 0) continue
        nreq++; rid[nreq] = f[ri]; rhome[nreq] = f[rh]; rlay[nreq] = f[rl]
        runits[nreq] = f[ru]; rpay[nreq] = f[rp]
        if (!(f[rl] in haslay)) { haslay[f[rl]] = 1; nlay++; lays[nlay] = f[rl] }
        if ((f[rp] in capv) && !(f[rp] in capped)) { capped[f[rp]] = 1; ncap++; caps[ncap] = f[rp] }
    }
    # units -> classes (project, layout, value)
    getline line < INV; cols(line)
    up = need("inventory.csv", "project_id"); ut = need("inventory.csv", "town_id")
    ul = need("inventory.csv", "layout"); ua = need("inventory.csv", "area_m2")
    uq = need("inventory.csv", "price_cny_m2"); us = need("inventory.csv", "status")
    uo = need("inventory.csv", "available_on")
    while ((getline line < INV) > 0) {
        sub(/\r$/, "", line); if (line == "") continue
        split(line, f, ",")
        if (f[us] != "available" || f[uo] > horizon) continue
        v = cents(f[ua]) * cents(f[uq])          # 1/10000 CNY, exact below 2^53
        key = f[up] SUBSEP f[ul] SUBSEP v
        if (!(key in cls)) {
            ncls++; cls[key] = ncls; ktown[ncls] = f[ut]; klay[ncls] = f[ul]
            kval[ncls] = sprintf("%.2f", int((v + 50) / 100) / 100)
            if (!(f[ul] in haslay)) { haslay[f[ul]] = 1; nlay++; lays[nlay] = f[ul] }
        }
        ksup[cls[key]]++
    }
    print "/* written by bench/naive_data.sh: " nreq " requests, " ncls " unit classes */"
    print "data;"
    printf "set TOWNS :="; for (i = 1; i <= ntown; i++) printf " %s", q(town[i]); print ";"
    printf "set LAYOUTS :="; for (i = 1; i <= nlay; i++) printf " %s", q(lays[i]); print ";"
    print "param : REQUESTS : home lay units payer :="
    for (i = 1; i <= nreq; i++)
        printf "%s %s %s %d %s\n", q(rid[i]), q(rhome[i]), q(rlay[i]), runits[i], q(rpay[i])
    print ";"
    print "param : CLASSES : ktown klay kvalue ksupply :="
    for (i = 1; i <= ncls; i++)
        printf "%d %s %s %s %d\n", i, q(ktown[i]), q(klay[i]), kval[i], ksup[i]
    print ";"
    printf "set CAPPED :="; for (i = 1; i <= ncap; i++) printf " %s", q(caps[i]); print ";"
    printf "param cap :="; for (i = 1; i <= ncap; i++) printf " %s %s", q(caps[i]), capv[caps[i]]; print ";"
    print "end;"
}'

/* h_int.mod -- stage H of the rehouse allocation policy in whole units,
 * with payer caps: the integer program.
 *
 * Maximise the units that go to requests of the project's own town (SPEC
 * section 4, stage 1) with every allocation a whole number of flats and
 * every capped payer's allocated value (area_m2 x price_cny_m2 summed over
 * its flats) at most its capacity_cny.  No earlier stage.
 *
 * h.mod relaxes this problem twice: it has no caps, and its x is
 * continuous.  Without caps the two models have the same optimum (a network
 * LP with integral data), so h_int.mod matters only where a cap binds.
 *
 * Flats are grouped into value tiers: the allocatable flats of one project
 * town and layout with exactly the same value, in fen.  Two flats of a tier
 * are interchangeable for every constraint here (supply, layout, town, cap),
 * so the tier model has the same integer optimum as the unit-level model
 * with a binary x[u,r] per flat and request.  It is smaller: one integer
 * column per (tier, request of the tier's layout).
 *
 *   sh tests/models/caps.sh --dat PLAN.ini > caps.dat
 *   glpsol -m models/h_int.mod -d caps.dat --display h_int.out
 *
 * rehouse.dat (plan --emit-mathprog) cannot be used here: it holds only
 * the unit counts per (town, layout), neither the flats' values nor the
 * caps.  tests/models/caps.sh writes caps.dat itself from the plan's CSV
 * files, applying README's eligibility rules on its own (see there).
 *
 * Prints the optimum H* as "%.6f" (a whole number), then one line per
 * capped payer of the pass: "payer<TAB>value allocated<TAB>cap", both in
 * fen (hundredths of a CNY), for the optimum found.  glpsol's solution of a
 * MIP is the best integer solution found; the script checks that glpsol
 * reports it optimal ("INTEGER OPTIMAL SOLUTION FOUND").
 */

set TOWNS;                              # every town of towns.csv
set LAYOUTS;                            # flat layouts of the tiers and requests

# Value tiers: allocatable flats of one project town, layout and value.
set TIERS;
param ttown{TIERS} symbolic in TOWNS;   # project town
param tlay{TIERS} symbolic in LAYOUTS;  # layout
param tval{TIERS} integer, >= 0;        # value of one flat, in fen
param tn{TIERS} integer, >= 1;          # flats in the tier

# Requests that take part in the on-time pass.
set REQUESTS;
param home{REQUESTS} symbolic in TOWNS;     # town whose households move
param lay{REQUESTS} symbolic in LAYOUTS;    # layout asked for
param units{REQUESTS} integer, >= 0;        # units asked for
param payer{REQUESTS} symbolic;             # payer

# Payers of this pass with a cap (capacity_cny not empty), cap in fen.
set CAPPED default {};
param cap{CAPPED} integer, >= 0;
check{p in CAPPED}: card({r in REQUESTS: payer[r] = p}) > 0;

# A flat only goes to a request for its layout.
set ARCS := {k in TIERS, r in REQUESTS: tlay[k] = lay[r]};

# y[k,r]: flats of tier k given to request r (whole flats).
var y{ARCS} integer, >= 0;

s.t. supply{k in TIERS}:
    sum{(k, r) in ARCS} y[k, r] <= tn[k];

s.t. demand{r in REQUESTS}:
    sum{(k, r) in ARCS} y[k, r] <= units[r];

s.t. capacity{p in CAPPED}:
    sum{(k, r) in ARCS: payer[r] = p} tval[k] * y[k, r] <= cap[p];

maximize home_units:
    sum{(k, r) in ARCS: ttown[k] = home[r]} y[k, r];

# 1: glpsol --nomip solves the LP relaxation (the bound h.mod would give
# with caps); the whole-number checks below are then skipped.  Give it in a
# second data file: data; param relaxed := 1; end;
param relaxed binary, default 0;

solve;

/* Checks after solve, in whole numbers: y rounded to the nearest integer
 * must be y (to 1e-6), and the rounded plan must keep supply, demand and
 * every cap exactly, to the fen (values are integers well below 2^53, so
 * the sums are exact in double precision).
 *
 * Why this certifies H*: GLPK accepts a row within a relative tolerance of
 * about 1e-7 of its bound, so it really solves the problem with every cap
 * a little larger (a cap of 1,200,000.00 CNY by some tens of fen).  That
 * problem's optimum is >= the true H*.  When the solution found also keeps
 * every cap exactly, it is feasible for the true problem, so it is the true
 * H*.  When it does not (a solution over a cap by less than the tolerance),
 * a check below fails and glpsol stops with "check[...] failed": H* is then
 * not certified, and tests/models/caps.sh says so rather than guess. */
param ftol := 1e-6;
param yi{(k, r) in ARCS} := if relaxed then y[k, r] else round(y[k, r]);
check{(k, r) in ARCS: !relaxed}: abs(y[k, r] - yi[k, r]) <= ftol;
check{(k, r) in ARCS: !relaxed}: yi[k, r] >= 0;
check{k in TIERS: !relaxed}: sum{(k, r) in ARCS} yi[k, r] <= tn[k];
check{r in REQUESTS: !relaxed}: sum{(k, r) in ARCS} yi[k, r] <= units[r];
check{p in CAPPED: !relaxed}:
    sum{(k, r) in ARCS: payer[r] = p} tval[k] * yi[k, r] <= cap[p];

printf "%.6f\n", sum{(k, r) in ARCS: ttown[k] = home[r]} yi[k, r];
printf{p in CAPPED} "%s\t%.0f\t%.0f\n", p,
    sum{(k, r) in ARCS: payer[r] = p} tval[k] * yi[k, r], cap[p];

end;

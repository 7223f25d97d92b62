/* c.mod -- stage C of the rehouse allocation policy: category order, one
 * category per solve.
 *
 * Keeping H*, the floors and T*, and the optima C*_j of the categories
 * ranked before k in category_order, maximise the units given to requests
 * of the category ranked k.  Run it for k = 0, 1, 2, 3 in turn, skipping a
 * rank no request of this pass asks units for (rehouse skips it too); each
 * run adds its optimum to CK/Cstar for the next.
 *
 *   glpsol -m models/c.mod -d DIR/rehouse.dat -d stage_c<k>.dat
 * where stage_c<k>.dat holds:
 *   data; param Hstar := <H*>; param tfloor := <town> <floor> ...;
 *   param Tstar := <T*>; param k := <k>;
 *   set CK := <ranks solved before k>; param Cstar := <rank> <C*> ...;
 *   end;
 *
 * Prints the optimum C*_k as "%.6f", then the category name of rank k, then
 * the number of requests of rank k asking for at least one unit (0: the
 * stage does not exist; requests for 0 units are inert and get no stage).
 */

/* ===== common part: identical in h.mod, b.mod, t.mod, c.mod, d.mod ======
 * The on-time allocation pass at the level of individual requests, as
 * written by `rehouse plan --emit-mathprog DIR` into DIR/rehouse.dat. */

set TOWNS;                              # every town of towns.csv
set LAYOUTS;                            # flat layouts (1R, 2R, ...)
param category{0..3} symbolic;          # category of each rank of category_order

# Supply class (project town s, layout l): allocatable units standing there.
param S{TOWNS, LAYOUTS} integer, >= 0, default 0;

# Requests that take part in the on-time pass.
set REQUESTS;
param home{REQUESTS} symbolic in TOWNS;     # town whose households move
param lay{REQUESTS} symbolic in LAYOUTS;    # layout asked for
param units{REQUESTS} integer, >= 0;        # units asked for
param rank{REQUESTS} integer, >= 0, <= 3;   # 0 = first in category_order
param payer{REQUESTS} symbolic;             # payer (caps are not modelled)

# Great-circle distance in whole metres (row: project town, column: home).
param dist{TOWNS, TOWNS} integer, >= 0;
check{t in TOWNS}: dist[t, t] = 0;

# D_t: units asked for by the requests of home town t.
param D{t in TOWNS} := sum{r in REQUESTS: home[r] = t} units[r];

# A unit only goes to a request for its layout: one arc per supply town
# holding units of the request's layout.
set ARCS := {s in TOWNS, r in REQUESTS: S[s, lay[r]] > 0};

# x[s,r]: units of project town s given to request r.
var x{ARCS} >= 0;

s.t. supply{s in TOWNS, l in LAYOUTS: S[s, l] > 0}:
    sum{r in REQUESTS: lay[r] = l} x[s, r] <= S[s, l];

s.t. demand{r in REQUESTS}:
    sum{s in TOWNS: S[s, lay[r]] > 0} x[s, r] <= units[r];

# An earlier stage's optimum v is kept exactly when it is a whole number (as
# H*, T* and C* are without payer caps), else as a bound relaxed by
# keep_abs + keep_rel * |v| (as rehouse does), so that a fractional optimum
# given with few decimals never turns a later stage infeasible.
param keep_abs := 1e-7;
param keep_rel := 1e-9;
/* ===== end of common part =============================================== */

param Hstar >= 0;                       # optimum of stage H
param Hkeep := if Hstar = round(Hstar) then Hstar
               else Hstar - (keep_abs + keep_rel * Hstar);
param tfloor{TOWNS} integer, >= 0, default 0;   # stage B floors
check{t in TOWNS}: tfloor[t] <= D[t];
param Tstar >= 0;                       # optimum of stage T
param Tkeep := if Tstar = round(Tstar) then Tstar
               else Tstar - (keep_abs + keep_rel * Tstar);
param k integer, >= 0, <= 3;            # rank of the category maximised here
set CK within 0..3 default {};          # ranks already maximised
param Cstar{CK} >= 0;                   # their optima
param Ckeep{j in CK} := if Cstar[j] = round(Cstar[j]) then Cstar[j]
                        else Cstar[j] - (keep_abs + keep_rel * Cstar[j]);
check{j in CK}: j < k;

s.t. keep_H:
    sum{(s, r) in ARCS: s = home[r]} x[s, r]
        >= Hkeep;

s.t. keep_floor{t in TOWNS: tfloor[t] > 0}:
    sum{(s, r) in ARCS: home[r] = t} x[s, r] >= tfloor[t];

s.t. keep_T:
    sum{(s, r) in ARCS} x[s, r] >= Tkeep;

s.t. keep_C{j in CK}:
    sum{(s, r) in ARCS: rank[r] = j} x[s, r]
        >= Ckeep[j];

maximize category_units:
    sum{(s, r) in ARCS: rank[r] = k} x[s, r];

solve;

/* ===== common checks after solve: the solution is feasible =============== */
param ftol := 1e-6;
check{s in TOWNS, l in LAYOUTS: S[s, l] > 0}:
    sum{r in REQUESTS: lay[r] = l} x[s, r] <= S[s, l] + ftol;
check{r in REQUESTS}:
    sum{s in TOWNS: S[s, lay[r]] > 0} x[s, r] <= units[r] + ftol;
check{(s, r) in ARCS}: x[s, r] >= -ftol;
/* ===== end of common checks ============================================= */
check: sum{(s, r) in ARCS: s = home[r]} x[s, r]
    >= Hkeep - ftol;
check{t in TOWNS: tfloor[t] > 0}:
    sum{(s, r) in ARCS: home[r] = t} x[s, r] >= tfloor[t] - ftol;
check: sum{(s, r) in ARCS} x[s, r] >= Tkeep - ftol;
check{j in CK}: sum{(s, r) in ARCS: rank[r] = j} x[s, r]
    >= Ckeep[j] - ftol;

printf "%.6f\n", category_units;
printf "%s\n", category[k];
printf "%d\n", card({r in REQUESTS: rank[r] = k and units[r] > 0});

end;

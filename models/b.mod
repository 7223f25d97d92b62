/* b.mod -- stage B of the rehouse allocation policy: balance across towns,
 * first round of progressive filling.
 *
 * Keeping stage H's optimum, maximise lambda in [0, 1] such that every town
 * with demand gets A_t >= lambda * D_t units (A_t: units given to requests
 * of home town t).  The optimum lambda* is the LP max-min fill rate; the
 * policy gives every town at least floor(lambda* * D_t) whole units.  The
 * later rounds of progressive filling (raising the towns that are not
 * bottlenecks further) need one solve each; rehouse does them and reports
 * the resulting floors, which t.mod takes as data.
 *
 *   glpsol -m models/b.mod -d DIR/rehouse.dat -d stage_b.dat
 * where stage_b.dat holds:  data; param Hstar := <H*>; end;
 *
 * Prints lambda* as "%.6f", then one line per town with demand:
 * "town<TAB>D_t<TAB>floor(lambda* * D_t)" (computed with 1e-6 slack, as
 * rehouse does, from lambda* in full precision).
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

s.t. keep_H:
    sum{(s, r) in ARCS: s = home[r]} x[s, r]
        >= Hkeep;

var lambda >= 0, <= 1;

s.t. fill{t in TOWNS: D[t] > 0}:
    sum{(s, r) in ARCS: home[r] = t} x[s, r] >= lambda * D[t];

maximize min_fill_rate: lambda;

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
check{t in TOWNS: D[t] > 0}:
    sum{(s, r) in ARCS: home[r] = t} x[s, r] >= lambda * D[t] - ftol;

printf "%.6f\n", min_fill_rate;
printf{t in TOWNS: D[t] > 0} "%s\t%d\t%d\n", t, D[t], floor(lambda * D[t] + 1e-6);

end;

/* naive.mod -- the baseline rehouse is measured against: the first policy
 * stages as a straightforward MathProg model at request x unit-class level.
 *
 * One variable x[r,k] per eligible request r and unit class k of the same
 * layout, where a unit class is (project, layout, exact unit value): every
 * flat of one project, one layout and one value (area x price) is the same
 * to the policy, so this is the finest aggregation a modeller would start
 * from without thinking about towns.  Payer caps are stated on exact values,
 * so this is the same policy rehouse solves (rehouse aggregates further).
 *
 *   stage = 0 (default): H -- max units given to requests of the project's
 *                        own town.
 *   stage = 1:           B, first round -- keeping H >= Hstar, max lambda in
 *                        [0, 1] with A_t >= lambda * D_t for every town with
 *                        demand (the LP max-min fill rate).
 *
 * MathProg allows one solve per model, so the benchmark runs glpsol twice:
 *   glpsol -m bench/naive.mod -d naive.dat --display h.out
 *   glpsol -m bench/naive.mod -d naive.dat -d stage1.dat --display b.out
 * with stage1.dat = "data; param stage := 1; param Hstar := <H*>; end;".
 * Each run prints its optimum as the first display line ("%.6f").
 * Data: bench/naive_data.sh writes naive.dat from a generated instance.
 */

set TOWNS;
set LAYOUTS;

/* Eligible requests (on time, payer with capacity proof; payers in default
 * take part under suspended = hold). */
set REQUESTS;
param home{REQUESTS} symbolic in TOWNS;
param lay{REQUESTS} symbolic in LAYOUTS;
param units{REQUESTS} >= 0;
param payer{REQUESTS} symbolic;

/* Unit classes: allocatable flats of one project, layout and value. */
set CLASSES;
param ktown{CLASSES} symbolic in TOWNS;
param klay{CLASSES} symbolic in LAYOUTS;
param kvalue{CLASSES} >= 0;             # CNY per flat
param ksupply{CLASSES} integer, >= 0;   # flats in the class

/* Payers with a capacity cap (CNY). */
set CAPPED;
param cap{CAPPED} >= 0;

param stage integer, in {0, 1}, default 0;
param Hstar >= 0, default 0;
param keep_tol := 1e-6;

/* Index sets (so that generation is not quadratic in the filters). */
set KL{l in LAYOUTS} := {k in CLASSES: klay[k] = l};
set RL{l in LAYOUTS} := {r in REQUESTS: lay[r] = l};
set RT{t in TOWNS} := {r in REQUESTS: home[r] = t};
set RP{p in CAPPED} := {r in REQUESTS: payer[r] = p};
param D{t in TOWNS} := sum{r in RT[t]} units[r];

set ARCS := {r in REQUESTS, k in KL[lay[r]]};
var x{ARCS} >= 0;
var lambda >= 0, <= 1;

s.t. supply{k in CLASSES}:
    sum{r in RL[klay[k]]} x[r, k] <= ksupply[k];

s.t. demand{r in REQUESTS}:
    sum{k in KL[lay[r]]} x[r, k] <= units[r];

s.t. capacity{p in CAPPED}:
    sum{r in RP[p], k in KL[lay[r]]} kvalue[k] * x[r, k] <= cap[p];

/* Stage B only: keep H and raise every town's fill rate. */
s.t. keepH{i in 1..stage}:
    sum{(r, k) in ARCS: ktown[k] = home[r]} x[r, k] >= Hstar - keep_tol;

s.t. fill{t in TOWNS, i in 1..stage: D[t] > 0}:
    sum{r in RT[t], k in KL[lay[r]]} x[r, k] >= lambda * D[t];

maximize objective:
    if stage = 0 then sum{(r, k) in ARCS: ktown[k] = home[r]} x[r, k]
    else lambda;

solve;

printf "%.6f\n", objective;
printf "stage %d: %d requests, %d classes, %d columns\n", stage,
    card(REQUESTS), card(CLASSES), card(ARCS);

end;

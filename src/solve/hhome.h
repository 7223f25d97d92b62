/* hhome.h -- stage H of a capped pass in whole units, as a small integer
 * program over the capped payers' purchases only.
 *
 * H counts units that go to their own project town.  A unit given away
 * from its town never raises H and only spends cap room, so each supply
 * class k = (town, layout) is shared by the hubs of that town and layout.
 * Its uncapped hub (U_k units wanted) is indifferent to value: some
 * optimum gives it min(S_k, U_k) of the class's S_k units, the dearest
 * ones (exchange: a cheap unit handed to the uncapped hub instead of a
 * capped one keeps H and frees cap room).  The capped hubs then share the
 * E_k = S_k - min(S_k, U_k) cheapest units of the class:
 *   max sum y[t, h]  over tiers t (class, exact value) of those units and
 *   capped hubs h of the class's town and layout (C_h units wanted),
 *   sum_h y[t, h] <= count_t,  sum_t y[t, h] <= C_h,
 *   sum value_t y[t, h] <= cap room  (per payer, over its hubs),  y whole;
 *   H* = sum_k min(S_k, U_k) + its optimum.
 * The program has one column per (tier, capped hub) of one town, not one
 * per unit or per arc between towns, and GLPK proves it in few nodes where
 * the pass's whole integer program needs tens of thousands.  Caps are
 * checked in cents; a cap row that GLPK's tolerance let slip is tightened
 * by the excess and the program solved again (then no longer proven).
 *
 *   struct hhome_result r;
 *   rc = hhome_solve(&n, node_limit, take, &r);
 *   ... take[a] for every home tier arc a: units bought; r.value = H ...
 *
 * It runs inside the caller's GLPK environment (hooks included).
 */
#ifndef RH_HHOME_H
#define RH_HHOME_H

#include <stdint.h>

#include "solve/network.h"

struct hhome_result {
    int64_t value;      /* H of the plan found */
    int64_t bound;      /* the best bound proven (== value when proven) */
    int proven;         /* the search finished: value is H's optimum */
    int nodes;          /* branch-and-bound nodes used */
    int iterations;     /* simplex iterations */
};

/* NAME hhome_solve -- H of n in whole units.  take[a] (a < n->ndirect) is
 * set for every direct tier arc within a town (the rest stay 0): a plan's
 * capped purchases that reach result->value together with min(S_k, U_k)
 * units of each class to its uncapped hub.  node_limit bounds the
 * search's branch-and-bound nodes (work, not time).  RETURNS 0, -1 on out
 * of memory or when GLPK fails. */
int hhome_solve(const struct network *n, int node_limit, int64_t *take,
                struct hhome_result *result);

#endif

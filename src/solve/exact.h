/* exact.h -- the policy stages in whole units, as integer programs, for a
 * pass in which payer caps bind.
 *
 * Without caps every stage is a network problem with integral data and the
 * LP stages (stages.h) are exact.  A modelled cap is a knapsack row on exact
 * unit values: the LP optimum can be fractional, and no rounding after the
 * fact keeps every stage (README, "Payer caps").  This module states the
 * pass as one GLPK problem with every direct arc (class -> hub, or a value
 * tier -> a capped payer's hub) and every demand group as a column.  Only
 * the capped purchases (tier -> hub) are integer columns: with them fixed
 * the rest is a network LP with integral data, and every plan is
 * "polished" by that LP (a polished plan that is not whole makes every
 * column integer for the rest of the pass).  The polish of a rounding and
 * the neighbourhood searches work on the pooled form, where only each
 * (tier, capped payer)'s total is whole and the payer's hubs share it
 * (exact.c, "the pooled form").  A probe of B's first solves an LP that
 * always has a solution, the floors' shortfall minimised: a positive
 * shortfall proves the probe no without bringing every parked purchase
 * back.  The LP runs hold only the
 * capped purchases within a town, those the plan in hand uses and those
 * that pricing on the row duals brings in; every search holds them all
 * (exact.c, "lazy capped purchases").  The stages:
 *   H  max units to the project's own town: hhome.h's program over the
 *      capped purchases within a town, polished by the network LP (the
 *      general search only when that plan does not polish);
 *   B  integer progressive filling: each round first rounds the LP's
 *      (max z) capped purchases and polishes each rounding for the level
 *      (the best whole plan becomes the plan in hand), then bisects on
 *      the floors ceil(z * D_t) of the towns not yet frozen, between the
 *      plan in hand and the LP's bound (one LP a probe; when no polished
 *      plan meets the floors, a search of the neighbourhood where the
 *      plan in hand and the probe's LP disagree, then an integer search,
 *      and none once two searches of the stage decided nothing); a probe
 *      left undecided narrows the bisection but never the recorded bound,
 *      and two in a row end the round's bisection (the next round's LP
 *      and roundings go on from the plan in hand); every such town gets
 *      ceil(z * D_t); a town at z that provably cannot gain one unit
 *      while every floor holds is frozen (one whose rise no search
 *      decided stays active); tied towns that can each rise alone are
 *      raised one after another; B's value is the first round's z;
 *   T  max units allocated;  C  max units per category, in category_order;
 *   D  min unit-metres.
 * Each stage keeps its whole-unit optimum as an exact bound.  A search
 * starts from the best of the polished roundings of the LP's capped
 * purchases (exact.c, rounding(): the plan in hand's; the LP's rounded
 * down, with units added back within each cap, tier and hub; the plan in
 * hand's at home with the LP's elsewhere, which keeps stage H's row; ...)
 * given to GLPK as its incumbent, and stops when the incumbent meets the
 * bound rounded to a whole count.  Count rows (no payer takes more flats than the cheapest that fit
 * in its cap) tighten the bounds.  Every search is bounded in work, never
 * in seconds: [solver] search_nodes branch-and-bound nodes a stage (a
 * fifth for one of B's probes), B's probes one a town plus 16, H's program
 * (hhome.h) 5 000 nodes; the plan is the same on any machine under any
 * load.  A stage whose search reaches its budget keeps the best whole plan
 * found and is recorded as feasible (GLP_FEAS) with its bound; after D,
 * the records of H, B, T and C are set from the finished plan.
 * time_limit_s is an outer guard only (plan->guard_hit when reached).  Every plan is checked in
 * whole numbers: class and tier supply, hub balance, and each cap in exact
 * cents (a cap row that GLPK's tolerance let slip is moved inside the cap
 * and the stage solved again, no longer proven optimal).
 *
 *   rc = exact_solve(&n, &m, &c, &ctl, level, floors, err);
 *   ... n.arcs[a].flow for a < n.ndirect, n.groups[g].flow: whole ...
 */
#ifndef RH_EXACT_H
#define RH_EXACT_H

#include <stdio.h>

#include "domain/model.h"
#include "solve/network.h"
#include "solve/stages.h"

/* NAME exact_solve -- run every stage on n as integer programs and set the
 * direct arcs' and groups' flows (pool arcs stay 0).  town_level[t] is the
 * level z at which town t was frozen, town_floor[t] its floor.  Stage
 * records go to ctl->plan.  RETURNS 0, RH_EXIT_TIMEOUT when the time limit
 * ran out before stage H's plan existed, RH_EXIT_SOFTWARE on a solver
 * failure (message on err: the stage and why). */
int exact_solve(struct network *n, const struct model *m,
                const struct config *c, struct stage_ctl *ctl,
                double *town_level, int64_t *town_floor, FILE *err);

/* NAME exact_set_pricing -- 1 (the default): the capped purchases enter
 * the LP runs by pricing (exact.c, "lazy capped purchases"); 0: every
 * one is a column of every run.  For tests, which prove the two give the
 * same LP optima. */
void exact_set_pricing(int on);

/* NAME exact_set_pooling -- 1 (the default): a rounding is polished with
 * its purchases' totals per (tier, payer) fixed, the payer's hubs free to
 * share them, and the neighbourhoods are searched over those totals
 * (exact.c, "the pooled form"); 0: every purchase fixed, and searched on
 * its own.  For tests, which prove both give valid plans with the same
 * LP bounds. */
void exact_set_pooling(int on);

#endif

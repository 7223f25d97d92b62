/* exact.h -- the policy stages in whole units, as integer programs, for a
 * pass in which payer caps bind.
 *
 * Without caps every stage is a network problem with integral data and the
 * LP stages (stages.h) are exact.  A modelled cap is a knapsack row on exact
 * unit values: the LP optimum can be fractional, and no rounding after the
 * fact keeps every stage (README, "Payer caps").  This module states the
 * pass as one integer program with every direct arc (class -> hub, or a
 * value tier -> a capped payer's hub) and every demand group as an integer
 * column, and runs the stages on it with glp_intopt:
 *   H  max units to the project's own town;
 *   B  integer progressive filling: max z with A_t >= z * D_t over the towns
 *      not yet frozen, A_t whole; every such town gets the floor
 *      ceil(z * D_t); a town at the minimum whose A_t cannot rise by one
 *      unit while every floor holds is frozen; again until none is left;
 *   T  max units allocated;  C  max units per category, in category_order;
 *   D  min unit-metres.
 * Each stage keeps its whole-unit optimum as an exact bound (no tolerance:
 * every kept value is an integer).  An LP relaxation that is already
 * integral ends a stage without branching.  The previous stage's plan is
 * the search's first incumbent, so a stage that runs out of its share of
 * the time limit still has a whole plan: it is recorded as feasible
 * (GLP_FEAS) with the best bound proven.  Every stage's plan is checked in
 * whole numbers: class and tier supply, hub balance, and each cap in exact
 * cents (a cap row that GLPK's tolerance let slip is tightened by the
 * excess and the stage solved again).
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
 * records go to ctl->plan.  RETURNS 0, RH_EXIT_TEMPFAIL when the time limit
 * ran out before a first whole plan existed, RH_EXIT_SOFTWARE on a solver
 * failure (message on err: the stage and why). */
int exact_solve(struct network *n, const struct model *m,
                const struct config *c, struct stage_ctl *ctl,
                double *town_level, int64_t *town_floor, FILE *err);

#endif

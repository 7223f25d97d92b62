/* stages.h -- the lexicographic policy stages of SPEC section 4 on one
 * network, solved with GLPK.
 *
 * One LP holds the network (class, hub and pool rows; group columns and
 * the arc columns that pricing lets in, see stages.c; no modelled cap: a
 * pass with one is exact.h's); each stage sets its objective, solves warm
 * from the previous basis (primal simplex, no presolver), and keeps its
 * optimum as a row:
 *   H  max units to the project's own town;
 *   B  leximin town fill rates by progressive filling (rounds of max lambda,
 *      freezing the towns whose row has a non-zero dual), then whole-unit
 *      floors A_t >= floor(level_t * D_t), raised to ceil(z * D_t) where
 *      the integer max-min z is above their lowest rate (bisection, one LP
 *      a probe); B's record is that lowest rate;
 *   T  max units allocated (no allocatable unit idle while demand of its
 *      layout is unmet, unless a payer cap forbids);
 *   C  for each category in category_order: max units to that category;
 *   D  min unit-km.
 * Kept optima are lower bounds: an integral optimum exactly, a fractional
 * one relaxed by KEEP_TOL.  Without payer caps the LP is a network with
 * integral data and the optimum vertex is integral.  A pass in which a cap
 * is modelled is solved in whole units by exact.h instead.  B's floors
 * floor(level_t D_t) are checked against the integer max-min (one LP:
 * can every town reach the next level above their lowest rate?); where a
 * plan above them may exist, or an optimum comes out fractional,
 * stages_solve says so (STAGES_FRACTIONAL) and the caller solves the pass
 * in whole units with exact.h too.
 */
#ifndef RH_STAGES_H
#define RH_STAGES_H

#include <stdio.h>

#include "domain/model.h"
#include "solve/network.h"
#include "solve/plan.h"

struct stage_ctl {
    double deadline;        /* monotonic seconds (solve_clock) when time runs out */
    FILE *log;              /* solver chatter goes here, or nowhere when NULL */
    struct plan *plan;      /* stage records are appended here */
    stage_notify_fn notify; /* after each stage, or NULL */
    void *notify_ud;
    /* After B's first round and stages B, T and each C of the first pass
     * over a network, with
     * every group's flow: nonzero ends the solve with STAGES_RETRY (the
     * caller has seen that the network must change).  Or NULL. */
    int (*early)(void *ud, const struct network *n, const double *group_flow);
    void *early_ud;
};

#define STAGES_RETRY (-2)       /* stages_solve: ended by ctl->early */
#define STAGES_FRACTIONAL (-3)  /* stages_solve: solve the pass with exact.h */

/* NAME stages_set_warm_start -- 1 (the default): stage D starts with the
 * arcs of a greedy transport of the pooled units; 0: every direct arc
 * enters stage D by pricing (tests use it to prove pricing alone). */
void stages_set_warm_start(int on);

/* NAME solve_clock -- monotonic seconds. */
double solve_clock(void);

/* NAME stages_solve -- run every stage on n and set n->arcs[].flow to whole
 * numbers; town_level/town_floor (per town) get stage B's results for this
 * pass.  RETURNS 0, RH_EXIT_TIMEOUT when the time limit ran out,
 * RH_EXIT_SOFTWARE on a solver failure (message written to err),
 * STAGES_RETRY when ctl->early asked to stop, or STAGES_FRACTIONAL (no
 * message; the stage records it appended are the caller's to drop). */
int stages_solve(struct network *n, const struct model *m,
                 const struct config *c, struct stage_ctl *ctl,
                 double *town_level, int64_t *town_floor, FILE *err);

#endif

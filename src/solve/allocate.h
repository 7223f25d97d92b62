/* allocate.h -- from judged inputs to a plan: passes, stages, unit ids.
 *
 * Pass 1 allocates every request that takes part and is on time (or every
 * one under late = reject); under late = last a second pass gives late
 * requests what is left.  Each pass aggregates a network (network.h), runs
 * the policy stages (stages.h) and turns arc flows into unit ids:
 *  - within a supply class, units are handed out cheapest first, then by
 *    unit_id; a capped payer's arc takes units of exactly its tier's value;
 *  - within a demand group, units go to requests by submitted_on, then
 *    request_id (category order is already decided between groups).
 * Every plan is checked before it is returned: each unit used once, layouts
 * matching, no request over its count, every payer cap held in cents.
 */
#ifndef RH_ALLOCATE_H
#define RH_ALLOCATE_H

#include <stdio.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "solve/plan.h"

struct allocate_opts {
    FILE *log;              /* solver chatter, or NULL */
    double started;         /* solve_clock() at the start of the run */
    stage_notify_fn notify; /* after each stage, or NULL */
    void *notify_ud;
};

/* NAME allocate_plan -- fill p (owned by the caller; plan_release frees it).
 * RETURNS 0, RH_EXIT_TIMEOUT (time limit), RH_EXIT_SOFTWARE (solver failure
 * or out of memory; message on err). */
int allocate_plan(struct plan *p, const struct model *m,
                  const struct eligibility *e, const struct config *c,
                  const struct allocate_opts *o, FILE *err);

/* NAME plan_check_gap -- whether the plan may be published: every stage T
 * (each pass) lies within [solver] max_gap of its bound, as a fraction of
 * the bound.  RETURNS 0, or RH_EXIT_GAP (79) with "stage T (ontime): 950
 * units, 12 (1.25 %) below its bound 962, more than max_gap 0.1 %" in
 * err. */
int plan_check_gap(const struct plan *p, const struct config *c, char *err,
                   size_t errsz);

/* NAME plan_unproven -- one line naming the stages that are feasible but not
 * proven optimal, each with its gap in the stage's own unit ("T gap 3
 * (0.31 %), D gap 12.5 (0.02 %)"), into buf.  RETURNS how many there are
 * (0: every stage proven optimal, buf empty). */
int plan_unproven(const struct plan *p, char *buf, size_t bufsz);

#endif

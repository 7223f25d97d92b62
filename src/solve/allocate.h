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

#endif

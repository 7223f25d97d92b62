/* capwatch.h -- which payer caps an allocation pass must model.
 *
 * Caps enter lazily (README, "Payer caps"): a pass is first solved with no
 * cap modelled; a cap enters when the pass would take its payer over it,
 * and the pass is solved again.  Two checks decide:
 *
 *  - early, during the solve (stages.h, stage_ctl.early): after B's first
 *    round (every town at lambda*) and after stages B, T and each C,
 *    every group's flow is dealt to its requests in
 *    submitted_on, request_id order, at the cheapest value of the layout.
 *    A payer whose units would already cost more than its cap (not yet
 *    modelled) ends the solve there, before the dearest stage D.  Later
 *    stages still move units between towns, categories and layouts, so
 *    this can model a cap the finished plan would have kept (the demo's
 *    JYJ); checking only before D saved less (stress: 10.5 s against
 *    8.3 s);
 *  - final, on the finished plan of the pass (capwatch_plan): exact, in
 *    cents.  Only this check accepts a plan.
 *
 * Early, a cap also enters when its payer's units would cost more than
 * it at the layout's mean value; at the end, whenever a cap enters, so do
 * those of payers above 80 % of what they have left, which saves solving
 * a third time.  (80 % at the mean value early modelled caps that never
 * bind and made the solve slower.)  Dropping a constraint only widens
 * each stage's choice, so a plan within every cap is lexicographically
 * optimal with all of them; which caps are modelled only changes how
 * long the solve takes (and, where caps bind, the whole-flat repair).
 *
 *   struct capwatch w;
 *   capwatch_init(&w, m, e, used, cap_left, modelled);     per pass
 *   ctl.early = capwatch_early; ctl.early_ud = &w;     (n.req_order set)
 *   ... stages_solve ... == STAGES_RETRY: solve again ...
 *   if (capwatch_plan(&w, p)) ... solve again ...
 *   capwatch_release(&w);
 */
#ifndef RH_CAPWATCH_H
#define RH_CAPWATCH_H

#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "solve/network.h"
#include "solve/plan.h"

struct capwatch {
    const struct model *m;
    const int64_t *cap_left;    /* per payer: cents left, -1 without cap */
    uint8_t *used;              /* per unit: 1 when planned in this pass */
    uint8_t *modelled;          /* per payer: 1 when its cap is modelled */
    double *min_value, *mean_value; /* per layout, of the pass's units, cents */
    double *low, *mid;          /* per payer: scratch */
};

/* NAME capwatch_init -- for one pass: the pass's allocatable units are
 * those with e->units[u] == UNIT_OK and used[u] == 0.  RETURNS 0 or -1 on
 * out of memory. */
int capwatch_init(struct capwatch *w, const struct model *m,
                  const struct eligibility *e, uint8_t *used,
                  const int64_t *cap_left, uint8_t *modelled);

/* NAME capwatch_early -- stage_ctl.early: RETURNS 1 (and marks caps in
 * modelled[]) when a payer's cap must enter, else 0. */
int capwatch_early(void *ud, const struct network *n, const double *group_flow);

/* NAME capwatch_plan -- after a pass's plan is complete: mark every payer
 * whose units of the pass (used[u] == 1) cost more than its cap has left,
 * and when there is one, those above 80 % too, and take the pass's units
 * back out of p.  RETURNS the number of payers over their cap, or -1 on
 * out of memory. */
int capwatch_plan(struct capwatch *w, struct plan *p);

void capwatch_release(struct capwatch *w);

#endif

/* reason.h -- why each request got less than it asked for: one reason
 * per request that is not fully served, true of the plan, with a plain
 * sentence of the numbers behind it (requests.csv `reason`,
 * `reason_detail`; README "Why a request is short").
 *
 *   struct plan_reasons rs;
 *   if (reasons_compute(&rs, &model, &elig, &config, &plan, &kpi) < 0) ... oom
 *   ... reason_names[rs.reason[r]], reason_detail(&rs, ..., r, buf, n) ...
 *   reasons_release(&rs);
 *
 * The reasons, first that holds:
 *   late               rejected: submitted after the deadline
 *   no_capacity_proof  rejected: its payer gave no proof of capacity
 *   payer_in_default   suspended: its payer is in default (held under
 *                      suspended = hold, none under release)
 *   no_supply          no allocatable flat of its layout exists
 *   payer_cap          its payer has a cap, and what the cap has left
 *                      after the plan is below the cheapest allocatable
 *                      flat of its layout
 *   late_pass          a late request under late = last: served from what
 *                      the on-time plan left
 *   town_share         otherwise: its town received its balanced share,
 *                      and the requests before it in its town's order for
 *                      its layout and category (submitted_on, then id)
 *                      took it
 * A request served in full (also one asking for nothing) has none.
 */
#ifndef RH_REASON_H
#define RH_REASON_H

#include <stddef.h>
#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "output/kpi.h"
#include "solve/plan.h"

enum request_reason {
    REASON_NONE,
    REASON_LATE,
    REASON_NO_PROOF,
    REASON_IN_DEFAULT,
    REASON_NO_SUPPLY,
    REASON_PAYER_CAP,
    REASON_LATE_PASS,
    REASON_TOWN_SHARE,
    REASON_N
};
/* "", "late", "no_capacity_proof", "payer_in_default", "no_supply",
 * "payer_cap", "late_pass", "town_share" */
extern const char *const reason_names[REASON_N];

struct plan_reasons {
    uint8_t *reason;            /* per request: enum request_reason */
    int64_t *layout_supply;     /* per layout: allocatable units */
    int64_t *layout_cheapest;   /* per layout: cents of the cheapest
                                   allocatable unit, -1 when none */
    int64_t *payer_room;        /* per payer: cents its cap has left after
                                   the plan, -1 without a cap */
    int32_t *rank, *of;         /* per request: 1-based place among the
                                   requests taking part of its (home town,
                                   layout, category), in submitted_on, id
                                   order, and how many there are */
    int64_t count[REASON_N];    /* requests with each reason */
    int64_t short_units[REASON_N]; /* units they ask for and did not get */
    int64_t *town_allocated;    /* per town: units planned for its
                                   requests of the on-time pass */
    int64_t *town_asked;        /* per town: units they ask for (D_t) */
};

/* NAME reasons_compute -- from the plan and its KPIs (kpi.h: what each
 * payer's planned units are worth).  RETURNS 0, or -1 on out of memory
 * (rs is then released). */
int reasons_compute(struct plan_reasons *rs, const struct model *m,
                    const struct eligibility *e, const struct config *c,
                    const struct plan *p, const struct plan_kpi *k);

/* NAME reason_detail -- the sentence for request r into buf (empty for
 * REASON_NONE), cut to n - 1 bytes. */
void reason_detail(const struct plan_reasons *rs, const struct model *m,
                   const struct eligibility *e, const struct config *c,
                   const struct plan *p, int32_t r, char *buf, size_t n);

void reasons_release(struct plan_reasons *rs);

#endif

/* eligibility.h -- SPEC section 3, decided before any LP: which units can be
 * allocated, which payers are in default, and every request's standing.
 *
 *   struct eligibility e;
 *   if (eligibility_judge(&e, &model, &config) < 0) -> out of memory
 *   ... e.units[i], e.payers[p].in_default, e.requests[r] ...
 *   eligibility_release(&e);
 *
 * Rules:
 *  - a unit is allocatable when status = available and available_on <=
 *    horizon_end; otherwise its reason is the status, or "after horizon";
 *  - a ledger row is overdue when as_of - due_on > grace_days and
 *    due - paid > tolerance; a payer with an overdue row is in default; its
 *    overdue amount is the sum of due - paid over its overdue rows, its
 *    oldest due date the earliest due_on among them;
 *  - a request is rejected:late when submitted after the deadline under
 *    late = reject (under late = last it stays eligible, marked late), else
 *    rejected:no_capacity_proof when its payer has capacity_proof = no, else
 *    suspended when its payer is in default, else eligible.
 *  - eligible demand counts eligible requests, plus suspended ones under
 *    suspended = hold.
 */
#ifndef RH_ELIGIBILITY_H
#define RH_ELIGIBILITY_H

#include <stdint.h>

#include "domain/model.h"

enum unit_standing {
    UNIT_OK,                /* allocatable */
    UNIT_NOT_AVAILABLE_RESERVED,
    UNIT_NOT_AVAILABLE_ALLOCATED,
    UNIT_AFTER_HORIZON,
    UNIT_NSTANDINGS
};

enum request_standing {
    REQ_ELIGIBLE,
    REQ_SUSPENDED,          /* payer in default */
    REQ_REJECTED_LATE,
    REQ_REJECTED_NO_PROOF,
    REQ_NSTANDINGS
};

extern const char *const unit_standing_names[UNIT_NSTANDINGS];
extern const char *const request_standing_names[REQ_NSTANDINGS];

struct payer_judgement {
    int in_default;
    int64_t overdue_c;          /* cents, over overdue rows */
    rh_date oldest_due;         /* valid when in_default */
    int32_t days_overdue;       /* as_of - oldest_due */
};

struct eligibility {
    uint8_t *units;             /* enum unit_standing, per unit */
    uint8_t *requests;          /* enum request_standing, per request */
    uint8_t *late;              /* 1 when submitted after the deadline */
    uint8_t *takes_part;        /* 1 when the request enters the allocation */
    struct payer_judgement *payers;
    int32_t nunit_standing[UNIT_NSTANDINGS];
    int32_t nrequest_standing[REQ_NSTANDINGS];
    int32_t npayers_in_default;
    int32_t nlate_last;         /* late requests kept under late = last */
    int64_t units_requested;    /* units of the requests that take part */
};

/* RETURNS 0, or -1 on out of memory. */
int eligibility_judge(struct eligibility *e, const struct model *m,
                      const struct config *c);
void eligibility_release(struct eligibility *e);

/* NAME eligibility_in_pass -- the one rule of who joins an allocation
 * pass: request r takes part (takes_part), asks for at least one unit,
 * and belongs to pass (0 on time; under late = last, 1 for the late
 * requests).  The solve's networks, the hand-out and the MathProg data
 * all use it. */
int eligibility_in_pass(const struct model *m, const struct eligibility *e,
                        const struct config *c, int32_t r, int pass);

#endif

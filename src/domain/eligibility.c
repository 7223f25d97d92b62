/* eligibility.c -- allocatable units, payers in default, request standing. */
#include "eligibility.h"

#include <stdlib.h>
#include <string.h>

const char *const unit_standing_names[UNIT_NSTANDINGS] = {
    "allocatable", "status reserved", "status allocated", "available after horizon"
};
const char *const request_standing_names[REQ_NSTANDINGS] = {
    "eligible", "suspended", "rejected:late", "rejected:no_capacity_proof"
};

void eligibility_release(struct eligibility *e)
{
    free(e->units);
    free(e->requests);
    free(e->late);
    free(e->takes_part);
    free(e->payers);
    memset(e, 0, sizeof *e);
}

int eligibility_judge(struct eligibility *e, const struct model *m,
                      const struct config *c)
{
    memset(e, 0, sizeof *e);
    e->units = calloc((size_t)m->nunits + 1, 1);
    e->requests = calloc((size_t)m->nrequests + 1, 1);
    e->late = calloc((size_t)m->nrequests + 1, 1);
    e->takes_part = calloc((size_t)m->nrequests + 1, 1);
    e->payers = calloc((size_t)m->npayers + 1, sizeof *e->payers);
    if (!e->units || !e->requests || !e->late || !e->takes_part || !e->payers) {
        eligibility_release(e);
        return -1;
    }

    for (int32_t i = 0; i < m->nunits; i++) {
        const struct unit *u = &m->units[i];
        int s = UNIT_OK;
        if (u->status == UNIT_RESERVED)
            s = UNIT_NOT_AVAILABLE_RESERVED;
        else if (u->status == UNIT_ALLOCATED)
            s = UNIT_NOT_AVAILABLE_ALLOCATED;
        else if (u->available_on > c->horizon_end)
            s = UNIT_AFTER_HORIZON;
        e->units[i] = (uint8_t)s;
        e->nunit_standing[s]++;
    }

    for (int32_t i = 0; i < m->nledger; i++) {
        const struct ledger_row *g = &m->ledger[i];
        if (g->payer < 0)
            continue;
        int64_t unpaid = g->due_c - g->paid_c;
        if ((int64_t)c->as_of - g->due_on <= c->grace_days ||
            unpaid <= c->tolerance_cents)
            continue;
        struct payer_judgement *pj = &e->payers[g->payer];
        if (!pj->in_default || g->due_on < pj->oldest_due)
            pj->oldest_due = g->due_on;
        pj->in_default = 1;
        pj->overdue_c += unpaid;
    }
    for (int32_t p = 0; p < m->npayers; p++)
        if (e->payers[p].in_default) {
            e->payers[p].days_overdue = c->as_of - e->payers[p].oldest_due;
            e->npayers_in_default++;
        }

    for (int32_t i = 0; i < m->nrequests; i++) {
        const struct request *q = &m->requests[i];
        int late = q->submitted_on > c->deadline;
        int s = REQ_ELIGIBLE;
        if (late && c->late == RH_LATE_REJECT)
            s = REQ_REJECTED_LATE;
        else if (!m->payers[q->payer].capacity_proof)
            s = REQ_REJECTED_NO_PROOF;
        else if (e->payers[q->payer].in_default)
            s = REQ_SUSPENDED;
        e->requests[i] = (uint8_t)s;
        e->late[i] = (uint8_t)late;
        e->takes_part[i] = s == REQ_ELIGIBLE ||
                           (s == REQ_SUSPENDED && c->suspended == RH_SUSP_HOLD);
        if (late && e->takes_part[i])
            e->nlate_last++;
        if (e->takes_part[i])
            e->units_requested += q->units;
        e->nrequest_standing[s]++;
    }
    return 0;
}

int eligibility_in_pass(const struct model *m, const struct eligibility *e,
                        const struct config *c, int32_t r, int pass)
{
    if (!e->takes_part[r] || m->requests[r].units == 0)
        return 0;           /* nothing to allocate: served as it stands */
    if (c->late == RH_LATE_LAST)
        return e->late[r] == pass;
    return pass == 0;
}

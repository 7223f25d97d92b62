/* plancheck.c -- a plan's consistency (see plan.h plan_check). */
#include "solve/plan.h"

#include <stdio.h>
#include <stdlib.h>

#include "io/exitcode.h"

static int bad_plan(char *err, size_t errsz, const char *what, const char *id)
{
    snprintf(err, errsz, "internal error: plan: %s%s%s", what,
             id ? " " : "", id ? id : "");
    return RH_EXIT_SOFTWARE;
}

int plan_check(const struct plan *p, const struct model *m,
               const struct eligibility *e, char *err, size_t errsz)
{
    int64_t *count;

    if ((m->nunits > 0 && !p->unit_request) ||
        (m->nrequests > 0 && (!p->req_allocated || !p->req_outcome)))
        return bad_plan(err, errsz, "missing arrays", NULL);
    if (p->nstages < 0 || p->nstages > PLAN_MAX_STAGES)
        return bad_plan(err, errsz, "stage count out of range", NULL);
    count = calloc((size_t)m->nrequests + 1, sizeof *count);
    if (!count) {
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    for (int32_t u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        const char *why = NULL;
        if (r < 0) {
            if (r != -1)
                why = "bad request index for unit";
        } else if (r >= m->nrequests) {
            why = "bad request index for unit";
        } else if (e->units[u] != UNIT_OK) {
            why = "unit planned but not allocatable:";
        } else if (!e->takes_part[r]) {
            why = "unit planned for a request that does not take part:";
        } else if (m->units[u].layout != m->requests[r].layout) {
            why = "unit planned for a request of another layout:";
        } else {
            count[r]++;
        }
        if (why) {
            free(count);
            return bad_plan(err, errsz, why, m->units[u].id);
        }
    }
    for (int32_t r = 0; r < m->nrequests; r++) {
        const char *why = NULL;
        if (p->req_allocated[r] != count[r])
            why = "req_allocated differs from the units planned for";
        else if (count[r] > m->requests[r].units)
            why = "more units planned than requested by";
        else if (p->req_outcome[r] >= OUT_NOUTCOMES)
            why = "unknown outcome for";
        if (why) {
            free(count);
            return bad_plan(err, errsz, why, m->requests[r].id);
        }
    }
    free(count);
    /* every payer within its cap, in cents */
    int64_t *spent = calloc((size_t)m->npayers + 1, sizeof *spent);
    if (!spent) {
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    for (int32_t u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        if (r >= 0)
            spent[m->requests[r].payer] += m->units[u].value_c;
    }
    for (int32_t q = 0; q < m->npayers; q++)
        if (m->payers[q].capacity_c >= 0 && spent[q] > m->payers[q].capacity_c) {
            free(spent);
            return bad_plan(err, errsz, "payer over its cap:", m->payers[q].id);
        }
    free(spent);
    return 0;
}


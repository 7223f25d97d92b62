/* reason.c -- see reason.h. */
#include "output/reason.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/value.h"

const char *const reason_names[REASON_N] = {
    "", "late", "no_capacity_proof", "payer_in_default", "no_supply",
    "payer_cap", "late_pass", "town_share"
};

void reasons_release(struct plan_reasons *rs)
{
    free(rs->reason);
    free(rs->layout_supply);
    free(rs->layout_cheapest);
    free(rs->payer_room);
    free(rs->rank);
    free(rs->of);
    free(rs->town_allocated);
    free(rs->town_asked);
    memset(rs, 0, sizeof *rs);
}

struct rkey {
    int32_t town, layout, category;
    rh_date submitted;
    const char *id;
    int32_t r;
};

static int cmp_rkey(const void *a, const void *b)
{
    const struct rkey *x = a, *y = b;
    if (x->town != y->town)
        return x->town < y->town ? -1 : 1;
    if (x->layout != y->layout)
        return x->layout < y->layout ? -1 : 1;
    if (x->category != y->category)
        return x->category < y->category ? -1 : 1;
    if (x->submitted != y->submitted)
        return x->submitted < y->submitted ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* rank and of: places in each (home town, layout, category) bucket */
static int rank_requests(struct plan_reasons *rs, const struct model *m,
                         const struct eligibility *e)
{
    struct rkey *k = malloc(((size_t)m->nrequests + 1) * sizeof *k);
    if (!k)
        return -1;
    int32_t n = 0;
    for (int32_t r = 0; r < m->nrequests; r++) {
        rs->rank[r] = rs->of[r] = 0;
        if (!e->takes_part[r])
            continue;
        const struct request *q = &m->requests[r];
        k[n++] = (struct rkey){ q->town, q->layout, q->category,
                                q->submitted_on, q->id, r };
    }
    qsort(k, (size_t)n, sizeof *k, cmp_rkey);
    for (int32_t i = 0; i < n;) {
        int32_t j = i;
        while (j < n && k[j].town == k[i].town && k[j].layout == k[i].layout &&
               k[j].category == k[i].category)
            j++;
        for (int32_t a = i; a < j; a++) {
            rs->rank[k[a].r] = a - i + 1;
            rs->of[k[a].r] = j - i;
        }
        i = j;
    }
    free(k);
    return 0;
}

int reasons_compute(struct plan_reasons *rs, const struct model *m,
                    const struct eligibility *e, const struct config *c,
                    const struct plan *p, const struct plan_kpi *k)
{
    size_t R = (size_t)m->nrequests + 1, L = (size_t)m->layouts.n + 1,
           Q = (size_t)m->npayers + 1, T = (size_t)m->ntowns + 1;
    memset(rs, 0, sizeof *rs);
    rs->reason = calloc(R, 1);
    rs->layout_supply = calloc(L, sizeof *rs->layout_supply);
    rs->layout_cheapest = malloc(L * sizeof *rs->layout_cheapest);
    rs->payer_room = malloc(Q * sizeof *rs->payer_room);
    rs->rank = calloc(R, sizeof *rs->rank);
    rs->of = calloc(R, sizeof *rs->of);
    rs->town_allocated = calloc(T, sizeof *rs->town_allocated);
    rs->town_asked = calloc(T, sizeof *rs->town_asked);
    if (!rs->reason || !rs->layout_supply || !rs->layout_cheapest ||
        !rs->payer_room || !rs->rank || !rs->of || !rs->town_allocated ||
        !rs->town_asked || rank_requests(rs, m, e) < 0) {
        reasons_release(rs);
        return -1;
    }
    for (int32_t l = 0; l < m->layouts.n; l++)
        rs->layout_cheapest[l] = -1;
    for (int32_t u = 0; u < m->nunits; u++) {
        if (e->units[u] != UNIT_OK)
            continue;
        const struct unit *un = &m->units[u];
        rs->layout_supply[un->layout]++;
        if (rs->layout_cheapest[un->layout] < 0 ||
            un->value_c < rs->layout_cheapest[un->layout])
            rs->layout_cheapest[un->layout] = un->value_c;
    }
    for (int32_t q = 0; q < m->npayers; q++)
        rs->payer_room[q] = m->payers[q].capacity_c < 0 ? -1
                            : m->payers[q].capacity_c - k->payer_value_c[q];
    for (int32_t r = 0; r < m->nrequests; r++)
        if (eligibility_in_pass(m, e, c, r, 0)) {       /* B's pass */
            rs->town_asked[m->requests[r].town] += m->requests[r].units;
            rs->town_allocated[m->requests[r].town] += p->req_allocated[r];
        }
    for (int32_t r = 0; r < m->nrequests; r++) {
        const struct request *q = &m->requests[r];
        enum request_reason why = REASON_NONE;
        switch (p->req_outcome[r]) {
        case OUT_REJECTED_LATE:     why = REASON_LATE; break;
        case OUT_REJECTED_NO_PROOF: why = REASON_NO_PROOF; break;
        case OUT_SUSPENDED:         why = REASON_IN_DEFAULT; break;
        case OUT_PARTIAL:
        case OUT_UNSERVED: {
            int64_t room = rs->payer_room[q->payer],
                    cheapest = rs->layout_cheapest[q->layout];
            if (rs->layout_supply[q->layout] == 0)
                why = REASON_NO_SUPPLY;
            else if (room >= 0 && room < cheapest)
                why = REASON_PAYER_CAP;
            else if (c->late == RH_LATE_LAST && e->late[r])
                why = REASON_LATE_PASS;
            else
                why = REASON_TOWN_SHARE;
            break;
        }
        default:
            break;
        }
        rs->reason[r] = (uint8_t)why;
        rs->count[why]++;
        rs->short_units[why] += q->units - p->req_allocated[r];
    }
    return 0;
}

/* cents as "1,234,567.89" */
static void cny(int64_t c, char out[40])
{
    char digits[32];
    snprintf(digits, sizeof digits, "%" PRId64, c / 100);
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n; i++) {
        out[o++] = digits[i];
        if (i + 1 < n && (n - 1 - i) % 3 == 0)
            out[o++] = ',';
    }
    snprintf(out + o, 40 - o, ".%02" PRId64, c % 100);
}

/* tenths of a percent as "12.3", whatever the locale (printf's %f follows
 * LC_NUMERIC) */
static void pct1(int64_t tenths, char out[32])
{
    snprintf(out, 32, "%" PRId64 ".%" PRId64, tenths / 10, tenths % 10);
}

static const char *ordinal(int32_t k)
{
    int32_t t = k % 100;
    if (t >= 11 && t <= 13)
        return "th";
    return k % 10 == 1 ? "st" : k % 10 == 2 ? "nd" : k % 10 == 3 ? "rd" : "th";
}

void reason_detail(const struct plan_reasons *rs, const struct model *m,
                   const struct eligibility *e, const struct config *c,
                   const struct plan *p, int32_t r, char *buf, size_t n)
{
    const struct request *q = &m->requests[r];
    const struct payer *py = &m->payers[q->payer];
    const char *layout = m->layouts.strs[q->layout],
               *town = m->towns[q->town].id;
    char d1[11], d2[11], a[40], b[40];
    buf[0] = '\0';
    switch ((enum request_reason)rs->reason[r]) {
    case REASON_NONE:
    case REASON_N:
        return;
    case REASON_LATE:
        value_format_date(q->submitted_on, d1);
        value_format_date(c->deadline, d2);
        snprintf(buf, n, "submitted %s, after the deadline %s (late = reject)",
                 d1, d2);
        return;
    case REASON_NO_PROOF:
        snprintf(buf, n, "payer %s gave no proof of capacity to pay", py->id);
        return;
    case REASON_IN_DEFAULT:
        cny(e->payers[q->payer].overdue_c, a);
        value_format_date(e->payers[q->payer].oldest_due, d1);
        snprintf(buf, n, "payer %s is in default (%s CNY overdue since %s): "
                 "%s", py->id, a, d1,
                 c->suspended == RH_SUSP_RELEASE
                 ? "under suspended = release it gets no flat"
                 : "its flats are held until the arrears are paid");
        return;
    case REASON_NO_SUPPLY:
        snprintf(buf, n, "no allocatable %s flat exists (available by %s)",
                 layout, (value_format_date(c->horizon_end, d1), d1));
        return;
    case REASON_PAYER_CAP:
        cny(rs->payer_room[q->payer], a);
        cny(rs->layout_cheapest[q->layout], b);
        snprintf(buf, n, "payer %s has %s CNY of its cap left after the plan; "
                 "the cheapest allocatable %s flat costs %s CNY", py->id, a,
                 layout, b);
        return;
    case REASON_LATE_PASS:
        value_format_date(q->submitted_on, d1);
        value_format_date(c->deadline, d2);
        snprintf(buf, n, "submitted %s, after the deadline %s (late = last): "
                 "served from what the on-time plan left, %" PRId64 " of %"
                 PRId64, d1, d2, p->req_allocated[r], q->units);
        return;
    case REASON_TOWN_SHARE: {
        int64_t got = rs->town_allocated[q->town],
                asked = rs->town_asked[q->town];
        char fill[32], level[32];
        pct1(asked > 0 ? (1000 * got + asked / 2) / asked : 0, fill);
        pct1(llround(1000.0 * p->town_level[q->town]), level);
        snprintf(buf, n, "%s received %" PRId64 " of the %" PRId64 " units its "
                 "requests ask for (%s %%, its balanced level %s %%); "
                 "%" PRId32 "%s of %" PRId32 " %s %s requests for %s by "
                 "submission date", town, got, asked, fill, level, rs->rank[r],
                 ordinal(rs->rank[r]), rs->of[r], town,
                 rh_category_names[q->category], layout);
        return;
    }
    }
}

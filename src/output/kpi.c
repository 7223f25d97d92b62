/* kpi.c -- key figures of a plan, by exact integer arithmetic. */
#include "kpi.h"

#include <stdlib.h>
#include <string.h>

#include "domain/geo.h"

void kpi_release(struct plan_kpi *k)
{
    free(k->town_supply);
    free(k->payer_requested);
    free(k->flows);
    memset(k, 0, sizeof *k);
}

/* num/den scaled by 10^scale, truncated; *rem gets the remainder r so that
 * num/den * 10^scale = result + r/den. */
static int64_t rate_floor(int64_t num, int64_t den, int scale, int64_t *rem)
{
    int64_t q = num / den, r = num % den;
    for (int i = 0; i < scale; i++) {
        r *= 10;
        q = q * 10 + r / den;
        r %= den;
    }
    *rem = r;
    return q;
}

int64_t kpi_rate(int64_t num, int64_t den, int scale)
{
    int64_t r, q;

    if (den <= 0 || num < 0 || scale < 0 || scale > 18)
        return KPI_NO_RATE;
    q = rate_floor(num, den, scale, &r);
    return r >= den - r ? q + 1 : q;        /* 2r >= den: half up */
}

int kpi_frac_cmp(int64_t a, int64_t b, int64_t c, int64_t d)
{
    /* Continued-fraction comparison: no products, no overflow. */
    for (;;) {
        int64_t qa = a / b, qc = c / d, ra = a % b, rc = c % d;
        if (qa != qc)
            return qa < qc ? -1 : 1;
        if (ra == 0 && rc == 0)
            return 0;
        if (ra == 0)
            return -1;
        if (rc == 0)
            return 1;
        /* ra/b versus rc/d  is  d/rc versus b/ra */
        int64_t na = d, nb = rc, nc = b, nd = ra;
        a = na;
        b = nb;
        c = nc;
        d = nd;
    }
}

int64_t kpi_frac_mean(int64_t a, int64_t b, int64_t c, int64_t d, int scale)
{
    int64_t rx, ry, t;

    if (b <= 0 || d <= 0 || a < 0 || c < 0 || scale < 0 || scale > 18)
        return KPI_NO_RATE;
    /* mean * 10^s = (qx + qy + f) / 2 with f = rx/b + ry/d in [0, 2);
     * half up: floor((T + f) / 2) with T = qx + qy + 1. */
    t = rate_floor(a, b, scale, &rx) + rate_floor(c, d, scale, &ry) + 1;
    if (t % 2 == 0)
        return t / 2;
    return (t - 1) / 2 + (kpi_frac_cmp(rx, b, d - ry, d) >= 0 ? 1 : 0);
}

/* A town's fill rate as a fraction, for sorting. */
struct frac {
    int64_t num, den;
};

static int frac_order(const void *x, const void *y)
{
    const struct frac *p = x, *q = y;
    return kpi_frac_cmp(p->num, p->den, q->num, q->den);
}

/* Median and minimum of the towns' fill rates (towns with demand only). */
static int fill_stats(struct plan_kpi *k)
{
    struct frac *f = malloc(((size_t)k->ntowns + 1) * sizeof *f);
    int32_t n = 0;

    if (!f)
        return -1;
    for (int32_t t = 0; t < k->ntowns; t++)
        if (k->town_demand[t] > 0) {
            f[n].num = k->town_allocated[t];
            f[n].den = k->town_demand[t];
            n++;
        }
    k->ntowns_with_demand = n;
    k->fill_min = k->fill_median = KPI_NO_RATE;
    if (n > 0) {
        qsort(f, (size_t)n, sizeof *f, frac_order);
        k->fill_min = kpi_rate(f[0].num, f[0].den, KPI_RATE_SCALE);
        if (n % 2)
            k->fill_median = kpi_rate(f[n / 2].num, f[n / 2].den,
                                      KPI_RATE_SCALE);
        else
            k->fill_median = kpi_frac_mean(f[n / 2 - 1].num, f[n / 2 - 1].den,
                                           f[n / 2].num, f[n / 2].den,
                                           KPI_RATE_SCALE);
    }
    free(f);
    return 0;
}

static int by_pair(const void *a, const void *b)
{
    const struct kpi_flow *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return (x->to > y->to) - (x->to < y->to);
}

int kpi_compute(struct plan_kpi *k, const struct model *m,
                const struct eligibility *e, const struct config *c,
                const struct plan *p)
{
    (void)c;
    memset(k, 0, sizeof *k);
    k->ntowns = m->ntowns;
    size_t nt = (size_t)m->ntowns + 1;
    int64_t *block = calloc(7 * nt, sizeof *block);
    if (!block)
        return -1;
    k->town_supply = block;
    k->town_demand = block + nt;
    k->town_allocated = block + 2 * nt;
    k->town_home = block + 3 * nt;
    k->town_imported = block + 4 * nt;
    k->town_exported = block + 5 * nt;
    k->town_fill = block + 6 * nt;

    size_t np = (size_t)m->npayers + 1;
    int64_t *pblock = calloc(6 * np, sizeof *pblock);
    if (!pblock) {
        kpi_release(k);
        return -1;
    }
    k->npayers = m->npayers;
    k->payer_requested = pblock;
    k->payer_allocated = pblock + np;
    k->payer_held = pblock + 2 * np;
    k->payer_value_c = pblock + 3 * np;
    k->payer_susp_lines = pblock + 4 * np;
    k->payer_susp_asked = pblock + 5 * np;
    for (int32_t i = 0; i < m->nrequests; i++) {
        int32_t py = m->requests[i].payer;
        k->payer_requested[py] += m->requests[i].units;
        if (e->requests[i] == REQ_SUSPENDED) {
            k->payer_susp_lines[py]++;
            k->payer_susp_asked[py] += m->requests[i].units;
        }
    }
    for (int32_t u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        if (r < 0 || r >= m->nrequests)
            continue;
        int32_t py = m->requests[r].payer;
        k->payer_allocated[py]++;
        k->payer_value_c[py] += m->units[u].value_c;
        if (e->requests[r] == REQ_SUSPENDED)
            k->payer_held[py]++;
    }
    k->units_requested = e->units_requested;
    for (int32_t i = 0; i < m->nrequests; i++) {
        const struct request *q = &m->requests[i];
        k->units_requested_all += q->units;
        if (e->takes_part[i]) {
            if (q->town >= 0 && q->town < m->ntowns)
                k->town_demand[q->town] += q->units;
        }
        if (p->req_outcome[i] < OUT_NOUTCOMES)
            k->by_outcome[p->req_outcome[i]]++;
    }

    /* Moved units per (unit town, home town), sparse: one entry per moved
     * unit, sorted and merged.  The distance is then computed once per
     * pair of towns, not once per unit (the sum of whole metres is the
     * same). */
    int64_t nmoved = 0;
    for (int32_t u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        if (r >= 0 && r < m->nrequests && m->units[u].town >= 0 &&
            m->units[u].town < m->ntowns && m->requests[r].town >= 0 &&
            m->requests[r].town < m->ntowns &&
            m->units[u].town != m->requests[r].town)
            nmoved++;
    }
    struct kpi_flow *moved = malloc(((size_t)nmoved + 1) * sizeof *moved);
    if (!moved) {
        kpi_release(k);
        return -1;
    }
    k->units_total = m->nunits;
    for (int32_t u = 0; u < m->nunits; u++) {
        const struct unit *un = &m->units[u];
        int32_t r = p->unit_request[u];
        if (e->units[u] == UNIT_OK) {
            k->units_allocatable++;
            if (un->town >= 0 && un->town < m->ntowns)
                k->town_supply[un->town]++;
            if (r < 0)
                k->units_idle++;
        }
        if (r < 0 || r >= m->nrequests)
            continue;
        const struct request *q = &m->requests[r];
        k->units_allocated++;
        k->value_c += un->value_c;
        if (e->requests[r] == REQ_SUSPENDED) {
            k->units_suspended++;
            k->value_suspended_c += un->value_c;
        } else {
            k->units_handed_over++;
        }
        if (q->town < 0 || q->town >= m->ntowns || un->town < 0 ||
            un->town >= m->ntowns)
            continue;
        k->town_allocated[q->town]++;
        if (q->town == un->town) {
            k->home_units++;
            k->town_home[q->town]++;
        } else {
            k->moved_units++;
            k->town_imported[q->town]++;
            k->town_exported[un->town]++;
            moved[k->nflows++] = (struct kpi_flow){ un->town, q->town, 1 };
        }
    }
    qsort(moved, (size_t)k->nflows, sizeof *moved, by_pair);
    int64_t nf = 0;
    for (int64_t i = 0; i < k->nflows; i++) {
        if (nf > 0 && moved[nf - 1].from == moved[i].from &&
            moved[nf - 1].to == moved[i].to)
            moved[nf - 1].units++;
        else
            moved[nf++] = moved[i];
    }
    k->flows = moved;
    k->nflows = nf;
    for (int64_t i = 0; i < nf; i++) {
        const struct town *a = &m->towns[moved[i].to],
                          *b = &m->towns[moved[i].from];
        k->distance_m += moved[i].units * geo_distance_m(a->lat, a->lon,
                                                         b->lat, b->lon);
        if (moved[i].units > k->flow_max)
            k->flow_max = moved[i].units;
    }
    k->home_share = kpi_rate(k->home_units, k->units_allocated,
                             KPI_RATE_SCALE);
    for (int32_t t = 0; t < m->ntowns; t++)
        k->town_fill[t] = kpi_rate(k->town_allocated[t], k->town_demand[t],
                                   KPI_RATE_SCALE);
    if (fill_stats(k) < 0) {
        kpi_release(k);
        return -1;
    }
    return 0;
}

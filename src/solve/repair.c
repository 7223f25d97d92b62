/* repair.c -- request order and idle units where payer caps bind. */
#include "repair.h"

#include <stdlib.h>
#include <string.h>

/* Ids enter the sort keys as their ranks (domain/idrank.h): the same
 * order as strcmp, one integer compare. */
struct ureq { int rank; rh_date submitted; int32_t id; int32_t req; };
struct uval { int64_t value_c; int32_t id; int32_t unit; };

static int cmp_ureq(const void *a, const void *b)
{
    const struct ureq *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->submitted != y->submitted)
        return x->submitted < y->submitted ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static int cmp_uval(const void *a, const void *b)
{
    const struct uval *x = a, *y = b;
    if (x->value_c != y->value_c)
        return x->value_c < y->value_c ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Cap room of payer q, or INT64_MAX when it has no cap. */
static int64_t room(const int64_t *cap_start, const int64_t *spent, int32_t q)
{
    return cap_start[q] < 0 ? INT64_MAX : cap_start[q] - spent[q];
}

static void add_record(struct plan *p, const char *name, const char *what,
                       double objective, int pass)
{
    if (p->nstages >= PLAN_MAX_STAGES)
        return;
    struct stage_record *r = &p->stages[p->nstages++];
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->pass, sizeof r->pass, "%s", pass ? "late" : "ontime");
    snprintf(r->what, sizeof r->what, "%s", what);
    r->objective = objective;
    r->status = STAGE_GREEDY;
}

/* Give request r the unit u. */
static void give(struct plan *p, const struct model *m, int64_t *spent,
                 int32_t u, int32_t r)
{
    p->unit_request[u] = r;
    p->req_allocated[r]++;
    spent[m->requests[r].payer] += m->units[u].value_c;
}

/* Re-deal the (home town, layout) buckets that hold a capped payer's
 * request, in category order, then submitted_on, then request_id. */
static int redeal(struct plan *p, const struct network *n, const struct model *m,
                  const int64_t *cap_start, int64_t *spent, int64_t *moved)
{
    int32_t G = n->ngroups;
    int32_t *rfirst = NULL, *rnext = NULL, *ufirst = NULL, *unext = NULL;
    int32_t *prev = NULL;
    struct ureq *rq = NULL;
    struct uval *pool = NULL;
    uint8_t *taken = NULL;
    int rc = -1;

    rfirst = malloc(((size_t)G + 1) * sizeof *rfirst);
    ufirst = malloc(((size_t)G + 1) * sizeof *ufirst);
    rnext = malloc(((size_t)m->nrequests + 1) * sizeof *rnext);
    unext = malloc(((size_t)m->nunits + 1) * sizeof *unext);
    prev = malloc(((size_t)m->nunits + 1) * sizeof *prev);
    rq = malloc(((size_t)m->nrequests + 1) * sizeof *rq);
    pool = malloc(((size_t)m->nunits + 1) * sizeof *pool);
    taken = calloc((size_t)m->nunits + 1, 1);
    if (!rfirst || !ufirst || !rnext || !unext || !prev || !rq || !pool || !taken)
        goto out;
    /* Requests and planned units of each group, as lists. */
    for (int32_t g = 0; g < G; g++)
        rfirst[g] = ufirst[g] = -1;
    for (int32_t r = m->nrequests - 1; r >= 0; r--)
        if (n->req_group[r] >= 0) {
            rnext[r] = rfirst[n->req_group[r]];
            rfirst[n->req_group[r]] = r;
        }
    for (int32_t u = m->nunits - 1; u >= 0; u--) {
        int32_t r = p->unit_request[u];
        if (r >= 0 && n->req_group[r] >= 0) {
            unext[u] = ufirst[n->req_group[r]];
            ufirst[n->req_group[r]] = u;
        }
    }

    for (int32_t g0 = 0; g0 < G;) {
        int32_t g1 = g0 + 1;
        int capped = n->groups[g0].payer >= 0;
        while (g1 < G && n->groups[g1].town == n->groups[g0].town &&
               n->groups[g1].layout == n->groups[g0].layout)
            capped |= n->groups[g1++].payer >= 0;
        if (!capped) {
            g0 = g1;
            continue;
        }
        /* Take the bucket's units back, then deal them in request order. */
        int32_t nr = 0, np = 0;
        for (int32_t g = g0; g < g1; g++) {
            for (int32_t r = rfirst[g]; r >= 0; r = rnext[r])
                rq[nr++] = (struct ureq){ n->groups[g].rank,
                                          m->requests[r].submitted_on,
                                          n->request_rank[r], r };
            for (int32_t u = ufirst[g]; u >= 0; u = unext[u]) {
                int32_t r = p->unit_request[u];
                prev[u] = r;
                pool[np++] = (struct uval){ m->units[u].value_c, n->unit_rank[u], u };
                spent[m->requests[r].payer] -= m->units[u].value_c;
                p->unit_request[u] = -1;
                p->req_allocated[r]--;
            }
        }
        qsort(rq, (size_t)nr, sizeof *rq, cmp_ureq);
        qsort(pool, (size_t)np, sizeof *pool, cmp_uval);
        int32_t lo = 0, hi = np - 1;      /* untaken units lie in [lo, hi] */
        for (int32_t i = 0; i < nr && lo <= hi; i++) {
            int32_t r = rq[i].req, q = m->requests[r].payer;
            int64_t want = m->requests[r].units - p->req_allocated[r];
            if (cap_start[q] >= 0) {        /* cheapest that the cap allows */
                for (int32_t k = lo; k <= hi && want > 0; k++) {
                    if (taken[pool[k].unit])
                        continue;
                    if (pool[k].value_c > room(cap_start, spent, q))
                        break;              /* dearer ones do not fit either */
                    taken[pool[k].unit] = 1;
                    give(p, m, spent, pool[k].unit, r);
                    want--;
                }
            } else {                        /* dearest first */
                for (int32_t k = hi; k >= lo && want > 0; k--) {
                    if (taken[pool[k].unit])
                        continue;
                    taken[pool[k].unit] = 1;
                    give(p, m, spent, pool[k].unit, r);
                    want--;
                }
            }
            while (lo <= hi && taken[pool[lo].unit])
                lo++;
            while (hi >= lo && taken[pool[hi].unit])
                hi--;
        }
        for (int32_t k = 0; k < np; k++)
            if (p->unit_request[pool[k].unit] != prev[pool[k].unit])
                (*moved)++;
        g0 = g1;
    }
    rc = 0;
out:
    free(rfirst);
    free(ufirst);
    free(rnext);
    free(unext);
    free(prev);
    free(rq);
    free(pool);
    free(taken);
    return rc;
}

struct cunit { int32_t town, layout; int64_t value_c; int32_t id; int32_t unit; };

static int cmp_cunit(const void *a, const void *b)
{
    const struct cunit *x = a, *y = b;
    if (x->town != y->town)
        return x->town < y->town ? -1 : 1;
    if (x->layout != y->layout)
        return x->layout < y->layout ? -1 : 1;
    if (x->value_c != y->value_c)
        return x->value_c < y->value_c ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Requests end with the cheapest units: a unit a request of the pass holds
 * is swapped for a cheaper idle unit of the same project town and layout.
 * Nothing else changes (same towns, same counts) and a payer only spends
 * less, so every cap still holds.  RETURNS 0, or -1 on out of memory. */
static int cheapest_units(struct plan *p, const struct network *n,
                          const struct model *m, const struct eligibility *e,
                          int64_t *spent, uint8_t *used)
{
    struct cunit *idle = malloc(((size_t)m->nunits + 1) * sizeof *idle);
    struct cunit *held = malloc(((size_t)m->nunits + 1) * sizeof *held);
    if (!idle || !held) {
        free(idle);
        free(held);
        return -1;
    }
    int32_t ni = 0, nh = 0;
    for (int32_t u = 0; u < m->nunits; u++) {
        const struct unit *un = &m->units[u];
        struct cunit cu = { un->town, un->layout, un->value_c, n->unit_rank[u], u };
        int32_t r = p->unit_request[u];
        if (e->units[u] == UNIT_OK && r < 0)
            idle[ni++] = cu;
        else if (r >= 0 && n->req_group[r] >= 0)
            held[nh++] = cu;
    }
    qsort(idle, (size_t)ni, sizeof *idle, cmp_cunit);
    qsort(held, (size_t)nh, sizeof *held, cmp_cunit);
    /* Per (town, layout): cheapest idle against dearest held. */
    int32_t i = 0, h = 0;
    while (i < ni && h < nh) {
        const struct cunit *a = &idle[i], *b = &held[h];
        if (a->town != b->town || a->layout != b->layout) {
            if (a->town < b->town || (a->town == b->town && a->layout < b->layout))
                i++;
            else
                h++;
            continue;
        }
        int32_t i1 = i, h1 = h;
        while (i1 < ni && idle[i1].town == a->town && idle[i1].layout == a->layout)
            i1++;
        while (h1 < nh && held[h1].town == a->town && held[h1].layout == a->layout)
            h1++;
        for (int32_t x = i, y = h1 - 1; x < i1 && y >= h; x++, y--) {
            if (idle[x].value_c >= held[y].value_c)
                break;
            int32_t r = p->unit_request[held[y].unit];
            p->unit_request[idle[x].unit] = r;
            p->unit_request[held[y].unit] = -1;
            spent[m->requests[r].payer] -= held[y].value_c - idle[x].value_c;
            used[idle[x].unit] = 1;
        }
        i = i1;
        h = h1;
    }
    free(idle);
    free(held);
    return 0;
}

/* Does request a come before b for an idle unit standing in town `ut`? */
static int before(const struct model *m, const struct config *c,
                  const int64_t *town_alloc, const int64_t *town_demand,
                  int32_t ut, int32_t a, int32_t b)
{
    const struct request *x = &m->requests[a], *y = &m->requests[b];
    int hx = x->town == ut, hy = y->town == ut;
    if (hx != hy)
        return hx;
    /* lower fill rate first: alloc_x / dem_x < alloc_y / dem_y */
    /* alloc <= 10^7 units, demand <= 6 x 10^10: the products fit */
    int64_t fx = town_alloc[x->town] * town_demand[y->town];
    int64_t fy = town_alloc[y->town] * town_demand[x->town];
    if (fx != fy)
        return fx < fy;
    int rx = c->category_rank[x->category], ry = c->category_rank[y->category];
    if (rx != ry)
        return rx < ry;
    if (x->submitted_on != y->submitted_on)
        return x->submitted_on < y->submitted_on;
    return strcmp(x->id, y->id) < 0;
}

/* Idle units, cheapest first, each to the first request of its layout that
 * can still take it within its payer's cap.  RETURNS 0. */
static int hand_out_idle(struct plan *p, const struct network *n,
                         const struct model *m, const struct eligibility *e,
                         const struct config *c, const int64_t *cap_start,
                         int64_t *spent, int64_t *town_alloc,
                         const int64_t *town_demand, struct uval *idle,
                         int32_t *cand, uint8_t *used, int64_t *handed)
{
    int32_t ni = 0, nc = 0;
    for (int32_t u = 0; u < m->nunits; u++)
        if (e->units[u] == UNIT_OK && p->unit_request[u] < 0)
            idle[ni++] = (struct uval){ m->units[u].value_c, n->unit_rank[u], u };
    qsort(idle, (size_t)ni, sizeof *idle, cmp_uval);
    for (int32_t r = 0; r < m->nrequests; r++)
        if (n->req_group[r] >= 0 && p->req_allocated[r] < m->requests[r].units)
            cand[nc++] = r;
    for (int32_t i = 0; i < ni && nc > 0; i++) {
        const struct unit *un = &m->units[idle[i].unit];
        int32_t best = -1, bi = -1;
        for (int32_t k = 0; k < nc; k++) {
            int32_t r = cand[k];
            const struct request *q = &m->requests[r];
            if (q->layout != un->layout ||
                un->value_c > room(cap_start, spent, q->payer))
                continue;
            if (best < 0 || before(m, c, town_alloc, town_demand, un->town, r, best)) {
                best = r;
                bi = k;
            }
        }
        if (best < 0)
            continue;
        give(p, m, spent, idle[i].unit, best);
        used[idle[i].unit] = 1;
        town_alloc[m->requests[best].town]++;
        (*handed)++;
        if (p->req_allocated[best] >= m->requests[best].units)
            cand[bi] = cand[--nc];
    }
    return 0;
}

int repair_caps(struct plan *p, const struct network *n, const struct model *m,
                const struct eligibility *e, const struct config *c,
                const int64_t *cap_start, uint8_t *used)
{
    int64_t *spent = calloc((size_t)m->npayers + 1, sizeof *spent);
    int64_t *town_alloc = calloc((size_t)m->ntowns + 1, sizeof *town_alloc);
    int64_t *town_demand = calloc((size_t)m->ntowns + 1, sizeof *town_demand);
    struct uval *idle = malloc(((size_t)m->nunits + 1) * sizeof *idle);
    int32_t *cand = malloc(((size_t)m->nrequests + 1) * sizeof *cand);
    int rc = -1;
    int64_t moved = 0, handed = 0;
    if (!spent || !town_alloc || !town_demand || !idle || !cand)
        goto out;

    for (int32_t u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        if (r < 0)
            continue;
        town_alloc[m->requests[r].town]++;
        if (n->req_group[r] >= 0)
            spent[m->requests[r].payer] += m->units[u].value_c;
    }
    for (int32_t r = 0; r < m->nrequests; r++)
        if (e->takes_part[r])
            town_demand[m->requests[r].town] += m->requests[r].units;
    if (redeal(p, n, m, cap_start, spent, &moved) < 0)
        goto out;

    if (hand_out_idle(p, n, m, e, c, cap_start, spent, town_alloc, town_demand,
                      idle, cand, used, &handed) < 0 ||
        cheapest_units(p, n, m, e, spent, used) < 0 ||
        hand_out_idle(p, n, m, e, c, cap_start, spent, town_alloc, town_demand,
                      idle, cand, used, &handed) < 0)
        goto out;
    /* Units this pass no longer plans are free for a later pass. */
    for (int32_t u = 0; u < m->nunits; u++)
        if (used[u] == 1 && p->unit_request[u] < 0)
            used[u] = 0;
    add_record(p, "R:order", "units dealt again in request order (caps)",
               (double)moved, n->pass);
    add_record(p, "R:idle", "idle units handed out after capped flows were "
               "rounded down", (double)handed, n->pass);
    rc = 0;
out:
    free(spent);
    free(town_alloc);
    free(town_demand);
    free(idle);
    free(cand);
    return rc;
}

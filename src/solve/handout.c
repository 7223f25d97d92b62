/* handout.c -- free flats to short requests (see handout.h). */
#include "handout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/geo.h"
#include "solve/network.h"

/* Sorting keys (qsort has no user pointer: the keys are copied). */
struct req_key { int rank; rh_date submitted; int32_t id, req; };
struct unit_key { int32_t layout, town; int64_t value_c; int32_t id, unit; };

static int cmp_req(const void *a, const void *b)
{
    const struct req_key *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    if (x->submitted != y->submitted) return x->submitted < y->submitted ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static int cmp_unit(const void *a, const void *b)
{
    const struct unit_key *x = a, *y = b;
    if (x->layout != y->layout) return x->layout < y->layout ? -1 : 1;
    if (x->town != y->town) return x->town < y->town ? -1 : 1;
    if (x->value_c != y->value_c) return x->value_c < y->value_c ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static struct stage_record *record(struct plan *p, const char *name,
                                   const char *pass)
{
    for (int i = 0; i < p->nstages; i++)
        if (!strcmp(p->stages[i].name, name) &&
            !strcmp(p->stages[i].pass, pass))
            return &p->stages[i];
    return NULL;
}

/* One more unit of objective on a maximising stage's record. */
static void gain(struct stage_record *r)
{
    if (!r)
        return;
    r->objective += 1.0;
    if (r->objective >= r->bound - 1e-9) {
        r->bound = r->objective;
        r->status = STAGE_OPTIMAL;
    }
}

int64_t handout_units(struct plan *p, const struct model *m,
                      const struct eligibility *e, const struct config *c,
                      uint8_t *used, int pass, const int64_t *cap_left,
                      const int32_t *unit_rank, const int32_t *request_rank)
{
    int32_t R = m->nrequests, U = m->nunits, T = m->ntowns;
    struct req_key *rq = malloc(((size_t)R + 1) * sizeof *rq);
    struct unit_key *uk = malloc(((size_t)U + 1) * sizeof *uk);
    int64_t *room = malloc(((size_t)m->npayers + 1) * sizeof *room);
    /* per (layout, town): the run of free units in uk[], and how many of
     * it are taken (units are taken cheapest first, so a run's next unit
     * is its cheapest left) */
    size_t nslot = (size_t)(m->layouts.n > 0 ? m->layouts.n : 1) * (size_t)T + 1;
    int64_t *first = malloc(nslot * sizeof *first);
    int64_t *last = malloc(nslot * sizeof *last);
    int64_t added = -1;
    if (!rq || !uk || !room || !first || !last)
        goto out;
    added = 0;
    for (int32_t q = 0; q < m->npayers; q++)
        room[q] = cap_left[q];
    for (int32_t u = 0; u < U; u++) {
        int32_t r = p->unit_request[u];
        if (r >= 0 && used[u] == 1 && room[m->requests[r].payer] >= 0)
            room[m->requests[r].payer] -= m->units[u].value_c;
    }
    int32_t nr = 0;
    for (int32_t r = 0; r < R; r++)
        if (eligibility_in_pass(m, e, c, r, pass) &&
            p->req_allocated[r] < m->requests[r].units)
            rq[nr++] = (struct req_key){
                c->category_rank[m->requests[r].category],
                m->requests[r].submitted_on, request_rank[r], r };
    if (nr == 0)
        goto out;
    int64_t nu = 0;
    for (int32_t u = 0; u < U; u++)
        if (e->units[u] == UNIT_OK && !used[u])
            uk[nu++] = (struct unit_key){ m->units[u].layout, m->units[u].town,
                                          m->units[u].value_c, unit_rank[u], u };
    if (nu == 0)
        goto out;
    qsort(rq, (size_t)nr, sizeof *rq, cmp_req);
    qsort(uk, (size_t)nu, sizeof *uk, cmp_unit);
    for (size_t s = 0; s < nslot; s++)
        first[s] = last[s] = 0;
    for (int64_t i = 0; i < nu; i++) {
        size_t s = (size_t)uk[i].layout * (size_t)T + (size_t)uk[i].town;
        if (i == 0 || uk[i - 1].layout != uk[i].layout ||
            uk[i - 1].town != uk[i].town)
            first[s] = i;
        last[s] = i + 1;
    }
    const char *pname = pass ? "late" : "ontime";
    for (int32_t i = 0; i < nr; i++) {
        int32_t r = rq[i].req;
        const struct request *q = &m->requests[r];
        const struct town *home = &m->towns[q->town];
        while (p->req_allocated[r] < q->units) {
            int32_t best_town = -1;
            int64_t bd = 0, bv = 0;
            for (int32_t t = 0; t < T; t++) {
                size_t s = (size_t)q->layout * (size_t)T + (size_t)t;
                if (first[s] >= last[s])
                    continue;
                int64_t v = uk[first[s]].value_c;
                if (room[q->payer] >= 0 && v > room[q->payer])
                    continue;       /* its cheapest does not fit */
                int64_t d = t == q->town ? 0
                          : geo_distance_m(home->lat, home->lon,
                                           m->towns[t].lat, m->towns[t].lon);
                if (best_town < 0 || d < bd || (d == bd && v < bv)) {
                    best_town = t;
                    bd = d;
                    bv = v;
                }
            }
            if (best_town < 0)
                break;
            size_t s = (size_t)q->layout * (size_t)T + (size_t)best_town;
            int32_t u = uk[first[s]++].unit;
            p->unit_request[u] = r;
            p->req_allocated[r]++;
            used[u] = 1;
            if (room[q->payer] >= 0)
                room[q->payer] -= m->units[u].value_c;
            added++;
            if (best_town == q->town)
                gain(record(p, "H", pname));
            gain(record(p, "T", pname));
            char cn[32];
            snprintf(cn, sizeof cn, "C:%s", rh_category_names[q->category]);
            gain(record(p, cn, pname));
            struct stage_record *d = record(p, "D", pname);
            if (d) {
                d->objective += (double)bd / 1000.0;
                if (d->objective > d->bound + 1e-9)
                    d->status = STAGE_FEASIBLE;
            }
        }
    }
out:
    free(rq);
    free(uk);
    free(room);
    free(first);
    free(last);
    return added;
}

/* deal.c -- request order inside a bucket that payer caps split (deal.h). */
#include "deal.h"

#include <stdlib.h>
#include <string.h>

struct rkey { int32_t town, layout, rank; rh_date submitted; int32_t id, req; };

static int cmp_rkey(const void *a, const void *b)
{
    const struct rkey *x = a, *y = b;
    if (x->town != y->town) return x->town < y->town ? -1 : 1;
    if (x->layout != y->layout) return x->layout < y->layout ? -1 : 1;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    if (x->submitted != y->submitted) return x->submitted < y->submitted ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

struct ukey { int64_t value_c; int32_t id, unit; };

static int cmp_ukey(const void *a, const void *b)
{
    const struct ukey *x = a, *y = b;
    if (x->value_c != y->value_c) return x->value_c < y->value_c ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

int64_t deal_in_order(struct plan *p, const struct network *n,
                      const struct model *m, const int64_t *cap_start,
                      const uint8_t *used)
{
    int64_t moved = 0;
    int32_t nr = 0;
    struct rkey *rk = malloc(((size_t)m->nrequests + 1) * sizeof *rk);
    int32_t *pos = malloc(((size_t)m->nrequests + 1) * sizeof *pos);
    int32_t *first = calloc((size_t)m->nrequests + 2, sizeof *first);
    struct ukey *uk = malloc(((size_t)m->nunits + 1) * sizeof *uk);
    int64_t *room = malloc(((size_t)m->npayers + 1) * sizeof *room);
    if (!rk || !pos || !first || !uk || !room) {
        moved = -1;
        goto out;
    }
    for (int32_t r = 0; r < m->nrequests; r++) {
        int32_t g = n->req_group[r];
        pos[r] = -1;
        if (g >= 0)
            rk[nr++] = (struct rkey){ n->groups[g].town, n->groups[g].layout,
                                      n->groups[g].rank,
                                      m->requests[r].submitted_on,
                                      n->request_rank[r], r };
    }
    qsort(rk, (size_t)nr, sizeof *rk, cmp_rkey);
    for (int32_t i = 0; i < nr; i++)
        pos[rk[i].req] = i;
    for (int32_t q = 0; q < m->npayers; q++)
        room[q] = cap_start[q];
    /* the pass's units by the position of their request, cheapest first */
    for (int32_t u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        if (used[u] != 1 || r < 0 || pos[r] < 0)
            continue;
        first[pos[r] + 1]++;
        if (room[m->requests[r].payer] >= 0)
            room[m->requests[r].payer] -= m->units[u].value_c;
    }
    for (int32_t i = 0; i < nr; i++)
        first[i + 1] += first[i];
    {
        int32_t *fill = calloc((size_t)nr + 1, sizeof *fill);
        if (!fill) {
            moved = -1;
            goto out;
        }
        for (int32_t u = 0; u < m->nunits; u++) {
            int32_t r = p->unit_request[u];
            if (used[u] != 1 || r < 0 || pos[r] < 0)
                continue;
            uk[first[pos[r]] + fill[pos[r]]++] =
                (struct ukey){ m->units[u].value_c, n->unit_rank[u], u };
        }
        free(fill);
    }
    for (int32_t i = 0; i < nr; i++)
        qsort(uk + first[i], (size_t)(first[i + 1] - first[i]), sizeof *uk, cmp_ukey);

    for (int32_t b = 0; b < nr;) {
        int32_t e = b, capped = 0;
        while (e < nr && rk[e].town == rk[b].town && rk[e].layout == rk[b].layout &&
               rk[e].rank == rk[b].rank) {
            capped |= n->req_group[rk[e].req] != n->req_group[rk[b].req];
            e++;
        }
        for (int32_t i = b; capped && i < e; i++) {
            int32_t ri = rk[i].req, qi = m->requests[ri].payer;
            for (int32_t j = e - 1; j > i && p->req_allocated[ri] < m->requests[ri].units; j--) {
                int32_t rj = rk[j].req, qj = m->requests[rj].payer;
                for (int32_t k = first[j]; k < first[j + 1] &&
                     p->req_allocated[ri] < m->requests[ri].units; k++) {
                    int32_t u = uk[k].unit;
                    int64_t v = uk[k].value_c;
                    if (u < 0 || (qi != qj && room[qi] >= 0 && v > room[qi]))
                        continue;
                    p->unit_request[u] = ri;
                    p->req_allocated[ri]++;
                    p->req_allocated[rj]--;
                    if (qi != qj) {
                        if (room[qi] >= 0)
                            room[qi] -= v;
                        if (room[qj] >= 0)
                            room[qj] += v;
                    }
                    uk[k].unit = -1;        /* no longer rj's */
                    moved++;
                }
            }
        }
        b = e;
    }
out:
    free(rk);
    free(pos);
    free(first);
    free(uk);
    free(room);
    return moved;
}

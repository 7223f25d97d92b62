/* order.c -- row orders of the plan tables: id ranks and counting sorts. */
#include "order.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "domain/geo.h"
#include "domain/idrank.h"

/* Stable counting sort of in[0..n) by key[in[i]] (0 <= key < nkeys) into
 * out; count is scratch of nkeys + 1 entries. */
static void sort_by_key(const int32_t *in, int32_t n, const int32_t *key,
                        int32_t nkeys, int32_t *count, int32_t *out)
{
    memset(count, 0, ((size_t)nkeys + 1) * sizeof *count);
    for (int32_t i = 0; i < n; i++)
        count[key[in[i]] + 1]++;
    for (int32_t k = 0; k < nkeys; k++)
        count[k + 1] += count[k];
    for (int32_t i = 0; i < n; i++)
        out[count[key[in[i]]]++] = in[i];
}

/* Planned units in index order into out.  RETURNS their count. */
static int32_t planned(const struct model *m, const struct plan *p,
                       int32_t *out)
{
    int32_t n = 0;
    for (int32_t u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        if (r >= 0 && r < m->nrequests)
            out[n++] = u;
    }
    return n;
}

void order_release(struct plan_order *o)
{
    free(o->allocation);
    free(o->rows);
    free(o->units);
    free(o->suspended);
    memset(o, 0, sizeof *o);
}

int order_compute(struct plan_order *o, const struct model *m,
                  const struct eligibility *e, const struct plan *p)
{
    size_t nu = (size_t)m->nunits + 1, nmax = nu;
    if ((size_t)m->nrequests + 1 > nmax)
        nmax = (size_t)m->nrequests + 1;
    if ((size_t)m->nprojects + 1 > nmax)
        nmax = (size_t)m->nprojects + 1;
    if ((size_t)m->npayers + 1 > nmax)
        nmax = (size_t)m->npayers + 1;

    memset(o, 0, sizeof *o);
    o->allocation = malloc(nu * sizeof *o->allocation);
    o->units = malloc(nu * sizeof *o->units);
    o->suspended = malloc(nu * sizeof *o->suspended);
    int32_t *urank = malloc(nu * sizeof *urank);
    int32_t *rrank = malloc(((size_t)m->nrequests + 1) * sizeof *rrank);
    int32_t *prank = malloc(((size_t)m->nprojects + 1) * sizeof *prank);
    int32_t *yrank = malloc(((size_t)m->npayers + 1) * sizeof *yrank);
    int32_t *key = malloc(nu * sizeof *key);
    int32_t *tmp = calloc(nu, sizeof *tmp);  /* zeroed: GCC cannot see that
                                                planned() fills what is read */
    int32_t *count = malloc((nmax + 1) * sizeof *count);
    int rc = -1;

    if (!o->allocation || !o->units || !o->suspended || !urank || !rrank ||
        !prank || !yrank || !key || !tmp || !count ||
        idrank(m->units, sizeof *m->units, m->nunits, urank) < 0 ||
        idrank(m->requests, sizeof *m->requests, m->nrequests, rrank) < 0 ||
        idrank(m->projects, sizeof *m->projects, m->nprojects, prank) < 0 ||
        idrank(m->payers, sizeof *m->payers, m->npayers, yrank) < 0)
        goto done;

    /* units.csv: by unit_id */
    int32_t n = planned(m, p, tmp);
    sort_by_key(tmp, n, urank, m->nunits, count, o->units);
    o->nunits = n;

    /* suspended.csv: the suspended ones, already in unit_id order, then
     * (stable) by payer_id */
    int32_t ns = 0;
    for (int32_t i = 0; e && i < n; i++) {
        int32_t u = o->units[i];
        const struct request *q = &m->requests[p->unit_request[u]];
        if (e->requests[p->unit_request[u]] == REQ_SUSPENDED) {
            key[u] = yrank[q->payer];
            tmp[ns++] = u;
        }
    }
    sort_by_key(tmp, ns, key, m->npayers, count, o->suspended);
    o->nsuspended = ns;

    /* allocation.csv: by project_id, then (stable) by request_id */
    n = planned(m, p, tmp);
    for (int32_t i = 0; i < n; i++)
        key[tmp[i]] = prank[m->units[tmp[i]].project];
    sort_by_key(tmp, n, key, m->nprojects, count, o->allocation);
    for (int32_t i = 0; i < n; i++)
        key[tmp[i]] = rrank[p->unit_request[tmp[i]]];
    sort_by_key(o->allocation, n, key, m->nrequests, count, tmp);
    memcpy(o->allocation, tmp, (size_t)n * sizeof *tmp);
    o->nallocation = n;
    o->rows = malloc(((size_t)n + 1) * sizeof *o->rows);
    if (!o->rows)
        goto done;
    for (int32_t i = 0; i < n;) {
        int32_t u0 = o->allocation[i], r = p->unit_request[u0];
        int32_t pj = m->units[u0].project;
        struct order_row *row = &o->rows[o->nrows++];
        *row = (struct order_row){ r, pj, 0, 0, 0, 0 };
        for (; i < n && p->unit_request[o->allocation[i]] == r &&
               m->units[o->allocation[i]].project == pj; i++) {
            row->units++;
            row->area_c += m->units[o->allocation[i]].area_c;
            row->value_c += m->units[o->allocation[i]].value_c;
        }
        int32_t a = m->requests[r].town, b = m->projects[pj].town;
        row->dist_m = a == b ? 0
                    : geo_distance_m(m->towns[a].lat, m->towns[a].lon,
                                     m->towns[b].lat, m->towns[b].lon);
    }
    rc = 0;
done:
    free(urank);
    free(rrank);
    free(prank);
    free(yrank);
    free(key);
    free(tmp);
    free(count);
    if (rc < 0)
        order_release(o);
    return rc;
}

/* capwatch.c -- which payer caps an allocation pass must model. */
#include "capwatch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void capwatch_release(struct capwatch *w)
{
    free(w->min_value);
    free(w->mean_value);
    free(w->low);
    free(w->mid);
    memset(w, 0, sizeof *w);
}

int capwatch_init(struct capwatch *w, const struct model *m,
                  const struct eligibility *e, uint8_t *used,
                  const int64_t *cap_left, uint8_t *modelled)
{
    int32_t L = m->layouts.n > 0 ? m->layouts.n : 1;
    memset(w, 0, sizeof *w);
    w->m = m;
    w->cap_left = cap_left;
    w->used = used;
    w->modelled = modelled;
    w->min_value = malloc((size_t)L * sizeof *w->min_value);
    w->mean_value = calloc((size_t)L, sizeof *w->mean_value);
    w->low = malloc(((size_t)m->npayers + 1) * sizeof *w->low);
    w->mid = malloc(((size_t)m->npayers + 1) * sizeof *w->mid);
    double *count = calloc((size_t)L, sizeof *count);
    if (!w->min_value || !w->mean_value || !w->low || !w->mid || !count) {
        free(count);
        capwatch_release(w);
        return -1;
    }
    for (int32_t l = 0; l < L; l++)
        w->min_value[l] = 0.0;
    for (int32_t u = 0; u < m->nunits; u++)
        if (e->units[u] == UNIT_OK && !used[u]) {
            const struct unit *un = &m->units[u];
            double v = (double)un->value_c;
            if (count[un->layout] == 0 || v < w->min_value[un->layout])
                w->min_value[un->layout] = v;
            w->mean_value[un->layout] += v;
            count[un->layout] += 1.0;
        }
    for (int32_t l = 0; l < L; l++)
        if (count[l] > 0)
            w->mean_value[l] /= count[l];
    free(count);
    return 0;
}

int capwatch_early(void *ud, const struct network *n, const double *group_flow)
{
    struct capwatch *w = ud;
    const struct model *m = w->m;
    int over = 0;
    memset(w->low, 0, ((size_t)m->npayers + 1) * sizeof *w->low);
    memset(w->mid, 0, ((size_t)m->npayers + 1) * sizeof *w->mid);
    for (int32_t i = 0; i < n->nreq_order;) {   /* group by group */
        int32_t g = n->req_group[n->req_order[i]];
        double left = n->groups[g].payer >= 0 ? 0.0   /* modelled already */
                      : floor(group_flow[g] + 1e-6);
        for (; i < n->nreq_order && n->req_group[n->req_order[i]] == g; i++) {
            const struct request *q = &m->requests[n->req_order[i]];
            double take = fmin(left, (double)q->units);
            left -= take;
            w->low[q->payer] += take * w->min_value[q->layout];
            w->mid[q->payer] += take * w->mean_value[q->layout];
        }
    }
    for (int32_t q = 0; q < m->npayers; q++)
        if (w->cap_left[q] >= 0 && !w->modelled[q] &&
            w->low[q] > (double)w->cap_left[q])
            over++;
    if (!over)
        return 0;
    for (int32_t q = 0; q < m->npayers; q++)
        if (w->cap_left[q] >= 0 && !w->modelled[q] &&
            (w->low[q] > (double)w->cap_left[q] ||
             w->mid[q] > (double)w->cap_left[q]))
            w->modelled[q] = 1;
    return 1;
}

int capwatch_plan(struct capwatch *w, struct plan *p)
{
    const struct model *m = w->m;
    const int64_t *cap_left = w->cap_left;
    uint8_t *modelled = w->modelled, *used = w->used;
    int marked = 0;
    int64_t *value = calloc((size_t)m->npayers + 1, sizeof *value);
    if (!value)
        return -1;
    {
        for (int32_t u = 0; u < m->nunits; u++)
            if (used[u] == 1 && p->unit_request[u] >= 0)
                value[m->requests[p->unit_request[u]].payer] += m->units[u].value_c;
        for (int32_t q = 0; q < m->npayers; q++)
            if (cap_left[q] >= 0 && !modelled[q] && value[q] > cap_left[q]) {
                modelled[q] = 1;
                marked++;
            }
        /* With the marked caps, units move to other payers: model those
         * already above 80 % of their cap too. */
        for (int32_t q = 0; q < m->npayers && marked; q++)
            if (cap_left[q] >= 0 && !modelled[q] &&
                value[q] / 4 * 5 > cap_left[q])
                modelled[q] = 1;
        free(value);
    }
    if (marked)
        for (int32_t u = 0; u < m->nunits; u++)
            if (used[u] == 1) {
                int32_t r = p->unit_request[u];
                if (r >= 0)
                    p->req_allocated[r]--;
                p->unit_request[u] = -1;
                used[u] = 0;
            }
    return marked;
}

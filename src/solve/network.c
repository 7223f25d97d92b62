/* network.c -- aggregate units and requests of one pass into a network. */
#include "network.h"

#include <stdlib.h>
#include <string.h>

#include "domain/geo.h"

void network_release(struct network *n)
{
    free(n->classes);
    free(n->tiers);
    free(n->groups);
    free(n->hubs);
    free(n->arcs);
    free(n->pools);
    free(n->caps);
    free(n->cap_of_payer);
    free(n->req_group);
    free(n->town_demand);
    free(n->req_order);
    memset(n, 0, sizeof *n);
}

/* Sort keys for requests (into groups) and units (into tiers). */
struct req_key { int32_t town, layout, rank, payer, req; };
struct unit_key { int32_t cls; int64_t value_c; };

static int cmp_req(const void *a, const void *b)
{
    const struct req_key *x = a, *y = b;
    if (x->town != y->town) return x->town < y->town ? -1 : 1;
    if (x->layout != y->layout) return x->layout < y->layout ? -1 : 1;
    if (x->payer != y->payer) return x->payer < y->payer ? -1 : 1;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->req < y->req ? -1 : x->req > y->req;
}

static int same_group(const struct req_key *x, const struct req_key *y)
{
    return x->town == y->town && x->layout == y->layout &&
           x->rank == y->rank && x->payer == y->payer;
}

static int cmp_unit(const void *a, const void *b)
{
    const struct unit_key *x = a, *y = b;
    if (x->cls != y->cls) return x->cls < y->cls ? -1 : 1;
    return x->value_c < y->value_c ? -1 : x->value_c > y->value_c;
}

/* Requests by group, submitted_on, id rank (qsort has no user pointer:
 * the keys are copied). */
struct req_ord { int32_t group; rh_date submitted; int32_t id; int32_t req; };

static int cmp_req_ord(const void *a, const void *b)
{
    const struct req_ord *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->submitted != y->submitted)
        return x->submitted < y->submitted ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

int network_order(struct network *n, const struct model *m)
{
    struct req_ord *ro = malloc(((size_t)m->nrequests + 1) * sizeof *ro);
    free(n->req_order);
    n->req_order = malloc(((size_t)m->nrequests + 1) * sizeof *n->req_order);
    n->nreq_order = 0;
    if (!ro || !n->req_order) {
        free(ro);
        return -1;
    }
    for (int32_t r = 0; r < m->nrequests; r++)
        if (n->req_group[r] >= 0)
            ro[n->nreq_order++] = (struct req_ord){ n->req_group[r],
                                                    m->requests[r].submitted_on,
                                                    n->request_rank[r], r };
    qsort(ro, (size_t)n->nreq_order, sizeof *ro, cmp_req_ord);
    for (int32_t i = 0; i < n->nreq_order; i++)
        n->req_order[i] = ro[i].req;
    free(ro);
    return 0;
}

int network_build(struct network *n, const struct model *m,
                  const struct eligibility *e, const struct config *c,
                  const uint8_t *used, const int64_t *cap_left, int pass)
{
    int32_t T = m->ntowns, L = m->layouts.n > 0 ? m->layouts.n : 1;
    int32_t *class_at = NULL;
    int64_t *max_value = NULL, *payer_units = NULL, *layout_value = NULL;
    uint8_t *tiered_layout = NULL;
    struct req_key *rk = NULL;
    struct unit_key *uk = NULL;
    int32_t *hub_pool = NULL;
    int rc = -1;

    memset(n, 0, sizeof *n);
    n->pass = pass;
    n->ntowns = T;
    class_at = malloc((size_t)T * (size_t)L * sizeof *class_at);
    max_value = calloc((size_t)L, sizeof *max_value);
    layout_value = calloc((size_t)L, sizeof *layout_value);
    payer_units = calloc((size_t)m->npayers + 1, sizeof *payer_units);
    tiered_layout = calloc((size_t)L, 1);
    n->cap_of_payer = malloc(((size_t)m->npayers + 1) * sizeof *n->cap_of_payer);
    n->req_group = malloc(((size_t)m->nrequests + 1) * sizeof *n->req_group);
    n->town_demand = calloc((size_t)T + 1, sizeof *n->town_demand);
    rk = malloc(((size_t)m->nrequests + 1) * sizeof *rk);
    if (!class_at || !max_value || !layout_value || !payer_units || !tiered_layout ||
        !n->cap_of_payer || !n->req_group || !n->town_demand || !rk)
        goto out;
    for (size_t i = 0; i < (size_t)T * (size_t)L; i++)
        class_at[i] = -1;

    /* Supply classes, in (town, layout) order. */
    for (int32_t u = 0; u < m->nunits; u++)
        if (e->units[u] == UNIT_OK && !used[u]) {
            const struct unit *un = &m->units[u];
            class_at[un->town * L + un->layout] = 0;
            if (un->value_c > max_value[un->layout])
                max_value[un->layout] = un->value_c;
            layout_value[un->layout] += un->value_c;
        }
    for (size_t i = 0; i < (size_t)T * (size_t)L; i++)
        if (class_at[i] == 0)
            n->nclasses++;
    n->classes = calloc((size_t)n->nclasses + 1, sizeof *n->classes);
    if (!n->classes)
        goto out;
    {
        int32_t k = 0;
        for (int32_t t = 0; t < T; t++)
            for (int32_t l = 0; l < L; l++)
                if (class_at[t * L + l] == 0) {
                    class_at[t * L + l] = k;
                    n->classes[k] = (struct net_class){ t, l, 0, -1, 0 };
                    k++;
                }
    }
    for (int32_t u = 0; u < m->nunits; u++)
        if (e->units[u] == UNIT_OK && !used[u])
            n->classes[class_at[m->units[u].town * L + m->units[u].layout]].supply++;

    /* Which caps can bind: remaining cap below the most this pass's
     * requests of the payer could ever be worth. */
    for (int32_t r = 0; r < m->nrequests; r++)
        if (eligibility_in_pass(m, e, c, r, pass)) {
            const struct request *q = &m->requests[r];
            int64_t w = q->units * max_value[q->layout];   /* <= 1e6 * 1e12 */
            payer_units[q->payer] = payer_units[q->payer] > INT64_MAX - w
                                    ? INT64_MAX : payer_units[q->payer] + w;
        }
    /* ... and below the value of all supply of the layouts it asks for
     * (only for payers with a cap: a loop over requests per payer). */
    for (int32_t p = 0; p < m->npayers; p++) {
        if (cap_left[p] < 0)
            continue;
        int64_t all = 0;
        uint8_t *seen = tiered_layout;          /* scratch, cleared below */
        for (int32_t r = 0; r < m->nrequests; r++)
            if (m->requests[r].payer == p && eligibility_in_pass(m, e, c, r, pass) &&
                !seen[m->requests[r].layout]) {
                seen[m->requests[r].layout] = 1;
                all += layout_value[m->requests[r].layout];
            }
        memset(seen, 0, (size_t)L);
        if (all < payer_units[p])
            payer_units[p] = all;
    }
    for (int32_t p = 0; p < m->npayers; p++) {
        n->cap_of_payer[p] = -1;
        if (cap_left[p] >= 0 && cap_left[p] < payer_units[p])
            n->cap_of_payer[p] = n->ncaps++;
    }
    n->caps = calloc((size_t)n->ncaps + 1, sizeof *n->caps);
    if (!n->caps)
        goto out;
    for (int32_t p = 0; p < m->npayers; p++)
        if (n->cap_of_payer[p] >= 0)
            n->caps[n->cap_of_payer[p]] = (struct net_cap){ p, cap_left[p] };

    /* Demand groups. */
    int32_t nr = 0;
    for (int32_t r = 0; r < m->nrequests; r++) {
        n->req_group[r] = -1;
        if (!eligibility_in_pass(m, e, c, r, pass))
            continue;
        const struct request *q = &m->requests[r];
        int32_t payer = n->cap_of_payer[q->payer] >= 0 ? q->payer : -1;
        rk[nr++] = (struct req_key){ q->town, q->layout,
                                     c->category_rank[q->category], payer, r };
        n->town_demand[q->town] += q->units;
        if (payer >= 0)
            tiered_layout[q->layout] = 1;
    }
    qsort(rk, (size_t)nr, sizeof *rk, cmp_req);
    n->groups = calloc((size_t)nr + 1, sizeof *n->groups);
    if (!n->groups)
        goto out;
    for (int32_t i = 0; i < nr; i++) {
        const struct request *q = &m->requests[rk[i].req];
        if (i == 0 || !same_group(&rk[i - 1], &rk[i]))
            n->groups[n->ngroups++] = (struct net_group){
                rk[i].town, rk[i].layout, q->category, rk[i].rank,
                rk[i].payer, 0, -1, 0.0 };
        n->groups[n->ngroups - 1].demand += q->units;
        n->req_group[rk[i].req] = n->ngroups - 1;
    }

    /* Hubs: runs of groups with one (town, layout, payer). */
    n->hubs = calloc((size_t)n->ngroups + 1, sizeof *n->hubs);
    if (!n->hubs)
        goto out;
    for (int32_t g = 0; g < n->ngroups; g++) {
        struct net_group *gr = &n->groups[g];
        struct net_hub *h = n->nhubs ? &n->hubs[n->nhubs - 1] : NULL;
        if (!h || h->town != gr->town || h->layout != gr->layout ||
            h->payer != gr->payer)
            n->hubs[n->nhubs++] = (struct net_hub){ gr->town, gr->layout,
                                                    gr->payer, g, 0 };
        n->hubs[n->nhubs - 1].ngroups++;
        gr->hub = n->nhubs - 1;
    }

    /* Value tiers for layouts a capped payer asks for. */
    int32_t nu = 0;
    uk = malloc(((size_t)m->nunits + 1) * sizeof *uk);
    if (!uk)
        goto out;
    for (int32_t u = 0; u < m->nunits; u++)
        if (e->units[u] == UNIT_OK && !used[u] && tiered_layout[m->units[u].layout])
            uk[nu++] = (struct unit_key){
                class_at[m->units[u].town * L + m->units[u].layout],
                m->units[u].value_c };
    qsort(uk, (size_t)nu, sizeof *uk, cmp_unit);
    n->tiers = calloc((size_t)nu + 1, sizeof *n->tiers);
    if (!n->tiers)
        goto out;
    for (int32_t i = 0; i < nu; i++) {
        if (i == 0 || cmp_unit(&uk[i - 1], &uk[i]) != 0) {
            struct net_class *k = &n->classes[uk[i].cls];
            if (k->ntiers == 0)
                k->first_tier = n->ntiers;
            k->ntiers++;
            n->tiers[n->ntiers++] = (struct net_tier){ uk[i].cls, uk[i].value_c, 0 };
        }
        n->tiers[n->ntiers - 1].supply++;
    }

    /* Pools: one per (layout, payer or none) with a hub; hubs are sorted by
     * town first, so look each up. */
    n->pools = calloc((size_t)n->nhubs + 1, sizeof *n->pools);
    hub_pool = malloc(((size_t)n->nhubs + 1) * sizeof *hub_pool);
    if (!n->pools || !hub_pool)
        goto out;
    for (int32_t h = 0; h < n->nhubs; h++) {
        int32_t q = 0;
        while (q < n->npools && (n->pools[q].layout != n->hubs[h].layout ||
                                 n->pools[q].payer != n->hubs[h].payer))
            q++;
        if (q == n->npools)
            n->pools[n->npools++] = (struct net_pool){ n->hubs[h].layout,
                                                       n->hubs[h].payer };
        hub_pool[h] = q;
    }

    /* Direct arcs, hub by hub: from every class of the hub's layout, or
     * for a capped payer's hub from every tier of those classes; then
     * into each pool from every class (tier), and out to its hubs. */
    size_t narcs = (size_t)n->nhubs;
    for (int32_t h = 0; h < n->nhubs; h++)
        for (int32_t k = 0; k < n->nclasses; k++)
            if (n->classes[k].layout == n->hubs[h].layout)
                narcs += n->hubs[h].payer >= 0 ? (size_t)n->classes[k].ntiers : 1;
    for (int32_t q = 0; q < n->npools; q++)
        for (int32_t k = 0; k < n->nclasses; k++)
            if (n->classes[k].layout == n->pools[q].layout)
                narcs += n->pools[q].payer >= 0 ? (size_t)n->classes[k].ntiers : 1;
    if (narcs > INT32_MAX / 2)
        goto out;
    n->arcs = calloc(narcs + 1, sizeof *n->arcs);
    if (!n->arcs)
        goto out;
    for (int32_t h = 0; h < n->nhubs; h++) {
        const struct net_hub *hb = &n->hubs[h];
        const struct town *tt = &m->towns[hb->town];
        for (int32_t k = 0; k < n->nclasses; k++) {
            const struct net_class *cl = &n->classes[k];
            if (cl->layout != hb->layout)
                continue;
            const struct town *ts = &m->towns[cl->town];
            int64_t d = cl->town == hb->town ? 0
                        : geo_distance_m(ts->lat, ts->lon, tt->lat, tt->lon);
            if (hb->payer < 0)
                n->arcs[n->narcs++] = (struct net_arc){ k, -1, h, -1, d, 0.0 };
            else
                for (int32_t j = 0; j < cl->ntiers; j++)
                    n->arcs[n->narcs++] = (struct net_arc){
                        k, cl->first_tier + j, h, -1, d, 0.0 };
        }
    }
    n->ndirect = n->narcs;
    for (int32_t q = 0; q < n->npools; q++)
        for (int32_t k = 0; k < n->nclasses; k++) {
            const struct net_class *cl = &n->classes[k];
            if (cl->layout != n->pools[q].layout)
                continue;
            if (n->pools[q].payer < 0)
                n->arcs[n->narcs++] = (struct net_arc){ k, -1, -1, q, 0, 0.0 };
            else
                for (int32_t j = 0; j < cl->ntiers; j++)
                    n->arcs[n->narcs++] = (struct net_arc){
                        k, cl->first_tier + j, -1, q, 0, 0.0 };
        }
    for (int32_t h = 0; h < n->nhubs; h++)
        n->arcs[n->narcs++] = (struct net_arc){ -1, -1, h, hub_pool[h], 0, 0.0 };
    rc = 0;
out:
    free(class_at);
    free(max_value);
    free(layout_value);
    free(payer_units);
    free(tiered_layout);
    free(rk);
    free(uk);
    free(hub_pool);
    if (rc)
        network_release(n);
    return rc;
}

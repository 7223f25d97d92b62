/* hhome.c -- stage H of a capped pass as a small integer program (hhome.h). */
#include "hhome.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SLIP_TRIES 8            /* tightenings of a cap row that slipped */

struct hcol { int32_t arc, tier, hub, cap; int64_t count; };

/* The most units cap k's payer can buy alone: its columns' units,
 * cheapest first, while its cap lasts (each column is one tier of one of
 * its hubs; a hub takes at most its demand).  Whole plans never exceed
 * it, and as a row it takes away the LP's fractional extra unit per
 * payer, which otherwise leaves a gap that branching cannot close.
 * order[] lists the columns by value. */
static int64_t cap_count(const struct network *n, const struct hcol *col,
                         const int32_t *order, int ncols, int32_t k,
                         const int64_t *hub_want, int64_t *hub_left)
{
    int64_t left = n->caps[k].cap_left_c > 0 ? n->caps[k].cap_left_c : 0;
    int64_t count = 0;
    for (int i = 0; i < ncols; i++)
        if (col[order[i]].cap == k)
            hub_left[col[order[i]].hub] = hub_want[col[order[i]].hub];
    for (int i = 0; i < ncols; i++) {
        const struct hcol *c = &col[order[i]];
        if (c->cap != k)
            continue;
        int64_t v = n->tiers[c->tier].value_c;
        int64_t take = c->count < hub_left[c->hub] ? c->count : hub_left[c->hub];
        if (v > 0 && take > left / v)
            take = left / v;
        count += take;
        hub_left[c->hub] -= take;
        left -= take * v;
    }
    return count;
}

static const struct network *sort_net;
static const struct hcol *sort_col;

static int cmp_col_value(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    int64_t vx = sort_net->tiers[sort_col[x].tier].value_c;
    int64_t vy = sort_net->tiers[sort_col[y].tier].value_c;
    if (vx != vy)
        return vx < vy ? -1 : 1;
    return x < y ? -1 : x > y;
}

struct hsearch {
    int node_limit, nodes;
};

static void callback(glp_tree *T, void *info)
{
    struct hsearch *H = info;
    if (glp_ios_reason(T) != GLP_ISELECT)
        return;
    int total = 0;
    glp_ios_tree_size(T, NULL, NULL, &total);
    H->nodes = total;
    if (total > H->node_limit)
        glp_ios_terminate(T);
}

int hhome_solve(const struct network *n, int node_limit, int64_t *take,
                struct hhome_result *res)
{
    memset(res, 0, sizeof *res);
    for (int32_t a = 0; a < n->ndirect; a++)
        take[a] = 0;
    int rc = -1;
    int64_t *want = calloc((size_t)n->nclasses + 1, sizeof *want);
    int64_t *hub_want = calloc((size_t)n->nhubs + 1, sizeof *hub_want);
    int64_t *tcount = calloc((size_t)n->ntiers + 1, sizeof *tcount);
    struct hcol *col = malloc(((size_t)n->ndirect + 1) * sizeof *col);
    int64_t *spent = calloc((size_t)n->ncaps + 1, sizeof *spent);
    double *scale = calloc((size_t)n->ncaps + 1, sizeof *scale);
    int32_t *tier_row = calloc((size_t)n->ntiers + 1, sizeof *tier_row);
    int32_t *hub_row = calloc((size_t)n->nhubs + 1, sizeof *hub_row);
    int *ia = NULL, *ja = NULL;
    double *ar = NULL;
    glp_prob *lp = NULL;
    if (!want || !hub_want || !tcount || !col || !spent ||
        !scale || !tier_row || !hub_row)
        goto out;

    /* demand within each class's town: uncapped (want[k]) and per capped hub */
    for (int32_t h = 0; h < n->nhubs; h++)
        for (int32_t g = n->hubs[h].first_group;
             g < n->hubs[h].first_group + n->hubs[h].ngroups; g++)
            hub_want[h] += n->groups[g].demand;
    for (int32_t a = 0; a < n->ndirect; a++) {
        const struct net_arc *arc = &n->arcs[a];
        if (arc->tier < 0 && n->classes[arc->cls].town == n->hubs[arc->hub].town)
            want[arc->cls] += hub_want[arc->hub];
    }
    /* the uncapped hubs keep the dearest min(S_k, U_k) units of each
     * class; the capped hubs share the E_k cheapest (tiers are in value
     * order within their class) */
    int64_t base = 0;
    for (int32_t k = 0; k < n->nclasses; k++) {
        const struct net_class *cl = &n->classes[k];
        int64_t keep = cl->supply < want[k] ? cl->supply : want[k];
        base += keep;
        int64_t left = cl->supply - keep;
        for (int32_t j = 0; j < cl->ntiers; j++) {
            int32_t t = cl->first_tier + j;
            int64_t c = n->tiers[t].supply < left ? n->tiers[t].supply : left;
            tcount[t] = c;
            left -= c;
        }
    }
    /* columns: home tier arcs whose tier keeps units */
    int ncols = 0;
    for (int32_t a = 0; a < n->ndirect; a++) {
        const struct net_arc *arc = &n->arcs[a];
        if (arc->tier < 0 || tcount[arc->tier] == 0 || hub_want[arc->hub] == 0 ||
            n->classes[arc->cls].town != n->hubs[arc->hub].town)
            continue;
        int32_t cap = n->cap_of_payer[n->hubs[arc->hub].payer];
        col[ncols++] = (struct hcol){ a, arc->tier, arc->hub, cap,
                                      tcount[arc->tier] < hub_want[arc->hub]
                                      ? tcount[arc->tier] : hub_want[arc->hub] };
        double v = (double)n->tiers[arc->tier].value_c;
        if (v > scale[cap])
            scale[cap] = v;
    }
    res->value = res->bound = base;
    res->proven = 1;
    if (ncols == 0) {
        rc = 0;
        goto out;
    }

    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    int nrows = 0;
    for (int i = 0; i < ncols; i++) {
        if (!tier_row[col[i].tier]) {
            tier_row[col[i].tier] = ++nrows;
            glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, nrows, GLP_UP, 0, (double)tcount[col[i].tier]);
        }
        if (!hub_row[col[i].hub]) {
            hub_row[col[i].hub] = ++nrows;
            glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, nrows, GLP_UP, 0, (double)hub_want[col[i].hub]);
        }
    }
    int cap_row0 = nrows + 1, cnt_row0 = cap_row0 + n->ncaps;
    glp_add_rows(lp, 2 * n->ncaps);
    int32_t *order = malloc(((size_t)ncols + 1) * sizeof *order);
    int64_t *hub_left = calloc((size_t)n->nhubs + 1, sizeof *hub_left);
    if (!order || !hub_left) {
        free(order);
        free(hub_left);
        goto out;
    }
    for (int i = 0; i < ncols; i++)
        order[i] = i;
    sort_net = n;
    sort_col = col;
    qsort(order, (size_t)ncols, sizeof *order, cmp_col_value);
    for (int32_t k = 0; k < n->ncaps; k++)
        glp_set_row_bnds(lp, cnt_row0 + k, GLP_UP, 0,
                         (double)cap_count(n, col, order, ncols, k, hub_want,
                                           hub_left));
    free(order);
    free(hub_left);
    for (int32_t k = 0; k < n->ncaps; k++) {
        if (scale[k] <= 0)
            scale[k] = 1.0;
        int64_t cap = n->caps[k].cap_left_c > 0 ? n->caps[k].cap_left_c : 0;
        /* half a cent above the cap: spending is whole cents */
        glp_set_row_bnds(lp, cap_row0 + k, GLP_UP, 0, ((double)cap + 0.5) / scale[k]);
    }
    glp_add_cols(lp, ncols);
    ia = malloc(((size_t)ncols * 4 + 1) * sizeof *ia);
    ja = malloc(((size_t)ncols * 4 + 1) * sizeof *ja);
    ar = malloc(((size_t)ncols * 4 + 1) * sizeof *ar);
    if (!ia || !ja || !ar)
        goto out;
    int ne = 0;
    for (int i = 0; i < ncols; i++) {
        int j = i + 1;
        glp_set_col_kind(lp, j, GLP_IV);
        glp_set_col_bnds(lp, j, GLP_DB, 0, (double)col[i].count);
        glp_set_obj_coef(lp, j, 1.0);
        ne++; ia[ne] = tier_row[col[i].tier]; ja[ne] = j; ar[ne] = 1.0;
        ne++; ia[ne] = hub_row[col[i].hub];   ja[ne] = j; ar[ne] = 1.0;
        ne++; ia[ne] = cnt_row0 + col[i].cap; ja[ne] = j; ar[ne] = 1.0;
        int64_t v = n->tiers[col[i].tier].value_c;
        if (v > 0) {
            ne++; ia[ne] = cap_row0 + col[i].cap; ja[ne] = j;
            ar[ne] = (double)v / scale[col[i].cap];
        }
    }
    glp_load_matrix(lp, ne, ia, ja, ar);
    glp_scale_prob(lp, GLP_SF_AUTO);

    int proven = 1;
    int64_t bound = -1;
    for (int tries = 0;; tries++) {
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = GLP_MSG_ERR;
        sp.presolve = GLP_OFF;
        int r = glp_simplex(lp, &sp);
        if (r != 0 || glp_get_status(lp) != GLP_OPT) {
            glp_adv_basis(lp, 0);
            r = glp_simplex(lp, &sp);
            if (r != 0 || glp_get_status(lp) != GLP_OPT)
                goto out;
        }
        res->iterations = glp_get_it_cnt(lp);
        if (bound < 0)      /* the first LP bounds every later search */
            bound = (int64_t)floor(glp_get_obj_val(lp) + 1e-6);
        struct hsearch hs = { node_limit, 0 };
        glp_iocp ip;
        glp_init_iocp(&ip);
        ip.msg_lev = GLP_MSG_ERR;
        ip.presolve = GLP_OFF;
        ip.tol_int = 1e-9;
        ip.mir_cuts = ip.cov_cuts = ip.gmi_cuts = GLP_ON;
        ip.cb_func = callback;
        ip.cb_info = &hs;
        r = glp_intopt(lp, &ip);
        res->nodes += hs.nodes;
        res->iterations = glp_get_it_cnt(lp);
        int st = glp_mip_status(lp);
        if (r != 0 && r != GLP_ESTOP)
            goto out;
        if (st != GLP_OPT && st != GLP_FEAS) {
            /* no whole plan found in the budget: none of the capped
             * purchases (the uncapped part alone is whole) */
            proven = 0;
            for (int i = 0; i < ncols; i++)
                take[col[i].arc] = 0;
            break;
        }
        if (st != GLP_OPT)
            proven = 0;
        /* in whole cents */
        memset(spent, 0, ((size_t)n->ncaps + 1) * sizeof *spent);
        for (int i = 0; i < ncols; i++) {
            int64_t y = (int64_t)llround(glp_mip_col_val(lp, i + 1));
            take[col[i].arc] = y;
            spent[col[i].cap] += y * n->tiers[col[i].tier].value_c;
        }
        int slipped = 0;
        for (int32_t k = 0; k < n->ncaps; k++)
            if (spent[k] > n->caps[k].cap_left_c) {
                double ub = glp_get_row_ub(lp, cap_row0 + k);
                double cut = (double)(spent[k] - n->caps[k].cap_left_c) + 0.5;
                glp_set_row_bnds(lp, cap_row0 + k, GLP_UP, 0, ub - cut / scale[k]);
                slipped = 1;
            }
        if (!slipped)
            break;
        proven = 0;         /* plans near the cap are now out of reach */
        if (tries + 1 >= SLIP_TRIES) {
            for (int i = 0; i < ncols; i++)
                take[col[i].arc] = 0;
            break;
        }
    }
    int64_t got = 0;
    for (int i = 0; i < ncols; i++)
        got += take[col[i].arc];
    res->value = base + got;
    res->proven = proven || got >= bound;
    res->bound = res->proven ? res->value : base + bound;
    rc = 0;
out:
    if (lp)
        glp_delete_prob(lp);
    free(ia);
    free(ja);
    free(ar);
    free(want);
    free(hub_want);
    free(tcount);
    free(col);
    free(spent);
    free(scale);
    free(tier_row);
    free(hub_row);
    return rc;
}

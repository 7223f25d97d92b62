/* stages.c -- lexicographic LP stages (H, B, T, C, D) on GLPK. */
#include "stages.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/clock.h"
#include "io/exitcode.h"
#include "solve/lpenv.h"

#define KEEP_TOL(v) (1e-9 * fabs(v) + 1e-7)   /* slack on a kept optimum */
#define INT_TOL 1e-6                          /* a flow this close is whole */

double solve_clock(void)
{
    return clock_s();
}

/* Everything the stages share; on the heap so a longjmp from GLPK's error
 * hook loses nothing. */
struct lpstate {
    struct network *n;
    const struct model *m;
    const struct config *c;
    struct stage_ctl *ctl;
    glp_prob *lp;
    struct lp_env env;          /* GLPK: failures jump to env.fail */
    int ncols;                  /* columns in the LP now */
    int lambda;                 /* column of lambda */
    int gcol;                   /* column of group 0; groups follow */
    int acol;                   /* column of the first arc added */
    int nrows;
    int pooled;                 /* units left in a pool after stage D */
    int stage_d;                /* 1 while stage D runs */
    int retry;                  /* ctl->early stopped the solve */
    int oom;                    /* out of memory (rc RH_EXIT_SOFTWARE) */
    double *gflow;              /* per group: flow, for ctl->early */
    int32_t *arc_col;           /* per arc: its column, or 0 while priced out */
    int32_t *col_arc;           /* per column from acol on: its arc */
    double *arc_obj;            /* per arc: objective coefficient of the stage */
    double *dual;               /* per row: dual value, for pricing */
    int32_t *best;              /* pricing: best arcs per head node */
    double *best_d;
    int *row_ind;               /* scratch: column lists */
    int r_class, r_hub, r_pool, r_ta, r_tl, r_h, r_t, r_c;
    double pool_km;             /* stage D's price of a unit through a pool:
                                   above any distance */
    int32_t *town_row;          /* per town: offset among town rows, -1 */
    int32_t ntownrows;
    int32_t *row_town;          /* per town row: town */
    double *obj;                /* objective coefficients of the group and
                                   lambda columns, per column */
    int rc;
    char failed[64];            /* the stage that failed, for the message */
    int failed_status, failed_ret;
};

static int remaining_ms(const struct lpstate *S)
{
    return lp_env_ms_until(S->ctl->deadline);
}

static struct stage_record *new_record(struct lpstate *S, const char *name,
                                       const char *what)
{
    struct plan *p = S->ctl->plan;
    if (p->nstages >= PLAN_MAX_STAGES)
        return NULL;
    struct stage_record *r = &p->stages[p->nstages++];
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->pass, sizeof r->pass, "%s", S->n->pass ? "late" : "ontime");
    snprintf(r->what, sizeof r->what, "%s", what);
    r->rows = glp_get_num_rows(S->lp);
    r->cols = glp_get_num_cols(S->lp);
    r->nonzeros = glp_get_num_nz(S->lp);
    return r;
}

/* ---- columns: the arcs enter the LP by pricing ---------------------------
 *
 * The LP has every row of the network and only some of its arc columns: the class arcs
 * within a town and the pool arcs at the start (first_arcs), a greedy
 * transport's arcs at the start of stage D (transport_arcs); after each
 * simplex run the missing arcs are priced with the row duals and the best
 * ones per head node are added, until none would improve the objective.  The optimum is then the optimum
 * of the LP with every arc (every omitted column has a reduced cost of the
 * wrong sign), so the stages are unchanged; GLPK's work per iteration grows
 * with the columns it holds, which pricing keeps to a few per node. */

#define PRICE_TOL 1e-7          /* a reduced cost this small does not count */
#define PURGE_DJ 1.0            /* reduced cost (objective units) of a column
                                   not worth keeping between pricing rounds */
#define PRICE_PER_NODE 2        /* arcs added per head and round (at most) */

static int warm_start = 1;      /* stage D starts from a greedy transport */

void stages_set_warm_start(int on)
{
    warm_start = on;
}

/* The coefficients of arc a's column; RETURNS their count (<= 3).  No
 * cap is modelled here (a pass with one goes to exact.h): no tier arcs. */
static int arc_coefs(const struct lpstate *S, int32_t a, int *ind, double *val)
{
    const struct network *n = S->n;
    const struct net_arc *arc = &n->arcs[a];
    int k = 0;
    if (arc->cls < 0) {                             /* pool -> hub */
        ind[++k] = S->r_pool + arc->pool;  val[k] = -1.0;
        ind[++k] = S->r_hub + arc->hub;    val[k] = 1.0;
        return k;
    }
    ind[++k] = S->r_class + arc->cls;      val[k] = 1.0;
    if (arc->hub < 0) {                             /* into a pool */
        ind[++k] = S->r_pool + arc->pool;  val[k] = 1.0;
        return k;
    }
    ind[++k] = S->r_hub + arc->hub;        val[k] = 1.0;
    if (n->classes[arc->cls].town == n->hubs[arc->hub].town) {
        ind[++k] = S->r_h;                 val[k] = 1.0;
    }
    return k;
}

/* Add the arcs list[0..k) as columns, at their lower bound. */
static void add_arcs(struct lpstate *S, const int32_t *list, int k)
{
    if (k <= 0)
        return;
    int first = glp_add_cols(S->lp, k);
    for (int i = 0; i < k; i++) {
        int32_t a = list[i];
        int j = first + i, ind[6];
        double val[6];
        int cnt = arc_coefs(S, a, ind, val);
        glp_set_mat_col(S->lp, j, cnt, ind, val);
        glp_set_col_bnds(S->lp, j, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(S->lp, j, S->arc_obj[a]);
        S->arc_col[a] = j;
        S->col_arc[j - S->acol] = a;
    }
    S->ncols = first + k - 1;
}

/* Price every arc not in the LP against the duals of the last optimum and
 * add the PRICE_PER_NODE best per head: the hub a direct arc leads to, or
 * the pool of a purchase into a pool.  RETURNS the number added. */
static int price(struct lpstate *S)
{
    struct network *n = S->n;
    int maximise = glp_get_obj_dir(S->lp) == GLP_MAX;
    size_t heads = (size_t)n->nhubs + (size_t)n->npools;
    for (int i = 1; i <= S->nrows; i++)
        S->dual[i] = glp_get_row_dual(S->lp, i);
    for (size_t i = 0; i < (size_t)heads * PRICE_PER_NODE; i++)
        S->best[i] = -1;
    /* Before stage D a direct arc never prices better than the path
     * through its pool (every class -> pool and pool -> hub arc is in the
     * LP, and the two reduced costs add up to the direct arc's), so only
     * purchases into a pool are priced; in D a unit through a pool costs
     * more than any direct arc, so only direct arcs are. */
    int32_t from = S->stage_d ? 0 : n->ndirect, to = S->stage_d ? n->ndirect : n->narcs;
    /* one arc per hub and round in D: two doubled its iterations at
     * stress scale (the greedy transport already holds most it needs) */
    int per_node = S->stage_d ? 1 : PRICE_PER_NODE;
    for (int32_t a = from; a < to; a++) {
        if (S->arc_col[a])
            continue;
        const struct net_arc *arc = &n->arcs[a];
        double d = S->arc_obj[a];
        if (arc->tier < 0 && arc->cls >= 0 && arc->hub >= 0) {
            /* the common arc, class -> hub, inline */
            d -= S->dual[S->r_class + arc->cls] + S->dual[S->r_hub + arc->hub];
            if (n->classes[arc->cls].town == n->hubs[arc->hub].town)
                d -= S->dual[S->r_h];
        } else {
            int ind[6];
            double val[6];
            int cnt = arc_coefs(S, a, ind, val);
            for (int i = 1; i <= cnt; i++)
                d -= val[i] * S->dual[ind[i]];
        }
        double gain = maximise ? d : -d;
        if (gain <= PRICE_TOL)
            continue;
        size_t h = arc->hub >= 0 ? (size_t)arc->hub
                   : (size_t)n->nhubs + (size_t)arc->pool;
        int32_t *b = &S->best[(size_t)h * PRICE_PER_NODE];
        double *bd = &S->best_d[(size_t)h * PRICE_PER_NODE];
        int slot = per_node;            /* keep the list sorted, best first */
        /* better gain first; on equal gain (degenerate duals give many)
         * the shorter arc, which later stages prefer */
        while (slot > 0 && (b[slot - 1] < 0 || bd[slot - 1] < gain - PRICE_TOL ||
                            (bd[slot - 1] <= gain + PRICE_TOL &&
                             n->arcs[b[slot - 1]].dist_m > arc->dist_m)))
            slot--;
        if (slot >= per_node)
            continue;
        for (int i = per_node - 1; i > slot; i--) {
            b[i] = b[i - 1];
            bd[i] = bd[i - 1];
        }
        b[slot] = a;
        bd[slot] = gain;
    }
    int k = 0;
    for (size_t i = 0; i < (size_t)heads * PRICE_PER_NODE; i++)
        if (S->best[i] >= 0)
            S->best[k++] = S->best[i];
    add_arcs(S, S->best, k);
    return k;
}

static void purge(struct lpstate *S, int all);

/* One simplex run, warm from the previous basis.  RETURNS glp_simplex's
 * return code. */
static int simplex(struct lpstate *S)
{
    glp_smcp p;
    glp_init_smcp(&p);
    p.msg_lev = GLP_MSG_ERR;
    /* Primal: each stage starts from the previous optimum, which stays
     * primal feasible, and so does adding columns; the dual simplex
     * stalled for 10^4+ degenerate iterations on B's rounds. */
    p.meth = GLP_PRIMAL;
    p.presolve = GLP_OFF;
    p.tm_lim = remaining_ms(S) > 0 ? remaining_ms(S) : 1;
    int r = glp_simplex(S->lp, &p);
    if (r != GLP_ETMLIM && (r != 0 || glp_get_status(S->lp) != GLP_OPT)) {
        /* A warm start can end in numerical trouble after a kept optimum
         * sits on a tolerance: retry once from a fresh crash basis. */
        glp_adv_basis(S->lp, 0);
        p.tm_lim = remaining_ms(S) > 0 ? remaining_ms(S) : 1;
        r = glp_simplex(S->lp, &p);
    }
    return r;
}

/* Solve the current LP to the optimum over every arc: simplex, price the
 * missing arcs, again until none enters.  RETURNS 0 when optimal, else
 * sets S->rc. */
static int solve(struct lpstate *S, struct stage_record *rec)
{
    double t0 = solve_clock();
    if (remaining_ms(S) == 0) {
        S->rc = RH_EXIT_TIMEOUT;
        return -1;
    }
    int it0 = glp_get_it_cnt(S->lp), r, status;
    for (;;) {
        r = simplex(S);
        status = glp_get_status(S->lp);
        if (rec)
            rec->lps++;
        if (r != 0 || status != GLP_OPT)
            break;
        if (remaining_ms(S) == 0) {
            r = GLP_ETMLIM;     /* priced columns may still enter */
            break;
        }
        if (S->stage_d)
            purge(S, 0);
        if (price(S) == 0)
            break;
    }
    if (rec) {
        rec->iterations += glp_get_it_cnt(S->lp) - it0;
        rec->status = status;
        rec->seconds += solve_clock() - t0;
        rec->rows = glp_get_num_rows(S->lp);
        rec->cols = glp_get_num_cols(S->lp);
        rec->nonzeros = glp_get_num_nz(S->lp);
    }
    if (r != 0 || status != GLP_OPT) {
        snprintf(S->failed, sizeof S->failed, "%s", rec ? rec->name : "?");
        S->failed_status = status;
        S->failed_ret = r;
    }
    if (r == GLP_ETMLIM) {
        S->rc = RH_EXIT_TIMEOUT;
        return -1;
    }
    if (r != 0 || status != GLP_OPT) {
        S->rc = RH_EXIT_SOFTWARE;
        return -1;
    }
    return 0;
}

/* Tell the caller a stage is complete. */
static void done(struct lpstate *S, const struct stage_record *rec)
{
    if (rec && S->ctl->notify)
        S->ctl->notify(S->ctl->notify_ud, rec);
}

static double objval(struct lpstate *S)
{
    return glp_get_obj_val(S->lp);
}

static double colval(struct lpstate *S, int j)
{
    return glp_get_col_prim(S->lp, j);
}

static double rowval(struct lpstate *S, int i)
{
    return glp_get_row_prim(S->lp, i);
}

/* Drop the arc columns that are non-basic at zero (the arcs within a town
 * and the pool arcs stay): before a new objective all of them, between
 * pricing rounds those whose reduced cost is worse than PURGE_DJ.  Pricing
 * brings back what the objective wants; columns that pile up would slow
 * every simplex iteration. */
static void purge(struct lpstate *S, int all)
{
    int *del = S->row_ind, nd = 0;      /* 1-based list for glp_del_cols */
    int32_t kept = 0;
    double sign = glp_get_obj_dir(S->lp) == GLP_MAX ? 1.0 : -1.0;
    for (int j = S->acol; j <= S->ncols; j++) {
        int32_t a = S->col_arc[j - S->acol];
        if (S->n->arcs[a].dist_m > 0 && glp_get_col_stat(S->lp, j) == GLP_NL &&
            (all || sign * glp_get_col_dual(S->lp, j) < -PURGE_DJ)) {
            del[++nd] = j;
            S->arc_col[a] = 0;
        } else {
            S->col_arc[kept] = a;
            S->arc_col[a] = S->acol + kept++;
        }
    }
    if (nd == 0)
        return;
    glp_del_cols(S->lp, nd, del);
    S->ncols = S->acol + kept - 1;
}

/* Load an objective: S->obj for the group and lambda columns, S->arc_obj
 * for the arcs (those priced out take theirs when they enter). */
static void set_objective(struct lpstate *S, int dir)
{
    purge(S, 1);
    glp_set_obj_dir(S->lp, dir);
    for (int j = 1; j < S->acol; j++)
        glp_set_obj_coef(S->lp, j, S->obj[j]);
    for (int j = S->acol; j <= S->ncols; j++)
        glp_set_obj_coef(S->lp, j, S->arc_obj[S->col_arc[j - S->acol]]);
}

static void set_lo(glp_prob *lp, int row, double lo)
{
    glp_set_row_bnds(lp, row, GLP_LO, lo, 0.0);
}

/* Lower bound that keeps a maximised optimum v. */
static double keep_lo(double v)
{
    double r = floor(v + 0.5);
    /* An integral optimum is kept exactly: a fractional right-hand side
     * would let the next vertex be fractional. */
    if (fabs(v - r) <= 1e-9 * (1.0 + fabs(v)))
        return r;
    return v - KEEP_TOL(v);
}

/* The arcs the LP starts with, into list[]: the class arcs within a town
 * and every pool arc but purchases into a pool (pricing brings in those
 * wanted).  RETURNS the count. */
static int32_t first_arcs(const struct lpstate *S, int32_t *list)
{
    const struct network *n = S->n;
    int32_t k = 0;
    for (int32_t a = 0; a < n->narcs; a++) {
        const struct net_arc *arc = &n->arcs[a];
        if (a < n->ndirect ? arc->dist_m == 0 : arc->tier < 0)
            list[k++] = a;
    }
    return k;
}

/* Build the LP: rows as in stages.h; one column per group, lambda, then
 * the first arcs. */
static void build(struct lpstate *S)
{
    struct network *n = S->n;
    glp_prob *lp = S->lp = glp_create_prob();
    int G = n->ngroups;

    S->gcol = 1;
    S->lambda = G + 1;
    S->acol = G + 2;
    S->ncols = G + 1;
    S->r_class = 1;
    S->r_hub = S->r_class + n->nclasses;
    S->r_pool = S->r_hub + n->nhubs;
    S->r_ta = S->r_pool + n->npools;
    S->r_tl = S->r_ta + S->ntownrows;
    S->r_h = S->r_tl + S->ntownrows;
    S->r_t = S->r_h + 1;
    S->r_c = S->r_t + 1;
    int nrows = S->nrows = S->r_c + RH_NCATEGORIES - 1;
    glp_add_rows(lp, nrows);
    glp_add_cols(lp, S->ncols);
    for (int i = 1; i <= nrows; i++)
        glp_set_row_bnds(lp, i, GLP_FR, 0, 0);
    for (int32_t k = 0; k < n->nclasses; k++)
        glp_set_row_bnds(lp, S->r_class + k, GLP_UP, 0, (double)n->classes[k].supply);
    for (int32_t h = 0; h < n->nhubs; h++)
        glp_set_row_bnds(lp, S->r_hub + h, GLP_FX, 0, 0);
    for (int32_t q = 0; q < n->npools; q++)
        glp_set_row_bnds(lp, S->r_pool + q, GLP_FX, 0, 0);
    for (int32_t g = 0; g < G; g++)                 /* demand as a bound */
        glp_set_col_bnds(lp, S->gcol + g, GLP_DB, 0, (double)n->groups[g].demand);
    glp_set_col_bnds(lp, S->lambda, GLP_FX, 0, 0);

    /* Group: -hub, TA, TL, T, C.  Lambda: -D_t per town row. */
    size_t nz = (size_t)G * 5 + (size_t)S->ntownrows + 1;
    int *ia = malloc((nz + 1) * sizeof *ia), *ja = malloc((nz + 1) * sizeof *ja);
    double *ar = malloc((nz + 1) * sizeof *ar);
    int32_t *list = malloc(((size_t)n->narcs + 1) * sizeof *list);
    if (!ia || !ja || !ar || !list) {
        free(ia); free(ja); free(ar); free(list);
        S->rc = RH_EXIT_SOFTWARE;
        S->oom = 1;
        return;
    }
    size_t k = 0;
#define NZ(i, j, v) do { k++; ia[k] = (i); ja[k] = (j); ar[k] = (v); } while (0)
    for (int32_t g = 0; g < G; g++) {
        const struct net_group *gr = &n->groups[g];
        int j = S->gcol + g;
        int32_t tr = S->town_row[gr->town];    /* >= 0: the group has demand */
        NZ(S->r_hub + gr->hub, j, -1.0);
        if (tr >= 0) {
            NZ(S->r_ta + tr, j, 1.0);
            NZ(S->r_tl + tr, j, 1.0);
        }
        NZ(S->r_t, j, 1.0);
        NZ(S->r_c + gr->rank, j, 1.0);
    }
    for (int32_t r = 0; r < S->ntownrows; r++)
        NZ(S->r_tl + r, S->lambda, -(double)n->town_demand[S->row_town[r]]);
#undef NZ
    glp_load_matrix(lp, (int)k, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    add_arcs(S, list, first_arcs(S, list));
    free(list);
    glp_scale_prob(lp, GLP_SF_AUTO);
}

static void clear_obj(struct lpstate *S)
{
    memset(S->obj, 0, ((size_t)S->n->ngroups + 2) * sizeof *S->obj);
    memset(S->arc_obj, 0, ((size_t)S->n->narcs + 1) * sizeof *S->arc_obj);
}

/* Ask ctl->early (first pass only) whether to go on.  RETURNS 0 to go on,
 * -1 with S->retry set to stop. */
static int early(struct lpstate *S)
{
    if (!S->ctl->early)
        return 0;
    for (int32_t g = 0; g < S->n->ngroups; g++)
        S->gflow[g] = colval(S, S->gcol + g);
    if (!S->ctl->early(S->ctl->early_ud, S->n, S->gflow))
        return 0;
    S->retry = 1;
    return -1;
}

/* Can every town row r get A_t >= G[r]?  One LP: without a modelled cap
 * it holds every column B needs (the pools), so no pricing is needed to
 * say no.  The rows are left at G.  RETURNS 1, 0, or -1 with S->rc set. */
static int floors_feasible(struct lpstate *S, const int64_t *G)
{
    for (int32_t r = 0; r < S->ntownrows; r++) {
        if (G[r] > 0)
            set_lo(S->lp, S->r_ta + r, (double)G[r]);
        else
            glp_set_row_bnds(S->lp, S->r_ta + r, GLP_FR, 0, 0);
    }
    int ret = simplex(S), st = glp_get_status(S->lp);
    if (ret == 0 && st == GLP_OPT)
        return 1;
    if (ret == 0 && st == GLP_NOFEAS)
        return 0;
    S->rc = ret == GLP_ETMLIM ? RH_EXIT_TIMEOUT : RH_EXIT_SOFTWARE;
    snprintf(S->failed, sizeof S->failed, "B");
    S->failed_status = st;
    S->failed_ret = ret;
    return -1;
}

/* The smallest rate above z that a whole plan can give every town:
 * min over towns of (floor(z D_t) + 1) / D_t. */
static double next_rate(const struct lpstate *S, double z)
{
    double best = 2.0;
    for (int32_t r = 0; r < S->ntownrows; r++) {
        double D = (double)S->n->town_demand[S->row_town[r]];
        double v = (floor(z * D + 1e-9) + 1.0) / D;
        if (v < best)
            best = v;
    }
    return best;
}

/* Whole-unit floors whose lowest rate is the integer max-min.  The LP
 * floors floor(level_t D_t) can leave it below (2/3 and 5/5 where 3/3 and
 * 4/5 exist): bisect on the floors ceil(z D_t) between their lowest rate
 * and lambda*, one LP a probe, and where a higher z holds, raise every
 * floor to ceil(z D_t) (keeping the LP floors above it when they still
 * hold together).  floors[] is per row here.  RETURNS 0, -1 with S->rc. */
static int whole_floors(struct lpstate *S, int64_t *F, double lam1)
{
    const struct network *n = S->n;
    int32_t R = S->ntownrows;
    int64_t *G = malloc(((size_t)R + 1) * sizeof *G);
    if (!G) {
        S->rc = RH_EXIT_SOFTWARE;
        S->oom = 1;
        return -1;
    }
    double z = 1.0, lo, hi = lam1 + 1e-9;
    for (int32_t r = 0; r < R; r++) {
        double v = (double)F[r] / (double)n->town_demand[S->row_town[r]];
        if (v < z)
            z = v;
    }
    lo = z;
    int rc = 0;
    while (lo < 1.0 - 1e-12) {
        double nl = next_rate(S, lo);
        if (nl > hi)
            break;                      /* lo is the integer max-min */
        double zt = 0.5 * (lo + hi);
        if (zt < nl)
            zt = nl;
        double low = 2.0;
        for (int32_t r = 0; r < R; r++) {
            double D = (double)n->town_demand[S->row_town[r]];
            G[r] = (int64_t)ceil(zt * D - 1e-9);
            if ((double)G[r] / D < low)
                low = (double)G[r] / D;
        }
        int f = floors_feasible(S, G);
        if (f < 0) {
            rc = -1;
            break;
        }
        if (f)
            lo = low;
        else
            hi = zt - 1e-12;
    }
    if (rc == 0 && lo > z + 1e-12) {
        for (int32_t r = 0; r < R; r++) {
            double D = (double)n->town_demand[S->row_town[r]];
            int64_t g = (int64_t)ceil(lo * D - 1e-9);
            G[r] = F[r] > g ? F[r] : g;
        }
        int f = floors_feasible(S, G);
        if (f < 0)
            rc = -1;
        for (int32_t r = 0; rc == 0 && r < R; r++) {
            double D = (double)n->town_demand[S->row_town[r]];
            int64_t g = (int64_t)ceil(lo * D - 1e-9);
            F[r] = f ? G[r] : g;
        }
    }
    for (int32_t r = 0; r < R; r++) {
        if (F[r] > 0)
            set_lo(S->lp, S->r_ta + r, (double)F[r]);
        else
            glp_set_row_bnds(S->lp, S->r_ta + r, GLP_FR, 0, 0);
    }
    free(G);
    return rc;
}

/* Stage B: progressive filling, then whole-unit floors. */
static int stage_b(struct lpstate *S, double *level, int64_t *floor_out)
{
    double lam1 = 0.0;          /* the first round's lambda* */
    struct network *n = S->n;
    struct stage_record *rec = new_record(S, "B", "max-min town fill rate (first round)");
    uint8_t *active = calloc((size_t)S->ntownrows + 1, 1);
    if (!active) {
        S->rc = RH_EXIT_SOFTWARE;
        S->oom = 1;
        return -1;
    }
    int nactive = S->ntownrows, round = 0;
    for (int32_t r = 0; r < S->ntownrows; r++) {
        active[r] = 1;
        set_lo(S->lp, S->r_tl + r, 0.0);
    }
    clear_obj(S);
    S->obj[S->lambda] = 1.0;
    set_objective(S, GLP_MAX);
    glp_set_col_bnds(S->lp, S->lambda, GLP_DB, 0.0, 1.0);
    while (nactive > 0) {
        if (solve(S, rec) < 0) {
            free(active);
            return -1;
        }
        double lam = objval(S);
        if (round == 0) {
            lam1 = lam;
            if (rec) rec->objective = rec->bound = lam;
            S->ctl->plan->lambda_star = n->pass == 0 ? lam : S->ctl->plan->lambda_star;
            /* every town at lambda*: already a fair picture of what each
             * payer gets (capwatch.h), before the remaining rounds */
            if (early(S) < 0) {
                free(active);
                return -1;
            }
        }
        round++;
        int frozen = 0;
        for (int pick = 0; pick < 3 && !frozen; pick++)
            for (int32_t r = 0; r < S->ntownrows; r++) {
                if (!active[r])
                    continue;
                double D = (double)n->town_demand[S->row_town[r]];
                int f;
                if (pick == 2 || lam >= 1.0 - 1e-9)
                    f = 1;                          /* all that remain */
                else if (pick == 0)
                    f = fabs(glp_get_row_dual(S->lp, S->r_tl + r)) > 1e-9;
                else
                    f = rowval(S, S->r_ta + r) <= lam * D + 1e-6;
                if (!f)
                    continue;
                active[r] = 0;
                nactive--;
                frozen++;
                level[S->row_town[r]] = lam > 1.0 ? 1.0 : lam;
                glp_set_row_bnds(S->lp, S->r_tl + r, GLP_FR, 0, 0);
                set_lo(S->lp, S->r_ta + r, lam * D - KEEP_TOL(lam * D));
            }
    }
    free(active);
    /* Whole-unit floors; lambda leaves the model. */
    glp_set_col_bnds(S->lp, S->lambda, GLP_FX, 0.0, 0.0);
    for (int32_t r = 0; r < S->ntownrows; r++) {
        int32_t t = S->row_town[r];
        double x = level[t] * (double)n->town_demand[t];
        double now = rowval(S, S->r_ta + r);   /* the last round's A_t */
        int64_t f = (int64_t)floor(x + 1e-9 * (1.0 + x));
        /* never above what the last round's solution gives (up to the
         * tolerance its frozen rows had): T then starts feasible */
        double reach = floor(now + KEEP_TOL(x) + 1e-9);
        if ((double)f > reach)
            f = (int64_t)reach;
        if (f > n->town_demand[t])
            f = n->town_demand[t];
        floor_out[t] = f;
        if (f > 0)
            set_lo(S->lp, S->r_ta + r, (double)f);
        else
            glp_set_row_bnds(S->lp, S->r_ta + r, GLP_FR, 0, 0);
    }
    /* whole-unit floors whose lowest rate is the integer max-min */
    {
        int64_t *F = malloc(((size_t)S->ntownrows + 1) * sizeof *F);
        if (!F) {
            S->rc = RH_EXIT_SOFTWARE;
            S->oom = 1;
            return -1;
        }
        for (int32_t r = 0; r < S->ntownrows; r++)
            F[r] = floor_out[S->row_town[r]];
        int wf = whole_floors(S, F, lam1);
        for (int32_t r = 0; r < S->ntownrows; r++)
            floor_out[S->row_town[r]] = F[r];
        free(F);
        if (wf < 0)
            return -1;
    }
    if (rec) {                  /* B's value: the floors' lowest rate */
        double z = 1.0;
        for (int32_t r = 0; r < S->ntownrows; r++) {
            int32_t t = S->row_town[r];
            double v = (double)floor_out[t] / (double)n->town_demand[t];
            if (v < z)
                z = v;
        }
        rec->objective = rec->bound = S->ntownrows > 0 ? z : lam1;
    }
    done(S, rec);
    return 0;
}

enum { UNITS_ALL = -1, UNITS_HOME = -2 };  /* or a category rank >= 0 */

/* A maximisation stage counting units: on the arcs from a project's own
 * town (UNITS_HOME), into all groups (UNITS_ALL) or into the groups of one
 * category rank; its optimum is kept in keep_row. */
static int stage_max(struct lpstate *S, const char *name, const char *what,
                     int keep_row, int which)
{
    struct network *n = S->n;
    struct stage_record *rec = new_record(S, name, what);
    clear_obj(S);
    if (which == UNITS_HOME) {
        for (int32_t a = 0; a < n->ndirect; a++)
            if (n->classes[n->arcs[a].cls].town == n->hubs[n->arcs[a].hub].town)
                S->arc_obj[a] = 1.0;
    } else {
        for (int32_t g = 0; g < n->ngroups; g++)
            if (which == UNITS_ALL || n->groups[g].rank == which)
                S->obj[S->gcol + g] = 1.0;
    }
    set_objective(S, GLP_MAX);
    if (solve(S, rec) < 0)
        return -1;
    double v = objval(S);
    if (rec) rec->objective = rec->bound = v;
    set_lo(S->lp, keep_row, keep_lo(v));
    done(S, rec);
    return 0;
}

struct pair { int64_t dist_m; int32_t arc; };

static int cmp_pair(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->dist_m != y->dist_m)
        return x->dist_m < y->dist_m ? -1 : 1;
    return x->arc < y->arc ? -1 : x->arc > y->arc;
}

/* The direct arcs that a greedy nearest-first transport of the units now
 * in the pools would use, into list[].  They start stage D near its
 * optimum, which saves pricing rounds; exactness does not depend on them
 * (but the plan's ties do, so running out of memory here is an error).
 * RETURNS the count, or -1 when out of memory. */
static int32_t transport_arcs(struct lpstate *S, int32_t *list)
{
    const struct network *n = S->n;
    double *left = calloc((size_t)n->nclasses + (size_t)n->nhubs + 1,
                          sizeof *left);
    double *from_cls = left, *into_hub = left + n->nclasses;
    struct pair *pr = NULL;
    size_t np = 0;
    int32_t k = 0;
    if (!left)
        return -1;
    /* what each class sends into a pool and each hub takes out */
    for (int32_t a = n->ndirect; a < n->narcs; a++) {
        const struct net_arc *arc = &n->arcs[a];
        double f = S->arc_col[a] ? colval(S, S->arc_col[a]) : 0.0;
        if (f <= INT_TOL)
            continue;
        if (arc->cls < 0)
            into_hub[arc->hub] += f;
        else
            from_cls[arc->cls] += f;
    }
    for (int32_t a = 0; a < n->ndirect; a++) {
        const struct net_arc *arc = &n->arcs[a];
        if (into_hub[arc->hub] > INT_TOL && S->arc_col[a] == 0 &&
            from_cls[arc->cls] > INT_TOL)
            np++;
    }
    pr = malloc((np + 1) * sizeof *pr);
    if (!pr)
        k = -1;
    else {
        np = 0;
        for (int32_t a = 0; a < n->ndirect; a++) {
            const struct net_arc *arc = &n->arcs[a];
            if (into_hub[arc->hub] > INT_TOL && S->arc_col[a] == 0 &&
                from_cls[arc->cls] > INT_TOL)
                pr[np++] = (struct pair){ arc->dist_m, a };
        }
        qsort(pr, np, sizeof *pr, cmp_pair);
        for (size_t i = 0; i < np; i++) {
            const struct net_arc *arc = &n->arcs[pr[i].arc];
            double *src = &from_cls[arc->cls];
            double f = fmin(*src, into_hub[arc->hub]);
            if (f <= INT_TOL)
                continue;
            *src -= f;
            into_hub[arc->hub] -= f;
            list[k++] = pr[i].arc;
        }
    }
    free(pr);
    free(left);
    return k;
}

static int stage_d(struct lpstate *S)
{
    struct network *n = S->n;
    struct stage_record *rec = new_record(S, "D", "unit-km between home town and project town");
    clear_obj(S);
    for (int32_t a = 0; a < n->narcs; a++)      /* units into a pool: pool_km */
        S->arc_obj[a] = a < n->ndirect ? (double)n->arcs[a].dist_m / 1000.0
                        : n->arcs[a].cls >= 0 ? S->pool_km : 0.0;
    set_objective(S, GLP_MIN);
    S->stage_d = 1;
    /* Every unit now moves to direct arcs: start with those of a greedy
     * transport (a hub's nearest classes did worse). */
    if (warm_start) {
        int32_t k = transport_arcs(S, S->row_ind);
        if (k < 0) {
            S->rc = RH_EXIT_SOFTWARE;
            S->oom = 1;
            S->stage_d = 0;
            return -1;
        }
        add_arcs(S, S->row_ind, k);
    }
    int r = solve(S, rec);
    S->stage_d = 0;
    if (r < 0)
        return -1;
    if (rec) rec->objective = rec->bound = objval(S);
    done(S, rec);
    return 0;
}

/* Round the flows; 0 when every one was whole, 1 otherwise. */
static int take_flows(struct lpstate *S)
{
    struct network *n = S->n;
    int fractional = 0;
    for (int32_t i = 0; i < n->narcs + n->ngroups; i++) {
        int j = i < n->narcs ? S->arc_col[i] : S->gcol + (i - n->narcs);
        double v = j ? colval(S, j) : 0.0, r = floor(v + 0.5);
        if (fabs(v - r) > INT_TOL)
            fractional = 1;
        r = r < 0 ? 0 : r;
        if (i < n->narcs)
            n->arcs[i].flow = r;
        else
            n->groups[i - n->narcs].flow = r;
    }
    S->pooled = 0;
    for (int32_t a = n->ndirect; a < n->narcs; a++)
        if (n->arcs[a].flow != 0.0)
            S->pooled = 1;      /* stage D left units in a pool: a bug */
    return fractional;
}

static const char *const cat_what[RH_NCATEGORIES] = {
    "units to livelihood requests", "units to infrastructure requests",
    "units to industry requests", "units to social requests"
};

static int run_once(struct lpstate *S, double *level, int64_t *floors)
{
    if (stage_max(S, "H", "units to the project's own town", S->r_h,
                  UNITS_HOME) < 0 ||
        stage_b(S, level, floors) < 0 || early(S) < 0 ||
        stage_max(S, "T", "units allocated", S->r_t, UNITS_ALL) < 0 ||
        early(S) < 0)
        return -1;
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        int cat = S->c->category_order[k], any = 0;
        for (int32_t g = 0; g < S->n->ngroups && !any; g++)
            any = S->n->groups[g].rank == k;
        if (!any)
            continue;
        char name[32];
        snprintf(name, sizeof name, "C:%s", rh_category_names[cat]);
        if (stage_max(S, name, cat_what[cat], S->r_c + k, k) < 0 || early(S) < 0)
            return -1;
    }
    return stage_d(S);
}

static int run_stages(struct lpstate *S, double *level, int64_t *floors)
{
    build(S);
    if (S->rc)
        return -1;
    return run_once(S, level, floors);
}

static void lpstate_free(struct lpstate *S)
{
    free(S->town_row);
    free(S->row_town);
    free(S->obj);
    free(S->arc_obj);
    free(S->arc_col);
    free(S->col_arc);
    free(S->dual);
    free(S->best);
    free(S->best_d);
    free(S->row_ind);
    free(S->gflow);
    free(S);
}

int stages_solve(struct network *n, const struct model *m,
                 const struct config *c, struct stage_ctl *ctl,
                 double *town_level, int64_t *town_floor, FILE *err)
{
    if (n->ncaps > 0)
        return STAGES_FRACTIONAL;   /* a modelled cap: exact.h */
    struct lpstate *S = calloc(1, sizeof *S);
    if (!S) {
        fprintf(err, "rehouse: out of memory\n");
        return RH_EXIT_SOFTWARE;
    }
    S->n = n;
    S->m = m;
    S->c = c;
    S->ctl = ctl;
    size_t heads = ((size_t)n->nhubs + (size_t)n->npools) * PRICE_PER_NODE + 1;
    size_t cols = (size_t)n->narcs + (size_t)n->ngroups + 2;
    size_t rows = (size_t)n->nclasses + (size_t)n->npools +
                  (size_t)n->nhubs + 2 * (size_t)n->ntowns +
                  RH_NCATEGORIES + 3;
    S->town_row = malloc(((size_t)n->ntowns + 1) * sizeof *S->town_row);
    S->row_town = malloc(((size_t)n->ntowns + 1) * sizeof *S->row_town);
    S->obj = calloc((size_t)n->ngroups + 2, sizeof *S->obj);
    S->arc_obj = calloc((size_t)n->narcs + 1, sizeof *S->arc_obj);
    S->arc_col = calloc((size_t)n->narcs + 1, sizeof *S->arc_col);
    S->col_arc = malloc(((size_t)n->narcs + 1) * sizeof *S->col_arc);
    S->dual = malloc(rows * sizeof *S->dual);
    S->best = malloc(heads * sizeof *S->best);
    S->best_d = malloc(heads * sizeof *S->best_d);
    S->row_ind = malloc(cols * sizeof *S->row_ind);
    S->gflow = malloc(((size_t)n->ngroups + 1) * sizeof *S->gflow);
    if (!S->town_row || !S->row_town || !S->obj || !S->arc_obj ||
        !S->arc_col || !S->col_arc || !S->dual || !S->best || !S->best_d ||
        !S->row_ind || !S->gflow) {
        lpstate_free(S);
        fprintf(err, "rehouse: out of memory\n");
        return RH_EXIT_SOFTWARE;
    }
    for (int32_t a = 0; a < n->ndirect; a++)
        if ((double)n->arcs[a].dist_m / 1000.0 > S->pool_km)
            S->pool_km = (double)n->arcs[a].dist_m / 1000.0;
    S->pool_km = S->pool_km + 1.0;
    for (int32_t t = 0; t < n->ntowns; t++) {
        S->town_row[t] = -1;
        if (n->town_demand[t] > 0) {
            S->row_town[S->ntownrows] = t;
            S->town_row[t] = S->ntownrows++;
        }
    }
    volatile int rc = 0;
    if (n->narcs == 0 || S->ntownrows == 0) {
        /* Nothing can move: every town keeps level 0 (or 1 without demand). */
        for (int32_t t = 0; t < n->ntowns; t++) {
            town_level[t] = n->town_demand[t] > 0 ? 0.0 : town_level[t];
            town_floor[t] = 0;
        }
        goto done;
    }

    /* GLPK aborts when it cannot set up its environment inside any call:
     * set it up first, where a failure is a return code. */
    if (lp_env_open(&S->env, ctl->log) < 0) {
        fprintf(err, "rehouse: out of memory (GLPK environment)\n");
        rc = RH_EXIT_SOFTWARE;
        goto done;
    }
    if (setjmp(S->env.fail)) {
        /* GLPK hit an internal error: its whole environment goes. */
        lp_env_abandon();
        fprintf(err, "rehouse: internal solver error (GLPK), no plan written\n");
        rc = RH_EXIT_SOFTWARE;
        goto done;
    }
    if (run_stages(S, town_level, town_floor) < 0) {
        rc = S->retry ? STAGES_RETRY : S->rc ? S->rc : RH_EXIT_SOFTWARE;
    } else if (take_flows(S)) {
        /* Without a modelled cap the vertex is whole; should it not be,
         * the caller solves the pass in whole units with exact.h. */
        rc = STAGES_FRACTIONAL;
    }
    if (rc == STAGES_RETRY || rc == STAGES_FRACTIONAL) {
        /* the caller asked to stop: nothing to say */
    } else if (rc && S->oom) {
        fprintf(err, "rehouse: out of memory\n");
    } else if (rc == 0 && S->pooled) {
        fprintf(err, "rehouse: internal error: stage D left units in a pool\n");
        rc = RH_EXIT_SOFTWARE;
    } else if (rc == RH_EXIT_TIMEOUT)
        fprintf(err, "rehouse: the solver time limit (%d s) ran out, no plan "
                "written\n", c->time_limit_s);
    else if (rc)
        fprintf(err, "rehouse: stage %s did not solve to optimality (GLPK "
                "return %d, status %d), no plan written\n",
                S->failed[0] ? S->failed : "?", S->failed_ret, S->failed_status);
    if (S->lp)
        glp_delete_prob(S->lp);
    lp_env_close();         /* nothing of GLPK outlives the pass */
done:
    lpstate_free(S);
    return rc;
}

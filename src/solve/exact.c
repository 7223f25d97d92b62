/* exact.c -- the policy stages as integer programs (exact.h). */
#include "exact.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "io/exitcode.h"
#include "solve/hhome.h"
#include "solve/lpenv.h"

#define INT_TOL 1e-9            /* glp_intopt's integrality tolerance: at
                                   most a thousandth of a cent on a 10^6 CNY
                                   flat, so rounding cannot break a cap */
#define WHOLE_TOL 1e-6          /* an LP value this close is whole (caps are
                                   checked on the rounded plan, in cents) */
#define FEAS_UNDECIDED_MAX 2    /* B: undecided probe searches before the
                                   others go without (solve_whole) */
#define NEAR_NODES 4            /* the neighbourhood's nodes, in search_nodes:
                                   at Pudong scale with 60 % of payers capped
                                   1x found nothing, 4-6x closed C gaps of
                                   700 units */
#define CAP_TRIES 8             /* tightenings of a slipped cap row */
#define CAP_MARGIN 2e-7         /* of the cap: GLPK's tolerance, twice */
#define B_PROBES_PER_TOWN 1     /* B's probes: 1 a town, and ... */
#define B_PROBES_BASE 16        /* ... 16 more (work budget, not time) */
#define B_UNSURE_RUN 2          /* undecided probes in a row that end a
                                   round's bisection: at Pudong scale with
                                   60 % of payers capped, the 10 or so
                                   that followed them decided nothing,
                                   while each new round's LP and roundings
                                   gained 2-3 % */
#define SHORT_TOL 1e-7          /* relative to the floors' sum: a smaller
                                   LP shortfall does not prove a probe no */
#define LNS_GAP 0.001           /* a stage's gap (of its LP) above which
                                   its pooled neighbourhood goes on one
                                   payer at a time */
#define PRICE_PER_HUB 4         /* parked purchases priced in per hub and
                                   LP run (the best reduced costs) */
#define H_NODE_LIMIT 5000       /* hhome.h's search: proves Pudong-scale H
                                   in tens of nodes when 10-20 % of payers
                                   are capped; not at 60 % */

enum objkind {
    OBJ_COUNT,                  /* max, whole at every whole plan */
    OBJ_METRES,                 /* min, whole at every whole plan */
    OBJ_LEVEL,                  /* B's LP bound: max z (LP only) */
    OBJ_FEAS                    /* any whole plan: do the floors hold? */
};

struct xstate {
    struct network *n;
    const struct model *m;
    const struct config *c;
    struct stage_ctl *ctl;
    glp_prob *lp;
    struct lp_env env;          /* GLPK: failures jump to env.fail */
    int A, G, ncols;            /* arcs 1..A, groups A+1..A+G, z, then
                                   the shortfalls */
    int zcol;
    int ecol;                   /* town row r's shortfall: column ecol + r,
                                   fixed at 0 but in shortfall() */
    double *objsave;            /* 1..ncols: shortfall()'s scratch */
    glp_prob *pp;               /* the pooled polish's LP (pool_polish), or
                                   NULL until its first use */
    int32_t *pool_of;           /* per arc: its purchase pool, or -1 */
    int32_t npp;                /* purchase pools: (tier, capped payer) */
    int pp_row0, pp_col0;       /* pp's first pool row and total column */
    int32_t *pool_tier;         /* per purchase pool: its tier */
    int32_t *pool_cap;          /* per purchase pool: its cap */
    double *pool_lp;            /* per purchase pool: scratch */
    double *wide;               /* 1..pp's columns: pool_near's start */
    double *heur;               /* the search's start, when not S->x */
    int64_t *pool_sum;          /* per purchase pool: scratch */
    int r_class, r_tier, r_hub, r_cap, r_ta, r_tl, r_h, r_t, r_c, r_cnt, nrows;
    int32_t L;                  /* layouts */
    double *cap_scale;          /* per cap: cents per unit of its row */
    double *cap_rhs;            /* per cap: the row's bound now */
    int32_t *town_row, *row_town;   /* per town / per town row */
    int32_t ntownrows;
    uint8_t *active;            /* per town row: in B's current round */
    double *x;                  /* 1..ncols: the whole plan so far */
    double *y;                  /* 1..ncols: scratch */
    double *z;                  /* 1..ncols: scratch (an LP's values) */
    int64_t *use;               /* per row: scratch for the checks */
    /* the search now */
    enum objkind kind;
    int infeasible;             /* OBJ_FEAS: no whole plan (proven unless
                                   unsure) */
    int unsure;                 /* OBJ_FEAS: the search ran out of time */
    double bound;               /* best bound seen by the callback */
    double root;                /* the last LP relaxation's optimum, for the
                                   callback's bound */
    int proven, heur_given, stopped;
    int stages_left;
    int slipped;                /* a cap row was moved inside its cap */
    int all_int;                /* every column integer (polish failed) */
    int home_only;              /* stage H: arcs between towns shut */
    int have_plan;              /* S->x holds stage H's plan (or later) */
    int timed_out;              /* an LP ran out of time: no more LPs */
    double lp_grace;            /* seconds an LP may run past the deadline */
    int node_limit;             /* nodes of the search now (work budget) */
    uint8_t *parked;            /* per arc: a capped purchase priced out of
                                   the LP (fixed at 0) until pricing brings
                                   it back; never one the plan in hand uses */
    int32_t nparked;
    int32_t *best;              /* pricing scratch: PRICE_PER_HUB per hub */
    double *best_d;
    double *dual;               /* pricing scratch: per row */
    int b_probes;               /* B's feasibility probes so far */
    int feas_undecided;         /* B's probes whose search decided nothing */
    struct { int rec, which; } counted[RH_NCATEGORIES + 3];
    int ncounted;               /* the records of H, B, T, C: set from the
                                   finished plan (run) */
    int rc;
    char failed[64];
    char why[160];
};

static struct stage_record *new_record(struct xstate *S, const char *name,
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
    r->status = GLP_OPT;
    r->integer = 1;
    return r;
}

static void finish_record(struct xstate *S, struct stage_record *rec,
                          double t0)
{
    if (!rec)
        return;
    rec->rows = glp_get_num_rows(S->lp);
    rec->cols = glp_get_num_cols(S->lp);
    rec->nonzeros = glp_get_num_nz(S->lp);
    rec->seconds += solve_clock() - t0;
    if (S->ctl->notify)
        S->ctl->notify(S->ctl->notify_ud, rec);
}

/* ---- the integer program -------------------------------------------------- */

static int arc_home(const struct network *n, int32_t a)
{
    return n->classes[n->arcs[a].cls].town == n->hubs[n->arcs[a].hub].town;
}

/* Count rows: cap k, layout l (l == S->L: every layout). */
static int cnt_row(const struct xstate *S, int32_t k, int32_t l)
{
    return S->r_cnt + (int)(k * (S->L + 1) + l);
}

struct tv { int64_t value_c, supply; };

static int cmp_tv(const void *a, const void *b)
{
    const struct tv *x = a, *y = b;
    return x->value_c < y->value_c ? -1 : x->value_c > y->value_c;
}

/* A payer can never take more flats than the cheapest that fit in its
 * cap: for each cap, per layout and in all, the count of the cheapest
 * flats it can reach whose values add up to no more than the cap.  These
 * rows cut off nothing whole, and they take away the LP's fractional
 * extra flat per payer that made T's and C's bounds weak. */
static int count_rows(struct xstate *S)
{
    struct network *n = S->n;
    struct tv *tv = malloc(((size_t)n->ntiers + 1) * sizeof *tv);
    int32_t *seen = malloc(((size_t)n->ntiers + 1) * sizeof *seen);
    if (!tv || !seen) {
        free(tv);
        free(seen);
        return -1;
    }
    for (int32_t k = 0; k < n->ncaps; k++)
        for (int32_t l = 0; l <= S->L; l++) {
            int32_t nt = 0;
            for (int32_t t = 0; t < n->ntiers; t++)
                seen[t] = 0;
            for (int32_t a = 0; a < S->A; a++) {
                const struct net_arc *arc = &n->arcs[a];
                if (arc->tier < 0 || seen[arc->tier] ||
                    n->cap_of_payer[n->hubs[arc->hub].payer] != k ||
                    (l < S->L && n->classes[arc->cls].layout != l))
                    continue;
                seen[arc->tier] = 1;
                tv[nt++] = (struct tv){ n->tiers[arc->tier].value_c,
                                        n->tiers[arc->tier].supply };
            }
            int row = cnt_row(S, k, l);
            if (nt == 0)
                continue;
            qsort(tv, (size_t)nt, sizeof *tv, cmp_tv);
            int64_t left = n->caps[k].cap_left_c, count = 0;
            for (int32_t i = 0; i < nt && left >= 0; i++) {
                if (tv[i].value_c == 0) {
                    count += tv[i].supply;
                    continue;
                }
                int64_t fit = left / tv[i].value_c;
                if (fit > tv[i].supply)
                    fit = tv[i].supply;
                count += fit;
                left -= fit * tv[i].value_c;
                if (fit < tv[i].supply)
                    break;
            }
            glp_set_row_bnds(S->lp, row, GLP_UP, 0, (double)count);
        }
    free(tv);
    free(seen);
    return 0;
}

/* Rows: class, tier, hub, cap, TA (A_t), TL (A_t - z D_t), H, T, C.
 * Columns: direct arcs, groups, z. */
static int build(struct xstate *S)
{
    struct network *n = S->n;
    glp_prob *lp = S->lp = glp_create_prob();
    S->A = n->ndirect;
    S->G = n->ngroups;
    S->zcol = S->A + S->G + 1;
    S->ecol = S->zcol + 1;
    S->ncols = S->zcol + S->ntownrows;
    S->r_class = 1;
    S->r_tier = S->r_class + n->nclasses;
    S->r_hub = S->r_tier + n->ntiers;
    S->r_cap = S->r_hub + n->nhubs;
    S->r_ta = S->r_cap + n->ncaps;
    S->r_tl = S->r_ta + S->ntownrows;
    S->r_h = S->r_tl + S->ntownrows;
    S->r_t = S->r_h + 1;
    S->r_c = S->r_t + 1;
    S->r_cnt = S->r_c + RH_NCATEGORIES;
    S->nrows = S->r_cnt + n->ncaps * (S->L + 1) - 1;
    glp_add_rows(lp, S->nrows);
    glp_add_cols(lp, S->ncols);
    for (int i = 1; i <= S->nrows; i++)
        glp_set_row_bnds(lp, i, GLP_FR, 0, 0);
    for (int32_t k = 0; k < n->nclasses; k++)
        glp_set_row_bnds(lp, S->r_class + k, GLP_UP, 0, (double)n->classes[k].supply);
    for (int32_t k = 0; k < n->ntiers; k++)
        glp_set_row_bnds(lp, S->r_tier + k, GLP_UP, 0, (double)n->tiers[k].supply);
    for (int32_t h = 0; h < n->nhubs; h++)
        glp_set_row_bnds(lp, S->r_hub + h, GLP_FX, 0, 0);
    /* A cap row in units of its dearest unit, so that its coefficients are
     * at most 1 whatever the money involved. */
    for (int32_t k = 0; k < n->ncaps; k++)
        S->cap_scale[k] = 1.0;
    for (int32_t a = 0; a < S->A; a++) {
        const struct net_arc *arc = &n->arcs[a];
        if (arc->tier < 0)
            continue;
        int32_t k = n->cap_of_payer[n->hubs[arc->hub].payer];
        double v = (double)n->tiers[arc->tier].value_c;
        if (v > S->cap_scale[k])
            S->cap_scale[k] = v;
    }
    /* Spending is whole cents: half a cent above the cap keeps every plan
     * at the cap.  GLPK accepts a row up to its feasibility tolerance
     * (10^-7, relative): where that lets a plan spend a cent more than
     * the cap, check_plan finds it and solve_whole moves the bound inside
     * the cap by the tolerance. */
    for (int32_t k = 0; k < n->ncaps; k++) {
        int64_t cap = n->caps[k].cap_left_c > 0 ? n->caps[k].cap_left_c : 0;
        S->cap_rhs[k] = ((double)cap + 0.5) / S->cap_scale[k];
        glp_set_row_bnds(lp, S->r_cap + k, GLP_UP, 0, S->cap_rhs[k]);
    }

    if (count_rows(S) < 0)
        return -1;
    size_t nz = (size_t)S->A * 7 + (size_t)S->G * 5 + 2 * (size_t)S->ntownrows + 1;
    int *ia = malloc((nz + 1) * sizeof *ia), *ja = malloc((nz + 1) * sizeof *ja);
    double *ar = malloc((nz + 1) * sizeof *ar);
    if (!ia || !ja || !ar) {
        free(ia);
        free(ja);
        free(ar);
        return -1;
    }
    size_t k = 0;
#define NZ(i, j, v) do { k++; ia[k] = (i); ja[k] = (j); ar[k] = (v); } while (0)
    for (int32_t a = 0; a < S->A; a++) {
        const struct net_arc *arc = &n->arcs[a];
        int j = 1 + a;
        NZ(S->r_class + arc->cls, j, 1.0);
        if (arc->tier >= 0) {
            int32_t cp = n->cap_of_payer[n->hubs[arc->hub].payer];
            NZ(S->r_tier + arc->tier, j, 1.0);
            if (n->tiers[arc->tier].value_c > 0)
                NZ(S->r_cap + cp, j,
                   (double)n->tiers[arc->tier].value_c / S->cap_scale[cp]);
            glp_set_col_bnds(lp, j, GLP_DB, 0, (double)n->tiers[arc->tier].supply);
            NZ(cnt_row(S, cp, n->classes[arc->cls].layout), j, 1.0);
            NZ(cnt_row(S, cp, S->L), j, 1.0);
        } else {
            glp_set_col_bnds(lp, j, GLP_DB, 0, (double)n->classes[arc->cls].supply);
        }
        NZ(S->r_hub + arc->hub, j, 1.0);
        if (arc_home(n, a))
            NZ(S->r_h, j, 1.0);
        if (arc->tier >= 0)
            glp_set_col_kind(lp, j, GLP_IV);
    }
    for (int32_t g = 0; g < S->G; g++) {
        const struct net_group *gr = &n->groups[g];
        int j = 1 + S->A + g;
        int32_t tr = S->town_row[gr->town];
        NZ(S->r_hub + gr->hub, j, -1.0);
        if (tr >= 0) {
            NZ(S->r_ta + tr, j, 1.0);
            NZ(S->r_tl + tr, j, 1.0);
        }
        NZ(S->r_t, j, 1.0);
        NZ(S->r_c + gr->rank, j, 1.0);
        glp_set_col_bnds(lp, j, GLP_DB, 0, (double)gr->demand);
    }
    for (int32_t r = 0; r < S->ntownrows; r++) {
        NZ(S->r_tl + r, S->zcol, -(double)n->town_demand[S->row_town[r]]);
        NZ(S->r_ta + r, S->ecol + r, 1.0);
        glp_set_col_bnds(lp, S->ecol + r, GLP_FX, 0, 0);
    }
#undef NZ
    glp_set_col_bnds(lp, S->zcol, GLP_FX, 0, 0);
    glp_load_matrix(lp, (int)k, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    glp_scale_prob(lp, GLP_SF_AUTO);
    return 0;
}

/* ---- whole-number checks -------------------------------------------------- */

static int64_t whole(double v)
{
    return (int64_t)llround(v);
}

/* Check the plan y[] in whole numbers.  RETURNS 0; k + 1 when cap k is
 * exceeded in cents (S->use[0] holds the excess); -1 with S->why set when
 * the plan breaks a network row or is not whole. */
static int check_plan(struct xstate *S, const double *y)
{
    struct network *n = S->n;
    for (int j = 1; j < S->zcol; j++)
        if (fabs(y[j] - (double)whole(y[j])) > WHOLE_TOL || y[j] < -WHOLE_TOL) {
            snprintf(S->why, sizeof S->why, "column %d is %.9g, not a whole "
                     "number of units", j, y[j]);
            return -1;
        }
    int64_t *sum = S->use;
    memset(sum, 0, ((size_t)S->nrows + 1) * sizeof *sum);
    for (int32_t a = 0; a < S->A; a++) {
        const struct net_arc *arc = &n->arcs[a];
        int64_t f = whole(y[1 + a]);
        sum[S->r_class + arc->cls] += f;
        if (arc->tier >= 0)
            sum[S->r_tier + arc->tier] += f;
        sum[S->r_hub + arc->hub] += f;
    }
    for (int32_t g = 0; g < S->G; g++) {
        int64_t f = whole(y[1 + S->A + g]);
        if (f > n->groups[g].demand) {
            snprintf(S->why, sizeof S->why, "a demand group over its demand");
            return -1;
        }
        sum[S->r_hub + n->groups[g].hub] -= f;
    }
    for (int32_t k = 0; k < n->nclasses; k++)
        if (sum[S->r_class + k] > n->classes[k].supply) {
            snprintf(S->why, sizeof S->why, "a supply class over its supply");
            return -1;
        }
    for (int32_t k = 0; k < n->ntiers; k++)
        if (sum[S->r_tier + k] > n->tiers[k].supply) {
            snprintf(S->why, sizeof S->why, "a value tier over its supply");
            return -1;
        }
    for (int32_t h = 0; h < n->nhubs; h++)
        if (sum[S->r_hub + h] != 0) {
            snprintf(S->why, sizeof S->why, "a hub's inflow differs from its "
                     "groups' units");
            return -1;
        }
    for (int32_t k = 0; k < n->ncaps; k++) {
        int64_t spent = 0;
        for (int32_t a = 0; a < S->A; a++) {
            const struct net_arc *arc = &n->arcs[a];
            if (arc->tier < 0 || n->cap_of_payer[n->hubs[arc->hub].payer] != k)
                continue;
            int64_t v;
            if (__builtin_mul_overflow(whole(y[1 + a]), n->tiers[arc->tier].value_c, &v) ||
                __builtin_add_overflow(spent, v, &spent)) {
                spent = INT64_MAX;
                break;
            }
        }
        if (spent > n->caps[k].cap_left_c) {
            S->use[0] = spent - n->caps[k].cap_left_c;
            return (int)k + 1;
        }
    }
    return 0;
}

/* ---- one stage's search ----------------------------------------------------- */

/* The smallest level above z that a whole plan can have: min over the
 * active towns of (floor(z D_t) + 1) / D_t. */
static double next_level(const struct xstate *S, double z)
{
    double best = 2.0;
    for (int32_t r = 0; r < S->ntownrows; r++) {
        if (!S->active[r])
            continue;
        double D = (double)S->n->town_demand[S->row_town[r]];
        double v = (floor(z * D + 1e-9) + 1.0) / D;
        if (v < best)
            best = v;
    }
    return best;
}

/* Whether incumbent value inc with bound b settles the search. */
static int settled(const struct xstate *S, double inc, double b)
{
    switch (S->kind) {
    case OBJ_COUNT:
        return floor(b + 1e-6) <= inc + 0.5;
    case OBJ_METRES:
        return ceil(b - 1e-6 * (1.0 + fabs(b))) >= inc - 0.5;
    case OBJ_FEAS:
        return 1;
    case OBJ_LEVEL:             /* never searched */
        return 0;
    }
    return 0;
}

static void callback(glp_tree *T, void *info)
{
    struct xstate *S = info;
    int reason = glp_ios_reason(T);
    if (reason == GLP_IHEUR && !S->heur_given) {
        S->heur_given = 1;
        glp_ios_heur_sol(T, S->heur ? S->heur : S->x);  /* the plan in hand */
    }
    if (reason != GLP_ISELECT && reason != GLP_IBINGO)
        return;
    if (reason == GLP_ISELECT) {
        int total = 0;
        glp_ios_tree_size(T, NULL, NULL, &total);
        if (total > S->node_limit) {    /* the work budget, never the clock */
            S->stopped = 1;
            glp_ios_terminate(T);
            return;
        }
    }
    /* The best bound of the open subproblems; a subproblem not yet solved
     * carries no bound (+-DBL_MAX), and none is above the root's LP. */
    int p = glp_ios_best_node(T), known = 0;
    if (p) {
        double b = glp_ios_node_bound(T, p);
        if (fabs(b) < 1e300) {
            S->bound = S->kind == OBJ_METRES ? fmax(b, S->root) : fmin(b, S->root);
            known = 1;
        }
    }
    glp_prob *P = glp_ios_get_prob(T);
    if ((known || S->kind == OBJ_FEAS) && glp_mip_status(P) == GLP_FEAS &&
        settled(S, glp_mip_obj_val(P), S->bound)) {
        S->proven = 1;
        S->stopped = 1;
        glp_ios_terminate(T);
    }
}

static int simplex_once(struct xstate *S, int exact)
{
    glp_smcp p;
    glp_init_smcp(&p);
    p.msg_lev = GLP_MSG_ERR;
    p.meth = GLP_PRIMAL;
    p.presolve = GLP_OFF;
    int ms = lp_env_ms_until(S->ctl->deadline + S->lp_grace);
    p.tm_lim = ms > 0 ? ms : 1;
    return exact ? glp_exact(S->lp, &p) : glp_simplex(S->lp, &p);
}

static int pricing = 1;         /* exact_set_pricing */
static int pooling = 1;         /* exact_set_pooling */
static int price_tiers(struct xstate *S);
static void unpark_all(struct xstate *S);
static void unpark_used(struct xstate *S);

/* A probe's floors, as an LP that always has a solution: each town row
 * gets a shortfall column, and the LP minimises their sum with the
 * parked purchases priced in as usual.  An LP without a solution gives no
 * duals to price with, and would need every purchase back (at Pudong
 * scale with 30 % of payers capped, 82 such runs over every column took
 * 4.0 s of stage B's 10 s, the 465 runs with purchases parked 2.6 s).  A
 * shortfall above the tolerance proves that no plan meets the floors;
 * the shortfalls are fixed at 0 again either way.  RETURNS 1 (no plan
 * meets the floors), 0 (the LP may have a solution: the usual run
 * decides), or -1 on trouble (the usual run decides). */
static int shortfall(struct xstate *S, struct stage_record *rec)
{
    if (!pricing || S->nparked == 0)
        return 0;
    double need = 0;
    for (int j = 1; j <= S->ncols; j++) {
        S->objsave[j] = glp_get_obj_coef(S->lp, j);
        glp_set_obj_coef(S->lp, j, 0.0);
    }
    for (int32_t r = 0; r < S->ntownrows; r++)
        if (glp_get_row_type(S->lp, S->r_ta + r) == GLP_LO) {
            double lb = glp_get_row_lb(S->lp, S->r_ta + r);
            need += lb;
            glp_set_col_bnds(S->lp, S->ecol + r, GLP_DB, 0, lb);
            glp_set_obj_coef(S->lp, S->ecol + r, -1.0);
        }
    int dir = glp_get_obj_dir(S->lp), ans = -1;
    glp_set_obj_dir(S->lp, GLP_MAX);
    for (;;) {
        int r = simplex_once(S, 0);
        if (rec)
            rec->lps++;
        if (r != 0 || glp_get_status(S->lp) != GLP_OPT)
            break;
        if (price_tiers(S) > 0)
            continue;
        ans = -glp_get_obj_val(S->lp) > SHORT_TOL * (1.0 + need);
        break;
    }
    glp_set_obj_dir(S->lp, dir);
    for (int32_t r = 0; r < S->ntownrows; r++)
        glp_set_col_bnds(S->lp, S->ecol + r, GLP_FX, 0, 0);
    for (int j = 1; j <= S->ncols; j++)
        glp_set_obj_coef(S->lp, j, S->objsave[j]);
    return ans;
}

/* The LP relaxation over every column (parked purchases are priced in
 * until none would improve it), warm; on trouble from a fresh basis, then
 * with exact arithmetic from that basis.  RETURNS 0, 1 when a probe's
 * floors have no LP solution, or -1 with S->rc set. */
static int relax(struct xstate *S, struct stage_record *rec)
{
    int r;
    unpark_used(S);
    if (S->kind == OBJ_FEAS && shortfall(S, rec) == 1)
        return 1;
    for (;;) {
        r = simplex_once(S, 0);
        if (rec)
            rec->lps++;
        if (r != GLP_ETMLIM && (r != 0 || glp_get_status(S->lp) != GLP_OPT)) {
            /* again from a fresh basis; exact arithmetic only for
             * numerical trouble (singular or ill-conditioned bases, or a
             * status that is neither optimal nor infeasible), not for a
             * probe whose floors no plan meets */
            glp_adv_basis(S->lp, 0);
            r = simplex_once(S, 0);
            int st = glp_get_status(S->lp);
            if (r == GLP_ESING || r == GLP_ECOND ||
                (r == 0 && st != GLP_OPT && st != GLP_NOFEAS))
                r = simplex_once(S, 1);
        }
        if (r != 0)
            break;
        if (glp_get_status(S->lp) == GLP_OPT && price_tiers(S) > 0)
            continue;
        /* no solution without the parked purchases: their duals do not
         * price, so every one comes back */
        if (glp_get_status(S->lp) == GLP_NOFEAS && S->nparked > 0) {
            unpark_all(S);
            continue;
        }
        break;
    }
    if (r == GLP_ETMLIM) {
        S->rc = RH_EXIT_TIMEOUT;
        return -1;
    }
    if (S->kind == OBJ_FEAS && r == 0 && glp_get_status(S->lp) == GLP_NOFEAS)
        return 1;
    if (r != 0 || glp_get_status(S->lp) != GLP_OPT) {
        snprintf(S->why, sizeof S->why, "its LP relaxation did not solve to "
                 "optimality (GLPK return %d, status %d), also not with exact "
                 "arithmetic", r, glp_get_status(S->lp));
        S->rc = RH_EXIT_SOFTWARE;
        return -1;
    }
    return 0;
}

static double plan_obj(const struct xstate *S, const double *y)
{
    double v = 0;
    for (int j = 1; j <= S->ncols; j++) {
        double c = glp_get_obj_coef(S->lp, j);
        if (c != 0.0)
            v += c * (j == S->zcol ? y[j] : (double)whole(y[j]));
    }
    return v;
}

/* Units plan y gives town t's demand groups. */
static int64_t town_units(const struct xstate *S, const double *y, int32_t t)
{
    int64_t at = 0;
    for (int32_t g = 0; g < S->G; g++)
        if (S->n->groups[g].town == t)
            at += whole(y[1 + S->A + g]);
    return at;
}

/* z of plan y: the lowest fill rate of the active towns. */
static double plan_level(const struct xstate *S, const double *y)
{
    double z = 1.0;
    for (int32_t r = 0; r < S->ntownrows; r++) {
        if (!S->active[r])
            continue;
        int32_t t = S->row_town[r];
        int64_t at = town_units(S, y, t);
        double v = (double)at / (double)S->n->town_demand[t];
        if (v < z)
            z = v;
    }
    return z;
}

/* The upper bound of arc a's column. */
static double arc_ub(const struct xstate *S, int32_t a)
{
    const struct net_arc *arc = &S->n->arcs[a];
    return arc->tier >= 0 ? (double)S->n->tiers[arc->tier].supply
                          : (double)S->n->classes[arc->cls].supply;
}

/* Column j is a capped purchase (tier -> hub): an integer column. */
static int tier_col(const struct xstate *S, int j)
{
    return j >= 1 && j <= S->A && S->n->arcs[j - 1].tier >= 0;
}

/* ---- lazy capped purchases -------------------------------------------------
 *
 * A capped purchase (tier -> hub) is a column per value tier and hub: nine
 * columns in ten of a capped pass, few of which any plan uses.  The LP
 * runs hold the purchases within a town, those the plan in hand uses and
 * those pricing brought in; the others are parked (fixed at 0, which
 * GLPK's simplex leaves out of its working LP).  After each optimal LP
 * run the parked purchases are priced against the row duals and the
 * PRICE_PER_HUB best per hub come back, until none would improve the
 * objective: the optimum is then the LP's over every column.  An LP
 * without a solution brings every purchase back (its duals do not price),
 * and so does an integer search, whose bound must hold for the whole
 * pass.  A new objective parks the idle ones again (park_idle). */

#define PRICE_TOL 1e-7          /* relative: a smaller gain does not count */

void exact_set_pricing(int on)
{
    pricing = on;
}

void exact_set_pooling(int on)
{
    pooling = on;
}

/* Purchase j's bounds: shut in stage H between towns, and while parked. */
static void tier_bounds(struct xstate *S, int j)
{
    if ((S->home_only && !arc_home(S->n, j - 1)) || S->parked[j - 1])
        glp_set_col_bnds(S->lp, j, GLP_FX, 0, 0);
    else
        glp_set_col_bnds(S->lp, j, GLP_DB, 0, arc_ub(S, j - 1));
}

static void unpark(struct xstate *S, int j)
{
    S->parked[j - 1] = 0;
    S->nparked--;
    tier_bounds(S, j);
}

static void unpark_all(struct xstate *S)
{
    for (int j = 1; j <= S->A && S->nparked > 0; j++)
        if (S->parked[j - 1])
            unpark(S, j);
}

/* The plan in hand is always a point of the LP. */
static void unpark_used(struct xstate *S)
{
    for (int j = 1; j <= S->A && S->nparked > 0; j++)
        if (S->parked[j - 1] && S->x[j] != 0.0)
            unpark(S, j);
}

/* Park each purchase between towns that is non-basic at 0 and unused by
 * the plan in hand: before a new objective, whose pricing brings back
 * what it wants.  The basis stays valid. */
static void park_idle(struct xstate *S)
{
    for (int j = 1; j <= S->A && pricing; j++) {
        if (!tier_col(S, j) || S->parked[j - 1] || arc_home(S->n, j - 1) ||
            S->x[j] != 0.0)
            continue;
        int st = glp_get_col_stat(S->lp, j);
        if (st != GLP_NL && !(st == GLP_NS && glp_get_col_ub(S->lp, j) == 0.0))
            continue;
        S->parked[j - 1] = 1;
        S->nparked++;
        glp_set_col_bnds(S->lp, j, GLP_FX, 0, 0);
    }
}

/* Price the parked purchases against the duals of the optimum just found
 * and bring back the PRICE_PER_HUB best per hub (best gain, then the
 * lower column: the same on any machine).  RETURNS how many came back. */
static int price_tiers(struct xstate *S)
{
    if (S->nparked == 0)
        return 0;
    int maximise = glp_get_obj_dir(S->lp) == GLP_MAX;
    for (int i = 1; i <= S->nrows; i++)
        S->dual[i] = glp_get_row_dual(S->lp, i);
    size_t slots = (size_t)S->n->nhubs * PRICE_PER_HUB;
    for (size_t i = 0; i < slots; i++)
        S->best[i] = -1;
    int ind[16];
    double val[16];
    for (int j = 1; j <= S->A; j++) {
        if (!S->parked[j - 1])
            continue;
        double c = glp_get_obj_coef(S->lp, j), d = c;
        int cnt = glp_get_mat_col(S->lp, j, ind, val);
        for (int k = 1; k <= cnt; k++)
            d -= val[k] * S->dual[ind[k]];
        double gain = maximise ? d : -d;
        if (gain <= PRICE_TOL * (1.0 + fabs(c)))
            continue;
        size_t h = (size_t)S->n->arcs[j - 1].hub * PRICE_PER_HUB;
        int32_t *b = &S->best[h];
        double *bd = &S->best_d[h];
        int slot = PRICE_PER_HUB;
        while (slot > 0 && (b[slot - 1] < 0 || bd[slot - 1] < gain))
            slot--;
        if (slot >= PRICE_PER_HUB)
            continue;
        for (int i = PRICE_PER_HUB - 1; i > slot; i--) {
            b[i] = b[i - 1];
            bd[i] = bd[i - 1];
        }
        b[slot] = j;
        bd[slot] = gain;
    }
    int k = 0;
    for (size_t i = 0; i < slots; i++)
        if (S->best[i] >= 0) {
            unpark(S, S->best[i]);
            k++;
        }
    return k;
}

/* Every column integer, when polishing once came back fractional. */
static void all_integer(struct xstate *S)
{
    S->all_int = 1;
    for (int j = 1; j < S->zcol; j++)
        glp_set_col_kind(S->lp, j, GLP_IV);
}

/* With the capped purchases fixed at y's whole values, the rest of the
 * pass is a network with integral data: solve its LP for the current
 * objective and put its vertex into y.  RETURNS 0 when y is now whole,
 * 1 when that LP has no solution (the floors of a probe), -1 when its
 * vertex is not whole. */
static int polish(struct xstate *S, double *y)
{
    for (int j = 1; j <= S->A; j++)
        if (tier_col(S, j))
            glp_set_col_bnds(S->lp, j, GLP_FX, (double)whole(y[j]),
                             (double)whole(y[j]));
    /* no solution (a probe's floors) is an answer, not trouble: a retry
     * from a fresh basis only when the run itself failed (on Pudong-scale
     * instances with 30 % and 60 % of payers capped, such retries turned
     * none of 460 "no solution" answers into a plan) */
    int r = simplex_once(S, 0);
    if (r != 0 || (glp_get_status(S->lp) != GLP_OPT &&
                   glp_get_status(S->lp) != GLP_NOFEAS)) {
        glp_adv_basis(S->lp, 0);
        r = simplex_once(S, 0);
    }
    int ok = r == 0 && glp_get_status(S->lp) == GLP_OPT;
    if (ok)
        for (int j = 1; j <= S->ncols; j++)
            y[j] = glp_get_col_prim(S->lp, j);
    for (int j = 1; j <= S->A; j++) {
        if (!tier_col(S, j))
            continue;
        if (S->parked[j - 1] && whole(y[j]) != 0)
            unpark(S, j);                       /* a plan uses it */
        else
            tier_bounds(S, j);
    }
    if (!ok)
        return 1;
    for (int j = 1; j < S->zcol; j++)
        if (fabs(y[j] - floor(y[j] + 0.5)) > WHOLE_TOL)
            return -1;
    /* exact whole numbers: the LP gives 19.000000000000004 for a fixed
     * column (scaling), and glp_ios_heur_sol rejects any integer column
     * that is not exactly whole */
    for (int j = 1; j < S->zcol; j++)
        y[j] = floor(y[j] + 0.5);
    return 0;
}

/* ---- the pooled form ------------------------------------------------------
 *
 * polish() fixes every purchase (tier -> hub): a rounding that buys the
 * right flats for the wrong hub of its payer fails, though the same
 * flats, handed to the payer's other hubs, would make a plan.  A purchase
 * pool is one (tier, capped payer): its total fixes what the payer spends
 * and how many flats it counts, whichever of its hubs the flats go to.
 * The pooled form (S->pp, a copy of the pass built on first use) has the
 * purchases continuous and a whole column per pool for its total; it
 * keeps its own basis, warm from one use to the next, and the stage's
 * basis does not move.  It serves:
 *   - the pooled polish: every total fixed, the rest an LP whose plans
 *     are the fixed polish's and more (one that is not whole falls back
 *     to the fixed polish);
 *   - the pooled neighbourhood (pool_near): the totals on which the plan
 *     in hand and the LP agree fixed, the others searched;
 *   - rounding 9 (count_rounding), which rounds totals, not purchases.
 * At Pudong scale with 30 % of payers capped (nine generated instances,
 * three of them suspended = release) this made 49 of 81 stages optimal
 * where 39 were, the C gaps 99 units in all where they were 150, and the
 * plans 40 % faster (114 s in all where they took 190 s). */

static int pool_build(struct xstate *S)
{
    struct network *n = S->n;
    S->pool_of = malloc(((size_t)S->A + 1) * sizeof *S->pool_of);
    size_t nkeys = (size_t)n->ntiers * (size_t)(n->ncaps + 1);
    int32_t *first = malloc((nkeys + 1) * sizeof *first);
    if (!S->pool_of || !first) {
        free(first);
        return -1;
    }
    for (size_t i = 0; i < nkeys; i++)
        first[i] = -1;
    S->npp = 0;
    for (int32_t a = 0; a < S->A; a++) {
        const struct net_arc *arc = &n->arcs[a];
        S->pool_of[a] = -1;
        if (arc->tier < 0)
            continue;
        int32_t k = n->cap_of_payer[n->hubs[arc->hub].payer];
        size_t key = (size_t)arc->tier * (size_t)(n->ncaps + 1) + (size_t)k;
        if (first[key] < 0)
            first[key] = S->npp++;
        S->pool_of[a] = first[key];
    }
    S->pool_tier = malloc(((size_t)S->npp + 1) * sizeof *S->pool_tier);
    S->pool_cap = malloc(((size_t)S->npp + 1) * sizeof *S->pool_cap);
    for (int32_t a = 0; a < S->A && S->pool_tier && S->pool_cap; a++)
        if (S->pool_of[a] >= 0) {
            S->pool_tier[S->pool_of[a]] = n->arcs[a].tier;
            S->pool_cap[S->pool_of[a]] = n->cap_of_payer[n->hubs[n->arcs[a].hub].payer];
        }
    free(first);
    size_t wide = (size_t)S->ncols + (size_t)S->npp + 1;
    S->pool_sum = calloc((size_t)S->npp + 1, sizeof *S->pool_sum);
    S->pool_lp = calloc((size_t)S->npp + 1, sizeof *S->pool_lp);
    S->wide = calloc(wide, sizeof *S->wide);
    if (!S->pool_tier || !S->pool_cap || !S->pool_sum || !S->pool_lp || !S->wide)
        return -1;
    /* the pass, its purchases continuous; a pool's total a whole column
     * t_q, its row: the pool's purchases - t_q = 0 */
    glp_prob *pp = S->pp = glp_create_prob();
    glp_copy_prob(pp, S->lp, GLP_OFF);
    for (int j = 1; j <= S->A; j++)
        glp_set_col_kind(pp, j, GLP_CV);
    S->pp_row0 = glp_add_rows(pp, S->npp);
    S->pp_col0 = glp_add_cols(pp, S->npp);
    int ind[2];
    double val[2] = { 0.0, -1.0 };
    for (int32_t q = 0; q < S->npp; q++) {
        glp_set_row_bnds(pp, S->pp_row0 + q, GLP_FX, 0, 0);
        ind[1] = S->pp_row0 + q;
        glp_set_mat_col(pp, S->pp_col0 + q, 1, ind, val);
        glp_set_col_kind(pp, S->pp_col0 + q, GLP_IV);
        glp_set_col_bnds(pp, S->pp_col0 + q, GLP_DB, 0,
                         (double)n->tiers[S->pool_tier[q]].supply);
    }
    for (int32_t a = 0; a < S->A; a++) {
        if (S->pool_of[a] < 0)
            continue;
        int ci[16];                     /* a purchase has at most 7 rows */
        double cv[16];
        int cnt = glp_get_mat_col(pp, 1 + a, ci, cv);
        ci[cnt + 1] = S->pp_row0 + S->pool_of[a];
        cv[cnt + 1] = 1.0;
        glp_set_mat_col(pp, 1 + a, cnt + 1, ci, cv);
    }
    glp_adv_basis(pp, 0);
    return 0;
}

/* The pooled form, built on first use.  RETURNS 0, or -1 with S->rc set
 * (out of memory). */
static int pool_ready(struct xstate *S)
{
    if (S->pp || pool_build(S) == 0)
        return 0;
    S->rc = RH_EXIT_SOFTWARE;
    snprintf(S->why, sizeof S->why, "out of memory");
    return -1;
}

/* Each pool's total in the LP's values lpx into S->pool_lp. */
static void pool_lp_totals(struct xstate *S, const double *lpx)
{
    for (int32_t q = 0; q < S->npp; q++)
        S->pool_lp[q] = 0.0;
    for (int j = 1; j <= S->A; j++)
        if (S->pool_of[j - 1] >= 0)
            S->pool_lp[S->pool_of[j - 1]] += lpx[j];
}

/* The pooled LP now: the stage's rows and objective, the columns of the
 * arcs and groups as the stage has them, a pool's purchases shut when its
 * total is shut at 0.  The totals' bounds are the caller's. */
static void pool_sync(struct xstate *S)
{
    glp_prob *pp = S->pp, *lp = S->lp;
    for (int i = 1; i <= S->nrows; i++)
        glp_set_row_bnds(pp, i, glp_get_row_type(lp, i), glp_get_row_lb(lp, i),
                         glp_get_row_ub(lp, i));
    glp_set_obj_dir(pp, glp_get_obj_dir(lp));
    for (int j = 1; j <= S->ncols; j++) {
        glp_set_obj_coef(pp, j, glp_get_obj_coef(lp, j));
        if (j > S->A || S->pool_of[j - 1] < 0)
            glp_set_col_bnds(pp, j, glp_get_col_type(lp, j), glp_get_col_lb(lp, j),
                             glp_get_col_ub(lp, j));
    }
    for (int j = 1; j <= S->A; j++) {
        int32_t q = S->pool_of[j - 1];
        if (q < 0)
            continue;
        if (glp_get_col_ub(pp, S->pp_col0 + q) == 0.0 ||
            (S->home_only && !arc_home(S->n, j - 1)))
            glp_set_col_bnds(pp, j, GLP_FX, 0, 0);
        else
            glp_set_col_bnds(pp, j, GLP_DB, 0, arc_ub(S, j - 1));
    }
}

/* Each pool's total in plan y (whole) into sum[]. */
static void pool_totals(const struct xstate *S, const double *y, int64_t *sum)
{
    memset(sum, 0, ((size_t)S->npp + 1) * sizeof *sum);
    for (int j = 1; j <= S->A; j++)
        if (S->pool_of[j - 1] >= 0)
            sum[S->pool_of[j - 1]] += whole(y[j]);
}

static int pp_simplex(struct xstate *S)
{
    glp_smcp p;
    glp_init_smcp(&p);
    p.msg_lev = GLP_MSG_ERR;
    p.meth = GLP_PRIMAL;
    int ms = lp_env_ms_until(S->ctl->deadline + S->lp_grace);
    p.tm_lim = ms > 0 ? ms : 1;
    int r = glp_simplex(S->pp, &p);
    if (r != 0 && r != GLP_ETMLIM) {
        glp_adv_basis(S->pp, 0);
        r = glp_simplex(S->pp, &p);
    }
    return r;
}

/* The pooled LP's plan into y, when whole.  RETURNS 0, or 2 when not. */
static int pool_take(struct xstate *S, double *y)
{
    for (int j = 1; j < S->zcol; j++) {
        double v = glp_get_col_prim(S->pp, j);
        if (fabs(v - floor(v + 0.5)) > WHOLE_TOL)
            return 2;
    }
    for (int j = 1; j <= S->ncols; j++) {
        double v = glp_get_col_prim(S->pp, j);
        y[j] = j < S->zcol ? floor(v + 0.5) : v;
    }
    for (int j = 1; j <= S->A; j++)
        if (S->parked[j - 1] && whole(y[j]) != 0)
            unpark(S, j);                       /* a plan uses it */
    return 0;
}

/* The plan with every total fixed at S->pool_sum, into y.  RETURNS 0
 * (y is that whole plan), 1 (no plan with these totals), 2 (not whole,
 * or trouble: use polish()). */
static int pool_fixed(struct xstate *S, double *y)
{
    for (int32_t q = 0; q < S->npp; q++)
        glp_set_col_bnds(S->pp, S->pp_col0 + q, GLP_FX, (double)S->pool_sum[q],
                         (double)S->pool_sum[q]);
    pool_sync(S);
    int r = pp_simplex(S);
    if (r != 0)
        return 2;
    if (glp_get_status(S->pp) == GLP_NOFEAS)
        return 1;
    if (glp_get_status(S->pp) != GLP_OPT)
        return 2;
    return pool_take(S, y);
}

/* Polish y with its pools' totals fixed.  RETURNS as pool_fixed, or -1
 * with S->rc set (out of memory). */
static int pool_polish(struct xstate *S, double *y)
{
    if (pool_ready(S) < 0)
        return -1;
    pool_totals(S, y, S->pool_sum);
    return pool_fixed(S, y);
}

struct pfrac { double frac; int64_t value_c; int32_t group, q; };

static int cmp_pfrac(const void *a, const void *b)
{
    const struct pfrac *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->value_c != y->value_c)
        return x->value_c < y->value_c ? -1 : 1;
    return x->q < y->q ? -1 : x->q > y->q;
}

/* Rounding 9: per (payer, layout), the LP buys N flats over its pools;
 * each total is rounded down, and the floor(N) - (sum of those) flats
 * still missing come from the cheapest pools with a fraction left, one
 * each.  Whole flats at the cheapest of the LP's fractions cost no more
 * than the fractions did, so the payer's spending stays within the LP's
 * (tier supply is polish's to check).  A pool's total goes on its arc
 * that the LP uses most. */
static int count_rounding(struct xstate *S, const double *lpx, double *y)
{
    if (pool_ready(S) < 0)
        return -1;
    struct network *n = S->n;
    int32_t L1 = S->L + 1;
    size_t ngroups = (size_t)n->ncaps * (size_t)L1 + 1;
    double *need = calloc(ngroups, sizeof *need);
    int32_t *arc = malloc(((size_t)S->npp + 1) * sizeof *arc);
    struct pfrac *fr = malloc(((size_t)S->npp + 1) * sizeof *fr);
    if (!need || !arc || !fr) {
        free(need);
        free(arc);
        free(fr);
        goto oom;
    }
    pool_lp_totals(S, lpx);
    for (int32_t q = 0; q < S->npp; q++)
        arc[q] = -1;
    for (int j = 1; j <= S->ncols; j++)
        y[j] = tier_col(S, j) ? 0.0 : lpx[j];
    for (int j = 1; j <= S->A; j++) {
        int32_t q = S->pool_of[j - 1];
        if (q < 0)
            continue;
        if (arc[q] < 0 || lpx[j] > lpx[arc[q]] + 1e-9)
            arc[q] = j;
    }
    int32_t nf = 0;
    for (int32_t q = 0; q < S->npp; q++) {
        const struct net_tier *t = &n->tiers[S->pool_tier[q]];
        int32_t g = S->pool_cap[q] * L1 + n->classes[t->cls].layout;
        double v = S->pool_lp[q], f = floor(v + WHOLE_TOL);
        need[g] += v - f;
        y[arc[q]] = f;
        if (v - f > WHOLE_TOL)
            fr[nf++] = (struct pfrac){ v - f, t->value_c, g, q };
    }
    qsort(fr, (size_t)nf, sizeof *fr, cmp_pfrac);
    int64_t *spent = calloc((size_t)n->ncaps + 1, sizeof *spent);
    int64_t *used = calloc((size_t)n->ntiers + 1, sizeof *used);
    if (!spent || !used) {
        free(spent);
        free(used);
        free(need);
        free(arc);
        free(fr);
        goto oom;
    }
    for (int32_t q = 0; q < S->npp; q++) {
        int64_t f = whole(y[arc[q]]);
        spent[S->pool_cap[q]] += f * n->tiers[S->pool_tier[q]].value_c;
        used[S->pool_tier[q]] += f;
    }
    /* the missing flats, cheapest first, within tier supply; then one more
     * for a payer whose fraction is left, where its cap has the room */
    for (int pass = 0; pass < 2; pass++)
        for (int32_t i = 0; i < nf; i++) {
            int32_t g = fr[i].group, q = fr[i].q, k = S->pool_cap[q];
            const struct net_tier *t = &n->tiers[S->pool_tier[q]];
            if (fr[i].frac < 0 || used[S->pool_tier[q]] >= t->supply)
                continue;
            if (pass == 0 ? need[g] < 1.0 - WHOLE_TOL
                          : need[g] <= WHOLE_TOL ||
                            spent[k] + t->value_c > n->caps[k].cap_left_c)
                continue;
            need[g] = pass == 0 ? need[g] - 1.0 : 0.0;
            y[arc[q]] += 1.0;
            spent[k] += t->value_c;
            used[S->pool_tier[q]]++;
            fr[i].frac = -1.0;              /* taken */
        }
    free(spent);
    free(used);
    free(need);
    free(arc);
    free(fr);
    return 0;
oom:
    S->rc = RH_EXIT_SOFTWARE;
    snprintf(S->why, sizeof S->why, "out of memory");
    return -1;
}

/* A search ran and returned r: count it, and say when the outer guard
 * stopped it. */
static void count_search(struct xstate *S, struct stage_record *rec, int r)
{
    if (rec)
        rec->mips++;
    if (r == GLP_ETMLIM) {
        S->ctl->plan->guard_hit = 1;
        if (rec)
            rec->guard_hit = 1;
    }
}

/* The parameters of every search here: no presolve, the cuts (a tenth
 * of the search time on capped Pudong passes), the callback that counts
 * nodes and gives the plan in hand, and the outer guard only. */
static void search_params(struct xstate *S, glp_iocp *ip, int guard)
{
    glp_init_iocp(ip);
    ip->msg_lev = GLP_MSG_ERR;
    ip->presolve = GLP_OFF;
    ip->tol_int = INT_TOL;
    ip->gmi_cuts = ip->mir_cuts = ip->cov_cuts = ip->clq_cuts = GLP_ON;
    ip->cb_func = callback;
    ip->cb_info = S;
    ip->tm_lim = guard > 0 ? guard : 1;
}

/* Search the pooled form with the totals' bounds as the caller set them,
 * within nodes branch-and-bound nodes, from the plan in hand; the plan
 * found is polished with its totals fixed, and a better one (for a probe:
 * any) becomes the plan in hand.  The search's bound holds for the
 * neighbourhood only and is dropped. */
static void pool_search(struct xstate *S, struct stage_record *rec, int nodes)
{
    pool_sync(S);
    int guard = lp_env_ms_until(S->ctl->deadline + S->lp_grace);
    int r = pp_simplex(S);
    if (guard <= 0 || r != 0 || glp_get_status(S->pp) != GLP_OPT)
        return;
    if (S->kind != OBJ_FEAS && settled(S, plan_obj(S, S->x), glp_get_obj_val(S->pp)))
        return;                         /* nothing better in here */
    pool_totals(S, S->x, S->pool_sum);
    for (int j = 1; j <= S->ncols; j++)
        S->wide[j] = S->x[j];
    for (int32_t q = 0; q < S->npp; q++)
        S->wide[S->pp_col0 + q] = (double)S->pool_sum[q];
    double root = S->root, bound = S->bound;
    glp_iocp ip;
    search_params(S, &ip, guard);
    S->root = S->bound = glp_get_obj_val(S->pp);
    S->node_limit = nodes;
    S->proven = S->stopped = 0;
    S->heur_given = S->kind == OBJ_FEAS;        /* S->x breaks the floors */
    S->heur = S->wide;
    r = glp_intopt(S->pp, &ip);
    S->heur = NULL;
    int st = glp_mip_status(S->pp);
    count_search(S, rec, r);
    S->root = root;
    S->bound = bound;
    S->proven = S->stopped = 0;
    if (st != GLP_OPT && st != GLP_FEAS)
        return;
    for (int32_t q = 0; q < S->npp; q++)
        S->pool_sum[q] = whole(glp_mip_col_val(S->pp, S->pp_col0 + q));
    if (pool_fixed(S, S->y) != 0 || check_plan(S, S->y) != 0)
        return;
    double xv = plan_obj(S, S->x), v = plan_obj(S, S->y);
    if (S->kind == OBJ_FEAS || (S->kind == OBJ_METRES ? v < xv : v > xv))
        memcpy(S->x, S->y, ((size_t)S->ncols + 1) * sizeof *S->x);
}

/* The neighbourhood of the plan in hand in pooled form (RINS on the
 * totals): the totals on which the plan in hand and the LP's optimum lpx
 * (S->z) agree are fixed, the others searched as whole columns within
 * NEAR_NODES x search_nodes nodes (a fifth of search_nodes for a probe),
 * every purchase of an open pool continuous.  Then, for a stage, the same
 * one payer at a time (only its disagreeing totals free, search_nodes
 * nodes each) while the gap of T or a C stage exceeds LNS_GAP of the LP
 * (not D's, which has no such target and whose LPs are the largest): at Pudong scale
 * with 60 % of payers capped, 290 free totals were more than 200 nodes
 * could improve on (C:livelihood 887 units below its bound; one payer at
 * a time, 317).  RETURNS 0, or -1
 * with S->rc set. */
static int pool_near(struct xstate *S, struct stage_record *rec)
{
    if (pool_ready(S) < 0)
        return -1;
    if (S->c->search_nodes <= 0)
        return 0;
    pool_lp_totals(S, S->z);
    for (int32_t k = -1; k < S->n->ncaps; k++) {
        if (k >= 0 && (S->kind != OBJ_COUNT ||
                       fabs(S->root - plan_obj(S, S->x)) <=
                       LNS_GAP * (1.0 + fabs(S->root))))
            break;
        pool_totals(S, S->x, S->pool_sum);
        int nfree = 0;
        for (int32_t q = 0; q < S->npp; q++) {
            int col = S->pp_col0 + q;
            if ((k >= 0 && S->pool_cap[q] != k) ||
                fabs(S->pool_lp[q] - (double)S->pool_sum[q]) <= WHOLE_TOL) {
                glp_set_col_bnds(S->pp, col, GLP_FX, (double)S->pool_sum[q],
                                 (double)S->pool_sum[q]);
            } else {
                glp_set_col_bnds(S->pp, col, GLP_DB, 0,
                                 (double)S->n->tiers[S->pool_tier[q]].supply);
                nfree++;
            }
        }
        if (nfree == 0)
            continue;
        pool_search(S, rec, k >= 0 ? S->c->search_nodes
                            : S->kind == OBJ_FEAS ? S->c->search_nodes / 5 + 1
                            : NEAR_NODES * S->c->search_nodes);
        if (S->kind == OBJ_FEAS || settled(S, plan_obj(S, S->x), S->root))
            break;
    }
    return 0;
}

/* The pooled polish, and the fixed one when the pooled one's plan is not
 * whole.  RETURNS as polish, or -1 with S->rc set on out of memory. */
static int polish_pooled(struct xstate *S, double *y)
{
    if (pooling) {
        int r = pool_polish(S, y);
        if (r < 2)
            return r;
    }
    return polish(S, y);
}

/* polish for a plan y that is whole in every column once every column
 * is integer (all_int): when the network LP's vertex is not whole, y
 * stays as it was, snapped to whole numbers.  RETURNS as polish. */
static int polish_whole(struct xstate *S, double *y)
{
    if (!S->all_int)
        return polish(S, y);
    double *keep = S->z;        /* scratch: the LP's values are not needed now */
    for (int j = 1; j <= S->ncols; j++)
        keep[j] = j < S->zcol ? floor(y[j] + 0.5) : y[j];
    int pol = polish(S, y);
    if (pol < 0) {
        memcpy(y, keep, ((size_t)S->ncols + 1) * sizeof *y);
        pol = 0;
    }
    return pol;
}

struct frac { double frac; int64_t value_c; int j; };

static int cmp_frac(const void *a, const void *b)
{
    const struct frac *x = a, *y = b;
    if (x->frac != y->frac)
        return x->frac > y->frac ? -1 : 1;
    if (x->value_c != y->value_c)
        return x->value_c < y->value_c ? -1 : 1;
    return x->j - y->j;
}

/* What the capped purchases of a plan y take: per tier its units, per
 * cap the cents spent, per hub the units its groups could still take
 * (their demand less what the purchases bring).  add_back and trim_mixed
 * change y one unit at a time against it. */
struct ledger {
    int64_t *used, *spent, *room;
};

static void ledger_close(struct ledger *L)
{
    free(L->used);
    free(L->spent);
    free(L->room);
}

/* Count d more units on purchase column j. */
static void ledger_add(const struct xstate *S, struct ledger *L, int j,
                       int64_t d)
{
    const struct net_arc *arc = &S->n->arcs[j - 1];
    int32_t k = S->n->cap_of_payer[S->n->hubs[arc->hub].payer];
    L->used[arc->tier] += d;
    L->spent[k] += d * S->n->tiers[arc->tier].value_c;
    L->room[arc->hub] -= d;
}

/* Move purchase column j of y by d units (d = +1 or -1). */
static void ledger_move(const struct xstate *S, struct ledger *L, double *y,
                        int j, int64_t d)
{
    y[j] += (double)d;
    ledger_add(S, L, j, d);
}

/* RETURNS 0, -1 on out of memory (L then holds nothing). */
static int ledger_open(const struct xstate *S, struct ledger *L, const double *y)
{
    const struct network *n = S->n;
    L->used = calloc((size_t)n->ntiers + 1, sizeof *L->used);
    L->spent = calloc((size_t)n->ncaps + 1, sizeof *L->spent);
    L->room = calloc((size_t)n->nhubs + 1, sizeof *L->room);
    if (!L->used || !L->spent || !L->room) {
        ledger_close(L);
        return -1;
    }
    for (int32_t g = 0; g < S->G; g++)
        L->room[n->groups[g].hub] += n->groups[g].demand;
    for (int j = 1; j <= S->A; j++)
        if (tier_col(S, j))
            ledger_add(S, L, j, whole(y[j]));
    return 0;
}

/* Whether one more unit on column j keeps its tier, cap and hub (add), or
 * whether column j's tier, cap or hub is over (over). */
static int ledger_fits(const struct xstate *S, const struct ledger *L, int j)
{
    const struct net_arc *arc = &S->n->arcs[j - 1];
    int32_t k = S->n->cap_of_payer[S->n->hubs[arc->hub].payer];
    return L->used[arc->tier] < S->n->tiers[arc->tier].supply &&
           L->spent[k] <= S->n->caps[k].cap_left_c - S->n->tiers[arc->tier].value_c &&
           L->room[arc->hub] >= 1;
}

static int ledger_over(const struct xstate *S, const struct ledger *L, int j)
{
    const struct net_arc *arc = &S->n->arcs[j - 1];
    int32_t k = S->n->cap_of_payer[S->n->hubs[arc->hub].payer];
    return L->used[arc->tier] > S->n->tiers[arc->tier].supply ||
           L->spent[k] > S->n->caps[k].cap_left_c || L->room[arc->hub] < 0;
}

/* y holds the LP's capped purchases lpx rounded down: add a unit back on
 * the arcs with the largest fractions, cheapest first, while the tier's
 * supply, the payer's cap (in cents) and the hub's demand allow.
 * RETURNS 0, -1 on out of memory. */
static int add_back(struct xstate *S, const double *lpx, double *y)
{
    struct ledger L;
    struct frac *fr = malloc(((size_t)S->A + 1) * sizeof *fr);
    if (!fr || ledger_open(S, &L, y) < 0) {
        free(fr);
        return -1;
    }
    int nf = 0;
    for (int j = 1; j <= S->A; j++) {
        int64_t f = whole(y[j]);
        if (tier_col(S, j) && lpx[j] - (double)f > 1e-6)
            fr[nf++] = (struct frac){ lpx[j] - (double)f,
                S->n->tiers[S->n->arcs[j - 1].tier].value_c, j };
    }
    qsort(fr, (size_t)nf, sizeof *fr, cmp_frac);
    for (int i = 0; i < nf; i++)
        if (ledger_fits(S, &L, fr[i].j))
            ledger_move(S, &L, y, fr[i].j, 1);
    ledger_close(&L);
    free(fr);
    return 0;
}

/* y holds the plan in hand's capped purchases into a payer's own town
 * and the LP's, rounded down, elsewhere: take units off the purchases
 * elsewhere, dearest first, until every tier's supply, every cap (in
 * cents) and every hub's demand holds again.  The purchases at home keep
 * stage H's row, which the LP's rounded down never keeps.  RETURNS 0, -1
 * on out of memory. */
static int trim_mixed(struct xstate *S, double *y)
{
    struct ledger L;
    struct frac *fr = malloc(((size_t)S->A + 1) * sizeof *fr);
    if (!fr || ledger_open(S, &L, y) < 0) {
        free(fr);
        return -1;
    }
    int nf = 0;
    for (int j = 1; j <= S->A; j++)
        if (tier_col(S, j) && whole(y[j]) > 0 && !arc_home(S->n, j - 1))
            fr[nf++] = (struct frac){ 0.0,      /* dearest first */
                -S->n->tiers[S->n->arcs[j - 1].tier].value_c, j };
    qsort(fr, (size_t)nf, sizeof *fr, cmp_frac);
    for (int i = 0; i < nf; i++)
        while (y[fr[i].j] >= 1.0 && ledger_over(S, &L, fr[i].j))
            ledger_move(S, &L, y, fr[i].j, -1);
    ledger_close(&L);
    free(fr);
    return 0;
}

/* y holds the LP's capped purchases rounded down with units added back
 * (add_back): a payer keeps them only when none of its hubs gets fewer
 * units, or fewer from its own town, than in the plan in hand; every
 * other payer takes the plan in hand's purchases again.  Each row of an
 * earlier stage counts units of hubs (or from their own town), so the
 * network LP can then keep them.  A tier that the mix oversells sends
 * the first payer that keeps the LP's and buys from it back to the plan
 * in hand's, until none is oversold.  RETURNS 0, -1 on out of memory. */
static int mix_payers(struct xstate *S, double *y)
{
    struct network *n = S->n;
    int64_t *hub = calloc(4 * ((size_t)n->nhubs + 1), sizeof *hub);
    int64_t *used = calloc((size_t)n->ntiers + 1, sizeof *used);
    uint8_t *keep = malloc((size_t)n->ncaps + 1);
    if (!hub || !used || !keep) {
        free(hub);
        free(used);
        free(keep);
        return -1;
    }
    memset(keep, 1, (size_t)n->ncaps + 1);
    for (int j = 1; j <= S->A; j++) {
        if (!tier_col(S, j))
            continue;
        const struct net_arc *arc = &n->arcs[j - 1];
        int64_t *h = hub + 4 * (size_t)arc->hub;
        int home = arc_home(n, j - 1);
        h[0] += whole(y[j]);
        h[1] += whole(S->x[j]);
        h[2] += home ? whole(y[j]) : 0;
        h[3] += home ? whole(S->x[j]) : 0;
    }
    for (int32_t h = 0; h < n->nhubs; h++) {
        const int64_t *c = hub + 4 * (size_t)h;
        int32_t k = n->hubs[h].payer >= 0 ? n->cap_of_payer[n->hubs[h].payer] : -1;
        if (k >= 0 && (c[0] < c[1] || c[2] < c[3]))
            keep[k] = 0;
    }
    for (int again = 1; again;) {
        again = 0;
        memset(used, 0, ((size_t)n->ntiers + 1) * sizeof *used);
        for (int j = 1; j <= S->A; j++) {
            if (!tier_col(S, j))
                continue;
            const struct net_arc *arc = &n->arcs[j - 1];
            int32_t k = n->cap_of_payer[n->hubs[arc->hub].payer];
            if (!keep[k])
                y[j] = S->x[j];
            used[arc->tier] += whole(y[j]);
        }
        for (int j = 1; j <= S->A && !again; j++) {
            if (!tier_col(S, j) || whole(y[j]) == 0)
                continue;
            const struct net_arc *arc = &n->arcs[j - 1];
            int32_t k = n->cap_of_payer[n->hubs[arc->hub].payer];
            if (keep[k] && used[arc->tier] > n->tiers[arc->tier].supply) {
                keep[k] = 0;
                again = 1;
            }
        }
    }
    free(hub);
    free(used);
    free(keep);
    return 0;
}

/* The capped purchases of whole plan number h (0 .. NROUNDINGS-1) into
 * y, from the LP's values lpx and the plan in hand S->x; the other
 * columns are lpx's, for polish to set:
 *   0  the plan in hand's (it keeps every earlier optimum);
 *   1  the LP's rounded down;
 *   2  the LP's rounded down, with units added back (add_back);
 *   3  the plan in hand's into a payer's own town (they keep stage H),
 *      the LP's elsewhere, trimmed to the caps (trim_mixed), units added
 *      back;
 *   4  2, for each payer whose hubs lose no unit against the plan in
 *      hand, else the plan in hand's (mix_payers);
 *   5  the LP's rounded up at home, down elsewhere, trimmed to the caps;
 *   6-8  points between the plan in hand and the LP, x + t (lpx - x) for
 *      t = 1/2, 1/4, 1/8, rounded to the nearest and trimmed to the caps:
 *      the plan in hand keeps every earlier stage's row, and near it a
 *      rounding keeps them too where the LP's own roundings break one
 *      (B's floors, once tight, broke every other rounding of a C stage
 *      at Pudong scale with 30 % of payers capped);
 *   9  (pooled polish only) each payer keeps the LP's number of flats per
 *      layout, rounded down: every pool's total rounded down, then the
 *      flats still missing from the cheapest pools with a fraction left
 *      (count_rounding).
 * RETURNS 0, or -1 with S->rc set (out of memory). */
#define NROUNDINGS 10
static int count_rounding(struct xstate *S, const double *lpx, double *y);

static int rounding(struct xstate *S, int h, const double *lpx, double *y)
{
    if (h == 9)
        return pooling ? count_rounding(S, lpx, y) : rounding(S, 1, lpx, y);
    double t = h >= 6 ? ldexp(1.0, 5 - h) : 0.0;    /* 1/2, 1/4, 1/8 */
    for (int j = 1; j <= S->ncols; j++)
        y[j] = !tier_col(S, j) ? lpx[j]
               : h == 0 || (h == 3 && arc_home(S->n, j - 1)) ? S->x[j]
               : h == 5 && arc_home(S->n, j - 1) ? ceil(lpx[j] - INT_TOL)
               : h >= 6 ? floor(S->x[j] + t * (lpx[j] - S->x[j]) + 0.5)
               : floor(lpx[j] + INT_TOL);
    if (((h == 3 || h == 5 || h >= 6) && trim_mixed(S, y) < 0) ||
        (h >= 2 && h < 6 && add_back(S, lpx, y) < 0) ||
        (h == 4 && mix_payers(S, y) < 0)) {
        S->rc = RH_EXIT_SOFTWARE;
        snprintf(S->why, sizeof S->why, "out of memory");
        return -1;
    }
    return 0;
}

/* A fingerprint of y's capped purchases: roundings that agree on them
 * polish to the same plan, and only the first is polished. */
static uint64_t purchases_key(const struct xstate *S, const double *y)
{
    uint64_t k = 1469598103934665603ULL;
    for (int j = 1; j <= S->A; j++) {
        int64_t v = tier_col(S, j) ? whole(y[j]) : 0;
        if (v == 0)
            continue;
        k = (k ^ (uint64_t)j) * 1099511628211ULL;
        k = (k ^ (uint64_t)v) * 1099511628211ULL;
    }
    return k;
}

/* Has rounding key k been seen among keys[0..*n)?  Else remember it. */
static int seen_before(uint64_t *keys, int *n, uint64_t k)
{
    for (int i = 0; i < *n; i++)
        if (keys[i] == k)
            return 1;
    keys[(*n)++] = k;
    return 0;
}

/* Hand the units still free to the demand groups still short: for each
 * group in category order (then group order), while it is short, take
 * the nearest arc into its hub (then the cheapest, then the first) whose
 * class has a unit left and, for a capped purchase, whose tier has one
 * and whose payer's cap (in cents) and count rows have room.  Every row of
 * an earlier stage is a lower bound on units, so an added unit breaks
 * none: the plan stays whole and feasible, and no stage loses.  This is
 * what makes "no flat idle that a short request could take within its
 * payer's cap" hold whatever the search's budget.  RETURNS the units
 * added to S->x, or -1 when memory runs out. */
static int64_t hand_out(struct xstate *S)
{
    struct network *n = S->n;
    int32_t A = S->A, G = S->G, L = S->L;
    size_t ncnt = (size_t)n->ncaps * (size_t)(L + 1) + 1;
    int64_t *cls = calloc((size_t)n->nclasses + 1, sizeof *cls);
    int64_t *tier = calloc((size_t)n->ntiers + 1, sizeof *tier);
    int64_t *spent = calloc((size_t)n->ncaps + 1, sizeof *spent);
    int64_t *cnt = calloc(ncnt, sizeof *cnt);
    int32_t *hstart = calloc((size_t)n->nhubs + 2, sizeof *hstart);
    int32_t *harc = malloc(((size_t)A + 1) * sizeof *harc);
    int32_t *ord = malloc(((size_t)G + 1) * sizeof *ord);
    int64_t added = -1;
    if (!cls || !tier || !spent || !cnt || !hstart || !harc || !ord)
        goto out;
    for (int32_t a = 0; a < A; a++)
        hstart[n->arcs[a].hub + 1]++;
    for (int32_t h = 0; h < n->nhubs; h++)
        hstart[h + 1] += hstart[h];
    for (int32_t a = 0; a < A; a++)
        harc[hstart[n->arcs[a].hub]++] = a;
    for (int32_t h = n->nhubs; h > 0; h--)      /* undo the fill's shift */
        hstart[h] = hstart[h - 1];
    hstart[0] = 0;
    for (int32_t a = 0; a < A; a++) {
        const struct net_arc *arc = &n->arcs[a];
        int64_t f = whole(S->x[1 + a]);
        cls[arc->cls] += f;
        if (arc->tier >= 0) {
            int32_t k = n->cap_of_payer[n->hubs[arc->hub].payer];
            tier[arc->tier] += f;
            spent[k] += f * n->tiers[arc->tier].value_c;
            cnt[(size_t)k * (size_t)(L + 1) + (size_t)n->classes[arc->cls].layout] += f;
            cnt[(size_t)k * (size_t)(L + 1) + (size_t)L] += f;
        }
    }
    int32_t no = 0;
    for (int rank = 0; rank < RH_NCATEGORIES; rank++)
        for (int32_t g = 0; g < G; g++)
            if (n->groups[g].rank == rank)
                ord[no++] = g;
    added = 0;
    for (int32_t i = 0; i < no; i++) {
        int32_t g = ord[i], h = n->groups[g].hub;
        while (whole(S->x[1 + A + g]) < n->groups[g].demand) {
            int32_t best = -1;
            int64_t bd = 0, bv = 0;
            for (int32_t q = hstart[h]; q < hstart[h + 1]; q++) {
                int32_t a = harc[q];
                const struct net_arc *arc = &n->arcs[a];
                if (cls[arc->cls] >= n->classes[arc->cls].supply)
                    continue;
                int64_t v = 0;
                if (arc->tier >= 0) {
                    int32_t k = n->cap_of_payer[n->hubs[arc->hub].payer];
                    size_t c0 = (size_t)k * (size_t)(L + 1);
                    int32_t l = n->classes[arc->cls].layout;
                    v = n->tiers[arc->tier].value_c;
                    if (tier[arc->tier] >= n->tiers[arc->tier].supply ||
                        spent[k] > n->caps[k].cap_left_c - v ||
                        (double)(cnt[c0 + (size_t)l] + 1) >
                            glp_get_row_ub(S->lp, cnt_row(S, k, l)) + 1e-9 ||
                        (double)(cnt[c0 + (size_t)L] + 1) >
                            glp_get_row_ub(S->lp, cnt_row(S, k, L)) + 1e-9)
                        continue;
                }
                if (best < 0 || arc->dist_m < bd ||
                    (arc->dist_m == bd && v < bv)) {
                    best = a;
                    bd = arc->dist_m;
                    bv = v;
                }
            }
            if (best < 0)
                break;
            const struct net_arc *arc = &n->arcs[best];
            S->x[1 + best] += 1.0;
            S->x[1 + A + g] += 1.0;
            cls[arc->cls]++;
            if (arc->tier >= 0) {
                int32_t k = n->cap_of_payer[n->hubs[arc->hub].payer];
                size_t c0 = (size_t)k * (size_t)(L + 1);
                tier[arc->tier]++;
                spent[k] += n->tiers[arc->tier].value_c;
                cnt[c0 + (size_t)n->classes[arc->cls].layout]++;
                cnt[c0 + (size_t)L]++;
            }
            added++;
        }
    }
out:
    free(cls);
    free(tier);
    free(spent);
    free(cnt);
    free(hstart);
    free(harc);
    free(ord);
    return added;
}

/* A valid bound when no LP could be solved: for a maximisation every
 * column with a positive coefficient at its upper bound, for D zero. */
static double trivial_bound(const struct xstate *S)
{
    if (glp_get_obj_dir(S->lp) == GLP_MIN)
        return 0.0;
    double b = 0.0;
    for (int j = 1; j <= S->ncols; j++) {
        double c = glp_get_obj_coef(S->lp, j);
        if (c > 0)
            b += c * glp_get_col_ub(S->lp, j);
    }
    return b;
}

/* An LP ran out of the time limit.  Before the first stage's plan that
 * ends the run (exit 75, no plan); after it, the plan in hand keeps every
 * stage so far, and this stage and the ones after it are recorded as
 * feasible with a trivial bound.  RETURNS 0, or -1 with S->rc set. */
static int out_of_time(struct xstate *S, struct stage_record *rec,
                       double *value, double *bound)
{
    if (!S->timed_out && (S->rc != RH_EXIT_TIMEOUT || !S->have_plan))
        return -1;
    S->rc = 0;
    S->timed_out = 1;
    S->ctl->plan->guard_hit = 1;
    if (rec)
        rec->guard_hit = 1;
    if (S->kind == OBJ_FEAS) {
        S->infeasible = S->unsure = 1;
        return 0;
    }
    *value = plan_obj(S, S->x);
    *bound = trivial_bound(S);
    if (rec)
        rec->status = GLP_FEAS;
    return 0;
}

/* One search of the neighbourhood (below), all columns integer or only
 * the purchases.  RETURNS 1 with a whole plan better than the plan in
 * hand in S->y, 0 when none was found, 2 when one was found whose rest
 * is not whole with its purchases fixed (S->y then unset). */
static int search_near(struct xstate *S, struct stage_record *rec,
                       int every, double *mip)
{
    int guard = lp_env_ms_until(S->ctl->deadline + S->lp_grace);
    int r = simplex_once(S, 0);
    if (guard <= 0 || r != 0 || glp_get_status(S->lp) != GLP_OPT)
        return 0;
    glp_iocp ip;
    search_params(S, &ip, guard);
    S->root = S->bound = glp_get_obj_val(S->lp);
    S->node_limit = S->kind == OBJ_FEAS ? S->c->search_nodes / 5 + 1
                                        : NEAR_NODES * S->c->search_nodes;
    S->proven = S->stopped = 0;
    S->heur_given = S->kind == OBJ_FEAS;        /* S->x breaks the floors */
    int flip = every && !S->all_int;
    for (int j = 1; j < S->zcol && flip; j++)
        if (!tier_col(S, j))
            glp_set_col_kind(S->lp, j, GLP_IV);
    r = glp_intopt(S->lp, &ip);
    int st = glp_mip_status(S->lp);
    for (int j = 1; j < S->zcol && flip; j++)
        if (!tier_col(S, j))
            glp_set_col_kind(S->lp, j, GLP_CV);
    count_search(S, rec, r);
    if (st != GLP_OPT && st != GLP_FEAS)
        return 0;
    for (int j = 1; j <= S->ncols; j++)
        mip[j] = j < S->zcol ? floor(glp_mip_col_val(S->lp, j) + 0.5) : 0.0;
    double xv = plan_obj(S, S->x), v = plan_obj(S, mip);
    if (S->kind != OBJ_FEAS && !(S->kind == OBJ_METRES ? v < xv : v > xv))
        return 0;
    /* with the purchases fixed, the network LP's plan; else, when every
     * column was integer, the search's own */
    memcpy(S->y, mip, ((size_t)S->ncols + 1) * sizeof *S->y);
    int pol = polish(S, S->y);
    for (int j = 1; j <= S->A; j++)     /* polish freed them: fix again */
        if (tier_col(S, j) && fabs(S->z[j] - S->x[j]) <= WHOLE_TOL)
            glp_set_col_bnds(S->lp, j, GLP_FX, S->x[j], S->x[j]);
    if (pol == 0 && check_plan(S, S->y) == 0)
        return 1;
    if (!every || S->all_int)
        return 2;
    memcpy(S->y, mip, ((size_t)S->ncols + 1) * sizeof *S->y);
    return check_plan(S, S->y) == 0;
}

/* A neighbourhood of the plan in hand (relaxation induced: RINS): the
 * capped purchases on which the plan in hand and the LP's optimum lpx
 * (S->z) agree are fixed, the others searched, within NEAR_NODES x
 * search_nodes nodes; first with only the purchases integer, and when
 * the plan found is not whole once they are fixed (earlier stages' rows
 * make the rest more than a network), again with every column integer.  A better
 * whole plan becomes the plan in hand.  The search's bound holds for the
 * neighbourhood only and is dropped.  At Pudong scale with 30 % of payers
 * capped it closed C gaps of 650 units to 0-4.  RETURNS 0, or -1 with
 * S->rc set. */
static int neighbourhood(struct xstate *S, struct stage_record *rec)
{
    const double *lpx = S->z;
    int nfree = 0;
    for (int j = 1; j <= S->A; j++) {
        if (!tier_col(S, j))
            continue;
        if (fabs(lpx[j] - S->x[j]) <= WHOLE_TOL)
            glp_set_col_bnds(S->lp, j, GLP_FX, S->x[j], S->x[j]);
        else
            nfree++;
    }
    double root = S->root, bound = S->bound;
    double *mip = nfree > 0 && S->c->search_nodes > 0
                  ? malloc(((size_t)S->ncols + 1) * sizeof *mip) : NULL;
    int got = 0;
    if (mip) {
        got = search_near(S, rec, 0, mip);
        if (got == 2)
            got = search_near(S, rec, 1, mip);
        if (got == 1)
            memcpy(S->x, S->y, ((size_t)S->ncols + 1) * sizeof *S->x);
    }
    for (int j = 1; j <= S->A; j++)
        if (tier_col(S, j))
            tier_bounds(S, j);
    S->root = root;
    S->bound = bound;
    S->proven = S->stopped = 0;
    if (nfree > 0 && S->c->search_nodes > 0 && !mip) {
        S->rc = RH_EXIT_SOFTWARE;
        snprintf(S->why, sizeof S->why, "out of memory");
        return -1;
    }
    free(mip);
    return 0;
}

/* Does plan y meet the floors of the town rows now (a probe's)? */
static int meets_floors(const struct xstate *S, const double *y)
{
    for (int32_t r = 0; r < S->ntownrows; r++) {
        if (glp_get_row_type(S->lp, S->r_ta + r) != GLP_LO)
            continue;
        int64_t at = town_units(S, y, S->row_town[r]);
        if ((double)at < glp_get_row_lb(S->lp, S->r_ta + r) - 0.5)
            return 0;
    }
    return 1;
}

/* Solve the current objective in whole units.  On return S->x is the best
 * whole plan found (the previous one when nothing better was), *value its
 * objective, *bound the best bound proven; rec gets the status.
 * RETURNS 0, or -1 with S->rc set. */
static int solve_whole(struct xstate *S, struct stage_record *rec,
                       double *value, double *bound)
{
    int it0 = glp_get_it_cnt(S->lp);
    int first = rec && rec->lps == 0;
    for (int tries = 0;; tries++) {
        int rr = S->timed_out ? -1 : relax(S, rec);
        if (rr < 0)
            return out_of_time(S, rec, value, bound);
        if (rr > 0) {                   /* OBJ_FEAS: not even the LP */
            S->infeasible = 1;
            return 0;
        }
        double lpv = S->root = glp_get_obj_val(S->lp);
        if (first && tries == 0)    /* the stage's own relaxation */
            rec->lp_relaxation = lpv;
        int integral = 1;
        for (int j = 1; j < S->zcol && integral; j++) {
            double v = glp_get_col_prim(S->lp, j);
            integral = (!S->all_int && !tier_col(S, j)) ||
                       fabs(v - floor(v + 0.5)) <= WHOLE_TOL;
        }
        int proven = 1, pol = 0;
        S->bound = lpv;

        if (integral) {
            for (int j = 1; j <= S->ncols; j++)
                S->y[j] = glp_get_col_prim(S->lp, j);
            pol = polish_whole(S, S->y);
        } else {
            /* First whole plans, each a network LP with the capped
             * purchases fixed: at the plan in hand's (it keeps every
             * earlier optimum), and at the LP's rounded down.  The
             * search starts from the better; a probe that one of them
             * satisfies needs no search. */
            double *lpx = S->z;
            for (int j = 1; j <= S->ncols; j++)
                lpx[j] = glp_get_col_prim(S->lp, j);
            uint64_t keys[NROUNDINGS];
            int nkeys = 0;
            for (int h = 0; h < NROUNDINGS; h++) {
                if (rounding(S, h, lpx, S->y) < 0)
                    return -1;
                if (seen_before(keys, &nkeys, purchases_key(S, S->y)))
                    continue;
                int pr = polish_pooled(S, S->y);
                if (pr < 0 && S->rc)
                    return -1;              /* out of memory */
                if (pr != 0 || check_plan(S, S->y) != 0)
                    continue;
                double hv = plan_obj(S, S->y), xv = plan_obj(S, S->x);
                if (S->kind == OBJ_FEAS || (S->kind == OBJ_METRES ? hv < xv : hv > xv))
                    memcpy(S->x, S->y, ((size_t)S->ncols + 1) * sizeof *S->x);
                if (S->kind == OBJ_FEAS) {
                    if (rec)
                        rec->iterations += glp_get_it_cnt(S->lp) - it0;
                    return 0;
                }
            }
            if (S->kind != OBJ_FEAS && settled(S, plan_obj(S, S->x), lpv)) {
                memcpy(S->y, S->x, ((size_t)S->ncols + 1) * sizeof *S->y);
                goto checked;           /* the heuristic meets the bound */
            }
            if (S->kind == OBJ_FEAS) {
                /* a probe: first the neighbourhood, with the floors */
                if ((pooling ? pool_near(S, rec) : neighbourhood(S, rec)) < 0)
                    return -1;
                if (meets_floors(S, S->x)) {
                    if (rec)
                        rec->iterations += glp_get_it_cnt(S->lp) - it0;
                    return 0;
                }
            }
            /* B's probes: once two searches in the stage ended without
             * deciding (neither a plan nor a proof within their nodes),
             * a probe that no rounding meets counts as undecided without
             * a search (at Pudong scale with many caps those searches
             * decided 1 probe in 70) */
            if (S->kind == OBJ_FEAS && S->feas_undecided >= FEAS_UNDECIDED_MAX) {
                S->infeasible = S->unsure = 1;
                if (rec)
                    rec->iterations += glp_get_it_cnt(S->lp) - it0;
                return 0;
            }
            if (S->kind != OBJ_FEAS) {
                /* the pooled neighbourhood, then the per-purchase one from
                 * what it found: each reaches plans the other does not */
                if (pooling && pool_near(S, rec) < 0)
                    return -1;
                if (!settled(S, plan_obj(S, S->x), lpv) && neighbourhood(S, rec) < 0)
                    return -1;
                if (settled(S, plan_obj(S, S->x), lpv)) {
                    memcpy(S->y, S->x, ((size_t)S->ncols + 1) * sizeof *S->y);
                    goto checked;
                }
            }
            /* the LP again, over every column: the search needs its
             * optimal basis, and its bound holds for the whole pass */
            unpark_all(S);
            if (relax(S, rec) < 0)
                return out_of_time(S, rec, value, bound);
            double now = solve_clock();
            /* Bounded in nodes, not seconds: the same plan on any machine.
             * A probe of B's is one of many and gets a fifth; one that
             * its search cannot decide counts as no (B unproven). */
            S->node_limit = S->kind == OBJ_FEAS ? S->c->search_nodes / 5 + 1
                                                : S->c->search_nodes;
            int guard = lp_env_ms_until(S->ctl->deadline + S->lp_grace);
            glp_iocp ip;
            search_params(S, &ip, guard);
            S->proven = S->stopped = 0;
            S->heur_given = S->kind == OBJ_FEAS;    /* S->x breaks the floors */
            int search = guard > 0 && S->node_limit > 0;
            int r = search ? glp_intopt(S->lp, &ip) : guard > 0 ? GLP_ESTOP : GLP_ETMLIM;
            int st = search ? glp_mip_status(S->lp) : GLP_UNDEF;
            count_search(S, rec, r);
            if (r == 0 && st == GLP_OPT) {
                S->bound = glp_mip_obj_val(S->lp);
            } else if (!(S->stopped && S->proven)) {
                proven = 0;
                if (r != GLP_ETMLIM && r != GLP_ESTOP && r != 0) {
                    snprintf(S->why, sizeof S->why, "the integer search "
                             "failed (GLPK return %d)", r);
                    S->rc = RH_EXIT_SOFTWARE;
                    return -1;
                }
            }
            if (st == GLP_OPT || st == GLP_FEAS) {
                for (int j = 1; j <= S->ncols; j++)
                    S->y[j] = glp_mip_col_val(S->lp, j);
                pol = polish_whole(S, S->y);
            } else if (S->kind == OBJ_FEAS) {
                S->infeasible = 1;
                S->unsure = st != GLP_NOFEAS;
                S->feas_undecided += S->unsure;
                if (rec)
                    rec->mip_seconds += solve_clock() - now;
                return 0;
            } else {
                memcpy(S->y, S->x, ((size_t)S->ncols + 1) * sizeof *S->y);
            }
            if (rec)
                rec->mip_seconds += solve_clock() - now;
        }
checked:
        if (pol < 0 && !S->all_int) {
            /* the rest was not whole with the purchases fixed: let every
             * column be integer and solve the stage again */
            all_integer(S);
            continue;
        }
        int bad = check_plan(S, S->y);
        if (bad > 0 && tries < CAP_TRIES) {
            /* GLPK's tolerance let a cap slip by S->use[0] cents: move
             * the bound inside the cap by at least the tolerance and
             * solve again.  Plans within that band of the cap are then
             * out of reach: the stage is no longer proven optimal. */
            int32_t k = bad - 1;
            double cap = (double)S->n->caps[k].cap_left_c;
            double cut = fmax((double)S->use[0] + 0.5,
                              CAP_MARGIN * (cap + S->cap_scale[k]));
            S->cap_rhs[k] -= cut / S->cap_scale[k];
            S->slipped = 1;
            glp_set_row_bnds(S->lp, S->r_cap + k, GLP_UP, 0,
                             S->cap_rhs[k] > 0 ? S->cap_rhs[k] : 0);
            continue;
        }
        if (bad != 0) {
            if (bad > 0)
                snprintf(S->why, sizeof S->why, "a payer cap is exceeded in "
                         "cents after %d tightenings", CAP_TRIES);
            S->rc = RH_EXIT_SOFTWARE;
            return -1;
        }
        /* the search starts from S->x: keep it when nothing better came */
        double v = plan_obj(S, S->y), prev = plan_obj(S, S->x);
        if (S->kind == OBJ_FEAS || (S->kind == OBJ_METRES ? v <= prev : v >= prev))
            memcpy(S->x, S->y, ((size_t)S->ncols + 1) * sizeof *S->x);
        if (S->slipped)
            proven = 0;
        *value = plan_obj(S, S->x);
        *bound = proven ? *value : S->bound;
        if (rec)
            rec->iterations += glp_get_it_cnt(S->lp) - it0;
        if (rec && !proven)
            rec->status = GLP_FEAS;
        return 0;
    }
}

/* Stage H by hhome.h's program over the capped purchases: its plan,
 * polished by the network LP, is the stage's when it reaches the optimum
 * that program proves.  RETURNS 1 (S->x, *value, *bound set), 0 when the
 * general search must run (S->x then holds the best whole plan found),
 * -1 with S->rc set. */
static int home_first(struct xstate *S, struct stage_record *rec,
                      double *value, double *bound)
{
    int it0 = glp_get_it_cnt(S->lp);
    if (relax(S, rec) < 0)
        return -1;
    if (rec)
        rec->lp_relaxation = glp_get_obj_val(S->lp);
    int64_t *take = malloc(((size_t)S->A + 1) * sizeof *take);
    if (!take) {
        S->rc = RH_EXIT_SOFTWARE;
        snprintf(S->why, sizeof S->why, "out of memory");
        return -1;
    }
    struct hhome_result hr;
    if (hhome_solve(S->n, H_NODE_LIMIT, take, &hr) < 0) {
        free(take);
        S->rc = RH_EXIT_SOFTWARE;
        snprintf(S->why, sizeof S->why, "the integer program over the "
                 "capped purchases failed");
        return -1;
    }
    for (int j = 1; j <= S->ncols; j++)
        S->y[j] = tier_col(S, j) ? (double)take[j - 1] : 0.0;
    free(take);
    if (rec) {
        rec->mips++;
        rec->iterations += hr.iterations;
    }
    int pol = polish(S, S->y);
    if (rec)
        rec->iterations += glp_get_it_cnt(S->lp) - it0;
    if (pol != 0 || check_plan(S, S->y) != 0)
        return 0;
    double v = plan_obj(S, S->y);
    if (v > plan_obj(S, S->x))
        memcpy(S->x, S->y, ((size_t)S->ncols + 1) * sizeof *S->x);
    if (v < (double)hr.value - 0.5)
        return 0;
    /* not proven within H_NODE_LIMIT: the plan found, feasible, with the
     * program's bound (the search over the whole pass proves less) */
    *value = v;
    *bound = (double)hr.bound;
    if (rec)
        rec->status = hr.proven ? GLP_OPT : GLP_FEAS;
    return 1;
}

static void clear_obj(struct xstate *S)
{
    for (int j = 1; j <= S->ncols; j++)
        glp_set_obj_coef(S->lp, j, 0.0);
}

/* ---- the stages --------------------------------------------------------------- */

enum { UNITS_ALL = -1, UNITS_HOME = -2, LEVEL_MIN = -3 };

static void count_record(struct xstate *S, struct stage_record *rec, int which)
{
    if (rec && S->ncounted < RH_NCATEGORIES + 3) {
        S->counted[S->ncounted].rec = (int)(rec - S->ctl->plan->stages);
        S->counted[S->ncounted++].which = which;
    }
}

/* Records are the plan: a stage left feasible keeps its value only as a
 * lower bound (its row), so a later stage may raise it.  Every record of
 * H, B, T and C gets the finished plan's figure, with the stage's own
 * bound beside it; it is optimal once that figure meets the bound. */
static void records_from_plan(struct xstate *S)
{
    for (int i = 0; i < S->ncounted; i++) {
        struct stage_record *rec = &S->ctl->plan->stages[S->counted[i].rec];
        int which = S->counted[i].which;
        if (which == LEVEL_MIN) {
            for (int32_t r = 0; r < S->ntownrows; r++)
                S->active[r] = 1;
            double z = plan_level(S, S->x);
            rec->objective = z;
            if (z >= rec->bound - 1e-12) {
                rec->bound = z;
                rec->status = GLP_OPT;
            }
            continue;
        }
        int64_t v = 0;
        if (which == UNITS_HOME) {
            for (int32_t a = 0; a < S->A; a++)
                if (arc_home(S->n, a))
                    v += whole(S->x[1 + a]);
        } else {
            for (int32_t g = 0; g < S->G; g++)
                if (which == UNITS_ALL || S->n->groups[g].rank == which)
                    v += whole(S->x[1 + S->A + g]);
        }
        rec->objective = (double)v;
        if (rec->objective >= rec->bound) {
            rec->bound = rec->objective;
            rec->status = GLP_OPT;
        }
    }
}

/* hand_out on the stage's plan; *v becomes the plan's objective.  A unit
 * added after D costs distance but raises T: lexicographically better.
 * RETURNS 0, or -1 with S->rc set. */
static int hand_out_stage(struct xstate *S, struct stage_record *rec,
                          double *v)
{
    memcpy(S->y, S->x, ((size_t)S->ncols + 1) * sizeof *S->y);
    int64_t added = hand_out(S);
    if (added < 0) {
        S->rc = RH_EXIT_SOFTWARE;
        snprintf(S->why, sizeof S->why, "out of memory");
        return -1;
    }
    if (added == 0)
        return 0;
    if (check_plan(S, S->x) != 0) {     /* cannot be: keep the plan as it was */
        memcpy(S->x, S->y, ((size_t)S->ncols + 1) * sizeof *S->x);
        return 0;
    }
    if (rec)
        rec->handed_out += added;
    *v = plan_obj(S, S->x);
    return 0;
}

static int stage_max(struct xstate *S, const char *name, const char *what,
                     int keep_row, int which)
{
    double t0 = solve_clock();
    struct network *n = S->n;
    struct stage_record *rec = new_record(S, name, what);
    count_record(S, rec, which);
    park_idle(S);
    clear_obj(S);
    glp_set_obj_dir(S->lp, GLP_MAX);
    if (which == UNITS_HOME) {
        for (int32_t a = 0; a < S->A; a++)
            if (arc_home(n, a))
                glp_set_obj_coef(S->lp, 1 + a, 1.0);
    } else {
        for (int32_t g = 0; g < S->G; g++)
            if (which == UNITS_ALL || n->groups[g].rank == which)
                glp_set_obj_coef(S->lp, 1 + S->A + g, 1.0);
    }
    /* H counts the arcs within a town only, and an arc between towns
     * can only take supply or cap room from them: H is solved with those
     * arcs shut, a far smaller integer program with the same optimum. */
    S->home_only = which == UNITS_HOME;
    if (S->home_only)
        for (int32_t a = 0; a < S->A; a++)
            if (!arc_home(n, a))
                glp_set_col_bnds(S->lp, 1 + a, GLP_FX, 0, 0);
    S->kind = OBJ_COUNT;
    double v, b;
    int rs = 0;
    if (S->home_only && S->n->ncaps > 0)
        rs = home_first(S, rec, &v, &b);
    if (rs == 0)
        rs = solve_whole(S, rec, &v, &b);
    else if (rs > 0)
        rs = 0;
    int shut = S->home_only;
    S->home_only = 0;
    for (int32_t a = 0; a < S->A && shut; a++)
        if (!arc_home(n, a)) {
            if (tier_col(S, 1 + a))
                tier_bounds(S, 1 + a);
            else
                glp_set_col_bnds(S->lp, 1 + a, GLP_DB, 0, arc_ub(S, a));
        }
    if (rs < 0) {
        snprintf(S->failed, sizeof S->failed, "%s", name);
        return -1;
    }
    if (which != UNITS_HOME && (rs = hand_out_stage(S, rec, &v)) < 0) {
        snprintf(S->failed, sizeof S->failed, "%s", name);
        return -1;
    }
    S->stages_left--;
    if (rec) {
        rec->objective = v;
        rec->bound = floor(b + 1e-6);
        if (v >= rec->bound)
            rec->status = GLP_OPT;
    }
    glp_set_row_bnds(S->lp, keep_row, GLP_LO, (double)whole(v), 0);
    finish_record(S, rec, t0);
    return 0;
}

/* Is there a whole plan in which town row r gets at least F[r] for every
 * row?  RETURNS 1 (S->x is one), 0 (no: *sure = 0 when only the time
 * budget said so), -1 with S->rc set. */
static int feasible(struct xstate *S, struct stage_record *rec,
                    const int64_t *F, int *sure)
{
    for (int32_t r = 0; r < S->ntownrows; r++)
        glp_set_row_bnds(S->lp, S->r_ta + r, F[r] > 0 ? GLP_LO : GLP_FR,
                         (double)F[r], 0);
    clear_obj(S);
    glp_set_obj_dir(S->lp, GLP_MAX);
    for (int32_t g = 0; g < S->G; g++)
        glp_set_obj_coef(S->lp, 1 + S->A + g, 1.0);
    S->kind = OBJ_FEAS;
    S->infeasible = S->unsure = 0;
    S->b_probes++;
    park_idle(S);
    double v, b;
    if (solve_whole(S, rec, &v, &b) < 0)
        return -1;
    if (S->infeasible && S->unsure)
        *sure = 0;
    return !S->infeasible;
}

/* B's whole plans near the round's LP (max z, just solved): each
 * rounding of the LP's capped purchases, polished first for the level
 * (max z with them fixed), then as a network with the floors
 * max(F, floor(z D_t)) that level allows.  The plan with the highest
 * level, when above the plan in hand's, becomes the plan in hand; a
 * round's bisection then starts close to the LP's bound instead of at
 * the previous round's plan.  The LP is left with the round's bounds and
 * objective.  RETURNS 0, or -1 with S->rc set. */
static int level_roundings(struct xstate *S, const int64_t *F, int64_t *G)
{
    double *lpx = S->z, *y = S->y;
    for (int j = 1; j <= S->ncols; j++)
        lpx[j] = glp_get_col_prim(S->lp, j);
    double best = plan_level(S, S->x);
    uint64_t keys[NROUNDINGS];
    int nkeys = 0;
    for (int h = 0; h < NROUNDINGS; h++) {
        if (rounding(S, h, lpx, y) < 0)
            return -1;
        if (seen_before(keys, &nkeys, purchases_key(S, y)) || polish(S, y) > 0)
            continue;
        double z = y[S->zcol];
        if (z <= best + 1e-12)
            continue;           /* its level cannot beat the plan in hand */
        for (int32_t r = 0; r < S->ntownrows; r++) {
            int64_t f = S->active[r] ? (int64_t)floor(z *
                        (double)S->n->town_demand[S->row_town[r]] + 1e-9) : 0;
            G[r] = f > F[r] ? f : F[r];
            glp_set_row_bnds(S->lp, S->r_ta + r, G[r] > 0 ? GLP_LO : GLP_FR,
                             (double)G[r], 0);
            glp_set_row_bnds(S->lp, S->r_tl + r, GLP_FR, 0, 0);
        }
        glp_set_col_bnds(S->lp, S->zcol, GLP_FX, 0.0, 0.0);
        clear_obj(S);
        for (int32_t g = 0; g < S->G; g++)
            glp_set_obj_coef(S->lp, 1 + S->A + g, 1.0);
        y[S->zcol] = 0.0;
        int ok = polish(S, y) == 0 && check_plan(S, y) == 0;
        /* back to the round's LP */
        for (int32_t r = 0; r < S->ntownrows; r++) {
            glp_set_row_bnds(S->lp, S->r_ta + r, F[r] > 0 ? GLP_LO : GLP_FR,
                             (double)F[r], 0);
            glp_set_row_bnds(S->lp, S->r_tl + r, S->active[r] ? GLP_LO : GLP_FR,
                             0, 0);
        }
        glp_set_col_bnds(S->lp, S->zcol, GLP_DB, 0.0, 1.0);
        clear_obj(S);
        glp_set_obj_coef(S->lp, S->zcol, 1.0);
        if (ok && plan_level(S, y) > best + 1e-12) {
            best = plan_level(S, y);
            memcpy(S->x, y, ((size_t)S->ncols + 1) * sizeof *S->x);
        }
    }
    return 0;
}

/* Integer progressive filling (exact.h).  Each round finds the highest
 * level z that whole plans can give every active town, by bisection on
 * the floors ceil(z D_t) between the plan in hand and the LP's bound:
 * whether floors can be met is one LP, and an integer search only when
 * that LP is fractional. */
static int stage_b(struct xstate *S, double *level, int64_t *floors)
{
    double t0 = solve_clock();
    struct network *n = S->n;
    struct stage_record *rec = new_record(S, "B",
                                          "max-min town fill rate (whole units)");
    count_record(S, rec, LEVEL_MIN);
    int64_t *F = calloc(2 * ((size_t)S->ntownrows + 1), sizeof *F);
    uint8_t *cand = malloc(2 * ((size_t)S->ntownrows + 1));
    if (!F || !cand) {
        free(F);
        free(cand);
        S->rc = RH_EXIT_SOFTWARE;
        snprintf(S->why, sizeof S->why, "out of memory");
        snprintf(S->failed, sizeof S->failed, "B");
        return -1;
    }
    int64_t *G = F + S->ntownrows + 1;      /* floors under test */
    int32_t nactive = S->ntownrows;
    for (int32_t r = 0; r < S->ntownrows; r++)
        S->active[r] = 1;
    double prev = -1.0;
    int round = 0, sure = 1, rc = -1;
    /* B takes many probes: past its budget of probes (work, not time),
     * the towns still active are frozen where the plan in hand puts them */
    int b_limit = B_PROBES_PER_TOWN * S->ntownrows + B_PROBES_BASE;
    S->b_probes = 0;
    S->feas_undecided = 0;
#define FLOORS_AT(z) do { \
        for (int32_t r_ = 0; r_ < S->ntownrows; r_++) \
            G[r_] = S->active[r_] ? (int64_t)ceil((z) * \
                    (double)n->town_demand[S->row_town[r_]] - 1e-9) : F[r_]; \
    } while (0)
    while (nactive > 0) {
        park_idle(S);
        /* the bound: the LP of max z over the active towns */
        for (int32_t r = 0; r < S->ntownrows; r++) {
            glp_set_row_bnds(S->lp, S->r_ta + r, F[r] > 0 ? GLP_LO : GLP_FR,
                             (double)F[r], 0);
            glp_set_row_bnds(S->lp, S->r_tl + r, S->active[r] ? GLP_LO : GLP_FR,
                             0, 0);
        }
        glp_set_col_bnds(S->lp, S->zcol, GLP_DB, 0.0, 1.0);
        clear_obj(S);
        glp_set_obj_dir(S->lp, GLP_MAX);
        glp_set_obj_coef(S->lp, S->zcol, 1.0);
        S->kind = OBJ_LEVEL;
        double hi = 1.0;
        int stop = S->timed_out;
        if (!stop && relax(S, rec) < 0) {
            if (S->rc != RH_EXIT_TIMEOUT || !S->have_plan)
                goto out;
            S->rc = 0;              /* out of time: the plan in hand */
            S->timed_out = stop = 1;
        }
        if (!stop)
            hi = glp_get_obj_val(S->lp) + 1e-9;
        if (!stop && level_roundings(S, F, G) < 0)
            goto out;
        if (round == 0 && n->pass == 0)
            S->ctl->plan->lambda_star = hi - 1e-9;  /* the LP's, as without caps */
        if (round == 0 && rec && !stop)
            rec->lp_relaxation = hi - 1e-9;
        for (int32_t r = 0; r < S->ntownrows; r++)
            glp_set_row_bnds(S->lp, S->r_tl + r, GLP_FR, 0, 0);
        glp_set_col_bnds(S->lp, S->zcol, GLP_FX, 0.0, 0.0);
        S->x[S->zcol] = 0.0;
        double lo = plan_level(S, S->x);            /* S->x meets it */
        /* hi brackets the search; ub is the bound proven: a probe that
         * its search could not decide lowers hi, never ub */
        double ub = hi;
        int late = stop;
        if (stop)
            sure = 0;
        int unsure_run = 0;         /* undecided probes in a row */
        for (int probe = 0; !stop; probe++) {
            double nl = next_level(S, lo);
            if (unsure_run >= B_UNSURE_RUN) {
                sure = 0;       /* the next round's LP and roundings go on */
                break;
            }
            if (nl > hi)
                break;                              /* lo is the optimum */
            if (S->b_probes >= b_limit) {
                late = 1;
                sure = 0;
                break;
            }
            /* the first probe just under the LP's bound: with few caps
             * whole plans usually reach it, and one probe settles it */
            double zt = probe == 0 ? hi - 1e-9 : 0.5 * (lo + hi);
            if (zt < nl)
                zt = nl;
            FLOORS_AT(zt);
            int ok = 1, f = feasible(S, rec, G, &ok);
            if (f < 0)
                goto out;
            if (!ok)
                sure = 0;
            unsure_run = ok ? 0 : unsure_run + 1;
            if (f)
                lo = plan_level(S, S->x);
            else
                hi = zt - 1e-12;
            if (!f && ok)
                ub = hi;
        }
        double z = lo;
        if (round == 0 && rec) {
            rec->objective = z;
            rec->bound = sure ? z : fmax(ub, z);
            if (!sure)          /* B's value is the first round's */
                rec->status = GLP_FEAS;
        }
        round++;
        /* every active town gets ceil(z D_t); a town at z is frozen when
         * it cannot get one unit more while every floor holds */
        FLOORS_AT(z);
        memcpy(F, G, (size_t)S->ntownrows * sizeof *F);
        for (int32_t r = 0; r < S->ntownrows; r++) {
            int32_t t = S->row_town[r];
            cand[r] = 0;
            if (!S->active[r])
                continue;
            cand[r] = (double)town_units(S, S->x, t) <=
                      z * (double)n->town_demand[t] + 1e-9;
        }
        int all = z >= 1.0 - 1e-12 || z <= prev + 1e-12 || late;
        uint8_t *was = cand + S->ntownrows + 1;
        memcpy(was, cand, (size_t)S->ntownrows);
        int32_t stuck = 0, ncand = 0;
        for (int32_t r = 0; r < S->ntownrows && !all; r++) {
            if (!cand[r])
                continue;
            if (S->b_probes >= b_limit) {   /* out of B's budget: freeze */
                late = all = 1;
                sure = 0;
                break;
            }
            ncand++;
            memcpy(G, F, (size_t)S->ntownrows * sizeof *G);
            G[r]++;
            int ok = 1, up = feasible(S, rec, G, &ok);
            if (up < 0)
                goto out;
            /* frozen only on a proven no: a town whose rise no search
             * decided stays active, and the next round's LP and
             * roundings try again (a round that gains nothing freezes
             * every town at its level) */
            cand[r] = !up && ok;
            stuck += cand[r];
            if (!ok)
                sure = 0;
        }
        if (!all && ncand > 0 && stuck == 0) {
            /* Each town at z can rise alone, but not all together: raise
             * them one after another while every floor holds; those that
             * cannot join stay at z (fewest towns at the minimum is the
             * next leximin criterion; this set is maximal, not proven
             * maximum). */
            memcpy(G, F, (size_t)S->ntownrows * sizeof *G);
            for (int32_t r = 0; r < S->ntownrows; r++) {
                if (!was[r] || S->b_probes >= b_limit)
                    continue;
                G[r]++;
                int ok = 1, up = feasible(S, rec, G, &ok);
                if (up < 0)
                    goto out;
                if (!up)
                    G[r]--;
                cand[r] = !up && ok;
                if (!ok)
                    sure = 0;
            }
            memcpy(F, G, (size_t)S->ntownrows * sizeof *F);
        }
        for (int32_t r = 0; r < S->ntownrows; r++) {
            if (!S->active[r] || !(z >= 1.0 - 1e-12 || late || cand[r]))
                continue;
            S->active[r] = 0;
            nactive--;
            level[S->row_town[r]] = z > 1.0 ? 1.0 : z;
        }
        prev = z;
    }
#undef FLOORS_AT
    for (int32_t r = 0; r < S->ntownrows; r++) {
        floors[S->row_town[r]] = F[r];
        glp_set_row_bnds(S->lp, S->r_ta + r, F[r] > 0 ? GLP_LO : GLP_FR,
                         (double)F[r], 0);
    }
    S->stages_left--;
    finish_record(S, rec, t0);
    rc = 0;
out:
    if (rc < 0)
        snprintf(S->failed, sizeof S->failed, "B");
    free(F);
    free(cand);
    return rc;
}

static int stage_d(struct xstate *S)
{
    double t0 = solve_clock();
    struct network *n = S->n;
    struct stage_record *rec = new_record(S, "D",
                                          "unit-km between home town and project town");
    park_idle(S);
    clear_obj(S);
    glp_set_obj_dir(S->lp, GLP_MIN);
    for (int32_t a = 0; a < S->A; a++)
        glp_set_obj_coef(S->lp, 1 + a, (double)n->arcs[a].dist_m);
    S->kind = OBJ_METRES;
    double v, b;
    if (solve_whole(S, rec, &v, &b) < 0 || hand_out_stage(S, rec, &v) < 0) {
        snprintf(S->failed, sizeof S->failed, "D");
        return -1;
    }
    S->stages_left--;
    if (rec) {
        rec->objective = v / 1000.0;
        rec->bound = rec->status == GLP_OPT ? rec->objective
                     : fmin(ceil(b - 1e-6), v) / 1000.0;
    }
    finish_record(S, rec, t0);
    return 0;
}

static const char *const cat_what[RH_NCATEGORIES] = {
    "units to livelihood requests", "units to infrastructure requests",
    "units to industry requests", "units to social requests"
};

static int run(struct xstate *S, double *level, int64_t *floors)
{
    int ncat = 0;
    for (int k = 0; k < RH_NCATEGORIES; k++)
        for (int32_t g = 0; g < S->G; g++)
            if (S->n->groups[g].rank == k) {
                ncat++;
                break;
            }
    S->stages_left = 4 + ncat;
    if (stage_max(S, "H", "units to the project's own town", S->r_h, UNITS_HOME) < 0)
        return -1;
    S->have_plan = 1;
    if (stage_b(S, level, floors) < 0 ||
        stage_max(S, "T", "units allocated", S->r_t, UNITS_ALL) < 0)
        return -1;
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        int cat = S->c->category_order[k], any = 0;
        for (int32_t g = 0; g < S->G && !any; g++)
            any = S->n->groups[g].rank == k;
        if (!any)
            continue;
        char name[32];
        snprintf(name, sizeof name, "C:%s", rh_category_names[cat]);
        if (stage_max(S, name, cat_what[cat], S->r_c + k, k) < 0)
            return -1;
    }
    if (stage_d(S) < 0)
        return -1;
    records_from_plan(S);
    return 0;
}

static void xstate_free(struct xstate *S)
{
    free(S->cap_scale);
    free(S->cap_rhs);
    free(S->town_row);
    free(S->row_town);
    free(S->active);
    free(S->x);
    free(S->y);
    free(S->z);
    free(S->objsave);
    free(S->pool_of);
    free(S->pool_sum);
    free(S->pool_tier);
    free(S->pool_cap);
    free(S->pool_lp);
    free(S->wide);
    free(S->use);
    free(S->parked);
    free(S->best);
    free(S->best_d);
    free(S->dual);
    free(S);
}

int exact_solve(struct network *n, const struct model *m,
                const struct config *c, struct stage_ctl *ctl,
                double *town_level, int64_t *town_floor, FILE *err)
{
    struct xstate *S = calloc(1, sizeof *S);
    if (!S) {
        fprintf(err, "rehouse: out of memory\n");
        return RH_EXIT_SOFTWARE;
    }
    S->n = n;
    S->m = m;
    S->c = c;
    S->ctl = ctl;
    S->lp_grace = 0.1 * (double)c->time_limit_s + 1.0;
    S->L = m->layouts.n > 0 ? m->layouts.n : 1;
    size_t cols = (size_t)n->ndirect + (size_t)n->ngroups + (size_t)n->ntowns + 2;
    size_t rows = (size_t)n->nclasses + (size_t)n->ntiers + (size_t)n->nhubs +
                  (size_t)n->ncaps * ((size_t)S->L + 2) + 2 * (size_t)n->ntowns +
                  RH_NCATEGORIES + 4;
    S->cap_scale = calloc((size_t)n->ncaps + 1, sizeof *S->cap_scale);
    S->cap_rhs = calloc((size_t)n->ncaps + 1, sizeof *S->cap_rhs);
    S->town_row = malloc(((size_t)n->ntowns + 1) * sizeof *S->town_row);
    S->row_town = malloc(((size_t)n->ntowns + 1) * sizeof *S->row_town);
    S->active = calloc((size_t)n->ntowns + 1, 1);
    S->x = calloc(cols, sizeof *S->x);
    S->y = calloc(cols, sizeof *S->y);
    S->z = calloc(cols, sizeof *S->z);
    S->objsave = calloc(cols, sizeof *S->objsave);
    S->use = calloc(rows > (size_t)n->ntowns ? rows : (size_t)n->ntowns + 1,
                    sizeof *S->use);
    S->parked = calloc((size_t)n->ndirect + 1, 1);
    S->best = malloc(((size_t)n->nhubs * PRICE_PER_HUB + 1) * sizeof *S->best);
    S->best_d = malloc(((size_t)n->nhubs * PRICE_PER_HUB + 1) * sizeof *S->best_d);
    S->dual = malloc((rows + 1) * sizeof *S->dual);
    if (!S->cap_scale || !S->cap_rhs || !S->town_row || !S->row_town ||
        !S->active || !S->x || !S->y || !S->z || !S->objsave || !S->use || !S->parked ||
        !S->best || !S->best_d || !S->dual) {
        xstate_free(S);
        fprintf(err, "rehouse: out of memory\n");
        return RH_EXIT_SOFTWARE;
    }
    for (int32_t t = 0; t < n->ntowns; t++) {
        S->town_row[t] = -1;
        if (n->town_demand[t] > 0) {
            S->row_town[S->ntownrows] = t;
            S->town_row[t] = S->ntownrows++;
        }
    }
    for (int32_t a = 0; a < n->narcs; a++)
        n->arcs[a].flow = 0.0;
    for (int32_t g = 0; g < n->ngroups; g++)
        n->groups[g].flow = 0.0;
    volatile int rc = 0;
    if (n->ndirect == 0 || S->ntownrows == 0) {
        for (int32_t t = 0; t < n->ntowns; t++) {
            town_level[t] = n->town_demand[t] > 0 ? 0.0 : town_level[t];
            town_floor[t] = 0;
        }
        goto done;
    }
    if (lp_env_open(&S->env, ctl->log) < 0) {
        fprintf(err, "rehouse: out of memory (GLPK environment)\n");
        rc = RH_EXIT_SOFTWARE;
        goto done;
    }
    if (setjmp(S->env.fail)) {
        lp_env_abandon();
        fprintf(err, "rehouse: internal solver error (GLPK), no plan written\n");
        rc = RH_EXIT_SOFTWARE;
        goto done;
    }
    if (build(S) < 0) {
        fprintf(err, "rehouse: out of memory\n");
        rc = RH_EXIT_SOFTWARE;
    } else if (run(S, town_level, town_floor) < 0) {
        rc = S->rc ? S->rc : RH_EXIT_SOFTWARE;
        if (rc == RH_EXIT_TIMEOUT)
            fprintf(err, "rehouse: the solver time limit (%d s) ran out in "
                    "stage %s before its LP relaxation was solved, no plan "
                    "written\n", c->time_limit_s, S->failed[0] ? S->failed : "?");
        else
            fprintf(err, "rehouse: stage %s could not be certified in whole "
                    "units: %s; no plan written\n",
                    S->failed[0] ? S->failed : "?", S->why);
    } else {
        for (int32_t a = 0; a < S->A; a++)
            n->arcs[a].flow = (double)whole(S->x[1 + a]);
        for (int32_t g = 0; g < S->G; g++)
            n->groups[g].flow = (double)whole(S->x[1 + S->A + g]);
    }
    glp_delete_prob(S->lp);
    if (S->pp)
        glp_delete_prob(S->pp);
    lp_env_close();
done:
    xstate_free(S);
    return rc;
}

/* test_exact.c -- property tests of allocate_plan with tight payer caps:
 * are the plans optimal in whole units when caps bind (SPEC section 4)?
 *
 * Generated instances (seeded xorshift, fixed seeds) are built in memory
 * and planned under late = reject|last x suspended = hold|release, with a
 * random category_order.  Every payer is capped at 2-20 % of the value of
 * its requests' demand at the mean unit value (a fifth of the capped payers
 * at 20-100 %), some payers are uncapped, some capped at 0.  Each plan is
 * checked against optima the test computes on its own, never with src/solve:
 * a unit-level integer program (one binary x[u,r] per allocatable unit u and
 * request r of the same layout in the pass; sum_r x <= 1, sum_u x <=
 * units[r], sum value_u x <= the payer's cap room, exact cents) solved with
 * glp_intopt; its solution is rounded and re-checked in integers, and a cap
 * that GLPK's tolerance let slip by a few cents is cut off by a cover
 * inequality and the MIP solved again, so the optimum is exact.  Small
 * passes are also enumerated exhaustively, and H is also computed by the
 * aggregated tier program used at Pudong scale: all must agree (property
 * "oracle", a failure of the test itself).
 *
 *  1  H: home-town units (unit.town == request.home_town) of each pass equal
 *     the integer optimum under every cap (late pass: from what the on-time
 *     pass left, with the cap room it left).
 *  2  B: the plan's lowest town fill rate min A_t/D_t (on-time pass, towns
 *     with D_t > 0) equals the integer max-min given H (exact fractions).
 *  3  A_t >= plan.town_floor[t] for every town.
 *  4  records: the last "H", "T", "C:<cat>" record of each pass equals the
 *     plan's own count; late-pass records say "late", none exist under
 *     late = reject.  4s: H/B/T/C/D records whose status is not GLP_OPT
 *     are counted and shown, but are no failure by themselves (the brief:
 *     "report it"; the plan is still held to 1-9).
 *  5  T: no allocatable flat idle while a request of its layout that takes
 *     part is short and its payer's cap room covers the flat's value.
 *  6  C: no flat held by a request of a later category that an earlier-
 *     category request of the same pass, home town and layout, short of
 *     units, could take within its payer's cap room.
 *  5x, 6x (stronger, on the on-time pass when 1 and 3 hold): the plan's
 *     units equal the integer optimum T* given H* and the plan's published
 *     floors (A_t >= town_floor[t]); then for each category in
 *     category_order its units equal the integer optimum given H*, the
 *     floors, T* and the earlier categories' counts.
 *  7  late = last: the on-time part of the plan equals, unit for unit, the
 *     plan of the same instance under late = reject.
 *  8  allocate_plan returns 0; each unit used once, allocatable, by a
 *     request that takes part, of its layout; counts match; every cap held
 *     to the cent.
 *  9  a second run gives the same unit_request.
 * Pudong-like instances (36 towns, ~3000 units, ~200 requests, 10-60 % of
 * payers capped; time_limit_s = PUDONG_TIME_LIMIT) check 1 with an
 * aggregated integer program over value tiers (project town, layout, exact
 * value): see oracle_h_tiers.  8, 4 and 4s come for free and are checked too.
 *
 * Environment: RH_TEST_BUSY=0 skips test_pudong_busy; RH_TEST_NODES=n and
 * RH_TEST_TIME_LIMIT=s set the Pudong-like plans' search_nodes and guard;
 * RH_TEST_SEED=n runs instance n only (small 1..N, Pudong-like
 * from 900001); RH_TEST_N=n sets N (default 1000); RH_TEST_PUDONG=n the
 * number of Pudong-like instances (default 4); RH_TEST_POLICY=reject,hold
 * (or last,release, ...) one policy only; RH_TEST_LOG=1 passes stderr as
 * the solver log.  A failure prints the seed, the policy, the whole
 * instance and the plan on stderr (at most 20 dumps; a Pudong-like
 * instance only under RH_TEST_SEED).  Per-property counts and seconds go
 * to stderr; the binary fails when any property but 4s fails.
 */
#include "testkit.h"

#include <math.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "output/reason.h"
#include "solve/allocate.h"
#include "solve/exact.h"
#include "solve/plan.h"

#define NSMALL_DEFAULT 1000
#define NPUDONG 4               /* RH_TEST_PUDONG=n: another count */
#define SEED_PUDONG 900001u
#define PUDONG_TIME_LIMIT 3600   /* s: the outer guard, never reached (every
                                    search is bounded in work) */
#define MAX_DUMPS 20
#define MAX_LINES 25      /* FAIL lines per property */
#define DFS_LIMIT 400000L

/* ------------------------------------------------------------------------
 * Properties, counters, failure reports
 * ---------------------------------------------------------------------- */

enum { PR_H, PR_B, PR_FLOOR, PR_REC, PR_STATUS, PR_IDLE, PR_TX, PR_CAT, PR_CX,
       PR_LATE, PR_VALID, PR_DET, PR_ORACLE, PR_WHY, NPROPS };
static const char *const prop_name[NPROPS] = {
    "1 H integer optimum", "2 B integer max-min", "3 floors met",
    "4 records = plan", "4s stage status OPT", "5 T no idle flat",
    "5x T integer optimum", "6 C category order", "6x C lexicographic opt",
    "7 late=last on-time part", "8 valid, caps held",
    "9 determinism", "oracle self-check", "10 reasons true"
};

struct stats {
    long instances, plans, cap_bound_plans, h_cap_bound, runs;
    long checked[NPROPS], failed[NPROPS], failed_capbound[NPROPS];
    char examples[NPROPS][160];
    int nexamples[NPROPS];
    unsigned last_example[NPROPS];
    long b_floors_low;          /* 2 failed, published floors below z* */
    long b_floors_low_same;     /* ... and H*, z* the same without caps */
    long milps, dfs_checks, dfs_aborted, z_extra_rounds, cover_cuts, undecided;
    double alloc_s, alloc_max_s;
    unsigned alloc_max_seed;
};
static struct stats g_st;
static int g_lines[NPROPS], g_dumps;     /* FAIL lines per property, dumps */

static unsigned env_uint(const char *name, unsigned dflt)
{
    const char *s = getenv(name);
    return s && *s ? (unsigned)strtoul(s, NULL, 10) : dflt;
}

/* One plan under check. */
struct ctx {
    unsigned seed;
    char policy[64];
    const struct model *m;
    const struct config *c;
    const struct plan *p;
    int cap_bound;
    uint8_t failed[NPROPS];
    char note[512];         /* the test's own optima, for the dump */
};

static void failf(struct ctx *X, int prop, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void failf(struct ctx *X, int prop, const char *fmt, ...)
{
    if (!X->failed[prop]) {
        X->failed[prop] = 1;
        g_st.failed[prop]++;
        if (X->cap_bound)
            g_st.failed_capbound[prop]++;
        if (g_st.nexamples[prop] < 4 && X->seed != g_st.last_example[prop]) {
            g_st.last_example[prop] = X->seed;
            size_t len = strlen(g_st.examples[prop]);
            snprintf(g_st.examples[prop] + len, sizeof g_st.examples[prop] - len,
                     "%s%u(%s)", len ? " " : "", X->seed, X->policy);
            g_st.nexamples[prop]++;
        }
    }
    if (++g_lines[prop] > MAX_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s %s seed=%u policy=%s: ",
            prop == PR_STATUS ? "note" : "FAIL",    /* 4s: reported only */
            prop_name[prop], X->seed, X->policy);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int any_failed(const struct ctx *X)
{
    for (int k = 0; k < NPROPS; k++)
        if (X->failed[k])
            return 1;
    return 0;
}

/* ------------------------------------------------------------------------
 * The test's own view of eligibility (SPEC section 3, re-derived)
 * ---------------------------------------------------------------------- */

struct view {
    const struct model *m;
    const struct config *c;
    uint8_t *ok_unit;       /* per unit: allocatable */
    uint8_t *in_default;    /* per payer */
    uint8_t *late;          /* per request: submitted after the deadline */
    int8_t *pass;           /* per request: 0 on-time pass, 1 late pass,
                               -1 takes no part */
};

static void view_init(struct view *v, const struct model *m,
                      const struct config *c)
{
    v->m = m;
    v->c = c;
    v->ok_unit = calloc((size_t)m->nunits + 1, 1);
    v->in_default = calloc((size_t)m->npayers + 1, 1);
    v->late = calloc((size_t)m->nrequests + 1, 1);
    v->pass = calloc((size_t)m->nrequests + 1, 1);
    assert_true(v->ok_unit && v->in_default && v->late && v->pass);
    for (int u = 0; u < m->nunits; u++)
        v->ok_unit[u] = m->units[u].status == UNIT_AVAILABLE &&
                        m->units[u].available_on <= c->horizon_end;
    for (int i = 0; i < m->nledger; i++) {
        const struct ledger_row *g = &m->ledger[i];
        if ((int64_t)c->as_of - g->due_on > c->grace_days &&
            g->due_c - g->paid_c > c->tolerance_cents)
            v->in_default[g->payer] = 1;
    }
    for (int r = 0; r < m->nrequests; r++) {
        const struct request *q = &m->requests[r];
        int late = q->submitted_on > c->deadline, takes;
        if (late && c->late == RH_LATE_REJECT)
            takes = 0;
        else if (!m->payers[q->payer].capacity_proof)
            takes = 0;
        else if (v->in_default[q->payer])
            takes = c->suspended == RH_SUSP_HOLD;
        else
            takes = 1;
        v->late[r] = (uint8_t)late;
        v->pass[r] = (int8_t)(!takes ? -1 : late ? 1 : 0);
    }
}

static void view_release(struct view *v)
{
    free(v->ok_unit);
    free(v->in_default);
    free(v->late);
    free(v->pass);
}

/* ------------------------------------------------------------------------
 * Exact fractions (fill rates a/b, b > 0)
 * ---------------------------------------------------------------------- */

struct frac { int64_t a, b; };

static int frac_cmp(struct frac x, struct frac y)
{
    __int128 l = (__int128)x.a * y.b, r = (__int128)y.a * x.b;
    return l < r ? -1 : l > r;
}

/* min over towns with D > 0 of A/D; *any = 0 when no town has demand. */
static struct frac min_rate(const int64_t *A, const int64_t *D, int T, int *any)
{
    struct frac z = { 1, 1 };
    *any = 0;
    for (int t = 0; t < T; t++)
        if (D[t] > 0) {
            struct frac f = { A[t], D[t] };
            if (!*any || frac_cmp(f, z) < 0)
                z = f;
            *any = 1;
        }
    return z;
}

/* ------------------------------------------------------------------------
 * The test's own unit-level integer program
 * ---------------------------------------------------------------------- */

/* One pass as the test sees it. */
struct oprob {
    const struct model *m;
    int nu;
    int32_t *u;             /* model units available to the pass */
    int nr;
    int32_t *r;             /* model requests of the pass with units > 0 */
    int64_t *room;          /* per payer: cap room in cents, -1 = uncapped */
    int64_t *D;             /* per town: demand of the pass */
    /* more rows for properties 5x/6x (-1: none; oprob_build sets none) */
    int64_t total_lo;           /* units allocated >= total_lo */
    int64_t cat_lo[RH_NCATEGORIES]; /* units of category rank k >= cat_lo[k] */
    const int *rank;            /* category -> rank (config), or NULL */
    int obj_rank;               /* OQ_CAT: the rank whose units count */
};

static void oprob_release(struct oprob *P)
{
    free(P->u);
    free(P->r);
    free(P->room);
    free(P->D);
    memset(P, 0, sizeof *P);
}

/* The pass `pass` of v.  used: per unit, 1 when the unit is not available
 * to the pass (given in the on-time pass), or NULL; spent: per payer, value
 * already allocated (subtracted from the cap), or NULL. */
static void oprob_build(struct oprob *P, const struct view *v, int pass,
                        const uint8_t *used, const int64_t *spent)
{
    const struct model *m = v->m;
    memset(P, 0, sizeof *P);
    P->m = m;
    P->u = malloc(((size_t)m->nunits + 1) * sizeof *P->u);
    P->r = malloc(((size_t)m->nrequests + 1) * sizeof *P->r);
    P->room = malloc(((size_t)m->npayers + 1) * sizeof *P->room);
    P->D = calloc((size_t)m->ntowns + 1, sizeof *P->D);
    assert_true(P->u && P->r && P->room && P->D);
    P->total_lo = -1;
    for (int k = 0; k < RH_NCATEGORIES; k++)
        P->cat_lo[k] = -1;
    for (int u = 0; u < m->nunits; u++)
        if (v->ok_unit[u] && !(used && used[u]))
            P->u[P->nu++] = u;
    for (int r = 0; r < m->nrequests; r++)
        if (v->pass[r] == pass) {
            P->D[m->requests[r].town] += m->requests[r].units;
            if (m->requests[r].units > 0)
                P->r[P->nr++] = r;
        }
    for (int q = 0; q < m->npayers; q++) {
        int64_t cap = m->payers[q].capacity_c;
        P->room[q] = cap < 0 ? -1 : cap - (spent ? spent[q] : 0);
        if (P->room[q] < -1)
            P->room[q] = 0;     /* over the cap already (property 8 says so) */
    }
}

enum { OQ_HOME, OQ_Z, OQ_FEAS, OQ_CAT };

struct osol {
    int64_t home, total;    /* of the rounded solution */
    int64_t cat_obj;        /* its units of rank P->obj_rank (OQ_CAT) */
    int64_t *A;             /* per town (ntowns), filled by the oracle */
    struct frac z;          /* min rate of the solution (OQ_Z, OQ_FEAS) */
    int zany;
};

/* Solve the pass's integer program.  obj: OQ_HOME max home units, OQ_Z max z
 * with A_t >= z D_t (towns with D_t > 0), OQ_FEAS max units (a feasibility
 * question), OQ_CAT max units of category rank P->obj_rank.  h_lo: home
 * units >= h_lo (-1: no row); town_lo: A_t >= town_lo[t] (or NULL); and
 * P's total_lo and cat_lo rows.  RETURNS 1 solved (S filled from the rounded
 * solution, checked in integers), 0 infeasible, -1 the test's own solve is
 * in doubt (message in why). */
static int oracle_milp(const struct oprob *P, int obj, int64_t h_lo,
                       const int64_t *town_lo, struct osol *S, char *why,
                       size_t whysz)
{
    const struct model *m = P->m;
    int T = m->ntowns, NP = m->npayers;
    int maxc = P->nu * P->nr + 2;
    int *cu = malloc((size_t)maxc * sizeof *cu), *cr = malloc((size_t)maxc * sizeof *cr);
    int *row_u = calloc((size_t)P->nu + 1, sizeof *row_u);
    int *row_r = calloc((size_t)P->nr + 1, sizeof *row_r);
    int *row_p = calloc((size_t)NP + 1, sizeof *row_p);
    int *row_t = calloc((size_t)T + 1, sizeof *row_t);
    int row_tot = 0, row_cat[RH_NCATEGORIES] = { 0, 0, 0, 0 };
    assert_true(cu && cr && row_u && row_r && row_p && row_t);
    int nx = 0;
    for (int i = 0; i < P->nu; i++)
        for (int j = 0; j < P->nr; j++)
            if (m->units[P->u[i]].layout == m->requests[P->r[j]].layout) {
                cu[nx] = i;
                cr[nx] = j;
                nx++;
            }
    g_st.milps++;
    tk_glpk_quiet();
    glp_prob *lp = glp_create_prob();
    int nrows = 0, row_h = 0;
#define ROW(var, type, lo, up) do { var = ++nrows; glp_add_rows(lp, 1); \
        glp_set_row_bnds(lp, var, type, lo, up); } while (0)
    for (int k = 0; k < nx; k++) {
        if (!row_u[cu[k]])
            ROW(row_u[cu[k]], GLP_UP, 0.0, 1.0);
        if (!row_r[cr[k]])
            ROW(row_r[cr[k]], GLP_UP, 0.0,
                (double)m->requests[P->r[cr[k]]].units);
        int q = m->requests[P->r[cr[k]]].payer;
        if (P->room[q] >= 0 && !row_p[q])
            ROW(row_p[q], GLP_UP, 0.0, (double)P->room[q]);
    }
    if (h_lo >= 0)
        ROW(row_h, GLP_LO, (double)h_lo, 0.0);
    for (int t = 0; t < T; t++) {
        if (obj == OQ_Z ? P->D[t] > 0 : town_lo && town_lo[t] > 0)
            ROW(row_t[t], GLP_LO, obj == OQ_Z ? 0.0 : (double)town_lo[t], 0.0);
    }
    if (P->total_lo >= 0)
        ROW(row_tot, GLP_LO, (double)P->total_lo, 0.0);
    for (int k = 0; P->rank && k < RH_NCATEGORIES; k++)
        if (P->cat_lo[k] >= 0)
            ROW(row_cat[k], GLP_LO, (double)P->cat_lo[k], 0.0);
#undef ROW
    int ncols = nx + (obj == OQ_Z);
    size_t cap = (size_t)nx * 8 + (size_t)T + 2;
    int *ia = malloc((cap + 1) * sizeof *ia), *ja = malloc((cap + 1) * sizeof *ja);
    double *ar = malloc((cap + 1) * sizeof *ar);
    assert_true(ia && ja && ar);
    int ne = 0;
#define PUT(i, j, val) do { ne++; ia[ne] = (i); ja[ne] = (j); ar[ne] = (val); } while (0)
    if (ncols > 0)
        glp_add_cols(lp, ncols);
    for (int k = 0; k < nx; k++) {
        int col = k + 1;
        const struct unit *x = &m->units[P->u[cu[k]]];
        const struct request *q = &m->requests[P->r[cr[k]]];
        glp_set_col_kind(lp, col, GLP_BV);
        PUT(row_u[cu[k]], col, 1.0);
        PUT(row_r[cr[k]], col, 1.0);
        if (row_p[q->payer])
            PUT(row_p[q->payer], col, (double)x->value_c);
        if (row_h && x->town == q->town)
            PUT(row_h, col, 1.0);
        if (row_t[q->town])
            PUT(row_t[q->town], col, 1.0);
        if (row_tot)
            PUT(row_tot, col, 1.0);
        int rk = P->rank ? P->rank[q->category] : 0;
        if (P->rank && row_cat[rk])
            PUT(row_cat[rk], col, 1.0);
        glp_set_obj_coef(lp, col, obj == OQ_HOME ? (x->town == q->town)
                                  : obj == OQ_FEAS ? 1.0
                                  : obj == OQ_CAT ? (P->rank && rk == P->obj_rank)
                                  : 0.0);
    }
    if (obj == OQ_Z) {
        int col = nx + 1;
        glp_set_col_bnds(lp, col, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(lp, col, 1.0);
        for (int t = 0; t < T; t++)
            if (row_t[t])
                PUT(row_t[t], col, -(double)P->D[t]);
    }
#undef PUT
    glp_set_obj_dir(lp, GLP_MAX);
    if (ne > 0)
        glp_load_matrix(lp, ne, ia, ja, ar);

    int res = -1;
    double mobj = 0.0;
    uint8_t *xv = calloc((size_t)nx + 1, 1);
    assert_non_null(xv);
    if (nrows == 0 || ncols == 0) {
        /* nothing to decide: all zero; feasible unless a row asks for more */
        int feas = h_lo <= 0 && P->total_lo <= 0;
        for (int t = 0; town_lo && t < T; t++)
            feas &= town_lo[t] <= 0;
        for (int k = 0; P->rank && k < RH_NCATEGORIES; k++)
            feas &= P->cat_lo[k] <= 0;
        res = feas ? 1 : 0;
    } else {
        /* GLPK's tolerances (relative 1e-7 on rows of 10^8..10^9 cents)
         * can let a cap row slip by a few cents.  Such a solution is cut
         * off by a cover inequality -- the flats it gives the payer cannot
         * all be the payer's: sum of x over them <= count - 1, valid for
         * every solution that keeps the cap in exact cents -- and the MIP
         * is solved again.  The tolerances only widen the feasible set, so
         * a solution that holds in whole numbers is the exact optimum. */
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = GLP_MSG_OFF;
        sp.presolve = GLP_OFF;
        int64_t *pv = calloc((size_t)NP + 1, sizeof *pv);
        int *ci = malloc(((size_t)nx + 1) * sizeof *ci);
        double *cv = malloc(((size_t)nx + 1) * sizeof *cv);
        assert_true(pv && ci && cv);
        for (int round = 0; round < 200; round++) {
            glp_scale_prob(lp, GLP_SF_AUTO);
            int r1 = glp_simplex(lp, &sp);
            int st = glp_get_status(lp);
            if (r1 != 0) {
                snprintf(why, whysz, "glp_simplex returned %d", r1);
                break;
            }
            if (st == GLP_NOFEAS) {
                res = 0;
                break;
            }
            if (st != GLP_OPT) {
                snprintf(why, whysz, "LP relaxation status %d", st);
                break;
            }
            glp_iocp ip;
            glp_init_iocp(&ip);
            ip.msg_lev = GLP_MSG_OFF;
            ip.presolve = GLP_OFF;
            ip.tol_int = 1e-9;
            int r2 = glp_intopt(lp, &ip);
            int ms = glp_mip_status(lp);
            if (r2 != 0) {
                snprintf(why, whysz, "glp_intopt returned %d", r2);
                break;
            }
            if (ms == GLP_NOFEAS) {
                res = 0;
                break;
            }
            if (ms != GLP_OPT) {
                snprintf(why, whysz, "MIP status %d", ms);
                break;
            }
            res = 1;
            mobj = glp_mip_obj_val(lp);
            for (int k = 0; k < nx; k++) {
                double val = glp_mip_col_val(lp, k + 1);
                if (fabs(val - llround(val)) > 1e-6) {
                    snprintf(why, whysz, "MIP column %d = %.9g", k, val);
                    res = -1;
                }
                xv[k] = val > 0.5;
            }
            if (res != 1)
                break;
            memset(pv, 0, ((size_t)NP + 1) * sizeof *pv);
            for (int k = 0; k < nx; k++)
                if (xv[k])
                    pv[m->requests[P->r[cr[k]]].payer] +=
                        m->units[P->u[cu[k]]].value_c;
            int cuts = 0;
            for (int q = 0; q < NP; q++) {
                if (P->room[q] < 0 || pv[q] <= P->room[q])
                    continue;
                /* the payer's flats in this solution, every request of it */
                int n = 0, cover = 0;
                for (int k = 0; k < nx; k++) {
                    if (m->requests[P->r[cr[k]]].payer != q)
                        continue;
                    int in = 0;
                    for (int k2 = 0; k2 < nx && !in; k2++)
                        in = xv[k2] && cu[k2] == cu[k] &&
                             m->requests[P->r[cr[k2]]].payer == q;
                    if (!in)
                        continue;
                    ci[++n] = k + 1;
                    cv[n] = 1.0;
                }
                for (int k = 0; k < nx; k++)
                    cover += xv[k] && m->requests[P->r[cr[k]]].payer == q;
                int row = glp_add_rows(lp, 1);
                glp_set_row_bnds(lp, row, GLP_UP, 0.0, (double)(cover - 1));
                glp_set_mat_row(lp, row, n, ci, cv);
                cuts++;
            }
            if (!cuts)
                break;
            g_st.cover_cuts += cuts;
            res = -1;
            snprintf(why, whysz, "cover cuts did not end");
        }
        free(pv);
        free(ci);
        free(cv);
    }
    if (res == 1) {
        /* check the rounded solution in whole numbers */
        int64_t *ucnt = calloc((size_t)P->nu + 1, sizeof *ucnt);
        int64_t *rcnt = calloc((size_t)P->nr + 1, sizeof *rcnt);
        int64_t *val = calloc((size_t)NP + 1, sizeof *val);
        assert_true(ucnt && rcnt && val);
        S->home = 0;
        for (int t = 0; t < T; t++)
            S->A[t] = 0;
        int64_t total = 0, bycat[RH_NCATEGORIES] = { 0, 0, 0, 0 };
        for (int k = 0; k < nx; k++) {
            if (!xv[k])
                continue;
            const struct unit *x = &m->units[P->u[cu[k]]];
            const struct request *q = &m->requests[P->r[cr[k]]];
            ucnt[cu[k]]++;
            rcnt[cr[k]]++;
            val[q->payer] += x->value_c;
            S->home += x->town == q->town;
            S->A[q->town]++;
            if (P->rank)
                bycat[P->rank[q->category]]++;
            total++;
        }
        S->total = total;
        S->cat_obj = P->rank ? bycat[P->obj_rank] : 0;
        if (res == 1 && P->total_lo >= 0 && total < P->total_lo) {
            snprintf(why, whysz, "rounded solution below the total row");
            res = -1;
        }
        for (int k = 0; res == 1 && P->rank && k < RH_NCATEGORIES; k++)
            if (P->cat_lo[k] >= 0 && bycat[k] < P->cat_lo[k]) {
                snprintf(why, whysz, "rounded solution below a category row");
                res = -1;
            }
        for (int i = 0; i < P->nu && res == 1; i++)
            if (ucnt[i] > 1) {
                snprintf(why, whysz, "rounded solution uses unit %s twice",
                         m->units[P->u[i]].id);
                res = -1;
            }
        for (int j = 0; j < P->nr && res == 1; j++)
            if (rcnt[j] > m->requests[P->r[j]].units) {
                snprintf(why, whysz, "rounded solution over request %s",
                         m->requests[P->r[j]].id);
                res = -1;
            }
        for (int q = 0; q < NP && res == 1; q++)
            if (P->room[q] >= 0 && val[q] > P->room[q]) {
                snprintf(why, whysz, "rounded solution over the cap of %s by "
                         "%lld cents", m->payers[q].id,
                         (long long)(val[q] - P->room[q]));
                res = -1;
            }
        if (res == 1 && h_lo >= 0 && S->home < h_lo) {
            snprintf(why, whysz, "rounded solution below the H row");
            res = -1;
        }
        for (int t = 0; t < T && res == 1 && town_lo; t++)
            if (S->A[t] < town_lo[t]) {
                snprintf(why, whysz, "rounded solution below a town row");
                res = -1;
            }
        S->z = min_rate(S->A, P->D, T, &S->zany);
        if (res == 1 && nx > 0) {
            double exact = obj == OQ_HOME ? (double)S->home
                         : obj == OQ_FEAS ? (double)total
                         : obj == OQ_CAT ? (double)(P->rank ? bycat[P->obj_rank] : 0)
                         : S->zany ? (double)S->z.a / (double)S->z.b : 1.0;
            if (fabs(exact - mobj) > 1e-6) {
                snprintf(why, whysz, "MIP objective %.12g, rounded solution "
                         "%.12g", mobj, exact);
                res = -1;
            }
        }
        free(ucnt);
        free(rcnt);
        free(val);
    }
    glp_delete_prob(lp);
    free(xv);
    free(ia); free(ja); free(ar);
    free(cu); free(cr);
    free(row_u); free(row_r); free(row_p); free(row_t);
    return res;
}

/* H*: RETURNS the integer optimum of home-town units, or -1 (why). */
static int64_t oracle_h(const struct oprob *P, char *why, size_t whysz)
{
    int64_t *A = calloc((size_t)P->m->ntowns + 1, sizeof *A);
    assert_non_null(A);
    struct osol S = { 0, 0, 0, A, { 0, 1 }, 0 };
    int rc = oracle_milp(P, OQ_HOME, -1, NULL, &S, why, whysz);
    free(A);
    if (rc == 0)
        snprintf(why, whysz, "H problem infeasible (cannot be)");
    return rc == 1 ? S.home : -1;
}

/* z*: the integer max-min fill rate given home units >= h.  First the MIP
 * with z continuous; then, until infeasible, "every town strictly above the
 * current z" with integer right-hand sides (A_t >= floor(z D_t) + 1).
 * RETURNS 1 (z in *z; *any = 0 when no town has demand), -1 (why). */
static int oracle_z(const struct oprob *P, int64_t h, struct frac *z, int *any,
                    char *why, size_t whysz)
{
    int T = P->m->ntowns;
    int64_t *A = calloc((size_t)T + 1, sizeof *A);
    int64_t *lo = calloc((size_t)T + 1, sizeof *lo);
    assert_true(A && lo);
    struct osol S = { 0, 0, 0, A, { 0, 1 }, 0 };
    int rc = oracle_milp(P, OQ_Z, h, NULL, &S, why, whysz);
    if (rc == 0)
        snprintf(why, whysz, "B problem infeasible given H = %lld", (long long)h);
    if (rc != 1) {
        free(A);
        free(lo);
        return -1;
    }
    *z = S.z;
    *any = S.zany;
    for (int round = 0; *any && round < 64; round++) {
        int possible = 1;
        for (int t = 0; t < T; t++) {
            lo[t] = 0;
            if (P->D[t] > 0) {
                /* A_t / D_t > a / b  <=>  A_t > a D_t / b */
                lo[t] = (z->a * P->D[t]) / z->b + 1;
                if (lo[t] > P->D[t])
                    possible = 0;
            }
        }
        if (!possible)
            break;
        rc = oracle_milp(P, OQ_FEAS, h, lo, &S, why, whysz);
        if (rc == 0)
            break;
        if (rc < 0) {
            free(A);
            free(lo);
            return -1;
        }
        if (frac_cmp(S.z, *z) <= 0) {
            snprintf(why, whysz, "B feasibility step did not raise z");
            free(A);
            free(lo);
            return -1;
        }
        *z = S.z;
        g_st.z_extra_rounds++;
    }
    free(A);
    free(lo);
    return 1;
}

/* Exhaustive enumeration of every assignment of the pass's units (each
 * unit idle or to one request of its layout, counts and cap rooms kept,
 * exact integers): the best H, and the best min rate among assignments
 * at that H.  Gives up beyond DFS_LIMIT nodes. */
struct dfs {
    const struct oprob *P;
    int64_t *cnt, *val, *A;
    int64_t home, best_h;
    struct frac best_z;
    int best_any;
    long nodes;
    int aborted;
};

static void dfs_go(struct dfs *S, int i)
{
    const struct oprob *P = S->P;
    const struct model *m = P->m;
    if (S->aborted || ++S->nodes > DFS_LIMIT) {
        S->aborted = 1;
        return;
    }
    if (i == P->nu) {
        int any;
        struct frac z = min_rate(S->A, P->D, m->ntowns, &any);
        if (S->home > S->best_h) {
            S->best_h = S->home;
            S->best_z = z;
            S->best_any = any;
        } else if (S->home == S->best_h && frac_cmp(z, S->best_z) > 0) {
            S->best_z = z;
        }
        return;
    }
    const struct unit *x = &m->units[P->u[i]];
    dfs_go(S, i + 1);
    for (int j = 0; j < P->nr; j++) {
        const struct request *q = &m->requests[P->r[j]];
        if (q->layout != x->layout || S->cnt[j] >= q->units)
            continue;
        if (P->room[q->payer] >= 0 &&
            S->val[q->payer] + x->value_c > P->room[q->payer])
            continue;
        int h = x->town == q->town;
        S->cnt[j]++;
        S->val[q->payer] += x->value_c;
        S->A[q->town]++;
        S->home += h;
        dfs_go(S, i + 1);
        S->cnt[j]--;
        S->val[q->payer] -= x->value_c;
        S->A[q->town]--;
        S->home -= h;
    }
}

/* RETURNS 1 with *h, *z, *any set; 0 when the enumeration is too large. */
static int dfs_solve(const struct oprob *P, int64_t *h, struct frac *z, int *any)
{
    struct dfs S;
    memset(&S, 0, sizeof S);
    S.P = P;
    S.cnt = calloc((size_t)P->nr + 1, sizeof *S.cnt);
    S.val = calloc((size_t)P->m->npayers + 1, sizeof *S.val);
    S.A = calloc((size_t)P->m->ntowns + 1, sizeof *S.A);
    assert_true(S.cnt && S.val && S.A);
    S.best_h = -1;
    dfs_go(&S, 0);
    free(S.cnt);
    free(S.val);
    free(S.A);
    if (S.aborted)
        return 0;
    *h = S.best_h;
    *z = S.best_z;
    *any = S.best_any;
    return 1;
}

/* ------------------------------------------------------------------------
 * Running the allocation
 * ---------------------------------------------------------------------- */

static int run_alloc(struct plan *p, const struct model *m,
                     const struct eligibility *e, const struct config *c,
                     unsigned seed)
{
    const char *lg = getenv("RH_TEST_LOG");
    double t0 = tk_clock();
    /* started: a monotonic clock like solve_clock() (allocate.h) */
    struct allocate_opts o = { lg && *lg == '1' ? stderr : NULL, t0, NULL, NULL };
    glp_term_out(GLP_OFF);
    int rc = allocate_plan(p, m, e, c, &o, stderr);
    tk_glpk_quiet();        /* allocate_plan removes the error hook */
    double dt = tk_clock() - t0;
    g_st.runs++;
    g_st.alloc_s += dt;
    if (dt > g_st.alloc_max_s) {
        g_st.alloc_max_s = dt;
        g_st.alloc_max_seed = seed;
    }
    return rc;
}

/* ------------------------------------------------------------------------
 * Dumps
 * ---------------------------------------------------------------------- */

static void dump(const struct ctx *X, const struct view *v)
{
    const struct model *m = X->m;
    const struct plan *p = X->p;
    FILE *f = stderr;
    char d[11];
    fprintf(f, "---- instance seed=%u policy=%s\n", X->seed, X->policy);
    fprintf(f, "category_order:");
    for (int k = 0; k < RH_NCATEGORIES; k++)
        fprintf(f, " %s", rh_category_names[X->c->category_order[k]]);
    fprintf(f, "\ntest's optima: %s\n", X->note);
    fprintf(f, "towns:");
    for (int t = 0; t < m->ntowns; t++)
        fprintf(f, " %s(%.4f,%.4f)", m->towns[t].id, m->towns[t].lat,
                m->towns[t].lon);
    fprintf(f, "\nunits (id town layout area_c price_c value_c status avail "
               "-> request):\n");
    for (int u = 0; u < m->nunits; u++) {
        const struct unit *x = &m->units[u];
        int32_t r = p && p->unit_request ? p->unit_request[u] : -1;
        fprintf(f, "  %s %s %s %lld %lld %lld %s %s -> %s\n", x->id,
                m->towns[x->town].id, m->layouts.strs[x->layout],
                (long long)x->area_c, (long long)x->price_c,
                (long long)x->value_c, unit_status_names[x->status],
                x->available_on <= X->c->horizon_end ? "in" : "after",
                r >= 0 && r < m->nrequests ? m->requests[r].id : "-");
    }
    fprintf(f, "payers (id proof cap_c in_default -> value_c allocated):\n");
    for (int q = 0; q < m->npayers; q++) {
        int64_t val = 0;
        for (int u = 0; p && u < m->nunits; u++)
            if (p->unit_request[u] >= 0 && p->unit_request[u] < m->nrequests &&
                m->requests[p->unit_request[u]].payer == q)
                val += m->units[u].value_c;
        fprintf(f, "  %s %s %lld %d -> %lld\n", m->payers[q].id,
                m->payers[q].capacity_proof ? "yes" : "no",
                (long long)m->payers[q].capacity_c, v->in_default[q],
                (long long)val);
    }
    fprintf(f, "ledger (payer agreement due_on due_c paid_c):\n");
    for (int i = 0; i < m->nledger; i++) {
        value_format_date(m->ledger[i].due_on, d);
        fprintf(f, "  %s %s %s %lld %lld\n", m->payers[m->ledger[i].payer].id,
                m->ledger[i].agreement, d, (long long)m->ledger[i].due_c,
                (long long)m->ledger[i].paid_c);
    }
    fprintf(f, "requests (id payer town layout category units submitted "
               "pass -> allocated outcome):\n");
    for (int r = 0; r < m->nrequests; r++) {
        const struct request *q = &m->requests[r];
        value_format_date(q->submitted_on, d);
        fprintf(f, "  %s %s %s %s %s %lld %s %s -> %lld %s\n", q->id,
                m->payers[q->payer].id, m->towns[q->town].id,
                m->layouts.strs[q->layout], rh_category_names[q->category],
                (long long)q->units, d,
                v->pass[r] < 0 ? "none" : v->pass[r] ? "late" : "ontime",
                p ? (long long)p->req_allocated[r] : -1LL,
                p && p->req_outcome[r] < OUT_NOUTCOMES
                    ? request_outcome_names[p->req_outcome[r]] : "?");
    }
    if (p) {
        fprintf(f, "plan: lambda_star=%.12g\n  towns (floor level demand):",
                p->lambda_star);
        for (int t = 0; t < m->ntowns; t++)
            fprintf(f, " %s=%lld/%.6g/%lld", m->towns[t].id,
                    (long long)p->town_floor[t], p->town_level[t],
                    (long long)p->town_demand[t]);
        fprintf(f, "\n  stages (name/pass=objective status):");
        for (int s = 0; s < p->nstages; s++)
            fprintf(f, " %s/%s=%.9g(%d)", p->stages[s].name, p->stages[s].pass,
                    p->stages[s].objective, p->stages[s].status);
        fprintf(f, "\n");
    }
    fprintf(f, "----\n");
}

/* ------------------------------------------------------------------------
 * The plan's own counts
 * ---------------------------------------------------------------------- */

struct facts {
    int64_t *cnt;           /* per request */
    int64_t *pval;          /* per payer, both passes */
    int64_t *pval0;         /* per payer, on-time pass */
    uint8_t *used0;         /* per unit: given in the on-time pass */
    int64_t *A;             /* per town, on-time pass */
    int64_t home[2], total[2], cat[2][RH_NCATEGORIES];
};

static void facts_build(struct facts *F, const struct view *v,
                        const struct plan *p)
{
    const struct model *m = v->m;
    memset(F, 0, sizeof *F);
    F->cnt = calloc((size_t)m->nrequests + 1, sizeof *F->cnt);
    F->pval = calloc((size_t)m->npayers + 1, sizeof *F->pval);
    F->pval0 = calloc((size_t)m->npayers + 1, sizeof *F->pval0);
    F->used0 = calloc((size_t)m->nunits + 1, 1);
    F->A = calloc((size_t)m->ntowns + 1, sizeof *F->A);
    assert_true(F->cnt && F->pval && F->pval0 && F->used0 && F->A);
    for (int u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        if (r < 0 || r >= m->nrequests)
            continue;
        const struct request *q = &m->requests[r];
        const struct unit *x = &m->units[u];
        int k = v->pass[r] == 1 ? 1 : 0;
        F->cnt[r]++;
        F->pval[q->payer] += x->value_c;
        if (k == 0) {
            F->pval0[q->payer] += x->value_c;
            F->used0[u] = 1;
            F->A[q->town]++;
        }
        F->home[k] += x->town == q->town;
        F->total[k]++;
        F->cat[k][q->category]++;
    }
}

static void facts_release(struct facts *F)
{
    free(F->cnt);
    free(F->pval);
    free(F->pval0);
    free(F->used0);
    free(F->A);
}

/* A cap binds in the plan: a capped payer has a request that takes part
 * and is short, and even the cheapest allocatable flat of its layout that
 * the payer does not hold is worth more than the payer's cap room. */
static int cap_binds(const struct view *v, const struct facts *F,
                     const struct plan *p)
{
    const struct model *m = v->m;
    for (int r = 0; r < m->nrequests; r++) {
        const struct request *q = &m->requests[r];
        int64_t cap = m->payers[q->payer].capacity_c;
        if (v->pass[r] < 0 || cap < 0 || F->cnt[r] >= q->units)
            continue;
        int64_t cheapest = -1;
        for (int u = 0; u < m->nunits; u++) {
            int32_t h = p->unit_request[u];
            if (v->ok_unit[u] && m->units[u].layout == q->layout &&
                !(h >= 0 && m->requests[h].payer == q->payer) &&
                (cheapest < 0 || m->units[u].value_c < cheapest))
                cheapest = m->units[u].value_c;
        }
        if (cheapest >= 0 && F->pval[q->payer] + cheapest > cap)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Properties of one plan
 * ---------------------------------------------------------------------- */

/* The test's optima of the on-time pass (same under reject and last). */
struct ontime_opt {
    int ok;                 /* 0: the test's own solve is in doubt */
    int64_t h;
    struct frac z;
    int zany;
    int nocap_ok;           /* the same without any cap: */
    int64_t h_nocap;
    struct frac z_nocap;
};

/* 8: RETURNS 0 when the plan is too broken to check further. */
static int prop_valid(struct ctx *X, const struct view *v,
                      const struct eligibility *e, const struct facts *F)
{
    const struct model *m = X->m;
    const struct plan *p = X->p;
    int usable = 1;
    g_st.checked[PR_VALID]++;
    for (int r = 0; r < m->nrequests; r++)
        if (e->takes_part[r] != (v->pass[r] >= 0) || e->late[r] != v->late[r])
            failf(X, PR_VALID, "eligibility of request %s differs from the "
                  "test's (takes_part %d, late %d)", m->requests[r].id,
                  e->takes_part[r], e->late[r]);
    for (int u = 0; u < m->nunits; u++) {
        int32_t r = p->unit_request[u];
        if (r < -1 || r >= m->nrequests) {
            failf(X, PR_VALID, "unit %s -> bad request index %d", m->units[u].id, r);
            usable = 0;
            continue;
        }
        if (r < 0)
            continue;
        if (!v->ok_unit[u])
            failf(X, PR_VALID, "unit %s is not allocatable but goes to %s",
                  m->units[u].id, m->requests[r].id);
        if (v->pass[r] < 0)
            failf(X, PR_VALID, "request %s takes no part but gets unit %s",
                  m->requests[r].id, m->units[u].id);
        if (m->units[u].layout != m->requests[r].layout)
            failf(X, PR_VALID, "unit %s (%s) goes to request %s of layout %s",
                  m->units[u].id, m->layouts.strs[m->units[u].layout],
                  m->requests[r].id, m->layouts.strs[m->requests[r].layout]);
    }
    for (int r = 0; r < m->nrequests; r++) {
        if (F->cnt[r] != p->req_allocated[r])
            failf(X, PR_VALID, "request %s: req_allocated %lld, units counted %lld",
                  m->requests[r].id, (long long)p->req_allocated[r],
                  (long long)F->cnt[r]);
        if (F->cnt[r] > m->requests[r].units)
            failf(X, PR_VALID, "request %s gets %lld of %lld units",
                  m->requests[r].id, (long long)F->cnt[r],
                  (long long)m->requests[r].units);
    }
    for (int q = 0; q < m->npayers; q++)
        if (m->payers[q].capacity_c >= 0 && F->pval[q] > m->payers[q].capacity_c)
            failf(X, PR_VALID, "payer %s: value %lld cents over its cap %lld",
                  m->payers[q].id, (long long)F->pval[q],
                  (long long)m->payers[q].capacity_c);
    return usable;
}

/* 1 (both passes), 2, 3 */

static void prop_h_b(struct ctx *X, const struct view *v, const struct facts *F,
                     const struct ontime_opt *O)
{
    const struct model *m = X->m;
    const struct plan *p = X->p;
    int T = m->ntowns;
    size_t nl = strlen(X->note);
    if (O->ok) {
        g_st.checked[PR_H]++;
        if (F->home[0] != O->h)
            failf(X, PR_H, "on-time pass: home-town units %lld, integer optimum %lld",
                  (long long)F->home[0], (long long)O->h);
    }
    /* D_t of the on-time pass, the plan's min rate */
    int64_t *D = calloc((size_t)T + 1, sizeof *D);
    assert_non_null(D);
    for (int r = 0; r < m->nrequests; r++)
        if (v->pass[r] == 0)
            D[m->requests[r].town] += m->requests[r].units;
    int any;
    struct frac z = min_rate(F->A, D, T, &any);
    if (O->ok && O->zany) {
        g_st.checked[PR_B]++;
        if (frac_cmp(z, O->z) != 0) {
            int worst = -1;
            for (int t = 0; t < T; t++)
                if (D[t] > 0 && (worst < 0 ||
                    frac_cmp((struct frac){ F->A[t], D[t] },
                             (struct frac){ F->A[worst], D[worst] }) < 0))
                    worst = t;
            int same = O->nocap_ok && O->h_nocap == O->h &&
                       frac_cmp(O->z_nocap, O->z) == 0;
            int fany;
            struct frac fz = min_rate(p->town_floor, D, T, &fany);
            int low = frac_cmp(fz, O->z) < 0;
            if (!X->failed[PR_B]) {
                g_st.b_floors_low += low;
                g_st.b_floors_low_same += low && same;
            }
            failf(X, PR_B, "lowest town fill rate %lld/%lld (town %s), integer "
                  "max-min given H %lld/%lld; %s%s", (long long)z.a,
                  (long long)z.b, worst >= 0 ? m->towns[worst].id : "?",
                  (long long)O->z.a, (long long)O->z.b,
                  low ? "the published floors are below it"
                      : "the plan is below its own floors",
                  same ? ", the test's H* and z* are the same without caps" : "");
        }
    }
    g_st.checked[PR_FLOOR]++;
    for (int t = 0; t < T; t++)
        if (F->A[t] < p->town_floor[t])
            failf(X, PR_FLOOR, "town %s: A_t = %lld < published floor %lld "
                  "(D_t %lld)", m->towns[t].id, (long long)F->A[t],
                  (long long)p->town_floor[t], (long long)D[t]);
    free(D);

    /* 1, late pass: from what the on-time pass left */
    if (X->c->late == RH_LATE_LAST) {
        struct oprob P;
        char why[200] = "";
        oprob_build(&P, v, 1, F->used0, F->pval0);
        if (P.nr > 0) {
            int64_t h1 = oracle_h(&P, why, sizeof why);
            g_st.checked[PR_ORACLE]++;
            if (h1 < 0) {
                failf(X, PR_ORACLE, "late pass H: %s", why);
            } else {
                int64_t hd;
                struct frac dz;
                int dany;
                if (dfs_solve(&P, &hd, &dz, &dany)) {
                    g_st.dfs_checks++;
                    if (hd != h1)
                        failf(X, PR_ORACLE, "late pass H: MIP %lld, enumeration "
                              "%lld", (long long)h1, (long long)hd);
                } else {
                    g_st.dfs_aborted++;
                }
                snprintf(X->note + nl, sizeof X->note - nl, " late-pass H*=%lld",
                         (long long)h1);
                g_st.checked[PR_H]++;
                if (F->home[1] != h1)
                    failf(X, PR_H, "late pass: home-town units %lld, integer "
                          "optimum from what the on-time pass left %lld",
                          (long long)F->home[1], (long long)h1);
            }
        }
        oprob_release(&P);
    }
}

/* The last record of `base` (name up to '/' or its end) in pass `pass`. */
static const struct stage_record *find_record(const struct plan *p,
                                              const char *base, const char *pass)
{
    const struct stage_record *found = NULL;
    size_t n = strlen(base);
    for (int s = 0; s < p->nstages && s < PLAN_MAX_STAGES; s++) {
        const struct stage_record *r = &p->stages[s];
        if (strncmp(r->name, base, n) == 0 &&
            (r->name[n] == 0 || r->name[n] == '/') && strcmp(r->pass, pass) == 0)
            found = r;
    }
    return found;
}

static int is_policy_stage(const char *name)
{
    size_t n = strcspn(name, "/");
    if (n == 1 && strchr("HBTD", name[0]))
        return 1;
    return strncmp(name, "C:", 2) == 0;
}

/* 4, 4s */
static void prop_records(struct ctx *X, const struct facts *F)
{
    const struct plan *p = X->p;
    int passes = X->c->late == RH_LATE_LAST ? 2 : 1;
    g_st.checked[PR_REC]++;
    g_st.checked[PR_STATUS]++;
    if (p->nstages < 0 || p->nstages > PLAN_MAX_STAGES) {
        failf(X, PR_REC, "nstages %d", p->nstages);
        return;
    }
    for (int s = 0; s < p->nstages; s++) {
        const struct stage_record *r = &p->stages[s];
        int is_late = strcmp(r->pass, "late") == 0;
        if (!is_late && strcmp(r->pass, "ontime") != 0)
            failf(X, PR_REC, "record %s has pass '%s'", r->name, r->pass);
        if (is_late && passes == 1)
            failf(X, PR_REC, "record %s says pass late under late = reject",
                  r->name);
        if (is_policy_stage(r->name) && r->status != GLP_OPT)
            failf(X, PR_STATUS, "record %s/%s has status %d (not GLP_OPT = %d), "
                  "objective %.9g", r->name, r->pass, r->status, GLP_OPT,
                  r->objective);
    }
    for (int k = 0; k < passes; k++) {
        const char *pass = k ? "late" : "ontime";
        const struct stage_record *h = find_record(p, "H", pass);
        const struct stage_record *t = find_record(p, "T", pass);
        if (h ? fabs(h->objective - (double)F->home[k]) > 1e-6 : F->home[k] > 0)
            failf(X, PR_REC, "%s pass: record %s = %.9g, the plan's home-town "
                  "units %lld", pass, h ? h->name : "H (missing)",
                  h ? h->objective : 0.0, (long long)F->home[k]);
        if (t ? fabs(t->objective - (double)F->total[k]) > 1e-6 : F->total[k] > 0)
            failf(X, PR_REC, "%s pass: record %s = %.9g, the plan's units %lld",
                  pass, t ? t->name : "T (missing)", t ? t->objective : 0.0,
                  (long long)F->total[k]);
        for (int cat = 0; cat < RH_NCATEGORIES; cat++) {
            char base[32];
            snprintf(base, sizeof base, "C:%s", rh_category_names[cat]);
            const struct stage_record *r = find_record(p, base, pass);
            if (r ? fabs(r->objective - (double)F->cat[k][cat]) > 1e-6
                  : F->cat[k][cat] > 0)
                failf(X, PR_REC, "%s pass: record %s = %.9g, the plan's %s "
                      "units %lld", pass, r ? r->name : base,
                      r ? r->objective : 0.0, rh_category_names[cat],
                      (long long)F->cat[k][cat]);
        }
    }
}

/* 10: each request's reason (output/reason.h) is true of the plan, checked
 * against the test's own view of the inputs */
static void prop_reasons(struct ctx *X, const struct view *v,
                         const struct eligibility *e)
{
    const struct model *m = X->m;
    const struct config *c = X->c;
    const struct plan *p = X->p;
    struct plan_reasons rs;
    struct plan_kpi k;
    g_st.checked[PR_WHY]++;
    assert_int_equal(kpi_compute(&k, m, e, c, p), 0);
    assert_int_equal(reasons_compute(&rs, m, e, c, p, &k), 0);
    kpi_release(&k);
    int64_t *spent = calloc((size_t)m->npayers + 1, sizeof *spent);
    assert_non_null(spent);
    for (int u = 0; u < m->nunits; u++)
        if (p->unit_request[u] >= 0)
            spent[m->requests[p->unit_request[u]].payer] += m->units[u].value_c;
    for (int r = 0; r < m->nrequests; r++) {
        const struct request *q = &m->requests[r];
        int why = rs.reason[r], out = p->req_outcome[r];
        int64_t supply = 0, cheapest = -1;
        for (int u = 0; u < m->nunits; u++)
            if (v->ok_unit[u] && m->units[u].layout == q->layout) {
                supply++;
                if (cheapest < 0 || m->units[u].value_c < cheapest)
                    cheapest = m->units[u].value_c;
            }
        int64_t cap = m->payers[q->payer].capacity_c;
        int short_ = out == OUT_PARTIAL || out == OUT_UNSERVED;
        const char *bad = NULL;
        switch (why) {
        case REASON_NONE:
            if (out != OUT_SERVED || p->req_allocated[r] != q->units)
                bad = "no reason, but not served in full";
            break;
        case REASON_LATE:
            if (out != OUT_REJECTED_LATE || !v->late[r] || c->late != RH_LATE_REJECT)
                bad = "late, but not a late request rejected under late = reject";
            break;
        case REASON_NO_PROOF:
            if (out != OUT_REJECTED_NO_PROOF || m->payers[q->payer].capacity_proof)
                bad = "no_capacity_proof, but its payer gave proof";
            break;
        case REASON_IN_DEFAULT:
            if (out != OUT_SUSPENDED || !v->in_default[q->payer])
                bad = "payer_in_default, but its payer is not in default";
            break;
        case REASON_NO_SUPPLY:
            if (!short_ || supply != 0)
                bad = "no_supply, but a flat of its layout is allocatable";
            break;
        case REASON_PAYER_CAP:
            if (!short_ || cap < 0 || supply == 0 || cap - spent[q->payer] >= cheapest)
                bad = "payer_cap, but its payer's cap left pays for the cheapest flat";
            break;
        case REASON_LATE_PASS:
            if (!short_ || c->late != RH_LATE_LAST || v->pass[r] != 1)
                bad = "late_pass, but not a late request under late = last";
            break;
        case REASON_TOWN_SHARE: {
            int64_t asked = 0, got = 0;
            for (int i = 0; i < m->nrequests; i++)
                if (v->pass[i] == 0 && m->requests[i].town == q->town) {
                    asked += m->requests[i].units;
                    got += p->req_allocated[i];
                }
            if (!short_ || v->pass[r] != 0 || supply == 0 || got >= asked ||
                (cap >= 0 && cap - spent[q->payer] < cheapest))
                bad = "town_share, but its town is served in full or another "
                      "reason holds";
            break;
        }
        default:
            bad = "unknown reason";
        }
        if (!bad && short_ && why == REASON_NONE)
            bad = "short without a reason";
        if (bad)
            failf(X, PR_WHY, "request %s (%s, %lld of %lld): %s", q->id,
                  request_outcome_names[out], (long long)p->req_allocated[r],
                  (long long)q->units, bad);
    }
    int64_t n = 0, want = 0, units = 0, want_units = 0;
    for (int w = 1; w < REASON_N; w++) {
        n += rs.count[w];
        units += rs.short_units[w];
    }
    for (int r = 0; r < m->nrequests; r++)
        if (p->req_outcome[r] != OUT_SERVED) {
            want++;
            want_units += m->requests[r].units - p->req_allocated[r];
        }
    if (n != want || units != want_units)
        failf(X, PR_WHY, "counts by reason %lld requests, %lld units; not "
              "served in full %lld, %lld", (long long)n, (long long)units,
              (long long)want, (long long)want_units);
    free(spent);
    reasons_release(&rs);
}

/* 5 */
static void prop_idle(struct ctx *X, const struct view *v, const struct facts *F)
{
    const struct model *m = X->m;
    const struct plan *p = X->p;
    g_st.checked[PR_IDLE]++;
    for (int u = 0; u < m->nunits; u++) {
        if (!v->ok_unit[u] || p->unit_request[u] >= 0)
            continue;
        for (int r = 0; r < m->nrequests; r++) {
            const struct request *q = &m->requests[r];
            if (v->pass[r] < 0 || q->layout != m->units[u].layout ||
                F->cnt[r] >= q->units)
                continue;
            int64_t cap = m->payers[q->payer].capacity_c;
            if (cap < 0 || F->pval[q->payer] + m->units[u].value_c <= cap) {
                failf(X, PR_IDLE, "unit %s (value %lld) idle while request %s "
                      "(%s pass, payer %s, value %lld of cap %lld) has %lld of "
                      "%lld", m->units[u].id, (long long)m->units[u].value_c,
                      q->id, v->pass[r] ? "late" : "on-time",
                      m->payers[q->payer].id, (long long)F->pval[q->payer],
                      (long long)cap, (long long)F->cnt[r], (long long)q->units);
                break;
            }
        }
    }
}

/* 6 */
static void prop_category(struct ctx *X, const struct view *v,
                          const struct facts *F)
{
    const struct model *m = X->m;
    const struct plan *p = X->p;
    const int *rank = X->c->category_rank;
    g_st.checked[PR_CAT]++;
    for (int u = 0; u < m->nunits; u++) {
        int32_t b = p->unit_request[u];
        if (b < 0 || b >= m->nrequests || v->pass[b] < 0)
            continue;
        const struct request *y = &m->requests[b];
        for (int a = 0; a < m->nrequests; a++) {
            const struct request *x = &m->requests[a];
            if (a == b || v->pass[a] != v->pass[b] || x->town != y->town ||
                x->layout != y->layout || rank[x->category] >= rank[y->category] ||
                F->cnt[a] >= x->units)
                continue;
            int64_t cap = m->payers[x->payer].capacity_c;
            if (x->payer == y->payer || cap < 0 ||
                F->pval[x->payer] + m->units[u].value_c <= cap) {
                failf(X, PR_CAT, "unit %s (value %lld) held by %s (%s) while "
                      "%s (%s, payer %s, value %lld of cap %lld) has %lld of "
                      "%lld", m->units[u].id, (long long)m->units[u].value_c,
                      y->id, rh_category_names[y->category], x->id,
                      rh_category_names[x->category], m->payers[x->payer].id,
                      (long long)F->pval[x->payer], (long long)cap,
                      (long long)F->cnt[a], (long long)x->units);
                break;
            }
        }
    }
}

/* 5x, 6x on the on-time pass: given H*, the published floors, T*, earlier
 * categories.  Only where the plan is feasible for them (1 and 3 hold). */
static void prop_tc_exact(struct ctx *X, const struct view *v,
                          const struct facts *F, const struct ontime_opt *O)
{
    const struct model *m = X->m;
    const struct plan *p = X->p;
    if (!O->ok || F->home[0] != O->h)
        return;
    for (int t = 0; t < m->ntowns; t++)
        if (F->A[t] < p->town_floor[t])
            return;
    struct oprob P;
    char why[200] = "";
    oprob_build(&P, v, 0, NULL, NULL);
    int64_t *A = calloc((size_t)m->ntowns + 1, sizeof *A);
    assert_non_null(A);
    struct osol S = { 0, 0, 0, A, { 0, 1 }, 0 };
    int rc = oracle_milp(&P, OQ_FEAS, O->h, p->town_floor, &S, why, sizeof why);
    int64_t tstar = 0;
    g_st.checked[PR_ORACLE]++;
    if (rc != 1) {
        failf(X, PR_ORACLE, "T* given H* and the floors: %s",
              rc == 0 ? "infeasible, yet the plan is a solution" : why);
        goto out;
    }
    tstar = S.total;
    g_st.checked[PR_TX]++;
    if (F->total[0] != tstar) {
        failf(X, PR_TX, "on-time units %lld, integer optimum given H* = %lld "
              "and the published floors %lld", (long long)F->total[0],
              (long long)O->h, (long long)tstar);
        goto out;
    }
    P.total_lo = tstar;
    P.rank = X->c->category_rank;
    g_st.checked[PR_CX]++;
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        int cat = X->c->category_order[k];
        P.obj_rank = k;
        rc = oracle_milp(&P, OQ_CAT, O->h, p->town_floor, &S, why, sizeof why);
        if (rc != 1) {
            failf(X, PR_ORACLE, "C* of %s: %s", rh_category_names[cat],
                  rc == 0 ? "infeasible, yet the plan is a solution" : why);
            break;
        }
        int64_t best = S.cat_obj;
        if (F->cat[0][cat] != best) {
            failf(X, PR_CX, "%s (rank %d): the plan gives %lld units, the "
                  "integer optimum given H*, floors, T* = %lld and earlier "
                  "categories is %lld", rh_category_names[cat], k,
                  (long long)F->cat[0][cat], (long long)tstar, (long long)best);
            break;
        }
        P.cat_lo[k] = best;
    }
out:
    free(A);
    oprob_release(&P);
}

/* ------------------------------------------------------------------------
 * Generator of small instances
 * ---------------------------------------------------------------------- */

static void gen_small(struct model *m, unsigned seed, int order[RH_NCATEGORIES])
{
    struct tk_rng g;
    tk_seed(&g, 0x5EED5A11ULL, seed);
    for (int i = 0; i < 4; i++)
        tk_next(&g);
    model_init(m);
    static const char *const lay[2] = { "1R", "2R" };
    int T = tk_int(&g, 2, 3), L = tk_int(&g, 1, 2);
    int U = tk_int(&g, 3, 12), X = tk_int(&g, 0, 2);
    int R = tk_int(&g, 2, 6), P = tk_int(&g, 1, 4);
    rh_date deadline = ymd(2024, 10, 31), horizon = ymd(2025, 12, 31);
    rh_date as_of = ymd(2025, 1, 15);
    int wsup[3], wdem[3];
    for (int t = 0; t < T; t++) {
        char id[16];
        snprintf(id, sizeof id, "T%d", t + 1);
        add_town(m, id, 31.0 + tk_int(&g, 0, 400000) / 1e6,
                 121.4 + tk_int(&g, 0, 500000) / 1e6);
        wsup[t] = tk_int(&g, 1, 4);
        wdem[t] = tk_int(&g, 1, 4);
    }
    for (int l = 0; l < L; l++)
        add_layout(m, lay[l]);
    int ids[32];
    for (int i = 0; i < 32; i++)
        ids[i] = i;
    tk_shuffle(&g, ids, 32);
    int64_t prev_area = 0, prev_price = 0;
    int prev_town = -1, prev_lay = -1;
    for (int u = 0; u < U + X; u++) {
        char id[16];
        snprintf(id, sizeof id, "U%02d", ids[u]);
        int town, l;
        int64_t area, price;
        if (prev_town >= 0 && tk_chance(&g, 20)) {
            /* same class and value as the previous unit: a tier of two */
            town = prev_town; l = prev_lay; area = prev_area; price = prev_price;
        } else {
            int tot = 0, x;
            for (int t = 0; t < T; t++)
                tot += wsup[t];
            x = tk_int(&g, 0, tot - 1);
            for (town = 0; x >= wsup[town]; town++)
                x -= wsup[town];
            l = tk_int(&g, 0, L - 1);
            area = 3000 + tk_int(&g, 0, 10000);          /* 30..130 m^2 */
            price = 1500000 + tk_int(&g, 0, 3000000);    /* 15k..45k CNY/m^2 */
        }
        int st = UNIT_AVAILABLE;
        rh_date av = horizon - tk_int(&g, 0, 300);
        if (u >= U) {           /* not allocatable */
            int k = tk_int(&g, 0, 2);
            if (k == 0) st = UNIT_RESERVED;
            else if (k == 1) st = UNIT_ALLOCATED;
            else av = horizon + tk_int(&g, 1, 90);
        }
        add_unit(m, id, town, l, area, price, st, av);
        prev_town = town; prev_lay = l; prev_area = area; prev_price = price;
    }
    for (int p = 0; p < P; p++) {
        char id[16];
        snprintf(id, sizeof id, "PAY%d", p + 1);
        add_payer(m, id, tk_chance(&g, 95), -1);
        int kind = tk_int(&g, 0, 9);
        char ag[32];
        snprintf(ag, sizeof ag, "AG%d", p + 1);
        if (kind < 3)           /* in default: 60 days overdue */
            add_ledger(m, p, ag, as_of - 60, 5000000, 1000000);
        else if (kind == 3)     /* within the grace days */
            add_ledger(m, p, ag, as_of - 20, 5000000, 0);
        else if (kind == 4)     /* within the tolerance */
            add_ledger(m, p, ag, as_of - 90, 5000000, 4990000);
    }
    tk_shuffle(&g, ids, 32);
    for (int r = 0; r < R; r++) {
        char id[16];
        snprintf(id, sizeof id, "R%02d", ids[r]);
        int64_t units = tk_chance(&g, 3) ? 0 : tk_int(&g, 1, 5);
        rh_date sub = tk_chance(&g, 25) ? deadline + tk_int(&g, 1, 30)
                                        : deadline - tk_int(&g, 0, 20);
        int tot = 0, x, town;
        for (int t = 0; t < T; t++)
            tot += wdem[t];
        x = tk_int(&g, 0, tot - 1);
        for (town = 0; x >= wdem[town]; town++)
            x -= wdem[town];
        add_request(m, id, tk_int(&g, 0, P - 1), town, tk_int(&g, 0, L - 1),
                    tk_int(&g, 0, RH_NCATEGORIES - 1), units, sub);
    }
    /* caps: a share of the value of the payer's demand at the mean value */
    int64_t vsum = 0, nall = 0;
    for (int u = 0; u < m->nunits; u++)
        if (m->units[u].status == UNIT_AVAILABLE &&
            m->units[u].available_on <= horizon) {
            vsum += m->units[u].value_c;
            nall++;
        }
    int64_t mean = nall ? vsum / nall : 0;
    for (int p = 0; p < P; p++) {
        int64_t dem = 0;
        for (int r = 0; r < R; r++)
            if (m->requests[r].payer == p)
                dem += m->requests[r].units;
        int k = tk_int(&g, 0, 99), pct;
        if (k < 12) {
            m->payers[p].capacity_c = -1;
            continue;
        }
        if (k < 20) {
            m->payers[p].capacity_c = 0;
            continue;
        }
        pct = k < 84 ? tk_int(&g, 200, 2000) : tk_int(&g, 2000, 10000); /* 1/100 % */
        m->payers[p].capacity_c = (int64_t)((__int128)dem * mean * pct / 10000) +
                                  tk_int(&g, 0, 99);
    }
    for (int k = 0; k < RH_NCATEGORIES; k++)
        order[k] = k;
    tk_shuffle(&g, order, RH_NCATEGORIES);
}

/* ------------------------------------------------------------------------
 * One instance, every policy
 * ---------------------------------------------------------------------- */

static int policy_matches(int late, int susp)
{
    const char *s = getenv("RH_TEST_POLICY");   /* e.g. "last,hold" */
    if (!s || !*s)
        return 1;
    char want[32];
    snprintf(want, sizeof want, "%s,%s", late ? "last" : "reject",
             susp ? "release" : "hold");
    return strcmp(s, want) == 0;
}

/* Check one plan; RETURNS 1 when usable for property 7. */
static int check_plan(struct ctx *X, const struct eligibility *e,
                      const struct ontime_opt *O, int rc, const struct plan *p2,
                      int rc2)
{
    struct view v;
    view_init(&v, X->m, X->c);
    int usable = 0;
    if (rc != 0) {
        g_st.checked[PR_VALID]++;
        failf(X, PR_VALID, "allocate_plan returned %d", rc);
        X->p = NULL;
    } else {
        struct facts F;
        g_st.plans++;
        facts_build(&F, &v, X->p);
        X->cap_bound = cap_binds(&v, &F, X->p);
        g_st.cap_bound_plans += X->cap_bound;
        usable = prop_valid(X, &v, e, &F);
        if (usable) {
            prop_h_b(X, &v, &F, O);
            prop_records(X, &F);
            prop_idle(X, &v, &F);
            prop_category(X, &v, &F);
            prop_tc_exact(X, &v, &F, O);
            prop_reasons(X, &v, e);
            g_st.checked[PR_DET]++;
            if (rc2 != 0)
                failf(X, PR_DET, "second run returned %d", rc2);
            else if (memcmp(X->p->unit_request, p2->unit_request,
                            (size_t)X->m->nunits * sizeof *p2->unit_request) != 0)
                failf(X, PR_DET, "second run gives other unit_request");
        }
        facts_release(&F);
    }
    if (any_failed(X) && g_dumps < MAX_DUMPS) {
        g_dumps++;
        dump(X, &v);
    }
    view_release(&v);
    return usable;
}

static int oracle_h_tiers(const struct oprob *P, int64_t *lb, int64_t *ub,
                          char *why, size_t whysz);

/* The test's optima of the on-time pass of m under c (same set of requests
 * under late = reject and late = last). */
static void ontime_optima(struct ontime_opt *O, const struct model *m,
                          const struct config *c, unsigned seed,
                          char *note, size_t notesz)
{
    struct view v;
    struct oprob P;
    char why[200] = "";
    view_init(&v, m, c);
    oprob_build(&P, &v, 0, NULL, NULL);
    memset(O, 0, sizeof *O);
    O->h = oracle_h(&P, why, sizeof why);
    O->ok = O->h >= 0 && oracle_z(&P, O->h, &O->z, &O->zany, why, sizeof why) == 1;
    struct ctx Y;
    memset(&Y, 0, sizeof Y);
    Y.seed = seed;
    snprintf(Y.policy, sizeof Y.policy, "oracle,%s",
             c->suspended == RH_SUSP_HOLD ? "hold" : "release");
    g_st.checked[PR_ORACLE]++;
    if (!O->ok) {
        failf(&Y, PR_ORACLE, "on-time pass: %s", why);
    } else {
        int64_t hd;
        struct frac zd;
        int anyd;
        int64_t tl = -1, tu = -1;
        int trc = oracle_h_tiers(&P, &tl, &tu, why, sizeof why);
        if (trc < 0 || tl > O->h || tu < O->h)
            failf(&Y, PR_ORACLE, "on-time pass: unit-level H*=%lld, tier "
                  "program %lld..%lld %s", (long long)O->h, (long long)tl,
                  (long long)tu, trc < 0 ? why : "");
        if (dfs_solve(&P, &hd, &zd, &anyd)) {
            g_st.dfs_checks++;
            if (hd != O->h || anyd != O->zany || (anyd && frac_cmp(zd, O->z) != 0))
                failf(&Y, PR_ORACLE, "on-time pass: MIP H*=%lld z*=%lld/%lld, "
                      "enumeration H*=%lld z*=%lld/%lld", (long long)O->h,
                      (long long)O->z.a, (long long)O->z.b, (long long)hd,
                      (long long)zd.a, (long long)zd.b);
        } else {
            g_st.dfs_aborted++;
        }
        /* H without caps: sum over (town, layout) of min(supply, demand) */
        int T = m->ntowns, L = m->layouts.n > 0 ? m->layouts.n : 1;
        int64_t *s = calloc((size_t)T * L, sizeof *s), *d = calloc((size_t)T * L, sizeof *d);
        assert_true(s && d);
        for (int i = 0; i < P.nu; i++)
            s[m->units[P.u[i]].town * L + m->units[P.u[i]].layout]++;
        for (int j = 0; j < P.nr; j++)
            d[m->requests[P.r[j]].town * L + m->requests[P.r[j]].layout] +=
                m->requests[P.r[j]].units;
        int64_t h0 = 0;
        for (int i = 0; i < T * L; i++)
            h0 += s[i] < d[i] ? s[i] : d[i];
        g_st.h_cap_bound += h0 > O->h;
        free(s);
        free(d);
        /* the same pass without caps (to tell what the caps change) */
        for (int q = 0; q < m->npayers; q++)
            P.room[q] = -1;
        O->h_nocap = oracle_h(&P, why, sizeof why);
        O->nocap_ok = O->h_nocap == h0 &&
                      oracle_z(&P, h0, &O->z_nocap, &anyd, why, sizeof why) == 1;
        snprintf(note, notesz, "on-time H*=%lld (without caps %lld), z*=%lld/%lld",
                 (long long)O->h, (long long)h0, (long long)O->z.a,
                 (long long)O->z.b);
    }
    oprob_release(&P);
    view_release(&v);
}

/* Plan m under both late policies for one suspended policy; check 1-9. */
static void run_instance(const struct model *m, const int order[RH_NCATEGORIES],
                         unsigned seed, int susp, int time_limit)
{
    struct config c[2];
    struct eligibility e[2];
    struct plan p[2], p2;
    int rc[2], usable[2] = { 0, 0 };
    struct ontime_opt O;
    char note[512] = "";
    int ran[2] = { 0, 0 };
    for (int late = 0; late < 2; late++) {
        make_config(&c[late], late ? RH_LATE_LAST : RH_LATE_REJECT,
                    susp ? RH_SUSP_RELEASE : RH_SUSP_HOLD);
        set_category_order(&c[late], order);
        c[late].time_limit_s = time_limit;
    }
    ontime_optima(&O, m, &c[0], seed, note, sizeof note);
    for (int late = 0; late < 2; late++) {
        if (!policy_matches(late, susp))
            continue;
        ran[late] = 1;
        assert_int_equal(eligibility_judge(&e[late], m, &c[late]), 0);
        struct ctx X;
        memset(&X, 0, sizeof X);
        X.seed = seed;
        X.m = m;
        X.c = &c[late];
        snprintf(X.policy, sizeof X.policy, "late=%s,suspended=%s",
                 late ? "last" : "reject", susp ? "release" : "hold");
        snprintf(X.note, sizeof X.note, "%s", note);
        rc[late] = run_alloc(&p[late], m, &e[late], &c[late], seed);
        int rc2 = run_alloc(&p2, m, &e[late], &c[late], seed);
        X.p = &p[late];
        usable[late] = check_plan(&X, &e[late], &O, rc[late], &p2, rc2);
        plan_release(&p2);
    }
    /* 7: the on-time part under last = the plan under reject */
    if (ran[0] && ran[1] && usable[0] && usable[1]) {
        struct view v;
        struct ctx X;
        memset(&X, 0, sizeof X);
        X.seed = seed;
        X.m = m;
        X.c = &c[1];
        X.p = &p[1];
        snprintf(X.policy, sizeof X.policy, "late=last vs reject,suspended=%s",
                 susp ? "release" : "hold");
        snprintf(X.note, sizeof X.note, "%s", note);
        view_init(&v, m, &c[1]);
        g_st.checked[PR_LATE]++;
        int ndiff = 0;
        for (int u = 0; u < m->nunits; u++) {
            int32_t a = p[1].unit_request[u], b = p[0].unit_request[u];
            if (a >= 0 && v.pass[a] == 1)
                a = -1;
            if (a != b) {
                if (ndiff++ < 6)
                    failf(&X, PR_LATE, "unit %s: on-time part of late=last gives "
                          "it to %s, late=reject to %s", m->units[u].id,
                          a >= 0 ? m->requests[a].id : "-",
                          b >= 0 ? m->requests[b].id : "-");
            }
        }
        if (ndiff && g_dumps < MAX_DUMPS) {
            g_dumps++;
            fprintf(stderr, "(plan below: late=last; late=reject gives:");
            for (int u = 0; u < m->nunits; u++)
                fprintf(stderr, " %s->%s", m->units[u].id,
                        p[0].unit_request[u] >= 0
                            ? m->requests[p[0].unit_request[u]].id : "-");
            fprintf(stderr, ")\n");
            dump(&X, &v);
        }
        view_release(&v);
    }
    for (int late = 0; late < 2; late++) {
        if (!ran[late])
            continue;
        plan_release(&p[late]);
        eligibility_release(&e[late]);
    }
    config_release(&c[0]);
    config_release(&c[1]);
}

/* ------------------------------------------------------------------------
 * Hand-made checks of the test's own optima
 * ---------------------------------------------------------------------- */

/* Every on-time request of m under a reject/hold configuration. */
static void hand_optima(const struct model *m, int64_t *h, struct frac *z,
                        int *zany)
{
    struct config c;
    struct view v;
    struct oprob P;
    char why[200] = "";
    make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
    view_init(&v, m, &c);
    oprob_build(&P, &v, 0, NULL, NULL);
    *h = oracle_h(&P, why, sizeof why);
    if (*h < 0)
        fail_msg("oracle H: %s", why);
    if (oracle_z(&P, *h, z, zany, why, sizeof why) != 1)
        fail_msg("oracle z: %s", why);
    int64_t hd;
    struct frac zd;
    int anyd;
    assert_true(dfs_solve(&P, &hd, &zd, &anyd));
    assert_int_equal(hd, *h);
    assert_int_equal(anyd, *zany);
    if (anyd)
        assert_int_equal(frac_cmp(zd, *z), 0);
    oprob_release(&P);
    view_release(&v);
    config_release(&c);
}

/* The brief's example: one town A, three 2R flats U1 40 m^2, U2 and U3
 * 60 m^2 at 10 000 CNY/m^2 (4e7, 6e7, 6e7 cents); RP (payer P,
 * infrastructure) 2 units, cap 1 200 000 CNY; RQ (payer Q, social) 1 unit,
 * cap 450 000 CNY.  In whole units: RP U2+U3 = exactly its cap, RQ U1:
 * H = 3. */
static void build_brief(struct model *m, int64_t cap_p, int64_t cap_q)
{
    model_init(m);
    int32_t A = add_town(m, "A", 31.20, 121.50);
    int32_t l = add_layout(m, "2R");
    rh_date ok = ymd(2025, 3, 1), d = ymd(2024, 10, 1);
    add_unit(m, "U1", A, l, 4000, 1000000, UNIT_AVAILABLE, ok);
    add_unit(m, "U2", A, l, 6000, 1000000, UNIT_AVAILABLE, ok);
    add_unit(m, "U3", A, l, 6000, 1000000, UNIT_AVAILABLE, ok);
    int32_t P = add_payer(m, "P", 1, cap_p);
    int32_t Q = add_payer(m, "Q", 1, cap_q);
    add_request(m, "RP", P, A, l, RH_CAT_INFRASTRUCTURE, 2, d);
    add_request(m, "RQ", Q, A, l, RH_CAT_SOCIAL, 1, d);
}

static void test_oracle_hand(void **state)
{
    (void)state;
    int64_t h;
    struct frac z;
    int any;
    struct model m;
    static const struct { int64_t cp, cq, h; } brief[] = {
        { 120000000, 45000000, 3 },     /* the brief: H = 3 */
        { 119999999, 45000000, 2 },     /* one cent less: RP only U1+U2 -> 2 */
        { 120000000, 39999999, 2 },     /* RQ cannot take U1 */
        { 0, 45000000, 1 },             /* cap 0: RP nothing */
        { -1, -1, 3 },
        { 100000000, 60000000, 3 },     /* RP U1+U2, RQ U3 */
    };
    for (size_t i = 0; i < sizeof brief / sizeof brief[0]; i++) {
        build_brief(&m, brief[i].cp, brief[i].cq);
        hand_optima(&m, &h, &z, &any);
        if (h != brief[i].h)
            fail_msg("brief example caps %lld/%lld: H* %lld, expected %lld",
                     (long long)brief[i].cp, (long long)brief[i].cq,
                     (long long)h, (long long)brief[i].h);
        assert_true(any);
        assert_int_equal(frac_cmp(z, (struct frac){ brief[i].h, 3 }), 0);
        model_release(&m);
    }

    /* Max-min in whole units: towns A (2 wanted) and B (5 wanted), three
     * flats in C (no demand), no caps: LP level 3/7, integer max-min 2/5
     * (A 1, B 2), H = 0. */
    model_init(&m);
    int32_t A = add_town(&m, "A", 31.20, 121.50);
    int32_t B = add_town(&m, "B", 31.25, 121.55);
    int32_t C = add_town(&m, "C", 31.10, 121.45);
    int32_t l = add_layout(&m, "2R");
    rh_date ok = ymd(2025, 3, 1), d = ymd(2024, 10, 1);
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "U%d", i);
        add_unit(&m, id, C, l, 5000 + i, 2000000, UNIT_AVAILABLE, ok);
    }
    int32_t P = add_payer(&m, "P", 1, -1);
    add_request(&m, "RA", P, A, l, RH_CAT_LIVELIHOOD, 2, d);
    add_request(&m, "RB", P, B, l, RH_CAT_LIVELIHOOD, 5, d);
    hand_optima(&m, &h, &z, &any);
    assert_int_equal(h, 0);
    assert_true(any);
    if (frac_cmp(z, (struct frac){ 2, 5 }) != 0)
        fail_msg("max-min example: z* %lld/%lld, expected 2/5", (long long)z.a,
                 (long long)z.b);
    /* ... and a cap that lets B's payer buy one flat only: A 2/2 would
     * need 2 flats, B at most 1 -> max-min 1/5 (A >= 1 anyway). */
    model_release(&m);
    model_init(&m);
    A = add_town(&m, "A", 31.20, 121.50);
    B = add_town(&m, "B", 31.25, 121.55);
    C = add_town(&m, "C", 31.10, 121.45);
    l = add_layout(&m, "2R");
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "U%d", i);
        add_unit(&m, id, C, l, 5000, 2000000, UNIT_AVAILABLE, ok); /* 1e7 */
    }
    P = add_payer(&m, "P", 1, -1);
    int32_t Q = add_payer(&m, "Q", 1, 199999999);  /* one flat of 1e8 */
    add_request(&m, "RA", P, A, l, RH_CAT_LIVELIHOOD, 2, d);
    add_request(&m, "RB", Q, B, l, RH_CAT_LIVELIHOOD, 5, d);
    hand_optima(&m, &h, &z, &any);
    if (frac_cmp(z, (struct frac){ 1, 5 }) != 0)
        fail_msg("capped max-min example: z* %lld/%lld, expected 1/5",
                 (long long)z.a, (long long)z.b);
    model_release(&m);

    /* Cap in cents: 1e8, 2e8, 3e8 for one request of 3, cap 6e8 - 100 -> 2;
     * cap 6e8 -> 3. */
    for (int k = 0; k < 2; k++) {
        model_init(&m);
        A = add_town(&m, "A", 31.20, 121.50);
        l = add_layout(&m, "2R");
        add_unit(&m, "U1", A, l, 10000, 1000000, UNIT_AVAILABLE, ok);
        add_unit(&m, "U2", A, l, 10000, 2000000, UNIT_AVAILABLE, ok);
        add_unit(&m, "U3", A, l, 10000, 3000000, UNIT_AVAILABLE, ok);
        P = add_payer(&m, "P", 1, k ? 600000000 : 600000000 - 100);
        add_request(&m, "RP", P, A, l, RH_CAT_LIVELIHOOD, 3, d);
        hand_optima(&m, &h, &z, &any);
        assert_int_equal(h, k ? 3 : 2);
        model_release(&m);
    }
}

/* The brief's example through allocate_plan: every property. */
static void test_brief_example(void **state)
{
    (void)state;
    struct model m;
    build_brief(&m, 120000000, 45000000);
    static const int order[RH_NCATEGORIES] = { 0, 1, 2, 3 };
    long before = 0, after = 0;
    for (int k = 0; k < NPROPS; k++)
        before += g_st.failed[k];
    run_instance(&m, order, 0, RH_SUSP_HOLD, 10);
    for (int k = 0; k < NPROPS; k++)
        after += g_st.failed[k];
    model_release(&m);
    if (after != before)
        fail_msg("the brief's example (seed 0): %ld property failures", after - before);
}

/* ------------------------------------------------------------------------
 * Generated small instances
 * ---------------------------------------------------------------------- */

static void print_stats(const char *what, double secs)
{
    fprintf(stderr, "[ %s ] %ld instances, %ld plans (%ld allocate_plan runs), "
            "%ld plans where a cap bound, %ld on-time passes whose H a cap "
            "lowers; test: %ld MIPs, %ld enumerations agreeing checked (%ld too "
            "large), %ld extra B rounds, %ld cover cuts/cap tightenings, %ld "
            "undecided\n", what, g_st.instances, g_st.plans, g_st.runs,
            g_st.cap_bound_plans, g_st.h_cap_bound, g_st.milps, g_st.dfs_checks,
            g_st.dfs_aborted, g_st.z_extra_rounds, g_st.cover_cuts,
            g_st.undecided);
    fprintf(stderr, "[ %s ] property: checked / failed (of which with a binding "
            "cap) / example seeds\n", what);
    for (int k = 0; k < NPROPS; k++)
        fprintf(stderr, "[ %s ]   %-26s %6ld / %5ld (%5ld)  %s\n", what,
                prop_name[k], g_st.checked[k], g_st.failed[k],
                g_st.failed_capbound[k], g_st.examples[k]);
    fprintf(stderr, "[ %s ] failures of 2 with the published floors "
            "themselves below the integer max-min: %ld (of which the test's H* "
            "and z* are the same without caps: %ld); 4s is reported, not a "
            "failure\n", what, g_st.b_floors_low, g_st.b_floors_low_same);
    fprintf(stderr, "[ %s ] %.2f s in all, %.2f s in allocate_plan (slowest "
            "%.2f s, seed %u)\n", what, secs, g_st.alloc_s, g_st.alloc_max_s,
            g_st.alloc_max_seed);
}

static void reset_stats(void)
{
    memset(&g_st, 0, sizeof g_st);
    memset(g_lines, 0, sizeof g_lines);
    g_dumps = 0;
}

static long total_failed(void)
{
    long n = 0;
    for (int k = 0; k < NPROPS; k++)
        if (k != PR_STATUS)     /* 4s is reported, not a failure (see top) */
            n += g_st.failed[k];
    return n;
}

static void test_small_capped(void **state)
{
    (void)state;
    reset_stats();
    double t0 = tk_clock();
    unsigned only = env_uint("RH_TEST_SEED", 0);
    unsigned n = env_uint("RH_TEST_N", NSMALL_DEFAULT);
    if (only)
        n = only < SEED_PUDONG ? only : 0;
    for (unsigned seed = only ? only : 1; seed <= n; seed++) {
        struct model m;
        int order[RH_NCATEGORIES];
        gen_small(&m, seed, order);
        g_st.instances++;
        for (int susp = 0; susp < 2; susp++)
            run_instance(&m, order, seed, susp, 10);
        model_release(&m);
    }
    print_stats("small", tk_clock() - t0);
    if (!only) {                /* the generator makes caps bind */
        assert_true(g_st.cap_bound_plans > g_st.plans / 4);
        assert_true(g_st.h_cap_bound > 0);
        assert_true(g_st.instances >= 1000 || n < 1000);
    }
    if (total_failed() > 0)
        fail_msg("%ld property failures (see above)", total_failed());
}

/* ------------------------------------------------------------------------
 * Pudong-like instances: property 1 by an aggregated integer program
 * ---------------------------------------------------------------------- */

/* The oracle's own search is bounded in nodes, never in seconds: its answer
 * may not depend on how busy the machine is.  Instances with 10-20 % of
 * payers capped are decided in tens of nodes.  With 60 % capped (seed
 * 900002) GLPK proves neither the oracle's program nor the product's
 * within any budget a test can afford: that instance is counted as
 * undecided and shown, the plan's H held to the oracle's bracket.  The
 * busy-machine test uses decided instances only, where undecided fails. */
#define ORACLE_NODES 3000

static void oracle_cb(glp_tree *T, void *info)
{
    int *hit = info;
    if (glp_ios_reason(T) != GLP_ISELECT)
        return;
    int total = 0;
    glp_ios_tree_size(T, NULL, NULL, &total);
    if (total > ORACLE_NODES) {
        *hit = 1;
        glp_ios_terminate(T);
    }
}

/* H* of the pass by an aggregated integer program over value tiers.
 *
 * Only home arcs count for H, and a flat given away from its town never
 * raises H and only spends cap room, so each class k = (town, layout) of
 * the pass is served by the requests of that town and layout.  Uncapped
 * requests there (U_k units wanted) are indifferent to value: some optimum
 * gives them min(S_k, U_k) of the class's S_k flats, the dearest ones
 * (exchange: a capped flat handed to an uncapped request keeps H and frees
 * cap room; a capped payer swapping its flat for a cheaper one of the class
 * keeps H and frees cap room).  The capped payers then share the E_k =
 * S_k - min(S_k, U_k) cheapest flats of each class:
 *   max sum y[t, p]  over tiers t (class, exact value) of those flats and
 *   capped payers p with C_pk units wanted in the tier's class,
 *   sum_p y[t, p] <= count_t,  sum_{t in k} y[t, p] <= C_pk,
 *   sum_t value_t y[t, p] <= cap room of p,  y integer;
 * H* = sum_k min(S_k, U_k) + its optimum.  Requests of one payer in one
 * class are interchangeable for H and for the cap, so they are merged.
 * GLPK's row tolerance can let a cap slip by a few cents; then the cap row
 * is tightened by the excess and the MIP solved again: the first optimum is
 * an upper bound, a solution that holds in whole cents a lower bound.
 * RETURNS 1 with *lb == *ub (exact), 2 with *lb < *ub (bracket), -1 (why). */
static int oracle_h_tiers(const struct oprob *P, int64_t *lb, int64_t *ub,
                          char *why, size_t whysz)
{
    const struct model *m = P->m;
    int T = m->ntowns, L = m->layouts.n > 0 ? m->layouts.n : 1, NP = m->npayers;
    int K = T * L, nu = P->nu;
    /* the pass's flats by class, values ascending */
    int32_t *cstart = calloc((size_t)K + 2, sizeof *cstart);
    int32_t *fill = calloc((size_t)K + 1, sizeof *fill);
    int64_t *vals = malloc(((size_t)nu + 1) * sizeof *vals);
    int64_t *U = calloc((size_t)K + 1, sizeof *U);
    int64_t *C = calloc((size_t)K * NP + 1, sizeof *C);
    assert_true(cstart && fill && vals && U && C);
    for (int i = 0; i < nu; i++)
        cstart[m->units[P->u[i]].town * L + m->units[P->u[i]].layout + 1]++;
    for (int k = 0; k < K; k++)
        cstart[k + 1] += cstart[k];
    for (int i = 0; i < nu; i++) {
        const struct unit *x = &m->units[P->u[i]];
        int k = x->town * L + x->layout;
        vals[cstart[k] + fill[k]++] = x->value_c;
    }
    for (int k = 0; k < K; k++)
        for (int i = cstart[k] + 1; i < cstart[k + 1]; i++) {
            int64_t v = vals[i];
            int j = i - 1;
            while (j >= cstart[k] && vals[j] > v) {
                vals[j + 1] = vals[j];
                j--;
            }
            vals[j + 1] = v;
        }
    for (int j = 0; j < P->nr; j++) {
        const struct request *q = &m->requests[P->r[j]];
        int k = q->town * L + q->layout;
        if (P->room[q->payer] < 0)
            U[k] += q->units;
        else
            C[(size_t)k * NP + q->payer] += q->units;
    }
    int64_t base = 0;
    /* tiers of the cheapest E_k flats of each class */
    int64_t *tval = malloc(((size_t)nu + 1) * sizeof *tval);
    int64_t *tcnt = malloc(((size_t)nu + 1) * sizeof *tcnt);
    int32_t *tcls = malloc(((size_t)nu + 1) * sizeof *tcls);
    assert_true(tval && tcnt && tcls);
    int nt = 0;
    for (int k = 0; k < K; k++) {
        int64_t S = cstart[k + 1] - cstart[k];
        int64_t keep = S < U[k] ? S : U[k];
        base += keep;
        int64_t E = S - keep;
        for (int i = cstart[k]; i < cstart[k] + E; i++) {
            if (i > cstart[k] && vals[i] == vals[i - 1]) {
                tcnt[nt - 1]++;
                continue;
            }
            tval[nt] = vals[i];
            tcnt[nt] = 1;
            tcls[nt] = k;
            nt++;
        }
    }
    /* columns y[t, p] */
    int maxc = nt * NP + 1, ncols = 0;
    int *ct = malloc((size_t)maxc * sizeof *ct), *cp = malloc((size_t)maxc * sizeof *cp);
    assert_true(ct && cp);
    for (int t = 0; t < nt; t++)
        for (int q = 0; q < NP; q++)
            if (P->room[q] >= 0 && C[(size_t)tcls[t] * NP + q] > 0) {
                ct[ncols] = t;
                cp[ncols] = q;
                ncols++;
            }
    int rc = -1;
    if (ncols == 0) {
        *lb = *ub = base;
        rc = 1;
        goto out_nolp;
    }
    tk_glpk_quiet();
    g_st.milps++;
    glp_prob *lp = glp_create_prob();
    /* rows: tiers, (class, payer) demand, payer caps */
    int *row_kp = calloc((size_t)K * NP + 1, sizeof *row_kp);
    int *row_p = calloc((size_t)NP + 1, sizeof *row_p);
    assert_true(row_kp && row_p);
    int nrows = nt;
    glp_add_rows(lp, nt);
    for (int t = 0; t < nt; t++)
        glp_set_row_bnds(lp, t + 1, GLP_UP, 0.0, (double)tcnt[t]);
    for (int c2 = 0; c2 < ncols; c2++) {
        size_t kp = (size_t)tcls[ct[c2]] * NP + cp[c2];
        if (!row_kp[kp]) {
            row_kp[kp] = ++nrows;
            glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, nrows, GLP_UP, 0.0, (double)C[kp]);
        }
        if (!row_p[cp[c2]]) {
            row_p[cp[c2]] = ++nrows;
            glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, nrows, GLP_UP, 0.0, (double)P->room[cp[c2]]);
        }
    }
    int *ia = malloc(((size_t)ncols * 3 + 1) * sizeof *ia);
    int *ja = malloc(((size_t)ncols * 3 + 1) * sizeof *ja);
    double *ar = malloc(((size_t)ncols * 3 + 1) * sizeof *ar);
    int64_t *val = calloc((size_t)NP + 1, sizeof *val);
    assert_true(ia && ja && ar && val);
    glp_add_cols(lp, ncols);
    int ne = 0;
    for (int c2 = 0; c2 < ncols; c2++) {
        int col = c2 + 1, t = ct[c2], q = cp[c2];
        glp_set_col_kind(lp, col, GLP_IV);
        glp_set_col_bnds(lp, col, GLP_DB, 0.0, (double)tcnt[t]);
        glp_set_obj_coef(lp, col, 1.0);
        ne++; ia[ne] = t + 1; ja[ne] = col; ar[ne] = 1.0;
        ne++; ia[ne] = row_kp[(size_t)tcls[t] * NP + q]; ja[ne] = col; ar[ne] = 1.0;
        ne++; ia[ne] = row_p[q]; ja[ne] = col; ar[ne] = (double)tval[t];
    }
    glp_load_matrix(lp, ne, ia, ja, ar);
    glp_set_obj_dir(lp, GLP_MAX);
    int64_t upper = -1, lower = -1;
    for (int round = 0; round < 20; round++) {
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = GLP_MSG_OFF;
        sp.presolve = GLP_OFF;
        glp_scale_prob(lp, GLP_SF_AUTO);
        int r1 = glp_simplex(lp, &sp);
        if (r1 != 0 || glp_get_status(lp) != GLP_OPT) {
            snprintf(why, whysz, "tier LP: rc %d status %d", r1, glp_get_status(lp));
            break;
        }
        glp_iocp ip;
        glp_init_iocp(&ip);
        ip.msg_lev = GLP_MSG_OFF;
        ip.presolve = GLP_OFF;
        ip.tol_int = 1e-9;
        ip.mir_cuts = GLP_ON;
        ip.cov_cuts = GLP_ON;
        ip.gmi_cuts = GLP_ON;
        int hit = 0;
        ip.cb_func = oracle_cb;
        ip.cb_info = &hit;
        int r2 = glp_intopt(lp, &ip);
        if (hit && glp_mip_status(lp) == GLP_FEAS) {
            /* undecided: a bracket [incumbent, LP bound] (rc 2) */
            double lpb = glp_get_obj_val(lp);
            int64_t inc = llround(glp_mip_obj_val(lp));
            *ub = base + (int64_t)floor(lpb + 1e-6);
            *lb = base + inc;
            rc = *lb == *ub ? 1 : 2;
            upper = lower = -1;
            g_st.undecided++;
            break;
        }
        if (hit) {
            snprintf(why, whysz, "tier MIP: over %d nodes with no whole "
                     "solution, undecided", ORACLE_NODES);
            break;
        }
        if (r2 != 0 || glp_mip_status(lp) != GLP_OPT) {
            snprintf(why, whysz, "tier MIP: rc %d status %d", r2,
                     glp_mip_status(lp));
            break;
        }
        double obj = glp_mip_obj_val(lp);
        if (fabs(obj - llround(obj)) > 1e-6) {
            snprintf(why, whysz, "tier MIP objective %.9g", obj);
            break;
        }
        if (upper < 0)
            upper = llround(obj);
        memset(val, 0, ((size_t)NP + 1) * sizeof *val);
        int whole = 1;
        int64_t got = 0;
        for (int c2 = 0; c2 < ncols; c2++) {
            double y = glp_mip_col_val(lp, c2 + 1);
            whole &= fabs(y - llround(y)) <= 1e-6;
            val[cp[c2]] += llround(y) * tval[ct[c2]];
            got += llround(y);
        }
        if (!whole) {
            snprintf(why, whysz, "tier MIP solution not whole");
            break;
        }
        int over = 0;
        for (int q = 0; q < NP; q++)
            if (row_p[q] && val[q] > P->room[q]) {
                /* tighten by the excess: cuts off this solution */
                double ubq = glp_get_row_ub(lp, row_p[q]);
                glp_set_row_bnds(lp, row_p[q], GLP_UP, 0.0,
                                 ubq - (double)(val[q] - P->room[q]));
                over = 1;
                g_st.cover_cuts++;
            }
        if (!over) {
            lower = got;
            break;
        }
    }
    if (upper >= 0 && lower >= 0) {
        *ub = base + upper;
        *lb = base + lower;
        rc = *lb == *ub ? 1 : 2;
    }
    glp_delete_prob(lp);
    free(row_kp); free(row_p);
    free(ia); free(ja); free(ar); free(val);
out_nolp:
    free(cstart); free(fill); free(vals); free(U); free(C);
    free(tval); free(tcnt); free(tcls); free(ct); free(cp);
    return rc;
}

static void gen_pudong(struct model *m, unsigned seed, int order[RH_NCATEGORIES],
                       int *capped_pct)
{
    struct tk_rng g;
    tk_seed(&g, 0x9D0A6ULL, seed);
    for (int i = 0; i < 4; i++)
        tk_next(&g);
    model_init(m);
    static const char *const lay[3] = { "1R", "2R", "3R" };
    static const int64_t areas[3][3] = {
        { 4550, 5230, 5880 }, { 6840, 7520, 8260 }, { 9510, 10270, 11830 } };
    const int T = 36, L = 3, NP = 40;
    int U = tk_int(&g, 2700, 3300), R = tk_int(&g, 180, 220);
    rh_date deadline = ymd(2024, 10, 31), horizon = ymd(2025, 12, 31);
    rh_date as_of = ymd(2025, 1, 15);
    int wsup[36], wdem[36], totsup = 0, totdem = 0;
    int64_t price[36][3][2];
    for (int t = 0; t < T; t++) {
        char id[16];
        snprintf(id, sizeof id, "PD%02d", t + 1);
        add_town(m, id, 30.85 + tk_int(&g, 0, 400000) / 1e6,
                 121.45 + tk_int(&g, 0, 500000) / 1e6);
        wsup[t] = tk_int(&g, 0, 10);
        wdem[t] = tk_int(&g, 1, 10);
        totsup += wsup[t];
        totdem += wdem[t];
        for (int l = 0; l < L; l++)
            for (int k = 0; k < 2; k++)
                price[t][l][k] = 1800000 + tk_int(&g, 0, 2500000);
    }
    if (totsup == 0) {
        wsup[0] = 1;
        totsup = 1;
    }
    for (int l = 0; l < L; l++)
        add_layout(m, lay[l]);
    for (int u = 0; u < U; u++) {
        char id[16];
        snprintf(id, sizeof id, "PU%05d", u);
        int x = tk_int(&g, 0, totsup - 1), town;
        for (town = 0; x >= wsup[town]; town++)
            x -= wsup[town];
        int l = tk_int(&g, 0, L - 1);
        int st = tk_chance(&g, 6) ? UNIT_RESERVED : UNIT_AVAILABLE;
        rh_date av = tk_chance(&g, 5) ? horizon + 30 : horizon - tk_int(&g, 0, 300);
        add_unit(m, id, town, l, areas[l][tk_int(&g, 0, 2)],
                 price[town][l][tk_int(&g, 0, 1)], st, av);
    }
    for (int p = 0; p < NP; p++) {
        char id[16];
        snprintf(id, sizeof id, "PP%02d", p + 1);
        add_payer(m, id, tk_chance(&g, 97), -1);
        if (tk_chance(&g, 15)) {
            char ag[32];
            snprintf(ag, sizeof ag, "PAG%02d", p + 1);
            add_ledger(m, p, ag, as_of - 75, 80000000, 10000000);
        }
    }
    for (int r = 0; r < R; r++) {
        char id[16];
        snprintf(id, sizeof id, "PR%04d", r);
        int x = tk_int(&g, 0, totdem - 1), town;
        for (town = 0; x >= wdem[town]; town++)
            x -= wdem[town];
        rh_date sub = tk_chance(&g, 12) ? deadline + tk_int(&g, 1, 30)
                                        : deadline - tk_int(&g, 0, 60);
        add_request(m, id, tk_int(&g, 0, NP - 1), town, tk_int(&g, 0, L - 1),
                    tk_int(&g, 0, RH_NCATEGORIES - 1), tk_int(&g, 1, 30), sub);
    }
    int64_t vsum = 0, n = 0;
    for (int u = 0; u < m->nunits; u++) {
        vsum += m->units[u].value_c;
        n++;
    }
    int64_t mean = vsum / n;
    int share = tk_int(&g, 10, 60);
    *capped_pct = share;
    for (int p = 0; p < NP; p++) {
        if (!tk_chance(&g, share))
            continue;
        int64_t dem = 0;
        for (int r = 0; r < R; r++)
            if (m->requests[r].payer == p)
                dem += m->requests[r].units;
        int k = tk_int(&g, 0, 99);
        int pct = k < 5 ? 0 : k < 80 ? tk_int(&g, 200, 2000) : tk_int(&g, 2000, 10000);
        m->payers[p].capacity_c = (int64_t)((__int128)dem * mean * pct / 10000) +
                                  tk_int(&g, 0, 9999);
    }
    for (int k = 0; k < RH_NCATEGORIES; k++)
        order[k] = k;
    tk_shuffle(&g, order, RH_NCATEGORIES);
}

static void test_pudong_capped(void **state)
{
    (void)state;
    reset_stats();
    double t0 = tk_clock();
    unsigned only = env_uint("RH_TEST_SEED", 0);
    unsigned npd = env_uint("RH_TEST_PUDONG", NPUDONG);
    if (only)
        npd = only >= SEED_PUDONG ? only - SEED_PUDONG + 1 : 0;
    for (unsigned i = 0; i < npd; i++) {
        unsigned seed = SEED_PUDONG + i;
        if (only && only != seed)
            continue;
        struct model m;
        int order[RH_NCATEGORIES], share;
        gen_pudong(&m, seed, order, &share);
        g_st.instances++;
        int late = (int)(i & 1), susp = (int)((i >> 1) & 1);
        struct config c;
        make_config(&c, late ? RH_LATE_LAST : RH_LATE_REJECT,
                    susp ? RH_SUSP_RELEASE : RH_SUSP_HOLD);
        set_category_order(&c, order);
        c.time_limit_s = (int)env_uint("RH_TEST_TIME_LIMIT", PUDONG_TIME_LIMIT);
        c.search_nodes = (int)env_uint("RH_TEST_NODES", RH_SEARCH_NODES_DEFAULT);
        struct eligibility e;
        struct plan p;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        struct ctx X;
        memset(&X, 0, sizeof X);
        X.seed = seed;
        X.m = &m;
        X.c = &c;
        snprintf(X.policy, sizeof X.policy, "late=%s,suspended=%s,capped=%d%%",
                 late ? "last" : "reject", susp ? "release" : "hold", share);
        double ta = tk_clock();
        int rc = run_alloc(&p, &m, &e, &c, seed);
        double tb = tk_clock();
        struct view v;
        view_init(&v, &m, &c);
        if (rc != 0 || p.guard_hit) {
            g_st.checked[PR_VALID]++;
            failf(&X, PR_VALID, rc ? "allocate_plan returned %d"
                  : "the time guard cut the solve (rc %d): not reproducible", rc);
        } else {
            X.p = &p;
            g_st.plans++;
            struct facts F;
            facts_build(&F, &v, &p);
            X.cap_bound = cap_binds(&v, &F, &p);
            g_st.cap_bound_plans += X.cap_bound;
            if (prop_valid(&X, &v, &e, &F)) {
                char why[200] = "";
                for (int k = 0; k < (late ? 2 : 1); k++) {
                    struct oprob P;
                    oprob_build(&P, &v, k, k ? F.used0 : NULL, k ? F.pval0 : NULL);
                    double tc = tk_clock();
                    int64_t h = -1, hub = -1;
                    int orc = oracle_h_tiers(&P, &h, &hub, why, sizeof why);
                    g_st.checked[PR_ORACLE]++;
                    if (orc < 0) {
                        failf(&X, PR_ORACLE, "%s pass: %s", k ? "late" : "on-time",
                              why);
                    } else if (F.home[k] > hub) {
                        failf(&X, PR_ORACLE, "%s pass: the plan's %lld home-town "
                              "units beat the test's optimum %lld",
                              k ? "late" : "on-time", (long long)F.home[k],
                              (long long)hub);
                    } else if (F.home[k] < h || orc == 1) {
                        g_st.checked[PR_H]++;
                        if (F.home[k] != h)
                            failf(&X, PR_H, "%s pass: home-town units %lld, "
                                  "integer optimum %lld%s", k ? "late" : "on-time",
                                  (long long)F.home[k], (long long)h,
                                  orc == 2 ? " (at least)" : "");
                    } else {
                        /* bracketed: the plan's H lies in it (checked above);
                         * counted as undecided in the stats line */
                    }
                    fprintf(stderr, "[ pudong ] seed %u %s pass: %d units, %d "
                            "requests, H plan %lld, H* %lld..%lld; "
                            "allocate_plan %.2f s, test MIP %.2f s\n", seed,
                            k ? "late" : "on-time", P.nu, P.nr,
                            (long long)F.home[k], (long long)h, (long long)hub, tb - ta,
                            tk_clock() - tc);
                    oprob_release(&P);
                }
                fprintf(stderr, "[ pudong ] seed %u stages:", seed);
                for (int st = 0; st < p.nstages && st < PLAN_MAX_STAGES; st++)
                    fprintf(stderr, " %s/%s=%.9g(%d;%.2fs,%dlp,%dmip)",
                            p.stages[st].name, p.stages[st].pass,
                            p.stages[st].objective, p.stages[st].status,
                            p.stages[st].seconds, p.stages[st].lps,
                            p.stages[st].mips);
                fprintf(stderr, "\n");
                prop_records(&X, &F);
            }
            facts_release(&F);
        }
        if (any_failed(&X)) {
            /* the whole instance only when asked for (3000 units) */
            if (only && g_dumps < MAX_DUMPS) {
                g_dumps++;
                dump(&X, &v);
            } else {
                fprintf(stderr, "(RH_TEST_SEED=%u prints the whole instance "
                        "and plan)\n", seed);
            }
        }
        view_release(&v);
        plan_release(&p);       /* also after a failed run */
        eligibility_release(&e);
        config_release(&c);
        model_release(&m);
    }
    print_stats("pudong", tk_clock() - t0);
    if (total_failed() > 0)
        fail_msg("%ld property failures (see above)", total_failed());
}

/* ------------------------------------------------------------------------
 * The same plan on a busy machine
 * ---------------------------------------------------------------------- */

/* Two busy loops, one a core.  Each is the shell itself (killed directly,
 * never through a wrapper that would leave it running), with an alarm
 * that survives exec: it cannot outlive a crashed test by more than
 * 900 s. */
static void busy_start(pid_t pid[2])
{
    for (int i = 0; i < 2; i++) {
        pid[i] = fork();
        assert_true(pid[i] >= 0);
        if (pid[i] == 0) {
            alarm(900);
            execl("/bin/sh", "sh", "-c", "while :; do :; done", (char *)NULL);
            _exit(127);
        }
    }
}

static void busy_stop(pid_t pid[2])
{
    for (int i = 0; i < 2; i++) {
        kill(pid[i], SIGKILL);
        waitpid(pid[i], NULL, 0);
    }
}

/* The plan's H of pass k against the oracle's; RETURNS 0 when equal. */
static int h_against_oracle(const struct view *v, const struct facts *F, int k,
                            int64_t *plan_h, int64_t *oracle_h)
{
    struct oprob P;
    oprob_build(&P, v, k, k ? F->used0 : NULL, k ? F->pval0 : NULL);
    int64_t h = -1, hub = -1;
    char why[200] = "";
    int orc = oracle_h_tiers(&P, &h, &hub, why, sizeof why);
    oprob_release(&P);
    *plan_h = F->home[k];
    *oracle_h = h;
    if (orc != 1)
        fail_msg("oracle undecided (%d): %s", orc, why);
    return F->home[k] != h;
}

/* A capped Pudong-like instance planned twice, the second time beside two
 * busy loops: the plans are identical, unit for unit and record for
 * record (iterations included), and H is the integer optimum in both.
 * No search may be cut by the clock. */
static void test_pudong_busy(void **state)
{
    (void)state;
    static const unsigned seeds[] = { 900003u, 900004u };
    if (!env_uint("RH_TEST_BUSY", 1))
        skip();             /* RH_TEST_BUSY=0: not this time */
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        unsigned seed = seeds[i], k = seed - SEED_PUDONG;
        struct model m;
        int order[RH_NCATEGORIES], share;
        gen_pudong(&m, seed, order, &share);
        int late = (int)(k & 1), susp = (int)((k >> 1) & 1);
        struct config c;
        make_config(&c, late ? RH_LATE_LAST : RH_LATE_REJECT,
                    susp ? RH_SUSP_RELEASE : RH_SUSP_HOLD);
        set_category_order(&c, order);
        c.time_limit_s = 3600;          /* the outer guard: never reached */
        struct eligibility e;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        struct plan p[2];
        double secs[2];
        for (int run = 0; run < 2; run++) {
            pid_t pid[2];
            if (run == 1)
                busy_start(pid);
            double t0 = tk_clock();
            int rc = run_alloc(&p[run], &m, &e, &c, seed);
            secs[run] = tk_clock() - t0;
            if (run == 1)
                busy_stop(pid);
            assert_int_equal(rc, 0);
            assert_int_equal(p[run].guard_hit, 0);
        }
        fprintf(stderr, "[ busy ] seed %u: %.2f s idle, %.2f s beside two busy "
                "loops\n", seed, secs[0], secs[1]);
        for (int32_t u = 0; u < m.nunits; u++)
            if (p[0].unit_request[u] != p[1].unit_request[u])
                fail_msg("seed %u: unit %s goes to request %d idle, %d busy",
                         seed, m.units[u].id, p[0].unit_request[u],
                         p[1].unit_request[u]);
        for (int32_t t = 0; t < m.ntowns; t++) {
            assert_true(p[0].town_floor[t] == p[1].town_floor[t]);
            assert_true(p[0].town_level[t] == p[1].town_level[t]);
        }
        assert_int_equal(p[0].nstages, p[1].nstages);
        for (int st = 0; st < p[0].nstages && st < PLAN_MAX_STAGES; st++) {
            const struct stage_record *a = &p[0].stages[st], *b = &p[1].stages[st];
            if (strcmp(a->name, b->name) || a->objective != b->objective ||
                a->bound != b->bound || a->status != b->status ||
                a->iterations != b->iterations || a->lps != b->lps ||
                a->mips != b->mips)
                fail_msg("seed %u: stage %s/%s differs: %.9g/%.9g st %d it %ld "
                         "idle, %.9g/%.9g st %d it %ld busy", seed, a->name,
                         a->pass, a->objective, a->bound, a->status,
                         a->iterations, b->objective, b->bound, b->status,
                         b->iterations);
        }
        struct view v;
        view_init(&v, &m, &c);
        for (int run = 0; run < 2; run++) {
            struct facts F;
            facts_build(&F, &v, &p[run]);
            for (int pass = 0; pass < (late ? 2 : 1); pass++) {
                int64_t ph, oh;
                if (h_against_oracle(&v, &F, pass, &ph, &oh))
                    fail_msg("seed %u run %d pass %d: H %lld, integer optimum "
                             "%lld", seed, run, pass, (long long)ph, (long long)oh);
            }
            facts_release(&F);
        }
        view_release(&v);
        plan_release(&p[0]);
        plan_release(&p[1]);
        eligibility_release(&e);
        config_release(&c);
        model_release(&m);
    }
}

/* ------------------------------------------------------------------------
 * Lazy capped purchases (exact.c): the LP optima over every column
 * ---------------------------------------------------------------------- */

static const struct stage_record *pricing_record(const struct plan *p,
                                              const struct stage_record *r)
{
    for (int i = 0; i < p->nstages; i++)
        if (!strcmp(p->stages[i].name, r->name) &&
            !strcmp(p->stages[i].pass, r->pass))
            return &p->stages[i];
    return NULL;
}

static int all_optimal(const struct plan *p)
{
    for (int i = 0; i < p->nstages; i++)
        if (p->stages[i].integer && p->stages[i].status != GLP_OPT)
            return 0;
    return 1;
}

/* Instance seed of test_pricing's and test_pooling's mix: small ones
 * 1..n, a Pudong-like one past n; late and suspended rules by seed. */
static void mixed_instance(unsigned seed, unsigned n, struct model *m,
                           struct config *c, struct eligibility *e)
{
    int order[RH_NCATEGORIES], share;
    if (seed > n)
        gen_pudong(m, SEED_PUDONG, order, &share);
    else
        gen_small(m, seed, order);
    make_config(c, seed % 3 == 0 ? RH_LATE_LAST : RH_LATE_REJECT,
                seed % 2 ? RH_SUSP_RELEASE : RH_SUSP_HOLD);
    set_category_order(c, order);
    assert_int_equal(eligibility_judge(e, m, c), 0);
}

/* The capped purchases enter the LP runs by pricing.  Where every stage
 * is proven optimal, each stage's rows are the same with and without
 * pricing (the same optima kept), so each stage's first LP relaxation
 * must be the one with every purchase a column, to the LP's tolerance:
 * a purchase that pricing failed to bring back would lower a maximum or
 * raise stage D's minimum. */
static void test_pricing(void **state)
{
    (void)state;
    unsigned n = env_uint("RH_TEST_PRICING_N", 150);
    int compared = 0, instances = 0, d_compared = 0;
    for (unsigned seed = 1; seed <= n + 1; seed++) {
        struct model m;
        struct config c;
        struct eligibility e;
        mixed_instance(seed, n, &m, &c, &e);
        struct plan p[2];
        for (int k = 0; k < 2; k++) {
            exact_set_pricing(k == 0);
            assert_int_equal(run_alloc(&p[k], &m, &e, &c, seed), 0);
        }
        exact_set_pricing(1);
        if (p[0].integer_passes > 0 && all_optimal(&p[0]) && all_optimal(&p[1])) {
            instances++;
            for (int i = 0; i < p[0].nstages; i++) {
                const struct stage_record *a = &p[0].stages[i];
                if (!a->integer)
                    continue;
                const struct stage_record *b = pricing_record(&p[1], a);
                assert_non_null(b);
                assert_true(b->integer);
                double tol = 1e-7 * (1.0 + fabs(b->lp_relaxation));
                if (fabs(a->lp_relaxation - b->lp_relaxation) > tol)
                    fail_msg("seed %u stage %s/%s: LP relaxation %.9f with "
                             "pricing, %.9f with every column", seed, a->name,
                             a->pass, a->lp_relaxation, b->lp_relaxation);
                assert_true(fabs(a->objective - b->objective) <= 1e-6 *
                            (1.0 + fabs(b->objective)));
                compared++;
                d_compared += !strcmp(a->name, "D");
            }
        }
        for (int k = 0; k < 2; k++)
            plan_release(&p[k]);
        eligibility_release(&e);
        model_release(&m);
    }
    fprintf(stderr, "[ pricing ] %d capped plans all optimal, %d stage "
            "relaxations equal (%d of stage D)\n", instances, compared, d_compared);
    assert_true(instances >= (int)n / 10);
    assert_true(d_compared >= instances);
}

/* The pooled form (exact.c) only widens what a polish and a
 * neighbourhood may reach: with and without it every plan is valid, and
 * where both prove every stage optimal, every stage has the same value
 * (the lexicographic optimum is one vector, whoever finds it). */
static void test_pooling(void **state)
{
    (void)state;
    unsigned n = env_uint("RH_TEST_POOLING_N", 120);
    int compared = 0, instances = 0, opt[2] = { 0, 0 };
    for (unsigned seed = 1; seed <= n + 1; seed++) {
        struct model m;
        struct config c;
        struct eligibility e;
        mixed_instance(seed, n, &m, &c, &e);
        struct plan p[2];
        for (int k = 0; k < 2; k++) {
            exact_set_pooling(k == 0);
            assert_int_equal(run_alloc(&p[k], &m, &e, &c, seed), 0);
            opt[k] += p[k].integer_passes > 0 && all_optimal(&p[k]);
        }
        exact_set_pooling(1);
        if (p[0].integer_passes > 0 && all_optimal(&p[0]) && all_optimal(&p[1])) {
            instances++;
            assert_int_equal(p[0].nstages, p[1].nstages);
            for (int i = 0; i < p[0].nstages; i++) {
                const struct stage_record *a = &p[0].stages[i];
                const struct stage_record *b = pricing_record(&p[1], a);
                assert_non_null(b);
                if (fabs(a->objective - b->objective) > 1e-6 * (1.0 + fabs(b->objective)))
                    fail_msg("seed %u stage %s/%s: %.6f pooled, %.6f with every "
                             "purchase fixed", seed, a->name, a->pass,
                             a->objective, b->objective);
                compared++;
            }
        }
        for (int k = 0; k < 2; k++)
            plan_release(&p[k]);
        eligibility_release(&e);
        model_release(&m);
    }
    fprintf(stderr, "[ pooling ] %d capped plans all optimal both ways, %d "
            "stages equal; all optimal: %d pooled, %d fixed\n", instances,
            compared, opt[0], opt[1]);
    assert_true(instances >= (int)n / 10);
}

/* ------------------------------------------------------------------------
 * Honest bounds when the search budget runs out
 * ---------------------------------------------------------------------- */

/* With no search budget ([solver] search_nodes = 0) the stages keep the
 * best whole plan their roundings give, and many end feasible, not proven
 * optimal.  Each record must still be honest: its objective is the plan's
 * and never above the true optimum, its bound never below it (the test's
 * own H* and z*, on-time pass), and a stage says optimal only at its
 * bound.  Every plan stays valid whatever the budget. */
static void test_starved_bounds(void **state)
{
    (void)state;
    unsigned n = env_uint("RH_TEST_STARVED_N", 150);
    int feas = 0, b_feas = 0, checked = 0;
    for (unsigned seed = 1; seed <= n; seed++) {
        struct model m;
        int order[RH_NCATEGORIES];
        gen_small(&m, seed, order);
        struct config c;
        make_config(&c, RH_LATE_REJECT, seed % 2 ? RH_SUSP_RELEASE : RH_SUSP_HOLD);
        set_category_order(&c, order);
        c.search_nodes = 0;
        struct ontime_opt O;
        char note[512] = "";
        ontime_optima(&O, &m, &c, seed, note, sizeof note);
        struct eligibility e;
        struct plan p;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        assert_int_equal(run_alloc(&p, &m, &e, &c, seed), 0);
        struct ctx X;
        memset(&X, 0, sizeof X);
        X.seed = seed;
        X.m = &m;
        X.c = &c;
        X.p = &p;
        snprintf(X.policy, sizeof X.policy, "starved,suspended=%s",
                 seed % 2 ? "release" : "hold");
        snprintf(X.note, sizeof X.note, "%s", note);
        struct view v;
        view_init(&v, &m, &c);
        struct facts F;
        facts_build(&F, &v, &p);
        assert_true(prop_valid(&X, &v, &e, &F));
        prop_idle(&X, &v, &F);          /* no idle affordable flat */
        for (int i = 0; i < p.nstages; i++) {
            const struct stage_record *r = &p.stages[i];
            if (!r->integer || !is_policy_stage(r->name))
                continue;
            int min = r->name[0] == 'D';
            double tol = 1e-9 * (1.0 + fabs(r->objective));
            checked++;
            if (r->status != GLP_OPT)
                feas++, b_feas += r->name[0] == 'B';
            if (min ? r->bound > r->objective + tol : r->bound < r->objective - tol)
                fail_msg("seed %u %s/%s: bound %.9g on the wrong side of its "
                         "objective %.9g", seed, r->name, r->pass, r->bound,
                         r->objective);
            if (r->status == GLP_OPT && fabs(r->bound - r->objective) > tol)
                fail_msg("seed %u %s/%s: optimal at %.9g with bound %.9g", seed,
                         r->name, r->pass, r->objective, r->bound);
            if (strcmp(r->pass, "ontime"))
                continue;
            double own = !strcmp(r->name, "H") ? (double)F.home[0]
                       : !strcmp(r->name, "T") ? (double)F.total[0] : r->objective;
            if (fabs(own - r->objective) > 1e-9)
                fail_msg("seed %u %s: record %.0f, the plan's %.0f", seed,
                         r->name, r->objective, own);
            if (!O.ok)
                continue;
            if (!strcmp(r->name, "H") && (r->objective > (double)O.h + 1e-9 ||
                                          r->bound < (double)O.h - 1e-9))
                fail_msg("seed %u H: plan %.0f, bound %.0f, the test's H* %lld",
                         seed, r->objective, r->bound, (long long)O.h);
            double z = O.zany ? (double)O.z.a / (double)O.z.b : 0.0;
            if (!strcmp(r->name, "B") && O.zany &&
                (r->objective > z + 1e-9 || r->bound < z - 1e-9))
                fail_msg("seed %u B: plan %.9f, bound %.9f, the test's z* %.9f",
                         seed, r->objective, r->bound, z);
        }
        facts_release(&F);
        view_release(&v);
        plan_release(&p);
        eligibility_release(&e);
        model_release(&m);
    }
    fprintf(stderr, "[ starved ] %d stage records checked, %d feasible (B %d)\n",
            checked, feas, b_feas);
    if (total_failed() > 0)
        fail_msg("%ld property failures (see above)", total_failed());
    assert_true(feas > 0);
}

static int group_setup(void **state)
{
    (void)state;
    tk_glpk_quiet();
    return 0;
}

static int test_teardown(void **state)
{
    (void)state;
    glp_free_env();
    glp_term_out(GLP_OFF);
    return 0;
}

int main(void)
{
    double t0 = tk_clock();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_oracle_hand, test_teardown),
        cmocka_unit_test_teardown(test_brief_example, test_teardown),
        cmocka_unit_test_teardown(test_small_capped, test_teardown),
        cmocka_unit_test_teardown(test_pricing, test_teardown),
        cmocka_unit_test_teardown(test_pooling, test_teardown),
        cmocka_unit_test_teardown(test_starved_bounds, test_teardown),
        cmocka_unit_test_teardown(test_pudong_capped, test_teardown),
        cmocka_unit_test_teardown(test_pudong_busy, test_teardown),
    };
    int rc = cmocka_run_group_tests(tests, group_setup, NULL);
    fprintf(stderr, "[ exact ] %.2f s in all\n", tk_clock() - t0);
    return rc;
}

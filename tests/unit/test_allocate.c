/* test_allocate.c -- property tests of allocate_plan (solve/allocate.h).
 *
 * Generated instances (seeded xorshift, fixed seeds) are built in memory,
 * judged (eligibility_judge) and planned under every combination of
 * late = reject|last and suspended = hold|release.  Each plan is checked
 * against values the test computes on its own -- closed forms and small
 * request-level LPs/MIPs solved with GLPK directly -- never with the
 * network/stages code:
 *   P1 feasibility            P2 stage H = sum min(supply, demand)
 *   P3 no waste per layout    P4 leximin floor, lambda*
 *   P5 category order         P5b category counts lexicographically maximal
 *   P6 unit-km minimal        P7 determinism
 *   P8 suspended hold/release P9 late = last serves late requests last
 *   P10 caps: held, no idle unit unless a cap forbids, a cap that cannot
 *       bind changes nothing (P5/P9 then exempt only swaps a cap forbids).
 * Small hand-computed cases pin exact answers.
 *
 * Debugging aids (environment): RH_TEST_SEED=n runs generated instance n
 * only (cap instances are numbered from 100001); RH_TEST_LOG=1 passes
 * stderr as the solver log; RH_TEST_NOZERO=1 generates no 0-unit requests.
 * A failing property prints the seed, the policy and the whole instance
 * with the plan on stderr.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/exitcode.h"
#include "domain/eligibility.h"
#include "domain/geo.h"
#include "domain/model.h"
#include "io/arena.h"
#include "io/config.h"
#include "io/value.h"
#include "solve/allocate.h"
#include "solve/handout.h"
#include "solve/plan.h"
#include "solve/stages.h"
#include "testkit.h"

#define NSEEDS 200

/* ------------------------------------------------------------------------
 * GLPK hooks for the test's own LPs
 * ---------------------------------------------------------------------- */

static void glpk_fatal(void *info)
{
    (void)info;
    fail_msg("GLPK fatal error inside the test's own LP");
}

static void glpk_quiet(void)
{
    glp_term_out(GLP_OFF);
    glp_error_hook(glpk_fatal, NULL);
}

static int group_setup(void **state)
{
    (void)state;
    glpk_quiet();
    return 0;
}

static int test_teardown(void **state)
{
    (void)state;
    glp_free_env();
    glp_term_out(GLP_OFF);
    return 0;
}

/* ------------------------------------------------------------------------
 * Building a model in memory
 * ---------------------------------------------------------------------- */

/* instance builders: testkit.h (add_town ... set_category_order) */

/* ------------------------------------------------------------------------
 * Running the allocation
 * ---------------------------------------------------------------------- */

static double g_alloc_s, g_alloc_max_s;
static unsigned g_alloc_max_seed, g_cur_seed;

static int run_alloc(struct plan *p, const struct model *m,
                     const struct eligibility *e, const struct config *c)
{
    double t0 = solve_clock();
    /* RH_TEST_LOG=1 sends the solver log to stderr (debugging aid) */
    const char *lg = getenv("RH_TEST_LOG");
    struct allocate_opts o = { lg && *lg == '1' ? stderr : NULL, solve_clock(),
                               NULL, NULL };
    glp_term_out(GLP_OFF);
    /* odd seeds: stage D starts without the greedy transport's arcs, so
     * every arc between towns must enter by pricing */
    stages_set_warm_start(!(g_cur_seed % 2));
    int rc = allocate_plan(p, m, e, c, &o, stderr);
    glpk_quiet();               /* allocate_plan removes the error hook */
    double dt = solve_clock() - t0;
    g_alloc_s += dt;
    if (dt > g_alloc_max_s) {
        g_alloc_max_s = dt;
        g_alloc_max_seed = g_cur_seed;
    }
    return rc;
}

/* ------------------------------------------------------------------------
 * The test's own view of an instance (SPEC section 3, re-derived)
 * ---------------------------------------------------------------------- */

struct view {
    const struct model *m;
    const struct config *c;
    int T, L, R, U, P;
    uint8_t *ok_unit;       /* allocatable */
    uint8_t *in_default;    /* per payer */
    uint8_t *late;          /* per request */
    uint8_t *standing;      /* enum request_standing */
    uint8_t *takes;         /* takes part */
    uint8_t *mem[2];        /* per pass: request in pass */
};

static void view_init(struct view *v, const struct model *m,
                      const struct config *c)
{
    memset(v, 0, sizeof *v);
    v->m = m;
    v->c = c;
    v->T = m->ntowns;
    v->L = m->layouts.n > 0 ? m->layouts.n : 1;
    v->R = m->nrequests;
    v->U = m->nunits;
    v->P = m->npayers;
    v->ok_unit = calloc((size_t)v->U + 1, 1);
    v->in_default = calloc((size_t)v->P + 1, 1);
    v->late = calloc((size_t)v->R + 1, 1);
    v->standing = calloc((size_t)v->R + 1, 1);
    v->takes = calloc((size_t)v->R + 1, 1);
    v->mem[0] = calloc((size_t)v->R + 1, 1);
    v->mem[1] = calloc((size_t)v->R + 1, 1);
    assert_true(v->ok_unit && v->in_default && v->late && v->standing &&
                v->takes && v->mem[0] && v->mem[1]);
    for (int u = 0; u < v->U; u++)
        v->ok_unit[u] = m->units[u].status == UNIT_AVAILABLE &&
                        m->units[u].available_on <= c->horizon_end;
    for (int i = 0; i < m->nledger; i++) {
        const struct ledger_row *g = &m->ledger[i];
        if ((int64_t)c->as_of - g->due_on > c->grace_days &&
            g->due_c - g->paid_c > c->tolerance_cents)
            v->in_default[g->payer] = 1;
    }
    for (int r = 0; r < v->R; r++) {
        const struct request *q = &m->requests[r];
        int late = q->submitted_on > c->deadline;
        int s = REQ_ELIGIBLE;
        if (late && c->late == RH_LATE_REJECT)
            s = REQ_REJECTED_LATE;
        else if (!m->payers[q->payer].capacity_proof)
            s = REQ_REJECTED_NO_PROOF;
        else if (v->in_default[q->payer])
            s = REQ_SUSPENDED;
        v->late[r] = (uint8_t)late;
        v->standing[r] = (uint8_t)s;
        v->takes[r] = s == REQ_ELIGIBLE ||
                      (s == REQ_SUSPENDED && c->suspended == RH_SUSP_HOLD);
        if (v->takes[r]) {
            int pass = c->late == RH_LATE_LAST ? late : 0;
            v->mem[pass][r] = 1;
        }
    }
}

static void view_release(struct view *v)
{
    free(v->ok_unit);
    free(v->in_default);
    free(v->late);
    free(v->standing);
    free(v->takes);
    free(v->mem[0]);
    free(v->mem[1]);
}

static double km(const struct model *m, int32_t a, int32_t b)
{
    if (a == b)
        return 0.0;
    return (double)geo_distance_m(m->towns[a].lat, m->towns[a].lon,
                                  m->towns[b].lat, m->towns[b].lon) / 1000.0;
}

/* ------------------------------------------------------------------------
 * The test's own request-level LP: x[s, r] for every supply class s =
 * (project town, layout) and request r of the pass with the same layout.
 * ---------------------------------------------------------------------- */

enum { IOBJ_LAMBDA, IOBJ_RANK, IOBJ_DIST };

struct icons {
    int64_t h_lo;               /* H row lower bound, -1: no row */
    const int64_t *floor;       /* per town A_t >= floor[t], or NULL */
    int64_t total_lo;           /* -1: no row */
    const int64_t *rank_lo;     /* per rank, -1 = no row; or NULL */
};

/* RETURNS the optimum; *ok = 0 when the problem did not solve to
 * optimality (status in *status). */
static double indep_solve(const struct view *v, const int64_t *supply,
                          const uint8_t *mem, const struct icons *K, int obj,
                          int rank, int integer, int *ok)
{
    const struct model *m = v->m;
    const struct config *c = v->c;
    int T = v->T, L = v->L, R = v->R;
    int maxc = T * L * (R + 1) + 2;
    int *ccls = malloc((size_t)maxc * sizeof *ccls);
    int *creq = malloc((size_t)maxc * sizeof *creq);
    int64_t *D = calloc((size_t)T + 1, sizeof *D);
    assert_true(ccls && creq && D);
    int nx = 0;
    for (int r = 0; r < R; r++)
        if (mem[r])
            D[m->requests[r].town] += m->requests[r].units;
    for (int s = 0; s < T * L; s++) {
        if (supply[s] <= 0)
            continue;
        for (int r = 0; r < R; r++)
            if (mem[r] && m->requests[r].units > 0 &&
                m->requests[r].layout == s % L) {
                ccls[nx] = s;
                creq[nx] = r;
                nx++;
            }
    }
    *ok = 1;
    if (nx == 0) {
        double res = 0.0;
        int need = (K->h_lo > 0) || (K->total_lo > 0);
        for (int t = 0; K->floor && t < T; t++)
            need |= K->floor[t] > 0;
        for (int k = 0; K->rank_lo && k < RH_NCATEGORIES; k++)
            need |= K->rank_lo[k] > 0;
        if (need)
            *ok = 0;
        if (obj == IOBJ_LAMBDA) {
            res = 1.0;
            for (int t = 0; t < T; t++)
                if (D[t] > 0)
                    res = 0.0;
        }
        free(ccls); free(creq); free(D);
        return res;
    }

    glpk_quiet();
    glp_prob *lp = glp_create_prob();
    /* rows */
    int nrows = 0;
    int *row_cls = malloc((size_t)T * (size_t)L * sizeof *row_cls);
    int *row_req = malloc(((size_t)R + 1) * sizeof *row_req);
    int *row_town = malloc(((size_t)T + 1) * sizeof *row_town);
    int row_rank[RH_NCATEGORIES], row_h = 0, row_tot = 0;
    assert_true(row_cls && row_req && row_town);
    for (int s = 0; s < T * L; s++) {
        row_cls[s] = 0;
        if (supply[s] > 0) {
            row_cls[s] = ++nrows;
            glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, nrows, GLP_UP, 0.0, (double)supply[s]);
        }
    }
    for (int r = 0; r < R; r++) {
        row_req[r] = 0;
        if (mem[r]) {
            row_req[r] = ++nrows;
            glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, nrows, GLP_UP, 0.0,
                             (double)m->requests[r].units);
        }
    }
    if (K->h_lo >= 0) {
        row_h = ++nrows;
        glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, nrows, GLP_LO, (double)K->h_lo, 0.0);
    }
    for (int t = 0; t < T; t++) {
        row_town[t] = 0;
        if (obj == IOBJ_LAMBDA ? D[t] > 0 : (K->floor && K->floor[t] > 0)) {
            row_town[t] = ++nrows;
            glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, nrows, GLP_LO,
                             obj == IOBJ_LAMBDA ? 0.0 : (double)K->floor[t], 0.0);
        }
    }
    if (K->total_lo >= 0) {
        row_tot = ++nrows;
        glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, nrows, GLP_LO, (double)K->total_lo, 0.0);
    }
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        row_rank[k] = 0;
        if (K->rank_lo && K->rank_lo[k] >= 0) {
            row_rank[k] = ++nrows;
            glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, nrows, GLP_LO, (double)K->rank_lo[k], 0.0);
        }
    }
    /* columns */
    int ncols = nx + (obj == IOBJ_LAMBDA ? 1 : 0);
    glp_add_cols(lp, ncols);
    size_t cap = (size_t)nx * 6 + (size_t)T + 1;
    int *ia = malloc((cap + 1) * sizeof *ia), *ja = malloc((cap + 1) * sizeof *ja);
    double *ar = malloc((cap + 1) * sizeof *ar);
    assert_true(ia && ja && ar);
    int ne = 0;
#define PUT(i, j, val) do { ne++; ia[ne] = (i); ja[ne] = (j); ar[ne] = (val); } while (0)
    for (int j = 0; j < nx; j++) {
        int col = j + 1, s = ccls[j], r = creq[j];
        const struct request *q = &m->requests[r];
        int st = s / L;
        glp_set_col_bnds(lp, col, GLP_LO, 0.0, 0.0);
        if (integer)
            glp_set_col_kind(lp, col, GLP_IV);
        PUT(row_cls[s], col, 1.0);
        PUT(row_req[r], col, 1.0);
        if (row_h && st == q->town)
            PUT(row_h, col, 1.0);
        if (row_town[q->town])
            PUT(row_town[q->town], col, 1.0);
        if (row_tot)
            PUT(row_tot, col, 1.0);
        int rk = c->category_rank[q->category];
        if (row_rank[rk])
            PUT(row_rank[rk], col, 1.0);
        double coef = 0.0;
        if (obj == IOBJ_RANK)
            coef = rk == rank ? 1.0 : 0.0;
        else if (obj == IOBJ_DIST)
            coef = km(m, st, q->town);
        glp_set_obj_coef(lp, col, coef);
    }
    if (obj == IOBJ_LAMBDA) {
        int col = nx + 1;
        glp_set_col_bnds(lp, col, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(lp, col, 1.0);
        for (int t = 0; t < T; t++)
            if (row_town[t])
                PUT(row_town[t], col, -(double)D[t]);
    }
#undef PUT
    glp_set_obj_dir(lp, obj == IOBJ_DIST ? GLP_MIN : GLP_MAX);
    glp_load_matrix(lp, ne, ia, ja, ar);

    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_OFF;
    double res = 0.0;
    int r1 = glp_simplex(lp, &sp);
    if (r1 != 0 || glp_get_status(lp) != GLP_OPT) {
        *ok = 0;
    } else if (!integer) {
        res = glp_get_obj_val(lp);
    } else {
        glp_iocp ip;
        glp_init_iocp(&ip);
        ip.msg_lev = GLP_MSG_OFF;
        ip.presolve = GLP_OFF;
        int r2 = glp_intopt(lp, &ip);
        if (r2 != 0 || glp_mip_status(lp) != GLP_OPT)
            *ok = 0;
        else
            res = glp_mip_obj_val(lp);
    }
    glp_delete_prob(lp);
    free(ia); free(ja); free(ar);
    free(row_cls); free(row_req); free(row_town);
    free(ccls); free(creq); free(D);
    return res;
}

/* ------------------------------------------------------------------------
 * Failure reporting
 * ---------------------------------------------------------------------- */

struct run_ctx {
    unsigned seed;
    char policy[64];
    const struct model *m;
    const struct eligibility *e;
    const struct config *c;
    const struct plan *p;
    int dumped;
};

static int g_fail, g_dumps;

static void dump(struct run_ctx *X)
{
    const struct model *m = X->m;
    FILE *f = stderr;
    char d[11];
    fprintf(f, "---- instance seed=%u policy=%s\n", X->seed, X->policy);
    fprintf(f, "category_order:");
    for (int k = 0; k < RH_NCATEGORIES; k++)
        fprintf(f, " %s", rh_category_names[X->c->category_order[k]]);
    fprintf(f, "\ntowns:\n");
    for (int t = 0; t < m->ntowns; t++)
        fprintf(f, "  %s lat=%.6f lon=%.6f\n", m->towns[t].id,
                m->towns[t].lat, m->towns[t].lon);
    fprintf(f, "units (id town layout value_c status avail_ok -> request):\n");
    for (int u = 0; u < m->nunits; u++) {
        const struct unit *x = &m->units[u];
        int32_t r = X->p && X->p->unit_request ? X->p->unit_request[u] : -1;
        fprintf(f, "  %s %s %s %lld %s %s -> %s\n", x->id, m->towns[x->town].id,
                m->layouts.strs[x->layout], (long long)x->value_c,
                unit_status_names[x->status],
                x->available_on <= X->c->horizon_end ? "in" : "after",
                r >= 0 ? m->requests[r].id : "-");
    }
    fprintf(f, "payers (id proof cap_c in_default):\n");
    for (int p = 0; p < m->npayers; p++)
        fprintf(f, "  %s %s %lld %d\n", m->payers[p].id,
                m->payers[p].capacity_proof ? "yes" : "no",
                (long long)m->payers[p].capacity_c,
                X->e ? X->e->payers[p].in_default : -1);
    fprintf(f, "requests (id payer town layout category units submitted "
               "standing late -> allocated outcome):\n");
    for (int r = 0; r < m->nrequests; r++) {
        const struct request *q = &m->requests[r];
        value_format_date(q->submitted_on, d);
        fprintf(f, "  %s %s %s %s %s %lld %s %s %d -> %lld %s\n", q->id,
                m->payers[q->payer].id, m->towns[q->town].id,
                m->layouts.strs[q->layout], rh_category_names[q->category],
                (long long)q->units, d,
                X->e ? request_standing_names[X->e->requests[r]] : "?",
                X->e ? X->e->late[r] : -1,
                X->p ? (long long)X->p->req_allocated[r] : -1LL,
                X->p ? request_outcome_names[X->p->req_outcome[r]] : "?");
    }
    if (X->p) {
        fprintf(f, "plan: lambda_star=%.12g integer_passes=%d floors:",
                X->p->lambda_star, X->p->integer_passes);
        for (int t = 0; t < m->ntowns; t++)
            fprintf(f, " %s=%lld(level %.6g)", m->towns[t].id,
                    (long long)X->p->town_floor[t], X->p->town_level[t]);
        fprintf(f, "\nstages:");
        for (int s = 0; s < X->p->nstages; s++)
            fprintf(f, " %s/%s=%.9g", X->p->stages[s].name, X->p->stages[s].pass,
                    X->p->stages[s].objective);
        fprintf(f, "\n");
    }
    fprintf(f, "----\n");
}

static void failf(struct run_ctx *X, const char *prop, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void failf(struct run_ctx *X, const char *prop, const char *fmt, ...)
{
    g_fail++;
    if (g_fail > 40)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s seed=%u policy=%s: ", prop, X->seed, X->policy);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (!X->dumped && g_dumps < 6) {
        dump(X);
        X->dumped = 1;
        g_dumps++;
    }
}

/* ------------------------------------------------------------------------
 * Generator
 * ---------------------------------------------------------------------- */

/* RH_TEST_SEED=n runs generated instance n only (debugging aid). */
static unsigned only_seed(void)
{
    const char *s = getenv("RH_TEST_SEED");
    return s ? (unsigned)strtoul(s, NULL, 10) : 0;
}

struct rng { uint64_t s; };

static uint64_t rnext(struct rng *g)
{
    uint64_t x = g->s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    g->s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static int rint_(struct rng *g, int lo, int hi)      /* inclusive */
{
    return lo + (int)(rnext(g) % (uint64_t)(hi - lo + 1));
}

static int rchance(struct rng *g, int percent)
{
    return rint_(g, 0, 99) < percent;
}

static void shuffle(struct rng *g, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rint_(g, 0, i), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

static int pick_weighted(struct rng *g, const int *w, int n)
{
    int tot = 0;
    for (int i = 0; i < n; i++)
        tot += w[i];
    if (tot == 0)
        return rint_(g, 0, n - 1);
    int x = rint_(g, 0, tot - 1);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* Build instance `seed` into m (model_init'ed here). */
static void gen_instance(struct model *m, unsigned seed)
{
    struct rng g = { 0x9E3779B97F4A7C15ULL ^ ((uint64_t)seed * 0x100000001B3ULL) };
    for (int i = 0; i < 8; i++)
        rnext(&g);
    model_init(m);
    static const char *const lay[3] = { "1R", "2R", "3R" };
    int T = rint_(&g, 2, 6), L = rint_(&g, 1, 3);
    int U = rint_(&g, 0, 40), R = rint_(&g, 0, 12), P = rint_(&g, 1, 4);
    rh_date deadline = ymd(2024, 10, 31), horizon = ymd(2025, 12, 31);
    rh_date as_of = ymd(2025, 1, 15);
    int wsup[6], wdem[6];
    for (int t = 0; t < T; t++) {
        char id[16];
        snprintf(id, sizeof id, "T%d", t + 1);
        double lat = 31.0 + (double)rint_(&g, 0, 500000) / 1e6;
        double lon = 121.3 + (double)rint_(&g, 0, 600000) / 1e6;
        add_town(m, id, lat, lon);
        wsup[t] = rint_(&g, 0, 3);
        wdem[t] = rint_(&g, 0, 3);
    }
    for (int l = 0; l < L; l++)
        add_layout(m, lay[l]);
    int ids[64];
    for (int i = 0; i < 64; i++)
        ids[i] = i;
    shuffle(&g, ids, 64);
    for (int u = 0; u < U; u++) {
        char id[16];
        snprintf(id, sizeof id, "U%02d", ids[u]);
        int st = UNIT_AVAILABLE, x = rint_(&g, 0, 99);
        if (x >= 90)
            st = UNIT_RESERVED;
        else if (x >= 85)
            st = UNIT_ALLOCATED;
        rh_date av = rchance(&g, 88) ? horizon - rint_(&g, 0, 400)
                                     : horizon + rint_(&g, 1, 60);
        int town = pick_weighted(&g, wsup, T), l = rint_(&g, 0, L - 1);
        int64_t area = 4000 + 100 * rint_(&g, 0, 80);       /* 40..120 m^2 */
        int64_t price = 2000000 + 50000 * rint_(&g, 0, 40); /* 20000..40000 /m^2 */
        add_unit(m, id, town, l, area, price, st, av);
    }
    for (int p = 0; p < P; p++) {
        char id[16];
        snprintf(id, sizeof id, "PAY%d", p + 1);
        add_payer(m, id, rchance(&g, 85), -1);
        int nrows = rchance(&g, 60) ? rint_(&g, 1, 3) : 0;
        for (int k = 0; k < nrows; k++) {
            char ag[32];
            snprintf(ag, sizeof ag, "AG%d-%d", p + 1, k + 1);
            int64_t due = 100000 * rint_(&g, 1, 50);
            int64_t paid;
            int kind = rint_(&g, 0, 3);
            if (kind == 0)
                paid = due;                             /* paid up */
            else if (kind == 1)
                paid = due - rint_(&g, 0, 10000);       /* within tolerance */
            else
                paid = due - 10001 - rint_(&g, 0, 500000);
            if (paid < 0)
                paid = 0;
            add_ledger(m, p, ag, as_of - rint_(&g, 0, 90), due, paid);
        }
    }
    shuffle(&g, ids, 64);
    for (int r = 0; r < R; r++) {
        char id[16];
        snprintf(id, sizeof id, "R%02d", ids[r]);
        int64_t units = rchance(&g, 5) && !getenv("RH_TEST_NOZERO") ? 0 : rint_(&g, 1, 6);
        rh_date sub = rchance(&g, 25) ? deadline + rint_(&g, 1, 40)
                                      : deadline - 3 * rint_(&g, 0, 5);
        int payer = rint_(&g, 0, P - 1), town = pick_weighted(&g, wdem, T);
        int l = rint_(&g, 0, L - 1), cat = rint_(&g, 0, RH_NCATEGORIES - 1);
        add_request(m, id, payer, town, l, cat, units, sub);
    }
}

static void gen_category_order(unsigned seed, int order[RH_NCATEGORIES])
{
    struct rng g = { 0xC0FFEEULL + seed * 7919ULL };
    rnext(&g);
    for (int k = 0; k < RH_NCATEGORIES; k++)
        order[k] = k;
    if (seed % 3 == 2)          /* a third of the instances permute */
        shuffle(&g, order, RH_NCATEGORIES);
}

/* ------------------------------------------------------------------------
 * Per-plan facts the properties use
 * ---------------------------------------------------------------------- */

struct facts {
    int64_t *alloc;         /* per request, counted from unit_request */
    int64_t *sup0;          /* per town*L: allocatable supply */
    int64_t *sup1;          /* per town*L: allocatable supply left after pass 0 */
    int64_t *dem[2];        /* per town*L: demand of pass */
    int64_t *town_d[2];     /* per town: D_t of pass */
    int64_t *town_a[2];     /* per town: A_t of pass */
    int64_t home[2], total[2], rank_n[2][RH_NCATEGORIES];
    double km[2];
    int64_t *lay_alloc;     /* per layout, all passes */
};

static void facts_build(struct facts *F, const struct view *v,
                        const struct plan *p)
{
    const struct model *m = v->m;
    int T = v->T, L = v->L;
    memset(F, 0, sizeof *F);
    F->alloc = calloc((size_t)v->R + 1, sizeof *F->alloc);
    F->sup0 = calloc((size_t)T * L, sizeof *F->sup0);
    F->sup1 = calloc((size_t)T * L, sizeof *F->sup1);
    F->lay_alloc = calloc((size_t)L, sizeof *F->lay_alloc);
    for (int k = 0; k < 2; k++) {
        F->dem[k] = calloc((size_t)T * L, sizeof *F->dem[k]);
        F->town_d[k] = calloc((size_t)T, sizeof *F->town_d[k]);
        F->town_a[k] = calloc((size_t)T, sizeof *F->town_a[k]);
        assert_true(F->dem[k] && F->town_d[k] && F->town_a[k]);
    }
    assert_true(F->alloc && F->sup0 && F->sup1 && F->lay_alloc);
    for (int u = 0; u < v->U; u++)
        if (v->ok_unit[u])
            F->sup0[m->units[u].town * L + m->units[u].layout]++;
    memcpy(F->sup1, F->sup0, (size_t)T * L * sizeof *F->sup1);
    for (int r = 0; r < v->R; r++)
        for (int k = 0; k < 2; k++)
            if (v->mem[k][r]) {
                const struct request *q = &m->requests[r];
                F->dem[k][q->town * L + q->layout] += q->units;
                F->town_d[k][q->town] += q->units;
            }
    for (int u = 0; u < v->U; u++) {
        int32_t r = p->unit_request[u];
        if (r < 0 || r >= v->R)
            continue;
        const struct request *q = &m->requests[r];
        const struct unit *x = &m->units[u];
        F->alloc[r]++;
        F->lay_alloc[x->layout]++;
        int k = v->mem[1][r] ? 1 : 0;
        if (k == 0 && v->ok_unit[u])
            F->sup1[x->town * L + x->layout]--;
        if (x->town == q->town)
            F->home[k]++;
        F->total[k]++;
        F->town_a[k][q->town]++;
        F->rank_n[k][v->c->category_rank[q->category]]++;
        F->km[k] += km(m, x->town, q->town);
    }
}

static void facts_release(struct facts *F)
{
    free(F->alloc);
    free(F->sup0);
    free(F->sup1);
    free(F->lay_alloc);
    for (int k = 0; k < 2; k++) {
        free(F->dem[k]);
        free(F->town_d[k]);
        free(F->town_a[k]);
    }
}

/* ------------------------------------------------------------------------
 * Properties
 * ---------------------------------------------------------------------- */

struct stats {
    long plans, lps, mips, susp_hold_units, late_units, lp_gap_km,
         lp_gap_rank, integer, scarce_lambda, caps_plans, cap_rounds;
};
static struct stats g_st;

/* P1: feasibility and outcomes.  Also: eligibility as the test judges it. */
static void prop_feasible(struct run_ctx *X, const struct view *v,
                          const struct facts *F)
{
    const struct model *m = v->m;
    const struct plan *p = X->p;
    const struct eligibility *e = X->e;
    for (int u = 0; u < v->U; u++)
        if ((e->units[u] == UNIT_OK) != v->ok_unit[u])
            failf(X, "P1/elig", "unit %s allocatable mismatch", m->units[u].id);
    for (int r = 0; r < v->R; r++)
        if (e->requests[r] != v->standing[r] || e->takes_part[r] != v->takes[r] ||
            e->late[r] != v->late[r])
            failf(X, "P1/elig", "request %s standing mismatch", m->requests[r].id);
    for (int u = 0; u < v->U; u++) {
        int32_t r = p->unit_request[u];
        if (r < -1 || r >= v->R) {
            failf(X, "P1", "unit %s -> bad request index %d", m->units[u].id, r);
            continue;
        }
        if (r < 0)
            continue;
        if (!v->ok_unit[u])
            failf(X, "P1", "unit %s not allocatable but given to %s",
                  m->units[u].id, m->requests[r].id);
        if (!v->takes[r])
            failf(X, "P1", "request %s does not take part but got unit %s",
                  m->requests[r].id, m->units[u].id);
        if (m->units[u].layout != m->requests[r].layout)
            failf(X, "P1", "unit %s layout differs from request %s",
                  m->units[u].id, m->requests[r].id);
    }
    for (int r = 0; r < v->R; r++) {
        const struct request *q = &m->requests[r];
        if (F->alloc[r] != p->req_allocated[r])
            failf(X, "P1", "request %s: req_allocated %lld, units counted %lld",
                  q->id, (long long)p->req_allocated[r], (long long)F->alloc[r]);
        if (F->alloc[r] > q->units)
            failf(X, "P1", "request %s over its units (%lld > %lld)", q->id,
                  (long long)F->alloc[r], (long long)q->units);
        int want;
        switch (v->standing[r]) {
        case REQ_REJECTED_LATE: want = OUT_REJECTED_LATE; break;
        case REQ_REJECTED_NO_PROOF: want = OUT_REJECTED_NO_PROOF; break;
        case REQ_SUSPENDED: want = OUT_SUSPENDED; break;
        default:
            want = F->alloc[r] >= q->units ? OUT_SERVED
                 : F->alloc[r] > 0 ? OUT_PARTIAL : OUT_UNSERVED;
        }
        if (p->req_outcome[r] != want)
            failf(X, "P1", "request %s outcome %s, expected %s", q->id,
                  request_outcome_names[p->req_outcome[r]],
                  request_outcome_names[want]);
    }
    /* payer caps (when any) */
    int64_t *val = calloc((size_t)v->P + 1, sizeof *val);
    assert_non_null(val);
    for (int u = 0; u < v->U; u++)
        if (p->unit_request[u] >= 0 && p->unit_request[u] < v->R)
            val[m->requests[p->unit_request[u]].payer] += m->units[u].value_c;
    for (int q = 0; q < v->P; q++)
        if (m->payers[q].capacity_c >= 0 && val[q] > m->payers[q].capacity_c)
            failf(X, "P1/cap", "payer %s value %lld over cap %lld",
                  m->payers[q].id, (long long)val[q],
                  (long long)m->payers[q].capacity_c);
    free(val);
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* P2 (both passes), P3. */
static void prop_home_and_waste(struct run_ctx *X, const struct view *v,
                                const struct facts *F)
{
    const struct plan *p = X->p;
    int T = v->T, L = v->L;
    int passes = v->c->late == RH_LATE_LAST ? 2 : 1;
    for (int k = 0; k < passes; k++) {
        const int64_t *sup = k == 0 ? F->sup0 : F->sup1;
        int64_t h = 0;
        for (int i = 0; i < T * L; i++)
            h += min64(sup[i], F->dem[k][i]);
        if (F->home[k] != h)
            failf(X, "P2", "pass %d: home-town units %lld, expected sum min = %lld",
                  k, (long long)F->home[k], (long long)h);
        const char *pass = k == 0 ? "ontime" : "late";
        for (int s = 0; s < p->nstages; s++)
            if (p->stages[s].name[0] == 'H' &&
                (p->stages[s].name[1] == 0 || p->stages[s].name[1] == '/') &&
                strcmp(p->stages[s].pass, pass) == 0 &&
                fabs(p->stages[s].objective - (double)h) > 1e-6)
                failf(X, "P2", "stage %s (%s) objective %.9g, expected %lld",
                      p->stages[s].name, pass, p->stages[s].objective,
                      (long long)h);
    }
    /* P3: per layout, allocated = min(supply, demand of all taking part). */
    for (int l = 0; l < L; l++) {
        int64_t s = 0, d = 0;
        for (int t = 0; t < T; t++) {
            s += F->sup0[t * L + l];
            d += F->dem[0][t * L + l] + F->dem[1][t * L + l];
        }
        if (F->lay_alloc[l] != min64(s, d))
            failf(X, "P3", "layout %s: allocated %lld, expected min(%lld, %lld)",
                  v->m->layouts.strs[l], (long long)F->lay_alloc[l],
                  (long long)s, (long long)d);
    }
}

/* P4, P5b, P6 on pass 0 (the pass plan->lambda_star and town_floor
 * describe). */
static void prop_lp(struct run_ctx *X, const struct view *v,
                    const struct facts *F)
{
    const struct plan *p = X->p;
    int T = v->T, L = v->L, ok;
    int64_t h = 0, dsum = 0;
    for (int i = 0; i < T * L; i++)
        h += min64(F->sup0[i], F->dem[0][i]);
    for (int t = 0; t < T; t++)
        dsum += F->town_d[0][t];

    /* P4: lambda* given H, by the test's LP. */
    struct icons K = { h, NULL, -1, NULL };
    double lam = indep_solve(v, F->sup0, v->mem[0], &K, IOBJ_LAMBDA, 0, 0, &ok);
    g_st.lps++;
    if (!ok) {
        failf(X, "P4", "the test's lambda LP did not solve");
        return;
    }
    if (lam < 1.0 - 1e-9)
        g_st.scarce_lambda++;
    if (dsum > 0 && fabs(lam - p->lambda_star) > 1e-7)
        failf(X, "P4", "lambda_star %.12g, test's LP %.12g", p->lambda_star, lam);
    for (int t = 0; t < T; t++) {
        int64_t fl = (int64_t)floor(lam * (double)F->town_d[0][t] + 1e-7);
        if (F->town_a[0][t] < fl)
            failf(X, "P4", "town %s: A_t = %lld < floor(lambda* x %lld) = %lld",
                  v->m->towns[t].id, (long long)F->town_a[0][t],
                  (long long)F->town_d[0][t], (long long)fl);
        if (F->town_a[0][t] < p->town_floor[t])
            failf(X, "P4", "town %s: A_t = %lld < plan floor %lld",
                  v->m->towns[t].id, (long long)F->town_a[0][t],
                  (long long)p->town_floor[t]);
        if (p->town_floor[t] < fl)
            failf(X, "P4", "town %s: plan floor %lld < floor(lambda* D_t) = %lld",
                  v->m->towns[t].id, (long long)p->town_floor[t], (long long)fl);
    }

    /* P5b: category counts, lexicographic maximum given H, the plan's
     * floors and the maximum total (whole units). */
    int64_t tot = 0;
    for (int l = 0; l < L; l++) {
        int64_t s = 0, d = 0;
        for (int t = 0; t < T; t++) {
            s += F->sup0[t * L + l];
            d += F->dem[0][t * L + l];
        }
        tot += min64(s, d);
    }
    int64_t rank_lo[RH_NCATEGORIES] = { -1, -1, -1, -1 };
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        struct icons KC = { h, p->town_floor, tot, rank_lo };
        double vi = indep_solve(v, F->sup0, v->mem[0], &KC, IOBJ_RANK, k, 1, &ok);
        g_st.mips++;
        if (!ok) {
            failf(X, "P5b", "rank %d: the test's MIP did not solve", k);
            return;
        }
        double vl = indep_solve(v, F->sup0, v->mem[0], &KC, IOBJ_RANK, k, 0, &ok);
        g_st.lps++;
        if (ok && vl > vi + 1e-6)
            g_st.lp_gap_rank++;
        int64_t best = (int64_t)llround(vi);
        if (F->rank_n[0][k] != best)
            failf(X, "P5b", "rank %d (%s): plan gives %lld units, best given "
                  "earlier ranks is %lld", k,
                  rh_category_names[v->c->category_order[k]],
                  (long long)F->rank_n[0][k], (long long)best);
        rank_lo[k] = F->rank_n[0][k];
    }

    /* P6: unit-km minimal given H, the plan's floors, total and per-rank
     * counts.  LP (request level) and MIP (whole units). */
    int64_t rk[RH_NCATEGORIES];
    for (int k = 0; k < RH_NCATEGORIES; k++)
        rk[k] = F->rank_n[0][k];
    struct icons KD = { h, p->town_floor, F->total[0], rk };
    double dl = indep_solve(v, F->sup0, v->mem[0], &KD, IOBJ_DIST, 0, 0, &ok);
    g_st.lps++;
    if (!ok) {
        failf(X, "P6", "the test's unit-km LP did not solve");
        return;
    }
    double dm = indep_solve(v, F->sup0, v->mem[0], &KD, IOBJ_DIST, 0, 1, &ok);
    g_st.mips++;
    if (!ok) {
        failf(X, "P6", "the test's unit-km MIP did not solve");
        return;
    }
    double tol = 1e-6 * (1.0 + fabs(F->km[0]));
    if (fabs(F->km[0] - dl) > tol) {
        if (fabs(F->km[0] - dm) <= tol)
            g_st.lp_gap_km++;   /* LP optimum fractional; plan = MIP */
        else
            failf(X, "P6", "unit-km %.9f, test's LP optimum %.9f, MIP %.9f",
                  F->km[0], dl, dm);
    }
}

/* Order key of SPEC 4.3 within a (home town, layout). */
static int before(const struct view *v, int a, int b)
{
    const struct request *x = &v->m->requests[a], *y = &v->m->requests[b];
    int ra = v->c->category_rank[x->category], rb = v->c->category_rank[y->category];
    if (ra != rb)
        return ra < rb;
    if (x->submitted_on != y->submitted_on)
        return x->submitted_on < y->submitted_on;
    return strcmp(x->id, y->id) < 0;
}

/* Could one of the units planned for request `from` go to request `to`
 * without breaking to's payer cap?  (Always, when the payers are the same
 * or to's payer has no cap.)  Moving a unit between two requests of one
 * (home town, layout) changes no stage objective. */
static int movable(const struct view *v, const struct plan *p,
                   const int64_t *pval, int from, int to)
{
    const struct model *m = v->m;
    int32_t pt = m->requests[to].payer;
    if (pt == m->requests[from].payer || m->payers[pt].capacity_c < 0)
        return 1;
    for (int u = 0; u < v->U; u++)
        if (p->unit_request[u] == from &&
            pval[pt] + m->units[u].value_c <= m->payers[pt].capacity_c)
            return 1;
    return 0;
}

/* P5 (per pass) and P9; with caps, only where the cap allows the swap. */
static void prop_order(struct run_ctx *X, const struct view *v,
                       const struct facts *F)
{
    const struct model *m = v->m;
    int64_t *pval = calloc((size_t)v->P + 1, sizeof *pval);
    assert_non_null(pval);
    for (int u = 0; u < v->U; u++)
        if (X->p->unit_request[u] >= 0 && X->p->unit_request[u] < v->R)
            pval[m->requests[X->p->unit_request[u]].payer] += m->units[u].value_c;
    for (int k = 0; k < 2; k++)
        for (int a = 0; a < v->R; a++) {
            if (!v->mem[k][a])
                continue;
            for (int b = 0; b < v->R; b++) {
                if (a == b || !v->mem[k][b])
                    continue;
                const struct request *x = &m->requests[a], *y = &m->requests[b];
                if (x->town != y->town || x->layout != y->layout)
                    continue;
                if (before(v, a, b) && F->alloc[b] > 0 && F->alloc[a] < x->units &&
                    movable(v, X->p, pval, b, a))
                    failf(X, "P5", "request %s (later) got %lld while %s "
                          "(earlier) has %lld of %lld", y->id,
                          (long long)F->alloc[b], x->id,
                          (long long)F->alloc[a], (long long)x->units);
            }
        }
    if (v->c->late == RH_LATE_LAST)
        for (int a = 0; a < v->R; a++) {    /* a: late with units */
            if (!v->mem[1][a] || F->alloc[a] == 0)
                continue;
            g_st.late_units += F->alloc[a];
            for (int b = 0; b < v->R; b++)
                if (v->mem[0][b] &&
                    m->requests[b].layout == m->requests[a].layout &&
                    F->alloc[b] < m->requests[b].units &&
                    movable(v, X->p, pval, a, b))
                    failf(X, "P9", "late request %s got %lld units of %s while "
                          "on-time %s has %lld of %lld", m->requests[a].id,
                          (long long)F->alloc[a],
                          m->layouts.strs[m->requests[a].layout],
                          m->requests[b].id, (long long)F->alloc[b],
                          (long long)m->requests[b].units);
        }
    free(pval);
}

/* P8 on one plan. */
static void prop_suspended(struct run_ctx *X, const struct view *v,
                           const struct facts *F)
{
    for (int r = 0; r < v->R; r++) {
        if (v->standing[r] != REQ_SUSPENDED)
            continue;
        if (v->c->suspended == RH_SUSP_RELEASE && F->alloc[r] != 0)
            failf(X, "P8", "suspended request %s got %lld units under release",
                  v->m->requests[r].id, (long long)F->alloc[r]);
        if (v->c->suspended == RH_SUSP_HOLD)
            g_st.susp_hold_units += F->alloc[r];
    }
}

enum { CHECK_CAPFREE, CHECK_CAPS };

static void check_plan(struct run_ctx *X, int mode)
{
    struct view v;
    struct facts F;
    view_init(&v, X->m, X->c);
    facts_build(&F, &v, X->p);
    prop_feasible(X, &v, &F);
    prop_order(X, &v, &F);
    prop_suspended(X, &v, &F);
    if (mode == CHECK_CAPFREE) {
        prop_home_and_waste(X, &v, &F);
        prop_lp(X, &v, &F);
    }
    facts_release(&F);
    view_release(&v);
}

static int same_plan(const struct plan *a, const struct plan *b,
                     const struct model *m)
{
    if (memcmp(a->unit_request, b->unit_request,
               (size_t)m->nunits * sizeof *a->unit_request) != 0)
        return 0;
    if (memcmp(a->req_allocated, b->req_allocated,
               (size_t)m->nrequests * sizeof *a->req_allocated) != 0)
        return 0;
    if (memcmp(a->req_outcome, b->req_outcome, (size_t)m->nrequests) != 0)
        return 0;
    if (memcmp(a->town_floor, b->town_floor,
               (size_t)m->ntowns * sizeof *a->town_floor) != 0)
        return 0;
    return a->lambda_star == b->lambda_star;
}

/* Print how two plans differ (for failure reports). */
static void diff_plans(const struct plan *a, const struct plan *b,
                       const struct model *m)
{
    int n = 0;
    for (int u = 0; u < m->nunits && n < 12; u++)
        if (a->unit_request[u] != b->unit_request[u]) {
            fprintf(stderr, "    unit %s (value %lld): %s vs %s\n", m->units[u].id,
                    (long long)m->units[u].value_c,
                    a->unit_request[u] >= 0 ? m->requests[a->unit_request[u]].id : "-",
                    b->unit_request[u] >= 0 ? m->requests[b->unit_request[u]].id : "-");
            n++;
        }
    for (int r = 0; r < m->nrequests; r++)
        if (a->req_allocated[r] != b->req_allocated[r])
            fprintf(stderr, "    request %s: %lld vs %lld units\n",
                    m->requests[r].id, (long long)a->req_allocated[r],
                    (long long)b->req_allocated[r]);
    for (int t = 0; t < m->ntowns; t++)
        if (a->town_floor[t] != b->town_floor[t])
            fprintf(stderr, "    town %s floor: %lld vs %lld\n", m->towns[t].id,
                    (long long)a->town_floor[t], (long long)b->town_floor[t]);
    if (a->lambda_star != b->lambda_star)
        fprintf(stderr, "    lambda_star %.17g vs %.17g\n", a->lambda_star,
                b->lambda_star);
}

/* ------------------------------------------------------------------------
 * Generated instances, cap-free: P1-P9
 * ---------------------------------------------------------------------- */

static void test_generated_properties(void **state)
{
    (void)state;
    g_fail = g_dumps = 0;
    memset(&g_st, 0, sizeof g_st);
    g_alloc_s = g_alloc_max_s = 0;
    double t_start = solve_clock();
    long hold_with_susp = 0, release_checked = 0;
    for (unsigned seed = 1; seed <= NSEEDS; seed++) {
        if (only_seed() && only_seed() != seed)
            continue;
        g_cur_seed = seed;
        struct model m;
        gen_instance(&m, seed);
        int order[RH_NCATEGORIES];
        gen_category_order(seed, order);
        for (int late = 0; late < 2; late++) {
            int64_t *hold_alloc = NULL;
            for (int susp = 0; susp < 2; susp++) {
                struct config c;
                struct eligibility e;
                struct plan p, p2;
                make_config(&c, late ? RH_LATE_LAST : RH_LATE_REJECT,
                            susp ? RH_SUSP_RELEASE : RH_SUSP_HOLD);
                set_category_order(&c, order);
                assert_int_equal(eligibility_judge(&e, &m, &c), 0);
                struct run_ctx X = { seed, "", &m, &e, &c, NULL, 0 };
                snprintf(X.policy, sizeof X.policy, "late=%s,suspended=%s",
                         late ? "last" : "reject", susp ? "release" : "hold");
                int rc = run_alloc(&p, &m, &e, &c);
                X.p = &p;
                if (rc != 0) {
                    failf(&X, "run", "allocate_plan returned %d", rc);
                    plan_release(&p);
                    eligibility_release(&e);
                    config_release(&c);
                    continue;
                }
                g_st.plans++;
                if (p.integer_passes)
                    g_st.integer++;
                check_plan(&X, CHECK_CAPFREE);
                /* P7: determinism */
                rc = run_alloc(&p2, &m, &e, &c);
                if (rc != 0 || !same_plan(&p, &p2, &m))
                    failf(&X, "P7", "second run differs (rc %d)", rc);
                plan_release(&p2);
                /* P8 across runs: release gives suspended requests nothing;
                 * hold may, and marks them suspended. */
                if (susp == 0) {
                    hold_alloc = calloc((size_t)m.nrequests + 1, sizeof *hold_alloc);
                    assert_non_null(hold_alloc);
                    int any = 0;
                    for (int r = 0; r < m.nrequests; r++) {
                        hold_alloc[r] = p.req_allocated[r];
                        if (e.requests[r] == REQ_SUSPENDED && p.req_allocated[r] > 0)
                            any = 1;
                    }
                    hold_with_susp += any;
                } else {
                    for (int r = 0; r < m.nrequests; r++)
                        if (e.requests[r] == REQ_SUSPENDED) {
                            release_checked++;
                            if (p.req_allocated[r] != 0 ||
                                p.req_outcome[r] != OUT_SUSPENDED)
                                failf(&X, "P8", "release: %s allocated %lld "
                                      "(under hold %lld)", m.requests[r].id,
                                      (long long)p.req_allocated[r],
                                      (long long)hold_alloc[r]);
                        }
                }
                plan_release(&p);
                eligibility_release(&e);
                config_release(&c);
            }
            free(hold_alloc);
        }
        model_release(&m);
    }
    fprintf(stderr, "[ generated ] %u instances x 4 policies: %ld plans, "
            "%ld test LPs, %ld test MIPs, %ld plans with integer passes, "
            "%ld with lambda* < 1, %ld hold plans giving units to suspended "
            "requests (%ld units), %ld suspended requests checked under release, "
            "%ld late units under late=last, LP/MIP gaps: unit-km %ld, rank %ld\n",
            NSEEDS, g_st.plans, g_st.lps, g_st.mips, g_st.integer,
            g_st.scarce_lambda, hold_with_susp, g_st.susp_hold_units,
            release_checked, g_st.late_units, g_st.lp_gap_km, g_st.lp_gap_rank);
    fprintf(stderr, "[ generated ] %.2f s in all, %.2f s in allocate_plan "
            "(slowest %.2f s, seed %u)\n", solve_clock() - t_start, g_alloc_s,
            g_alloc_max_s, g_alloc_max_seed);
    if (!only_seed()) {         /* the generator exercises every property */
        assert_true(hold_with_susp > 0);
        assert_true(release_checked > 0);
        assert_true(g_st.late_units > 0);
        assert_true(g_st.scarce_lambda > 0);
    }
    assert_int_equal(g_fail, 0);
}

/* ------------------------------------------------------------------------
 * Generated instances with payer caps: P1 + caps held, no idle unit unless
 * a cap forbids, determinism; a cap that cannot bind changes nothing.
 * ---------------------------------------------------------------------- */

static void prop_no_idle_unless_cap(struct run_ctx *X)
{
    const struct model *m = X->m;
    const struct plan *p = X->p;
    struct view v;
    view_init(&v, m, X->c);
    int64_t *val = calloc((size_t)m->npayers + 1, sizeof *val);
    int64_t *cnt = calloc((size_t)m->nrequests + 1, sizeof *cnt);
    assert_true(val && cnt);
    for (int u = 0; u < m->nunits; u++)
        if (p->unit_request[u] >= 0) {
            val[m->requests[p->unit_request[u]].payer] += m->units[u].value_c;
            cnt[p->unit_request[u]]++;
        }
    for (int u = 0; u < m->nunits; u++) {
        if (!v.ok_unit[u] || p->unit_request[u] >= 0)
            continue;
        for (int r = 0; r < m->nrequests; r++) {
            const struct request *q = &m->requests[r];
            if (!v.takes[r] || q->layout != m->units[u].layout || cnt[r] >= q->units)
                continue;
            const struct payer *py = &m->payers[q->payer];
            if (py->capacity_c < 0 ||
                val[q->payer] + m->units[u].value_c <= py->capacity_c)
                failf(X, "P10", "unit %s idle while request %s (payer %s, "
                      "value %lld, cap %lld) has %lld of %lld", m->units[u].id,
                      q->id, py->id, (long long)val[q->payer],
                      (long long)py->capacity_c, (long long)cnt[r],
                      (long long)q->units);
        }
    }
    free(val);
    free(cnt);
    view_release(&v);
}

static void test_generated_caps(void **state)
{
    (void)state;
    g_fail = g_dumps = 0;
    memset(&g_st, 0, sizeof g_st);
    g_alloc_s = g_alloc_max_s = 0;
    double t_start = solve_clock();
    long binding = 0, unbindable = 0, unit_reshuffle = 0;
    for (unsigned seed = 1; seed <= NSEEDS; seed++) {
        if (only_seed() && only_seed() != seed + 100000)
            continue;
        g_cur_seed = seed + 100000;
        struct model m;
        gen_instance(&m, seed + 100000);
        struct rng g = { 0xABCDEF12345ULL + seed };
        rnext(&g);
        int late = rchance(&g, 50), susp = rchance(&g, 30);
        struct config c;
        make_config(&c, late ? RH_LATE_LAST : RH_LATE_REJECT,
                    susp ? RH_SUSP_RELEASE : RH_SUSP_HOLD);
        /* At most 40 units and 12 requests: a run needing more than 5 s is
         * a failure in itself (and 60 s each would make this test slow). */
        c.time_limit_s = 5;
        /* uncapped reference */
        struct eligibility e;
        struct plan p0;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        struct run_ctx X = { seed + 100000, "", &m, &e, &c, NULL, 0 };
        snprintf(X.policy, sizeof X.policy, "late=%s,suspended=%s,caps",
                 late ? "last" : "reject", susp ? "release" : "hold");
        int rc = run_alloc(&p0, &m, &e, &c);
        if (rc != 0) {
            X.p = &p0;
            failf(&X, "run", "allocate_plan (no caps) returned %d", rc);
            plan_release(&p0);
            eligibility_release(&e);
            config_release(&c);
            model_release(&m);
            continue;
        }
        int64_t *pval = calloc((size_t)m.npayers + 1, sizeof *pval);
        int64_t maxv = 0, sumall = 0;
        assert_non_null(pval);
        for (int u = 0; u < m.nunits; u++) {
            if (m.units[u].value_c > maxv)
                maxv = m.units[u].value_c;
            sumall += m.units[u].value_c;
            if (p0.unit_request[u] >= 0)
                pval[m.requests[p0.unit_request[u]].payer] += m.units[u].value_c;
        }

        /* (a1) caps the network can see cannot bind: units asked x the
         * dearest unit -> exactly the uncapped plan. */
        for (int q = 0; q < m.npayers; q++) {
            int64_t units = 0;
            for (int r = 0; r < m.nrequests; r++)
                if (m.requests[r].payer == q)
                    units += m.requests[r].units;
            m.payers[q].capacity_c = units * maxv;
        }
        struct plan p1;
        rc = run_alloc(&p1, &m, &e, &c);
        X.p = &p1;
        unbindable++;
        if (rc != 0 || !same_plan(&p0, &p1, &m)) {
            failf(&X, "P10", "caps of units x max value changed the plan "
                  "(rc %d)", rc);
            if (rc == 0 && g_fail <= 40)
                diff_plans(&p0, &p1, &m);
        }
        plan_release(&p1);

        /* (a2) caps = the value of the whole inventory: cannot bind either,
         * though the network tiers them.  Same outcome per request; which
         * flat goes to which request may differ (counted, reported). */
        for (int q = 0; q < m.npayers; q++)
            m.payers[q].capacity_c = sumall;
        rc = run_alloc(&p1, &m, &e, &c);
        X.p = &p1;
        if (rc != 0) {
            failf(&X, "P10", "caps = whole inventory value: allocate_plan "
                  "returned %d", rc);
        } else {
            int same_counts =
                memcmp(p0.req_allocated, p1.req_allocated,
                       (size_t)m.nrequests * sizeof *p0.req_allocated) == 0 &&
                memcmp(p0.req_outcome, p1.req_outcome, (size_t)m.nrequests) == 0 &&
                memcmp(p0.town_floor, p1.town_floor,
                       (size_t)m.ntowns * sizeof *p0.town_floor) == 0 &&
                fabs(p0.lambda_star - p1.lambda_star) <= 1e-9;
            if (!same_counts) {
                failf(&X, "P10", "caps = whole inventory value (%lld) changed "
                      "what requests get (integer_passes %d)",
                      (long long)sumall, p1.integer_passes);
                if (g_fail <= 40)
                    diff_plans(&p0, &p1, &m);
            } else if (memcmp(p0.unit_request, p1.unit_request,
                              (size_t)m.nunits * sizeof *p0.unit_request) != 0) {
                unit_reshuffle++;
            }
            check_plan(&X, CHECK_CAPS);
        }
        plan_release(&p1);

        /* (b) random caps, some binding */
        for (int q = 0; q < m.npayers; q++) {
            int x = rint_(&g, 0, 3);
            m.payers[q].capacity_c = x == 0 ? -1
                : x == 1 ? pval[q] * rint_(&g, 0, 100) / 100
                : x == 2 ? pval[q] - rint_(&g, 0, 3) * 100
                : pval[q] + rint_(&g, 0, 1000000);
            if (m.payers[q].capacity_c < -1)
                m.payers[q].capacity_c = 0;
            if (m.payers[q].capacity_c >= 0 && m.payers[q].capacity_c < pval[q])
                binding++;
        }
        struct plan p2, p3;
        rc = run_alloc(&p2, &m, &e, &c);
        X.p = &p2;
        if (rc != 0) {
            failf(&X, "P10", "allocate_plan with caps returned %d", rc);
            if (g_fail <= 40) {
                fprintf(stderr, "  caps (cap_c / value in the uncapped plan):");
                for (int q = 0; q < m.npayers; q++)
                    fprintf(stderr, " %s=%lld/%lld", m.payers[q].id,
                            (long long)m.payers[q].capacity_c, (long long)pval[q]);
                fprintf(stderr, "\n");
            }
        } else {
            g_st.caps_plans++;
            if (p2.integer_passes)
                g_st.integer++;
            g_st.cap_rounds += p2.cap_rounds;
            check_plan(&X, CHECK_CAPS);
            prop_no_idle_unless_cap(&X);
            rc = run_alloc(&p3, &m, &e, &c);
            if (rc != 0 || !same_plan(&p2, &p3, &m))
                failf(&X, "P7", "capped: second run differs (rc %d)", rc);
            plan_release(&p3);
        }
        plan_release(&p2);
        free(pval);
        plan_release(&p0);
        eligibility_release(&e);
        config_release(&c);
        model_release(&m);
    }
    fprintf(stderr, "[ caps ] %u instances: %ld unbindable-cap comparisons "
            "(%ld with the same counts but other flats), %ld payers with a cap "
            "below their uncapped value, %ld capped plans, %ld with integer "
            "passes, %ld passes solved again for a cap\n", NSEEDS, unbindable,
            unit_reshuffle, binding, g_st.caps_plans, g_st.integer,
            g_st.cap_rounds);
    fprintf(stderr, "[ caps ] %.2f s in all, %.2f s in allocate_plan "
            "(slowest %.2f s, seed %u)\n", solve_clock() - t_start, g_alloc_s,
            g_alloc_max_s, g_alloc_max_seed);
    if (!only_seed())
        assert_true(binding > 0);
    assert_int_equal(g_fail, 0);
}

/* ------------------------------------------------------------------------
 * Hand-computed cases
 * ---------------------------------------------------------------------- */

static int32_t req_by_id(const struct model *m, const char *id)
{
    int32_t r = strtab_find(&m->request_ids, id, strlen(id));
    assert_true(r >= 0);
    return r;
}

static int64_t town_alloc(const struct model *m, const struct plan *p, int32_t t)
{
    int64_t n = 0;
    for (int r = 0; r < m->nrequests; r++)
        if (m->requests[r].town == t)
            n += p->req_allocated[r];
    return n;
}

/* Supply 10 in A with demand 4 in A; B (6) and C (12) have no supply:
 * A keeps 4, B and C share 6 at equal fill rate: 2/6 = 4/12. */
static void test_surplus_balanced_by_fill_rate(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    int32_t A = add_town(&m, "A", 31.20, 121.50);
    int32_t B = add_town(&m, "B", 31.25, 121.58);
    int32_t C = add_town(&m, "C", 31.05, 121.40);
    int32_t l = add_layout(&m, "2R");
    rh_date ok = ymd(2025, 6, 1), sub = ymd(2024, 10, 1);
    for (int i = 0; i < 10; i++) {
        char id[16];
        snprintf(id, sizeof id, "UA%02d", i);
        add_unit(&m, id, A, l, 8000 + 100 * i, 3000000, UNIT_AVAILABLE, ok);
    }
    int32_t py = add_payer(&m, "P1", 1, -1);
    add_request(&m, "RA", py, A, l, RH_CAT_LIVELIHOOD, 4, sub);
    add_request(&m, "RB", py, B, l, RH_CAT_LIVELIHOOD, 6, sub);
    add_request(&m, "RC", py, C, l, RH_CAT_LIVELIHOOD, 12, sub);
    struct config c;
    make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
    struct eligibility e;
    struct plan p;
    assert_int_equal(eligibility_judge(&e, &m, &c), 0);
    assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
    assert_int_equal(town_alloc(&m, &p, A), 4);
    assert_int_equal(town_alloc(&m, &p, B), 2);
    assert_int_equal(town_alloc(&m, &p, C), 4);
    assert_true(town_alloc(&m, &p, B) * 12 == town_alloc(&m, &p, C) * 6);
    assert_true(fabs(p.lambda_star - 1.0 / 3.0) < 1e-7);
    assert_int_equal(p.town_floor[B], 2);
    assert_int_equal(p.town_floor[C], 4);
    assert_int_equal(p.town_floor[A], 4);
    for (int u = 0; u < m.nunits; u++)
        assert_true(p.unit_request[u] >= 0);        /* all 10 used */
    assert_int_equal(p.req_outcome[req_by_id(&m, "RA")], OUT_SERVED);
    assert_int_equal(p.req_outcome[req_by_id(&m, "RB")], OUT_PARTIAL);
    assert_int_equal(p.req_outcome[req_by_id(&m, "RC")], OUT_PARTIAL);
    struct run_ctx X = { 0, "hand:surplus", &m, &e, &c, &p, 0 };
    g_fail = g_dumps = 0;
    check_plan(&X, CHECK_CAPFREE);
    assert_int_equal(g_fail, 0);
    plan_release(&p);
    eligibility_release(&e);
    config_release(&c);
    model_release(&m);
}

/* A scarce layout (3R: 4 units, 8 wanted in A, 2 in B) next to a plentiful
 * one: H keeps all 3R in A; category, then submitted_on, then request_id
 * decide within A. */
static void test_scarce_layout_and_order(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    int32_t A = add_town(&m, "A", 31.20, 121.50);
    int32_t B = add_town(&m, "B", 31.30, 121.60);
    int32_t l1 = add_layout(&m, "1R"), l3 = add_layout(&m, "3R");
    rh_date ok = ymd(2025, 3, 1), d = ymd(2024, 10, 31);
    add_unit(&m, "U3-d", A, l3, 9000, 3000000, UNIT_AVAILABLE, ok);
    add_unit(&m, "U3-c", A, l3, 9100, 3000000, UNIT_AVAILABLE, ok);
    add_unit(&m, "U3-b", A, l3, 9200, 3000000, UNIT_AVAILABLE, ok);
    add_unit(&m, "U3-a", A, l3, 9300, 3000000, UNIT_AVAILABLE, ok);
    add_unit(&m, "U3-r", A, l3, 9300, 3000000, UNIT_RESERVED, ok);
    add_unit(&m, "U3-h", A, l3, 9300, 3000000, UNIT_AVAILABLE, ymd(2026, 1, 1));
    for (int i = 0; i < 5; i++) {
        char id[16];
        snprintf(id, sizeof id, "U1-%d", i);
        add_unit(&m, id, A, l1, 5000, 3000000, UNIT_AVAILABLE, ok);
    }
    int32_t py = add_payer(&m, "P1", 1, -1);
    add_request(&m, "R-s", py, A, l3, RH_CAT_SOCIAL, 3, d - 50);
    add_request(&m, "R-b", py, A, l3, RH_CAT_LIVELIHOOD, 2, d - 10);
    add_request(&m, "R-a", py, A, l3, RH_CAT_LIVELIHOOD, 2, d - 10);
    add_request(&m, "R-c", py, A, l3, RH_CAT_LIVELIHOOD, 1, d - 20);
    add_request(&m, "R-x", py, B, l3, RH_CAT_INDUSTRY, 2, d - 60);
    add_request(&m, "R-y", py, B, l1, RH_CAT_LIVELIHOOD, 3, d - 5);
    add_request(&m, "R-z", py, A, l1, RH_CAT_SOCIAL, 1, d);
    struct config c;
    make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
    struct eligibility e;
    struct plan p;
    assert_int_equal(eligibility_judge(&e, &m, &c), 0);
    assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
    static const struct { const char *id; int64_t n; int out; } want[] = {
        { "R-c", 1, OUT_SERVED }, { "R-a", 2, OUT_SERVED },
        { "R-b", 1, OUT_PARTIAL }, { "R-s", 0, OUT_UNSERVED },
        { "R-x", 0, OUT_UNSERVED }, { "R-y", 3, OUT_SERVED },
        { "R-z", 1, OUT_SERVED },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int32_t r = req_by_id(&m, want[i].id);
        if (p.req_allocated[r] != want[i].n || p.req_outcome[r] != want[i].out)
            fail_msg("%s: allocated %lld (%s), expected %lld (%s)", want[i].id,
                     (long long)p.req_allocated[r],
                     request_outcome_names[p.req_outcome[r]],
                     (long long)want[i].n, request_outcome_names[want[i].out]);
    }
    /* reserved and after-horizon units stay; A's fill 5/9 is the minimum */
    assert_int_equal(p.unit_request[strtab_find(&m.unit_ids, "U3-r", 4)], -1);
    assert_int_equal(p.unit_request[strtab_find(&m.unit_ids, "U3-h", 4)], -1);
    assert_true(fabs(p.lambda_star - 5.0 / 9.0) < 1e-7);
    assert_int_equal(town_alloc(&m, &p, A), 5);
    assert_int_equal(town_alloc(&m, &p, B), 3);
    struct run_ctx X = { 0, "hand:scarce", &m, &e, &c, &p, 0 };
    g_fail = g_dumps = 0;
    check_plan(&X, CHECK_CAPFREE);
    assert_int_equal(g_fail, 0);
    plan_release(&p);
    eligibility_release(&e);
    config_release(&c);
    model_release(&m);
}

/* Payer-cap instance: five 2R units in A worth 1..5 x 10^6 cents (ids in
 * reverse value order); capped payer P asks 5 in A, uncapped Q asks 2 in B. */
static void build_cap_instance(struct model *m, int64_t cap)
{
    model_init(m);
    int32_t A = add_town(m, "A", 31.20, 121.50);
    int32_t B = add_town(m, "B", 31.22, 121.55);
    int32_t l = add_layout(m, "2R");
    rh_date ok = ymd(2025, 3, 1), d = ymd(2024, 10, 1);
    for (int k = 5; k >= 1; k--) {
        char id[16];
        snprintf(id, sizeof id, "U%d", 6 - k);  /* U1 worth 5, U5 worth 1 */
        add_unit(m, id, A, l, 10000, 10000 * k, UNIT_AVAILABLE, ok);
    }
    int32_t P = add_payer(m, "P", 1, cap);
    int32_t Q = add_payer(m, "Q", 1, -1);
    add_request(m, "RP", P, A, l, RH_CAT_LIVELIHOOD, 5, d);
    add_request(m, "RQ", Q, B, l, RH_CAT_LIVELIHOOD, 2, d);
}

static void test_payer_cap_binding(void **state)
{
    (void)state;
    /* cap (cents) -> units of P (the unique subset of the cheapest) */
    static const struct { int64_t cap; int k; } cases[] = {
        { 6500000, 3 }, { 3000000, 2 }, { 1500000, 1 }, { 900000, 0 },
        { 6000000, 3 }, { 10000000, 4 }, { 10999999, 4 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct model m;
        build_cap_instance(&m, cases[i].cap);
        struct config c;
        make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
        struct eligibility e;
        struct plan p;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
        int32_t rp = req_by_id(&m, "RP"), rq = req_by_id(&m, "RQ");
        int64_t val = 0;
        for (int u = 0; u < m.nunits; u++) {
            int64_t v = m.units[u].value_c;     /* 10^6 x k */
            int k = (int)(v / 1000000);
            /* P: its k cheapest; Q (uncapped, class arc): the cheapest
             * two of what is left */
            int want = k <= cases[i].k ? rp : k <= cases[i].k + 2 ? rq : -1;
            if (p.unit_request[u] == rp)
                val += v;
            if (p.unit_request[u] != want)
                fail_msg("cap %lld: unit %s (value %lld) -> %d, expected %d",
                         (long long)cases[i].cap, m.units[u].id, (long long)v,
                         p.unit_request[u], want);
        }
        assert_true(val <= cases[i].cap);
        assert_int_equal(p.req_allocated[rp], cases[i].k);
        assert_int_equal(p.req_allocated[rq], 5 - cases[i].k < 2 ? 5 - cases[i].k : 2);
        plan_release(&p);
        eligibility_release(&e);
        config_release(&c);
        model_release(&m);
    }
}

static void test_payer_cap_not_binding(void **state)
{
    (void)state;
    struct plan base;
    struct model m0;
    build_cap_instance(&m0, -1);
    struct config c;
    make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
    struct eligibility e0;
    assert_int_equal(eligibility_judge(&e0, &m0, &c), 0);
    assert_int_equal(run_alloc(&base, &m0, &e0, &c), 0);
    /* without a cap A keeps all 5 (home town first), B gets none */
    assert_int_equal(base.req_allocated[req_by_id(&m0, "RP")], 5);
    assert_int_equal(base.req_allocated[req_by_id(&m0, "RQ")], 0);
    /* 5 x max value = 25e6 (threshold), all five = 15e6, far above */
    static const int64_t caps[] = { 25000000, 15000000, 1000000000000LL,
                                    25000001 };
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        struct model m;
        build_cap_instance(&m, caps[i]);
        struct eligibility e;
        struct plan p;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
        if (!same_plan(&base, &p, &m))
            fail_msg("cap %lld that cannot bind changed the plan",
                     (long long)caps[i]);
        plan_release(&p);
        eligibility_release(&e);
        model_release(&m);
    }
    plan_release(&base);
    eligibility_release(&e0);
    config_release(&c);
    model_release(&m0);
}

/* A payer in default: hold plans units for it (suspended), release hands
 * them to the others. */
static void test_suspended_hold_release(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    int32_t A = add_town(&m, "A", 31.20, 121.50);
    int32_t l = add_layout(&m, "2R");
    rh_date ok = ymd(2025, 3, 1), d = ymd(2024, 10, 1);
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "U%d", i);
        add_unit(&m, id, A, l, 8000, 3000000, UNIT_AVAILABLE, ok);
    }
    int32_t D = add_payer(&m, "DEF", 1, -1), G = add_payer(&m, "GOOD", 1, -1);
    add_ledger(&m, D, "AG1", ymd(2024, 11, 1), 1000000, 400000);   /* 75 days */
    add_ledger(&m, G, "AG2", ymd(2024, 11, 1), 1000000, 990000);   /* 100 CNY */
    add_ledger(&m, G, "AG3", ymd(2024, 12, 16), 1000000, 0);       /* 30 days */
    add_request(&m, "RD", D, A, l, RH_CAT_LIVELIHOOD, 2, d);
    add_request(&m, "RG", G, A, l, RH_CAT_SOCIAL, 3, d);
    for (int susp = 0; susp < 2; susp++) {
        struct config c;
        make_config(&c, RH_LATE_REJECT, susp ? RH_SUSP_RELEASE : RH_SUSP_HOLD);
        struct eligibility e;
        struct plan p;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        assert_int_equal(e.payers[D].in_default, 1);
        assert_int_equal(e.payers[G].in_default, 0);
        assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
        int32_t rd = req_by_id(&m, "RD"), rg = req_by_id(&m, "RG");
        assert_int_equal(p.req_outcome[rd], OUT_SUSPENDED);
        assert_int_equal(p.req_allocated[rd], susp ? 0 : 2);
        assert_int_equal(p.req_allocated[rg], susp ? 3 : 1);
        assert_int_equal(p.req_outcome[rg], susp ? OUT_SERVED : OUT_PARTIAL);
        plan_release(&p);
        eligibility_release(&e);
        config_release(&c);
    }
    model_release(&m);
}

/* late = last serves a late livelihood request only after on-time social;
 * late = reject rejects it. */
static void test_late_last(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    int32_t A = add_town(&m, "A", 31.20, 121.50);
    int32_t B = add_town(&m, "B", 31.10, 121.45);
    int32_t l = add_layout(&m, "2R");
    rh_date ok = ymd(2025, 3, 1), d = ymd(2024, 10, 31);
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "U%d", i);
        add_unit(&m, id, A, l, 8000, 3000000, UNIT_AVAILABLE, ok);
    }
    int32_t G = add_payer(&m, "G", 1, -1);
    add_request(&m, "RL", G, A, l, RH_CAT_LIVELIHOOD, 2, d + 1);   /* late */
    add_request(&m, "RO", G, B, l, RH_CAT_SOCIAL, 2, d);           /* on time */
    for (int late = 0; late < 2; late++) {
        struct config c;
        make_config(&c, late ? RH_LATE_LAST : RH_LATE_REJECT, RH_SUSP_HOLD);
        struct eligibility e;
        struct plan p;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
        int32_t rl = req_by_id(&m, "RL"), ro = req_by_id(&m, "RO");
        assert_int_equal(p.req_allocated[ro], 2);
        assert_int_equal(p.req_outcome[ro], OUT_SERVED);
        assert_int_equal(p.req_allocated[rl], late ? 1 : 0);
        assert_int_equal(p.req_outcome[rl], late ? OUT_PARTIAL : OUT_REJECTED_LATE);
        struct run_ctx X = { 0, "hand:late", &m, &e, &c, &p, 0 };
        g_fail = g_dumps = 0;
        check_plan(&X, CHECK_CAPFREE);
        assert_int_equal(g_fail, 0);
        plan_release(&p);
        eligibility_release(&e);
        config_release(&c);
    }
    model_release(&m);
}

/* A request for 0 units is valid input (plan.h: served when 0 requested).
 * Here it is the only request of town B, so B has no demand row. */
static void test_zero_unit_request(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    int32_t A = add_town(&m, "A", 31.20, 121.50);
    int32_t B = add_town(&m, "B", 31.30, 121.60);
    int32_t l = add_layout(&m, "2R");
    rh_date ok = ymd(2025, 3, 1), d = ymd(2024, 10, 1);
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "U%d", i);
        add_unit(&m, id, A, l, 8000, 3000000, UNIT_AVAILABLE, ok);
    }
    int32_t py = add_payer(&m, "P", 1, -1);
    add_request(&m, "RA", py, A, l, RH_CAT_LIVELIHOOD, 2, d);
    add_request(&m, "RZ", py, B, l, RH_CAT_SOCIAL, 0, d);
    struct config c;
    make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
    struct eligibility e;
    struct plan p;
    assert_int_equal(eligibility_judge(&e, &m, &c), 0);
    assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
    assert_int_equal(p.req_allocated[req_by_id(&m, "RA")], 2);
    assert_int_equal(p.req_allocated[req_by_id(&m, "RZ")], 0);
    assert_int_equal(p.req_outcome[req_by_id(&m, "RZ")], OUT_SERVED);
    plan_release(&p);
    eligibility_release(&e);
    config_release(&c);
    model_release(&m);
}

/* A cap 1 CNY below the value of three whole units: only two fit.  The LP
 * optimum takes the third at 0.9999997: it must not be rounded up. */
static void test_payer_cap_cents(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    int32_t A = add_town(&m, "A", 31.20, 121.50);
    int32_t l = add_layout(&m, "2R");
    rh_date ok = ymd(2025, 3, 1), d = ymd(2024, 10, 1);
    add_unit(&m, "U1", A, l, 10000, 1000000, UNIT_AVAILABLE, ok);  /* 1e8 */
    add_unit(&m, "U2", A, l, 10000, 2000000, UNIT_AVAILABLE, ok);  /* 2e8 */
    add_unit(&m, "U3", A, l, 10000, 3000000, UNIT_AVAILABLE, ok);  /* 3e8 */
    int32_t P = add_payer(&m, "P", 1, 600000000 - 100);
    add_request(&m, "RP", P, A, l, RH_CAT_LIVELIHOOD, 3, d);
    struct config c;
    make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
    struct eligibility e;
    struct plan p;
    assert_int_equal(eligibility_judge(&e, &m, &c), 0);
    assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
    int64_t val = 0;
    for (int u = 0; u < m.nunits; u++)
        if (p.unit_request[u] >= 0)
            val += m.units[u].value_c;
    assert_true(val <= m.payers[P].capacity_c);
    assert_int_equal(p.req_allocated[req_by_id(&m, "RP")], 2);
    plan_release(&p);
    eligibility_release(&e);
    config_release(&c);
    model_release(&m);
}

/* A cap that cannot bind (the whole inventory is worth less) must not
 * change the order of SPEC 4.3: the earlier request of the same town,
 * layout and category is served first, whoever its payer. */
static void test_cap_keeps_request_order(void **state)
{
    (void)state;
    for (int variant = 0; variant < 4; variant++) {
        struct model m;
        model_init(&m);
        int32_t A = add_town(&m, "A", 31.06, 121.61);
        int32_t B = add_town(&m, "B", 31.30, 121.56);
        int32_t l = add_layout(&m, "2R");
        rh_date ok = ymd(2025, 3, 1);
        add_unit(&m, "U01", A, l, 7500, 2550000, UNIT_AVAILABLE, ok);
        add_unit(&m, "U50", B, l, 10000, 3290000, UNIT_AVAILABLE, ok);
        add_unit(&m, "U02", A, l, 6500, 2050000, UNIT_AVAILABLE, ok);
        int64_t total = 0;
        for (int u = 0; u < m.nunits; u++)
            total += m.units[u].value_c;
        /* the capped payer is the later one, or the earlier one */
        int capped_later = variant & 1;
        int32_t P1 = add_payer(&m, "PAY1", 1, capped_later ? total : -1);
        int32_t P2 = add_payer(&m, "PAY2", 1, capped_later ? -1 : total);
        rh_date early = ymd(2024, 10, 19), late = ymd(2024, 10, 22);
        if (variant & 2) {
            add_request(&m, "R46", P2, A, l, RH_CAT_SOCIAL, 5, early);
            add_request(&m, "R16", P1, A, l, RH_CAT_SOCIAL, 4, late);
        } else {
            add_request(&m, "R16", P1, A, l, RH_CAT_SOCIAL, 4, late);
            add_request(&m, "R46", P2, A, l, RH_CAT_SOCIAL, 5, early);
        }
        struct config c;
        make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
        struct eligibility e;
        struct plan p;
        assert_int_equal(eligibility_judge(&e, &m, &c), 0);
        assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
        int32_t r46 = req_by_id(&m, "R46"), r16 = req_by_id(&m, "R16");
        if (p.req_allocated[r46] != 3 || p.req_allocated[r16] != 0)
            fail_msg("variant %d (%s payer capped at %lld): earlier R46 got "
                     "%lld, later R16 got %lld; expected 3 and 0", variant,
                     capped_later ? "later" : "earlier", (long long)total,
                     (long long)p.req_allocated[r46],
                     (long long)p.req_allocated[r16]);
        plan_release(&p);
        eligibility_release(&e);
        config_release(&c);
        model_release(&m);
    }
}

/* No units, no requests, no layouts: an empty plan, not a failure. */
static void test_empty(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    add_town(&m, "A", 31.2, 121.5);
    add_town(&m, "B", 31.3, 121.6);
    add_payer(&m, "P", 1, -1);
    struct config c;
    make_config(&c, RH_LATE_LAST, RH_SUSP_HOLD);
    struct eligibility e;
    struct plan p;
    assert_int_equal(eligibility_judge(&e, &m, &c), 0);
    assert_int_equal(run_alloc(&p, &m, &e, &c), 0);
    assert_int_equal(p.town_floor[0], 0);
    assert_int_equal(p.town_floor[1], 0);
    plan_release(&p);
    eligibility_release(&e);
    config_release(&c);
    model_release(&m);
}

/* handout.h: a short request takes the nearest free flat its payer's cap
 * left can pay, in category order; the records follow the plan. */
static void handout_case(int64_t cap_c, const char *want_r1, const char *want_r2,
                         int want_given)
{
    struct model m;
    struct config c;
    struct eligibility e;
    struct plan p;
    model_init(&m);
    int32_t A = add_town(&m, "A", 31.00, 121.50), B = add_town(&m, "B", 31.05, 121.50);
    int32_t C = add_town(&m, "C", 31.30, 121.50);
    int32_t l2 = add_layout(&m, "2R");
    add_unit(&m, "UA", A, l2, 5000, 100000, UNIT_AVAILABLE, ymd(2025, 1, 1));  /* 50 000 CNY */
    add_unit(&m, "UB", B, l2, 5000, 100000, UNIT_AVAILABLE, ymd(2025, 1, 1));  /* 50 000 CNY */
    add_unit(&m, "UC", C, l2, 20000, 100000, UNIT_AVAILABLE, ymd(2025, 1, 1)); /* 200 000 CNY */
    int32_t p1 = add_payer(&m, "P1", 1, -1), p2 = add_payer(&m, "P2", 1, cap_c);
    add_request(&m, "R1", p2, A, l2, RH_CAT_LIVELIHOOD, 2, ymd(2024, 9, 1));
    add_request(&m, "R2", p1, A, l2, RH_CAT_SOCIAL, 1, ymd(2024, 8, 1));
    make_config(&c, RH_LATE_REJECT, RH_SUSP_HOLD);
    assert_int_equal(eligibility_judge(&e, &m, &c), 0);
    memset(&p, 0, sizeof p);
    int32_t ur[3], rr[2] = { 0, 1 }, ranks[3] = { 0, 1, 2 };
    uint8_t used[3] = { 0, 0, 0 };
    int64_t ra[2] = { 0, 0 };
    for (int u = 0; u < 3; u++)
        ur[u] = -1;
    p.unit_request = ur;
    p.req_allocated = ra;
    const char *names[] = { "H", "T", "C:livelihood", "C:social", "D" };
    for (int i = 0; i < 5; i++) {
        snprintf(p.stages[i].name, sizeof p.stages[i].name, "%s", names[i]);
        snprintf(p.stages[i].pass, sizeof p.stages[i].pass, "ontime");
        p.stages[i].status = STAGE_FEASIBLE;
        p.stages[i].bound = 3;
    }
    p.stages[4].bound = 0;
    p.nstages = 5;
    int64_t cap_left[2] = { -1, cap_c };
    assert_int_equal(handout_units(&p, &m, &e, &c, used, 0, cap_left, ranks, rr),
                     want_given);
    char got1[16] = "", got2[16] = "";
    for (int u = 0; u < 3; u++) {
        char *g = ur[u] == 0 ? got1 : ur[u] == 1 ? got2 : NULL;
        if (g)
            strcat(g, m.units[u].id);
        assert_int_equal(used[u], ur[u] >= 0);
    }
    assert_string_equal(got1, want_r1);
    assert_string_equal(got2, want_r2);
    assert_int_equal(ra[0], (int)strlen(want_r1) / 2);
    assert_int_equal(ra[1], (int)strlen(want_r2) / 2);
    /* records: H counts UA (home town A), T every unit, C by category */
    assert_true(p.stages[0].objective == (strstr(want_r1, "UA") || strstr(want_r2, "UA")));
    assert_true(p.stages[1].objective == want_given);
    assert_true(p.stages[2].objective == ra[0]);
    assert_true(p.stages[3].objective == ra[1]);
    assert_int_equal(p.stages[1].status, want_given == 3 ? STAGE_OPTIMAL : STAGE_FEASIBLE);
    eligibility_release(&e);
    model_release(&m);
}

static void test_handout(void **state)
{
    (void)state;
    /* room for both cheap flats: R1 (livelihood) first takes UA (home)
     * then UB; R2 (social, no cap) the dear UC */
    handout_case(10000000, "UAUB", "UC", 3);
    /* room for one: R1 takes UA; UB (50 000) is more than the 40 000 left,
     * so R2 takes the nearest, UB; UC stays free, and no short request can
     * pay for it */
    handout_case(9000000, "UA", "UB", 2);
    /* no room at all: R1 gets none, R2 the nearest, UA */
    handout_case(0, "", "UA", 1);
}

/* max_gap: a plan whose T lies further than max_gap (a fraction of T's
 * bound) from it is not published (79); the list of unproven stages says
 * each gap in the stage's own unit. */
static void test_gap_gate(void **state)
{
    (void)state;
    struct plan p;
    struct config c;
    char err[512], list[512];
    memset(&p, 0, sizeof p);
    config_init(&c);
    p.nstages = 3;
    snprintf(p.stages[0].name, sizeof p.stages[0].name, "H");
    snprintf(p.stages[0].pass, sizeof p.stages[0].pass, "ontime");
    p.stages[0].objective = p.stages[0].bound = 96;
    p.stages[0].status = 5;
    snprintf(p.stages[1].name, sizeof p.stages[1].name, "T");
    snprintf(p.stages[1].pass, sizeof p.stages[1].pass, "ontime");
    p.stages[1].objective = 999;
    p.stages[1].bound = 1000;
    p.stages[1].status = STAGE_FEASIBLE;
    snprintf(p.stages[2].name, sizeof p.stages[2].name, "D");
    snprintf(p.stages[2].pass, sizeof p.stages[2].pass, "late");
    p.stages[2].objective = 12.5;
    p.stages[2].bound = 12.0;
    p.stages[2].status = STAGE_FEASIBLE;
    p.stages[2].guard_hit = 1;

    /* 1 of 1000 is 0.1 %: at the default max_gap, published */
    assert_int_equal(c.max_gap_ppm, 1000);
    assert_int_equal(plan_check_gap(&p, &c, err, sizeof err), 0);
    p.stages[1].objective = 998;
    assert_int_equal(plan_check_gap(&p, &c, err, sizeof err), RH_EXIT_GAP);
    assert_string_equal(err, "stage T (ontime): 998 units, 2 (0.20 %) below "
                             "its bound 1000, more than max_gap 0.1 %: the "
                             "plan is not published");
    c.max_gap_ppm = 2000;
    assert_int_equal(plan_check_gap(&p, &c, err, sizeof err), 0);

    assert_int_equal(plan_unproven(&p, list, sizeof list), 2);
    assert_string_equal(list, "T gap 2 (0.20 %), D late gap 0.5 (4.17 %) cut "
                              "by the time limit");
    p.stages[1].status = p.stages[2].status = 5;
    assert_int_equal(plan_unproven(&p, list, sizeof list), 0);
    assert_string_equal(list, "");
    config_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gap_gate),
        cmocka_unit_test(test_handout),
        cmocka_unit_test_teardown(test_empty, test_teardown),
        cmocka_unit_test_teardown(test_surplus_balanced_by_fill_rate, test_teardown),
        cmocka_unit_test_teardown(test_scarce_layout_and_order, test_teardown),
        cmocka_unit_test_teardown(test_payer_cap_binding, test_teardown),
        cmocka_unit_test_teardown(test_payer_cap_not_binding, test_teardown),
        cmocka_unit_test_teardown(test_suspended_hold_release, test_teardown),
        cmocka_unit_test_teardown(test_late_last, test_teardown),
        cmocka_unit_test_teardown(test_zero_unit_request, test_teardown),
        cmocka_unit_test_teardown(test_payer_cap_cents, test_teardown),
        cmocka_unit_test_teardown(test_cap_keeps_request_order, test_teardown),
        cmocka_unit_test_teardown(test_generated_properties, test_teardown),
        cmocka_unit_test_teardown(test_generated_caps, test_teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}

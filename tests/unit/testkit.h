/* testkit.h -- header-only helpers for the allocation tests: build a model in
 * memory, a configuration, GLPK hooks for a test's own LPs/MIPs, a seeded
 * RNG and a clock.  Copied from tests/unit/test_allocate.c (which keeps its
 * own copies) so that a test only depends on the public API of domain/,
 * io/ and solve/allocate.h.  Every function is static inline: a test that
 * does not use one gets no warning.
 *
 * Include after nothing else: it includes cmocka in the order cmocka wants.
 */
#ifndef RH_TESTKIT_H
#define RH_TESTKIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/model.h"
#include "io/arena.h"
#include "io/config.h"
#include "io/value.h"

/* ---- GLPK hooks for the test's own problems ------------------------------ */

static inline void tk_glpk_fatal(void *info)
{
    (void)info;
    fail_msg("GLPK fatal error inside the test's own LP/MIP");
}

static inline void tk_glpk_quiet(void)
{
    glp_term_out(GLP_OFF);
    glp_error_hook(tk_glpk_fatal, NULL);
}

/* ---- clock ------------------------------------------------------------- */

static inline double tk_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- seeded RNG (xorshift64*) -------------------------------------------- */

struct tk_rng { uint64_t s; };

static inline void tk_seed(struct tk_rng *g, uint64_t salt, uint64_t seed)
{
    g->s = 0x9E3779B97F4A7C15ULL ^ (salt * 0xD1B54A32D192ED03ULL) ^
           (seed * 0x100000001B3ULL);
    if (g->s == 0)
        g->s = 1;
}

static inline uint64_t tk_next(struct tk_rng *g)
{
    uint64_t x = g->s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    g->s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static inline int tk_int(struct tk_rng *g, int lo, int hi)  /* inclusive */
{
    return lo + (int)((tk_next(g) >> 11) % (uint64_t)(hi - lo + 1));
}

static inline int tk_chance(struct tk_rng *g, int percent)
{
    return tk_int(g, 0, 99) < percent;
}

static inline void tk_shuffle(struct tk_rng *g, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = tk_int(g, 0, i), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* ---- building a model in memory ------------------------------------------ */

static inline int32_t tk_intern(struct strtab *t, const char *s)
{
    int added = 0;
    int32_t id = strtab_intern(t, s, strlen(s), &added);
    assert_true(id >= 0);
    return id;
}

static inline void *tk_grow1(void *p, int32_t n, size_t elem)
{
    void *q = realloc(p, ((size_t)n + 1) * elem);
    assert_non_null(q);
    return q;
}

/* A town and its one project (project index = town index). */
static inline int32_t add_town(struct model *m, const char *id, double lat,
                               double lon)
{
    int32_t t = tk_intern(&m->town_ids, id);
    assert_int_equal(t, m->ntowns);
    m->towns = tk_grow1(m->towns, m->ntowns, sizeof *m->towns);
    struct town *x = &m->towns[m->ntowns++];
    memset(x, 0, sizeof *x);
    x->id = m->town_ids.strs[t];
    x->name = x->id;
    x->kind = TOWN_TOWN;
    x->lat = lat;
    x->lon = lon;
    x->line = 2 + t;
    char pid[80];
    snprintf(pid, sizeof pid, "P-%s", id);
    int32_t p = tk_intern(&m->project_ids, pid);
    assert_int_equal(p, m->nprojects);
    m->projects = tk_grow1(m->projects, m->nprojects, sizeof *m->projects);
    struct project *pr = &m->projects[m->nprojects++];
    memset(pr, 0, sizeof *pr);
    pr->id = m->project_ids.strs[p];
    pr->name = pr->id;
    pr->town = t;
    pr->line = pr->town_line = pr->name_line = 2 + p;
    return t;
}

static inline int32_t add_layout(struct model *m, const char *name)
{
    return tk_intern(&m->layouts, name);
}

static inline int32_t add_unit(struct model *m, const char *id, int32_t town,
                               int32_t layout, int64_t area_c, int64_t price_c,
                               int status, rh_date avail)
{
    int32_t u = tk_intern(&m->unit_ids, id);
    assert_int_equal(u, m->nunits);
    m->units = tk_grow1(m->units, m->nunits, sizeof *m->units);
    struct unit *x = &m->units[m->nunits++];
    memset(x, 0, sizeof *x);
    x->id = m->unit_ids.strs[u];
    x->project = town;          /* one project per town, same index */
    x->town = town;
    x->layout = layout;
    x->area_c = area_c;
    x->price_c = price_c;
    x->value_c = model_unit_value(area_c, price_c);
    x->status = status;
    x->available_on = avail;
    x->line = 2 + u;
    return u;
}

static inline int32_t add_payer(struct model *m, const char *id, int proof,
                                int64_t cap_c)
{
    int32_t p = tk_intern(&m->payer_ids, id);
    assert_int_equal(p, m->npayers);
    m->payers = tk_grow1(m->payers, m->npayers, sizeof *m->payers);
    struct payer *x = &m->payers[m->npayers++];
    memset(x, 0, sizeof *x);
    x->id = m->payer_ids.strs[p];
    x->name = x->id;
    x->capacity_proof = proof;
    x->capacity_c = cap_c;
    x->line = 2 + p;
    return p;
}

static inline int32_t add_request(struct model *m, const char *id, int32_t payer,
                                  int32_t town, int32_t layout, int category,
                                  int64_t units, rh_date submitted)
{
    int32_t r = tk_intern(&m->request_ids, id);
    assert_int_equal(r, m->nrequests);
    m->requests = tk_grow1(m->requests, m->nrequests, sizeof *m->requests);
    struct request *x = &m->requests[m->nrequests++];
    memset(x, 0, sizeof *x);
    x->id = m->request_ids.strs[r];
    x->payer = payer;
    x->town = town;
    x->layout = layout;
    x->category = category;
    x->units = units;
    x->submitted_on = submitted;
    x->line = 2 + r;
    return r;
}

static inline void add_ledger(struct model *m, int32_t payer,
                              const char *agreement, rh_date due_on,
                              int64_t due_c, int64_t paid_c)
{
    m->ledger = tk_grow1(m->ledger, m->nledger, sizeof *m->ledger);
    struct ledger_row *g = &m->ledger[m->nledger++];
    g->payer = payer;
    g->agreement = arena_strndup(&m->arena, agreement, strlen(agreement));
    assert_non_null(g->agreement);
    g->due_on = due_on;
    g->due_c = due_c;
    g->paid_c = paid_c;
}

static inline rh_date ymd(int y, int mo, int d)
{
    rh_date x = 0;
    assert_int_equal(value_date_from_ymd(y, mo, d, &x), 0);
    return x;
}

/* Plan year 2025, as_of 2025-01-15, deadline 2024-10-31, horizon
 * 2025-12-31, grace 30 days, tolerance 100 CNY, canonical category order. */
static inline void make_config(struct config *c, int late, int susp)
{
    config_init(c);
    c->year = 2025;
    c->as_of = ymd(2025, 1, 15);
    c->deadline = ymd(2024, 10, 31);
    c->horizon_end = ymd(2025, 12, 31);
    c->encoding = RH_ENC_UTF8;
    c->late = late;
    c->suspended = susp;
    c->grace_days = 30;
    c->tolerance_cents = 10000;         /* 100 CNY */
    for (int k = 0; k < RH_NCATEGORIES; k++)
        c->category_order[k] = c->category_rank[k] = k;
    c->time_limit_s = 60;
    c->search_nodes = RH_SEARCH_NODES_DEFAULT;
    c->max_gap_ppm = RH_MAX_GAP_PPM_DEFAULT;
}

static inline void set_category_order(struct config *c,
                                      const int order[RH_NCATEGORIES])
{
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        c->category_order[k] = order[k];
        c->category_rank[order[k]] = k;
    }
}

#endif

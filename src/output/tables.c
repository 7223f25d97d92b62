/* tables.c -- allocation, units, requests, suspended, town and payer
 * balance CSV files of a plan folder. */
#include "tables.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/csvout.h"
#include "io/exitcode.h"
#include "output/summary.h"

/* One table being written: its writer and its path for messages. */
struct table {
    struct csvout w;
    char path[PATH_MAX];
};

/* Create dir/name and write its header.  RETURNS 0 or 73 (message). */
static int table_open(struct table *t, const char *dir, const char *name,
                      const char *const *head, int n, char *err, size_t errsz)
{
    if (outfile_join(t->path, sizeof t->path, dir, name) < 0) {
        snprintf(err, errsz, "%s/%s: cannot write: %s", dir, name,
                 strerror(errno));
        t->w.f.fd = -1;
        t->w.f.buf = NULL;
        return rh_exit_for_errno(errno);
    }
    if (csvout_open(&t->w, t->path) < 0) {
        snprintf(err, errsz, "%s: cannot write: %s", t->path, strerror(errno));
        return rh_exit_for_errno(errno);
    }
    if (csvout_header(&t->w, head, n) < 0)
        return -1;
    return 0;
}

/* After a failed write: close, report.  RETURNS 73. */
static int table_fail(struct table *t, char *err, size_t errsz)
{
    int e = errno;
    csvout_abort(&t->w);
    snprintf(err, errsz, "%s: cannot write: %s", t->path, strerror(e));
    return rh_exit_for_errno(e);
}

/* Close after the last row.  RETURNS 0 or 73. */
static int table_close(struct table *t, char *err, size_t errsz)
{
    if (csvout_close(&t->w) < 0) {
        snprintf(err, errsz, "%s: cannot write: %s", t->path,
                 strerror(errno));
        return rh_exit_for_errno(errno);
    }
    return 0;
}

/* ---- allocation.csv ----------------------------------------------------- */

int tables_write_allocation(const char *dir, const struct model *m,
                            const struct plan_order *o,
                            char *err, size_t errsz)
{
    static const char *const head[] = {
        "request_id", "payer_id", "home_town", "category", "project_id",
        "project_town", "layout", "units", "area_m2", "value_cny",
        "distance_km"
    };
    struct table t;
    int rc;
    if ((rc = table_open(&t, dir, TABLE_ALLOCATION, head, 11, err, errsz)))
        return rc < 0 ? table_fail(&t, err, errsz) : rc;
    for (int32_t i = 0; i < o->nrows; i++) {
        const struct order_row *row = &o->rows[i];
        const struct request *q = &m->requests[row->request];
        const struct project *pr = &m->projects[row->project];
        if (csvout_text(&t.w, q->id) < 0 ||
            csvout_text(&t.w, m->payers[q->payer].id) < 0 ||
            csvout_text(&t.w, m->towns[q->town].id) < 0 ||
            csvout_text(&t.w, rh_category_names[q->category]) < 0 ||
            csvout_text(&t.w, pr->id) < 0 ||
            csvout_text(&t.w, m->towns[pr->town].id) < 0 ||
            csvout_text(&t.w, m->layouts.strs[q->layout]) < 0 ||
            csvout_int(&t.w, row->units) < 0 ||
            csvout_fixed(&t.w, row->area_c, 2) < 0 ||
            csvout_fixed(&t.w, row->value_c, 2) < 0 ||
            csvout_fixed(&t.w, row->dist_m, 3) < 0 ||
            csvout_end_row(&t.w) < 0)
            return table_fail(&t, err, errsz);
    }
    return table_close(&t, err, errsz);
}

/* ---- units.csv ---------------------------------------------------------- */

static const char *unit_status(const struct eligibility *e, int32_t r)
{
    return e->requests[r] == REQ_SUSPENDED ? "suspended" : "allocated";
}

int tables_write_units(const char *dir, const struct model *m,
                       const struct eligibility *e, const struct plan *p,
                       const struct plan_order *o, char *err, size_t errsz)
{
    static const char *const head[] = {
        "unit_id", "project_id", "town_id", "layout", "area_m2", "value_cny",
        "request_id", "payer_id", "status"
    };
    struct table t;
    int rc;

    if ((rc = table_open(&t, dir, TABLE_UNITS, head, 9, err, errsz)))
        return rc < 0 ? table_fail(&t, err, errsz) : rc;
    for (int32_t i = 0; i < o->nunits; i++) {
        const struct unit *un = &m->units[o->units[i]];
        int32_t r = p->unit_request[o->units[i]];
        const struct request *q = &m->requests[r];
        if (csvout_text(&t.w, un->id) < 0 ||
            csvout_text(&t.w, m->projects[un->project].id) < 0 ||
            csvout_text(&t.w, m->towns[un->town].id) < 0 ||
            csvout_text(&t.w, m->layouts.strs[un->layout]) < 0 ||
            csvout_fixed(&t.w, un->area_c, 2) < 0 ||
            csvout_fixed(&t.w, un->value_c, 2) < 0 ||
            csvout_text(&t.w, q->id) < 0 ||
            csvout_text(&t.w, m->payers[q->payer].id) < 0 ||
            csvout_text(&t.w, unit_status(e, r)) < 0 ||
            csvout_end_row(&t.w) < 0)
            return table_fail(&t, err, errsz);
    }
    return table_close(&t, err, errsz);
}

/* ---- requests.csv ------------------------------------------------------- */

int tables_write_requests(const char *dir, const struct model *m,
                          const struct eligibility *e, const struct config *c,
                          const struct plan *p, const struct plan_reasons *rs,
                          char *err, size_t errsz)
{
    static const char *const head[] = {
        "request_id", "payer_id", "home_town", "category", "layout",
        "requested", "allocated", "status", "reason", "reason_detail"
    };
    struct table t;
    int rc;
    char detail[512];

    if ((rc = table_open(&t, dir, TABLE_REQUESTS, head, 10, err, errsz)))
        return rc < 0 ? table_fail(&t, err, errsz) : rc;
    for (int32_t i = 0; i < m->nrequests; i++) {
        const struct request *q = &m->requests[i];
        unsigned o = p->req_outcome[i];
        reason_detail(rs, m, e, c, p, i, detail, sizeof detail);
        if (csvout_text(&t.w, q->id) < 0 ||
            csvout_text(&t.w, m->payers[q->payer].id) < 0 ||
            csvout_text(&t.w, m->towns[q->town].id) < 0 ||
            csvout_text(&t.w, rh_category_names[q->category]) < 0 ||
            csvout_text(&t.w, m->layouts.strs[q->layout]) < 0 ||
            csvout_int(&t.w, q->units) < 0 ||
            csvout_int(&t.w, p->req_allocated[i]) < 0 ||
            csvout_text(&t.w, o < OUT_NOUTCOMES ? request_outcome_names[o]
                                                : "") < 0 ||
            csvout_text(&t.w, reason_names[rs->reason[i]]) < 0 ||
            csvout_text(&t.w, detail) < 0 ||
            csvout_end_row(&t.w) < 0)
            return table_fail(&t, err, errsz);
    }
    return table_close(&t, err, errsz);
}

/* ---- suspended.csv ------------------------------------------------------ */

int tables_write_suspended(const char *dir, const struct model *m,
                           const struct eligibility *e, const struct plan *p,
                           const struct plan_order *o, char *err,
                           size_t errsz)
{
    static const char *const head[] = {
        "payer_id", "payer_name", "overdue_cny", "oldest_due_on",
        "days_overdue", "unit_id", "project_id", "layout", "area_m2",
        "value_cny", "request_id"
    };
    struct table t;
    int rc;

    if ((rc = table_open(&t, dir, TABLE_SUSPENDED, head, 11, err, errsz)))
        return rc < 0 ? table_fail(&t, err, errsz) : rc;
    for (int32_t i = 0; i < o->nsuspended; i++) {
        int32_t u = o->suspended[i];
        const struct unit *un = &m->units[u];
        const struct request *q = &m->requests[p->unit_request[u]];
        const struct payer *py = &m->payers[q->payer];
        const struct payer_judgement *pj = &e->payers[q->payer];
        if (csvout_text(&t.w, py->id) < 0 ||
            csvout_text(&t.w, py->name) < 0 ||
            csvout_fixed(&t.w, pj->overdue_c, 2) < 0 ||
            (pj->in_default ? csvout_date(&t.w, pj->oldest_due)
                            : csvout_empty(&t.w)) < 0 ||
            (pj->in_default ? csvout_int(&t.w, pj->days_overdue)
                            : csvout_empty(&t.w)) < 0 ||
            csvout_text(&t.w, un->id) < 0 ||
            csvout_text(&t.w, m->projects[un->project].id) < 0 ||
            csvout_text(&t.w, m->layouts.strs[un->layout]) < 0 ||
            csvout_fixed(&t.w, un->area_c, 2) < 0 ||
            csvout_fixed(&t.w, un->value_c, 2) < 0 ||
            csvout_text(&t.w, q->id) < 0 ||
            csvout_end_row(&t.w) < 0)
            return table_fail(&t, err, errsz);
    }
    return table_close(&t, err, errsz);
}

/* ---- town_balance.csv --------------------------------------------------- */

int tables_write_town_balance(const char *dir, const struct model *m,
                              const struct plan_kpi *k, char *err,
                              size_t errsz)
{
    static const char *const head[] = {
        "town_id", "name", "supply", "demand", "home_allocated", "imported",
        "exported", "allocated", "fill_rate"
    };
    struct table t;
    int rc;

    if ((rc = table_open(&t, dir, TABLE_TOWN_BALANCE, head, 9, err, errsz)))
        return rc < 0 ? table_fail(&t, err, errsz) : rc;
    for (int32_t i = 0; i < m->ntowns; i++) {
        int64_t fill = kpi_rate(k->town_allocated[i], k->town_demand[i], 4);
        if (csvout_text(&t.w, m->towns[i].id) < 0 ||
            csvout_text(&t.w, m->towns[i].name) < 0 ||
            csvout_int(&t.w, k->town_supply[i]) < 0 ||
            csvout_int(&t.w, k->town_demand[i]) < 0 ||
            csvout_int(&t.w, k->town_home[i]) < 0 ||
            csvout_int(&t.w, k->town_imported[i]) < 0 ||
            csvout_int(&t.w, k->town_exported[i]) < 0 ||
            csvout_int(&t.w, k->town_allocated[i]) < 0 ||
            (fill == KPI_NO_RATE ? csvout_empty(&t.w)
                                 : csvout_fixed(&t.w, fill, 4)) < 0 ||
            csvout_end_row(&t.w) < 0)
            return table_fail(&t, err, errsz);
    }
    return table_close(&t, err, errsz);
}

/* ---- payer_balance.csv -------------------------------------------------- */

int tables_write_payer_balance(const char *dir, const struct model *m,
                               const struct eligibility *e,
                               const struct plan_kpi *k, char *err,
                               size_t errsz)
{
    static const char *const head[] = {
        "payer_id", "payer_name", "in_default", "overdue_cny", "requested",
        "allocated", "suspended", "value_cny", "capacity_cny"
    };
    struct table t;
    int rc;
    if ((rc = table_open(&t, dir, TABLE_PAYER_BALANCE, head, 9, err, errsz)))
        return rc < 0 ? table_fail(&t, err, errsz) : rc;
    for (int32_t i = 0; i < m->npayers; i++) {
        const struct payer *py = &m->payers[i];
        const struct payer_judgement *pj = &e->payers[i];
        if (csvout_text(&t.w, py->id) < 0 ||
            csvout_text(&t.w, py->name) < 0 ||
            csvout_text(&t.w, pj->in_default ? "yes" : "no") < 0 ||
            csvout_fixed(&t.w, pj->overdue_c, 2) < 0 ||
            csvout_int(&t.w, k->payer_requested[i]) < 0 ||
            csvout_int(&t.w, k->payer_allocated[i]) < 0 ||
            csvout_int(&t.w, k->payer_held[i]) < 0 ||
            csvout_fixed(&t.w, k->payer_value_c[i], 2) < 0 ||
            (py->capacity_c < 0 ? csvout_empty(&t.w)
                                : csvout_fixed(&t.w, py->capacity_c, 2)) < 0 ||
            csvout_end_row(&t.w) < 0)
            return table_fail(&t, err, errsz);
    }
    return table_close(&t, err, errsz);
}

/* ---- stages.csv and town_levels.csv -------------------------------------- */

/* A double as a fixed-point decimal with 6 places, C locale. */
static int cell_6dp(struct csvout *w, double v)
{
    return csvout_fixed(w, (int64_t)llround(v * 1e6), 6);
}

int tables_write_stages(const char *dir, const struct plan *p, char *err,
                        size_t errsz)
{
    static const char *const head[] = {
        "pass", "stage", "objective", "status", "bound", "gap", "lps",
        "iterations", "rows", "cols", "nonzeros", "time_limit_hit"
    };
    struct table t;
    int rc;
    if ((rc = table_open(&t, dir, TABLE_STAGES, head, 12, err, errsz)))
        return rc < 0 ? table_fail(&t, err, errsz) : rc;
    for (int i = 0; i < p->nstages; i++) {
        const struct stage_record *s = &p->stages[i];
        if (csvout_text(&t.w, s->pass) < 0 || csvout_text(&t.w, s->name) < 0 ||
            cell_6dp(&t.w, s->objective) < 0 ||
            csvout_text(&t.w, summary_glpk_status(s->status)) < 0 ||
            cell_6dp(&t.w, s->bound) < 0 ||
            cell_6dp(&t.w, stage_gap(s)) < 0 ||
            csvout_int(&t.w, s->lps) < 0 || csvout_int(&t.w, s->iterations) < 0 ||
            csvout_int(&t.w, s->rows) < 0 || csvout_int(&t.w, s->cols) < 0 ||
            csvout_int(&t.w, s->nonzeros) < 0 ||
            csvout_text(&t.w, s->guard_hit ? "yes" : "no") < 0 ||
            csvout_end_row(&t.w) < 0)
            return table_fail(&t, err, errsz);
    }
    return table_close(&t, err, errsz);
}

int tables_write_town_levels(const char *dir, const struct model *m,
                             const struct plan *p, const struct plan_kpi *k,
                             char *err, size_t errsz)
{
    (void)k;
    static const char *const head[] = { "town_id", "demand", "level", "floor" };
    struct table t;
    int rc;
    if ((rc = table_open(&t, dir, TABLE_TOWN_LEVELS, head, 4, err, errsz)))
        return rc < 0 ? table_fail(&t, err, errsz) : rc;
    for (int32_t i = 0; i < m->ntowns; i++) {
        if (csvout_text(&t.w, m->towns[i].id) < 0 ||
            csvout_int(&t.w, p->town_demand[i]) < 0 ||
            cell_6dp(&t.w, p->town_level[i]) < 0 ||
            csvout_int(&t.w, p->town_floor[i]) < 0 || csvout_end_row(&t.w) < 0)
            return table_fail(&t, err, errsz);
    }
    return table_close(&t, err, errsz);
}

int tables_write_all(const char *dir, const struct model *m,
                     const struct eligibility *e, const struct config *c,
                     const struct plan *p, const struct plan_kpi *k,
                     const struct plan_order *o, const struct plan_reasons *rs,
                     char *err, size_t errsz)
{
    int rc;
    if ((rc = tables_write_allocation(dir, m, o, err, errsz)) ||
        (rc = tables_write_units(dir, m, e, p, o, err, errsz)) ||
        (rc = tables_write_requests(dir, m, e, c, p, rs, err, errsz)) ||
        (rc = tables_write_suspended(dir, m, e, p, o, err, errsz)) ||
        (rc = tables_write_town_balance(dir, m, k, err, errsz)) ||
        (rc = tables_write_payer_balance(dir, m, e, k, err, errsz)) ||
        (rc = tables_write_stages(dir, p, err, errsz)) ||
        (rc = tables_write_town_levels(dir, m, p, k, err, errsz)))
        return rc;
    return 0;
}

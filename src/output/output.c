/* output.c -- the plan folder: consistency check, KPIs, all files, atomic. */
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "io/exitcode.h"
#include "io/clock.h"
#include "output/folder.h"
#include "output/kpi.h"
#include "output/order.h"
#include "output/report.h"
#include "output/tables.h"
#include "output/xlsx.h"

int output_check_plan(const struct model *m, const struct eligibility *e,
                      const struct plan *p, char *err, size_t errsz)
{
    return plan_check(p, m, e, err, errsz);
}

/* Everything the folder callback needs. */
struct job_out {
    const struct model *m;
    const struct eligibility *e;
    const struct config *c;
    const struct plan *p;
    const struct plan_kpi *k;
    const struct plan_order *order;
    const struct plan_reasons *rs;
    const struct run_info *ri;
    int64_t write_start_ns;     /* CLOCK_MONOTONIC when writing began */
};

/* plan.xlsx takes the longest to write (libxlsxwriter formats and deflates
 * its XML): its child process starts first and runs on another core while
 * this process writes the other files; it is waited for at the end. */
static int fill(const char *tmp, void *ud, char *err, size_t errsz)
{
    const struct job_out *o = ud;
    struct xlsx_job xj;
    int rc;

    if ((rc = xlsx_start(&xj, tmp, o->m, o->e, o->c, o->p, o->k, o->order,
                         o->rs, err, errsz)))
        return rc;
    if ((rc = tables_write_all(tmp, o->m, o->e, o->c, o->p, o->k, o->order,
                               o->rs, err, errsz)) ||
        (rc = summary_write(tmp, o->m, o->e, o->c, o->p, o->k, o->rs, err,
                            errsz)) ||
        (rc = report_write(tmp, o->m, o->e, o->c, o->p, o->k, o->rs, err,
                           errsz))) {
        xlsx_cancel(&xj);
        return rc;
    }
    if ((rc = xlsx_finish(&xj, tmp, err, errsz)))
        return rc;
    if (o->ri) {
        struct run_info ri = *o->ri;
        if (ri.measure_write) {     /* the time spent writing so far */
            int64_t now = clock_ns();
            ri.phase_seconds[RUN_WRITE] = (double)(now - o->write_start_ns) / 1e9;
            run_info_finish(&ri);
        }
        if ((rc = run_write(tmp, o->p, &ri, err, errsz)))
            return rc;
    }
    return 0;
}

static const char *const plan_files[] = {
    TABLE_ALLOCATION, TABLE_UNITS, TABLE_REQUESTS, TABLE_SUSPENDED,
    TABLE_TOWN_BALANCE, TABLE_PAYER_BALANCE, TABLE_STAGES, TABLE_TOWN_LEVELS,
    SUMMARY_JSON, RUN_JSON, REPORT_HTML, PLAN_XLSX, NULL
};

const struct folder_kind output_plan_folder = {
    "plan folder", plan_files, SUMMARY_JSON, "\"tool\": \"rehouse\"", NULL
};

int output_write_plan(const char *dir, const struct model *m,
                      const struct eligibility *e, const struct config *c,
                      const struct plan *p, const struct run_info *ri,
                      char *err, size_t errsz)
{
    struct plan_kpi k;
    struct plan_order order;
    struct plan_reasons rs;
    struct job_out o = { m, e, c, p, &k, &order, &rs, ri, clock_ns() };
    int rc;

    if ((rc = output_check_plan(m, e, p, err, errsz)))
        return rc;
    if (kpi_compute(&k, m, e, c, p) < 0) {
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    if (order_compute(&order, m, e, p) < 0) {
        kpi_release(&k);
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    if (reasons_compute(&rs, m, e, c, p, &k) < 0) {
        order_release(&order);
        kpi_release(&k);
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    rc = folder_write_atomic(dir, fill, &o, &output_plan_folder, err,
                             errsz);
    reasons_release(&rs);
    order_release(&order);
    kpi_release(&k);
    return rc;
}

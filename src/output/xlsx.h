/* xlsx.h -- plan.xlsx: the plan folder's tables as one workbook for
 * planners who work in Excel or WPS (libxlsxwriter).
 *
 *   rc = xlsx_write(tmpdir, &m, &e, &c, &p, &kpi, err, sizeof err);
 *
 * or, to write it while the caller writes other files (the plan folder):
 *
 *   struct xlsx_job j;
 *   rc = xlsx_start(&j, tmpdir, &m, &e, &c, &p, &kpi, &order, &reasons, err,
 *                   sizeof err);
 *   if (rc) -> failed, nothing to wait for
 *   ... write other files; on failure: xlsx_cancel(&j); ...
 *   rc = xlsx_finish(&j, tmpdir, err, sizeof err);
 *
 * The workbook is written by a forked child process (a crash inside
 * libxlsxwriter is then an error, not the end of the run); the child dies
 * with its parent (PR_SET_PDEATHSIG).  It only reads the caller's data, as
 * it was at xlsx_start.
 *
 * Sheets, in order (headers "中文 column_name"; column names and row orders
 * as in the CSV files, output/tables.h):
 *   Summary     headline KPIs, requests by outcome, parameters, inputs
 *               (rows, SHA-256) and versions, one item per row;
 *   Towns       town_balance.csv;
 *   Flows       units moved between towns: rows = project towns that
 *               export, columns = home towns that import (only towns with
 *               flows), with totals; empty cells for no flow;
 *   Requests    requests.csv;
 *   Allocation  allocation.csv;
 *   Suspended   suspended.csv;
 *   Payers      payer_balance.csv.
 * Numbers are numeric cells (money and areas with 2 decimals, km with 3,
 * rates as percentages), dates are date cells, text is text (never a
 * formula, so nothing needs neutralising).
 *
 * Deterministic: the document's created/modified time is the plan's as_of
 * date at 00:00 UTC, so reruns give byte-identical files.  libxlsxwriter's
 * temporary files go into dir.
 *
 * RETURNS 0; 73 with "DIR/plan.xlsx: cannot write: <reason>" in err; 70
 * with "out of memory" or when the writer process fails or dies.  Nothing
 * is owned.
 */
#ifndef RH_XLSX_H
#define RH_XLSX_H

#include <stddef.h>
#include <sys/types.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "output/kpi.h"
#include "output/order.h"
#include "output/reason.h"
#include "solve/plan.h"

#define PLAN_XLSX "plan.xlsx"

/* A workbook being written by a child process. */
struct xlsx_job {
    pid_t pid;      /* the writer, -1 when none */
    int fd;         /* read end of the pipe carrying its messages, -1 */
};

/* NAME xlsx_write -- write DIR/plan.xlsx and wait for it (xlsx_start and
 * xlsx_finish, with the row orders and reasons computed here).  RETURNS as above. */
int xlsx_write(const char *dir, const struct model *m,
               const struct eligibility *e, const struct config *c,
               const struct plan *p, const struct plan_kpi *k, char *err,
               size_t errsz);

/* NAME xlsx_start -- start writing DIR/plan.xlsx in a child process; o is
 * order_compute's for p, rs reasons_compute's.  RETURNS 0 (then call
 * xlsx_finish or xlsx_cancel exactly once), or 70/73 with a message when
 * the child cannot start. */
int xlsx_start(struct xlsx_job *j, const char *dir, const struct model *m,
               const struct eligibility *e, const struct config *c,
               const struct plan *p, const struct plan_kpi *k,
               const struct plan_order *o, const struct plan_reasons *rs,
               char *err, size_t errsz);

/* NAME xlsx_finish -- wait for the writer.  RETURNS as xlsx_write. */
int xlsx_finish(struct xlsx_job *j, const char *dir, char *err,
                size_t errsz);

/* NAME xlsx_cancel -- kill the writer and reap it (after a failure
 * elsewhere: the half-written folder is then removed); keeps errno. */
void xlsx_cancel(struct xlsx_job *j);

#endif

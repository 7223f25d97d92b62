/* xlsx.h -- plan.xlsx: the plan folder's tables as one workbook for
 * planners who work in Excel or WPS (libxlsxwriter).
 *
 *   rc = xlsx_write(tmpdir, &m, &e, &c, &p, &kpi, err, sizeof err);
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
 * with "out of memory".  Nothing is owned.
 */
#ifndef RH_XLSX_H
#define RH_XLSX_H

#include <stddef.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "output/kpi.h"
#include "solve/plan.h"

#define PLAN_XLSX "plan.xlsx"

int xlsx_write(const char *dir, const struct model *m,
               const struct eligibility *e, const struct config *c,
               const struct plan *p, const struct plan_kpi *k, char *err,
               size_t errsz);

#endif

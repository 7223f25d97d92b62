/* tables.h -- the CSV files of a plan folder (SPEC section 5), written from
 * model, eligibility, plan and KPIs; writers format and aggregate only.
 *
 *   rc = tables_write_all("out.tmp-123-abc", &m, &e, &p, &kpi, &order, err,
 *                         sizeof err);
 *
 * Cell format: see io/csvout.h (text quoted and neutralised, numbers bare,
 * money "12.50", areas "65.40", km "12.345", rates "0.8333").
 * Ids compare as bytes (strcmp).  Columns and row orders:
 *
 * allocation.csv  request_id, payer_id, home_town, category, project_id,
 *     project_town, layout, units, area_m2, value_cny, distance_km
 *     one row per (request, project) with units > 0, ordered by request_id
 *     then project_id; area_m2 and value_cny summed over the units (2
 *     decimals); distance_km between the home town and the project's town
 *     for one unit (3 decimals).
 * units.csv  unit_id, project_id, town_id, layout, area_m2, value_cny,
 *     request_id, payer_id, status
 *     one row per planned unit, ordered by unit_id; status "suspended" when
 *     the request's standing is REQ_SUSPENDED, else "allocated".
 * requests.csv  request_id, payer_id, home_town, category, layout,
 *     requested, allocated, status
 *     every demand line in input order; allocated = plan->req_allocated,
 *     status = request_outcome_names[plan->req_outcome].
 * suspended.csv  payer_id, payer_name, overdue_cny, oldest_due_on,
 *     days_overdue, unit_id, project_id, layout, area_m2, value_cny,
 *     request_id
 *     one row per suspended unit, ordered by payer_id then unit_id; the
 *     payer columns come from the eligibility judgement.
 * town_balance.csv  town_id, name, supply, demand, home_allocated, imported,
 *     exported, allocated, fill_rate
 *     one row per town in towns.csv order; figures as in output/kpi.h;
 *     fill_rate = allocated / demand with 4 decimals, empty when demand = 0.
 * payer_balance.csv  payer_id, payer_name, in_default, overdue_cny,
 *     requested, allocated, suspended, value_cny, capacity_cny
 *     one row per payer in payers.csv order; in_default yes/no; overdue_cny
 *     0.00 when not in default; requested = units of all its demand lines;
 *     allocated = its planned units (suspended included); suspended = its
 *     held units; value_cny = value of its planned units; capacity_cny
 *     empty when it has no cap.
 *
 * Every writer creates DIR/<name> (which must not exist) and RETURNS 0;
 * RH_EXIT_CANTCREAT (73) with "DIR/<name>: cannot write: <strerror>" in err
 * when the file cannot be created or written; RH_EXIT_SOFTWARE (70) with
 * "out of memory" in err.  A half-written file is left for the caller
 * (output/folder.c) to discard with its temporary folder.
 * The plan must be consistent (output_check_plan); the row orders o are
 * order_compute's for the same plan (output/order.h); nothing is owned.
 */
#ifndef RH_TABLES_H
#define RH_TABLES_H

#include <stddef.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "output/kpi.h"
#include "output/order.h"
#include "output/reason.h"
#include "solve/plan.h"

/* File names inside a plan folder. */
#define TABLE_ALLOCATION "allocation.csv"
#define TABLE_UNITS "units.csv"
#define TABLE_REQUESTS "requests.csv"
#define TABLE_SUSPENDED "suspended.csv"
#define TABLE_TOWN_BALANCE "town_balance.csv"
#define TABLE_PAYER_BALANCE "payer_balance.csv"
#define TABLE_STAGES "stages.csv"
#define TABLE_TOWN_LEVELS "town_levels.csv"

/* NAME tables_write_allocation -- allocation.csv.  RETURNS 0 or 73. */
int tables_write_allocation(const char *dir, const struct model *m,
                            const struct plan_order *o, char *err,
                            size_t errsz);

/* NAME tables_write_units -- units.csv.  RETURNS 0 or 73. */
int tables_write_units(const char *dir, const struct model *m,
                       const struct eligibility *e, const struct plan *p,
                       const struct plan_order *o, char *err, size_t errsz);

/* NAME tables_write_requests -- requests.csv, with each request's reason
 * (reason.h).  RETURNS 0 or 73. */
int tables_write_requests(const char *dir, const struct model *m,
                          const struct eligibility *e, const struct config *c,
                          const struct plan *p, const struct plan_reasons *rs,
                          char *err, size_t errsz);

/* NAME tables_write_suspended -- suspended.csv.  RETURNS 0 or 73. */
int tables_write_suspended(const char *dir, const struct model *m,
                           const struct eligibility *e, const struct plan *p,
                           const struct plan_order *o, char *err,
                           size_t errsz);

/* NAME tables_write_town_balance -- town_balance.csv from k.
 * RETURNS 0 or 73. */
int tables_write_town_balance(const char *dir, const struct model *m,
                              const struct plan_kpi *k, char *err,
                              size_t errsz);

/* NAME tables_write_payer_balance -- payer_balance.csv.
 * RETURNS 0, 70 or 73. */
int tables_write_payer_balance(const char *dir, const struct model *m,
                               const struct eligibility *e,
                               const struct plan_kpi *k, char *err,
                               size_t errsz);

/* NAME tables_write_stages -- stages.csv: every policy stage as solved
 * (pass, stage, objective with 6 decimals, status, lps, iterations, LP
 * size), in solving order.  RETURNS 0 or 73. */
int tables_write_stages(const char *dir, const struct plan *p, char *err,
                        size_t errsz);

/* NAME tables_write_town_levels -- town_levels.csv: per town (towns.csv
 * order) D_t of the on-time pass, stage B's leximin level (6 decimals) and whole-unit floor.
 * RETURNS 0 or 73. */
int tables_write_town_levels(const char *dir, const struct model *m,
                             const struct plan *p, const struct plan_kpi *k,
                             char *err, size_t errsz);

/* NAME tables_write_all -- the eight files above, in that order, stopping at
 * the first failure.  RETURNS 0, 70 or 73. */
int tables_write_all(const char *dir, const struct model *m,
                     const struct eligibility *e, const struct config *c,
                     const struct plan *p, const struct plan_kpi *k,
                     const struct plan_order *o, const struct plan_reasons *rs,
                     char *err, size_t errsz);

#endif

/* output.h -- write a whole plan folder atomically: the six CSV tables,
 * summary.json and run.json (SPEC section 5).
 *
 *   struct run_info ri; run_info_start(&ri);
 *   ... load, judge, solve into struct plan p ...
 *   run_info_finish(&ri);
 *   rc = output_write_plan("out/plan", &m, &e, &c, &p, &ri, err, sizeof err);
 *   if (rc) { fprintf(stderr, "rehouse: %s\n", err); return rc; }
 *
 * Files: allocation.csv, units.csv, requests.csv, suspended.csv,
 * town_balance.csv, payer_balance.csv, stages.csv, town_levels.csv
 * (output/tables.h), summary.json (output/summary.h), report.html
 * (output/report.h), plan.xlsx (output/xlsx.h), run.json (only when ri is
 * not NULL).  Everything except run.json is byte-identical for the same
 * inputs, whatever the locale.
 */
#ifndef RH_OUTPUT_H
#define RH_OUTPUT_H

#include <stddef.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "output/folder.h"
#include "output/summary.h"
#include "solve/plan.h"

/* The plan folder: the files below, summary.json naming rehouse as its
 * tool.  Only such a folder (or an empty one) is replaced by a plan. */
extern const struct folder_kind output_plan_folder;

/* NAME output_check_plan -- plan_check (solve/plan.h), before anything is
 * written.  RETURNS as plan_check. */
int output_check_plan(const struct model *m, const struct eligibility *e,
                      const struct plan *p, char *err, size_t errsz);

/* NAME output_write_plan -- check the plan, compute its KPIs and write the
 * plan folder dir atomically (output/folder.h: the parent must exist; an
 * existing dir must be empty or a plan folder, output_plan_folder, and is
 * replaced as a whole).  ri may be NULL (then no run.json).  Nothing is owned; all
 * inputs are only read.
 * RETURNS 0; 70 for an inconsistent plan or out of memory; 73 when the
 * folder cannot be written (dir then untouched); message in err. */
int output_write_plan(const char *dir, const struct model *m,
                      const struct eligibility *e, const struct config *c,
                      const struct plan *p, const struct run_info *ri,
                      char *err, size_t errsz);

#endif

/* report.h -- report.html: the plan as one self-contained page a planner
 * reads (SPEC section 5), in Chinese with English alongside.
 *
 *   rc = report_write(tmpdir, &m, &e, &c, &p, &kpi, &reasons, err, sizeof err);
 *
 * One file, inline CSS and inline SVG, no script, no external URL.  Every
 * text from the inputs (town, project and payer names, ids) is HTML-escaped
 * (& < > " ').  Numbers are formatted without the locale (value_format_fixed
 * and fmt_int64; thousands grouped with ","), so the page is byte-identical
 * for the same inputs: it holds no date or time except the plan's own
 * parameters.
 *
 * Sections, in order:
 *   headline   units allocated of requested, held units, home-town share,
 *              min and median town fill rate, units moved between towns,
 *              unit-km, value allocated;
 *   towns      per town (towns.csv order): supply, demand, home allocated,
 *              imported, exported, allocated, fill rate (table), and a
 *              horizontal bar chart of the fill rates of towns with demand,
 *              lowest first, with the minimum and median marked;
 *   flows      a heat map of units moved between towns: rows = project
 *              towns that export, columns = home towns that import (only
 *              towns with flows), numbers in the cells, totals; columns
 *              labelled vertically so 36 towns fit a 1200 px page;
 *   categories units requested (by requests that take part) vs allocated
 *              per category in category_order (table and paired bars);
 *   suspended  payers in default: overdue amount, oldest due date, days,
 *              units held and their value; rejected requests with reasons;
 *   stages     name, pass, objective, status;
 *   inputs     role, path, rows, SHA-256; parameters; versions.
 *
 * RETURNS 0; 73 with "DIR/report.html: cannot write: <strerror>" in err;
 * 70 with "out of memory".  Nothing is owned.
 */
#ifndef RH_REPORT_H
#define RH_REPORT_H

#include <stddef.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "output/kpi.h"
#include "output/reason.h"
#include "solve/plan.h"

#define REPORT_HTML "report.html"

int report_write(const char *dir, const struct model *m,
                 const struct eligibility *e, const struct config *c,
                 const struct plan *p, const struct plan_kpi *k,
                 const struct plan_reasons *rs, char *err, size_t errsz);

#endif

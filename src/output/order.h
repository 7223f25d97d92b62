/* order.h -- the row orders of the plan tables, computed once per plan and
 * shared by the CSV writers (output/tables.h) and the workbook
 * (output/xlsx.h), which list the same rows in the same order.
 *
 *   struct plan_order o;
 *   if (order_compute(&o, &m, &e, &p) < 0) -> out of memory
 *   for (int32_t i = 0; i < o.nunits; i++) ... m.units[o.units[i]] ...
 *   order_release(&o);
 *
 * Each list holds unit indices of planned units (plan->unit_request in
 * range), ids compared as bytes (strcmp), ties by unit index:
 *   allocation  by request_id, then project_id, then unit index: the units
 *               of one allocation.csv row (request, project) are adjacent;
 *               rows holds those rows summed (units, area, value) with the
 *               distance, for allocation.csv and the workbook alike;
 *   units       by unit_id, then unit index;
 *   suspended   units of requests standing REQ_SUSPENDED, by payer_id, then
 *               unit_id, then unit index.
 * Why not qsort with strcmp per writer: that sorted every planned unit five
 * times (three CSV files, two sheets), a strcmp per comparison.  Here each
 * id table is ranked once (a linear check when it is already in byte order,
 * as platform exports are; one qsort otherwise) and the lists are made by
 * stable counting sorts on the ranks, linear in units + ids.
 */
#ifndef RH_ORDER_H
#define RH_ORDER_H

#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "solve/plan.h"

/* One allocation.csv row: the units of one request in one project. */
struct order_row {
    int32_t request, project;
    int64_t units, area_c, value_c;
    int64_t dist_m;         /* home town to the project's town, 0 within */
};

struct plan_order {
    int32_t *allocation;    int32_t nallocation;
    struct order_row *rows; int32_t nrows;  /* allocation, grouped */
    int32_t *units;         int32_t nunits;
    int32_t *suspended;     int32_t nsuspended;
};

/* NAME order_compute -- the three lists for plan p.  e may be NULL (then
 * the suspended list is empty).
 * RETURNS 0, or -1 on out of memory (o is then released). */
int order_compute(struct plan_order *o, const struct model *m,
                  const struct eligibility *e, const struct plan *p);

/* NAME order_release -- free the lists; o may be released twice. */
void order_release(struct plan_order *o);

#endif

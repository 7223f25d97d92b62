/* kpi.h -- the plan's key figures, aggregated from model, eligibility and
 * plan (no policy decided here): units, home-town share, transfer distance,
 * value, per-town balance and fill rates, requests by outcome.
 *
 *   struct plan_kpi k;
 *   if (kpi_compute(&k, &model, &elig, &config, &plan) < 0) -> out of memory
 *   ... k.units_allocated, k.town_fill[t] ...
 *   kpi_release(&k);
 *
 * Rates are exact: integers scaled by 10^KPI_RATE_SCALE (6 decimals),
 * rounded half up from the exact fraction by long division -- no floating
 * point, so every machine prints the same digits.  A rate with a zero
 * denominator is KPI_NO_RATE (written as null / an empty cell).
 *
 * Definitions (D_t and A_t as in SPEC section 4):
 *   D_t  units requested by requests that take part (e.takes_part) whose
 *        home town is t;
 *   A_t  units planned for requests of home town t (suspended units
 *        included: under hold their requests take part);
 *   fill rate of t = A_t / D_t, KPI_NO_RATE when D_t = 0;
 *   fill_min / fill_median over towns with D_t > 0 (median of an even count
 *   = mean of the two middle rates, rounded half up from the exact value);
 *   a planned unit is "home" when its town is its request's home town,
 *   otherwise it "moves" (imported by the request's town, exported by the
 *   unit's town); distance is geo_distance_m(home town, unit town) per
 *   planned unit, summed in metres (unit.km = distance_m / 1000);
 *   a planned unit is "suspended" when its request's standing is
 *   REQ_SUSPENDED, otherwise "allocated" (handed over).
 */
#ifndef RH_KPI_H
#define RH_KPI_H

#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "solve/plan.h"

#define KPI_RATE_SCALE 6
#define KPI_NO_RATE (-1)

/* Units moved from a project town to another home town. */
struct kpi_flow {
    int32_t from;           /* the project's town */
    int32_t to;             /* the request's home town */
    int64_t units;          /* > 0 */
};

struct plan_kpi {
    int64_t units_total;            /* units in inventory.csv */
    int64_t units_allocatable;      /* standing UNIT_OK */
    int64_t units_requested_all;    /* by every demand line */
    int64_t units_requested;        /* by requests that take part */
    int64_t units_allocated;        /* planned units (allocated+suspended) */
    int64_t units_handed_over;      /* planned, status allocated */
    int64_t units_suspended;        /* planned, status suspended */
    int64_t units_idle;             /* allocatable and not planned */
    int64_t home_units;             /* planned in the request's home town */
    int64_t moved_units;            /* planned across towns */
    int64_t home_share;             /* home_units / units_allocated, scaled */
    int64_t distance_m;             /* metres, over planned units */
    int64_t value_c;                /* cents, all planned units */
    int64_t value_suspended_c;      /* cents, suspended units */
    int32_t ntowns_with_demand;
    int64_t fill_min, fill_median;  /* scaled; KPI_NO_RATE when no demand */
    int32_t by_outcome[OUT_NOUTCOMES]; /* requests per plan->req_outcome */

    /* per town, ntowns entries each (one owned block) */
    int32_t ntowns;
    int64_t *town_supply;           /* allocatable units standing there */
    int64_t *town_demand;           /* D_t */
    int64_t *town_allocated;        /* A_t = home + imported */
    int64_t *town_home;             /* own projects to own requests */
    int64_t *town_imported;         /* from other towns' projects */
    int64_t *town_exported;         /* its projects' units to other towns */
    int64_t *town_fill;             /* A_t / D_t scaled, or KPI_NO_RATE */

    /* per payer, npayers entries each (one owned block): the one place
     * payer_balance.csv, the workbook and the report read them from */
    int32_t npayers;
    int64_t *payer_requested;       /* units of all its demand lines */
    int64_t *payer_allocated;       /* planned units */
    int64_t *payer_held;            /* planned units of suspended requests */
    int64_t *payer_value_c;         /* cents, planned units */
    int64_t *payer_susp_lines;      /* its suspended request lines */
    int64_t *payer_susp_asked;      /* units those lines ask for */

    /* the flows between towns, sparse: every (from, to) pair with units
     * moved, sorted by from then to (owned); one entry per pair, never a
     * towns x towns matrix (100 000 towns stay small) */
    struct kpi_flow *flows;
    int64_t nflows;
    int64_t flow_max;               /* the largest flow's units, 0 if none */
};

/* NAME kpi_compute -- fill k from a plan (indices out of range in the plan
 * are skipped; output_check_plan rejects such plans before this is called).
 * RETURNS 0, or -1 on out of memory (k is then released). */
int kpi_compute(struct plan_kpi *k, const struct model *m,
                const struct eligibility *e, const struct config *c,
                const struct plan *p);

/* NAME kpi_release -- free the per-town arrays; k may be released twice. */
void kpi_release(struct plan_kpi *k);

/* NAME kpi_rate -- num/den scaled by 10^scale (0..18), rounded half up,
 * exact for 0 <= num and 0 < den < 2^62; KPI_NO_RATE when den <= 0 or
 * num < 0. */
int64_t kpi_rate(int64_t num, int64_t den, int scale);

/* NAME kpi_frac_cmp -- compare a/b with c/d exactly (a, c >= 0; b, d > 0).
 * RETURNS -1, 0 or 1. */
int kpi_frac_cmp(int64_t a, int64_t b, int64_t c, int64_t d);

/* NAME kpi_frac_mean -- (a/b + c/d) / 2 scaled by 10^scale (0..18), rounded
 * half up, exact (same domain as kpi_rate). */
int64_t kpi_frac_mean(int64_t a, int64_t b, int64_t c, int64_t d, int scale);

#endif

/* summary.h -- summary.json (the deterministic audit record of a plan) and
 * run.json (timings, host, memory: everything that differs run to run).
 *
 *   struct run_info ri;
 *   run_info_start(&ri);                 // at the start of the command
 *   ... load, judge, solve ...
 *   run_info_finish(&ri);                // just before writing the plan
 *   summary_write(dir, &m, &e, &c, &p, &k, &reasons, err, sizeof err);
 *   run_write(dir, &p, &ri, err, sizeof err);
 *
 * summary.json holds no time, host, pid or seconds: the same inputs give
 * byte-identical files.  Its members, in this order:
 *   "tool": "rehouse",
 *   "counts": towns, projects, units, units_by_standing {allocatable,
 *       status reserved, status allocated, available after horizon},
 *       requests, requests_late_kept, requests_by_outcome {served, partial,
 *       unserved, suspended, rejected:late, rejected:no_capacity_proof},
 *       payers, payers_in_default, ledger_rows;
 *   "stages": [ {name, pass, what, objective (6 decimals), status ("optimal",
 *       "feasible", "infeasible", "no_feasible", "unbounded", "undefined"
 *       or "unknown"), bound (the best bound proven: the objective when
 *       optimal), gap (|objective - bound|), lps, iterations, rows, cols,
 *       nonzeros, time_limit_hit} ... ];
 *   "lambda_star" (6 decimals), "integer_passes" (passes solved as integer
 *   programs because a payer cap binds), "cap_rounds"; "stages_optimal",
 *   "stages_feasible" (feasible, not proven optimal), "time_limit_hit"
 *   (true when the outer guard cut a search; each stage has its own);
 *   "kpi": units_requested, units_requested_all, units_allocated,
 *       units_by_status {allocated, suspended}, units_allocatable,
 *       units_idle, home_town_units, home_town_share, moved_units, unit_km
 *       (3 decimals), value_allocated_cny, value_suspended_cny (2 decimals),
 *       towns_with_demand, fill_rate_min, fill_rate_median, towns [ {town_id,
 *       demand, allocated, fill_rate, level, floor} ... ] in towns.csv
 *       order; rates with 6 decimals or null when undefined; level/floor
 *       (stage B) only when the plan has them;
 *   "inputs": [ {role, path, rows, bytes, sha256 (64 lowercase hex)} ... ]
 *       in the order towns, inventory, demand, payers, ledger;
 *   "parameters": config, year, as_of, deadline, horizon_end, encoding,
 *       late, suspended, grace_days, default_tolerance_cny, category_order
 *       [ ... ], time_limit_s, search_nodes, max_gap (6 decimals);
 *   "scenario" (only when a scenario S.ini was applied): name, path, bytes,
 *       sha256, extra_inputs [ {role, path, rows, bytes, sha256} ... ];
 *   "versions": {rehouse: RH_VERSION, glpk: glp_version()}.
 *
 * run.json: started, finished (UTC, "2025-01-15T08:30:00.123Z"), host, pid,
 * phases {read, eligibility, solve, write}, solve_parts {network, stages
 * (the stage records below), assign (units and request order), solved_again
 * (solves thrown away when a cap entered)}, units_handed_out (units
 * solve/handout.h gave after the dealing), stages [ {name, pass,
 * seconds, integer_search_seconds (glp_intopt's share of it),
 * integer_searches, lp_relaxation (an integer stage's first LP bound, in
 * its own units: metres for D; 0 elsewhere), handed_out (units the
 * hand-out added after the stage's search)} ... ], total_seconds (3
 * decimals), peak_rss_kb.
 *
 * Writers RETURN 0; 73 with "DIR/<name>: cannot write: <strerror>" in err.
 * Nothing is owned.
 */
#ifndef RH_SUMMARY_H
#define RH_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "output/kpi.h"
#include "output/reason.h"
#include "solve/plan.h"

#define SUMMARY_JSON "summary.json"
#define RUN_JSON "run.json"

enum run_phase { RUN_READ, RUN_ELIGIBILITY, RUN_SOLVE, RUN_WRITE, RUN_NPHASES };
extern const char *const run_phase_names[RUN_NPHASES];

/* What changes from run to run; filled by the caller (or the helpers). */
struct run_info {
    int64_t started_ms, finished_ms;    /* UTC, milliseconds since epoch */
    int64_t mono_start_ns;              /* CLOCK_MONOTONIC at start */
    double total_seconds;               /* wall time, start to finish */
    long peak_rss_kb;                   /* getrusage ru_maxrss */
    long pid;
    char host[256];
    /* wall seconds per phase of the job; "write" is everything written
     * before run.json itself */
    double phase_seconds[RUN_NPHASES];
    int measure_write;      /* 1: output_write_plan sets phase "write" and
                               the finish time and total just before
                               run.json (the CLI); 0: all as given (tests) */
};

/* NAME run_info_start -- record start time, pid and host name. */
void run_info_start(struct run_info *ri);

/* NAME run_info_finish -- record finish time, total seconds and peak RSS. */
void run_info_finish(struct run_info *ri);

/* The figures the broken-export guard compares, from a plan folder's
 * summary.json: counts.units_by_standing.allocatable and
 * kpi.units_requested. */
struct summary_counts {
    int64_t allocatable;
    int64_t units_requested;
};

/* NAME summary_load -- DIR/summary.json's whole text into *text (owned by
 * the caller, NUL-terminated).  RETURNS 1; 0 when DIR holds no
 * summary.json; -1 with errno (ENOMEM when memory ran out) when it cannot
 * be read.  On 0 and -1 err says why. */
int summary_load(const char *dir, char **text, char *err, size_t errsz);

/* NAME summary_read_counts -- read them from DIR/summary.json.  RETURNS 1
 * with *sc filled; 0 when DIR holds no summary.json (no previous plan);
 * -1 with errno (ENOMEM when memory ran out) when it cannot be read or
 * lacks either figure (message in err). */
int summary_read_counts(const char *dir, struct summary_counts *sc,
                        char *err, size_t errsz);

/* NAME summary_glpk_status -- "optimal", ... for a GLPK status code. */
const char *summary_glpk_status(int status);

/* NAME summary_write -- DIR/summary.json.  RETURNS 0 or 73. */
int summary_write(const char *dir, const struct model *m,
                  const struct eligibility *e, const struct config *c,
                  const struct plan *p, const struct plan_kpi *k,
                  const struct plan_reasons *rs, char *err, size_t errsz);

/* NAME run_write -- DIR/run.json (stage seconds from p).  RETURNS 0 or 73. */
int run_write(const char *dir, const struct plan *p, const struct run_info *ri,
              char *err, size_t errsz);

/* NAME summary_format_utc -- "YYYY-MM-DDTHH:MM:SS.mmmZ" and a NUL into
 * buf[32] (no strftime, no locale).  RETURNS the length. */
int summary_format_utc(int64_t ms, char buf[32]);

/* The headline KPIs of a plan folder, as summary.json's "kpi" holds them
 * (written under these names, read back by compare and sweep). */
enum {
    SK_UNITS, SK_HOME_UNITS, SK_HOME_SHARE, SK_UNIT_KM, SK_VALUE,
    SK_FILL_MIN, SK_FILL_MEDIAN, SK_N
};
extern const char *const summary_kpi_keys[SK_N];  /* summary.json keys */
extern const int summary_kpi_scale[SK_N];         /* decimals */

struct summary_kpi {
    int64_t v[SK_N];        /* scaled by 10^summary_kpi_scale[k] */
    unsigned char has[SK_N];    /* 0: null in summary.json */
    int64_t year;               /* parameters.year, when has_year */
    int has_year;
};

/* NAME summary_read_kpi -- read DIR/summary.json's kpi members (with
 * io/jsonread.h) and parameters.year.
 * RETURNS 0, 66 (cannot read) or 65 (member missing or malformed), with the
 * message in err. */
int summary_read_kpi(const char *dir, struct summary_kpi *k, char *err,
                     size_t errsz);

#endif

/* plan.h -- the result of the allocation: which unit goes to which request,
 * each request's outcome, and the record of every policy stage.  Produced by
 * solve/allocate.c, read by the writers in output/; writers only format and
 * aggregate, they never decide policy.
 */
#ifndef RH_PLAN_H
#define RH_PLAN_H

#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"

enum request_outcome {
    OUT_SERVED,             /* allocated == requested (also when 0 requested) */
    OUT_PARTIAL,            /* 0 < allocated < requested */
    OUT_UNSERVED,           /* nothing allocated */
    OUT_SUSPENDED,          /* payer in default */
    OUT_REJECTED_LATE,
    OUT_REJECTED_NO_PROOF,
    OUT_NOUTCOMES
};
/* "served", "partial", "unserved", "suspended", "rejected:late",
 * "rejected:no_capacity_proof" */
extern const char *const request_outcome_names[OUT_NOUTCOMES];

/* One policy stage as solved (a stage may take several LPs: B's rounds, C's
 * categories); objective is the stage's optimum in its own units. */
struct stage_record {
    char name[32];          /* "H", "B", "T", "C:livelihood", "D", ... */
    char pass[8];           /* "ontime" or "late" */
    char what[96];          /* one line: what the objective measures */
    double objective;
    double bound;           /* best bound proven on the objective: equal to
                               it when optimal */
    int status;             /* GLP_OPT (5): proven optimal; GLP_FEAS (2): a
                               whole plan whose optimality the search's work
                               budget ([solver] search_nodes) did not prove
                               (see bound); STAGE_GREEDY for a step that is
                               no LP */
    int integer;            /* 1 when solved as an integer program (exact.h) */
    int mips;               /* integer searches (glp_intopt calls) */
    double mip_seconds;     /* wall time in them (run.json only) */
    double lp_relaxation;   /* the stage's first LP relaxation optimum
                               (integer programs only; run.json) */
    int lps;                /* LPs solved */
    long iterations;        /* simplex iterations, all LPs */
    int rows, cols, nonzeros;
    double seconds;         /* wall time (goes to run.json only) */
    int guard_hit;          /* 1: the outer guard (time_limit_s) cut this
                               stage's search: not reproducible */
    long handed_out;        /* units exact.c's hand-out added to the
                               stage's plan after its search (run.json) */
};

/* Called when a stage record is complete (progress on long runs). */
typedef void (*stage_notify_fn)(void *ud, const struct stage_record *s);

#define PLAN_MAX_STAGES 32
#define STAGE_GREEDY (-1)
#define STAGE_OPTIMAL 5         /* GLPK's GLP_OPT */
#define STAGE_FEASIBLE 2        /* GLPK's GLP_FEAS */

struct plan {
    int32_t *unit_request;   /* per unit: request index, or -1 */
    int64_t *req_allocated;  /* per request: units allocated */
    uint8_t *req_outcome;    /* per request: enum request_outcome */
    double *town_level;      /* per town: leximin fill level of stage B
                                (LP), 1 when no eligible demand */
    int64_t *town_floor;     /* per town: whole-unit floor from stage B */
    int64_t *town_demand;    /* per town: D_t of the on-time pass */
    struct stage_record stages[PLAN_MAX_STAGES];
    int nstages;
    double lambda_star;      /* LP max-min fill rate of the first B round */
    int integer_passes;      /* passes solved as integer programs because
                                a payer cap binds (solve/exact.h) */
    int cap_rounds;          /* passes solved again because a cap not yet
                                modelled was exceeded (allocate.c) */
    int64_t handed_out;      /* units handout.h gave after the dealing */
    int guard_hit;           /* the outer guard (time_limit_s) cut a search
                                or an LP short: this plan depends on the
                                machine's speed and is not reproducible */
    /* wall seconds of the solve outside the stage records (run.json) */
    double network_seconds;  /* aggregating the passes into networks */
    double assign_seconds;   /* flows to unit_ids, request order (deal.h) */
    double again_seconds;    /* solves thrown away because a cap entered */
};

void plan_release(struct plan *p);

/* NAME stage_gap -- |objective - bound| of a stage record: 0 when optimal. */
double stage_gap(const struct stage_record *s);

/* NAME stage_gap_fraction -- stage_gap over |bound| (over 1 when the bound
 * is smaller): what [solver] max_gap is compared with. */
double stage_gap_fraction(const struct stage_record *s);

/* NAME plan_check -- the plan's consistency, the one check the solver runs
 * after a plan and the writer before writing it: arrays present, every
 * planned unit's request index in range, the unit allocatable (UNIT_OK),
 * its request taking part and of the same layout, req_allocated equal to
 * the units planned for the request and at most its units, req_outcome a
 * known outcome, nstages in range, every payer within its cap in cents.
 * RETURNS 0, or RH_EXIT_SOFTWARE (70) with "internal error: plan: ..." in
 * err (the first problem found), or with "out of memory". */
int plan_check(const struct plan *p, const struct model *m,
               const struct eligibility *e, char *err, size_t errsz);

#endif

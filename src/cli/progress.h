/* progress.h -- "where is the run" lines on stderr for long plans: stage
 * name and elapsed seconds, only when stderr is a terminal and --quiet is
 * not given.  Nothing of it enters the plan folder (run.json keeps the
 * timings).
 *
 *   struct progress pg;
 *   progress_init(&pg, stderr, a.quiet, solve_clock());
 *   progress_note(&pg, "reading inputs");
 *   struct allocate_opts o = { NULL, started, progress_stage, &pg };
 *   ... the solver calls o.progress(o.progress_ud, rec) after each stage ...
 *   progress_note(&pg, "writing plan");
 *   progress_done(&pg);
 *
 * Lines look like "rehouse: [   12.3 s] stage B (ontime) done: 3 LPs,
 * 71 iterations".  Elapsed seconds are measured from `started` on the
 * monotonic clock (solve_clock() or any clock of the same kind).
 */
#ifndef RH_PROGRESS_H
#define RH_PROGRESS_H

#include <stdio.h>

#include "solve/plan.h"

struct progress {
    FILE *out;              /* stderr, or NULL when silent */
    double started;         /* monotonic seconds at the start of the run */
};

/* The callback type the solver calls after each stage record is complete
 * (ud is the struct progress). */
typedef void (*progress_fn)(void *ud, const struct stage_record *s);

/* NAME progress_init -- enabled only when !quiet and isatty(fileno(err)). */
void progress_init(struct progress *pg, FILE *err, int quiet, double started);

/* NAME progress_enabled -- 1 when lines are printed. */
int progress_enabled(const struct progress *pg);

/* NAME progress_note -- one line "rehouse: [ t s] what". */
void progress_note(const struct progress *pg, const char *what);

/* NAME progress_stage -- a progress_fn: one line per finished stage. */
void progress_stage(void *ud, const struct stage_record *s);

/* NAME progress_done -- "rehouse: [ t s] done". */
void progress_done(const struct progress *pg);

/* NAME progress_now -- monotonic seconds (the same clock as solve_clock). */
double progress_now(void);

#endif

/* progress.c -- stage-by-stage progress lines on a terminal's stderr. */
#include "progress.h"

#include <time.h>
#include <unistd.h>

#include "io/clock.h"
#include "output/summary.h"

double progress_now(void)
{
    return clock_s();
}

void progress_init(struct progress *pg, FILE *err, int quiet, double started)
{
    pg->out = !quiet && err && isatty(fileno(err)) ? err : NULL;
    pg->started = started;
}

int progress_enabled(const struct progress *pg)
{
    return pg && pg->out != NULL;
}

static void stamp(const struct progress *pg)
{
    fprintf(pg->out, "rehouse: [%8.1f s] ", progress_now() - pg->started);
}

void progress_note(const struct progress *pg, const char *what)
{
    if (!progress_enabled(pg))
        return;
    stamp(pg);
    fprintf(pg->out, "%s\n", what);
    fflush(pg->out);
}

void progress_stage(void *ud, const struct stage_record *s)
{
    const struct progress *pg = ud;
    if (!progress_enabled(pg) || !s)
        return;
    stamp(pg);
    fprintf(pg->out, "stage %.*s (%.*s) %s: %d LP%s, %ld iterations\n",
            (int)sizeof s->name, s->name, (int)sizeof s->pass, s->pass,
            summary_glpk_status(s->status), s->lps, s->lps == 1 ? "" : "s",
            s->iterations);
    fflush(pg->out);
}

void progress_done(const struct progress *pg)
{
    progress_note(pg, "done");
}

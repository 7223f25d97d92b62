/* plan.c -- `rehouse plan`: read, judge, allocate, write the plan folder. */
#include "plan.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/job.h"
#include "io/exitcode.h"
#include "io/outfile.h"
#include "io/value.h"
#include "cli/progress.h"
#include "output/kpi.h"
#include "output/lock.h"
#include "output/mathprog.h"
#include "output/output.h"
#include "solve/allocate.h"
#include "solve/stages.h"

/* The headline for the operator's terminal, from the plan's KPIs
 * (output/kpi.h: the one place each figure is computed), which the caller
 * computes before the plan is written: nothing can fail after the swap. */
static void print_headline(const struct plan_kpi *kp, const struct plan *p,
                           FILE *out)
{
    fprintf(out, "units allocated %lld of %lld requested (%lld to the home town, "
            "%lld held for payers in default)\n", (long long)kp->units_allocated,
            (long long)kp->units_requested, (long long)kp->home_units,
            (long long)kp->units_suspended);
    fprintf(out, "requests:");
    for (int i = 0; i < OUT_NOUTCOMES; i++)
        fprintf(out, " %s %d%s", request_outcome_names[i], kp->by_outcome[i],
                i + 1 < OUT_NOUTCOMES ? "," : "\n");
    if (p->integer_passes)
        fprintf(out, "payer caps bind: %d pass%s solved as integer programs\n",
                p->integer_passes, p->integer_passes == 1 ? "" : "es");
    for (int s = 0; s < p->nstages; s++) {
        const struct stage_record *st = &p->stages[s];
        fprintf(out, "stage %-18s %-6s %16.6f  (%s)", st->name, st->pass,
                st->objective, st->what);
        if (st->status == STAGE_FEASIBLE)
            fprintf(out, " feasible, not proven optimal: bound %.6f, gap %.6f",
                    st->bound, stage_gap(st));
        fputc('\n', out);
    }
}

/* The whole run's bound (config_run_bound_s): past it, say so and stop.
 * Only async-signal-safe calls; the message is made before arming. */
static char bound_msg[160];
static size_t bound_len;

static void on_alarm(int sig)
{
    (void)sig;
    ssize_t w = write(STDERR_FILENO, bound_msg, bound_len);
    (void)w;
    _exit(RH_EXIT_TIMEOUT);
}

static void arm_bound(const struct config *c, double started)
{
    double left = config_run_bound_s(c) - (solve_clock() - started);
    int n = snprintf(bound_msg, sizeof bound_msg, "rehouse: the run passed "
                     "its bound (%.0f s for time_limit_s = %d) and was "
                     "stopped; the previous plan is untouched\n",
                     config_run_bound_s(c), c->time_limit_s);
    bound_len = n > 0 && (size_t)n < sizeof bound_msg ? (size_t)n : 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm(left < 1 ? 1u : (unsigned)left + 1u);
}

/* The broken-export guard: refuse when the allocatable flats or the
 * requested units fall by more than max_drop percent below those of the
 * plan being replaced in dir.  RETURNS 0, 65 (message printed), 70 out of
 * memory, or 73 when the previous plan's summary.json cannot be read. */
static int guard_export(const char *dir, const struct job *j, int max_drop,
                        FILE *err)
{
    struct summary_counts prev;
    char m[512];
    int r = summary_read_counts(dir, &prev, m, sizeof m);
    if (r == 0 || max_drop >= 100)
        return 0;
    if (r < 0) {
        int e = errno;
        fprintf(err, "rehouse: broken-export guard: %s\n", m);
        return rh_exit_for_errno(e);
    }
    const struct { const char *what; int64_t now, before; } f[2] = {
        { "allocatable flats", j->elig.nunit_standing[UNIT_OK],
          prev.allocatable },
        { "requested units", j->elig.units_requested, prev.units_requested },
    };
    for (int i = 0; i < 2; i++)
        if (f[i].now * 100 < f[i].before * (100 - max_drop)) {
            fprintf(err, "rehouse: broken-export guard: %s %lld, down from "
                    "%lld in the plan being replaced in %s (more than a %d%% "
                    "drop); check the export, or plan with --max-drop 100\n",
                    f[i].what, (long long)f[i].now, (long long)f[i].before, dir,
                    max_drop);
            return RH_EXIT_DATAERR;
        }
    return 0;
}

int cmd_plan(int argc, char **argv, FILE *out, FILE *err)
{
    struct args a;
    int rc = args_parse(&a, "plan", argc, argv, err);
    if (rc)
        return rc;
    if (args_help(&a, "plan", out))
        return 0;
    if (!a.config || !a.out) {
        fprintf(err, "rehouse plan: --config and --out are required\n");
        return RH_EXIT_USAGE;
    }
    if (a.npos) {
        fprintf(err, "rehouse plan: unexpected argument '%s' (a scenario is "
                "given with --scenario)\n", a.pos[0]);
        return RH_EXIT_USAGE;
    }
    int64_t max_drop = PLAN_MAX_DROP_DEFAULT;
    char m0[128];
    if (a.max_drop && value_parse_int(a.max_drop, strlen(a.max_drop), 0, 100,
                                      &max_drop, m0, sizeof m0) < 0) {
        fprintf(err, "rehouse plan: --max-drop: expected a percentage from 0 "
                "to 100, not '%s'\n", a.max_drop);
        return RH_EXIT_USAGE;
    }
    if (a.emit_mathprog && outfile_same_path(a.emit_mathprog, a.out)) {
        fprintf(err, "rehouse plan: --emit-mathprog %s: the model goes to a "
                "folder of its own, not into the plan folder\n",
                a.emit_mathprog);
        return RH_EXIT_USAGE;
    }
    double started = solve_clock();
    struct run_info ri;
    run_info_start(&ri);
    ri.measure_write = 1;
    char msg[1024];
    /* Every output folder is judged before anything is created, even the
     * lock file: a refused run leaves no trace. */
    rc = folder_check(a.out, &output_plan_folder, msg, sizeof msg);
    if (rc == 0 && a.emit_mathprog)
        rc = folder_check(a.emit_mathprog, &mathprog_folder, msg, sizeof msg);
    struct run_lock lock = { -1, "" };
    if (rc == 0)
        rc = lock_acquire(&lock, a.out, msg, sizeof msg);
    if (rc) {
        fprintf(err, "rehouse: %s\n", msg);
        return rc;
    }
    struct progress pg;
    progress_init(&pg, err, a.quiet, started);
    progress_note(&pg, "reading inputs");
    struct job j;
    struct plan p;
    memset(&p, 0, sizeof p);
    rc = job_open_scenario(&j, a.config, a.scenario, err);
    if (rc == 0)
        arm_bound(&j.config, started);
    if (rc == 0)
        rc = guard_export(a.out, &j, (int)max_drop, err);
    ri.phase_seconds[RUN_READ] = j.read_seconds;
    ri.phase_seconds[RUN_ELIGIBILITY] = j.eligibility_seconds;
    if (rc == 0 && a.emit_mathprog) {
        rc = mathprog_emit(a.emit_mathprog, &j.model, &j.elig, &j.config, msg,
                           sizeof msg);
        if (rc)
            fprintf(err, "rehouse: %s\n", msg);
    }
    if (rc == 0) {
        struct allocate_opts o = { NULL, started, progress_stage, &pg };
        double t0 = solve_clock();
        rc = allocate_plan(&p, &j.model, &j.elig, &j.config, &o, err);
        ri.phase_seconds[RUN_SOLVE] = solve_clock() - t0;
    }
    if (rc == 0 && (rc = plan_check_gap(&p, &j.config, msg, sizeof msg)))
        fprintf(err, "rehouse: %s; the previous plan stays\n", msg);
    struct plan_kpi head;
    int have_head = 0;
    if (rc == 0 && !a.quiet) {
        if (kpi_compute(&head, &j.model, &j.elig, &j.config, &p) < 0) {
            fprintf(err, "rehouse: out of memory\n");
            rc = RH_EXIT_SOFTWARE;
        } else {
            have_head = 1;
        }
    }
    if (rc == 0) {
        progress_note(&pg, "writing plan");
        rc = output_write_plan(a.out, &j.model, &j.elig, &j.config, &p, &ri,
                               msg, sizeof msg);
        if (rc)
            fprintf(err, "rehouse: %s\n", msg);
    }
    if (rc == 0)
        progress_done(&pg);
    if (rc == 0 && !a.quiet) {
        fprintf(out, "plan written to %s\n", a.out);
        print_headline(&head, &p, out);
    }
    if (have_head)
        kpi_release(&head);
    if (rc == 0) {
        /* the log's last line says whether every stage is proven, even
         * under --quiet (then on stderr only when one is not) */
        char list[1024];
        int n = plan_unproven(&p, list, sizeof list);
        if (n)
            fprintf(err, "rehouse: warning: %d of %d stages feasible, not "
                    "proven optimal: %s\n", n, p.nstages, list);
        else if (!a.quiet)
            fprintf(out, "every stage proven optimal\n");
    }
    alarm(0);
    plan_release(&p);
    job_close(&j);
    lock_release(&lock);
    return rc;
}

/* sweep.c -- `rehouse sweep` (see sweep.h). */
#include "cli/sweep.h"

#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/plan.h"
#include "domain/scenario.h"
#include "io/csvout.h"
#include "io/csvtab.h"
#include "io/config.h"
#include "io/clock.h"
#include "io/diag.h"
#include "io/infile.h"
#include "io/exitcode.h"
#include "io/outfile.h"
#include "io/value.h"
#include "output/folder.h"
#include "output/lock.h"
#include "output/output.h"
#include "output/summary.h"

#define SWEEP_CSV "sweep.csv"
#define SCENARIOS_CSV "scenarios.csv"
#define MAX_JOBS 256

/* The sweep folder: its table, the list of every scenario of the sweep
 * (what --merge checks shards against), and one plan folder per plan. */
static const char *const sweep_files[] = { SWEEP_CSV, SCENARIOS_CSV, NULL };
static const struct folder_kind sweep_folder = {
    "sweep folder", sweep_files, SWEEP_CSV,
    "index,name,scenario,status,exit_code", &output_plan_folder
};

/* The table's columns; figures are summary.h's headline KPIs listed here. */
static const int sweep_kpis[] = {
    SK_UNITS, SK_HOME_SHARE, SK_FILL_MIN, SK_UNIT_KM, SK_VALUE
};
#define NSK ((int)(sizeof sweep_kpis / sizeof sweep_kpis[0]))
#define NCOLS (5 + 2 * NSK)
enum { C_INDEX, C_NAME, C_FILE, C_STATUS, C_EXIT };

static const char *const head[NCOLS] = {
    "index", "name", "scenario", "status", "exit_code",
    "units_allocated", "home_town_share", "fill_rate_min", "unit_km",
    "value_allocated_cny",
    "units_allocated_delta", "home_town_share_delta", "fill_rate_min_delta",
    "unit_km_delta", "value_allocated_cny_delta"
};

struct task {
    const char *file;       /* S.ini, NULL for the base plan */
    char *name;             /* owned */
    char dir[PATH_MAX];     /* its plan folder */
    int index;              /* 1-based position in the scenario list */
    int run;                /* 1: to be run */
    int code;               /* exit code */
    int killed;             /* by a signal */
    int timeout;            /* stopped: it ran past the run's bound */
    pid_t pid;
    double started;         /* monotonic seconds */
};

static double mono_s(void)
{
    return clock_s();
}

/* File name without directory and ".ini": the row's name when S.ini cannot
 * be read. */
static char *stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".ini") == 0)
        n -= 4;
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, b, n);
        s[n] = '\0';
    }
    return s;
}

static int reserved(const char *name)
{
    size_t n = strlen(name);
    return strcmp(name, "base") == 0 || strcmp(name, SWEEP_CSV) == 0 ||
           strcmp(name, SCENARIOS_CSV) == 0 ||
           (n >= 5 && strcmp(name + n - 5, ".lock") == 0) ||
           strstr(name, ".tmp-") != NULL;
}

/* The child: one plan, exit with its code.  It dies with the sweep: a
 * sweep stopped by SIGTERM (Slurm's scancel, a timeout) leaves no plan
 * running that still holds its lock. */
static void run_child(const struct task *t, const char *config, pid_t parent)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
        _exit(RH_EXIT_SOFTWARE);
    char *argv[8];
    int argc = 0;
    argv[argc++] = (char *)"--config";
    argv[argc++] = (char *)config;
    argv[argc++] = (char *)"--out";
    argv[argc++] = (char *)t->dir;
    argv[argc++] = (char *)"--quiet";
    if (t->file) {
        argv[argc++] = (char *)"--scenario";
        argv[argc++] = (char *)t->file;
    }
    argv[argc] = NULL;
    int rc = cmd_plan(argc, argv, stdout, stderr);
    fflush(stdout);
    fflush(stderr);
    _exit(rc);
}

static int parse_count(const char *s, int max, int *out)
{
    int64_t v;
    char m[128];
    if (value_parse_int(s, strlen(s), 1, max, &v, m, sizeof m) < 0)
        return -1;
    *out = (int)v;
    return 0;
}

/* Run the tasks marked run, at most jobs at a time.  A task still running
 * bound seconds after it started is killed and marked timeout. */
static int run_all(struct task *t, int n, int jobs, const char *config,
                   double bound, FILE *progress, FILE *err)
{
    int next = 0, running = 0, done = 0, total = 0;
    for (int i = 0; i < n; i++)
        total += t[i].run;
    for (;;) {
        while (running < jobs && next < n) {
            if (!t[next].run) {
                next++;
                continue;
            }
            fflush(stdout);
            fflush(stderr);
            pid_t parent = getpid();
            pid_t pid = fork();
            if (pid < 0) {
                fprintf(err, "rehouse sweep: cannot start a worker: %s\n",
                        strerror(errno));
                t[next].code = RH_EXIT_SOFTWARE;
                next++;
                continue;
            }
            if (pid == 0)
                run_child(&t[next], config, parent);
            t[next].started = mono_s();
            t[next++].pid = pid;
            running++;
        }
        if (running == 0)
            break;
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            fprintf(err, "rehouse sweep: waitpid: %s\n", strerror(errno));
            return RH_EXIT_SOFTWARE;
        }
        if (pid == 0) {         /* none ended: stop the overdue, then wait */
            double now = mono_s();
            for (int i = 0; i < n; i++)
                if (t[i].run && t[i].pid > 0 && !t[i].timeout &&
                    now - t[i].started > bound) {
                    t[i].timeout = 1;
                    kill(t[i].pid, SIGKILL);
                }
            struct timespec nap = { 0, 20 * 1000 * 1000 };
            nanosleep(&nap, NULL);
            continue;
        }
        for (int i = 0; i < n; i++)
            if (t[i].run && t[i].pid == pid) {
                if (WIFEXITED(status) && !t[i].timeout) {
                    t[i].code = WEXITSTATUS(status);
                    t[i].timeout = t[i].code == RH_EXIT_TIMEOUT;
                } else if (t[i].timeout) {
                    t[i].code = RH_EXIT_TIMEOUT;
                } else {
                    t[i].killed = 1;
                    t[i].code = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
                }
                t[i].pid = 0;
                running--;
                if (progress) {     /* one line a plan, as it ends */
                    fprintf(progress, "sweep: %d/%d %s %s (exit %d, %.1f s)\n",
                            ++done, total, t[i].name,
                            t[i].timeout ? "timeout" : t[i].killed ? "killed"
                            : t[i].code ? "failed" : "ok", t[i].code,
                            mono_s() - t[i].started);
                    fflush(progress);
                }
            }
    }
    return 0;
}

/* A row of sweep.csv: every cell as text ("" for an empty cell), ready to be
 * written again. */
struct row {
    int64_t index;
    char *cell[NCOLS];
};

static int write_row(struct csvout *w, const struct row *r)
{
    if (csvout_int(w, r->index) < 0)
        return -1;
    for (int c = 1; c < NCOLS; c++) {
        const char *s = r->cell[c] ? r->cell[c] : "";
        int rc;
        if (c == C_NAME || c == C_FILE || c == C_STATUS)
            rc = csvout_text(w, s);
        else if (*s)
            rc = csvout_number(w, s);
        else
            rc = csvout_empty(w);
        if (rc < 0)
            return -1;
    }
    return csvout_end_row(w);
}

/* Write dir/name (dir is a fresh temporary folder): the header, then
 * put_row(w, ud, i) for i in 0..n-1.  RETURNS 0 or an exit code with the
 * message in err. */
static int write_csv(const char *dir, const char *name,
                     const char *const *hdr, int ncols, int n,
                     int (*put_row)(struct csvout *w, const void *ud, int i),
                     const void *ud, char *err, size_t errsz)
{
    char path[PATH_MAX];
    struct csvout w;
    if (outfile_join(path, sizeof path, dir, name) < 0) {
        snprintf(err, errsz, "%s: path too long", dir);
        return RH_EXIT_CANTCREAT;
    }
    int bad = csvout_open(&w, path) < 0;
    if (!bad) {
        bad = csvout_header(&w, hdr, ncols) < 0;
        for (int i = 0; !bad && i < n; i++)
            bad = put_row(&w, ud, i) < 0;
        if (bad) {
            int e = errno;
            csvout_abort(&w);
            errno = e;
        } else {
            bad = csvout_close(&w) < 0;
        }
    }
    if (bad) {
        int e = errno;
        snprintf(err, errsz, "%s: cannot write: %s", path, strerror(e));
        return rh_exit_for_errno(e);
    }
    return 0;
}

static int put_table_row(struct csvout *w, const void *ud, int i)
{
    return write_row(w, &((const struct row *)ud)[i]);
}

/* Write dir/sweep.csv.  RETURNS 0 or an exit code (message in err). */
static int write_table(const char *dir, struct row *rows, int n, char *err,
                       size_t errsz)
{
    return write_csv(dir, SWEEP_CSV, head, NCOLS, n, put_table_row, rows, err,
                     errsz);
}

/* One scenario of the whole sweep, as scenarios.csv lists it. */
struct scen {
    int64_t index;
    int64_t shard;          /* the shard (1..N) that plans it */
    int64_t shards;         /* N */
    char *name, *file;      /* owned */
};

static const char *const scen_head[] = {
    "index", "name", "scenario", "shard", "shards"
};

static int put_scen_row(struct csvout *w, const void *ud, int i)
{
    const struct scen *sc = &((const struct scen *)ud)[i];
    return csvout_int(w, sc->index) < 0 || csvout_text(w, sc->name) < 0 ||
           csvout_text(w, sc->file) < 0 || csvout_int(w, sc->shard) < 0 ||
           csvout_int(w, sc->shards) < 0 ? -1 : csvout_end_row(w);
}

/* Write dir/scenarios.csv.  RETURNS 0 or an exit code (message in err). */
static int write_scenarios(const char *dir, const struct scen *sc, int n,
                           char *err, size_t errsz)
{
    return write_csv(dir, SCENARIOS_CSV, scen_head, 5, n, put_scen_row, sc,
                     err, errsz);
}

static char *fixed_str(int has, int64_t v, int scale)
{
    char b[32];
    if (!has)
        return NULL;
    value_format_fixed(v, scale, b);
    return strdup(b);
}

static void rows_release(struct row *rows, int n)
{
    for (int i = 0; i < n; i++)
        for (int c = 0; c < NCOLS; c++)
            free(rows[i].cell[c]);
    free(rows);
}

struct sweep_job {
    const struct args *a;
    struct task *t;
    int n, jobs, shard_k, shard_n;
    double bound;           /* seconds a plan may run */
    FILE *progress;         /* a line a finished plan, NULL under --quiet */
    FILE *err;
    int code;               /* the sweep's exit code once filled */
    int nrows, failed;
};

/* Remove from the fresh folder dir what the plans left beside their plan
 * folders (the lock and temporary folder of a plan that was stopped). */
static void tidy(const char *dir, const struct task *t, int n)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    char path[PATH_MAX];
    if (!d)
        return;
    while ((ent = readdir(d)) != NULL) {
        int keep = !strcmp(ent->d_name, ".") || !strcmp(ent->d_name, "..");
        for (int i = 0; !keep && i < n; i++)
            keep = t[i].name && t[i].code == 0 && !t[i].killed &&
                   !strcmp(ent->d_name, t[i].name);
        if (!keep && outfile_join(path, sizeof path, dir, ent->d_name) == 0)
            (void)folder_remove_tree(path);
    }
    closedir(d);
}

/* Run the plans into the temporary sweep folder tmp and write its tables. */
static int sweep_fill(const char *tmp, void *ud, char *err, size_t errsz)
{
    struct sweep_job *x = ud;
    struct task *t = x->t;
    int n = x->n, rc;
    for (int i = 0; i < n; i++)
        if (outfile_join(t[i].dir, sizeof t[i].dir, tmp, t[i].name) < 0) {
            snprintf(err, errsz, "%s/%s: path too long", x->a->out, t[i].name);
            return RH_EXIT_USAGE;
        }
    if ((rc = run_all(t, n, x->jobs, x->a->config, x->bound, x->progress,
                      x->err))) {
        snprintf(err, errsz, "the plans could not be run");
        return rc;
    }
    /* zeroed: a failed plan's figures are never read, but its deltas are
     * computed from defined values */
    struct summary_kpi base = { 0 }, k;
    char m[1024];
    int have_base = t[0].code == 0 && !t[0].killed;
    if (have_base && summary_read_kpi(t[0].dir, &base, m, sizeof m)) {
        fprintf(x->err, "rehouse sweep: %s\n", m);
        have_base = 0;
        t[0].code = RH_EXIT_SOFTWARE;
    }
    if (t[0].code || t[0].killed)
        fprintf(x->err, "rehouse sweep: the base plan failed (exit %d)\n",
                t[0].code);
    struct row *rows = calloc((size_t)n, sizeof *rows);
    struct scen *sc = calloc((size_t)n, sizeof *sc);
    if (!rows || !sc) {
        free(rows);
        free(sc);
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    int first_bad = 0;
    for (int i = 1; i < n; i++) {
        struct task *y = &t[i];
        sc[i - 1] = (struct scen){ y->index, (y->index - 1) % x->shard_n + 1,
                                   x->shard_n, y->name, (char *)y->file };
        if ((y->index - 1) % x->shard_n != x->shard_k - 1)
            continue;
        struct row *r = &rows[x->nrows++];
        char code[24];
        int ok = y->code == 0 && !y->killed;
        memset(&k, 0, sizeof k);
        if (ok && summary_read_kpi(y->dir, &k, m, sizeof m)) {
            fprintf(x->err, "rehouse sweep: %s\n", m);
            ok = 0;
            y->code = RH_EXIT_SOFTWARE;
        }
        if (!ok) {
            x->failed++;
            if (!first_bad)
                first_bad = y->killed ? RH_EXIT_SOFTWARE : y->code;
        }
        fmt_int64(y->code, code);
        r->index = y->index;
        r->cell[C_NAME] = strdup(y->name);
        r->cell[C_FILE] = strdup(y->file);
        r->cell[C_STATUS] = strdup(ok ? "ok" : y->timeout ? "timeout"
                                   : y->killed ? "killed" : "failed");
        r->cell[C_EXIT] = strdup(code);
        for (int j = 0; j < NSK; j++) {
            int q = sweep_kpis[j], s = summary_kpi_scale[q];
            int has = ok && k.has[q];
            r->cell[5 + j] = fixed_str(has, k.v[q], s);
            r->cell[5 + NSK + j] = fixed_str(has && have_base && base.has[q],
                                             k.v[q] - base.v[q], s);
        }
    }
    tidy(tmp, t, n);
    rc = write_table(tmp, rows, x->nrows, err, errsz);
    if (rc == 0)
        rc = write_scenarios(tmp, sc, n - 1, err, errsz);
    rows_release(rows, n);
    free(sc);
    if (rc)
        return rc;
    /* 0 only when every plan of this shard planned. */
    x->code = t[0].code || t[0].killed
                  ? (t[0].killed ? RH_EXIT_SOFTWARE : t[0].code) : first_bad;
    return 0;
}

static int sweep_run(const struct args *a, FILE *out, FILE *err)
{
    int jobs = 1, shard_k = 1, shard_n = 1;
    if (!a->config || !a->out || a->npos == 0) {
        fprintf(err, "rehouse sweep: --config, --out and at least one "
                "scenario file are required\n");
        return RH_EXIT_USAGE;
    }
    if (a->jobs && parse_count(a->jobs, MAX_JOBS, &jobs) < 0) {
        fprintf(err, "rehouse sweep: -j: expected a number of workers from 1 "
                "to %d, not '%s'\n", MAX_JOBS, a->jobs);
        return RH_EXIT_USAGE;
    }
    if (a->shard) {
        const char *slash = strchr(a->shard, '/');
        char k[32];
        size_t kn = slash ? (size_t)(slash - a->shard) : 0;
        if (!slash || kn == 0 || kn >= sizeof k ||
            (memcpy(k, a->shard, kn), k[kn] = '\0',
             parse_count(k, ARGS_MAXPOS, &shard_k) < 0) ||
            parse_count(slash + 1, ARGS_MAXPOS, &shard_n) < 0 ||
            shard_k > shard_n) {
            fprintf(err, "rehouse sweep: --shard: expected K/N with 1 <= K <= N, "
                    "not '%s'\n", a->shard);
            return RH_EXIT_USAGE;
        }
    }
    char m[1024];
    struct config c;
    config_init(&c);
    int rc = config_read(&c, a->config, m, sizeof m);
    double bound = config_run_bound_s(&c) + 5.0;
    config_release(&c);
    if (rc) {
        fprintf(err, "%s\n", m);
        return rc;
    }
    struct run_lock lock = { -1, "" };
    if ((rc = folder_check(a->out, &sweep_folder, m, sizeof m)) ||
        (rc = lock_acquire(&lock, a->out, m, sizeof m))) {
        fprintf(err, "rehouse sweep: %s\n", m);
        return rc;
    }

    int n = a->npos + 1;
    struct task *t = calloc((size_t)n, sizeof *t);
    if (!t) {
        fprintf(err, "rehouse sweep: out of memory\n");
        lock_release(&lock);
        return RH_EXIT_SOFTWARE;
    }
    /* Task 0: the base plan.  Names are read for every scenario so that a
     * duplicate is found whatever the shard. */
    t[0].run = 1;
    t[0].name = strdup("base");
    for (int i = 1; i < n && t[0].name; i++) {
        struct task *x = &t[i];
        struct scenario sc;
        x->file = a->pos[i - 1];
        x->index = i;
        x->run = (i - 1) % shard_n == shard_k - 1;
        int r = scenario_read(&sc, x->file, m, sizeof m);
        if (r == 0) {
            x->name = strdup(sc.name);
            if (reserved(sc.name)) {
                snprintf(m, sizeof m, "%s: [scenario] name: '%s' is reserved "
                         "by rehouse sweep", x->file, sc.name);
                r = RH_EXIT_CONFIG;
            }
            for (int j = 1; r == 0 && j < i; j++)
                if (t[j].name && strcmp(t[j].name, sc.name) == 0) {
                    snprintf(m, sizeof m, "%s: [scenario] name: '%s' is also "
                             "the name of %s", x->file, sc.name, t[j].file);
                    r = RH_EXIT_CONFIG;
                }
        } else {
            x->name = stem(x->file);
        }
        scenario_release(&sc);
        if (!x->name) {
            free(t[0].name);
            t[0].name = NULL;
            break;
        }
        if (r) {
            if (x->run)
                fprintf(err, "%s\n", m);
            x->code = r;
            x->run = 0;
        }
    }
    if (!t[0].name) {
        fprintf(err, "rehouse sweep: out of memory\n");
        rc = RH_EXIT_SOFTWARE;
        goto done;
    }
    struct sweep_job x = { a, t, n, jobs, shard_k, shard_n, bound,
                           a->quiet ? NULL : out, err, 0, 0, 0 };
    rc = folder_write_atomic(a->out, sweep_fill, &x, &sweep_folder, m,
                             sizeof m);
    if (rc) {
        fprintf(err, "rehouse sweep: %s\n", m);
        goto done;
    }
    rc = x.code;
    if (!a->quiet)
        fprintf(out, "sweep: %d scenario%s run, %d failed; table in %s/%s\n",
                x.nrows, x.nrows == 1 ? "" : "s", x.failed, a->out, SWEEP_CSV);
done:
    for (int i = 0; i < n; i++)
        free(t[i].name);
    free(t);
    lock_release(&lock);
    return rc;
}

/* ---- --merge -------------------------------------------------------------- */

struct merge_ctx {
    struct row *rows;
    int n, cap;
    int oom;
    const char *file;
};

static int merge_row(void *ud, const struct csv_row *r)
{
    struct merge_ctx *mc = ud;
    if (r->bad)
        return 0;
    if (mc->n == mc->cap) {
        int nc = mc->cap ? 2 * mc->cap : 64;
        struct row *p = realloc(mc->rows, (size_t)nc * sizeof *p);
        if (!p) {
            mc->oom = 1;
            return -1;
        }
        mc->rows = p;
        mc->cap = nc;
    }
    struct row *x = &mc->rows[mc->n];
    memset(x, 0, sizeof *x);
    x->index = r->cells[0].i;
    for (int c = 1; c < NCOLS; c++) {
        const struct csv_cell *cl = &r->cells[c];
        const char *s = cl->present ? cl->s : "";
        size_t len = cl->present ? cl->n : 0;
        if (len >= 2 && s[0] == '\'' && csvout_neutralise_needed(s[1])) {
            s++;
            len--;
        }
        x->cell[c] = strndup(s, len);
        if (!x->cell[c]) {
            mc->oom = 1;
            return -1;
        }
    }
    mc->n++;
    return 0;
}

static int by_index(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* scenarios.csv of one shard. */
struct scen_list {
    struct scen *v;
    int n, cap, oom;
};

static int scen_row(void *ud, const struct csv_row *r)
{
    struct scen_list *l = ud;
    if (r->bad)
        return 0;
    if (l->n == l->cap) {
        int nc = l->cap ? 2 * l->cap : 64;
        struct scen *p = realloc(l->v, (size_t)nc * sizeof *p);
        if (!p) {
            l->oom = 1;
            return -1;
        }
        l->v = p;
        l->cap = nc;
    }
    struct scen *x = &l->v[l->n];
    x->index = r->cells[0].i;
    x->shard = r->cells[3].i;
    x->shards = r->cells[4].i;
    x->name = strndup(r->cells[1].s, r->cells[1].n);
    x->file = strndup(r->cells[2].s, r->cells[2].n);
    if (!x->name || !x->file) {
        free(x->name);
        free(x->file);
        l->oom = 1;
        return -1;
    }
    l->n++;
    return 0;
}

static void scen_release(struct scen_list *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].file);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* 1 when files a and b hold the same bytes, 0 when not, -1 when one cannot
 * be read. */
static int same_bytes(const char *a, const char *b)
{
    const char *why;
    FILE *fa = infile_open(a, &why), *fb = infile_open(b, &why);
    int rc = fa && fb ? 1 : -1;
    while (rc == 1) {
        char x[4096], y[4096];
        size_t na = fread(x, 1, sizeof x, fa), nb = fread(y, 1, sizeof y, fb);
        if (na != nb || memcmp(x, y, na) != 0)
            rc = 0;
        else if (na == 0)
            break;
    }
    if (rc == 1 && (ferror(fa) || ferror(fb)))
        rc = -1;
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return rc;
}

struct merge_out {
    struct row *rows;
    int n;
    const struct scen *sc;
    int nsc;
};

static int merge_fill(const char *tmp, void *ud, char *err, size_t errsz)
{
    const struct merge_out *o = ud;
    int rc = write_table(tmp, o->rows, o->n, err, errsz);
    return rc ? rc : write_scenarios(tmp, o->sc, o->nsc, err, errsz);
}

static int sweep_merge(const struct args *a, FILE *out, FILE *err)
{
    if (!a->out || a->npos == 0 || a->config || a->jobs || a->shard) {
        fprintf(err, "rehouse sweep: --merge takes shard folders and --out "
                "DIR only\n");
        return RH_EXIT_USAGE;
    }
    struct csv_column cols[NCOLS];
    for (int c = 0; c < NCOLS; c++) {
        struct csv_column col = { head[c], CSVT_TEXT, CSVC_OPTIONAL, 0, 0, 0,
                                  NULL, 0 };
        if (c == C_INDEX) {
            col.type = CSVT_INT;
            col.flags = 0;
            col.min = 1;
            col.max = INT32_MAX;
        }
        cols[c] = col;
    }
    static const struct csv_column scen_cols[] = {
        { "index", CSVT_INT, 0, 0, 1, INT32_MAX, NULL, 0 },
        { "name", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
        { "scenario", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
        { "shard", CSVT_INT, 0, 0, 1, INT32_MAX, NULL, 0 },
        { "shards", CSVT_INT, 0, 0, 1, INT32_MAX, NULL, 0 },
    };
    struct csv_schema s = { cols, NCOLS }, ss = { scen_cols, 5 };
    struct merge_ctx mc;
    struct scen_list first, other;
    unsigned char first_sha[32];
    struct diag d;
    char path[PATH_MAX], path2[PATH_MAX], m[1024];
    int rc = 0;
    memset(&mc, 0, sizeof mc);
    memset(&first, 0, sizeof first);
    memset(&other, 0, sizeof other);
    diag_init(&d);
    for (int i = 0; i < a->npos && rc == 0 && !d.total; i++) {
        struct csv_file_info info, info2;
        struct scen_list *l = i == 0 ? &first : &other;
        scen_release(&other);
        if (outfile_join(path, sizeof path, a->pos[i], SCENARIOS_CSV) < 0 ||
            outfile_join(path2, sizeof path2, a->pos[i], SWEEP_CSV) < 0) {
            fprintf(err, "rehouse sweep: %s: path too long\n", a->pos[i]);
            rc = RH_EXIT_USAGE;
            break;
        }
        rc = csv_read_file(path, 0, &ss, scen_row, l, &d, &info);
        if (rc == 0 && !d.total)
            rc = csv_read_file(path2, 0, &s, merge_row, &mc, &d, &info2);
        if (mc.oom || d.oom || l->oom)
            rc = RH_EXIT_SOFTWARE;
        if (rc || d.total)
            break;
        if (i == 0) {
            memcpy(first_sha, info.sha256, sizeof first_sha);
            continue;
        }
        if (memcmp(first_sha, info.sha256, sizeof first_sha) != 0) {
            fprintf(err, "rehouse sweep: %s: a shard of another sweep: its "
                    "%s differs from %s's (other scenarios or another "
                    "shard count)\n", a->pos[i], SCENARIOS_CSV, a->pos[0]);
            rc = RH_EXIT_DATAERR;
            break;
        }
        char b0[PATH_MAX], bi[PATH_MAX];
        if (outfile_join(b0, sizeof b0, a->pos[0], "base/" SUMMARY_JSON) < 0 ||
            outfile_join(bi, sizeof bi, a->pos[i], "base/" SUMMARY_JSON) < 0) {
            fprintf(err, "rehouse sweep: %s: path too long\n", a->pos[i]);
            rc = RH_EXIT_USAGE;
            break;
        }
        int same = same_bytes(b0, bi);
        if (same != 1) {
            fprintf(err, "rehouse sweep: %s: %s\n", a->pos[i], same < 0
                    ? "no base plan to compare (base/summary.json cannot be "
                      "read here or in the first shard)"
                    : "its base plan differs from the first shard's (another "
                      "plan.ini or other inputs)");
            rc = RH_EXIT_DATAERR;
            break;
        }
    }
    diag_print(&d, err);
    if (rc == 0 && d.total)
        rc = RH_EXIT_DATAERR;
    diag_release(&d);
    if (rc == 0) {
        qsort(mc.rows, (size_t)mc.n, sizeof *mc.rows, by_index);
        for (int i = 1; i < mc.n; i++)
            if (mc.rows[i].index == mc.rows[i - 1].index) {
                fprintf(err, "rehouse sweep: index %lld is in more than one "
                        "shard table\n", (long long)mc.rows[i].index);
                rc = RH_EXIT_DATAERR;
                break;
            }
    }
    if (rc == 0) {      /* every scenario of the sweep, in exactly one row */
        int missing = 0, at = 0;
        char list[512] = "";
        size_t used = 0;
        for (int i = 0; i < first.n; i++) {
            while (at < mc.n && mc.rows[at].index < first.v[i].index)
                at++;
            if (at < mc.n && mc.rows[at].index == first.v[i].index)
                continue;
            if (missing++ < 20 && used < sizeof list - 64)
                used += (size_t)snprintf(list + used, sizeof list - used,
                                         "%s%lld (shard %lld/%lld)",
                                         used ? ", " : "",
                                         (long long)first.v[i].index,
                                         (long long)first.v[i].shard,
                                         (long long)first.v[i].shards);
        }
        int extra = mc.n - (first.n - missing);
        if (missing) {
            fprintf(err, "rehouse sweep: incomplete: %d scenario%s of the "
                    "sweep %s in no shard table: %s%s\n", missing,
                    missing == 1 ? "" : "s", missing == 1 ? "is" : "are", list,
                    missing > 20 ? ", ..." : "");
            rc = RH_EXIT_DATAERR;
        } else if (extra) {
            fprintf(err, "rehouse sweep: %d row%s not in the sweep's %s\n",
                    extra, extra == 1 ? " is" : "s are", SCENARIOS_CSV);
            rc = RH_EXIT_DATAERR;
        }
    }
    struct run_lock lock = { -1, "" };
    if (rc == 0 && ((rc = folder_check(a->out, &sweep_folder, m, sizeof m)) ||
                    (rc = lock_acquire(&lock, a->out, m, sizeof m))))
        fprintf(err, "rehouse sweep: %s\n", m);
    if (rc == 0) {
        struct merge_out o = { mc.rows, mc.n, first.v, first.n };
        rc = folder_write_atomic(a->out, merge_fill, &o, &sweep_folder, m,
                                 sizeof m);
        if (rc)
            fprintf(err, "rehouse sweep: %s\n", m);
    }
    lock_release(&lock);
    if (rc == 0 && !a->quiet)
        fprintf(out, "sweep: %d rows from %d tables merged into %s/%s\n", mc.n,
                a->npos, a->out, SWEEP_CSV);
    rows_release(mc.rows, mc.n);
    scen_release(&first);
    scen_release(&other);
    return rc;
}

int cmd_sweep(int argc, char **argv, FILE *out, FILE *err)
{
    struct args a;
    int rc = args_parse(&a, "sweep", argc, argv, err);
    if (rc)
        return rc;
    if (args_help(&a, "sweep", out))
        return 0;
    return a.merge ? sweep_merge(&a, out, err) : sweep_run(&a, out, err);
}

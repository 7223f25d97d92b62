/* sweep.c -- `rehouse sweep` (see sweep.h). */
#include "cli/sweep.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/compare.h"
#include "cli/plan.h"
#include "domain/scenario.h"
#include "io/csvout.h"
#include "io/csvtab.h"
#include "io/diag.h"
#include "io/exitcode.h"
#include "io/outfile.h"
#include "io/value.h"

#define SWEEP_CSV "sweep.csv"
#define MAX_JOBS 256

/* The table's columns; figures are the compare.h KPIs listed here. */
static const int sweep_kpis[] = {
    CMP_UNITS, CMP_HOME_SHARE, CMP_FILL_MIN, CMP_UNIT_KM, CMP_VALUE
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
    pid_t pid;
};

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
           (n >= 5 && strcmp(name + n - 5, ".lock") == 0) ||
           strstr(name, ".tmp-") != NULL;
}

/* The child: one plan, exit with its code. */
static void run_child(const struct task *t, const char *config)
{
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

/* Run the tasks marked run, at most jobs at a time. */
static int run_all(struct task *t, int n, int jobs, const char *config,
                   FILE *err)
{
    int next = 0, running = 0;
    for (;;) {
        while (running < jobs && next < n) {
            if (!t[next].run) {
                next++;
                continue;
            }
            fflush(stdout);
            fflush(stderr);
            pid_t pid = fork();
            if (pid < 0) {
                fprintf(err, "rehouse sweep: cannot start a worker: %s\n",
                        strerror(errno));
                t[next].code = RH_EXIT_SOFTWARE;
                next++;
                continue;
            }
            if (pid == 0)
                run_child(&t[next], config);
            t[next++].pid = pid;
            running++;
        }
        if (running == 0)
            break;
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            fprintf(err, "rehouse sweep: waitpid: %s\n", strerror(errno));
            return RH_EXIT_SOFTWARE;
        }
        for (int i = 0; i < n; i++)
            if (t[i].run && t[i].pid == pid) {
                if (WIFEXITED(status)) {
                    t[i].code = WEXITSTATUS(status);
                } else {
                    t[i].killed = 1;
                    t[i].code = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
                }
                t[i].pid = 0;
                running--;
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

/* Write dir/sweep.csv through a temporary file and a rename. */
static int write_table(const char *dir, struct row *rows, int n, FILE *err)
{
    char path[PATH_MAX], tmp[PATH_MAX], name[64];
    struct csvout w;
    snprintf(name, sizeof name, "%s.tmp-%ld", SWEEP_CSV, (long)getpid());
    if (outfile_join(path, sizeof path, dir, SWEEP_CSV) < 0 ||
        outfile_join(tmp, sizeof tmp, dir, name) < 0) {
        fprintf(err, "rehouse sweep: %s: path too long\n", dir);
        return RH_EXIT_CANTCREAT;
    }
    unlink(tmp);
    int bad = csvout_open(&w, tmp) < 0;
    if (!bad) {
        bad = csvout_header(&w, head, NCOLS) < 0;
        for (int i = 0; !bad && i < n; i++)
            bad = write_row(&w, &rows[i]) < 0;
        if (bad) {
            int e = errno;
            csvout_abort(&w);
            errno = e;
        } else {
            bad = csvout_close(&w) < 0;
        }
    }
    if (bad || rename(tmp, path) < 0) {
        int e = errno;
        unlink(tmp);
        fprintf(err, "rehouse sweep: %s: cannot write: %s\n", path, strerror(e));
        return RH_EXIT_CANTCREAT;
    }
    return 0;
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
    if (mkdir(a->out, 0777) < 0 && errno != EEXIST) {
        fprintf(err, "rehouse sweep: %s: cannot create: %s\n", a->out,
                strerror(errno));
        return RH_EXIT_CANTCREAT;
    }

    int n = a->npos + 1, rc = 0;
    struct task *t = calloc((size_t)n, sizeof *t);
    if (!t) {
        fprintf(err, "rehouse sweep: out of memory\n");
        return RH_EXIT_SOFTWARE;
    }
    /* Task 0: the base plan.  Names are read for every scenario so that a
     * duplicate is found whatever the shard. */
    t[0].run = 1;
    t[0].name = strdup("base");
    for (int i = 1; i < n && t[0].name; i++) {
        struct task *x = &t[i];
        struct scenario sc;
        char m[1024];
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
    for (int i = 0; i < n; i++)
        if (outfile_join(t[i].dir, sizeof t[i].dir, a->out, t[i].name) < 0) {
            fprintf(err, "rehouse sweep: %s/%s: path too long\n", a->out,
                    t[i].name);
            rc = RH_EXIT_USAGE;
            goto done;
        }
    if ((rc = run_all(t, n, jobs, a->config, err)))
        goto done;

    struct compare_kpi base, k;
    char m[1024];
    int have_base = t[0].code == 0 && !t[0].killed;
    if (have_base && compare_read_kpi(t[0].dir, &base, m, sizeof m)) {
        fprintf(err, "rehouse sweep: %s\n", m);
        have_base = 0;
    }
    if (t[0].code || t[0].killed)
        fprintf(err, "rehouse sweep: the base plan failed (exit %d)\n",
                t[0].code);
    int nrows = 0, failed = 0;
    struct row *rows = calloc((size_t)n, sizeof *rows);
    if (!rows) {
        fprintf(err, "rehouse sweep: out of memory\n");
        rc = RH_EXIT_SOFTWARE;
        goto done;
    }
    for (int i = 1; i < n; i++) {
        struct task *x = &t[i];
        if ((x->index - 1) % shard_n != shard_k - 1)
            continue;
        struct row *r = &rows[nrows++];
        char code[24];
        int ok = x->code == 0 && !x->killed;
        if (ok && compare_read_kpi(x->dir, &k, m, sizeof m)) {
            fprintf(err, "rehouse sweep: %s\n", m);
            ok = 0;
            x->code = RH_EXIT_SOFTWARE;
        }
        failed += !ok;
        fmt_int64(x->code, code);
        r->index = x->index;
        r->cell[C_NAME] = strdup(x->name);
        r->cell[C_FILE] = strdup(x->file);
        r->cell[C_STATUS] = strdup(ok ? "ok" : x->killed ? "killed" : "failed");
        r->cell[C_EXIT] = strdup(code);
        for (int j = 0; j < NSK; j++) {
            int q = sweep_kpis[j], s = compare_kpi_scale[q];
            int has = ok && k.has[q];
            r->cell[5 + j] = fixed_str(has, k.v[q], s);
            r->cell[5 + NSK + j] = fixed_str(has && have_base && base.has[q],
                                             k.v[q] - base.v[q], s);
        }
    }
    rc = write_table(a->out, rows, nrows, err);
    rows_release(rows, n);
    if (rc == 0 && (t[0].code || t[0].killed))
        rc = t[0].code ? t[0].code : RH_EXIT_SOFTWARE;
    if (!a->quiet)
        fprintf(out, "sweep: %d scenario%s run, %d failed; table in %s/%s\n",
                nrows, nrows == 1 ? "" : "s", failed, a->out, SWEEP_CSV);
done:
    for (int i = 0; i < n; i++)
        free(t[i].name);
    free(t);
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
    struct csv_schema s = { cols, NCOLS };
    struct merge_ctx mc;
    struct diag d;
    char path[PATH_MAX];
    int rc = 0;
    memset(&mc, 0, sizeof mc);
    diag_init(&d);
    for (int i = 0; i < a->npos && rc == 0; i++) {
        struct csv_file_info info;
        if (outfile_join(path, sizeof path, a->pos[i], SWEEP_CSV) < 0) {
            fprintf(err, "rehouse sweep: %s: path too long\n", a->pos[i]);
            rc = RH_EXIT_USAGE;
            break;
        }
        rc = csv_read_file(path, 0, &s, merge_row, &mc, &d, &info);
        if (mc.oom || d.oom)
            rc = RH_EXIT_SOFTWARE;
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
    if (rc == 0 && mkdir(a->out, 0777) < 0 && errno != EEXIST) {
        fprintf(err, "rehouse sweep: %s: cannot create: %s\n", a->out,
                strerror(errno));
        rc = RH_EXIT_CANTCREAT;
    }
    if (rc == 0)
        rc = write_table(a->out, mc.rows, mc.n, err);
    if (rc == 0 && !a->quiet)
        fprintf(out, "sweep: %d rows from %d tables merged into %s/%s\n", mc.n,
                a->npos, a->out, SWEEP_CSV);
    rows_release(mc.rows, mc.n);
    return rc;
}

int cmd_sweep(int argc, char **argv, FILE *out, FILE *err)
{
    struct args a;
    int rc = args_parse(&a, "sweep", argc, argv, err);
    if (rc)
        return rc;
    return a.merge ? sweep_merge(&a, out, err) : sweep_run(&a, out, err);
}

/* compare.c -- `rehouse compare A B [--csv DIR]` (see compare.h). */
#include "cli/compare.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/args.h"
#include "io/csvout.h"
#include "io/csvtab.h"
#include "io/diag.h"
#include "io/exitcode.h"
#include "io/outfile.h"
#include "io/value.h"
#include "output/folder.h"
#include "output/plantable.h"
#include "output/summary.h"

#define UNITS_LISTED 20

/* ---- plan tables ---------------------------------------------------------- */

/* The pairs (A row, B row) of two tables joined on column 0: A's rows in file
 * order, then B's unmatched rows in file order.  RETURNS the count. */
struct pair { struct pt_rec *a, *b; };

static size_t join(struct plan_table *a, struct plan_table *b, struct pair **out)
{
    size_t n = 0;
    struct pair *p = malloc((a->n + b->n + 1) * sizeof *p);
    if (!p)
        return (size_t)-1;
    for (size_t i = 0; i < a->n; i++) {
        size_t at;
        struct pt_rec *rb = plan_table_find(b, a->rows[i].s[0], &at);
        if (rb)
            b->matched[at] = 1;
        p[n].a = &a->rows[i];
        p[n++].b = rb;
    }
    for (size_t i = 0; i < b->n; i++)
        if (!b->matched[i]) {
            p[n].a = NULL;
            p[n++].b = &b->rows[i];
        }
    *out = p;
    return n;
}

/* ---- schemas -------------------------------------------------------------- */

#define TEXT(n) PT_TEXT(n)
#define INT(n) PT_INT(n)

enum { TW_ID, TW_IMPORTED, TW_EXPORTED, TW_ALLOCATED, TW_FILL };
static const struct csv_column town_cols[] = {
    TEXT("town_id"), INT("imported"), INT("exported"), INT("allocated"),
    { "fill_rate", CSVT_FIXED, CSVC_OPTIONAL, 4, 0, INT64_MAX / 4, NULL, 0 },
};
enum { PY_ID, PY_ALLOCATED, PY_SUSPENDED };
static const struct csv_column payer_cols[] = {
    TEXT("payer_id"), INT("allocated"), INT("suspended"),
};
enum { RQ_ID, RQ_ALLOCATED, RQ_STATUS };
static const struct csv_column request_cols[] = {
    TEXT("request_id"), INT("allocated"), TEXT("status"),
};
enum { UN_ID, UN_REQUEST, UN_STATUS };
static const struct csv_column unit_cols[] = {
    TEXT("unit_id"), TEXT("request_id"), TEXT("status"),
};

/* ---- formatting ----------------------------------------------------------- */

/* v with `scale` decimals, "+" on a positive delta when sign is set; "-"
 * when absent. */
static const char *fmt(char buf[40], int has, int64_t v, int scale, int sign)
{
    if (!has)
        return "-";
    char b[32];
    value_format_fixed(v, scale, b);
    snprintf(buf, 40, "%s%s", sign && v >= 0 ? "+" : "", b);
    return buf;
}

static int cell(struct csvout *w, int has, int64_t v, int scale)
{
    char b[32];
    if (!has)
        return csvout_empty(w);
    value_format_fixed(v, scale, b);
    return csvout_number(w, b);
}

static int text_or_empty(struct csvout *w, const char *s)
{
    return s ? csvout_text(w, s) : csvout_empty(w);
}

/* ---- the command ---------------------------------------------------------- */

struct side {
    struct summary_kpi kpi;
    struct plan_table towns, payers, requests, units;
};

static int read_side(struct side *s, const char *dir, FILE *err)
{
    char m[1024];
    int rc = summary_read_kpi(dir, &s->kpi, m, sizeof m);
    if (rc) {
        fprintf(err, "rehouse compare: %s\n", m);
        return rc;
    }
    struct diag d;
    diag_init(&d);
    if ((rc = plan_table_read(&s->towns, dir, "town_balance.csv", town_cols, 5, &d)) ||
        (rc = plan_table_read(&s->payers, dir, "payer_balance.csv", payer_cols, 3, &d)) ||
        (rc = plan_table_read(&s->requests, dir, "requests.csv", request_cols, 3, &d)) ||
        (rc = plan_table_read(&s->units, dir, "units.csv", unit_cols, 3, &d)))
        diag_print(&d, err);
    diag_release(&d);
    return rc;
}

static void side_release(struct side *s)
{
    plan_table_release(&s->towns);
    plan_table_release(&s->payers);
    plan_table_release(&s->requests);
    plan_table_release(&s->units);
}

static const char *const kpi_labels[SK_N] = {
    "units allocated", "home-town units", "home-town share", "unit-km",
    "value allocated (CNY)", "fill rate min", "fill rate median"
};

static int same_str(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* A unit's holder: its request, or NULL when it is not planned. */
static const char *holder(const struct pt_rec *r)
{
    return r ? r->s[UN_REQUEST] : NULL;
}

struct csvset {
    const char *dir;
    int bad;
    int err;
};

static int open_csv(struct csvset *cs, struct csvout *w, const char *name,
                    const char *const *head, int n)
{
    char path[PATH_MAX];
    if (outfile_join(path, sizeof path, cs->dir, name) < 0) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if (unlink(path) < 0 && errno != ENOENT)
        return -1;
    if (csvout_open(w, path) < 0)
        return -1;
    if (csvout_header(w, head, n) < 0) {
        csvout_abort(w);
        return -1;
    }
    return 0;
}

static int delta3(struct csvout *w, const struct pt_rec *a, const struct pt_rec *b,
                  int col, int scale)
{
    int ha = a && a->has[col], hb = b && b->has[col];
    return cell(w, ha, ha ? a->v[col] : 0, scale) < 0 ||
           cell(w, hb, hb ? b->v[col] : 0, scale) < 0 ||
           cell(w, ha && hb, (hb ? b->v[col] : 0) - (ha ? a->v[col] : 0),
                scale) < 0 ? -1 : 0;
}

/* The --csv folder: five tables, kpi_delta.csv first. */
static const char *const compare_files[] = {
    "kpi_delta.csv", "towns.csv", "payers.csv", "requests.csv", "units.csv",
    NULL
};
static const struct folder_kind compare_folder = {
    "compare folder", compare_files, "kpi_delta.csv", "kpi,a,b,delta", NULL
};

struct cmp_out {
    const struct side *A, *B;
    const struct pair *tw, *py, *rq, *un;
    size_t ntw, npy, nrq, nun;
};

static int csv_fill(const char *tmpdir, void *ud, char *err, size_t errsz)
{
        const struct cmp_out *co = ud;
        struct csvset cs = { tmpdir, 0, 0 };
        struct csvout w;
        int bad = 0;
        const struct side *Ap = co->A, *Bp = co->B;
        const struct pair *tw = co->tw, *py = co->py, *rq = co->rq, *un = co->un;
        size_t ntw = co->ntw, npy = co->npy, nrq = co->nrq, nun = co->nun;
        static const char *const hk[] = { "kpi", "a", "b", "delta" };
        bad = open_csv(&cs, &w, "kpi_delta.csv", hk, 4) < 0;
        for (int k = 0; !bad && k < SK_N; k++) {
            int s = summary_kpi_scale[k];
            bad = csvout_text(&w, summary_kpi_keys[k]) < 0 ||
                  cell(&w, Ap->kpi.has[k], Ap->kpi.v[k], s) < 0 ||
                  cell(&w, Bp->kpi.has[k], Bp->kpi.v[k], s) < 0 ||
                  cell(&w, Ap->kpi.has[k] && Bp->kpi.has[k],
                       Bp->kpi.v[k] - Ap->kpi.v[k], s) < 0 ||
                  csvout_end_row(&w) < 0;
        }
        bad = bad || csvout_close(&w) < 0;
        static const char *const ht[] = {
            "town_id", "fill_rate_a", "fill_rate_b", "fill_rate_delta",
            "imported_a", "imported_b", "imported_delta", "exported_a",
            "exported_b", "exported_delta"
        };
        bad = bad || open_csv(&cs, &w, "towns.csv", ht, 10) < 0;
        for (size_t i = 0; !bad && i < ntw; i++) {
            const struct pt_rec *x = tw[i].a, *y = tw[i].b;
            bad = csvout_text(&w, x ? x->s[TW_ID] : y->s[TW_ID]) < 0 ||
                  delta3(&w, x, y, TW_FILL, 4) < 0 ||
                  delta3(&w, x, y, TW_IMPORTED, 0) < 0 ||
                  delta3(&w, x, y, TW_EXPORTED, 0) < 0 ||
                  csvout_end_row(&w) < 0;
        }
        bad = bad || csvout_close(&w) < 0;
        static const char *const hp[] = {
            "payer_id", "allocated_a", "allocated_b", "allocated_delta",
            "suspended_a", "suspended_b", "suspended_delta"
        };
        bad = bad || open_csv(&cs, &w, "payers.csv", hp, 7) < 0;
        for (size_t i = 0; !bad && i < npy; i++) {
            const struct pt_rec *x = py[i].a, *y = py[i].b;
            if (x && y && x->v[PY_ALLOCATED] == y->v[PY_ALLOCATED] &&
                x->v[PY_SUSPENDED] == y->v[PY_SUSPENDED])
                continue;
            bad = csvout_text(&w, x ? x->s[PY_ID] : y->s[PY_ID]) < 0 ||
                  delta3(&w, x, y, PY_ALLOCATED, 0) < 0 ||
                  delta3(&w, x, y, PY_SUSPENDED, 0) < 0 ||
                  csvout_end_row(&w) < 0;
        }
        bad = bad || csvout_close(&w) < 0;
        static const char *const hr[] = {
            "request_id", "status_a", "status_b", "allocated_a", "allocated_b"
        };
        bad = bad || open_csv(&cs, &w, "requests.csv", hr, 5) < 0;
        for (size_t i = 0; !bad && i < nrq; i++) {
            const struct pt_rec *x = rq[i].a, *y = rq[i].b;
            if (x && y && strcmp(x->s[RQ_STATUS], y->s[RQ_STATUS]) == 0)
                continue;
            bad = csvout_text(&w, x ? x->s[RQ_ID] : y->s[RQ_ID]) < 0 ||
                  text_or_empty(&w, x ? x->s[RQ_STATUS] : NULL) < 0 ||
                  text_or_empty(&w, y ? y->s[RQ_STATUS] : NULL) < 0 ||
                  cell(&w, x != NULL, x ? x->v[RQ_ALLOCATED] : 0, 0) < 0 ||
                  cell(&w, y != NULL, y ? y->v[RQ_ALLOCATED] : 0, 0) < 0 ||
                  csvout_end_row(&w) < 0;
        }
        bad = bad || csvout_close(&w) < 0;
        static const char *const hu[] = { "unit_id", "request_a", "request_b" };
        bad = bad || open_csv(&cs, &w, "units.csv", hu, 3) < 0;
        for (size_t i = 0; !bad && i < nun; i++) {
            const char *ha = holder(un[i].a), *hb = holder(un[i].b);
            if (same_str(ha, hb))
                continue;
            bad = csvout_text(&w, un[i].a ? un[i].a->s[UN_ID]
                                          : un[i].b->s[UN_ID]) < 0 ||
                  text_or_empty(&w, ha) < 0 || text_or_empty(&w, hb) < 0 ||
                  csvout_end_row(&w) < 0;
        }
        bad = bad || csvout_close(&w) < 0;
        if (bad) {
            int e = errno;
            snprintf(err, errsz, "%s: cannot write: %s", tmpdir, strerror(e));
            return rh_exit_for_errno(e);
        }
        return 0;
}

/* Whether the two plans differ in anything compare reports: a KPI, a
 * town's fill rate or moves, a payer's units, a request's status or units,
 * a unit's holder. */
static int differs(const struct side *A, const struct side *B,
                   const struct pair *tw, const struct pair *py,
                   const struct pair *rq, const struct pair *un, size_t ntw,
                   size_t npy, size_t nrq, size_t nun)
{
    for (int k = 0; k < SK_N; k++)
        if (A->kpi.has[k] != B->kpi.has[k] ||
            (A->kpi.has[k] && A->kpi.v[k] != B->kpi.v[k]))
            return 1;
    const struct pair *const set[4] = { tw, py, rq, un };
    const size_t len[4] = { ntw, npy, nrq, nun };
    for (int t = 0; t < 4; t++)
        for (size_t i = 0; i < len[t]; i++) {
            const struct pt_rec *x = set[t][i].a, *y = set[t][i].b;
            if (!x || !y)
                return 1;
            for (int c = 0; c < PT_MAXC; c++) {
                if (x->has[c] != y->has[c] ||
                    (x->has[c] && x->v[c] != y->v[c]) ||
                    (x->s[c] || y->s[c]) != (x->s[c] && y->s[c]) ||
                    (x->s[c] && strcmp(x->s[c], y->s[c]) != 0))
                    return 1;
            }
        }
    return 0;
}

int cmd_compare(int argc, char **argv, FILE *out, FILE *err)
{
    struct args a;
    int rc = args_parse(&a, "compare", argc, argv, err);
    if (rc)
        return rc;
    if (args_help(&a, "compare", out))
        return 0;
    if (a.npos != 2) {
        fprintf(err, "rehouse compare: give two plan folders: "
                "rehouse compare PLAN_A PLAN_B [--csv DIR]\n");
        return RH_EXIT_USAGE;
    }
    struct side A, B;
    memset(&A, 0, sizeof A);
    memset(&B, 0, sizeof B);
    struct pair *tw = NULL, *py = NULL, *rq = NULL, *un = NULL;
    size_t ntw = 0, npy = 0, nrq = 0, nun = 0;
    rc = read_side(&A, a.pos[0], err);
    if (rc == 0)
        rc = read_side(&B, a.pos[1], err);
    if (rc == 0) {
        ntw = join(&A.towns, &B.towns, &tw);
        npy = join(&A.payers, &B.payers, &py);
        nrq = join(&A.requests, &B.requests, &rq);
        nun = join(&A.units, &B.units, &un);
        if (ntw == (size_t)-1 || npy == (size_t)-1 || nrq == (size_t)-1 ||
            nun == (size_t)-1) {
            fprintf(err, "rehouse compare: out of memory\n");
            rc = RH_EXIT_SOFTWARE;
        }
    }
    if (rc)
        goto done;

    char b1[40], b2[40], b3[40], b4[40], b5[40], b6[40], b7[40], b8[40], b9[40];
    int quiet = a.quiet;
    if (!quiet && A.kpi.has_year && B.kpi.has_year &&
        A.kpi.year != B.kpi.year)
        fprintf(err, "rehouse compare: warning: %s is a plan of %lld, %s of "
                "%lld\n", a.pos[0], (long long)A.kpi.year, a.pos[1],
                (long long)B.kpi.year);
    if (!quiet) {
        fprintf(out, "A: %s\nB: %s\n\n", a.pos[0], a.pos[1]);
        fprintf(out, "%-24s %16s %16s %16s\n", "KPI", "A", "B", "B - A");
        for (int k = 0; k < SK_N; k++) {
            int s = summary_kpi_scale[k];
            int both = A.kpi.has[k] && B.kpi.has[k];
            fprintf(out, "%-24s %16s %16s %16s\n", kpi_labels[k],
                    fmt(b1, A.kpi.has[k], A.kpi.v[k], s, 0),
                    fmt(b2, B.kpi.has[k], B.kpi.v[k], s, 0),
                    fmt(b3, both, B.kpi.v[k] - A.kpi.v[k], s, 1));
        }
        fprintf(out, "\ntowns with demand or moves\n%-12s %8s %8s %8s %8s %8s %8s %8s %8s %8s\n",
                "town_id", "fill A", "fill B", "delta", "imp A", "imp B",
                "delta", "exp A", "exp B", "delta");
        for (size_t i = 0; i < ntw; i++) {
            const struct pt_rec *x = tw[i].a, *y = tw[i].b;
            int fa = x && x->has[TW_FILL], fb = y && y->has[TW_FILL];
            int64_t ia = x ? x->v[TW_IMPORTED] : 0, ib = y ? y->v[TW_IMPORTED] : 0;
            int64_t ea = x ? x->v[TW_EXPORTED] : 0, eb = y ? y->v[TW_EXPORTED] : 0;
            if (!fa && !fb && !ia && !ib && !ea && !eb)
                continue;   /* no demand and no moves on either side */
            fprintf(out, "%-12s %8s %8s %8s %8s %8s %8s %8s %8s %8s\n",
                    x ? x->s[TW_ID] : y->s[TW_ID],
                    fmt(b1, fa, fa ? x->v[TW_FILL] : 0, 4, 0),
                    fmt(b2, fb, fb ? y->v[TW_FILL] : 0, 4, 0),
                    fmt(b3, fa && fb, (fb ? y->v[TW_FILL] : 0) -
                        (fa ? x->v[TW_FILL] : 0), 4, 1),
                    fmt(b4, x != NULL, ia, 0, 0), fmt(b5, y != NULL, ib, 0, 0),
                    fmt(b6, x && y, ib - ia, 0, 1),
                    fmt(b7, x != NULL, ea, 0, 0), fmt(b8, y != NULL, eb, 0, 0),
                    fmt(b9, x && y, eb - ea, 0, 1));
        }
        size_t changed = 0;
        for (size_t i = 0; i < npy; i++) {
            const struct pt_rec *x = py[i].a, *y = py[i].b;
            if (x && y && x->v[PY_ALLOCATED] == y->v[PY_ALLOCATED] &&
                x->v[PY_SUSPENDED] == y->v[PY_SUSPENDED])
                continue;
            if (changed++ == 0)
                fprintf(out, "\npayers whose units changed\n%-16s %8s %8s %8s "
                        "%8s %8s %8s\n", "payer_id", "alloc A", "alloc B",
                        "delta", "susp A", "susp B", "delta");
            int64_t aa = x ? x->v[PY_ALLOCATED] : 0, ab = y ? y->v[PY_ALLOCATED] : 0;
            int64_t sa = x ? x->v[PY_SUSPENDED] : 0, sb = y ? y->v[PY_SUSPENDED] : 0;
            fprintf(out, "%-16s %8s %8s %8s %8s %8s %8s\n",
                    x ? x->s[PY_ID] : y->s[PY_ID],
                    fmt(b1, x != NULL, aa, 0, 0), fmt(b2, y != NULL, ab, 0, 0),
                    fmt(b3, x && y, ab - aa, 0, 1),
                    fmt(b4, x != NULL, sa, 0, 0), fmt(b5, y != NULL, sb, 0, 0),
                    fmt(b6, x && y, sb - sa, 0, 1));
        }
        if (!changed)
            fprintf(out, "\npayers whose units changed: none\n");
        changed = 0;
        for (size_t i = 0; i < nrq; i++) {
            const struct pt_rec *x = rq[i].a, *y = rq[i].b;
            if (x && y && strcmp(x->s[RQ_STATUS], y->s[RQ_STATUS]) == 0)
                continue;
            if (changed++ == 0)
                fprintf(out, "\nrequests whose status changed\n%-16s %-28s "
                        "%-28s %8s %8s\n", "request_id", "status A", "status B",
                        "alloc A", "alloc B");
            fprintf(out, "%-16s %-28s %-28s %8s %8s\n",
                    x ? x->s[RQ_ID] : y->s[RQ_ID], x ? x->s[RQ_STATUS] : "-",
                    y ? y->s[RQ_STATUS] : "-",
                    fmt(b1, x != NULL, x ? x->v[RQ_ALLOCATED] : 0, 0, 0),
                    fmt(b2, y != NULL, y ? y->v[RQ_ALLOCATED] : 0, 0, 0));
        }
        if (!changed)
            fprintf(out, "\nrequests whose status changed: none\n");
        changed = 0;
        for (size_t i = 0; i < nun; i++)
            if (!same_str(holder(un[i].a), holder(un[i].b)))
                changed++;
        fprintf(out, "\nunits that changed hands: %zu%s\n", changed,
                changed > UNITS_LISTED ? " (the first 20)" : "");
        size_t listed = 0;
        for (size_t i = 0; i < nun && listed < UNITS_LISTED; i++) {
            const char *ha = holder(un[i].a), *hb = holder(un[i].b);
            if (same_str(ha, hb))
                continue;
            if (listed++ == 0)
                fprintf(out, "%-20s %-16s %-16s\n", "unit_id", "request A",
                        "request B");
            fprintf(out, "%-20s %-16s %-16s\n",
                    un[i].a ? un[i].a->s[UN_ID] : un[i].b->s[UN_ID],
                    ha ? ha : "-", hb ? hb : "-");
        }
    }

    if (a.csv) {
        struct cmp_out co = { &A, &B, tw, py, rq, un, ntw, npy, nrq, nun };
        char m[1024];
        int wr = folder_write_atomic(a.csv, csv_fill, &co, &compare_folder, m,
                                     sizeof m);
        if (wr) {
            fprintf(err, "rehouse compare: %s\n", m);
            rc = wr;
            goto done;
        }
    }
    if (differs(&A, &B, tw, py, rq, un, ntw, npy, nrq, nun)) {
        rc = 1;
    } else if (!quiet) {
        fprintf(out, "\nthe plans are identical\n");
    }
done:
    free(tw);
    free(py);
    free(rq);
    free(un);
    side_release(&A);
    side_release(&B);
    return rc;
}

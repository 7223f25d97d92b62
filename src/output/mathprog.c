/* mathprog.c -- write the on-time pass as MathProg data (rehouse.dat). */
#include "mathprog.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/geo.h"
#include "io/exitcode.h"
#include "io/value.h"
#include "version.h"

/* A buffered writer over stdio with a sticky error (errno of the first
 * failure). */
struct mpw {
    FILE *f;
    int err;
};

static void put(struct mpw *w, const char *s)
{
    if (w->err == 0 && fputs(s, w->f) == EOF)
        w->err = errno ? errno : EIO;
}

static void putch(struct mpw *w, char ch)
{
    if (w->err == 0 && putc(ch, w->f) == EOF)
        w->err = errno ? errno : EIO;
}

/* Decimal digits of v, C locale, no printf. */
static void put_int(struct mpw *w, int64_t v)
{
    char buf[24], *p = buf + sizeof buf;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    *--p = '\0';
    do {
        *--p = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u > 0);
    if (v < 0)
        *--p = '-';
    put(w, p);
}

/* A single-quoted MathProg string literal; an inner quote is doubled. */
static void put_sym(struct mpw *w, const char *s)
{
    putch(w, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            putch(w, '\'');
        putch(w, *s);
    }
    putch(w, '\'');
}

/* 1 when s can be written as a MathProg symbol: 1..100 bytes (counting a
 * doubled quote once, as MathProg does), no control bytes (glpsol rejects
 * them, and newline ends a literal). */
static int symbol_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MATHPROG_MAX_SYMBOL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f)
            return 0;
    }
    return 1;
}

static int bad_symbol(const char *what, const char *s, char *err, size_t errsz)
{
    char q[64];
    snprintf(err, errsz, "mathprog: %s %s cannot be written as a MathProg "
             "symbol (1 to %d bytes, no control characters)", what,
             value_quote(s, strlen(s), q, sizeof q), MATHPROG_MAX_SYMBOL);
    return RH_EXIT_CANTCREAT;
}

/* Every id that will be written, checked before anything is. */
static int check_ids(const struct model *m, const struct eligibility *e,
                     const struct config *c, char *err, size_t errsz)
{
    for (int32_t t = 0; t < m->ntowns; t++)
        if (!symbol_ok(m->towns[t].id))
            return bad_symbol("town id", m->towns[t].id, err, errsz);
    for (int32_t l = 0; l < m->layouts.n; l++)
        if (!symbol_ok(m->layouts.strs[l]))
            return bad_symbol("layout", m->layouts.strs[l], err, errsz);
    for (int32_t r = 0; r < m->nrequests; r++) {
        if (!eligibility_in_pass(m, e, c, r, 0))
            continue;
        if (!symbol_ok(m->requests[r].id))
            return bad_symbol("request id", m->requests[r].id, err, errsz);
        if (!symbol_ok(m->payers[m->requests[r].payer].id))
            return bad_symbol("payer id", m->payers[m->requests[r].payer].id,
                              err, errsz);
    }
    return 0;
}

static void put_date(struct mpw *w, rh_date d)
{
    char buf[11];
    value_format_date(d, buf);
    put(w, buf);
}

static void write_header(struct mpw *w, const struct model *m,
                         const struct eligibility *e, const struct config *c,
                         int64_t supply, int32_t nreq, int64_t demand,
                         const uint8_t *capped)
{
    put(w, "# rehouse.dat -- MathProg data for models/{h,b,t,c,d}.mod: the "
           "on-time allocation pass.\n"
           "# Written by rehouse " RH_VERSION " (plan --emit-mathprog); "
           "regenerate rather than edit.\n# plan year ");
    put_int(w, c->year);
    put(w, ", as_of ");
    put_date(w, c->as_of);
    put(w, ", deadline ");
    put_date(w, c->deadline);
    put(w, ", horizon_end ");
    put_date(w, c->horizon_end);
    put(w, "\n# policy late = ");
    put(w, rh_late_names[c->late]);
    put(w, ", suspended = ");
    put(w, rh_suspended_names[c->suspended]);
    put(w, ", category_order = ");
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        put(w, rh_category_names[c->category_order[k]]);
        put(w, k + 1 < RH_NCATEGORIES ? ", " : "\n");
    }
    put(w, "# ");
    put_int(w, m->ntowns);
    put(w, " towns, ");
    put_int(w, m->layouts.n);
    put(w, " layouts, ");
    put_int(w, supply);
    put(w, " allocatable units, ");
    put_int(w, nreq);
    put(w, " requests in this pass asking for ");
    put_int(w, demand);
    put(w, " units");
    if (c->late == RH_LATE_LAST && e->nlate_last > 0) {
        put(w, "; late requests left for the late pass: ");
        put_int(w, e->nlate_last);
    }
    put(w, "\n# Payer caps are NOT modelled; the cross-check applies when no "
           "cap binds.\n");
    int any = 0;
    for (int32_t p = 0; p < m->npayers; p++) {
        if (!capped[p])
            continue;
        char buf[32];
        if (!any)
            put(w, "# Capped payers of this pass (capacity_cny):\n");
        any = 1;
        put(w, "#   ");
        put_sym(w, m->payers[p].id);
        putch(w, ' ');
        value_format_fixed(m->payers[p].capacity_c, 2, buf);
        put(w, buf);
        putch(w, '\n');
    }
    if (!any)
        put(w, "# No payer of this pass has a cap.\n");
}

static void write_body(struct mpw *w, const struct model *m,
                       const struct eligibility *e, const struct config *c,
                       const int64_t *S)
{
    int32_t T = m->ntowns, L = m->layouts.n;

    put(w, "\ndata;\n\nset TOWNS :=");
    for (int32_t t = 0; t < T; t++) {
        put(w, "\n  ");
        put_sym(w, m->towns[t].id);
    }
    put(w, ";\n\nset LAYOUTS :=");
    for (int32_t l = 0; l < L; l++) {
        putch(w, ' ');
        put_sym(w, m->layouts.strs[l]);
    }
    put(w, ";\n\n# rank in category_order -> category\nparam category :=");
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        put(w, "\n  ");
        put_int(w, k);
        putch(w, ' ');
        put_sym(w, rh_category_names[c->category_order[k]]);
    }
    put(w, ";\n\n# allocatable units per (project town, layout)\n"
           "param S :=");
    for (int32_t t = 0; t < T; t++)
        for (int32_t l = 0; l < L; l++) {
            if (S[(size_t)t * (size_t)L + (size_t)l] == 0)
                continue;
            put(w, "\n  ");
            put_sym(w, m->towns[t].id);
            putch(w, ' ');
            put_sym(w, m->layouts.strs[l]);
            putch(w, ' ');
            put_int(w, S[(size_t)t * (size_t)L + (size_t)l]);
        }
    put(w, ";\n\n# requests of the on-time pass, in demand.csv order; rank = "
           "position of the category in category_order\n"
           "param : REQUESTS : home lay units rank payer :=");
    for (int32_t r = 0; r < m->nrequests; r++) {
        if (!eligibility_in_pass(m, e, c, r, 0))
            continue;
        const struct request *q = &m->requests[r];
        put(w, "\n  ");
        put_sym(w, q->id);
        putch(w, ' ');
        put_sym(w, m->towns[q->town].id);
        putch(w, ' ');
        put_sym(w, m->layouts.strs[q->layout]);
        putch(w, ' ');
        put_int(w, q->units);
        putch(w, ' ');
        put_int(w, c->category_rank[q->category]);
        putch(w, ' ');
        put_sym(w, m->payers[q->payer].id);
    }
    put(w, ";\n\n# great-circle distance in whole metres, row = project town, "
           "column = home town\nparam dist");
    if (T == 0) {
        put(w, " :=;\n\nend;\n");
        return;
    }
    put(w, " :");
    for (int32_t t = 0; t < T; t++) {
        putch(w, ' ');
        put_sym(w, m->towns[t].id);
    }
    put(w, " :=");
    for (int32_t s = 0; s < T; s++) {
        const struct town *ts = &m->towns[s];
        put(w, "\n  ");
        put_sym(w, ts->id);
        for (int32_t t = 0; t < T; t++) {
            const struct town *tt = &m->towns[t];
            putch(w, ' ');
            put_int(w, s == t ? 0 : geo_distance_m(ts->lat, ts->lon,
                                                   tt->lat, tt->lon));
        }
    }
    put(w, ";\n\nend;\n");
}

static int join(char *buf, size_t bufsz, const char *dir, const char *name)
{
    int n = snprintf(buf, bufsz, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= bufsz ? -1 : 0;
}

const struct folder_kind mathprog_folder = {
    "MathProg folder", (const char *const[]){ "rehouse.dat", NULL },
    "rehouse.dat", "# Written by rehouse", NULL
};

struct emit {
    const struct model *m;
    const struct eligibility *e;
    const struct config *c;
    const int64_t *S;
    const uint8_t *capped;
    int64_t supply, demand;
    int32_t nreq;
};

static int emit_fill(const char *tmpdir, void *ud, char *err, size_t errsz)
{
    const struct emit *x = ud;
    char path[4096];
    if (join(path, sizeof path, tmpdir, "rehouse.dat") < 0) {
        snprintf(err, errsz, "mathprog: %s: path too long", tmpdir);
        return RH_EXIT_CANTCREAT;
    }
    struct mpw w = { fopen(path, "wx"), 0 };
    if (!w.f) {
        snprintf(err, errsz, "mathprog: cannot create %s: %s", path,
                 strerror(errno));
        return rh_exit_for_errno(errno);
    }
    write_header(&w, x->m, x->e, x->c, x->supply, x->nreq, x->demand,
                 x->capped);
    write_body(&w, x->m, x->e, x->c, x->S);
    if (w.err == 0 && fflush(w.f) != 0)
        w.err = errno ? errno : EIO;
    if (fclose(w.f) != 0 && w.err == 0)
        w.err = errno ? errno : EIO;
    if (w.err) {
        snprintf(err, errsz, "mathprog: cannot write %s: %s", path,
                 strerror(w.err));
        return rh_exit_for_errno(w.err);
    }
    return 0;
}

int mathprog_emit(const char *dir, const struct model *m,
                  const struct eligibility *e, const struct config *c,
                  char *err, size_t errsz)
{
    int32_t L = m->layouts.n;
    int64_t supply = 0, demand = 0;
    int32_t nreq = 0;
    int rc = check_ids(m, e, c, err, errsz);
    if (rc)
        return rc;

    int64_t *S = calloc((size_t)m->ntowns * (size_t)(L > 0 ? L : 1) + 1,
                        sizeof *S);
    uint8_t *capped = calloc((size_t)m->npayers + 1, 1);
    if (!S || !capped) {
        free(S);
        free(capped);
        snprintf(err, errsz, "mathprog: out of memory");
        return RH_EXIT_SOFTWARE;
    }
    for (int32_t u = 0; u < m->nunits; u++)
        if (e->units[u] == UNIT_OK) {
            S[(size_t)m->units[u].town * (size_t)L + (size_t)m->units[u].layout]++;
            supply++;
        }
    for (int32_t r = 0; r < m->nrequests; r++)
        if (eligibility_in_pass(m, e, c, r, 0)) {
            nreq++;
            demand += m->requests[r].units;
            if (m->payers[m->requests[r].payer].capacity_c >= 0)
                capped[m->requests[r].payer] = 1;
        }

    struct emit x = { m, e, c, S, capped, supply, demand, nreq };
    rc = folder_write_atomic(dir, emit_fill, &x, &mathprog_folder, err, errsz);
    free(S);
    free(capped);
    return rc;
}

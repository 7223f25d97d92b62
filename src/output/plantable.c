/* plantable.c -- see plantable.h. */
#include "output/plantable.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "io/csvout.h"
#include "io/diag.h"
#include "io/exitcode.h"
#include "io/outfile.h"

static int table_row(void *ud, const struct csv_row *r)
{
    struct plan_table *t = ud;
    if (t->n == t->cap) {
        size_t nc = t->cap ? 2 * t->cap : 256;
        struct pt_rec *p = realloc(t->rows, nc * sizeof *p);
        if (!p) {
            t->oom = 1;
            return -1;
        }
        t->rows = p;
        t->cap = nc;
    }
    struct pt_rec *x = &t->rows[t->n];
    memset(x, 0, sizeof *x);
    for (int c = 0; c < t->ncols; c++) {
        const struct csv_cell *cell = &r->cells[c];
        x->has[c] = (unsigned char)cell->present;
        if (t->cols[c].type == CSVT_TEXT) {
            const char *s = cell->present ? cell->s : "";
            size_t len = cell->present ? cell->n : 0;
            /* the writer's neutralisation: '=x -> =x */
            if (len >= 2 && s[0] == '\'' && csvout_neutralise_needed(s[1])) {
                s++;
                len--;
            }
            x->s[c] = malloc(len + 1);
            if (!x->s[c]) {
                for (int k = 0; k < c; k++)
                    free(x->s[k]);
                t->oom = 1;
                return -1;
            }
            memcpy(x->s[c], s, len);
            x->s[c][len] = '\0';
        } else {
            x->v[c] = cell->i;
        }
    }
    t->n++;
    return 0;
}

void plan_table_release(struct plan_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        for (int c = 0; c < t->ncols; c++)
            free(t->rows[i].s[c]);
    free(t->rows);
    free(t->order);
    free(t->matched);
    memset(t, 0, sizeof *t);
}

static const struct plan_table *sort_table;

static int by_key(const void *a, const void *b)
{
    return strcmp(sort_table->rows[*(const size_t *)a].s[0],
                  sort_table->rows[*(const size_t *)b].s[0]);
}

int plan_table_read(struct plan_table *t, const char *dir, const char *name,
                    const struct csv_column *cols, int ncols, struct diag *d)
{
    char path[PATH_MAX];
    struct csv_file_info info;
    struct csv_schema s = { cols, ncols };

    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = ncols;
    if (outfile_join(path, sizeof path, dir, name) < 0) {
        diag_error(d, NULL, 0, NULL, "%s/%s: path too long", dir, name);
        return RH_EXIT_NOINPUT;
    }
    size_t before = d->total;
    int rc = csv_read_file(path, 0, &s, table_row, t, d, &info);
    if (rc == 0 && d->total > before)
        rc = RH_EXIT_DATAERR;
    if (rc == 0 && (t->oom || d->oom))
        rc = RH_EXIT_SOFTWARE;
    if (rc)
        return rc;
    t->order = malloc((t->n ? t->n : 1) * sizeof *t->order);
    t->matched = calloc(t->n ? t->n : 1, 1);
    if (!t->order || !t->matched)
        return RH_EXIT_SOFTWARE;
    for (size_t i = 0; i < t->n; i++)
        t->order[i] = i;
    sort_table = t;
    qsort(t->order, t->n, sizeof *t->order, by_key);
    return 0;
}

struct pt_rec *plan_table_find(struct plan_table *t, const char *key,
                               size_t *at)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(t->rows[t->order[mid]].s[0], key);
        if (c == 0) {
            *at = t->order[mid];
            return &t->rows[*at];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}


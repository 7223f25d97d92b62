/* idrank.c -- ids as dense ranks in byte order. */
#include "idrank.h"

#include <stdlib.h>
#include <string.h>

/* An id and the index of the row holding it, for ranking. */
struct id_ref {
    const char *id;
    int32_t idx;
};

static int id_ref_order(const void *x, const void *y)
{
    const struct id_ref *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    if (c == 0)
        c = (a->idx > b->idx) - (a->idx < b->idx);
    return c;
}

/* The id of row i of a model array whose rows start with `const char *id`
 * (struct unit, request, project, payer). */
static const char *id_at(const void *rows, size_t rowsz, int32_t i)
{
    const char *row = (const char *)rows + (size_t)i * rowsz;
    const char *id;
    memcpy(&id, row, sizeof id);
    return id;
}

int idrank(const void *rows, size_t rowsz, int32_t n, int32_t *rank)
{
    int32_t i;

    for (i = 0; i < n; i++) {
        int c = i == 0 ? 1 : strcmp(id_at(rows, rowsz, i - 1),
                                    id_at(rows, rowsz, i));
        if (c < 0 || i == 0)
            rank[i] = i;
        else if (c == 0)
            rank[i] = rank[i - 1];
        else
            break;
    }
    if (i == n)
        return 0;
    struct id_ref *r = malloc(((size_t)n + 1) * sizeof *r);
    if (!r)
        return -1;
    for (i = 0; i < n; i++) {
        r[i].id = id_at(rows, rowsz, i);
        r[i].idx = i;
    }
    qsort(r, (size_t)n, sizeof *r, id_ref_order);
    for (i = 0; i < n; i++)
        rank[r[i].idx] = i > 0 && strcmp(r[i - 1].id, r[i].id) == 0
                             ? rank[r[i - 1].idx] : i;
    free(r);
    return 0;
}


/* diag.c -- input error list. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d)
{
    memset(d, 0, sizeof *d);
}

void diag_release(struct diag *d)
{
    for (size_t i = 0; i < d->nmsgs; i++)
        free(d->msgs[i]);
    free(d->msgs);
    diag_init(d);
}

int diag_error(struct diag *d, const char *file, long line, const char *column,
               const char *fmt, ...)
{
    char body[1024], head[1024];
    va_list ap;

    d->total++;
    if (d->nmsgs >= DIAG_KEEP)
        return -1;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    int h = 0;
    if (file && line > 0)
        h = snprintf(head, sizeof head, "%s:%ld: ", file, line);
    else if (file)
        h = snprintf(head, sizeof head, "%s: ", file);
    else
        head[0] = '\0';
    if (column && h >= 0 && (size_t)h < sizeof head)
        snprintf(head + h, sizeof head - (size_t)h, "%s: ", column);
    size_t len = strlen(head) + strlen(body) + 1;
    char *m = malloc(len);
    if (!m) { d->oom = 1; return -1; }
    memcpy(m, head, strlen(head));
    memcpy(m + strlen(head), body, strlen(body) + 1);
    if (d->nmsgs == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 16;
        char **nm = realloc(d->msgs, nc * sizeof *nm);
        if (!nm) { free(m); d->oom = 1; return -1; }
        d->msgs = nm;
        d->cap = nc;
    }
    d->msgs[d->nmsgs++] = m;
    return -1;
}

void diag_print(const struct diag *d, FILE *f)
{
    for (size_t i = 0; i < d->nmsgs; i++)
        fprintf(f, "%s\n", d->msgs[i]);
    if (d->total > d->nmsgs)
        fprintf(f, "rehouse: %zu more errors not shown\n", d->total - d->nmsgs);
}

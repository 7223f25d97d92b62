/* diag.h -- input error list: "file:line: column: message", kept in order.
 *
 *   struct diag d; diag_init(&d);
 *   diag_error(&d, "inventory.csv", 12, "area_m2", "not a number: '%s'", q);
 *   if (d.total) { diag_print(&d, stderr); ... exit 65 }
 *   diag_release(&d);
 *
 * The first DIAG_KEEP messages are kept; later ones are only counted.
 * diag_print writes the kept ones and, when some were dropped, a last line
 * "rehouse: N more errors not shown".  An allocation failure sets d->oom;
 * the caller reports it as an internal error.
 */
#ifndef RH_DIAG_H
#define RH_DIAG_H

#include <stddef.h>
#include <stdio.h>

#define DIAG_KEEP 1000

struct diag {
    char **msgs;          /* kept messages, owned */
    size_t nmsgs, cap;
    size_t total;         /* all errors, kept or not */
    int oom;              /* an allocation failed */
};

void diag_init(struct diag *d);
void diag_release(struct diag *d);

/* NAME diag_error -- record one error. line 0 omits the line, column NULL
 * omits the column.  RETURNS -1, so callers can `return diag_error(...)`. */
int diag_error(struct diag *d, const char *file, long line, const char *column,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* NAME diag_print -- write every kept message, one per line, to f. */
void diag_print(const struct diag *d, FILE *f);

#endif

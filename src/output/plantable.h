/* plantable.h -- read one CSV table of a plan folder back (requests.csv,
 * payer_balance.csv, ...), by column name, into rows indexed by their
 * first column: what `compare` and `why` read plans with.
 *
 *   static const struct csv_column cols[] = { PT_TEXT("request_id"),
 *                                             PT_INT("allocated") };
 *   struct plan_table t;
 *   rc = plan_table_read(&t, dir, "requests.csv", cols, 2, "why", stderr);
 *   struct pt_rec *r = plan_table_find(&t, "R2025-001", &at);
 *   ... r->s[0], r->v[1], r->has[1] ...
 *   plan_table_release(&t);
 *
 * Text cells lose the writer's neutralising quote ('=x is read as =x).
 */
#ifndef RH_PLANTABLE_H
#define RH_PLANTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "io/csvtab.h"
#include "io/diag.h"

#define PT_MAXC 12              /* columns a schema may name */

#define PT_TEXT(n) { n, CSVT_TEXT, 0, 0, 0, 0, NULL, 0 }
#define PT_INT(n) { n, CSVT_INT, 0, 0, 0, INT64_MAX / 4, NULL, 0 }
#define PT_TEXT_OR_EMPTY(n) { n, CSVT_TEXT, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 }

struct pt_rec {
    char *s[PT_MAXC];           /* text cells (owned), NULL for numbers */
    int64_t v[PT_MAXC];
    unsigned char has[PT_MAXC];
};

struct plan_table {
    struct pt_rec *rows;        /* in file order */
    size_t n, cap;
    int ncols;
    const struct csv_column *cols;
    int oom;
    size_t *order;              /* row indices sorted by column 0 */
    unsigned char *matched;     /* per row: scratch for joins */
};

/* NAME plan_table_read -- dir/name read with the schema (ncols <=
 * PT_MAXC, column 0 text: the key).  Why a read failed goes to d (the
 * caller prints it).  RETURNS 0, 66 (missing or unreadable), 65 (a row
 * the schema refuses), 70 (out of memory). */
int plan_table_read(struct plan_table *t, const char *dir, const char *name,
                    const struct csv_column *cols, int ncols, struct diag *d);

/* NAME plan_table_find -- the row whose column 0 is key (its index into
 * *at), or NULL. */
struct pt_rec *plan_table_find(struct plan_table *t, const char *key,
                               size_t *at);

void plan_table_release(struct plan_table *t);

#endif

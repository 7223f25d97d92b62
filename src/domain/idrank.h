/* idrank.h -- ids as dense ranks in byte order, so that sorting by rank is
 * sorting by strcmp without a strcmp per comparison.
 *
 *   int32_t *rank = malloc(m.nunits * sizeof *rank);
 *   if (idrank(m.units, sizeof *m.units, m.nunits, rank) < 0) -> out of memory
 *   ... rank[a] < rank[b]  <=>  strcmp(m.units[a].id, m.units[b].id) < 0 ...
 *
 * rows is a model array whose rows start with `const char *id` (struct
 * unit, request, project, payer).  Equal ids share a rank.  Linear when
 * the rows are already in id order, as platform exports are; one qsort
 * otherwise.  Used by the solver's deterministic tie-breaks and by the
 * plan tables' row orders (output/order.h).
 */
#ifndef RH_IDRANK_H
#define RH_IDRANK_H

#include <stddef.h>
#include <stdint.h>

/* NAME idrank -- rank[i] = dense rank of row i's id.  RETURNS 0, or -1 on
 * out of memory. */
int idrank(const void *rows, size_t rowsz, int32_t n, int32_t *rank);

#endif

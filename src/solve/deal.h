/* deal.h -- request order inside a bucket that payer caps split.
 *
 * The stages decide how many units each demand group gets.  A payer whose
 * cap is modelled has groups of its own, so inside one (home town, layout,
 * category) bucket the split between its requests and the others follows
 * the integer program, not request order.  deal_in_order restores the
 * order: in each such bucket, requests are taken by submitted_on, then
 * request_id, and a request short of its units takes units held by requests
 * after it in the bucket (the last one first, cheapest unit first) while
 * its payer's cap allows.  A unit only moves between requests of one home
 * town, layout and category, so every stage's value (H, B, T, C, D) stays
 * exactly as solved; caps hold in cents.
 */
#ifndef RH_DEAL_H
#define RH_DEAL_H

#include <stdint.h>

#include "domain/model.h"
#include "solve/network.h"
#include "solve/plan.h"

/* NAME deal_in_order -- reorder pass n's part of plan p (units with
 * used[u] == 1).  cap_start[q] is payer q's cap left at the start of the
 * pass (-1: none).  RETURNS the number of units moved, or -1 on out of
 * memory. */
int64_t deal_in_order(struct plan *p, const struct network *n,
                      const struct model *m, const int64_t *cap_start,
                      const uint8_t *used);

#endif

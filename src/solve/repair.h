/* repair.h -- whole-unit repair of a pass in which payer caps can bind.
 *
 * The LP stages decide how many units each demand group gets; a capped
 * payer's requests form groups of their own, so (1) the split between them
 * and the other requests of the same town, layout and category follows the
 * LP, not request order, and (2) rounding capped flows down can leave units
 * idle that a request could still take.  This module mends both on the
 * concrete plan, with caps checked in exact cents:
 *
 *  - re-deal: in every (home town, layout) bucket holding a capped payer's
 *    request, the bucket's units are dealt again to its requests in
 *    category order, then by submitted_on, then request_id (stage C's own
 *    order inside a town); a capped request takes the cheapest
 *    units its remaining cap allows, an uncapped one the dearest, so cheap
 *    units stay for capped requests further down;
 *  - idle units: every allocatable unit left unplanned (cheapest first, then
 *    unit_id) goes to the request of its layout that can still take it and
 *    comes first by: home town of the unit, lowest town fill rate, category
 *    order, submitted_on, request_id.
 *  - then every request's unit is swapped for a cheaper idle unit of the
 *    same project town and layout (a payer only spends less), and idle
 *    units are handed out once more with the room that freed.
 * Bucket totals are unchanged by the re-deal, so stages H, B, T and D keep
 * their values and C can only gain for earlier categories; the idle
 * hand-out only adds units.
 */
#ifndef RH_REPAIR_H
#define RH_REPAIR_H

#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "solve/network.h"
#include "solve/plan.h"

/* NAME repair_caps -- mend pass n's part of plan p.  cap_start[q] is payer
 * q's cap left at the start of the pass (-1: none); used[u] is set for
 * units the repair plans.  Appends stage records "R:order" (units that
 * changed request) and "R:idle" (idle units handed out).
 * RETURNS 0, or -1 on out of memory. */
int repair_caps(struct plan *p, const struct network *n, const struct model *m,
                const struct eligibility *e, const struct config *c,
                const int64_t *cap_start, uint8_t *used);

#endif

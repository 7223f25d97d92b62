/* handout.h -- no flat left idle that a short request could take.
 *
 * After a pass is solved and its units are dealt (deal.h), a request can
 * still be short while an allocatable flat of its layout is free and its
 * payer's cap in cents has room for it: the search's node budget stopped
 * short, or the dealing moved units between payers of one bucket.
 * handout_units gives such flats to such requests: requests in category
 * order, then submitted_on, then request id; each takes the nearest free
 * flat of its layout (then the cheapest, then the first by unit id) whose
 * value fits its payer's cap left, until it is served or none fits.
 *
 * An added unit breaks no stage: every stage's row is a lower bound on
 * units.  The pass's stage records follow the plan: H (a home-town unit),
 * T and the request's C stage gain the unit, each becoming optimal when it
 * reaches its bound; D gains the unit's distance and, when it was optimal,
 * is now only feasible (its bound still holds: the plan is one of those
 * it bounds).  B's level only rises and its record is left as solved.
 */
#ifndef RH_HANDOUT_H
#define RH_HANDOUT_H

#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "solve/plan.h"

/* NAME handout_units -- hand out pass's free flats (e->units UNIT_OK and
 * used[u] == 0; a flat handed out gets used[u] = 1) to the pass's short
 * requests.  cap_left[q] is payer q's cap in cents at the start of the
 * pass (-1: none); the pass's units already planned (used[u] == 1) are
 * charged first.  unit_rank and request_rank are the ids' ranks
 * (domain/idrank.h).  RETURNS the units handed out, or -1 on out of
 * memory (p is then unchanged). */
int64_t handout_units(struct plan *p, const struct model *m,
                      const struct eligibility *e, const struct config *c,
                      uint8_t *used, int pass, const int64_t *cap_left,
                      const int32_t *unit_rank, const int32_t *request_rank);

#endif

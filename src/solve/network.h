/* network.h -- one allocation pass aggregated into a transportation network.
 *
 * Units are aggregated into supply classes (project town, layout); requests
 * into demand groups (home town, layout, category, payer when the payer's
 * cap is modelled, else none).  Groups of one (home town, layout, capped
 * payer or none) share a hub; arcs join every class of a layout to every
 * uncapped hub of that layout, and each group takes its units from its
 * hub.  A capped payer's hubs buy from value tiers (class, exact unit
 * value) instead, so that its cap is stated on exact values.  The
 * aggregation keeps the LP small: its size grows with towns^2 x layouts,
 * not with units x requests, and the stages price the arcs in lazily.
 *
 * Beside the direct arcs, a pool per (layout, capped payer or none) joins
 * every class (tier) of the layout to every hub of the pool's payer: the
 * same flows as the direct arcs with 2 x (classes + hubs) columns instead
 * of classes x hubs.  The stages that do not look at distance (B, T, C)
 * move units through the pools; stage D prices pool flow above any
 * distance, so that the direct arcs carry every unit of the plan.
 *
 *   struct network n;
 *   network_build(&n, &model, &elig, &config, used, cap_left, pass);
 *   ... n.arcs[a].flow is filled by the stages ...
 *   network_release(&n);
 */
#ifndef RH_NETWORK_H
#define RH_NETWORK_H

#include <stdint.h>

#include "domain/eligibility.h"
#include "domain/model.h"

struct net_class {          /* supply: allocatable, unused units of (town, layout) */
    int32_t town, layout;
    int64_t supply;
    int32_t first_tier, ntiers;     /* tiers of this class, -1/0 when none */
};

struct net_tier {           /* units of one class with one exact value */
    int32_t cls;
    int64_t value_c;
    int64_t supply;
};

struct net_group {          /* demand: requests of one (town, layout, category, payer) */
    int32_t town, layout;
    int category, rank;     /* rank in category_order */
    int32_t payer;          /* capped payer, or -1 */
    int64_t demand;
    int32_t hub;
    double flow;            /* units from the hub, set by the stages */
};

struct net_hub {            /* groups of one (home town, layout, payer or none) */
    int32_t town, layout, payer;
    int32_t first_group, ngroups;   /* contiguous in groups[] */
};

/* Direct arcs, into a hub from another town's class (or its own):
 *   class -> hub   tier -1, pool -1   (uncapped hubs)
 *   tier  -> hub   tier >= 0, pool -1 (a capped payer's hub: units of one
 *                                      value)
 * Pool arcs:
 *   class or tier -> pool   hub -1, pool >= 0
 *   pool -> hub             cls -1, tier -1, pool >= 0
 * Direct arcs into one hub are contiguous, in class order (then tier
 * order); pool arcs follow all direct arcs. */
struct net_arc {
    int32_t cls, tier, hub, pool;
    int64_t dist_m;
    double flow;                /* set by the stages */
};

struct net_pool {           /* units of one layout for one payer (or none) */
    int32_t layout, payer;
};

struct net_cap {
    int32_t payer;
    int64_t cap_left_c;         /* cents still available to the payer */
};

struct network {
    int pass;                       /* 0: on time, 1: late (late = last) */
    struct net_class *classes;  int32_t nclasses;
    struct net_tier *tiers;     int32_t ntiers;
    struct net_group *groups;   int32_t ngroups;   /* by town, layout, payer, rank */
    struct net_hub *hubs;       int32_t nhubs;
    struct net_arc *arcs;       int32_t narcs;
    int32_t ndirect;                /* arcs[0..ndirect) are direct */
    struct net_pool *pools;     int32_t npools;
    struct net_cap *caps;       int32_t ncaps;
    int32_t *cap_of_payer;          /* per payer: index in caps, or -1 */
    int32_t *req_group;             /* per request: its group, or -1 */
    int64_t *town_demand;           /* per town: D_t of this pass */
    int32_t ntowns;
    /* borrowed from the caller (set after network_build): unit and
     * request ids as ranks in byte order (domain/idrank.h), for the
     * deterministic tie-breaks of unit assignment and repair */
    const int32_t *unit_rank, *request_rank;
    /* the pass's requests by group, then submitted_on, then request_id:
     * the order a group's units are dealt in (network_order) */
    int32_t *req_order;         int32_t nreq_order;
};

/* NAME network_build -- aggregate one pass.  used[u] marks units already
 * planned (earlier pass); cap_left[p] is the payer's remaining cap in cents
 * (-1: none).  RETURNS 0 or -1 on out of memory. */
int network_build(struct network *n, const struct model *m,
                  const struct eligibility *e, const struct config *c,
                  const uint8_t *used, const int64_t *cap_left, int pass);
void network_release(struct network *n);

/* NAME network_order -- fill n->req_order (n->request_rank must be set).
 * RETURNS 0 or -1 on out of memory. */
int network_order(struct network *n, const struct model *m);

#endif

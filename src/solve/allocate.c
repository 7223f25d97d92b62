/* allocate.c -- passes over the policy stages and concrete unit assignment. */
#include "allocate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/idrank.h"
#include "io/exitcode.h"
#include "io/value.h"
#include "solve/capwatch.h"
#include "solve/network.h"
#include "solve/deal.h"
#include "solve/exact.h"
#include "solve/handout.h"
#include "solve/stages.h"

const char *const request_outcome_names[OUT_NOUTCOMES] = {
    "served", "partial", "unserved", "suspended", "rejected:late",
    "rejected:no_capacity_proof"
};

void plan_release(struct plan *p)
{
    free(p->unit_request);
    free(p->req_allocated);
    free(p->req_outcome);
    free(p->town_level);
    free(p->town_floor);
    free(p->town_demand);
    memset(p, 0, sizeof *p);
}

double stage_gap(const struct stage_record *s)
{
    double g = s->objective - s->bound;
    return g < 0 ? -g : g;
}

double stage_gap_fraction(const struct stage_record *s)
{
    double b = s->bound < 0 ? -s->bound : s->bound;
    return stage_gap(s) / (b > 1 ? b : 1);
}

/* Sorting contexts (qsort has no user pointer: keep them explicit). */
/* Ids enter as their ranks (domain/idrank.h): strcmp's order, one integer
 * compare. */
struct unit_ord { int64_t value_c; int32_t id; int32_t unit; };

static int cmp_unit_ord(const void *a, const void *b)
{
    const struct unit_ord *x = a, *y = b;
    if (x->value_c != y->value_c)
        return x->value_c < y->value_c ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}


/* Turn one pass's arc flows into unit -> request. */
static int assign_units(struct plan *p, const struct network *n,
                        const struct model *m, const struct eligibility *e,
                        uint8_t *used)
{
    int32_t L = m->layouts.n > 0 ? m->layouts.n : 1;
    int rc = -1;
    struct unit_ord *uo = NULL;
    int32_t *cls_first = NULL, *cls_count = NULL, *class_at = NULL;
    uint8_t *taken = NULL;
    int32_t *gunits = NULL, *gfirst = NULL, *gfill = NULL;
    int64_t *hfill = NULL;

    class_at = malloc((size_t)m->ntowns * (size_t)L * sizeof *class_at);
    cls_first = calloc((size_t)n->nclasses + 1, sizeof *cls_first);
    cls_count = calloc((size_t)n->nclasses + 1, sizeof *cls_count);
    uo = malloc(((size_t)m->nunits + 1) * sizeof *uo);
    taken = calloc((size_t)m->nunits + 1, 1);
    if (!class_at || !cls_first || !cls_count || !uo || !taken)
        goto out;
    for (size_t i = 0; i < (size_t)m->ntowns * (size_t)L; i++)
        class_at[i] = -1;
    for (int32_t k = 0; k < n->nclasses; k++)
        class_at[n->classes[k].town * L + n->classes[k].layout] = k;

    /* Units of each class, contiguous, cheapest first then by unit_id. */
    for (int32_t u = 0; u < m->nunits; u++)
        if (e->units[u] == UNIT_OK && !used[u])
            cls_count[class_at[m->units[u].town * L + m->units[u].layout]]++;
    for (int32_t k = 1; k < n->nclasses; k++)
        cls_first[k] = cls_first[k - 1] + cls_count[k - 1];
    {
        int32_t *fill = calloc((size_t)n->nclasses + 1, sizeof *fill);
        if (!fill)
            goto out;
        for (int32_t u = 0; u < m->nunits; u++)
            if (e->units[u] == UNIT_OK && !used[u]) {
                int32_t k = class_at[m->units[u].town * L + m->units[u].layout];
                uo[cls_first[k] + fill[k]++] = (struct unit_ord){
                    m->units[u].value_c, n->unit_rank[u], u };
            }
        free(fill);
    }
    for (int32_t k = 0; k < n->nclasses; k++)
        qsort(uo + cls_first[k], (size_t)cls_count[k], sizeof *uo, cmp_unit_ord);

    /* Units per group.  A hub's groups are contiguous, so the units that
     * reach a hub (in arc order) fill its groups' slots in group order. */
    gfirst = calloc((size_t)n->ngroups + 2, sizeof *gfirst);
    gfill = calloc((size_t)n->ngroups + 1, sizeof *gfill);
    hfill = calloc((size_t)n->nhubs + 1, sizeof *hfill);
    if (!gfirst || !gfill || !hfill)
        goto out;
    for (int32_t g = 0; g < n->ngroups; g++)
        gfirst[g + 1] = gfirst[g] + (int32_t)n->groups[g].flow;
    for (int32_t a = 0; a < n->ndirect; a++)       /* pools are empty */
        hfill[n->arcs[a].hub] += (int64_t)n->arcs[a].flow;
    for (int32_t h = 0; h < n->nhubs; h++) {     /* in = out, whole */
        const struct net_hub *hb = &n->hubs[h];
        if (hfill[h] != gfirst[hb->first_group + hb->ngroups] - gfirst[hb->first_group])
            goto out;
        hfill[h] = 0;
    }
    gunits = malloc(((size_t)gfirst[n->ngroups] + 1) * sizeof *gunits);
    if (!gunits)
        goto out;
    /* Units of exact value for capped hubs (tier -> hub) are picked first;
     * class -> hub arcs take what is left, cheapest first. */
    for (int kind = 0; kind < 2; kind++)
        for (int32_t a = 0; a < n->ndirect; a++) {
            const struct net_arc *arc = &n->arcs[a];
            if ((arc->tier >= 0 ? 0 : 1) != kind || arc->flow < 0.5)
                continue;
            int64_t want = (int64_t)arc->flow;
            int32_t k = arc->cls, cnt = cls_count[k];
            for (int32_t i = 0; i < cnt && want > 0; i++) {
                const struct unit_ord *x = &uo[cls_first[k] + i];
                if (taken[x->unit])
                    continue;
                if (kind == 0 && x->value_c != n->tiers[arc->tier].value_c)
                    continue;
                taken[x->unit] = 1;
                gunits[gfirst[n->hubs[arc->hub].first_group] + hfill[arc->hub]++] =
                    x->unit;
                want--;
            }
            if (want > 0)
                goto out;       /* flows exceed supply: cannot happen */
        }

    for (int32_t g = 0; g < n->ngroups; g++)
        gfill[g] = gfirst[g + 1] - gfirst[g];

    /* Requests of each group by submitted_on, request_id; fill greedily. */
    for (int32_t i = 0; i < n->nreq_order; i++) {
        int32_t r = n->req_order[i], g = n->req_group[r];
        int64_t want = m->requests[r].units;
        while (want > 0 && gfill[g] > 0) {
            /* take from the front of the group's list */
            int32_t u = gunits[gfirst[g] + (gfirst[g + 1] - gfirst[g] - gfill[g])];
            gfill[g]--;
            p->unit_request[u] = r;
            used[u] = 1;
            p->req_allocated[r]++;
            want--;
        }
    }
    for (int32_t g = 0; g < n->ngroups; g++)
        if (gfill[g] != 0)
            goto out;           /* more units than requests: cannot happen */
    rc = 0;
out:
    free(class_at);
    free(cls_first);
    free(cls_count);
    free(uo);
    free(taken);
    free(gunits);
    free(gfirst);
    free(gfill);
    free(hfill);
    return rc;
}

/* Independent check of the finished plan in whole numbers. */
int allocate_plan(struct plan *p, const struct model *m,
                  const struct eligibility *e, const struct config *c,
                  const struct allocate_opts *o, FILE *err)
{
    struct capwatch w = { 0 };
    memset(p, 0, sizeof *p);
    p->unit_request = malloc(((size_t)m->nunits + 1) * sizeof *p->unit_request);
    p->req_allocated = calloc((size_t)m->nrequests + 1, sizeof *p->req_allocated);
    p->req_outcome = calloc((size_t)m->nrequests + 1, 1);
    p->town_level = calloc((size_t)m->ntowns + 1, sizeof *p->town_level);
    p->town_floor = calloc((size_t)m->ntowns + 1, sizeof *p->town_floor);
    p->town_demand = calloc((size_t)m->ntowns + 1, sizeof *p->town_demand);
    uint8_t *used = calloc((size_t)m->nunits + 1, 1);
    int64_t *cap_left = malloc(((size_t)m->npayers + 1) * sizeof *cap_left);
    double *lvl = malloc(((size_t)m->ntowns + 1) * sizeof *lvl);
    int64_t *flr = calloc((size_t)m->ntowns + 1, sizeof *flr);
    int64_t *cap_model = malloc(((size_t)m->npayers + 1) * sizeof *cap_model);
    int64_t *max_spend = malloc(((size_t)m->npayers + 1) * sizeof *max_spend);
    uint8_t *modelled = calloc((size_t)m->npayers + 1, 1);
    int32_t *unit_rank = malloc(((size_t)m->nunits + 1) * sizeof *unit_rank);
    int32_t *request_rank = malloc(((size_t)m->nrequests + 1) * sizeof *request_rank);
    int rc = RH_EXIT_SOFTWARE;
    if (!p->unit_request || !p->req_allocated || !p->req_outcome ||
        !p->town_level || !p->town_floor || !p->town_demand || !used ||
        !cap_left || !lvl || !flr || !cap_model || !max_spend || !modelled ||
        !unit_rank ||
        !request_rank ||
        idrank(m->units, sizeof *m->units, m->nunits, unit_rank) < 0 ||
        idrank(m->requests, sizeof *m->requests, m->nrequests, request_rank) < 0) {
        fprintf(err, "rehouse: out of memory\n");
        goto out;
    }
    for (int32_t u = 0; u < m->nunits; u++)
        p->unit_request[u] = -1;
    for (int32_t t = 0; t < m->ntowns; t++)
        p->town_level[t] = 1.0;
    for (int32_t q = 0; q < m->npayers; q++)
        cap_left[q] = m->payers[q].capacity_c;
    /* The most a payer could spend: its requests' units at the dearest
     * allocatable flat of each layout.  A cap at or above it can never
     * bind, so it never enters the integer program (saturating sums). */
    {
        int32_t L = m->layouts.n;
        int64_t *dearest = calloc((size_t)(L > 0 ? L : 1), sizeof *dearest);
        if (!dearest) {
            fprintf(err, "rehouse: out of memory\n");
            goto out;
        }
        for (int32_t u = 0; u < m->nunits; u++)
            if (e->units[u] == UNIT_OK && m->units[u].value_c > dearest[m->units[u].layout])
                dearest[m->units[u].layout] = m->units[u].value_c;
        for (int32_t q = 0; q < m->npayers; q++)
            max_spend[q] = 0;
        for (int32_t r = 0; r < m->nrequests; r++) {
            if (!e->takes_part[r])
                continue;
            int64_t v, sum;
            int32_t q = m->requests[r].payer;
            if (__builtin_mul_overflow(m->requests[r].units,
                                       dearest[m->requests[r].layout], &v) ||
                __builtin_add_overflow(max_spend[q], v, &sum))
                max_spend[q] = INT64_MAX;
            else
                max_spend[q] = sum;
        }
        free(dearest);
    }

    struct stage_ctl ctl = { o->started + c->time_limit_s, o->log, p,
                             o->notify, o->notify_ud, capwatch_early, &w };
    int passes = c->late == RH_LATE_LAST ? 2 : 1;
    for (int pass = 0; pass < passes; pass++) {
        /* Caps enter lazily (capwatch.h): a pass is solved with the caps
         * known to bind (none at first); when it would take a payer over
         * its cap, that cap enters and the pass is solved again. */
        memset(modelled, 0, (size_t)m->npayers + 1);
        capwatch_release(&w);
        if (capwatch_init(&w, m, e, used, cap_left, modelled) < 0) {
            fprintf(err, "rehouse: out of memory\n");
            goto out;
        }
        int more = 1;
        while (more) {
            int nstages = p->nstages, integer = p->integer_passes;
            struct network n;
            double t0 = solve_clock();
            for (int32_t q = 0; q < m->npayers; q++)
                cap_model[q] = modelled[q] ? cap_left[q] : -1;
            if (network_build(&n, m, e, c, used, cap_model, pass) < 0) {
                fprintf(err, "rehouse: out of memory\n");
                goto out;
            }
            n.unit_rank = unit_rank;
            n.request_rank = request_rank;
            if (network_order(&n, m) < 0) {
                network_release(&n);
                fprintf(err, "rehouse: out of memory\n");
                goto out;
            }
            p->network_seconds += solve_clock() - t0;
            if (pass == 1 && n.ngroups == 0) {
                network_release(&n);
                break;
            }
            for (int32_t t = 0; t < m->ntowns; t++)
                lvl[t] = 1.0;
            double t1 = solve_clock();
            /* A modelled cap makes the pass an integer program: the LP
             * stages hand such a network back (STAGES_FRACTIONAL).  An
             * integer pass is dear, and its plan depends on which caps
             * it models: before the first, every cap that can bind
             * enters (the LP stages run again, cheaply), so that a pass
             * runs as an integer program once, with the same caps
             * whatever the LP stages found first. */
            int src = stages_solve(&n, m, c, &ctl, lvl, flr, err);
            if (src == STAGES_FRACTIONAL) {
                for (int32_t q = 0; q < m->npayers; q++)
                    if (cap_left[q] >= 0 && cap_left[q] < max_spend[q] &&
                        !modelled[q]) {
                        modelled[q] = 1;
                        src = STAGES_RETRY;
                    }
            }
            if (src == STAGES_FRACTIONAL) {
                p->nstages = nstages;
                src = exact_solve(&n, m, c, &ctl, lvl, flr, err);
                p->integer_passes++;
            }
            double t2 = solve_clock();
            if (src == STAGES_RETRY) {      /* a cap enters (capwatch_early) */
                network_release(&n);
                p->again_seconds += t2 - t1;
                more = 1;
            } else {
                if (src == 0 && assign_units(p, &n, m, e, used) < 0) {
                    fprintf(err, "rehouse: internal error: unit assignment failed\n");
                    src = RH_EXIT_SOFTWARE;
                }
                if (src == 0 && n.ncaps > 0 &&
                    deal_in_order(p, &n, m, cap_left, used) < 0) {
                    fprintf(err, "rehouse: out of memory\n");
                    src = RH_EXIT_SOFTWARE;
                }
                if (src == 0 && pass == 0)
                    for (int32_t t = 0; t < m->ntowns; t++) {
                        p->town_level[t] = lvl[t];
                        p->town_floor[t] = flr[t];
                        p->town_demand[t] = n.town_demand[t];
                    }
                network_release(&n);
                if (src) {
                    rc = src;
                    goto out;
                }
                more = capwatch_plan(&w, p);
                if (more < 0) {
                    fprintf(err, "rehouse: out of memory\n");
                    goto out;
                }
                if (more)
                    p->again_seconds += solve_clock() - t1;
                else
                    p->assign_seconds += solve_clock() - t2;
            }
            if (more) {             /* solve the pass again, with them */
                p->nstages = nstages;
                p->integer_passes = integer;
                p->cap_rounds++;
            }
        }
        /* No flat left that a short request of the pass could take within
         * its payer's cap (handout.h). */
        int64_t given = handout_units(p, m, e, c, used, pass, cap_left,
                                      unit_rank, request_rank);
        if (given < 0) {
            fprintf(err, "rehouse: out of memory\n");
            goto out;
        }
        p->handed_out += given;
        for (int32_t u = 0; u < m->nunits; u++) {
            int32_t r = p->unit_request[u];
            if (r >= 0 && used[u] == 1) {
                int32_t q = m->requests[r].payer;
                if (cap_left[q] >= 0)
                    cap_left[q] -= m->units[u].value_c;
                used[u] = 2;     /* counted */
            }
        }
    }

    for (int32_t r = 0; r < m->nrequests; r++) {
        int s = e->requests[r], out;
        if (s == REQ_REJECTED_LATE) out = OUT_REJECTED_LATE;
        else if (s == REQ_REJECTED_NO_PROOF) out = OUT_REJECTED_NO_PROOF;
        else if (s == REQ_SUSPENDED) out = OUT_SUSPENDED;
        else if (p->req_allocated[r] >= m->requests[r].units) out = OUT_SERVED;
        else if (p->req_allocated[r] > 0) out = OUT_PARTIAL;
        else out = OUT_UNSERVED;
        p->req_outcome[r] = (uint8_t)out;
    }
    char why[256];
    rc = plan_check(p, m, e, why, sizeof why);
    if (rc)
        fprintf(err, "rehouse: %s\n", why);
    if (rc == 0 && p->guard_hit)
        fprintf(err, "rehouse: warning: the time limit (time_limit_s = %d) cut "
                "the solve short; this plan depends on the machine's speed "
                "and load and is not reproducible\n", c->time_limit_s);
out:
    free(used);
    free(cap_left);
    free(lvl);
    free(flr);
    free(cap_model);
    free(max_spend);
    free(modelled);
    free(unit_rank);
    free(request_rank);
    capwatch_release(&w);
    return rc;
}

/* x with at most 6 decimals, trailing zeros dropped, whatever the locale
 * ("12.5", "3"). */
static void fmt_trim(double x, char buf[32])
{
    int n = value_format_fixed((int64_t)llround(x * 1e6), 6, buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
}

/* A fraction as a percentage with 2 decimals ("0.31"), any locale. */
static void fmt_pct2(double f, char buf[32])
{
    value_format_fixed((int64_t)llround(f * 1e4), 2, buf);
}

int plan_check_gap(const struct plan *p, const struct config *c, char *err,
                   size_t errsz)
{
    double max = (double)c->max_gap_ppm / 1e6;
    for (int i = 0; i < p->nstages; i++) {
        const struct stage_record *s = &p->stages[i];
        if (strcmp(s->name, "T") != 0 || stage_gap_fraction(s) <= max + 1e-12)
            continue;
        char obj[32], gap[32], pct[32], bound[32], mx[32];
        fmt_trim(s->objective, obj);
        fmt_trim(stage_gap(s), gap);
        fmt_pct2(stage_gap_fraction(s), pct);
        fmt_trim(s->bound, bound);
        fmt_trim(100.0 * max, mx);
        snprintf(err, errsz, "stage T (%s): %s units, %s (%s %%) below its "
                 "bound %s, more than max_gap %s %%: the plan is not "
                 "published", s->pass, obj, gap, pct, bound, mx);
        return RH_EXIT_GAP;
    }
    return 0;
}

int plan_unproven(const struct plan *p, char *buf, size_t bufsz)
{
    int n = 0;
    size_t used = 0;
    if (bufsz)
        buf[0] = '\0';
    for (int i = 0; i < p->nstages; i++) {
        const struct stage_record *s = &p->stages[i];
        if (s->status != STAGE_FEASIBLE)
            continue;
        char gap[32], pct[32];
        fmt_trim(stage_gap(s), gap);
        fmt_pct2(stage_gap_fraction(s), pct);
        if (used < bufsz) {
            int k = snprintf(buf + used, bufsz - used, "%s%s%s%s gap %s "
                             "(%s %%)%s", n ? ", " : "", s->name,
                             strcmp(s->pass, "ontime") ? " " : "",
                             strcmp(s->pass, "ontime") ? s->pass : "",
                             gap, pct,
                             s->guard_hit ? " cut by the time limit" : "");
            used += k > 0 ? (size_t)k : 0;
        }
        n++;
    }
    return n;
}

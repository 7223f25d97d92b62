/* planfix.c -- the output tests' fixture (planfix.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <glpk.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "io/csvout.h"
#include "io/exitcode.h"
#include "io/json.h"
#include "io/value.h"
#include "output/folder.h"
#include "output/kpi.h"
#include "output/order.h"
#include "output/output.h"
#include "output/summary.h"
#include "solve/plan.h"

#include "planfix.h"


rh_date fx_date(const char *s)
{
    rh_date d;
    char err[128];
    assert_int_equal(value_parse_date(s, strlen(s), &d, err, sizeof err), 0);
    return d;
}

static int32_t intern(struct strtab *t, const char *s)
{
    int added = 0;
    int32_t id = strtab_intern(t, s, strlen(s), &added);
    assert_true(id >= 0);
    return id;
}

static void add_town(struct model *m, const char *id, const char *name,
                     double lat, double lon)
{
    int32_t i = intern(&m->town_ids, id);
    assert_int_equal(i, m->ntowns);
    struct town *t = &m->towns[m->ntowns++];
    t->id = m->town_ids.strs[i];
    t->name = arena_strndup(&m->arena, name, strlen(name));
    t->kind = TOWN_TOWN;
    t->lat = lat;
    t->lon = lon;
    t->line = m->ntowns + 1;
}

static void add_project(struct model *m, const char *id, const char *town)
{
    int32_t i = intern(&m->project_ids, id);
    assert_int_equal(i, m->nprojects);
    struct project *p = &m->projects[m->nprojects++];
    p->id = m->project_ids.strs[i];
    p->name = p->id;
    p->town = strtab_find(&m->town_ids, town, strlen(town));
    assert_true(p->town >= 0);
}

static void add_unit(struct model *m, const char *id, const char *project,
                     const char *layout, int64_t area_c, int64_t price_c,
                     int status)
{
    int32_t i = intern(&m->unit_ids, id);
    assert_int_equal(i, m->nunits);
    struct unit *u = &m->units[m->nunits++];
    u->id = m->unit_ids.strs[i];
    u->project = strtab_find(&m->project_ids, project, strlen(project));
    assert_true(u->project >= 0);
    u->town = m->projects[u->project].town;
    u->layout = intern(&m->layouts, layout);
    u->area_c = area_c;
    u->price_c = price_c;
    u->value_c = model_unit_value(area_c, price_c);
    u->status = status;
    u->available_on = fx_date("2025-06-01");
    u->line = m->nunits + 1;
}

static void add_payer(struct model *m, const char *id, const char *name,
                      int proof, int64_t cap_c)
{
    int32_t i = intern(&m->payer_ids, id);
    assert_int_equal(i, m->npayers);
    struct payer *p = &m->payers[m->npayers++];
    p->id = m->payer_ids.strs[i];
    p->name = arena_strndup(&m->arena, name, strlen(name));
    p->capacity_proof = proof;
    p->capacity_c = cap_c;
}

static void add_request(struct model *m, const char *id, const char *payer,
                        const char *town, int cat, const char *layout,
                        int64_t units)
{
    int32_t i = intern(&m->request_ids, id);
    assert_int_equal(i, m->nrequests);
    struct request *q = &m->requests[m->nrequests++];
    q->id = m->request_ids.strs[i];
    q->payer = strtab_find(&m->payer_ids, payer, strlen(payer));
    q->town = strtab_find(&m->town_ids, town, strlen(town));
    assert_true(q->payer >= 0 && q->town >= 0);
    q->category = cat;
    q->layout = intern(&m->layouts, layout);
    q->units = units;
    q->submitted_on = fx_date("2024-10-01");
}

static void add_ledger(struct model *m, const char *payer, const char *due_on,
                       int64_t due_c, int64_t paid_c)
{
    struct ledger_row *g = &m->ledger[m->nledger++];
    g->payer = strtab_find(&m->payer_ids, payer, strlen(payer));
    g->agreement = "A1";
    g->due_on = fx_date(due_on);
    g->due_c = due_c;
    g->paid_c = paid_c;
}

static char *dupstr(const char *s)
{
    char *p = malloc(strlen(s) + 1);
    assert_non_null(p);
    memcpy(p, s, strlen(s) + 1);
    return p;
}

static void build(struct fx *f, const char *t4_name)
{
    struct model *m = &f->m;
    struct config *c = &f->c;

    model_init(m);
    m->towns = calloc(8, sizeof *m->towns);
    m->projects = calloc(8, sizeof *m->projects);
    m->units = calloc(16, sizeof *m->units);
    m->requests = calloc(8, sizeof *m->requests);
    m->payers = calloc(8, sizeof *m->payers);
    m->ledger = calloc(8, sizeof *m->ledger);
    assert_true(m->towns && m->projects && m->units && m->requests &&
                m->payers && m->ledger);

    add_town(m, "T1", "Zhoupu", 31.1, 121.5);
    add_town(m, "T2", "Nanhui", 31.0, 121.7);
    add_town(m, "T3", "Huinan", 31.05, 121.8);
    add_town(m, "T4", t4_name, 31.2, 121.6);     /* no demand, no projects */

    add_project(m, "PJ-C", "T3");                 /* not in id order */
    add_project(m, "PJ-A", "T1");
    add_project(m, "PJ-B", "T2");

    add_unit(m, "U03", "PJ-A", "2R", 6540, 10000, UNIT_AVAILABLE);
    add_unit(m, "U01", "PJ-A", "1R", 4025, 10050, UNIT_AVAILABLE);
    add_unit(m, "U08", "PJ-B", "1R", 4350, 9000, UNIT_AVAILABLE);
    add_unit(m, "U02", "PJ-B", "1R", 4100, 10000, UNIT_AVAILABLE);
    add_unit(m, "U05", "PJ-C", "2R", 8000, 8000, UNIT_AVAILABLE);
    add_unit(m, "U04", "PJ-B", "2R", 7000, 9000, UNIT_AVAILABLE);
    add_unit(m, "U06", "PJ-C", "1R", 4500, 8000, UNIT_RESERVED);
    add_unit(m, "U07", "PJ-A", "1R", 4200, 10000, UNIT_AVAILABLE);
    add_unit(m, "U09", "PJ-C", "1R", 5000, 8000, UNIT_AVAILABLE);
    add_unit(m, "U10", "PJ-A", "2R", 6000, 10000, UNIT_AVAILABLE);

    add_payer(m, "P1", "Zhoupu \"town\", office", 1, -1);
    add_payer(m, "P2", "=SUM(A1)", 1, 10000000);
    add_payer(m, "P3", "-x", 0, 500000);
    add_payer(m, "P0", "@home", 1, -1);

    add_request(m, "R2", "P1", "T1", RH_CAT_LIVELIHOOD, "1R", 3);
    add_request(m, "R1", "P2", "T2", RH_CAT_INFRASTRUCTURE, "2R", 3);
    add_request(m, "R3", "P3", "T1", RH_CAT_SOCIAL, "1R", 1);
    add_request(m, "R4", "P1", "T1", RH_CAT_INDUSTRY, "1R", 2);
    add_request(m, "R5", "P0", "T3", RH_CAT_SOCIAL, "1R", 1);

    add_ledger(m, "P1", "2024-06-30", 300000, 300000);   /* paid */
    add_ledger(m, "P2", "2024-06-30", 200000, 76544);    /* 1234.56 due */
    add_ledger(m, "P0", "2024-11-30", 50000, 0);         /* 500.00 due */

    for (int i = 0; i < RH_NINPUTS; i++) {
        m->files[i].rows = 10 + i;
        m->files[i].bytes = 1000u + (uint64_t)i;
        for (int b = 0; b < 32; b++)
            m->files[i].sha256[b] = (unsigned char)(i == 0 ? b : 0xa0 + i);
    }

    config_init(c);
    c->path = dupstr("plan.ini");
    c->dir = dupstr(".");
    c->year = 2025;
    c->as_of = fx_date("2025-01-15");
    c->deadline = fx_date("2024-10-31");
    c->horizon_end = fx_date("2025-12-31");
    for (int i = 0; i < RH_NINPUTS; i++) {
        char p[64];
        int n = snprintf(p, sizeof p, "data/%s.csv", rh_input_names[i]);
        assert_true(n > 0 && (size_t)n < sizeof p);
        c->input_path[i] = dupstr(p);
    }
    c->encoding = RH_ENC_UTF8;
    c->late = RH_LATE_REJECT;
    c->suspended = RH_SUSP_HOLD;
    c->grace_days = 30;
    c->tolerance_cents = 10000;
    for (int i = 0; i < RH_NCATEGORIES; i++) {
        c->category_order[i] = i;
        c->category_rank[i] = i;
    }
    c->time_limit_s = 60;

    assert_int_equal(eligibility_judge(&f->e, m, c), 0);

    /* units:   U03 U01 U08 U02 U05 U04 U06 U07 U09 U10
     * request:  R1  R2  R4  R2  R1  R1   -  R2  R5   -   */
    static const int32_t ur[] = { 1, 0, 3, 0, 1, 1, -1, 0, 4, -1 };
    static const int64_t alloc[] = { 3, 3, 0, 1, 1 };
    static const uint8_t outc[] = { OUT_SERVED, OUT_SUSPENDED,
                                    OUT_REJECTED_NO_PROOF, OUT_PARTIAL,
                                    OUT_SUSPENDED };
    struct plan *p = &f->p;
    memset(p, 0, sizeof *p);
    p->unit_request = calloc(10, sizeof *p->unit_request);
    p->req_allocated = calloc(5, sizeof *p->req_allocated);
    p->req_outcome = calloc(5, sizeof *p->req_outcome);
    p->town_level = calloc(4, sizeof *p->town_level);
    p->town_floor = calloc(4, sizeof *p->town_floor);
    p->town_demand = calloc(4, sizeof *p->town_demand);
    assert_true(p->unit_request && p->req_allocated && p->req_outcome &&
                p->town_level && p->town_floor && p->town_demand);
    memcpy(p->unit_request, ur, sizeof ur);
    memcpy(p->req_allocated, alloc, sizeof alloc);
    memcpy(p->req_outcome, outc, sizeof outc);
    p->town_level[0] = 0.8;
    p->town_level[1] = 1.0;
    p->town_level[2] = 1.0;
    p->town_level[3] = 1.0;
    p->town_floor[0] = 4;
    p->town_floor[1] = 3;
    p->town_floor[2] = 1;
    p->town_floor[3] = 0;
    p->nstages = 2;
    snprintf(p->stages[0].name, sizeof p->stages[0].name, "H");
    snprintf(p->stages[0].pass, sizeof p->stages[0].pass, "ontime");
    snprintf(p->stages[0].what, sizeof p->stages[0].what,
             "units to \"home\" towns");
    p->stages[0].objective = 4.0;
    p->stages[0].bound = 4.0;
    p->stages[0].status = 5;
    p->stages[0].lps = 1;
    p->stages[0].iterations = 7;
    p->stages[0].rows = 10;
    p->stages[0].cols = 12;
    p->stages[0].nonzeros = 24;
    p->stages[0].seconds = 0.0125;
    snprintf(p->stages[1].name, sizeof p->stages[1].name, "B");
    snprintf(p->stages[1].pass, sizeof p->stages[1].pass, "ontime");
    snprintf(p->stages[1].what, sizeof p->stages[1].what, "min fill rate");
    p->stages[1].objective = 2.0 / 3.0;
    p->stages[1].bound = 0.75;      /* feasible: the search was cut */
    p->stages[1].status = 2;
    p->stages[1].lps = 3;
    p->stages[1].iterations = 40;
    p->stages[1].rows = 11;
    p->stages[1].cols = 13;
    p->stages[1].nonzeros = 30;
    p->stages[1].seconds = 1.5;
    p->lambda_star = 0.8;
}

int fx_setup(void **state, const char *t4_name)
{
    struct fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    int n = snprintf(f->tmp, sizeof f->tmp, "%s/rh_output_XXXXXX",
                     getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (n < 0 || (size_t)n >= sizeof f->tmp || !mkdtemp(f->tmp))
        return -1;
    snprintf(f->out, sizeof f->out, "%s/plan", f->tmp);
    build(f, t4_name);
    *state = f;
    return 0;
}

int fx_teardown(void **state)
{
    struct fx *f = *state;
    plan_release(&f->p);
    eligibility_release(&f->e);
    config_release(&f->c);
    model_release(&f->m);
    folder_remove_tree(f->tmp);
    free(f);
    return 0;
}

/* test_report.c -- report.html and plan.xlsx: sections, escaping, no URL,
 * determinism (the fixture is test_output.c's tiny plan). */
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
#include "output/report.h"
#include "output/summary.h"
#include "output/xlsx.h"
#include "solve/plan.h"
#include "version.h"

/* ---- helpers ------------------------------------------------------------ */

/* snprintf that must fit (test paths are short). */
#define FMT(buf, ...)                                                        \
    do {                                                                     \
        int n_ = snprintf(buf, sizeof buf, __VA_ARGS__);                     \
        assert_true(n_ >= 0 && (size_t)n_ < sizeof buf);                     \
    } while (0)

/* Byte-compare two files: their length when they are identical, else -1
 * (a missing file fails the test). */
static long same_bytes(const char *p1, const char *p2)
{
    FILE *a = fopen(p1, "rb"), *b = fopen(p2, "rb");
    assert_non_null(a);
    assert_non_null(b);
    int ca, cb;
    long n = 0;
    do {
        ca = getc(a);
        cb = getc(b);
        n++;
    } while (ca == cb && ca != EOF);
    fclose(a);
    fclose(b);
    return ca == cb ? n - 1 : -1;
}

/* Whole file as a NUL-terminated string (NULL when unreadable). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (cap - n < 4096) {
            char *nb = realloc(buf, cap + 65536);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap += 65536;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static char *slurp2(const char *dir, const char *name)
{
    char path[PATH_MAX];
    FMT(path, "%s/%s", dir, name);
    return slurp(path);
}
/* Entries of dir other than . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    int n = 0;
    assert_non_null(d);
    while ((ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

/* ---- the fixture: a tiny model, its eligibility and a plan --------------- */

struct fx {
    struct model m;
    struct config c;
    struct eligibility e;
    struct plan p;
    char tmp[512];              /* a private folder for the test */
    char out[600];              /* tmp/plan */
};

static rh_date D(const char *s)
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
    u->available_on = D("2025-06-01");
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
    q->submitted_on = D("2024-10-01");
}

static void add_ledger(struct model *m, const char *payer, const char *due_on,
                       int64_t due_c, int64_t paid_c)
{
    struct ledger_row *g = &m->ledger[m->nledger++];
    g->payer = strtab_find(&m->payer_ids, payer, strlen(payer));
    g->agreement = "A1";
    g->due_on = D(due_on);
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

static void build(struct fx *f)
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
    add_town(m, "T4", "<b>&", 31.2, 121.6);      /* no demand, no projects */

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
    c->as_of = D("2025-01-15");
    c->deadline = D("2024-10-31");
    c->horizon_end = D("2025-12-31");
    for (int i = 0; i < RH_NINPUTS; i++) {
        char p[64];
        FMT(p, "data/%s.csv", rh_input_names[i]);
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
    p->stages[1].status = 2;
    p->stages[1].lps = 3;
    p->stages[1].iterations = 40;
    p->stages[1].rows = 11;
    p->stages[1].cols = 13;
    p->stages[1].nonzeros = 30;
    p->stages[1].seconds = 1.5;
    p->lambda_star = 0.8;
}

static void free_plan(struct plan *p)
{
    free(p->unit_request);
    free(p->req_allocated);
    free(p->req_outcome);
    free(p->town_level);
    free(p->town_floor);
    free(p->town_demand);
    memset(p, 0, sizeof *p);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    int n = snprintf(f->tmp, sizeof f->tmp, "%s/rh_output_XXXXXX",
                     getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (n < 0 || (size_t)n >= sizeof f->tmp || !mkdtemp(f->tmp))
        return -1;
    snprintf(f->out, sizeof f->out, "%s/plan", f->tmp);
    build(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    free_plan(&f->p);
    eligibility_release(&f->e);
    config_release(&f->c);
    model_release(&f->m);
    folder_remove_tree(f->tmp);
    free(f);
    return 0;
}


/* ---- report.html -------------------------------------------------------- */

/* Write report.html into dir (created) and return its text. */
static char *report_in(struct fx *f, const char *name)
{
    char dir[700], err[256];
    struct plan_kpi k;
    struct plan_reasons rs;
    FMT(dir, "%s/%s", f->tmp, name);
    assert_int_equal(mkdir(dir, 0777), 0);
    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    assert_int_equal(reasons_compute(&rs, &f->m, &f->e, &f->c, &f->p, &k), 0);
    int rc = report_write(dir, &f->m, &f->e, &f->c, &f->p, &k, &rs, err,
                          sizeof err);
    reasons_release(&rs);
    kpi_release(&k);
    assert_int_equal(rc, 0);
    char *s = slurp2(dir, REPORT_HTML);
    assert_non_null(s);
    return s;
}

static void test_report_sections(void **state)
{
    struct fx *f = *state;
    char *s = report_in(f, "r1");
    static const char *const want[] = {
        "<!DOCTYPE html>", "<meta charset=\"utf-8\">", "<style>",
        "主要指标 <span class=\"en\">Headline figures",
        "城镇平衡 <span class=\"en\">Town balance",
        "跨镇调配 <span class=\"en\">Flows between towns",
        "按类别 <span class=\"en\">By category",
        "欠款暂缓 <span class=\"en\">Payers in default",
        "不予受理的申请 <span class=\"en\">Rejected requests",
        "优化阶段 <span class=\"en\">Policy stages",
        "输入、参数与版本", "SHA-256", "<svg", "</html>\n",
        /* town names as given, figures without locale */
        "Zhoupu", "Nanhui", "Huinan",
        /* P2 "=SUM(A1)" is in default: 1234.56 overdue since 2024-06-30 */
        "=SUM(A1)", "1,234.56", "2024-06-30",
        /* P3 has no capacity proof: R3 rejected */
        "无支付能力证明 no proof of capacity to pay",
        /* first input's SHA-256 (bytes 0..31) */
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "2025-01-15", "rehouse " RH_VERSION,
        /* stage B is feasible only: the first screen says so, with its gap
         * in its own unit, before the headline figures */
        "<p class=\"unproven\" id=\"unproven\">1 个阶段为可行解",
        "1 of 2 stages are feasible, not proven optimal (gap in the stage",
        "B gap 0.666667 (66.67 %).</span>",
        /* why each short request is short (output/reason.h) */
        "为何未足额分配 <span class=\"en\">Why a request got less than it asked",
        "<span class=\"mono\">no_capacity_proof</span>",
        "付款单位额度 <span class=\"en\">Payers against their caps",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(s, want[i]))
            fail_msg("report.html lacks %s", want[i]);
    assert_true(strstr(s, "id=\"unproven\"") < strstr(s, "id=\"headline\""));
    free(s);
}

static void test_report_escaped(void **state)
{
    struct fx *f = *state;
    char *s = report_in(f, "r2");
    assert_non_null(strstr(s, "&lt;b&gt;&amp;"));
    assert_null(strstr(s, "<b>&"));
    /* stage H's objective text has quotes too */
    assert_non_null(strstr(s, "units to &quot;home&quot; towns"));
    free(s);
}

static void test_report_self_contained(void **state)
{
    struct fx *f = *state;
    char *s = report_in(f, "r3");
    assert_null(strstr(s, "http"));
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<link"));
    assert_null(strstr(s, "<img"));
    assert_null(strstr(s, "url("));
    assert_null(strstr(s, "@import"));
    free(s);
}

static void test_report_deterministic(void **state)
{
    struct fx *f = *state;
    char *a = report_in(f, "r4");
    setlocale(LC_ALL, "de_DE.UTF-8");   /* may not exist: then C stays */
    setlocale(LC_NUMERIC, "fr_FR.UTF-8");
    char *b = report_in(f, "r5");
    setlocale(LC_ALL, "C");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* A plan with no flow between towns and nobody in default still gives a
 * page with every section. */
static void test_report_quiet_plan(void **state)
{
    struct fx *f = *state;
    for (int32_t u = 0; u < f->m.nunits; u++)
        f->p.unit_request[u] = -1;
    for (int32_t r = 0; r < f->m.nrequests; r++) {
        f->p.req_allocated[r] = 0;
        f->p.req_outcome[r] = OUT_UNSERVED;
    }
    f->e.npayers_in_default = 0;
    for (int32_t i = 0; i < f->m.npayers; i++)
        f->e.payers[i].in_default = 0;
    char *s = report_in(f, "r6");
    assert_non_null(strstr(s, "No unit moves between towns."));
    assert_non_null(strstr(s, "No payer is in default."));
    assert_non_null(strstr(s, "No request was rejected."));
    assert_non_null(strstr(s, "</html>\n"));
    free(s);
}

static void test_report_cannot_write(void **state)
{
    struct fx *f = *state;
    char dir[700], err[256];
    struct plan_kpi k;
    FMT(dir, "%s/missing/dir", f->tmp);
    struct plan_reasons rs;
    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    assert_int_equal(reasons_compute(&rs, &f->m, &f->e, &f->c, &f->p, &k), 0);
    assert_int_equal(report_write(dir, &f->m, &f->e, &f->c, &f->p, &k, &rs,
                                  err, sizeof err), RH_EXIT_CANTCREAT);
    reasons_release(&rs);
    assert_int_equal(xlsx_write(dir, &f->m, &f->e, &f->c, &f->p, &k, err,
                                sizeof err), RH_EXIT_CANTCREAT);
    kpi_release(&k);
    assert_non_null(strstr(err, "plan.xlsx: cannot write"));
}

/* ---- plan.xlsx ---------------------------------------------------------- */

/* xlsx_start / xlsx_finish give the same workbook as xlsx_write, and
 * xlsx_cancel kills and reaps the writer: no child process is left. */
static void test_xlsx_job(void **state)
{
    struct fx *f = *state;
    char d1[700], d2[700], d3[700], err[256];
    struct plan_kpi k;
    struct plan_order o;
    struct xlsx_job j;
    FMT(d1, "%s/j1", f->tmp);
    FMT(d2, "%s/j2", f->tmp);
    FMT(d3, "%s/j3", f->tmp);
    assert_int_equal(mkdir(d1, 0777), 0);
    assert_int_equal(mkdir(d2, 0777), 0);
    assert_int_equal(mkdir(d3, 0777), 0);
    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    assert_int_equal(order_compute(&o, &f->m, &f->e, &f->p), 0);
    struct plan_reasons rs;
    assert_int_equal(reasons_compute(&rs, &f->m, &f->e, &f->c, &f->p, &k), 0);
    assert_int_equal(xlsx_write(d1, &f->m, &f->e, &f->c, &f->p, &k, err,
                                sizeof err), 0);
    assert_int_equal(xlsx_start(&j, d2, &f->m, &f->e, &f->c, &f->p, &k, &o,
                                &rs, err, sizeof err), 0);
    assert_true(j.pid > 0);
    assert_int_equal(xlsx_finish(&j, d2, err, sizeof err), 0);
    assert_int_equal(j.pid, -1);
    char p1[800], p2[800];
    FMT(p1, "%s/%s", d1, PLAN_XLSX);
    FMT(p2, "%s/%s", d2, PLAN_XLSX);
    assert_true(same_bytes(p1, p2) > 1000);

    assert_int_equal(xlsx_start(&j, d3, &f->m, &f->e, &f->c, &f->p, &k, &o,
                                &rs, err, sizeof err), 0);
    xlsx_cancel(&j);
    reasons_release(&rs);
    assert_int_equal(j.pid, -1);
    assert_int_equal(j.fd, -1);
    errno = 0;
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
    order_release(&o);
    kpi_release(&k);
}

static void test_xlsx_deterministic(void **state)
{
    struct fx *f = *state;
    char d1[700], d2[700], p1[800], p2[800], err[256];
    struct plan_kpi k;
    FMT(d1, "%s/x1", f->tmp);
    FMT(d2, "%s/x2", f->tmp);
    assert_int_equal(mkdir(d1, 0777), 0);
    assert_int_equal(mkdir(d2, 0777), 0);
    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    assert_int_equal(xlsx_write(d1, &f->m, &f->e, &f->c, &f->p, &k, err,
                                sizeof err), 0);
    sleep(1);       /* a wall-clock time in the file would now differ */
    assert_int_equal(xlsx_write(d2, &f->m, &f->e, &f->c, &f->p, &k, err,
                                sizeof err), 0);
    kpi_release(&k);
    FMT(p1, "%s/%s", d1, PLAN_XLSX);
    FMT(p2, "%s/%s", d2, PLAN_XLSX);
    assert_true(same_bytes(p1, p2) > 1000);
    /* a zip: local file header magic; nothing else left in the folder */
    char *s = slurp(p1);
    assert_non_null(s);
    assert_memory_equal(s, "PK\3\4", 4);
    free(s);
    assert_int_equal(count_entries(d1), 1);
}

/* The whole folder: report.html and plan.xlsx beside the CSV files. */
static void test_folder_has_report(void **state)
{
    struct fx *f = *state;
    char err[256], path[800];
    assert_int_equal(output_write_plan(f->out, &f->m, &f->e, &f->c, &f->p,
                                       NULL, err, sizeof err), 0);
    FMT(path, "%s/%s", f->out, REPORT_HTML);
    assert_int_equal(access(path, R_OK), 0);
    FMT(path, "%s/%s", f->out, PLAN_XLSX);
    assert_int_equal(access(path, R_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_escaped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_self_contained, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_deterministic, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_quiet_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_cannot_write, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_job, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_deterministic, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_folder_has_report, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

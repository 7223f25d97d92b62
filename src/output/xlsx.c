/* xlsx.c -- plan.xlsx with libxlsxwriter: the CSV tables as sheets. */
#include "xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "io/exitcode.h"
#include "io/outfile.h"
#include "io/str.h"
#include "output/summary.h"
#include "version.h"

/* The workbook being written, its formats and the first error. */
struct wb {
    lxw_workbook *w;
    lxw_format *head, *bold, *money, *area, *km, *pct, *date, *title;
    lxw_error rc;               /* first libxlsxwriter error */
    int oom;
};

static void chk(struct wb *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->rc == LXW_NO_ERROR)
        b->rc = e;
}

static void s_text(struct wb *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                   const char *s, lxw_format *f)
{
    if (s && *s)
        chk(b, worksheet_write_string(ws, r, c, s, f));
}

static void s_num(struct wb *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                  double v, lxw_format *f)
{
    chk(b, worksheet_write_number(ws, r, c, v, f));
}

static void s_int(struct wb *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                  int64_t v)
{
    s_num(b, ws, r, c, (double)v, NULL);
}

static void s_cents(struct wb *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    int64_t v)
{
    s_num(b, ws, r, c, (double)v / 100.0, b->money);
}

static void s_date(struct wb *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                   rh_date d)
{
    lxw_datetime dt = { 0 };
    value_date_to_ymd(d, &dt.year, &dt.month, &dt.day);
    chk(b, worksheet_write_datetime(ws, r, c, &dt, b->date));
}

/* A KPI rate (10^6 scale) as a percentage cell, or nothing. */
static void s_rate(struct wb *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                   int64_t rate)
{
    if (rate != KPI_NO_RATE && rate >= 0)
        s_num(b, ws, r, c, (double)rate / 1e6, b->pct);
}

/* Header row 0 from "中文 name" labels, widths, frozen, filtered. */
static lxw_worksheet *sheet(struct wb *b, const char *name,
                            const char *const *head, const double *width,
                            int n, lxw_row_t nrows)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->w, name);
    if (!ws) {
        b->oom = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        s_text(b, ws, 0, (lxw_col_t)i, head[i], b->head);
        chk(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i],
                                    NULL));
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (n > 0)
        chk(b, worksheet_autofilter(ws, 0, 0, nrows, (lxw_col_t)(n - 1)));
    return ws;
}

/* A table longer than a worksheet (1 048 575 data rows under the header)
 * goes on in "Name (2)", "Name (3)", ... each with its header: a workbook
 * limit never costs the plan. */
static int64_t sheet_rows = (int64_t)LXW_ROW_MAX - 1;
#define SHEET_ROWS sheet_rows

/* The tests' knob: REHOUSE_XLSX_SHEET_ROWS=N (1 .. the worksheet limit)
 * makes parts of N rows, so that the continuation sheets are tested on the
 * demo.  Read once per workbook. */
static void sheet_rows_from_env(void)
{
    const char *v = getenv("REHOUSE_XLSX_SHEET_ROWS");
    char *end;
    long long n = v ? strtoll(v, &end, 10) : 0;
    sheet_rows = (int64_t)LXW_ROW_MAX - 1;
    if (v && *v && !*end && n >= 1 && n < (long long)LXW_ROW_MAX - 1)
        sheet_rows = n;
}

struct longsheet {
    struct wb *b;
    const char *name;
    const char *const *head;
    const double *width;
    int n;
    int64_t total;          /* data rows in all */
    int64_t done;           /* data rows handed out */
    lxw_worksheet *ws;      /* the current part; NULL after a failure */
};

static void ls_init(struct longsheet *s, struct wb *b, const char *name,
                    const char *const *head, const double *width, int n,
                    int64_t total)
{
    *s = (struct longsheet){ b, name, head, width, n, total, 0, NULL };
    if (total == 0)
        s->ws = sheet(b, name, head, width, n, 0);
}

/* The row for the next data row, opening the next part when one is full.
 * RETURNS the row; s->ws is the sheet to write it in (NULL: give up). */
static lxw_row_t ls_next(struct longsheet *s)
{
    if (s->done % SHEET_ROWS == 0 && !(s->done > 0 && !s->ws)) {
        int64_t part = s->done / SHEET_ROWS + 1, left = s->total - s->done;
        char nm[32];
        if (part == 1)
            snprintf(nm, sizeof nm, "%s", s->name);
        else
            snprintf(nm, sizeof nm, "%s (%lld)", s->name, (long long)part);
        s->ws = sheet(s->b, nm, s->head, s->width, s->n,
                      (lxw_row_t)(left < SHEET_ROWS ? left : SHEET_ROWS));
    }
    return (lxw_row_t)(s->done++ % SHEET_ROWS) + 1;
}

/* ---- Summary ------------------------------------------------------------ */

struct summary_row {
    lxw_worksheet *ws;
    lxw_row_t row;
};

static void item(struct wb *b, struct summary_row *s, const char *label)
{
    s->row++;
    s_text(b, s->ws, s->row, 0, label, NULL);
}

static void section(struct wb *b, struct summary_row *s, const char *label)
{
    s->row += 2;
    s_text(b, s->ws, s->row, 0, label, b->bold);
}

static void w_summary(struct wb *b, const struct model *m,
                      const struct eligibility *e, const struct config *c,
                      const struct plan *p, const struct plan_kpi *k)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->w, "Summary");
    struct summary_row s = { ws, 0 };
    char t[128];
    if (!ws) {
        b->oom = 1;
        return;
    }
    chk(b, worksheet_set_column(ws, 0, 0, 44, NULL));
    chk(b, worksheet_set_column(ws, 1, 1, 22, NULL));
    chk(b, worksheet_set_column(ws, 2, 3, 16, NULL));
    chk(b, worksheet_set_column(ws, 4, 4, 68, NULL));
    snprintf(t, sizeof t, "%d 年度征收安置住房分配方案 Relocation housing plan %d",
             c->year, c->year);
    s_text(b, ws, 0, 0, t, b->title);
    if (c->scenario) {      /* a what-if must never pass for the official plan */
        const struct config_scenario *sc = c->scenario;
        snprintf(t, sizeof t, "假设情景 %s，非正式方案 What-if scenario %s: "
                 "not the official plan", sc->name, sc->name);
        s_text(b, ws, 1, 0, t, b->bold);
        section(b, &s, "假设情景 What-if scenario");
        item(b, &s, "名称 name");
        s_text(b, ws, s.row, 1, sc->name, NULL);
        item(b, &s, "说明 description");
        s_text(b, ws, s.row, 1, sc->description ? sc->description : "", NULL);
        item(b, &s, "情景文件 scenario file");
        s_text(b, ws, s.row, 1, sc->path, NULL);
        for (const char *l = sc->changes; l && *l;) {
            size_t n = strcspn(l, "\n");
            char line[512];
            snprintf(line, sizeof line, "%.*s", (int)(n < 511 ? n : 511), l);
            item(b, &s, "修改 change");
            s_text(b, ws, s.row, 1, line, NULL);
            l += n + (l[n] == '\n');
        }
    }

    section(b, &s, "主要指标 Headline figures");
    item(b, &s, "有效申请套数 units requested (taking part)");
    s_int(b, ws, s.row, 1, k->units_requested);
    item(b, &s, "全部申请套数 units requested (all lines)");
    s_int(b, ws, s.row, 1, k->units_requested_all);
    item(b, &s, "已安置套数 units allocated");
    s_int(b, ws, s.row, 1, k->units_allocated);
    item(b, &s, "其中可交付 handed over");
    s_int(b, ws, s.row, 1, k->units_handed_over);
    item(b, &s, "其中暂缓 held for payers in default");
    s_int(b, ws, s.row, 1, k->units_suspended);
    item(b, &s, "可分配房源 units allocatable");
    s_int(b, ws, s.row, 1, k->units_allocatable);
    item(b, &s, "未分配房源 units idle");
    s_int(b, ws, s.row, 1, k->units_idle);
    item(b, &s, "本镇安置套数 home-town units");
    s_int(b, ws, s.row, 1, k->home_units);
    item(b, &s, "本镇安置比例 home-town share");
    s_rate(b, ws, s.row, 1, k->home_share);
    item(b, &s, "跨镇调配套数 units moved between towns");
    s_int(b, ws, s.row, 1, k->moved_units);
    item(b, &s, "调配距离 unit·km");
    s_num(b, ws, s.row, 1, (double)k->distance_m / 1000.0, b->km);
    item(b, &s, "安置房价值（元） value allocated CNY");
    s_cents(b, ws, s.row, 1, k->value_c);
    item(b, &s, "暂缓房源价值（元） value held CNY");
    s_cents(b, ws, s.row, 1, k->value_suspended_c);
    item(b, &s, "有需求的镇 towns with demand");
    s_int(b, ws, s.row, 1, k->ntowns_with_demand);
    item(b, &s, "最低满足率 min town fill rate");
    s_rate(b, ws, s.row, 1, k->fill_min);
    item(b, &s, "满足率中位数 median town fill rate");
    s_rate(b, ws, s.row, 1, k->fill_median);
    item(b, &s, "欠款单位数 payers in default");
    s_int(b, ws, s.row, 1, e->npayers_in_default);

    section(b, &s, "申请结果 Requests by outcome");
    for (int o = 0; o < OUT_NOUTCOMES; o++) {
        item(b, &s, request_outcome_names[o]);
        s_int(b, ws, s.row, 1, k->by_outcome[o]);
    }

    section(b, &s, "优化阶段 Policy stages");
    s_text(b, ws, s.row, 1, "objective", b->head);
    s_text(b, ws, s.row, 2, "status", b->head);
    s_text(b, ws, s.row, 3, "pass", b->head);
    s_text(b, ws, s.row, 4, "what", b->head);
    for (int i = 0; i < p->nstages && i < PLAN_MAX_STAGES; i++) {
        const struct stage_record *r = &p->stages[i];
        char name[sizeof r->name + 1], pass[sizeof r->pass + 1],
             what[sizeof r->what + 1];
        snprintf(name, sizeof name, "%.*s", (int)sizeof r->name, r->name);
        snprintf(pass, sizeof pass, "%.*s", (int)sizeof r->pass, r->pass);
        snprintf(what, sizeof what, "%.*s", (int)sizeof r->what, r->what);
        item(b, &s, name);
        s_num(b, ws, s.row, 1, (double)llround(r->objective * 1e6) / 1e6, NULL);
        s_text(b, ws, s.row, 2, summary_glpk_status(r->status), NULL);
        s_text(b, ws, s.row, 3, pass, NULL);
        s_text(b, ws, s.row, 4, what, NULL);
    }

    section(b, &s, "参数 Parameters");
    item(b, &s, "config");
    s_text(b, ws, s.row, 1, c->path, NULL);
    item(b, &s, "year");
    s_int(b, ws, s.row, 1, c->year);
    item(b, &s, "as_of");
    s_date(b, ws, s.row, 1, c->as_of);
    item(b, &s, "deadline");
    s_date(b, ws, s.row, 1, c->deadline);
    item(b, &s, "horizon_end");
    s_date(b, ws, s.row, 1, c->horizon_end);
    item(b, &s, "encoding");
    s_text(b, ws, s.row, 1, rh_encoding_names[c->encoding],
           NULL);
    item(b, &s, "late");
    s_text(b, ws, s.row, 1, rh_late_names[c->late], NULL);
    item(b, &s, "suspended");
    s_text(b, ws, s.row, 1, rh_suspended_names[c->suspended],
           NULL);
    item(b, &s, "grace_days");
    s_int(b, ws, s.row, 1, c->grace_days);
    item(b, &s, "default_tolerance_cny");
    s_cents(b, ws, s.row, 1, c->tolerance_cents);
    item(b, &s, "category_order");
    t[0] = '\0';
    for (int i = 0; i < RH_NCATEGORIES; i++) {
        int cat = c->category_order[i];
        size_t l = strlen(t);
        snprintf(t + l, sizeof t - l, "%s%s", i ? ", " : "",
                 cat >= 0 && cat < RH_NCATEGORIES ? rh_category_names[cat] : "");
    }
    s_text(b, ws, s.row, 1, t, NULL);
    item(b, &s, "time_limit_s");
    s_int(b, ws, s.row, 1, c->time_limit_s);

    section(b, &s, "输入文件 Inputs");
    s_text(b, ws, s.row, 1, "path", b->head);
    s_text(b, ws, s.row, 2, "rows", b->head);
    s_text(b, ws, s.row, 3, "bytes", b->head);
    s_text(b, ws, s.row, 4, "sha256", b->head);
    for (int i = 0; i < RH_NINPUTS; i++) {
        const struct csv_file_info *f = &m->files[i];
        char sha[65];
        str_hex(f->sha256, sizeof f->sha256, sha);
        item(b, &s, rh_input_names[i]);
        s_text(b, ws, s.row, 1, c->input_path[i], NULL);
        s_int(b, ws, s.row, 2, (int64_t)f->rows);
        s_int(b, ws, s.row, 3, (int64_t)f->bytes);
        s_text(b, ws, s.row, 4, sha, NULL);
    }

    section(b, &s, "版本 Versions");
    item(b, &s, "rehouse");
    s_text(b, ws, s.row, 1, RH_VERSION, NULL);
    item(b, &s, "glpk");
    s_text(b, ws, s.row, 1, glp_version(), NULL);
}

/* ---- Towns and Flows ---------------------------------------------------- */

static void w_towns(struct wb *b, const struct model *m,
                    const struct plan_kpi *k)
{
    static const char *const head[] = {
        "编号 town_id", "名称 name", "可分配房源 supply", "有效申请 demand",
        "本镇安置 home_allocated", "调入 imported", "调出 exported",
        "已安置 allocated", "满足率 fill_rate"
    };
    static const double width[] = { 12, 18, 14, 14, 18, 12, 12, 14, 14 };
    struct longsheet ls;
    ls_init(&ls, b, "Towns", head, width, 9, m->ntowns);
    for (int32_t t = 0; t < m->ntowns; t++) {
        lxw_row_t r = ls_next(&ls);
        lxw_worksheet *ws = ls.ws;
        if (!ws)
            return;
        s_text(b, ws, r, 0, m->towns[t].id, NULL);
        s_text(b, ws, r, 1, m->towns[t].name, NULL);
        s_int(b, ws, r, 2, k->town_supply[t]);
        s_int(b, ws, r, 3, k->town_demand[t]);
        s_int(b, ws, r, 4, k->town_home[t]);
        s_int(b, ws, r, 5, k->town_imported[t]);
        s_int(b, ws, r, 6, k->town_exported[t]);
        s_int(b, ws, r, 7, k->town_allocated[t]);
        s_rate(b, ws, r, 8, k->town_fill[t]);
    }
}

static void w_flows(struct wb *b, const struct model *m,
                    const struct plan_kpi *k)
{
    int32_t nt = m->ntowns;
    int32_t *cols = malloc(((size_t)nt + 1) * sizeof *cols);
    int64_t *coltot = calloc((size_t)nt + 1, sizeof *coltot);
    lxw_worksheet *ws = workbook_add_worksheet(b->w, "Flows");
    const struct kpi_flow *fl = k->flows, *fend = k->flows + k->nflows;
    int nc = 0, nr = 0;
    lxw_row_t row = 1;

    if (!cols || !coltot || !ws) {
        b->oom = 1;
        goto done;
    }
    for (int32_t t = 0; t < nt; t++) {
        if (k->town_imported[t] > 0)
            cols[nc++] = t;
        if (k->town_exported[t] > 0)
            nr++;
    }
    if ((int64_t)nc + 3 > (int64_t)LXW_COL_MAX ||
        (int64_t)nr + 2 > (int64_t)LXW_ROW_MAX) {
        /* A matrix a worksheet cannot hold: say so, never fail the plan. */
        char note[200];
        snprintf(note, sizeof note, "%d 个镇调入、%d 个镇调出，超出工作表的行列上限；"
                 "见 Towns 表。 %d importing and %d exporting towns exceed a "
                 "worksheet; see the Towns sheet.", nc, nr, nc, nr);
        s_text(b, ws, 0, 0, note, NULL);
        goto done;
    }
    s_text(b, ws, 0, 0, "房源所在镇 project town ↓ / 户籍镇 home town →",
           b->head);
    s_text(b, ws, 0, 1, "名称 name", b->head);
    chk(b, worksheet_set_column(ws, 0, 0, 14, NULL));
    chk(b, worksheet_set_column(ws, 1, 1, 16, NULL));
    for (int j = 0; j < nc; j++) {
        char h[1100];
        snprintf(h, sizeof h, "%s %s", m->towns[cols[j]].id,
                 m->towns[cols[j]].name);
        s_text(b, ws, 0, (lxw_col_t)(j + 2), h, b->head);
    }
    if (nc > 0)
        chk(b, worksheet_set_column(ws, 2, (lxw_col_t)(nc + 1), 10, NULL));
    s_text(b, ws, 0, (lxw_col_t)(nc + 2), "合计 total", b->head);
    chk(b, worksheet_set_column(ws, (lxw_col_t)(nc + 2), (lxw_col_t)(nc + 2),
                                12, NULL));
    worksheet_freeze_panes(ws, 1, 2);
    for (int32_t a = 0; a < nt; a++) {
        if (k->town_exported[a] <= 0)
            continue;
        int64_t tot = 0;
        s_text(b, ws, row, 0, m->towns[a].id, NULL);
        s_text(b, ws, row, 1, m->towns[a].name, NULL);
        while (fl < fend && fl->from < a)
            fl++;
        for (int j = 0; j < nc; j++) {
            while (fl < fend && fl->from == a && fl->to < cols[j])
                fl++;
            int64_t v = fl < fend && fl->from == a && fl->to == cols[j]
                            ? fl->units : 0;
            if (v > 0)
                s_int(b, ws, row, (lxw_col_t)(j + 2), v);
            tot += v;
            coltot[j] += v;
        }
        s_num(b, ws, row, (lxw_col_t)(nc + 2), (double)tot, b->bold);
        row++;
    }
    s_text(b, ws, row, 0, "合计 total", b->bold);
    int64_t all = 0;
    for (int j = 0; j < nc; j++) {
        s_num(b, ws, row, (lxw_col_t)(j + 2), (double)coltot[j], b->bold);
        all += coltot[j];
    }
    s_num(b, ws, row, (lxw_col_t)(nc + 2), (double)all, b->bold);
done:
    free(cols);
    free(coltot);
}

/* ---- Requests, Allocation, Suspended, Payers ---------------------------- */

static void w_requests(struct wb *b, const struct model *m,
                       const struct eligibility *e, const struct config *c,
                       const struct plan *p, const struct plan_reasons *rs)
{
    static const char *const head[] = {
        "申请编号 request_id", "付款单位 payer_id", "户籍镇 home_town",
        "类别 category", "户型 layout", "申请套数 requested",
        "已安置 allocated", "结果 status", "原因 reason",
        "说明 reason_detail"
    };
    static const double width[] = { 18, 16, 16, 16, 10, 14, 12, 26, 18, 80 };
    struct longsheet ls;
    char detail[512];
    ls_init(&ls, b, "Requests", head, width, 10, m->nrequests);
    for (int32_t i = 0; i < m->nrequests; i++) {
        const struct request *q = &m->requests[i];
        unsigned o = p->req_outcome[i];
        lxw_row_t r = ls_next(&ls);
        lxw_worksheet *ws = ls.ws;
        if (!ws)
            return;
        s_text(b, ws, r, 0, q->id, NULL);
        s_text(b, ws, r, 1, m->payers[q->payer].id, NULL);
        s_text(b, ws, r, 2, m->towns[q->town].id, NULL);
        s_text(b, ws, r, 3, rh_category_names[q->category], NULL);
        s_text(b, ws, r, 4, m->layouts.strs[q->layout], NULL);
        s_int(b, ws, r, 5, q->units);
        s_int(b, ws, r, 6, p->req_allocated[i]);
        s_text(b, ws, r, 7, o < OUT_NOUTCOMES ? request_outcome_names[o] : "",
               NULL);
        if (rs->reason[i] != REASON_NONE) {
            reason_detail(rs, m, e, c, p, i, detail, sizeof detail);
            s_text(b, ws, r, 8, reason_names[rs->reason[i]], NULL);
            s_text(b, ws, r, 9, detail, NULL);
        }
    }
}

static void w_allocation(struct wb *b, const struct model *m,
                         const struct plan_order *o)
{
    static const char *const head[] = {
        "申请编号 request_id", "付款单位 payer_id", "户籍镇 home_town",
        "类别 category", "项目 project_id", "项目所在镇 project_town",
        "户型 layout", "套数 units", "面积 area_m2", "价值 value_cny",
        "距离 distance_km"
    };
    static const double width[] = { 18, 16, 16, 16, 14, 18, 10, 10, 12, 16, 14 };
    struct longsheet ls;
    ls_init(&ls, b, "Allocation", head, width, 11, o->nrows);
    for (int32_t i = 0; i < o->nrows; i++) {
        const struct order_row *row = &o->rows[i];
        const struct request *q = &m->requests[row->request];
        const struct project *pr = &m->projects[row->project];
        lxw_row_t r = ls_next(&ls);
        lxw_worksheet *ws = ls.ws;
        if (!ws)
            return;
        s_text(b, ws, r, 0, q->id, NULL);
        s_text(b, ws, r, 1, m->payers[q->payer].id, NULL);
        s_text(b, ws, r, 2, m->towns[q->town].id, NULL);
        s_text(b, ws, r, 3, rh_category_names[q->category], NULL);
        s_text(b, ws, r, 4, pr->id, NULL);
        s_text(b, ws, r, 5, m->towns[pr->town].id, NULL);
        s_text(b, ws, r, 6, m->layouts.strs[q->layout], NULL);
        s_int(b, ws, r, 7, row->units);
        s_num(b, ws, r, 8, (double)row->area_c / 100.0, b->area);
        s_cents(b, ws, r, 9, row->value_c);
        s_num(b, ws, r, 10, (double)row->dist_m / 1000.0, b->km);
    }
}

static void w_suspended(struct wb *b, const struct model *m,
                        const struct eligibility *e, const struct plan *p,
                        const struct plan_order *o)
{
    static const char *const head[] = {
        "付款单位 payer_id", "名称 payer_name", "逾期金额 overdue_cny",
        "最早逾期应付日 oldest_due_on", "逾期天数 days_overdue",
        "房源 unit_id", "项目 project_id", "户型 layout", "面积 area_m2",
        "价值 value_cny", "申请编号 request_id"
    };
    static const double width[] = { 16, 26, 16, 16, 12, 18, 14, 10, 12, 16, 18 };
    const int32_t *k = o->suspended, n = o->nsuspended;
    struct longsheet ls;
    ls_init(&ls, b, "Suspended", head, width, 11, n);
    for (int32_t i = 0; i < n; i++) {
        const struct unit *un = &m->units[k[i]];
        const struct request *q = &m->requests[p->unit_request[k[i]]];
        const struct payer_judgement *pj = &e->payers[q->payer];
        lxw_row_t r = ls_next(&ls);
        lxw_worksheet *ws = ls.ws;
        if (!ws)
            return;
        s_text(b, ws, r, 0, m->payers[q->payer].id, NULL);
        s_text(b, ws, r, 1, m->payers[q->payer].name, NULL);
        s_cents(b, ws, r, 2, pj->overdue_c);
        if (pj->in_default) {
            s_date(b, ws, r, 3, pj->oldest_due);
            s_int(b, ws, r, 4, pj->days_overdue);
        }
        s_text(b, ws, r, 5, un->id, NULL);
        s_text(b, ws, r, 6, m->projects[un->project].id, NULL);
        s_text(b, ws, r, 7, m->layouts.strs[un->layout], NULL);
        s_num(b, ws, r, 8, (double)un->area_c / 100.0, b->area);
        s_cents(b, ws, r, 9, un->value_c);
        s_text(b, ws, r, 10, q->id, NULL);
    }
}

static void w_payers(struct wb *b, const struct model *m,
                     const struct eligibility *e, const struct plan_kpi *k)
{
    static const char *const head[] = {
        "付款单位 payer_id", "名称 payer_name", "欠款 in_default",
        "逾期金额 overdue_cny", "申请套数 requested", "已安置 allocated",
        "暂缓 suspended", "价值 value_cny", "支付上限 capacity_cny"
    };
    static const double width[] = { 16, 30, 12, 16, 14, 12, 12, 18, 18 };
    struct longsheet ls;
    ls_init(&ls, b, "Payers", head, width, 9, m->npayers);
    for (int32_t i = 0; i < m->npayers; i++) {
        const struct payer *py = &m->payers[i];
        lxw_row_t r = ls_next(&ls);
        lxw_worksheet *ws = ls.ws;
        if (!ws)
            break;
        s_text(b, ws, r, 0, py->id, NULL);
        s_text(b, ws, r, 1, py->name, NULL);
        s_text(b, ws, r, 2, e->payers[i].in_default ? "yes" : "no", NULL);
        s_cents(b, ws, r, 3, e->payers[i].overdue_c);
        s_int(b, ws, r, 4, k->payer_requested[i]);
        s_int(b, ws, r, 5, k->payer_allocated[i]);
        s_int(b, ws, r, 6, k->payer_held[i]);
        s_cents(b, ws, r, 7, k->payer_value_c[i]);
        if (py->capacity_c >= 0)
            s_cents(b, ws, r, 8, py->capacity_c);
    }
}

/* ---- the workbook ------------------------------------------------------- */

static lxw_format *fmt(struct wb *b, const char *num)
{
    lxw_format *f = workbook_add_format(b->w);
    if (!f) {
        b->oom = 1;
        return NULL;
    }
    if (num)
        format_set_num_format(f, num);
    return f;
}

static int write_here(const char *dir, const struct model *m,
                      const struct eligibility *e, const struct config *c,
                      const struct plan *p, const struct plan_kpi *k,
                      const struct plan_order *o,
                      const struct plan_reasons *rs, char *err, size_t errsz)
{
    char path[PATH_MAX], tmpdir[PATH_MAX];
    struct wb b;
    memset(&b, 0, sizeof b);

    if (outfile_join(path, sizeof path, dir, PLAN_XLSX) < 0 ||
        snprintf(tmpdir, sizeof tmpdir, "%s", dir) >= (int)sizeof tmpdir) {
        snprintf(err, errsz, "%s/%s: cannot write: %s", dir, PLAN_XLSX,
                 strerror(ENAMETOOLONG));
        return rh_exit_for_errno(ENAMETOOLONG);
    }
    /* Create the file first: a clear message (and none of libxlsxwriter's
     * own lines on stderr) when the folder cannot take it. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 || close(fd) < 0) {
        snprintf(err, errsz, "%s: cannot write: %s", path, strerror(errno));
        return rh_exit_for_errno(errno);
    }
    lxw_workbook_options opt = { .constant_memory = LXW_FALSE,
                                 .tmpdir = tmpdir, .use_zip64 = LXW_FALSE };
    b.w = workbook_new_opt(path, &opt);
    if (!b.w) {
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    /* Fixed document time: the plan's as_of date, 00:00 UTC. */
    char title[64];
    snprintf(title, sizeof title, "rehouse plan %d", c->year);
    lxw_doc_properties props = { .title = title, .author = "rehouse",
                                 .created = (time_t)c->as_of * 86400 };
    chk(&b, workbook_set_properties(b.w, &props));

    sheet_rows_from_env();
    b.head = fmt(&b, NULL);
    b.bold = fmt(&b, NULL);
    b.title = fmt(&b, NULL);
    b.money = fmt(&b, "#,##0.00");
    b.area = fmt(&b, "0.00");
    b.km = fmt(&b, "0.000");
    b.pct = fmt(&b, "0.00%");
    b.date = fmt(&b, "yyyy-mm-dd");
    if (!b.oom) {
        format_set_bold(b.head);
        format_set_bg_color(b.head, 0xDDE7F2);
        format_set_text_wrap(b.head);
        format_set_bold(b.bold);
        format_set_bold(b.title);
        format_set_font_size(b.title, 14);
    }
    if (!b.oom)
        w_summary(&b, m, e, c, p, k);
    if (!b.oom)
        w_towns(&b, m, k);
    if (!b.oom)
        w_flows(&b, m, k);
    if (!b.oom)
        w_requests(&b, m, e, c, p, rs);
    if (!b.oom)
        w_allocation(&b, m, o);
    if (!b.oom)
        w_suspended(&b, m, e, p, o);
    if (!b.oom)
        w_payers(&b, m, e, k);
    /* A failed allocation in libxlsxwriter's shared string table comes
     * back from worksheet_write_string as "string index not found". */
    if (b.oom || b.rc == LXW_ERROR_MEMORY_MALLOC_FAILED ||
        b.rc == LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND) {
        workbook_close(b.w);    /* frees; the half file goes with tmpdir */
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    lxw_error rc = workbook_close(b.w);
    if (b.rc != LXW_NO_ERROR || rc != LXW_NO_ERROR) {
        int e0 = errno;
        if (rc == LXW_ERROR_MEMORY_MALLOC_FAILED || e0 == ENOMEM) {
            snprintf(err, errsz, "%s: out of memory", path);
            return RH_EXIT_SOFTWARE;
        }
        snprintf(err, errsz, "%s: cannot write: %s%s%s", path,
                 lxw_strerror(b.rc != LXW_NO_ERROR ? b.rc : rc),
                 e0 ? ": " : "", e0 ? strerror(e0) : "");
        return rh_exit_for_errno(e0);
    }
    /* Start the file's writeback now, in this process that runs beside
     * the others: the fsync before the folder swap then waits for less. */
    int wfd = open(path, O_RDONLY | O_CLOEXEC);
    if (wfd >= 0) {
        outfile_start_writeback(wfd);
        close(wfd);
    }
    return 0;
}

/* libxlsxwriter does not survive every failed allocation (it can crash
 * inside worksheet_write_*): the workbook is written by a child process, so
 * a crash there is an error like any other and never takes the run down.
 * The child also runs beside the parent's own writers, on another core. */
int xlsx_start(struct xlsx_job *j, const char *dir, const struct model *m,
               const struct eligibility *e, const struct config *c,
               const struct plan *p, const struct plan_kpi *k,
               const struct plan_order *o, const struct plan_reasons *rs,
               char *err, size_t errsz)
{
    int fds[2];
    j->pid = -1;
    j->fd = -1;
    if (pipe(fds) < 0) {
        snprintf(err, errsz, "%s/%s: cannot write: %s", dir, PLAN_XLSX,
                 strerror(errno));
        return errno == ENOMEM ? RH_EXIT_SOFTWARE : RH_EXIT_CANTCREAT;
    }
    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int e0 = errno;
        close(fds[0]);
        close(fds[1]);
        snprintf(err, errsz, "%s/%s: cannot start the writer: %s", dir,
                 PLAN_XLSX, strerror(e0));
        return RH_EXIT_SOFTWARE;
    }
    if (pid == 0) {
        close(fds[0]);
        /* Die with the parent: a run killed while the workbook is being
         * written must not leave a writer behind that still fills (and
         * holds the lock of) a folder the next run removes. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
            _exit(RH_EXIT_SOFTWARE);
        /* libxlsxwriter reports some failures (a format it could not
         * allocate) only as a line on stderr and goes on: send that line
         * to the parent, which treats any output as a failure. */
        dup2(fds[1], STDERR_FILENO);
        char msg[PATH_MAX + 512] = "";
        int rc = write_here(dir, m, e, c, p, k, o, rs, msg, sizeof msg);
        if (rc) {
            size_t len = strlen(msg);
            if (write(fds[1], msg, len) != (ssize_t)len)
                rc = RH_EXIT_SOFTWARE;
        }
        _exit(rc);
    }
    close(fds[1]);
    j->pid = pid;
    j->fd = fds[0];
    return 0;
}

int xlsx_finish(struct xlsx_job *j, const char *dir, char *err, size_t errsz)
{
    char msg[PATH_MAX + 512];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof msg - 1 &&
           ((r = read(j->fd, msg + got, sizeof msg - 1 - got)) > 0 ||
            (r < 0 && errno == EINTR)))
        if (r > 0)
            got += (size_t)r;
    msg[got] = '\0';
    close(j->fd);
    j->fd = -1;
    int status;
    pid_t pid = j->pid;
    j->pid = -1;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            snprintf(err, errsz, "%s/%s: lost the writer: %s", dir, PLAN_XLSX,
                     strerror(errno));
            return RH_EXIT_SOFTWARE;
        }
    if (WIFSIGNALED(status)) {
        snprintf(err, errsz, "%s/%s: the workbook writer died of signal %d",
                 dir, PLAN_XLSX, WTERMSIG(status));
        return RH_EXIT_SOFTWARE;
    }
    int rc = WEXITSTATUS(status);
    if (rc == 0 && got) {           /* it complained but carried on */
        msg[strcspn(msg, "\n")] = '\0';
        const char *what = msg;
        if (!strncmp(what, "[ERROR]", 7))   /* its line, in our words */
            for (what += 7; *what == ' ' || *what == ':'; what++) { }
        snprintf(err, errsz, "%s/%s: the workbook library failed: %s", dir,
                 PLAN_XLSX, what);
        return RH_EXIT_SOFTWARE;
    }
    if (rc) {
        /* the writer's own message is its last line; libxlsxwriter's
         * "[ERROR] ..." lines before it are not passed on */
        while (got > 0 && msg[got - 1] == '\n')
            msg[--got] = '\0';
        const char *last = strrchr(msg, '\n');
        last = last ? last + 1 : msg;
        if (!strncmp(last, "[ERROR]", 7))
            last = "";
        snprintf(err, errsz, "%s", *last ? last
                 : "plan.xlsx: the workbook writer failed");
    }
    return rc;
}

void xlsx_cancel(struct xlsx_job *j)
{
    int e0 = errno;
    if (j->fd >= 0)
        close(j->fd);
    j->fd = -1;
    if (j->pid > 0) {
        (void)kill(j->pid, SIGKILL);
        while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    j->pid = -1;
    errno = e0;
}

int xlsx_write(const char *dir, const struct model *m,
               const struct eligibility *e, const struct config *c,
               const struct plan *p, const struct plan_kpi *k, char *err,
               size_t errsz)
{
    struct plan_order o;
    struct plan_reasons rs;
    struct xlsx_job j;
    int rc;

    if (order_compute(&o, m, e, p) < 0) {
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    if (reasons_compute(&rs, m, e, c, p, k) < 0) {
        order_release(&o);
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    rc = xlsx_start(&j, dir, m, e, c, p, k, &o, &rs, err, errsz);
    if (rc == 0)
        rc = xlsx_finish(&j, dir, err, errsz);
    reasons_release(&rs);
    order_release(&o);
    return rc;
}

/* report.c -- report.html: headline, town balance, flows, categories,
 * suspended and rejected lists, stages, inputs; inline CSS and SVG. */
#include "report.h"

#include <errno.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/exitcode.h"
#include "io/outfile.h"
#include "io/str.h"
#include "io/value.h"
#include "output/summary.h"
#include "solve/allocate.h"
#include "version.h"

/* ---- a tiny locale-free formatter ---------------------------------------- */

struct rep {
    struct outfile f;
    const struct model *m;
    const struct eligibility *e;
    const struct config *c;
    const struct plan *p;
    const struct plan_kpi *k;
    const struct plan_reasons *rs;
};

/* Text with & < > " ' escaped. */
static void put_esc(struct outfile *f, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep) {
            outfile_write(f, run, (size_t)(s - run));
            outfile_puts(f, rep);
            run = s + 1;
        }
    }
    outfile_write(f, run, (size_t)(s - run));
}

/* v scaled by 10^scale, thousands grouped with ",": "1,234,567.89". */
static void fmt_grouped(int64_t v, int scale, char out[48])
{
    char b[32];
    int n = value_format_fixed(v, scale, b);
    int neg = b[0] == '-';
    int intlen = n - neg - (scale > 0 ? scale + 1 : 0);
    char *o = out;
    if (neg)
        *o++ = '-';
    for (int i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            *o++ = ',';
        *o++ = b[neg + i];
    }
    memcpy(o, b + neg + intlen, (size_t)(n - neg - intlen));
    o += n - neg - intlen;
    *o = '\0';
}

/* A KPI rate (10^6 scale) as a percentage with one decimal: "83.3%". */
static void fmt_pct(int64_t rate, char out[48])
{
    if (rate == KPI_NO_RATE || rate < 0) {
        strcpy(out, "—");
        return;
    }
    int64_t tenths = (rate + 500) / 1000;
    int n = value_format_fixed(tenths, 1, out);
    out[n] = '%';
    out[n + 1] = '\0';
}

/* Conversions: %s raw text, %h escaped text, %d int, %D int64_t, %G int64_t
 * grouped, %M cents grouped with 2 decimals, %P KPI rate as percent, %%. */
static void P(struct rep *r, const char *fmt, ...)
{
    va_list ap;
    char b[48];
    const char *run = fmt;

    va_start(ap, fmt);
    for (const char *s = fmt; *s; s++) {
        if (*s != '%')
            continue;
        outfile_write(&r->f, run, (size_t)(s - run));
        s++;
        switch (*s) {
        case 's': outfile_puts(&r->f, va_arg(ap, const char *)); break;
        case 'h': put_esc(&r->f, va_arg(ap, const char *)); break;
        case 'd': fmt_int64(va_arg(ap, int), b); outfile_puts(&r->f, b); break;
        case 'D': fmt_int64(va_arg(ap, int64_t), b); outfile_puts(&r->f, b); break;
        case 'G': fmt_grouped(va_arg(ap, int64_t), 0, b); outfile_puts(&r->f, b); break;
        case 'M': fmt_grouped(va_arg(ap, int64_t), 2, b); outfile_puts(&r->f, b); break;
        case 'P': fmt_pct(va_arg(ap, int64_t), b); outfile_puts(&r->f, b); break;
        case '%': outfile_putc(&r->f, '%'); break;
        default: outfile_putc(&r->f, '%'); s--; break;   /* stray: as text */
        }
        run = s + 1;
    }
    outfile_puts(&r->f, run);
    va_end(ap);
}

/* Display width of s in em at a given font: CJK (3- and 4-byte UTF-8)
 * counts 1, anything else 0.6; returned in pixels for font px. */
static int text_px(const char *s, int px)
{
    int tenths = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if ((*u & 0xC0) == 0x80)
            continue;
        tenths += *u >= 0xE0 ? 10 : 6;
    }
    return (tenths * px + 9) / 10;
}

static const char *const cat_zh[RH_NCATEGORIES] = {
    "民生", "基础设施", "产业", "社会事业"
};

/* ---- page frame -------------------------------------------------------- */

static const char css[] =
    "body{margin:0;background:#eef1f5;color:#1d2733;font-size:14px;"
    "line-height:1.45;font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\","
    "\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif}\n"
    "main{max-width:1200px;margin:0 auto;padding:12px 24px 40px;"
    "background:#fff;box-sizing:border-box}\n"
    "h1{font-size:22px;margin:10px 0 2px}\n"
    "h2{font-size:18px;border-bottom:2px solid #08519c;padding-bottom:3px;"
    "margin:30px 0 8px}\n"
    "h3{font-size:15px;margin:16px 0 6px}\n"
    ".en{color:#5a6673;font-weight:normal}\n"
    ".sub,figcaption,.note{color:#5a6673;font-size:13px}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(200px,1fr));gap:10px;margin:10px 0}\n"
    ".card{border:1px solid #d5dbe3;border-radius:6px;padding:8px 12px}\n"
    ".card .v{font-size:21px;font-weight:bold;color:#08519c;"
    "font-variant-numeric:tabular-nums}\n"
    ".card .l{font-size:13px}\n.card .s{font-size:12px;color:#5a6673}\n"
    ".unproven{border-left:4px solid #d94801;background:#fff5eb;"
    "padding:8px 12px;margin:12px 0}\n"
    ".whatif{border:2px dashed #6a51a3;background:#f5f2fa;padding:8px 12px;"
    "margin:12px 0}\n.whatif pre{margin:4px 0;font-size:12px;"
    "white-space:pre-wrap}\n"
    "table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}\n"
    "th,td{border-bottom:1px solid #e3e7ec;padding:3px 6px;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#eef2f6;font-weight:600}\n"
    "th .en{display:block;font-size:11px}\n"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tr.total td{font-weight:bold;border-top:2px solid #c5ccd6}\n"
    "td.k{white-space:nowrap}\n"
    ".mono{font-family:\"DejaVu Sans Mono\",monospace;font-size:11px;"
    "word-break:break-all}\n"
    "figure{margin:10px 0 18px}\n"
    "svg{display:block;max-width:100%;height:auto}\n"
    "svg text{font-family:inherit}\n";

static void begin_page(struct rep *r)
{
    char d[11];
    value_format_date(r->c->as_of, d);
    P(r, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
         "<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>%s%h%s%d 年度安置房分配方案 Relocation housing plan %d"
         "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
      r->c->scenario ? "假设情景 what-if " : "",
      r->c->scenario ? r->c->scenario->name : "",
      r->c->scenario ? " · " : "", r->c->year, r->c->year, css);
    P(r, "<h1>%d 年度征收安置住房分配方案 <span class=\"en\">Relocation "
         "housing allocation plan %d</span></h1>\n"
         "<p class=\"sub\">台账判定日 as of %s · 申请截止 deadline ",
      r->c->year, r->c->year, d);
    value_format_date(r->c->deadline, d);
    P(r, "%s · 计划期末 horizon end ", d);
    value_format_date(r->c->horizon_end, d);
    P(r, "%s · rehouse %h</p>\n", d, RH_VERSION);
    const struct config_scenario *sc = r->c->scenario;
    if (sc) {   /* a what-if must never pass for the official plan */
        P(r, "<div class=\"whatif\" id=\"scenario\"><strong>假设情景 %h，"
             "非正式方案。<span class=\"en\">What-if scenario %h: not the "
             "official plan.</span></strong>", sc->name, sc->name);
        if (sc->description)
            P(r, "<p>%h</p>", sc->description);
        P(r, "<p class=\"note\">情景文件 scenario file %h</p>", sc->path);
        if (sc->changes)
            P(r, "<pre>%h</pre>", sc->changes);
        P(r, "</div>\n");
    }
}

static void end_page(struct rep *r)
{
    P(r, "</main>\n</body>\n</html>\n");
}

/* A table header cell: Chinese, English below; num = right aligned. */
static void th(struct rep *r, const char *zh, const char *en, int num)
{
    P(r, "<th%s>%h<span class=\"en\">%h</span></th>", num ? " class=\"n\"" : "",
      zh, en);
}

/* ---- headline ----------------------------------------------------------- */

static void card(struct rep *r, const char *zh, const char *en,
                 const char *value, const char *sub)
{
    P(r, "<div class=\"card\"><div class=\"l\">%h <span class=\"en\">%h</span>"
         "</div><div class=\"v\">%h</div>", zh, en, value);
    if (sub)
        P(r, "<div class=\"s\">%h</div>", sub);
    P(r, "</div>\n");
}

static void headline(struct rep *r)
{
    const struct plan_kpi *k = r->k;
    char v[128], s[320], a[48], b[48], pc[48];

    {   /* first screen: a plan that is not proven optimal says so */
        char list[1024];
        int n = plan_unproven(r->p, list, sizeof list);
        if (n)
            P(r, "<p class=\"unproven\" id=\"unproven\">%d 个阶段为可行解，"
                 "未证明最优：%h。<span class=\"en\">%d of %d stages are "
                 "feasible, not proven optimal (gap in the stage's own unit): "
                 "%h.</span>%s</p>\n", n, list, n, r->p->nstages, list,
              r->p->guard_hit ? " 求解时限截断了搜索，本方案不可复现。"
                                "<span class=\"en\">The time limit cut a "
                                "search: this plan is not reproducible."
                                "</span>" : "");
    }
    P(r, "<h2 id=\"headline\">主要指标 <span class=\"en\">Headline figures"
         "</span></h2>\n<div class=\"cards\">\n");
    fmt_grouped(k->units_allocated, 0, a);
    fmt_grouped(k->units_requested, 0, b);
    snprintf(v, sizeof v, "%s / %s", a, b);
    fmt_pct(kpi_rate(k->units_allocated, k->units_requested, KPI_RATE_SCALE), pc);
    snprintf(s, sizeof s, "已安置 / 有效申请套数 allocated / requested: %s", pc);
    card(r, "已安置套数", "units allocated", v, s);
    fmt_grouped(k->units_suspended, 0, v);
    fmt_grouped(k->units_handed_over, 0, a);
    snprintf(s, sizeof s, "可交付 handed over: %s", a);
    card(r, "暂缓交付", "held for payers in default", v, s);
    fmt_pct(k->home_share, v);
    fmt_grouped(k->home_units, 0, a);
    snprintf(s, sizeof s, "本镇项目安置 home-town units: %s", a);
    card(r, "本镇安置比例", "home-town share", v, s);
    fmt_pct(k->fill_min, v);
    snprintf(s, sizeof s, "有需求的镇 towns with demand: %d",
             (int)k->ntowns_with_demand);
    card(r, "最低满足率", "min town fill rate", v, s);
    fmt_pct(k->fill_median, v);
    card(r, "满足率中位数", "median town fill rate", v, NULL);
    fmt_grouped(k->moved_units, 0, v);
    card(r, "跨镇调配套数", "units moved between towns", v, NULL);
    fmt_grouped((k->distance_m + 500) / 1000, 0, v);
    card(r, "调配距离（套·公里）", "total unit·km", v,
         "户籍镇至项目所在镇直线距离 great-circle, home town to project town");
    fmt_grouped(k->value_c, 2, v);
    fmt_grouped(k->value_suspended_c, 2, a);
    snprintf(s, sizeof s, "元 CNY；其中暂缓 of which held %s", a);
    card(r, "安置房价值", "value allocated", v, s);
    fmt_grouped(k->units_idle, 0, v);
    fmt_grouped(k->units_allocatable, 0, a);
    snprintf(s, sizeof s, "可分配房源 allocatable: %s", a);
    card(r, "未分配房源", "allocatable units left idle", v, s);
    P(r, "</div>\n");
}

/* ---- towns -------------------------------------------------------------- */

struct town_rank {
    int64_t num, den;
    int32_t t;
};

static int town_rank_order(const void *x, const void *y)
{
    const struct town_rank *a = x, *b = y;
    int c = kpi_frac_cmp(a->num, a->den, b->num, b->den);
    if (c == 0)
        c = (a->t > b->t) - (a->t < b->t);
    return c;
}

/* Horizontal bars of fill rates, lowest first.  RETURNS 0 or -1 (OOM). */
static int fill_chart(struct rep *r)
{
    const struct model *m = r->m;
    const struct plan_kpi *k = r->k;
    struct town_rank *tr = malloc(((size_t)m->ntowns + 1) * sizeof *tr);
    int n = 0, lw = 90;
    if (!tr)
        return -1;
    for (int32_t t = 0; t < m->ntowns; t++) {
        if (k->town_demand[t] <= 0)
            continue;
        tr[n].num = k->town_allocated[t];
        tr[n].den = k->town_demand[t];
        tr[n].t = t;
        n++;
        int w = text_px(m->towns[t].name, 12) + 16;
        if (w > lw)
            lw = w;
    }
    if (lw > 260)
        lw = 260;
    qsort(tr, (size_t)n, sizeof *tr, town_rank_order);

    const int bw = 720, rh = 20, top = 34, vw = 150;
    int W = lw + bw + vw, H = top + n * rh + 44;
    P(r, "<figure>\n<svg role=\"img\" "
         "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-size=\"12\">\n"
         "<title>各镇满足率 Fill rate by town</title>\n",
      W, H, W, H);
    /* grid and ticks */
    for (int p = 0; p <= 100; p += 20) {
        int x = lw + bw * p / 100;
        P(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#dde3ea\"/>"
             "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#5a6673\">"
             "%d%%</text>\n",
          x, top - 4, x, top + n * rh, x, top - 8, p);
    }
    for (int i = 0; i < n; i++) {
        int32_t t = tr[i].t;
        int64_t rate = k->town_fill[t];
        int y = top + i * rh;
        int w = (int)((rate * bw + 500000) / 1000000);
        int lowest = rate == k->fill_min;
        P(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%h</text>",
          lw - 8, y + 14, m->towns[t].name);
        P(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" fill=\"%s\">"
             "<title>%h: %P (%G / %G)</title></rect>",
          lw, y + 3, w, lowest ? "#e6550d" : "#3182bd", m->towns[t].name, rate,
          k->town_allocated[t], k->town_demand[t]);
        P(r, "<text x=\"%d\" y=\"%d\">%P <tspan fill=\"#5a6673\">(%G/%G)"
             "</tspan></text>\n",
          lw + w + 5, y + 14, rate, k->town_allocated[t], k->town_demand[t]);
    }
    /* minimum and median marks */
    if (n > 0) {
        int xmin = lw + (int)((k->fill_min * bw + 500000) / 1000000);
        int xmed = lw + (int)((k->fill_median * bw + 500000) / 1000000);
        int yb = top + n * rh;
        P(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e6550d\" "
             "stroke-dasharray=\"4 3\"/>"
             "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#31a354\" "
             "stroke-dasharray=\"4 3\"/>\n",
          xmin, top, xmin, yb + 6, xmed, top, xmed, yb + 6);
        P(r, "<text x=\"%d\" y=\"%d\" fill=\"#5a6673\">满足率 = 已安置 ÷ 有效申请 "
             "fill rate = allocated ÷ requested; "
             "<tspan fill=\"#e6550d\">橙色/虚线 最低 lowest %P</tspan>; "
             "<tspan fill=\"#31a354\">绿色虚线 中位数 median %P</tspan></text>\n",
          lw, yb + 30, k->fill_min, k->fill_median);
    }
    P(r, "</svg>\n<figcaption>各镇满足率（按满足率升序）"
         " Fill rate by town, lowest first; only towns with requests.</figcaption>\n"
         "</figure>\n");
    free(tr);
    return 0;
}

static int towns(struct rep *r)
{
    const struct model *m = r->m;
    const struct plan_kpi *k = r->k;
    int64_t tot[6] = { 0 };

    P(r, "<h2 id=\"towns\">城镇平衡 <span class=\"en\">Town balance</span></h2>\n");
    if (fill_chart(r) < 0)
        return -1;
    P(r, "<table>\n<thead><tr>");
    th(r, "编号", "town id", 0);
    th(r, "镇/街道", "town", 0);
    th(r, "可分配房源", "supply", 1);
    th(r, "有效申请", "demand", 1);
    th(r, "本镇安置", "home allocated", 1);
    th(r, "调入", "imported", 1);
    th(r, "调出", "exported", 1);
    th(r, "已安置", "allocated", 1);
    th(r, "满足率", "fill rate", 1);
    P(r, "</tr></thead>\n<tbody>\n");
    for (int32_t t = 0; t < m->ntowns; t++) {
        P(r, "<tr><td>%h</td><td>%h</td><td class=\"n\">%G</td>"
             "<td class=\"n\">%G</td><td class=\"n\">%G</td><td class=\"n\">%G</td>"
             "<td class=\"n\">%G</td><td class=\"n\">%G</td><td class=\"n\">%P</td>"
             "</tr>\n",
          m->towns[t].id, m->towns[t].name, k->town_supply[t],
          k->town_demand[t], k->town_home[t], k->town_imported[t],
          k->town_exported[t], k->town_allocated[t], k->town_fill[t]);
        tot[0] += k->town_supply[t];
        tot[1] += k->town_demand[t];
        tot[2] += k->town_home[t];
        tot[3] += k->town_imported[t];
        tot[4] += k->town_exported[t];
        tot[5] += k->town_allocated[t];
    }
    P(r, "<tr class=\"total\"><td colspan=\"2\">合计 total</td>"
         "<td class=\"n\">%G</td><td class=\"n\">%G</td><td class=\"n\">%G</td>"
         "<td class=\"n\">%G</td><td class=\"n\">%G</td><td class=\"n\">%G</td>"
         "<td class=\"n\">%P</td></tr>\n</tbody>\n</table>\n",
      tot[0], tot[1], tot[2], tot[3], tot[4], tot[5],
      kpi_rate(tot[5], tot[1], KPI_RATE_SCALE));
    return 0;
}

/* ---- flows -------------------------------------------------------------- */

/* Heat-map colour for v of max (v > 0): #deebf7 .. #08306b. */
static void shade(int64_t v, int64_t max, char out[8])
{
    static const int lo[3] = { 0xde, 0xeb, 0xf7 }, hi[3] = { 0x08, 0x30, 0x6b };
    static const char hex[] = "0123456789abcdef";
    int64_t t = max > 0 ? 1000 * v / max : 0;      /* 0..1000 */
    out[0] = '#';
    for (int i = 0; i < 3; i++) {
        int c = (int)(lo[i] + (hi[i] - lo[i]) * t / 1000);
        out[1 + 2 * i] = hex[c >> 4];
        out[2 + 2 * i] = hex[c & 15];
    }
    out[7] = '\0';
}

static int flows(struct rep *r)
{
    const struct model *m = r->m;
    const struct plan_kpi *k = r->k;
    int32_t nt = m->ntowns;
    int32_t *rows = malloc(((size_t)nt + 1) * sizeof *rows);
    int32_t *cols = malloc(((size_t)nt + 1) * sizeof *cols);
    int nr = 0, nc = 0;
    int64_t max = k->flow_max;
    const struct kpi_flow *fl = k->flows, *fend = k->flows + k->nflows;

    if (!rows || !cols) {
        free(rows);
        free(cols);
        return -1;
    }
    for (int32_t t = 0; t < nt; t++) {
        if (k->town_exported[t] > 0)
            rows[nr++] = t;
        if (k->town_imported[t] > 0)
            cols[nc++] = t;
    }

    P(r, "<h2 id=\"flows\">跨镇调配 <span class=\"en\">Flows between towns"
         "</span></h2>\n");
    if (nr == 0 || nc == 0) {
        P(r, "<p>没有跨镇调配：每套房源都安置给本镇。 <span class=\"en\">No unit "
             "moves between towns.</span></p>\n");
        free(rows);
        free(cols);
        return 0;
    }
    int lw = 80, lh = 60;
    for (int i = 0; i < nr; i++) {
        int w = text_px(m->towns[rows[i]].name, 12) + 12;
        if (w > lw)
            lw = w;
    }
    for (int j = 0; j < nc; j++) {
        int w = text_px(m->towns[cols[j]].name, 12) + 10;
        if (w > lh)
            lh = w;
    }
    if (lw > 220)
        lw = 220;
    if (lh > 200)
        lh = 200;
    if (lw < 150)
        lw = 150;   /* room for the corner legend */
    const int totw = 64, rh = 22, page = 1150;
    int cw = (page - lw - totw) / nc;
    if (cw > 48)
        cw = 48;
    if (cw < 22)
        cw = 22;
    char digits[24];
    int nd = fmt_int64(max, digits);
    int fs = (cw - 4) * 10 / (6 * nd);
    if (fs > 12)
        fs = 12;
    if (fs < 7)
        fs = 7;
    int64_t maxtot = 0;     /* column totals = imports */
    for (int j = 0; j < nc; j++)
        if (k->town_imported[cols[j]] > maxtot)
            maxtot = k->town_imported[cols[j]];
    int fst = (cw - 2) * 10 / (6 * fmt_int64(maxtot, digits));
    if (fst > 12)
        fst = 12;
    if (fst < 7)
        fst = 7;
    int top = lh + 8, x0 = lw;
    int W = x0 + nc * cw + totw, H = top + (nr + 1) * rh + 40;
    if (W < 760)
        W = 760;    /* room for the legend line */
    P(r, "<figure>\n<svg role=\"img\" "
         "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-size=\"12\">\n"
         "<title>跨镇调配矩阵 Units moved between towns</title>\n",
      W, H, W, H);
    /* corner: axis names */
    P(r, "<text x=\"4\" y=\"%d\" fill=\"#5a6673\" font-size=\"11\">"
         "安置对象户籍镇 →</text>"
         "<text x=\"4\" y=\"%d\" fill=\"#5a6673\" font-size=\"11\">"
         "home town (columns)</text>"
         "<text x=\"4\" y=\"%d\" fill=\"#5a6673\" font-size=\"11\">"
         "↓ 房源所在镇</text>"
         "<text x=\"4\" y=\"%d\" fill=\"#5a6673\" font-size=\"11\">"
         "project town (rows)</text>\n",
      top - 44, top - 30, top - 16, top - 3);
    /* column labels, read bottom to top */
    for (int j = 0; j < nc; j++) {
        int x = x0 + j * cw + cw / 2 + 4;
        P(r, "<text transform=\"translate(%d %d) rotate(-90)\">%h</text>",
          x, top - 4, m->towns[cols[j]].name);
    }
    P(r, "<text transform=\"translate(%d %d) rotate(-90)\" font-weight=\"bold\">"
         "合计 total</text>\n", x0 + nc * cw + totw / 2 + 4, top - 4);
    int64_t *coltot = calloc((size_t)nc + 1, sizeof *coltot);
    if (!coltot) {
        free(rows);
        free(cols);
        return -1;
    }
    for (int i = 0; i < nr; i++) {
        int32_t a = rows[i];
        int y = top + i * rh;
        int64_t rowtot = 0;
        P(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%h</text>",
          x0 - 6, y + rh / 2 + 4, m->towns[a].name);
        while (fl < fend && fl->from < a)
            fl++;
        for (int j = 0; j < nc; j++) {
            int32_t b = cols[j];
            while (fl < fend && fl->from == a && fl->to < b)
                fl++;
            int64_t v = fl < fend && fl->from == a && fl->to == b ? fl->units
                                                                  : 0;
            int x = x0 + j * cw;
            char col[8];
            if (a == b) {
                P(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                     "fill=\"#f2f2f2\" stroke=\"#fff\"/>", x, y, cw, rh);
                continue;
            }
            if (v == 0) {
                P(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                     "fill=\"#fff\" stroke=\"#edf0f3\"/>", x, y, cw, rh);
                continue;
            }
            rowtot += v;
            coltot[j] += v;
            shade(v, max, col);
            P(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                 "fill=\"%s\" stroke=\"#fff\"><title>%h → %h: %G</title></rect>"
                 "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                 "font-size=\"%d\" fill=\"%s\">%D</text>",
              x, y, cw, rh, col, m->towns[a].name, m->towns[b].name, v,
              x + cw / 2, y + rh / 2 + fs * 35 / 100, fs,
              2 * v > max ? "#fff" : "#1d2733", v);
        }
        P(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">"
             "%G</text>\n", x0 + nc * cw + totw - 6, y + rh / 2 + 4, rowtot);
    }
    int yt = top + nr * rh;
    int64_t all = 0;
    P(r, "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c5ccd6\"/>"
         "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">"
         "合计 total</text>", yt + 1, x0 + nc * cw + totw, yt + 1, x0 - 6, yt + rh / 2 + 5);
    for (int j = 0; j < nc; j++) {
        all += coltot[j];
        P(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\" "
             "font-weight=\"bold\">%D</text>",
          x0 + j * cw + cw / 2, yt + rh / 2 + 5, fst, coltot[j]);
    }
    P(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">%G"
         "</text>\n", x0 + nc * cw + totw - 6, yt + rh / 2 + 5, all);
    /* legend */
    {
        char c0[8], c1[8], c2[8];
        int yl = yt + rh + 14;
        shade(1, 4, c0);
        shade(2, 4, c1);
        shade(4, 4, c2);
        P(r, "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"12\" fill=\"%s\"/>"
             "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"12\" fill=\"%s\"/>"
             "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"12\" fill=\"%s\"/>"
             "<text x=\"%d\" y=\"%d\" fill=\"#5a6673\">颜色越深套数越多 darker = "
             "more units (最大 max %G)；灰格 = 本镇 grey = same town</text>\n",
          x0, yl, c0, x0 + 20, yl, c1, x0 + 40, yl, c2, x0 + 66, yl + 10, max);
    }
    P(r, "</svg>\n<figcaption>行：调出房源的项目所在镇；列：调入房源的户籍镇；"
         "格内为套数。 Rows: project towns that export units; columns: home "
         "towns that import them; cells: units moved.</figcaption>\n</figure>\n");
    free(coltot);
    free(rows);
    free(cols);
    return 0;
}

/* ---- categories --------------------------------------------------------- */

static void categories(struct rep *r)
{
    const struct model *m = r->m;
    int64_t lines[RH_NCATEGORIES] = { 0 }, all[RH_NCATEGORIES] = { 0 },
            req[RH_NCATEGORIES] = { 0 }, got[RH_NCATEGORIES] = { 0 },
            held[RH_NCATEGORIES] = { 0 }, max = 0;

    for (int32_t q = 0; q < m->nrequests; q++) {
        int c = m->requests[q].category;
        if (c < 0 || c >= RH_NCATEGORIES)
            continue;
        lines[c]++;
        all[c] += m->requests[q].units;
        if (r->e->takes_part[q])
            req[c] += m->requests[q].units;
        got[c] += r->p->req_allocated[q];
        if (r->e->requests[q] == REQ_SUSPENDED)
            held[c] += r->p->req_allocated[q];
    }
    for (int c = 0; c < RH_NCATEGORIES; c++) {
        if (req[c] > max)
            max = req[c];
        if (got[c] > max)
            max = got[c];
    }
    P(r, "<h2 id=\"categories\">按类别 <span class=\"en\">By category</span>"
         "</h2>\n");
    /* paired bars */
    const int lw = 170, bw = 760, gh = 46, top = 30;
    int W = lw + bw + 150, H = top + RH_NCATEGORIES * gh + 10;
    P(r, "<figure>\n<svg role=\"img\" "
         "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-size=\"12\">\n"
         "<title>各类别申请与安置套数 Units requested and allocated by category"
         "</title>\n"
         "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"12\" fill=\"#bdc6d0\"/>"
         "<text x=\"%d\" y=\"16\">有效申请 requested</text>"
         "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"12\" fill=\"#2171b5\"/>"
         "<text x=\"%d\" y=\"16\">已安置 allocated</text>\n",
      W, H, W, H, lw, lw + 18, lw + 160, lw + 178);
    for (int rank = 0; rank < RH_NCATEGORIES; rank++) {
        int c = r->c->category_order[rank];
        if (c < 0 || c >= RH_NCATEGORIES)
            continue;
        int y = top + rank * gh;
        int w1 = max > 0 ? (int)(req[c] * bw / max) : 0;
        int w2 = max > 0 ? (int)(got[c] * bw / max) : 0;
        P(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d. %h</text>"
             "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#5a6673\">%h"
             "</text>\n",
          lw - 8, y + 16, rank + 1, cat_zh[c], lw - 8, y + 31,
          rh_category_names[c]);
        P(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" "
             "fill=\"#bdc6d0\"/><text x=\"%d\" y=\"%d\">%G</text>"
             "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" "
             "fill=\"#2171b5\"/><text x=\"%d\" y=\"%d\">%G (%P)</text>\n",
          lw, y + 4, w1, lw + w1 + 5, y + 17, req[c],
          lw, y + 21, w2, lw + w2 + 5, y + 34, got[c],
          kpi_rate(got[c], req[c], KPI_RATE_SCALE));
    }
    P(r, "</svg>\n<figcaption>按政策顺序（category_order）排列 In policy "
         "order (category_order).</figcaption>\n</figure>\n<table>\n<thead><tr>");
    th(r, "类别", "category", 0);
    th(r, "申请条数", "request lines", 1);
    th(r, "申请套数（全部）", "units requested, all lines", 1);
    th(r, "有效申请套数", "units requested, taking part", 1);
    th(r, "已安置", "allocated", 1);
    th(r, "其中暂缓", "of which held", 1);
    th(r, "满足率", "fill rate", 1);
    P(r, "</tr></thead>\n<tbody>\n");
    for (int rank = 0; rank < RH_NCATEGORIES; rank++) {
        int c = r->c->category_order[rank];
        if (c < 0 || c >= RH_NCATEGORIES)
            continue;
        P(r, "<tr><td>%h <span class=\"en\">%h</span></td><td class=\"n\">%G</td>"
             "<td class=\"n\">%G</td><td class=\"n\">%G</td><td class=\"n\">%G</td>"
             "<td class=\"n\">%G</td><td class=\"n\">%P</td></tr>\n",
          cat_zh[c], rh_category_names[c], lines[c], all[c], req[c], got[c],
          held[c], kpi_rate(got[c], req[c], KPI_RATE_SCALE));
    }
    P(r, "</tbody>\n</table>\n");
}

/* ---- suspended payers and rejected requests ----------------------------- */

static int suspended(struct rep *r)
{
    const struct model *m = r->m;
    /* a payer in default has every request suspended (or rejected, with
     * no units): its held units and their value are all it has planned */
    const int64_t *lines = r->k->payer_susp_lines, *asked = r->k->payer_susp_asked,
                  *held = r->k->payer_held, *value = r->k->payer_value_c;
    P(r, "<h2 id=\"suspended\">欠款暂缓 <span class=\"en\">Payers in default and "
         "suspended units</span></h2>\n"
         "<p class=\"note\">逾期超过 %d 天且未付超过 %M 元视为欠款；本方案对欠款单位"
         "的房源%s。 A payer is in default when an instalment is more than %d "
         "days overdue with more than %M CNY unpaid; their units are %s.</p>\n",
      r->c->grace_days, r->c->tolerance_cents,
      r->c->suspended == RH_SUSP_RELEASE ? "不予安置" : "予以保留、暂缓交付",
      r->c->grace_days, r->c->tolerance_cents,
      r->c->suspended == RH_SUSP_RELEASE ? "released to others (suspended = "
                                           "release)"
                                         : "held (suspended = hold)");
    if (r->e->npayers_in_default == 0) {
        P(r, "<p>没有欠款单位。 <span class=\"en\">No payer is in default."
             "</span></p>\n");
    } else {
        int64_t t_held = 0, t_value = 0, t_over = 0;
        P(r, "<table>\n<thead><tr>");
        th(r, "付款单位编号", "payer id", 0);
        th(r, "付款单位", "payer", 0);
        th(r, "逾期金额（元）", "overdue CNY", 1);
        th(r, "最早逾期应付日", "oldest due date", 1);
        th(r, "逾期天数", "days overdue", 1);
        th(r, "暂缓申请", "suspended request lines", 1);
        th(r, "申请套数", "units requested", 1);
        th(r, "保留套数", "units held", 1);
        th(r, "保留房源价值（元）", "value held CNY", 1);
        P(r, "</tr></thead>\n<tbody>\n");
        for (int32_t i = 0; i < m->npayers; i++) {
            const struct payer_judgement *pj = &r->e->payers[i];
            char d[11];
            if (!pj->in_default)
                continue;
            value_format_date(pj->oldest_due, d);
            P(r, "<tr><td>%h</td><td>%h</td><td class=\"n\">%M</td>"
                 "<td class=\"n\">%s</td><td class=\"n\">%d</td><td class=\"n\">%G"
                 "</td><td class=\"n\">%G</td><td class=\"n\">%G</td>"
                 "<td class=\"n\">%M</td></tr>\n",
              m->payers[i].id, m->payers[i].name, pj->overdue_c, d,
              (int)pj->days_overdue, lines[i], asked[i], held[i], value[i]);
            t_held += held[i];
            t_value += value[i];
            t_over += pj->overdue_c;
        }
        P(r, "<tr class=\"total\"><td colspan=\"2\">合计 total</td>"
             "<td class=\"n\">%M</td><td></td><td></td><td></td><td></td>"
             "<td class=\"n\">%G</td><td class=\"n\">%M</td></tr>\n"
             "</tbody>\n</table>\n"
             "<p class=\"note\">每套保留房源见 suspended.csv。 Every held unit is "
             "listed in suspended.csv.</p>\n",
          t_over, t_held, t_value);
    }

    /* rejected requests */
    int nrej = 0;
    for (int32_t q = 0; q < m->nrequests; q++)
        if (r->p->req_outcome[q] == OUT_REJECTED_LATE ||
            r->p->req_outcome[q] == OUT_REJECTED_NO_PROOF)
            nrej++;
    P(r, "<h3 id=\"rejected\">不予受理的申请 <span class=\"en\">Rejected "
         "requests</span> (%d)</h3>\n", nrej);
    if (nrej == 0) {
        P(r, "<p>没有不予受理的申请。 <span class=\"en\">No request was rejected."
             "</span></p>\n");
        return 0;
    }
    char dl[11];
    value_format_date(r->c->deadline, dl);
    P(r, "<table>\n<thead><tr>");
    th(r, "申请编号", "request id", 0);
    th(r, "付款单位", "payer", 0);
    th(r, "户籍镇", "home town", 0);
    th(r, "类别", "category", 0);
    th(r, "户型", "layout", 0);
    th(r, "套数", "units", 1);
    th(r, "提交日期", "submitted", 1);
    th(r, "原因", "reason", 0);
    P(r, "</tr></thead>\n<tbody>\n");
    for (int32_t q = 0; q < m->nrequests; q++) {
        unsigned o = r->p->req_outcome[q];
        if (o != OUT_REJECTED_LATE && o != OUT_REJECTED_NO_PROOF)
            continue;
        const struct request *rq = &m->requests[q];
        char d[11];
        int c = rq->category >= 0 && rq->category < RH_NCATEGORIES
                ? rq->category : 0;
        value_format_date(rq->submitted_on, d);
        P(r, "<tr><td class=\"k\">%h</td><td>%h %h</td><td class=\"k\">%h</td>"
             "<td class=\"k\">%h</td><td class=\"k\">%h</td><td class=\"n\">%G</td><td class=\"n\">%s</td><td>",
          rq->id, m->payers[rq->payer].id, m->payers[rq->payer].name,
          m->towns[rq->town].name, cat_zh[c], m->layouts.strs[rq->layout],
          rq->units, d);
        if (o == OUT_REJECTED_LATE)
            P(r, "逾期提交（截止 %s） submitted after the deadline %s", dl, dl);
        else
            P(r, "无支付能力证明 no proof of capacity to pay");
        P(r, " <span class=\"en\">(%h)</span></td></tr>\n",
          request_outcome_names[o]);
    }
    P(r, "</tbody>\n</table>\n");
    return 0;
}

/* ---- payers against their caps ------------------------------------------ */

/* Every payer with a cap: the cap, what the plan spends, the room left,
 * and whether the cap binds (a request of the payer is short because of
 * it: reason payer_cap). */
static int caps(struct rep *r)
{
    const struct model *m = r->m;
    int32_t ncapped = 0, nbind = 0;
    uint8_t *binds = calloc((size_t)m->npayers + 1, 1);
    if (!binds)
        return -1;
    for (int32_t q = 0; q < m->nrequests; q++)
        if (r->rs->reason[q] == REASON_PAYER_CAP)
            binds[m->requests[q].payer] = 1;
    for (int32_t q = 0; q < m->npayers; q++)
        if (m->payers[q].capacity_c >= 0) {
            ncapped++;
            nbind += binds[q];
        }
    P(r, "<h3 id=\"caps\">付款单位额度 <span class=\"en\">Payers against their "
         "caps</span> (%d)</h3>\n", ncapped);
    if (ncapped == 0) {
        P(r, "<p>没有付款单位设定额度。 <span class=\"en\">No payer has a cap."
             "</span></p>\n");
        free(binds);
        return 0;
    }
    P(r, "<p>%d 个付款单位的额度限制了其申请。 <span class=\"en\">%d of them "
         "stopped a request of theirs (reason payer_cap).</span></p>\n",
      nbind, nbind);
    P(r, "<table>\n<thead><tr>");
    th(r, "付款单位", "payer", 0);
    th(r, "额度（元）", "cap (CNY)", 1);
    th(r, "已安置价值（元）", "value allocated (CNY)", 1);
    th(r, "余额（元）", "room left (CNY)", 1);
    th(r, "限制申请", "binds", 0);
    P(r, "</tr></thead>\n<tbody>\n");
    for (int32_t q = 0; q < m->npayers; q++) {
        int64_t cap = m->payers[q].capacity_c;
        if (cap < 0)
            continue;
        int64_t used = r->k->payer_value_c[q];
        P(r, "<tr><td>%h %h</td><td class=\"n\">%M</td><td class=\"n\">%M</td>"
             "<td class=\"n\">%M</td><td>%s</td></tr>\n",
          m->payers[q].id, m->payers[q].name, cap, used, cap - used,
          binds[q] ? "是 <span class=\"en\">yes</span>"
                   : "否 <span class=\"en\">no</span>");
    }
    P(r, "</tbody>\n</table>\n");
    free(binds);
    return 0;
}

/* ---- requests short of what they asked, and why ------------------------- */

#define SHORT_ROWS 200          /* the rest is in requests.csv */

static const char *const reason_zh[REASON_N] = {
    "", "逾期提交", "无支付能力证明", "付款单位欠款", "无该户型可分配房源",
    "付款单位额度不足", "逾期申请补充分配", "街镇均衡份额"
};
static const char *const reason_en[REASON_N] = {
    "", "late", "no proof of capacity to pay", "payer in default",
    "no flat of the layout", "payer's cap", "late, served from what was left",
    "the town's balanced share"
};

static int short_requests(struct rep *r)
{
    const struct model *m = r->m;
    const struct plan *p = r->p;
    const int64_t *nreq = r->rs->count, *units = r->rs->short_units;
    int64_t nshort = r->k->by_outcome[OUT_PARTIAL] +
                     r->k->by_outcome[OUT_UNSERVED];
    P(r, "<h3 id=\"why\">为何未足额分配 <span class=\"en\">Why a request got less "
         "than it asked</span></h3>\n");
    P(r, "<table>\n<thead><tr>");
    th(r, "原因", "reason", 0);
    th(r, "申请数", "requests", 1);
    th(r, "未分配套数", "units short", 1);
    P(r, "</tr></thead>\n<tbody>\n");
    for (int w = 1; w < REASON_N; w++)
        if (nreq[w])
            P(r, "<tr><td>%s <span class=\"en\">%s</span> <span class=\"mono\">"
                 "%s</span></td><td class=\"n\">%G</td><td class=\"n\">%G</td>"
                 "</tr>\n", reason_zh[w], reason_en[w], reason_names[w],
              nreq[w], units[w]);
    P(r, "</tbody>\n</table>\n");
    if (nshort == 0) {
        P(r, "<p>其余申请均已足额分配。 <span class=\"en\">Every other request is "
             "served in full.</span></p>\n");
        return 0;
    }
    P(r, "<h3 id=\"short\">未足额分配的申请 <span class=\"en\">Requests served "
         "in part or not at all</span> (%G)</h3>\n", nshort);
    P(r, "<table>\n<thead><tr>");
    th(r, "申请编号", "request id", 0);
    th(r, "付款单位", "payer", 0);
    th(r, "户籍镇", "home town", 0);
    th(r, "户型", "layout", 0);
    th(r, "申请", "asked", 1);
    th(r, "分配", "got", 1);
    th(r, "原因", "why", 0);
    P(r, "</tr></thead>\n<tbody>\n");
    int64_t shown = 0;
    char detail[512];
    for (int32_t q = 0; q < m->nrequests && shown < SHORT_ROWS; q++) {
        unsigned o = p->req_outcome[q], why = r->rs->reason[q];
        if (o != OUT_PARTIAL && o != OUT_UNSERVED)
            continue;
        const struct request *rq = &m->requests[q];
        reason_detail(r->rs, m, r->e, r->c, p, q, detail, sizeof detail);
        P(r, "<tr><td class=\"k\">%h</td><td>%h</td><td class=\"k\">%h</td>"
             "<td class=\"k\">%h</td><td class=\"n\">%G</td><td class=\"n\">%G"
             "</td><td>%s <span class=\"mono\">%s</span><br><span class=\"en\">"
             "%h</span></td></tr>\n",
          rq->id, m->payers[rq->payer].id, m->towns[rq->town].name,
          m->layouts.strs[rq->layout], rq->units, p->req_allocated[q],
          why < REASON_N ? reason_zh[why] : "", why < REASON_N ? reason_names[why] : "",
          detail);
        shown++;
    }
    P(r, "</tbody>\n</table>\n");
    if (shown < nshort)
        P(r, "<p class=\"note\">前 %G 条，共 %G 条；完整列表见 requests.csv。 "
             "<span class=\"en\">The first %G of %G; every one is in "
             "requests.csv (reason, reason_detail).</span></p>\n",
          shown, nshort, shown, nshort);
    return 0;
}

/* ---- stages, inputs, parameters ----------------------------------------- */

static void stages(struct rep *r)
{
    const struct plan *p = r->p;
    int n = p->nstages < 0 ? 0
          : p->nstages > PLAN_MAX_STAGES ? PLAN_MAX_STAGES : p->nstages;
    char lam[32];
    value_format_fixed((int64_t)llround(p->lambda_star * 1e6), 6, lam);
    P(r, "<h2 id=\"stages\">优化阶段 <span class=\"en\">Policy stages</span>"
         "</h2>\n<p class=\"note\">H 本镇优先 home town first · B 镇间均衡 balance "
         "· T 房源不闲置 no idle flat · C 类别顺序 category order · D 就近 short "
         "moves. λ* = %s%s</p>\n<table>\n<thead><tr>",
      lam, p->integer_passes ? "；付款上限约束，整数规划求解 payer caps bind: "
                               "solved as integer programs" : "");
    th(r, "阶段", "stage", 0);
    th(r, "批次", "pass", 0);
    th(r, "目标", "objective", 0);
    th(r, "最优值", "optimum", 1);
    th(r, "状态", "status", 0);
    th(r, "界", "bound", 1);
    th(r, "LP 数", "LPs", 1);
    th(r, "迭代", "iterations", 1);
    P(r, "</tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
        const struct stage_record *s = &p->stages[i];
        char name[sizeof s->name + 1], pass[sizeof s->pass + 1],
             what[sizeof s->what + 1], obj[32], bnd[32];
        snprintf(name, sizeof name, "%.*s", (int)sizeof s->name, s->name);
        snprintf(pass, sizeof pass, "%.*s", (int)sizeof s->pass, s->pass);
        snprintf(what, sizeof what, "%.*s", (int)sizeof s->what, s->what);
        value_format_fixed((int64_t)llround(s->objective * 1e6), 6, obj);
        value_format_fixed((int64_t)llround(s->bound * 1e6), 6, bnd);
        P(r, "<tr><td>%h</td><td>%h</td><td>%h</td><td class=\"n\">%s</td>"
             "<td>%h</td><td class=\"n\">%s</td><td class=\"n\">%d</td>"
             "<td class=\"n\">%G</td></tr>\n",
          name, pass, what, obj, summary_glpk_status(s->status), bnd, s->lps,
          (int64_t)s->iterations);
    }
    P(r, "</tbody>\n</table>\n");
}

static void inputs(struct rep *r)
{
    const struct config *c = r->c;
    char d[11];

    P(r, "<h2 id=\"inputs\">输入、参数与版本 <span class=\"en\">Inputs, "
         "parameters and versions</span></h2>\n<table>\n<thead><tr>");
    th(r, "文件", "file", 0);
    th(r, "路径", "path", 0);
    th(r, "行数", "rows", 1);
    th(r, "字节", "bytes", 1);
    th(r, "SHA-256", "SHA-256", 0);
    P(r, "</tr></thead>\n<tbody>\n");
    for (int i = 0; i < RH_NINPUTS; i++) {
        const struct csv_file_info *f = &r->m->files[i];
        char sha[65];
        str_hex(f->sha256, sizeof f->sha256, sha);
        P(r, "<tr><td>%h</td><td>%h</td><td class=\"n\">%G</td>"
             "<td class=\"n\">%G</td><td class=\"mono\">%s</td></tr>\n",
          rh_input_names[i], c->input_path[i] ? c->input_path[i] : "",
          (int64_t)f->rows, (int64_t)f->bytes, sha);
    }
    P(r, "</tbody>\n</table>\n<h3>参数 <span class=\"en\">Parameters</span></h3>\n"
         "<table>\n<tbody>\n");
    P(r, "<tr><td>配置文件 config</td><td>%h</td></tr>\n",
      c->path ? c->path : "");
    P(r, "<tr><td>年度 year</td><td>%d</td></tr>\n", c->year);
    value_format_date(c->as_of, d);
    P(r, "<tr><td>台账判定日 as_of</td><td>%s</td></tr>\n", d);
    value_format_date(c->deadline, d);
    P(r, "<tr><td>申请截止 deadline</td><td>%s</td></tr>\n", d);
    value_format_date(c->horizon_end, d);
    P(r, "<tr><td>计划期末 horizon_end</td><td>%s</td></tr>\n", d);
    P(r, "<tr><td>编码 encoding</td><td>%s</td></tr>\n",
      rh_encoding_names[c->encoding]);
    P(r, "<tr><td>逾期申请 late</td><td>%s</td></tr>\n",
      rh_late_names[c->late]);
    P(r, "<tr><td>欠款单位 suspended</td><td>%s</td></tr>\n",
      rh_suspended_names[c->suspended]);
    P(r, "<tr><td>宽限天数 grace_days</td><td>%d</td></tr>\n", c->grace_days);
    P(r, "<tr><td>欠款容差 default_tolerance_cny</td><td>%M</td></tr>\n",
      c->tolerance_cents);
    P(r, "<tr><td>类别顺序 category_order</td><td>");
    for (int i = 0; i < RH_NCATEGORIES; i++) {
        int cat = c->category_order[i];
        P(r, "%s%h", i ? ", " : "",
          cat >= 0 && cat < RH_NCATEGORIES ? rh_category_names[cat] : "");
    }
    P(r, "</td></tr>\n<tr><td>求解时限 time_limit_s</td><td>%d</td></tr>\n",
      c->time_limit_s);
    P(r, "</tbody>\n</table>\n<h3>版本 <span class=\"en\">Versions</span></h3>\n"
         "<p>rehouse %h · GLPK %h</p>\n", RH_VERSION, glp_version());
}

/* ---- the file ----------------------------------------------------------- */

int report_write(const char *dir, const struct model *m,
                 const struct eligibility *e, const struct config *c,
                 const struct plan *p, const struct plan_kpi *k,
                 const struct plan_reasons *rs, char *err, size_t errsz)
{
    struct rep r = { .m = m, .e = e, .c = c, .p = p, .k = k, .rs = rs };
    char path[PATH_MAX];
    int oom = 0;

    if (outfile_join(path, sizeof path, dir, REPORT_HTML) < 0 ||
        outfile_open(&r.f, path) < 0) {
        snprintf(err, errsz, "%s/%s: cannot write: %s", dir, REPORT_HTML,
                 strerror(errno));
        return rh_exit_for_errno(errno);
    }
    begin_page(&r);
    headline(&r);
    oom = towns(&r) < 0;
    if (!oom)
        oom = flows(&r) < 0;
    if (!oom) {
        categories(&r);
        oom = suspended(&r) < 0;
    }
    if (!oom) {
        oom = short_requests(&r) < 0;
        if (!oom)
            oom = caps(&r) < 0;
    }
    if (!oom) {
        stages(&r);
        inputs(&r);
        end_page(&r);
    }
    if (oom) {
        outfile_abort(&r.f);
        snprintf(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    if (outfile_close(&r.f) < 0) {
        snprintf(err, errsz, "%s: cannot write: %s", path, strerror(errno));
        return rh_exit_for_errno(errno);
    }
    return 0;
}

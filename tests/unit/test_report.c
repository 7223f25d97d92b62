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
#include "planfix.h"
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

/* ---- the fixture (planfix.h) ------------------------------------------ */

static int setup(void **state)
{
    return fx_setup(state, "<b>&");
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
        "B gap 0.083333 (8.33 %).</span>",
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
        cmocka_unit_test_setup_teardown(test_report_sections, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_escaped, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_self_contained, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_deterministic, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_quiet_plan, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_cannot_write, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_job, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_deterministic, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_folder_has_report, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

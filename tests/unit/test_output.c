/* test_output.c -- plan writers: CSV cells, JSON, KPIs, the six tables,
 * summary.json, run.json, locale independence and the atomic folder. */
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
#include "version.h"

/* ---- helpers ------------------------------------------------------------ */

/* snprintf that must fit (test paths are short). */
#define FMT(buf, ...)                                                        \
    do {                                                                     \
        int n_ = snprintf(buf, sizeof buf, __VA_ARGS__);                     \
        assert_true(n_ >= 0 && (size_t)n_ < sizeof buf);                     \
    } while (0)

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

static void put_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_MAX];
    FMT(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Entries of dir whose name starts with prefix. */
static int count_prefixed(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    int n = 0;
    assert_non_null(d);
    while ((ent = readdir(d)) != NULL)
        if (!strncmp(ent->d_name, prefix, strlen(prefix)))
            n++;
    closedir(d);
    return n;
}

static const char *const plan_files[] = {
    "allocation.csv", "units.csv", "requests.csv", "suspended.csv",
    "town_balance.csv", "payer_balance.csv", "summary.json"
};
#define NPLAN_FILES (int)(sizeof plan_files / sizeof plan_files[0])

static void assert_same_files(const char *a, const char *b)
{
    for (int i = 0; i < NPLAN_FILES; i++) {
        char *x = slurp2(a, plan_files[i]), *y = slurp2(b, plan_files[i]);
        assert_non_null(x);
        assert_non_null(y);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
}

/* ---- the fixture (planfix.h) ------------------------------------------ */

static int setup(void **state)
{
    return fx_setup(state, "+Tang");
}

static int write_plan(struct fx *f, const char *dir, char *err, size_t errsz)
{
    return output_write_plan(dir, &f->m, &f->e, &f->c, &f->p, NULL, err,
                             errsz);
}

/* ---- io: csvout, json, numbers ------------------------------------------ */

static void test_csvout_cells(void **state)
{
    struct fx *f = *state;
    struct csvout w;
    char path[PATH_MAX];
    static const char *const head[] = { "a", "b_2" };
    static const char *const badhead[] = { "a b" };

    FMT(path, "%s/cells.csv", f->tmp);
    assert_int_equal(csvout_open(&w, path), 0);
    assert_int_equal(csvout_header(&w, head, 2), 0);
    assert_int_equal(csvout_text(&w, "=SUM(A1)"), 0);
    assert_int_equal(csvout_text(&w, "+1"), 0);
    assert_int_equal(csvout_text(&w, "-x"), 0);
    assert_int_equal(csvout_text(&w, "@a"), 0);
    assert_int_equal(csvout_text(&w, "a=b"), 0);
    assert_int_equal(csvout_text(&w, "say \"hi\", ok"), 0);
    assert_int_equal(csvout_text(&w, ""), 0);
    assert_int_equal(csvout_text_n(&w, "x\ny", 3), 0);
    assert_int_equal(csvout_text(&w, "\t=1"), 0);
    assert_int_equal(csvout_text(&w, "\r=1"), 0);
    assert_int_equal(csvout_end_row(&w), 0);
    assert_int_equal(csvout_int(&w, -42), 0);
    assert_int_equal(csvout_int(&w, INT64_MIN), 0);
    assert_int_equal(csvout_fixed(&w, -5, 2), 0);
    assert_int_equal(csvout_fixed(&w, 123456, 3), 0);
    assert_int_equal(csvout_number(&w, "-0.05"), 0);
    assert_int_equal(csvout_date(&w, fx_date("2024-02-29")), 0);
    assert_int_equal(csvout_empty(&w), 0);
    assert_int_equal(csvout_end_row(&w), 0);
    errno = 0;
    assert_int_equal(csvout_number(&w, "1e5"), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(csvout_header(&w, badhead, 1), -1);
    assert_int_equal(csvout_close(&w), 0);

    char *got = slurp(path);
    assert_non_null(got);
    assert_string_equal(got,
        "a,b_2\n"
        "\"'=SUM(A1)\",\"'+1\",\"'-x\",\"'@a\",\"a=b\","
        "\"say \"\"hi\"\", ok\",\"\",\"x\ny\",\"'\t=1\",\"'\r=1\"\n"
        "-42,-9223372036854775808,-0.05,123.456,-0.05,2024-02-29,\n");
    free(got);

    /* a file that exists is refused (O_EXCL), errno kept */
    errno = 0;
    assert_int_equal(csvout_open(&w, path), -1);
    assert_int_equal(errno, EEXIST);
    assert_int_equal(csvout_close(&w), -1);
}

static void test_csvout_write_error(void **state)
{
    (void)state;
    struct csvout w;
    if (access("/dev/full", W_OK) != 0) {
        skip();
        return;
    }
    /* /dev/full exists, so O_EXCL refuses it: open the descriptor by hand */
    assert_int_equal(csvout_open(&w, "/dev/null/x"), -1);
    assert_int_equal(errno, ENOTDIR);
    w.ncells = 0;
    w.f.fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
    w.f.err = 0;
    w.f.used = 0;
    w.f.written = 0;
    w.f.buf = malloc(OUTFILE_BUF);
    assert_true(w.f.fd >= 0 && w.f.buf);
    int rc = 0;
    for (int i = 0; i < 20000 && rc == 0; i++)
        rc = csvout_text(&w, "0123456789abcdef");
    assert_int_equal(rc, -1);
    assert_int_equal(errno, ENOSPC);
    assert_int_equal(csvout_int(&w, 1), -1);      /* sticky */
    assert_int_equal(csvout_close(&w), -1);
    assert_int_equal(errno, ENOSPC);
}

static void test_json_writer(void **state)
{
    struct fx *f = *state;
    struct outfile o;
    struct json j;
    char path[PATH_MAX];

    FMT(path, "%s/t.json", f->tmp);
    assert_int_equal(outfile_open(&o, path), 0);
    json_init(&j, &o);
    assert_int_equal(json_begin_object(&j), 0);
    assert_int_equal(json_key(&j, "s"), 0);
    assert_int_equal(json_string(&j, "a\"b\\c\n\t\x01\x7f" "\xe6\xb5\xa6"), 0);
    assert_int_equal(json_key(&j, "raw"), 0);    /* not UTF-8: U+FFFD */
    assert_int_equal(json_string(&j, "/srv/\xd6\xdc/x\xe6\xb5"), 0);
    assert_int_equal(json_key(&j, "n"), 0);
    assert_int_equal(json_int(&j, -7), 0);
    assert_int_equal(json_key(&j, "money"), 0);
    assert_int_equal(json_fixed(&j, 123405, 2), 0);
    assert_int_equal(json_key(&j, "d"), 0);
    assert_int_equal(json_double(&j, 2.0 / 3.0, 6), 0);
    assert_int_equal(json_key(&j, "neg"), 0);
    assert_int_equal(json_double(&j, -0.0000001, 3), 0);
    assert_int_equal(json_key(&j, "inf"), 0);
    assert_int_equal(json_double(&j, 1e300, 3), 0);
    assert_int_equal(json_key(&j, "e"), 0);
    assert_int_equal(json_begin_array(&j), 0);
    assert_int_equal(json_end_array(&j), 0);
    assert_int_equal(json_key(&j, "o"), 0);
    assert_int_equal(json_begin_object(&j), 0);
    assert_int_equal(json_end_object(&j), 0);
    assert_int_equal(json_key(&j, "a"), 0);
    assert_int_equal(json_begin_array(&j), 0);
    assert_int_equal(json_bool(&j, 1), 0);
    assert_int_equal(json_null(&j), 0);
    assert_int_equal(json_begin_object(&j), 0);
    assert_int_equal(json_key(&j, "k"), 0);
    assert_int_equal(json_bool(&j, 0), 0);
    assert_int_equal(json_end_object(&j), 0);
    assert_int_equal(json_end_array(&j), 0);
    assert_int_equal(json_end_object(&j), 0);
    assert_int_equal(json_finish(&j), 0);
    assert_int_equal(outfile_close(&o), 0);

    char *got = slurp(path);
    assert_non_null(got);
    assert_string_equal(got,
        "{\n"
        "  \"s\": \"a\\\"b\\\\c\\n\\t\\u0001\\u007f\xe6\xb5\xa6\",\n"
        "  \"raw\": \"/srv/\\ufffd\\ufffd/x\\ufffd\\ufffd\",\n"
        "  \"n\": -7,\n"
        "  \"money\": 1234.05,\n"
        "  \"d\": 0.666667,\n"
        "  \"neg\": 0.000,\n"
        "  \"inf\": null,\n"
        "  \"e\": [],\n"
        "  \"o\": {},\n"
        "  \"a\": [\n"
        "    true,\n"
        "    null,\n"
        "    {\n"
        "      \"k\": false\n"
        "    }\n"
        "  ]\n"
        "}\n");
    free(got);
}

static void test_json_misuse(void **state)
{
    struct fx *f = *state;
    struct outfile o;
    struct json j;
    char path[PATH_MAX];

    FMT(path, "%s/bad.json", f->tmp);
    assert_int_equal(outfile_open(&o, path), 0);
    json_init(&j, &o);
    assert_int_equal(json_begin_object(&j), 0);
    errno = 0;
    assert_int_equal(json_int(&j, 1), -1);         /* value without key */
    assert_int_equal(errno, EINVAL);
    assert_int_equal(json_key(&j, "x"), -1);       /* sticky */
    outfile_abort(&o);

    assert_int_equal(unlink(path), 0);
    assert_int_equal(outfile_open(&o, path), 0);
    json_init(&j, &o);
    assert_int_equal(json_begin_array(&j), 0);
    assert_int_equal(json_end_object(&j), -1);     /* wrong container */
    outfile_abort(&o);

    assert_int_equal(unlink(path), 0);
    assert_int_equal(outfile_open(&o, path), 0);
    json_init(&j, &o);
    assert_int_equal(json_begin_object(&j), 0);
    assert_int_equal(json_finish(&j), -1);         /* still open */
    outfile_abort(&o);
}

/* ---- row orders (output/order.h) ----------------------------------------- */

/* The reference: a comparison sort on the ids, as the writers once did. */
struct ref_key {
    const char *a, *b;
    int32_t idx;
};

static int ref_key_order(const void *x, const void *y)
{
    const struct ref_key *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    if (c == 0)
        c = strcmp(p->b, q->b);
    if (c == 0)
        c = (p->idx > q->idx) - (p->idx < q->idx);
    return c;
}

static int str_order(const void *x, const void *y)
{
    return strcmp(x, y);
}

/* Check one list against the reference sort of keys k[0..n). */
static void assert_order(const int32_t *got, int32_t ngot, struct ref_key *k,
                         int32_t n)
{
    qsort(k, (size_t)n, sizeof *k, ref_key_order);
    assert_int_equal(ngot, n);
    for (int32_t i = 0; i < n; i++)
        assert_int_equal(got[i], k[i].idx);
}

/* Random ids from a small alphabet (so prefixes and, for projects and
 * payers, equal ids occur), in input order or sorted; planned units,
 * suspended requests at random: every list equals a strcmp sort. */
static void test_row_orders(void **state)
{
    (void)state;
    enum { NU = 400, NR = 60, NP = 12, NY = 7, IDLEN = 4 };
    static char uid[NU][IDLEN + 1], rid[NR][IDLEN + 1], pid[NP][IDLEN + 1],
                yid[NY][IDLEN + 1];
    struct unit units[NU];
    struct request reqs[NR];
    struct project projs[NP];
    struct payer payers[NY];
    int32_t unit_request[NU];
    uint8_t standing[NR];
    struct ref_key k[NU];
    unsigned seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)

    for (int round = 0; round < 8; round++) {
        int sorted = round % 2;         /* ids already in byte order */
        memset(units, 0, sizeof units);
        memset(reqs, 0, sizeof reqs);
        memset(projs, 0, sizeof projs);
        memset(payers, 0, sizeof payers);
        struct { char (*ids)[IDLEN + 1]; int n; } tabs[] = {
            { uid, NU }, { rid, NR }, { pid, NP }, { yid, NY }
        };
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < tabs[t].n; i++) {
                int len = 1 + (int)(RND() % IDLEN);
                for (int c = 0; c < len; c++)
                    tabs[t].ids[i][c] = "ab-0"[RND() % 4];
                tabs[t].ids[i][len] = '\0';
                if (t == 0) {   /* unit ids stay unique, as in a model */
                    tabs[t].ids[i][0] = "ab"[RND() % 2];
                    tabs[t].ids[i][1] = (char)('0' + i / 100);
                    tabs[t].ids[i][2] = (char)('0' + i / 10 % 10);
                    tabs[t].ids[i][3] = (char)('0' + i % 10);
                    tabs[t].ids[i][4] = '\0';
                }
            }
            if (sorted)
                qsort(tabs[t].ids, (size_t)tabs[t].n, IDLEN + 1, str_order);
        }
        for (int i = 0; i < NU; i++) {
            units[i].id = uid[i];
            units[i].project = (int32_t)(RND() % NP);
            unit_request[i] = RND() % 4 == 0 ? -1 : (int32_t)(RND() % NR);
        }
        for (int i = 0; i < NR; i++) {
            reqs[i].id = rid[i];
            reqs[i].payer = (int32_t)(RND() % NY);
            standing[i] = RND() % 3 == 0 ? REQ_SUSPENDED : REQ_ELIGIBLE;
        }
        for (int i = 0; i < NP; i++)
            projs[i].id = pid[i];
        for (int i = 0; i < NY; i++)
            payers[i].id = yid[i];
        struct model m;
        memset(&m, 0, sizeof m);
        m.units = units;
        m.nunits = NU;
        m.requests = reqs;
        m.nrequests = NR;
        m.projects = projs;
        m.nprojects = NP;
        m.payers = payers;
        m.npayers = NY;
        struct eligibility e;
        memset(&e, 0, sizeof e);
        e.requests = standing;
        struct plan p;
        memset(&p, 0, sizeof p);
        p.unit_request = unit_request;

        struct plan_order o;
        assert_int_equal(order_compute(&o, &m, &e, &p), 0);
        int32_t n = 0;
        for (int32_t u = 0; u < NU; u++)
            if (unit_request[u] >= 0)
                k[n++] = (struct ref_key){ reqs[unit_request[u]].id,
                                           projs[units[u].project].id, u };
        assert_order(o.allocation, o.nallocation, k, n);
        n = 0;
        for (int32_t u = 0; u < NU; u++)
            if (unit_request[u] >= 0)
                k[n++] = (struct ref_key){ units[u].id, "", u };
        assert_order(o.units, o.nunits, k, n);
        n = 0;
        for (int32_t u = 0; u < NU; u++)
            if (unit_request[u] >= 0 &&
                standing[unit_request[u]] == REQ_SUSPENDED)
                k[n++] = (struct ref_key){
                    payers[reqs[unit_request[u]].payer].id, units[u].id, u };
        assert_order(o.suspended, o.nsuspended, k, n);
        order_release(&o);
        order_release(&o);          /* twice is harmless */
    }
#undef RND
}

static void test_kpi_math(void **state)
{
    (void)state;
    assert_int_equal(kpi_rate(2, 3, 4), 6667);
    assert_int_equal(kpi_rate(1, 3, 4), 3333);
    assert_int_equal(kpi_rate(1, 8, 2), 13);       /* 0.125 half up */
    assert_int_equal(kpi_rate(5, 5, 6), 1000000);
    assert_int_equal(kpi_rate(0, 7, 6), 0);
    assert_int_equal(kpi_rate(1, 0, 6), KPI_NO_RATE);
    assert_int_equal(kpi_rate(999999999999, 1000000000000, 6), 1000000);
    assert_int_equal(kpi_frac_cmp(1, 3, 1, 2), -1);
    assert_int_equal(kpi_frac_cmp(2, 4, 1, 2), 0);
    assert_int_equal(kpi_frac_cmp(5, 7, 7, 10), 1);
    assert_int_equal(kpi_frac_cmp(0, 3, 0, 9), 0);
    assert_int_equal(kpi_frac_cmp(1000000000001, 1000000000000,
                                  1000000000000, 999999999999), -1);
    /* (1/3 + 1/2) / 2 = 0.41666.. ; (1/4 + 1/2) / 2 = 0.375 */
    assert_int_equal(kpi_frac_mean(1, 3, 1, 2, 6), 416667);
    assert_int_equal(kpi_frac_mean(1, 4, 1, 2, 2), 38);  /* 0.375 half up */
    assert_int_equal(kpi_frac_mean(1, 4, 1, 2, 3), 375);
    assert_int_equal(kpi_frac_mean(1, 1, 1, 1, 6), 1000000);
    assert_int_equal(kpi_frac_mean(0, 5, 1, 1000000, 6), 1); /* 5e-7 up */
}

static void test_format_utc(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(summary_format_utc(0, buf), 24);
    assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
    /* 2025-01-15 08:30:05.123 UTC */
    assert_int_equal(summary_format_utc(1736929805123, buf), 24);
    assert_string_equal(buf, "2025-01-15T08:30:05.123Z");
    assert_string_equal(summary_glpk_status(5), "optimal");
    assert_string_equal(summary_glpk_status(2), "feasible");
    assert_string_equal(summary_glpk_status(99), "unknown");
}

/* ---- the plan files ----------------------------------------------------- */

static const char ALLOCATION[] =
    "request_id,payer_id,home_town,category,project_id,project_town,layout,"
    "units,area_m2,value_cny,distance_km\n"
    "\"R1\",\"P2\",\"T2\",\"infrastructure\",\"PJ-A\",\"T1\",\"2R\",1,65.40,"
    "6540.00,22.060\n"
    "\"R1\",\"P2\",\"T2\",\"infrastructure\",\"PJ-B\",\"T2\",\"2R\",1,70.00,"
    "6300.00,0.000\n"
    "\"R1\",\"P2\",\"T2\",\"infrastructure\",\"PJ-C\",\"T3\",\"2R\",1,80.00,"
    "6400.00,11.032\n"
    "\"R2\",\"P1\",\"T1\",\"livelihood\",\"PJ-A\",\"T1\",\"1R\",2,82.25,"
    "8245.13,0.000\n"
    "\"R2\",\"P1\",\"T1\",\"livelihood\",\"PJ-B\",\"T2\",\"1R\",1,41.00,"
    "4100.00,22.060\n"
    "\"R4\",\"P1\",\"T1\",\"industry\",\"PJ-B\",\"T2\",\"1R\",1,43.50,"
    "3915.00,22.060\n"
    "\"R5\",\"P0\",\"T3\",\"social\",\"PJ-C\",\"T3\",\"1R\",1,50.00,"
    "4000.00,0.000\n";

static const char UNITS[] =
    "unit_id,project_id,town_id,layout,area_m2,value_cny,request_id,"
    "payer_id,status\n"
    "\"U01\",\"PJ-A\",\"T1\",\"1R\",40.25,4045.13,\"R2\",\"P1\",\"allocated\"\n"
    "\"U02\",\"PJ-B\",\"T2\",\"1R\",41.00,4100.00,\"R2\",\"P1\",\"allocated\"\n"
    "\"U03\",\"PJ-A\",\"T1\",\"2R\",65.40,6540.00,\"R1\",\"P2\",\"suspended\"\n"
    "\"U04\",\"PJ-B\",\"T2\",\"2R\",70.00,6300.00,\"R1\",\"P2\",\"suspended\"\n"
    "\"U05\",\"PJ-C\",\"T3\",\"2R\",80.00,6400.00,\"R1\",\"P2\",\"suspended\"\n"
    "\"U07\",\"PJ-A\",\"T1\",\"1R\",42.00,4200.00,\"R2\",\"P1\",\"allocated\"\n"
    "\"U08\",\"PJ-B\",\"T2\",\"1R\",43.50,3915.00,\"R4\",\"P1\",\"allocated\"\n"
    "\"U09\",\"PJ-C\",\"T3\",\"1R\",50.00,4000.00,\"R5\",\"P0\",\"suspended\"\n";

static const char REQUESTS[] =
    "request_id,payer_id,home_town,category,layout,requested,allocated,"
    "status,reason,reason_detail\n"
    "\"R2\",\"P1\",\"T1\",\"livelihood\",\"1R\",3,3,\"served\",\"\",\"\"\n"
    "\"R1\",\"P2\",\"T2\",\"infrastructure\",\"2R\",3,3,\"suspended\","
    "\"payer_in_default\",\"payer P2 is in default (1,234.56 CNY overdue since "
    "2024-06-30): its flats are held until the arrears are paid\"\n"
    "\"R3\",\"P3\",\"T1\",\"social\",\"1R\",1,0,"
    "\"rejected:no_capacity_proof\",\"no_capacity_proof\",\"payer P3 gave no "
    "proof of capacity to pay\"\n"
    "\"R4\",\"P1\",\"T1\",\"industry\",\"1R\",2,1,\"partial\",\"town_share\","
    "\"T1 received 4 of the 5 units its requests ask for (80.0 %, its balanced "
    "level 80.0 %); 1st of 1 T1 industry requests for 1R by submission date\"\n"
    "\"R5\",\"P0\",\"T3\",\"social\",\"1R\",1,1,\"suspended\","
    "\"payer_in_default\",\"payer P0 is in default (500.00 CNY overdue since "
    "2024-11-30): its flats are held until the arrears are paid\"\n";

static const char SUSPENDED[] =
    "payer_id,payer_name,overdue_cny,oldest_due_on,days_overdue,unit_id,"
    "project_id,layout,area_m2,value_cny,request_id\n"
    "\"P0\",\"'@home\",500.00,2024-11-30,46,\"U09\",\"PJ-C\",\"1R\",50.00,"
    "4000.00,\"R5\"\n"
    "\"P2\",\"'=SUM(A1)\",1234.56,2024-06-30,199,\"U03\",\"PJ-A\",\"2R\","
    "65.40,6540.00,\"R1\"\n"
    "\"P2\",\"'=SUM(A1)\",1234.56,2024-06-30,199,\"U04\",\"PJ-B\",\"2R\","
    "70.00,6300.00,\"R1\"\n"
    "\"P2\",\"'=SUM(A1)\",1234.56,2024-06-30,199,\"U05\",\"PJ-C\",\"2R\","
    "80.00,6400.00,\"R1\"\n";

static const char TOWN_BALANCE[] =
    "town_id,name,supply,demand,home_allocated,imported,exported,allocated,"
    "fill_rate\n"
    "\"T1\",\"Zhoupu\",4,5,2,2,1,4,0.8000\n"
    "\"T2\",\"Nanhui\",3,3,1,2,2,3,1.0000\n"
    "\"T3\",\"Huinan\",2,1,1,0,1,1,1.0000\n"
    "\"T4\",\"'+Tang\",0,0,0,0,0,0,\n";

static const char PAYER_BALANCE[] =
    "payer_id,payer_name,in_default,overdue_cny,requested,allocated,"
    "suspended,value_cny,capacity_cny\n"
    "\"P1\",\"Zhoupu \"\"town\"\", office\",\"no\",0.00,5,4,0,16260.13,\n"
    "\"P2\",\"'=SUM(A1)\",\"yes\",1234.56,3,3,3,19240.00,100000.00\n"
    "\"P3\",\"'-x\",\"no\",0.00,1,0,0,0.00,5000.00\n"
    "\"P0\",\"'@home\",\"yes\",500.00,1,1,1,4000.00,\n";

static void check_file(const char *dir, const char *name, const char *want)
{
    char *got = slurp2(dir, name);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_tables_exact(void **state)
{
    struct fx *f = *state;
    char err[512] = "";

    assert_int_equal(write_plan(f, f->out, err, sizeof err), 0);
    check_file(f->out, "allocation.csv", ALLOCATION);
    check_file(f->out, "units.csv", UNITS);
    check_file(f->out, "requests.csv", REQUESTS);
    check_file(f->out, "suspended.csv", SUSPENDED);
    check_file(f->out, "town_balance.csv", TOWN_BALANCE);
    check_file(f->out, "payer_balance.csv", PAYER_BALANCE);
    char path[PATH_MAX];
    FMT(path, "%s/run.json", f->out);
    assert_false(exists(path));                   /* ri == NULL */
    assert_int_equal(count_prefixed(f->tmp, "plan.tmp-"), 0);
}

static void test_kpi_values(void **state)
{
    struct fx *f = *state;
    struct plan_kpi k;

    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    assert_int_equal(k.units_requested, 9);
    assert_int_equal(k.units_requested_all, 10);
    assert_int_equal(k.units_allocated, 8);
    assert_int_equal(k.units_handed_over, 4);
    assert_int_equal(k.units_suspended, 4);
    assert_int_equal(k.units_allocatable, 9);
    assert_int_equal(k.units_idle, 1);
    assert_int_equal(k.home_units, 4);
    assert_int_equal(k.moved_units, 4);
    assert_int_equal(k.home_share, 500000);
    assert_int_equal(k.distance_m, 3 * 22060 + 11032);
    assert_int_equal(k.value_c, 3950013);
    assert_int_equal(k.value_suspended_c, 2324000);
    assert_int_equal(k.fill_min, 800000);
    assert_int_equal(k.fill_median, 1000000);
    assert_int_equal(k.ntowns_with_demand, 3);
    assert_int_equal(k.town_fill[3], KPI_NO_RATE);
    assert_int_equal(k.by_outcome[OUT_SERVED], 1);
    assert_int_equal(k.by_outcome[OUT_PARTIAL], 1);
    assert_int_equal(k.by_outcome[OUT_SUSPENDED], 2);
    assert_int_equal(k.by_outcome[OUT_REJECTED_NO_PROOF], 1);
    kpi_release(&k);

    /* towns change hands: the statistics follow */
    f->m.requests[4].town = 3;      /* R5 now of T4: 1 of 1, T3 none */
    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    /* rates: T1 0.8, T2 1, T3 none, T4 1  -> 3 towns, median 1 */
    assert_int_equal(k.ntowns_with_demand, 3);
    kpi_release(&k);
    f->m.requests[3].town = 2;      /* R4 of T3: 1 of 2 */
    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    /* T1 3/3, T2 3/3, T3 1/2, T4 1/1 -> sorted 0.5 1 1 1, median 1 */
    assert_int_equal(k.fill_min, 500000);
    assert_int_equal(k.fill_median, 1000000);
    kpi_release(&k);
    f->m.requests[0].town = 1;      /* R2 of T2: T2 6/6, T1 none */
    f->m.requests[4].town = 0;      /* R5 of T1: 1/1 */
    f->m.requests[4].units = 3;     /* T1 1/3 */
    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    /* T1 1/3, T2 6/6, T3 1/2 -> 1/3 1/2 1: median 0.5 (odd) */
    assert_int_equal(k.fill_median, 500000);
    assert_int_equal(k.fill_min, 333333);
    kpi_release(&k);
    f->m.requests[1].town = 3;      /* R1 of T4: 3/3 */
    f->m.requests[0].units = 9;     /* T2: R2 3/9 */
    assert_int_equal(kpi_compute(&k, &f->m, &f->e, &f->c, &f->p), 0);
    /* T1 1/3, T2 1/3, T3 1/2, T4 1 -> even: (1/3 + 1/2) / 2 */
    assert_int_equal(k.ntowns_with_demand, 4);
    assert_int_equal(k.fill_median, 416667);
    assert_int_equal(k.fill_min, 333333);
    kpi_release(&k);
}

static const char SUMMARY_HEAD[] =
    "{\n"
    "  \"tool\": \"rehouse\",\n"
    "  \"counts\": {\n"
    "    \"towns\": 4,\n"
    "    \"projects\": 3,\n"
    "    \"units\": 10,\n"
    "    \"units_by_standing\": {\n"
    "      \"allocatable\": 9,\n"
    "      \"status reserved\": 1,\n"
    "      \"status allocated\": 0,\n"
    "      \"available after horizon\": 0\n"
    "    },\n"
    "    \"requests\": 5,\n"
    "    \"requests_late_kept\": 0,\n"
    "    \"requests_by_outcome\": {\n"
    "      \"served\": 1,\n"
    "      \"partial\": 1,\n"
    "      \"unserved\": 0,\n"
    "      \"suspended\": 2,\n"
    "      \"rejected:late\": 0,\n"
    "      \"rejected:no_capacity_proof\": 1\n"
    "    },\n"
    "    \"requests_by_reason\": {\n"
    "      \"late\": 0,\n"
    "      \"no_capacity_proof\": 1,\n"
    "      \"payer_in_default\": 2,\n"
    "      \"no_supply\": 0,\n"
    "      \"payer_cap\": 0,\n"
    "      \"late_pass\": 0,\n"
    "      \"town_share\": 1\n"
    "    },\n"
    "    \"units_short_by_reason\": {\n"
    "      \"late\": 0,\n"
    "      \"no_capacity_proof\": 1,\n"
    "      \"payer_in_default\": 0,\n"
    "      \"no_supply\": 0,\n"
    "      \"payer_cap\": 0,\n"
    "      \"late_pass\": 0,\n"
    "      \"town_share\": 1\n"
    "    },\n"
    "    \"payers\": 4,\n"
    "    \"payers_in_default\": 2,\n"
    "    \"ledger_rows\": 3\n"
    "  },\n"
    "  \"stages\": [\n"
    "    {\n"
    "      \"name\": \"H\",\n"
    "      \"pass\": \"ontime\",\n"
    "      \"what\": \"units to \\\"home\\\" towns\",\n"
    "      \"objective\": 4.000000,\n"
    "      \"status\": \"optimal\",\n"
    "      \"bound\": 4.000000,\n"
    "      \"gap\": 0.000000,\n"
    "      \"lps\": 1,\n"
    "      \"iterations\": 7,\n"
    "      \"rows\": 10,\n"
    "      \"cols\": 12,\n"
    "      \"nonzeros\": 24,\n"
    "      \"time_limit_hit\": false\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"B\",\n"
    "      \"pass\": \"ontime\",\n"
    "      \"what\": \"min fill rate\",\n"
    "      \"objective\": 0.666667,\n"
    "      \"status\": \"feasible\",\n"
    "      \"bound\": 0.750000,\n"
    "      \"gap\": 0.083333,\n"
    "      \"lps\": 3,\n"
    "      \"iterations\": 40,\n"
    "      \"rows\": 11,\n"
    "      \"cols\": 13,\n"
    "      \"nonzeros\": 30,\n"
    "      \"time_limit_hit\": false\n"
    "    }\n"
    "  ],\n"
    "  \"stages_optimal\": 1,\n"
    "  \"stages_feasible\": 1,\n"
    "  \"time_limit_hit\": false,\n"
    "  \"lambda_star\": 0.800000,\n"
    "  \"integer_passes\": 0,\n"
    "  \"cap_rounds\": 0,\n"
    "  \"kpi\": {\n"
    "    \"units_requested\": 9,\n"
    "    \"units_requested_all\": 10,\n"
    "    \"units_allocated\": 8,\n"
    "    \"units_by_status\": {\n"
    "      \"allocated\": 4,\n"
    "      \"suspended\": 4\n"
    "    },\n"
    "    \"units_allocatable\": 9,\n"
    "    \"units_idle\": 1,\n"
    "    \"home_town_units\": 4,\n"
    "    \"home_town_share\": 0.500000,\n"
    "    \"moved_units\": 4,\n"
    "    \"unit_km\": 77.212,\n"
    "    \"value_allocated_cny\": 39500.13,\n"
    "    \"value_suspended_cny\": 23240.00,\n"
    "    \"towns_with_demand\": 3,\n"
    "    \"fill_rate_min\": 0.800000,\n"
    "    \"fill_rate_median\": 1.000000,\n"
    "    \"towns\": [\n"
    "      {\n"
    "        \"town_id\": \"T1\",\n"
    "        \"demand\": 5,\n"
    "        \"allocated\": 4,\n"
    "        \"fill_rate\": 0.800000,\n"
    "        \"level\": 0.800000,\n"
    "        \"floor\": 4\n"
    "      },\n";

static const char SUMMARY_TAIL[] =
    "      {\n"
    "        \"town_id\": \"T4\",\n"
    "        \"demand\": 0,\n"
    "        \"allocated\": 0,\n"
    "        \"fill_rate\": null,\n"
    "        \"level\": 1.000000,\n"
    "        \"floor\": 0\n"
    "      }\n"
    "    ]\n"
    "  },\n"
    "  \"inputs\": [\n"
    "    {\n"
    "      \"role\": \"towns\",\n"
    "      \"path\": \"data/towns.csv\",\n"
    "      \"rows\": 10,\n"
    "      \"bytes\": 1000,\n"
    "      \"sha256\": \"000102030405060708090a0b0c0d0e0f"
    "101112131415161718191a1b1c1d1e1f\"\n"
    "    },\n";

static const char SUMMARY_END[] =
    "    {\n"
    "      \"role\": \"ledger\",\n"
    "      \"path\": \"data/ledger.csv\",\n"
    "      \"rows\": 14,\n"
    "      \"bytes\": 1004,\n"
    "      \"sha256\": \"a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4"
    "a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4\"\n"
    "    }\n"
    "  ],\n"
    "  \"parameters\": {\n"
    "    \"config\": \"plan.ini\",\n"
    "    \"year\": 2025,\n"
    "    \"as_of\": \"2025-01-15\",\n"
    "    \"deadline\": \"2024-10-31\",\n"
    "    \"horizon_end\": \"2025-12-31\",\n"
    "    \"encoding\": \"utf-8\",\n"
    "    \"late\": \"reject\",\n"
    "    \"suspended\": \"hold\",\n"
    "    \"grace_days\": 30,\n"
    "    \"default_tolerance_cny\": 100.00,\n"
    "    \"category_order\": [\n"
    "      \"livelihood\",\n"
    "      \"infrastructure\",\n"
    "      \"industry\",\n"
    "      \"social\"\n"
    "    ],\n"
    "    \"time_limit_s\": 60,\n"
    "    \"search_nodes\": 50,\n"
    "    \"max_gap\": 0.001000\n"
    "  },\n"
    "  \"versions\": {\n"
    "    \"rehouse\": \"" RH_VERSION "\",\n";

static void test_summary_json(void **state)
{
    struct fx *f = *state;
    char err[512] = "";

    assert_int_equal(write_plan(f, f->out, err, sizeof err), 0);
    char *s = slurp2(f->out, "summary.json");
    assert_non_null(s);
    assert_memory_equal(s, SUMMARY_HEAD, strlen(SUMMARY_HEAD));
    assert_non_null(strstr(s, SUMMARY_TAIL));
    assert_non_null(strstr(s, SUMMARY_END));
    assert_null(strstr(s, "seconds"));
    assert_null(strstr(s, "host"));
    char glpk[64];
    FMT(glpk, "    \"glpk\": \"%s\"\n  }\n}\n",
             glp_version());
    assert_int_equal(strcmp(s + strlen(s) - strlen(glpk), glpk), 0);
    free(s);
}

static void test_run_json(void **state)
{
    struct fx *f = *state;
    struct run_info ri;
    char err[512] = "";

    run_info_start(&ri);
    run_info_finish(&ri);
    ri.started_ms = 1736929805123;
    ri.finished_ms = 1736929807000;
    ri.total_seconds = 1.8775;
    ri.peak_rss_kb = 12345;
    ri.pid = 4242;
    ri.phase_seconds[RUN_READ] = 0.125;
    ri.phase_seconds[RUN_SOLVE] = 2.5;
    snprintf(ri.host, sizeof ri.host, "box\"1");
    f->p.network_seconds = 0.25;
    f->p.assign_seconds = 0.125;
    f->p.again_seconds = 0.5;
    assert_int_equal(output_write_plan(f->out, &f->m, &f->e, &f->c, &f->p,
                                       &ri, err, sizeof err), 0);
    check_file(f->out, "run.json",
        "{\n"
        "  \"started\": \"2025-01-15T08:30:05.123Z\",\n"
        "  \"finished\": \"2025-01-15T08:30:07.000Z\",\n"
        "  \"host\": \"box\\\"1\",\n"
        "  \"pid\": 4242,\n"
        "  \"phases\": {\n"
        "    \"read\": 0.125,\n"
        "    \"eligibility\": 0.000,\n"
        "    \"solve\": 2.500,\n"
        "    \"write\": 0.000\n"
        "  },\n"
        "  \"solve_parts\": {\n"
        "    \"network\": 0.250,\n"
        "    \"stages\": 1.513,\n"
        "    \"assign\": 0.125,\n"
        "    \"solved_again\": 0.500\n"
        "  },\n"
        "  \"units_handed_out\": 0,\n"
        "  \"stages\": [\n"
        "    {\n"
        "      \"name\": \"H\",\n"
        "      \"pass\": \"ontime\",\n"
        "      \"seconds\": 0.013,\n"
        "      \"integer_search_seconds\": 0.000,\n"
        "      \"integer_searches\": 0,\n"
        "      \"lp_relaxation\": 0.000000,\n"
        "      \"handed_out\": 0\n"
        "    },\n"
        "    {\n"
        "      \"name\": \"B\",\n"
        "      \"pass\": \"ontime\",\n"
        "      \"seconds\": 1.500,\n"
        "      \"integer_search_seconds\": 0.000,\n"
        "      \"integer_searches\": 0,\n"
        "      \"lp_relaxation\": 0.000000,\n"
        "      \"handed_out\": 0\n"
        "    }\n"
        "  ],\n"
        "  \"total_seconds\": 1.878,\n"
        "  \"peak_rss_kb\": 12345\n"
        "}\n");
    /* the rest does not depend on run_info */
    check_file(f->out, "allocation.csv", ALLOCATION);

    /* the helpers fill something sensible */
    run_info_start(&ri);
    run_info_finish(&ri);
    assert_true(ri.started_ms > 1600000000000);
    assert_true(ri.finished_ms >= ri.started_ms);
    assert_true(ri.total_seconds >= 0.0);
    assert_true(ri.peak_rss_kb > 0);
    assert_int_equal(ri.pid, (long)getpid());
}

static void test_locale_independent(void **state)
{
    struct fx *f = *state;
    char err[512] = "", other[PATH_MAX];
    static const char *const locales[] = {
        "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "ru_RU.UTF-8"
    };
    const char *got = NULL;

    assert_int_equal(write_plan(f, f->out, err, sizeof err), 0);
    for (size_t i = 0; i < sizeof locales / sizeof locales[0] && !got; i++)
        got = setlocale(LC_ALL, locales[i]);
    if (!got) {
        print_message("no comma-decimal locale installed: skipped\n");
        skip();
        return;
    }
    char probe[16];
    FMT(probe, "%.1f", 1.5);  /* the locale is in force */
    assert_string_equal(probe, "1,5");
    FMT(other, "%s/plan-de", f->tmp);
    int rc = write_plan(f, other, err, sizeof err);
    setlocale(LC_ALL, "C");
    assert_int_equal(rc, 0);
    assert_same_files(f->out, other);
}

/* ---- the atomic folder -------------------------------------------------- */

static int fill_then_fail(const char *tmp, void *ud, char *err, size_t errsz)
{
    (void)ud;
    put_file(tmp, "summary.json", "half");
    put_file(tmp, "units.csv", "half");
    snprintf(err, errsz, "disk full (simulated)");
    return RH_EXIT_CANTCREAT;
}

static int fill_one(const char *tmp, void *ud, char *err, size_t errsz)
{
    (void)err;
    (void)errsz;
    put_file(tmp, "summary.json", ud);
    return 0;
}

static void test_atomic_replace(void **state)
{
    struct fx *f = *state;
    char err[512] = "", copy[PATH_MAX];

    assert_int_equal(write_plan(f, f->out, err, sizeof err), 0);
    /* a file that is not a plan file: someone else's, never replaced */
    put_file(f->out, "stray.txt", "from someone else");
    f->p.stages[0].objective = 5.0;
    assert_int_equal(write_plan(f, f->out, err, sizeof err), RH_EXIT_CANTCREAT);
    char path[PATH_MAX];
    FMT(path, "%s/stray.txt", f->out);
    assert_true(exists(path));
    assert_int_equal(unlink(path), 0);
    assert_int_equal(write_plan(f, f->out, err, sizeof err), 0);
    char *s = slurp2(f->out, "summary.json");
    assert_non_null(strstr(s, "\"objective\": 5.000000"));
    free(s);
    assert_int_equal(count_prefixed(f->tmp, "plan.tmp-"), 0);

    /* same inputs, byte-identical files */
    FMT(copy, "%s/again", f->tmp);
    assert_int_equal(write_plan(f, copy, err, sizeof err), 0);
    assert_same_files(f->out, copy);

    /* trailing slash names the same folder */
    char slashed[PATH_MAX];
    FMT(slashed, "%s//", f->out);
    assert_int_equal(write_plan(f, slashed, err, sizeof err), 0);
    assert_same_files(f->out, copy);
    assert_int_equal(count_prefixed(f->tmp, "plan.tmp-"), 0);
}

static void test_atomic_failure_keeps_old(void **state)
{
    struct fx *f = *state;
    char err[512] = "", before[PATH_MAX];

    assert_int_equal(write_plan(f, f->out, err, sizeof err), 0);
    FMT(before, "%s/before", f->tmp);
    assert_int_equal(write_plan(f, before, err, sizeof err), 0);

    assert_int_equal(folder_write_atomic(f->out, fill_then_fail, NULL,
                                         &output_plan_folder, err, sizeof err),
                     RH_EXIT_CANTCREAT);
    assert_string_equal(err, "disk full (simulated)");
    assert_same_files(f->out, before);
    assert_int_equal(count_prefixed(f->tmp, "plan.tmp-"), 0);

    /* an inconsistent plan is refused before anything is touched */
    f->p.req_allocated[0] = 2;
    assert_int_equal(write_plan(f, f->out, err, sizeof err), RH_EXIT_SOFTWARE);
    assert_string_equal(err, "internal error: plan: req_allocated differs "
                             "from the units planned for R2");
    f->p.req_allocated[0] = 3;
    f->p.unit_request[6] = 0;                    /* U06 is reserved */
    assert_int_equal(write_plan(f, f->out, err, sizeof err), RH_EXIT_SOFTWARE);
    assert_string_equal(err, "internal error: plan: unit planned but not "
                             "allocatable: U06");
    f->p.unit_request[6] = -1;
    f->p.unit_request[0] = 0;                    /* U03 2R to R2 (1R) */
    f->p.req_allocated[0] = 4;
    f->p.req_allocated[1] = 2;
    assert_int_equal(write_plan(f, f->out, err, sizeof err), RH_EXIT_SOFTWARE);
    assert_string_equal(err, "internal error: plan: unit planned for a "
                             "request of another layout: U03");
    /* a payer over its cap in cents: the same check as the solver's */
    f->p.unit_request[0] = -1;
    f->p.req_allocated[0] = 3;
    f->p.req_allocated[1] = 2;
    {
        int64_t saved[64];
        for (int32_t q = 0; q < f->m.npayers && q < 64; q++) {
            saved[q] = f->m.payers[q].capacity_c;
            f->m.payers[q].capacity_c = 0;
        }
        assert_int_equal(write_plan(f, f->out, err, sizeof err),
                         RH_EXIT_SOFTWARE);
        assert_non_null(strstr(err, "internal error: plan: payer over its "
                                    "cap: "));
        for (int32_t q = 0; q < f->m.npayers && q < 64; q++)
            f->m.payers[q].capacity_c = saved[q];
    }
    assert_same_files(f->out, before);
    assert_int_equal(count_prefixed(f->tmp, "plan.tmp-"), 0);
}

static void test_atomic_refusals(void **state)
{
    struct fx *f = *state;
    char err[512] = "", dir[PATH_MAX], path[PATH_MAX];

    /* the parent must exist */
    FMT(dir, "%s/missing/plan", f->tmp);
    assert_int_equal(write_plan(f, dir, err, sizeof err), RH_EXIT_CANTCREAT);
    char want[PATH_MAX + 128];
    FMT(want, "%s: parent folder %s/missing: %s", dir,
             f->tmp, strerror(ENOENT));
    assert_string_equal(err, want);

    /* a folder that is not a plan is never replaced */
    FMT(dir, "%s/home", f->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    put_file(dir, "thesis.tex", "precious");
    assert_int_equal(write_plan(f, dir, err, sizeof err), RH_EXIT_CANTCREAT);
    FMT(want, "%s: exists and is not a plan folder (it holds thesis.tex): "
             "refusing to replace it", dir);
    assert_string_equal(err, want);
    char *s = slurp2(dir, "thesis.tex");
    assert_string_equal(s, "precious");
    free(s);

    /* a summary.json does not make a home folder a plan folder */
    put_file(dir, "summary.json", "{ \"tool\": \"rehouse\" }");
    assert_int_equal(write_plan(f, dir, err, sizeof err), RH_EXIT_CANTCREAT);
    assert_string_equal(err, want);
    FMT(path, "%s/thesis.tex", dir);
    assert_int_equal(unlink(path), 0);
    FMT(path, "%s/docs", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(write_plan(f, dir, err, sizeof err), RH_EXIT_CANTCREAT);
    FMT(want, "%s: exists and is not a plan folder (it holds docs/): "
             "refusing to replace it", dir);
    assert_string_equal(err, want);
    assert_int_equal(rmdir(path), 0);

    /* plan files only, but a summary.json that rehouse did not write */
    FMT(dir, "%s/lookalike", f->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    put_file(dir, "summary.json", "{ \"tool\": \"other\" }");
    put_file(dir, "units.csv", "mine");
    assert_int_equal(write_plan(f, dir, err, sizeof err), RH_EXIT_CANTCREAT);
    FMT(want, "%s: exists and is not a plan folder (its summary.json was not "
             "written by rehouse): refusing to replace it", dir);
    assert_string_equal(err, want);
    FMT(path, "%s/summary.json", dir);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(write_plan(f, dir, err, sizeof err), RH_EXIT_CANTCREAT);
    FMT(want, "%s: exists and is not a plan folder (it has no summary.json): "
             "refusing to replace it", dir);
    assert_string_equal(err, want);
    s = slurp2(dir, "units.csv");
    assert_string_equal(s, "mine");
    free(s);

    /* a folder kind with sub-folders: each must be of the sub-kind */
    const struct folder_kind outer = {
        "sweep-like folder", (const char *const[]){ "t.csv", NULL }, "t.csv",
        "head", &output_plan_folder
    };
    FMT(dir, "%s/outer", f->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    put_file(dir, "t.csv", "head\n");
    FMT(path, "%s/outer/p", f->tmp);
    assert_int_equal(write_plan(f, path, err, sizeof err), 0);
    assert_int_equal(folder_check(dir, &outer, err, sizeof err), 0);
    FMT(path, "%s/outer/q", f->tmp);
    assert_int_equal(mkdir(path, 0755), 0);
    put_file(path, "x", "foreign");
    assert_int_equal(folder_check(dir, &outer, err, sizeof err),
                     RH_EXIT_CANTCREAT);
    FMT(want, "%s: exists and is not a sweep-like folder (q/ is not a plan folder: "
             "it holds x): refusing to replace it", dir);
    assert_string_equal(err, want);

    /* an empty folder is fine */
    FMT(dir, "%s/empty", f->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(write_plan(f, dir, err, sizeof err), 0);
    check_file(dir, "units.csv", UNITS);

    /* a file or a symbolic link in the way */
    FMT(dir, "%s/afile", f->tmp);
    put_file(f->tmp, "afile", "x");
    assert_int_equal(write_plan(f, dir, err, sizeof err), RH_EXIT_CANTCREAT);
    FMT(path, "%s/link", f->tmp);
    assert_int_equal(symlink("empty", path), 0);
    assert_int_equal(write_plan(f, path, err, sizeof err), RH_EXIT_CANTCREAT);
    FMT(want, "%s: exists and is not a folder (a symbolic "
             "link)", path);
    assert_string_equal(err, want);

    /* a folder we cannot write into: the old plan stays (not as root) */
    if (geteuid() != 0) {
        FMT(dir, "%s/ro", f->tmp);
        assert_int_equal(mkdir(dir, 0755), 0);
        FMT(path, "%s/ro/plan", f->tmp);
        assert_int_equal(write_plan(f, path, err, sizeof err), 0);
        assert_int_equal(chmod(dir, 0555), 0);
        assert_int_equal(write_plan(f, path, err, sizeof err),
                         RH_EXIT_CANTCREAT);
        assert_int_equal(chmod(dir, 0755), 0);
        check_file(path, "units.csv", UNITS);
    }
}

static void test_atomic_stale_cleanup(void **state)
{
    struct fx *f = *state;
    char err[512] = "", stale[PATH_MAX], live[PATH_MAX], other[PATH_MAX];

    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(0);
    assert_int_equal(waitpid(child, NULL, 0), child);

    FMT(stale, "%s/plan.tmp-%ld-0", f->tmp, (long)child);
    assert_int_equal(mkdir(stale, 0755), 0);
    put_file(stale, "summary.json", "left by a killed run");
    FMT(live, "%s/plan.tmp-%ld-5", f->tmp, (long)getpid());
    assert_int_equal(mkdir(live, 0755), 0);      /* a live process's */
    FMT(other, "%s/plan.tmp-notapid", f->tmp);
    assert_int_equal(mkdir(other, 0755), 0);

    assert_int_equal(folder_write_atomic(f->out, fill_one, "{}\n",
                                         &output_plan_folder, err, sizeof err),
                     0);
    assert_false(exists(stale));
    assert_true(exists(live));
    assert_true(exists(other));
    check_file(f->out, "summary.json", "{}\n");
    assert_int_equal(folder_remove_tree(live), 0);
    assert_int_equal(folder_remove_tree(other), 0);
    assert_int_equal(count_prefixed(f->tmp, "plan.tmp-"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csvout_cells, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_csvout_write_error, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_json_writer, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_json_misuse, setup, fx_teardown),
        cmocka_unit_test(test_row_orders),
        cmocka_unit_test(test_kpi_math),
        cmocka_unit_test(test_format_utc),
        cmocka_unit_test_setup_teardown(test_tables_exact, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_values, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_summary_json, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_run_json, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_locale_independent, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_replace, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_failure_keeps_old, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_refusals, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_stale_cleanup, setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_mathprog.c -- unit tests for src/output/mathprog.c (contract:
 * mathprog.h, models/README.md).
 *
 * The main case writes a small plan's inputs into a temporary folder, loads
 * them as rehouse does (job_open), emits rehouse.dat and compares it byte
 * for byte with the text below, written from the rules: which requests take
 * part in the on-time pass, allocatable supply, ranks under a permuted
 * category_order, and distances computed separately (haversine, R =
 * 6371008.8 m, rounded to the metre: A-B-1 14636, A-C 14642, B-1-C 29278).
 * Other cases: a second emission gives the same bytes and leaves no
 * temporary file; quotes inside ids are doubled; ids MathProg cannot hold
 * and unwritable folders give 73 with a message.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/job.h"
#include "io/exitcode.h"
#include "output/mathprog.h"
#include "version.h"

static char tmpdir[1024];

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/rh_mathprog_XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *name, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Whole file into a malloc'ed string. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (;;) {
        size_t k = fread(buf + n, 1, cap - 1 - n, f);
        n += k;
        if (k == 0)
            break;
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    assert_non_null(d);
    for (struct dirent *de; (de = readdir(d)) != NULL;)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* ----------------------------------------------------------- from files */

static const char plan_ini[] =
    "[plan]\nyear = 2025\nas_of = 2025-01-15\n"
    "[inputs]\ntowns = towns.csv\ninventory = inventory.csv\n"
    "demand = demand.csv\npayers = payers.csv\nledger = ledger.csv\n"
    "[policy]\nlate = last\nsuspended = release\n"
    "category_order = social, industry, livelihood, infrastructure\n";

static const char towns_csv[] =
    "town_id,name,kind,lat,lon\n"
    "A,甲镇,town,31.100,121.600\n"
    "B-1,乙街道,street,31.200,121.500\n"
    "C,丙镇,town,31.000,121.700\n";

/* U3 reserved, U5 after the horizon: 3 allocatable units (A 2R 2, C 1R 1);
 * layouts in first-seen order 2R 1R 3R, then 4R from demand. */
static const char inventory_csv[] =
    "unit_id,project_id,project_name,town_id,layout,area_m2,price_cny_m2,status,available_on\n"
    "U1,P1,项目一,A,2R,70.00,8000.00,available,2025-06-30\n"
    "U2,P1,项目一,A,2R,70.00,8000.00,available,2025-06-30\n"
    "U3,P1,项目一,A,1R,50.00,8000.00,reserved,2025-06-30\n"
    "U4,P2,项目二,C,1R,50.00,7000.00,available,2025-12-31\n"
    "U5,P2,项目二,C,3R,90.00,7000.00,available,2026-01-01\n";

/* R3 late (late = last: left for the late pass), R4 payer without proof,
 * R5 payer in default (suspended = release: out), R6 on the deadline. */
static const char demand_csv[] =
    "request_id,payer_id,home_town,category,layout,units,submitted_on\n"
    "R1,PA,A,livelihood,2R,3,2024-09-01\n"
    "R2,PB,B-1,social,1R,2,2024-09-02\n"
    "R3,PB,B-1,industry,2R,1,2024-11-01\n"
    "R4,PC,C,infrastructure,4R,1,2024-09-03\n"
    "R5,PD,C,livelihood,2R,4,2024-09-04\n"
    "R6,PE,A,industry,1R,1,2024-10-31\n";

static const char payers_csv[] =
    "payer_id,payer_name,capacity_proof,capacity_cny\n"
    "PA,甲,yes,\n"
    "PB,乙,yes,1000000.00\n"
    "PC,丙,no,\n"
    "PD,丁,yes,5.00\n"
    "PE,戊,yes,123.45\n";

static const char ledger_csv[] =
    "payer_id,agreement_id,due_on,amount_due_cny,amount_paid_cny\n"
    "PD,G1,2024-09-30,1000.00,0.00\n";

static const char expected_dat[] =
    "# rehouse.dat -- MathProg data for models/{h,b,t,c,d}.mod: the on-time allocation pass.\n"
    "# Written by rehouse " RH_VERSION " (plan --emit-mathprog); regenerate rather than edit.\n"
    "# plan year 2025, as_of 2025-01-15, deadline 2024-10-31, horizon_end 2025-12-31\n"
    "# policy late = last, suspended = release, category_order = social, industry, livelihood, infrastructure\n"
    "# 3 towns, 4 layouts, 3 allocatable units, 3 requests in this pass asking for 6 units; late requests left for the late pass: 1\n"
    "# Payer caps are NOT modelled; the cross-check applies when no cap binds.\n"
    "# Capped payers of this pass (capacity_cny):\n"
    "#   'PB' 1000000.00\n"
    "#   'PE' 123.45\n"
    "\n"
    "data;\n"
    "\n"
    "set TOWNS :=\n"
    "  'A'\n"
    "  'B-1'\n"
    "  'C';\n"
    "\n"
    "set LAYOUTS := '2R' '1R' '3R' '4R';\n"
    "\n"
    "# rank in category_order -> category\n"
    "param category :=\n"
    "  0 'social'\n"
    "  1 'industry'\n"
    "  2 'livelihood'\n"
    "  3 'infrastructure';\n"
    "\n"
    "# allocatable units per (project town, layout)\n"
    "param S :=\n"
    "  'A' '2R' 2\n"
    "  'C' '1R' 1;\n"
    "\n"
    "# requests of the on-time pass, in demand.csv order; rank = position of the category in category_order\n"
    "param : REQUESTS : home lay units rank payer :=\n"
    "  'R1' 'A' '2R' 3 2 'PA'\n"
    "  'R2' 'B-1' '1R' 2 0 'PB'\n"
    "  'R6' 'A' '1R' 1 1 'PE';\n"
    "\n"
    "# great-circle distance in whole metres, row = project town, column = home town\n"
    "param dist : 'A' 'B-1' 'C' :=\n"
    "  'A' 0 14636 14642\n"
    "  'B-1' 14636 0 29278\n"
    "  'C' 14642 29278 0;\n"
    "\n"
    "end;\n";

static void test_emit_from_files(void **state)
{
    (void)state;
    char ini[PATH_MAX], out[PATH_MAX], dat[PATH_MAX], err[512];
    write_file("plan.ini", plan_ini);
    write_file("towns.csv", towns_csv);
    write_file("inventory.csv", inventory_csv);
    write_file("demand.csv", demand_csv);
    write_file("payers.csv", payers_csv);
    write_file("ledger.csv", ledger_csv);
    snprintf(ini, sizeof ini, "%s/plan.ini", tmpdir);
    snprintf(out, sizeof out, "%s/mp", tmpdir);
    snprintf(dat, sizeof dat, "%s/mp/rehouse.dat", tmpdir);

    struct job j;
    assert_int_equal(job_open(&j, ini, stderr), 0);
    err[0] = '\0';
    assert_int_equal(mathprog_emit(out, &j.model, &j.elig, &j.config, err,
                                   sizeof err), 0);
    assert_string_equal(err, "");
    char *first = read_file(dat);
    assert_string_equal(first, expected_dat);

    /* Again into the existing folder: same bytes, nothing else left. */
    assert_int_equal(mathprog_emit(out, &j.model, &j.elig, &j.config, err,
                                   sizeof err), 0);
    char *second = read_file(dat);
    assert_string_equal(second, first);
    assert_int_equal(count_entries(out), 1);
    free(first);
    free(second);

    /* A folder whose parent does not exist. */
    snprintf(out, sizeof out, "%s/no/such/dir", tmpdir);
    assert_int_equal(mathprog_emit(out, &j.model, &j.elig, &j.config, err,
                                   sizeof err), RH_EXIT_CANTCREAT);
    assert_non_null(strstr(err, ": parent folder "));
    assert_non_null(strstr(err, out));

    /* Never into a folder of another kind, such as a plan folder. */
    snprintf(out, sizeof out, "%s/plan", tmpdir);
    assert_int_equal(mkdir(out, 0755), 0);
    write_file("plan/summary.json", "{ \"tool\": \"rehouse\" }\n");
    assert_int_equal(mathprog_emit(out, &j.model, &j.elig, &j.config, err,
                                   sizeof err), RH_EXIT_CANTCREAT);
    assert_non_null(strstr(err, "exists and is not a MathProg folder (it "
                                "holds summary.json)"));
    job_close(&j);
}

/* ------------------------------------------------------ a model by hand */

struct small {
    struct model m;
    struct eligibility e;
    struct config c;
    struct town towns[2];
    struct unit units[1];
    struct request requests[1];
    struct payer payers[1];
    char *layout_strs[1];
    uint8_t ustand[1], rtake[1], rlate[1];
};

static void small_init(struct small *s, const char *town0, const char *req0)
{
    memset(s, 0, sizeof *s);
    s->towns[0] = (struct town){ town0, "x", TOWN_TOWN, 31.0, 121.0, 2 };
    s->towns[1] = (struct town){ "T2", "y", TOWN_TOWN, 31.0, 121.0, 3 };
    s->layout_strs[0] = "2R";
    s->units[0] = (struct unit){ "U1", 0, 1, 0, 7000, 800000, 56000000,
                                 UNIT_AVAILABLE, 0, 2 };
    s->requests[0] = (struct request){ req0, 0, 0, 0, RH_CAT_SOCIAL, 1, 0, 2 };
    s->payers[0] = (struct payer){ "P", "p", 1, -1, 2 };
    s->m.towns = s->towns;
    s->m.ntowns = 2;
    s->m.layouts.strs = s->layout_strs;
    s->m.layouts.n = 1;
    s->m.units = s->units;
    s->m.nunits = 1;
    s->m.requests = s->requests;
    s->m.nrequests = 1;
    s->m.payers = s->payers;
    s->m.npayers = 1;
    s->ustand[0] = UNIT_OK;
    s->rtake[0] = 1;
    s->e.units = s->ustand;
    s->e.requests = s->rlate;       /* REQ_ELIGIBLE = 0 */
    s->e.takes_part = s->rtake;
    s->e.late = s->rlate;
    s->c.year = 2025;
    for (int k = 0; k < RH_NCATEGORIES; k++)
        s->c.category_order[k] = s->c.category_rank[k] = k;
}

static void test_quotes_doubled_and_same_place(void **state)
{
    (void)state;
    struct small s;
    char out[PATH_MAX], dat[PATH_MAX], err[512];
    small_init(&s, "O'Brien", "R'1");
    snprintf(out, sizeof out, "%s/q", tmpdir);
    snprintf(dat, sizeof dat, "%s/q/rehouse.dat", tmpdir);
    assert_int_equal(mathprog_emit(out, &s.m, &s.e, &s.c, err, sizeof err), 0);
    char *text = read_file(dat);
    assert_non_null(strstr(text, "\n  'O''Brien'\n"));
    assert_non_null(strstr(text, "\n  'R''1' 'O''Brien' '2R' 1 3 'P';\n"));
    /* Two towns at the same point: 0 metres off the diagonal too. */
    assert_non_null(strstr(text, "\n  'O''Brien' 0 0\n  'T2' 0 0;\n"));
    assert_non_null(strstr(text, "param S :=\n  'T2' '2R' 1;\n"));
    assert_non_null(strstr(text, "# No payer of this pass has a cap.\n"));
    free(text);
}

static void test_bad_symbols(void **state)
{
    (void)state;
    struct small s;
    char out[PATH_MAX], err[512], longid[MATHPROG_MAX_SYMBOL + 2];
    snprintf(out, sizeof out, "%s/bad", tmpdir);

    memset(longid, 'a', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';           /* 101 bytes */
    small_init(&s, "A", longid);
    assert_int_equal(mathprog_emit(out, &s.m, &s.e, &s.c, err, sizeof err),
                     RH_EXIT_CANTCREAT);
    assert_non_null(strstr(err, "mathprog: request id 'aaa"));
    assert_non_null(strstr(err, "MathProg symbol"));

    longid[MATHPROG_MAX_SYMBOL] = '\0';         /* 100 bytes: fine */
    assert_int_equal(mathprog_emit(out, &s.m, &s.e, &s.c, err, sizeof err), 0);

    small_init(&s, "A\nB", "R1");
    assert_int_equal(mathprog_emit(out, &s.m, &s.e, &s.c, err, sizeof err),
                     RH_EXIT_CANTCREAT);
    assert_non_null(strstr(err, "mathprog: town id"));

    /* A request that does not take part is not written, nor checked. */
    small_init(&s, "A", "R\t1");
    s.rtake[0] = 0;
    assert_int_equal(mathprog_emit(out, &s.m, &s.e, &s.c, err, sizeof err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emit_from_files),
        cmocka_unit_test(test_quotes_doubled_and_same_place),
        cmocka_unit_test(test_bad_symbols),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

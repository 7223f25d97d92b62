/* test_scenario.c -- what-if scenarios (domain/scenario.h) through the job
 * front (cli/job.h): every edit on a small model, and bad S.ini files with
 * their exact messages and exit codes. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/job.h"
#include "domain/scenario.h"
#include "io/exitcode.h"
#include "io/value.h"

static char tmpdir[PATH_MAX];
static char oldcwd[PATH_MAX];

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(name, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Two towns, two projects, three units, two requests, two payers; Q1 is in
 * default (2024-12-01 unpaid, as_of 2025-01-15, grace 30). */
static int setup(void **state)
{
    (void)state;
    if (getcwd(oldcwd, sizeof oldcwd) == NULL)
        return -1;
    snprintf(tmpdir, sizeof tmpdir, "%s/rh_scenario_XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmpdir) == NULL || chdir(tmpdir) != 0)
        return -1;
    write_file("plan.ini",
               "[plan]\nyear = 2025\nas_of = 2025-01-15\n"
               "[inputs]\ntowns = towns.csv\ninventory = inventory.csv\n"
               "demand = demand.csv\npayers = payers.csv\nledger = ledger.csv\n");
    write_file("towns.csv", "town_id,name,kind,lat,lon\n"
               "A,Town A,town,31.1,121.5\nB,Town B,street,31.2,121.6\n");
    write_file("inventory.csv",
               "unit_id,project_id,project_name,town_id,layout,area_m2,"
               "price_cny_m2,status,available_on\n"
               "U1,P1,One,A,2R,70.00,8000.00,available,2025-03-01\n"
               "U2,P1,One,A,2R,70.00,8000.00,available,2025-03-01\n"
               "U3,P2,Two,B,2R,70.00,8000.00,available,2025-03-01\n");
    write_file("demand.csv",
               "request_id,payer_id,home_town,category,layout,units,"
               "submitted_on\n"
               "R1,Q1,A,livelihood,2R,3,2024-09-01\n"
               "R2,Q2,B,industry,2R,5,2024-09-01\n");
    write_file("payers.csv", "payer_id,payer_name,capacity_proof\n"
               "Q1,Payer 1,yes\nQ2,Payer 2,yes\n");
    write_file("ledger.csv",
               "payer_id,agreement_id,due_on,amount_due_cny,amount_paid_cny\n"
               "Q1,AG1,2024-12-01,1000.00,0.00\n"
               "Q2,AG2,2024-12-01,1000.00,1000.00\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (chdir(oldcwd) != 0)
        return -1;
    return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Open the job with s.ini = text; stderr text into err. */
static int open_with(struct job *j, const char *text, char *err, size_t errsz)
{
    write_file("s.ini", text);
    FILE *e = tmpfile();
    assert_non_null(e);
    int rc = job_open_scenario(j, "plan.ini", "s.ini", e);
    rewind(e);
    size_t n = fread(err, 1, errsz - 1, e);
    err[n] = '\0';
    fclose(e);
    return rc;
}

static struct job run_ok(const char *text)
{
    struct job j;
    char err[2048];
    int rc = open_with(&j, text, err, sizeof err);
    assert_string_equal(err, "");
    assert_int_equal(rc, 0);
    return j;
}

static void expect_fail(const char *text, int code, const char *message)
{
    struct job j;
    char err[2048];
    int rc = open_with(&j, text, err, sizeof err);
    assert_string_equal(err, message);
    assert_int_equal(rc, code);
    job_close(&j);
}

static int32_t req(const struct model *m, const char *id)
{
    return strtab_find(&m->request_ids, id, strlen(id));
}

#define HEAD "[scenario]\nname = t1\ndescription = a test\n"

static void test_no_edits(void **state)
{
    (void)state;
    struct job j = run_ok(HEAD);
    assert_int_equal(j.model.nunits, 3);
    assert_int_equal(j.model.requests[req(&j.model, "R1")].units, 3);
    assert_non_null(j.config.scenario);
    assert_string_equal(j.config.scenario->name, "t1");
    assert_string_equal(j.config.scenario->path, "s.ini");
    assert_int_equal(j.config.scenario->bytes, strlen(HEAD));
    assert_int_equal(j.elig.payers[0].in_default, 1);
    job_close(&j);
}

static void test_exclude(void **state)
{
    (void)state;
    struct job j = run_ok(HEAD "[edits]\nexclude_projects = P1\n");
    assert_int_equal(j.model.nunits, 1);
    assert_string_equal(j.model.units[0].id, "U3");
    /* the unit id table follows the compacted array */
    assert_int_equal(strtab_find(&j.model.unit_ids, "U3", 2), 0);
    assert_int_equal(strtab_find(&j.model.unit_ids, "U1", 2), -1);
    assert_int_equal(j.elig.nunit_standing[UNIT_OK], 1);
    job_close(&j);
}

static void test_delay(void **state)
{
    (void)state;
    struct job j = run_ok(HEAD "[edits]\ndelay_projects = P2:2026-03-01, "
                          "P1:2025-06-30\n");
    rh_date d;
    char m[128];
    assert_int_equal(value_parse_date("2026-03-01", 10, &d, m, sizeof m), 0);
    assert_int_equal(j.model.units[2].available_on, d);
    assert_int_equal(j.elig.units[2], UNIT_AFTER_HORIZON);
    assert_int_equal(value_parse_date("2025-06-30", 10, &d, m, sizeof m), 0);
    assert_int_equal(j.model.units[0].available_on, d);
    assert_int_equal(j.elig.units[0], UNIT_OK);
    job_close(&j);
}

static void test_scale(void **state)
{
    (void)state;
    /* R1: 3 x 1.5 = 4.5 -> 5; R2 (industry, town B): 5 x 0.5 = 2.5 -> 3 */
    struct job j = run_ok(HEAD "[edits]\nscale_demand = livelihood:1.5, "
                          "town:B:0.5\n");
    assert_int_equal(j.model.requests[req(&j.model, "R1")].units, 5);
    assert_int_equal(j.model.requests[req(&j.model, "R2")].units, 3);
    job_close(&j);
    /* both factors of a line multiply exactly, rounded once */
    j = run_ok(HEAD "[edits]\nscale_demand = industry:0.3, town:B:0.3\n");
    assert_int_equal(j.model.requests[req(&j.model, "R2")].units, 0); /* .45 */
    assert_int_equal(j.model.requests[req(&j.model, "R1")].units, 3);
    job_close(&j);
    assert_int_equal(scenario_scale_units(1, 500000, 1000000), 1);
    assert_int_equal(scenario_scale_units(1, 499999, 1000000), 0);
    assert_int_equal(scenario_scale_units(1000000, 100000000, 100000000),
                     10000000000LL);
    assert_int_equal(scenario_scale_units(7, 333333, 3000000), 7);
    assert_int_equal(scenario_scale_units(3, 1166667, 1000000), 4);
}

static void test_clear(void **state)
{
    (void)state;
    struct job j = run_ok(HEAD "[edits]\nclear_arrears = Q1\n");
    assert_int_equal(j.model.ledger[0].paid_c, j.model.ledger[0].due_c);
    assert_int_equal(j.elig.payers[0].in_default, 0);
    assert_int_equal(j.elig.npayers_in_default, 0);
    assert_int_equal(j.elig.requests[req(&j.model, "R1")], REQ_ELIGIBLE);
    job_close(&j);
}

static void test_add_files(void **state)
{
    (void)state;
    assert_int_equal(mkdir("sub", 0777), 0);
    write_file("sub/extra_units.csv",
               "unit_id,project_id,project_name,town_id,layout,area_m2,"
               "price_cny_m2,status,available_on\n"
               "X1,P3,Three,B,2R,60.00,9000.00,available,2025-04-01\n");
    write_file("sub/extra_demand.csv",
               "request_id,payer_id,home_town,category,layout,units,"
               "submitted_on\nRX,Q2,A,social,2R,2,2024-09-01\n");
    write_file("sub/s.ini", HEAD "[edits]\nadd_inventory = extra_units.csv\n"
               "add_demand = extra_demand.csv\nexclude_projects = P3\n");
    struct job j;
    FILE *e = tmpfile();
    assert_int_equal(job_open_scenario(&j, "plan.ini", "sub/s.ini", e), 0);
    fclose(e);
    /* P3 came with the extra file and is excluded again */
    assert_int_equal(j.model.nunits, 3);
    assert_int_equal(j.model.nprojects, 3);
    assert_int_equal(j.model.nrequests, 3);
    assert_int_equal(j.model.requests[req(&j.model, "RX")].units, 2);
    assert_string_equal(j.config.scenario->extra_path[0],
                        "sub/extra_units.csv");
    assert_int_equal(j.config.scenario->extra_rows[1], 1);
    job_close(&j);
}

static void test_add_errors(void **state)
{
    (void)state;
    write_file("dup.csv",
               "unit_id,project_id,project_name,town_id,layout,area_m2,"
               "price_cny_m2,status,available_on\n"
               "U2,P1,One,A,2R,70.00,8000.00,available,2025-03-01\n"
               "X2,P9,Nine,Z,2R,70.00,8000.00,available,2025-03-01\n");
    expect_fail(HEAD "[edits]\nadd_inventory = dup.csv\n", RH_EXIT_DATAERR,
                "dup.csv:2: unit_id: duplicate id 'U2' (first on line 3)\n"
                "dup.csv:3: town_id: unknown town 'Z' (not in towns.csv)\n");
    expect_fail(HEAD "[edits]\nadd_demand = none.csv\n", RH_EXIT_NOINPUT,
                "none.csv: cannot open: No such file or directory\n");
}

static void test_overrides(void **state)
{
    (void)state;
    struct job j = run_ok(HEAD "[policy]\ngrace_days = 60\n[solver]\n"
                          "time_limit_s = 5\n");
    assert_int_equal(j.config.grace_days, 60);
    assert_int_equal(j.config.time_limit_s, 5);
    assert_int_equal(j.elig.payers[0].in_default, 0);
    job_close(&j);
    expect_fail(HEAD "[policy]\ngrace_days = x\n", RH_EXIT_CONFIG,
                "s.ini: [policy] grace_days: not a number: 'x'\n");
    expect_fail(HEAD "[plan]\nfoo = 1\n", RH_EXIT_CONFIG,
                "s.ini: [plan] foo: unknown key\n");
    expect_fail(HEAD "[inputs]\ntowns = t.csv\n", RH_EXIT_CONFIG,
                "s.ini: [inputs] towns: inputs cannot be changed by a scenario "
                "(use add_inventory or add_demand)\n");
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_fail("[scenario]\ndescription = x\n", RH_EXIT_CONFIG,
                "s.ini: [scenario] name: missing\n");
    expect_fail("[scenario]\nname = a/b\n", RH_EXIT_CONFIG,
                "s.ini: [scenario] name: bad name 'a/b' (letters, digits, "
                "- _ . only, at most 64 bytes)\n");
    expect_fail(HEAD "[what]\nx = 1\n", RH_EXIT_CONFIG,
                "s.ini: unknown section [what]\n");
    expect_fail(HEAD "[edits]\nremove = P1\n", RH_EXIT_CONFIG,
                "s.ini: [edits] remove: unknown key\n");
    expect_fail(HEAD "[edits]\nclear_arrears = Q1\nclear_arrears = Q2\n",
                RH_EXIT_CONFIG, "s.ini: [edits] clear_arrears: given twice\n");
    expect_fail(HEAD "[edits]\nexclude_projects = P9\n", RH_EXIT_CONFIG,
                "s.ini: [edits] exclude_projects: unknown project 'P9'\n");
    expect_fail(HEAD "[edits]\nexclude_projects = P1,,P2\n", RH_EXIT_CONFIG,
                "s.ini: [edits] exclude_projects: empty item\n");
    expect_fail(HEAD "[edits]\nexclude_projects = P1, P1\n", RH_EXIT_CONFIG,
                "s.ini: [edits] exclude_projects: P1 listed twice\n");
    expect_fail(HEAD "[edits]\ndelay_projects = P9:2026-01-01\n",
                RH_EXIT_CONFIG,
                "s.ini: [edits] delay_projects: unknown project 'P9'\n");
    expect_fail(HEAD "[edits]\ndelay_projects = P1\n", RH_EXIT_CONFIG,
                "s.ini: [edits] delay_projects: expected PROJECT:YYYY-MM-DD, "
                "not 'P1'\n");
    expect_fail(HEAD "[edits]\ndelay_projects = P1:2026-02-30\n",
                RH_EXIT_CONFIG, "s.ini: [edits] delay_projects: P1: impossible "
                "date: '2026-02-30'\n");
    expect_fail(HEAD "[edits]\nscale_demand = housing:1.2\n", RH_EXIT_CONFIG,
                "s.ini: [edits] scale_demand: unknown category 'housing' "
                "(expected livelihood, infrastructure, industry, social or "
                "town:ID)\n");
    expect_fail(HEAD "[edits]\nscale_demand = livelihood:1.2e3\n",
                RH_EXIT_CONFIG, "s.ini: [edits] scale_demand: livelihood: not "
                "a number: '1.2e3'\n");
    expect_fail(HEAD "[edits]\nscale_demand = social:0.1234567\n",
                RH_EXIT_CONFIG, "s.ini: [edits] scale_demand: social: more "
                "than 6 decimals: '0.1234567'\n");
    expect_fail(HEAD "[edits]\nscale_demand = social:101\n",
                RH_EXIT_CONFIG, "s.ini: [edits] scale_demand: social: out of "
                "range: '101' (allowed 0 to 100)\n");
    expect_fail(HEAD "[edits]\nscale_demand = town:ZZ:0.5\n", RH_EXIT_CONFIG,
                "s.ini: [edits] scale_demand: unknown town 'ZZ'\n");
    expect_fail(HEAD "[edits]\nscale_demand = town:A:0.5, town:A:2\n",
                RH_EXIT_CONFIG,
                "s.ini: [edits] scale_demand: town:A listed twice\n");
    expect_fail(HEAD "[edits]\nclear_arrears = NOBODY\n", RH_EXIT_CONFIG,
                "s.ini: [edits] clear_arrears: unknown payer 'NOBODY'\n");
    expect_fail(HEAD "[edits]\nclear_arrears = a b\n", RH_EXIT_CONFIG,
                "s.ini: [edits] clear_arrears: bad id: 'a b' (letters, digits, "
                "- _ . / only)\n");
    expect_fail(HEAD "[edits\n", RH_EXIT_CONFIG, "s.ini:4: syntax error\n");
    struct job j;
    char err[512];
    assert_int_equal(job_open_scenario(&j, "plan.ini", "missing.ini", stderr),
                     RH_EXIT_NOINPUT);
    job_close(&j);
    (void)err;
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_no_edits), T(test_exclude), T(test_delay), T(test_scale),
        T(test_clear), T(test_add_files), T(test_add_errors),
        T(test_overrides), T(test_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

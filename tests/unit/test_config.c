/* test_config.c -- plan INI reading, overrides and resolution (config.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/config.h"
#include "io/exitcode.h"
#include "io/value.h"

/* Every test runs inside a fresh temporary directory (cwd), so that the
 * messages name short relative paths such as "plan.ini". */
static char tmpdir[PATH_MAX];
static char oldcwd[PATH_MAX];

#define PLAN "[plan]\nyear = 2024\nas_of = 2024-03-01\n"
#define INPUTS                                                               \
    "[inputs]\ntowns = towns.csv\ninventory = inventory.csv\n"               \
    "demand = demand.csv\npayers = payers.csv\nledger = ledger.csv\n"
#define MINIMAL PLAN INPUTS

#define ORDER_MSG                                                            \
    "plan.ini: [policy] category_order: must list each of livelihood, "      \
    "infrastructure, industry, social exactly once"

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    (void)state;
    if (getcwd(oldcwd, sizeof oldcwd) == NULL)
        return -1;
    snprintf(tmpdir, sizeof tmpdir, "%s/rh_config_XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    return chdir(tmpdir);
}

static int teardown(void **state)
{
    (void)state;
    if (chdir(oldcwd) != 0)
        return -1;
    return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(name, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static rh_date D(const char *s)
{
    rh_date d = 0;
    char m[128];
    assert_int_equal(value_parse_date(s, strlen(s), &d, m, sizeof m), 0);
    return d;
}

/* Write text to plan.ini, read and (when that worked) resolve it. */
static int load_as(struct config *c, const char *name, const char *text,
                   char *err, size_t errsz)
{
    int rc;
    write_file(name, text);
    config_init(c);
    err[0] = '\0';
    rc = config_read(c, name, err, errsz);
    if (rc == 0)
        rc = config_resolve(c, err, errsz);
    return rc;
}

static int load(struct config *c, const char *text, char *err, size_t errsz)
{
    return load_as(c, "plan.ini", text, err, errsz);
}

/* Expect text to fail with code and exactly message. */
static void expect_fail(const char *text, int code, const char *message)
{
    struct config c;
    char err[512];
    int rc = load(&c, text, err, sizeof err);
    assert_string_equal(err, message);
    assert_int_equal(rc, code);
    config_release(&c);
}

/* MINIMAL plus one more section text. */
static void expect_fail_with(const char *extra, const char *message)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", MINIMAL, extra);
    expect_fail(text, RH_EXIT_CONFIG, message);
}

/* ---- success ------------------------------------------------------------ */

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(rh_category_names[RH_CAT_LIVELIHOOD], "livelihood");
    assert_string_equal(rh_category_names[RH_CAT_INFRASTRUCTURE],
                        "infrastructure");
    assert_string_equal(rh_category_names[RH_CAT_INDUSTRY], "industry");
    assert_string_equal(rh_category_names[RH_CAT_SOCIAL], "social");
    assert_string_equal(rh_input_names[RH_IN_TOWNS], "towns");
    assert_string_equal(rh_input_names[RH_IN_INVENTORY], "inventory");
    assert_string_equal(rh_input_names[RH_IN_DEMAND], "demand");
    assert_string_equal(rh_input_names[RH_IN_PAYERS], "payers");
    assert_string_equal(rh_input_names[RH_IN_LEDGER], "ledger");
}

static void test_valid_full(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    assert_int_equal(mkdir("cfg", 0700), 0);
    assert_int_equal(
        load_as(&c, "cfg/plan.ini",
                "; the 2025 plan\n"
                "# hash comments too\n"
                "[plan]\n"
                "year = 2025\n"
                "as_of = 2025-02-14\n"
                "deadline = 2024-11-15\n"
                "horizon_end = 2025-10-31\n"
                "\n"
                "[inputs]\n"
                "towns = towns.csv\n"
                "inventory = /srv/data/inventory.csv\n"
                "demand = in/demand.csv\n"
                "payers = ../shared/payers.csv\n"
                "ledger = ledger.csv\n"
                "encoding = gb18030\n"
                "[policy]\n"
                "late = last\n"
                "suspended = release\n"
                "grace_days = 0\n"
                "default_tolerance_cny = 12.5\n"
                "category_order = social, industry,livelihood ,\tinfrastructure\n"
                "[solver]\n"
                "time_limit_s = 86400\n",
                err, sizeof err),
        0);
    assert_string_equal(err, "");
    assert_string_equal(c.path, "cfg/plan.ini");
    assert_string_equal(c.dir, "cfg");
    assert_int_equal(c.year, 2025);
    assert_int_equal(c.as_of, D("2025-02-14"));
    assert_int_equal(c.deadline, D("2024-11-15"));
    assert_int_equal(c.horizon_end, D("2025-10-31"));
    assert_string_equal(c.input_path[RH_IN_TOWNS], "cfg/towns.csv");
    assert_string_equal(c.input_path[RH_IN_INVENTORY],
                        "/srv/data/inventory.csv");
    assert_string_equal(c.input_path[RH_IN_DEMAND], "cfg/in/demand.csv");
    assert_string_equal(c.input_path[RH_IN_PAYERS],
                        "cfg/../shared/payers.csv");
    assert_string_equal(c.input_path[RH_IN_LEDGER], "cfg/ledger.csv");
    assert_int_equal(c.encoding, RH_ENC_GB18030);
    assert_int_equal(c.late, RH_LATE_LAST);
    assert_int_equal(c.suspended, RH_SUSP_RELEASE);
    assert_int_equal(c.grace_days, 0);
    assert_int_equal(c.tolerance_cents, 1250);
    assert_int_equal(c.category_order[0], RH_CAT_SOCIAL);
    assert_int_equal(c.category_order[1], RH_CAT_INDUSTRY);
    assert_int_equal(c.category_order[2], RH_CAT_LIVELIHOOD);
    assert_int_equal(c.category_order[3], RH_CAT_INFRASTRUCTURE);
    assert_int_equal(c.category_rank[RH_CAT_SOCIAL], 0);
    assert_int_equal(c.category_rank[RH_CAT_INDUSTRY], 1);
    assert_int_equal(c.category_rank[RH_CAT_LIVELIHOOD], 2);
    assert_int_equal(c.category_rank[RH_CAT_INFRASTRUCTURE], 3);
    assert_int_equal(c.time_limit_s, 86400);

    /* raw entries: in file order, values trimmed, origin = the path */
    assert_int_equal(c.nentries, 16);
    assert_string_equal(c.entries[0].section, "plan");
    assert_string_equal(c.entries[0].key, "year");
    assert_string_equal(c.entries[0].value, "2025");
    assert_string_equal(c.entries[0].origin, "cfg/plan.ini");
    assert_string_equal(c.entries[15].section, "solver");
    assert_string_equal(c.entries[15].key, "time_limit_s");
    assert_string_equal(config_get(&c, "inputs", "demand"), "in/demand.csv");
    assert_string_equal(config_get(&c, "policy", "category_order"),
                        "social, industry,livelihood ,\tinfrastructure");
    assert_null(config_get(&c, "plan", "towns"));
    assert_null(config_get(&c, "nope", "year"));
    config_release(&c);
}

static void test_defaults(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    assert_int_equal(load(&c, MINIMAL, err, sizeof err), 0);
    assert_int_equal(c.year, 2024);
    assert_int_equal(c.as_of, D("2024-03-01"));
    assert_int_equal(c.deadline, D("2023-10-31"));
    assert_int_equal(c.horizon_end, D("2024-12-31"));
    assert_string_equal(c.dir, ".");
    assert_string_equal(c.input_path[RH_IN_TOWNS], "towns.csv");
    assert_string_equal(c.input_path[RH_IN_LEDGER], "ledger.csv");
    assert_int_equal(c.encoding, RH_ENC_UTF8);
    assert_int_equal(c.late, RH_LATE_REJECT);
    assert_int_equal(c.suspended, RH_SUSP_HOLD);
    assert_int_equal(c.grace_days, 30);
    assert_int_equal(c.tolerance_cents, 10000);
    for (int i = 0; i < RH_NCATEGORIES; i++) {
        assert_int_equal(c.category_order[i], i);
        assert_int_equal(c.category_rank[i], i);
    }
    assert_int_equal(c.time_limit_s, 60);
    assert_null(config_get(&c, "plan", "deadline"));
    config_release(&c);
}

static void test_year_bounds(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    assert_int_equal(load(&c, "[plan]\nyear = 1901\nas_of = 1900-01-01\n" INPUTS,
                          err, sizeof err), 0);
    assert_int_equal(c.deadline, D("1900-10-31"));
    config_release(&c);
    assert_int_equal(load(&c, "[plan]\nyear = 2998\nas_of = 2998-12-31\n" INPUTS,
                          err, sizeof err), 0);
    assert_int_equal(c.horizon_end, D("2998-12-31"));
    config_release(&c);
}

static void test_solver_keys(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    assert_int_equal(load(&c, MINIMAL, err, sizeof err), 0);
    assert_int_equal(c.search_nodes, RH_SEARCH_NODES_DEFAULT);
    assert_int_equal(c.max_gap_ppm, 1000);
    config_release(&c);
    assert_int_equal(load(&c, MINIMAL "[solver]\nmax_gap = 0.05\n"
                          "search_nodes = 7\n", err, sizeof err), 0);
    assert_int_equal(c.max_gap_ppm, 50000);
    assert_int_equal(c.search_nodes, 7);
    config_release(&c);
    expect_fail(MINIMAL "[solver]\nmax_gap = 1.5\n", 78,
                "plan.ini: [solver] max_gap: out of range: '1.5' (allowed 0 "
                "to 1)");
    expect_fail(MINIMAL "[solver]\nmax_gap = 0.0000001\n", 78,
                "plan.ini: [solver] max_gap: more than 6 decimals: "
                "'0.0000001'");
    expect_fail(MINIMAL "[solver]\nmax_gap = -0\n", 78,
                "plan.ini: [solver] max_gap: a sign is not allowed here: "
                "'-0'");
}

static void test_dates_that_contradict(void **state)
{
    (void)state;
    expect_fail("[plan]\nyear = 2024\nas_of = 2031-03-01\n" INPUTS, 78,
                "plan.ini: [plan] as_of: 2031-03-01 is more than a year away "
                "from the plan year 2024");
    expect_fail("[plan]\nyear = 2024\nas_of = 2022-12-31\n" INPUTS, 78,
                "plan.ini: [plan] as_of: 2022-12-31 is more than a year away "
                "from the plan year 2024");
    expect_fail("[plan]\nyear = 2024\nas_of = 2024-03-01\nhorizon_end = "
                "2024-02-28\ndeadline = 2023-10-31\n" INPUTS, 78,
                "plan.ini: [plan] horizon_end: before as_of");
    expect_fail("[plan]\nyear = 2024\nas_of = 2025-03-01\n" INPUTS, 78,
                "plan.ini: [plan] as_of: after horizon_end (the plan year's "
                "end)");
}

static void test_inline_comments(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    assert_int_equal(
        load(&c,
             "[plan] ; the plan\n"
             "year = 2024 ; plan year\n"
             "as_of = 2024-03-01\t; as of\n"
             "[inputs]\n"
             "towns = towns;v2.csv\n"   /* no blank before ';': kept */
             "inventory = inventory.csv   ;   trailing note\n"
             "demand = demand.csv\npayers = payers.csv\nledger = ledger.csv\n"
             "[policy]\n"
             "late = last;\n",          /* no blank: part of the value */
             err, sizeof err),
        RH_EXIT_CONFIG);
    assert_string_equal(err, "plan.ini: [policy] late: unknown value 'last;' "
                             "(expected reject or last)");
    assert_string_equal(config_get(&c, "plan", "year"), "2024");
    assert_string_equal(config_get(&c, "plan", "as_of"), "2024-03-01");
    assert_string_equal(config_get(&c, "inputs", "towns"), "towns;v2.csv");
    assert_string_equal(config_get(&c, "inputs", "inventory"),
                        "inventory.csv");
    config_release(&c);
}

static void test_crlf_bom_colon(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    assert_int_equal(
        load(&c,
             "\xEF\xBB\xBF[plan]\r\nyear = 2024\r\nas_of: 2024-03-01\r\n"
             "[inputs]\r\ntowns = towns.csv\r\ninventory = inventory.csv\r\n"
             "demand = demand.csv\r\npayers = payers.csv\r\n"
             "ledger = ledger.csv",  /* no final newline */
             err, sizeof err),
        0);
    assert_int_equal(c.as_of, D("2024-03-01"));
    assert_string_equal(c.input_path[RH_IN_LEDGER], "ledger.csv");
    config_release(&c);
}

static void test_multiline_value(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    assert_int_equal(load(&c,
                          MINIMAL "[policy]\n"
                                  "category_order = social,\n"
                                  "    industry, livelihood,  ; wrapped\n"
                                  "\tinfrastructure\n"
                                  "late = last\n",
                          err, sizeof err),
                     0);
    assert_string_equal(config_get(&c, "policy", "category_order"),
                        "social,\nindustry, livelihood,\ninfrastructure");
    assert_int_equal(c.category_order[0], RH_CAT_SOCIAL);
    assert_int_equal(c.category_order[1], RH_CAT_INDUSTRY);
    assert_int_equal(c.category_order[2], RH_CAT_LIVELIHOOD);
    assert_int_equal(c.category_order[3], RH_CAT_INFRASTRUCTURE);
    assert_int_equal(c.late, RH_LATE_LAST);
    config_release(&c);

    /* an indented line after a key continues it: not "given twice" */
    expect_fail("[plan]\nyear = 2024\n  2025\nas_of = 2024-03-01\n" INPUTS,
                RH_EXIT_CONFIG,
                "plan.ini: [plan] year: not a number: '2024\\x0A2025'");
    /* an indented key right after a section header is an ordinary key */
    assert_int_equal(load(&c, "[plan]\n  year = 2024\nas_of = 2024-03-01\n"
                              INPUTS, err, sizeof err), 0);
    config_release(&c);
}

static void test_path_joining(void **state)
{
    struct config c;
    char err[512], abs[PATH_MAX + 32], want[PATH_MAX + 64];
    (void)state;

    /* dir "." (no directory part): values unchanged */
    assert_int_equal(load(&c, PLAN "[inputs]\ntowns = a/towns.csv\n"
                                   "inventory = /abs/inv.csv\n"
                                   "demand = ./demand.csv\n"
                                   "payers = ../payers.csv\nledger = l.csv\n",
                          err, sizeof err), 0);
    assert_string_equal(c.dir, ".");
    assert_string_equal(c.input_path[RH_IN_TOWNS], "a/towns.csv");
    assert_string_equal(c.input_path[RH_IN_INVENTORY], "/abs/inv.csv");
    assert_string_equal(c.input_path[RH_IN_DEMAND], "./demand.csv");
    assert_string_equal(c.input_path[RH_IN_PAYERS], "../payers.csv");
    config_release(&c);

    /* "./plan.ini": dir is "." again */
    assert_int_equal(load_as(&c, "./plan.ini", MINIMAL, err, sizeof err), 0);
    assert_string_equal(c.dir, ".");
    assert_string_equal(c.input_path[RH_IN_TOWNS], "towns.csv");
    config_release(&c);

    /* nested relative directory, doubled slashes collapse at the end */
    assert_int_equal(mkdir("a", 0700), 0);
    assert_int_equal(mkdir("a/b", 0700), 0);
    assert_int_equal(load_as(&c, "a/b//plan.ini", MINIMAL, err, sizeof err),
                     0);
    assert_string_equal(c.path, "a/b//plan.ini");
    assert_string_equal(c.dir, "a/b");
    assert_string_equal(c.input_path[RH_IN_TOWNS], "a/b/towns.csv");
    config_release(&c);

    /* absolute INI path */
    snprintf(abs, sizeof abs, "%s/plan.ini", tmpdir);
    assert_int_equal(load_as(&c, abs, PLAN "[inputs]\ntowns = towns.csv\n"
                                           "inventory = /abs/inv.csv\n"
                                           "demand = d.csv\npayers = p.csv\n"
                                           "ledger = l.csv\n",
                             err, sizeof err), 0);
    assert_string_equal(c.dir, tmpdir);
    snprintf(want, sizeof want, "%s/towns.csv", tmpdir);
    assert_string_equal(c.input_path[RH_IN_TOWNS], want);
    assert_string_equal(c.input_path[RH_IN_INVENTORY], "/abs/inv.csv");
    config_release(&c);

    /* an INI in "/" (dir recorded even when the read fails): one slash */
    config_init(&c);
    assert_int_equal(config_read(&c, "/rh-no-such-plan.ini", err, sizeof err),
                     RH_EXIT_NOINPUT);
    assert_string_equal(c.dir, "/");
    assert_int_equal(config_set(&c, "plan", "year", "2024", "S.ini", err,
                                sizeof err), 0);
    assert_int_equal(config_set(&c, "plan", "as_of", "2024-01-01", "S.ini",
                                err, sizeof err), 0);
    for (int i = 0; i < RH_NINPUTS; i++)
        assert_int_equal(config_set(&c, "inputs", rh_input_names[i], "x.csv",
                                    "S.ini", err, sizeof err), 0);
    assert_int_equal(config_resolve(&c, err, sizeof err), 0);
    assert_string_equal(c.input_path[RH_IN_TOWNS], "/x.csv");
    config_release(&c);
}

/* ---- structural errors (config_read) ------------------------------------- */

static void test_unknown_section(void **state)
{
    (void)state;
    expect_fail_with("[extra]\nfoo = 1\n", "plan.ini: unknown section [extra]");
    /* reported even when the section has no keys, and case matters */
    expect_fail_with("[Policy]\n", "plan.ini: unknown section [Policy]");
    expect_fail_with("[ policy ]\nlate = last\n",
                     "plan.ini: unknown section [ policy ]");
}

static void test_unknown_key(void **state)
{
    (void)state;
    expect_fail_with("[policy]\nlateness = last\n",
                     "plan.ini: [policy] lateness: unknown key");
    /* a key of another section */
    expect_fail_with("[solver]\ngrace_days = 3\n",
                     "plan.ini: [solver] grace_days: unknown key");
    /* keys are case-sensitive */
    expect_fail_with("[solver]\nTime_Limit_S = 3\n",
                     "plan.ini: [solver] Time_Limit_S: unknown key");
}

static void test_key_outside_section(void **state)
{
    (void)state;
    expect_fail("year = 2024\n" MINIMAL, RH_EXIT_CONFIG,
                "plan.ini: key outside any section: year");
}

static void test_given_twice(void **state)
{
    (void)state;
    expect_fail("[plan]\nyear = 2024\nyear = 2024\nas_of = 2024-03-01\n" INPUTS,
                RH_EXIT_CONFIG, "plan.ini: [plan] year: given twice");
    /* also across two blocks of the same section */
    expect_fail_with("[policy]\nlate = last\n[solver]\ntime_limit_s = 5\n"
                     "[policy]\nlate = reject\n",
                     "plan.ini: [policy] late: given twice");
}

static void test_syntax_error(void **state)
{
    (void)state;
    expect_fail("[plan]\nyear = 2024\nthis line has no equals sign\n", 78,
                "plan.ini:3: syntax error");
    expect_fail("; comment\n[plan\nyear = 2024\n", 78,
                "plan.ini:2: syntax error");
    /* the first error wins: a semantic one before a syntax error ... */
    expect_fail("[plan]\nyears = 2024\nbroken\n", 78,
                "plan.ini: [plan] years: unknown key");
    /* ... and a syntax error before a semantic one */
    expect_fail("[plan]\nbroken\nyears = 2024\n[nope]\n", 78,
                "plan.ini:2: syntax error");
    /* an inline comment before '=' leaves no '=' */
    expect_fail("[plan]\nyear ; = 2024\n", 78, "plan.ini:2: syntax error");
}

static void test_long_line(void **state)
{
    char text[1024], path[400];
    struct config c;
    char err[512];
    (void)state;

    /* a 198-byte line is fine ("towns = " is 8 bytes) */
    memset(path, 'x', 190);
    path[190] = '\0';
    snprintf(text, sizeof text, PLAN "[inputs]\ntowns = %s\ninventory = i\n"
             "demand = d\npayers = p\nledger = l\n", path);
    assert_int_equal(load(&c, text, err, sizeof err), 0);
    assert_string_equal(c.input_path[RH_IN_TOWNS], path);
    config_release(&c);

    /* 199 bytes is refused with its line, not silently split */
    memset(path, 'x', 191);
    path[191] = '\0';
    snprintf(text, sizeof text, PLAN "[inputs]\ntowns = %s\n", path);
    expect_fail(text, 78,
                "plan.ini:5: syntax error (line longer than 198 bytes)");
}

static void test_nul_byte(void **state)
{
    static const char text[] = "[plan]\nyear = 20\0" "24\n";
    FILE *f;
    struct config c;
    char err[512];
    (void)state;
    f = fopen("plan.ini", "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, sizeof text - 1, f), sizeof text - 1);
    assert_int_equal(fclose(f), 0);
    config_init(&c);
    assert_int_equal(config_read(&c, "plan.ini", err, sizeof err), 78);
    assert_string_equal(err, "plan.ini:2: syntax error (NUL byte)");
    config_release(&c);
}

static void test_cannot_read(void **state)
{
    struct config c;
    char err[512], want[512];
    (void)state;
    config_init(&c);
    assert_int_equal(config_read(&c, "nope.ini", err, sizeof err),
                     RH_EXIT_NOINPUT);
    snprintf(want, sizeof want, "nope.ini: cannot read: %s", strerror(ENOENT));
    assert_string_equal(err, want);
    config_release(&c);

    assert_int_equal(mkdir("adir", 0700), 0);
    config_init(&c);
    assert_int_equal(config_read(&c, "adir", err, sizeof err),
                     RH_EXIT_NOINPUT);
    assert_string_equal(err, "adir: cannot read: is a directory");
    config_release(&c);

    /* a FIFO or a device: refused at once, never read (it would block) */
    assert_int_equal(mkfifo("afifo", 0600), 0);
    config_init(&c);
    assert_int_equal(config_read(&c, "afifo", err, sizeof err),
                     RH_EXIT_NOINPUT);
    assert_string_equal(err, "afifo: cannot read: not a regular file (a FIFO, "
                             "device or socket)");
    config_release(&c);
    config_init(&c);
    assert_int_equal(config_read(&c, "/dev/zero", err, sizeof err),
                     RH_EXIT_NOINPUT);
    assert_string_equal(err, "/dev/zero: cannot read: not a regular file (a "
                             "FIFO, device or socket)");
    config_release(&c);
}

static void test_empty_file(void **state)
{
    (void)state;
    expect_fail("", RH_EXIT_CONFIG, "plan.ini: [plan] year: missing");
}

/* ---- missing required keys (config_resolve) ------------------------------- */

static void test_missing_required(void **state)
{
    static const char *const inputs[RH_NINPUTS] = {
        "towns", "inventory", "demand", "payers", "ledger"
    };
    char text[1024], want[256];
    size_t n;
    (void)state;

    expect_fail("[plan]\nas_of = 2024-03-01\n" INPUTS, 78,
                "plan.ini: [plan] year: missing");
    expect_fail("[plan]\nyear = 2024\n" INPUTS, 78,
                "plan.ini: [plan] as_of: missing");
    for (int skip = 0; skip < RH_NINPUTS; skip++) {
        n = (size_t)snprintf(text, sizeof text, PLAN "[inputs]\n");
        for (int i = 0; i < RH_NINPUTS; i++)
            if (i != skip)
                n += (size_t)snprintf(text + n, sizeof text - n,
                                      "%s = %s.csv\n", inputs[i], inputs[i]);
        snprintf(want, sizeof want, "plan.ini: [inputs] %s: missing",
                 inputs[skip]);
        expect_fail(text, 78, want);
    }
    expect_fail(PLAN, 78, "plan.ini: [inputs] towns: missing");
}

/* ---- bad values (config_resolve) ----------------------------------------- */

static void test_bad_dates(void **state)
{
    (void)state;
    expect_fail("[plan]\nyear = 2024\nas_of = 2024/03/01\n" INPUTS, 78,
                "plan.ini: [plan] as_of: not a date (YYYY-MM-DD): "
                "'2024/03/01'");
    expect_fail("[plan]\nyear = 2024\nas_of = 2023-02-29\n" INPUTS, 78,
                "plan.ini: [plan] as_of: impossible date: '2023-02-29'");
    expect_fail(MINIMAL "[plan]\ndeadline = 2023-02-30\n", 78,
                "plan.ini: [plan] deadline: impossible date: '2023-02-30'");
    expect_fail(MINIMAL "[plan]\nhorizon_end = 24-12-31\n", 78,
                "plan.ini: [plan] horizon_end: not a date (YYYY-MM-DD): "
                "'24-12-31'");
    expect_fail("[plan]\nyear = 2024\nas_of =\n" INPUTS, 78,
                "plan.ini: [plan] as_of: empty value");
}

static void test_bad_year(void **state)
{
    (void)state;
    expect_fail("[plan]\nyear = 1900\nas_of = 2024-03-01\n" INPUTS, 78,
                "plan.ini: [plan] year: out of range: '1900' "
                "(allowed 1901 to 2998)");
    expect_fail("[plan]\nyear = 2999\nas_of = 2024-03-01\n" INPUTS, 78,
                "plan.ini: [plan] year: out of range: '2999' "
                "(allowed 1901 to 2998)");
    expect_fail("[plan]\nyear = 20x4\nas_of = 2024-03-01\n" INPUTS, 78,
                "plan.ini: [plan] year: not a number: '20x4'");
    expect_fail("[plan]\nyear = 2024.0\nas_of = 2024-03-01\n" INPUTS, 78,
                "plan.ini: [plan] year: not a whole number: '2024.0'");
}

static void test_deadline_after_horizon(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    expect_fail(MINIMAL "[plan]\ndeadline = 2024-07-01\n"
                        "horizon_end = 2024-06-30\n", 78,
                "plan.ini: [plan] deadline: after horizon_end");
    /* a default deadline after a given horizon_end */
    expect_fail(MINIMAL "[plan]\nhorizon_end = 2023-06-30\n", 78,
                "plan.ini: [plan] deadline: after horizon_end");
    /* equal is fine */
    assert_int_equal(load(&c, MINIMAL "[plan]\ndeadline = 2024-06-30\n"
                                      "horizon_end = 2024-06-30\n",
                          err, sizeof err), 0);
    assert_int_equal(c.deadline, c.horizon_end);
    config_release(&c);
}

static void test_bad_enums(void **state)
{
    (void)state;
    expect_fail_with("[policy]\nlate = first\n",
                     "plan.ini: [policy] late: unknown value 'first' "
                     "(expected reject or last)");
    expect_fail_with("[policy]\nsuspended = Hold\n",
                     "plan.ini: [policy] suspended: unknown value 'Hold' "
                     "(expected hold or release)");
    expect_fail_with("[inputs]\nencoding = utf8\n",
                     "plan.ini: [inputs] encoding: unknown value 'utf8' "
                     "(expected utf-8 or gb18030)");
    expect_fail_with("[policy]\nlate =\n",
                     "plan.ini: [policy] late: empty value");
}

static void test_category_order(void **state)
{
    (void)state;
    /* missing one */
    expect_fail_with("[policy]\ncategory_order = livelihood, infrastructure, "
                     "industry\n", ORDER_MSG);
    /* one repeated */
    expect_fail_with("[policy]\ncategory_order = livelihood, industry, "
                     "industry, social\n", ORDER_MSG);
    /* unknown name (and case matters) */
    expect_fail_with("[policy]\ncategory_order = livelihood, infrastructure, "
                     "industry, housing\n", ORDER_MSG);
    expect_fail_with("[policy]\ncategory_order = Livelihood, infrastructure, "
                     "industry, social\n", ORDER_MSG);
    /* five items */
    expect_fail_with("[policy]\ncategory_order = livelihood, infrastructure, "
                     "industry, social, social\n", ORDER_MSG);
    expect_fail_with("[policy]\ncategory_order = livelihood, infrastructure, "
                     "industry, social,\n", ORDER_MSG);
    /* empty, or not comma separated */
    expect_fail_with("[policy]\ncategory_order =\n", ORDER_MSG);
    expect_fail_with("[policy]\ncategory_order = livelihood infrastructure "
                     "industry social\n", ORDER_MSG);
}

static void test_bad_numbers(void **state)
{
    (void)state;
    expect_fail_with("[policy]\ngrace_days = 3651\n",
                     "plan.ini: [policy] grace_days: out of range: '3651' "
                     "(allowed 0 to 3650)");
    expect_fail_with("[policy]\ngrace_days = -1\n",
                     "plan.ini: [policy] grace_days: out of range: '-1' "
                     "(allowed 0 to 3650)");
    expect_fail_with("[policy]\ngrace_days = ten\n",
                     "plan.ini: [policy] grace_days: not a number: 'ten'");
    expect_fail_with("[policy]\ngrace_days = 1.5\n",
                     "plan.ini: [policy] grace_days: not a whole number: "
                     "'1.5'");
    expect_fail_with("[policy]\ndefault_tolerance_cny = -3\n",
                     "plan.ini: [policy] default_tolerance_cny: negative "
                     "amount: '-3'");
    expect_fail_with("[policy]\ndefault_tolerance_cny = 1.234\n",
                     "plan.ini: [policy] default_tolerance_cny: more than 2 "
                     "decimals: '1.234'");
    expect_fail_with("[solver]\ntime_limit_s = 0\n",
                     "plan.ini: [solver] time_limit_s: out of range: '0' "
                     "(allowed 1 to 86400)");
}

static void test_bad_paths(void **state)
{
    (void)state;
    expect_fail(PLAN "[inputs]\ntowns =\ninventory = i\ndemand = d\n"
                     "payers = p\nledger = l\n", 78,
                "plan.ini: [inputs] towns: empty value");
    expect_fail(PLAN "[inputs]\ntowns = t.csv\n  more.csv\ninventory = i\n"
                     "demand = d\npayers = p\nledger = l\n", 78,
                "plan.ini: [inputs] towns: control character in path: "
                "'t.csv\\x0Amore.csv'");
}

/* ---- overrides ------------------------------------------------------------ */

static void test_config_set(void **state)
{
    struct config c;
    char err[512];
    size_t n;
    (void)state;
    assert_int_equal(load(&c, MINIMAL "[policy]\nlate = reject\n", err,
                          sizeof err), 0);
    n = c.nentries;

    /* replace: same entry, new value and origin */
    assert_int_equal(config_set(&c, "policy", "late", "last", "S.ini", err,
                                sizeof err), 0);
    assert_int_equal(c.nentries, n);
    assert_string_equal(config_get(&c, "policy", "late"), "last");
    assert_string_equal(c.entries[n - 1].origin, "S.ini");
    /* replacing twice is fine (no "given twice" for overrides) */
    assert_int_equal(config_set(&c, "policy", "late", "last", "T.ini", err,
                                sizeof err), 0);
    assert_string_equal(c.entries[n - 1].origin, "T.ini");
    /* a new key is appended */
    assert_int_equal(config_set(&c, "solver", "time_limit_s", "5", "S.ini",
                                err, sizeof err), 0);
    assert_int_equal(c.nentries, n + 1);
    assert_string_equal(c.entries[n].origin, "S.ini");
    assert_int_equal(config_resolve(&c, err, sizeof err), 0);
    assert_int_equal(c.late, RH_LATE_LAST);
    assert_int_equal(c.time_limit_s, 5);

    /* errors name the override's file */
    assert_int_equal(config_set(&c, "policy", "lateness", "x", "S.ini", err,
                                sizeof err), 78);
    assert_string_equal(err, "S.ini: [policy] lateness: unknown key");
    assert_int_equal(config_set(&c, "polic", "late", "x", "S.ini", err,
                                sizeof err), 78);
    assert_string_equal(err, "S.ini: unknown section [polic]");
    assert_int_equal(config_set(&c, "", "late", "x", "S.ini", err, sizeof err),
                     78);
    assert_string_equal(err, "S.ini: key outside any section: late");
    assert_int_equal(c.nentries, n + 1);

    assert_int_equal(config_set(&c, "policy", "grace_days", "x", "S.ini", err,
                                sizeof err), 0);
    assert_int_equal(config_resolve(&c, err, sizeof err), 78);
    assert_string_equal(err, "S.ini: [policy] grace_days: not a number: 'x'");
    /* a failed resolve leaves the earlier resolved values alone */
    assert_int_equal(c.time_limit_s, 5);
    assert_string_equal(c.input_path[RH_IN_TOWNS], "towns.csv");

    assert_int_equal(config_set(&c, "policy", "grace_days", "7", "S.ini", err,
                                sizeof err), 0);
    assert_int_equal(config_set(&c, "plan", "horizon_end", "2023-01-31",
                                "S.ini", err, sizeof err), 0);
    assert_int_equal(config_resolve(&c, err, sizeof err), 78);
    assert_string_equal(err, "S.ini: [plan] deadline: after horizon_end");
    assert_int_equal(config_set(&c, "plan", "horizon_end", "2024-03-31",
                                "S.ini", err, sizeof err), 0);
    assert_int_equal(config_resolve(&c, err, sizeof err), 0);
    assert_int_equal(c.grace_days, 7);
    assert_int_equal(c.horizon_end, D("2024-03-31"));
    config_release(&c);
}

static void test_set_without_read(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    config_init(&c);
    assert_null(config_get(&c, "plan", "year"));
    assert_int_equal(config_set(&c, "plan", "year", "2024", "S.ini", err,
                                sizeof err), 0);
    assert_int_equal(config_resolve(&c, err, sizeof err), 78);
    assert_string_equal(err, "(config): [plan] as_of: missing");
    config_release(&c);
}

/* ---- lifetime ------------------------------------------------------------- */

static void test_release_then_reuse(void **state)
{
    struct config c;
    char err[512];
    (void)state;
    assert_int_equal(load(&c, MINIMAL "[solver]\ntime_limit_s = 9\n", err,
                          sizeof err), 0);
    config_release(&c);
    assert_null(c.entries);
    assert_int_equal(c.nentries, 0);
    assert_int_equal(c.capentries, 0);
    assert_null(c.path);
    assert_null(c.dir);
    for (int i = 0; i < RH_NINPUTS; i++)
        assert_null(c.input_path[i]);
    assert_null(config_get(&c, "solver", "time_limit_s"));

    /* the same struct reads again without config_init */
    write_file("other.ini", MINIMAL);
    assert_int_equal(config_read(&c, "other.ini", err, sizeof err), 0);
    assert_int_equal(config_resolve(&c, err, sizeof err), 0);
    assert_int_equal(c.time_limit_s, 60);
    assert_string_equal(c.entries[0].origin, "other.ini");
    config_release(&c);
    config_release(&c);  /* twice is harmless */

    /* after a failed read too */
    config_init(&c);
    write_file("bad.ini", "[plan]\nyear = 1\nyear = 2\n");
    assert_int_equal(config_read(&c, "bad.ini", err, sizeof err), 78);
    config_release(&c);
    assert_int_equal(config_read(&c, "other.ini", err, sizeof err), 0);
    assert_int_equal(config_resolve(&c, err, sizeof err), 0);
    config_release(&c);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_names),
        T(test_valid_full),
        T(test_defaults),
        T(test_year_bounds),
        T(test_dates_that_contradict),
        T(test_solver_keys),
        T(test_inline_comments),
        T(test_crlf_bom_colon),
        T(test_multiline_value),
        T(test_path_joining),
        T(test_unknown_section),
        T(test_unknown_key),
        T(test_key_outside_section),
        T(test_given_twice),
        T(test_syntax_error),
        T(test_long_line),
        T(test_nul_byte),
        T(test_cannot_read),
        T(test_empty_file),
        T(test_missing_required),
        T(test_bad_dates),
        T(test_bad_year),
        T(test_deadline_after_horizon),
        T(test_bad_enums),
        T(test_category_order),
        T(test_bad_numbers),
        T(test_bad_paths),
        T(test_config_set),
        T(test_set_without_read),
        T(test_release_then_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* planfix.h -- the output tests' fixture: a tiny model (four towns, three
 * projects, units, requests, payers and a ledger), its configuration,
 * eligibility and a plan with stage records, in a private folder.  Linked
 * into every unit test binary (Makefile); test_output.c and test_report.c
 * use it.
 *
 *   static int setup(void **state) { return fx_setup(state, "+Tang"); }
 *   ... struct fx *f = *state; output_write_plan(f->out, &f->m, ...) ...
 *   cmocka_unit_test_setup_teardown(test_x, setup, fx_teardown)
 */
#ifndef RH_TESTS_PLANFIX_H
#define RH_TESTS_PLANFIX_H

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "io/value.h"
#include "solve/plan.h"

struct fx {
    struct model m;
    struct config c;
    struct eligibility e;
    struct plan p;
    char tmp[512];              /* a private folder for the test */
    char out[600];              /* tmp/plan */
};

/* NAME fx_setup -- a new fixture in *state; town T4 (no demand, no
 * projects) is named t4_name, a name each test picks for what it checks
 * (a formula prefix for the CSV writer, markup for the report).
 * RETURNS 0, or -1 when the private folder cannot be made. */
int fx_setup(void **state, const char *t4_name);

/* NAME fx_teardown -- release the fixture and remove its folder. */
int fx_teardown(void **state);

/* NAME fx_date -- a YYYY-MM-DD date (the test fails on a bad one). */
rh_date fx_date(const char *s);

#endif

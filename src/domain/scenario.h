/* scenario.h -- a what-if scenario (S.ini): configuration overrides and
 * edits of the loaded inputs (SPEC section 6).
 *
 *   [scenario]
 *   name = more-livelihood          ; required: letters, digits, - _ . only
 *   description = free text          ; optional
 *   [plan] / [policy] / [solver]     ; optional: override plan.ini's keys
 *   [edits]                          ; every key optional, lists on one line
 *   exclude_projects = P1, P2        ; their units leave the inventory
 *   delay_projects = P1:2026-03-01   ; their units' available_on moves
 *   scale_demand = livelihood:1.2, town:LJZ:0.5
 *   clear_arrears = Q0017, Q0033     ; ledger settled: paid = due
 *   add_inventory = extra_units.csv  ; paths relative to S.ini
 *   add_demand = extra_demand.csv
 *
 * scale_demand multiplies each request line's units by the factor of its
 * category and the factor of its home town (1 when none is listed; factors
 * 0..100 with at most 6 decimals), exactly, rounded half up once.
 *
 * Order of use (cli/job.c):
 *   scenario_read(&s, "S.ini", err, sz)               -> 0, 66, 78, 70
 *   config_read(&c, "plan.ini") ...
 *   scenario_apply_config(&s, &c, err, sz)            -> 0, 78, 70
 *   config_resolve(&c, ...); model_load(&m, &c, &d);
 *   scenario_load_extra(&s, &m, &c, &d)               -> 0, 65, 66, 70
 *   scenario_apply(&s, &m, err, sz)                   -> 0, 78, 70
 *   eligibility_judge(...)
 *   scenario_release(&s);
 *
 * Messages (<ini> is the path as given):
 *   "<ini>: cannot read: <strerror>"                                 66
 *   "<ini>:<line>: syntax error"                                     78
 *   "<ini>: unknown section [foo]"                                   78
 *   "<ini>: key outside any section: foo"                            78
 *   "<ini>: [edits] foo: unknown key"                                78
 *   "<ini>: [edits] exclude_projects: given twice"                   78
 *   "<ini>: [inputs] towns: inputs cannot be changed by a scenario"  78
 *   "<ini>: [scenario] name: missing"                                78
 *   "<ini>: [edits] <key>: <message>", e.g. "unknown project 'P9'",
 *     "unknown payer 'X'", "unknown town 'X'", "unknown category 'x'
 *     (expected livelihood, infrastructure, industry, social or town:ID)",
 *     "P1 listed twice", "empty item", a value.h message   78
 *   override keys: as config_set / config_resolve, naming <ini>     78
 */
#ifndef RH_SCENARIO_H
#define RH_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "io/config.h"
#include "io/diag.h"
#include "io/value.h"

#define SCENARIO_FACTOR_SCALE 6     /* factors are integers x 10^6 */

struct scenario_override {
    char *section, *key, *value;
};

struct scenario_delay {
    char *project;
    rh_date on;
};

struct scenario_scale {
    int category;           /* enum rh_category, or -1 for a town item */
    char *town;             /* town item: the town id */
    int64_t factor;         /* x 10^6 */
};

struct scenario {
    char *path;             /* as given */
    char *dir;              /* its directory, "." when none */
    char *name, *description;
    uint64_t bytes;
    unsigned char sha256[32];
    struct scenario_override *overrides; size_t noverrides;
    char **exclude;         size_t nexclude;
    struct scenario_delay *delay; size_t ndelay;
    struct scenario_scale *scale; size_t nscale;
    char **clear;           size_t nclear;
    char *add_path[2];      /* inventory, demand: joined with dir, or NULL */
    char *changes;          /* its overrides and edits as written, one
                               "[section] key = value" a line, or NULL */
};

/* NAME scenario_read -- read and check S.ini (syntax, keys, values; ids are
 * checked against the inputs later).  RETURNS 0, or 66/78/70 with the
 * message in err; s must be released either way. */
int scenario_read(struct scenario *s, const char *path, char *err,
                  size_t errsz);

/* NAME scenario_apply_config -- set the override keys in c (before
 * config_resolve) and record the scenario's audit block in c->scenario.
 * RETURNS 0, or 78/70 with the message in err. */
int scenario_apply_config(const struct scenario *s, struct config *c,
                          char *err, size_t errsz);

/* NAME scenario_load_extra -- read add_inventory / add_demand into m
 * (model_load_extra) and record their audit data in c->scenario.
 * RETURNS 0, or 65/66/70 with the errors in d. */
int scenario_load_extra(const struct scenario *s, struct model *m,
                        struct config *c, struct diag *d);

/* NAME scenario_apply -- the edits, on a loaded model, before eligibility.
 * Every id is checked before anything changes.  RETURNS 0, or 78/70 with
 * the message in err (the model is then unchanged). */
int scenario_apply(const struct scenario *s, struct model *m, char *err,
                   size_t errsz);

/* NAME scenario_scale_units -- units x factor (x 10^6) x factor2 (x 10^6),
 * rounded half up, exact. */
int64_t scenario_scale_units(int64_t units, int64_t factor, int64_t factor2);

void scenario_release(struct scenario *s);

#endif

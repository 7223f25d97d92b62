/* config.h -- the plan INI file (plan.ini) and scenario overrides, via inih.
 *
 * Loading happens in two steps so that a scenario (S.ini) can override keys
 * before anything is interpreted:
 *   config_init(&c);
 *   config_read(&c, "plan.ini", err, sizeof err);       // raw keys
 *   config_read_overrides(&c, "S.ini", ...)             // later issue
 *   config_resolve(&c, err, sizeof err);                // typed values
 *   ... use c ...
 *   config_release(&c);
 *
 * Known sections and keys (anything else is an error):
 *   [plan]    year (required, 1901..2998), as_of (required date),
 *             deadline (date, default year-1-10-31),
 *             horizon_end (date, default year-12-31)
 *   [inputs]  towns, inventory, demand, payers, ledger (all required; paths
 *             relative to the INI's directory), encoding (utf-8 | gb18030,
 *             default utf-8)
 *   [policy]  late (reject | last, default reject),
 *             suspended (hold | release, default hold),
 *             grace_days (integer 0..3650, default 30),
 *             default_tolerance_cny (money, default 100),
 *             category_order (a permutation of the four categories, comma
 *             separated, blanks around items ignored; default
 *             livelihood, infrastructure, industry, social)
 *   [solver]  time_limit_s (integer 1..86400, default 60): an outer guard
 *             on the whole solve, never a share of a search; the whole
 *             run is bounded by config_run_bound_s;
 *             search_nodes (integer 1..10000000, default
 *             RH_SEARCH_NODES_DEFAULT): the branch-and-bound nodes that one
 *             integer search of a capped stage may use (work, not time, so
 *             that a plan does not depend on the machine's speed or load);
 *             max_gap (a fraction 0..1 with at most 6 decimals, default
 *             0.001): a plan whose stage T is further than this fraction
 *             of T's bound from it is not published (exit 79)
 * Inline comments after " ;" are stripped by inih.  A key given twice is an
 * error.
 *
 * Error messages (returned in err, exit code returned by the function):
 *   "<ini>: cannot read: <strerror>"                              -> 66
 *   "<ini>:<line>: syntax error"                                  -> 78
 *   "<ini>: unknown section [foo]"                                -> 78
 *   "<ini>: [plan] foo: unknown key"                              -> 78
 *   "<ini>: [plan] year: given twice"                             -> 78
 *   "<ini>: [plan] year: missing"                                 -> 78
 *   "<ini>: [plan] as_of: <value.h message>"                      -> 78
 *   "<ini>: [policy] late: unknown value 'x' (expected reject or last)" -> 78
 *   "<ini>: [policy] category_order: must list each of livelihood,
 *    infrastructure, industry, social exactly once"               -> 78
 *   "<ini>: [plan] deadline: after horizon_end" (deadline must be <=
 *    horizon_end)                                                  -> 78
 * where <ini> is the path as given to config_read.
 */
#ifndef RH_CONFIG_H
#define RH_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include "value.h"

/* Demand categories, in their canonical (file) order. */
enum rh_category {
    RH_CAT_LIVELIHOOD, RH_CAT_INFRASTRUCTURE, RH_CAT_INDUSTRY, RH_CAT_SOCIAL,
    RH_NCATEGORIES
};
extern const char *const rh_category_names[RH_NCATEGORIES];

enum rh_input { RH_IN_TOWNS, RH_IN_INVENTORY, RH_IN_DEMAND, RH_IN_PAYERS,
                RH_IN_LEDGER, RH_NINPUTS };
extern const char *const rh_input_names[RH_NINPUTS]; /* "towns", ... */

enum rh_encoding { RH_ENC_UTF8, RH_ENC_GB18030, RH_NENCODINGS };
enum rh_late { RH_LATE_REJECT, RH_LATE_LAST, RH_NLATE };
enum rh_suspended { RH_SUSP_HOLD, RH_SUSP_RELEASE, RH_NSUSPENDED };
/* Their plan.ini spellings, which every output writes too. */
extern const char *const rh_encoding_names[RH_NENCODINGS];  /* "utf-8", ... */
extern const char *const rh_late_names[RH_NLATE];           /* "reject", ... */
extern const char *const rh_suspended_names[RH_NSUSPENDED]; /* "hold", ... */

/* The audit record of a scenario (S.ini) applied to this configuration
 * (domain/scenario.h fills it; summary.json records it). */
struct config_scenario {
    char *path;                 /* S.ini as given (owned) */
    char *name;                 /* [scenario] name (owned) */
    char *description;          /* [scenario] description (owned), or NULL */
    char *changes;              /* its overrides and edits, one
                                   "[section] key = value" a line (owned),
                                   or NULL (scenario.h) */
    uint64_t bytes;
    unsigned char sha256[32];   /* of S.ini's raw bytes */
    char *extra_path[2];        /* add_inventory, add_demand (owned), or NULL */
    long extra_rows[2];
    uint64_t extra_bytes[2];
    unsigned char extra_sha256[2][32];
};

/* One raw key = value as read, with its origin (file path, owned). */
struct config_entry {
    char *section, *key, *value, *origin;
};

struct config {
    /* raw entries, in file order (later overrides replace earlier values) */
    struct config_entry *entries;
    size_t nentries, capentries;
    char *path;                 /* plan.ini as given (owned) */
    char *dir;                  /* its directory, "." when none (owned) */

    /* resolved by config_resolve */
    int year;
    rh_date as_of, deadline, horizon_end;
    char *input_path[RH_NINPUTS]; /* dir joined with the value (owned); a
                                     value that is absolute stays as is; with
                                     dir "." the value is used unchanged */
    enum rh_encoding encoding;
    enum rh_late late;
    enum rh_suspended suspended;
    int grace_days;
    int64_t tolerance_cents;
    int category_order[RH_NCATEGORIES]; /* category_order[rank] = category */
    int category_rank[RH_NCATEGORIES];  /* inverse: rank of each category */
    int time_limit_s;
    int search_nodes;                   /* [solver] search_nodes */
    int64_t max_gap_ppm;                /* [solver] max_gap, millionths */

    struct config_scenario *scenario;   /* owned; NULL without a scenario */
};

#define RH_SEARCH_NODES_DEFAULT 50
#define RH_MAX_GAP_PPM_DEFAULT 1000     /* max_gap = 0.001 */

void config_init(struct config *c);

/* NAME config_read -- read an INI file's keys into c (all sections checked
 * against the known set).  RETURNS 0, or an rh_exit code (66 or 78) with the
 * message in err. */
int config_read(struct config *c, const char *path, char *err, size_t errsz);

/* NAME config_set -- set or replace one raw key (used by scenario overrides);
 * origin names the file it came from.  RETURNS 0, or 78 with message for an
 * unknown section/key, -1... no: 70 on out of memory. */
int config_set(struct config *c, const char *section, const char *key,
               const char *value, const char *origin, char *err, size_t errsz);

/* NAME config_resolve -- check and convert every key, apply defaults.
 * RETURNS 0 or 78 with the message in err (messages name the origin file of
 * the offending key, or c->path for a missing one). */
int config_resolve(struct config *c, char *err, size_t errsz);

/* NAME config_get -- the raw value of a key, or NULL. */
const char *config_get(const struct config *c, const char *section,
                       const char *key);

/* NAME config_run_bound_s -- the seconds a whole run (reading, solving,
 * writing) may take before it is stopped with exit 124: time_limit_s and
 * half of it again, plus 30 s for reading and writing.  The one place
 * this figure is derived (rehouse plan's alarm, rehouse sweep's kill). */
double config_run_bound_s(const struct config *c);

void config_release(struct config *c);

#endif

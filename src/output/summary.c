/* summary.c -- summary.json (deterministic) and run.json (run details). */
#include "summary.h"

#include <errno.h>
#include <glpk.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "io/clock.h"
#include "io/exitcode.h"
#include "io/infile.h"
#include "io/json.h"
#include "io/jsonread.h"
#include "io/outfile.h"
#include "io/str.h"
#include "io/value.h"
#include "version.h"

/* ---- run information ---------------------------------------------------- */

static int64_t clock_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t mono_ns(void)
{
    return clock_ns();
}

const char *const run_phase_names[RUN_NPHASES] = {
    "read", "eligibility", "solve", "write"
};

void run_info_start(struct run_info *ri)
{
    memset(ri, 0, sizeof *ri);
    ri->started_ms = clock_ms();
    ri->mono_start_ns = mono_ns();
    ri->pid = (long)getpid();
    if (gethostname(ri->host, sizeof ri->host) < 0)
        ri->host[0] = '\0';
    ri->host[sizeof ri->host - 1] = '\0';
}

void run_info_finish(struct run_info *ri)
{
    struct rusage ru;
    ri->finished_ms = clock_ms();
    ri->total_seconds = (double)(mono_ns() - ri->mono_start_ns) / 1e9;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        ri->peak_rss_kb = ru.ru_maxrss;     /* kilobytes on Linux */
}

static void put2(char *b, int v)
{
    b[0] = (char)('0' + v / 10 % 10);
    b[1] = (char)('0' + v % 10);
}

int summary_format_utc(int64_t ms, char buf[32])
{
    int64_t days, rem;
    char date[11];

    if (ms < 0)
        ms = 0;
    days = ms / 86400000;
    rem = ms % 86400000;
    value_format_date((rh_date)days, date);
    memcpy(buf, date, 10);
    buf[10] = 'T';
    put2(buf + 11, (int)(rem / 3600000));
    buf[13] = ':';
    put2(buf + 14, (int)(rem / 60000 % 60));
    buf[16] = ':';
    put2(buf + 17, (int)(rem / 1000 % 60));
    buf[19] = '.';
    buf[20] = (char)('0' + (int)(rem % 1000 / 100));
    put2(buf + 21, (int)(rem % 100));
    buf[23] = 'Z';
    buf[24] = '\0';
    return 24;
}

const char *summary_glpk_status(int status)
{
    switch (status) {
    case GLP_OPT: return "optimal";
    case GLP_FEAS: return "feasible";
    case GLP_INFEAS: return "infeasible";
    case GLP_NOFEAS: return "no_feasible";
    case GLP_UNBND: return "unbounded";
    case GLP_UNDEF: return "undefined";
    case STAGE_GREEDY: return "greedy";
    default: return "unknown";
    }
}

/* ---- helpers ------------------------------------------------------------ */

/* A member with an integer value, a string value, ... (j sticky on error). */
static int k_int(struct json *j, const char *key, int64_t v)
{
    return json_key(j, key) < 0 || json_int(j, v) < 0 ? -1 : 0;
}

static int k_str(struct json *j, const char *key, const char *s)
{
    return json_key(j, key) < 0 || json_string(j, s) < 0 ? -1 : 0;
}

static int k_str_or_null(struct json *j, const char *key, const char *s)
{
    if (json_key(j, key) < 0)
        return -1;
    return s ? json_string(j, s) : json_null(j);
}

static int k_fixed(struct json *j, const char *key, int64_t v, int scale)
{
    return json_key(j, key) < 0 || json_fixed(j, v, scale) < 0 ? -1 : 0;
}

static int k_date(struct json *j, const char *key, rh_date d)
{
    char buf[11];
    value_format_date(d, buf);
    return k_str(j, key, buf);
}

/* A KPI rate (scaled 10^KPI_RATE_SCALE) or null. */
static int k_rate(struct json *j, const char *key, int64_t rate)
{
    if (json_key(j, key) < 0)
        return -1;
    if (rate == KPI_NO_RATE)
        return json_null(j);
    return json_fixed(j, rate, KPI_RATE_SCALE);
}

/* Open dir/name as a JSON document.  RETURNS 0 or 73 (message). */
static int doc_open(struct outfile *f, struct json *j, char *path,
                    size_t pathsz, const char *dir, const char *name,
                    char *err, size_t errsz)
{
    if (outfile_join(path, pathsz, dir, name) < 0 ||
        outfile_open(f, path) < 0) {
        snprintf(err, errsz, "%s/%s: cannot write: %s", dir, name,
                 strerror(errno));
        return rh_exit_for_errno(errno);
    }
    json_init(j, f);
    return 0;
}

/* Finish and close; bad = some call failed.  RETURNS 0 or 73. */
static int doc_close(struct outfile *f, struct json *j, const char *path,
                     int bad, char *err, size_t errsz)
{
    if (bad || json_finish(j) < 0) {
        int e = errno;
        outfile_abort(f);
        snprintf(err, errsz, "%s: cannot write: %s", path, strerror(e));
        return rh_exit_for_errno(e);
    }
    if (outfile_close(f) < 0) {
        snprintf(err, errsz, "%s: cannot write: %s", path, strerror(errno));
        return rh_exit_for_errno(errno);
    }
    return 0;
}

/* ---- summary.json ------------------------------------------------------- */

static int w_counts(struct json *j, const struct model *m,
                    const struct eligibility *e, const struct plan_kpi *k,
                    const struct plan_reasons *rs)
{
    if (json_key(j, "counts") < 0 || json_begin_object(j) < 0 ||
        k_int(j, "towns", m->ntowns) < 0 ||
        k_int(j, "projects", m->nprojects) < 0 ||
        k_int(j, "units", m->nunits) < 0 ||
        json_key(j, "units_by_standing") < 0 || json_begin_object(j) < 0)
        return -1;
    for (int s = 0; s < UNIT_NSTANDINGS; s++)
        if (k_int(j, unit_standing_names[s], e->nunit_standing[s]) < 0)
            return -1;
    if (json_end_object(j) < 0 ||
        k_int(j, "requests", m->nrequests) < 0 ||
        k_int(j, "requests_late_kept", e->nlate_last) < 0 ||
        json_key(j, "requests_by_outcome") < 0 || json_begin_object(j) < 0)
        return -1;
    for (int o = 0; o < OUT_NOUTCOMES; o++)
        if (k_int(j, request_outcome_names[o], k->by_outcome[o]) < 0)
            return -1;
    /* requests not served in full, by reason (reason.h), and the units
     * they did not get */
    if (json_end_object(j) < 0 ||
        json_key(j, "requests_by_reason") < 0 || json_begin_object(j) < 0)
        return -1;
    for (int w = 1; w < REASON_N; w++)
        if (k_int(j, reason_names[w], rs->count[w]) < 0)
            return -1;
    if (json_end_object(j) < 0 ||
        json_key(j, "units_short_by_reason") < 0 || json_begin_object(j) < 0)
        return -1;
    for (int w = 1; w < REASON_N; w++)
        if (k_int(j, reason_names[w], rs->short_units[w]) < 0)
            return -1;
    if (json_end_object(j) < 0 ||
        k_int(j, "payers", m->npayers) < 0 ||
        k_int(j, "payers_in_default", e->npayers_in_default) < 0 ||
        k_int(j, "ledger_rows", m->nledger) < 0 || json_end_object(j) < 0)
        return -1;
    return 0;
}

static int w_stages(struct json *j, const struct plan *p)
{
    int n = p->nstages < 0 ? 0
          : p->nstages > PLAN_MAX_STAGES ? PLAN_MAX_STAGES : p->nstages;

    if (json_key(j, "stages") < 0 || json_begin_array(j) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const struct stage_record *s = &p->stages[i];
        if (json_begin_object(j) < 0 ||
            json_key(j, "name") < 0 ||
            json_string_n(j, s->name, strnlen(s->name, sizeof s->name)) < 0 ||
            json_key(j, "pass") < 0 ||
            json_string_n(j, s->pass, strnlen(s->pass, sizeof s->pass)) < 0 ||
            json_key(j, "what") < 0 ||
            json_string_n(j, s->what, strnlen(s->what, sizeof s->what)) < 0 ||
            json_key(j, "objective") < 0 ||
            json_double(j, s->objective, 6) < 0 ||
            k_str(j, "status", summary_glpk_status(s->status)) < 0 ||
            json_key(j, "bound") < 0 ||
            json_double(j, s->bound, 6) < 0 ||
            json_key(j, "gap") < 0 ||
            json_double(j, stage_gap(s), 6) < 0 ||
            k_int(j, "lps", s->lps) < 0 ||
            k_int(j, "iterations", s->iterations) < 0 ||
            k_int(j, "rows", s->rows) < 0 ||
            k_int(j, "cols", s->cols) < 0 ||
            k_int(j, "nonzeros", s->nonzeros) < 0 ||
            json_key(j, "time_limit_hit") < 0 || json_bool(j, s->guard_hit) < 0 ||
            json_end_object(j) < 0)
            return -1;
    }
    int optimal = 0;
    for (int i = 0; i < n; i++)
        optimal += p->stages[i].status != STAGE_FEASIBLE;
    if (json_end_array(j) < 0 ||
        k_int(j, "stages_optimal", optimal) < 0 ||
        k_int(j, "stages_feasible", n - optimal) < 0 ||
        json_key(j, "time_limit_hit") < 0 || json_bool(j, p->guard_hit) < 0 ||
        json_key(j, "lambda_star") < 0 ||
        json_double(j, p->lambda_star, 6) < 0 ||
        k_int(j, "integer_passes", p->integer_passes) < 0 ||
        k_int(j, "cap_rounds", p->cap_rounds) < 0)
        return -1;
    return 0;
}

const char *const summary_kpi_keys[SK_N] = {
    "units_allocated", "home_town_units", "home_town_share", "unit_km",
    "value_allocated_cny", "fill_rate_min", "fill_rate_median"
};
const int summary_kpi_scale[SK_N] = {
    0, 0, KPI_RATE_SCALE, 3, 2, KPI_RATE_SCALE, KPI_RATE_SCALE
};

static int w_kpi(struct json *j, const struct model *m, const struct plan *p,
                 const struct plan_kpi *k)
{
    if (json_key(j, "kpi") < 0 || json_begin_object(j) < 0 ||
        k_int(j, "units_requested", k->units_requested) < 0 ||
        k_int(j, "units_requested_all", k->units_requested_all) < 0 ||
        k_int(j, summary_kpi_keys[SK_UNITS], k->units_allocated) < 0 ||
        json_key(j, "units_by_status") < 0 || json_begin_object(j) < 0 ||
        k_int(j, "allocated", k->units_handed_over) < 0 ||
        k_int(j, "suspended", k->units_suspended) < 0 ||
        json_end_object(j) < 0 ||
        k_int(j, "units_allocatable", k->units_allocatable) < 0 ||
        k_int(j, "units_idle", k->units_idle) < 0 ||
        k_int(j, summary_kpi_keys[SK_HOME_UNITS], k->home_units) < 0 ||
        k_rate(j, summary_kpi_keys[SK_HOME_SHARE], k->home_share) < 0 ||
        k_int(j, "moved_units", k->moved_units) < 0 ||
        k_fixed(j, summary_kpi_keys[SK_UNIT_KM], k->distance_m,
                summary_kpi_scale[SK_UNIT_KM]) < 0 ||
        k_fixed(j, summary_kpi_keys[SK_VALUE], k->value_c,
                summary_kpi_scale[SK_VALUE]) < 0 ||
        k_fixed(j, "value_suspended_cny", k->value_suspended_c, 2) < 0 ||
        k_int(j, "towns_with_demand", k->ntowns_with_demand) < 0 ||
        k_rate(j, summary_kpi_keys[SK_FILL_MIN], k->fill_min) < 0 ||
        k_rate(j, summary_kpi_keys[SK_FILL_MEDIAN], k->fill_median) < 0 ||
        json_key(j, "towns") < 0 || json_begin_array(j) < 0)
        return -1;
    for (int32_t t = 0; t < m->ntowns; t++) {
        if (json_begin_object(j) < 0 ||
            k_str(j, "town_id", m->towns[t].id) < 0 ||
            k_int(j, "demand", k->town_demand[t]) < 0 ||
            k_int(j, "allocated", k->town_allocated[t]) < 0 ||
            k_rate(j, "fill_rate", k->town_fill[t]) < 0)
            return -1;
        if (p->town_level &&
            (json_key(j, "level") < 0 ||
             json_double(j, p->town_level[t], 6) < 0))
            return -1;
        if (p->town_floor && k_int(j, "floor", p->town_floor[t]) < 0)
            return -1;
        if (json_end_object(j) < 0)
            return -1;
    }
    if (json_end_array(j) < 0 || json_end_object(j) < 0)
        return -1;
    return 0;
}

static int w_inputs(struct json *j, const struct model *m,
                    const struct config *c)
{

    if (json_key(j, "inputs") < 0 || json_begin_array(j) < 0)
        return -1;
    for (int i = 0; i < RH_NINPUTS; i++) {
        const struct csv_file_info *f = &m->files[i];
        char sha[65];
        str_hex(f->sha256, 32, sha);
        if (json_begin_object(j) < 0 ||
            k_str(j, "role", rh_input_names[i]) < 0 ||
            k_str_or_null(j, "path", c->input_path[i]) < 0 ||
            k_int(j, "rows", f->rows) < 0 ||
            k_int(j, "bytes", (int64_t)f->bytes) < 0 ||
            k_str(j, "sha256", sha) < 0 || json_end_object(j) < 0)
            return -1;
    }
    return json_end_array(j);
}

static int w_parameters(struct json *j, const struct config *c)
{
    if (json_key(j, "parameters") < 0 || json_begin_object(j) < 0 ||
        k_str_or_null(j, "config", c->path) < 0 ||
        k_int(j, "year", c->year) < 0 ||
        k_date(j, "as_of", c->as_of) < 0 ||
        k_date(j, "deadline", c->deadline) < 0 ||
        k_date(j, "horizon_end", c->horizon_end) < 0 ||
        k_str(j, "encoding",
              rh_encoding_names[c->encoding]) < 0 ||
        k_str(j, "late", rh_late_names[c->late]) < 0 ||
        k_str(j, "suspended",
              rh_suspended_names[c->suspended]) < 0 ||
        k_int(j, "grace_days", c->grace_days) < 0 ||
        k_fixed(j, "default_tolerance_cny", c->tolerance_cents, 2) < 0 ||
        json_key(j, "category_order") < 0 || json_begin_array(j) < 0)
        return -1;
    for (int r = 0; r < RH_NCATEGORIES; r++) {
        int cat = c->category_order[r];
        if (json_string(j, cat >= 0 && cat < RH_NCATEGORIES
                               ? rh_category_names[cat] : "") < 0)
            return -1;
    }
    if (json_end_array(j) < 0 ||
        k_int(j, "time_limit_s", c->time_limit_s) < 0 ||
        k_int(j, "search_nodes", c->search_nodes) < 0 ||
        k_fixed(j, "max_gap", c->max_gap_ppm, 6) < 0 ||
        json_end_object(j) < 0)
        return -1;
    return 0;
}

/* The scenario applied (only written when there is one). */
static int w_scenario(struct json *j, const struct config_scenario *s)
{
    static const char *const roles[2] = { "inventory", "demand" };
    char sha[65];

    str_hex(s->sha256, 32, sha);
    if (json_key(j, "scenario") < 0 || json_begin_object(j) < 0 ||
        k_str_or_null(j, "name", s->name) < 0 ||
        k_str_or_null(j, "description", s->description) < 0 ||
        k_str_or_null(j, "path", s->path) < 0 ||
        k_int(j, "bytes", (int64_t)s->bytes) < 0 ||
        k_str(j, "sha256", sha) < 0 ||
        json_key(j, "changes") < 0 || json_begin_array(j) < 0)
        return -1;
    for (const char *l = s->changes; l && *l;) {
        size_t n = strcspn(l, "\n");
        if (json_string_n(j, l, n) < 0)
            return -1;
        l += n + (l[n] == '\n');
    }
    if (json_end_array(j) < 0 ||
        json_key(j, "extra_inputs") < 0 || json_begin_array(j) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        if (!s->extra_path[i])
            continue;
        str_hex(s->extra_sha256[i], 32, sha);
        if (json_begin_object(j) < 0 ||
            k_str(j, "role", roles[i]) < 0 ||
            k_str(j, "path", s->extra_path[i]) < 0 ||
            k_int(j, "rows", s->extra_rows[i]) < 0 ||
            k_int(j, "bytes", (int64_t)s->extra_bytes[i]) < 0 ||
            k_str(j, "sha256", sha) < 0 || json_end_object(j) < 0)
            return -1;
    }
    return json_end_array(j) < 0 || json_end_object(j) < 0 ? -1 : 0;
}

int summary_write(const char *dir, const struct model *m,
                  const struct eligibility *e, const struct config *c,
                  const struct plan *p, const struct plan_kpi *k,
                  const struct plan_reasons *rs, char *err, size_t errsz)
{
    struct outfile f;
    struct json j;
    char path[PATH_MAX];
    int rc, bad;

    if ((rc = doc_open(&f, &j, path, sizeof path, dir, SUMMARY_JSON, err,
                       errsz)))
        return rc;
    bad = json_begin_object(&j) < 0 ||
          k_str(&j, "tool", "rehouse") < 0 ||
          w_counts(&j, m, e, k, rs) < 0 ||
          w_stages(&j, p) < 0 ||
          w_kpi(&j, m, p, k) < 0 ||
          w_inputs(&j, m, c) < 0 ||
          w_parameters(&j, c) < 0 ||
          (c->scenario && w_scenario(&j, c->scenario) < 0) ||
          json_key(&j, "versions") < 0 || json_begin_object(&j) < 0 ||
          k_str(&j, "rehouse", RH_VERSION) < 0 ||
          k_str(&j, "glpk", glp_version()) < 0 ||
          json_end_object(&j) < 0 ||
          json_end_object(&j) < 0;
    return doc_close(&f, &j, path, bad, err, errsz);
}

/* ---- run.json ----------------------------------------------------------- */

int run_write(const char *dir, const struct plan *p, const struct run_info *ri,
              char *err, size_t errsz)
{
    struct outfile f;
    struct json j;
    char path[PATH_MAX], t0[32], t1[32];
    int rc, bad;
    int n = p->nstages < 0 ? 0
          : p->nstages > PLAN_MAX_STAGES ? PLAN_MAX_STAGES : p->nstages;

    if ((rc = doc_open(&f, &j, path, sizeof path, dir, RUN_JSON, err, errsz)))
        return rc;
    summary_format_utc(ri->started_ms, t0);
    summary_format_utc(ri->finished_ms, t1);
    bad = json_begin_object(&j) < 0 ||
          k_str(&j, "started", t0) < 0 ||
          k_str(&j, "finished", t1) < 0 ||
          json_key(&j, "host") < 0 ||
          json_string_n(&j, ri->host, strnlen(ri->host, sizeof ri->host)) < 0 ||
          k_int(&j, "pid", ri->pid) < 0 ||
          json_key(&j, "phases") < 0 || json_begin_object(&j) < 0;
    for (int i = 0; !bad && i < RUN_NPHASES; i++)
        bad = json_key(&j, run_phase_names[i]) < 0 ||
              json_double(&j, ri->phase_seconds[i], 3) < 0;
    double staged = 0.0;
    for (int i = 0; i < n; i++)
        staged += p->stages[i].seconds;
    bad = bad || json_end_object(&j) < 0 ||
          json_key(&j, "solve_parts") < 0 || json_begin_object(&j) < 0 ||
          json_key(&j, "network") < 0 || json_double(&j, p->network_seconds, 3) < 0 ||
          json_key(&j, "stages") < 0 || json_double(&j, staged, 3) < 0 ||
          json_key(&j, "assign") < 0 || json_double(&j, p->assign_seconds, 3) < 0 ||
          json_key(&j, "solved_again") < 0 || json_double(&j, p->again_seconds, 3) < 0 ||
          json_end_object(&j) < 0 ||
          k_int(&j, "units_handed_out", p->handed_out) < 0 ||
          json_key(&j, "stages") < 0 || json_begin_array(&j) < 0;
    for (int i = 0; !bad && i < n; i++) {
        const struct stage_record *s = &p->stages[i];
        bad = json_begin_object(&j) < 0 ||
              json_key(&j, "name") < 0 ||
              json_string_n(&j, s->name, strnlen(s->name, sizeof s->name)) < 0 ||
              json_key(&j, "pass") < 0 ||
              json_string_n(&j, s->pass, strnlen(s->pass, sizeof s->pass)) < 0 ||
              json_key(&j, "seconds") < 0 ||
              json_double(&j, s->seconds, 3) < 0 ||
              json_key(&j, "integer_search_seconds") < 0 ||
              json_double(&j, s->mip_seconds, 3) < 0 ||
              k_int(&j, "integer_searches", s->mips) < 0 ||
              json_key(&j, "lp_relaxation") < 0 ||
              json_double(&j, s->lp_relaxation, 6) < 0 ||
              k_int(&j, "handed_out", s->handed_out) < 0 ||
              json_end_object(&j) < 0;
    }
    bad = bad || json_end_array(&j) < 0 ||
          json_key(&j, "total_seconds") < 0 ||
          json_double(&j, ri->total_seconds, 3) < 0 ||
          k_int(&j, "peak_rss_kb", ri->peak_rss_kb) < 0 ||
          json_end_object(&j) < 0;
    return doc_close(&f, &j, path, bad, err, errsz);
}

/* The integer after "key": at or after from in buf.  RETURNS 0 or -1. */
static int int_after(const char *from, const char *key, int64_t *v)
{
    const char *p = from ? strstr(from, key) : NULL;
    char m[128];
    if (!p)
        return -1;
    p += strlen(key);
    while (*p == ' ')
        p++;
    return value_parse_int(p, strcspn(p, ",\n}"), 0, INT64_MAX / 4, v, m,
                           sizeof m) < 0 ? -1 : 0;
}

int summary_load(const char *dir, char **text, char *err, size_t errsz)
{
    char path[PATH_MAX];
    *text = NULL;
    if (outfile_join(path, sizeof path, dir, SUMMARY_JSON) < 0) {
        snprintf(err, errsz, "%s/%s: cannot read: %s", dir, SUMMARY_JSON,
                 strerror(ENAMETOOLONG));
        errno = ENAMETOOLONG;
        return -1;
    }
    const char *why;
    FILE *f = infile_open(path, &why);
    if (!f) {
        int e = errno;
        snprintf(err, errsz, "%s: cannot read: %s", path, why);
        errno = e;
        return e == ENOENT || e == ENOTDIR ? 0 : -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *nb = cap < (1u << 30) ? realloc(buf, 2 * cap + 1) : NULL;
        if (!nb) {
            free(buf);
            buf = NULL;
        } else {
            buf = nb;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        snprintf(err, errsz, "%s: cannot read: %s", path,
                 buf ? "read error" : "out of memory");
        errno = buf ? EIO : ENOMEM;
        return -1;
    }
    buf[n] = '\0';
    *text = buf;
    return 1;
}

int summary_read_counts(const char *dir, struct summary_counts *sc,
                        char *err, size_t errsz)
{
    char *buf;
    int r = summary_load(dir, &buf, err, errsz);
    if (r <= 0)
        return r;
    const char *counts = strstr(buf, "\"counts\":");
    const char *kpi = strstr(buf, "\"kpi\":");
    int bad = int_after(counts, "\"allocatable\":", &sc->allocatable) ||
              int_after(kpi, "\"units_requested\":", &sc->units_requested);
    free(buf);
    if (bad) {
        snprintf(err, errsz, "%s/%s: no counts.units_by_standing.allocatable "
                 "or kpi.units_requested", dir, SUMMARY_JSON);
        errno = EINVAL;
        return -1;
    }
    return 1;
}

/* ---- summary.json: parameters.year and the "kpi" members ------------------ */

int summary_read_kpi(const char *dir, struct summary_kpi *k, char *err,
                     size_t errsz)
{
    char path[PATH_MAX], m[160];
    memset(k, 0, sizeof *k);
    snprintf(path, sizeof path, "%s/%s", dir, SUMMARY_JSON);
    char *buf;
    if (summary_load(dir, &buf, err, errsz) <= 0)
        return RH_EXIT_NOINPUT;
    struct arena a;
    arena_init(&a);
    const struct jv *root;
    int rc = RH_EXIT_DATAERR;
    if (jv_parse(buf, strlen(buf), &a, &root, m, sizeof m) < 0) {
        snprintf(err, errsz, "%s: %s", path, m);
        goto out;
    }
    const struct jv *yr = jv_path(root, "parameters", "year", (char *)0);
    if (yr && yr->kind == JV_NUMBER)
        k->has_year = value_parse_int(yr->s, yr->len, 1, 9999, &k->year, m,
                                      sizeof m) == 0;
    const struct jv *kpi = jv_get(root, "kpi");
    if (!kpi || kpi->kind != JV_OBJECT) {
        snprintf(err, errsz, "%s: no \"kpi\" object", path);
        goto out;
    }
    for (int i = 0; i < SK_N; i++) {
        const struct jv *v = jv_get(kpi, summary_kpi_keys[i]);
        if (v && v->kind == JV_NULL)
            continue;
        if (!v || v->kind != JV_NUMBER) {
            snprintf(err, errsz, "%s: kpi %s: %s", path, summary_kpi_keys[i],
                     v ? "not a number" : "missing");
            goto out;
        }
        if (value_parse_fixed(v->s, v->len, summary_kpi_scale[i], INT64_MIN / 2,
                              INT64_MAX / 2, &k->v[i], m, sizeof m) < 0) {
            snprintf(err, errsz, "%s: kpi %s: %s", path, summary_kpi_keys[i], m);
            goto out;
        }
        k->has[i] = 1;
    }
    rc = 0;
out:
    arena_release(&a);
    free(buf);
    return rc;
}

/* scenario.c -- read a what-if scenario (S.ini, via inih) and apply it. */
#include "domain/scenario.h"

#include <errno.h>
#include <ini.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/exitcode.h"
#include "io/infile.h"
#include "io/str.h"

#define SCENARIO_MAX_BYTES (1L << 20)   /* an S.ini is a few lines */
#define FACTOR_MAX 100000000            /* 100 x 10^6 */

enum { E_EXCLUDE, E_DELAY, E_SCALE, E_CLEAR, E_ADD_INVENTORY, E_ADD_DEMAND,
       NEDITS };
static const char *const edit_names[NEDITS] = {
    "exclude_projects", "delay_projects", "scale_demand", "clear_arrears",
    "add_inventory", "add_demand"
};

static void msg(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void msg(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errsz)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

/* Grow an array of `elem`-byte items to hold n + 1.  RETURNS 0 or -1. */
static int push(void *arrp, size_t n, size_t elem)
{
    void **arr = arrp;
    if (n & (n - 1))            /* capacity: n rounded up to a power of two */
        return 0;
    size_t cap = n ? 2 * n : 1;
    void *p = realloc(*arr, cap * elem);
    if (!p)
        return -1;
    *arr = p;
    return 0;
}

/* ---- parsing -------------------------------------------------------------- */

struct sparse {
    struct scenario *s;
    int code;               /* first error */
    int line;
    char *err;
    size_t errsz;
    int seen_name, seen_desc;
    unsigned char seen_edit[NEDITS];
};

static void fail(struct sparse *p, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct sparse *p, int code, const char *fmt, ...)
{
    va_list ap;
    if (p->code)
        return;
    p->code = code;
    if (!p->err || !p->errsz)
        return;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errsz, fmt, ap);
    va_end(ap);
}

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Next comma-separated item of *cur (blanks trimmed); 0 at the end. */
static int next_item(const char **cur, const char **s, size_t *n)
{
    const char *p = *cur;
    if (!p)
        return 0;
    const char *comma = strchr(p, ',');
    const char *end = comma ? comma : p + strlen(p);
    while (p < end && is_blank(*p))
        p++;
    const char *e = end;
    while (e > p && is_blank(e[-1]))
        e--;
    *s = p;
    *n = (size_t)(e - p);
    *cur = comma ? comma + 1 : NULL;
    return 1;
}

/* An id item; reports and returns -1 when bad. */
static int check_id(struct sparse *p, const char *key, const char *s, size_t n)
{
    char m[256];
    if (n == 0) {
        fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: empty item", p->s->path, key);
        return -1;
    }
    if (value_parse_id(s, n, m, sizeof m) < 0) {
        fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: %s", p->s->path, key, m);
        return -1;
    }
    return 0;
}

static int listed(char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
            return 1;
    return 0;
}

/* exclude_projects / clear_arrears: a list of ids. */
static void parse_ids(struct sparse *p, const char *key, const char *value,
                      char ***list, size_t *n)
{
    const char *cur = value, *s;
    size_t len;
    while (next_item(&cur, &s, &len)) {
        if (check_id(p, key, s, len) < 0)
            return;
        if (listed(*list, *n, s, len)) {
            fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: %.*s listed twice",
                 p->s->path, key, (int)len, s);
            return;
        }
        char *d = str_dup_n(s, len);
        if (!d || push(list, *n, sizeof **list) < 0) {
            free(d);
            fail(p, RH_EXIT_SOFTWARE, "out of memory");
            return;
        }
        (*list)[(*n)++] = d;
    }
}

static void parse_delay(struct sparse *p, const char *key, const char *value)
{
    struct scenario *sc = p->s;
    const char *cur = value, *s;
    size_t len;
    char m[256], q[128];
    while (next_item(&cur, &s, &len)) {
        const char *colon = memchr(s, ':', len);
        if (len == 0) {
            fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: empty item", sc->path, key);
            return;
        }
        if (!colon) {
            fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: expected PROJECT:YYYY-MM-DD, "
                 "not %s", sc->path, key, value_quote(s, len, q, sizeof q));
            return;
        }
        size_t idn = (size_t)(colon - s);
        if (check_id(p, key, s, idn) < 0)
            return;
        rh_date on;
        if (value_parse_date(colon + 1, len - idn - 1, &on, m, sizeof m) < 0) {
            fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: %.*s: %s", sc->path, key,
                 (int)idn, s, m);
            return;
        }
        for (size_t i = 0; i < sc->ndelay; i++)
            if (strlen(sc->delay[i].project) == idn &&
                memcmp(sc->delay[i].project, s, idn) == 0) {
                fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: %.*s listed twice",
                     sc->path, key, (int)idn, s);
                return;
            }
        char *d = str_dup_n(s, idn);
        if (!d || push(&sc->delay, sc->ndelay, sizeof *sc->delay) < 0) {
            free(d);
            fail(p, RH_EXIT_SOFTWARE, "out of memory");
            return;
        }
        sc->delay[sc->ndelay].project = d;
        sc->delay[sc->ndelay++].on = on;
    }
}

static void parse_scale(struct sparse *p, const char *key, const char *value)
{
    struct scenario *sc = p->s;
    const char *cur = value, *s;
    size_t len;
    char m[256], q[128];
    while (next_item(&cur, &s, &len)) {
        if (len == 0) {
            fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: empty item", sc->path, key);
            return;
        }
        const char *end = s + len, *c1 = memchr(s, ':', len);
        const char *c2 = NULL;
        if (!c1) {
            fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: expected CATEGORY:FACTOR "
                 "or town:ID:FACTOR, not %s", sc->path, key,
                 value_quote(s, len, q, sizeof q));
            return;
        }
        int cat = -1;
        const char *town = NULL, *f;
        size_t townn = 0, what = (size_t)(c1 - s);
        if (what == 4 && memcmp(s, "town", 4) == 0) {
            c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
            if (!c2) {
                fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: expected town:ID:FACTOR, "
                     "not %s", sc->path, key, value_quote(s, len, q, sizeof q));
                return;
            }
            town = c1 + 1;
            townn = (size_t)(c2 - town);
            if (check_id(p, key, town, townn) < 0)
                return;
            f = c2 + 1;
            what = (size_t)(c2 - s);
        } else {
            for (int k = 0; k < RH_NCATEGORIES; k++)
                if (strlen(rh_category_names[k]) == what &&
                    memcmp(rh_category_names[k], s, what) == 0)
                    cat = k;
            if (cat < 0) {
                fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: unknown category %s "
                     "(expected livelihood, infrastructure, industry, social "
                     "or town:ID)", sc->path, key,
                     value_quote(s, what, q, sizeof q));
                return;
            }
            f = c1 + 1;
        }
        int64_t factor;
        if (value_parse_fixed(f, (size_t)(end - f), SCENARIO_FACTOR_SCALE, 0,
                              FACTOR_MAX, &factor, m, sizeof m) < 0) {
            fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: %.*s: %s", sc->path, key,
                 (int)what, s, m);
            return;
        }
        for (size_t i = 0; i < sc->nscale; i++) {
            const struct scenario_scale *o = &sc->scale[i];
            if ((cat >= 0 && o->category == cat) ||
                (cat < 0 && o->category < 0 && strlen(o->town) == townn &&
                 memcmp(o->town, town, townn) == 0)) {
                fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: %.*s listed twice",
                     sc->path, key, (int)what, s);
                return;
            }
        }
        char *t = NULL;
        if ((town && !(t = str_dup_n(town, townn))) ||
            push(&sc->scale, sc->nscale, sizeof *sc->scale) < 0) {
            free(t);
            fail(p, RH_EXIT_SOFTWARE, "out of memory");
            return;
        }
        sc->scale[sc->nscale].category = cat;
        sc->scale[sc->nscale].town = t;
        sc->scale[sc->nscale++].factor = factor;
    }
}

static void parse_path(struct sparse *p, const char *key, const char *value,
                       char **out)
{
    struct scenario *sc = p->s;
    if (*value == '\0') {
        fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: empty value", sc->path, key);
        return;
    }
    if (value[0] == '/' || strcmp(sc->dir, ".") == 0) {
        *out = str_dup(value);
    } else {
        size_t a = strlen(sc->dir), b = strlen(value);
        *out = malloc(a + b + 2);
        if (*out) {
            memcpy(*out, sc->dir, a);
            (*out)[a] = '/';
            memcpy(*out + a + 1, value, b + 1);
        }
    }
    if (!*out)
        fail(p, RH_EXIT_SOFTWARE, "out of memory");
}

static void on_edit(struct sparse *p, const char *name, const char *value)
{
    struct scenario *sc = p->s;
    int k = -1;
    for (int i = 0; i < NEDITS; i++)
        if (strcmp(edit_names[i], name) == 0)
            k = i;
    if (k < 0) {
        fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: unknown key", sc->path, name);
        return;
    }
    if (p->seen_edit[k]) {
        fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: given twice", sc->path, name);
        return;
    }
    p->seen_edit[k] = 1;
    if (*value == '\0') {
        fail(p, RH_EXIT_CONFIG, "%s: [edits] %s: empty value", sc->path, name);
        return;
    }
    switch (k) {
    case E_EXCLUDE: parse_ids(p, name, value, &sc->exclude, &sc->nexclude); break;
    case E_CLEAR: parse_ids(p, name, value, &sc->clear, &sc->nclear); break;
    case E_DELAY: parse_delay(p, name, value); break;
    case E_SCALE: parse_scale(p, name, value); break;
    case E_ADD_INVENTORY: parse_path(p, name, value, &sc->add_path[0]); break;
    default: parse_path(p, name, value, &sc->add_path[1]); break;
    }
}

static void on_scenario(struct sparse *p, const char *name, const char *value)
{
    struct scenario *sc = p->s;
    int is_name = strcmp(name, "name") == 0;
    if (!is_name && strcmp(name, "description") != 0) {
        fail(p, RH_EXIT_CONFIG, "%s: [scenario] %s: unknown key", sc->path,
             name);
        return;
    }
    int *seen = is_name ? &p->seen_name : &p->seen_desc;
    if (*seen) {
        fail(p, RH_EXIT_CONFIG, "%s: [scenario] %s: given twice", sc->path,
             name);
        return;
    }
    *seen = 1;
    if (is_name) {
        size_t n = strlen(value);
        char m[256], q[128];
        if (value_parse_id(value, n, m, sizeof m) < 0 || memchr(value, '/', n)) {
            if (n == 0)
                fail(p, RH_EXIT_CONFIG, "%s: [scenario] name: empty value",
                     sc->path);
            else
                fail(p, RH_EXIT_CONFIG, "%s: [scenario] name: bad name %s "
                     "(letters, digits, - _ . only, at most 64 bytes)", sc->path,
                     value_quote(value, n, q, sizeof q));
            return;
        }
        if (!(sc->name = str_dup(value)))
            fail(p, RH_EXIT_SOFTWARE, "out of memory");
    } else if (!(sc->description = str_dup(value))) {
        fail(p, RH_EXIT_SOFTWARE, "out of memory");
    }
}

/* Append "[section] key = value" to sc->changes.  RETURNS 0 or -1. */
static int add_change(struct scenario *sc, const char *section,
                      const char *key, const char *value)
{
    size_t old = sc->changes ? strlen(sc->changes) : 0;
    size_t add = strlen(section) + strlen(key) + strlen(value) + 8;
    char *p = realloc(sc->changes, old + add);
    if (!p)
        return -1;
    sc->changes = p;
    snprintf(p + old, add, "%s[%s] %s = %s", old ? "\n" : "", section, key,
             value);
    return 0;
}

static int on_key(void *user, const char *section, const char *name,
                  const char *value)
{
    struct sparse *p = user;
    struct scenario *sc = p->s;
    if (p->code)
        return 1;
    if (*section == '\0') {
        fail(p, RH_EXIT_CONFIG, "%s: key outside any section: %s", sc->path,
             name);
    } else if (strcmp(section, "scenario") == 0) {
        on_scenario(p, name, value);
    } else if (strcmp(section, "edits") == 0) {
        on_edit(p, name, value);
        if (!p->code && add_change(sc, section, name, value) < 0)
            fail(p, RH_EXIT_SOFTWARE, "out of memory");
    } else if (strcmp(section, "inputs") == 0) {
        fail(p, RH_EXIT_CONFIG, "%s: [inputs] %s: inputs cannot be changed by "
             "a scenario (use add_inventory or add_demand)", sc->path, name);
    } else if (strcmp(section, "plan") == 0 || strcmp(section, "policy") == 0 ||
               strcmp(section, "solver") == 0) {
        for (size_t i = 0; i < sc->noverrides; i++)
            if (strcmp(sc->overrides[i].section, section) == 0 &&
                strcmp(sc->overrides[i].key, name) == 0) {
                fail(p, RH_EXIT_CONFIG, "%s: [%s] %s: given twice", sc->path,
                     section, name);
                return 1;
            }
        struct scenario_override o = { str_dup(section), str_dup(name),
                                       str_dup(value) };
        if (!o.section || !o.key || !o.value ||
            push(&sc->overrides, sc->noverrides, sizeof o) < 0) {
            free(o.section);
            free(o.key);
            free(o.value);
            fail(p, RH_EXIT_SOFTWARE, "out of memory");
            return 1;
        }
        sc->overrides[sc->noverrides++] = o;
        if (add_change(sc, section, name, value) < 0)
            fail(p, RH_EXIT_SOFTWARE, "out of memory");
    } else {
        fail(p, RH_EXIT_CONFIG, "%s: unknown section [%s]", sc->path, section);
    }
    return 1;
}

int scenario_read(struct scenario *s, const char *path, char *err,
                  size_t errsz)
{
    memset(s, 0, sizeof *s);
    s->path = str_dup(path);
    s->dir = str_dir_of(path);
    if (!s->path || !s->dir) {
        msg(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    const char *why;
    FILE *f = infile_open(path, &why);
    if (!f) {
        msg(err, errsz, "%s: cannot read: %s", path, why);
        return RH_EXIT_NOINPUT;
    }
    char *buf = malloc(SCENARIO_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        msg(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    size_t n = fread(buf, 1, SCENARIO_MAX_BYTES + 1, f);
    int rerr = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (rerr) {
        free(buf);
        msg(err, errsz, "%s: cannot read: %s", path, strerror(rerr));
        return RH_EXIT_NOINPUT;
    }
    if (n > SCENARIO_MAX_BYTES) {
        free(buf);
        msg(err, errsz, "%s: too large (more than %ld bytes)", path,
            SCENARIO_MAX_BYTES);
        return RH_EXIT_CONFIG;
    }
    buf[n] = '\0';
    struct sha256_ctx sha;
    sha256_init(&sha);
    sha256_update(&sha, n, (const uint8_t *)buf);
    sha256_digest(&sha, sizeof s->sha256, s->sha256);
    s->bytes = n;
    if (memchr(buf, '\0', n)) {
        free(buf);
        msg(err, errsz, "%s: syntax error (NUL byte)", path);
        return RH_EXIT_CONFIG;
    }
    {   /* inih would split a long line silently: refuse it, located */
        int line = 1;
        size_t start = 0;
        for (size_t i = 0; i <= n; i++)
            if (i == n || buf[i] == '\n') {
                size_t len = i - start;
                if (len && buf[i - 1] == '\r')
                    len--;
                if (len > INI_MAX_LINE - 2) {
                    free(buf);
                    msg(err, errsz, "%s:%d: syntax error (line longer than %d "
                        "bytes)", path, line, INI_MAX_LINE - 2);
                    return RH_EXIT_CONFIG;
                }
                line++;
                start = i + 1;
            }
    }
    struct sparse p;
    memset(&p, 0, sizeof p);
    p.s = s;
    p.err = err;
    p.errsz = errsz;
    int rc = ini_parse_string(buf, on_key, &p);
    free(buf);
    if (rc > 0 && !p.code) {
        msg(err, errsz, "%s:%d: syntax error", path, rc);
        return RH_EXIT_CONFIG;
    }
    if (p.code)
        return p.code;
    if (rc < 0) {
        msg(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    if (!s->name) {
        msg(err, errsz, "%s: [scenario] name: missing", path);
        return RH_EXIT_CONFIG;
    }
    return 0;
}

/* ---- applying ------------------------------------------------------------- */

int scenario_apply_config(const struct scenario *s, struct config *c,
                          char *err, size_t errsz)
{
    for (size_t i = 0; i < s->noverrides; i++) {
        const struct scenario_override *o = &s->overrides[i];
        int rc = config_set(c, o->section, o->key, o->value, s->path, err,
                            errsz);
        if (rc)
            return rc;
    }
    struct config_scenario *a = calloc(1, sizeof *a);
    if (!a || !(a->path = str_dup(s->path)) || !(a->name = str_dup(s->name)) ||
        (s->description && !(a->description = str_dup(s->description))) ||
        (s->changes && !(a->changes = str_dup(s->changes)))) {
        if (a) {
            free(a->path);
            free(a->name);
            free(a->description);
        }
        free(a);
        msg(err, errsz, "out of memory");
        return RH_EXIT_SOFTWARE;
    }
    a->bytes = s->bytes;
    memcpy(a->sha256, s->sha256, sizeof a->sha256);
    if (c->scenario) {          /* replace an earlier record */
        free(c->scenario->path);
        free(c->scenario->name);
        free(c->scenario->description);
        free(c->scenario->changes);
        free(c->scenario->extra_path[0]);
        free(c->scenario->extra_path[1]);
        free(c->scenario);
    }
    c->scenario = a;
    return 0;
}

int scenario_load_extra(const struct scenario *s, struct model *m,
                        struct config *c, struct diag *d)
{
    static const int kinds[2] = { RH_IN_INVENTORY, RH_IN_DEMAND };
    int result = 0;
    for (int i = 0; i < 2; i++) {
        if (!s->add_path[i])
            continue;
        struct csv_file_info info;
        memset(&info, 0, sizeof info);
        int rc = model_load_extra(m, c, kinds[i], s->add_path[i], d, &info);
        if (rc == RH_EXIT_SOFTWARE || rc == RH_EXIT_NOINPUT)
            return rc;
        if (rc)
            result = rc;
        if (c->scenario) {
            struct config_scenario *a = c->scenario;
            free(a->extra_path[i]);
            if (!(a->extra_path[i] = str_dup(s->add_path[i])))
                return RH_EXIT_SOFTWARE;
            a->extra_rows[i] = info.rows;
            a->extra_bytes[i] = info.bytes;
            memcpy(a->extra_sha256[i], info.sha256, 32);
        }
    }
    return result;
}

int64_t scenario_scale_units(int64_t units, int64_t factor, int64_t factor2)
{
    /* units <= 10^6 and factors <= 10^8: n = units x factor <= 10^14; then
     * n x factor2 / 10^12 is split so that no product passes 10^16. */
    const int64_t M = 1000000;
    int64_t n = units * factor;
    int64_t q = n / M, r = n % M;
    int64_t a = q * factor2, b = r * factor2;
    int64_t a1 = a / M, a0 = a % M;
    return a1 + (a0 * M + b + M * M / 2) / (M * M);
}

static int32_t find(const struct strtab *t, const char *s)
{
    return strtab_find(t, s, strlen(s));
}

int scenario_apply(const struct scenario *s, struct model *m, char *err,
                   size_t errsz)
{
    int32_t *town_scale = NULL;
    uint8_t *drop = NULL;
    const size_t ntowns = m->ntowns > 0 ? (size_t)m->ntowns : 1;
    const size_t nproj = m->nprojects > 0 ? (size_t)m->nprojects : 1;

    /* Check every id first. */
    for (size_t i = 0; i < s->nexclude; i++)
        if (find(&m->project_ids, s->exclude[i]) < 0) {
            msg(err, errsz, "%s: [edits] exclude_projects: unknown project '%s'",
                s->path, s->exclude[i]);
            return RH_EXIT_CONFIG;
        }
    for (size_t i = 0; i < s->ndelay; i++)
        if (find(&m->project_ids, s->delay[i].project) < 0) {
            msg(err, errsz, "%s: [edits] delay_projects: unknown project '%s'",
                s->path, s->delay[i].project);
            return RH_EXIT_CONFIG;
        }
    for (size_t i = 0; i < s->nscale; i++)
        if (s->scale[i].category < 0 && find(&m->town_ids, s->scale[i].town) < 0) {
            msg(err, errsz, "%s: [edits] scale_demand: unknown town '%s'",
                s->path, s->scale[i].town);
            return RH_EXIT_CONFIG;
        }
    for (size_t i = 0; i < s->nclear; i++)
        if (find(&m->payer_ids, s->clear[i]) < 0) {
            msg(err, errsz, "%s: [edits] clear_arrears: unknown payer '%s'",
                s->path, s->clear[i]);
            return RH_EXIT_CONFIG;
        }

    /* delay_projects: available_on moves. */
    for (size_t i = 0; i < s->ndelay; i++) {
        int32_t p = find(&m->project_ids, s->delay[i].project);
        for (int32_t u = 0; u < m->nunits; u++)
            if (m->units[u].project == p)
                m->units[u].available_on = s->delay[i].on;
    }

    /* scale_demand: one exact product per request line. */
    if (s->nscale) {
        const int64_t one = 1000000;
        int64_t cat_f[RH_NCATEGORIES];
        for (int k = 0; k < RH_NCATEGORIES; k++)
            cat_f[k] = one;
        town_scale = malloc(ntowns * sizeof *town_scale);
        if (!town_scale)
            goto oom;
        for (size_t t = 0; t < ntowns; t++)
            town_scale[t] = -1;
        for (size_t i = 0; i < s->nscale; i++) {
            if (s->scale[i].category >= 0)
                cat_f[s->scale[i].category] = s->scale[i].factor;
            else
                town_scale[find(&m->town_ids, s->scale[i].town)] = (int32_t)i;
        }
        for (int32_t r = 0; r < m->nrequests; r++) {
            struct request *q = &m->requests[r];
            int64_t fc = q->category >= 0 && q->category < RH_NCATEGORIES
                ? cat_f[q->category] : one;
            int64_t ft = q->town >= 0 && town_scale[q->town] >= 0
                ? s->scale[town_scale[q->town]].factor : one;
            q->units = scenario_scale_units(q->units, fc, ft);
        }
        free(town_scale);
        town_scale = NULL;
    }

    /* clear_arrears: the payers' ledger rows are settled. */
    for (size_t i = 0; i < s->nclear; i++) {
        int32_t p = find(&m->payer_ids, s->clear[i]);
        for (int32_t g = 0; g < m->nledger; g++)
            if (m->ledger[g].payer == p)
                m->ledger[g].paid_c = m->ledger[g].due_c;
    }

    /* exclude_projects: their units leave the inventory; the unit id table
     * is rebuilt so that ids stay the unit indices. */
    if (s->nexclude) {
        drop = calloc(nproj, 1);
        if (!drop)
            goto oom;
        for (size_t i = 0; i < s->nexclude; i++)
            drop[find(&m->project_ids, s->exclude[i])] = 1;
        int32_t n = 0;
        for (int32_t u = 0; u < m->nunits; u++)
            if (m->units[u].project < 0 || !drop[m->units[u].project])
                m->units[n++] = m->units[u];
        free(drop);
        drop = NULL;
        m->nunits = n;
        strtab_release(&m->unit_ids);
        strtab_init(&m->unit_ids, &m->arena);
        for (int32_t u = 0; u < m->nunits; u++) {
            int32_t id = strtab_intern(&m->unit_ids, m->units[u].id,
                                       strlen(m->units[u].id), NULL);
            if (id < 0)
                goto oom;
            m->units[u].id = m->unit_ids.strs[id];
        }
    }
    return 0;
oom:
    free(town_scale);
    free(drop);
    msg(err, errsz, "out of memory");
    return RH_EXIT_SOFTWARE;
}

void scenario_release(struct scenario *s)
{
    free(s->path);
    free(s->dir);
    free(s->name);
    free(s->description);
    for (size_t i = 0; i < s->noverrides; i++) {
        free(s->overrides[i].section);
        free(s->overrides[i].key);
        free(s->overrides[i].value);
    }
    free(s->overrides);
    for (size_t i = 0; i < s->nexclude; i++)
        free(s->exclude[i]);
    free(s->exclude);
    for (size_t i = 0; i < s->ndelay; i++)
        free(s->delay[i].project);
    free(s->delay);
    for (size_t i = 0; i < s->nscale; i++)
        free(s->scale[i].town);
    free(s->scale);
    for (size_t i = 0; i < s->nclear; i++)
        free(s->clear[i]);
    free(s->clear);
    free(s->add_path[0]);
    free(s->add_path[1]);
    free(s->changes);
    memset(s, 0, sizeof *s);
}

/* config.c -- the plan INI file and scenario overrides (see config.h).
 *
 * inih does the lexing; a private line reader (ini_parse_stream) counts
 * lines, enforces the line length and mirrors inih's classification of each
 * line, so that the handler can tell a continuation line (multi-line values,
 * Python configparser style) from a repeated key, and so that an unknown
 * section without keys is still reported.  The first error of a file is
 * kept in struct parse together with its line; inih's own syntax errors
 * (reported as a line number once parsing ends) win when they come earlier.
 */
#include "io/config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/exitcode.h"
#include "io/infile.h"
#include "io/str.h"
#include "io/value.h"

const char *const rh_category_names[RH_NCATEGORIES] = {
    "livelihood", "infrastructure", "industry", "social"
};

const char *const rh_input_names[RH_NINPUTS] = {
    "towns", "inventory", "demand", "payers", "ledger"
};

/* ---- the known sections and keys ---------------------------------------- */

enum { SEC_PLAN, SEC_INPUTS, SEC_POLICY, SEC_SOLVER, NSECTIONS };
static const char *const section_names[NSECTIONS] = {
    "plan", "inputs", "policy", "solver"
};

/* Also the order in which config_resolve checks the keys. */
enum {
    K_YEAR, K_AS_OF, K_DEADLINE, K_HORIZON_END,
    K_TOWNS, K_INVENTORY, K_DEMAND, K_PAYERS, K_LEDGER, K_ENCODING,
    K_LATE, K_SUSPENDED, K_GRACE_DAYS, K_TOLERANCE, K_CATEGORY_ORDER,
    K_TIME_LIMIT,
    K_SEARCH_NODES,
    K_MAX_GAP,
    NKEYS
};

struct keydef {
    int section;
    const char *name;
};

static const struct keydef keydefs[NKEYS] = {
    [K_YEAR] = {SEC_PLAN, "year"},
    [K_AS_OF] = {SEC_PLAN, "as_of"},
    [K_DEADLINE] = {SEC_PLAN, "deadline"},
    [K_HORIZON_END] = {SEC_PLAN, "horizon_end"},
    [K_TOWNS] = {SEC_INPUTS, "towns"},
    [K_INVENTORY] = {SEC_INPUTS, "inventory"},
    [K_DEMAND] = {SEC_INPUTS, "demand"},
    [K_PAYERS] = {SEC_INPUTS, "payers"},
    [K_LEDGER] = {SEC_INPUTS, "ledger"},
    [K_ENCODING] = {SEC_INPUTS, "encoding"},
    [K_LATE] = {SEC_POLICY, "late"},
    [K_SUSPENDED] = {SEC_POLICY, "suspended"},
    [K_GRACE_DAYS] = {SEC_POLICY, "grace_days"},
    [K_TOLERANCE] = {SEC_POLICY, "default_tolerance_cny"},
    [K_CATEGORY_ORDER] = {SEC_POLICY, "category_order"},
    [K_TIME_LIMIT] = {SEC_SOLVER, "time_limit_s"},
    [K_SEARCH_NODES] = {SEC_SOLVER, "search_nodes"},
    [K_MAX_GAP] = {SEC_SOLVER, "max_gap"},
};

/* K_TOWNS + RH_IN_x is the key of input x. */
_Static_assert(K_LEDGER - K_TOWNS == RH_IN_LEDGER - RH_IN_TOWNS,
               "input keys out of step with enum rh_input");
_Static_assert(K_LEDGER - K_TOWNS + 1 == RH_NINPUTS,
               "input keys out of step with enum rh_input");

const char *const rh_encoding_names[RH_NENCODINGS] = {"utf-8", "gb18030"};
const char *const rh_late_names[RH_NLATE] = {"reject", "last"};
const char *const rh_suspended_names[RH_NSUSPENDED] = {"hold", "release"};

static int find_section(const char *s, size_t n)
{
    for (int i = 0; i < NSECTIONS; i++)
        if (strlen(section_names[i]) == n && memcmp(section_names[i], s, n) == 0)
            return i;
    return -1;
}

static int find_key(int section, const char *name)
{
    for (int k = 0; k < NKEYS; k++)
        if (keydefs[k].section == section && strcmp(keydefs[k].name, name) == 0)
            return k;
    return -1;
}

/* ---- small helpers -------------------------------------------------------- */

static void msg(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void msg(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL || errsz == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

static int oom(char *err, size_t errsz)
{
    msg(err, errsz, "out of memory");
    return RH_EXIT_SOFTWARE;
}

static int is_space(int ch)
{
    /* the set isspace() has in the C locale, which inih uses */
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' ||
           ch == '\r';
}

/* Like inih: the first byte of chars, or an inline comment (';' after a
 * blank), or the terminating NUL. */
static const char *find_chars_or_comment(const char *s, const char *chars)
{
    int was_space = 0;
    while (*s && (chars == NULL || strchr(chars, *s) == NULL) &&
           !(was_space && *s == ';')) {
        was_space = is_space((unsigned char)*s);
        s++;
    }
    return s;
}

/* ---- raw entries ---------------------------------------------------------- */

static struct config_entry *entry_find(const struct config *c,
                                       const char *section, const char *key)
{
    for (size_t i = 0; i < c->nentries; i++)
        if (strcmp(c->entries[i].section, section) == 0 &&
            strcmp(c->entries[i].key, key) == 0)
            return &c->entries[i];
    return NULL;
}

/* Set or replace; *index receives the entry's index.  -1 on out of memory
 * (c unchanged then). */
static int entry_set(struct config *c, const char *section, const char *key,
                     const char *value, const char *origin, size_t *index)
{
    struct config_entry *e = entry_find(c, section, key);
    char *v = str_dup(value), *o = str_dup(origin);
    if (v == NULL || o == NULL) {
        free(v);
        free(o);
        return -1;
    }
    if (e != NULL) {
        free(e->value);
        free(e->origin);
        e->value = v;
        e->origin = o;
        *index = (size_t)(e - c->entries);
        return 0;
    }
    if (c->nentries == c->capentries) {
        size_t cap = c->capentries ? c->capentries * 2 : 16;
        struct config_entry *ne;
        if (cap > SIZE_MAX / sizeof *ne)
            goto fail;
        ne = realloc(c->entries, cap * sizeof *ne);
        if (ne == NULL)
            goto fail;
        c->entries = ne;
        c->capentries = cap;
    }
    e = &c->entries[c->nentries];
    e->section = str_dup(section);
    e->key = str_dup(key);
    if (e->section == NULL || e->key == NULL) {
        free(e->section);
        free(e->key);
        goto fail;
    }
    e->value = v;
    e->origin = o;
    *index = c->nentries++;
    return 0;
fail:
    free(v);
    free(o);
    return -1;
}

/* Check section and key against the known set; 0 or 78 with message. */
static int check_key(const char *origin, const char *section, const char *key,
                     int *k, char *err, size_t errsz)
{
    int s;
    if (*section == '\0') {
        msg(err, errsz, "%s: key outside any section: %s", origin, key);
        return RH_EXIT_CONFIG;
    }
    s = find_section(section, strlen(section));
    if (s < 0) {
        msg(err, errsz, "%s: unknown section [%s]", origin, section);
        return RH_EXIT_CONFIG;
    }
    *k = find_key(s, key);
    if (*k < 0) {
        msg(err, errsz, "%s: [%s] %s: unknown key", origin, section, key);
        return RH_EXIT_CONFIG;
    }
    return 0;
}

/* ---- lifetime ------------------------------------------------------------- */

void config_init(struct config *c)
{
    memset(c, 0, sizeof *c);
    c->entries = NULL;
    c->path = NULL;
    c->dir = NULL;
    for (int i = 0; i < RH_NINPUTS; i++)
        c->input_path[i] = NULL;
    for (int i = 0; i < RH_NCATEGORIES; i++) {
        c->category_order[i] = i;
        c->category_rank[i] = i;
    }
    c->time_limit_s = 60;
    c->search_nodes = RH_SEARCH_NODES_DEFAULT;
    c->max_gap_ppm = RH_MAX_GAP_PPM_DEFAULT;
}

void config_release(struct config *c)
{
    for (size_t i = 0; i < c->nentries; i++) {
        free(c->entries[i].section);
        free(c->entries[i].key);
        free(c->entries[i].value);
        free(c->entries[i].origin);
    }
    free(c->entries);
    free(c->path);
    free(c->dir);
    for (int i = 0; i < RH_NINPUTS; i++)
        free(c->input_path[i]);
    if (c->scenario) {
        free(c->scenario->path);
        free(c->scenario->name);
        free(c->scenario->description);
        free(c->scenario->changes);
        free(c->scenario->extra_path[0]);
        free(c->scenario->extra_path[1]);
        free(c->scenario);
    }
    config_init(c);
}

/* ---- reading a file ------------------------------------------------------- */

enum line_kind { L_NONE, L_KEY, L_CONT, L_SECTION };

struct parse {
    struct config *c;
    const char *path;
    FILE *f;
    int lineno;
    int read_errno;         /* errno of a read error, 0 when none */
    int prev_name;          /* inih's prev_name is non-empty */
    enum line_kind kind;    /* of the line inih is processing */
    int have_last;          /* last: entry of the previous key line */
    size_t last;
    unsigned char seen[NKEYS];
    int err_line;           /* line of the first error; 0 = none yet */
    int err_code;
    char *err;
    size_t errsz;
};

static void parse_fail(struct parse *p, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void parse_fail(struct parse *p, int code, const char *fmt, ...)
{
    va_list ap;
    if (p->err_code)
        return;
    p->err_code = code;
    p->err_line = p->lineno > 0 ? p->lineno : 1;
    if (p->err == NULL || p->errsz == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errsz, fmt, ap);
    va_end(ap);
}

/* Classify the line as inih will (r55, multi-line and inline comments on):
 * comment/blank, continuation, section, key, or syntax error (L_NONE; inih
 * reports those itself). */
static void classify(struct parse *p, char *line, size_t n)
{
    char *start = line, *end = line + n;
    const char *q;

    if (p->lineno == 1 && n >= 3 && (unsigned char)line[0] == 0xEF &&
        (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF)
        start += 3;
    while (*start && is_space((unsigned char)*start))
        start++;
    while (end > start && is_space((unsigned char)end[-1]))
        end--;
    p->kind = L_NONE;
    if (start == end || *start == ';' || *start == '#')
        return;
    if (p->prev_name && start > line) {
        p->kind = L_CONT;
        return;
    }
    if (*start == '[') {
        /* inih's section test runs on the right-stripped line */
        char save = *end;
        *end = '\0';
        q = find_chars_or_comment(start + 1, "]");
        *end = save;
        if (*q != ']')
            return;
        p->kind = L_SECTION;
        p->prev_name = 0;
        if (find_section(start + 1, (size_t)(q - (start + 1))) < 0)
            parse_fail(p, RH_EXIT_CONFIG, "%s: unknown section [%.*s]",
                       p->path, (int)(q - (start + 1)), start + 1);
        return;
    }
    {
        char save = *end;
        *end = '\0';
        q = find_chars_or_comment(start, "=:");
        *end = save;
    }
    if (*q != '=' && *q != ':')
        return;
    p->kind = L_KEY;
    /* inih copies the right-stripped name into prev_name */
    while (q > start && is_space((unsigned char)q[-1]))
        q--;
    p->prev_name = q > start;
}

/* The ini_reader: one physical line per call, like fgets, but counting
 * lines, refusing NUL bytes and over-long lines (inih would silently split
 * them) and stopping as soon as an error is known. */
static char *read_line(char *buf, int num, void *stream)
{
    struct parse *p = stream;
    size_t n = 0, cap, len = 0;
    int ch, nul = 0;

    if (p->err_code || num < 3)
        return NULL;
    cap = (size_t)num - 2;  /* room for '\n' and NUL */
    while ((ch = getc(p->f)) != EOF) {
        if (ch == '\n')
            break;
        if (ch == '\0')
            nul = 1;
        if (n < cap)
            buf[n++] = (char)ch;
        len++;
    }
    if (ch == EOF) {
        if (ferror(p->f)) {
            p->read_errno = errno ? errno : EIO;
            return NULL;
        }
        if (len == 0)
            return NULL;
    }
    p->lineno++;
    if (nul) {
        parse_fail(p, RH_EXIT_CONFIG, "%s:%d: syntax error (NUL byte)",
                   p->path, p->lineno);
        return NULL;
    }
    if (len > cap) {
        parse_fail(p, RH_EXIT_CONFIG,
                   "%s:%d: syntax error (line longer than %zu bytes)",
                   p->path, p->lineno, cap);
        return NULL;
    }
    buf[n] = '\0';
    classify(p, buf, n);
    buf[n++] = '\n';
    buf[n] = '\0';
    return buf;
}

/* A continuation line: append "\n" and the text (inline comment stripped,
 * which inih r55 does not do for continuations) to the previous value. */
static void append_continuation(struct parse *p, const char *value)
{
    struct config_entry *e;
    const char *end = find_chars_or_comment(value, NULL);
    size_t old, add, total;
    char *nv;

    if (!p->have_last)
        return;
    while (end > value && is_space((unsigned char)end[-1]))
        end--;
    e = &p->c->entries[p->last];
    old = strlen(e->value);
    add = (size_t)(end - value);
    total = old + 1 + add + 1;
    nv = realloc(e->value, total);
    if (nv == NULL) {
        parse_fail(p, RH_EXIT_SOFTWARE, "out of memory");
        return;
    }
    nv[old] = '\n';
    memcpy(nv + old + 1, value, add);
    nv[old + 1 + add] = '\0';
    e->value = nv;
}

static int on_key(void *user, const char *section, const char *name,
                  const char *value)
{
    struct parse *p = user;
    char m[512];
    int k, rc;

    if (p->err_code)
        return 1;
    if (p->kind == L_CONT) {
        append_continuation(p, value);
        return 1;
    }
    rc = check_key(p->path, section, name, &k, m, sizeof m);
    if (rc) {
        parse_fail(p, rc, "%s", m);
        return 1;
    }
    if (p->seen[k]) {
        parse_fail(p, RH_EXIT_CONFIG, "%s: [%s] %s: given twice", p->path,
                   section, name);
        return 1;
    }
    p->seen[k] = 1;
    if (entry_set(p->c, section, name, value, p->path, &p->last) < 0) {
        parse_fail(p, RH_EXIT_SOFTWARE, "out of memory");
        return 1;
    }
    p->have_last = 1;
    return 1;
}

int config_read(struct config *c, const char *path, char *err, size_t errsz)
{
    struct parse p;
    char *np, *nd;
    int rc;

    np = str_dup(path);
    nd = str_dir_of(path);
    if (np == NULL || nd == NULL) {
        free(np);
        free(nd);
        return oom(err, errsz);
    }
    free(c->path);
    free(c->dir);
    c->path = np;
    c->dir = nd;

    memset(&p, 0, sizeof p);
    p.c = c;
    p.path = c->path;
    p.err = err;
    p.errsz = errsz;
    errno = 0;
    const char *why;
    p.f = infile_open(path, &why);
    if (p.f == NULL) {
        int e = errno;
        msg(err, errsz, "%s: cannot read: %s", path, why);
        return e == ENOMEM ? RH_EXIT_SOFTWARE : RH_EXIT_NOINPUT;
    }
    rc = ini_parse_stream(read_line, &p, on_key, &p);
    if (p.read_errno == 0 && ferror(p.f))
        p.read_errno = EIO;
    fclose(p.f);
    if (p.read_errno) {
        msg(err, errsz, "%s: cannot read: %s", path, strerror(p.read_errno));
        return p.read_errno == ENOMEM ? RH_EXIT_SOFTWARE : RH_EXIT_NOINPUT;
    }
    if (rc > 0 && (p.err_code == 0 || rc < p.err_line)) {
        msg(err, errsz, "%s:%d: syntax error", path, rc);
        return RH_EXIT_CONFIG;
    }
    if (p.err_code)
        return p.err_code;
    if (rc < 0)     /* -2: inih could not allocate its line buffer */
        return oom(err, errsz);
    return 0;
}

int config_set(struct config *c, const char *section, const char *key,
               const char *value, const char *origin, char *err, size_t errsz)
{
    size_t index;
    int k, rc;

    if (origin == NULL)
        origin = c->path ? c->path : "(config)";
    if (section == NULL || key == NULL || value == NULL) {
        msg(err, errsz, "%s: config_set: missing section, key or value",
            origin);
        return RH_EXIT_SOFTWARE;
    }
    rc = check_key(origin, section, key, &k, err, errsz);
    if (rc)
        return rc;
    if (entry_set(c, section, key, value, origin, &index) < 0)
        return oom(err, errsz);
    return 0;
}

const char *config_get(const struct config *c, const char *section,
                       const char *key)
{
    const struct config_entry *e = entry_find(c, section, key);
    return e ? e->value : NULL;
}

/* ---- resolving ------------------------------------------------------------ */

struct resolve {
    const struct config *c;
    const struct config_entry *e[NKEYS];
    char *err;
    size_t errsz;
};

static int key_fail(struct resolve *r, int k, const char *what)
{
    const char *origin = r->e[k] ? r->e[k]->origin
                                 : (r->c->path ? r->c->path : "(config)");
    msg(r->err, r->errsz, "%s: [%s] %s: %s", origin,
        section_names[keydefs[k].section], keydefs[k].name, what);
    return RH_EXIT_CONFIG;
}

static int missing(struct resolve *r, int k)
{
    return key_fail(r, k, "missing");
}

static int get_int(struct resolve *r, int k, int64_t min, int64_t max,
                   int def, int *out)
{
    char m[256];
    int64_t v;
    const char *s;

    if (r->e[k] == NULL) {
        *out = def;
        return 0;
    }
    s = r->e[k]->value;
    if (value_parse_int(s, strlen(s), min, max, &v, m, sizeof m) < 0)
        return key_fail(r, k, m);
    *out = (int)v;
    return 0;
}

static int get_date(struct resolve *r, int k, rh_date *out)
{
    char m[256];
    const char *s = r->e[k]->value;

    if (value_parse_date(s, strlen(s), out, m, sizeof m) < 0)
        return key_fail(r, k, m);
    return 0;
}

static int get_enum(struct resolve *r, int k, const char *const *names,
                    int count, int *out)
{
    char m[256];
    const char *s;

    if (r->e[k] == NULL) {
        *out = 0;
        return 0;
    }
    s = r->e[k]->value;
    if (value_parse_enum(s, strlen(s), names, count, out, m, sizeof m) < 0)
        return key_fail(r, k, m);
    return 0;
}

static int is_item_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* category_order: each category exactly once, comma separated. */
static int get_order(struct resolve *r, int order[RH_NCATEGORIES])
{
    const char *s, *end, *a, *b;
    int used[RH_NCATEGORIES] = {0};
    int n = 0;

    if (r->e[K_CATEGORY_ORDER] == NULL) {
        for (int i = 0; i < RH_NCATEGORIES; i++)
            order[i] = i;
        return 0;
    }
    s = r->e[K_CATEGORY_ORDER]->value;
    for (;;) {
        int found = -1;
        end = strchr(s, ',');
        if (end == NULL)
            end = s + strlen(s);
        a = s;
        b = end;
        while (a < b && is_item_blank(*a))
            a++;
        while (b > a && is_item_blank(b[-1]))
            b--;
        for (int i = 0; i < RH_NCATEGORIES; i++)
            if (strlen(rh_category_names[i]) == (size_t)(b - a) &&
                memcmp(rh_category_names[i], a, (size_t)(b - a)) == 0)
                found = i;
        if (found < 0 || used[found] || n == RH_NCATEGORIES)
            goto bad;
        used[found] = 1;
        order[n++] = found;
        if (*end == '\0')
            break;
        s = end + 1;
    }
    if (n == RH_NCATEGORIES)
        return 0;
bad:
    return key_fail(r, K_CATEGORY_ORDER,
                    "must list each of livelihood, infrastructure, industry, "
                    "social exactly once");
}

/* An input path: non-empty, one line, joined with the INI's directory. */
static int get_path(struct resolve *r, int k, char **out)
{
    char m[256], q[128];
    const char *v, *dir;
    size_t nv, nd;

    if (r->e[k] == NULL)
        return missing(r, k);
    v = r->e[k]->value;
    nv = strlen(v);
    if (value_is_empty(v, nv))
        return key_fail(r, k, "empty value");
    for (size_t i = 0; i < nv; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
            snprintf(m, sizeof m, "control character in path: %s",
                     value_quote(v, nv, q, sizeof q));
            return key_fail(r, k, m);
        }
    dir = r->c->dir ? r->c->dir : ".";
    if (v[0] == '/' || strcmp(dir, ".") == 0) {
        *out = str_dup_n(v, nv);
    } else {
        int slash = dir[strlen(dir) - 1] != '/';
        nd = strlen(dir);
        *out = malloc(nd + (size_t)slash + nv + 1);
        if (*out != NULL) {
            memcpy(*out, dir, nd);
            if (slash)
                (*out)[nd] = '/';
            memcpy(*out + nd + (size_t)slash, v, nv + 1);
        }
    }
    if (*out == NULL)
        return oom(r->err, r->errsz);
    return 0;
}

int config_resolve(struct config *c, char *err, size_t errsz)
{
    struct resolve r;
    char *paths[RH_NINPUTS] = {NULL};
    int year, enc, late, susp, grace, limit, nodes, rc;
    int order[RH_NCATEGORIES];
    rh_date as_of, deadline, horizon_end;
    int64_t tol;

    r.c = c;
    r.err = err;
    r.errsz = errsz;
    for (int k = 0; k < NKEYS; k++)
        r.e[k] = entry_find(c, section_names[keydefs[k].section],
                            keydefs[k].name);

    /* [plan] */
    if (r.e[K_YEAR] == NULL)
        return missing(&r, K_YEAR);
    if ((rc = get_int(&r, K_YEAR, 1901, 2998, 0, &year)))
        return rc;
    if (r.e[K_AS_OF] == NULL)
        return missing(&r, K_AS_OF);
    if ((rc = get_date(&r, K_AS_OF, &as_of)))
        return rc;
    if (r.e[K_DEADLINE] != NULL) {
        if ((rc = get_date(&r, K_DEADLINE, &deadline)))
            return rc;
    } else if (value_date_from_ymd(year - 1, 10, 31, &deadline) < 0) {
        return key_fail(&r, K_DEADLINE, "no default for this year");
    }
    if (r.e[K_HORIZON_END] != NULL) {
        if ((rc = get_date(&r, K_HORIZON_END, &horizon_end)))
            return rc;
    } else if (value_date_from_ymd(year, 12, 31, &horizon_end) < 0) {
        return key_fail(&r, K_HORIZON_END, "no default for this year");
    }
    if (deadline > horizon_end) {
        /* name the file that set one of the two (deadline's first) */
        if (r.e[K_DEADLINE] == NULL && r.e[K_HORIZON_END] != NULL) {
            msg(err, errsz, "%s: [plan] deadline: after horizon_end",
                r.e[K_HORIZON_END]->origin);
            return RH_EXIT_CONFIG;
        }
        return key_fail(&r, K_DEADLINE, "after horizon_end");
    }
    {   /* dates that contradict each other: a typo, not a plan */
        int ay, am, ad;
        value_date_to_ymd(as_of, &ay, &am, &ad);
        if (ay < year - 1 || ay > year + 1) {
            char what[96];
            snprintf(what, sizeof what, "%04d-%02d-%02d is more than a year "
                     "away from the plan year %d", ay, am, ad, (int)year);
            return key_fail(&r, K_AS_OF, what);
        }
        if (horizon_end < as_of)
            return key_fail(&r, r.e[K_HORIZON_END] ? K_HORIZON_END : K_AS_OF,
                            r.e[K_HORIZON_END] ? "before as_of"
                                               : "after horizon_end (the "
                                                 "plan year's end)");
    }

    /* [inputs] */
    for (int i = 0; i < RH_NINPUTS; i++)
        if ((rc = get_path(&r, K_TOWNS + i, &paths[i])))
            goto fail;
    if ((rc = get_enum(&r, K_ENCODING, rh_encoding_names, RH_NENCODINGS, &enc)))
        goto fail;

    /* [policy] */
    if ((rc = get_enum(&r, K_LATE, rh_late_names, RH_NLATE, &late)))
        goto fail;
    if ((rc = get_enum(&r, K_SUSPENDED, rh_suspended_names, RH_NSUSPENDED, &susp)))
        goto fail;
    if ((rc = get_int(&r, K_GRACE_DAYS, 0, 3650, 30, &grace)))
        goto fail;
    if (r.e[K_TOLERANCE] != NULL) {
        char m[256];
        const char *s = r.e[K_TOLERANCE]->value;
        if (value_parse_money(s, strlen(s), &tol, m, sizeof m) < 0) {
            rc = key_fail(&r, K_TOLERANCE, m);
            goto fail;
        }
    } else {
        tol = 100 * 100;
    }
    if ((rc = get_order(&r, order)))
        goto fail;

    /* [solver] */
    if ((rc = get_int(&r, K_TIME_LIMIT, 1, 86400, 60, &limit)))
        goto fail;
    if ((rc = get_int(&r, K_SEARCH_NODES, 1, 10000000, RH_SEARCH_NODES_DEFAULT,
                      &nodes)))
        goto fail;
    int64_t gap_ppm = RH_MAX_GAP_PPM_DEFAULT;
    if (r.e[K_MAX_GAP] != NULL) {
        char m[256];
        const char *s = r.e[K_MAX_GAP]->value;
        if (value_parse_fixed(s, strlen(s), 6, 0, 1000000, &gap_ppm, m,
                              sizeof m) < 0) {
            rc = key_fail(&r, K_MAX_GAP, m);
            goto fail;
        }
    }

    /* all good: commit */
    c->year = year;
    c->as_of = as_of;
    c->deadline = deadline;
    c->horizon_end = horizon_end;
    for (int i = 0; i < RH_NINPUTS; i++) {
        free(c->input_path[i]);
        c->input_path[i] = paths[i];
    }
    c->encoding = enc == 0 ? RH_ENC_UTF8 : RH_ENC_GB18030;
    c->late = late == 0 ? RH_LATE_REJECT : RH_LATE_LAST;
    c->suspended = susp == 0 ? RH_SUSP_HOLD : RH_SUSP_RELEASE;
    c->grace_days = grace;
    c->tolerance_cents = tol;
    for (int i = 0; i < RH_NCATEGORIES; i++) {
        c->category_order[i] = order[i];
        c->category_rank[order[i]] = i;
    }
    c->time_limit_s = limit;
    c->search_nodes = nodes;
    c->max_gap_ppm = gap_ppm;
    return 0;

fail:
    for (int i = 0; i < RH_NINPUTS; i++)
        free(paths[i]);
    return rc;
}

double config_run_bound_s(const struct config *c)
{
    return 1.5 * (double)c->time_limit_s + 30.0;
}

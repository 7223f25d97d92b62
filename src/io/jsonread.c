/* jsonread.c -- a small JSON reader (jsonread.h). */
#include "jsonread.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rd {
    const char *p, *end, *start;
    struct arena *a;
    char *err;
    size_t errsz;
    int failed;
};

static int line_of(const struct rd *r)
{
    int line = 1;
    for (const char *q = r->start; q < r->p; q++)
        line += *q == '\n';
    return line;
}

static int fail(struct rd *r, const char *what)
{
    if (!r->failed)
        snprintf(r->err, r->errsz, "line %d: %s", line_of(r), what);
    r->failed = 1;
    return -1;
}

static void skip_ws(struct rd *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' ||
                             *r->p == '\r'))
        r->p++;
}

static int literal(struct rd *r, const char *word, enum jv_kind kind,
                   struct jv *v)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return fail(r, "not a JSON value");
    r->p += n;
    v->kind = kind;
    return 0;
}

static int digits(struct rd *r)
{
    const char *q = r->p;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
        r->p++;
    return r->p > q;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int number(struct rd *r, struct jv *v)
{
    const char *q = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    if (r->p < r->end && *r->p == '0')
        r->p++;
    else if (!digits(r))
        return fail(r, "a number without digits");
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (!digits(r))
            return fail(r, "no digit after a decimal point");
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (!digits(r))
            return fail(r, "no digit in an exponent");
    }
    v->kind = JV_NUMBER;
    v->s = q;
    v->len = (size_t)(r->p - q);
    return 0;
}

static int hex4(struct rd *r, uint32_t *u)
{
    if (r->end - r->p < 4)
        return fail(r, "a \\u escape with fewer than 4 hex digits");
    *u = 0;
    for (int i = 0; i < 4; i++) {
        char c = *r->p++;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return fail(r, "a \\u escape with a character that is not hex");
        *u = *u * 16 + (uint32_t)d;
    }
    return 0;
}

static size_t put_utf8(char *o, uint32_t u)
{
    if (u < 0x80) {
        o[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        o[0] = (char)(0xc0 | (u >> 6));
        o[1] = (char)(0x80 | (u & 0x3f));
        return 2;
    }
    if (u < 0x10000) {
        o[0] = (char)(0xe0 | (u >> 12));
        o[1] = (char)(0x80 | ((u >> 6) & 0x3f));
        o[2] = (char)(0x80 | (u & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (u >> 18));
    o[1] = (char)(0x80 | ((u >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((u >> 6) & 0x3f));
    o[3] = (char)(0x80 | (u & 0x3f));
    return 4;
}

/* A string after its opening quote, decoded into the arena (an escape
 * never decodes to more bytes than it takes). */
static int string(struct rd *r, const char **out, size_t *outlen)
{
    const char *q = r->p;
    while (q < r->end && *q != '"')
        q += *q == '\\' && q + 1 < r->end ? 2 : 1;
    if (q >= r->end)
        return fail(r, "a string without its closing quote");
    char *o = arena_alloc(r->a, (size_t)(q - r->p) + 1);
    if (!o)
        return fail(r, "out of memory");
    size_t n = 0;
    while (*r->p != '"') {
        unsigned char c = (unsigned char)*r->p++;
        if (c < 0x20)
            return fail(r, "a control character inside a string");
        if (c != '\\') {
            o[n++] = (char)c;
            continue;
        }
        char e = *r->p++;
        switch (e) {
        case '"': case '\\': case '/': o[n++] = e; break;
        case 'b': o[n++] = '\b'; break;
        case 'f': o[n++] = '\f'; break;
        case 'n': o[n++] = '\n'; break;
        case 'r': o[n++] = '\r'; break;
        case 't': o[n++] = '\t'; break;
        case 'u': {
            uint32_t u, lo;
            if (hex4(r, &u) < 0)
                return -1;
            if (u >= 0xdc00 && u <= 0xdfff)
                return fail(r, "a lone low surrogate in a \\u escape");
            if (u >= 0xd800 && u <= 0xdbff) {
                if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                    return fail(r, "a high surrogate without its low half");
                r->p += 2;
                if (hex4(r, &lo) < 0)
                    return -1;
                if (lo < 0xdc00 || lo > 0xdfff)
                    return fail(r, "a high surrogate without its low half");
                u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
            }
            n += put_utf8(o + n, u);
            break;
        }
        default:
            return fail(r, "an unknown escape in a string");
        }
    }
    r->p++;                             /* the closing quote */
    o[n] = '\0';
    *out = o;
    *outlen = n;
    return 0;
}

static int value(struct rd *r, struct jv *v, int depth);

/* The elements (or members) of a container after its opening bracket. */
static int container(struct rd *r, struct jv *v, int depth, int object)
{
    char close = object ? '}' : ']';
    size_t cap = 0, n = 0;
    struct jv *items = NULL;
    const char **keys = NULL;
    int rc = 0;
    v->kind = object ? JV_OBJECT : JV_ARRAY;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return 0;
    }
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            struct jv *ni = realloc(items, cap * sizeof *ni);
            const char **nk = object ? realloc(keys, cap * sizeof *nk) : NULL;
            if (ni)
                items = ni;
            if (nk)
                keys = nk;
            if (!ni || (object && !nk)) {
                rc = fail(r, "out of memory");
                break;
            }
        }
        memset(&items[n], 0, sizeof items[n]);
        skip_ws(r);
        if (object) {
            size_t kl;
            if (r->p >= r->end || *r->p != '"') {
                rc = fail(r, "expected a member name in quotes");
                break;
            }
            r->p++;
            if ((rc = string(r, &keys[n], &kl)) < 0)
                break;
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':') {
                rc = fail(r, "expected ':' after a member name");
                break;
            }
            r->p++;
        }
        if ((rc = value(r, &items[n], depth + 1)) < 0)
            break;
        n++;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            break;
        }
        rc = fail(r, object ? "expected ',' or '}' in an object"
                            : "expected ',' or ']' in an array");
        break;
    }
    if (rc == 0) {
        v->n = n;
        v->items = arena_alloc(r->a, n * sizeof *v->items);
        v->keys = object ? arena_alloc(r->a, n * sizeof *v->keys) : NULL;
        if (!v->items || (object && !v->keys)) {
            rc = fail(r, "out of memory");
        } else {
            memcpy(v->items, items, n * sizeof *items);
            if (object)
                memcpy(v->keys, keys, n * sizeof *keys);
        }
    }
    free(items);
    free(keys);
    return rc;
}

static int value(struct rd *r, struct jv *v, int depth)
{
    skip_ws(r);
    if (r->p < r->end && (*r->p == '{' || *r->p == '[') && depth >= JV_MAX_DEPTH)
        return fail(r, "nested too deeply");
    if (r->p >= r->end)
        return fail(r, "the text ends where a value is due");
    switch (*r->p) {
    case '{':
        r->p++;
        return container(r, v, depth, 1);
    case '[':
        r->p++;
        return container(r, v, depth, 0);
    case '"':
        r->p++;
        v->kind = JV_STRING;
        return string(r, &v->s, &v->len);
    case 't':
        return literal(r, "true", JV_TRUE, v);
    case 'f':
        return literal(r, "false", JV_FALSE, v);
    case 'n':
        return literal(r, "null", JV_NULL, v);
    default:
        if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
            return number(r, v);
        return fail(r, "not a JSON value");
    }
}

int jv_parse(const char *text, size_t len, struct arena *a,
             const struct jv **root, char *err, size_t errsz)
{
    struct rd r = { text, text + len, text, a, err, errsz, 0 };
    struct jv *v = arena_alloc(a, sizeof *v);
    if (!v) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    memset(v, 0, sizeof *v);
    if (value(&r, v, 0) < 0)
        return -1;
    skip_ws(&r);
    if (r.p != r.end)
        return fail(&r, "more text after the JSON value");
    *root = v;
    return 0;
}

const struct jv *jv_get(const struct jv *o, const char *key)
{
    if (!o || o->kind != JV_OBJECT)
        return NULL;
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return &o->items[i];
    return NULL;
}

const struct jv *jv_path(const struct jv *o, ...)
{
    va_list ap;
    va_start(ap, o);
    const char *k;
    while (o && (k = va_arg(ap, const char *)) != NULL)
        o = jv_get(o, k);
    va_end(ap);
    return o;
}

/* fuzz_json.c -- libFuzzer harness for the JSON reader, src/io/jsonread.c.
 *
 * Input: the text itself (exactly its bytes, not NUL-terminated).
 *
 * Oracles: a refusal says "line N: ..." (NUL-terminated, within err); an
 * accepted text's tree is written back as JSON by a small writer here
 * (strings with every byte < 0x20, '"' and '\\' escaped, other bytes as
 * they are; numbers as their text) and that text parses to the same tree;
 * every string is NUL-terminated at its length; a number's text is the
 * JSON grammar's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/jsonread.h"

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "fuzz_json: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                       \
        }                                                                  \
    } while (0)

struct buf { char *p; size_t n, cap; };

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = 2 * (b->n + n + 1);
        b->p = realloc(b->p, b->cap);
        CHECK(b->p != NULL);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void put_string(struct buf *b, const char *s, size_t n)
{
    put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char e[8];
        if (c < 0x20 || c == '"' || c == '\\') {
            snprintf(e, sizeof e, "\\u%04x", c);
            put(b, e, 6);
        } else {
            put(b, (const char *)&s[i], 1);
        }
    }
    put(b, "\"", 1);
}

static int is_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0')
        i++;
    else if (i < n && s[i] >= '1' && s[i] <= '9')
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    else
        return 0;
    if (i < n && s[i] == '.') {
        size_t d = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
    }
    return i == n;
}

static void write_value(struct buf *b, const struct jv *v)
{
    switch (v->kind) {
    case JV_NULL: put(b, "null", 4); break;
    case JV_FALSE: put(b, "false", 5); break;
    case JV_TRUE: put(b, "true", 4); break;
    case JV_NUMBER:
        CHECK(is_number(v->s, v->len));
        put(b, v->s, v->len);
        break;
    case JV_STRING:
        CHECK(v->s[v->len] == '\0');
        put_string(b, v->s, v->len);
        break;
    case JV_ARRAY:
    case JV_OBJECT:
        put(b, v->kind == JV_ARRAY ? "[" : "{", 1);
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                put(b, ",", 1);
            if (v->kind == JV_OBJECT) {
                put_string(b, v->keys[i], strlen(v->keys[i]));
                put(b, ":", 1);
            }
            write_value(b, &v->items[i]);
        }
        put(b, v->kind == JV_ARRAY ? "]" : "}", 1);
        break;
    default:
        CHECK(!"a kind jsonread.h does not know");
    }
}

/* Keys with an escaped NUL are cut at it by strcmp-style lookups; the
 * writer writes keys up to their NUL, so compare them the same way. */
static int same(const struct jv *a, const struct jv *b)
{
    if (a->kind != b->kind || a->n != b->n)
        return 0;
    if (a->kind == JV_NUMBER || a->kind == JV_STRING)
        return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
    for (size_t i = 0; i < a->n; i++) {
        if (a->kind == JV_OBJECT && strcmp(a->keys[i], b->keys[i]) != 0)
            return 0;
        if (!same(&a->items[i], &b->items[i]))
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a);
    const struct jv *root = NULL;
    char err[96];
    memset(err, 'x', sizeof err);
    if (jv_parse((const char *)data, size, &a, &root, err, sizeof err) < 0) {
        CHECK(memchr(err, '\0', sizeof err) != NULL);
        CHECK(strncmp(err, "line ", 5) == 0 || strcmp(err, "out of memory") == 0);
        arena_release(&a);
        return 0;
    }
    struct buf b = { NULL, 0, 0 };
    write_value(&b, root);
    struct arena a2;
    arena_init(&a2);
    const struct jv *again = NULL;
    CHECK(jv_parse(b.p, b.n, &a2, &again, err, sizeof err) == 0);
    CHECK(same(root, again));
    free(b.p);
    arena_release(&a2);
    arena_release(&a);
    return 0;
}

/* jsonread.h -- a small JSON reader (RFC 8259): the whole text parsed into a
 * tree of values held in an arena, for the plan folders' summary.json that
 * compare and sweep read back.
 *
 *   struct arena a; arena_init(&a);
 *   const struct jv *root;
 *   if (jv_parse(text, len, &a, &root, err, sizeof err) < 0) -> err says
 *       where ("line 3: expected ':' after a member name")
 *   const struct jv *y = jv_path(root, "parameters", "year", (char *)0);
 *   if (y && y->kind == JV_NUMBER) ... value_parse_int(y->s, y->len, ...)
 *   arena_release(&a);
 *
 * Numbers are kept as their text (the caller parses them exactly, e.g. as
 * fixed-point decimals); strings are decoded (escapes, \uXXXX with
 * surrogate pairs, to UTF-8) and NUL-terminated.  Objects keep their
 * members in file order; jv_get returns the first member of a name.
 * More than JV_MAX_DEPTH containers one inside another are refused, as
 * is anything after the top-level value but white space.
 */
#ifndef RH_JSONREAD_H
#define RH_JSONREAD_H

#include <stddef.h>

#include "io/arena.h"

#define JV_MAX_DEPTH 64

enum jv_kind { JV_NULL, JV_FALSE, JV_TRUE, JV_NUMBER, JV_STRING, JV_ARRAY,
               JV_OBJECT };

struct jv {
    enum jv_kind kind;
    const char *s;              /* number: its text; string: its bytes */
    size_t len;
    size_t n;                   /* array: elements; object: members */
    struct jv *items;           /* the elements, or the members' values */
    const char **keys;          /* object: the members' names */
};

/* NAME jv_parse -- parse text[0..len) into *root (allocated in a).
 * RETURNS 0, or -1 with the reason and line in err. */
int jv_parse(const char *text, size_t len, struct arena *a,
             const struct jv **root, char *err, size_t errsz);

/* NAME jv_get -- the value of member key of object o.  RETURNS NULL when o
 * is not an object or has no such member. */
const struct jv *jv_get(const struct jv *o, const char *key);

/* NAME jv_path -- jv_get along a NULL-terminated list of member names. */
const struct jv *jv_path(const struct jv *o, ...);

#endif

/* json.h -- a tiny streaming JSON writer: pretty-printed (2-space indents),
 * deterministic, locale independent.
 *
 *   struct json j;
 *   json_init(&j, &outfile);            // borrows an open struct outfile
 *   json_begin_object(&j);
 *     json_key(&j, "year"); json_int(&j, 2025);
 *     json_key(&j, "stages"); json_begin_array(&j); ... json_end_array(&j);
 *   json_end_object(&j);
 *   if (json_finish(&j) < 0) -> errno (EINVAL: unbalanced or misused)
 *
 * Layout: every member and array element on its own line, "key": value
 * with one blank after the colon, empty containers as {} and [], a final
 * "\n" after the top-level value (written by json_finish).
 * Strings: '"' and '\\' escaped, \b \f \n \r \t, other bytes < 0x20 and 0x7f
 * as \u00XX; every other byte copied (the inputs are valid UTF-8).
 * Numbers never go through printf: integers and fixed-point decimals are
 * formatted by hand; doubles are rounded to a fixed number of decimals
 * (llround of d * 10^decimals) and written as fixed-point; a double that is
 * not finite or too large for that is written as null.
 * Every call returns 0, or -1 with errno set; a misuse (a value where a key
 * is due, a key outside an object, closing the wrong container, nesting
 * deeper than JSON_MAX_DEPTH) is EINVAL.  Errors are sticky.
 */
#ifndef RH_JSON_H
#define RH_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "io/outfile.h"

#define JSON_MAX_DEPTH 32

struct json {
    struct outfile *out;            /* borrowed */
    int depth;                      /* open containers */
    char kind[JSON_MAX_DEPTH];      /* '{' or '[' per level */
    long count[JSON_MAX_DEPTH];     /* members/elements written per level */
    int want_value;                 /* a key was written, its value is due */
    int done;                       /* the top-level value is complete */
    int err;                        /* first errno */
};

/* NAME json_init -- start a document written to out (borrowed, open). */
void json_init(struct json *j, struct outfile *out);

/* NAME json_begin_object / json_end_object / json_begin_array /
 * json_end_array -- open or close a container.  RETURNS 0 or -1. */
int json_begin_object(struct json *j);
int json_end_object(struct json *j);
int json_begin_array(struct json *j);
int json_end_array(struct json *j);

/* NAME json_key -- the next member's key (inside an object).  RETURNS 0/-1. */
int json_key(struct json *j, const char *key);

/* NAME json_string / json_string_n -- a string value.  RETURNS 0 or -1. */
int json_string(struct json *j, const char *s);
int json_string_n(struct json *j, const char *s, size_t n);

/* NAME json_int -- an integer value.  RETURNS 0 or -1. */
int json_int(struct json *j, int64_t v);

/* NAME json_fixed -- v / 10^scale as a number with exactly `scale`
 * decimals (0..18), e.g. cents with scale 2.  RETURNS 0 or -1. */
int json_fixed(struct json *j, int64_t v, int scale);

/* NAME json_double -- d rounded to `decimals` (0..9) decimals, written with
 * exactly that many; null when not finite or |d| * 10^decimals >= 9e18.
 * RETURNS 0 or -1. */
int json_double(struct json *j, double d, int decimals);

/* NAME json_bool / json_null -- literals.  RETURNS 0 or -1. */
int json_bool(struct json *j, int b);
int json_null(struct json *j);

/* NAME json_finish -- check the document is complete and write the final
 * newline.  RETURNS 0, or -1 (EINVAL when containers are still open or
 * nothing was written; otherwise the first write error). */
int json_finish(struct json *j);

#endif

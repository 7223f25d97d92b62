/* value.h -- typed parsers for CSV and INI cells: exact or refused.
 *
 * Every parser takes a cell as bytes (s, n: not NUL-terminated, may contain
 * anything), converts it exactly, and returns 0; or returns -1 and writes a
 * one-line English message (no trailing newline, no file/line/column prefix)
 * into err[errsz], always NUL-terminated.  Leading/trailing blanks are NOT
 * stripped here: a cell " 12" is refused ("unexpected blank") -- the CSV
 * reader already trims unquoted fields.  The offending text is quoted in the
 * message, cut to 40 bytes with "..." and with control bytes shown as \xNN.
 *
 * Message wording (tests compare these exactly):
 *   empty required cell            "empty value"
 *   not a number                   "not a number: '12a'"
 *   more decimals than allowed     "more than 2 decimals: '1.234'"
 *   outside [min,max]              "out of range: '-5' (allowed 0 to 1000000)"
 *   not YYYY-MM-DD                 "not a date (YYYY-MM-DD): '2023/02/01'"
 *   impossible calendar date       "impossible date: '2023-02-30'"
 *   enum value not in set          "unknown value 'foo' (expected a, b or c)"
 *   yes/no                         "unknown value 'maybe' (expected yes or no)"
 *   id with forbidden characters   "bad id: 'a b' (letters, digits, - _ . / only)"
 * Numbers: optional leading '-', digits, optional '.' and digits.  No '+',
 * no exponent, no thousands separators, no hex, no "nan"/"inf", no leading
 * '.' (".5") and no trailing '.' ("5.").  Never uses strtod/locale.
 */
#ifndef RH_VALUE_H
#define RH_VALUE_H

#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 (proleptic Gregorian); years 1900..2999 only. */
typedef int32_t rh_date;

/* A cell is empty when n == 0. */
int value_is_empty(const char *s, size_t n);

/* NAME value_parse_id -- an identifier: 1..64 bytes of [A-Za-z0-9_./-].
 * Longer: "id too long: '...' (at most 64 bytes)". */
int value_parse_id(const char *s, size_t n, char *err, size_t errsz);

/* NAME value_parse_text -- free text: non-empty, at most 1024 bytes
 * ("text too long (N bytes, at most 1024)").  UTF-8 validity is checked by
 * the reader, not here. */
int value_parse_text(const char *s, size_t n, char *err, size_t errsz);

/* NAME value_parse_int -- a whole number in [min, max]. "1.0" is "not a
 * whole number: '1.0'". */
int value_parse_int(const char *s, size_t n, int64_t min, int64_t max,
                    int64_t *out, char *err, size_t errsz);

/* NAME value_parse_fixed -- a decimal with at most `scale` digits after the
 * point (0 <= scale <= 9), returned scaled: "12.5" scale 2 -> 1250.  The
 * scaled result must lie in [min, max] (both scaled); the range message
 * shows them unscaled ("allowed 0 to 10000").  Overflow is "out of range". */
int value_parse_fixed(const char *s, size_t n, int scale, int64_t min,
                      int64_t max, int64_t *out, char *err, size_t errsz);

/* NAME value_parse_money -- CNY with at most 2 decimals into cents, in
 * [0, 10^12 CNY].  Negative: "negative amount: '-3'". */
int value_parse_money(const char *s, size_t n, int64_t *out, char *err,
                      size_t errsz);

/* NAME value_parse_date -- exactly YYYY-MM-DD, 1900..2999. */
int value_parse_date(const char *s, size_t n, rh_date *out, char *err,
                     size_t errsz);

/* NAME value_format_date -- writes "YYYY-MM-DD" and a NUL into buf[11]. */
void value_format_date(rh_date d, char buf[11]);

/* NAME value_date_from_ymd -- days since epoch; -1 ... is fine; returns 0 and
 * sets *out, or -1 when the date does not exist. */
int value_date_from_ymd(int y, int m, int d, rh_date *out);
void value_date_to_ymd(rh_date d, int *y, int *m, int *dd);

/* NAME value_parse_enum -- index of s in names[0..count-1] (exact,
 * case-sensitive).  The message lists the names: "a, b or c". */
int value_parse_enum(const char *s, size_t n, const char *const *names,
                     int count, int *out, char *err, size_t errsz);

/* NAME value_parse_yesno -- "yes" -> 1, "no" -> 0. */
int value_parse_yesno(const char *s, size_t n, int *out, char *err,
                      size_t errsz);

/* NAME value_format_fixed -- writes a scaled integer as a decimal with
 * exactly `scale` digits after the point ("-12.50"), C locale, into buf;
 * returns the length. buf must hold 32 bytes. */
int value_format_fixed(int64_t v, int scale, char buf[32]);

/* NAME value_quote -- the message form of a cell: quoted, cut to 40 bytes
 * with "...", control bytes and bytes >= 0x80 that are not valid UTF-8 as
 * \xNN.  Writes into buf[bufsz] and returns buf. */
const char *value_quote(const char *s, size_t n, char *buf, size_t bufsz);

#endif

/* csvout.h -- a buffered CSV writer with typed cells (libcsv quoting).
 *
 *   struct csvout w;
 *   static const char *const head[] = { "unit_id", "area_m2" };
 *   if (csvout_open(&w, "dir/units.csv") < 0 ||
 *       csvout_header(&w, head, 2) < 0 ||
 *       csvout_text(&w, "U1") < 0 || csvout_fixed(&w, 6550, 2) < 0 ||
 *       csvout_end_row(&w) < 0) { csvout_abort(&w); -> exit 73 }
 *   if (csvout_close(&w) < 0) -> exit 73 (errno says why)
 *
 * Output format (documented here because tests compare bytes):
 *  - UTF-8, no BOM, rows end with "\n", cells separated by ",";
 *  - the header row is written bare (column names are [a-z0-9_]);
 *  - text cells are always quoted by libcsv's csv_write (inner quotes
 *    doubled; a text without quotes is copied between the two quotes
 *    directly, the same bytes); a text that starts with = + - @, a tab or
 *    a carriage return is
 *    neutralised with a leading apostrophe inside the quotes:
 *    =SUM(A1) -> "'=SUM(A1)";
 *  - numbers and dates are bare and never neutralised: integers in C-locale
 *    digits, fixed-point through value_format_fixed ("-0.05"), dates as
 *    YYYY-MM-DD; no printf of numbers anywhere (locale independent);
 *  - an empty (null) cell is nothing between the separators; an empty text
 *    is "".
 * Every call returns 0, or -1 with errno set (the first error is sticky:
 * later calls fail at once).  The writer owns its file until csvout_close
 * or csvout_abort.
 */
#ifndef RH_CSVOUT_H
#define RH_CSVOUT_H

#include <stddef.h>
#include <stdint.h>

#include "io/outfile.h"
#include "io/value.h"

struct csvout {
    struct outfile f;
    int ncells;             /* cells written in the current row */
};

/* NAME csvout_open -- create path (must not exist).  RETURNS 0 or -1. */
int csvout_open(struct csvout *w, const char *path);

/* NAME csvout_header -- one row of n bare column names.  RETURNS 0 or -1
 * (EINVAL when a name holds a byte other than [A-Za-z0-9_]). */
int csvout_header(struct csvout *w, const char *const *names, int n);

/* NAME csvout_text -- a quoted, neutralised text cell (NUL-terminated s).
 * RETURNS 0 or -1. */
int csvout_text(struct csvout *w, const char *s);

/* NAME csvout_text_n -- as csvout_text for s[0..n) (may hold any byte). */
int csvout_text_n(struct csvout *w, const char *s, size_t n);

/* NAME csvout_int -- a bare integer cell.  RETURNS 0 or -1. */
int csvout_int(struct csvout *w, int64_t v);

/* NAME csvout_fixed -- a bare decimal: v scaled by 10^scale, written with
 * exactly `scale` decimals (value_format_fixed).  RETURNS 0 or -1. */
int csvout_fixed(struct csvout *w, int64_t v, int scale);

/* NAME csvout_date -- a bare YYYY-MM-DD cell.  RETURNS 0 or -1. */
int csvout_date(struct csvout *w, rh_date d);

/* NAME csvout_number -- a bare cell from numeric text the caller formatted
 * (digits, '-', '.' only, e.g. "-0.05"); not neutralised.  RETURNS 0, or -1
 * (EINVAL when s is empty or holds any other byte). */
int csvout_number(struct csvout *w, const char *s);

/* NAME csvout_empty -- an empty (null) cell.  RETURNS 0 or -1. */
int csvout_empty(struct csvout *w);

/* NAME csvout_end_row -- end the current row with "\n".  RETURNS 0 or -1. */
int csvout_end_row(struct csvout *w);

/* NAME csvout_close -- flush and close.  RETURNS 0, or -1 with the errno of
 * the first failure on this file. */
int csvout_close(struct csvout *w);

/* NAME csvout_abort -- close after an error, keeping errno. */
void csvout_abort(struct csvout *w);

/* NAME csvout_neutralise_needed -- 1 when a text starting with byte c is
 * neutralised (c is one of = + - @, tab, carriage return: the formula
 * triggers OWASP lists), else 0. */
int csvout_neutralise_needed(char c);

#endif

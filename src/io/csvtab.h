/* csvtab.h -- one table-driven CSV reader (libcsv, strict) for every input.
 *
 * A schema lists the columns a file must (or may) have; the header row maps
 * them by name, in any order, extra columns ignored.  Every data row is
 * converted cell by cell with the typed parsers of value.h and handed to a
 * row callback together with its line number as an editor counts it (header
 * = line 1; CRLF, blank lines and newlines inside quotes counted right).
 * Errors go to a struct diag as "file:line: column: message".
 *
 *   static const struct csv_column cols[] = {
 *       { "unit_id", CSVT_ID }, { "area_m2", CSVT_FIXED, 0, 2, 1, 1000000 },
 *   };
 *   struct csv_schema s = { cols, 2 };
 *   rc = csv_read_file("inventory.csv", RH_ENC_UTF8, &s, on_row, ud, &diag, &info);
 *
 * Streaming use (tests feed any chunk size):
 *   struct csv_reader *r = csv_reader_new("x.csv", &s, on_row, ud, &diag);
 *   csv_reader_feed(r, buf, n) ... csv_reader_finish(r); csv_reader_free(r);
 */
#ifndef RH_CSVTAB_H
#define RH_CSVTAB_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

enum csv_type {
    CSVT_ID,      /* value_parse_id; cell.s/n */
    CSVT_TEXT,    /* value_parse_text; cell.s/n */
    CSVT_INT,     /* value_parse_int in [min,max]; cell.i */
    CSVT_FIXED,   /* value_parse_fixed with scale in [min,max]; cell.i */
    CSVT_MONEY,   /* value_parse_money; cell.i in cents */
    CSVT_DATE,    /* value_parse_date; cell.i days since 1970-01-01 */
    CSVT_ENUM,    /* value_parse_enum over names; cell.i index */
    CSVT_YESNO    /* value_parse_yesno; cell.i 0/1 */
};

#define CSVC_OPTIONAL 1u   /* column may be absent and cells may be empty */

struct csv_column {
    const char *name;
    enum csv_type type;
    unsigned flags;
    int scale;                  /* CSVT_FIXED */
    int64_t min, max;           /* CSVT_INT, CSVT_FIXED (scaled) */
    const char *const *names;   /* CSVT_ENUM */
    int nnames;
};

struct csv_schema {
    const struct csv_column *cols;
    int ncols;
};

struct csv_cell {
    int present;        /* 0: optional and empty/absent, or failed to parse */
    int64_t i;
    const char *s;      /* CSVT_ID/TEXT: bytes, valid during the callback only */
    size_t n;
};

struct csv_row {
    const char *file;
    long line;                  /* line where the record starts */
    const struct csv_cell *cells;   /* in schema order */
    int bad;                    /* some cell failed (already reported) */
};

/* RETURNS 0 to go on, -1 to stop reading (out of memory). */
typedef int (*csv_row_fn)(void *ud, const struct csv_row *row);

/* Limits that make absurd files fail clearly instead of exhausting memory. */
#define CSV_MAX_FIELD   65536      /* bytes in one field */
#define CSV_MAX_FIELDS  256        /* fields in one row */
#define CSV_MAX_ROWS    10000000L  /* data rows in one file */

struct csv_reader;

/* NAME csv_reader_new -- file is the name used in messages (borrowed, must
 * outlive the reader).  RETURNS NULL on out of memory. */
struct csv_reader *csv_reader_new(const char *file, const struct csv_schema *s,
                                  csv_row_fn fn, void *ud, struct diag *d);
/* RETURNS 0 to go on, 1 when the file cannot be read further (a structural
 * error was reported), -1 on out of memory or a callback's -1. */
int csv_reader_feed(struct csv_reader *r, const char *buf, size_t n);
/* NAME csv_reader_finish -- end of input.  RETURNS as csv_reader_feed. */
int csv_reader_finish(struct csv_reader *r);
long csv_reader_rows(const struct csv_reader *r);   /* data rows seen */
void csv_reader_free(struct csv_reader *r);

/* What csv_read_file learned about a file, for the audit record. */
struct csv_file_info {
    long rows;                  /* data rows */
    int complete;               /* 1 when every row could be read: no
                                   structural error stopped the file */
    uint64_t bytes;
    unsigned char sha256[32];   /* of the raw bytes */
};

/* NAME csv_read_file -- read a whole file (encoding: 0 UTF-8, 1 GB18030)
 * in chunks.  RETURNS 0 (errors, if any, are in d), RH_EXIT_NOINPUT when it
 * cannot be opened or read (message in d, without a line), RH_EXIT_SOFTWARE
 * on out of memory. */
int csv_read_file(const char *path, int encoding, const struct csv_schema *s,
                  csv_row_fn fn, void *ud, struct diag *d,
                  struct csv_file_info *info);

#endif

/* test_csvtab.c -- unit tests for src/io/csvtab.c (the contract is csvtab.h)
 * and the parts of src/io/text.c it relies on.
 *
 * Every reader test records a transcript: one line per row handed to the
 * callback ("R<line>[ bad] col=value ..."), every diag message in the order
 * it was issued ("E file:line: column: message"), and how reading ended
 * ("feed=N" when a feed returned non-zero, else "finish=N") with the data
 * rows counted.  expect_run() compares the transcript of the input fed in one
 * call AND fed 1, 2, ..., 17 bytes at a time with the expected text, so every
 * case below is also a chunk-boundary case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/csvtab.h"
#include "io/diag.h"
#include "io/exitcode.h"
#include "io/text.h"
#include "io/value.h"

/* A string literal as (bytes, length), embedded NULs included. */
#define S(lit) lit, (sizeof(lit) - 1)

#define MAX_CHUNK 17

/* ------------------------------------------------------------- schemas */

static const char *const kinds[] = { "a", "b" };

static const struct csv_column cols[] = {
    { "id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "name", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
    { "n", CSVT_INT, 0, 0, 0, 1000, NULL, 0 },
    { "amt", CSVT_MONEY, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
    { "d", CSVT_DATE, 0, 0, 0, 0, NULL, 0 },
    { "kind", CSVT_ENUM, 0, 0, 0, 0, kinds, 2 },
};
static const struct csv_schema schema = { cols, 6 };

/* FIXED (scale 2, 0.01 .. 10000.00) and an optional YESNO. */
static const struct csv_column cols2[] = {
    { "id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "area", CSVT_FIXED, 0, 2, 1, 1000000, NULL, 0 },
    { "ok", CSVT_YESNO, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
};
static const struct csv_schema schema2 = { cols2, 3 };

#define HDR "id,name,n,amt,d,kind\n"

/* ------------------------------------------------------ growable text */

struct buf {
    char *p;
    size_t n, cap;
};

static void buf_add(struct buf *b, const void *s, size_t n)
{
    if (b->cap - b->n < n + 1) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc - b->n < n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        assert_non_null(np);
        b->p = np;
        b->cap = nc;
    }
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void buf_printf(struct buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;

    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < sizeof tmp);
    buf_add(b, tmp, (size_t)k);
}

/* Cell bytes with \n, \r, \t, NUL and backslash made visible. */
static void buf_bytes(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\n': buf_str(b, "\\n"); break;
        case '\r': buf_str(b, "\\r"); break;
        case '\t': buf_str(b, "\\t"); break;
        case '\0': buf_str(b, "\\0"); break;
        case '\\': buf_str(b, "\\\\"); break;
        default: buf_add(b, s + i, 1); break;
        }
    }
}

/* ----------------------------------------------------------- recorder */

struct rec {
    const struct csv_schema *s;
    const char *file;
    struct diag *d;
    size_t seen;        /* diag messages already copied into out */
    struct buf out;
    long nrows;
    long stop_at;       /* the callback returns -1 on this row (1-based) */
};

static void flush_diag(struct rec *r)
{
    while (r->seen < r->d->nmsgs)
        buf_printf(&r->out, "E %s\n", r->d->msgs[r->seen++]);
}

static int record_row(void *ud, const struct csv_row *row)
{
    struct rec *r = ud;

    assert_non_null(row->file);
    assert_string_equal(row->file, r->file);
    assert_non_null(row->cells);
    flush_diag(r);
    buf_printf(&r->out, "R%ld%s", row->line, row->bad ? " bad" : "");
    for (int c = 0; c < r->s->ncols; c++) {
        const struct csv_column *col = &r->s->cols[c];
        const struct csv_cell *cell = &row->cells[c];
        char date[11];

        buf_printf(&r->out, " %s=", col->name);
        if (!cell->present) {
            buf_str(&r->out, "-");
            continue;
        }
        switch (col->type) {
        case CSVT_ID:
        case CSVT_TEXT:
            assert_non_null(cell->s);
            buf_bytes(&r->out, cell->s, cell->n);
            break;
        case CSVT_INT:
        case CSVT_FIXED:
        case CSVT_MONEY:
            buf_printf(&r->out, "%lld", (long long)cell->i);
            break;
        case CSVT_DATE:
            value_format_date((rh_date)cell->i, date);
            buf_str(&r->out, date);
            break;
        case CSVT_ENUM:
            assert_true(cell->i >= 0 && cell->i < col->nnames);
            buf_str(&r->out, col->names[cell->i]);
            break;
        case CSVT_YESNO:
            assert_true(cell->i == 0 || cell->i == 1);
            buf_str(&r->out, cell->i ? "yes" : "no");
            break;
        }
    }
    buf_str(&r->out, "\n");
    r->nrows++;
    return r->stop_at && r->nrows == r->stop_at ? -1 : 0;
}

/* Feed data[0..len) in chunks of `chunk` bytes (0: all in one call; with
 * `empty` a zero-length feed before every chunk) and return the transcript
 * (malloc'd). */
static char *run(const struct csv_schema *s, const char *data, size_t len,
                 size_t chunk, int empty, long stop_at)
{
    struct diag d;
    diag_init(&d);
    struct rec r = { s, "x.csv", &d, 0, { NULL, 0, 0 }, 0, stop_at };
    struct csv_reader *rd = csv_reader_new("x.csv", s, record_row, &r, &d);
    assert_non_null(rd);
    assert_int_equal(csv_reader_rows(rd), 0);

    int rc = 0;
    size_t off = 0;
    if (chunk == 0)
        chunk = len ? len : 1;
    while (off < len) {
        size_t k = len - off < chunk ? len - off : chunk;
        if (empty)
            assert_int_equal(csv_reader_feed(rd, data + off, 0), 0);
        rc = csv_reader_feed(rd, data + off, k);
        off += k;
        if (rc != 0)
            break;
    }
    flush_diag(&r);
    if (rc != 0) {
        buf_printf(&r.out, "feed=%d", rc);
    } else {
        rc = csv_reader_finish(rd);
        flush_diag(&r);
        buf_printf(&r.out, "finish=%d", rc);
    }
    buf_printf(&r.out, " rows=%ld\n", csv_reader_rows(rd));
    assert_int_equal(d.total, d.nmsgs);
    assert_int_equal(d.oom, 0);
    csv_reader_free(rd);
    diag_release(&d);
    return r.out.p;
}

/* The transcript of data fed whole and 1..17 bytes at a time must be want. */
static void expect_run_s(const struct csv_schema *s, const char *data,
                         size_t len, long stop_at, const char *want)
{
    char *got = run(s, data, len, 0, 0, stop_at);
    assert_string_equal(got, want);
    free(got);
    for (size_t cs = 1; cs <= MAX_CHUNK; cs++) {
        got = run(s, data, len, cs, (int)(cs & 1), stop_at);
        if (strcmp(got, want) != 0)
            print_message("fed %zu bytes at a time:\n", cs);
        assert_string_equal(got, want);
        free(got);
    }
}

static void expect_run(const char *data, size_t len, const char *want)
{
    expect_run_s(&schema, data, len, 0, want);
}

/* ------------------------------------------------- chunk invariance */

/* Whole vs. 1..17 bytes at a time, for inputs whose transcript is checked
 * exactly elsewhere: only the equality is asserted here, plus a sanity check
 * that something was recorded. */
static void test_chunk_sizes_give_same_result(void **state)
{
    static const struct {
        const char *data;
        size_t len;
    } in[] = {
        { S(HDR "1,Alice,5,12.50,2023-01-02,a\n2,Bob,0,,1970-01-01,b\n") },
        { S("\xEF\xBB\xBF" "id,name,n,amt,d,kind\r\n"
            "1,A,1,,2023-01-01,a\r\n\r\n2,\"B\r\nB\",2,3,2023-01-01,b\r\n") },
        { S(HDR "1,\"x\ny\",1,,2023-01-01,a\n2,\"p\n\nq\",2,,2023-01-01,b\n"
                "3,\"a,\"\"b\"\"\",3,,2023-01-01,a") },
        { S(HDR "1,A,2000,,2023-02-30,c\n2,A,1\n\n3,\"x\ny\",z,,2023-01-01,a\n"
                "4,A\"B,1,,2023-01-01,a\n") },
        { S(HDR "1,A,1,,2023-01-01,a\n2,\"abc\n") },
        { S(HDR "1,\xE5\x90\x8D,1,,2023-01-01,a\n2,\xFF,1,,2023-01-01,a\n") },
        { S("\xEF\xBB") },
        { S("\xEF\xBB\x80,id,name,n,amt,d,kind\n1,A,1,,2023-01-01,a\n") },
        { S("id,name\n1,A\n") },
    };
    (void)state;
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *whole = run(&schema, in[i].data, in[i].len, 0, 0, 0);
        assert_non_null(strstr(whole, " rows="));
        for (size_t cs = 1; cs <= MAX_CHUNK; cs++) {
            for (int empty = 0; empty <= 1; empty++) {
                char *got = run(&schema, in[i].data, in[i].len, cs, empty, 0);
                if (strcmp(got, whole) != 0)
                    print_message("input %zu, %zu bytes at a time\n", i, cs);
                assert_string_equal(got, whole);
                free(got);
            }
        }
        free(whole);
    }
}

/* --------------------------------------------------------- basic rows */

static void test_plain_rows(void **state)
{
    (void)state;
    expect_run(S(HDR
                 "1,Alice,5,12.50,2023-01-02,a\n"
                 "2,Bob,0,,1970-01-01,b\n"
                 "x-9_./Z,Carol,1000,0,2999-12-31,a\n"
                 "4,D,7,1000000000000,1900-01-01,b\n"),
               "R2 id=1 name=Alice n=5 amt=1250 d=2023-01-02 kind=a\n"
               "R3 id=2 name=Bob n=0 amt=- d=1970-01-01 kind=b\n"
               "R4 id=x-9_./Z name=Carol n=1000 amt=0 d=2999-12-31 kind=a\n"
               "R5 id=4 name=D n=7 amt=100000000000000 d=1900-01-01 kind=b\n"
               "finish=0 rows=4\n");
}

static void test_other_types(void **state)
{
    (void)state;
    expect_run_s(&schema2,
                 S("id,area,ok\n"
                   "u1,12.5,yes\n"
                   "u2,0.01,no\n"
                   "u3,10000.00,\n"
                   "u4,0,maybe\n"
                   "u5,1.234,yes\n"),
                 0,
                 "R2 id=u1 area=1250 ok=yes\n"
                 "R3 id=u2 area=1 ok=no\n"
                 "R4 id=u3 area=1000000 ok=-\n"
                 "E x.csv:5: area: out of range: '0' (allowed 0.01 to 10000)\n"
                 "E x.csv:5: ok: unknown value 'maybe' (expected yes or no)\n"
                 "R5 bad id=u4 area=- ok=-\n"
                 "E x.csv:6: area: more than 2 decimals: '1.234'\n"
                 "R6 bad id=u5 area=- ok=yes\n"
                 "finish=0 rows=5\n");
}

/* -------------------------------------------------------- line numbers */

static void test_lines_blank_lines_counted(void **state)
{
    (void)state;
    expect_run(S(HDR                                  /* 1 */
                 "\n"                                 /* 2 */
                 "1,A,1,,2023-01-01,a\n"              /* 3 */
                 "\n"                                 /* 4 */
                 "   \n"                              /* 5 */
                 "\t\n"                               /* 6 */
                 "2,B,2000,,2023-01-01,a\n"           /* 7 */
                 "\n"                                 /* 8 */
                 "3,C,3,,2023-01-01,b\n"              /* 9 */
                 "\n\n"),                             /* 10, 11 */
               "R3 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:7: n: out of range: '2000' (allowed 0 to 1000)\n"
               "R7 bad id=2 name=B n=- amt=- d=2023-01-01 kind=a\n"
               "R9 id=3 name=C n=3 amt=- d=2023-01-01 kind=b\n"
               "finish=0 rows=3\n");
}

static void test_lines_blank_before_header(void **state)
{
    (void)state;
    expect_run(S("\n\n" HDR "1,A,1,,2023-01-01,a\n"),
               "R4 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
    expect_run(S("\n\nid,name\n1,A\n"),
               "E x.csv:3: n: missing column\n"
               "E x.csv:3: d: missing column\n"
               "E x.csv:3: kind: missing column\n"
               "feed=1 rows=0\n");
}

static void test_lines_quoted_newlines(void **state)
{
    (void)state;
    expect_run(S(HDR                                            /* 1 */
                 "1,\"one\nline\",1,,2023-01-01,a\n"            /* 2-3 */
                 "2,\"two\n\nlines\",2,,2023-01-01,a\n"         /* 4-6 */
                 "3,C,x,,2023-01-01,b\n"                        /* 7 */
                 "4,\"D\",\"5\",\"\",\"2023-01-01\",\"b\"\n"    /* 8 */
                 "5,\"x\ny\",bad,,2023-01-01,\"\n\"\n"          /* 9-11 */
                 "6,F,6,,2023-01-01,a\n"),                      /* 12 */
               "R2 id=1 name=one\\nline n=1 amt=- d=2023-01-01 kind=a\n"
               "R4 id=2 name=two\\n\\nlines n=2 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:7: n: not a number: 'x'\n"
               "R7 bad id=3 name=C n=- amt=- d=2023-01-01 kind=b\n"
               "R8 id=4 name=D n=5 amt=- d=2023-01-01 kind=b\n"
               "E x.csv:9: n: not a number: 'bad'\n"
               "E x.csv:9: kind: unknown value '\\x0A' (expected a or b)\n"
               "R9 bad id=5 name=x\\ny n=- amt=- d=2023-01-01 kind=-\n"
               "R12 id=6 name=F n=6 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=6\n");
}

static void test_lines_crlf(void **state)
{
    (void)state;
    expect_run(S("id,name,n,amt,d,kind\r\n"                 /* 1 */
                 "1,A,1,,2023-01-01,a\r\n"                  /* 2 */
                 "\r\n"                                     /* 3 */
                 "2,\"B\r\nB\",2,,2023-01-01,b\r\n"         /* 4-5 */
                 "3,C,-1,,2023-01-01,a\r\n"                 /* 6 */
                 "4,D,4,,2023-01-01,a"),                    /* 7, no EOL */
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "R4 id=2 name=B\\r\\nB n=2 amt=- d=2023-01-01 kind=b\n"
               "E x.csv:6: n: out of range: '-1' (allowed 0 to 1000)\n"
               "R6 bad id=3 name=C n=- amt=- d=2023-01-01 kind=a\n"
               "R7 id=4 name=D n=4 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=4\n");
}

static void test_lines_no_final_newline(void **state)
{
    (void)state;
    expect_run(S(HDR "1,A,1,,2023-01-01,a"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
    expect_run(S(HDR "1,A,1,,2023-01-01,a\n\n2,B,1,,2023-02-30,a"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:4: d: impossible date: '2023-02-30'\n"
               "R4 bad id=2 name=B n=1 amt=- d=- kind=a\n"
               "finish=0 rows=2\n");
    /* the last record is a multi-line quoted field ending at EOF */
    expect_run(S(HDR "1,A,1,,2023-01-01,a\n2,B,2,,2023-01-01,\"a\n\""),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: kind: unknown value 'a\\x0A' (expected a or b)\n"
               "R3 bad id=2 name=B n=2 amt=- d=2023-01-01 kind=-\n"
               "finish=0 rows=2\n");
    expect_run(S(HDR "1,\"A\nB\",1,,2023-01-01,\"b\""),
               "R2 id=1 name=A\\nB n=1 amt=- d=2023-01-01 kind=b\n"
               "finish=0 rows=1\n");
}

/* ---------------------------------------------------------------- BOM */

static void test_bom_stripped(void **state)
{
    (void)state;
    expect_run(S("\xEF\xBB\xBF" HDR "1,A,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
    expect_run(S("\xEF\xBB\xBF" "id,name,n,amt,d,kind\r\n"
                 "1,A,1,,2023-01-01,a\r\n"
                 "2,B,x,,2023-01-01,a\r\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: n: not a number: 'x'\n"
               "R3 bad id=2 name=B n=- amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=2\n");
    /* only the file's first three bytes are a BOM: a U+FEFF later is data */
    expect_run(S("\xEF\xBB\xBF" HDR "1,\xEF\xBB\xBF" "A,1,,2023-01-01,a\n"),
               "R2 id=1 name=\xEF\xBB\xBF" "A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
    /* a second BOM is part of the first header name */
    expect_run(S("\xEF\xBB\xBF\xEF\xBB\xBF" HDR),
               "E x.csv:1: id: missing column\n"
               "feed=1 rows=0\n");
}

static void test_bom_split_across_feeds(void **state)
{
    static const char body[] = HDR "1,A,1,,2023-01-01,a\n";
    static const char *want = "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
                              "finish=0 rows=1\n";
    struct diag d;
    (void)state;

    /* "\xEF" | "\xBB" | "\xBF" + body, each a separate feed */
    diag_init(&d);
    struct rec r = { &schema, "x.csv", &d, 0, { NULL, 0, 0 }, 0, 0 };
    struct csv_reader *rd = csv_reader_new("x.csv", &schema, record_row, &r, &d);
    assert_non_null(rd);
    assert_int_equal(csv_reader_feed(rd, "\xEF", 1), 0);
    assert_int_equal(csv_reader_feed(rd, "\xBB", 1), 0);
    assert_int_equal(csv_reader_feed(rd, "\xBF", 1), 0);
    assert_int_equal(csv_reader_feed(rd, body, sizeof body - 1), 0);
    assert_int_equal(csv_reader_finish(rd), 0);
    buf_printf(&r.out, "finish=0 rows=%ld\n", csv_reader_rows(rd));
    assert_string_equal(r.out.p, want);
    assert_int_equal(d.total, 0);
    csv_reader_free(rd);
    free(r.out.p);
    diag_release(&d);
}

static void test_bom_prefix_not_a_bom(void **state)
{
    (void)state;
    /* U+FEC0 = EF BB 80 and U+FF0C = EF BC 8C start like a BOM: the held
     * back bytes must reach the parser (here as an ignored extra column) */
    expect_run(S("\xEF\xBB\x80,id,name,n,amt,d,kind\n"
                 "\xEF\xBB\x80,1,A,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
    expect_run(S("\xEF\xBC\x8C,id,name,n,amt,d,kind\n"
                 "x,1,A,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
    /* a file that is only the first two bytes of a BOM */
    expect_run(S("\xEF\xBB"),
               "E x.csv:1: header: not valid UTF-8 (byte 0xEF); for a file "
               "saved by Excel or WPS on Chinese Windows set encoding = "
               "gb18030 in [inputs]\n"
               "finish=1 rows=0\n");
    /* one byte of a BOM glued to the header */
    expect_run(S("\xEF" HDR),
               "E x.csv:1: header: not valid UTF-8 (byte 0xEF); for a file "
               "saved by Excel or WPS on Chinese Windows set encoding = "
               "gb18030 in [inputs]\n"
               "feed=1 rows=0\n");
}

/* ------------------------------------------------------------- Chinese */

static void test_chinese_text_intact(void **state)
{
    (void)state;
    expect_run(S("id,name,备注,n,amt,d,kind\n"
                 "1,张三,第一行,1,,2023-01-01,a\n"
                 "2,\"李四，王五, \"\"老\"\"\",\"多\n行\",2,,2023-01-01,b\n"
                 "3,  赵六  ,x,3,,2023-01-01,a\n"
                 "4,名,x,五,,2023-01-01,a\n"
                 "5,\"😀 emoji\",x,5,,2023-01-01,a\n"),
               "R2 id=1 name=张三 n=1 amt=- d=2023-01-01 kind=a\n"
               "R3 id=2 name=李四，王五, \"老\" n=2 amt=- d=2023-01-01 kind=b\n"
               "R5 id=3 name=赵六 n=3 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:6: n: not a number: '五'\n"
               "R6 bad id=4 name=名 n=- amt=- d=2023-01-01 kind=a\n"
               "R7 id=5 name=😀 emoji n=5 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=5\n");
}

/* ------------------------------------------------------- quoted fields */

static void test_quoted_fields(void **state)
{
    (void)state;
    expect_run(S(HDR
                 "1,\"a,b\",1,,2023-01-01,a\n"                     /* 2 */
                 "2,\"say \"\"hi\"\"\",1,,2023-01-01,a\n"          /* 3 */
                 "3,\"\"\"\",1,,2023-01-01,a\n"                    /* 4 */
                 "4,\"  padded  \",1,,2023-01-01,a\n"              /* 5 */
                 "  5  ,  unq  ,  7  ,, 2023-01-01 , b \n"         /* 6 */
                 "6,\"x\"  ,1,,2023-01-01,a\n"                     /* 7 */
                 "7,A,\" 5\",,2023-01-01,a\n"                      /* 8 */
                 "8,\"\",1,,2023-01-01,a\n"                        /* 9 */
                 "9,A,1,\"\",2023-01-01,a\n"                       /* 10 */
                 "10,A,1,   ,2023-01-01,a\n"                       /* 11 */
                 "\"11\",\"a\nb,c\"\"\",1,\"0.5\",2023-01-01,a\n"),/* 12-13 */
               "R2 id=1 name=a,b n=1 amt=- d=2023-01-01 kind=a\n"
               "R3 id=2 name=say \"hi\" n=1 amt=- d=2023-01-01 kind=a\n"
               "R4 id=3 name=\" n=1 amt=- d=2023-01-01 kind=a\n"
               "R5 id=4 name=  padded   n=1 amt=- d=2023-01-01 kind=a\n"
               "R6 id=5 name=unq n=7 amt=- d=2023-01-01 kind=b\n"
               "R7 id=6 name=x n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:8: n: unexpected blank: ' 5'\n"
               "R8 bad id=7 name=A n=- amt=- d=2023-01-01 kind=a\n"
               "E x.csv:9: name: empty value\n"
               "R9 bad id=8 name=- n=1 amt=- d=2023-01-01 kind=a\n"
               "R10 id=9 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "R11 id=10 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "R12 id=11 name=a\\nb,c\" n=1 amt=50 d=2023-01-01 kind=a\n"
               "finish=0 rows=11\n");
}

/* ------------------------------------------------------------- header */

static void test_columns_any_order_extras_ignored(void **state)
{
    (void)state;
    expect_run(S("extra,kind,d,amt,n,name,id,more\n"
                 "x,b,2023-01-01,1.5,7,Z,9,y\n"
                 ",a,2023-01-02,,8,Y,10,\n"),
               "R2 id=9 name=Z n=7 amt=150 d=2023-01-01 kind=b\n"
               "R3 id=10 name=Y n=8 amt=- d=2023-01-02 kind=a\n"
               "finish=0 rows=2\n");
    /* header names: unquoted blanks trimmed, quotes removed */
    expect_run(S(" id , \"name\",n,amt,d,kind\n1,A,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
    /* an unknown column given twice is still ignored */
    expect_run(S("id,x,name,n,x,amt,d,kind\n1,p,A,1,q,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
}

static void test_optional_column_absent(void **state)
{
    (void)state;
    expect_run(S("id,name,n,d,kind\n1,A,1,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
}

static void test_missing_columns(void **state)
{
    (void)state;
    expect_run(S("id,name\n1,A\n"),
               "E x.csv:1: n: missing column\n"
               "E x.csv:1: d: missing column\n"
               "E x.csv:1: kind: missing column\n"
               "feed=1 rows=0\n");
    /* header alone, no newline: reported by finish */
    expect_run(S("name,amt,kind"),
               "E x.csv:1: id: missing column\n"
               "E x.csv:1: n: missing column\n"
               "E x.csv:1: d: missing column\n"
               "finish=1 rows=0\n");
    /* names are case-sensitive; a name that differs only in case (or in
     * '-' for '_', or by an edit or two in a long name) is a typo */
    expect_run(S("ID,name,n,amt,d,kind\n1,A,1,,2023-01-01,a\n"),
               "E x.csv:1: ID: unknown column; did you mean id?\n"
               "feed=1 rows=0\n");
    expect_run(S("id,nmae,n,amt,d,kind\n1,A,1,,2023-01-01,a\n"),
               "E x.csv:1: nmae: unknown column; did you mean name?\n"
               "feed=1 rows=0\n");
    /* a short extra column far from every name is just extra */
    expect_run(S("id,name,n,amt,d,kind,xyz\n1,A,1,,2023-01-01,a,q\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=1\n");
}

static void test_column_given_twice(void **state)
{
    (void)state;
    expect_run(S("id,name,n,name,d,kind\n1,A,1,B,2023-01-01,a\n"),
               "E x.csv:1: name: column given twice\n"
               "feed=1 rows=0\n");
}

/* --------------------------------------------------------- field count */

static void test_field_count_mismatch(void **state)
{
    (void)state;
    expect_run(S(HDR
                 "1,A,1,,2023-01-01,a\n"          /* 2 */
                 "2,A,1,2023-01-01\n"             /* 3: 4 fields */
                 "3,A,1,,2023-01-01,a,x,y\n"      /* 4: 8 fields */
                 "4,A,1,,2023-01-01,a,\n"         /* 5: 7 fields */
                 "5,\"A\nB\",1\n"                 /* 6-7: 3 fields */
                 "6,A,1,,2023-01-01,a\n"),        /* 8 */
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: row: 4 fields, the header has 6\n"
               "E x.csv:4: row: 8 fields, the header has 6\n"
               "E x.csv:5: row: 7 fields, the header has 6\n"
               "E x.csv:6: row: 3 fields, the header has 6\n"
               "R8 id=6 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=6\n");
}

/* -------------------------------------------------------- typed errors */

static void test_typed_errors(void **state)
{
    (void)state;
    expect_run(S(HDR
                 "a b,A,1,,2023-01-01,a\n"               /* 2 */
                 "2,A,1.5,,2023-01-01,a\n"               /* 3 */
                 "3,A,1,-3,2023-01-01,a\n"               /* 4 */
                 "4,A,1,1.234,2023-01-01,a\n"            /* 5 */
                 "5,A,1,,2023/02/01,a\n"                 /* 6 */
                 "6,A,1,,2023-01-01,c\n"                 /* 7 */
                 ",A,1,,2023-01-01,a\n"                  /* 8 */
                 "8,A,,,2023-01-01,a\n"                  /* 9 */
                 "9,A,1,,,a\n"                           /* 10 */
                 "10,A,1,,2023-01-01,\n"                 /* 11 */
                 "11,A,12a,,1899-12-31,A\n"),            /* 12 */
               "E x.csv:2: id: bad id: 'a b' (letters, digits, - _ . / only)\n"
               "R2 bad id=- name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: n: not a whole number: '1.5'\n"
               "R3 bad id=2 name=A n=- amt=- d=2023-01-01 kind=a\n"
               "E x.csv:4: amt: negative amount: '-3'\n"
               "R4 bad id=3 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:5: amt: more than 2 decimals: '1.234'\n"
               "R5 bad id=4 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:6: d: not a date (YYYY-MM-DD): '2023/02/01'\n"
               "R6 bad id=5 name=A n=1 amt=- d=- kind=a\n"
               "E x.csv:7: kind: unknown value 'c' (expected a or b)\n"
               "R7 bad id=6 name=A n=1 amt=- d=2023-01-01 kind=-\n"
               "E x.csv:8: id: empty value\n"
               "R8 bad id=- name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:9: n: empty value\n"
               "R9 bad id=8 name=A n=- amt=- d=2023-01-01 kind=a\n"
               "E x.csv:10: d: empty value\n"
               "R10 bad id=9 name=A n=1 amt=- d=- kind=a\n"
               "E x.csv:11: kind: empty value\n"
               "R11 bad id=10 name=A n=1 amt=- d=2023-01-01 kind=-\n"
               "E x.csv:12: n: not a number: '12a'\n"
               "E x.csv:12: d: out of range: '1899-12-31' "
               "(allowed 1900-01-01 to 2999-12-31)\n"
               "E x.csv:12: kind: unknown value 'A' (expected a or b)\n"
               "R12 bad id=11 name=A n=- amt=- d=- kind=-\n"
               "finish=0 rows=11\n");
}

/* Errors in one row come in schema order, whatever the file's order. */
static void test_typed_errors_schema_order(void **state)
{
    (void)state;
    expect_run(S("kind,d,amt,n,name,id\n"
                 "c,2023/02/01,-3,1.5,,a b\n"
                 "a,2023-01-01,,1,A,ok\n"),
               "E x.csv:2: id: bad id: 'a b' (letters, digits, - _ . / only)\n"
               "E x.csv:2: name: empty value\n"
               "E x.csv:2: n: not a whole number: '1.5'\n"
               "E x.csv:2: amt: negative amount: '-3'\n"
               "E x.csv:2: d: not a date (YYYY-MM-DD): '2023/02/01'\n"
               "E x.csv:2: kind: unknown value 'c' (expected a or b)\n"
               "R2 bad id=- name=- n=- amt=- d=- kind=-\n"
               "R3 id=ok name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=2\n");
}

/* ---------------------------------------------------- strict CSV errors */

#define MALFORMED "row: malformed CSV: a quote inside an unquoted field, " \
                  "or text after a closing quote\n"

static void test_strict_quote_in_unquoted_field(void **state)
{
    (void)state;
    expect_run(S(HDR "1,A,1,,2023-01-01,a\n"
                 "2,A\"B,1,,2023-01-01,a\n"
                 "3,C,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: " MALFORMED
               "feed=1 rows=1\n");
    /* in the header */
    expect_run(S("id,na\"me,n,amt,d,kind\n1,A,1,,2023-01-01,a\n"),
               "E x.csv:1: " MALFORMED
               "feed=1 rows=0\n");
    /* after blank lines and a CRLF multi-line record */
    expect_run(S("id,name,n,amt,d,kind\r\n\r\n"
                 "1,\"A\r\nB\",1,,2023-01-01,a\r\n"
                 "2,x\"\r\n"),
               "R3 id=1 name=A\\r\\nB n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:5: " MALFORMED
               "feed=1 rows=1\n");
}

static void test_strict_text_after_closing_quote(void **state)
{
    (void)state;
    expect_run(S(HDR "1,A,1,,2023-01-01,a\n"
                 "2,\"AB\"C,1,,2023-01-01,a\n"
                 "3,C,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: " MALFORMED
               "feed=1 rows=1\n");
    /* a quote after blanks after the closing quote */
    expect_run(S(HDR "1,\"A\"  \"B\",1,,2023-01-01,a\n"),
               "E x.csv:2: " MALFORMED
               "feed=1 rows=0\n");
    /* inside a record that started on an earlier line: the line of the
     * offending byte is reported */
    expect_run(S(HDR "1,\"A\nB\"C,1,,2023-01-01,a\n"),
               "E x.csv:3: " MALFORMED
               "feed=1 rows=0\n");
}

static void test_strict_unterminated_quote(void **state)
{
    (void)state;
    expect_run(S(HDR "1,A,1,,2023-01-01,a\n"
                 "\n"
                 "2,\"abc\n"
                 "def,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:4: row: unterminated quoted field at end of file\n"
               "finish=1 rows=1\n");
    expect_run(S(HDR "1,A,1,,2023-01-01,a\n2,\"abc"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: row: unterminated quoted field at end of file\n"
               "finish=1 rows=1\n");
    expect_run(S("\"id,name\n"),
               "E x.csv:1: row: unterminated quoted field at end of file\n"
               "finish=1 rows=0\n");
}

/* ------------------------------------------------------ bytes in fields */

#define NOT_UTF8(line, col, byte)                                         \
    "E x.csv:" line ": " col ": not valid UTF-8 (byte " byte "); for a "  \
    "file saved by Excel or WPS on Chinese Windows set encoding = "       \
    "gb18030 in [inputs]\n"

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_run(S(HDR "1,A,1,,2023-01-01,a\n"
                 "2,\xFF,1,,2023-01-01,a\n"
                 "3,C,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               NOT_UTF8("3", "name", "0xFF")
               "feed=1 rows=1\n");
    /* GBK bytes of "名称" read as UTF-8 */
    expect_run(S(HDR "1,\xC3\xFB\xB3\xC6,1,,2023-01-01,a\n"),
               NOT_UTF8("2", "name", "0xC3") "feed=1 rows=0\n");
    /* a UTF-16 surrogate, an overlong form, a truncated sequence, beyond
     * U+10FFFF -- in other columns */
    expect_run(S(HDR "1,A,1,,2023-01-01,\xED\xA0\x80\n"),
               NOT_UTF8("2", "kind", "0xED") "feed=1 rows=0\n");
    expect_run(S(HDR "\xC0\xAF,A,1,,2023-01-01,a\n"),
               NOT_UTF8("2", "id", "0xC0") "feed=1 rows=0\n");
    expect_run(S(HDR "1,ab\xE5\x90,1,,2023-01-01,a"),
               NOT_UTF8("2", "name", "0xE5") "finish=1 rows=0\n");
    expect_run(S(HDR "1,A,1,\xF4\x90\x80\x80,2023-01-01,a\n"),
               NOT_UTF8("2", "amt", "0xF4") "feed=1 rows=0\n");
    /* in an extra column, in the header */
    expect_run(S("id,name,n,amt,d,kind,x\n1,A,1,,2023-01-01,a,\xFE\n"),
               NOT_UTF8("2", "row", "0xFE") "feed=1 rows=0\n");
    expect_run(S("id,name,n,amt,d,kind,\xB3\xC6\n"),
               NOT_UTF8("1", "header", "0xB3") "feed=1 rows=0\n");
    /* after a multi-line record: the line where the record starts */
    expect_run(S(HDR "1,\"A\nB\",1,,2023-01-01,a\n2,\"C\nD\xFF\",1,,2023-01-01,a\n"),
               "R2 id=1 name=A\\nB n=1 amt=- d=2023-01-01 kind=a\n"
               NOT_UTF8("4", "name", "0xFF") "feed=1 rows=1\n");
}

static void test_nul_byte(void **state)
{
    (void)state;
    expect_run(S(HDR "1,A,1,,2023-01-01,a\n2,A\0B,1,,2023-01-01,a\n"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: name: contains a NUL byte\n"
               "feed=1 rows=1\n");
    expect_run(S(HDR "1,\"\0\",1,,2023-01-01,a\n"),
               "E x.csv:2: name: contains a NUL byte\n"
               "feed=1 rows=0\n");
}

/* ---------------------------------------------------- empty / headers */

#define EMPTY_FILE "E x.csv:1: header: empty file (no header row)\n"

static void test_empty_file(void **state)
{
    (void)state;
    expect_run(S(""), EMPTY_FILE "finish=1 rows=0\n");
    expect_run(S("\xEF\xBB\xBF"), EMPTY_FILE "finish=1 rows=0\n");
    expect_run(S("\n\r\n  \n"), EMPTY_FILE "finish=1 rows=0\n");
    expect_run(S("\xEF\xBB\xBF\r\n"), EMPTY_FILE "finish=1 rows=0\n");
}

static void test_header_only(void **state)
{
    (void)state;
    expect_run(S(HDR), "finish=0 rows=0\n");
    expect_run(S("id,name,n,amt,d,kind"), "finish=0 rows=0\n");
    expect_run(S("\xEF\xBB\xBF" "id,name,n,amt,d,kind\r\n"), "finish=0 rows=0\n");
    expect_run(S(HDR "\n\n"), "finish=0 rows=0\n");
}

/* ----------------------------------------------------------- callback */

static void test_callback_stops_reading(void **state)
{
    (void)state;
    expect_run_s(&schema, S(HDR "1,A,1,,2023-01-01,a\n"
                                "2,B,1,,2023-01-01,a\n"
                                "3,C,1,,2023-01-01,a\n"),
                 1,
                 "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
                 "feed=-1 rows=1\n");
    expect_run_s(&schema, S(HDR "1,A,1,,2023-01-01,a\n"
                                "2,B,1,,2023-01-01,a"),
                 2,
                 "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
                 "R3 id=2 name=B n=1 amt=- d=2023-01-01 kind=a\n"
                 "finish=-1 rows=2\n");
}

/* -------------------------------------------------------------- limits */

static void test_field_length_limits(void **state)
{
    struct buf in = { NULL, 0, 0 };
    char *big = malloc(CSV_MAX_FIELD + 2);
    (void)state;

    assert_non_null(big);
    memset(big, 'x', CSV_MAX_FIELD + 1);

    /* exactly CSV_MAX_FIELD: read, then refused by the TEXT parser */
    buf_str(&in, HDR "1,");
    buf_add(&in, big, CSV_MAX_FIELD);
    buf_str(&in, ",1,,2023-01-01,a\n");
    char *got = run(&schema, in.p, in.n, 0, 0, 0);
    assert_string_equal(got,
                        "E x.csv:2: name: text too long (65536 bytes, at most 1024)\n"
                        "R2 bad id=1 name=- n=1 amt=- d=2023-01-01 kind=a\n"
                        "finish=0 rows=1\n");
    free(got);

    /* one byte more: the file cannot be read further */
    in.n = 0;
    buf_str(&in, HDR "1,A,1,,2023-01-01,a\n2,");
    buf_add(&in, big, CSV_MAX_FIELD + 1);
    buf_str(&in, ",1,,2023-01-01,a\n3,A,1,,2023-01-01,a\n");
    expect_run(in.p, in.n,
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: row: field too long (65537 bytes, at most 65536)\n"
               "feed=1 rows=1\n");
    free(in.p);
    free(big);
}

static void test_field_count_limit(void **state)
{
    struct buf in = { NULL, 0, 0 };
    (void)state;

    /* CSV_MAX_FIELDS fields: only a field-count mismatch */
    buf_str(&in, HDR "1");
    for (int i = 1; i < CSV_MAX_FIELDS; i++)
        buf_str(&in, ",1");
    buf_str(&in, "\n");
    expect_run(in.p, in.n,
               "E x.csv:2: row: 256 fields, the header has 6\n"
               "finish=0 rows=1\n");

    /* one more: refused, reading stops */
    in.n = 0;
    buf_str(&in, HDR "1");
    for (int i = 1; i <= CSV_MAX_FIELDS; i++)
        buf_str(&in, ",1");
    buf_str(&in, "\n1,A,1,,2023-01-01,a\n");
    expect_run(in.p, in.n,
               "E x.csv:2: row: too many fields (more than 256)\n"
               "feed=1 rows=0\n");
    free(in.p);
}

/* ------------------------------------------------------- csv_read_file */

static char tmpdir[64];

static int group_setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/test_csvtab.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

/* Also removes the files a failed test left behind. */
static int group_teardown(void **state)
{
    char path[600];
    struct dirent *e;
    DIR *dir = opendir(tmpdir);
    (void)state;

    if (dir) {
        while ((e = readdir(dir)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
            unlink(path);
        }
        closedir(dir);
    }
    return rmdir(tmpdir) == 0 ? 0 : -1;
}

static void tmp_path(char *out, size_t sz, const char *name)
{
    int k = snprintf(out, sz, "%s/%s", tmpdir, name);
    assert_true(k > 0 && (size_t)k < sz);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Read path with csv_read_file; return the transcript of rows and messages
 * (malloc'd).  *rc gets the return value; d is the caller's. */
static char *run_file(const char *path, int enc, long stop_at, struct diag *d,
                      int *rc, struct csv_file_info *info)
{
    struct rec r = { &schema, path, d, 0, { NULL, 0, 0 }, 0, stop_at };
    memset(info, 0xAB, sizeof *info);
    *rc = csv_read_file(path, enc, &schema, record_row, &r, d, info);
    flush_diag(&r);
    buf_str(&r.out, "");
    assert_int_equal(r.nrows <= info->rows, 1);
    return r.out.p;
}

static void sha256_of(const void *data, size_t len, unsigned char out[32])
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, len, data);
    sha256_digest(&c, 32, out);
}

static void test_read_file_abc_digest(void **state)
{
    /* printf 'abc\n' | sha256sum */
    static const unsigned char want[32] = {
        0xed, 0xea, 0xaf, 0xf3, 0xf1, 0x77, 0x4a, 0xd2, 0x88, 0x86, 0x73,
        0x77, 0x0c, 0x6d, 0x64, 0x09, 0x7e, 0x39, 0x1b, 0xc3, 0x62, 0xd7,
        0xd6, 0xfb, 0x34, 0x98, 0x2d, 0xdf, 0x0e, 0xfd, 0x18, 0xcb,
    };
    char path[128], msg[4][192];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    tmp_path(path, sizeof path, "abc.csv");
    write_file(path, "abc\n", 4);
    diag_init(&d);
    char *got = run_file(path, 0, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    snprintf(msg[0], sizeof msg[0], "E %s:1: id: missing column\n", path);
    snprintf(msg[1], sizeof msg[1], "E %s:1: name: missing column\n", path);
    snprintf(msg[2], sizeof msg[2], "E %s:1: n: missing column\n", path);
    snprintf(msg[3], sizeof msg[3], "E %s:1: d: missing column\n", path);
    struct buf want_t = { NULL, 0, 0 };
    for (int i = 0; i < 4; i++)
        buf_str(&want_t, msg[i]);
    buf_printf(&want_t, "E %s:1: kind: missing column\n", path);
    assert_string_equal(got, want_t.p);
    assert_int_equal(info.rows, 0);
    assert_int_equal(info.bytes, 4);
    assert_memory_equal(info.sha256, want, 32);
    free(want_t.p);
    free(got);
    diag_release(&d);
    assert_int_equal(unlink(path), 0);
}

static void test_read_file_rows(void **state)
{
    static const char data[] = "\xEF\xBB\xBF" HDR "1,A,1,,2023-01-01,a\n"
                               "\n2,\"B\nC\",2,3,2023-01-01,b\n3,D,x,,2023-01-01,a";
    char path[128];
    unsigned char sha[32];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    tmp_path(path, sizeof path, "rows.csv");
    write_file(path, data, sizeof data - 1);
    diag_init(&d);
    char *got = run_file(path, 0, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    struct buf want = { NULL, 0, 0 };
    buf_str(&want, "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
                   "R4 id=2 name=B\\nC n=2 amt=300 d=2023-01-01 kind=b\n");
    buf_printf(&want, "E %s:6: n: not a number: 'x'\n", path);
    buf_str(&want, "R6 bad id=3 name=D n=- amt=- d=2023-01-01 kind=a\n");
    assert_string_equal(got, want.p);
    assert_int_equal(info.rows, 3);
    assert_int_equal(info.bytes, sizeof data - 1);
    sha256_of(data, sizeof data - 1, sha);
    assert_memory_equal(info.sha256, sha, 32);
    free(want.p);
    free(got);
    diag_release(&d);
    assert_int_equal(unlink(path), 0);
}

static void test_read_file_missing_and_directory(void **state)
{
    char path[128], want[192];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    tmp_path(path, sizeof path, "nope.csv");
    diag_init(&d);
    char *got = run_file(path, 0, 0, &d, &rc, &info);
    assert_int_equal(rc, RH_EXIT_NOINPUT);
    assert_int_equal(rc, 66);
    snprintf(want, sizeof want,
             "E %s: cannot open: No such file or directory\n", path);
    assert_string_equal(got, want);
    assert_int_equal(info.rows, 0);
    assert_int_equal(info.bytes, 0);
    free(got);
    diag_release(&d);

    diag_init(&d);
    got = run_file(tmpdir, 0, 0, &d, &rc, &info);
    assert_int_equal(rc, RH_EXIT_NOINPUT);
    snprintf(want, sizeof want, "E %s: cannot read: is a directory\n", tmpdir);
    assert_string_equal(got, want);
    free(got);
    diag_release(&d);
}

static void test_read_file_callback_oom(void **state)
{
    static const char data[] = HDR "1,A,1,,2023-01-01,a\n2,B,1,,2023-01-01,a\n";
    char path[128];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    tmp_path(path, sizeof path, "stop.csv");
    write_file(path, data, sizeof data - 1);
    diag_init(&d);
    char *got = run_file(path, 0, 1, &d, &rc, &info);
    assert_int_equal(rc, RH_EXIT_SOFTWARE);
    assert_string_equal(got, "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n");
    free(got);
    diag_release(&d);
    assert_int_equal(unlink(path), 0);
}

/* A file larger than csv_read_file's 64 KiB chunks.  Rows are
 * "<k>,<name>,1,,2023-01-02,a\n"; ASCII filler rows come first, sized so
 * that the first multi-byte character `ch` (file bytes) of the row after
 * them starts at offset `at`; then rows of `reps` x ch until `total` bytes.
 * want gets the transcript with names in UTF-8 (u8).  With bad_line > 0,
 * that line's name starts with a 0xFF byte (and want is meaningless). */
static void build_big(struct buf *file, struct buf *want, const char *ch,
                      size_t chlen, const char *u8, size_t at, int reps,
                      size_t total, long bad_line)
{
    long k = 1, line = 2;
    char id[32];

    if (file->n == 0)
        buf_str(file, HDR);
    for (;;) {
        size_t room = at - file->n;
        if (room <= 600)
            break;
        buf_printf(file, "%ld,", k);
        for (int i = 0; i < 500; i++)
            buf_str(file, "x");
        buf_str(file, ",1,,2023-01-02,a\n");
        buf_printf(want, "R%ld id=%ld name=", line, k);
        for (int i = 0; i < 500; i++)
            buf_str(want, "x");
        buf_str(want, " n=1 amt=- d=2023-01-02 kind=a\n");
        k++, line++;
    }
    /* last filler: ends so that "<k+1>," ends exactly at `at` */
    int idlen = snprintf(id, sizeof id, "%ld,", k + 1);
    size_t fixed = (size_t)snprintf(id, sizeof id, "%ld,", k) + 17 + (size_t)idlen;
    size_t pad = at - file->n - fixed;
    assert_true(pad >= 1 && pad <= 1000);
    buf_printf(file, "%ld,", k);
    buf_printf(want, "R%ld id=%ld name=", line, k);
    for (size_t i = 0; i < pad; i++) {
        buf_str(file, "y");
        buf_str(want, "y");
    }
    buf_str(file, ",1,,2023-01-02,a\n");
    buf_str(want, " n=1 amt=- d=2023-01-02 kind=a\n");
    k++, line++;
    while (file->n < total) {
        buf_printf(file, "%ld,", k);
        if (line == bad_line)
            buf_str(file, "\xFF");
        buf_printf(want, "R%ld id=%ld name=", line, k);
        for (int i = 0; i < reps; i++) {
            buf_add(file, ch, chlen);
            buf_str(want, u8);
        }
        buf_str(file, ",1,,2023-01-02,a\n");
        buf_str(want, " n=1 amt=- d=2023-01-02 kind=a\n");
        k++, line++;
    }
}

static void check_big(const char *name, int enc, const char *ch, size_t chlen,
                      const char *u8, size_t at, int reps)
{
    struct buf file = { NULL, 0, 0 }, want = { NULL, 0, 0 };
    char path[128];
    unsigned char sha[32];
    struct csv_file_info info;
    struct diag d;
    int rc;

    build_big(&file, &want, ch, chlen, u8, at, reps, 200000, 0);
    assert_memory_equal(file.p + at, ch, chlen);   /* straddles at+1 */
    tmp_path(path, sizeof path, name);
    write_file(path, file.p, file.n);
    diag_init(&d);
    char *got = run_file(path, enc, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    assert_int_equal(d.total, 0);
    assert_string_equal(got, want.p);
    assert_int_equal(info.bytes, file.n);
    sha256_of(file.p, file.n, sha);
    assert_memory_equal(info.sha256, sha, 32);
    long nrows = 0;
    for (size_t i = 0; i < want.n; i++)
        nrows += want.p[i] == '\n';
    assert_int_equal(info.rows, nrows);
    free(got);
    diag_release(&d);
    free(file.p);
    free(want.p);
    assert_int_equal(unlink(path), 0);
}

static void test_read_file_large_utf8(void **state)
{
    (void)state;
    /* "名" split 1|2 and 2|1 over the 64 KiB boundary */
    check_big("big1.csv", 0, "\xE5\x90\x8D", 3, "名", 65535, 300);
    check_big("big2.csv", 0, "\xE5\x90\x8D", 3, "名", 65534, 300);
}

static void test_read_file_large_error_still_hashed(void **state)
{
    struct buf file = { NULL, 0, 0 }, want = { NULL, 0, 0 };
    char path[128], msg[512];
    unsigned char sha[32];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    /* build_big adds no header to a non-empty file */
    buf_str(&file, HDR "1,A\"B,1,,2023-01-01,a\n");
    build_big(&file, &want, "z", 1, "z", 70000, 10, 300000, 0);
    tmp_path(path, sizeof path, "bigerr.csv");
    write_file(path, file.p, file.n);
    diag_init(&d);
    char *got = run_file(path, 0, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    snprintf(msg, sizeof msg, "E %s:2: " MALFORMED, path);
    assert_string_equal(got, msg);
    assert_int_equal(info.rows, 0);
    assert_int_equal(info.bytes, file.n);
    sha256_of(file.p, file.n, sha);
    assert_memory_equal(info.sha256, sha, 32);
    free(got);
    diag_release(&d);
    free(file.p);
    free(want.p);
    assert_int_equal(unlink(path), 0);
}

/* ------------------------------------------------------------- GB18030 */

#define GB_MINGCHENG "\xC3\xFB\xB3\xC6"   /* 名称 */
#define GB_MING "\xC3\xFB"                /* 名 */
#define GB_ZHANGSAN "\xD5\xC5\xC8\xFD"    /* 张三 */
#define GB_EMOJI "\x94\x39\xFC\x36"       /* 😀, a four-byte sequence */
#define GB_BOM "\x84\x31\x95\x33"         /* U+FEFF */

static void test_read_file_gb18030(void **state)
{
    static const char data[] =
        GB_BOM "id,name,n,amt,d,kind\r\n"
        "1," GB_MINGCHENG ",5,,2023-01-02,a\r\n"
        "2,\"" GB_ZHANGSAN "\r\n" GB_EMOJI "\",6,,2023-01-02,b\r\n"
        "3,x,\xCE\xE5,,2023-01-02,a\r\n";     /* 五 in GB */
    char path[128];
    struct csv_file_info info;
    struct diag d;
    unsigned char sha[32];
    int rc;
    (void)state;

    tmp_path(path, sizeof path, "gb.csv");
    write_file(path, data, sizeof data - 1);
    diag_init(&d);
    char *got = run_file(path, 1, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    struct buf want = { NULL, 0, 0 };
    buf_str(&want, "R2 id=1 name=名称 n=5 amt=- d=2023-01-02 kind=a\n"
                   "R3 id=2 name=张三\\r\\n😀 n=6 amt=- d=2023-01-02 kind=b\n");
    buf_printf(&want, "E %s:5: n: not a number: '五'\n", path);
    buf_str(&want, "R5 bad id=3 name=x n=- amt=- d=2023-01-02 kind=a\n");
    assert_string_equal(got, want.p);
    assert_int_equal(info.rows, 3);
    assert_int_equal(info.bytes, sizeof data - 1);
    sha256_of(data, sizeof data - 1, sha);  /* of the raw GB18030 bytes */
    assert_memory_equal(info.sha256, sha, 32);
    free(want.p);
    free(got);
    diag_release(&d);

    /* the same bytes read as UTF-8: the message names gb18030 */
    diag_init(&d);
    got = run_file(path, 0, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    assert_int_equal(d.nmsgs, 1);
    char msg[320];
    snprintf(msg, sizeof msg,
             "%s:1: header: not valid UTF-8 (byte 0x84); for a file saved by "
             "Excel or WPS on Chinese Windows set encoding = gb18030 in "
             "[inputs]", path);
    assert_string_equal(d.msgs[0], msg);
    free(got);
    diag_release(&d);
    assert_int_equal(unlink(path), 0);
}

static void test_read_file_gb18030_invalid(void **state)
{
    static const char bad[] = HDR "1," GB_MING ",1,,2023-01-02,a\n"
                              "\n2,\xFF\xFE,1,,2023-01-02,a\n";
    static const char trunc[] = HDR "1," GB_MING ",1,,2023-01-02,a\n"
                                "2,x,1,,2023-01-02,\x81";
    char path[128], msg[512];
    struct csv_file_info info;
    struct diag d;
    unsigned char sha[32];
    int rc;
    (void)state;

    tmp_path(path, sizeof path, "gbbad.csv");
    write_file(path, bad, sizeof bad - 1);
    diag_init(&d);
    char *got = run_file(path, 1, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    assert_int_equal(d.total, 1);
    snprintf(msg, sizeof msg, "%s:4: not valid GB18030 text (byte 0xFF); a UTF-8 file is read as such when it starts with a byte-order mark (UTF-8 with BOM)", path);
    assert_string_equal(d.msgs[0], msg);
    assert_int_equal(info.bytes, sizeof bad - 1);
    sha256_of(bad, sizeof bad - 1, sha);
    assert_memory_equal(info.sha256, sha, 32);
    free(got);
    diag_release(&d);

    write_file(path, trunc, sizeof trunc - 1);
    diag_init(&d);
    got = run_file(path, 1, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    assert_int_equal(d.total, 1);
    snprintf(msg, sizeof msg, "%s:3: not valid GB18030 text (byte 0x81); a UTF-8 file is read as such when it starts with a byte-order mark (UTF-8 with BOM)", path);
    assert_string_equal(d.msgs[0], msg);
    free(got);
    diag_release(&d);
    assert_int_equal(unlink(path), 0);
}

static void test_read_file_gb18030_large(void **state)
{
    (void)state;
    /* two-byte 名 split 1|1, four-byte 😀 split 1|3, 2|2, 3|1 over 64 KiB */
    check_big("gbbig1.csv", 1, GB_MING, 2, "名", 65535, 300);
    check_big("gbbig2.csv", 1, GB_EMOJI, 4, "😀", 65535, 200);
    check_big("gbbig3.csv", 1, GB_EMOJI, 4, "😀", 65534, 200);
    check_big("gbbig4.csv", 1, GB_EMOJI, 4, "😀", 65533, 200);
}

static void test_read_file_gb18030_invalid_in_later_chunk(void **state)
{
    struct buf file = { NULL, 0, 0 }, want = { NULL, 0, 0 };
    char path[128], msg[512];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    /* rows of 300 x 名 (610 bytes): line 200 starts well past 64 KiB */
    build_big(&file, &want, GB_MING, 2, "名", 1000, 300, 200000, 200);
    assert_true(file.n > 131072);
    tmp_path(path, sizeof path, "gbbad2.csv");
    write_file(path, file.p, file.n);
    diag_init(&d);
    char *got = run_file(path, 1, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    assert_int_equal(d.total, 1);
    snprintf(msg, sizeof msg, "%s:200: not valid GB18030 text (byte 0xFF); a UTF-8 file is read as such when it starts with a byte-order mark (UTF-8 with BOM)", path);
    assert_string_equal(d.msgs[0], msg);
    assert_int_equal(info.bytes, file.n);
    free(got);
    diag_release(&d);
    free(file.p);
    free(want.p);
    assert_int_equal(unlink(path), 0);
}

/* HDR and ASCII rows "<k>,<x...>,1,,2023-01-02,a\n", exactly `size` bytes;
 * returns the number of data rows. */
static long build_exact(struct buf *file, size_t size)
{
    long k = 1;
    char id[32];

    buf_str(file, HDR);
    while (size - file->n > 1100) {
        buf_printf(file, "%ld,", k++);
        for (int i = 0; i < 500; i++)
            buf_str(file, "x");
        buf_str(file, ",1,,2023-01-02,a\n");
    }
    size_t pad = size - file->n - (size_t)snprintf(id, sizeof id, "%ld,", k) - 17;
    buf_printf(file, "%ld,", k);
    for (size_t i = 0; i < pad; i++)
        buf_str(file, "y");
    buf_str(file, ",1,,2023-01-02,a\n");
    assert_int_equal(file->n, size);
    return k;
}

static void test_read_file_empty(void **state)
{
    char path[128], want[192];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    tmp_path(path, sizeof path, "empty.csv");
    for (int enc = 0; enc <= 1; enc++) {
        write_file(path, "", 0);
        diag_init(&d);
        char *got = run_file(path, enc, 0, &d, &rc, &info);
        assert_int_equal(rc, 0);
        snprintf(want, sizeof want,
                 "E %s:1: header: empty file (no header row)\n", path);
        assert_string_equal(got, want);
        assert_int_equal(info.bytes, 0);
        assert_int_equal(info.rows, 0);
        free(got);
        diag_release(&d);

        write_file(path, enc ? GB_BOM : "\xEF\xBB\xBF", enc ? 4 : 3);
        diag_init(&d);
        got = run_file(path, enc, 0, &d, &rc, &info);
        assert_int_equal(rc, 0);
        assert_string_equal(got, want);
        free(got);
        diag_release(&d);
    }
    assert_int_equal(unlink(path), 0);
}

/* Files of exactly one and two 64 KiB chunks: the last read returns 0. */
static void test_read_file_exact_chunk_multiple(void **state)
{
    static const size_t sizes[] = { 65536, 131072 };
    char path[128];
    unsigned char sha[32];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    tmp_path(path, sizeof path, "exact.csv");
    for (size_t i = 0; i < 2; i++) {
        for (int enc = 0; enc <= 1; enc++) {
            struct buf file = { NULL, 0, 0 };
            long rows = build_exact(&file, sizes[i]);
            write_file(path, file.p, file.n);
            diag_init(&d);
            char *got = run_file(path, enc, 0, &d, &rc, &info);
            assert_int_equal(rc, 0);
            assert_int_equal(d.total, 0);
            assert_int_equal(info.rows, rows);
            assert_int_equal(info.bytes, sizes[i]);
            sha256_of(file.p, file.n, sha);
            assert_memory_equal(info.sha256, sha, 32);
            free(got);
            diag_release(&d);
            free(file.p);
        }
    }
    assert_int_equal(unlink(path), 0);
}

/* KNOWN BUG (fails with the current src/io/csvtab.c): a GB18030 file of
 * exactly 64 KiB whose last byte is a lone lead byte.  The final read
 * returns 0 bytes, text_conv_feed reports the carried byte with bad_off 0,
 * and csv_read_file prints "(byte 0x00)" because bad < n is false. */
static void test_read_file_gb18030_truncated_at_64k(void **state)
{
    struct buf file = { NULL, 0, 0 };
    char path[128], msg[512];
    struct csv_file_info info;
    struct diag d;
    int rc;
    (void)state;

    long rows = build_exact(&file, 65535);
    buf_str(&file, "\x81");
    tmp_path(path, sizeof path, "gbtrunc64k.csv");
    write_file(path, file.p, file.n);
    diag_init(&d);
    char *got = run_file(path, 1, 0, &d, &rc, &info);
    assert_int_equal(rc, 0);
    assert_int_equal(d.total, 1);
    snprintf(msg, sizeof msg, "%s:%ld: not valid GB18030 text (byte 0x81); a "
             "UTF-8 file is read as such when it starts with a byte-order mark "
             "(UTF-8 with BOM)", path, rows + 2);
    assert_string_equal(d.msgs[0], msg);
    free(got);
    diag_release(&d);
    free(file.p);
    assert_int_equal(unlink(path), 0);
}

/* KNOWN BUG (fails with the current src/io/csvtab.c): libcsv ends a record
 * at a lone CR (old Mac line ends), but feed_raw counts lines at LF only, so
 * every record of a CR-only file is reported on line 1, the header's. */
static void test_lines_cr_only(void **state)
{
    (void)state;
    expect_run(S("id,name,n,amt,d,kind\r"
                 "1,A,1,,2023-01-01,a\r"
                 "2,B,x,,2023-01-01,a\r"),
               "R2 id=1 name=A n=1 amt=- d=2023-01-01 kind=a\n"
               "E x.csv:3: n: not a number: 'x'\n"
               "R3 bad id=2 name=B n=- amt=- d=2023-01-01 kind=a\n"
               "finish=0 rows=2\n");
}

/* ------------------------------------------------------------- text.c */

static void test_utf8_valid(void **state)
{
    static const struct {
        const char *s;
        size_t n;
        int ok;
        size_t bad;
    } t[] = {
        { S(""), 1, 0 },
        { S("abc"), 1, 0 },
        { S("\xC3\xA9"), 1, 0 },                 /* é */
        { S("\xE5\x90\x8D"), 1, 0 },             /* 名 */
        { S("\xF0\x9F\x98\x80"), 1, 0 },         /* 😀 */
        { S("\xED\x9F\xBF"), 1, 0 },             /* U+D7FF */
        { S("\xEE\x80\x80"), 1, 0 },             /* U+E000 */
        { S("\xEF\xBF\xBF"), 1, 0 },             /* U+FFFF */
        { S("\xF4\x8F\xBF\xBF"), 1, 0 },         /* U+10FFFF */
        { S("\x80"), 0, 0 },
        { S("a\xC0\xAF"), 0, 1 },
        { S("\xC1\xBF"), 0, 0 },
        { S("\xE0\x80\x80"), 0, 0 },
        { S("\xE0\x9F\xBF"), 0, 0 },
        { S("ab\xED\xA0\x80"), 0, 2 },
        { S("\xF0\x8F\xBF\xBF"), 0, 0 },
        { S("\xF4\x90\x80\x80"), 0, 0 },
        { S("\xF5\x80\x80\x80"), 0, 0 },
        { S("ab\xE5\x90"), 0, 2 },
        { S("\xE5\x90" "A"), 0, 0 },
        { S("\xC3"), 0, 0 },
        { S("xyz\xFF"), 0, 3 },
        { S("\xC3\xA9\xFE"), 0, 2 },
    };
    (void)state;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        size_t bad = 999;
        int ok = text_utf8_valid(t[i].s, t[i].n, &bad);
        if (ok != t[i].ok)
            print_message("case %zu\n", i);
        assert_int_equal(ok, t[i].ok);
        if (!ok)
            assert_int_equal(bad, t[i].bad);
        assert_int_equal(text_utf8_valid(t[i].s, t[i].n, NULL), t[i].ok);
    }
}

/* Convert in[0..n) fed `cs` bytes at a time (0: whole); returns the feed's
 * -1 position (global offset, via *bad) or 0 with the output in *out. */
static int conv_chunks(const char *in, size_t n, size_t cs, struct buf *out,
                       size_t *bad)
{
    struct text_conv c;
    assert_int_equal(text_conv_open(&c), 0);
    if (cs == 0)
        cs = n ? n : 1;
    size_t off = 0;
    int rc = 0;
    do {
        size_t k = n - off < cs ? n - off : cs;
        const char *o = NULL;
        size_t on = 0, b = 0;
        rc = text_conv_feed(&c, in + off, k, off + k == n, &o, &on, &b);
        if (rc != 0) {
            *bad = off + b;
            break;
        }
        buf_add(out, o, on);
        off += k;
    } while (off < n);
    text_conv_close(&c);
    return rc;
}

static void test_text_conv_chunks(void **state)
{
    static const char gb[] = GB_BOM "a," GB_MINGCHENG GB_EMOJI "\n"
                             GB_ZHANGSAN "z" GB_EMOJI GB_MING;
    static const char u8[] = "\xEF\xBB\xBF" "a,名称😀\n张三z😀名";
    (void)state;
    for (size_t cs = 0; cs <= MAX_CHUNK; cs++) {
        struct buf out = { NULL, 0, 0 };
        size_t bad = 0;
        buf_str(&out, "");
        assert_int_equal(conv_chunks(gb, sizeof gb - 1, cs, &out, &bad), 0);
        if (strcmp(out.p, u8) != 0)
            print_message("%zu bytes at a time\n", cs);
        assert_string_equal(out.p, u8);
        free(out.p);
    }
    /* an invalid byte: reported at (or, when the bad sequence began in an
     * earlier feed, at the start of) the feed holding it */
    static const char bad1[] = "ab" GB_MING "\xFF" "cd";
    static const char bad2[] = "ab" GB_MING "\x81";      /* truncated */
    static const char bad3[] = "ab" GB_MING "\x81\x30";  /* truncated */
    for (size_t cs = 0; cs <= MAX_CHUNK; cs++) {
        struct buf out = { NULL, 0, 0 };
        size_t bad = 999;
        assert_int_equal(conv_chunks(bad1, sizeof bad1 - 1, cs, &out, &bad), -1);
        assert_int_equal(bad, 4);
        bad = 999;
        assert_int_equal(conv_chunks(bad2, sizeof bad2 - 1, cs, &out, &bad), -1);
        assert_int_equal(bad, 4);
        bad = 999;
        assert_int_equal(conv_chunks(bad3, sizeof bad3 - 1, cs, &out, &bad), -1);
        assert_true(bad >= 4 && bad <= 5);
        free(out.p);
    }
}

/* ---------------------------------------------------------------- main */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunk_sizes_give_same_result),
        cmocka_unit_test(test_plain_rows),
        cmocka_unit_test(test_other_types),
        cmocka_unit_test(test_lines_blank_lines_counted),
        cmocka_unit_test(test_lines_blank_before_header),
        cmocka_unit_test(test_lines_quoted_newlines),
        cmocka_unit_test(test_lines_crlf),
        cmocka_unit_test(test_lines_no_final_newline),
        cmocka_unit_test(test_bom_stripped),
        cmocka_unit_test(test_bom_split_across_feeds),
        cmocka_unit_test(test_bom_prefix_not_a_bom),
        cmocka_unit_test(test_chinese_text_intact),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_columns_any_order_extras_ignored),
        cmocka_unit_test(test_optional_column_absent),
        cmocka_unit_test(test_missing_columns),
        cmocka_unit_test(test_column_given_twice),
        cmocka_unit_test(test_field_count_mismatch),
        cmocka_unit_test(test_typed_errors),
        cmocka_unit_test(test_typed_errors_schema_order),
        cmocka_unit_test(test_strict_quote_in_unquoted_field),
        cmocka_unit_test(test_strict_text_after_closing_quote),
        cmocka_unit_test(test_strict_unterminated_quote),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_callback_stops_reading),
        cmocka_unit_test(test_field_length_limits),
        cmocka_unit_test(test_field_count_limit),
        cmocka_unit_test(test_read_file_abc_digest),
        cmocka_unit_test(test_read_file_rows),
        cmocka_unit_test(test_read_file_missing_and_directory),
        cmocka_unit_test(test_read_file_callback_oom),
        cmocka_unit_test(test_read_file_large_utf8),
        cmocka_unit_test(test_read_file_large_error_still_hashed),
        cmocka_unit_test(test_read_file_gb18030),
        cmocka_unit_test(test_read_file_gb18030_invalid),
        cmocka_unit_test(test_read_file_gb18030_large),
        cmocka_unit_test(test_read_file_gb18030_invalid_in_later_chunk),
        cmocka_unit_test(test_read_file_empty),
        cmocka_unit_test(test_read_file_exact_chunk_multiple),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_text_conv_chunks),
        /* known bugs in src (see the comments at these tests) */
        cmocka_unit_test(test_read_file_gb18030_truncated_at_64k),
        cmocka_unit_test(test_lines_cr_only),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

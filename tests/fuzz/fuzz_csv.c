/* fuzz_csv.c -- libFuzzer harness for the CSV table reader (src/io/csvtab.c
 * with value.c, text.c, diag.c, arena.c).
 *
 * Input layout:
 *   byte 0    bits 0-2: schema (the five input files' schemas, and two
 *             synthetic ones covering every column type, all required /
 *             all optional); bit 3: the bytes are GB18030 and go through
 *             text_conv first; bits 4-7: the row callback returns -1 (stop)
 *             at that data row (0: never)
 *   byte 1    k = byte % 8: the next k bytes are chunk sizes, used in turn
 *             (0 counts as 1) to feed csv_reader_feed; bit 7: also read the
 *             bytes from a file with csv_read_file (encoding from bit 3 of
 *             byte 0) and compare
 *   rest      the file's bytes
 *
 * Oracles (abort() on violation, besides ASan/UBSan):
 *   - the same input fed in one call and in the chunks above gives the same
 *     transcript: rows (line, bad flag, every cell), every diag message, the
 *     final status and the row count;
 *   - row lines start at 2 and strictly increase;
 *   - a cell that is not present is an optional empty one or its row is bad;
 *     a present cell satisfies its column's type (range, enum index, id
 *     characters, text length, valid UTF-8, no NUL byte);
 *   - every diag message is one line starting with "f.csv:";
 *   - GB18030 conversion in one call and in chunks agree;
 *   - csv_read_file on the same bytes gives the same rows and messages as
 *     the reader fed from memory (when the bytes convert), and its file
 *     info holds the byte count, the SHA-256 and the row count;
 *   - the ID cells interned in an arena string table (as the model does)
 *     come back unchanged, and strtab_find agrees with strtab_intern.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include <nettle/sha2.h>
#include <unistd.h>

#include "io/arena.h"
#include "io/csvtab.h"
#include "io/diag.h"
#include "io/text.h"
#include "io/value.h"

static const char *const kind_names[] = { "street", "town" };
static const char *const status_names[] = { "available", "reserved",
                                            "allocated" };
static const char *const cat_names[] = { "livelihood", "infrastructure",
                                         "industry", "social" };

static const struct csv_column towns[] = {
    { "town_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "name", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
    { "kind", CSVT_ENUM, 0, 0, 0, 0, kind_names, 2 },
    { "lat", CSVT_FIXED, 0, 6, -90000000, 90000000, NULL, 0 },
    { "lon", CSVT_FIXED, 0, 6, -180000000, 180000000, NULL, 0 },
};
static const struct csv_column payers[] = {
    { "payer_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "payer_name", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
    { "capacity_proof", CSVT_YESNO, 0, 0, 0, 0, NULL, 0 },
    { "capacity_cny", CSVT_MONEY, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
};
static const struct csv_column inventory[] = {
    { "unit_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "project_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "project_name", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
    { "town_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "layout", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "area_m2", CSVT_FIXED, 0, 2, 1, 1000000, NULL, 0 },
    { "price_cny_m2", CSVT_FIXED, 0, 2, 0, 100000000, NULL, 0 },
    { "status", CSVT_ENUM, 0, 0, 0, 0, status_names, 3 },
    { "available_on", CSVT_DATE, 0, 0, 0, 0, NULL, 0 },
};
static const struct csv_column demand[] = {
    { "request_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "payer_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "home_town", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "category", CSVT_ENUM, 0, 0, 0, 0, cat_names, 4 },
    { "layout", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "units", CSVT_INT, 0, 0, 0, 1000000, NULL, 0 },
    { "submitted_on", CSVT_DATE, 0, 0, 0, 0, NULL, 0 },
};
static const struct csv_column ledger[] = {
    { "payer_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "agreement_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "due_on", CSVT_DATE, 0, 0, 0, 0, NULL, 0 },
    { "amount_due_cny", CSVT_MONEY, 0, 0, 0, 0, NULL, 0 },
    { "amount_paid_cny", CSVT_MONEY, 0, 0, 0, 0, NULL, 0 },
};
/* every type, short names */
static const struct csv_column all_req[] = {
    { "id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "t", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
    { "i", CSVT_INT, 0, 0, -1000, INT64_MAX, NULL, 0 },
    { "f", CSVT_FIXED, 0, 3, INT64_MIN, 5000, NULL, 0 },
    { "m", CSVT_MONEY, 0, 0, 0, 0, NULL, 0 },
    { "d", CSVT_DATE, 0, 0, 0, 0, NULL, 0 },
    { "e", CSVT_ENUM, 0, 0, 0, 0, kind_names, 2 },
    { "y", CSVT_YESNO, 0, 0, 0, 0, NULL, 0 },
};
static const struct csv_column all_opt[] = {
    { "id", CSVT_ID, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
    { "t", CSVT_TEXT, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
    { "i", CSVT_INT, CSVC_OPTIONAL, 0, 0, 1000000, NULL, 0 },
    { "f", CSVT_FIXED, CSVC_OPTIONAL, 9, -1, 1, NULL, 0 },
    { "m", CSVT_MONEY, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
    { "d", CSVT_DATE, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
    { "e", CSVT_ENUM, CSVC_OPTIONAL, 0, 0, 0, cat_names, 4 },
    { "y", CSVT_YESNO, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
};
#define N(a) ((int)(sizeof a / sizeof a[0]))
static const struct csv_schema schemas[8] = {
    { towns, N(towns) },         { payers, N(payers) },
    { inventory, N(inventory) }, { demand, N(demand) },
    { ledger, N(ledger) },       { all_req, N(all_req) },
    { all_opt, N(all_opt) },     { all_req, N(all_req) },
};

/* ------------------------------------------------------------ transcript */

struct tr {
    char *p;
    size_t n, cap;
    const struct csv_schema *s;
    const char *file;
    long last_line;
    long rows;
    int stop_at;
    struct arena arena;
    struct strtab ids;
};

static void tr_add(struct tr *t, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0)
        abort();
    if ((size_t)k >= sizeof tmp)
        k = sizeof tmp - 1;
    if (t->cap - t->n < (size_t)k + 1) {
        size_t nc = t->cap ? t->cap * 2 : 4096;
        while (nc - t->n < (size_t)k + 1)
            nc *= 2;
        t->p = realloc(t->p, nc);
        if (!t->p)
            abort();
        t->cap = nc;
    }
    memcpy(t->p + t->n, tmp, (size_t)k + 1);
    t->n += (size_t)k;
}

static void tr_bytes(struct tr *t, const char *s, size_t n)
{
    tr_add(t, "'");
    for (size_t i = 0; i < n; i++)
        tr_add(t, "%02x", (unsigned char)s[i]);
    tr_add(t, "'");
}

static int on_row(void *ud, const struct csv_row *row)
{
    struct tr *t = ud;
    const struct csv_schema *s = t->s;
    if (row->line < 2 || row->line <= t->last_line) {
        fprintf(stderr, "row line %ld after %ld\n", row->line, t->last_line);
        abort();
    }
    t->last_line = row->line;
    if (strcmp(row->file, t->file) != 0)
        abort();
    tr_add(t, "R%ld%s", row->line, row->bad ? " bad" : "");
    for (int c = 0; c < s->ncols; c++) {
        const struct csv_column *col = &s->cols[c];
        const struct csv_cell *cell = &row->cells[c];
        if (!cell->present) {
            if (!((col->flags & CSVC_OPTIONAL) && cell->n == 0) && !row->bad) {
                fprintf(stderr, "column %s absent in a good row\n", col->name);
                abort();
            }
            tr_add(t, " %s=-", col->name);
            continue;
        }
        char err[256];
        size_t bad;
        switch (col->type) {
        case CSVT_ID:
        case CSVT_TEXT:
            if (cell->n == 0 || memchr(cell->s, '\0', cell->n) ||
                !text_utf8_valid(cell->s, cell->n, &bad)) {
                fprintf(stderr, "column %s: bad text cell\n", col->name);
                abort();
            }
            if (col->type == CSVT_ID) {
                if (value_parse_id(cell->s, cell->n, err, sizeof err) != 0)
                    abort();
                /* intern as the model does; the table must give it back */
                int added = 0;
                int32_t before = strtab_find(&t->ids, cell->s, cell->n);
                int32_t id = strtab_intern(&t->ids, cell->s, cell->n, &added);
                if (id < 0 || (before >= 0) == added ||
                    (before >= 0 && before != id) ||
                    strtab_find(&t->ids, cell->s, cell->n) != id ||
                    t->ids.lens[id] != cell->n ||
                    memcmp(t->ids.strs[id], cell->s, cell->n) != 0 ||
                    t->ids.strs[id][cell->n] != '\0')
                    abort();
            } else {
                char *copy = arena_strndup(&t->arena, cell->s, cell->n);
                if (!copy || memcmp(copy, cell->s, cell->n) || copy[cell->n])
                    abort();
            }
            if (col->type == CSVT_TEXT && cell->n > 1024)
                abort();
            tr_add(t, " %s=", col->name);
            tr_bytes(t, cell->s, cell->n);
            break;
        case CSVT_INT:
        case CSVT_FIXED:
            if (cell->i < col->min || cell->i > col->max)
                abort();
            tr_add(t, " %s=%lld", col->name, (long long)cell->i);
            break;
        case CSVT_MONEY:
            if (cell->i < 0 || cell->i > 100000000000000LL)
                abort();
            tr_add(t, " %s=%lld", col->name, (long long)cell->i);
            break;
        case CSVT_DATE: {
            rh_date lo, hi;
            value_date_from_ymd(1900, 1, 1, &lo);
            value_date_from_ymd(2999, 12, 31, &hi);
            if (cell->i < lo || cell->i > hi)
                abort();
            tr_add(t, " %s=%lld", col->name, (long long)cell->i);
            break;
        }
        case CSVT_ENUM:
            if (cell->i < 0 || cell->i >= col->nnames)
                abort();
            tr_add(t, " %s=%lld", col->name, (long long)cell->i);
            break;
        case CSVT_YESNO:
            if (cell->i != 0 && cell->i != 1)
                abort();
            tr_add(t, " %s=%lld", col->name, (long long)cell->i);
            break;
        }
    }
    tr_add(t, "\n");
    t->rows++;
    if (t->stop_at && t->rows == t->stop_at)
        return -1;
    return 0;
}

static void tr_init(struct tr *t, const struct csv_schema *s, int stop_at,
                    const char *file)
{
    memset(t, 0, sizeof *t);
    t->s = s;
    t->stop_at = stop_at;
    t->file = file;
    arena_init(&t->arena);
    strtab_init(&t->ids, &t->arena);
}

static void tr_free(struct tr *t)
{
    strtab_release(&t->ids);
    arena_release(&t->arena);
    free(t->p);
}

/* Every kept message into the transcript; checks their form. */
static void tr_diag(struct tr *t, const struct diag *d)
{
    size_t nf = strlen(t->file);
    if (d->nmsgs > DIAG_KEEP || d->nmsgs > d->total)
        abort();
    for (size_t i = 0; i < d->nmsgs; i++) {
        const char *m = d->msgs[i];
        if (strncmp(m, t->file, nf) != 0 || m[nf] != ':' || strchr(m, '\n') ||
            strchr(m, '\r')) {
            fprintf(stderr, "bad message: %s\n", m);
            abort();
        }
        tr_add(t, "E %s\n", m + nf);
    }
    tr_add(t, "total=%zu oom=%d\n", d->total, d->oom);
}

/* Read data[0..n) with the given chunk sizes (nch == 0: one call); the
 * status line goes to *status. */
static void run(struct tr *t, const struct csv_schema *s, int stop_at,
                const char *file, const uint8_t *data, size_t n,
                const uint8_t *ch, size_t nch, char *status, size_t statsz)
{
    struct diag d;
    diag_init(&d);
    tr_init(t, s, stop_at, file);
    struct csv_reader *r = csv_reader_new(file, s, on_row, t, &d);
    if (!r)
        abort();
    size_t off = 0, k = 0;
    int rc = 0;
    const char *how = "finish";
    while (off < n) {
        size_t c = nch ? ch[k++ % nch] : n;
        if (c == 0)
            c = 1;
        if (c > n - off)
            c = n - off;
        /* copy each chunk so ASan sees reads past its end */
        char *chunk = malloc(c);
        if (!chunk)
            abort();
        memcpy(chunk, data + off, c);
        rc = csv_reader_feed(r, chunk, c);
        free(chunk);
        off += c;
        if (rc) {
            how = "feed";
            break;
        }
    }
    if (rc == 0)
        rc = csv_reader_finish(r);
    snprintf(status, statsz, "%s=%d rows=%ld", how, rc, csv_reader_rows(r));
    if (rc < -1 || rc > 1)
        abort();
    if (rc < 0 && !(t->stop_at && t->rows == t->stop_at))
        abort();                /* -1 only for our callback's stop */
    if (csv_reader_rows(r) < t->rows)
        abort();
    tr_diag(t, &d);
    csv_reader_free(r);
    diag_release(&d);
}

/* The same bytes through csv_read_file.  RETURNS its exit code. */
static int run_file(struct tr *t, const struct csv_schema *s, int stop_at,
                    const char *path, int gb, const uint8_t *data, size_t n,
                    struct csv_file_info *info)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
        abort();
    struct diag d;
    diag_init(&d);
    tr_init(t, s, stop_at, path);
    int rc = csv_read_file(path, gb, s, on_row, t, &d, info);
    if (rc != 0 && rc != 70)
        abort();
    if (rc == 70 && !(t->stop_at && t->rows == t->stop_at))
        abort();                /* 70 only for our callback's stop */
    if (info->bytes != n || info->rows < t->rows)
        abort();
    struct sha256_ctx sha;
    uint8_t dig[32];
    sha256_init(&sha);
    sha256_update(&sha, n, data);
    sha256_digest(&sha, sizeof dig, dig);
    if (memcmp(dig, info->sha256, sizeof dig) != 0)
        abort();
    tr_diag(t, &d);
    diag_release(&d);
    return rc;
}

/* GB18030 -> UTF-8 in the given chunks; RETURNS a malloc'ed buffer or NULL
 * when the text is not GB18030 (*ok = 0). */
static char *convert(const uint8_t *data, size_t n, const uint8_t *ch,
                     size_t nch, size_t *outn, int *ok)
{
    struct text_conv c;
    char *res = NULL;
    size_t nres = 0, off = 0, k = 0;
    *ok = 1;
    if (text_conv_open(&c) < 0)
        abort();
    do {
        size_t len = nch ? ch[k++ % nch] : n;
        if (len == 0)
            len = 1;
        if (len > n - off)
            len = n - off;
        int last = off + len == n;
        const char *o;
        size_t on, bad;
        int rc = text_conv_feed(&c, (const char *)data + off, len, last, &o,
                                &on, &bad);
        if (rc == -2)
            abort();
        if (rc == -1) {
            if (bad > len)
                abort();
            *ok = 0;
            break;
        }
        res = realloc(res, nres + on + 1);
        if (!res)
            abort();
        if (on)
            memcpy(res + nres, o, on);
        nres += on;
        off += len;
    } while (off < n);
    text_conv_close(&c);
    if (!*ok) {
        free(res);
        return NULL;
    }
    if (!res)
        res = malloc(1);
    *outn = nres;
    return res;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const struct csv_schema *s = &schemas[data[0] & 7];
    int gb = (data[0] >> 3) & 1;
    int stop_at = data[0] >> 4;
    size_t nch = data[1] % 8;
    int file_mode = data[1] >> 7;
    if (size < 2 + nch)
        return 0;
    const uint8_t *ch = data + 2;
    const uint8_t *body = data + 2 + nch;
    size_t n = size - 2 - nch;

    static char path[256];
    if (!path[0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof path, "%s/rehouse-fuzz-csv-%ld.csv", dir,
                 (long)getpid());
    }
    const uint8_t *raw = body;
    size_t nraw = n;
    char *conv = NULL;
    int convertible = 1;
    /* csv_read_file reads a file that starts with a byte-order mark as
     * UTF-8 whatever the encoding: so does the reference */
    int bom = n >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF;
    if (gb && !bom) {
        size_t n1 = 0, n2 = 0;
        int ok1, ok2;
        char *a = convert(body, n, NULL, 0, &n1, &ok1);
        char *b = convert(body, n, ch, nch, &n2, &ok2);
        if (ok1 != ok2 || (ok1 && (n1 != n2 || memcmp(a, b, n1) != 0))) {
            fprintf(stderr, "GB18030: whole %d/%zu, chunked %d/%zu\n", ok1, n1,
                    ok2, n2);
            abort();
        }
        free(b);
        convertible = ok1;
        conv = a;
        body = (const uint8_t *)a;
        n = n1;
    }

    struct tr whole, chunked, file;
    char st1[128], st2[128];
    if (convertible) {
        run(&whole, s, stop_at, path, body, n, NULL, 0, st1, sizeof st1);
        run(&chunked, s, stop_at, path, body, n, ch, nch, st2, sizeof st2);
        if (whole.n != chunked.n || memcmp(whole.p, chunked.p, whole.n) != 0 ||
            strcmp(st1, st2) != 0) {
            fprintf(stderr, "--- whole:\n%s%s\n--- chunked:\n%s%s\n", whole.p,
                    st1, chunked.p, st2);
            abort();
        }
    }
    if (file_mode) {
        struct csv_file_info info;
        run_file(&file, s, stop_at, path, gb, raw, nraw, &info);
        if (convertible && (file.n != whole.n ||
                            memcmp(file.p, whole.p, whole.n) != 0)) {
            fprintf(stderr, "--- memory:\n%s%s\n--- csv_read_file:\n%s",
                    whole.p, st1, file.p);
            abort();
        }
        tr_free(&file);
    }
    if (convertible) {
        tr_free(&whole);
        tr_free(&chunked);
    }
    free(conv);
    return 0;
}

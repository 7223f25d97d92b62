/* csvtab.c -- table-driven CSV reader on libcsv with located, typed errors. */
#include "csvtab.h"

#include <csv.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exitcode.h"
#include "infile.h"
#include "text.h"
#include "value.h"

#define CSV_MAX_BYTES ((uint64_t)2 << 30)   /* 2 GiB per input file */

struct csv_reader {
    const char *file;
    const struct csv_schema *schema;
    csv_row_fn fn;
    void *ud;
    struct diag *d;
    struct csv_parser p;

    long line;          /* line of the next byte fed */
    int at_line_start;
    int cr_pending;     /* the last byte fed was a CR: a line end unless LF follows */
    long rec_line;      /* line where the current record started */
    unsigned char pre[3];
    int npre, bom_done;

    /* current record: fields as (offset, length) into buf */
    char *buf;
    size_t nbuf, capbuf;
    size_t *foff, *flen;
    int nf, capf;

    int header_done;
    int *colmap;        /* colmap[schema col] = field index, -1 absent */
    int nheader;        /* fields in the header */
    struct csv_cell *cells;
    long rows;
    int stop;           /* 1: structural error reported; -1: fatal */
};

static void on_field(void *s, size_t len, void *ud)
{
    struct csv_reader *r = ud;
    if (r->stop)
        return;
    if (len > CSV_MAX_FIELD) {
        diag_error(r->d, r->file, r->rec_line, "row",
                   "field too long (%zu bytes, at most %d)", len, CSV_MAX_FIELD);
        r->stop = 1;
        return;
    }
    if (r->nf >= CSV_MAX_FIELDS) {
        diag_error(r->d, r->file, r->rec_line, "row",
                   "too many fields (more than %d)", CSV_MAX_FIELDS);
        r->stop = 1;
        return;
    }
    if (r->nf == r->capf) {
        int nc = r->capf ? r->capf * 2 : 16;
        size_t *no = realloc(r->foff, (size_t)nc * sizeof *no);
        if (!no) { r->stop = -1; return; }
        r->foff = no;
        size_t *nl = realloc(r->flen, (size_t)nc * sizeof *nl);
        if (!nl) { r->stop = -1; return; }
        r->flen = nl;
        r->capf = nc;
    }
    if (r->capbuf - r->nbuf < len + 1) {
        size_t nc = r->capbuf ? r->capbuf : 256;
        while (nc - r->nbuf < len + 1)
            nc *= 2;
        char *nb = realloc(r->buf, nc);
        if (!nb) { r->stop = -1; return; }
        r->buf = nb;
        r->capbuf = nc;
    }
    if (len)
        memcpy(r->buf + r->nbuf, s, len);
    r->foff[r->nf] = r->nbuf;
    r->flen[r->nf] = len;
    r->nbuf += len;
    r->buf[r->nbuf++] = '\0';
    r->nf++;
}

/* Column name for messages about field f of the current row. */
static const char *field_name(const struct csv_reader *r, int f)
{
    if (!r->header_done)
        return "header";
    for (int c = 0; c < r->schema->ncols; c++)
        if (r->colmap[c] == f)
            return r->schema->cols[c].name;
    return "row";
}

/* Encoding and NUL checks on every field of the current record. */
static int check_bytes(struct csv_reader *r)
{
    for (int f = 0; f < r->nf; f++) {
        const char *s = r->buf + r->foff[f];
        size_t n = r->flen[f], bad;
        if (memchr(s, '\0', n)) {
            diag_error(r->d, r->file, r->rec_line, field_name(r, f),
                       "contains a NUL byte");
            return -1;
        }
        if (!text_utf8_valid(s, n, &bad)) {
            diag_error(r->d, r->file, r->rec_line, field_name(r, f),
                       "not valid UTF-8 (byte 0x%02X); for a file saved by "
                       "Excel or WPS on Chinese Windows set encoding = gb18030 "
                       "in [inputs]", (unsigned char)s[bad]);
            return -1;
        }
    }
    return 0;
}

/* Edit distance (insertions, deletions, substitutions, swaps of two
 * neighbours) between a[0..na) and b[0..nb), compared case-blind with '-'
 * as '_', cut off above 3.  Column names are short (< 64 bytes). */
static int near_distance(const char *a, size_t na, const char *b, size_t nb)
{
    enum { MAXN = 64 };
    int d[MAXN + 1][MAXN + 1];
    if (na > MAXN || nb > MAXN)
        return 99;
    char x[MAXN], y[MAXN];
    for (size_t i = 0; i < na; i++)
        x[i] = a[i] == '-' ? '_' : (a[i] >= 'A' && a[i] <= 'Z')
                                       ? (char)(a[i] - 'A' + 'a') : a[i];
    for (size_t j = 0; j < nb; j++)
        y[j] = b[j] == '-' ? '_' : (b[j] >= 'A' && b[j] <= 'Z')
                                       ? (char)(b[j] - 'A' + 'a') : b[j];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            int v = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
                x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[na][nb];
}

static void do_header(struct csv_reader *r)
{
    const struct csv_schema *sc = r->schema;
    r->nheader = r->nf;
    for (int c = 0; c < sc->ncols; c++)
        r->colmap[c] = -1;
    for (int f = 0; f < r->nf; f++) {
        const char *h = r->buf + r->foff[f];
        for (int c = 0; c < sc->ncols; c++) {
            if (strlen(sc->cols[c].name) != r->flen[f] ||
                memcmp(sc->cols[c].name, h, r->flen[f]) != 0)
                continue;
            if (r->colmap[c] >= 0) {
                diag_error(r->d, r->file, r->rec_line, sc->cols[c].name,
                           "column given twice");
                r->stop = 1;
            }
            r->colmap[c] = f;
        }
    }
    /* An unknown column that is a near miss of a column the file lacks is
     * a typo, not an extra column: capacity_cyn would silently drop every
     * payer cap. */
    unsigned char typo[64] = { 0 };
    for (int f = 0; f < r->nf; f++) {
        const char *h = r->buf + r->foff[f];
        int known = 0, best = -1, bestd = 3;
        for (int c = 0; c < sc->ncols && !known; c++)
            known = strlen(sc->cols[c].name) == r->flen[f] &&
                    memcmp(sc->cols[c].name, h, r->flen[f]) == 0;
        for (int c = 0; c < sc->ncols && !known; c++) {
            if (r->colmap[c] >= 0)
                continue;
            size_t len = strlen(sc->cols[c].name);
            int dist = near_distance(h, r->flen[f], sc->cols[c].name, len);
            /* short names are near everything: 1 edit from 4 bytes on,
             * 2 from 7 on; case and '-' for '_' alone always count */
            if (dist > (len >= 7 ? 2 : len >= 4 ? 1 : 0))
                continue;
            if (dist < bestd) {
                bestd = dist;
                best = c;
            }
        }
        if (!known && best >= 0) {
            char name[80];
            size_t n = r->flen[f] < sizeof name - 1 ? r->flen[f]
                                                    : sizeof name - 1;
            memcpy(name, h, n);
            name[n] = '\0';
            diag_error(r->d, r->file, r->rec_line, name,
                       "unknown column; did you mean %s?", sc->cols[best].name);
            if (best < (int)sizeof typo)
                typo[best] = 1;
            r->stop = 1;
        }
    }
    for (int c = 0; c < sc->ncols; c++)
        if (r->colmap[c] < 0 && !(sc->cols[c].flags & CSVC_OPTIONAL) &&
            !(c < (int)sizeof typo && typo[c])) {
            diag_error(r->d, r->file, r->rec_line, sc->cols[c].name,
                       "missing column");
            r->stop = 1;
        }
    r->header_done = 1;
}

static int parse_cell(struct csv_reader *r, const struct csv_column *col,
                      const char *s, size_t n, struct csv_cell *cell)
{
    char err[256];
    int rc = 0, iv;
    rh_date dv;

    cell->present = 0;
    cell->i = 0;
    cell->s = s;
    cell->n = n;
    if (n == 0 && (col->flags & CSVC_OPTIONAL))
        return 0;
    switch (col->type) {
    case CSVT_ID:    rc = value_parse_id(s, n, err, sizeof err); break;
    case CSVT_TEXT:  rc = value_parse_text(s, n, err, sizeof err); break;
    case CSVT_INT:
        rc = value_parse_int(s, n, col->min, col->max, &cell->i, err, sizeof err);
        break;
    case CSVT_FIXED:
        rc = value_parse_fixed(s, n, col->scale, col->min, col->max, &cell->i,
                               err, sizeof err);
        break;
    case CSVT_MONEY: rc = value_parse_money(s, n, &cell->i, err, sizeof err); break;
    case CSVT_DATE:
        rc = value_parse_date(s, n, &dv, err, sizeof err);
        cell->i = rc == 0 ? dv : 0;
        break;
    case CSVT_ENUM:
        rc = value_parse_enum(s, n, col->names, col->nnames, &iv, err, sizeof err);
        cell->i = rc == 0 ? iv : 0;
        break;
    case CSVT_YESNO:
        rc = value_parse_yesno(s, n, &iv, err, sizeof err);
        cell->i = rc == 0 ? iv : 0;
        break;
    }
    if (rc != 0) {
        diag_error(r->d, r->file, r->rec_line, col->name, "%s", err);
        return -1;
    }
    cell->present = 1;
    return 0;
}

static void on_row(int term, void *ud)
{
    struct csv_reader *r = ud;
    (void)term;
    if (r->stop)
        goto done;
    if (check_bytes(r) < 0) {
        r->stop = 1;
        goto done;
    }
    if (!r->header_done) {
        do_header(r);
        goto done;
    }
    if (r->rows >= CSV_MAX_ROWS) {
        diag_error(r->d, r->file, r->rec_line, "row",
                   "too many rows (more than %ld)", CSV_MAX_ROWS);
        r->stop = 1;
        goto done;
    }
    r->rows++;
    if (r->nf != r->nheader) {
        diag_error(r->d, r->file, r->rec_line, "row",
                   "%d fields, the header has %d", r->nf, r->nheader);
        goto done;
    }
    const struct csv_schema *sc = r->schema;
    int bad = 0;
    for (int c = 0; c < sc->ncols; c++) {
        int f = r->colmap[c];
        const char *s = f >= 0 ? r->buf + r->foff[f] : "";
        size_t n = f >= 0 ? r->flen[f] : 0;
        if (parse_cell(r, &sc->cols[c], s, n, &r->cells[c]) < 0)
            bad = 1;
    }
    struct csv_row row = { r->file, r->rec_line, r->cells, bad };
    if (r->fn(r->ud, &row) < 0)
        r->stop = -1;
done:
    r->nf = 0;
    r->nbuf = 0;
}

struct csv_reader *csv_reader_new(const char *file, const struct csv_schema *s,
                                  csv_row_fn fn, void *ud, struct diag *d)
{
    struct csv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->file = file;
    r->schema = s;
    r->fn = fn;
    r->ud = ud;
    r->d = d;
    r->line = 1;
    r->at_line_start = 1;
    r->rec_line = 1;
    r->colmap = calloc((size_t)s->ncols + 1, sizeof *r->colmap);
    r->cells = calloc((size_t)s->ncols + 1, sizeof *r->cells);
    if (!r->colmap || !r->cells ||
        csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(r->colmap);
        free(r->cells);
        free(r);
        return NULL;
    }
    return r;
}

void csv_reader_free(struct csv_reader *r)
{
    if (!r)
        return;
    csv_free(&r->p);
    free(r->buf);
    free(r->foff);
    free(r->flen);
    free(r->colmap);
    free(r->cells);
    free(r);
}

long csv_reader_rows(const struct csv_reader *r)
{
    return r->rows;
}

static const char *parse_error_text(int e)
{
    switch (e) {
    case CSV_EPARSE:  return "malformed CSV: a quote inside an unquoted field, "
                             "or text after a closing quote";
    case CSV_ETOOBIG: return "field too large";
    case CSV_ENOMEM:  return "out of memory";
    default:          return "malformed CSV";
    }
}

static int status(const struct csv_reader *r)
{
    return r->stop < 0 ? -1 : r->stop > 0 ? 1 : 0;
}

/* Feed bytes after the BOM check, one physical line segment at a time so
 * that every record's first line is known. */
static int feed_raw(struct csv_reader *r, const char *buf, size_t n)
{
    while (n && !r->stop) {
        if (r->cr_pending) {            /* a lone CR ended the line */
            r->cr_pending = 0;
            if (buf[0] != '\n') {
                r->line++;
                r->at_line_start = 1;
            }
        }
        size_t seg = 0;
        while (seg < n && buf[seg] != '\n' && buf[seg] != '\r')
            seg++;
        char end = seg < n ? buf[seg] : 0;
        if (seg < n)
            seg++;
        if (r->at_line_start && r->p.pstate == 0)   /* ROW_NOT_BEGUN */
            r->rec_line = r->line;
        size_t got = csv_parse(&r->p, buf, seg, on_field, on_row, r);
        if (r->stop)
            break;
        if (got < seg) {
            int e = csv_error(&r->p);
            if (e == CSV_ENOMEM) {
                r->stop = -1;
                break;
            }
            diag_error(r->d, r->file, r->line, "row", "%s", parse_error_text(e));
            r->stop = 1;
            break;
        }
        if (end == '\n') {
            r->line++;
            r->at_line_start = 1;
        } else {
            r->at_line_start = 0;
            r->cr_pending = end == '\r';
        }
        buf += seg;
        n -= seg;
    }
    return status(r);
}

int csv_reader_feed(struct csv_reader *r, const char *buf, size_t n)
{
    static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
    while (!r->bom_done && n) {
        r->pre[r->npre++] = (unsigned char)*buf++;
        n--;
        if (r->pre[r->npre - 1] != bom[r->npre - 1]) {
            r->bom_done = 1;
            if (feed_raw(r, (const char *)r->pre, (size_t)r->npre) != 0)
                return status(r);
        } else if (r->npre == 3) {
            r->bom_done = 1;
        }
    }
    if (r->stop)
        return status(r);
    return feed_raw(r, buf, n);
}

int csv_reader_finish(struct csv_reader *r)
{
    if (!r->bom_done && r->npre) {
        r->bom_done = 1;
        if (feed_raw(r, (const char *)r->pre, (size_t)r->npre) != 0)
            return status(r);
    }
    if (r->stop)
        return status(r);
    if (r->at_line_start && r->p.pstate == 0)
        r->rec_line = r->line;
    if (csv_fini(&r->p, on_field, on_row, r) != 0 && !r->stop) {
        diag_error(r->d, r->file, r->rec_line, "row",
                   "unterminated quoted field at end of file");
        r->stop = 1;
    }
    if (!r->stop && !r->header_done) {
        diag_error(r->d, r->file, 1, "header", "empty file (no header row)");
        r->stop = 1;
    }
    return status(r);
}

int csv_read_file(const char *path, int encoding, const struct csv_schema *s,
                  csv_row_fn fn, void *ud, struct diag *d,
                  struct csv_file_info *info)
{
    struct sha256_ctx sha;
    struct text_conv conv;
    int use_conv = encoding == 1;
    char *chunk = NULL;
    struct csv_reader *r = NULL;
    int rc = 0;

    memset(info, 0, sizeof *info);
    const char *why;
    FILE *f = infile_open(path, &why);
    if (!f) {
        int e = errno;
        diag_error(d, path, 0, NULL, "%s: %s",
                   e == EISDIR || e == EINVAL ? "cannot read" : "cannot open",
                   why);
        return e == ENOMEM ? RH_EXIT_SOFTWARE : RH_EXIT_NOINPUT;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (uint64_t)st.st_size > CSV_MAX_BYTES) {
        diag_error(d, path, 0, NULL, "file too large (%llu bytes, at most %llu)",
                   (unsigned long long)st.st_size,
                   (unsigned long long)CSV_MAX_BYTES);
        fclose(f);
        return 0;
    }
    if (use_conv && text_conv_open(&conv) < 0) {
        diag_error(d, path, 0, NULL, "this system cannot convert from GB18030");
        fclose(f);
        return 0;
    }
    sha256_init(&sha);
    enum { CHUNK = 1 << 16 };
    chunk = malloc(CHUNK);
    r = csv_reader_new(path, s, fn, ud, d);
    if (!chunk || !r) {
        rc = RH_EXIT_SOFTWARE;
        goto out;
    }
    long raw_line = 1;       /* line of the chunk's first byte, for messages */
    int cut = 0;             /* a decoding or size error stopped the file */
    int first = 1;
    for (;;) {
        size_t n = fread(chunk, 1, CHUNK, f);
        if (n == 0 && ferror(f)) {
            int e = errno;
            diag_error(d, path, 0, NULL, "cannot read: %s", strerror(e));
            rc = e == ENOMEM ? RH_EXIT_SOFTWARE : RH_EXIT_NOINPUT;
            goto out;
        }
        if (info->bytes + n > CSV_MAX_BYTES) {
            diag_error(d, path, 0, NULL, "file too large (more than %llu bytes)",
                       (unsigned long long)CSV_MAX_BYTES);
            cut = 1;
            goto out;
        }
        /* A byte-order mark says UTF-8, whatever plan.ini's encoding: such
         * a file is read as UTF-8 (the reader drops the mark). */
        if (first && use_conv && n >= 3 && (unsigned char)chunk[0] == 0xEF &&
            (unsigned char)chunk[1] == 0xBB && (unsigned char)chunk[2] == 0xBF)
            use_conv = 0;
        first = 0;
        info->bytes += n;
        sha256_update(&sha, n, (const uint8_t *)chunk);
        int last = n < CHUNK && feof(f);
        const char *data = chunk;
        size_t ndata = n;
        if (use_conv) {
            size_t bad = 0;
            int cr = text_conv_feed(&conv, chunk, n, last, &data, &ndata, &bad);
            if (cr == -2) { rc = RH_EXIT_SOFTWARE; goto out; }
            if (cr == -1) {
                for (size_t i = 0; i < bad && i < n; i++)
                    if (chunk[i] == '\n') raw_line++;
                diag_error(d, path, raw_line, NULL,
                           "not valid GB18030 text (byte 0x%02X); a UTF-8 "
                           "file is read as such when it starts with a "
                           "byte-order mark (UTF-8 with BOM)",
                           bad == 0 && conv.ncarry ? (unsigned char)conv.carry[0]
                           : bad < n ? (unsigned char)chunk[bad] : 0u);
                cut = 1;
                goto out;
            }
            for (size_t i = 0; i < n; i++)
                if (chunk[i] == '\n') raw_line++;
        }
        int fr = csv_reader_feed(r, data, ndata);
        if (fr < 0) { rc = RH_EXIT_SOFTWARE; goto out; }
        if (fr > 0) goto out;
        if (last || n == 0)
            break;
    }
    if (csv_reader_finish(r) < 0)
        rc = RH_EXIT_SOFTWARE;
out:
    /* hash the rest of the file so the audit digest is always complete */
    if (rc == 0 && chunk) {
        size_t n;
        while ((n = fread(chunk, 1, CHUNK, f)) > 0) {
            info->bytes += n;
            sha256_update(&sha, n, (const uint8_t *)chunk);
        }
    }
    sha256_digest(&sha, sizeof info->sha256, info->sha256);
    if (r) {
        info->rows = csv_reader_rows(r);
        info->complete = rc == 0 && !cut && r->stop == 0;
    }
    csv_reader_free(r);
    free(chunk);
    if (encoding == 1)
        text_conv_close(&conv);
    fclose(f);
    if (d->oom)
        rc = RH_EXIT_SOFTWARE;
    return rc;
}

/* csvout.c -- buffered CSV writer: libcsv quoting, typed bare numbers. */
#include "csvout.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int csvout_open(struct csvout *w, const char *path)
{
    w->ncells = 0;
    return outfile_open(&w->f, path);
}

int csvout_neutralise_needed(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
           c == '\r';
}

/* The separator before a cell that is not the first of its row. */
static int sep(struct csvout *w)
{
    if (w->ncells++ > 0)
        return outfile_putc(&w->f, ',');
    return 0;
}

int csvout_header(struct csvout *w, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        const char *s = names[i];
        if (!*s) {
            errno = EINVAL;
            return -1;
        }
        for (const char *p = s; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_')) {
                errno = EINVAL;
                return -1;
            }
        if (sep(w) < 0 || outfile_puts(&w->f, s) < 0)
            return -1;
    }
    return csvout_end_row(w);
}

int csvout_text_n(struct csvout *w, const char *s, size_t n)
{
    char small[512];
    char *dst = small;
    size_t need, cap = sizeof small;
    int rc;

    if (sep(w) < 0)
        return -1;
    /* Ids, names and codes hardly ever hold a quote: then csv_write's
     * output is the text between two quotes, written here without its
     * byte-by-byte copy into a scratch buffer. */
    if (!memchr(s, '"', n)) {
        int neut = n > 0 && csvout_neutralise_needed(s[0]);
        return outfile_write(&w->f, "\"'", neut ? 2 : 1) < 0 ||
               outfile_write(&w->f, s, n) < 0 ||
               outfile_putc(&w->f, '"') < 0 ? -1 : 0;
    }
    if (n > (SIZE_MAX - 2) / 2) {
        errno = EOVERFLOW;
        return -1;
    }
    need = 2 * n + 2;               /* every byte a quote, plus the quotes */
    if (need > cap) {
        dst = malloc(need);
        if (!dst) {
            errno = ENOMEM;
            return -1;
        }
        cap = need;
    }
    size_t len = csv_write(dst, cap, s, n);
    if (len > cap) {                /* cannot happen: need is the worst case */
        if (dst != small)
            free(dst);
        errno = EOVERFLOW;
        return -1;
    }
    /* len >= 2 and dst starts with the opening quote. */
    if (n > 0 && csvout_neutralise_needed(s[0]))
        rc = outfile_write(&w->f, "\"'", 2) < 0 ||
             outfile_write(&w->f, dst + 1, len - 1) < 0 ? -1 : 0;
    else
        rc = outfile_write(&w->f, dst, len);
    if (dst != small) {
        int e = errno;
        free(dst);
        errno = e;
    }
    return rc;
}

int csvout_text(struct csvout *w, const char *s)
{
    return csvout_text_n(w, s, strlen(s));
}

int csvout_int(struct csvout *w, int64_t v)
{
    char buf[24];
    int n = fmt_int64(v, buf);
    if (sep(w) < 0)
        return -1;
    return outfile_write(&w->f, buf, (size_t)n);
}

int csvout_fixed(struct csvout *w, int64_t v, int scale)
{
    char buf[32];
    int n = value_format_fixed(v, scale, buf);
    if (sep(w) < 0)
        return -1;
    return outfile_write(&w->f, buf, (size_t)n);
}

int csvout_date(struct csvout *w, rh_date d)
{
    char buf[11];
    value_format_date(d, buf);
    if (sep(w) < 0)
        return -1;
    return outfile_write(&w->f, buf, 10);
}

int csvout_number(struct csvout *w, const char *s)
{
    if (!*s) {
        errno = EINVAL;
        return -1;
    }
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '.')) {
            errno = EINVAL;
            return -1;
        }
    if (sep(w) < 0)
        return -1;
    return outfile_puts(&w->f, s);
}

int csvout_empty(struct csvout *w)
{
    return sep(w);
}

int csvout_end_row(struct csvout *w)
{
    w->ncells = 0;
    return outfile_putc(&w->f, '\n');
}

int csvout_close(struct csvout *w)
{
    return outfile_close(&w->f);
}

void csvout_abort(struct csvout *w)
{
    outfile_abort(&w->f);
}

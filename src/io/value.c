/* value.c -- typed parsers for CSV and INI cells (see value.h). */
#include "io/value.h"

#include <stdio.h>
#include <string.h>

#define QUOTE_MAX 40        /* bytes of cell content shown in a message */
#define ID_MAX 64
#define TEXT_MAX 1024
#define DATE_Y_MIN 1900
#define DATE_Y_MAX 2999
#define MONEY_MAX_CENTS 100000000000000LL /* 10^12 CNY */

/* ---------------------------------------------------------------- buffer */

/* A bounded string builder: always NUL-terminated, never overflows. */
typedef struct {
    char *buf;
    size_t cap;
    size_t len;
    int full;
} sbuf;

static void sb_init(sbuf *b, char *buf, size_t cap)
{
    b->buf = buf;
    b->cap = cap;
    b->len = 0;
    b->full = (buf == NULL || cap == 0);
    if (!b->full)
        buf[0] = '\0';
}

/* Appends n bytes of text; when it does not fit, appends as much as fits
 * without cutting a UTF-8 sequence, and stops the builder. */
static void sb_putn(sbuf *b, const char *s, size_t n)
{
    size_t avail, k;

    if (b->full)
        return;
    avail = b->cap - 1 - b->len;
    k = n;
    if (n > avail) {
        k = avail;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        b->full = 1;
    }
    memcpy(b->buf + b->len, s, k);
    b->len += k;
    b->buf[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

/* Appends n bytes as one unit, or nothing (and stops) when they do not fit. */
static void sb_unit(sbuf *b, const char *s, size_t n)
{
    if (b->full)
        return;
    if (n > b->cap - 1 - b->len) {
        b->full = 1;
        return;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

/* Length of the valid UTF-8 sequence (2..4 bytes) starting at p[0], given
 * that `left` bytes remain; 0 when p[0] does not start one. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    size_t len, i;
    unsigned char lo = 0x80, hi = 0xBF;

    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (left < len)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (i = 2; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

static void sb_quote(sbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int cut = 0;

    sb_unit(b, "'", 1);
    while (i < n) {
        unsigned char c = p[i];
        size_t len = 1;
        int escape = 0;

        if (c < 0x20 || c == 0x7F) {
            escape = 1;
        } else if (c >= 0x80) {
            len = utf8_seq(p + i, n - i);
            if (len == 0) {
                len = 1;
                escape = 1;
            }
        }
        if (n > QUOTE_MAX && i + len > QUOTE_MAX) {
            cut = 1;
            break;
        }
        if (escape) {
            char e[4];
            e[0] = '\\';
            e[1] = 'x';
            e[2] = hex[c >> 4];
            e[3] = hex[c & 0x0F];
            sb_unit(b, e, 4);
        } else {
            sb_unit(b, s + i, len);
        }
        i += len;
    }
    if (cut)
        sb_unit(b, "...", 3);
    sb_unit(b, "'", 1);
}

const char *value_quote(const char *s, size_t n, char *buf, size_t bufsz)
{
    sbuf b;

    sb_init(&b, buf, bufsz);
    sb_quote(&b, s, n);
    return buf;
}

/* "<pre>'<cell>'<post>" into err. */
static int fail_quoted(char *err, size_t errsz, const char *pre,
                       const char *s, size_t n, const char *post)
{
    sbuf b;

    sb_init(&b, err, errsz);
    sb_puts(&b, pre);
    sb_quote(&b, s, n);
    sb_puts(&b, post);
    return -1;
}

static int fail(char *err, size_t errsz, const char *msg)
{
    sbuf b;

    sb_init(&b, err, errsz);
    sb_puts(&b, msg);
    return -1;
}

/* ------------------------------------------------------------- formatting */

int value_format_fixed(int64_t v, int scale, char buf[32])
{
    char digits[24];
    int nd = 0, len = 0, i;
    uint64_t mag;

    if (scale < 0)
        scale = 0;
    if (scale > 18)
        scale = 18;
    mag = v < 0 ? (uint64_t)(-(v + 1)) + 1u : (uint64_t)v;
    do {
        digits[nd++] = (char)('0' + (int)(mag % 10u));
        mag /= 10u;
    } while (mag != 0);
    while (nd < scale + 1)
        digits[nd++] = '0';
    if (v < 0)
        buf[len++] = '-';
    for (i = nd - 1; i >= 0; i--) {
        buf[len++] = digits[i];
        if (i == scale && scale > 0)
            buf[len++] = '.';
    }
    buf[len] = '\0';
    return len;
}

/* A scaled value shown unscaled, without trailing zeros or '.'. */
static void format_unscaled(int64_t v, int scale, char buf[32])
{
    int len = value_format_fixed(v, scale, buf);

    if (scale <= 0)
        return;
    while (len > 0 && buf[len - 1] == '0')
        len--;
    if (len > 0 && buf[len - 1] == '.')
        len--;
    buf[len] = '\0';
}

/* ---------------------------------------------------------------- numbers */

int value_is_empty(const char *s, size_t n)
{
    (void)s;
    return n == 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

struct num {
    int neg;
    int has_point;
    size_t frac_len;
    int nonzero;
    int overflow;  /* magnitude does not fit in int64 once scaled */
    int64_t value; /* valid when !overflow and frac_len <= scale */
};

/* Syntax: -?[0-9]+(\.[0-9]+)?  Returns -1 when s is not of that form. */
static int num_scan(const char *s, size_t n, int scale, struct num *r)
{
    size_t i = 0, int_start, int_len, frac_start = 0;
    uint64_t mag = 0, limit;
    int k;

    memset(r, 0, sizeof *r);
    if (i < n && s[i] == '-') {
        r->neg = 1;
        i++;
    }
    int_start = i;
    while (i < n && is_digit(s[i]))
        i++;
    int_len = i - int_start;
    if (int_len == 0)
        return -1;
    if (i < n && s[i] == '.') {
        r->has_point = 1;
        i++;
        frac_start = i;
        while (i < n && is_digit(s[i]))
            i++;
        r->frac_len = i - frac_start;
        if (r->frac_len == 0)
            return -1;
    }
    if (i != n)
        return -1;

    for (i = int_start; i < n; i++)
        if (is_digit(s[i]) && s[i] != '0')
            r->nonzero = 1;
    if (r->frac_len > (size_t)scale)
        return 0;

    /* Accumulate the scaled magnitude with explicit overflow checks. */
    limit = r->neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    for (i = int_start; i < n; i++) {
        unsigned d;
        if (s[i] == '.')
            continue;
        d = (unsigned)(s[i] - '0');
        if (mag > (limit - d) / 10u) {
            r->overflow = 1;
            return 0;
        }
        mag = mag * 10u + d;
    }
    for (k = (int)r->frac_len; k < scale; k++) {
        if (mag > limit / 10u) {
            r->overflow = 1;
            return 0;
        }
        mag *= 10u;
    }
    if (r->neg)
        r->value = mag == 0 ? 0 : -(int64_t)(mag - 1u) - 1;
    else
        r->value = (int64_t)mag;
    return 0;
}

static int fail_range(const char *s, size_t n, int scale, int64_t min,
                      int64_t max, char *err, size_t errsz)
{
    char lo[32], hi[32], post[80];

    format_unscaled(min, scale, lo);
    format_unscaled(max, scale, hi);
    snprintf(post, sizeof post, " (allowed %s to %s)", lo, hi);
    return fail_quoted(err, errsz, "out of range: ", s, n, post);
}

/* Common front checks; returns 0 when the cell is a well-formed number. */
static int num_front(const char *s, size_t n, int scale, struct num *r,
                     char *err, size_t errsz)
{
    if (n == 0)
        return fail(err, errsz, "empty value");
    if (is_blank(s[0]) || is_blank(s[n - 1]))
        return fail_quoted(err, errsz, "unexpected blank: ", s, n, "");
    if (num_scan(s, n, scale, r) != 0)
        return fail_quoted(err, errsz, "not a number: ", s, n, "");
    return 0;
}

int value_parse_fixed(const char *s, size_t n, int scale, int64_t min,
                      int64_t max, int64_t *out, char *err, size_t errsz)
{
    struct num r;

    if (scale < 0 || scale > 9) {
        char msg[48];
        snprintf(msg, sizeof msg, "internal error: bad scale %d", scale);
        return fail(err, errsz, msg);
    }
    if (num_front(s, n, scale, &r, err, errsz) != 0)
        return -1;
    if (r.frac_len > (size_t)scale) {
        char pre[48];
        snprintf(pre, sizeof pre, "more than %d decimals: ", scale);
        return fail_quoted(err, errsz, pre, s, n, "");
    }
    if (r.overflow || r.value < min || r.value > max)
        return fail_range(s, n, scale, min, max, err, errsz);
    if (r.neg && min >= 0)      /* "-0": no sign where none is allowed */
        return fail_quoted(err, errsz, "a sign is not allowed here: ", s, n,
                           "");
    *out = r.value;
    return 0;
}

int value_parse_int(const char *s, size_t n, int64_t min, int64_t max,
                    int64_t *out, char *err, size_t errsz)
{
    struct num r;

    /* Scan with a large scale so "1.0" is told apart from "1x". */
    if (num_front(s, n, 9, &r, err, errsz) != 0)
        return -1;
    if (r.has_point)
        return fail_quoted(err, errsz, "not a whole number: ", s, n, "");
    return value_parse_fixed(s, n, 0, min, max, out, err, errsz);
}

int value_parse_money(const char *s, size_t n, int64_t *out, char *err,
                      size_t errsz)
{
    struct num r;

    if (num_front(s, n, 2, &r, err, errsz) != 0)
        return -1;
    if (r.frac_len > 2)
        return fail_quoted(err, errsz, "more than 2 decimals: ", s, n, "");
    if (r.neg)                  /* "-0.00" too: no sign on an amount */
        return fail_quoted(err, errsz, "negative amount: ", s, n, "");
    return value_parse_fixed(s, n, 2, 0, MONEY_MAX_CENTS, out, err, errsz);
}

/* ------------------------------------------------------------- id / text */

static int is_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
           c == '-' || c == '_' || c == '.' || c == '/';
}

int value_parse_id(const char *s, size_t n, char *err, size_t errsz)
{
    size_t i;

    if (n == 0)
        return fail(err, errsz, "empty value");
    if (n > ID_MAX)
        return fail_quoted(err, errsz, "id too long: ", s, n,
                           " (at most 64 bytes)");
    for (i = 0; i < n; i++)
        if (!is_id_char(s[i]))
            return fail_quoted(err, errsz, "bad id: ", s, n,
                               " (letters, digits, - _ . / only)");
    return 0;
}

int value_parse_text(const char *s, size_t n, char *err, size_t errsz)
{
    (void)s;
    if (n == 0)
        return fail(err, errsz, "empty value");
    if (n > TEXT_MAX) {
        char msg[64];
        snprintf(msg, sizeof msg, "text too long (%zu bytes, at most %d)", n,
                 TEXT_MAX);
        return fail(err, errsz, msg);
    }
    return 0;
}

/* ------------------------------------------------------------------ dates */

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y))
        return 29;
    return dim[m - 1];
}

/* Howard Hinnant's days_from_civil. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int value_date_from_ymd(int y, int m, int d, rh_date *out)
{
    if (y < DATE_Y_MIN || y > DATE_Y_MAX || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return -1;
    *out = (rh_date)days_from_civil(y, m, d);
    return 0;
}

/* Howard Hinnant's civil_from_days. */
void value_date_to_ymd(rh_date d, int *y, int *m, int *dd)
{
    int64_t z = (int64_t)d + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1;
    int64_t mon = mp < 10 ? mp + 3 : mp - 9;

    *y = (int)(yy + (mon <= 2));
    *m = (int)mon;
    *dd = (int)day;
}

void value_format_date(rh_date d, char buf[11])
{
    int y, m, dd;

    value_date_to_ymd(d, &y, &m, &dd);
    if (y < 0 || y > 9999) {
        memcpy(buf, "0000-00-00", 11);
        return;
    }
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = '\0';
}

static int digits_at(const char *s, int from, int count)
{
    int v = 0, i;

    for (i = from; i < from + count; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int value_parse_date(const char *s, size_t n, rh_date *out, char *err,
                     size_t errsz)
{
    static const int digit_pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    int i, y, m, d;

    if (n == 0)
        return fail(err, errsz, "empty value");
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return fail_quoted(err, errsz, "not a date (YYYY-MM-DD): ", s, n, "");
    for (i = 0; i < 8; i++)
        if (!is_digit(s[digit_pos[i]]))
            return fail_quoted(err, errsz, "not a date (YYYY-MM-DD): ", s, n,
                               "");
    y = digits_at(s, 0, 4);
    m = digits_at(s, 5, 2);
    d = digits_at(s, 8, 2);
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return fail_quoted(err, errsz, "impossible date: ", s, n, "");
    if (y < DATE_Y_MIN || y > DATE_Y_MAX)
        return fail_quoted(err, errsz, "out of range: ", s, n,
                           " (allowed 1900-01-01 to 2999-12-31)");
    *out = (rh_date)days_from_civil(y, m, d);
    return 0;
}

/* ------------------------------------------------------------ enum/yesno */

int value_parse_enum(const char *s, size_t n, const char *const *names,
                     int count, int *out, char *err, size_t errsz)
{
    sbuf b;
    int i;

    if (n == 0)
        return fail(err, errsz, "empty value");
    for (i = 0; i < count; i++) {
        if (names[i] != NULL && strlen(names[i]) == n &&
            memcmp(names[i], s, n) == 0) {
            *out = i;
            return 0;
        }
    }
    sb_init(&b, err, errsz);
    sb_puts(&b, "unknown value ");
    sb_quote(&b, s, n);
    if (count > 0) {
        sb_puts(&b, " (expected ");
        for (i = 0; i < count; i++) {
            if (i > 0)
                sb_puts(&b, i == count - 1 ? " or " : ", ");
            sb_puts(&b, names[i] != NULL ? names[i] : "");
        }
        sb_puts(&b, ")");
    }
    return -1;
}

int value_parse_yesno(const char *s, size_t n, int *out, char *err,
                      size_t errsz)
{
    static const char *const names[2] = {"yes", "no"};
    int idx;

    if (value_parse_enum(s, n, names, 2, &idx, err, errsz) != 0)
        return -1;
    *out = idx == 0 ? 1 : 0;
    return 0;
}

/* fuzz_value.c -- libFuzzer harness for the typed parsers of src/io/value.c,
 * checked against small reference implementations of value.h's contract.
 *
 * Input layout:
 *   byte 0    which function (value_parse_id/text/int/fixed/money/date/
 *             enum/yesno, value_quote, date conversions)
 *   byte 1    the message buffer size errsz (0..255; the buffer is a heap
 *             block of exactly that size, so ASan sees any overflow)
 *   byte 2    scale for value_parse_fixed (0..9, and out-of-range values)
 *   bytes 3-18  min and max (int64, little endian) for int/fixed
 *   rest      the cell (exactly its bytes, not NUL-terminated)
 *
 * Oracles: accept/refuse and the value agree with the reference grammar
 * -?[0-9]+(\.[0-9]+)? evaluated exactly in 128-bit arithmetic (ints: no
 * point; no sign where the range has no negative values ("-0" is
 * refused); money: no sign at all, at most 2 decimals, 0..10^12 CNY;
 * dates: YYYY-MM-DD, 1900..2999, real calendar days; ids: 1..64 bytes of
 * [A-Za-z0-9_./-]; text: 1..1024 bytes); a refusal writes a NUL-terminated
 * one-line message inside errsz; formatted values parse back to themselves.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/value.h"

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "check failed: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* Reference number: -?D+(.D+)?, scaled by `scale`.  RETURNS 0 not a number,
 * 1 ok (*v set, *ovf when |v| > 2^100), with *frac and *neg. */
static int ref_num(const uint8_t *s, size_t n, int scale, __int128 *v,
                   int *ovf, size_t *frac, int *neg, int *point)
{
    size_t i = 0, nd = 0;
    __int128 m = 0;
    const __int128 big = (__int128)1 << 100;
    *ovf = 0;
    *frac = 0;
    *neg = 0;
    *point = 0;
    if (i < n && s[i] == '-') {
        *neg = 1;
        i++;
    }
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (m < big)
            m = m * 10 + (s[i] - '0');
        else
            *ovf = 1;
        i++;
        nd++;
    }
    if (nd == 0)
        return 0;
    if (i < n && s[i] == '.') {
        *point = 1;
        i++;
        size_t nf = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if ((int)nf < scale) {
                if (m < big)
                    m = m * 10 + (s[i] - '0');
                else
                    *ovf = 1;
            }
            i++;
            nf++;
        }
        if (nf == 0)
            return 0;
        *frac = nf;
    }
    if (i != n)
        return 0;
    for (int k = (int)*frac; k < scale; k++) {
        if (m < big)
            m *= 10;
        else
            *ovf = 1;
    }
    *v = *neg ? -m : m;
    return 1;
}

static void check_err(const char *err, size_t errsz)
{
    if (errsz == 0)
        return;
    const char *z = memchr(err, '\0', errsz);
    CHECK(z != NULL);
    CHECK(memchr(err, '\n', (size_t)(z - err)) == NULL);
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int ref_date(const uint8_t *s, size_t n, int *y, int *m, int *d)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1)
        return 0;
    int dim = mdays[*m - 1] + (*m == 2 && is_leap(*y));
    return *d <= dim;
}

static const char *const names3[] = { "alpha", "beta", "gamma" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 19)
        return 0;
    int which = data[0] % 11;
    size_t errsz = data[1];
    int scale = (int8_t)data[2];
    int64_t min, max;
    memcpy(&min, data + 3, 8);
    memcpy(&max, data + 11, 8);
    const uint8_t *cell = data + 19;
    size_t n = size - 19;
    /* exact-size copies: any read past the cell or write past err shows */
    char *s = malloc(n ? n : 1);
    char *err = malloc(errsz ? errsz : 1);
    CHECK(s && err);
    if (n)
        memcpy(s, cell, n);
    memset(err, 'x', errsz ? errsz : 1);
    char *e = errsz ? err : NULL;

    __int128 rv;
    int ovf, neg, point;
    size_t frac;
    int64_t out = 0;
    int rc, ok;
    char buf[32];

    switch (which) {
    case 0: {   /* id */
        rc = value_parse_id(s, n, e, errsz);
        ok = n >= 1 && n <= 64;
        for (size_t i = 0; ok && i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                 c == '/';
        }
        CHECK((rc == 0) == ok);
        break;
    }
    case 1:     /* text */
        rc = value_parse_text(s, n, e, errsz);
        CHECK((rc == 0) == (n >= 1 && n <= 1024));
        break;
    case 2: {   /* int */
        if (min > max) {
            int64_t t = min;
            min = max;
            max = t;
        }
        rc = value_parse_int(s, n, min, max, &out, e, errsz);
        int num = ref_num(cell, n, 0, &rv, &ovf, &frac, &neg, &point);
        /* with a point the reference scales nothing: "1.0" is refused */
        ok = num && !point && !ovf && rv >= min && rv <= max &&
             !(neg && min >= 0);    /* "-0": no sign where none is allowed */
        CHECK((rc == 0) == ok);
        if (ok)
            CHECK(out == (int64_t)rv);
        break;
    }
    case 3: {   /* fixed */
        if (min > max) {
            int64_t t = min;
            min = max;
            max = t;
        }
        rc = value_parse_fixed(s, n, scale, min, max, &out, e, errsz);
        if (scale < 0 || scale > 9) {
            CHECK(rc != 0);
            break;
        }
        int num = ref_num(cell, n, scale, &rv, &ovf, &frac, &neg, &point);
        ok = num && frac <= (size_t)scale && !ovf && rv >= min && rv <= max &&
             !(neg && min >= 0);
        CHECK((rc == 0) == ok);
        if (ok) {
            CHECK(out == (int64_t)rv);
            int len = value_format_fixed(out, scale, buf);
            int64_t back;
            char e2[128];
            CHECK(len > 0 && len < 32 && (size_t)len == strlen(buf));
            CHECK(value_parse_fixed(buf, (size_t)len, scale, min, max, &back,
                                    e2, sizeof e2) == 0);
            CHECK(back == out);
        }
        break;
    }
    case 4: {   /* money */
        rc = value_parse_money(s, n, &out, e, errsz);
        int num = ref_num(cell, n, 2, &rv, &ovf, &frac, &neg, &point);
        ok = num && frac <= 2 && !ovf && !neg && rv <= 100000000000000LL;
        CHECK((rc == 0) == ok);
        if (ok)
            CHECK(out == (int64_t)rv);
        break;
    }
    case 5: {   /* date */
        rh_date dv;
        int y, m, d;
        rc = value_parse_date(s, n, &dv, e, errsz);
        ok = ref_date(cell, n, &y, &m, &d);
        CHECK((rc == 0) == ok);
        if (ok) {
            char db[11];
            int y2, m2, d2;
            rh_date dv2;
            value_format_date(dv, db);
            CHECK(memcmp(db, s, 10) == 0 && db[10] == '\0');
            value_date_to_ymd(dv, &y2, &m2, &d2);
            CHECK(y2 == y && m2 == m && d2 == d);
            CHECK(value_date_from_ymd(y, m, d, &dv2) == 0 && dv2 == dv);
            /* the next day is one more */
            rh_date next;
            if (value_date_from_ymd(y, m, d + 1, &next) == 0)
                CHECK(next == dv + 1);
        }
        break;
    }
    case 6: {   /* enum */
        int iv = -1;
        rc = value_parse_enum(s, n, names3, 3, &iv, e, errsz);
        int want = -1;
        for (int k = 0; k < 3; k++)
            if (strlen(names3[k]) == n && memcmp(names3[k], s, n) == 0)
                want = k;
        CHECK((rc == 0) == (want >= 0));
        if (rc == 0)
            CHECK(iv == want);
        break;
    }
    case 7: {   /* yesno */
        int iv = -1;
        rc = value_parse_yesno(s, n, &iv, e, errsz);
        int want = (n == 3 && !memcmp(s, "yes", 3)) ? 1
                 : (n == 2 && !memcmp(s, "no", 2)) ? 0 : -1;
        CHECK((rc == 0) == (want >= 0));
        if (rc == 0)
            CHECK(iv == want);
        break;
    }
    case 8: {   /* quote into a buffer of errsz bytes */
        const char *q = value_quote(s, n, e, errsz);
        CHECK(q == e);
        if (errsz) {
            const char *z = memchr(err, '\0', errsz);
            CHECK(z != NULL);
            for (const char *p = err; p < z; p++)
                CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
        }
        rc = -1;
        errsz = 0;  /* checked here */
        break;
    }
    case 9: {   /* date arithmetic over the whole range */
        int32_t k;
        memcpy(&k, data + 3, 4);
        rh_date lo, hi;
        CHECK(value_date_from_ymd(1900, 1, 1, &lo) == 0);
        CHECK(value_date_from_ymd(2999, 12, 31, &hi) == 0);
        rh_date dv = lo + (rh_date)((uint32_t)k % (uint32_t)(hi - lo + 1));
        int y, m, d;
        value_date_to_ymd(dv, &y, &m, &d);
        rh_date back;
        CHECK(value_date_from_ymd(y, m, d, &back) == 0 && back == dv);
        char db[11];
        value_format_date(dv, db);
        rh_date parsed;
        char e2[128];
        CHECK(value_parse_date(db, 10, &parsed, e2, sizeof e2) == 0 &&
              parsed == dv);
        rc = 0;
        break;
    }
    default: {  /* value_format_fixed round trip on any int64 */
        int sc = (unsigned)data[2] % 10;
        int len = value_format_fixed(min, sc, buf);
        CHECK(len > 0 && len < 32 && (size_t)len == strlen(buf));
        int64_t back;
        char e2[256];
        CHECK(value_parse_fixed(buf, (size_t)len, sc, INT64_MIN, INT64_MAX,
                                &back, e2, sizeof e2) == 0);
        CHECK(back == min);
        rc = 0;
        break;
    }
    }
    if (rc != 0)
        check_err(err, errsz);
    free(s);
    free(err);
    return 0;
}

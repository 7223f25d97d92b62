/* test_value.c -- unit tests for src/io/value.c (the contract is value.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "io/value.h"

/* A string literal as (bytes, length), embedded NULs included. */
#define S(lit) lit, (sizeof(lit) - 1)

#define ERRSZ 256

/* ------------------------------------------------------------ helpers */

static void int_ok(const char *s, size_t n, int64_t min, int64_t max,
                   int64_t want)
{
    char err[ERRSZ] = "untouched";
    int64_t v = 12345;

    assert_int_equal(value_parse_int(s, n, min, max, &v, err, sizeof err), 0);
    assert_true(v == want);
}

static void int_bad(const char *s, size_t n, int64_t min, int64_t max,
                    const char *msg)
{
    char err[ERRSZ];
    int64_t v = 12345;

    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_int(s, n, min, max, &v, err, sizeof err), -1);
    assert_string_equal(err, msg);
    assert_true(v == 12345); /* *out untouched on failure */
}

static void fixed_ok(const char *s, size_t n, int scale, int64_t min,
                     int64_t max, int64_t want)
{
    char err[ERRSZ];
    int64_t v = 12345;

    assert_int_equal(
        value_parse_fixed(s, n, scale, min, max, &v, err, sizeof err), 0);
    assert_true(v == want);
}

static void fixed_bad(const char *s, size_t n, int scale, int64_t min,
                      int64_t max, const char *msg)
{
    char err[ERRSZ];
    int64_t v = 12345;

    memset(err, 'X', sizeof err);
    assert_int_equal(
        value_parse_fixed(s, n, scale, min, max, &v, err, sizeof err), -1);
    assert_string_equal(err, msg);
    assert_true(v == 12345);
}

static void money_ok(const char *s, size_t n, int64_t want)
{
    char err[ERRSZ];
    int64_t v = 12345;

    assert_int_equal(value_parse_money(s, n, &v, err, sizeof err), 0);
    assert_true(v == want);
}

static void money_bad(const char *s, size_t n, const char *msg)
{
    char err[ERRSZ];
    int64_t v = 12345;

    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_money(s, n, &v, err, sizeof err), -1);
    assert_string_equal(err, msg);
    assert_true(v == 12345);
}

static void date_ok(const char *s, size_t n, rh_date want)
{
    char err[ERRSZ];
    rh_date d = 12345;

    assert_int_equal(value_parse_date(s, n, &d, err, sizeof err), 0);
    assert_int_equal(d, want);
}

static void date_bad(const char *s, size_t n, const char *msg)
{
    char err[ERRSZ];
    rh_date d = 12345;

    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_date(s, n, &d, err, sizeof err), -1);
    assert_string_equal(err, msg);
    assert_int_equal(d, 12345);
}

static void quote_is(const char *s, size_t n, const char *want)
{
    char buf[ERRSZ];

    memset(buf, 'X', sizeof buf);
    assert_ptr_equal(value_quote(s, n, buf, sizeof buf), buf);
    assert_string_equal(buf, want);
}

static void fixed_fmt_is(int64_t v, int scale, const char *want)
{
    char buf[32];

    memset(buf, 'X', sizeof buf);
    assert_int_equal(value_format_fixed(v, scale, buf), (int)strlen(want));
    assert_string_equal(buf, want);
}

/* --------------------------------------------------------- value_quote */

static void test_is_empty(void **state)
{
    (void)state;
    assert_true(value_is_empty("", 0));
    assert_true(value_is_empty(NULL, 0));
    assert_true(value_is_empty("abc", 0));
    assert_false(value_is_empty(" ", 1));
    assert_false(value_is_empty(S("\0")));
}

static void test_quote_plain(void **state)
{
    (void)state;
    quote_is(S(""), "''");
    quote_is(S("abc"), "'abc'");
    quote_is(S("it's"), "'it's'");
    quote_is(S("a\\b"), "'a\\b'");
    quote_is(S(" 12 "), "' 12 '");
    /* Not NUL-terminated input: only n bytes are read. */
    quote_is("abcdef", 3, "'abc'");
}

static void test_quote_control_bytes(void **state)
{
    (void)state;
    quote_is(S("12\0"), "'12\\x00'");
    quote_is(S("a\tb"), "'a\\x09b'");
    quote_is(S("a\r\n"), "'a\\x0D\\x0A'");
    quote_is(S("\x1f"), "'\\x1F'");
    quote_is(S("\x7f"), "'\\x7F'");
    quote_is(S(" ~"), "' ~'"); /* 0x20 and 0x7E are printable */
}

static void test_quote_utf8(void **state)
{
    (void)state;
    /* Valid sequences pass through: 2, 3 and 4 bytes. */
    quote_is(S("caf\xc3\xa9"), "'caf\xc3\xa9'");
    quote_is(S("\xe4\xbd\x8f\xe6\x88\xbf"), "'\xe4\xbd\x8f\xe6\x88\xbf'");
    quote_is(S("\xf0\x9f\x98\x80"), "'\xf0\x9f\x98\x80'");
    quote_is(S("\xef\xbf\xbf"), "'\xef\xbf\xbf'");
    quote_is(S("\xf4\x8f\xbf\xbf"), "'\xf4\x8f\xbf\xbf'");
    /* Invalid bytes are escaped one by one. */
    quote_is(S("\xff"), "'\\xFF'");
    quote_is(S("\x80"), "'\\x80'");
    quote_is(S("a\xc3"), "'a\\xC3'");                     /* truncated */
    quote_is(S("\xe4\xbd"), "'\\xE4\\xBD'");              /* truncated */
    quote_is(S("\xc0\x80"), "'\\xC0\\x80'");              /* overlong */
    quote_is(S("\xc1\xbf"), "'\\xC1\\xBF'");              /* overlong */
    quote_is(S("\xe0\x80\x80"), "'\\xE0\\x80\\x80'");     /* overlong */
    quote_is(S("\xed\xa0\x80"), "'\\xED\\xA0\\x80'");     /* surrogate */
    quote_is(S("\xf0\x80\x80\x80"), "'\\xF0\\x80\\x80\\x80'");
    quote_is(S("\xf4\x90\x80\x80"), "'\\xF4\\x90\\x80\\x80'"); /* > U+10FFFF */
    quote_is(S("\xf5\x80"), "'\\xF5\\x80'");
    quote_is(S("\xc3x"), "'\\xC3x'");
    /* GB18030 bytes (not UTF-8) are escaped. */
    quote_is(S("\xd7\xa1"), "'\xd7\xa1'"); /* happens to be valid UTF-8 */
    quote_is(S("\xb7\xbf"), "'\\xB7\\xBF'");
}

static void test_quote_cut(void **state)
{
    const char *a50 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    char in[64], want[256];
    (void)state;

    /* Exactly 40 bytes: no cut. */
    quote_is(a50, 40, "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'");
    /* 41 bytes: 40 and "...". */
    quote_is(a50, 41, "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
    quote_is(a50, 50, "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");

    /* 39 ASCII + a 3-byte character straddling byte 40: cut before it. */
    memset(in, 'a', 39);
    memcpy(in + 39, "\xe4\xbd\x8f" "b", 4);
    snprintf(want, sizeof want, "'%.*s...'", 39, a50);
    quote_is(in, 43, want);

    /* 38 ASCII + 3-byte character ending at byte 41: cut before it too. */
    memset(in, 'a', 38);
    memcpy(in + 38, "\xe4\xbd\x8f" "b", 4);
    snprintf(want, sizeof want, "'%.*s...'", 38, a50);
    quote_is(in, 42, want);

    /* 37 ASCII + 3-byte character ending exactly at byte 40: kept. */
    memset(in, 'a', 37);
    memcpy(in + 37, "\xe4\xbd\x8f" "b", 4);
    snprintf(want, sizeof want, "'%.*s\xe4\xbd\x8f...'", 37, a50);
    quote_is(in, 41, want);

    /* Escaped bytes count as one input byte each. */
    memset(in, 1, 45);
    {
        char esc[161];
        for (int i = 0; i < 40; i++)
            memcpy(esc + 4 * i, "\\x01", 4);
        esc[160] = '\0';
        snprintf(want, sizeof want, "'%s...'", esc);
    }
    quote_is(in, 45, want);
}

static void test_quote_small_buffer(void **state)
{
    char buf[16];
    (void)state;

    /* bufsz 0: nothing written. */
    buf[0] = 'Z';
    value_quote("abc", 3, buf, 0);
    assert_int_equal(buf[0], 'Z');

    memset(buf, 'X', sizeof buf);
    value_quote("abc", 3, buf, 1);
    assert_string_equal(buf, "");

    memset(buf, 'X', sizeof buf);
    value_quote("abcdef", 6, buf, 5);
    assert_string_equal(buf, "'abc");

    /* An escape is never cut in half. */
    memset(buf, 'X', sizeof buf);
    value_quote("a\x01", 2, buf, 5);
    assert_string_equal(buf, "'a");
    assert_int_equal(buf[5], 'X');

    /* Nor a UTF-8 sequence. */
    memset(buf, 'X', sizeof buf);
    value_quote("a\xe4\xbd\x8f", 4, buf, 5);
    assert_string_equal(buf, "'a");

    memset(buf, 'X', sizeof buf);
    value_quote("abc", 3, buf, 6);
    assert_string_equal(buf, "'abc'");
}

static void test_message_truncation(void **state)
{
    char err[32];
    int64_t v = 7;
    (void)state;

    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_int(S("12a"), 0, 100, &v, err, 8), -1);
    assert_string_equal(err, "not a n");
    assert_int_equal(err[8], 'X');

    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_int(S("12a"), 0, 100, &v, err, 1), -1);
    assert_string_equal(err, "");

    err[0] = 'Z';
    assert_int_equal(value_parse_int(S("12a"), 0, 100, &v, err, 0), -1);
    assert_int_equal(err[0], 'Z');
    assert_int_equal(value_parse_int(S("12a"), 0, 100, &v, NULL, 0), -1);
    assert_int_equal(v, 7);

    /* "not a number: '" is 15 bytes; the 3-byte character is not split. */
    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_int(S("\xe4\xbd\x8f"), 0, 100, &v, err, 17),
                     -1);
    assert_string_equal(err, "not a number: '");
    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_int(S("\xe4\xbd\x8f"), 0, 100, &v, err, 19),
                     -1);
    assert_string_equal(err, "not a number: '\xe4\xbd\x8f");
    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_int(S("\xe4\xbd\x8f"), 0, 100, &v, err, 20),
                     -1);
    assert_string_equal(err, "not a number: '\xe4\xbd\x8f'");

    /* Range suffix cut at errsz. */
    memset(err, 'X', sizeof err);
    assert_int_equal(value_parse_int(S("-5"), 0, 1000000, &v, err, 30), -1);
    assert_string_equal(err, "out of range: '-5' (allowed 0");

    /* Enum names are cut at errsz too, and never inside UTF-8. */
    {
        const char *const names[] = {"\xe4\xbd\x8f", "b"};
        int idx = 9;
        memset(err, 'X', sizeof err);
        assert_int_equal(
            value_parse_enum(S("x"), names, 2, &idx, err, 30), -1);
        assert_string_equal(err, "unknown value 'x' (expected ");
        assert_int_equal(idx, 9);
    }
}

/* ------------------------------------------------------ value_parse_int */

static void test_int_ok(void **state)
{
    (void)state;
    int_ok(S("0"), 0, 10, 0);
    int_ok(S("42"), 0, 100, 42);
    int_ok(S("-17"), -100, 100, -17);
    int_ok(S("007"), 0, 10, 7);
    int_ok(S("-0"), -10, 10, 0);    /* a sign where one is allowed */
    int_bad(S("-0"), 0, 10, "a sign is not allowed here: '-0'");
    int_bad(S("-000"), 0, 10, "a sign is not allowed here: '-000'");
    int_ok(S("0000000000000000000000000000042"), 0, 100, 42);
    int_ok(S("1"), 1, 1, 1);
    int_ok(S("86400"), 1, 86400, 86400);
    int_ok(S("9223372036854775807"), INT64_MIN, INT64_MAX, INT64_MAX);
    int_ok(S("-9223372036854775808"), INT64_MIN, INT64_MAX, INT64_MIN);
    /* Only n bytes are read. */
    int_ok("123456", 3, 0, 1000, 123);
}

static void test_int_range(void **state)
{
    (void)state;
    int_bad(S("-5"), 0, 1000000,
            "out of range: '-5' (allowed 0 to 1000000)");
    int_bad(S("1000001"), 0, 1000000,
            "out of range: '1000001' (allowed 0 to 1000000)");
    int_bad(S("0"), 1, 86400, "out of range: '0' (allowed 1 to 86400)");
    int_bad(S("-0"), 1, 3650, "out of range: '-0' (allowed 1 to 3650)");
    int_bad(S("3"), -10, -1, "out of range: '3' (allowed -10 to -1)");
}

static void test_int_overflow(void **state)
{
    (void)state;
    int_bad(S("9223372036854775808"), INT64_MIN, INT64_MAX,
            "out of range: '9223372036854775808' (allowed "
            "-9223372036854775808 to 9223372036854775807)");
    int_bad(S("-9223372036854775809"), INT64_MIN, INT64_MAX,
            "out of range: '-9223372036854775809' (allowed "
            "-9223372036854775808 to 9223372036854775807)");
    int_bad(S("18446744073709551616"), 0, 100,
            "out of range: '18446744073709551616' (allowed 0 to 100)");
    int_bad(S("18446744073709551615"), 0, 100,
            "out of range: '18446744073709551615' (allowed 0 to 100)");
    int_bad(S("99999999999999999999999"), 0, 100,
            "out of range: '99999999999999999999999' (allowed 0 to 100)");
    int_bad(S("-99999999999999999999999"), 0, 100,
            "out of range: '-99999999999999999999999' (allowed 0 to 100)");
    int_bad(S("10000000000000000000"), 0, 100,
            "out of range: '10000000000000000000' (allowed 0 to 100)");
}

static void test_int_not_a_number(void **state)
{
    (void)state;
    int_bad(S(""), 0, 10, "empty value");
    int_bad(NULL, 0, 0, 10, "empty value");
    int_bad(S("nan"), 0, 10, "not a number: 'nan'");
    int_bad(S("NaN"), 0, 10, "not a number: 'NaN'");
    int_bad(S("inf"), 0, 10, "not a number: 'inf'");
    int_bad(S("-inf"), 0, 10, "not a number: '-inf'");
    int_bad(S("1e5"), 0, 10, "not a number: '1e5'");
    int_bad(S("+1"), 0, 10, "not a number: '+1'");
    int_bad(S(".5"), 0, 10, "not a number: '.5'");
    int_bad(S("5."), 0, 10, "not a number: '5.'");
    int_bad(S("1,000"), 0, 10, "not a number: '1,000'");
    int_bad(S("0x10"), 0, 10, "not a number: '0x10'");
    int_bad(S("12a"), 0, 10, "not a number: '12a'");
    int_bad(S("-"), 0, 10, "not a number: '-'");
    int_bad(S("--1"), 0, 10, "not a number: '--1'");
    int_bad(S("1-"), 0, 10, "not a number: '1-'");
    int_bad(S("-.5"), 0, 10, "not a number: '-.5'");
    int_bad(S("1.2.3"), 0, 10, "not a number: '1.2.3'");
    int_bad(S("1 2"), 0, 10, "not a number: '1 2'");
    int_bad(S("."), 0, 10, "not a number: '.'");
    int_bad(S("\xef\xbc\x91"), 0, 10, "not a number: '\xef\xbc\x91'");
    int_bad(S("12\0"), 0, 100, "not a number: '12\\x00'");
    int_bad(S("1\0002"), 0, 100, "not a number: '1\\x002'");
    int_bad(S("12\n"), 0, 100, "not a number: '12\\x0A'");
    int_bad(S("1.0x"), 0, 10, "not a number: '1.0x'");
}

static void test_int_blank_and_fraction(void **state)
{
    (void)state;
    int_bad(S(" 12"), 0, 100, "unexpected blank: ' 12'");
    int_bad(S("12 "), 0, 100, "unexpected blank: '12 '");
    int_bad(S("\t12"), 0, 100, "unexpected blank: '\\x0912'");
    int_bad(S(" "), 0, 100, "unexpected blank: ' '");
    int_bad(S("1.0"), 0, 10, "not a whole number: '1.0'");
    int_bad(S("-3.50"), -10, 10, "not a whole number: '-3.50'");
    int_bad(S("0.0000000001"), 0, 10, "not a whole number: '0.0000000001'");
}

/* ---------------------------------------------------- value_parse_fixed */

static void test_fixed_ok(void **state)
{
    (void)state;
    fixed_ok(S("12.5"), 2, 0, 1000000, 1250);
    fixed_ok(S("12.50"), 2, 0, 1000000, 1250);
    fixed_ok(S("12"), 2, 0, 1000000, 1200);
    fixed_ok(S("0.01"), 2, 0, 1000000, 1);
    fixed_ok(S("-0.05"), 2, -100, 100, -5);
    fixed_ok(S("-0"), 2, -100, 100, 0);
    fixed_bad(S("-0"), 2, 0, 100, "a sign is not allowed here: '-0'");
    fixed_bad(S("-0.00"), 2, 0, 100, "a sign is not allowed here: '-0.00'");
    fixed_ok(S("007.10"), 2, 0, 1000, 710);
    fixed_ok(S("10000"), 2, 0, 1000000, 1000000);
    fixed_ok(S("3"), 0, 0, 10, 3);
    fixed_ok(S("1.5"), 1, 0, 100, 15);
    fixed_ok(S("0.000000001"), 9, 0, 10, 1);
    fixed_ok(S("9223372036.854775807"), 9, INT64_MIN, INT64_MAX, INT64_MAX);
    fixed_ok(S("-9223372036.854775808"), 9, INT64_MIN, INT64_MAX, INT64_MIN);
    fixed_ok(S("92233720368547758.07"), 2, 0, INT64_MAX, INT64_MAX);
}

static void test_fixed_decimals(void **state)
{
    (void)state;
    fixed_bad(S("1.234"), 2, 0, 100000, "more than 2 decimals: '1.234'");
    fixed_bad(S("1.230"), 2, 0, 100000, "more than 2 decimals: '1.230'");
    fixed_bad(S("-1.234"), 2, -1000, 100000,
              "more than 2 decimals: '-1.234'");
    fixed_bad(S("1.5"), 0, 0, 10, "more than 0 decimals: '1.5'");
    fixed_bad(S("0.0001"), 3, 0, 10, "more than 3 decimals: '0.0001'");
    fixed_bad(S("0.0000000001"), 9, 0, 10,
              "more than 9 decimals: '0.0000000001'");
    /* Decimals are reported before an overflow. */
    fixed_bad(S("99999999999999999999.999"), 2, 0, 100,
              "more than 2 decimals: '99999999999999999999.999'");
}

static void test_fixed_range(void **state)
{
    (void)state;
    fixed_bad(S("-5"), 2, 0, 1000000,
              "out of range: '-5' (allowed 0 to 10000)");
    fixed_bad(S("10000.01"), 2, 0, 1000000,
              "out of range: '10000.01' (allowed 0 to 10000)");
    fixed_bad(S("2"), 2, -50, 150,
              "out of range: '2' (allowed -0.5 to 1.5)");
    fixed_bad(S("13"), 2, 0, 1234,
              "out of range: '13' (allowed 0 to 12.34)");
    fixed_bad(S("1"), 3, 5, 10,
              "out of range: '1' (allowed 0.005 to 0.01)");
    fixed_bad(S("-0.01"), 2, 0, 100, "out of range: '-0.01' (allowed 0 to 1)");
    fixed_bad(S("5"), 0, 0, 4, "out of range: '5' (allowed 0 to 4)");
    /* min > max: nothing fits. */
    fixed_bad(S("5"), 0, 10, 0, "out of range: '5' (allowed 10 to 0)");
}

static void test_fixed_overflow(void **state)
{
    (void)state;
    fixed_bad(S("9223372036.854775808"), 9, INT64_MIN, INT64_MAX,
              "out of range: '9223372036.854775808' (allowed "
              "-9223372036.854775808 to 9223372036.854775807)");
    fixed_bad(S("10000000000"), 9, 0, INT64_MAX,
              "out of range: '10000000000' (allowed 0 to "
              "9223372036.854775807)");
    fixed_bad(S("-10000000000"), 9, INT64_MIN, 0,
              "out of range: '-10000000000' (allowed "
              "-9223372036.854775808 to 0)");
    fixed_bad(S("92233720368547758.08"), 2, 0, INT64_MAX,
              "out of range: '92233720368547758.08' (allowed 0 to "
              "92233720368547758.07)");
    fixed_bad(S("1000000000000000000"), 1, 0, 100,
              "out of range: '1000000000000000000' (allowed 0 to 10)");
}

static void test_fixed_syntax(void **state)
{
    (void)state;
    fixed_bad(S(""), 2, 0, 100, "empty value");
    fixed_bad(S("nan"), 2, 0, 100, "not a number: 'nan'");
    fixed_bad(S("inf"), 2, 0, 100, "not a number: 'inf'");
    fixed_bad(S("1e5"), 2, 0, 100, "not a number: '1e5'");
    fixed_bad(S("1.5e2"), 2, 0, 100, "not a number: '1.5e2'");
    fixed_bad(S("+1"), 2, 0, 100, "not a number: '+1'");
    fixed_bad(S(".5"), 2, 0, 100, "not a number: '.5'");
    fixed_bad(S("5."), 2, 0, 100, "not a number: '5.'");
    fixed_bad(S("1,5"), 2, 0, 100, "not a number: '1,5'");
    fixed_bad(S("1,000"), 2, 0, 100, "not a number: '1,000'");
    fixed_bad(S("0x10"), 2, 0, 100, "not a number: '0x10'");
    fixed_bad(S("12\0"), 2, 0, 100, "not a number: '12\\x00'");
    fixed_bad(S("1.5\0"), 2, 0, 100, "not a number: '1.5\\x00'");
    fixed_bad(S("1.5abc"), 2, 0, 100, "not a number: '1.5abc'");
    fixed_bad(S(" 1.5"), 2, 0, 100, "unexpected blank: ' 1.5'");
    fixed_bad(S("1.5 "), 2, 0, 100, "unexpected blank: '1.5 '");
    fixed_bad(S("1"), 10, 0, 100, "internal error: bad scale 10");
    fixed_bad(S("1"), -1, 0, 100, "internal error: bad scale -1");
}

/* ---------------------------------------------------- value_parse_money */

static void test_money(void **state)
{
    (void)state;
    money_ok(S("0"), 0);
    money_ok(S("100"), 10000);
    money_ok(S("12.5"), 1250);
    money_ok(S("12.05"), 1205);
    money_ok(S("0.01"), 1);
    money_bad(S("-0"), "negative amount: '-0'");
    money_bad(S("-0.00"), "negative amount: '-0.00'");
    money_ok(S("0012.30"), 1230);
    money_ok(S("1000000000000"), 100000000000000LL);
    money_ok(S("1000000000000.00"), 100000000000000LL);
    money_ok(S("999999999999.99"), 99999999999999LL);

    money_bad(S("-3"), "negative amount: '-3'");
    money_bad(S("-0.01"), "negative amount: '-0.01'");
    /* Negative is checked before the range (and before overflow). */
    money_bad(S("-99999999999999999999"),
              "negative amount: '-99999999999999999999'");
    money_bad(S("1000000000000.01"),
              "out of range: '1000000000000.01' (allowed 0 to 1000000000000)");
    money_bad(S("99999999999999999999"),
              "out of range: '99999999999999999999' (allowed 0 to "
              "1000000000000)");
    money_bad(S("92233720368547758.08"),
              "out of range: '92233720368547758.08' (allowed 0 to "
              "1000000000000)");
    money_bad(S("1.234"), "more than 2 decimals: '1.234'");
    money_bad(S("-1.234"), "more than 2 decimals: '-1.234'");
    money_bad(S(""), "empty value");
    money_bad(S("1,000.00"), "not a number: '1,000.00'");
    money_bad(S("\xc2\xa5" "100"), "not a number: '\xc2\xa5" "100'");
    money_bad(S("100 CNY"), "not a number: '100 CNY'");
    money_bad(S("+5"), "not a number: '+5'");
    money_bad(S(" 5"), "unexpected blank: ' 5'");
    money_bad(S("nan"), "not a number: 'nan'");
    money_bad(S("5."), "not a number: '5.'");
}

/* ----------------------------------------------------------------- dates */

static void test_date_ok(void **state)
{
    (void)state;
    date_ok(S("1970-01-01"), 0);
    date_ok(S("1969-12-31"), -1);
    date_ok(S("1970-01-02"), 1);
    date_ok(S("2000-01-01"), 10957);
    date_ok(S("2000-02-29"), 11016);
    date_ok(S("2024-02-29"), 19782);
    date_ok(S("2024-03-01"), 19783);
    date_ok(S("1900-01-01"), -25567);
    date_ok(S("2999-12-31"), 376199);
    date_ok("2023-02-01xyz", 10, 19389);
}

static void test_date_impossible(void **state)
{
    (void)state;
    date_bad(S("2023-02-30"), "impossible date: '2023-02-30'");
    date_bad(S("2023-02-29"), "impossible date: '2023-02-29'");
    date_bad(S("1900-02-29"), "impossible date: '1900-02-29'");
    date_bad(S("2100-02-29"), "impossible date: '2100-02-29'");
    date_bad(S("2023-04-31"), "impossible date: '2023-04-31'");
    date_bad(S("2023-06-31"), "impossible date: '2023-06-31'");
    date_bad(S("2023-09-31"), "impossible date: '2023-09-31'");
    date_bad(S("2023-11-31"), "impossible date: '2023-11-31'");
    date_bad(S("2023-01-32"), "impossible date: '2023-01-32'");
    date_bad(S("2023-13-01"), "impossible date: '2023-13-01'");
    date_bad(S("2023-00-10"), "impossible date: '2023-00-10'");
    date_bad(S("2023-01-00"), "impossible date: '2023-01-00'");
    date_bad(S("2023-99-99"), "impossible date: '2023-99-99'");
}

static void test_date_format_errors(void **state)
{
    (void)state;
    date_bad(S(""), "empty value");
    date_bad(S("2023-2-01"), "not a date (YYYY-MM-DD): '2023-2-01'");
    date_bad(S("2023-02-1"), "not a date (YYYY-MM-DD): '2023-02-1'");
    date_bad(S("2023-02-01x"), "not a date (YYYY-MM-DD): '2023-02-01x'");
    date_bad(S(" 2023-02-01"), "not a date (YYYY-MM-DD): ' 2023-02-01'");
    date_bad(S("2023-02-01 "), "not a date (YYYY-MM-DD): '2023-02-01 '");
    date_bad(S("2023/02/01"), "not a date (YYYY-MM-DD): '2023/02/01'");
    date_bad(S("20230201"), "not a date (YYYY-MM-DD): '20230201'");
    date_bad(S("2023-02-0a"), "not a date (YYYY-MM-DD): '2023-02-0a'");
    date_bad(S("+023-02-01"), "not a date (YYYY-MM-DD): '+023-02-01'");
    date_bad(S("-023-02-01"), "not a date (YYYY-MM-DD): '-023-02-01'");
    date_bad(S("2023-+2-01"), "not a date (YYYY-MM-DD): '2023-+2-01'");
    date_bad(S("2023-02- 1"), "not a date (YYYY-MM-DD): '2023-02- 1'");
    date_bad(S("2023-02-0\0"), "not a date (YYYY-MM-DD): '2023-02-0\\x00'");
    date_bad(S("2023-02-01\0"),
             "not a date (YYYY-MM-DD): '2023-02-01\\x00'");
    date_bad(S("01.02.2023"), "not a date (YYYY-MM-DD): '01.02.2023'");
    date_bad(S("12023-02-01"), "not a date (YYYY-MM-DD): '12023-02-01'");
}

static void test_date_out_of_range(void **state)
{
    (void)state;
    date_bad(S("1899-12-31"),
             "out of range: '1899-12-31' (allowed 1900-01-01 to 2999-12-31)");
    date_bad(S("3000-01-01"),
             "out of range: '3000-01-01' (allowed 1900-01-01 to 2999-12-31)");
    date_bad(S("0000-01-01"),
             "out of range: '0000-01-01' (allowed 1900-01-01 to 2999-12-31)");
    date_bad(S("9999-12-31"),
             "out of range: '9999-12-31' (allowed 1900-01-01 to 2999-12-31)");
}

static void test_date_ymd(void **state)
{
    rh_date d = 777;
    int y, m, dd;
    (void)state;

    assert_int_equal(value_date_from_ymd(1970, 1, 1, &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(value_date_from_ymd(1900, 1, 1, &d), 0);
    assert_int_equal(d, -25567);
    assert_int_equal(value_date_from_ymd(2999, 12, 31, &d), 0);
    assert_int_equal(d, 376199);
    assert_int_equal(value_date_from_ymd(2000, 2, 29, &d), 0);
    assert_int_equal(d, 11016);

    d = 777;
    assert_int_equal(value_date_from_ymd(1900, 2, 29, &d), -1);
    assert_int_equal(value_date_from_ymd(2023, 2, 29, &d), -1);
    assert_int_equal(value_date_from_ymd(2023, 4, 31, &d), -1);
    assert_int_equal(value_date_from_ymd(2023, 13, 1, &d), -1);
    assert_int_equal(value_date_from_ymd(2023, 0, 1, &d), -1);
    assert_int_equal(value_date_from_ymd(2023, 1, 0, &d), -1);
    assert_int_equal(value_date_from_ymd(2023, 1, -1, &d), -1);
    assert_int_equal(value_date_from_ymd(1899, 12, 31, &d), -1);
    assert_int_equal(value_date_from_ymd(3000, 1, 1, &d), -1);
    assert_int_equal(d, 777);

    value_date_to_ymd(0, &y, &m, &dd);
    assert_int_equal(y, 1970);
    assert_int_equal(m, 1);
    assert_int_equal(dd, 1);
    value_date_to_ymd(-1, &y, &m, &dd);
    assert_int_equal(y, 1969);
    assert_int_equal(m, 12);
    assert_int_equal(dd, 31);
    value_date_to_ymd(11016, &y, &m, &dd);
    assert_int_equal(y, 2000);
    assert_int_equal(m, 2);
    assert_int_equal(dd, 29);
    value_date_to_ymd(-25567 + 59, &y, &m, &dd); /* 1900: no Feb 29 */
    assert_int_equal(y, 1900);
    assert_int_equal(m, 3);
    assert_int_equal(dd, 1);
}

static void test_date_format(void **state)
{
    char buf[11];
    (void)state;

    value_format_date(0, buf);
    assert_string_equal(buf, "1970-01-01");
    value_format_date(-25567, buf);
    assert_string_equal(buf, "1900-01-01");
    value_format_date(376199, buf);
    assert_string_equal(buf, "2999-12-31");
    value_format_date(11016, buf);
    assert_string_equal(buf, "2000-02-29");
    value_format_date(19389, buf);
    assert_string_equal(buf, "2023-02-01");
    /* Outside years 0..9999: a fixed marker that does not parse. */
    value_format_date(INT32_MAX, buf);
    assert_string_equal(buf, "0000-00-00");
    value_format_date(INT32_MIN, buf);
    assert_string_equal(buf, "0000-00-00");
    date_bad(buf, 10, "impossible date: '0000-00-00'");
}

static void test_date_round_trip(void **state)
{
    rh_date first = -25567, last = 376199, d;
    int py = 1899, pm = 12, pd = 31;
    (void)state;

    for (d = first; d <= last; d++) {
        char buf[11], err[ERRSZ];
        rh_date back = 0, back2 = 0;
        int y, m, dd;

        value_format_date(d, buf);
        assert_int_equal(strlen(buf), 10);
        assert_int_equal(value_parse_date(buf, 10, &back, err, sizeof err), 0);
        assert_int_equal(back, d);

        value_date_to_ymd(d, &y, &m, &dd);
        assert_int_equal(value_date_from_ymd(y, m, dd, &back2), 0);
        assert_int_equal(back2, d);

        /* Each day follows the previous one on the calendar. */
        if (dd == pd + 1) {
            assert_int_equal(y, py);
            assert_int_equal(m, pm);
        } else {
            assert_int_equal(dd, 1);
            if (m == pm + 1) {
                assert_int_equal(y, py);
            } else {
                assert_int_equal(m, 1);
                assert_int_equal(pm, 12);
                assert_int_equal(y, py + 1);
            }
        }
        py = y;
        pm = m;
        pd = dd;
    }
    assert_int_equal(py, 2999);
    assert_int_equal(pm, 12);
    assert_int_equal(pd, 31);
}

/* ----------------------------------------------------------- enum / yesno */

static void test_enum(void **state)
{
    static const char *const abc[] = {"a", "b", "c"};
    static const char *const two[] = {"reject", "last"};
    static const char *const one[] = {"only"};
    char err[ERRSZ];
    int idx = 99;
    (void)state;

    assert_int_equal(value_parse_enum(S("a"), abc, 3, &idx, err, sizeof err),
                     0);
    assert_int_equal(idx, 0);
    assert_int_equal(value_parse_enum(S("c"), abc, 3, &idx, err, sizeof err),
                     0);
    assert_int_equal(idx, 2);
    assert_int_equal(
        value_parse_enum(S("last"), two, 2, &idx, err, sizeof err), 0);
    assert_int_equal(idx, 1);
    assert_int_equal(value_parse_enum("lastly", 4, two, 2, &idx, err,
                                      sizeof err), 0);
    assert_int_equal(idx, 1);

    idx = 99;
    assert_int_equal(
        value_parse_enum(S("foo"), abc, 3, &idx, err, sizeof err), -1);
    assert_string_equal(err, "unknown value 'foo' (expected a, b or c)");
    assert_int_equal(value_parse_enum(S("x"), two, 2, &idx, err, sizeof err),
                     -1);
    assert_string_equal(err, "unknown value 'x' (expected reject or last)");
    assert_int_equal(value_parse_enum(S("x"), one, 1, &idx, err, sizeof err),
                     -1);
    assert_string_equal(err, "unknown value 'x' (expected only)");
    /* Case-sensitive, exact length, no trimming. */
    assert_int_equal(value_parse_enum(S("A"), abc, 3, &idx, err, sizeof err),
                     -1);
    assert_string_equal(err, "unknown value 'A' (expected a, b or c)");
    assert_int_equal(
        value_parse_enum(S("Reject"), two, 2, &idx, err, sizeof err), -1);
    assert_int_equal(value_parse_enum(S("las"), two, 2, &idx, err, sizeof err),
                     -1);
    assert_string_equal(err, "unknown value 'las' (expected reject or last)");
    assert_int_equal(value_parse_enum(S(" a"), abc, 3, &idx, err, sizeof err),
                     -1);
    assert_string_equal(err, "unknown value ' a' (expected a, b or c)");
    assert_int_equal(value_parse_enum(S("a\0"), abc, 3, &idx, err, sizeof err),
                     -1);
    assert_string_equal(err, "unknown value 'a\\x00' (expected a, b or c)");
    assert_int_equal(value_parse_enum(S(""), abc, 3, &idx, err, sizeof err),
                     -1);
    assert_string_equal(err, "empty value");
    assert_int_equal(idx, 99);
}

static void test_yesno(void **state)
{
    char err[ERRSZ];
    int v = 7;
    (void)state;

    assert_int_equal(value_parse_yesno(S("yes"), &v, err, sizeof err), 0);
    assert_int_equal(v, 1);
    assert_int_equal(value_parse_yesno(S("no"), &v, err, sizeof err), 0);
    assert_int_equal(v, 0);

    v = 7;
    assert_int_equal(value_parse_yesno(S("maybe"), &v, err, sizeof err), -1);
    assert_string_equal(err, "unknown value 'maybe' (expected yes or no)");
    assert_int_equal(value_parse_yesno(S("Yes"), &v, err, sizeof err), -1);
    assert_string_equal(err, "unknown value 'Yes' (expected yes or no)");
    assert_int_equal(value_parse_yesno(S("y"), &v, err, sizeof err), -1);
    assert_string_equal(err, "unknown value 'y' (expected yes or no)");
    assert_int_equal(value_parse_yesno(S("1"), &v, err, sizeof err), -1);
    assert_string_equal(err, "unknown value '1' (expected yes or no)");
    assert_int_equal(value_parse_yesno(S("yes "), &v, err, sizeof err), -1);
    assert_string_equal(err, "unknown value 'yes ' (expected yes or no)");
    assert_int_equal(value_parse_yesno(S(""), &v, err, sizeof err), -1);
    assert_string_equal(err, "empty value");
    assert_int_equal(v, 7);
}

/* ------------------------------------------------------------ id / text */

static void test_id(void **state)
{
    char in[80], err[ERRSZ], want[ERRSZ];
    (void)state;

    assert_int_equal(value_parse_id(S("a"), err, sizeof err), 0);
    assert_int_equal(value_parse_id(S("Town-01_b.2/x"), err, sizeof err), 0);
    assert_int_equal(value_parse_id(S("ABCXYZabcxyz0189-_./"), err,
                                    sizeof err), 0);

    memset(in, 'x', sizeof in);
    assert_int_equal(value_parse_id(in, 64, err, sizeof err), 0);
    assert_int_equal(value_parse_id(in, 65, err, sizeof err), -1);
    snprintf(want, sizeof want, "id too long: '%.*s...' (at most 64 bytes)",
             40, in);
    assert_string_equal(err, want);

    assert_int_equal(value_parse_id(S(""), err, sizeof err), -1);
    assert_string_equal(err, "empty value");
    assert_int_equal(value_parse_id(S("a b"), err, sizeof err), -1);
    assert_string_equal(err, "bad id: 'a b' (letters, digits, - _ . / only)");
    assert_int_equal(value_parse_id(S(" a"), err, sizeof err), -1);
    assert_string_equal(err, "bad id: ' a' (letters, digits, - _ . / only)");
    assert_int_equal(value_parse_id(S("a,b"), err, sizeof err), -1);
    assert_string_equal(err, "bad id: 'a,b' (letters, digits, - _ . / only)");
    assert_int_equal(value_parse_id(S("a\0"), err, sizeof err), -1);
    assert_string_equal(err,
                        "bad id: 'a\\x00' (letters, digits, - _ . / only)");
    assert_int_equal(value_parse_id(S("caf\xc3\xa9"), err, sizeof err), -1);
    assert_string_equal(
        err, "bad id: 'caf\xc3\xa9' (letters, digits, - _ . / only)");
    assert_int_equal(value_parse_id(S("a\\b"), err, sizeof err), -1);
    assert_string_equal(err,
                        "bad id: 'a\\b' (letters, digits, - _ . / only)");
    assert_int_equal(value_parse_id(S("a:b"), err, sizeof err), -1);
    assert_int_equal(value_parse_id(S("a+b"), err, sizeof err), -1);
    assert_int_equal(value_parse_id(S("a@b"), err, sizeof err), -1);
    assert_int_equal(value_parse_id(S("a[b"), err, sizeof err), -1);
    assert_int_equal(value_parse_id(S("a`b"), err, sizeof err), -1);
    assert_int_equal(value_parse_id(S("a{b"), err, sizeof err), -1);
}

static void test_text(void **state)
{
    static char in[1100];
    char err[ERRSZ];
    (void)state;

    memset(in, 't', sizeof in);
    assert_int_equal(value_parse_text(in, 1, err, sizeof err), 0);
    assert_int_equal(value_parse_text(S(" spaced "), err, sizeof err), 0);
    assert_int_equal(value_parse_text(S("\xe4\xbd\x8f\xe6\x88\xbf"), err,
                                      sizeof err), 0);
    assert_int_equal(value_parse_text(in, 1024, err, sizeof err), 0);
    assert_int_equal(value_parse_text(in, 1025, err, sizeof err), -1);
    assert_string_equal(err, "text too long (1025 bytes, at most 1024)");
    assert_int_equal(value_parse_text(in, 1100, err, sizeof err), -1);
    assert_string_equal(err, "text too long (1100 bytes, at most 1024)");
    assert_int_equal(value_parse_text(S(""), err, sizeof err), -1);
    assert_string_equal(err, "empty value");
}

/* --------------------------------------------------- value_format_fixed */

static void test_format_fixed(void **state)
{
    (void)state;
    fixed_fmt_is(1250, 2, "12.50");
    fixed_fmt_is(-1250, 2, "-12.50");
    fixed_fmt_is(-5, 2, "-0.05");
    fixed_fmt_is(5, 3, "0.005");
    fixed_fmt_is(0, 2, "0.00");
    fixed_fmt_is(0, 0, "0");
    fixed_fmt_is(7, 0, "7");
    fixed_fmt_is(-7, 0, "-7");
    fixed_fmt_is(100, 2, "1.00");
    fixed_fmt_is(1, 9, "0.000000001");
    fixed_fmt_is(INT64_MAX, 0, "9223372036854775807");
    fixed_fmt_is(INT64_MIN, 0, "-9223372036854775808");
    fixed_fmt_is(INT64_MIN, 2, "-92233720368547758.08");
    fixed_fmt_is(INT64_MIN, 9, "-9223372036.854775808");
    fixed_fmt_is(INT64_MAX, 9, "9223372036.854775807");
    fixed_fmt_is(INT64_MIN, 18, "-9.223372036854775808");
    fixed_fmt_is(-1, 18, "-0.000000000000000001");
}

static void test_format_parse_round_trip(void **state)
{
    static const int64_t vals[] = {0,       1,        -1,        5,
                                   -5,      99,       100,       1250,
                                   -1250,   123456789, -987654321,
                                   INT64_MAX, INT64_MIN};
    (void)state;

    for (int scale = 0; scale <= 9; scale++) {
        for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
            char buf[32], err[ERRSZ];
            int64_t back = 0;
            int len = value_format_fixed(vals[i], scale, buf);
            assert_int_equal(value_parse_fixed(buf, (size_t)len, scale,
                                               INT64_MIN, INT64_MAX, &back,
                                               err, sizeof err),
                             0);
            assert_true(back == vals[i]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_empty),
        cmocka_unit_test(test_quote_plain),
        cmocka_unit_test(test_quote_control_bytes),
        cmocka_unit_test(test_quote_utf8),
        cmocka_unit_test(test_quote_cut),
        cmocka_unit_test(test_quote_small_buffer),
        cmocka_unit_test(test_message_truncation),
        cmocka_unit_test(test_int_ok),
        cmocka_unit_test(test_int_range),
        cmocka_unit_test(test_int_overflow),
        cmocka_unit_test(test_int_not_a_number),
        cmocka_unit_test(test_int_blank_and_fraction),
        cmocka_unit_test(test_fixed_ok),
        cmocka_unit_test(test_fixed_decimals),
        cmocka_unit_test(test_fixed_range),
        cmocka_unit_test(test_fixed_overflow),
        cmocka_unit_test(test_fixed_syntax),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_date_ok),
        cmocka_unit_test(test_date_impossible),
        cmocka_unit_test(test_date_format_errors),
        cmocka_unit_test(test_date_out_of_range),
        cmocka_unit_test(test_date_ymd),
        cmocka_unit_test(test_date_format),
        cmocka_unit_test(test_date_round_trip),
        cmocka_unit_test(test_enum),
        cmocka_unit_test(test_yesno),
        cmocka_unit_test(test_id),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_format_fixed),
        cmocka_unit_test(test_format_parse_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

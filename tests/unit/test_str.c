/* test_str.c -- unit tests for src/io/str.c (the contract is str.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/str.h"

/* str_dir_of agrees with POSIX dirname() and leaves its argument alone. */
static void test_dir_of(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "plan.ini", "a/plan.ini", "/a/b/plan.ini", "/plan.ini", "/",
        "a/", "a//b//", "/a//b/", ".", "..", "../x", "", "///a",
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        char copy[64];
        snprintf(copy, sizeof copy, "%s", paths[i]);
        char *want = dirname(copy);
        char *got = str_dir_of(paths[i]);
        assert_non_null(got);
        assert_string_equal(got, want);
        free(got);
    }
    /* implementation-defined in POSIX ("//" in glibc): "/" here */
    char *got = str_dir_of("//");
    assert_string_equal(got, "/");
    free(got);
}

static void test_dup(void **state)
{
    (void)state;
    char *s = str_dup("浦东 plan");
    assert_string_equal(s, "浦东 plan");
    free(s);
    s = str_dup_n("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    s = str_dup_n("a\0b", 3);          /* n bytes, embedded NUL kept */
    assert_memory_equal(s, "a\0b\0", 4);
    free(s);
}

static void test_hex(void **state)
{
    (void)state;
    const unsigned char b[] = { 0x00, 0x0f, 0xa5, 0xff };
    char out[9];
    memset(out, 'x', sizeof out);
    str_hex(b, sizeof b, out);
    assert_string_equal(out, "000fa5ff");
    str_hex(b, 0, out);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dir_of),
        cmocka_unit_test(test_dup),
        cmocka_unit_test(test_hex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

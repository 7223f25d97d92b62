/* test_jsonread.c -- io/jsonread.h: values, strings and numbers as written,
 * every malformed text refused with its line, and summary.json's own
 * writer (io/json.h) read back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/arena.h"
#include "io/json.h"
#include "io/jsonread.h"
#include "io/outfile.h"

static const struct jv *parse_ok(struct arena *a, const char *text)
{
    const struct jv *root = NULL;
    char err[160] = "";
    if (jv_parse(text, strlen(text), a, &root, err, sizeof err) < 0)
        fail_msg("refused %s: %s", text, err);
    return root;
}

static void test_values(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    const struct jv *r = parse_ok(&a,
        "{\n  \"parameters\": {\"year\": 2025, \"max_gap\": 0.001000},\n"
        "  \"kpi\": {\"unit_km\": -12.500, \"fill_rate_min\": null,\n"
        "          \"towns\": [1, 2.5e3, -0, true, false, \"x\", [], {}]},\n"
        "  \"kpi\": 7\n}\n");
    assert_int_equal(r->kind, JV_OBJECT);
    assert_int_equal(r->n, 3);
    const struct jv *y = jv_path(r, "parameters", "year", (char *)0);
    assert_non_null(y);
    assert_int_equal(y->kind, JV_NUMBER);
    assert_int_equal(y->len, 4);
    assert_memory_equal(y->s, "2025", 4);
    const struct jv *g = jv_path(r, "parameters", "max_gap", (char *)0);
    assert_int_equal(g->len, 8);                /* the text, as written */
    assert_memory_equal(g->s, "0.001000", 8);
    const struct jv *k = jv_get(r, "kpi");      /* the first of the name */
    assert_int_equal(k->kind, JV_OBJECT);
    assert_int_equal(jv_get(k, "unit_km")->kind, JV_NUMBER);
    assert_memory_equal(jv_get(k, "unit_km")->s, "-12.500", 7);
    assert_int_equal(jv_get(k, "fill_rate_min")->kind, JV_NULL);
    assert_null(jv_get(k, "absent"));
    assert_null(jv_path(r, "kpi", "unit_km", "deeper", (char *)0));
    const struct jv *t = jv_get(k, "towns");
    assert_int_equal(t->kind, JV_ARRAY);
    assert_int_equal(t->n, 8);
    int kinds[] = { JV_NUMBER, JV_NUMBER, JV_NUMBER, JV_TRUE, JV_FALSE,
                    JV_STRING, JV_ARRAY, JV_OBJECT };
    for (int i = 0; i < 8; i++)
        assert_int_equal(t->items[i].kind, kinds[i]);
    assert_memory_equal(t->items[1].s, "2.5e3", 5);
    assert_int_equal(t->items[6].n, 0);
    assert_int_equal(t->items[7].n, 0);
    assert_int_equal(parse_ok(&a, " 42 ")->kind, JV_NUMBER);
    arena_release(&a);
}

static void test_strings(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    const struct jv *s = parse_ok(&a,
        "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t \\u4e2d\\u6587 \\ud83d\\ude00 \\u0041 \xe6\xb5\xa6\"");
    const char want[] = "a\"b\\c/d\b\f\n\r\t \xe4\xb8\xad\xe6\x96\x87 "
                        "\xf0\x9f\x98\x80 A \xe6\xb5\xa6";
    assert_int_equal(s->kind, JV_STRING);
    assert_int_equal(s->len, sizeof want - 1);
    assert_memory_equal(s->s, want, sizeof want - 1);
    assert_int_equal(s->s[s->len], '\0');
    const struct jv *o = parse_ok(&a, "{\"\\u00e9t\\u00e9\": 1}");
    assert_non_null(jv_get(o, "\xc3\xa9t\xc3\xa9"));
    arena_release(&a);
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct { const char *text, *err; } bad[] = {
        { "", "line 1: the text ends where a value is due" },
        { "{\"a\" 1}", "line 1: expected ':' after a member name" },
        { "{\n\"a\": 1,\n}", "line 3: expected a member name in quotes" },
        { "[1, 2,]", "line 1: not a JSON value" },
        { "[1 2]", "line 1: expected ',' or ']' in an array" },
        { "{\"a\": 1 \"b\": 2}", "line 1: expected ',' or '}' in an object" },
        { "\"open", "line 1: a string without its closing quote" },
        { "\"tab\there\"", "line 1: a control character inside a string" },
        { "\"\\x\"", "line 1: an unknown escape in a string" },
        { "\"\\u12g4\"", "line 1: a \\u escape with a character that is not hex" },
        { "\"\\ud83d x\"", "line 1: a high surrogate without its low half" },
        { "\"\\ude00\"", "line 1: a lone low surrogate in a \\u escape" },
        { "-", "line 1: a number without digits" },
        { "1.", "line 1: no digit after a decimal point" },
        { "1e+", "line 1: no digit in an exponent" },
        { "01", "line 1: more text after the JSON value" },
        { "{} {}", "line 1: more text after the JSON value" },
        { "nul", "line 1: not a JSON value" },
        { "\n\n  tru", "line 3: not a JSON value" },
        { "'a'", "line 1: not a JSON value" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct arena a;
        arena_init(&a);
        const struct jv *r = NULL;
        char err[160] = "";
        if (jv_parse(bad[i].text, strlen(bad[i].text), &a, &r, err, sizeof err) == 0)
            fail_msg("accepted %s", bad[i].text);
        if (strcmp(err, bad[i].err) != 0)
            fail_msg("%s: said '%s', not '%s'", bad[i].text, err, bad[i].err);
        arena_release(&a);
    }
    /* nesting: JV_MAX_DEPTH levels parse, one more is refused */
    char deep[2 * (JV_MAX_DEPTH + 2) + 1];
    for (int extra = 0; extra < 2; extra++) {
        int d = JV_MAX_DEPTH + extra;
        for (int i = 0; i < d; i++) {
            deep[i] = '[';
            deep[d + i] = ']';
        }
        deep[2 * d] = '\0';
        struct arena a;
        arena_init(&a);
        const struct jv *r = NULL;
        char err[160] = "";
        int rc = jv_parse(deep, strlen(deep), &a, &r, err, sizeof err);
        assert_int_equal(rc, extra ? -1 : 0);
        if (extra)
            assert_string_equal(err, "line 1: nested too deeply");
        arena_release(&a);
    }
}

/* What io/json.h writes, jsonread reads back, byte for byte. */
static void test_round_trip(void **state)
{
    (void)state;
    char path[] = "/tmp/rh_jsonread_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    struct outfile o;
    assert_int_equal(outfile_attach(&o, fd), 0);
    struct json j;
    json_init(&j, &o);
    const char name[] = "\xe4\xb8\x89\xe6\x9e\x97\"\\\n\x01\x7f end";
    assert_int_equal(json_begin_object(&j), 0);
    json_key(&j, "name");
    json_string(&j, name);
    json_key(&j, "n");
    json_int(&j, -9007199254740993LL);
    json_key(&j, "list");
    json_begin_array(&j);
    json_int(&j, 1);
    json_null(&j);
    json_bool(&j, 1);
    json_end_array(&j);
    json_end_object(&j);
    assert_int_equal(json_finish(&j), 0);
    assert_int_equal(outfile_detach(&o), 0);
    close(fd);
    FILE *g = fopen(path, "rb");
    assert_non_null(g);
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf, g);
    fclose(g);
    remove(path);
    struct arena a;
    arena_init(&a);
    const struct jv *r = NULL;
    char err[160];
    assert_int_equal(jv_parse(buf, n, &a, &r, err, sizeof err), 0);
    const struct jv *s = jv_get(r, "name");
    assert_int_equal(s->len, sizeof name - 1);
    assert_memory_equal(s->s, name, sizeof name - 1);
    assert_memory_equal(jv_get(r, "n")->s, "-9007199254740993", 17);
    const struct jv *l = jv_get(r, "list");
    assert_int_equal(l->n, 3);
    assert_int_equal(l->items[1].kind, JV_NULL);
    assert_int_equal(l->items[2].kind, JV_TRUE);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

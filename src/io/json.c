/* json.c -- streaming, pretty-printed JSON writer. */
#include "json.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "io/value.h"

void json_init(struct json *j, struct outfile *out)
{
    memset(j, 0, sizeof *j);
    j->out = out;
}

static int fail(struct json *j, int e)
{
    if (!j->err)
        j->err = e;
    errno = j->err;
    return -1;
}

static int put(struct json *j, const char *s, size_t n)
{
    if (outfile_write(j->out, s, n) < 0)
        return fail(j, errno);
    return 0;
}

static int newline_indent(struct json *j, int level)
{
    static const char spaces[] = "                                ";
    if (put(j, "\n", 1) < 0)
        return -1;
    for (int i = 0; i < level; i++)
        if (put(j, spaces, 2) < 0)
            return -1;
    return 0;
}

/* Everything a value needs before its first byte: a check that a value may
 * come here, and in an array the separator and indentation. */
static int before_value(struct json *j)
{
    if (j->err) {
        errno = j->err;
        return -1;
    }
    if (j->done)
        return fail(j, EINVAL);
    if (j->depth == 0)
        return 0;
    if (j->kind[j->depth - 1] == '{') {
        if (!j->want_value)
            return fail(j, EINVAL);
        j->want_value = 0;
        return 0;
    }
    if (j->count[j->depth - 1]++ > 0 && put(j, ",", 1) < 0)
        return -1;
    return newline_indent(j, j->depth);
}

/* After a complete value: at top level the document is done. */
static int after_value(struct json *j)
{
    if (j->depth == 0)
        j->done = 1;
    return 0;
}

static int begin(struct json *j, char kind)
{
    if (before_value(j) < 0)
        return -1;
    if (j->depth == JSON_MAX_DEPTH)
        return fail(j, EINVAL);
    j->kind[j->depth] = kind;
    j->count[j->depth] = 0;
    j->depth++;
    return put(j, kind == '{' ? "{" : "[", 1);
}

static int end(struct json *j, char kind)
{
    if (j->err) {
        errno = j->err;
        return -1;
    }
    if (j->depth == 0 || j->kind[j->depth - 1] != kind || j->want_value)
        return fail(j, EINVAL);
    j->depth--;
    if (j->count[j->depth] > 0 && newline_indent(j, j->depth) < 0)
        return -1;
    if (put(j, kind == '{' ? "}" : "]", 1) < 0)
        return -1;
    return after_value(j);
}

int json_begin_object(struct json *j) { return begin(j, '{'); }
int json_end_object(struct json *j) { return end(j, '{'); }
int json_begin_array(struct json *j) { return begin(j, '['); }
int json_end_array(struct json *j) { return end(j, '['); }

/* The body of a string (valid UTF-8), escaped. */
static int put_escaped(struct json *j, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6];
        size_t elen = 2;

        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        if (i > run && put(j, s + run, i - run) < 0)
            return -1;
        run = i + 1;
        esc[0] = '\\';
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            elen = 6;
        }
        if (put(j, esc, elen) < 0)
            return -1;
    }
    if (n > run && put(j, s + run, n - run) < 0)
        return -1;
    return 0;
}

/* A JSON string.  Bytes that are not UTF-8 (a path from a GB18030 file
 * system, say) become U+FFFD, so the document is always valid UTF-8. */
static int put_string(struct json *j, const char *s, size_t n)
{
    if (put(j, "\"", 1) < 0)
        return -1;
    for (size_t pos = 0; pos < n;) {
        size_t bad = 0;
        int ok = text_utf8_valid(s + pos, n - pos, &bad);
        size_t seg = ok ? n - pos : bad;
        if (put_escaped(j, s + pos, seg) < 0)
            return -1;
        if (ok)
            break;
        if (put(j, "\\ufffd", 6) < 0)
            return -1;
        pos += seg + 1;
    }
    return put(j, "\"", 1);
}

int json_key(struct json *j, const char *key)
{
    if (j->err) {
        errno = j->err;
        return -1;
    }
    if (j->depth == 0 || j->kind[j->depth - 1] != '{' || j->want_value)
        return fail(j, EINVAL);
    if (j->count[j->depth - 1]++ > 0 && put(j, ",", 1) < 0)
        return -1;
    if (newline_indent(j, j->depth) < 0 ||
        put_string(j, key, strlen(key)) < 0 || put(j, ": ", 2) < 0)
        return -1;
    j->want_value = 1;
    return 0;
}

int json_string_n(struct json *j, const char *s, size_t n)
{
    if (before_value(j) < 0 || put_string(j, s, n) < 0)
        return -1;
    return after_value(j);
}

int json_string(struct json *j, const char *s)
{
    return json_string_n(j, s, strlen(s));
}

/* A value that is already formatted text. */
static int raw_value(struct json *j, const char *s, size_t n)
{
    if (before_value(j) < 0 || put(j, s, n) < 0)
        return -1;
    return after_value(j);
}

int json_int(struct json *j, int64_t v)
{
    char buf[24];
    int n = fmt_int64(v, buf);
    return raw_value(j, buf, (size_t)n);
}

int json_fixed(struct json *j, int64_t v, int scale)
{
    char buf[32];
    if (scale < 0 || scale > 18)
        return fail(j, EINVAL);
    int n = value_format_fixed(v, scale, buf);
    return raw_value(j, buf, (size_t)n);
}

int json_double(struct json *j, double d, int decimals)
{
    static const double pow10[10] = { 1e0, 1e1, 1e2, 1e3, 1e4,
                                      1e5, 1e6, 1e7, 1e8, 1e9 };
    double scaled;

    if (decimals < 0 || decimals > 9)
        return fail(j, EINVAL);
    scaled = d * pow10[decimals];   /* one exact power: one rounding */
    if (!isfinite(scaled) || fabs(scaled) >= 9e18)
        return json_null(j);
    return json_fixed(j, (int64_t)llround(scaled), decimals);
}

int json_bool(struct json *j, int b)
{
    return b ? raw_value(j, "true", 4) : raw_value(j, "false", 5);
}

int json_null(struct json *j)
{
    return raw_value(j, "null", 4);
}

int json_finish(struct json *j)
{
    if (j->err) {
        errno = j->err;
        return -1;
    }
    if (!j->done || j->depth != 0)
        return fail(j, EINVAL);
    return put(j, "\n", 1);
}

/* str.c -- see str.h. */
#include "io/str.h"

#include <stdlib.h>
#include <string.h>

char *str_dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *str_dup(const char *s)
{
    return str_dup_n(s, strlen(s));
}

char *str_dir_of(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    while (n > 0 && path[n - 1] != '/')
        n--;
    if (n == 0)
        return str_dup(".");
    while (n > 1 && path[n - 1] == '/')
        n--;
    return str_dup_n(path, n);
}

void str_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[bytes[i] >> 4];
        out[2 * i + 1] = hex[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

/* text.c -- UTF-8 validation and GB18030 conversion. */
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

int text_utf8_valid(const char *str, size_t n, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else goto fail;
        if (n - i < len) goto fail;
        if (s[i + 1] < lo || s[i + 1] > hi) goto fail;
        for (size_t k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) goto fail;
        i += len;
    }
    return 1;
fail:
    if (bad)
        *bad = i;
    return 0;
}

int text_conv_open(struct text_conv *c)
{
    memset(c, 0, sizeof *c);
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return -1;
    c->cd = cd;
    return 0;
}

void text_conv_close(struct text_conv *c)
{
    if (c->cd)
        iconv_close((iconv_t)c->cd);
    free(c->out);
    memset(c, 0, sizeof *c);
}

int text_conv_feed(struct text_conv *c, const char *in, size_t n, int last,
                   const char **out, size_t *outn, size_t *bad_off)
{
    /* Join the carried partial character with this chunk, up to 8 bytes of
     * it: convert that head first, then the rest in place. */
    size_t need = (c->ncarry + n) * 4 + 16;
    if (need < n) return -2;
    if (c->outcap < need) {
        char *o = realloc(c->out, need);
        if (!o) return -2;
        c->out = o;
        c->outcap = need;
    }
    char *op = c->out;
    size_t oleft = c->outcap;
    size_t consumed = 0;   /* bytes of `in` consumed */

    if (c->ncarry) {
        char head[16];
        size_t take = n < 8 ? n : 8;
        memcpy(head, c->carry, c->ncarry);
        memcpy(head + c->ncarry, in, take);
        char *hp = head;
        size_t hleft = c->ncarry + take;
        size_t r = iconv((iconv_t)c->cd, &hp, &hleft, &op, &oleft);
        size_t used = (size_t)(hp - head);
        if (r == (size_t)-1 && errno == EILSEQ && used < c->ncarry) {
            *bad_off = 0;
            return -1;
        }
        if (used < c->ncarry) {      /* still incomplete */
            if (last || hleft >= 8) { *bad_off = 0; return -1; }
            memcpy(c->carry, head, c->ncarry + take);
            c->ncarry += take;
            *out = c->out; *outn = 0;
            return 0;
        }
        consumed = used - c->ncarry;
        c->ncarry = 0;
    }
    char *ip = (char *)(in + consumed);
    size_t ileft = n - consumed;
    while (ileft) {
        size_t r = iconv((iconv_t)c->cd, &ip, &ileft, &op, &oleft);
        if (r != (size_t)-1)
            break;
        if (errno == EINVAL) {          /* incomplete at end of chunk */
            if (last || ileft > sizeof c->carry) {
                *bad_off = (size_t)(ip - in);
                return -1;
            }
            memcpy(c->carry, ip, ileft);
            c->ncarry = ileft;
            ileft = 0;
            break;
        }
        if (errno == EILSEQ) {
            *bad_off = (size_t)(ip - in);
            return -1;
        }
        return -2;                      /* E2BIG cannot happen: 4x room */
    }
    *out = c->out;
    *outn = (size_t)(op - c->out);
    return 0;
}

/* text.h -- UTF-8 validation and streaming conversion from GB18030 (iconv). */
#ifndef RH_TEXT_H
#define RH_TEXT_H

#include <stddef.h>

/* NAME text_utf8_valid -- 1 when s[0..n) is well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF), else 0 with the offset of
 * the first bad byte in *bad (when bad is not NULL). */
int text_utf8_valid(const char *s, size_t n, size_t *bad);

/* Streaming GB18030 -> UTF-8 converter.  Feed any chunks; a multi-byte
 * character split across chunks is carried over. */
struct text_conv {
    void *cd;               /* an iconv_t */
    char carry[8];
    size_t ncarry;
    char *out;              /* output buffer, owned */
    size_t outcap;
};

/* RETURNS 0, or -1 when iconv cannot convert from GB18030 on this system. */
int text_conv_open(struct text_conv *c);
/* NAME text_conv_feed -- convert in[0..n) (last = 1 for the final chunk).
 * Sets *out and *outn to the converted bytes (valid until the next call).
 * RETURNS 0, -1 on a byte sequence that is not GB18030 (*bad_off = its offset
 * in this chunk's input), -2 on out of memory. */
int text_conv_feed(struct text_conv *c, const char *in, size_t n, int last,
                   const char **out, size_t *outn, size_t *bad_off);
void text_conv_close(struct text_conv *c);

#endif

/* str.h -- the small string helpers every layer needs once: copies, the
 * folder of a path, bytes as lowercase hex (SHA-256 digests).
 *
 *   char *s = str_dup(name);            free(s);
 *   char *d = str_dir_of("a/b/plan.ini");   "a/b"
 *   char hex[65]; str_hex(sha, 32, hex);
 */
#ifndef RH_STR_H
#define RH_STR_H

#include <stddef.h>

/* NAME str_dup_n -- the first n bytes of s, NUL-terminated, in new
 * memory.  RETURNS NULL on out of memory. */
char *str_dup_n(const char *s, size_t n);

/* NAME str_dup -- s in new memory.  RETURNS NULL on out of memory. */
char *str_dup(const char *s);

/* NAME str_dir_of -- POSIX dirname(path) in new memory, path untouched
 * ("plan.ini" -> ".", "/a//b/" -> "/a", "/" -> "/").  RETURNS NULL on
 * out of memory. */
char *str_dir_of(const char *path);

/* NAME str_hex -- n bytes as 2n lowercase hex digits and a NUL into out
 * (2n + 1 bytes). */
void str_hex(const unsigned char *bytes, size_t n, char *out);

#endif

/* arena.h -- bump allocator for strings and small records, freed in one call,
 * and an interning table mapping strings to dense ids.
 *
 *   struct arena a; arena_init(&a);
 *   char *s = arena_strndup(&a, p, n);          // NULL on out of memory
 *   struct strtab t; strtab_init(&t, &a);
 *   int32_t id = strtab_intern(&t, p, n, &added); // -1 on out of memory
 *   int32_t id = strtab_find(&t, p, n);           // -1 when absent
 *   const char *name = t.strs[id];
 *   strtab_release(&t); arena_release(&a);
 */
#ifndef RH_ARENA_H
#define RH_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct arena_block;
struct arena {
    struct arena_block *head;
    size_t used;            /* bytes used in head */
    size_t total;           /* bytes allocated by all blocks */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* NAME arena_alloc -- n bytes aligned to 16; NULL on out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* NAME arena_strndup -- copy n bytes and a NUL; NULL on out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Interned strings: owned by the arena, ids are 0, 1, 2 ... in first-seen
 * order.  At most INT32_MAX - 1 strings. */
struct strtab {
    struct arena *arena;    /* borrowed */
    char **strs;            /* strs[id], NUL-terminated, owned by arena */
    uint32_t *lens;
    int32_t n, cap;
    int32_t *slots;         /* open addressing, -1 = empty */
    uint32_t nslots;        /* power of two */
};

void strtab_init(struct strtab *t, struct arena *a);
void strtab_release(struct strtab *t);
int32_t strtab_find(const struct strtab *t, const char *s, size_t n);
/* NAME strtab_intern -- id of s, adding it when new (*added = 1 then).
 * RETURNS the id, or -1 on out of memory. */
int32_t strtab_intern(struct strtab *t, const char *s, size_t n, int *added);

#endif

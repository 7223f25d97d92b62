/* arena.c -- bump allocator and string interning. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct arena_block {
    struct arena_block *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

#define ARENA_BLOCK (64 * 1024)

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->total = 0;
}

void arena_release(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *n = b->next;
        free(b);
        b = n;
    }
    arena_init(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
    if (n > SIZE_MAX / 2)
        return NULL;
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->size - a->used < n) {
        size_t sz = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        struct arena_block *b = malloc(sizeof *b + sz);
        if (!b)
            return NULL;
        b->size = sz;
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->total += sz;
    }
    void *p = a->head->data + a->used;
    a->used += n;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;            /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

void strtab_init(struct strtab *t, struct arena *a)
{
    memset(t, 0, sizeof *t);
    t->arena = a;
}

void strtab_release(struct strtab *t)
{
    free(t->strs);
    free(t->lens);
    free(t->slots);
    struct arena *a = t->arena;
    strtab_init(t, a);
}

int32_t strtab_find(const struct strtab *t, const char *s, size_t n)
{
    if (!t->nslots)
        return -1;
    uint32_t mask = t->nslots - 1, i = hash_bytes(s, n) & mask;
    for (;;) {
        int32_t id = t->slots[i];
        if (id < 0)
            return -1;
        if (t->lens[id] == n && memcmp(t->strs[id], s, n) == 0)
            return id;
        i = (i + 1) & mask;
    }
}

static int strtab_grow(struct strtab *t)
{
    uint32_t ns = t->nslots ? t->nslots * 2 : 64;
    if (ns == 0 || ns > (1u << 30))
        return -1;
    int32_t *slots = malloc(ns * sizeof *slots);
    if (!slots)
        return -1;
    memset(slots, 0xff, ns * sizeof *slots);
    for (int32_t id = 0; id < t->n; id++) {
        uint32_t i = hash_bytes(t->strs[id], t->lens[id]) & (ns - 1);
        while (slots[i] >= 0)
            i = (i + 1) & (ns - 1);
        slots[i] = id;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = ns;
    return 0;
}

int32_t strtab_intern(struct strtab *t, const char *s, size_t n, int *added)
{
    int32_t id = strtab_find(t, s, n);
    if (added)
        *added = 0;
    if (id >= 0)
        return id;
    if (n > UINT32_MAX || t->n >= INT32_MAX - 1)
        return -1;
    if ((uint64_t)(t->n + 1) * 2 > t->nslots && strtab_grow(t) < 0)
        return -1;
    if (t->n == t->cap) {
        int32_t nc = t->cap ? (t->cap > INT32_MAX / 2 ? INT32_MAX - 1 : t->cap * 2) : 64;
        char **ns = realloc(t->strs, (size_t)nc * sizeof *ns);
        if (!ns)
            return -1;
        t->strs = ns;
        uint32_t *nl = realloc(t->lens, (size_t)nc * sizeof *nl);
        if (!nl)
            return -1;
        t->lens = nl;
        t->cap = nc;
    }
    char *copy = arena_strndup(t->arena, s, n);
    if (!copy)
        return -1;
    id = t->n++;
    t->strs[id] = copy;
    t->lens[id] = (uint32_t)n;
    uint32_t mask = t->nslots - 1, i = hash_bytes(s, n) & mask;
    while (t->slots[i] >= 0)
        i = (i + 1) & mask;
    t->slots[i] = id;
    if (added)
        *added = 1;
    return id;
}

/* failmalloc.c -- allocation-failure injection for `rehouse`, as SQLite's
 * test harness does it: an LD_PRELOAD shim that makes the N-th allocation
 * after main() starts fail.
 *
 *   cc -shared -fPIC -O1 -o failmalloc.so tests/faults/failmalloc.c -ldl
 *   FAILMALLOC_N=17 FAILMALLOC_REPORT=/tmp/r LD_PRELOAD=./failmalloc.so \
 *       ./rehouse plan --config fixtures/demo/plan.ini --out /tmp/plan
 *
 * Environment:
 *   FAILMALLOC_N=N        fail the N-th call of malloc/calloc/realloc/
 *                         reallocarray/posix_memalign/aligned_alloc/memalign
 *                         counted from the start of main() (0 or unset:
 *                         never fail, only count)
 *   FAILMALLOC_PERSIST=1  every call from the N-th on fails (default: only
 *                         the N-th, later calls succeed again)
 *   FAILMALLOC_REPORT=F   at exit (normal exit only) write to F
 *                         "calls=C hit=H caller=OBJ+0xOFF" where C is the
 *                         number of calls counted, H 1 when a failure was
 *                         injected, and caller the return address of the
 *                         failed call (object file and offset, for
 *                         addr2line); when the failure is injected, the
 *                         stack is also written to F.bt (backtrace(3))
 *
 * Every allocation in the process goes through here: rehouse's own, GLPK's,
 * libcsv's, inih's and glibc's (strdup, fopen, iconv_open, stdio buffers:
 * glibc routes its internal allocations through an interposed malloc).
 * The real allocator is found with dlsym(RTLD_NEXT), so the shim also works
 * under AddressSanitizer (set ASAN_OPTIONS=verify_asan_link_order=0); while
 * dlsym itself allocates, requests are served from a small static pool.
 * Counting starts in a wrapper of __libc_start_main's main, so allocations
 * by the dynamic loader and constructors are not counted.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <execinfo.h>

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);
typedef int (*pmemalign_fn)(void **, size_t, size_t);
typedef void *(*aalloc_fn)(size_t, size_t);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static free_fn real_free;
static pmemalign_fn real_posix_memalign;
static aalloc_fn real_aligned_alloc;
static aalloc_fn real_memalign;

static int resolving;
static int active;                  /* counting (main has started) */
static unsigned long ncalls;
static unsigned long fail_at;       /* 0: never */
static int persist;
static pid_t main_pid;      /* the process main() started in */
static int hit;
static void *hit_caller;
static char report_path[512];
static int in_backtrace;            /* backtrace() allocates: pass through */

/* bootstrap pool for allocations made by dlsym while resolving */
static _Alignas(16) unsigned char pool[65536];
static size_t pool_used;

static int in_pool(const void *p)
{
    return (const unsigned char *)p >= pool &&
           (const unsigned char *)p < pool + sizeof pool;
}

static void *pool_alloc(size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need > sizeof pool - pool_used)
        return NULL;
    void *p = pool + pool_used;
    pool_used += need;
    return p;
}

static void resolve(void)
{
    if (real_malloc || resolving)
        return;
    resolving = 1;
    real_calloc = (calloc_fn)dlsym(RTLD_NEXT, "calloc");
    real_realloc = (realloc_fn)dlsym(RTLD_NEXT, "realloc");
    real_free = (free_fn)dlsym(RTLD_NEXT, "free");
    real_posix_memalign = (pmemalign_fn)dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = (aalloc_fn)dlsym(RTLD_NEXT, "aligned_alloc");
    real_memalign = (aalloc_fn)dlsym(RTLD_NEXT, "memalign");
    real_malloc = (malloc_fn)dlsym(RTLD_NEXT, "malloc");
    resolving = 0;
}

/* 1 when this call must fail. */
static void dump_stack(void)
{
    char path[600];
    void *frames[64];
    if (!report_path[0])
        return;
    snprintf(path, sizeof path, "%s.bt", report_path);
    in_backtrace = 1;
    int n = backtrace(frames, 64);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        backtrace_symbols_fd(frames, n, fd);
        close(fd);
    }
    in_backtrace = 0;
}

static int should_fail(void *caller)
{
    if (!active || in_backtrace)
        return 0;
    ncalls++;
    if (fail_at == 0)
        return 0;
    /* Persistent failures are injected in the main process only: a child
     * (the plan.xlsx writer) inherits the count and would otherwise fail
     * for every N past the parent's own total.  Single failures (mode 0)
     * reach children too. */
    if (persist && getpid() != main_pid)
        return 0;
    if (ncalls == fail_at || (persist && ncalls > fail_at)) {
        if (!hit) {
            hit_caller = caller;
            hit = 1;
            dump_stack();
        }
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    if (!real_malloc) {
        resolve();
        if (!real_malloc)
            return pool_alloc(n);
    }
    if (should_fail(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return real_malloc(n);
}

void *calloc(size_t a, size_t b)
{
    if (!real_calloc) {
        resolve();
        if (!real_calloc) {
            if (b && a > SIZE_MAX / b)
                return NULL;
            void *p = pool_alloc(a * b);   /* static pool: already zero */
            return p;
        }
    }
    if (should_fail(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return real_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
    if (in_pool(p)) {
        /* never shrink or free pool memory; move it to the real heap */
        void *q = malloc(n);
        if (q && p)
            memcpy(q, p, n < (size_t)(pool + sizeof pool - (unsigned char *)p)
                             ? n : (size_t)(pool + sizeof pool - (unsigned char *)p));
        return q;
    }
    if (!real_realloc) {
        resolve();
        if (!real_realloc)
            return p ? NULL : pool_alloc(n);
    }
    if (should_fail(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return real_realloc(p, n);
}

void *reallocarray(void *p, size_t a, size_t b)
{
    if (b && a > SIZE_MAX / b) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, a * b);
}

void free(void *p)
{
    if (!p || in_pool(p))
        return;
    if (!real_free) {
        resolve();
        if (!real_free)
            return;                     /* leak rather than crash */
    }
    real_free(p);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (!real_posix_memalign)
        resolve();
    if (should_fail(__builtin_return_address(0)))
        return ENOMEM;
    return real_posix_memalign(out, align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    if (!real_aligned_alloc)
        resolve();
    if (should_fail(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return real_aligned_alloc(align, n);
}

void *memalign(size_t align, size_t n)
{
    if (!real_memalign)
        resolve();
    if (should_fail(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return real_memalign(align, n);
}

/* ---- start counting at main ---------------------------------------------- */

static void write_report(void)
{
    if (!report_path[0])
        return;
    active = 0;
    int fd = open(report_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    char buf[700];
    Dl_info info;
    int n;
    if (hit_caller && dladdr(hit_caller, &info) && info.dli_fname)
        n = snprintf(buf, sizeof buf, "calls=%lu hit=%d caller=%s+0x%lx\n",
                     ncalls, hit, info.dli_fname,
                     (unsigned long)((char *)hit_caller -
                                     (char *)info.dli_fbase));
    else
        n = snprintf(buf, sizeof buf, "calls=%lu hit=%d caller=%p\n", ncalls,
                     hit, hit_caller);
    if (n > 0)
        (void)!write(fd, buf, (size_t)n);
    close(fd);
}

static int (*real_main)(int, char **, char **);

static int main_wrapper(int argc, char **argv, char **envp)
{
    const char *s = getenv("FAILMALLOC_N");
    fail_at = s ? strtoul(s, NULL, 10) : 0;
    s = getenv("FAILMALLOC_PERSIST");
    persist = s && *s && *s != '0';
    s = getenv("FAILMALLOC_REPORT");
    if (s)
        snprintf(report_path, sizeof report_path, "%s", s);
    atexit(write_report);   /* registered before main's: runs last */
    main_pid = getpid();
    active = 1;
    return real_main(argc, argv, envp);
}

typedef int (*start_main_fn)(int (*)(int, char **, char **), int, char **,
                             void (*)(void), void (*)(void), void (*)(void),
                             void *);

int __libc_start_main(int (*main)(int, char **, char **), int argc,
                      char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    start_main_fn next = (start_main_fn)dlsym(RTLD_NEXT, "__libc_start_main");
    real_main = main;
    return next(main_wrapper, argc, argv, init, fini, rtld_fini, stack_end);
}

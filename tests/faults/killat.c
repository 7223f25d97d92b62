/* killat.c -- kill -9 at an exact moment of the plan folder's life, for
 * tests/faults/run.sh.  An LD_PRELOAD shim: the process sends itself SIGKILL
 * when the N-th event of a kind happens, so the "kill during writing" cases
 * do not depend on timing.
 *
 *   cc -shared -fPIC -O1 -o killat.so tests/faults/killat.c -ldl
 *   KILLAT=write:3 LD_PRELOAD=./killat.so ./rehouse plan ... --out DIR
 *
 * KILLAT=EVENT:N (N >= 1, default 1), EVENT one of
 *   mkdir    after the N-th successful mkdir() of a "*.tmp-*" folder
 *   open     before the N-th open()/openat() that creates a file (O_CREAT)
 *            inside a "*.tmp-*" folder
 *   write    during the N-th write() to a descriptor above 2: half of the
 *            bytes are written, then the process dies (a torn file)
 *   fsync    before the N-th fsync()
 *   exchange before the N-th renameat2() system call (the swap)
 *   swapped  right after the N-th renameat2() succeeded: the new plan is
 *            in place, the old one still sits under the temporary name
 *   rename   before the N-th rename()
 *   unlink   before the N-th unlinkat()/unlink()/rmdir() after the swap
 *            (the removal of the old plan); removals before the swap (a
 *            library's temporary files) are not counted
 * KILLAT_NOEXCHANGE=1 makes renameat2 fail with ENOSYS, so the rename-pair
 * fallback of output/folder.c is used.
 * KILLAT_LOG=F appends one line per event seen ("write 3") to F, so a test
 * can learn how many events of a kind a run has.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static char event[16];
static long target = 1;
static int noexchange;
static const char *logpath;
static long counts[8];
static int swapped;                 /* the new folder is in place */
static pid_t main_pid;              /* events of child processes (the
                                       plan.xlsx writer) are not counted */

enum { E_MKDIR, E_OPEN, E_WRITE, E_FSYNC, E_EXCHANGE, E_SWAPPED, E_RENAME,
       E_UNLINK };
static const char *const names[] = { "mkdir", "open", "write", "fsync",
                                     "exchange", "swapped", "rename",
                                     "unlink" };

__attribute__((constructor)) static void killat_init(void)
{
    main_pid = getpid();
    const char *s = getenv("KILLAT");
    if (s) {
        const char *colon = strchr(s, ':');
        size_t n = colon ? (size_t)(colon - s) : strlen(s);
        if (n >= sizeof event)
            n = sizeof event - 1;
        memcpy(event, s, n);
        event[n] = '\0';
        if (colon)
            target = atol(colon + 1);
    }
    s = getenv("KILLAT_NOEXCHANGE");
    noexchange = s && *s == '1';
    logpath = getenv("KILLAT_LOG");
}

static void die(void)
{
    kill(getpid(), SIGKILL);
    for (;;)
        pause();
}

/* Count an event; 1 when this is the one to die at. */
static int reached(int e)
{
    if (getpid() != main_pid)
        return 0;
    long k = ++counts[e];
    if (logpath) {
        int fd = (int)syscall(SYS_openat, AT_FDCWD, logpath,
                              O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd >= 0) {
            char buf[48];
            int n = snprintf(buf, sizeof buf, "%s %ld\n", names[e], k);
            (void)!syscall(SYS_write, fd, buf, (size_t)n);
            syscall(SYS_close, fd);
        }
    }
    return event[0] && strcmp(event, names[e]) == 0 && k == target;
}

#define NEXT(name) \
    static __typeof__(name) *real_##name; \
    if (!real_##name) \
        real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

int mkdir(const char *path, mode_t mode)
{
    NEXT(mkdir);
    int rc = real_mkdir(path, mode);
    if (rc == 0 && strstr(path, ".tmp-") && reached(E_MKDIR))
        die();
    return rc;
}

static void on_open(const char *path, int flags)
{
    if ((flags & O_CREAT) && strstr(path, ".tmp-") && reached(E_OPEN))
        die();
}

int open(const char *path, int flags, ...)
{
    NEXT(open);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    on_open(path, flags);
    return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    NEXT(open64);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    on_open(path, flags);
    return real_open64(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    NEXT(openat);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    on_open(path, flags);
    return real_openat(dirfd, path, flags, mode);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    NEXT(write);
    if (fd > 2 && reached(E_WRITE)) {
        if (n > 1)
            (void)real_write(fd, buf, n / 2);
        die();
    }
    return real_write(fd, buf, n);
}

int fsync(int fd)
{
    NEXT(fsync);
    if (reached(E_FSYNC))
        die();
    return real_fsync(fd);
}

int rename(const char *a, const char *b)
{
    NEXT(rename);
    if (reached(E_RENAME))
        die();
    int rc = real_rename(a, b);
    if (rc == 0 && strstr(a, ".tmp-") && !strstr(b, ".tmp-"))
        swapped = 1;
    return rc;
}

int unlinkat(int dirfd, const char *path, int flags)
{
    NEXT(unlinkat);
    if (swapped && reached(E_UNLINK))
        die();
    return real_unlinkat(dirfd, path, flags);
}

int unlink(const char *path)
{
    NEXT(unlink);
    if (swapped && reached(E_UNLINK))
        die();
    return real_unlink(path);
}

int rmdir(const char *path)
{
    NEXT(rmdir);
    if (swapped && reached(E_UNLINK))
        die();
    return real_rmdir(path);
}

int renameat2(int olddirfd, const char *a, int newdirfd, const char *b,
              unsigned int flags)
{
    NEXT(renameat2);
    if (noexchange) {
        errno = ENOSYS;
        return -1;
    }
    if (reached(E_EXCHANGE))
        die();
    int rc = real_renameat2(olddirfd, a, newdirfd, b, flags);
    if (rc == 0)
        swapped = 1;
    if (rc == 0 && reached(E_SWAPPED))
        die();
    return rc;
}

/* output/folder.c calls renameat2 as a raw system call. */
long syscall(long number, ...)
{
    NEXT(syscall);
    va_list ap;
    va_start(ap, number);
    long a1 = va_arg(ap, long), a2 = va_arg(ap, long), a3 = va_arg(ap, long);
    long a4 = va_arg(ap, long), a5 = va_arg(ap, long), a6 = va_arg(ap, long);
    va_end(ap);
#ifdef SYS_renameat2
    if (number == SYS_renameat2) {
        if (noexchange) {
            errno = ENOSYS;
            return -1;
        }
        if (reached(E_EXCHANGE))
            die();
        long rc = real_syscall(number, a1, a2, a3, a4, a5, a6);
        if (rc == 0)
            swapped = 1;
        if (rc == 0 && reached(E_SWAPPED))
            die();
        return rc;
    }
#endif
    return real_syscall(number, a1, a2, a3, a4, a5, a6);
}

/* outfile.c -- buffered, checked output file. */
#define _GNU_SOURCE             /* sync_file_range */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_open(struct outfile *f, const char *path)
{
    f->fd = -1;
    f->used = 0;
    f->written = 0;
    f->err = 0;
    f->buf = malloc(OUTFILE_BUF);
    if (!f->buf) {
        f->err = ENOMEM;
        errno = ENOMEM;
        return -1;
    }
    f->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                 0644);
    if (f->fd < 0) {
        int e = errno;
        free(f->buf);
        f->buf = NULL;
        f->err = e;
        errno = e;
        return -1;
    }
    return 0;
}

int outfile_attach(struct outfile *f, int fd)
{
    f->fd = fd;
    f->used = 0;
    f->written = 0;
    f->err = 0;
    f->buf = malloc(OUTFILE_BUF);
    if (!f->buf) {
        f->fd = -1;
        f->err = ENOMEM;
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

int outfile_detach(struct outfile *f)
{
    if (f->fd >= 0)
        (void)outfile_flush(f);
    f->fd = -1;
    free(f->buf);
    f->buf = NULL;
    if (f->err) {
        errno = f->err;
        return -1;
    }
    return 0;
}

/* Write all of p[0..n) to the descriptor, retrying short writes and EINTR. */
static int write_all(struct outfile *f, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            f->err = errno;
            return -1;
        }
        if (w == 0) {
            f->err = EIO;
            errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
        f->written += (uint64_t)w;
    }
    return 0;
}

int outfile_flush(struct outfile *f)
{
    if (f->err) {
        errno = f->err;
        return -1;
    }
    if (f->used == 0)
        return 0;
    size_t n = f->used;
    f->used = 0;
    return write_all(f, f->buf, n);
}

int outfile_write(struct outfile *f, const void *p, size_t n)
{
    if (f->err) {
        errno = f->err;
        return -1;
    }
    if (n > OUTFILE_BUF - f->used) {
        if (outfile_flush(f) < 0)
            return -1;
        if (n >= OUTFILE_BUF)
            return write_all(f, p, n);
    }
    memcpy(f->buf + f->used, p, n);
    f->used += n;
    return 0;
}

int outfile_puts(struct outfile *f, const char *s)
{
    return outfile_write(f, s, strlen(s));
}

int outfile_putc(struct outfile *f, char ch)
{
    if (f->err) {
        errno = f->err;
        return -1;
    }
    if (f->used == OUTFILE_BUF && outfile_flush(f) < 0)
        return -1;
    f->buf[f->used++] = ch;
    return 0;
}

int outfile_close(struct outfile *f)
{
    int e;

    if (f->fd < 0) {
        free(f->buf);
        f->buf = NULL;
        errno = f->err ? f->err : EBADF;
        return -1;
    }
    (void)outfile_flush(f);
    if (!f->err)
        outfile_start_writeback(f->fd);
    if (close(f->fd) < 0 && !f->err)
        f->err = errno;
    f->fd = -1;
    free(f->buf);
    f->buf = NULL;
    e = f->err;
    if (e) {
        errno = e;
        return -1;
    }
    return 0;
}

void outfile_abort(struct outfile *f)
{
    int e = errno;
    if (f->fd >= 0)
        (void)close(f->fd);
    f->fd = -1;
    free(f->buf);
    f->buf = NULL;
    errno = e;
}

void outfile_start_writeback(int fd)
{
    int e = errno;
#ifdef SYNC_FILE_RANGE_WRITE
    (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd;
#endif
    errno = e;
}

int fmt_int64(int64_t v, char buf[24])
{
    char digits[24];
    int nd = 0, len = 0;
    uint64_t mag = v < 0 ? (uint64_t)(-(v + 1)) + 1u : (uint64_t)v;

    do {
        digits[nd++] = (char)('0' + (int)(mag % 10u));
        mag /= 10u;
    } while (mag != 0);
    if (v < 0)
        buf[len++] = '-';
    while (nd > 0)
        buf[len++] = digits[--nd];
    buf[len] = '\0';
    return len;
}

int outfile_join(char *buf, size_t bufsz, const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    if (bufsz == 0 || a > bufsz - 1 || b > bufsz - 1 - a ||
        (a > 0 && 1 > bufsz - 1 - a - b)) {
        if (bufsz > 0)
            buf[0] = '\0';
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, dir, a);
    if (a > 0)
        buf[a++] = '/';
    memcpy(buf + a, name, b);
    buf[a + b] = '\0';
    return 0;
}

/* The length of path without trailing slashes, after a "./" prefix. */
static size_t trimmed(const char **p)
{
    while ((*p)[0] == '.' && (*p)[1] == '/')
        for (*p += 2; **p == '/'; (*p)++) { }
    size_t n = strlen(*p);
    while (n > 1 && (*p)[n - 1] == '/')
        n--;
    return n;
}

int outfile_same_path(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    size_t na = trimmed(&a), nb = trimmed(&b);
    return na == nb && memcmp(a, b, na) == 0;
}

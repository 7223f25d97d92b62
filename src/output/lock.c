/* lock.c -- per-folder run lock with flock(2). */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/exitcode.h"

/* 1 when buf (n bytes) is empty or one line of digits: what a lock file of
 * rehouse holds. */
static int pid_text(const char *buf, ssize_t n)
{
    ssize_t i = 0;
    while (i < n && buf[i] >= '0' && buf[i] <= '9')
        i++;
    return i == n || (i > 0 && i == n - 1 && buf[i] == '\n');
}

int lock_acquire(struct run_lock *l, const char *dir, char *err, size_t errsz)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    l->fd = -1;
    if (n + sizeof ".lock" > sizeof l->path) {
        snprintf(err, errsz, "%s: path too long", dir);
        return RH_EXIT_CANTCREAT;
    }
    memcpy(l->path, dir, n);
    memcpy(l->path + n, ".lock", sizeof ".lock");

    for (int attempt = 0; attempt < 100; attempt++) {
        int created = 1;
        int f = open(l->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
                     O_CLOEXEC, 0644);
        if (f < 0 && errno == EEXIST) {
            created = 0;
            f = open(l->path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (f < 0 && errno == ENOENT)
                continue;           /* removed by its holder meanwhile */
        }
        if (f < 0) {
            int e = errno;
            if (e == ELOOP)
                snprintf(err, errsz, "%s: is a symbolic link: refusing to use "
                         "it as the lock file", l->path);
            else
                snprintf(err, errsz, "%s: cannot create the lock file: %s",
                         l->path, strerror(e));
            return e == ENOMEM ? RH_EXIT_SOFTWARE : RH_EXIT_CANTCREAT;
        }
        struct stat fs, ps;
        if (fstat(f, &fs) < 0 || !S_ISREG(fs.st_mode) || fs.st_nlink != 1) {
            snprintf(err, errsz, "%s: is not a lock file of rehouse (not a "
                     "plain file): refusing to use it", l->path);
            close(f);
            return RH_EXIT_CANTCREAT;
        }
        if (flock(f, LOCK_EX | LOCK_NB) < 0) {
            int e = errno;
            char buf[32] = "";
            ssize_t got = pread(f, buf, sizeof buf - 1, 0);
            buf[got > 0 ? got : 0] = '\0';
            buf[strcspn(buf, "\n")] = '\0';
            close(f);
            if (e == EWOULDBLOCK) {
                snprintf(err, errsz, "another run (pid %s) holds %s",
                         buf[0] && pid_text(buf, (ssize_t)strlen(buf)) ? buf
                                                                      : "?",
                         l->path);
                return RH_EXIT_LOCKED;
            }
            if (created)
                (void)unlink(l->path);
            snprintf(err, errsz, "%s: cannot lock: %s", l->path, strerror(e));
            return RH_EXIT_CANTCREAT;
        }
        /* The file may have been removed (and another created) between
         * open and flock: then this lock guards nothing. */
        if (lstat(l->path, &ps) < 0 || ps.st_dev != fs.st_dev ||
            ps.st_ino != fs.st_ino) {
            close(f);
            continue;
        }
        char buf[64];
        ssize_t got = pread(f, buf, sizeof buf, 0);
        if (got < 0 || !pid_text(buf, got)) {
            snprintf(err, errsz, "%s: is not a lock file of rehouse (it holds "
                     "other text): refusing to use it", l->path);
            close(f);
            return RH_EXIT_CANTCREAT;
        }
        char pid[32];
        int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
        if (ftruncate(f, 0) < 0 || pwrite(f, pid, (size_t)len, 0) != len) {
            int e = errno;
            (void)unlink(l->path);
            close(f);
            snprintf(err, errsz, "%s: cannot write: %s", l->path, strerror(e));
            return rh_exit_for_errno(e);
        }
        l->fd = f;
        return 0;
    }
    snprintf(err, errsz, "%s: removed again and again while locking it",
             l->path);
    return RH_EXIT_LOCKED;
}

void lock_release(struct run_lock *l)
{
    if (l->fd < 0)
        return;
    (void)unlink(l->path);  /* still locked: nobody else uses this file */
    close(l->fd);           /* closing the last descriptor drops the flock */
    l->fd = -1;
}

/* lock.c -- per-folder run lock with flock(2). */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "io/exitcode.h"

int lock_acquire(const char *dir, int *fd, char *err, size_t errsz)
{
    char path[4096];
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    *fd = -1;
    if (n + sizeof ".lock" > sizeof path) {
        snprintf(err, errsz, "%s: path too long", dir);
        return RH_EXIT_CANTCREAT;
    }
    memcpy(path, dir, n);
    memcpy(path + n, ".lock", sizeof ".lock");
    int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (f < 0) {
        snprintf(err, errsz, "%s: cannot create the lock file: %s", path,
                 strerror(errno));
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
            snprintf(err, errsz, "another run (pid %s) holds %s", buf[0] ? buf : "?",
                     path);
            return RH_EXIT_TEMPFAIL;
        }
        snprintf(err, errsz, "%s: cannot lock: %s", path, strerror(e));
        return RH_EXIT_CANTCREAT;
    }
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(f, 0) < 0 || pwrite(f, pid, (size_t)len, 0) != len) {
        snprintf(err, errsz, "%s: cannot write: %s", path, strerror(errno));
        close(f);
        return RH_EXIT_CANTCREAT;
    }
    *fd = f;
    return 0;
}

void lock_release(int fd)
{
    if (fd >= 0)
        close(fd);      /* closing the last descriptor drops the flock */
}

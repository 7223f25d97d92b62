/* folder.c -- atomic replacement of an output folder. */
#include "folder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "io/exitcode.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* ---- trees -------------------------------------------------------------- */

/* Remove name (relative to atfd) and, for a folder, all it holds.  Reads
 * folders with getdents64 into a stack buffer: no allocation, so a run
 * that failed for lack of memory can still clean up after itself. */
static int remove_at(int atfd, const char *name)
{
    struct stat st;
    int rc = 0;

    if (fstatat(atfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlinkat(atfd, name, 0) < 0 && errno != ENOENT ? -1 : 0;
    int fd = openat(atfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    _Alignas(8) char buf[4096];
    for (;;) {                  /* read from the start until only . and .. */
        if (lseek(fd, 0, SEEK_SET) < 0) {
            rc = -1;
            break;
        }
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n < 0) {
            rc = -1;
            break;
        }
        int removed = 0, failed = 0;
        for (long off = 0; off < n;) {
            struct dirent64_raw {
                uint64_t ino;
                int64_t off;
                unsigned short reclen;
                unsigned char type;
                char name[];
            } *ent = (struct dirent64_raw *)(void *)(buf + off);
            off += ent->reclen;
            if (!strcmp(ent->name, ".") || !strcmp(ent->name, ".."))
                continue;
            if (remove_at(fd, ent->name) < 0)
                failed = 1;
            else
                removed = 1;
        }
        if (failed)
            rc = -1;
        if (!removed)
            break;              /* empty, or nothing more can go */
    }
    int e = errno;
    close(fd);
    errno = e;
    if (unlinkat(atfd, name, AT_REMOVEDIR) < 0)
        rc = -1;
    return rc;
}

int folder_remove_tree(const char *path)
{
    return remove_at(AT_FDCWD, path);
}

/* fsync name (relative to atfd) and, for a folder, all it holds first. */
static int sync_at(int atfd, const char *name)
{
    struct stat st;
    int fd, rc = 0;

    if (fstatat(atfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return -1;
    if (S_ISLNK(st.st_mode))
        return 0;
    fd = openat(atfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
                (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
    if (fd < 0)
        return -1;
    if (S_ISDIR(st.st_mode)) {
        int fd2 = dup(fd);
        DIR *d = fd2 < 0 ? NULL : fdopendir(fd2);
        if (!d) {
            int e = errno;
            if (fd2 >= 0)
                close(fd2);
            close(fd);
            errno = e;
            return -1;
        }
        struct dirent *ent;
        while ((errno = 0, ent = readdir(d)) != NULL) {
            if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
                continue;
            if (sync_at(dirfd(d), ent->d_name) < 0) {
                rc = -1;
                break;
            }
        }
        if (!ent && errno)
            rc = -1;
        int e = errno;
        closedir(d);
        errno = e;
    }
    if (rc == 0 && fsync(fd) < 0)
        rc = -1;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* fsync a folder by path.  RETURNS 0 or -1 with errno. */
static int sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* ---- swapping ----------------------------------------------------------- */

/* Create "<stem>.tmp-<pid>-<tag><k>" for the first k that is free (mkdir is
 * atomic, so concurrent writers never share one); mode 0777 less umask.
 * RETURNS 0 with the name in buf, or -1 with errno. */
static int make_unique_dir(char *buf, size_t bufsz, const char *stem,
                           const char *tag)
{
    for (int k = 0; k < 10000; k++) {
        int n = snprintf(buf, bufsz, "%s.tmp-%ld-%s%d", stem, (long)getpid(),
                         tag, k);
        if (n < 0 || (size_t)n >= bufsz) {
            errno = ENAMETOOLONG;
            return -1;
        }
        if (mkdir(buf, 0777) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

static int exchange(const char *a, const char *b)
{
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b,
                        RENAME_EXCHANGE);
#else
    (void)a;
    (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

/* Replace existing dir by tmp; the old contents end up at *old (a path
 * buffer of oldsz bytes) for the caller to remove.  RETURNS 0 or -1. */
static int swap_in(const char *tmp, const char *dir, char *old, size_t oldsz)
{
    if (exchange(tmp, dir) == 0) {
        snprintf(old, oldsz, "%s", tmp);
        return 0;
    }
    if (errno != ENOSYS && errno != EINVAL)
        return -1;
    /* No RENAME_EXCHANGE here: move the old folder aside onto an empty
     * folder of a unique name, then move the new one in. */
    if (make_unique_dir(old, oldsz, dir, "old") < 0)
        return -1;
    if (rename(dir, old) < 0) {
        int e = errno;
        rmdir(old);
        errno = e;
        return -1;
    }
    if (rename(tmp, dir) < 0) {
        int e = errno;
        (void)rename(old, dir);     /* put the old plan back */
        errno = e;
        return -1;
    }
    return 0;
}

/* ---- stale leftovers ---------------------------------------------------- */

/* Remove parent/<base>.tmp-<pid>-* whose process is gone. */
static void remove_stale(const char *parent, const char *base)
{
    char prefix[NAME_MAX + 8];
    int np = snprintf(prefix, sizeof prefix, "%s.tmp-", base);
    if (np < 0 || (size_t)np >= sizeof prefix)
        return;
    int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd < 0)
        return;
    int fd2 = dup(pfd);
    DIR *d = fd2 < 0 ? NULL : fdopendir(fd2);
    if (!d) {
        if (fd2 >= 0)
            close(fd2);
        close(pfd);
        return;
    }
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        const char *s = ent->d_name;
        if (strncmp(s, prefix, (size_t)np) != 0)
            continue;
        s += np;
        long pid = 0;
        int nd = 0;
        while (*s >= '0' && *s <= '9' && nd < 9) {
            pid = pid * 10 + (*s++ - '0');
            nd++;
        }
        if (nd == 0 || *s != '-' || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;                   /* alive, or not ours to judge */
        (void)remove_at(pfd, ent->d_name);
    }
    closedir(d);
    close(pfd);
}

/* ---- the whole job ------------------------------------------------------ */

/* 1 when folder path is empty or holds an entry named marker, 0 when it
 * holds other things only, -1 on error. */
static int looks_replaceable(const char *path, const char *marker)
{
    DIR *d = opendir(path);
    struct dirent *ent;
    int empty = 1, found = 0;

    if (!d)
        return -1;
    while ((errno = 0, ent = readdir(d)) != NULL) {
        if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
            continue;
        empty = 0;
        if (!strcmp(ent->d_name, marker))
            found = 1;
    }
    int e = errno;
    closedir(d);
    if (e) {
        errno = e;
        return -1;
    }
    return empty || found;
}

int folder_write_atomic(const char *dir, folder_fill_fn fill, void *ud,
                        const char *marker, char *err, size_t errsz)
{
    char stem[PATH_MAX], parent[PATH_MAX], tmp[PATH_MAX], old[PATH_MAX];
    const char *base;
    struct stat st;
    size_t len = strlen(dir);
    int rc, exists;

    /* stem: dir without trailing slashes; parent and base from it */
    while (len > 1 && dir[len - 1] == '/')
        len--;
    if (len == 0 || len >= sizeof stem) {
        snprintf(err, errsz, "%s: %s", dir,
                 len ? strerror(ENAMETOOLONG) : "empty output folder name");
        return rh_exit_for_errno(ENAMETOOLONG);
    }
    memcpy(stem, dir, len);
    stem[len] = '\0';
    char *slash = strrchr(stem, '/');
    base = slash ? slash + 1 : stem;
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        snprintf(err, errsz, "%s: not usable as an output folder name", dir);
        return RH_EXIT_CANTCREAT;
    }
    if (!slash)
        snprintf(parent, sizeof parent, ".");
    else if (slash == stem)
        snprintf(parent, sizeof parent, "/");
    else
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - stem), stem);

    if (stat(parent, &st) < 0) {
        snprintf(err, errsz, "%s: parent folder %s: %s", dir, parent,
                 strerror(errno));
        return rh_exit_for_errno(errno);
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errsz, "%s: parent %s is not a folder", dir, parent);
        return RH_EXIT_CANTCREAT;
    }
    exists = lstat(stem, &st) == 0;
    if (!exists && errno != ENOENT) {
        snprintf(err, errsz, "%s: %s", dir, strerror(errno));
        return rh_exit_for_errno(errno);
    }
    if (exists && !S_ISDIR(st.st_mode)) {
        snprintf(err, errsz, "%s: exists and is not a folder%s", dir,
                 S_ISLNK(st.st_mode) ? " (a symbolic link)" : "");
        return RH_EXIT_CANTCREAT;
    }
    if (exists && marker) {
        int ok = looks_replaceable(stem, marker);
        if (ok < 0) {
            snprintf(err, errsz, "%s: %s", dir, strerror(errno));
            return rh_exit_for_errno(errno);
        }
        if (!ok) {
            snprintf(err, errsz,
                     "%s: exists and is not a plan folder (no %s): "
                     "refusing to replace it", dir, marker);
            return RH_EXIT_CANTCREAT;
        }
    }

    if (make_unique_dir(tmp, sizeof tmp, stem, "") < 0) {
        snprintf(err, errsz, "%s: cannot create a temporary folder: %s", dir,
                 strerror(errno));
        return rh_exit_for_errno(errno);
    }

    rc = fill(tmp, ud, err, errsz);
    if (rc != 0) {
        (void)folder_remove_tree(tmp);
        return rc < 0 ? RH_EXIT_CANTCREAT : rc;
    }
    if (sync_at(AT_FDCWD, tmp) < 0) {
        snprintf(err, errsz, "%s: cannot sync the new plan: %s", dir,
                 strerror(errno));
        (void)folder_remove_tree(tmp);
        return rh_exit_for_errno(errno);
    }

    exists = lstat(stem, &st) == 0;
    if (exists ? swap_in(tmp, stem, old, sizeof old) < 0
               : rename(tmp, stem) < 0) {
        snprintf(err, errsz, "%s: cannot move the new plan into place: %s",
                 dir, strerror(errno));
        (void)folder_remove_tree(tmp);
        return rh_exit_for_errno(errno);
    }
    if (exists)
        (void)folder_remove_tree(old);  /* a leftover is cleaned up later */
    if (sync_dir(parent) < 0 && errno != EINVAL) {
        snprintf(err, errsz, "%s: plan replaced but cannot sync %s: %s", dir,
                 parent, strerror(errno));
        return rh_exit_for_errno(errno);
    }
    remove_stale(parent, base);
    return 0;
}

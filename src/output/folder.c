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

/* Whether the folder open at fd is of kind k.  RETURNS 1 (yes), 0 (no,
 * with the reason in why: about the first offending entry in byte order,
 * so that the message does not depend on the file system's order), -1 on
 * error (errno). */
static int kind_of(int fd, const struct folder_kind *k, char *why,
                   size_t whysz)
{
    int fd2 = dup(fd);
    DIR *d = fd2 < 0 ? NULL : fdopendir(fd2);
    struct dirent *ent;
    int empty = 1, marker = 0, fail = 0;
    char bad[256] = "";         /* the first offending entry so far */

    if (!d) {
        if (fd2 >= 0)
            close(fd2);
        return -1;
    }
    while (!fail && (errno = 0, ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        struct stat st;
        char reason[512] = "";
        if (!strcmp(name, ".") || !strcmp(name, ".."))
            continue;
        empty = 0;
        if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            fail = 1;
            break;
        }
        int known = 0;
        if (S_ISREG(st.st_mode))
            for (const char *const *f = k->files; *f && !known; f++)
                known = !strcmp(*f, name);
        if (known && !strcmp(name, k->marker)) {
            char head[513];
            int mfd = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
                             O_CLOEXEC);
            ssize_t n = mfd < 0 ? -1 : read(mfd, head, sizeof head - 1);
            if (mfd >= 0)
                close(mfd);
            if (n < 0) {
                fail = 1;
                break;
            }
            head[n] = '\0';
            marker = strstr(head, k->signature) != NULL;
            if (!marker)
                snprintf(reason, sizeof reason, "its %s was not written by "
                         "rehouse", name);
        } else if (!known && S_ISDIR(st.st_mode) && k->sub) {
            int sfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                             O_CLOEXEC);
            char sub[256];
            int r = sfd < 0 ? -1 : kind_of(sfd, k->sub, sub, sizeof sub);
            if (sfd >= 0)
                close(sfd);
            if (r < 0) {
                fail = 1;
                break;
            }
            if (r == 0)
                snprintf(reason, sizeof reason, "%.200s/ is not a %s: %.200s",
                         name, k->sub->what, sub);
        } else if (!known) {
            snprintf(reason, sizeof reason, "it holds %.200s%s", name,
                     S_ISDIR(st.st_mode) ? "/" : "");
        }
        if (reason[0] && (!bad[0] || strcmp(name, bad) < 0)) {
            snprintf(bad, sizeof bad, "%s", name);
            snprintf(why, whysz, "%s", reason);
        }
    }
    int e = errno;
    closedir(d);
    if (fail || (!ent && e)) {
        errno = e ? e : EIO;
        return -1;
    }
    if (bad[0])
        return 0;
    if (!empty && !marker) {
        snprintf(why, whysz, "it has no %s", k->marker);
        return 0;
    }
    return 1;
}

/* Split dir into stem (no trailing slashes), parent and base (in stem).
 * RETURNS 0, or an exit code with a message in err. */
static int split_dir(const char *dir, char *stem, char *parent,
                     const char **base, char *err, size_t errsz)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    if (len == 0 || len >= PATH_MAX) {
        snprintf(err, errsz, "%s: %s", dir,
                 len ? strerror(ENAMETOOLONG) : "empty output folder name");
        return rh_exit_for_errno(ENAMETOOLONG);
    }
    memcpy(stem, dir, len);
    stem[len] = '\0';
    char *slash = strrchr(stem, '/');
    *base = slash ? slash + 1 : stem;
    if (!**base || !strcmp(*base, ".") || !strcmp(*base, "..")) {
        snprintf(err, errsz, "%s: not usable as an output folder name", dir);
        return RH_EXIT_CANTCREAT;
    }
    if (!slash)
        snprintf(parent, PATH_MAX, ".");
    else if (slash == stem)
        snprintf(parent, PATH_MAX, "/");
    else
        snprintf(parent, PATH_MAX, "%.*s", (int)(slash - stem), stem);
    return 0;
}

/* The checks of folder_check on a split name. */
static int check_split(const char *dir, const char *stem, const char *parent,
                       const struct folder_kind *k, char *err, size_t errsz)
{
    struct stat st;
    if (stat(parent, &st) < 0) {
        snprintf(err, errsz, "%s: parent folder %s: %s", dir, parent,
                 strerror(errno));
        return rh_exit_for_errno(errno);
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errsz, "%s: parent %s is not a folder", dir, parent);
        return RH_EXIT_CANTCREAT;
    }
    if (lstat(stem, &st) < 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errsz, "%s: %s", dir, strerror(errno));
        return rh_exit_for_errno(errno);
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errsz, "%s: exists and is not a folder%s", dir,
                 S_ISLNK(st.st_mode) ? " (a symbolic link)" : "");
        return RH_EXIT_CANTCREAT;
    }
    char why[512] = "";
    int fd = open(stem, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int ok = fd < 0 ? -1 : kind_of(fd, k, why, sizeof why);
    if (fd >= 0) {
        int e = errno;
        close(fd);
        errno = e;
    }
    if (ok < 0) {
        snprintf(err, errsz, "%s: %s", dir, strerror(errno));
        return rh_exit_for_errno(errno);
    }
    if (!ok) {
        snprintf(err, errsz, "%s: exists and is not a %s (%s): refusing to "
                 "replace it", dir, k->what, why);
        return RH_EXIT_CANTCREAT;
    }
    return 0;
}

int folder_check(const char *dir, const struct folder_kind *k, char *err,
                 size_t errsz)
{
    char stem[PATH_MAX], parent[PATH_MAX];
    const char *base;
    int rc = split_dir(dir, stem, parent, &base, err, errsz);
    return rc ? rc : check_split(dir, stem, parent, k, err, errsz);
}

int folder_write_atomic(const char *dir, folder_fill_fn fill, void *ud,
                        const struct folder_kind *k, char *err, size_t errsz)
{
    char stem[PATH_MAX], parent[PATH_MAX], tmp[PATH_MAX], old[PATH_MAX];
    const char *base;
    struct stat st;
    int rc, exists;

    if ((rc = split_dir(dir, stem, parent, &base, err, errsz)) ||
        (rc = check_split(dir, stem, parent, k, err, errsz)))
        return rc;

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

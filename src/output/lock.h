/* lock.h -- one run at a time per output folder: flock on "DIR.lock".
 *
 *   struct run_lock l;
 *   rc = lock_acquire(&l, "out/plan", err, sizeof err);  // 0, 73 or 75
 *   ... write out/plan ...
 *   lock_release(&l);
 *
 * The lock file sits beside DIR (so it survives DIR being swapped) and
 * holds the holder's pid as text.  The kernel drops the lock when the
 * holder exits, however it exits, so a killed run never blocks the next.
 * lock_release removes the file while still holding the lock; an acquirer
 * that locked a file which is no longer the one at DIR.lock starts again,
 * so two runs never hold the lock at once.  A run that ends, refused or
 * not, leaves no lock file; only a killed run does, and the next run takes
 * it over.
 *
 * Safety (rehouse runs as root from cron): the lock file is opened without
 * following a symbolic link, must be a regular file with one link, and is
 * written only when it is empty or holds a pid line: DIR.lock that is a
 * link to /etc/something, or some other file of that name, is refused with
 * exit 73 and left as it was. */
#ifndef RH_LOCK_H
#define RH_LOCK_H

#include <limits.h>
#include <stddef.h>

struct run_lock {
    int fd;                 /* -1: not held */
    char path[PATH_MAX];    /* DIR.lock */
};

/* NAME lock_acquire -- RETURNS 0 with the lock held in *l;
 * RH_EXIT_LOCKED (75) at once when another process holds it ("another run
 * (pid N) holds DIR.lock"); RH_EXIT_CANTCREAT (73) when the lock file
 * cannot be created (DIR's parent is missing or read-only) or is not a
 * rehouse lock file.  On failure l->fd is -1 and no file is left that was
 * not there before. */
int lock_acquire(struct run_lock *l, const char *dir, char *err, size_t errsz);

/* NAME lock_release -- remove the lock file and drop the lock (not held:
 * nothing). */
void lock_release(struct run_lock *l);

#endif

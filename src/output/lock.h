/* lock.h -- one run at a time per plan folder: flock on "DIR.lock".
 *
 *   int fd;
 *   rc = lock_acquire("out/plan", &fd, err, sizeof err);  // 0, 73 or 75
 *   ... write out/plan ...
 *   lock_release(fd);
 *
 * The lock file sits beside DIR (so it survives DIR being swapped) and
 * holds the holder's pid as text.  The kernel drops the lock when the
 * holder exits, however it exits, so a killed run never blocks the next. */
#ifndef RH_LOCK_H
#define RH_LOCK_H

#include <stddef.h>

/* NAME lock_acquire -- RETURNS 0 with the lock held through *fd;
 * RH_EXIT_TEMPFAIL (75) at once when another process holds it ("another
 * run (pid N) holds DIR.lock"); RH_EXIT_CANTCREAT (73) when the lock file
 * cannot be created (e.g. DIR's parent is missing or read-only). */
int lock_acquire(const char *dir, int *fd, char *err, size_t errsz);

/* NAME lock_release -- drop the lock (fd < 0: nothing). */
void lock_release(int fd);

#endif

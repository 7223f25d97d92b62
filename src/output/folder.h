/* folder.h -- write a folder atomically: fill a temporary sibling, sync it,
 * swap it into place; a failed or killed run leaves the old folder as it was.
 *
 *   static int fill(const char *tmp, void *ud, char *err, size_t errsz)
 *   { ... create files in tmp ...; return 0 or an rh_exit code; }
 *   rc = folder_write_atomic("out/plan", fill, ud, "summary.json",
 *                            err, sizeof err);
 *
 * Steps: DIR's parent must exist (it is not created); a temporary folder
 * "DIR.tmp-<pid>-<k>" is made next to DIR (the first free k, by an atomic
 * mkdir, mode 0777 less umask); fill() writes into
 * it; every file and folder in it is fsync'ed; then, when DIR does not
 * exist, rename(tmp, DIR); when it does, renameat2(RENAME_EXCHANGE) swaps
 * the two (raw syscall; on a filesystem without exchange a rename pair is
 * used, leaving a moment where DIR is missing but never half written) and
 * the old contents, now under the temporary name, are removed; finally
 * the parent folder is fsync'ed.  After a successful swap, leftover
 * "DIR.tmp-<pid>-*" folders whose process no longer exists are removed.
 *
 * Safety: an existing DIR must be a real folder (not a symbolic link) and,
 * when marker is not NULL, either empty or holding a file named marker: a
 * mistaken --out pointing at some other folder is refused, never deleted.
 */
#ifndef RH_FOLDER_H
#define RH_FOLDER_H

#include <stddef.h>

/* Fill the temporary folder tmpdir (borrowed path).  RETURNS 0, or an
 * rh_exit code with a message in err (a negative value counts as 73). */
typedef int (*folder_fill_fn)(const char *tmpdir, void *ud, char *err,
                              size_t errsz);

/* NAME folder_write_atomic -- replace folder dir by what fill writes.
 * RETURNS 0; the fill callback's code when it fails; RH_EXIT_CANTCREAT (73)
 * with a message naming dir when the folder cannot be prepared, synced or
 * swapped.  On any failure the temporary folder is removed and dir is
 * untouched (except a failed fsync of the parent after the swap, reported
 * as 73: the new plan is in place but may not be durable). */
int folder_write_atomic(const char *dir, folder_fill_fn fill, void *ud,
                        const char *marker, char *err, size_t errsz);

/* NAME folder_remove_tree -- remove path and everything under it, never
 * following symbolic links.  RETURNS 0, or -1 with errno (what could be
 * removed is removed). */
int folder_remove_tree(const char *path);

#endif

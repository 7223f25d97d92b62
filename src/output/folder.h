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
 * Safety: an existing DIR is replaced only when it is a real folder (not a
 * symbolic link) of the caller's kind (struct folder_kind): empty, or
 * holding nothing but the kind's own files (and sub-folders of its
 * sub-kind), with the kind's marker file naming rehouse.  A mistaken --out
 * pointing at a home folder, or at a plan folder given as a compare folder,
 * is refused with exit 73 and never touched.
 */
#ifndef RH_FOLDER_H
#define RH_FOLDER_H

#include <stddef.h>

/* A kind of output folder: what rehouse may replace as a whole. */
struct folder_kind {
    const char *what;               /* "plan folder", for messages */
    const char *const *files;       /* the regular files it holds, NULL-ended */
    const char *marker;             /* one of files: present in a non-empty folder */
    const char *signature;          /* the marker's first 512 bytes contain it */
    const struct folder_kind *sub;  /* kind of its sub-folders; NULL: none */
};

/* NAME folder_check -- whether dir may be written as a folder of kind k:
 * its name is usable, its parent is a folder, and dir is missing, empty or
 * a folder of kind k (see above).  Nothing is created.
 * RETURNS 0, or RH_EXIT_CANTCREAT (73) with a message naming dir in err
 * ("D: exists and is not a plan folder (it holds docs): refusing to
 * replace it"). */
int folder_check(const char *dir, const struct folder_kind *k, char *err,
                 size_t errsz);

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
                        const struct folder_kind *k, char *err, size_t errsz);

/* NAME folder_remove_tree -- remove path and everything under it, never
 * following symbolic links.  RETURNS 0, or -1 with errno (what could be
 * removed is removed). */
int folder_remove_tree(const char *path);

#endif

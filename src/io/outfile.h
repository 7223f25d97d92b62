/* outfile.h -- a buffered output file with every write checked: the sink the
 * CSV and JSON writers share.
 *
 *   struct outfile f;
 *   if (outfile_open(&f, "dir/units.csv") < 0) -> errno says why
 *   outfile_write(&f, "abc", 3); outfile_putc(&f, '\n'); ...
 *   if (outfile_close(&f) < 0) -> errno of the first failure
 *
 * Errors are sticky: after the first failed write every later call returns
 * -1 at once and outfile_close reports the first errno (and still closes the
 * descriptor).  The file is created new (O_EXCL, mode 0644 before umask):
 * writers only ever fill fresh temporary folders.  Durability (fsync) is the
 * job of output/folder.c, which syncs the whole folder before the swap;
 * outfile_close only starts the file's writeback (outfile_start_writeback),
 * so that the disk works while the other files are being written.
 * The struct owns its descriptor and buffer until outfile_close.
 */
#ifndef RH_OUTFILE_H
#define RH_OUTFILE_H

#include <stddef.h>
#include <stdint.h>

#define OUTFILE_BUF 65536

struct outfile {
    int fd;                 /* -1 when closed */
    int err;                /* first errno, 0 while all is well */
    size_t used;            /* bytes waiting in buf */
    uint64_t written;       /* bytes handed to the kernel so far */
    char *buf;              /* OUTFILE_BUF bytes, owned */
};

/* NAME outfile_open -- create path (must not exist) for writing.
 * RETURNS 0, or -1 with errno set (f is then closed: outfile_close is a
 * harmless no-op returning -1). */
int outfile_open(struct outfile *f, const char *path);

/* NAME outfile_attach -- write through fd, which stays the caller's (a
 * command's standard output): finish with outfile_detach, never
 * outfile_close.  RETURNS 0, or -1 on out of memory. */
int outfile_attach(struct outfile *f, int fd);

/* NAME outfile_detach -- flush and free the buffer, fd left open.
 * RETURNS 0, or -1 with errno of the first failure. */
int outfile_detach(struct outfile *f);

/* NAME outfile_write -- append n bytes.  RETURNS 0, or -1 with errno. */
int outfile_write(struct outfile *f, const void *p, size_t n);

/* NAME outfile_puts -- append a NUL-terminated string.  RETURNS as above. */
int outfile_puts(struct outfile *f, const char *s);

/* NAME outfile_putc -- append one byte.  RETURNS as above. */
int outfile_putc(struct outfile *f, char ch);

/* NAME outfile_flush -- hand buffered bytes to the kernel.  RETURNS as above. */
int outfile_flush(struct outfile *f);

/* NAME outfile_close -- flush, close, free the buffer.  RETURNS 0, or -1 with
 * errno set to the first error seen on this file (write or close). */
int outfile_close(struct outfile *f);

/* NAME outfile_abort -- close without flushing (after an error elsewhere);
 * keeps errno as it was. */
void outfile_abort(struct outfile *f);

/* NAME outfile_start_writeback -- start writing fd's dirty pages to disk
 * now, without waiting (sync_file_range SYNC_FILE_RANGE_WRITE): a later
 * fsync then has less to wait for.  Only a hint, no durability: failures
 * are ignored (the fsync reports write-back errors) and errno is kept. */
void outfile_start_writeback(int fd);

/* NAME fmt_int64 -- decimal digits of v (C locale, no printf) into buf[24]
 * with a NUL.  RETURNS the length. */
int fmt_int64(int64_t v, char buf[24]);

/* NAME outfile_join -- "dir/name" into buf[bufsz].  RETURNS 0, or -1 with
 * errno ENAMETOOLONG when it does not fit. */
int outfile_join(char *buf, size_t bufsz, const char *dir, const char *name);

/* NAME outfile_same_path -- whether paths a and b name the same file or
 * folder: the same inode when both exist, else the same text once
 * trailing slashes and "./" prefixes are dropped.  RETURNS 1 or 0. */
int outfile_same_path(const char *a, const char *b);

#endif

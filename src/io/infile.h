/* infile.h -- open an input file for reading: regular files only.
 *
 *   const char *why;
 *   FILE *f = infile_open("demand.csv", &why);
 *   if (!f) -> "demand.csv: cannot read: <why>", exit 66
 *
 * A FIFO, a device (/dev/zero, /dev/urandom), a socket or a folder is
 * refused at once, before a single byte is read: opening a FIFO or reading
 * a device would block or never end.  The open itself never blocks
 * (O_NONBLOCK, cleared once the file is known to be regular). */
#ifndef RH_INFILE_H
#define RH_INFILE_H

#include <stdio.h>

/* NAME infile_open -- path opened "rb".  RETURNS the stream, or NULL with
 * errno set and *why the reason: strerror(errno), "is a directory", or
 * "not a regular file (a FIFO, device or socket)" (errno EINVAL). */
FILE *infile_open(const char *path, const char **why);

#endif

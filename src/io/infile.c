/* infile.c -- regular input files only (see infile.h). */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *infile_open(const char *path, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        int dir = S_ISDIR(st.st_mode);
        close(fd);
        if (e == 0 || dir || !S_ISREG(st.st_mode)) {
            errno = dir ? EISDIR : EINVAL;
            *why = dir ? "is a directory"
                       : "not a regular file (a FIFO, device or socket)";
        } else {
            errno = e;
            *why = strerror(e);
        }
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    FILE *f = fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0
                  ? NULL : fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
        *why = strerror(e);
    }
    return f;
}

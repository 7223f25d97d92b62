/* timeit.c -- run a command; record its wall time and peak memory.
 *
 * usage: timeit OUTFILE COMMAND [ARG...]
 * Runs COMMAND (stdin, stdout and stderr inherited), then writes one line
 * "WALL_SECONDS PEAK_RSS_KB EXIT" to OUTFILE: wall time from fork to exit
 * on the monotonic clock (nanosecond resolution, unlike /usr/bin/time's
 * centiseconds), the child's ru_maxrss from wait4, and its exit status
 * (128 + signal when killed).  Exits with the same status.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: timeit OUTFILE COMMAND [ARG...]\n");
        return 64;
    }
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("timeit: fork");
        return 71;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) {
        perror("timeit: wait4");
        return 71;
    }
    double wall = now() - t0;
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    FILE *f = fopen(argv[1], "w");
    if (!f || fprintf(f, "%.6f %ld %d\n", wall, ru.ru_maxrss, code) < 0 || fclose(f) != 0) {
        perror(argv[1]);
        return 74;
    }
    return code;
}

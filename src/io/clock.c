/* clock.c -- CLOCK_MONOTONIC (see clock.h). */
#include "clock.h"

#include <time.h>

int64_t clock_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double clock_s(void)
{
    return (double)clock_ns() * 1e-9;
}

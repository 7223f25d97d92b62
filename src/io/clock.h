/* clock.h -- the one monotonic clock of rehouse (timings for run.json, the
 * progress line, the run's bound; never a result).
 *
 *   double t0 = clock_s(); ... double took = clock_s() - t0;
 */
#ifndef RH_CLOCK_H
#define RH_CLOCK_H

#include <stdint.h>

/* NAME clock_s -- CLOCK_MONOTONIC in seconds. */
double clock_s(void);

/* NAME clock_ns -- CLOCK_MONOTONIC in nanoseconds (0 if unavailable). */
int64_t clock_ns(void);

#endif

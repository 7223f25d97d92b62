/* exitcode.h -- the process exit codes of rehouse (sysexits.h values). */
#ifndef RH_EXITCODE_H
#define RH_EXITCODE_H

enum rh_exit {
    RH_EXIT_OK = 0,          /* plan written or inputs valid */
    RH_EXIT_USAGE = 64,      /* bad command line */
    RH_EXIT_DATAERR = 65,    /* input error: malformed or inconsistent data */
    RH_EXIT_NOINPUT = 66,    /* an input file is missing or unreadable */
    RH_EXIT_SOFTWARE = 70,   /* internal error (solver failure, out of memory) */
    RH_EXIT_CANTCREAT = 73,  /* cannot write output */
    RH_EXIT_LOCKED = 75,     /* another run holds the lock: retry later */
    RH_EXIT_TIMEOUT = 124,   /* time_limit_s ran out (as timeout(1)): no plan */
    RH_EXIT_CONFIG = 78,     /* bad configuration (plan.ini, scenario) */
    RH_EXIT_GAP = 79         /* stage T further from its bound than max_gap:
                                not published */
};

#include <errno.h>

/* NAME rh_exit_for_errno -- the exit code for a failed system call: running
 * out of memory is an internal error (70), anything else a failure to
 * write (73). */
static inline int rh_exit_for_errno(int e)
{
    return e == ENOMEM ? RH_EXIT_SOFTWARE : RH_EXIT_CANTCREAT;
}

#endif

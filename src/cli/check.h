/* check.h -- `rehouse check`: validate inputs and print what they hold. */
#ifndef RH_CHECK_H
#define RH_CHECK_H

#include <stdio.h>

#include "cli/job.h"

/* NAME check_print -- the summary of a loaded job, to out. */
void check_print(const struct job *j, FILE *out);

/* NAME cmd_check -- argv after "check".  RETURNS an rh_exit code. */
int cmd_check(int argc, char **argv, FILE *out, FILE *err);

#endif

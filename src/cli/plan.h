/* plan.h -- `rehouse plan`: the main job, from plan.ini to a plan folder. */
#ifndef RH_CLI_PLAN_H
#define RH_CLI_PLAN_H

#include <stdio.h>

/* NAME cmd_plan -- argv after "plan".  RETURNS an rh_exit code. */
int cmd_plan(int argc, char **argv, FILE *out, FILE *err);

#endif

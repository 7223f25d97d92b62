/* plan.h -- `rehouse plan`: the main job, from plan.ini to a plan folder. */
#ifndef RH_CLI_PLAN_H
#define RH_CLI_PLAN_H

#include <stdio.h>

/* The broken-export guard's default: a plan whose allocatable flats or
 * requested units fall by more than this percentage below those of the
 * plan it would replace is refused (65); --max-drop PCT sets it, 100 turns
 * the guard off. */
#define PLAN_MAX_DROP_DEFAULT 50

/* NAME cmd_plan -- argv after "plan".  RETURNS an rh_exit code. */
int cmd_plan(int argc, char **argv, FILE *out, FILE *err);

#endif

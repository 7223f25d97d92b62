/* job.h -- the common front of every command: read plan.ini, load and
 * validate the inputs, judge eligibility; errors printed to stderr.
 *
 *   struct job j;
 *   int rc = job_open(&j, "plan.ini", stderr);   // 0 or an rh_exit code
 *   int rc = job_open_scenario(&j, "plan.ini", "S.ini", stderr);  // what-if
 *   ... j.config, j.model, j.elig ...
 *   job_close(&j);
 */
#ifndef RH_JOB_H
#define RH_JOB_H

#include <stdio.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"

struct job {
    struct config config;
    struct model model;
    struct eligibility elig;
    double read_seconds;        /* plan.ini and the five inputs */
    double eligibility_seconds;
};

int job_open(struct job *j, const char *config_path, FILE *err);

/* NAME job_open_scenario -- as job_open, with a scenario (S.ini, may be
 * NULL) applied: its overrides before config_resolve, its extra files and
 * edits after the inputs are loaded and before eligibility
 * (domain/scenario.h).  RETURNS 0 or an rh_exit code (message on err). */
int job_open_scenario(struct job *j, const char *config_path,
                      const char *scenario_path, FILE *err);
void job_close(struct job *j);

#endif

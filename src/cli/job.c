/* job.c -- read configuration and inputs, judge eligibility. */
#include "job.h"

#include <string.h>
#include <time.h>

#include "domain/scenario.h"
#include "io/diag.h"
#include "io/clock.h"
#include "io/exitcode.h"

static double now_s(void)
{
    return clock_s();
}

int job_open(struct job *j, const char *config_path, FILE *err)
{
    return job_open_scenario(j, config_path, NULL, err);
}

int job_open_scenario(struct job *j, const char *config_path,
                      const char *scenario_path, FILE *err)
{
    double t0 = now_s();
    char msg[1024];
    struct diag d;
    int rc;

    j->read_seconds = j->eligibility_seconds = 0;
    config_init(&j->config);
    model_init(&j->model);
    memset(&j->elig, 0, sizeof j->elig);

    struct scenario sc;
    memset(&sc, 0, sizeof sc);
    rc = config_read(&j->config, config_path, msg, sizeof msg);
    if (rc == 0 && scenario_path) {
        rc = scenario_read(&sc, scenario_path, msg, sizeof msg);
        if (rc == 0)
            rc = scenario_apply_config(&sc, &j->config, msg, sizeof msg);
    }
    if (rc == 0)
        rc = config_resolve(&j->config, msg, sizeof msg);
    if (rc) {
        fprintf(err, "%s\n", msg);
        scenario_release(&sc);
        return rc;
    }
    diag_init(&d);
    rc = model_load(&j->model, &j->config, &d);
    if (rc == 0 && scenario_path)
        rc = scenario_load_extra(&sc, &j->model, &j->config, &d);
    if (rc == RH_EXIT_SOFTWARE && !d.total)
        diag_error(&d, NULL, 0, NULL, "rehouse: out of memory");
    diag_print(&d, err);
    if (rc == RH_EXIT_SOFTWARE)
        fprintf(err, "rehouse: out of memory while reading inputs\n");
    diag_release(&d);
    if (rc == 0 && scenario_path) {
        rc = scenario_apply(&sc, &j->model, msg, sizeof msg);
        if (rc)
            fprintf(err, "%s\n", msg);
    }
    scenario_release(&sc);
    if (rc)
        return rc;
    double t1 = now_s();
    j->read_seconds = t1 - t0;
    int er = eligibility_judge(&j->elig, &j->model, &j->config);
    j->eligibility_seconds = now_s() - t1;
    if (er < 0) {
        fprintf(err, "rehouse: out of memory\n");
        return RH_EXIT_SOFTWARE;
    }
    return 0;
}

void job_close(struct job *j)
{
    eligibility_release(&j->elig);
    model_release(&j->model);
    config_release(&j->config);
}

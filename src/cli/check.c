/* check.c -- `rehouse check`: validate the inputs, print counts, write nothing. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "io/exitcode.h"

void check_print(const struct job *j, FILE *out)
{
    const struct model *m = &j->model;
    const struct eligibility *e = &j->elig;
    const struct config *c = &j->config;
    char d1[11], d2[11], d3[11], money[32];

    value_format_date(c->as_of, d1);
    value_format_date(c->deadline, d2);
    value_format_date(c->horizon_end, d3);
    fprintf(out, "%s: inputs valid\n", c->path);
    fprintf(out, "plan year %d, as_of %s, deadline %s, horizon_end %s\n",
            c->year, d1, d2, d3);
    fprintf(out, "late = %s, suspended = %s\n",
            rh_late_names[c->late],
            rh_suspended_names[c->suspended]);
    fprintf(out, "towns     %7d\n", m->ntowns);
    fprintf(out, "projects  %7d\n", m->nprojects);
    fprintf(out, "units     %7d  allocatable %d, not allocatable %d",
            m->nunits, e->nunit_standing[UNIT_OK], m->nunits - e->nunit_standing[UNIT_OK]);
    const char *sep = " (";
    for (int s = 1; s < UNIT_NSTANDINGS; s++)
        if (e->nunit_standing[s]) {
            fprintf(out, "%s%s %d", sep, unit_standing_names[s], e->nunit_standing[s]);
            sep = ", ";
        }
    fprintf(out, "%s\n", sep[0] == ',' ? ")" : "");
    int rej = e->nrequest_standing[REQ_REJECTED_LATE] +
              e->nrequest_standing[REQ_REJECTED_NO_PROOF];
    fprintf(out, "requests  %7d  eligible %d, suspended %d, rejected %d "
            "(late %d, no_capacity_proof %d)\n", m->nrequests,
            e->nrequest_standing[REQ_ELIGIBLE], e->nrequest_standing[REQ_SUSPENDED],
            rej, e->nrequest_standing[REQ_REJECTED_LATE],
            e->nrequest_standing[REQ_REJECTED_NO_PROOF]);
    if (c->late == RH_LATE_LAST && e->nlate_last)
        fprintf(out, "          %7s  late, served last: %d\n", "", e->nlate_last);
    fprintf(out, "payers    %7d  in default %d\n", m->npayers, e->npayers_in_default);
    for (int32_t p = 0; p < m->npayers; p++) {
        const struct payer_judgement *pj = &e->payers[p];
        if (!pj->in_default)
            continue;
        value_format_fixed(pj->overdue_c, 2, money);
        value_format_date(pj->oldest_due, d1);
        fprintf(out, "  in default: %s %s, overdue %s CNY, oldest due %s "
                "(%d days)\n", m->payers[p].id, m->payers[p].name, money, d1,
                pj->days_overdue);
    }
    fprintf(out, "ledger    %7d rows\n", m->nledger);

    int32_t nl = m->layouts.n;
    int64_t *supply = calloc((size_t)nl + 1, sizeof *supply);
    int64_t *demand = calloc((size_t)nl + 1, sizeof *demand);
    if (supply && demand) {
        for (int32_t i = 0; i < m->nunits; i++)
            if (e->units[i] == UNIT_OK)
                supply[m->units[i].layout]++;
        for (int32_t i = 0; i < m->nrequests; i++)
            if (e->takes_part[i])
                demand[m->requests[i].layout] += m->requests[i].units;
        int64_t ts = 0, td = 0;
        fprintf(out, "layout      supply  demand\n");
        for (int32_t l = 0; l < nl; l++) {
            fprintf(out, "%-10s %7lld %7lld\n", m->layouts.strs[l],
                    (long long)supply[l], (long long)demand[l]);
            ts += supply[l];
            td += demand[l];
        }
        fprintf(out, "%-10s %7lld %7lld\n", "total", (long long)ts, (long long)td);
    }
    free(supply);
    free(demand);
}

int cmd_check(int argc, char **argv, FILE *out, FILE *err)
{
    struct args a;
    int rc = args_parse(&a, "check", argc, argv, err);
    if (rc)
        return rc;
    if (args_help(&a, "check", out))
        return 0;
    if (!a.config) {
        fprintf(err, "rehouse check: --config is required\n");
        return RH_EXIT_USAGE;
    }
    if (a.npos) {
        fprintf(err, "rehouse check: unexpected argument '%s'\n", a.pos[0]);
        return RH_EXIT_USAGE;
    }
    struct job j;
    rc = job_open(&j, a.config, err);
    if (rc == 0 && !a.quiet)
        check_print(&j, out);
    job_close(&j);
    return rc;
}

/* gen.c -- deterministic, seeded instance generator for rehouse benchmarks.
 *
 * usage: gen DIR TOWNS UNITS REQUESTS [SEED]
 * Writes DIR/{towns,inventory,demand,payers,ledger}.csv and DIR/plan.ini.
 * Shape: the first 30 % of towns are inner-city streets with demand and no
 * projects; the rest are suburban towns with projects.  Three layouts, four
 * categories, ~3 % late requests, ~10 % of payers in arrears, a few payers
 * with capacity caps, one without capacity proof.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state;

static uint64_t rnd(void)             /* xorshift64* */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static long uniform(long lo, long hi)  /* [lo, hi] */
{
    return lo + (long)(rnd() % (uint64_t)(hi - lo + 1));
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    return f;
}

static void close_out(FILE *f)
{
    if (ferror(f) || fclose(f) != 0) {
        perror("write");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: gen DIR TOWNS UNITS REQUESTS [SEED]\n");
        return 64;
    }
    const char *dir = argv[1];
    long ntowns = strtol(argv[2], NULL, 10), nunits = strtol(argv[3], NULL, 10);
    long nreq = strtol(argv[4], NULL, 10);
    rng_state = argc > 5 ? strtoull(argv[5], NULL, 10) * 2654435761ULL + 1 : 88172645463325252ULL;
    if (ntowns < 2 || nunits < 0 || nreq < 0) {
        fprintf(stderr, "gen: bad sizes\n");
        return 64;
    }
    mkdir(dir, 0777);
    static const char *layouts[3] = { "1R", "2R", "3R" };
    static const char *cats[4] = { "livelihood", "infrastructure", "industry", "social" };
    long nstreets = ntowns * 3 / 10;

    FILE *f = open_out(dir, "towns.csv");
    fprintf(f, "town_id,name,kind,lat,lon\n");
    for (long t = 0; t < ntowns; t++)
        fprintf(f, "T%03ld,Town %ld,%s,%.3f,%.3f\n", t, t, t < nstreets ? "street" : "town",
                30.90 + (double)uniform(0, 500) / 1000.0,
                121.30 + (double)uniform(0, 600) / 1000.0);
    close_out(f);

    long npayers = ntowns + 10;
    f = open_out(dir, "payers.csv");
    fprintf(f, "payer_id,payer_name,capacity_proof,capacity_cny\n");
    for (long p = 0; p < npayers; p++) {
        int proof = p != 3;
        long cap = (p % 17 == 5) ? uniform(2, 20) * 1000000L : -1;
        fprintf(f, "P%04ld,Payer %ld,%s,", p, p, proof ? "yes" : "no");
        if (cap >= 0)
            fprintf(f, "%ld.00", cap);
        fprintf(f, "\n");
    }
    close_out(f);

    f = open_out(dir, "ledger.csv");
    fprintf(f, "payer_id,agreement_id,due_on,amount_due_cny,amount_paid_cny\n");
    for (long p = 0; p < npayers; p++)
        for (int k = 0; k < 3; k++) {
            long due = uniform(100000, 5000000);
            int arrears = (p % 10 == 7) && k == 0;
            fprintf(f, "P%04ld,A%04ld-%d,2024-%02d-28,%ld.00,%ld.00\n", p, p, k,
                    3 + 3 * k, due, arrears ? due / 3 : due);
        }
    close_out(f);

    /* Projects of ~300 units in suburban towns, two floor plans per layout. */
    f = open_out(dir, "inventory.csv");
    fprintf(f, "unit_id,project_id,project_name,town_id,layout,area_m2,price_cny_m2,"
               "status,available_on\n");
    long per_project = 300, project = -1, town = nstreets, in_project = per_project;
    long area[3][2] = { { 0 } }, price = 0;
    for (long u = 0; u < nunits; u++) {
        if (in_project == per_project) {
            project++;
            in_project = 0;
            town = nstreets + uniform(0, ntowns - nstreets - 1);
            price = uniform(600000, 950000);
            for (int l = 0; l < 3; l++)
                for (int k = 0; k < 2; k++)
                    area[l][k] = uniform(4500, 6000) + l * 2000 + k * 350;
        }
        int l = (int)uniform(0, 2), k = (int)uniform(0, 1);
        long r = uniform(0, 99);
        const char *status = r < 5 ? "reserved" : r < 10 ? "allocated" : "available";
        int late = uniform(0, 99) < 5;
        fprintf(f, "U%07ld,PJ%05ld,Project %ld,T%03ld,%s,%ld.%02ld,%ld.%02ld,%s,%s-%02ld-01\n",
                u, project, project, town, layouts[l], area[l][k] / 100, area[l][k] % 100,
                price / 100, price % 100, status, late ? "2026" : "2025", uniform(1, 12));
        in_project++;
    }
    close_out(f);

    /* Requests: total demand ~1.1 x supply. */
    f = open_out(dir, "demand.csv");
    fprintf(f, "request_id,payer_id,home_town,category,layout,units,submitted_on\n");
    long mean = nreq ? (nunits * 11 / 10) / nreq : 0;
    if (mean < 1)
        mean = 1;
    for (long r = 0; r < nreq; r++) {
        long t = uniform(0, ntowns - 1);
        long p = uniform(0, 9) < 7 ? t : ntowns + uniform(0, 9);
        long c = uniform(0, 99);
        int cat = c < 50 ? 0 : c < 75 ? 1 : c < 90 ? 2 : 3;
        int late = uniform(0, 99) < 3;
        fprintf(f, "R%06ld,P%04ld,T%03ld,%s,%s,%ld,%s\n", r, p, t, cats[cat],
                layouts[uniform(0, 2)], uniform(1, 2 * mean - 1),
                late ? "2024-11-05" : "2024-10-15");
    }
    close_out(f);

    f = open_out(dir, "plan.ini");
    fprintf(f, "[plan]\nyear = 2025\nas_of = 2025-01-15\n[inputs]\ntowns = towns.csv\n"
               "inventory = inventory.csv\ndemand = demand.csv\npayers = payers.csv\n"
               "ledger = ledger.csv\n[policy]\nlate = reject\nsuspended = hold\n"
               "[solver]\ntime_limit_s = 600\n");
    close_out(f);
    return 0;
}

/* gen.c -- deterministic, seeded instance generator for rehouse benchmarks.
 *
 * usage: gen DIR TOWNS UNITS REQUESTS [SEED [CAP_PCT [DEMAND_PCT]]]
 * Writes DIR/{towns,inventory,demand,payers,ledger}.csv and DIR/plan.ini.
 * The same arguments give byte-identical files (integer arithmetic only,
 * one xorshift64* stream, no libm).
 *
 * Shape (modelled on Pudong; scales with TOWNS):
 * - Towns.  The first 30 % are inner-city streets (街道) within ~6 km of
 *   Lujiazui: old housing, heavy demand, no projects.  The rest are
 *   suburban towns (镇) 8-45 km out; most have projects, some have none.
 * - Projects of 100-500 flats (mean 300) in suburban towns, weighted so a
 *   few towns build much more than others.  Each project has its own supply
 *   price (5 500-9 500 CNY/m2), its own layout mix around 1R 30 / 2R 45 /
 *   3R 25 %, two floor plans per layout, and one hand-over date: ~7 % of
 *   projects complete after the horizon.  Per flat: 5 % reserved, 5 %
 *   already allocated.
 * - Requests.  Demand ~1.1 x the flats, drawn by town weight (streets
 *   weigh ~3x a town).  Layout mix 1R 25 / 2R 45 / 3R 30 %, so 3R is
 *   scarce and 1R in surplus.  Category mix depends on the town: streets
 *   mostly livelihood (两旧一村), towns more infrastructure and industry.
 *   Sizes are skewed: 85 % small lines, 15 % large ones (up to ~5x).
 *   Submitted between August and October; ~3 % late (November-December).
 * - Payers: one per town (its government) and 10 + TOWNS/20 district
 *   departments.  Livelihood and industry lines are mostly paid by the
 *   town, infrastructure and social lines mostly by a department.
 *   Payer 3 has no capacity proof.  Every 17th payer has a cap of 50-130 %
 *   of the estimated value of what it asks for (with fill rates below 1
 *   most of these do not bind); payer 5's is 35-45 %, so one cap binds.
 *   Ledger: ~10 % of payers in default (a third of an old instalment
 *   unpaid), ~10 % with an instalment unpaid but within the
 *   grace period, ~10 % short by less than the tolerance.
 * - CAP_PCT (0..100, optional): instead of every 17th payer, about CAP_PCT
 *   % of the payers (chosen by a hash of their number) get a cap of 50-150
 *   % of the estimated value of what they ask for, so that about half of
 *   those caps bind, as in a real year.  The random stream is not touched:
 *   every other file is the same as without CAP_PCT.
 * - DEMAND_PCT (optional, default 110): requested units as a percentage of
 *   the flats (supply above demand below 100).
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

/* Index drawn with probability weight[i] / total (cum: running sums). */
static long pick(const long *cum, long n)
{
    long x = uniform(0, cum[n - 1] - 1), lo = 0, hi = n - 1;
    while (lo < hi) {
        long mid = (lo + hi) / 2;
        if (cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static int pct(const int *p, int n)    /* index by percentages summing to 100 */
{
    long x = uniform(0, 99), acc = 0;
    for (int i = 0; i < n; i++) {
        acc += p[i];
        if (x < acc)
            return i;
    }
    return n - 1;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    return p;
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

/* Degrees x 1000 as "31.236" without floating point. */
static void put_milli(FILE *f, long v)
{
    fprintf(f, "%s%ld.%03ld", v < 0 ? "-" : "", labs(v) / 1000, labs(v) % 1000);
}

/* A random point of the annulus rmin..rmax km around Lujiazui, east of the
 * river (dx >= -rmin/2), in thousandths of a degree. */
static void place(long rmin_m, long rmax_m, long *lat_m, long *lon_m)
{
    for (;;) {
        long dx = uniform(-rmin_m / 2, rmax_m), dy = uniform(-rmax_m, rmax_m);
        long r2 = dx * dx + dy * dy;
        if (r2 < rmin_m * rmin_m || r2 > rmax_m * rmax_m)
            continue;
        /* 1 milli-degree: 111 m of latitude, 95 m of longitude here */
        *lat_m = 31236 + dy / 111;
        *lon_m = 121505 + dx / 95;
        return;
    }
}

static const char *const layouts[3] = { "1R", "2R", "3R" };
static const char *const cats[4] = { "livelihood", "infrastructure", "industry", "social" };

struct req { long town, payer, units; int cat, layout, month, day; };

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: gen DIR TOWNS UNITS REQUESTS [SEED [CAP_PCT "
                "[DEMAND_PCT]]]\n");
        return 64;
    }
    const char *dir = argv[1];
    long ntowns = strtol(argv[2], NULL, 10), nunits = strtol(argv[3], NULL, 10);
    long nreq = strtol(argv[4], NULL, 10);
    rng_state = argc > 5 ? strtoull(argv[5], NULL, 10) * 2654435761ULL + 1 : 88172645463325252ULL;
    long cap_pct = argc > 6 ? strtol(argv[6], NULL, 10) : -1;
    long demand_pct = argc > 7 ? strtol(argv[7], NULL, 10) : 110;
    if (cap_pct > 100 || demand_pct < 1 || demand_pct > 1000) {
        fprintf(stderr, "gen: CAP_PCT 0..100, DEMAND_PCT 1..1000\n");
        return 64;
    }
    if (ntowns < 4 || ntowns > 9999 || nunits < 0 || nunits > 9999999 ||
        nreq < 0 || nreq > 999999) {
        fprintf(stderr, "gen: bad sizes (TOWNS 4..9999, UNITS < 10^7, REQUESTS < 10^6)\n");
        return 64;
    }
    if (mkdir(dir, 0777) != 0) {
        struct stat st;
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            perror(dir);
            return 1;
        }
    }
    long nstreets = ntowns * 3 / 10;
    long ndept = 10 + ntowns / 20;
    long npayers = ntowns + ndept;

    /* Towns: places, demand weights, building weights. */
    long *dem_cum = xcalloc((size_t)ntowns, sizeof *dem_cum);
    long *bld_cum = xcalloc((size_t)ntowns, sizeof *bld_cum);
    FILE *f = open_out(dir, "towns.csv");
    fprintf(f, "town_id,name,kind,lat,lon\n");
    for (long t = 0; t < ntowns; t++) {
        int street = t < nstreets;
        long lat, lon;
        if (street)
            place(500, 6000, &lat, &lon);
        else
            place(8000, 45000, &lat, &lon);
        fprintf(f, "T%03ld,%s%ld,%s,", t, street ? "街道" : "镇", t,
                street ? "street" : "town");
        put_milli(f, lat);
        fputc(',', f);
        put_milli(f, lon);
        fputc('\n', f);
        long dw = street ? uniform(20, 40) : uniform(5, 15);
        /* suburban builders: 1 in 8 towns builds nothing, a few build a lot */
        long bw = street ? 0 : uniform(0, 7) == 0 ? 0 : uniform(1, 3) * uniform(1, 4);
        dem_cum[t] = (t ? dem_cum[t - 1] : 0) + dw;
        bld_cum[t] = (t ? bld_cum[t - 1] : 0) + bw;
    }
    close_out(f);
    if (bld_cum[ntowns - 1] == 0) {      /* tiny instances: let the last town build */
        bld_cum[ntowns - 1] = 1;
    }

    /* Projects and flats. */
    f = open_out(dir, "inventory.csv");
    fprintf(f, "unit_id,project_id,project_name,town_id,layout,area_m2,price_cny_m2,"
               "status,available_on\n");
    long project = -1, town = 0, left = 0, price = 0, avail_y = 2025, avail_m = 1;
    long area[3][2] = { { 0 } };
    int lmix[3] = { 0 };
    long value_sum = 0, value_n = 0;    /* mean value of a flat, CNY */
    for (long u = 0; u < nunits; u++) {
        if (left == 0) {
            project++;
            left = uniform(100, 500);
            town = pick(bld_cum, ntowns);
            price = uniform(550000, 950000);            /* cents per m2 */
            for (int l = 0; l < 3; l++)
                for (int k = 0; k < 2; k++)
                    area[l][k] = uniform(4200, 6000) + l * 2000 + k * 350;
            int a = (int)uniform(15, 45), b = (int)uniform(30, 60);
            if (a + b > 90)
                b = 90 - a;
            lmix[0] = a;
            lmix[1] = b;
            lmix[2] = 100 - a - b;
            long r = uniform(0, 99);
            avail_y = r < 7 ? 2026 : r < 40 ? 2024 : 2025;
            avail_m = uniform(1, 12);
        }
        int l = pct(lmix, 3), k = (int)uniform(0, 1);
        long r = uniform(0, 99);
        const char *status = r < 5 ? "reserved" : r < 10 ? "allocated" : "available";
        fprintf(f, "U%07ld,PJ%05ld,动迁安置房%ld号地块,T%03ld,%s,%ld.%02ld,%ld.%02ld,%s,"
                   "%ld-%02ld-01\n",
                u, project, project, town, layouts[l], area[l][k] / 100, area[l][k] % 100,
                price / 100, price % 100, status, avail_y, avail_m);
        value_sum += area[l][k] * price / 10000;        /* CNY */
        value_n++;
        left--;
    }
    close_out(f);
    long mean_value = value_n ? value_sum / value_n : 500000;

    /* Requests, kept in memory: payer caps depend on them. */
    struct req *rq = xcalloc((size_t)nreq, sizeof *rq);
    long *payer_units = xcalloc((size_t)npayers, sizeof *payer_units);
    /* mean request ~ 1.1 x flats / requests: 85 % uniform(1, a), 15 %
     * uniform(a, 5a); mean 0.875 a */
    long a = nreq ? (nunits * demand_pct / 100) * 8 / 7 / nreq : 1;
    if (a < 2)
        a = 2;
    static const int lay_mix[3] = { 25, 45, 30 };
    static const int cat_street[4] = { 70, 15, 5, 10 };
    static const int cat_town[4] = { 30, 35, 25, 10 };
    for (long i = 0; i < nreq; i++) {
        struct req *q = &rq[i];
        q->town = pick(dem_cum, ntowns);
        q->cat = pct(q->town < nstreets ? cat_street : cat_town, 4);
        q->layout = pct(lay_mix, 3);
        long by_town = q->cat == 0 || q->cat == 2 ? 80 : 30;
        q->payer = uniform(0, 99) < by_town ? q->town : ntowns + uniform(0, ndept - 1);
        q->units = uniform(0, 99) < 85 ? uniform(1, a) : uniform(a, 5 * a);
        if (uniform(0, 99) < 3) {                       /* late */
            q->month = (int)uniform(11, 12);
            q->day = (int)uniform(1, q->month == 11 ? 30 : 15);
        } else {
            q->month = (int)uniform(8, 10);
            q->day = (int)uniform(1, q->month == 9 ? 30 : 31);
        }
        payer_units[q->payer] += q->units;
    }

    f = open_out(dir, "demand.csv");
    fprintf(f, "request_id,payer_id,home_town,category,layout,units,submitted_on\n");
    for (long i = 0; i < nreq; i++)
        fprintf(f, "R%06ld,P%04ld,T%03ld,%s,%s,%ld,2024-%02d-%02d\n", i, rq[i].payer,
                rq[i].town, cats[rq[i].cat], layouts[rq[i].layout], rq[i].units,
                rq[i].month, rq[i].day);
    close_out(f);

    f = open_out(dir, "payers.csv");
    fprintf(f, "payer_id,payer_name,capacity_proof,capacity_cny\n");
    for (long p = 0; p < npayers; p++) {
        if (p < ntowns)
            fprintf(f, "P%04ld,%s%ld人民政府,%s,", p, p < nstreets ? "街道" : "镇", p,
                    p != 3 ? "yes" : "no");
        else
            fprintf(f, "P%04ld,区属部门%ld,yes,", p, p - ntowns);
        uint64_t h = (uint64_t)(p + 1) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
        if (cap_pct >= 0 && (long)(h % 100) < cap_pct) {
            long share = 50 + (long)((h >> 8) % 101);       /* 50-150 % */
            long cap = payer_units[p] * mean_value / 100 * share / 10000;
            fprintf(f, "%ld0000.00", cap > 0 ? cap : 1);
        } else if (cap_pct < 0 && p % 17 == 5) {
            /* 50-130 % of what its requests are worth, in 10 000 CNY; the
             * first capped payer 35-45 %, so that at least one cap binds */
            long share = p == 5 ? uniform(35, 45) : uniform(50, 130);
            long cap = payer_units[p] * mean_value / 100 * share / 10000;
            fprintf(f, "%ld0000.00", cap > 0 ? cap : 1);
        }
        fputc('\n', f);
    }
    close_out(f);

    f = open_out(dir, "ledger.csv");
    fprintf(f, "payer_id,agreement_id,due_on,amount_due_cny,amount_paid_cny\n");
    for (long p = 0; p < npayers; p++)
        for (int k = 0; k < 3; k++) {
            long due = uniform(1000, 50000) * 100;      /* CNY */
            long paid = due;
            const char *date = k == 0 ? "2024-03-28" : k == 1 ? "2024-06-28" : "2024-12-28";
            if (p % 10 == 7 && k == 0)
                paid = due / 3;                         /* in default */
            if (p % 10 == 3 && k == 2)
                paid = 0;                               /* due, still in grace */
            if (p % 10 == 5 && k == 0)
                paid = due - 80;                        /* short, within tolerance */
            fprintf(f, "P%04ld,GY-2023-P%04ld-%d,%s,%ld.00,%ld.00\n", p, p, k, date, due,
                    paid);
        }
    close_out(f);

    f = open_out(dir, "plan.ini");
    fprintf(f, "[plan]\nyear = 2025\nas_of = 2025-01-15\n[inputs]\ntowns = towns.csv\n"
               "inventory = inventory.csv\ndemand = demand.csv\npayers = payers.csv\n"
               "ledger = ledger.csv\n[policy]\nlate = reject\nsuspended = hold\n"
               "[solver]\ntime_limit_s = 600\n");
    close_out(f);
    free(dem_cum);
    free(bld_cum);
    free(rq);
    free(payer_units);
    return 0;
}

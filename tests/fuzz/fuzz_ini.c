/* fuzz_ini.c -- libFuzzer harness for the plan.ini loader (src/io/config.c
 * on inih, with value.c): config_read on a temporary file, then
 * config_set overrides, then config_resolve.
 *
 * Input layout: the INI bytes (NUL bytes included), optionally followed by
 * a line "@@" and override lines "section.key=value" (one per line) applied
 * with config_set as a scenario file would.
 *
 * Oracles (abort() on violation, besides ASan/UBSan/LeakSanitizer):
 *   - config_read returns 0, 66 or 78; config_set 0 or 78; config_resolve
 *     0 or 78 (70 is out of memory only); every message is one
 *     NUL-terminated line inside the buffer, naming the INI file or the
 *     override's origin;
 *   - after a successful resolve: year 1901..2998, deadline <= horizon_end,
 *     every input path set, category_order a permutation with
 *     category_rank its inverse, grace 0..3650, time limit 1..86400,
 *     tolerance 0..10^14 cents, enums in range;
 *   - config_get returns what config_set stored.
 */
#define _GNU_SOURCE         /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/config.h"

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "check failed: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                       \
        }                                                                  \
    } while (0)

static char path[256];

static void check_msg(const char *err, size_t errsz, const char *origin)
{
    const char *z = memchr(err, '\0', errsz);
    CHECK(z != NULL);
    CHECK(z > err);                             /* not empty */
    CHECK(memchr(err, '\n', (size_t)(z - err)) == NULL);
    if (origin)
        CHECK(strncmp(err, origin, strlen(origin)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof path, "%s/rehouse-fuzz-ini-%ld.ini", dir,
                 (long)getpid());
    }
    static const char sep[] = "\n@@\n";
    const uint8_t *nul = memmem(data, size, sep, 4);
    size_t ini_n = nul ? (size_t)(nul - data) : size;
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, ini_n, f) == ini_n);
    CHECK(fclose(f) == 0);

    struct config c;
    char err[512];
    config_init(&c);
    memset(err, 'x', sizeof err);
    int rc = config_read(&c, path, err, sizeof err);
    CHECK(rc == 0 || rc == 66 || rc == 78);
    if (rc == 66)
        abort();                /* the file is there: reading must work */
    if (rc) {
        check_msg(err, sizeof err, path);
        config_release(&c);
        return 0;
    }

    /* overrides */
    if (nul) {
        size_t left = size - ini_n - 4;
        char *ov = malloc(left + 1);
        CHECK(ov != NULL);
        memcpy(ov, nul + 4, left);
        ov[left] = '\0';
        char *save = NULL;
        for (char *line = strtok_r(ov, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            char *dot = strchr(line, '.');
            char *eq = dot ? strchr(dot + 1, '=') : NULL;
            if (!dot || !eq)
                continue;
            *dot = '\0';
            *eq = '\0';
            memset(err, 'x', sizeof err);
            int src = config_set(&c, line, dot + 1, eq + 1, "s.ini", err,
                                 sizeof err);
            CHECK(src == 0 || src == 78);
            if (src) {
                check_msg(err, sizeof err, "s.ini");
                continue;
            }
            const char *got = config_get(&c, line, dot + 1);
            CHECK(got != NULL && strcmp(got, eq + 1) == 0);
        }
        free(ov);
    }

    memset(err, 'x', sizeof err);
    rc = config_resolve(&c, err, sizeof err);
    CHECK(rc == 0 || rc == 78);
    if (rc) {
        const char *z = memchr(err, '\0', sizeof err);
        CHECK(z != NULL && z > err && !memchr(err, '\n', (size_t)(z - err)));
        CHECK(strncmp(err, path, strlen(path)) == 0 ||
              strncmp(err, "s.ini", 5) == 0);
        config_release(&c);
        return 0;
    }
    CHECK(c.year >= 1901 && c.year <= 2998);
    CHECK(c.deadline <= c.horizon_end);
    for (int i = 0; i < RH_NINPUTS; i++)
        CHECK(c.input_path[i] != NULL && c.input_path[i][0] != '\0');
    int seen[RH_NCATEGORIES] = { 0 };
    for (int k = 0; k < RH_NCATEGORIES; k++) {
        int cat = c.category_order[k];
        CHECK(cat >= 0 && cat < RH_NCATEGORIES && !seen[cat]);
        seen[cat] = 1;
        CHECK(c.category_rank[cat] == k);
    }
    CHECK(c.grace_days >= 0 && c.grace_days <= 3650);
    CHECK(c.time_limit_s >= 1 && c.time_limit_s <= 86400);
    CHECK(c.tolerance_cents >= 0 && c.tolerance_cents <= 100000000000000LL);
    CHECK(c.encoding == RH_ENC_UTF8 || c.encoding == RH_ENC_GB18030);
    CHECK(c.late == RH_LATE_REJECT || c.late == RH_LATE_LAST);
    CHECK(c.suspended == RH_SUSP_HOLD || c.suspended == RH_SUSP_RELEASE);
    /* resolving twice gives the same result */
    int year = c.year;
    rh_date dl = c.deadline;
    memset(err, 'x', sizeof err);
    CHECK(config_resolve(&c, err, sizeof err) == 0);
    CHECK(c.year == year && c.deadline == dl);
    config_release(&c);
    return 0;
}

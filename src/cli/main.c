/* main.c -- rehouse: parse the command word and hand over to its module. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/check.h"
#include "cli/compare.h"
#include "cli/plan.h"
#include "cli/sweep.h"
#include "cli/why.h"
#include "io/exitcode.h"
#include "version.h"

static const char usage[] =
    "usage: rehouse plan    --config plan.ini --out DIR [--scenario S.ini]\n"
    "                       [--emit-mathprog MPDIR] [--max-drop PCT] [--quiet]\n"
    "       rehouse check   --config plan.ini [--quiet]\n"
    "       rehouse compare PLAN_A PLAN_B [--csv DIR] [--quiet]\n"
    "       rehouse sweep   --config plan.ini --out DIR S1.ini S2.ini ... "
    "[-j N] [--shard K/N] [--quiet]\n"
    "       rehouse sweep   --merge DIR1 DIR2 ... --out DIR [--quiet]\n"
    "       rehouse why     PLAN_DIR ID [--json]\n"
    "       rehouse --version | --help\n";

static int finish(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "rehouse: cannot write to standard output\n");
        return rc ? rc : RH_EXIT_CANTCREAT;
    }
    return rc;
}

int main(int argc, char **argv)
{
    /* Past RLIMIT_FSIZE a write must fail with EFBIG (exit 73, previous plan
     * untouched), not kill the process. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        fputs(usage, stderr);
        return RH_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage, stdout);
        return finish(0);
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("rehouse %s\n", RH_VERSION);
        return finish(0);
    }
    if (strcmp(cmd, "plan") == 0)
        return finish(cmd_plan(argc - 2, argv + 2, stdout, stderr));
    if (strcmp(cmd, "check") == 0)
        return finish(cmd_check(argc - 2, argv + 2, stdout, stderr));
    if (strcmp(cmd, "compare") == 0)
        return finish(cmd_compare(argc - 2, argv + 2, stdout, stderr));
    if (strcmp(cmd, "sweep") == 0)
        return finish(cmd_sweep(argc - 2, argv + 2, stdout, stderr));
    if (strcmp(cmd, "why") == 0)
        return finish(cmd_why(argc - 2, argv + 2, stdout, stderr));
    fprintf(stderr, "rehouse: unknown command '%s'\n%s", cmd, usage);
    return RH_EXIT_USAGE;
}

/* args.c -- one sorted table of options, one parse function. */
#include "args.h"

#include <stddef.h>
#include <string.h>

#include "io/exitcode.h"

enum { CMD_CHECK = 1, CMD_PLAN = 2, CMD_COMPARE = 4, CMD_SWEEP = 8, CMD_WHY = 16 };

struct option_def {
    const char *name;
    char short_name;    /* '\0' when none */
    int has_arg;
    size_t offset;      /* into struct args */
    unsigned cmds;      /* commands that accept it */
};

/* Sorted by name. */
static const struct option_def options[] = {
    { "config", 0, 1, offsetof(struct args, config),
      CMD_CHECK | CMD_PLAN | CMD_SWEEP },
    { "csv", 0, 1, offsetof(struct args, csv), CMD_COMPARE },
    { "emit-mathprog", 0, 1, offsetof(struct args, emit_mathprog), CMD_PLAN },
    { "help", 'h', 0, offsetof(struct args, help),
      CMD_CHECK | CMD_PLAN | CMD_COMPARE | CMD_SWEEP | CMD_WHY },
    { "jobs", 'j', 1, offsetof(struct args, jobs), CMD_SWEEP },
    { "json", 0, 0, offsetof(struct args, json), CMD_WHY },
    { "max-drop", 0, 1, offsetof(struct args, max_drop), CMD_PLAN },
    { "merge", 0, 0, offsetof(struct args, merge), CMD_SWEEP },
    { "out", 0, 1, offsetof(struct args, out), CMD_PLAN | CMD_SWEEP },
    { "quiet", 0, 0, offsetof(struct args, quiet),
      CMD_CHECK | CMD_PLAN | CMD_COMPARE | CMD_SWEEP },
    { "scenario", 0, 1, offsetof(struct args, scenario), CMD_PLAN },
    { "shard", 0, 1, offsetof(struct args, shard), CMD_SWEEP },
};

static unsigned cmd_bit(const char *cmd)
{
    if (strcmp(cmd, "check") == 0) return CMD_CHECK;
    if (strcmp(cmd, "plan") == 0) return CMD_PLAN;
    if (strcmp(cmd, "compare") == 0) return CMD_COMPARE;
    if (strcmp(cmd, "sweep") == 0) return CMD_SWEEP;
    if (strcmp(cmd, "why") == 0) return CMD_WHY;
    return 0;
}

int args_parse(struct args *a, const char *cmd, int argc, char **argv, FILE *err)
{
    unsigned bit = cmd_bit(cmd);
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        const struct option_def *o = NULL;
        const char *eq = NULL;
        size_t len = 0;
        if (s[0] == '-' && s[1] != '-' && s[1] != '\0') {
            /* a short option: -j N or -jN */
            for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
                if (options[k].short_name == s[1] && (options[k].cmds & bit))
                    o = &options[k];
            if (o && !o->has_arg && s[2] == '\0') {     /* -h */
                *(int *)((char *)a + o->offset) = 1;
                continue;
            }
            if (!o || !o->has_arg) {
                fprintf(err, "rehouse %s: unknown option '%.2s'\n", cmd, s);
                return RH_EXIT_USAGE;
            }
            if (s[2])
                eq = s + 1;     /* the value follows at eq + 1 */
            goto value;
        }
        if (strncmp(s, "--", 2) != 0 || s[2] == '\0') {
            if (a->npos == ARGS_MAXPOS) {
                fprintf(err, "rehouse %s: too many arguments\n", cmd);
                return RH_EXIT_USAGE;
            }
            a->pos[a->npos++] = s;
            continue;
        }
        const char *name = s + 2;
        eq = strchr(name, '=');
        len = eq ? (size_t)(eq - name) : strlen(name);
        for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
            if (strlen(options[k].name) == len &&
                memcmp(options[k].name, name, len) == 0)
                o = &options[k];
        if (!o || !(o->cmds & bit)) {
            fprintf(err, "rehouse %s: unknown option '%.*s'\n", cmd,
                    (int)len + 2, s);
            return RH_EXIT_USAGE;
        }
        char *field;
        if (!o->has_arg) {
            field = (char *)a + o->offset;
            if (eq) {
                fprintf(err, "rehouse %s: --%s takes no value\n", cmd, o->name);
                return RH_EXIT_USAGE;
            }
            *(int *)field = 1;
            continue;
        }
    value:
        field = (char *)a + o->offset;
        const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!v || !*v) {
            fprintf(err, "rehouse %s: --%s needs a value\n", cmd, o->name);
            return RH_EXIT_USAGE;
        }
        if (*(const char **)field) {
            fprintf(err, "rehouse %s: --%s given twice\n", cmd, o->name);
            return RH_EXIT_USAGE;
        }
        *(const char **)field = v;
    }
    return 0;
}

const char *args_usage(const char *cmd)
{
    switch (cmd_bit(cmd)) {
    case CMD_PLAN:
        return "usage: rehouse plan --config plan.ini --out DIR [options]\n"
               "  --config FILE        plan.ini: inputs, policy, solver\n"
               "  --out DIR            the plan folder, written beside and swapped in\n"
               "  --scenario S.ini     plan a what-if scenario\n"
               "  --emit-mathprog DIR  also write the data for models/ (rehouse.dat)\n"
               "  --max-drop PCT       broken-export guard: refuse when allocatable flats\n"
               "                       or requested units fall by more than PCT %\n"
               "                       below the plan in DIR (default 50; 100: off)\n"
               "  --quiet              no headline on stdout\n"
               "  --help, -h           this text\n";
    case CMD_CHECK:
        return "usage: rehouse check --config plan.ini [--quiet]\n"
               "  validate the inputs and print what they hold; writes nothing\n";
    case CMD_COMPARE:
        return "usage: rehouse compare PLAN_A PLAN_B [--csv DIR] [--quiet]\n"
               "  what changed from A to B; exit 0 identical, 1 different\n"
               "  --csv DIR            the same as five CSV tables in DIR\n";
    case CMD_WHY:
        return "usage: rehouse why PLAN_DIR ID [--json]\n"
               "  why a request, a payer's requests or a town's requests got less\n"
               "  than they asked, in the plan folder PLAN_DIR: what was asked and\n"
               "  got, the reason with its numbers, and what would change it\n"
               "  --json               the same as one JSON object\n"
               "  --help, -h           this text\n";
    case CMD_SWEEP:
        return "usage: rehouse sweep --config plan.ini --out DIR S1.ini ... [-j N]\n"
               "                     [--shard K/N] [--quiet]\n"
               "       rehouse sweep --merge DIR1 DIR2 ... --out DIR [--quiet]\n"
               "  -j N, --jobs N       plans at a time (default 1)\n"
               "  --shard K/N          run the scenarios i with i % N == K - 1\n"
               "  --merge              join shard folders into one sweep.csv\n";
    default:
        return "";
    }
}

int args_help(const struct args *a, const char *cmd, FILE *out)
{
    if (!a->help)
        return 0;
    fputs(args_usage(cmd), out);
    return 1;
}

/* args.h -- command-line options of the rehouse commands, from one table. */
#ifndef RH_ARGS_H
#define RH_ARGS_H

#include <stdio.h>

#define ARGS_MAXPOS 4096  /* sweep: scenario files */

struct args {
    const char *config;         /* --config FILE */
    const char *out;            /* --out DIR */
    const char *scenario;       /* --scenario FILE */
    const char *emit_mathprog;  /* --emit-mathprog DIR */
    const char *max_drop;       /* plan: --max-drop PCT */
    int quiet;                  /* --quiet */
    const char *csv;            /* compare: --csv DIR */
    const char *jobs;           /* sweep: -j N, --jobs N */
    const char *shard;          /* sweep: --shard K/N */
    int merge;                  /* sweep: --merge */
    int json;                   /* why: --json */
    int help;                   /* --help, -h: usage on stdout, exit 0 */
    const char *pos[ARGS_MAXPOS];   /* positional arguments */
    int npos;
};

/* NAME args_parse -- parse argv[0..argc) (argv[0] is the first option, not
 * the command) for command `cmd`.  "--opt VALUE" and "--opt=VALUE" both work;
 * an option with a short name also as "-x VALUE" and "-xVALUE" (-j N).
 * RETURNS 0, or RH_EXIT_USAGE after printing the reason to err. */
int args_parse(struct args *a, const char *cmd, int argc, char **argv, FILE *err);

/* NAME args_usage -- the usage text of command cmd (every option it takes,
 * one line each). */
const char *args_usage(const char *cmd);

/* NAME args_help -- when a->help: print cmd's usage to out and RETURN 1
 * (the command then exits 0 without doing anything); else 0. */
int args_help(const struct args *a, const char *cmd, FILE *out);

#endif

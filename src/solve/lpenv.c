/* lpenv.c -- see lpenv.h. */
#include "solve/lpenv.h"

#include <glpk.h>

#include "solve/stages.h"

static int term_hook(void *info, const char *s)
{
    FILE *log = info;
    if (log)
        fputs(s, log);
    return 1;                   /* never to stdout */
}

static void error_hook(void *info)
{
    struct lp_env *env = info;
    longjmp(env->fail, 1);
}

int lp_env_open(struct lp_env *env, FILE *log)
{
    int ie = glp_init_env();
    if (ie != 0 && ie != 1)
        return -1;
    glp_term_hook(term_hook, log);
    glp_error_hook(error_hook, env);
    return 0;
}

void lp_env_abandon(void)
{
    glp_free_env();
}

void lp_env_close(void)
{
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_free_env();
}

int lp_env_ms_until(double t)
{
    double left = t - solve_clock();
    if (left <= 0)
        return 0;
    return left > 2e6 ? 2000000000 : (int)(left * 1000.0) + 1;
}

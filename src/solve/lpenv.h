/* lpenv.h -- GLPK's environment for one solve: set up where a failure is a
 * return code, its terminal output to the run's log, its internal errors
 * back to the caller by longjmp, and nothing of it left afterwards.  The
 * LP stages (stages.h) and the integer stages (exact.h) both run in one.
 *
 *   struct lp_env env;
 *   if (lp_env_open(&env, log) < 0) ... out of memory ...
 *   if (setjmp(env.fail)) { lp_env_abandon(); ... GLPK failed ... }
 *   ... glp_* calls ...
 *   lp_env_close();
 *
 * setjmp must stand in the caller's own frame, which is why it is not
 * inside lp_env_open.  Deadlines for GLPK's tm_lim: lp_env_ms_until.
 */
#ifndef RH_LPENV_H
#define RH_LPENV_H

#include <setjmp.h>
#include <stdio.h>

struct lp_env {
    jmp_buf fail;               /* GLPK's error hook jumps here */
};

/* NAME lp_env_open -- glp_init_env (GLPK aborts when it has to set its
 * environment up inside another call), then the hooks: terminal output
 * to log (NULL: dropped, never stdout), errors to env->fail.  RETURNS 0,
 * or -1 when GLPK could not allocate its environment. */
int lp_env_open(struct lp_env *env, FILE *log);

/* NAME lp_env_abandon -- after the jump to env->fail: GLPK's whole
 * environment goes, every problem object with it. */
void lp_env_abandon(void);

/* NAME lp_env_close -- hooks removed, the environment freed. */
void lp_env_close(void);

/* NAME lp_env_ms_until -- milliseconds from now (the solve's clock) to
 * the deadline t in seconds, for tm_lim: 0 when passed, at most 2e9. */
int lp_env_ms_until(double t);

#endif

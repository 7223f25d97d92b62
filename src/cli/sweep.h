/* sweep.h -- `rehouse sweep`: many scenarios, one table.
 *
 *   rehouse sweep --config plan.ini --out DIR S1.ini S2.ini ... [-j N]
 *                 [--shard K/N]
 *   rehouse sweep --merge DIR1 DIR2 ... --out DIR
 *
 * The base plan goes to DIR/base/, scenario i's plan to DIR/<name>/ (its
 * [scenario] name), and DIR/sweep.csv gets one row per scenario, in the
 * order of the command line whatever -j:
 *   index (1-based position in the scenario list), name, scenario (the file
 *   as given), status (ok / failed / killed), exit_code, units_allocated,
 *   home_town_share, fill_rate_min, unit_km, value_allocated_cny, and the
 *   same five as deltas against the base plan (<kpi>_delta); figures are
 *   empty when the plan failed.
 * Each plan runs in its own forked process (GLPK state is per process; a
 * fatal GLPK error kills only that scenario); at most N at a time (-j N,
 * --jobs N, default 1).  A failed scenario is reported in its row (and its
 * errors on stderr) and does not stop the others.  A scenario that cannot
 * be read, or whose name is used twice or is reserved (base, sweep.csv,
 * *.lock, *.tmp-*), fails with 78 without running.
 *
 * --shard K/N runs only scenarios i (0-based) with i % N == K - 1 (and the
 * base plan), writing their rows with their original index; --merge joins
 * shard tables sorted by index into DIR/sweep.csv: the merged table equals
 * the unsharded one byte for byte.
 *
 * Exit codes: 0 when sweep.csv is written and the base plan succeeded (a
 * failed scenario shows in its row); the base plan's code when it failed;
 * 64 usage; 65 malformed shard tables; 66 a shard table missing; 73 DIR
 * cannot be written.
 */
#ifndef RH_CLI_SWEEP_H
#define RH_CLI_SWEEP_H

#include <stdio.h>

/* NAME cmd_sweep -- argv after "sweep".  RETURNS an rh_exit code. */
int cmd_sweep(int argc, char **argv, FILE *out, FILE *err);

#endif

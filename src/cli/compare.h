/* compare.h -- `rehouse compare A B [--csv DIR]`: what changed between two
 * plan folders.
 *
 * Reads A and B's summary.json (parameters.year and "kpi", with
 * io/jsonread.h), town_balance.csv, payer_balance.csv, requests.csv and
 * units.csv (with the project's CSV reader; a neutralising apostrophe before = + - @ is removed) and prints:
 * KPI deltas; per town the fill rate, imported and exported units; payers
 * whose allocated or suspended units changed; requests whose status changed;
 * units that changed hands (count, the first 20 listed); "the plans are
 * identical" when nothing differs.  A warning goes to stderr when the two
 * plans are of different plan years.  With --csv DIR the same goes to
 * DIR/kpi_delta.csv, towns.csv, payers.csv, requests.csv and units.csv
 * (every changed unit).  DIR is a compare folder (output/folder.h): missing,
 * empty or written by compare before, else refused; it is written beside
 * and swapped in whole.  Deltas are B - A, exact decimals.
 *
 * Exit codes, as cmp(1): 0 the plans are identical; 1 they differ; 64
 * usage; 65 a malformed plan file (file:line: column: message); 66 a plan
 * file missing; 73 --csv DIR refused or cannot be written.
 */
#ifndef RH_CLI_COMPARE_H
#define RH_CLI_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* NAME cmd_compare -- argv after "compare".  RETURNS an rh_exit code. */
int cmd_compare(int argc, char **argv, FILE *out, FILE *err);

#endif

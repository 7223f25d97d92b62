/* why.h -- `rehouse why PLAN_DIR ID [--json]`: why a request (or a payer's
 * or a town's requests) got less than asked, read from a plan folder:
 * what was asked and got, the reason with its numbers (requests.csv's
 * reason and reason_detail, output/reason.h), and what would change it.
 * ID is looked up as a request id, then a payer id, then a town id.
 *
 *   rc = cmd_why(argc, argv, stdout, stderr);
 *
 * RETURNS 0; 64 usage; 65 unknown id, or a table without the reason
 * columns; 66 not a plan folder or a table missing. */
#ifndef RH_CLI_WHY_H
#define RH_CLI_WHY_H

#include <stdio.h>

int cmd_why(int argc, char **argv, FILE *out, FILE *err);

#endif

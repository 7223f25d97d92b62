/* mathprog.h -- the on-time allocation pass as GLPK MathProg data, for the
 * models in models/ (h.mod, b.mod, t.mod, c.mod, d.mod) and glpsol:
 *
 *   rc = mathprog_emit("out/mp", &model, &elig, &config, err, sizeof err);
 *   glpsol -m models/h.mod -d out/mp/rehouse.dat
 *
 * DIR/rehouse.dat holds one data section (see models/README.md):
 *   set TOWNS                 every town of towns.csv, in file order;
 *   set LAYOUTS               every layout seen in the inputs;
 *   param category{0..3}      category name of each rank of category_order;
 *   param S{TOWNS, LAYOUTS}   allocatable units (status available,
 *                             available_on <= horizon_end), default 0;
 *   set REQUESTS              requests of the on-time pass: eligibility's
 *                             takes_part, without late ones under late = last
 *                             (requests for 0 units are included; they are
 *                             inert in every model);
 *   param home, lay, units, rank, payer {REQUESTS};
 *   param dist{TOWNS, TOWNS}  geo_distance_m between towns, whole metres, 0 on
 *                             the diagonal (row: project town, column: home).
 * Payer caps are not part of the models; capped payers are listed in a
 * comment only.  Ids are written as single-quoted MathProg symbols (an inner
 * quote doubled); numbers are formatted without printf, so the file is the
 * same in every locale, and the same inputs give the same bytes.
 *
 * DIR is a folder of its own kind (mathprog_folder: rehouse.dat only),
 * written beside and swapped in whole (output/folder.h), so DIR never holds
 * half a rehouse.dat and a plan folder or any other folder is never
 * written into.  DIR's parent must exist.
 */
#ifndef RH_MATHPROG_H
#define RH_MATHPROG_H

#include <stddef.h>

#include "domain/eligibility.h"
#include "domain/model.h"
#include "io/config.h"
#include "output/folder.h"

/* The MathProg folder: rehouse.dat, written by rehouse. */
extern const struct folder_kind mathprog_folder;

/* Longest string MathProg accepts as a literal (GLPK 5.0, bytes). */
#define MATHPROG_MAX_SYMBOL 100

/* NAME mathprog_emit -- write DIR/rehouse.dat for the on-time pass.
 * RETURNS 0; RH_EXIT_SOFTWARE (70) when memory runs out; or
 * RH_EXIT_CANTCREAT (73) with a message in err ("mathprog: ...") when DIR
 * is not a MathProg folder, cannot be written, or an id
 * cannot be stated as a MathProg symbol (more than MATHPROG_MAX_SYMBOL
 * bytes, empty, or holding a control byte; ids that pass model_load's
 * checks always can).  On failure no rehouse.dat is left half written. */
int mathprog_emit(const char *dir, const struct model *m,
                  const struct eligibility *e, const struct config *c,
                  char *err, size_t errsz);

#endif

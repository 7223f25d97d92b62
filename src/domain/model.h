/* model.h -- the validated inputs of one plan: towns, projects, units,
 * requests, payers and ledger rows, ids interned once, strings in one arena.
 *
 *   struct model m; model_init(&m);
 *   rc = model_load(&m, &config, &diag);   // 0, 65 (errors in diag), 66, 70
 *   ... m.units[i].layout is an index into m.layouts.strs ...
 *   model_release(&m);
 *
 * Money is in cents (int64), areas in hundredths of m^2, prices in cents per
 * m^2, dates in days since 1970-01-01.  A unit's value is area x price
 * rounded half up to the cent.
 */
#ifndef RH_MODEL_H
#define RH_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "io/arena.h"
#include "io/config.h"
#include "io/csvtab.h"
#include "io/diag.h"
#include "io/value.h"

enum town_kind { TOWN_STREET, TOWN_TOWN };
enum unit_status { UNIT_AVAILABLE, UNIT_RESERVED, UNIT_ALLOCATED };

extern const char *const town_kind_names[2];
extern const char *const unit_status_names[3];

struct town {
    const char *id, *name;
    int kind;
    double lat, lon;        /* degrees */
    long line;
};

struct project {
    const char *id, *name;
    int32_t town;
    long line;              /* first inventory line naming it */
    long town_line, name_line;  /* lines that gave its town and name */
};

struct unit {
    const char *id;
    int32_t project, town, layout;
    int64_t area_c;         /* 1/100 m^2 */
    int64_t price_c;        /* cents per m^2 */
    int64_t value_c;        /* cents */
    int status;
    rh_date available_on;
    long line;
};

struct request {
    const char *id;
    int32_t payer, town, layout;
    int category;
    int64_t units;
    rh_date submitted_on;
    long line;
};

struct payer {
    const char *id, *name;
    int capacity_proof;
    int64_t capacity_c;     /* -1: no cap */
    long line;
};

struct ledger_row {
    int32_t payer;
    const char *agreement;
    rh_date due_on;
    int64_t due_c, paid_c;
};

struct model {
    struct arena arena;
    struct strtab town_ids, project_ids, unit_ids, request_ids, payer_ids,
                  layouts;
    struct town *towns;       int32_t ntowns;
    struct project *projects; int32_t nprojects;
    struct unit *units;       int32_t nunits;
    struct request *requests; int32_t nrequests;
    struct payer *payers;     int32_t npayers;
    struct ledger_row *ledger; int32_t nledger;
    struct csv_file_info files[RH_NINPUTS];
};

void model_init(struct model *m);
void model_release(struct model *m);

/* NAME model_load -- read and validate the five inputs named by c.
 * RETURNS 0; RH_EXIT_DATAERR when d holds input errors; RH_EXIT_NOINPUT when
 * a file cannot be opened; RH_EXIT_SOFTWARE on out of memory.  On any error
 * the model is partly filled and must only be released. */
int model_load(struct model *m, const struct config *c, struct diag *d);

/* NAME model_load_extra -- read one more inventory or demand file (in is
 * RH_IN_INVENTORY or RH_IN_DEMAND) into a loaded model: same schema, same
 * row checks and messages as model_load; ids must be new against all rows
 * already loaded (duplicates are input errors), references are checked
 * against the loaded towns and payers.  info receives the file's audit record.
 * RETURNS as model_load (65 only for errors of this file). */
int model_load_extra(struct model *m, const struct config *c, int in,
                     const char *path, struct diag *d,
                     struct csv_file_info *info);

/* NAME model_unit_value -- area x price, rounded half up to the cent. */
int64_t model_unit_value(int64_t area_c, int64_t price_c);

#endif

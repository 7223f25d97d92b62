/* model.c -- load and validate the five input files into a model. */
#include "model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "io/exitcode.h"

const char *const town_kind_names[2] = { "street", "town" };
const char *const unit_status_names[3] = { "available", "reserved", "allocated" };

void model_init(struct model *m)
{
    memset(m, 0, sizeof *m);
    arena_init(&m->arena);
    strtab_init(&m->town_ids, &m->arena);
    strtab_init(&m->project_ids, &m->arena);
    strtab_init(&m->unit_ids, &m->arena);
    strtab_init(&m->request_ids, &m->arena);
    strtab_init(&m->payer_ids, &m->arena);
    strtab_init(&m->layouts, &m->arena);
}

void model_release(struct model *m)
{
    strtab_release(&m->town_ids);
    strtab_release(&m->project_ids);
    strtab_release(&m->unit_ids);
    strtab_release(&m->request_ids);
    strtab_release(&m->payer_ids);
    strtab_release(&m->layouts);
    free(m->towns);
    free(m->projects);
    free(m->units);
    free(m->requests);
    free(m->payers);
    free(m->ledger);
    arena_release(&m->arena);
    memset(m, 0, sizeof *m);
}

int64_t model_unit_value(int64_t area_c, int64_t price_c)
{
    /* area_c <= 10^6, price_c <= 10^8: the product fits in int64. */
    return (area_c * price_c + 50) / 100;
}

/* Make room for one more element in *arr (count n, capacity *cap). */
static int grow(void *arrp, int32_t n, int32_t *cap, size_t elem)
{
    void **arr = arrp;
    if (n < *cap)
        return 0;
    if (*cap > INT32_MAX / 2)
        return -1;
    int32_t nc = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, (size_t)nc * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

/* Loading context shared by the row callbacks. */
struct loader {
    struct model *m;
    const struct config *c;
    struct diag *d;
    const char *file;           /* the file being read, as in messages */
    int32_t cap;                /* capacity of the array being filled */
    int32_t cap_projects;
    int oom;
    int64_t inv_total, ledger_total;    /* cents, checked against SUM_MAX */
    int inv_over, ledger_over;          /* reported once per file */
};

/* Every sum of money rehouse forms (a payer's overdue, the value
 * allocated, a delta between two plans) stays below this: 10^16 CNY in
 * cents.  A file whose total passes it is refused rather than summed into
 * a wrapped number. */
#define SUM_MAX_CENTS 1000000000000000000LL

/* Add v (>= 0) to *total; once it passes SUM_MAX_CENTS, report row r's
 * column col (once: *over).  RETURNS 0 or -1 (reported). */
static int add_money(struct loader *L, int64_t *total, int *over, int64_t v,
                     const struct csv_row *r, const char *col,
                     const char *what)
{
    if (*over)
        return -1;
    if (v > SUM_MAX_CENTS - *total) {
        *over = 1;
        diag_error(L->d, L->file, r->line, col, "%s passes 10000000000000000 "
                   "CNY here, more than rehouse sums exactly", what);
        return -1;
    }
    *total += v;
    return 0;
}

static const char *dup_str(struct loader *L, const struct csv_cell *cell)
{
    const char *s = arena_strndup(&L->m->arena, cell->s, cell->n);
    if (!s)
        L->oom = 1;
    return s;
}

/* Intern the id in cell `col` as a new record of table t, whose records
 * are items[] (element size `size`, `long line` member at `line_off`).
 * RETURNS the id; -1 for a duplicate (reported with the first record's
 * line); -2 on out of memory. */
static int32_t new_id(struct loader *L, struct strtab *t, const struct csv_row *r,
                      int col, const char *colname, const void *items,
                      size_t size, size_t line_off)
{
    const struct csv_cell *cell = &r->cells[col];
    int32_t id = strtab_find(t, cell->s, cell->n);
    if (id >= 0) {
        long first;
        memcpy(&first, (const char *)items + (size_t)id * size + line_off,
               sizeof first);
        diag_error(L->d, r->file, r->line, colname,
                   "duplicate id '%s' (first on line %ld)", t->strs[id], first);
        return -1;
    }
    id = strtab_intern(t, cell->s, cell->n, NULL);
    return id < 0 ? -2 : id;
}

/* Look up a reference; reports an unknown one.  RETURNS the id or -1. */
static int32_t ref_id(struct loader *L, const struct strtab *t,
                      const struct csv_row *r, int col, const char *colname,
                      const char *what, int in)
{
    const struct csv_cell *cell = &r->cells[col];
    if (!cell->present)
        return -1;
    int32_t id = strtab_find(t, cell->s, cell->n);
    if (id < 0 && L->m->files[in].complete) {   /* else: already reported */
        char q[128];
        diag_error(L->d, r->file, r->line, colname, "unknown %s %s (not in %s)",
                   what, value_quote(cell->s, cell->n, q, sizeof q),
                   L->c->input_path[in]);
    }
    return id;
}

/* ---- towns.csv ---------------------------------------------------------- */

enum { T_ID, T_NAME, T_KIND, T_LAT, T_LON };
static const struct csv_column town_cols[] = {
    { "town_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "name", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
    { "kind", CSVT_ENUM, 0, 0, 0, 0, town_kind_names, 2 },
    { "lat", CSVT_FIXED, 0, 6, -90000000, 90000000, NULL, 0 },
    { "lon", CSVT_FIXED, 0, 6, -180000000, 180000000, NULL, 0 },
};

static int town_row(void *ud, const struct csv_row *r)
{
    struct loader *L = ud;
    struct model *m = L->m;
    if (!r->cells[T_ID].present)
        return 0;
    if (grow(&m->towns, m->ntowns, &L->cap, sizeof *m->towns) < 0)
        return -1;
    int32_t id = new_id(L, &m->town_ids, r, T_ID, "town_id", m->towns,
                        sizeof *m->towns, offsetof(struct town, line));
    if (id < 0)
        return id == -1 ? 0 : -1;
    struct town *t = &m->towns[m->ntowns++];
    t->id = m->town_ids.strs[id];
    t->name = r->cells[T_NAME].present ? dup_str(L, &r->cells[T_NAME]) : t->id;
    t->kind = (int)r->cells[T_KIND].i;
    t->lat = (double)r->cells[T_LAT].i / 1e6;
    t->lon = (double)r->cells[T_LON].i / 1e6;
    t->line = r->line;
    return L->oom ? -1 : 0;
}

/* ---- payers.csv --------------------------------------------------------- */

enum { P_ID, P_NAME, P_PROOF, P_CAP };
static const struct csv_column payer_cols[] = {
    { "payer_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "payer_name", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
    { "capacity_proof", CSVT_YESNO, 0, 0, 0, 0, NULL, 0 },
    { "capacity_cny", CSVT_MONEY, CSVC_OPTIONAL, 0, 0, 0, NULL, 0 },
};

static int payer_row(void *ud, const struct csv_row *r)
{
    struct loader *L = ud;
    struct model *m = L->m;
    if (!r->cells[P_ID].present)
        return 0;
    if (grow(&m->payers, m->npayers, &L->cap, sizeof *m->payers) < 0)
        return -1;
    int32_t id = new_id(L, &m->payer_ids, r, P_ID, "payer_id", m->payers,
                        sizeof *m->payers, offsetof(struct payer, line));
    if (id < 0)
        return id == -1 ? 0 : -1;
    struct payer *p = &m->payers[m->npayers++];
    p->id = m->payer_ids.strs[id];
    p->name = r->cells[P_NAME].present ? dup_str(L, &r->cells[P_NAME]) : p->id;
    p->capacity_proof = (int)r->cells[P_PROOF].i;
    p->capacity_c = r->cells[P_CAP].present ? r->cells[P_CAP].i : -1;
    p->line = r->line;
    return L->oom ? -1 : 0;
}

/* ---- inventory.csv ------------------------------------------------------ */

enum { U_ID, U_PROJECT, U_PNAME, U_TOWN, U_LAYOUT, U_AREA, U_PRICE, U_STATUS,
       U_AVAIL };
static const struct csv_column unit_cols[] = {
    { "unit_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "project_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "project_name", CSVT_TEXT, 0, 0, 0, 0, NULL, 0 },
    { "town_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "layout", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "area_m2", CSVT_FIXED, 0, 2, 1, 1000000, NULL, 0 },          /* 0.01..10000 */
    { "price_cny_m2", CSVT_FIXED, 0, 2, 0, 100000000, NULL, 0 },   /* 0..1000000 */
    { "status", CSVT_ENUM, 0, 0, 0, 0, unit_status_names, 3 },
    { "available_on", CSVT_DATE, 0, 0, 0, 0, NULL, 0 },
};

static int unit_row(void *ud, const struct csv_row *r)
{
    struct loader *L = ud;
    struct model *m = L->m;
    const struct csv_cell *cl = r->cells;
    int bad = r->bad;

    int32_t town = ref_id(L, &m->town_ids, r, U_TOWN, "town_id", "town",
                          RH_IN_TOWNS);
    if (town < 0)
        bad = 1;
    int32_t project = -1;
    if (cl[U_PROJECT].present) {
        int added;
        project = strtab_intern(&m->project_ids, cl[U_PROJECT].s,
                                cl[U_PROJECT].n, &added);
        if (project < 0)
            return -1;
        if (added) {
            if (grow(&m->projects, m->nprojects, &L->cap_projects,
                     sizeof *m->projects) < 0)
                return -1;
            struct project *p = &m->projects[m->nprojects++];
            p->id = m->project_ids.strs[project];
            p->name = cl[U_PNAME].present ? dup_str(L, &cl[U_PNAME]) : NULL;
            p->town = town;
            p->line = r->line;
            p->town_line = p->name_line = r->line;
        } else {
            struct project *p = &m->projects[project];
            if (town >= 0 && p->town >= 0 && p->town != town) {
                diag_error(L->d, r->file, r->line, "town_id",
                           "project '%s' stands in town '%s' on line %ld, "
                           "not '%s'", p->id, m->towns[p->town].id, p->town_line,
                           m->towns[town].id);
                bad = 1;
            } else if (p->town < 0) {
                p->town = town;
                p->town_line = r->line;
            }
            if (cl[U_PNAME].present && !p->name) {
                p->name = dup_str(L, &cl[U_PNAME]);
                p->name_line = r->line;
            } else if (cl[U_PNAME].present &&
                (strlen(p->name) != cl[U_PNAME].n ||
                 memcmp(p->name, cl[U_PNAME].s, cl[U_PNAME].n) != 0)) {
                char q[128];
                diag_error(L->d, r->file, r->line, "project_name",
                           "project '%s' is named %s here but differently on "
                           "line %ld", p->id,
                           value_quote(cl[U_PNAME].s, cl[U_PNAME].n, q, sizeof q),
                           p->name_line);
                bad = 1;
            }
        }
    }
    if (!cl[U_ID].present)
        return 0;
    if (grow(&m->units, m->nunits, &L->cap, sizeof *m->units) < 0)
        return -1;
    int32_t id = new_id(L, &m->unit_ids, r, U_ID, "unit_id", m->units,
                        sizeof *m->units, offsetof(struct unit, line));
    if (id == -1)
        return 0;
    int32_t layout = cl[U_LAYOUT].present
        ? strtab_intern(&m->layouts, cl[U_LAYOUT].s, cl[U_LAYOUT].n, NULL) : 0;
    if (id < 0 || layout < 0)
        return -1;
    struct unit *u = &m->units[m->nunits++];
    u->id = m->unit_ids.strs[id];
    u->project = project;
    u->town = town;
    u->layout = layout;
    u->area_c = cl[U_AREA].i;
    u->price_c = cl[U_PRICE].i;
    u->value_c = bad ? 0 : model_unit_value(u->area_c, u->price_c);
    if (add_money(L, &L->inv_total, &L->inv_over, u->value_c, r,
                  "price_cny_m2", "the inventory's total value") < 0)
        u->value_c = 0;
    u->status = (int)cl[U_STATUS].i;
    u->available_on = (rh_date)cl[U_AVAIL].i;
    u->line = r->line;
    return L->oom ? -1 : 0;
}

/* ---- demand.csv --------------------------------------------------------- */

enum { R_ID, R_PAYER, R_TOWN, R_CAT, R_LAYOUT, R_UNITS, R_SUBMITTED };
static const struct csv_column request_cols[] = {
    { "request_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "payer_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "home_town", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "category", CSVT_ENUM, 0, 0, 0, 0, rh_category_names, RH_NCATEGORIES },
    { "layout", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "units", CSVT_INT, 0, 0, 0, 1000000, NULL, 0 },
    { "submitted_on", CSVT_DATE, 0, 0, 0, 0, NULL, 0 },
};

static int request_row(void *ud, const struct csv_row *r)
{
    struct loader *L = ud;
    struct model *m = L->m;
    const struct csv_cell *cl = r->cells;

    int32_t payer = ref_id(L, &m->payer_ids, r, R_PAYER, "payer_id", "payer",
                           RH_IN_PAYERS);
    int32_t town = ref_id(L, &m->town_ids, r, R_TOWN, "home_town", "town",
                          RH_IN_TOWNS);
    if (!cl[R_ID].present)
        return 0;
    if (grow(&m->requests, m->nrequests, &L->cap, sizeof *m->requests) < 0)
        return -1;
    int32_t id = new_id(L, &m->request_ids, r, R_ID, "request_id", m->requests,
                        sizeof *m->requests, offsetof(struct request, line));
    if (id == -1)
        return 0;
    int32_t layout = cl[R_LAYOUT].present
        ? strtab_intern(&m->layouts, cl[R_LAYOUT].s, cl[R_LAYOUT].n, NULL) : 0;
    if (id < 0 || layout < 0)
        return -1;
    struct request *q = &m->requests[m->nrequests++];
    q->id = m->request_ids.strs[id];
    q->payer = payer;
    q->town = town;
    q->layout = layout;
    q->category = (int)cl[R_CAT].i;
    q->units = cl[R_UNITS].i;
    q->submitted_on = (rh_date)cl[R_SUBMITTED].i;
    q->line = r->line;
    return 0;
}

/* ---- ledger.csv --------------------------------------------------------- */

enum { L_PAYER, L_AGREEMENT, L_DUE_ON, L_DUE, L_PAID };
static const struct csv_column ledger_cols[] = {
    { "payer_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "agreement_id", CSVT_ID, 0, 0, 0, 0, NULL, 0 },
    { "due_on", CSVT_DATE, 0, 0, 0, 0, NULL, 0 },
    { "amount_due_cny", CSVT_MONEY, 0, 0, 0, 0, NULL, 0 },
    { "amount_paid_cny", CSVT_MONEY, 0, 0, 0, 0, NULL, 0 },
};

static int ledger_row(void *ud, const struct csv_row *r)
{
    struct loader *L = ud;
    struct model *m = L->m;
    const struct csv_cell *cl = r->cells;

    int32_t payer = ref_id(L, &m->payer_ids, r, L_PAYER, "payer_id", "payer",
                           RH_IN_PAYERS);
    if (grow(&m->ledger, m->nledger, &L->cap, sizeof *m->ledger) < 0)
        return -1;
    struct ledger_row *g = &m->ledger[m->nledger++];
    g->payer = payer;
    g->agreement = cl[L_AGREEMENT].present ? dup_str(L, &cl[L_AGREEMENT]) : "";
    g->due_on = (rh_date)cl[L_DUE_ON].i;
    g->due_c = cl[L_DUE].i;
    g->paid_c = cl[L_PAID].i;
    (void)(add_money(L, &L->ledger_total, &L->ledger_over, g->due_c, r,
                     "amount_due_cny", "the ledger's total due") < 0 ||
           add_money(L, &L->ledger_total, &L->ledger_over, g->paid_c, r,
                     "amount_paid_cny", "the ledger's total due and paid"));
    return L->oom ? -1 : 0;
}

/* ---- driver ------------------------------------------------------------- */

struct input_kind {
    int in;
    const struct csv_column *cols;
    int ncols;
    csv_row_fn fn;
};

#define NCOLS(a) ((int)(sizeof a / sizeof a[0]))

/* Referenced tables first, so references are checked while reading. */
static const struct input_kind load_order[RH_NINPUTS] = {
    { RH_IN_TOWNS, town_cols, NCOLS(town_cols), town_row },
    { RH_IN_PAYERS, payer_cols, NCOLS(payer_cols), payer_row },
    { RH_IN_INVENTORY, unit_cols, NCOLS(unit_cols), unit_row },
    { RH_IN_DEMAND, request_cols, NCOLS(request_cols), request_row },
    { RH_IN_LEDGER, ledger_cols, NCOLS(ledger_cols), ledger_row },
};

/* Read one file of kind ik into m with the loader's row handler. */
static int load_file(struct loader *L, const struct input_kind *ik,
                     const char *path, struct csv_file_info *info)
{
    struct csv_schema s = { ik->cols, ik->ncols };
    L->file = path;
    int rc = csv_read_file(path, L->c->encoding == RH_ENC_GB18030, &s, ik->fn,
                           L, L->d, info);
    if (L->oom || L->d->oom)
        return RH_EXIT_SOFTWARE;
    return rc;
}

/* Projects named only on rows without a project_name take their id. */
static void name_projects(struct model *m)
{
    for (int32_t k = 0; k < m->nprojects; k++)
        if (!m->projects[k].name)
            m->projects[k].name = m->projects[k].id;
}

int model_load(struct model *m, const struct config *c, struct diag *d)
{
    struct loader L = { m, c, d, NULL, 0, 0, 0, 0, 0, 0, 0 };

    for (int k = 0; k < RH_NINPUTS; k++) {
        const struct input_kind *ik = &load_order[k];
        L.cap = 0;
        size_t before = d->total;
        int rc = load_file(&L, ik, c->input_path[ik->in], &m->files[ik->in]);
        if (rc)
            return rc;
        /* A header alone is a broken export, not an empty year: planning
         * from it would replace last night's plan by an empty one.  Only
         * the ledger may be empty (no payer owes anything). */
        if (ik->in != RH_IN_LEDGER && d->total == before &&
            m->files[ik->in].rows == 0)
            diag_error(d, c->input_path[ik->in], 0, NULL, "no data rows "
                       "(a header only): refusing to plan from an empty "
                       "export");
    }
    name_projects(m);
    return d->total ? RH_EXIT_DATAERR : 0;
}

int model_load_extra(struct model *m, const struct config *c, int in,
                     const char *path, struct diag *d,
                     struct csv_file_info *info)
{
    struct loader L = { m, c, d, NULL, 0, m->nprojects, 0, 0, 0, 0, 0 };
    for (int32_t u = 0; u < m->nunits; u++)     /* the total goes on */
        L.inv_total += m->units[u].value_c;
    const struct input_kind *ik = NULL;

    for (int k = 0; k < RH_NINPUTS; k++)
        if (load_order[k].in == in)
            ik = &load_order[k];
    if (!ik || (in != RH_IN_INVENTORY && in != RH_IN_DEMAND)) {
        diag_error(d, path, 0, NULL, "internal error: extra input of kind %d",
                   in);
        return RH_EXIT_SOFTWARE;
    }
    /* The arrays are full to their count: the first new row doubles them. */
    L.cap = in == RH_IN_INVENTORY ? m->nunits : m->nrequests;
    size_t before = d->total;
    int rc = load_file(&L, ik, path, info);
    if (rc)
        return rc;
    name_projects(m);
    return d->total > before ? RH_EXIT_DATAERR : 0;
}

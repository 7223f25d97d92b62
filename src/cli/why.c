/* why.c -- `rehouse why` (why.h). */
#include "why.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "io/diag.h"
#include "io/exitcode.h"
#include "io/json.h"
#include "io/outfile.h"
#include "output/plantable.h"
#include "output/summary.h"

enum { RQ_ID, RQ_PAYER, RQ_TOWN, RQ_CAT, RQ_LAYOUT, RQ_ASKED, RQ_GOT,
       RQ_STATUS, RQ_REASON, RQ_DETAIL };
static const struct csv_column request_cols[] = {
    PT_TEXT("request_id"), PT_TEXT("payer_id"), PT_TEXT("home_town"),
    PT_TEXT("category"), PT_TEXT("layout"), PT_INT("requested"),
    PT_INT("allocated"), PT_TEXT("status"), PT_TEXT_OR_EMPTY("reason"),
    PT_TEXT_OR_EMPTY("reason_detail"),
};
enum { PY_ID, PY_NAME, PY_DEFAULT, PY_OVERDUE, PY_ASKED, PY_GOT, PY_HELD,
       PY_VALUE, PY_CAP };
static const struct csv_column payer_cols[] = {
    PT_TEXT("payer_id"), PT_TEXT_OR_EMPTY("payer_name"), PT_TEXT("in_default"),
    PT_TEXT("overdue_cny"), PT_INT("requested"), PT_INT("allocated"),
    PT_INT("suspended"), PT_TEXT("value_cny"), PT_TEXT_OR_EMPTY("capacity_cny"),
};
enum { TL_ID, TL_DEMAND, TL_LEVEL, TL_FLOOR };
static const struct csv_column level_cols[] = {
    PT_TEXT("town_id"), PT_INT("demand"), PT_TEXT("level"), PT_INT("floor"),
};
enum { TB_ID, TB_NAME };
static const struct csv_column town_cols[] = {
    PT_TEXT("town_id"), PT_TEXT_OR_EMPTY("name"),
};

struct plan_read {
    struct plan_table req, pay, lvl, town;
};

static void plan_read_release(struct plan_read *r)
{
    plan_table_release(&r->req);
    plan_table_release(&r->pay);
    plan_table_release(&r->lvl);
    plan_table_release(&r->town);
}

/* What would change it, for a request with reason `why`. */
static void lever(const struct pt_rec *q, const struct pt_rec *py,
                  const struct pt_rec *tl, char *buf, size_t n)
{
    const char *why = q->s[RQ_REASON], *payer = q->s[RQ_PAYER],
               *town = q->s[RQ_TOWN], *layout = q->s[RQ_LAYOUT];
    if (strcmp(why, "late") == 0)
        snprintf(buf, n, "a submission by the deadline; or late = last in "
                 "plan.ini, which plans late requests from what the on-time "
                 "plan leaves");
    else if (strcmp(why, "no_capacity_proof") == 0)
        snprintf(buf, n, "proof of capacity to pay from payer %s "
                 "(payers.csv: capacity_proof = yes)", payer);
    else if (strcmp(why, "payer_in_default") == 0)
        snprintf(buf, n, "payer %s paying its arrears (%s CNY overdue): its "
                 "flats are then handed over", payer,
                 py ? py->s[PY_OVERDUE] : "?");
    else if (strcmp(why, "no_supply") == 0)
        snprintf(buf, n, "an allocatable %s flat: none is available by the "
                 "plan's horizon_end", layout);
    else if (strcmp(why, "payer_cap") == 0)
        snprintf(buf, n, "a larger cap for payer %s: this plan uses %s CNY of "
                 "its %s CNY", payer, py ? py->s[PY_VALUE] : "?",
                 py ? py->s[PY_CAP] : "?");
    else if (strcmp(why, "late_pass") == 0)
        snprintf(buf, n, "a submission by the deadline: late requests take "
                 "only what the on-time plan leaves");
    else if (strcmp(why, "town_share") == 0)
        snprintf(buf, n, "more flats that %s's %s requests can take, or a "
                 "place earlier in its order: %s is at its balanced level "
                 "%s (floor %lld of %lld units)", town, layout, town,
                 tl ? tl->s[TL_LEVEL] : "?",
                 tl ? (long long)tl->v[TL_FLOOR] : 0LL,
                 tl ? (long long)tl->v[TL_DEMAND] : 0LL);
    else
        buf[0] = '\0';
}

static void text_request(FILE *out, const struct pt_rec *q,
                         const struct pt_rec *py, const struct pt_rec *tl,
                         const char *indent)
{
    char lv[512];
    fprintf(out, "%srequest %s (payer %s, home town %s, %s, %s): asked %lld, "
            "got %lld, %s\n", indent, q->s[RQ_ID], q->s[RQ_PAYER],
            q->s[RQ_TOWN], q->s[RQ_CAT], q->s[RQ_LAYOUT],
            (long long)q->v[RQ_ASKED], (long long)q->v[RQ_GOT],
            q->s[RQ_STATUS]);
    if (!q->s[RQ_REASON][0])
        return;
    lever(q, py, tl, lv, sizeof lv);
    fprintf(out, "%s  why: %s: %s\n%s  what would change it: %s\n", indent,
            q->s[RQ_REASON], q->s[RQ_DETAIL], indent, lv);
}

static int json_request(struct json *j, const struct pt_rec *q,
                        const struct pt_rec *py, const struct pt_rec *tl)
{
    char lv[512];
    lever(q, py, tl, lv, sizeof lv);
    return json_begin_object(j) < 0 ||
           json_key(j, "request_id") < 0 || json_string(j, q->s[RQ_ID]) < 0 ||
           json_key(j, "payer_id") < 0 || json_string(j, q->s[RQ_PAYER]) < 0 ||
           json_key(j, "home_town") < 0 || json_string(j, q->s[RQ_TOWN]) < 0 ||
           json_key(j, "category") < 0 || json_string(j, q->s[RQ_CAT]) < 0 ||
           json_key(j, "layout") < 0 || json_string(j, q->s[RQ_LAYOUT]) < 0 ||
           json_key(j, "requested") < 0 || json_int(j, q->v[RQ_ASKED]) < 0 ||
           json_key(j, "allocated") < 0 || json_int(j, q->v[RQ_GOT]) < 0 ||
           json_key(j, "status") < 0 || json_string(j, q->s[RQ_STATUS]) < 0 ||
           json_key(j, "reason") < 0 || json_string(j, q->s[RQ_REASON]) < 0 ||
           json_key(j, "reason_detail") < 0 ||
           json_string(j, q->s[RQ_DETAIL]) < 0 ||
           json_key(j, "what_would_change_it") < 0 ||
           json_string(j, lv) < 0 || json_end_object(j) < 0 ? -1 : 0;
}

static const struct pt_rec *find(struct plan_table *t, const char *id)
{
    size_t at;
    return plan_table_find(t, id, &at);
}

/* The requests of a payer (by payer_id) or a town (by home_town). */
static int explain_group(struct plan_read *r, int col, const char *kind,
                         const char *id, const char *head, int json,
                         FILE *out)
{
    int64_t asked = 0, got = 0, n = 0, nshort = 0;
    for (size_t i = 0; i < r->req.n; i++) {
        const struct pt_rec *q = &r->req.rows[i];
        if (strcmp(q->s[col], id) != 0)
            continue;
        n++;
        asked += q->v[RQ_ASKED];
        got += q->v[RQ_GOT];
        nshort += q->s[RQ_REASON][0] != '\0';
    }
    struct outfile f;
    struct json j;
    if (json) {
        if (outfile_attach(&f, STDOUT_FILENO) < 0)
            return RH_EXIT_SOFTWARE;
        json_init(&j, &f);
        if (json_begin_object(&j) < 0 || json_key(&j, "kind") < 0 ||
            json_string(&j, kind) < 0 || json_key(&j, "id") < 0 ||
            json_string(&j, id) < 0 || json_key(&j, "requests") < 0 ||
            json_int(&j, n) < 0 || json_key(&j, "requested") < 0 ||
            json_int(&j, asked) < 0 || json_key(&j, "allocated") < 0 ||
            json_int(&j, got) < 0 || json_key(&j, "short") < 0 ||
            json_begin_array(&j) < 0)
            goto jfail;
    } else {
        fprintf(out, "%s: %lld requests asked %lld, got %lld\n", head,
                (long long)n, (long long)asked, (long long)got);
        if (nshort == 0)
            fprintf(out, "  every one served in full\n");
        else
            fprintf(out, "  %lld not served in full:\n", (long long)nshort);
    }
    for (size_t i = 0; i < r->req.n; i++) {
        const struct pt_rec *q = &r->req.rows[i];
        if (strcmp(q->s[col], id) != 0 || !q->s[RQ_REASON][0])
            continue;
        const struct pt_rec *py = find(&r->pay, q->s[RQ_PAYER]),
                            *tl = find(&r->lvl, q->s[RQ_TOWN]);
        if (json) {
            if (json_request(&j, q, py, tl) < 0)
                goto jfail;
        } else {
            text_request(out, q, py, tl, "  ");
        }
    }
    if (json) {
        if (json_end_array(&j) < 0 || json_end_object(&j) < 0 ||
            json_finish(&j) < 0)
            goto jfail;
        return outfile_detach(&f) < 0 ? RH_EXIT_CANTCREAT : 0;
    jfail:
        outfile_detach(&f);
        return RH_EXIT_CANTCREAT;
    }
    return 0;
}

int cmd_why(int argc, char **argv, FILE *out, FILE *err)
{
    struct args a;
    int rc = args_parse(&a, "why", argc, argv, err);
    if (rc)
        return rc;
    if (args_help(&a, "why", out))
        return 0;
    if (a.npos != 2) {
        fprintf(err, "rehouse why: give a plan folder and an id\n%s",
                args_usage("why"));
        return RH_EXIT_USAGE;
    }
    const char *dir = a.pos[0], *id = a.pos[1];
    char msg[512];
    char *sum = NULL;
    if (summary_load(dir, &sum, msg, sizeof msg) <= 0 ||
        !strstr(sum, "\"tool\": \"rehouse\"")) {
        fprintf(err, "rehouse why: %s: not a plan folder of rehouse (%s)\n",
                dir, sum ? "its summary.json was not written by rehouse" : msg);
        free(sum);
        return RH_EXIT_NOINPUT;
    }
    free(sum);
    struct plan_read r;
    memset(&r, 0, sizeof r);
    struct diag d;
    diag_init(&d);
    if ((rc = plan_table_read(&r.req, dir, "requests.csv", request_cols, 10,
                              &d)) ||
        (rc = plan_table_read(&r.pay, dir, "payer_balance.csv", payer_cols, 9,
                              &d)) ||
        (rc = plan_table_read(&r.lvl, dir, "town_levels.csv", level_cols, 4,
                              &d)) ||
        (rc = plan_table_read(&r.town, dir, "town_balance.csv", town_cols, 2,
                              &d))) {
        diag_print(&d, err);
        diag_release(&d);
        if (rc == RH_EXIT_DATAERR)
            fprintf(err, "rehouse why: %s was written before plans gave "
                    "reasons, or is damaged: plan it again\n", dir);
        plan_read_release(&r);
        return rc;
    }
    diag_release(&d);
    const struct pt_rec *q = find(&r.req, id), *py, *tb;
    if (q) {
        py = find(&r.pay, q->s[RQ_PAYER]);
        const struct pt_rec *tl = find(&r.lvl, q->s[RQ_TOWN]);
        if (a.json) {
            struct outfile f;
            struct json j;
            rc = RH_EXIT_CANTCREAT;
            if (outfile_attach(&f, STDOUT_FILENO) == 0) {
                json_init(&j, &f);
                if (json_request(&j, q, py, tl) == 0 && json_finish(&j) == 0)
                    rc = 0;
                if (outfile_detach(&f) < 0)
                    rc = RH_EXIT_CANTCREAT;
            }
        } else {
            text_request(out, q, py, tl, "");
            if (!q->s[RQ_REASON][0])
                fprintf(out, "  served in full\n");
        }
    } else if ((py = find(&r.pay, id))) {
        char head[600];
        snprintf(head, sizeof head, "payer %s (%s)%s%s%s", id, py->s[PY_NAME],
                 py->s[PY_CAP][0] ? ", cap " : "", py->s[PY_CAP],
                 py->s[PY_CAP][0] ? " CNY" : "");
        if (!a.json && py->s[PY_CAP][0])
            snprintf(head + strlen(head), sizeof head - strlen(head),
                     " of which this plan uses %s", py->s[PY_VALUE]);
        fflush(out);
        rc = explain_group(&r, RQ_PAYER, "payer", id, head, a.json, out);
    } else if ((tb = find(&r.town, id))) {
        const struct pt_rec *tl = find(&r.lvl, id);
        char head[600];
        snprintf(head, sizeof head, "town %s (%s)%s%s", id, tb->s[TB_NAME],
                 tl ? ", balanced level " : "", tl ? tl->s[TL_LEVEL] : "");
        fflush(out);
        rc = explain_group(&r, RQ_TOWN, "town", id, head, a.json, out);
    } else {
        fprintf(err, "rehouse why: %s: no request, payer or town of that id "
                "in %s\n", id, dir);
        rc = RH_EXIT_DATAERR;
    }
    plan_read_release(&r);
    return rc;
}

/* mod_gil.c - the gil module: look at the GIL from a program and change
 * its policy.  gil.policy(), gil.set_policy(name, check=None),
 * gil.check(), gil.set_check(placement), gil.seed(), gil.set_seed(n),
 * gil.holder(), gil.stats() (counters, settings and one entry per thread)
 * and gil.set_trace(spec).  The REPL's :gil shows the same numbers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "builtins.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "str.h"

static const char *const check_names[] = {"every", "backedge"};

static const char *const run_names[] = {
    [RUN_READY] = "waiting for the GIL", [RUN_RUNNING] = "running",
    [RUN_BLOCKED] = "blocked",          [RUN_SLEEPING] = "sleeping",
    [RUN_OUTSIDE] = "in I/O",           [RUN_DONE] = "terminated",
};

static int check_from_name(ThreadState *ts, Value v)
{
    if (IS_STR(v))
        for (int i = 0; i < 2; i++)
            if (strcmp(AS_STR(v)->data, check_names[i]) == 0)
                return i;
    RAISE(ts, ValueError, "check placement must be 'every' or 'backedge'");
    return -1;
}

static Value gil_policy_fn(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "policy", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return OBJ_VAL(
        str_from_cstr(ts, gil_policy_name(ts->interp->gil.policy)));
}

static Value gil_set_policy_fn(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    static const ArgSpec spec = {"set_policy", 2, 1, {"policy", "check"}};
    Value a[2];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    int policy = IS_STR(a[0]) ? gil_policy_from_name(AS_STR(a[0])->data) : -1;
    if (policy < 0)
        return RAISE(ts, ValueError,
                     "GIL policy must be 'ticks', 'interval' or "
                     "'deterministic'");
    int check = -1;
    if (!IS_UNDEF(a[1]) && !IS_NONE(a[1]) &&
        (check = check_from_name(ts, a[1])) < 0)
        return ERR_VAL;
    gil_set_policy(ts, (GilPolicy)policy, check);
    return NONE_VAL;
}

static Value gil_check_fn(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "check", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return OBJ_VAL(str_from_cstr(ts, check_names[ts->interp->gil.check]));
}

static Value gil_set_check_fn(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (args_positional(ts, "set_check", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    int check = check_from_name(ts, argv[0]);
    if (check < 0)
        return ERR_VAL;
    gil_set_policy(ts, ts->interp->gil.policy, check);
    return NONE_VAL;
}

static Value gil_seed_fn(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "seed", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)ts->interp->gil.seed);
}

static Value gil_set_seed_fn(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    if (args_positional(ts, "set_seed", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    if (!IS_INT(argv[0]) || AS_INT(argv[0]) < 0)
        return RAISE(ts, ValueError, "seed must be a non-negative int");
    gil_set_seed(ts, (uint64_t)AS_INT(argv[0]));
    return NONE_VAL;
}

static Value gil_holder_fn(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "holder", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    /* whoever asks holds it */
    return OBJ_VAL(str_from_cstr(ts, ts->name));
}

static Value gil_set_trace_fn(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (args_positional(ts, "set_trace", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    int bits = IS_STR(argv[0]) ? events_parse_trace(AS_STR(argv[0])->data)
                               : -1;
    if (bits < 0)
        return RAISE(ts, ValueError,
                     "trace must be 'gil', 'threads', 'ops', 'tasks', 'on', "
                     "'all' or 'off'");
    gil_set_trace(ts, bits);
    return NONE_VAL;
}

static int put(ThreadState *ts, ObjDict *d, const char *key, Value v)
{
    if (IS_ERR(v))
        return -1;
    PROTECT(ts, v);
    int r = dict_set_cstr(ts, d, key, v);
    UNPROTECT(ts, 1);
    return r;
}

static int put_str(ThreadState *ts, ObjDict *d, const char *key,
                   const char *s)
{
    ObjStr *v = str_from_cstr(ts, s);
    return v ? put(ts, d, key, OBJ_VAL(v)) : -1;
}

static ObjDict *thread_entry(ThreadState *ts, const ThreadFacts *f)
{
    ObjDict *d = dict_new(ts);
    if (!d)
        return NULL;
    PROTECT_OBJ(ts, d);
    int r = put_str(ts, d, "name", f->name) |
            put(ts, d, "ident", INT_VAL((int64_t)f->ident)) |
            put_str(ts, d, "state", run_names[f->run]) |
            put(ts, d, "ticks", INT_VAL((int64_t)f->ticks)) |
            put(ts, d, "acquisitions", INT_VAL((int64_t)f->acquisitions)) |
            put(ts, d, "hold_time", FLOAT_VAL((double)f->hold_ns * 1e-9)) |
            put(ts, d, "wait_time", FLOAT_VAL((double)f->wait_ns * 1e-9));
    UNPROTECT(ts, 1);
    return r < 0 ? NULL : d;
}

static Value gil_stats_fn(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "stats", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    Gil *gil = &ts->interp->gil;
    GilStats st;
    pthread_mutex_lock(&gil->mutex);
    st = gil->stats;
    pthread_mutex_unlock(&gil->mutex);
    ObjDict *d = dict_new(ts);
    if (!d)
        return ERR_VAL;
    PROTECT_OBJ(ts, d);
    int r = put_str(ts, d, "policy", gil_policy_name(gil->policy)) |
            put_str(ts, d, "check", check_names[gil->check]) |
            put(ts, d, "check_interval", INT_VAL(gil->check_interval)) |
            put(ts, d, "switch_interval", FLOAT_VAL(gil->switch_interval)) |
            put(ts, d, "seed", INT_VAL((int64_t)gil->seed)) |
            put_str(ts, d, "holder", ts->name) |
            put(ts, d, "acquisitions", INT_VAL((int64_t)st.acquisitions)) |
            put(ts, d, "switches", INT_VAL((int64_t)st.switches)) |
            put(ts, d, "forced", INT_VAL((int64_t)st.forced)) |
            put(ts, d, "voluntary", INT_VAL((int64_t)st.voluntary)) |
            put(ts, d, "ticks_releases", INT_VAL((int64_t)st.ticks_releases)) |
            put(ts, d, "drop_requests", INT_VAL((int64_t)st.drop_requests)) |
            put(ts, d, "scheduler_picks",
                INT_VAL((int64_t)st.scheduler_picks)) |
            put(ts, d, "time", FLOAT_VAL((double)gil_now_ns(ts->interp) * 1e-9));
    ObjList *threads = r < 0 ? NULL : list_new(ts, 0);
    if (!threads) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    PROTECT_OBJ(ts, threads);
    size_t n;
    ThreadFacts *facts = gil_thread_facts(ts->interp, &n);
    if (!facts)
        r = -1;
    for (size_t i = 0; i < n && r == 0; i++) {
        ObjDict *e = thread_entry(ts, &facts[i]);
        r = e ? list_append(ts, threads, OBJ_VAL(e)) : -1;
    }
    free(facts);
    if (r == 0)
        r = put(ts, d, "threads", OBJ_VAL(threads));
    UNPROTECT(ts, 2);
    return r < 0 ? ERR_VAL : OBJ_VAL(d);
}

ObjModule *mod_gil_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "gil");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const ModuleFn fns[] = {
        {"policy", gil_policy_fn},       {"set_policy", gil_set_policy_fn},
        {"check", gil_check_fn},         {"set_check", gil_set_check_fn},
        {"seed", gil_seed_fn},           {"set_seed", gil_set_seed_fn},
        {"holder", gil_holder_fn},       {"stats", gil_stats_fn},
        {"set_trace", gil_set_trace_fn},
    };
    int r = module_add_fns(ts, mod, fns, sizeof fns / sizeof *fns);
    UNPROTECT(ts, 1);
    return r < 0 ? NULL : mod;
}

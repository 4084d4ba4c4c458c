/* repl_cmd.c - the REPL's colon commands: look at the GIL and the threads
 * while a lesson runs, and change the GIL's settings.
 *
 * A line that starts with ':' at the primary prompt is a command, never
 * code (no Python statement starts with a colon).  Each command prints a
 * small table or one line on standard output, so a transcript can pin it:
 *
 *   :gil [POLICY]       the policy, its settings, the counters, and per
 *                       thread the time it held and waited for the GIL
 *   :ticks [N]          the check interval and each thread's ticks
 *   :switch [SECONDS]   the switch interval
 *   :seed [N]           the seed of the deterministic scheduler
 *   :trace [WHAT]       which live traces are on
 *   :threads            every thread: id, name, state, ticks, times;
 *                       the child processes not yet reaped
 *   :tasks              every asyncio task not done: state, what it awaits
 *   :timeline [MS]      a chart per thread: running, waiting, blocked
 *   :dis NAME           the bytecode of a function (or code object)
 *   :load FILE          run a file in the REPL's globals
 *   :reset              forget the globals and the ended threads
 *   :help [COMMAND], :quit
 *
 * Everything shown comes from gil.c (settings, GilStats, ThreadFacts);
 * nothing here keeps state of its own.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "dis.h"
#include "exc.h"
#include "fork.h"
#include "gc.h"
#include "ops.h"
#include "repl_cmd.h"
#include "run.h"
#include "str.h"
#include "strbuf.h"
#include "timeline.h"
#include "vm.h"

typedef int (*CommandFn)(ThreadState *ts, ObjDict *globals, const char *arg);

typedef struct Command {
    const char *name;
    CommandFn fn;
    const char *usage;
    const char *help;
} Command;

static const char *const run_words[] = {
    [RUN_READY] = "waiting for the GIL", [RUN_RUNNING] = "running",
    [RUN_BLOCKED] = "blocked",          [RUN_SLEEPING] = "sleeping",
    [RUN_OUTSIDE] = "in I/O",           [RUN_DONE] = "terminated",
};

static double ms(uint64_t ns)
{
    return (double)ns / 1e6;
}

static void state_text(const ThreadFacts *f, char *buf, size_t size)
{
    if (f->run == RUN_BLOCKED && f->waiting_for[0])
        snprintf(buf, size, "blocked on %s", f->waiting_for);
    else
        snprintf(buf, size, "%s", run_words[f->run]);
}

/* ---- the GIL ------------------------------------------------------------- */

static int cmd_gil(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)globals;
    Interp *interp = ts->interp;
    Gil *gil = &interp->gil;
    if (*arg) {
        int policy = gil_policy_from_name(arg);
        if (policy < 0) {
            printf("unknown policy '%s': ticks, interval or deterministic\n",
                   arg);
            return 0;
        }
        gil_set_policy(ts, (GilPolicy)policy, -1);
    }
    pthread_mutex_lock(&gil->mutex);
    GilStats st = gil->stats;
    pthread_mutex_unlock(&gil->mutex);
    printf("policy     %s (checks %s)\n", gil_policy_name(gil->policy),
           gil->check == CHECK_EVERY ? "at every instruction"
                                     : "on back-edges and calls");
    printf("settings   check interval %d ticks, switch interval %g s, "
           "seed %llu\n",
           gil->check_interval, gil->switch_interval,
           (unsigned long long)gil->seed);
    printf("holder     %s\n", ts->name);
    printf("taken      %llu times, %llu switches\n",
           (unsigned long long)st.acquisitions,
           (unsigned long long)st.switches);
    printf("released   %llu voluntary, %llu at the tick count, %llu forced; "
           "%llu drop requests, %llu scheduler picks\n",
           (unsigned long long)st.voluntary,
           (unsigned long long)st.ticks_releases,
           (unsigned long long)st.forced,
           (unsigned long long)st.drop_requests,
           (unsigned long long)st.scheduler_picks);
    size_t n;
    ThreadFacts *facts = gil_thread_facts(interp, &n);
    if (!facts)
        return 0;
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += facts[i].hold_ns;
    printf("%-24s %-24s %10s %10s %6s\n", "thread", "state", "held ms",
           "waited ms", "share");
    for (size_t i = 0; i < n; i++) {
        char state[128];
        state_text(&facts[i], state, sizeof state);
        printf("%-24s %-24s %10.3f %10.3f %5.1f%%\n", facts[i].name, state,
               ms(facts[i].hold_ns), ms(facts[i].wait_ns),
               total ? 100.0 * (double)facts[i].hold_ns / (double)total : 0.0);
    }
    free(facts);
    return 0;
}

/* A number argument, or complaint; true when [arg] was a good number. */
static bool parse_number(const char *arg, double min, double *out)
{
    char *end;
    double d = strtod(arg, &end);
    if (end == arg || *end || !(d >= min) || d > 1e9) {
        printf("not a valid number: '%s'\n", arg);
        return false;
    }
    *out = d;
    return true;
}

static int cmd_ticks(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)globals;
    double d;
    if (*arg) {
        if (!parse_number(arg, 1, &d))
            return 0;
        gil_set_check_interval(ts, (int)d);
    }
    printf("check interval: %d ticks\n", ts->interp->gil.check_interval);
    size_t n;
    ThreadFacts *facts = gil_thread_facts(ts->interp, &n);
    for (size_t i = 0; facts && i < n; i++)
        printf("  %-24s %12llu ticks\n", facts[i].name,
               (unsigned long long)facts[i].ticks);
    free(facts);
    return 0;
}

static int cmd_switch(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)globals;
    double d;
    if (*arg) {
        if (!parse_number(arg, 1e-9, &d))
            return 0;
        gil_set_switch_interval(ts, d);
    }
    printf("switch interval: %g s\n", ts->interp->gil.switch_interval);
    return 0;
}

static int cmd_seed(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)globals;
    double d;
    if (*arg) {
        if (!parse_number(arg, 0, &d))
            return 0;
        gil_set_seed(ts, (uint64_t)d);
    }
    printf("seed: %llu\n", (unsigned long long)ts->interp->gil.seed);
    return 0;
}

static int cmd_trace(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)globals;
    if (*arg) {
        int bits = events_parse_trace(arg);
        if (bits < 0) {
            printf("trace what? on, off, gil, threads, ops, tasks or all\n");
            return 0;
        }
        gil_set_trace(ts, bits);
    }
    int bits = atomic_load(&ts->interp->events.trace);
    static const char *const names[] = {"gil", "threads", "ops", "tasks"};
    printf("trace:");
    if (!bits)
        printf(" off");
    for (int i = 0; i < 4; i++)
        if (bits & (1 << i))
            printf(" %s", names[i]);
    printf("\n");
    return 0;
}

static int cmd_threads(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)globals;
    (void)arg;
    size_t n;
    ThreadFacts *facts = gil_thread_facts(ts->interp, &n);
    if (!facts)
        return 0;
    printf("%4s  %-24s %-28s %12s %10s %10s\n", "id", "name", "state",
           "ticks", "held ms", "waited ms");
    for (size_t i = 0; i < n; i++) {
        char state[128];
        state_text(&facts[i], state, sizeof state);
        printf("%4llu  %-24s %-28s %12llu %10.3f %10.3f\n",
               (unsigned long long)facts[i].ident, facts[i].name, state,
               (unsigned long long)facts[i].ticks, ms(facts[i].hold_ns),
               ms(facts[i].wait_ns));
    }
    free(facts);
    Interp *interp = ts->interp;
    if (interp->nchildren > 0) {
        printf("\n%8s  %-24s %s\n", "pid", "child process", "running for");
        uint64_t now = gil_now_ns(interp);
        for (size_t i = 0; i < interp->nchildren; i++) {
            const ChildProc *c = &interp->children[i];
            printf("%8ld  %-24s %.3f ms\n", (long)c->pid,
                   c->name[0] ? c->name : "(fork)", ms(now - c->start_ns));
        }
    }
    return 0;
}

/* :tasks: asyncio keeps its tasks itself (lib/asyncio/tasks.mpy), so the
 * table is printed by asyncio.tasks._print_tasks, when asyncio has been
 * imported at all. */
static int cmd_tasks(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)globals;
    (void)arg;
    Value mod;
    ObjStr *key = str_intern_cstr(ts, "asyncio.tasks");
    ObjStr *fn_name = key ? str_intern_cstr(ts, "_print_tasks") : NULL;
    if (!fn_name) {
        exc_clear(ts);
        return 0;
    }
    if (!dict_get_str(ts->interp->modules, key, &mod)) {
        printf("no tasks: asyncio is not imported\n");
        return 0;
    }
    Value fn = obj_getattr(ts, mod, fn_name);
    Value r = IS_ERR(fn) ? fn : vm_call_value(ts, fn, 0, NULL, NULL);
    fflush(stdout);
    if (IS_ERR(r))
        run_report_exception(ts, exc_fetch(ts));
    return 0;
}

/* :timeline [MS]: the chart of the last run, or of the last MS ms. */
static int cmd_timeline(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)globals;
    double ms = 0;
    if (*arg && !parse_number(arg, 0.001, &ms))
        return 0;
    timeline_print(ts->interp, ms);
    return 0;
}

/* ---- code ---------------------------------------------------------------- */

/* [name], dotted, looked up in the globals then the builtins. */
static Value lookup(ThreadState *ts, ObjDict *globals, const char *name)
{
    char *copy = strdup(name);
    if (!copy)
        return exc_no_memory(ts);
    char *save = NULL;
    char *part = strtok_r(copy, ".", &save);
    Value v = UNDEF_VAL;
    ObjStr *key = part ? str_intern_cstr(ts, part) : NULL;
    if (key && !dict_get_str(globals, key, &v) &&
        !dict_get_str(ts->interp->builtins, key, &v))
        v = UNDEF_VAL;
    while (!IS_UNDEF(v) && (part = strtok_r(NULL, ".", &save))) {
        ObjStr *attr = str_intern_cstr(ts, part);
        v = attr ? obj_getattr(ts, v, attr) : ERR_VAL;
        if (IS_ERR(v))
            exc_clear(ts);
    }
    free(copy);
    return v;
}

static int cmd_dis(ThreadState *ts, ObjDict *globals, const char *arg)
{
    if (!*arg) {
        printf("usage: :dis NAME\n");
        return 0;
    }
    Value v = lookup(ts, globals, arg);
    if (IS_KIND(v, OBJ_BOUND_METHOD))
        v = AS_BOUND_METHOD(v)->func;
    ObjCode *code = NULL;
    if (IS_KIND(v, OBJ_FUNCTION))
        code = AS_FUNCTION(v)->code;
    else if (IS_KIND(v, OBJ_CODE))
        code = AS_CODE(v);
    if (!code) {
        printf(IS_UNDEF(v) ? "name '%s' is not defined\n"
                           : "%s is not a function written in mpy\n",
               arg);
        return 0;
    }
    StrBuf out;
    sb_init(&out);
    dis_code(ts, code, &out);
    if (out.data)
        fwrite(out.data, 1, out.len, stdout);
    sb_free(&out);
    return 0;
}

static int cmd_load(ThreadState *ts, ObjDict *globals, const char *arg)
{
    if (!*arg) {
        printf("usage: :load FILE\n");
        return 0;
    }
    Value r = run_file(ts, arg, globals);
    fflush(stdout);
    if (IS_ERR(r))
        run_report_exception(ts, exc_fetch(ts));
    return 0;
}

static int cmd_reset(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)arg;
    /* keep what every module namespace starts with */
    Value name = UNDEF_VAL, builtins = UNDEF_VAL;
    dict_get_str(globals, NAME(ts, name), &name);
    dict_get_str(globals, NAME(ts, builtins), &builtins);
    dict_clear(ts, globals);
    if (!IS_UNDEF(name))
        dict_set_str(ts, globals, NAME(ts, name), name);
    if (!IS_UNDEF(builtins))
        dict_set_str(ts, globals, NAME(ts, builtins), builtins);
    gil_forget_ended(ts->interp);
    printf("globals cleared\n");
    return 0;
}

static int cmd_quit(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)ts;
    (void)globals;
    (void)arg;
    return 1;
}

static int cmd_help(ThreadState *ts, ObjDict *globals, const char *arg);

static const Command commands[] = {
    {"gil", cmd_gil, ":gil [ticks|interval|deterministic]",
     "show the GIL: policy, counters, time each thread held and waited "
     "for it;\n  with a policy, switch to it (at each thread's next check)"},
    {"ticks", cmd_ticks, ":ticks [N]",
     "show or set the check interval, and each thread's ticks"},
    {"switch", cmd_switch, ":switch [SECONDS]",
     "show or set the switch interval of the interval policy"},
    {"seed", cmd_seed, ":seed [N]",
     "show or set the seed of the deterministic scheduler"},
    {"trace", cmd_trace, ":trace [on|off|gil|threads|ops|tasks|all]",
     "show or switch the live traces (printed on standard error)"},
    {"threads", cmd_threads, ":threads",
     "every thread: id, name, state, ticks, GIL held and waited"},
    {"tasks", cmd_tasks, ":tasks",
     "the asyncio tasks: state and what each awaits"},
    {"timeline", cmd_timeline, ":timeline [MS]",
     "chart when each thread ran, waited for the GIL or was blocked,\n"
     "  over the last statement (or the last MS milliseconds)"},
    {"dis", cmd_dis, ":dis NAME", "disassemble a function"},
    {"load", cmd_load, ":load FILE", "run a file here, in these globals"},
    {"reset", cmd_reset, ":reset",
     "forget every global name and the ended threads"},
    {"help", cmd_help, ":help [COMMAND]", "this list, or one command"},
    {"quit", cmd_quit, ":quit", "leave the REPL (as Ctrl-D does)"},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static int cmd_help(ThreadState *ts, ObjDict *globals, const char *arg)
{
    (void)ts;
    (void)globals;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (*arg && strcmp(arg, commands[i].name) != 0 &&
            !(arg[0] == ':' && strcmp(arg + 1, commands[i].name) == 0))
            continue;
        printf("%s\n  %s\n", commands[i].usage, commands[i].help);
    }
    return 0;
}

const char *repl_command_name(size_t i)
{
    return i < NCOMMANDS ? commands[i].name : NULL;
}

int repl_command(ThreadState *ts, ObjDict *globals, const char *line)
{
    const char *p = line + 1;
    size_t len = strcspn(p, " \t");
    const char *arg = p + len;
    while (*arg == ' ' || *arg == '\t')
        arg++;
    char *trimmed = strdup(arg);
    if (!trimmed)
        return 0;
    size_t n = strlen(trimmed);
    while (n > 0 && (trimmed[n - 1] == ' ' || trimmed[n - 1] == '\t' ||
                     trimmed[n - 1] == '\r'))
        trimmed[--n] = '\0';
    int result = 0;
    bool found = false;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strlen(commands[i].name) == len &&
            strncmp(p, commands[i].name, len) == 0) {
            result = commands[i].fn(ts, globals, trimmed);
            found = true;
            break;
        }
    }
    if (!found)
        printf("unknown command ':%.*s' (:help lists them)\n", (int)len, p);
    free(trimmed);
    fflush(stdout);
    return result;
}

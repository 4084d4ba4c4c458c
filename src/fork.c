/* fork.c - fork() in an interpreter whose threads are real threads.
 *
 * fork() copies the whole process but only the thread that calls it.
 * Every other thread simply does not exist in the child, yet its traces
 * are everywhere in the copy: a mutex it held stays locked for ever, a
 * wait queue names it, the thread list counts it.  CPython has the same
 * problem and the same cure: make the child's copy of the interpreter
 * consistent again before any mpy code runs in it.
 *
 * The algorithm.
 *   1. The caller holds the GIL, so no other thread runs mpy code or
 *      touches the heap.  Standard output and error are flushed, or the
 *      child would print the parent's buffered text a second time.
 *   2. The interpreter's own mutexes are taken, in the order the rest of
 *      the code takes them (the GIL's mutex, the events' lock, then the
 *      console's, a leaf).  Holding all three, the forking thread knows
 *      no other thread is in the middle of changing what they guard.
 *   3. fork().  The parent lets the three go and carries on.
 *   4. The child makes each mutex anew (the copies are locked "by" a
 *      thread of the parent), leaves the REPL's terminal to the parent,
 *      marks its trace lines with its pid, says every other thread is
 *      done (their handles: join returns, is_alive is False) and takes
 *      them out of the thread list and of every wait queue.  The forking
 *      thread becomes the main thread and holds the GIL.  Last, the hook
 *      main.c set starts a new signal watcher (Ctrl-C works in the
 *      child), and threading._after_fork() resets the module's own state.
 *
 * What is not repaired: a threading.Lock that another thread held at the
 * fork stays held in the child, exactly as in CPython (fork only while
 * such locks are free, or use them only in the parent).  malloc and
 * stdio make themselves safe across fork in the C library.  A sanitizer's
 * allocator does not, so no thread may be allocating outside the GIL at
 * the fork: a new thread is fully started before its creator goes on
 * (thread_start.c), since the set-up of a thread allocates.
 *
 * The parent keeps a list of its children not yet reaped (for :threads),
 * and with --trace=threads a "proc" line tells of each fork and of each
 * child's end.  The child starts with an empty list.
 *
 * Invariants.  interp_fork is called with the GIL held and returns with it
 * held, in both processes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtins.h"
#include "dict.h"
#include "events.h"
#include "exc.h"
#include "fork.h"
#include "gc.h"
#include "ops.h"
#include "str.h"
#include "vm.h"

/* threading._after_fork(), when threading has been imported. */
static void reset_threading(ThreadState *ts)
{
    ObjStr *name = str_intern_cstr(ts, "threading");
    ObjStr *fn_name = name ? str_intern_cstr(ts, "_after_fork") : NULL;
    Value mod;
    if (!fn_name || !dict_get_str(ts->interp->modules, name, &mod)) {
        if (!fn_name)
            exc_clear(ts);
        return;
    }
    Value fn = obj_getattr(ts, mod, fn_name);
    Value r = IS_ERR(fn) ? fn : vm_call_value(ts, fn, 0, NULL, NULL);
    if (IS_ERR(r))
        exc_clear(ts); /* the child goes on with what it has */
}

/* A "proc" trace line, when --trace=threads is on. */
static void trace_proc(ThreadState *ts, const char *text)
{
    Interp *interp = ts->interp;
    events_trace_text(&interp->events, TRACE_THREADS, gil_now_ns(interp),
                      ts->serial, "proc", text);
}

static void remember_child(ThreadState *ts, pid_t pid, const char *name)
{
    Interp *interp = ts->interp;
    if (interp->nchildren == interp->children_cap) {
        size_t cap = interp->children_cap ? interp->children_cap * 2 : 8;
        ChildProc *more = realloc(interp->children, cap * sizeof *more);
        if (!more)
            return; /* :threads will not show it; nothing else is lost */
        interp->children = more;
        interp->children_cap = cap;
    }
    ChildProc *c = &interp->children[interp->nchildren++];
    c->pid = pid;
    snprintf(c->name, sizeof c->name, "%s", name ? name : "");
    c->start_ns = gil_now_ns(interp);
}

void fork_child_reaped(ThreadState *ts, pid_t pid, int64_t code)
{
    Interp *interp = ts->interp;
    const char *name = "child";
    char keep[64] = "";
    for (size_t i = 0; i < interp->nchildren; i++) {
        if (interp->children[i].pid != pid)
            continue;
        snprintf(keep, sizeof keep, "%s", interp->children[i].name);
        interp->children[i] = interp->children[--interp->nchildren];
        break;
    }
    if (keep[0])
        name = keep;
    char text[128];
    snprintf(text, sizeof text, "%s (pid %ld) exited with code %lld", name,
             (long)pid, (long long)code);
    trace_proc(ts, text);
}

pid_t interp_fork(ThreadState *ts, const char *name)
{
    Interp *interp = ts->interp;
    fflush(stdout);
    fflush(stderr);
    gil_fork_prepare(ts);
    events_fork_prepare(&interp->events);
    console_fork_prepare(&interp->console);
    pid_t pid = fork();
    if (pid != 0) {
        console_fork_parent(&interp->console);
        events_fork_parent(&interp->events);
        gil_fork_parent(ts);
        if (pid > 0) {
            remember_child(ts, pid, name);
            char text[128];
            snprintf(text, sizeof text, "%s forks %s (pid %ld)", ts->name,
                     name ? name : "a child", (long)pid);
            trace_proc(ts, text);
        }
        return pid;
    }
    interp->nchildren = 0;
    console_fork_child(&interp->console);
    events_fork_child(&interp->events, (int)getpid());
    thread_fork_child(ts);
    gil_fork_child(ts);
    if (interp->fork_child_hook)
        interp->fork_child_hook(interp);
    reset_threading(ts);
    return 0;
}

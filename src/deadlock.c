/* deadlock.c - who waits for whom: the deadlock test, the report, and
 * the names of what threads wait on.
 *
 * A thread blocked in gil_wait has blocked_on pointing at a Waitable (a
 * lock, or a thread's end) whose owner is the ident of the thread that
 * holds it (or is awaited).  Those links form the wait-for graph: an edge
 * from each blocked thread to the owner of what it waits for.
 *
 * The test is simple because gil.c changes every thread's run state under
 * one mutex: the threads are deadlocked when each live one is RUN_BLOCKED
 * with no timeout.  Then nothing can wake any of them -- no thread runs,
 * none is ready, none sleeps, no timeout will fire, none is doing I/O.
 * (A thread blocked with a timeout is not counted: it will wake.)
 *
 * The report names every thread and what it waits for, in the order the
 * threads were made ("Thread-1 waits for Lock#2 held by Thread-2"), then
 * follows the edges from each thread in turn; the first walk that comes
 * back to its start prints the cycle.  A lock gets its number (Lock#N) the
 * first time a trace or a report shows it, so numbers go 1, 2, 3 in the
 * order the lesson meets them.  Waiter locks inside Condition, Event,
 * Queue... carry labels (_thread._set_label) and read "waits to be
 * notified on Condition#1".
 *
 * Everything here runs under the GIL's mutex, on the thread that found the
 * deadlock, which still holds the GIL: the thread list and the Waitables
 * cannot change meanwhile.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadlock.h"
#include "interp.h"

bool deadlock_everyone_blocked(Interp *interp)
{
    for (ThreadState *t = interp->threads; t; t = t->next)
        if (t->run != RUN_BLOCKED || t->has_deadline)
            return false;
    return interp->threads != NULL;
}

static const char *thread_name(Interp *interp, uint64_t ident)
{
    ThreadState *t = ident ? interp_find_thread(interp, ident) : NULL;
    return t ? t->name : NULL;
}

/* The thread [t] waits for, through its Waitable's owner, or NULL. */
static ThreadState *waits_for_thread(Interp *interp, ThreadState *t)
{
    Waitable *w = t->blocked_on;
    if (!w || !w->owner || w->owner == t->ident)
        return NULL;
    return interp_find_thread(interp, w->owner);
}

static int by_serial(const void *a, const void *b)
{
    const ThreadState *x = *(ThreadState *const *)a;
    const ThreadState *y = *(ThreadState *const *)b;
    return x->serial < y->serial ? -1 : x->serial > y->serial;
}

/* One line of the report: what [t] waits for, in words. */
static void describe_wait(Interp *interp, ThreadState *t, char *out,
                          size_t size)
{
    char what[96];
    Waitable *w = t->blocked_on;
    if (!w) {
        snprintf(out, size, "%s is blocked", t->name);
        return;
    }
    gil_waitable_name(interp, w, what, sizeof what);
    if (w->kind == WAITABLE_JOIN) {
        snprintf(out, size, "%s waits for %s", t->name, what);
    } else if (w->owner == t->ident) {
        if (w->label)
            snprintf(out, size, "%s waits to be notified on %s", t->name,
                     what);
        else
            snprintf(out, size, "%s waits for %s, which it holds itself",
                     t->name, what);
    } else if (w->owner) {
        const char *owner = thread_name(interp, w->owner);
        if (owner)
            snprintf(out, size, "%s waits for %s held by %s", t->name, what,
                     owner);
        else
            snprintf(out, size,
                     "%s waits for %s held by a thread that has ended",
                     t->name, what);
    } else {
        snprintf(out, size, "%s waits for %s", t->name, what);
    }
}

void deadlock_report(Interp *interp)
{
    Gil *gil = &interp->gil;
    int n = 0;
    for (ThreadState *t = interp->threads; t; t = t->next)
        n++;
    ThreadState **order = malloc(sizeof *order * (size_t)n);
    if (!order)
        return;
    int i = 0;
    for (ThreadState *t = interp->threads; t; t = t->next)
        order[i++] = t;
    qsort(order, (size_t)n, sizeof *order, by_serial);

    fflush(stdout);
    fprintf(stderr, "mpy: deadlock: every thread is blocked and none can "
                    "wake the others\n");
    char line[400];
    gil->deadlock_summary[0] = '\0';
    size_t used = 0;
    for (i = 0; i < n; i++) {
        describe_wait(interp, order[i], line, sizeof line);
        order[i]->deadlocked = true;
        fprintf(stderr, "  %s\n", line);
        /* the summary names the threads caught in a cycle, or all */
        if (used < sizeof gil->deadlock_summary - 1) {
            int k = snprintf(gil->deadlock_summary + used,
                             sizeof gil->deadlock_summary - used, "%s%s",
                             used ? "; " : "", line);
            if (k > 0)
                used += (size_t)k;
            if (used >= sizeof gil->deadlock_summary)
                used = sizeof gil->deadlock_summary - 1;
        }
    }
    /* follow the wait-for edges from each thread; the first thread met
     * twice closes a cycle */
    for (i = 0; i < n; i++) {
        ThreadState *slow = order[i], *cur = order[i];
        int steps = 0;
        while (cur && steps <= n) {
            cur = waits_for_thread(interp, cur);
            steps++;
            if (cur == slow)
                break;
        }
        if (cur != slow)
            continue;
        /* [slow] is on a cycle: print it from there */
        char cycle[600];
        size_t len = 0;
        ThreadState *t = slow;
        do {
            char what[96];
            gil_waitable_name(interp, t->blocked_on, what, sizeof what);
            int k = snprintf(cycle + len, sizeof cycle - len, "%s -> %s -> ",
                             t->name, what);
            if (k < 0 || (size_t)k >= sizeof cycle - len)
                break;
            len += (size_t)k;
            t = waits_for_thread(interp, t);
        } while (t && t != slow);
        if (len < sizeof cycle)
            snprintf(cycle + len, sizeof cycle - len, "%s", slow->name);
        fprintf(stderr, "  wait-for cycle: %s\n", cycle);
        break;
    }
    fflush(stderr);
    gil->deadlocked = true;
    free(order);
}

const char *gil_waitable_name(Interp *interp, Waitable *w, char *buf,
                              size_t size)
{
    if (!w) {
        snprintf(buf, size, "nothing");
        return buf;
    }
    if (w->label) {
        snprintf(buf, size, "%s", w->label);
        return buf;
    }
    switch (w->kind) {
    case WAITABLE_JOIN: {
        const char *name = thread_name(interp, w->owner);
        snprintf(buf, size, "%s to finish", name ? name : "a thread");
        break;
    }
    case WAITABLE_LOCK:
    case WAITABLE_RLOCK:
        if (!w->number)
            w->number = ++interp->gil.next_lock_number;
        snprintf(buf, size, "%s#%u",
                 w->kind == WAITABLE_LOCK ? "Lock" : "RLock", w->number);
        break;
    }
    return buf;
}

void gil_waitable_fini(Waitable *w)
{
    free(w->label);
    w->label = NULL;
}

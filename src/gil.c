/* gil.c - the global interpreter lock and every wait of a VM thread.
 *
 * What it does.  Every mpy Thread is a POSIX thread with its own
 * ThreadState; all of them share one heap.  Exactly one thread, the
 * holder, runs bytecode or touches the heap at a time.  This file decides
 * who that is: when a running thread lets go (its check says so, or it
 * blocks, sleeps, does I/O, ends) and who goes next.  Three policies make
 * the decision, so a class can watch the GIL of Python 2, of Python 3.2+,
 * and a reproducible one.
 *
 * The state.  One mutex (gil.mutex) guards the holder, the queue of threads
 * that want the GIL (the ready queue, FIFO), each ThreadState's `run` state,
 * and the wait queue of every Waitable (lock, thread handle).  Each thread
 * has one condition variable, `wake`, on which it waits for anything at all
 * (the GIL, a lock, a join, the end of a sleep); whoever changes what it is
 * waiting for signals it.  One variable per thread instead of one per
 * reason means a thread can never miss a wake-up because it waited on the
 * wrong condition, and the policy can change under a waiting thread.
 *
 * The check.  The eval loop counts check sites (every instruction, or
 * backward jumps and calls only, gil.check) down in ts->countdown, and looks
 * at the eval breaker there too; when either fires it calls gil_check.  One
 * decrement and one branch on the hot path.
 *
 * ticks (Python 2).  The countdown starts at the check interval (100).
 * When it runs out and some thread is waiting, the holder releases the GIL
 * (signalling the first waiter) and at once asks for it again.  Nothing
 * hands the GIL over: on a machine with several cores the holder re-takes
 * the mutex long before the waiter's core wakes up, so the holder usually
 * wins.  That is the "GIL battle" the lecture measures.
 *
 * interval (Python 3.2+, the default).  A waiter sleeps on its condition
 * for the switch interval (5 ms).  If it times out, the GIL is still held
 * and no switch has happened meanwhile (switch_number unchanged), it sets
 * the drop request and the eval breaker.  The holder sees the breaker at
 * its next check, drops the GIL and then waits until switch_number moves,
 * that is until another thread has really taken it (forced switching).  A
 * voluntary release (blocking, I/O) does not wait.
 *
 * deterministic.  The holder itself picks the next holder: at every check
 * (countdown = check interval) it draws from a seeded xorshift generator
 * among itself and the ready threads, in ready-queue order; when it blocks,
 * sleeps or ends it draws among the ready threads.  A handoff sets the
 * holder field to the chosen thread and signals it; a waiting thread runs
 * only when the holder field names it.  Time is virtual: each counted tick
 * advances the clock by GIL_NS_PER_TICK, and when no thread is ready the
 * clock jumps to the earliest sleeper or timeout, which wakes.  Every
 * decision thus happens on the holder, at a point of its instruction
 * stream, and depends on nothing but the seed: the same program and seed
 * give the same interleaving, output and trace on any machine.  Real I/O
 * happens under the GIL in this policy (releasing it would let the wall
 * clock in).
 *
 * Waits.  gil_wait blocks the holder on a Waitable: it joins the Waitable's
 * FIFO queue, becomes RUN_BLOCKED, and lets the GIL go.  gil_wake_one/all
 * (called by the holder, e.g. on release of a lock) take threads off the
 * queue and make them ready; they then compete for the GIL like anyone.
 * The lock itself (mod_thread.c) is plain data under the GIL: whoever
 * holds the GIL can look at it and take it, so a woken thread re-checks and
 * may find it taken again (barging, as in CPython).
 *
 * Deadlock.  Every change of `run` happens under the mutex, so when a
 * thread is about to block without a timeout it can see whether every live
 * thread is now blocked without a timeout: nothing running, ready,
 * sleeping, timing out or doing I/O can ever wake them.  Then it prints the
 * wait-for report (who waits for what, held by whom, the cycle: the test
 * and the report are in deadlock.c) and wakes the main thread with
 * WAIT_DEADLOCK, which raises DeadlockError.  The same test runs when a
 * thread ends.
 *
 * Invariants.
 *   - holder != NULL  =>  holder->run == RUN_RUNNING, and only the holder
 *     touches the heap, the Waitables and the thread list.
 *   - A thread in the ready queue is RUN_READY.  A RUN_READY thread
 *     outside it has just given the GIL up and has not asked again yet
 *     (forced switching waits for the switch first).
 *   - A thread is in a Waitable's queue iff it is RUN_BLOCKED on it.
 *   - deterministic: holder == NULL only when no thread is ready.
 *   - Lock order: gil.mutex, then the events lock; never the other way.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deadlock.h"
#include "exc.h"
#include "gil.h"
#include "interp.h"

/* Ticks between periodic checks in the interval policy, which needs no
 * countdown of its own: a check now and then keeps the counts fresh. */
#define INTERVAL_COUNTDOWN (1 << 24)

/* ---- clocks ------------------------------------------------------------ */

static uint64_t read_ns(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint64_t mono_ns(void)
{
    return read_ns(CLOCK_MONOTONIC);
}

/* The GIL's clock: ns since gil_init, real or virtual.  Under the mutex,
 * or on the holder. */
static uint64_t clock_now(const Gil *gil)
{
    if (gil->policy == GIL_DETERMINISTIC)
        return gil->virtual_ns;
    uint64_t m = mono_ns();
    return m > gil->start_ns ? m - gil->start_ns : 0;
}

uint64_t gil_now_ns(Interp *interp)
{
    return clock_now(&interp->gil);
}

/* ---- the generator of the deterministic policy ---------------------- */

static uint64_t rng_seed(uint64_t seed)
{
    /* splitmix64 spreads small seeds over the whole state */
    uint64_t z = seed + 0x9E3779B97F4A7C15u;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return z ? z : 1;
}

static uint64_t rng_next(Gil *gil)
{
    uint64_t x = gil->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    gil->rng = x;
    return x * 0x2545F4914F6CDD1Du;
}

/* ---- set-up -------------------------------------------------------------- */

static GilCheck default_check(GilPolicy policy)
{
    return policy == GIL_INTERVAL ? CHECK_BACKEDGE : CHECK_EVERY;
}

void gil_init(Gil *gil)
{
    memset(gil, 0, sizeof *gil);
    pthread_mutex_init(&gil->mutex, NULL);
    atomic_init(&gil->drop_request, 0);
    gil->policy = GIL_INTERVAL;
    gil->check = default_check(GIL_INTERVAL);
    gil->check_interval = 100;
    gil->switch_interval = 0.005;
    gil->seed = 0;
    gil->rng = rng_seed(0);
    gil->start_ns = mono_ns();
    gil->epoch_ns = read_ns(CLOCK_REALTIME);
}

void gil_destroy(Gil *gil)
{
    free(gil->ended);
    pthread_mutex_destroy(&gil->mutex);
}

static const char *const policy_names[] = {"ticks", "interval",
                                           "deterministic"};

const char *gil_policy_name(GilPolicy policy)
{
    return policy_names[policy];
}

int gil_policy_from_name(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, policy_names[i]) == 0)
            return i;
    return -1;
}

static void update_instr_hook(Interp *interp)
{
    interp->instr_hook = interp->gil.check == CHECK_EVERY ||
                         events_tracing(&interp->events, TRACE_OPS);
}

/* The eval breaker is the OR of the reasons to look: a drop request, a
 * pending Ctrl-C.  Clear first, then re-raise, so a reason set meanwhile
 * is never lost. */
static void update_breaker(Interp *interp)
{
    atomic_store(&interp->eval_breaker, 0);
    if (atomic_load(&interp->gil.drop_request) ||
        atomic_load(&interp->pending_sigint) ||
        atomic_load(&interp->stop_pending) > 0)
        atomic_store(&interp->eval_breaker, 1);
}

/* Has [ts] been asked to stop?  Consumes the request. */
static bool take_stop(Interp *interp, ThreadState *ts)
{
    if (!atomic_exchange(&ts->stop_requested, false))
        return false;
    atomic_fetch_sub(&interp->stop_pending, 1);
    return true;
}

/* Must a wait of [ts] end at once: Ctrl-C for the main thread, a stop
 * request for the others?  (The stop request stays for gil_raise_for.) */
static bool interrupt_pending(Interp *interp, ThreadState *ts)
{
    if (ts == interp->main_thread)
        return atomic_load(&interp->pending_sigint) != 0;
    return atomic_load(&ts->stop_requested);
}

void gil_reset_countdown(ThreadState *ts)
{
    Gil *gil = &ts->interp->gil;
    int n = gil->policy == GIL_INTERVAL ? INTERVAL_COUNTDOWN
                                        : gil->check_interval;
    ts->countdown = ts->countdown_start = n > 0 ? n : 1;
}

/* Fold the ticks counted since the last look into the thread's total (and
 * the virtual clock).  Under the mutex, on the holder. */
static void account_ticks(ThreadState *ts)
{
    int used = ts->countdown_start - ts->countdown;
    if (used > 0) {
        ts->ticks += (uint64_t)used;
        Gil *gil = &ts->interp->gil;
        if (gil->policy == GIL_DETERMINISTIC)
            gil->virtual_ns += (uint64_t)used * GIL_NS_PER_TICK;
    }
    ts->countdown_start = ts->countdown;
}

/* ---- events ---------------------------------------------------------- */

static void emit(Interp *interp, EventKind kind, ThreadState *t,
                 uint32_t other, EventReason why, uint64_t a, uint64_t b,
                 const char *what)
{
    Event e;
    memset(&e, 0, sizeof e);
    e.t_ns = clock_now(&interp->gil);
    e.thread = t ? t->serial : 0;
    e.other = other;
    e.kind = (uint16_t)kind;
    e.reason = (uint16_t)why;
    e.a = a;
    e.b = b;
    if (what)
        snprintf(e.what, sizeof e.what, "%s", what);
    events_emit(&interp->events, &e);
}

/* ---- queues ---------------------------------------------------------- */

static void ready_push(Gil *gil, ThreadState *t)
{
    if (t->in_ready)
        return;
    t->in_ready = true;
    t->ready_next = NULL;
    if (gil->ready_last)
        gil->ready_last->ready_next = t;
    else
        gil->ready_first = t;
    gil->ready_last = t;
}

static void ready_remove(Gil *gil, ThreadState *t)
{
    if (!t->in_ready)
        return;
    ThreadState *prev = NULL;
    for (ThreadState *p = gil->ready_first; p; prev = p, p = p->ready_next) {
        if (p != t)
            continue;
        if (prev)
            prev->ready_next = p->ready_next;
        else
            gil->ready_first = p->ready_next;
        if (gil->ready_last == p)
            gil->ready_last = prev;
        break;
    }
    t->in_ready = false;
    t->ready_next = NULL;
}

static int ready_count(const Gil *gil)
{
    int n = 0;
    for (ThreadState *p = gil->ready_first; p; p = p->ready_next)
        n++;
    return n;
}

static ThreadState *ready_nth(const Gil *gil, int k)
{
    ThreadState *p = gil->ready_first;
    while (p && k-- > 0)
        p = p->ready_next;
    return p;
}

static void waitq_push(Waitable *w, ThreadState *t)
{
    atomic_fetch_add(&w->waiting, 1);
    t->wait_next = NULL;
    if (w->last)
        w->last->wait_next = t;
    else
        w->first = t;
    w->last = t;
}

static void waitq_remove(Waitable *w, ThreadState *t)
{
    ThreadState *prev = NULL;
    for (ThreadState *p = w->first; p; prev = p, p = p->wait_next) {
        if (p != t)
            continue;
        if (prev)
            prev->wait_next = p->wait_next;
        else
            w->first = p->wait_next;
        if (w->last == p)
            w->last = prev;
        atomic_fetch_sub(&w->waiting, 1);
        break;
    }
    t->wait_next = NULL;
}

/* ---- taking and giving up -------------------------------------------- */

static void take_gil(Interp *interp, ThreadState *t)
{
    Gil *gil = &interp->gil;
    ready_remove(gil, t);
    uint64_t now = clock_now(gil);
    ThreadState *prev = gil->last_holder;
    uint32_t prev_serial = gil->last_serial;
    gil->holder = t;
    t->run = RUN_RUNNING;
    t->acquisitions++;
    gil->stats.acquisitions++;
    uint64_t waited = now > t->request_ns ? now - t->request_ns : 0;
    t->wait_ns += waited;
    if (prev != t) {
        gil->switch_number++;
        gil->stats.switches++;
        if (prev && prev->awaiting_switch)
            pthread_cond_signal(&prev->wake);
    }
    gil->last_holder = t;
    gil->last_serial = t->serial;
    gil->holder_since_ns = now;
    gil->holder_ticks_at = t->ticks;
    atomic_store(&gil->drop_request, 0);
    update_breaker(interp);
    emit(interp, EV_GIL_ACQUIRE, t, prev_serial, WHY_NONE, waited, 0, NULL);
}

static void schedule(Interp *interp);

/* The holder [t] lets the GIL go and becomes [run].  Who gets it next is
 * the policy's business: the first waiter is told (ticks, interval), or
 * the scheduler hands it over (deterministic). */
static void drop_gil(Interp *interp, ThreadState *t, EventReason why,
                     ThreadRun run)
{
    Gil *gil = &interp->gil;
    uint64_t now = clock_now(gil);
    uint64_t held = now > gil->holder_since_ns ? now - gil->holder_since_ns : 0;
    t->hold_ns += held;
    emit(interp, EV_GIL_RELEASE, t, 0, why, held, t->ticks - gil->holder_ticks_at,
         NULL);
    switch (why) {
    case WHY_FORCED: gil->stats.forced++; break;
    case WHY_TICKS: gil->stats.ticks_releases++; break;
    case WHY_VOLUNTARY: gil->stats.voluntary++; break;
    default: break;
    }
    gil->holder = NULL;
    t->run = run;
    if (gil->policy == GIL_DETERMINISTIC)
        schedule(interp);
    else if (gil->ready_first)
        pthread_cond_signal(&gil->ready_first->wake);
}

/* [t]'s wait is over: off its queue, ready for the GIL. */
static void wake_thread(Interp *interp, ThreadState *t, WaitResult result,
                        EventReason why)
{
    Gil *gil = &interp->gil;
    if (t->run == RUN_BLOCKED && t->blocked_on)
        waitq_remove(t->blocked_on, t);
    t->blocked_on = NULL;
    t->woken = true;
    t->wake_result = result;
    t->has_deadline = false;
    if (result != WAIT_DEADLOCK)
        t->deadlocked = false;
    t->run = RUN_READY;
    t->request_ns = clock_now(gil);
    ready_push(gil, t);
    emit(interp, EV_WAKE, t, 0, why, 0, 0, NULL);
    pthread_cond_signal(&t->wake);
}

/* Deterministic: wake every sleeper and timed waiter whose time has come,
 * in thread-list order. */
static void wake_due(Interp *interp)
{
    uint64_t now = interp->gil.virtual_ns;
    for (ThreadState *t = interp->threads; t; t = t->next)
        if ((t->run == RUN_SLEEPING || t->run == RUN_BLOCKED) &&
            t->has_deadline && t->deadline_ns <= now)
            wake_thread(interp, t, WAIT_TIMEOUT, WHY_TIMEOUT);
}

/* Deterministic, GIL free: pick the next holder among the ready threads;
 * with none, let virtual time run to the earliest deadline.  With nothing
 * at all to run the GIL stays free (everyone is blocked). */
static void schedule(Interp *interp)
{
    Gil *gil = &interp->gil;
    wake_due(interp);
    if (!gil->ready_first) {
        ThreadState *soonest = NULL;
        for (ThreadState *t = interp->threads; t; t = t->next)
            if ((t->run == RUN_SLEEPING || t->run == RUN_BLOCKED) &&
                t->has_deadline &&
                (!soonest || t->deadline_ns < soonest->deadline_ns))
                soonest = t;
        if (!soonest)
            return;
        if (soonest->deadline_ns > gil->virtual_ns)
            gil->virtual_ns = soonest->deadline_ns;
        wake_due(interp);
    }
    int n = ready_count(gil);
    ThreadState *pick = ready_nth(gil, (int)(rng_next(gil) % (uint64_t)n));
    gil->stats.scheduler_picks++;
    take_gil(interp, pick);
    pthread_cond_signal(&pick->wake);
}

/* Under the mutex: wait until [t] holds the GIL. */
static void wait_for_gil_locked(Interp *interp, ThreadState *t)
{
    Gil *gil = &interp->gil;
    if (gil->holder == t)
        return;
    if (!t->in_ready) {
        t->run = RUN_READY;
        t->request_ns = clock_now(gil);
        ready_push(gil, t);
        emit(interp, EV_GIL_REQUEST, t, 0, WHY_NONE, 0, 0, NULL);
    }
    for (;;) {
        if (gil->holder == t)
            return;
        if (!gil->holder) {
            if (gil->policy != GIL_DETERMINISTIC) {
                take_gil(interp, t);
                return;
            }
            schedule(interp);
            continue;
        }
        if (gil->policy == GIL_INTERVAL) {
            uint64_t switches = gil->switch_number;
            double wait = gil->switch_interval * 1e9;
            uint64_t ns = wait < 1000 ? 1000 : wait > 1e15 ? (uint64_t)1e15
                                                            : (uint64_t)wait;
            uint64_t end = mono_ns() + ns;
            struct timespec abs = {(time_t)(end / 1000000000u),
                                   (long)(end % 1000000000u)};
            int rc = pthread_cond_timedwait(&t->wake, &gil->mutex, &abs);
            if (rc == ETIMEDOUT && gil->holder && gil->holder != t &&
                gil->policy == GIL_INTERVAL &&
                gil->switch_number == switches &&
                !atomic_load(&gil->drop_request)) {
                atomic_store(&gil->drop_request, 1);
                atomic_store(&interp->eval_breaker, 1);
                gil->stats.drop_requests++;
                emit(interp, EV_DROP_REQUEST, t, gil->holder->serial,
                     WHY_NONE, 0, 0, NULL);
            }
        } else {
            pthread_cond_wait(&t->wake, &gil->mutex);
        }
    }
}

void gil_acquire(ThreadState *ts)
{
    Gil *gil = &ts->interp->gil;
    pthread_mutex_lock(&gil->mutex);
    wait_for_gil_locked(ts->interp, ts);
    pthread_mutex_unlock(&gil->mutex);
    gil_reset_countdown(ts);
}

/* Hand the GIL from the holder [from] straight to the ready thread [to],
 * then wait for it back (used to let the main thread see Ctrl-C). */
static void hand_to(Interp *interp, ThreadState *from, ThreadState *to,
                    EventReason why)
{
    Gil *gil = &interp->gil;
    uint64_t now = clock_now(gil);
    uint64_t held = now > gil->holder_since_ns ? now - gil->holder_since_ns : 0;
    from->hold_ns += held;
    emit(interp, EV_GIL_RELEASE, from, 0, why, held,
         from->ticks - gil->holder_ticks_at, NULL);
    gil->holder = NULL;
    from->run = RUN_READY;
    take_gil(interp, to);
    pthread_cond_signal(&to->wake);
    wait_for_gil_locked(interp, from);
}

/* ---- the check ----------------------------------------------------------- */

int gil_check(ThreadState *ts)
{
    Interp *interp = ts->interp;
    Gil *gil = &interp->gil;
    bool expired = ts->countdown <= 0;
    if (atomic_load(&interp->stop_pending) > 0 && take_stop(interp, ts)) {
        update_breaker(interp);
        gil_reset_countdown(ts);
        exc_raise_value(ts, OBJ_VAL(TYPE(ts, SystemExit)));
        return -1;
    }
    if (atomic_load(&interp->pending_sigint)) {
        if (ts == interp->main_thread) {
            atomic_store(&interp->pending_sigint, 0);
            update_breaker(interp);
            pthread_mutex_lock(&gil->mutex);
            account_ticks(ts);
            pthread_mutex_unlock(&gil->mutex);
            gil_reset_countdown(ts);
            exc_raise_value(ts, OBJ_VAL(TYPE(ts, KeyboardInterrupt)));
            return -1;
        }
        /* let the main thread in to raise it */
        pthread_mutex_lock(&gil->mutex);
        account_ticks(ts);
        ThreadState *main = interp->main_thread;
        if (gil->holder == ts && main->in_ready)
            hand_to(interp, ts, main, WHY_FORCED);
        pthread_mutex_unlock(&gil->mutex);
    }
    switch (gil->policy) {
    case GIL_TICKS:
        if (!expired)
            break;
        pthread_mutex_lock(&gil->mutex);
        account_ticks(ts);
        if (gil->ready_first) {
            drop_gil(interp, ts, WHY_TICKS, RUN_READY);
            /* let go of the mutex for a moment, as the old GIL did: the
             * waiter that was signalled may get in first, or not */
            pthread_mutex_unlock(&gil->mutex);
            pthread_mutex_lock(&gil->mutex);
            wait_for_gil_locked(interp, ts);
        }
        pthread_mutex_unlock(&gil->mutex);
        break;
    case GIL_INTERVAL:
        if (!atomic_load(&gil->drop_request))
            break;
        pthread_mutex_lock(&gil->mutex);
        account_ticks(ts);
        if (gil->holder == ts && gil->ready_first) {
            uint64_t switches = gil->switch_number;
            drop_gil(interp, ts, WHY_FORCED, RUN_READY);
            /* forced switching: do not ask again before someone else
             * has had it */
            ts->awaiting_switch = true;
            while (gil->switch_number == switches && gil->ready_first &&
                   gil->policy == GIL_INTERVAL)
                pthread_cond_wait(&ts->wake, &gil->mutex);
            ts->awaiting_switch = false;
            wait_for_gil_locked(interp, ts);
        } else {
            atomic_store(&gil->drop_request, 0);
        }
        pthread_mutex_unlock(&gil->mutex);
        break;
    case GIL_DETERMINISTIC:
        if (!expired)
            break;
        pthread_mutex_lock(&gil->mutex);
        account_ticks(ts);
        wake_due(interp);
        int n = ready_count(gil) + 1;
        int k = (int)(rng_next(gil) % (uint64_t)n);
        gil->stats.scheduler_picks++;
        if (k < n - 1) {
            ThreadState *next = ready_nth(gil, k);
            hand_to(interp, ts, next, WHY_PICKED);
        }
        pthread_mutex_unlock(&gil->mutex);
        break;
    }
    update_breaker(interp);
    gil_reset_countdown(ts);
    return 0;
}

/* ---- blocking system calls --------------------------------------------- */

/* Let the GIL go for a blocking call, when another thread could use it. */
static bool release_outside(ThreadState *ts)
{
    Interp *interp = ts->interp;
    Gil *gil = &interp->gil;
    if (interp->nthreads <= 1)
        return false;
    pthread_mutex_lock(&gil->mutex);
    account_ticks(ts);
    drop_gil(interp, ts, WHY_VOLUNTARY, RUN_OUTSIDE);
    pthread_mutex_unlock(&gil->mutex);
    return true;
}

bool gil_outside_begin(ThreadState *ts)
{
    if (ts->interp->gil.policy == GIL_DETERMINISTIC)
        return false;
    return release_outside(ts);
}

bool gil_outside_begin_any(ThreadState *ts)
{
    return release_outside(ts);
}

void gil_outside_end(ThreadState *ts, bool released)
{
    if (released)
        gil_acquire(ts);
}

/* ---- deadlock ---------------------------------------------------------- */

/* Every thread is blocked for good (deadlock.c): say so on the trace and
 * on stderr.  Under the mutex. */
static void deadlock_found(Interp *interp)
{
    emit(interp, EV_DEADLOCK, interp->main_thread, 0, WHY_NONE, 0, 0, NULL);
    deadlock_report(interp);
}

/* ---- waits ------------------------------------------------------------- */

static void set_deadline(Gil *gil, ThreadState *ts, double timeout)
{
    ts->has_deadline = timeout >= 0;
    if (ts->has_deadline) {
        double ns = timeout * 1e9;
        if (ns > 1e18)
            ns = 1e18;
        ts->deadline_ns = clock_now(gil) + (uint64_t)ns;
    }
}

/* Under the mutex, the GIL already given up: wait until [ts] is woken or
 * its deadline passes, then until it holds the GIL again. */
static void wait_until_woken(Interp *interp, ThreadState *ts)
{
    Gil *gil = &interp->gil;
    while (!ts->woken) {
        if (gil->policy != GIL_DETERMINISTIC && ts->has_deadline) {
            uint64_t now = clock_now(gil);
            if (now >= ts->deadline_ns) {
                wake_thread(interp, ts, WAIT_TIMEOUT, WHY_TIMEOUT);
                break;
            }
            uint64_t end = gil->start_ns + ts->deadline_ns;
            struct timespec abs = {(time_t)(end / 1000000000u),
                                   (long)(end % 1000000000u)};
            pthread_cond_timedwait(&ts->wake, &gil->mutex, &abs);
        } else {
            /* deterministic: the scheduler times the wait out */
            pthread_cond_wait(&ts->wake, &gil->mutex);
        }
    }
    wait_for_gil_locked(interp, ts);
}

WaitResult gil_wait(ThreadState *ts, Waitable *w, double timeout)
{
    Interp *interp = ts->interp;
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    account_ticks(ts);
    if (interrupt_pending(interp, ts)) {
        pthread_mutex_unlock(&gil->mutex);
        return WAIT_INTERRUPTED;
    }
    waitq_push(w, ts);
    ts->blocked_on = w;
    ts->woken = false;
    ts->wake_result = WAIT_WOKEN;
    ts->deadlocked = false;
    ts->run = RUN_BLOCKED;
    set_deadline(gil, ts, timeout);
    char what[96];
    gil_waitable_name(interp, w, what, sizeof what);
    uint32_t owner = 0;
    if (w->kind != WAITABLE_JOIN && w->owner && w->owner != ts->ident) {
        ThreadState *o = interp_find_thread(interp, w->owner);
        owner = o ? o->serial : 0;
    }
    emit(interp, EV_BLOCK, ts, owner, WHY_NONE, 0, 0, what);
    if (!ts->has_deadline && deadlock_everyone_blocked(interp)) {
        deadlock_found(interp);
        ThreadState *main = interp->main_thread;
        if (main == ts) {
            waitq_remove(w, ts);
            ts->blocked_on = NULL;
            ts->run = RUN_RUNNING;
            pthread_mutex_unlock(&gil->mutex);
            return WAIT_DEADLOCK;
        }
        if (main->run == RUN_BLOCKED)
            wake_thread(interp, main, WAIT_DEADLOCK, WHY_NONE);
    }
    drop_gil(interp, ts, WHY_VOLUNTARY, RUN_BLOCKED);
    wait_until_woken(interp, ts);
    WaitResult r = ts->wake_result;
    pthread_mutex_unlock(&gil->mutex);
    gil_reset_countdown(ts);
    return r;
}

void gil_wake_one(ThreadState *ts, Waitable *w)
{
    Gil *gil = &ts->interp->gil;
    if (!atomic_load(&w->waiting))
        return;
    pthread_mutex_lock(&gil->mutex);
    if (w->first)
        wake_thread(ts->interp, w->first, WAIT_WOKEN, WHY_NOTIFIED);
    pthread_mutex_unlock(&gil->mutex);
}

void gil_wake_all(ThreadState *ts, Waitable *w)
{
    Gil *gil = &ts->interp->gil;
    if (!atomic_load(&w->waiting))
        return;
    pthread_mutex_lock(&gil->mutex);
    while (w->first)
        wake_thread(ts->interp, w->first, WAIT_WOKEN, WHY_NOTIFIED);
    pthread_mutex_unlock(&gil->mutex);
}

WaitResult gil_sleep(ThreadState *ts, double seconds)
{
    Interp *interp = ts->interp;
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    account_ticks(ts);
    if (interrupt_pending(interp, ts)) {
        pthread_mutex_unlock(&gil->mutex);
        return WAIT_INTERRUPTED;
    }
    if (seconds <= 0) {
        /* sleep(0): the first waiting thread runs before this one goes on
         * (the deterministic scheduler draws among them, sleepers whose
         * time has come included) */
        if (gil->policy == GIL_DETERMINISTIC)
            wake_due(interp);
        if (gil->ready_first) {
            gil->stats.voluntary++;
            if (gil->policy == GIL_DETERMINISTIC) {
                drop_gil(interp, ts, WHY_VOLUNTARY, RUN_READY);
                wait_for_gil_locked(interp, ts);
            } else {
                hand_to(interp, ts, gil->ready_first, WHY_VOLUNTARY);
            }
        }
        pthread_mutex_unlock(&gil->mutex);
        gil_reset_countdown(ts);
        return WAIT_TIMEOUT;
    }
    ts->woken = false;
    ts->wake_result = WAIT_TIMEOUT;
    ts->run = RUN_SLEEPING;
    set_deadline(gil, ts, seconds);
    emit(interp, EV_SLEEP, ts, 0, WHY_NONE,
         seconds < 1e9 ? (uint64_t)(seconds * 1e9) : (uint64_t)1e18, 0, NULL);
    drop_gil(interp, ts, WHY_VOLUNTARY, RUN_SLEEPING);
    wait_until_woken(interp, ts);
    WaitResult r = ts->wake_result;
    pthread_mutex_unlock(&gil->mutex);
    gil_reset_countdown(ts);
    return r;
}

int gil_raise_for(ThreadState *ts, WaitResult r)
{
    Interp *interp = ts->interp;
    switch (r) {
    case WAIT_WOKEN:
    case WAIT_TIMEOUT:
        return 0;
    case WAIT_INTERRUPTED:
        if (ts != interp->main_thread) {
            take_stop(interp, ts);
            update_breaker(interp);
            exc_raise_value(ts, OBJ_VAL(TYPE(ts, SystemExit)));
            return -1;
        }
        atomic_store(&interp->pending_sigint, 0);
        update_breaker(interp);
        exc_raise_value(ts, OBJ_VAL(TYPE(ts, KeyboardInterrupt)));
        return -1;
    case WAIT_DEADLOCK:
        exc_raise(ts, TYPE(ts, DeadlockError), "%s",
                  interp->gil.deadlock_summary[0]
                      ? interp->gil.deadlock_summary
                      : "every thread is blocked");
        return -1;
    }
    return 0;
}

/* ---- what the threads did ------------------------------------------- */

static void facts_of(Interp *interp, ThreadState *t, ThreadFacts *f)
{
    Gil *gil = &interp->gil;
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", t->name);
    f->ident = t->ident;
    f->ticks = t->ticks;
    f->acquisitions = t->acquisitions;
    f->hold_ns = t->hold_ns;
    if (gil->holder == t) {
        /* the holding going on now counts too */
        uint64_t now = clock_now(gil);
        if (now > gil->holder_since_ns)
            f->hold_ns += now - gil->holder_since_ns;
    }
    f->wait_ns = t->wait_ns;
    f->run = t->run;
    if (t->run == RUN_BLOCKED && t->blocked_on)
        gil_waitable_name(interp, t->blocked_on, f->waiting_for,
                          sizeof f->waiting_for);
}

ThreadFacts *gil_thread_facts(Interp *interp, size_t *n)
{
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    if (gil->holder)
        account_ticks(gil->holder); /* the caller: its own countdown */
    size_t live = 0;
    for (ThreadState *t = interp->threads; t; t = t->next)
        live++;
    size_t count = live + gil->nended;
    ThreadFacts *facts = malloc((count ? count : 1) * sizeof *facts);
    if (facts) {
        size_t i = 0;
        for (ThreadState *t = interp->threads; t; t = t->next)
            facts_of(interp, t, &facts[i++]);
        if (gil->nended)
            memcpy(facts + live, gil->ended, gil->nended * sizeof *facts);
    }
    pthread_mutex_unlock(&gil->mutex);
    *n = facts ? count : 0;
    return facts;
}

void gil_forget_ended(Interp *interp)
{
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    gil->nended = 0;
    pthread_mutex_unlock(&gil->mutex);
}

/* Keep what an ending thread did for :threads.  Under the mutex. */
static void remember_ended(Interp *interp, ThreadState *ts)
{
    Gil *gil = &interp->gil;
    if (gil->nended == gil->ended_cap) {
        size_t cap = gil->ended_cap ? gil->ended_cap * 2 : 16;
        ThreadFacts *more = realloc(gil->ended, cap * sizeof *more);
        if (!more)
            return; /* the record is lost, nothing else */
        gil->ended = more;
        gil->ended_cap = cap;
    }
    ThreadFacts *f = &gil->ended[gil->nended++];
    facts_of(interp, ts, f);
    f->run = RUN_DONE;
}

/* ---- thread life ------------------------------------------------------- */

void gil_thread_register(ThreadState *creator, ThreadState *ts)
{
    Interp *interp = creator->interp;
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    ts->serial = ++interp->next_serial;
    ts->ident = ts->serial;
    ts->next = NULL;
    ThreadState **tail = &interp->threads;
    while (*tail)
        tail = &(*tail)->next;
    *tail = ts;
    interp->nthreads++;
    ts->run = RUN_READY;
    ts->request_ns = clock_now(gil);
    ready_push(gil, ts);
    events_name_thread(&interp->events, ts->serial, ts->name);
    emit(interp, EV_THREAD_START, ts, creator->serial, WHY_NONE, 0, 0, NULL);
    pthread_mutex_unlock(&gil->mutex);
}

void gil_thread_unregister(ThreadState *creator, ThreadState *ts)
{
    Interp *interp = creator->interp;
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    for (ThreadState **p = &interp->threads; *p; p = &(*p)->next)
        if (*p == ts) {
            *p = ts->next;
            break;
        }
    interp->nthreads--;
    ready_remove(gil, ts);
    ts->run = RUN_DONE;
    pthread_mutex_unlock(&gil->mutex);
}

void gil_thread_exit(ThreadState *ts)
{
    Interp *interp = ts->interp;
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    account_ticks(ts);
    for (ThreadState **p = &interp->threads; *p; p = &(*p)->next)
        if (*p == ts) {
            *p = ts->next;
            break;
        }
    interp->nthreads--;
    if (take_stop(interp, ts))
        update_breaker(interp);
    emit(interp, EV_THREAD_EXIT, ts, 0, WHY_NONE, 0, 0, NULL);
    remember_ended(interp, ts);
    if (gil->last_holder == ts)
        gil->last_holder = NULL;
    if (deadlock_everyone_blocked(interp)) {
        deadlock_found(interp);
        ThreadState *main = interp->main_thread;
        if (main->run == RUN_BLOCKED)
            wake_thread(interp, main, WAIT_DEADLOCK, WHY_NONE);
    }
    drop_gil(interp, ts, WHY_EXIT, RUN_DONE);
    pthread_mutex_unlock(&gil->mutex);
}

void gil_fork_prepare(ThreadState *ts)
{
    pthread_mutex_lock(&ts->interp->gil.mutex);
}

void gil_fork_parent(ThreadState *ts)
{
    pthread_mutex_unlock(&ts->interp->gil.mutex);
}

void gil_fork_child(ThreadState *ts)
{
    Interp *interp = ts->interp;
    Gil *gil = &interp->gil;
    /* The copied mutex is locked by a thread of the parent: make a new
     * one; the same for this thread's condition, which others may have
     * been signalling. */
    pthread_mutex_init(&gil->mutex, NULL);
    thread_state_init_wake(ts);
    ThreadState *t = interp->threads;
    while (t) {
        ThreadState *next = t->next;
        if (t != ts) {
            /* Gone with the fork.  Its memory is left alone (its stack
             * and its condition belong to a thread that does not exist
             * here); it is only taken out of every list. */
            if (t->blocked_on)
                waitq_remove(t->blocked_on, t);
            t->blocked_on = NULL;
            remember_ended(interp, t);
            t->run = RUN_DONE;
        }
        t = next;
    }
    ts->next = NULL;
    interp->threads = ts;
    interp->main_thread = ts;
    interp->nthreads = 1;
    gil->ready_first = gil->ready_last = NULL;
    ts->in_ready = false;
    ts->ready_next = NULL;
    gil->holder = ts;
    gil->last_holder = ts;
    gil->deadlocked = false;
    atomic_store(&gil->drop_request, 0);
    atomic_store(&interp->stop_pending, 0);
    atomic_store(&interp->pending_sigint, 0);
    atomic_store(&ts->stop_requested, false);
    update_breaker(interp);
}

void gil_interrupt_main(Interp *interp)
{
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    atomic_store(&interp->pending_sigint, 1);
    atomic_store(&interp->eval_breaker, 1);
    ThreadState *main = interp->main_thread;
    if (main->run == RUN_BLOCKED || main->run == RUN_SLEEPING) {
        wake_thread(interp, main, WAIT_INTERRUPTED, WHY_INTERRUPT);
        if (gil->policy == GIL_DETERMINISTIC && !gil->holder)
            schedule(interp);
        else if (!gil->holder)
            pthread_cond_signal(&main->wake);
    }
    pthread_mutex_unlock(&gil->mutex);
}

bool gil_take_interrupt(Interp *interp)
{
    if (!atomic_exchange(&interp->pending_sigint, 0))
        return false;
    update_breaker(interp);
    return true;
}

int gil_stop_others(Interp *interp, char *names, size_t size)
{
    Gil *gil = &interp->gil;
    int n = 0;
    size_t used = 0;
    if (size > 0)
        names[0] = '\0';
    pthread_mutex_lock(&gil->mutex);
    for (ThreadState *t = interp->threads; t; t = t->next) {
        if (t == interp->main_thread || t->run == RUN_DONE)
            continue;
        if (!atomic_exchange(&t->stop_requested, true))
            atomic_fetch_add(&interp->stop_pending, 1);
        n++;
        if (used < size) {
            int w = snprintf(names + used, size - used, "%s%s",
                             n > 1 ? ", " : "", t->name);
            used += w > 0 ? (size_t)w : 0;
        }
        if (t->run == RUN_BLOCKED || t->run == RUN_SLEEPING)
            wake_thread(interp, t, WAIT_INTERRUPTED, WHY_INTERRUPT);
    }
    atomic_store(&interp->eval_breaker, 1);
    if (!gil->holder) {
        if (gil->policy == GIL_DETERMINISTIC)
            schedule(interp);
        else if (gil->ready_first)
            pthread_cond_signal(&gil->ready_first->wake);
    }
    pthread_mutex_unlock(&gil->mutex);
    return n;
}

bool gil_thread_deadlocked(Interp *interp, uint64_t ident)
{
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    ThreadState *t = interp_find_thread(interp, ident);
    bool r = t && t->deadlocked;
    pthread_mutex_unlock(&gil->mutex);
    return r;
}

/* ---- policy ------------------------------------------------------------- */

void gil_set_policy(ThreadState *ts, GilPolicy policy, int check)
{
    Interp *interp = ts->interp;
    Gil *gil = &interp->gil;
    pthread_mutex_lock(&gil->mutex);
    account_ticks(ts);
    uint64_t now = clock_now(gil);
    if (policy == GIL_DETERMINISTIC && gil->policy != GIL_DETERMINISTIC) {
        gil->virtual_ns = now;
        gil->rng = rng_seed(gil->seed);
    } else if (policy != GIL_DETERMINISTIC &&
               gil->policy == GIL_DETERMINISTIC) {
        /* real time goes on from where virtual time stands */
        uint64_t m = mono_ns();
        gil->start_ns = m > now ? m - now : 0;
    }
    gil->policy = policy;
    gil->check = check >= 0 ? (GilCheck)check : default_check(policy);
    atomic_store(&gil->drop_request, 0);
    update_instr_hook(interp);
    /* every running frame re-reads where it checks at its next check
     * site (gil_check clears the breaker again) */
    atomic_store(&interp->eval_breaker, 1);
    /* every waiting thread re-reads the rules */
    for (ThreadState *t = interp->threads; t; t = t->next)
        if (t != ts)
            pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&gil->mutex);
    gil_reset_countdown(ts);
}

void gil_restart_clock(ThreadState *ts)
{
    Gil *gil = &ts->interp->gil;
    pthread_mutex_lock(&gil->mutex);
    gil->virtual_ns = 0;
    gil->start_ns = mono_ns();
    gil->epoch_ns = read_ns(CLOCK_REALTIME);
    gil->holder_since_ns = 0;
    /* what was measured before time 0 does not count */
    for (ThreadState *t = ts->interp->threads; t; t = t->next)
        t->hold_ns = t->wait_ns = t->request_ns = 0;
    events_restamp(&ts->interp->events, 0);
    pthread_mutex_unlock(&gil->mutex);
}

void gil_set_seed(ThreadState *ts, uint64_t seed)
{
    Gil *gil = &ts->interp->gil;
    pthread_mutex_lock(&gil->mutex);
    gil->seed = seed;
    gil->rng = rng_seed(seed);
    pthread_mutex_unlock(&gil->mutex);
}

void gil_set_check_interval(ThreadState *ts, int ticks)
{
    Gil *gil = &ts->interp->gil;
    pthread_mutex_lock(&gil->mutex);
    gil->check_interval = ticks > 0 ? ticks : 1;
    pthread_mutex_unlock(&gil->mutex);
    gil_reset_countdown(ts);
}

void gil_set_switch_interval(ThreadState *ts, double seconds)
{
    Gil *gil = &ts->interp->gil;
    pthread_mutex_lock(&gil->mutex);
    gil->switch_interval = seconds;
    pthread_mutex_unlock(&gil->mutex);
}

void gil_set_trace(ThreadState *ts, int bits)
{
    atomic_store(&ts->interp->events.trace, bits);
    update_instr_hook(ts->interp);
    atomic_store(&ts->interp->eval_breaker, 1); /* see gil_set_policy */
}

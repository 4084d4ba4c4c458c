/* test_gil.c - the three GIL policies, checked on what they record.
 *
 * Each test runs a small mpy program with two or more threads (started
 * with _thread.start_joinable_thread) under a policy chosen before the
 * program starts, then reads the event ring and the GIL's counters and
 * asserts what the algorithm of gil.c guarantees:
 *
 *   interval       a forced release hands the GIL to the other thread, and
 *                  two CPU-bound threads take turns; a waiter asks the
 *                  holder to drop only when no switch has happened for a
 *                  whole switch interval;
 *   ticks          a release at the check interval comes after a whole
 *                  number of check intervals of holding (one, when the
 *                  other thread was already waiting);
 *   deterministic  the same program and seed give the same events (times
 *                  included) and the same result; virtual time runs to
 *                  the sleepers' deadlines without waiting for them;
 *   all three      a lock-order deadlock raises DeadlockError in the
 *                  joining main thread; a program can change the policy
 *                  while other threads wait; gil.stats() has its keys.
 *
 * No assertion depends on how long anything takes on the wall clock, only
 * on the order of events and on the times the GIL itself recorded. */
#include "config.h"

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "dict.h"
#include "events.h"
#include "exc.h"
#include "gil.h"
#include "run.h"
#include "str.h"

/* ---- running a program ---------------------------------------------------- */

/* How the GIL is set before a program runs. */
typedef struct GilSetup {
    GilPolicy policy;
    int check;              /* GilCheck, or -1 for the policy's default */
    int ticks;              /* check interval, 0 to keep the default */
    double switch_interval; /* seconds, 0 to keep the default */
    uint64_t seed;
} GilSetup;

/* The events one program produced, oldest first. */
typedef struct Trace {
    Event *ev;
    size_t n;
} Trace;

static void setup(void)
{
    check_interp_setup();
}

static void teardown(void)
{
    ck_assert(!exc_pending(ts));
    ts->roots.len = base_roots;
    interp_free(interp);
}

static void apply_setup(ThreadState *t, const GilSetup *s)
{
    gil_set_seed(t, s->seed);
    if (s->ticks > 0)
        gil_set_check_interval(t, s->ticks);
    if (s->switch_interval > 0)
        gil_set_switch_interval(t, s->switch_interval);
    gil_set_policy(t, s->policy, s->check);
    gil_restart_clock(t);
}

static uint64_t events_emitted(Interp *in)
{
    pthread_mutex_lock(&in->events.lock);
    uint64_t n = in->events.count;
    pthread_mutex_unlock(&in->events.lock);
    return n;
}

/* A module dict for a program, rooted until the interpreter goes. */
static ObjDict *new_globals(ThreadState *t)
{
    ObjDict *g = dict_new(t);
    ck_assert_ptr_nonnull(g);
    PROTECT_OBJ(t, g);
    ObjStr *name = str_from_cstr(t, "__main__");
    ck_assert_ptr_nonnull(name);
    dict_set_cstr(t, g, "__name__", OBJ_VAL(name));
    return g;
}

/* Run [src] in [g]; its events go to *trace (malloc'd, all of them: the
 * ring must not have wrapped).  Returns the result of run_source, with the
 * exception still pending when it failed. */
static Value run_traced(ThreadState *t, ObjDict *g, const char *src,
                        Trace *trace)
{
    Interp *in = t->interp;
    uint64_t before = events_emitted(in);
    Value r = run_source(t, src, strlen(src), "<test>", g, PARSE_FILE);
    /* every other thread has ended: the joins returned only once each
     * had given the GIL up for good, so no event can follow */
    uint64_t after = events_emitted(in);
    uint64_t n = after - before;
    ck_assert_msg(n <= EVENTS_RING,
                  "%" PRIu64 " events: the ring lost some; shorten the "
                  "program", n);
    trace->ev = malloc(sizeof *trace->ev * (n ? n : 1));
    ck_assert_ptr_nonnull(trace->ev);
    trace->n = events_snapshot(&in->events, trace->ev, (size_t)n);
    ck_assert_uint_eq(trace->n, n);
    return r;
}

/* Run [src], which must succeed. */
static void run_ok(ThreadState *t, ObjDict *g, const char *src, Trace *trace)
{
    Value r = run_traced(t, g, src, trace);
    if (IS_ERR(r)) {
        exc_print(t, exc_fetch(t), stderr);
        ck_abort_msg("the program failed:\n%s", src);
    }
}

static Value global(ThreadState *t, ObjDict *g, const char *name)
{
    Value v;
    ck_assert_msg(dict_get_str(g, str_intern_cstr(t, name), &v),
                  "the program set no %s", name);
    return v;
}

static int64_t global_int(ThreadState *t, ObjDict *g, const char *name)
{
    Value v = global(t, g, name);
    ck_assert_msg(IS_INT(v), "%s is not a small int", name);
    return AS_INT(v);
}

static const char *global_str(ThreadState *t, ObjDict *g, const char *name)
{
    Value v = global(t, g, name);
    ck_assert_msg(IS_STR(v), "%s is not a str", name);
    return AS_STR(v)->data;
}

static GilStats stats_of(Interp *in)
{
    pthread_mutex_lock(&in->gil.mutex);
    GilStats s = in->gil.stats;
    pthread_mutex_unlock(&in->gil.mutex);
    return s;
}

static size_t count_kind(const Trace *tr, EventKind kind, int reason)
{
    size_t n = 0;
    for (size_t i = 0; i < tr->n; i++)
        if (tr->ev[i].kind == kind && (reason < 0 || tr->ev[i].reason == reason))
            n++;
    return n;
}

/* Index of the first event of [kind] by [thread] (0: anyone) at or after
 * [from], or tr->n. */
static size_t find_event(const Trace *tr, size_t from, EventKind kind,
                         uint32_t thread)
{
    for (size_t i = from; i < tr->n; i++)
        if (tr->ev[i].kind == kind && (!thread || tr->ev[i].thread == thread))
            return i;
    return tr->n;
}

static bool is_worker(uint32_t serial, uint32_t a, uint32_t b)
{
    return serial == a || serial == b;
}

/* Two CPU-bound workers; ia and ib are their serials.  With WAIT set,
 * a worker that is through its loop spins until the other is through
 * too: neither can end while the other still has work, so the GIL must
 * pass between them while both live, however the threads are scheduled
 * (they never release it of their own accord). */
static const char two_workers[] =
    "import _thread\n"
    "done = [False, False]\n"
    "def work(k, n):\n"
    "    while n > 0:\n"
    "        n -= 1\n"
    "    done[k] = True\n"
    "    while WAIT and not done[1 - k]:\n"
    "        pass\n"
    "a = _thread.start_joinable_thread(work, (0, N), name='A')\n"
    "b = _thread.start_joinable_thread(work, (1, N), name='B')\n"
    "ia = a.ident\n"
    "ib = b.ident\n"
    "a.join()\n"
    "b.join()\n"
    "finished = 2 if done[0] and done[1] else 0\n";

/* [two_workers] with N loop iterations per worker. */
static void run_two_workers(ObjDict *g, int64_t n, bool wait, Trace *tr,
                            uint32_t *ia, uint32_t *ib)
{
    dict_set_cstr(ts, g, "N", INT_VAL(n));
    dict_set_cstr(ts, g, "WAIT", BOOL_VAL(wait));
    run_ok(ts, g, two_workers, tr);
    ck_assert_int_eq(global_int(ts, g, "finished"), 2);
    *ia = (uint32_t)global_int(ts, g, "ia");
    *ib = (uint32_t)global_int(ts, g, "ib");
    ck_assert_uint_ne(*ia, *ib);
    ck_assert_uint_ne(*ia, 1);
    ck_assert_uint_ne(*ib, 1);
}

/* ---- 1. interval: forced switching ------------------------------------- */

START_TEST(interval_forced_release_hands_over)
{
    GilSetup s = {GIL_INTERVAL, -1, 0, 0.001, 0};
    apply_setup(ts, &s);
    ObjDict *g = new_globals(ts);
    Trace tr;
    uint32_t ia, ib;
    run_two_workers(g, 50000, true, &tr, &ia, &ib);

    /* Every forced release is followed by an acquisition by another
     * thread: the releaser waits for switch_number to move. */
    size_t forced = 0;
    for (size_t i = 0; i < tr.n; i++) {
        const Event *e = &tr.ev[i];
        if (e->kind != EV_GIL_RELEASE || e->reason != WHY_FORCED)
            continue;
        forced++;
        size_t j = find_event(&tr, i + 1, EV_GIL_ACQUIRE, 0);
        ck_assert_msg(j < tr.n, "no acquisition after forced release #%zu",
                      i);
        ck_assert_msg(tr.ev[j].thread != e->thread,
                      "thread %u re-took the GIL it was forced to drop "
                      "(event %zu)", e->thread, j);
        ck_assert_uint_eq(tr.ev[j].other, e->thread);
    }

    /* A worker gives the GIL up only when forced (or at its end), so two
     * acquisitions by the same worker always have another thread's in
     * between; apart from the main thread's, the other worker's: the
     * workers' turns alternate. */
    uint32_t last = 0;
    bool main_since = false;
    size_t worker_forced = 0;
    for (size_t i = 0; i < tr.n; i++) {
        const Event *e = &tr.ev[i];
        if (e->kind == EV_GIL_RELEASE && is_worker(e->thread, ia, ib))
            ck_assert_msg(e->reason == WHY_FORCED || e->reason == WHY_EXIT,
                          "worker %u released the GIL for reason %u",
                          e->thread, e->reason);
        if (e->kind == EV_GIL_RELEASE && e->reason == WHY_FORCED &&
            is_worker(e->thread, ia, ib))
            worker_forced++;
        if (e->kind != EV_GIL_ACQUIRE)
            continue;
        if (!is_worker(e->thread, ia, ib)) {
            main_since = true;
            continue;
        }
        ck_assert_msg(e->thread != last || main_since,
                      "worker %u took the GIL twice in a row (event %zu)",
                      e->thread, i);
        last = e->thread;
        main_since = false;
    }
    /* neither worker could end before the other was through its loop */
    ck_assert_uint_gt(worker_forced, 0);

    /* Once the main thread waits in join, until a worker ends, a forced
     * release goes to the other worker, and nobody else takes the GIL. */
    size_t from = find_event(&tr, 0, EV_BLOCK, 1);
    size_t to = tr.n;
    for (size_t i = from; i < tr.n; i++)
        if (tr.ev[i].kind == EV_THREAD_EXIT &&
            is_worker(tr.ev[i].thread, ia, ib)) {
            to = i;
            break;
        }
    for (size_t i = from; i < to; i++) {
        const Event *e = &tr.ev[i];
        if (e->kind == EV_GIL_RELEASE && e->reason == WHY_FORCED) {
            size_t j = find_event(&tr, i + 1, EV_GIL_ACQUIRE, 0);
            ck_assert_uint_lt(j, to);
            ck_assert_uint_eq(tr.ev[j].thread, e->thread == ia ? ib : ia);
        }
        if (e->kind == EV_GIL_ACQUIRE)
            ck_assert_msg(is_worker(e->thread, ia, ib),
                          "thread %u took the GIL while the main thread "
                          "waited", e->thread);
    }

    GilStats st = stats_of(interp);
    ck_assert_uint_gt(st.forced, 0);
    ck_assert_uint_eq(st.forced, forced);
    ck_assert_uint_eq(count_kind(&tr, EV_GIL_RELEASE, WHY_TICKS), 0);
    free(tr.ev);
}
END_TEST

/* ---- 2. interval: drop requests wait a whole interval ----------------- */

/* What gil.c guarantees about a drop request: the waiter took a snapshot
 * of switch_number, slept a whole switch interval on the monotonic clock,
 * found the same holder still there with no switch meanwhile and no
 * request pending.  So, in the event order:
 *   - it names the current holder, and comes from another thread;
 *   - at least switch_interval ns passed since the last switch (an
 *     acquisition by a thread other than the previous holder);
 *   - the holder lets the GIL go before any further request. */
static void check_drop_requests(const Trace *tr, double interval_s,
                                size_t *requests)
{
    uint64_t interval_ns = (uint64_t)(interval_s * 1e9);
    /* the main thread holds the GIL since before time 0 (the clock was
     * restarted just before the program) */
    uint32_t holder = 1;
    uint64_t last_switch_t = 0;
    bool request_open = false;
    uint32_t request_target = 0;
    *requests = 0;
    for (size_t i = 0; i < tr->n; i++) {
        const Event *e = &tr->ev[i];
        switch (e->kind) {
        case EV_GIL_ACQUIRE:
            holder = e->thread;
            if (e->other != e->thread)
                last_switch_t = e->t_ns;
            break;
        case EV_GIL_RELEASE:
            ck_assert_uint_eq(e->thread, holder);
            if (request_open && e->thread == request_target)
                request_open = false;
            holder = 0;
            break;
        case EV_DROP_REQUEST:
            ++*requests;
            ck_assert_msg(holder != 0 && e->other == holder,
                          "drop request %zu names %u, the holder is %u", i,
                          e->other, holder);
            ck_assert_uint_ne(e->thread, holder);
            ck_assert_msg(!request_open,
                          "drop request %zu while %u had not yet let go "
                          "after the previous one", i, request_target);
            ck_assert_msg(e->t_ns - last_switch_t >= interval_ns,
                          "drop request %zu came %" PRIu64 " ns after the "
                          "last switch; the switch interval is %" PRIu64
                          " ns", i, e->t_ns - last_switch_t, interval_ns);
            request_open = true;
            request_target = e->other;
            break;
        default:
            break;
        }
    }
}

START_TEST(interval_drop_request_after_a_whole_interval)
{
    double interval = 0.002;
    GilSetup s = {GIL_INTERVAL, -1, 0, interval, 0};
    apply_setup(ts, &s);
    ObjDict *g = new_globals(ts);
    Trace tr;
    uint32_t ia, ib;
    run_two_workers(g, 50000, true, &tr, &ia, &ib);
    size_t requests;
    check_drop_requests(&tr, interval, &requests);

    GilStats st = stats_of(interp);
    ck_assert_uint_eq(st.drop_requests, requests);
    ck_assert_uint_gt(st.drop_requests, 0);
    /* each request ends in a forced release, or in a release of another
     * kind (a voluntary one, a thread's exit) when the holder got there
     * first: never in nothing */
    size_t exits = count_kind(&tr, EV_GIL_RELEASE, WHY_EXIT);
    ck_assert_uint_le(st.drop_requests, st.forced + st.voluntary + exits);
    ck_assert_uint_le(st.forced, st.drop_requests);
    free(tr.ev);
}
END_TEST

/* ---- 3. ticks: a release every N ticks ---------------------------------- */

/* With check=every the countdown starts at N when a thread takes the GIL
 * and after each check; every check that runs out folds those N ticks
 * into the thread's count, and lets the GIL go if somebody is waiting.
 * So a ticks release reports a whole number of intervals held since the
 * thread took the GIL: b == k * N, k >= 1 the checks it passed, and
 * exactly N when somebody was waiting at the first one (the usual case
 * here: the other worker waits from the start). */
static const int tick_intervals[] = {10, 100, 1000};

START_TEST(ticks_release_after_exactly_n_ticks)
{
    int n = tick_intervals[_i];
    GilSetup s = {GIL_TICKS, CHECK_EVERY, n, 0, 0};
    apply_setup(ts, &s);
    ObjDict *g = new_globals(ts);
    Trace tr;
    uint32_t ia, ib;
    run_two_workers(g, 4000, false, &tr, &ia, &ib);

    size_t releases = 0, exact = 0;
    for (size_t i = 0; i < tr.n; i++) {
        const Event *e = &tr.ev[i];
        if (e->kind != EV_GIL_RELEASE || e->reason != WHY_TICKS)
            continue;
        releases++;
        ck_assert_msg(e->b >= (uint64_t)n && e->b % (uint64_t)n == 0,
                      "ticks release %zu by %u after %" PRIu64
                      " ticks, check interval %d", i, e->thread, e->b, n);
        if (e->b == (uint64_t)n)
            exact++;
    }
    ck_assert_uint_gt(exact, 0);
    GilStats st = stats_of(interp);
    ck_assert_uint_gt(releases, 0);
    ck_assert_uint_eq(st.ticks_releases, releases);
    ck_assert_uint_eq(st.forced, 0);
    ck_assert_uint_eq(st.drop_requests, 0);
    ck_assert_uint_eq(count_kind(&tr, EV_DROP_REQUEST, -1), 0);
    free(tr.ev);
}
END_TEST

/* ---- 4. deterministic: the seed decides everything ---------------------- */

/* A racy counter: `count = count + 1` reads and writes in separate
 * instructions, so a switch between them loses an update. */
static const char racy_counter[] =
    "import _thread\n"
    "count = 0\n"
    "def work():\n"
    "    global count\n"
    "    for i in range(LOOPS):\n"
    "        count = count + 1\n"
    "hs = []\n"
    "for k in range(THREADS):\n"
    "    hs.append(_thread.start_joinable_thread(work, ()))\n"
    "for h in hs:\n"
    "    h.join()\n";

typedef struct Outcome {
    Trace trace;
    int64_t count;
    GilStats stats;
    uint64_t now_ns;
} Outcome;

/* The racy counter in a fresh interpreter of its own. */
static Outcome run_fresh(const GilSetup *s, int threads, int loops)
{
    Outcome o;
    Interp *in = interp_new();
    ck_assert_ptr_nonnull(in);
    ThreadState *t = interp_main_thread(in);
    apply_setup(t, s);
    ObjDict *g = new_globals(t);
    dict_set_cstr(t, g, "THREADS", INT_VAL(threads));
    dict_set_cstr(t, g, "LOOPS", INT_VAL(loops));
    run_ok(t, g, racy_counter, &o.trace);
    o.count = global_int(t, g, "count");
    o.stats = stats_of(in);
    o.now_ns = gil_now_ns(in);
    interp_free(in);
    return o;
}

static bool same_event(const Event *x, const Event *y)
{
    return x->kind == y->kind && x->thread == y->thread &&
           x->other == y->other && x->reason == y->reason &&
           x->t_ns == y->t_ns && x->a == y->a && x->b == y->b &&
           strcmp(x->what, y->what) == 0;
}

static bool same_trace(const Trace *x, const Trace *y)
{
    if (x->n != y->n)
        return false;
    for (size_t i = 0; i < x->n; i++)
        if (!same_event(&x->ev[i], &y->ev[i]))
            return false;
    return true;
}

START_TEST(deterministic_same_seed_same_events)
{
    GilSetup s = {GIL_DETERMINISTIC, -1, 7, 0, 42};
    Outcome x = run_fresh(&s, 3, 300);
    Outcome y = run_fresh(&s, 3, 300);
    ck_assert_uint_gt(x.trace.n, 0);
    ck_assert_uint_eq(x.trace.n, y.trace.n);
    for (size_t i = 0; i < x.trace.n; i++) {
        const Event *e = &x.trace.ev[i], *f = &y.trace.ev[i];
        ck_assert_msg(same_event(e, f),
                      "event %zu differs: kind %u/%u thread %u/%u other "
                      "%u/%u reason %u/%u t %" PRIu64 "/%" PRIu64, i,
                      e->kind, f->kind, e->thread, f->thread, e->other,
                      f->other, e->reason, f->reason, e->t_ns, f->t_ns);
    }
    ck_assert_int_eq(x.count, y.count);
    ck_assert_uint_eq(x.stats.scheduler_picks, y.stats.scheduler_picks);
    ck_assert_uint_eq(x.stats.switches, y.stats.switches);
    ck_assert_uint_eq(x.now_ns, y.now_ns);
    /* the scheduler really switched, at its picks only */
    ck_assert_uint_gt(x.stats.scheduler_picks, 0);
    ck_assert_uint_gt(count_kind(&x.trace, EV_GIL_RELEASE, WHY_PICKED), 0);
    ck_assert_uint_eq(count_kind(&x.trace, EV_GIL_RELEASE, WHY_TICKS), 0);
    ck_assert_uint_eq(count_kind(&x.trace, EV_GIL_RELEASE, WHY_FORCED), 0);
    ck_assert_uint_eq(x.stats.drop_requests, 0);

    GilSetup other = s;
    other.seed = 43;
    Outcome z = run_fresh(&other, 3, 300);
    ck_assert_msg(!same_trace(&x.trace, &z.trace),
                  "seeds 42 and 43 gave the same events");
    free(x.trace.ev);
    free(y.trace.ev);
    free(z.trace.ev);
}
END_TEST

START_TEST(deterministic_race_loses_updates_reproducibly)
{
    bool lost = false;
    for (uint64_t seed = 0; seed < 10; seed++) {
        GilSetup s = {GIL_DETERMINISTIC, CHECK_EVERY, 3, 0, seed};
        Outcome x = run_fresh(&s, 4, 200);
        Outcome y = run_fresh(&s, 4, 200);
        ck_assert_msg(x.count == y.count,
                      "seed %" PRIu64 ": counts %" PRId64 " and %" PRId64,
                      seed, x.count, y.count);
        ck_assert_msg(same_trace(&x.trace, &y.trace),
                      "seed %" PRIu64 ": two runs differ", seed);
        ck_assert_int_le(x.count, 800);
        ck_assert_int_gt(x.count, 0);
        if (x.count < 800)
            lost = true;
        free(x.trace.ev);
        free(y.trace.ev);
    }
    ck_assert_msg(lost, "no seed in 0..9 lost an update");
}
END_TEST

/* ---- 5. deterministic: virtual time ------------------------------------- */

START_TEST(deterministic_sleep_is_virtual)
{
    GilSetup s = {GIL_DETERMINISTIC, -1, 0, 0, 1};
    apply_setup(ts, &s);
    ObjDict *g = new_globals(ts);
    Trace tr;
    run_ok(ts, g,
           "import _thread, time\n"
           "woke = []\n"
           "def nap(k):\n"
           "    time.sleep(5)\n"
           "    woke.append(k)\n"
           "hs = [_thread.start_joinable_thread(nap, (k,)) for k in range(3)]\n"
           "for h in hs:\n"
           "    h.join()\n"
           "n = len(woke)\n",
           &tr);
    ck_assert_int_eq(global_int(ts, g, "n"), 3);
    uint64_t now = gil_now_ns(interp);
    ck_assert_uint_ge(now, 5000000000u);
    /* the three slept at once, not one after the other */
    ck_assert_uint_lt(now, 10000000000u);

    /* each sleep asked for 5 s and woke, on its timeout, no earlier */
    size_t sleeps = 0;
    for (size_t i = 0; i < tr.n; i++) {
        const Event *e = &tr.ev[i];
        if (e->kind != EV_SLEEP)
            continue;
        sleeps++;
        ck_assert_uint_eq(e->a, 5000000000u);
        size_t j = find_event(&tr, i + 1, EV_WAKE, e->thread);
        ck_assert_uint_lt(j, tr.n);
        ck_assert_uint_eq(tr.ev[j].reason, WHY_TIMEOUT);
        ck_assert_uint_ge(tr.ev[j].t_ns, e->t_ns + 5000000000u);
    }
    ck_assert_uint_eq(sleeps, 3);
    free(tr.ev);
}
END_TEST

/* ---- 6. deadlock, in every policy -------------------------------------- */

/* Each worker takes its first lock, sleeps until the other has taken
 * its own (so the deadlock forms however the threads are scheduled), then
 * asks for the other's.  They never release them, so the main thread,
 * after the DeadlockError, can break the cycle by releasing the plain
 * locks itself and then join both. */
static const char lock_order_deadlock[] =
    "import _thread, time\n"
    "a = _thread.allocate_lock()\n"
    "b = _thread.allocate_lock()\n"
    "def one():\n"
    "    a.acquire()\n"
    "    while not b.locked():\n"
    "        time.sleep(0.002)\n"
    "    b.acquire()\n"
    "def two():\n"
    "    b.acquire()\n"
    "    while not a.locked():\n"
    "        time.sleep(0.002)\n"
    "    a.acquire()\n"
    "h1 = _thread.start_joinable_thread(one, ())\n"
    "h2 = _thread.start_joinable_thread(two, ())\n"
    "outcome = 'joined'\n"
    "try:\n"
    "    h1.join()\n"
    "except DeadlockError as e:\n"
    "    outcome = 'deadlock'\n"
    "    a.release()\n"
    "    b.release()\n"
    "    h1.join()\n"
    "    h2.join()\n";

START_TEST(deadlock_raises_in_main)
{
    GilSetup s = {(GilPolicy)_i, -1, 0, 0.001, 3};
    apply_setup(ts, &s);
    ObjDict *g = new_globals(ts);
    Trace tr;
    run_ok(ts, g, lock_order_deadlock, &tr);
    ck_assert_str_eq(global_str(ts, g, "outcome"), "deadlock");
    ck_assert(interp->gil.deadlocked);
    ck_assert_uint_eq(count_kind(&tr, EV_DEADLOCK, -1), 1);
    /* at the report, both workers were blocked on the locks */
    size_t d = find_event(&tr, 0, EV_DEADLOCK, 0);
    size_t blocked = 0;
    for (size_t i = 0; i < d; i++)
        if (tr.ev[i].kind == EV_BLOCK && tr.ev[i].thread != 1 &&
            strncmp(tr.ev[i].what, "Lock#", 5) == 0)
            blocked++;
    ck_assert_uint_eq(blocked, 2);
    ck_assert_int_eq(interp->nthreads, 1);
    free(tr.ev);
}
END_TEST

/* ---- 7. the policy changed by the program ------------------------------- */

/* Worker A waits until B has started, and changes the policy half-way
 * through its loop while B (spinning until then) waits for the GIL.  A
 * then spins until the GIL has passed by the new policy's rule: until B
 * has run, or, under ticks (where the holder usually wins the GIL back),
 * until A has made a ticks release.  Both then finish their loops. */
static const char switch_policy[] =
    "import _thread, gil\n"
    "b_started = False\n"
    "switched = False\n"
    "b_ran = False\n"
    "def handed_over():\n"
    "    if b_ran:\n"
    "        return True\n"
    "    return TARGET == 'ticks' and gil.stats()['ticks_releases'] > 0\n"
    "def one(n):\n"
    "    global switched\n"
    "    while not b_started:\n"
    "        pass\n"
    "    while n > 0:\n"
    "        n -= 1\n"
    "        if n == HALF:\n"
    "            states = {}\n"
    "            for t in gil.stats()['threads']:\n"
    "                states[t['name']] = t['state']\n"
    "            seen.append(states['B'])\n"
    "            gil.set_policy(TARGET)\n"
    "            switched = True\n"
    "            while not handed_over():\n"
    "                pass\n"
    "    done.append(n)\n"
    "def two(n):\n"
    "    global b_started, b_ran\n"
    "    b_started = True\n"
    "    while not switched:\n"
    "        pass\n"
    "    b_ran = True\n"
    "    while n > 0:\n"
    "        n -= 1\n"
    "    done.append(n)\n"
    "seen = []\n"
    "done = []\n"
    "a = _thread.start_joinable_thread(one, (2 * HALF,), name='A')\n"
    "b = _thread.start_joinable_thread(two, (2 * HALF,), name='B')\n"
    "ia = a.ident\n"
    "a.join()\n"
    "b.join()\n"
    "policy = gil.policy()\n"
    "st = gil.stats()\n"
    "keys = ','.join(sorted(st))\n"
    "thread_keys = ','.join(sorted(st['threads'][0]))\n"
    "stats_policy = st['policy']\n"
    "stats_check = st['check']\n"
    "stats_holder = st['holder']\n"
    "finished = len(done)\n"
    "b_state = seen[0]\n";

static const char *const targets[] = {"ticks", "deterministic", "interval"};
static const GilPolicy target_from[] = {GIL_INTERVAL, GIL_INTERVAL,
                                        GIL_DETERMINISTIC};

START_TEST(set_policy_from_the_program)
{
    GilSetup s = {target_from[_i], -1, 1000, 0.001, 5};
    apply_setup(ts, &s);
    ObjDict *g = new_globals(ts);
    dict_set_cstr(ts, g, "HALF", INT_VAL(20000));
    dict_set_cstr(ts, g, "TARGET", OBJ_VAL(str_from_cstr(ts, targets[_i])));
    Trace tr;
    run_ok(ts, g, switch_policy, &tr);
    ck_assert_int_eq(global_int(ts, g, "finished"), 2);
    /* the other worker was waiting for the GIL when the policy changed */
    ck_assert_str_eq(global_str(ts, g, "b_state"), "waiting for the GIL");
    ck_assert_str_eq(global_str(ts, g, "policy"), targets[_i]);
    ck_assert_str_eq(global_str(ts, g, "stats_policy"), targets[_i]);
    ck_assert_str_eq(global_str(ts, g, "stats_check"),
                     _i == 2 ? "backedge" : "every");
    ck_assert_str_eq(global_str(ts, g, "stats_holder"), "MainThread");
    ck_assert_int_eq((int)interp->gil.policy,
                     gil_policy_from_name(targets[_i]));
    ck_assert_str_eq(global_str(ts, g, "keys"),
                     "acquisitions,check,check_interval,drop_requests,"
                     "forced,holder,policy,scheduler_picks,seed,"
                     "switch_interval,switches,threads,ticks_releases,time,"
                     "voluntary");
    ck_assert_str_eq(global_str(ts, g, "thread_keys"),
                     "acquisitions,hold_time,ident,name,state,ticks,"
                     "wait_time");

    /* after the first release of the new policy's kind, none of the old
     * one's: interval's requests and forced drops stop, or the
     * scheduler's picks do */
    int new_why = _i == 0 ? WHY_TICKS : _i == 1 ? WHY_PICKED : WHY_FORCED;
    uint32_t ia = (uint32_t)global_int(ts, g, "ia");
    size_t first = tr.n;
    for (size_t i = 0; i < tr.n && first == tr.n; i++)
        if (tr.ev[i].kind == EV_GIL_RELEASE && tr.ev[i].reason == new_why &&
            tr.ev[i].thread == ia)
            first = i;
    /* A let the GIL go by the new rule (a worker has no other reason to
     * before its end), and the old rule never acted again */
    ck_assert_msg(first < tr.n, "A never released the GIL by the new rule");
    for (size_t i = first; i < tr.n; i++) {
        const Event *e = &tr.ev[i];
        if (_i != 2)
            ck_assert_msg(e->kind != EV_DROP_REQUEST &&
                              !(e->kind == EV_GIL_RELEASE &&
                                e->reason == WHY_FORCED),
                          "interval event %zu after the change", i);
        else
            ck_assert_msg(!(e->kind == EV_GIL_RELEASE &&
                            e->reason == WHY_PICKED),
                          "scheduler's release %zu after the change", i);
    }
    free(tr.ev);
}
END_TEST

/* ---- the suite ----------------------------------------------------------- */

static Suite *gil_suite(void)
{
    Suite *su = suite_create("gil");
    TCase *tc = tcase_create("policies");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, interval_forced_release_hands_over);
    tcase_add_test(tc, interval_drop_request_after_a_whole_interval);
    tcase_add_loop_test(tc, ticks_release_after_exactly_n_ticks, 0,
                        (int)(sizeof tick_intervals / sizeof *tick_intervals));
    tcase_add_test(tc, deterministic_same_seed_same_events);
    tcase_add_test(tc, deterministic_race_loses_updates_reproducibly);
    tcase_add_test(tc, deterministic_sleep_is_virtual);
    tcase_add_loop_test(tc, deadlock_raises_in_main, GIL_TICKS,
                        GIL_DETERMINISTIC + 1);
    tcase_add_loop_test(tc, set_policy_from_the_program, 0,
                        (int)(sizeof targets / sizeof *targets));
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    return check_main_run(gil_suite());
}

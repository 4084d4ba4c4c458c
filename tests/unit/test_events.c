/* test_events.c - the event ring and the live trace: the ring wraps and
 * snapshots come out oldest first, --trace arguments parse, every trace
 * line has its exact documented form, trace lines wait while the program
 * is mid-line, the names table grows, and four threads emitting at once
 * lose nothing. */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "events.h"

/* Each test gets fresh events whose trace goes to a memory stream. */
static Events ev;
static FILE *mem;
static char *mem_buf;
static size_t mem_len;
static size_t mem_seen; /* what take() already returned */

static void setup(void)
{
    events_init(&ev);
    mem = open_memstream(&mem_buf, &mem_len);
    ck_assert_ptr_nonnull(mem);
    ev.out = mem;
    mem_seen = 0;
}

static void teardown(void)
{
    events_fini(&ev);
    fclose(mem);
    free(mem_buf);
    mem_buf = NULL;
}

/* What was written to the memory stream since the last call. */
static const char *take(void)
{
    static char text[8192];
    fflush(mem);
    size_t n = mem_len - mem_seen;
    ck_assert_uint_lt(n, sizeof text);
    memcpy(text, mem_buf + mem_seen, n);
    text[n] = '\0';
    mem_seen = mem_len;
    return text;
}

static void emit(uint64_t t_ns, EventKind kind, uint32_t thread, uint32_t other,
                 EventReason reason, uint64_t a, uint64_t b, const char *what)
{
    Event e = {.t_ns = t_ns,
               .thread = thread,
               .other = other,
               .kind = kind,
               .reason = reason,
               .a = a,
               .b = b};
    if (what != NULL)
        snprintf(e.what, sizeof e.what, "%s", what);
    events_emit(&ev, &e);
}

static void name_threads(void)
{
    events_name_thread(&ev, 2, "Thread-1");
    events_name_thread(&ev, 3, "Thread-2");
}

START_TEST(ring_wraps_and_snapshot_is_oldest_first)
{
    static Event out[EVENTS_RING];
    for (uint64_t i = 0; i < 3; i++)
        emit(i, EV_GIL_REQUEST, 1, 0, WHY_NONE, i, 0, NULL);
    ck_assert_uint_eq(events_snapshot(&ev, out, 10), 3);
    ck_assert_uint_eq(out[0].a, 0);
    ck_assert_uint_eq(out[2].a, 2);
    ck_assert_uint_eq(events_snapshot(&ev, out, 0), 0);

    uint64_t total = 2 * (uint64_t)EVENTS_RING + 3;
    for (uint64_t i = 3; i < total; i++)
        emit(i, EV_GIL_REQUEST, 1, 0, WHY_NONE, i, 0, NULL);
    ck_assert_uint_eq(ev.count, total);
    /* Only the last EVENTS_RING are kept, oldest first. */
    ck_assert_uint_eq(events_snapshot(&ev, out, EVENTS_RING), EVENTS_RING);
    for (size_t i = 0; i < EVENTS_RING; i++)
        ck_assert_uint_eq(out[i].a, total - EVENTS_RING + i);
    /* A few: the newest ones, across the wrap point of the slots. */
    ck_assert_uint_eq(events_snapshot(&ev, out, 5), 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_uint_eq(out[i].a, total - 5 + i);
    ck_assert_uint_eq(out[4].t_ns, total - 1);
    ck_assert_uint_eq(out[4].kind, EV_GIL_REQUEST);
}
END_TEST

START_TEST(parse_trace_words_and_lists)
{
    ck_assert_int_eq(events_parse_trace("gil"), TRACE_GIL);
    ck_assert_int_eq(events_parse_trace("threads"), TRACE_THREADS);
    ck_assert_int_eq(events_parse_trace("ops"), TRACE_OPS);
    ck_assert_int_eq(events_parse_trace("tasks"), TRACE_TASKS);
    ck_assert_int_eq(events_parse_trace("on"), TRACE_GIL | TRACE_THREADS);
    ck_assert_int_eq(events_parse_trace("all"),
                     TRACE_GIL | TRACE_THREADS | TRACE_OPS | TRACE_TASKS);
    ck_assert_int_eq(events_parse_trace("off"), 0);
    ck_assert_int_eq(events_parse_trace("gil,ops"), TRACE_GIL | TRACE_OPS);
    ck_assert_int_eq(events_parse_trace("threads, tasks"),
                     TRACE_THREADS | TRACE_TASKS);
    ck_assert_int_eq(events_parse_trace("gil,gil"), TRACE_GIL);
    ck_assert_int_eq(events_parse_trace("on,ops"),
                     TRACE_GIL | TRACE_THREADS | TRACE_OPS);
    ck_assert_int_eq(events_parse_trace(""), -1);
    ck_assert_int_eq(events_parse_trace("gil,"), -1);
    ck_assert_int_eq(events_parse_trace(",gil"), -1);
    ck_assert_int_eq(events_parse_trace("gil,,ops"), -1);
    ck_assert_int_eq(events_parse_trace("gil threads"), -1);
    ck_assert_int_eq(events_parse_trace("GIL"), -1);
    ck_assert_int_eq(events_parse_trace("gils"), -1);
    ck_assert_int_eq(events_parse_trace("bogus"), -1);
    ck_assert_int_eq(events_parse_trace(NULL), -1);
}
END_TEST

START_TEST(gil_lines_show_handoffs)
{
    name_threads();
    atomic_store(&ev.trace, TRACE_GIL);
    emit(0, EV_GIL_ACQUIRE, 1, 0, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[   0.000 ms] gil  -> MainThread\n");

    /* A release prints nothing; the next holder's line tells why. */
    emit(12300000, EV_GIL_RELEASE, 2, 0, WHY_FORCED, 5020000, 48213, NULL);
    ck_assert_str_eq(take(), "");
    emit(12345000, EV_GIL_ACQUIRE, 3, 2, WHY_NONE, 40000, 0, NULL);
    ck_assert_str_eq(take(), "[  12.345 ms] gil  Thread-1 -> Thread-2  "
                             "forced after 5.02 ms (48213 ticks)\n");

    /* Taking it back after a voluntary release is no handoff... */
    emit(13000000, EV_GIL_RELEASE, 3, 0, WHY_VOLUNTARY, 655000, 12, NULL);
    emit(14000000, EV_GIL_ACQUIRE, 3, 3, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "");
    /* ...but after a ticks release it is the GIL battle. */
    emit(15000000, EV_GIL_RELEASE, 3, 0, WHY_TICKS, 1004999, 100, NULL);
    emit(15000400, EV_GIL_ACQUIRE, 3, 3, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[  15.000 ms] gil  Thread-2 -> Thread-2  "
                             "ticks after 1.00 ms (100 ticks)\n");

    emit(15500000, EV_GIL_RELEASE, 3, 0, WHY_PICKED, 2000, 100, NULL);
    emit(15500500, EV_GIL_ACQUIRE, 1, 3, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[  15.501 ms] gil  Thread-2 -> MainThread  "
                             "picked after 2.00 us (100 ticks)\n");
    emit(16000000, EV_GIL_RELEASE, 1, 0, WHY_EXIT, 123456789, 7, NULL);
    emit(16000000, EV_GIL_ACQUIRE, 2, 1, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[  16.000 ms] gil  MainThread -> Thread-1  "
                             "exit after 123.46 ms (7 ticks)\n");

    emit(17000000, EV_DROP_REQUEST, 3, 2, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[  17.000 ms] gil  Thread-2 asks Thread-1 "
                             "to drop the GIL\n");
    /* Requests print no gil line; times past 99999 ms widen the field. */
    emit(17000000, EV_GIL_REQUEST, 3, 0, WHY_NONE, 0, 0, NULL);
    emit(123456789012, EV_DROP_REQUEST, 2, 3, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[123456.789 ms] gil  Thread-1 asks Thread-2 "
                             "to drop the GIL\n");
}
END_TEST

START_TEST(handoff_without_a_known_release)
{
    name_threads();
    atomic_store(&ev.trace, TRACE_GIL);
    /* The last release was by someone else: no reason to give. */
    emit(1000, EV_GIL_RELEASE, 1, 0, WHY_VOLUNTARY, 10, 1, NULL);
    emit(2000, EV_GIL_ACQUIRE, 3, 2, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[   0.002 ms] gil  Thread-1 -> Thread-2\n");
}
END_TEST

START_TEST(thread_lines_show_state_changes)
{
    name_threads();
    atomic_store(&ev.trace, TRACE_THREADS);
    emit(120000, EV_THREAD_START, 2, 1, WHY_NONE, 0, 0, NULL);
    emit(130000, EV_GIL_REQUEST, 2, 0, WHY_NONE, 0, 0, NULL);
    emit(140000, EV_GIL_RELEASE, 1, 0, WHY_VOLUNTARY, 0, 0, NULL);
    emit(140000, EV_GIL_ACQUIRE, 2, 1, WHY_NONE, 0, 0, NULL);
    emit(150000, EV_BLOCK, 2, 3, WHY_NONE, 0, 0, "Lock#2");
    emit(151000, EV_BLOCK, 1, 0, WHY_NONE, 0, 0, "Thread-1 to finish");
    emit(160000, EV_SLEEP, 3, 0, WHY_NONE, 500000000, 0, NULL);
    emit(161000, EV_SLEEP, 3, 0, WHY_NONE, 1234567890, 0, NULL);
    emit(170000, EV_WAKE, 2, 0, WHY_NOTIFIED, 0, 0, NULL);
    emit(171000, EV_WAKE, 3, 0, WHY_TIMEOUT, 0, 0, NULL);
    emit(172000, EV_WAKE, 1, 0, WHY_INTERRUPT, 0, 0, NULL);
    emit(180000, EV_THREAD_EXIT, 2, 0, WHY_NONE, 0, 0, NULL);
    emit(190000, EV_DEADLOCK, 1, 0, WHY_NONE, 0, 0, NULL);
    emit(200000, EV_DROP_REQUEST, 3, 2, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(),
                     "[   0.120 ms] thread Thread-1  ready\n"
                     "[   0.130 ms] thread Thread-1  waiting for the GIL\n"
                     "[   0.140 ms] thread Thread-1  running\n"
                     "[   0.150 ms] thread Thread-1  blocked on Lock#2 held "
                     "by Thread-2\n"
                     "[   0.151 ms] thread MainThread  blocked on Thread-1 "
                     "to finish\n"
                     "[   0.160 ms] thread Thread-2  sleeping 0.500 s\n"
                     "[   0.161 ms] thread Thread-2  sleeping 1.235 s\n"
                     "[   0.170 ms] thread Thread-1  woken notified\n"
                     "[   0.171 ms] thread Thread-2  woken timeout\n"
                     "[   0.172 ms] thread MainThread  woken interrupt\n"
                     "[   0.180 ms] thread Thread-1  terminated\n"
                     "[   0.190 ms] thread MainThread  deadlock\n");
}
END_TEST

START_TEST(block_target_may_fill_its_field)
{
    Event e = {.t_ns = 0, .thread = 1, .kind = EV_BLOCK};
    memset(e.what, 'x', sizeof e.what); /* no terminating NUL */
    atomic_store(&ev.trace, TRACE_THREADS);
    events_emit(&ev, &e);
    char want[128];
    snprintf(want, sizeof want,
             "[   0.000 ms] thread MainThread  blocked on %.*s\n",
             (int)sizeof e.what, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    ck_assert_str_eq(take(), want);
}
END_TEST

START_TEST(held_lines_are_capped)
{
    /* A program that never ends its line: past a megabyte the trace goes
     * out anyway, every line of it, in order. */
    atomic_store(&ev.trace, TRACE_THREADS);
    events_program_output(&ev, mem, "...", 3);
    enum { N = 40000 };
    for (uint64_t i = 0; i < N; i++)
        emit(i * 1000, EV_GIL_REQUEST, 1, 0, WHY_NONE, 0, 0, NULL);
    ck_assert_uint_le(ev.pending_len, 1u << 20);
    events_program_output(&ev, mem, "\n", 1);
    ck_assert_uint_eq(ev.pending_len, 0);
    fflush(mem);
    ck_assert(strncmp(mem_buf, "...", 3) == 0);
    const char *p = mem_buf + 3;
    char want[64];
    bool newline_seen = false;
    for (uint64_t i = 0; i < N; i++) {
        if (*p == '\n' && !newline_seen) {
            /* The program's newline, where the cap let the lines out. */
            p++;
            newline_seen = true;
        }
        int n = snprintf(want, sizeof want,
                         "[%8.3f ms] thread MainThread  waiting for the GIL\n",
                         (double)i / 1000);
        ck_assert_int_eq(strncmp(p, want, (size_t)n), 0);
        p += n;
    }
    ck_assert_str_eq(p, newline_seen ? "" : "\n");
}
END_TEST

START_TEST(both_traces_and_none)
{
    name_threads();
    atomic_store(&ev.trace, TRACE_GIL | TRACE_THREADS);
    emit(1000, EV_GIL_RELEASE, 1, 0, WHY_VOLUNTARY, 3000000, 9, NULL);
    emit(2000, EV_GIL_ACQUIRE, 2, 1, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[   0.002 ms] gil  MainThread -> Thread-1  "
                             "voluntary after 3.00 ms (9 ticks)\n"
                             "[   0.002 ms] thread Thread-1  running\n");
    /* Off: nothing printed, but the ring still records. */
    atomic_store(&ev.trace, 0);
    emit(3000, EV_THREAD_EXIT, 2, 0, WHY_NONE, 0, 0, NULL);
    emit(4000, EV_DROP_REQUEST, 1, 2, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "");
    ck_assert_uint_eq(ev.count, 4);
    Event last;
    ck_assert_uint_eq(events_snapshot(&ev, &last, 1), 1);
    ck_assert_uint_eq(last.kind, EV_DROP_REQUEST);
    ck_assert_uint_eq(last.t_ns, 4000);
}
END_TEST

START_TEST(op_lines)
{
    name_threads();
    events_trace_op(&ev, 4000, 2, 5, "LOAD_GLOBAL", "count");
    ck_assert_str_eq(take(), ""); /* ops are not traced */
    atomic_store(&ev.trace, TRACE_OPS);
    events_trace_op(&ev, 4000, 2, 5, "LOAD_GLOBAL", "count");
    events_trace_op(&ev, 4499, 1, 12, "BINARY_ADD", NULL);
    events_trace_op(&ev, 4500, 1, 12, "RETURN_VALUE", "");
    ck_assert_str_eq(take(),
                     "[   0.004 ms] op   Thread-1  line 5  LOAD_GLOBAL count\n"
                     "[   0.004 ms] op   MainThread  line 12  BINARY_ADD\n"
                     "[   0.005 ms] op   MainThread  line 12  RETURN_VALUE\n");
}
END_TEST

START_TEST(long_names_and_arguments_are_not_cut)
{
    char name[600], arg[700], want[1600];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    memset(arg, 'a', sizeof arg - 1);
    arg[sizeof arg - 1] = '\0';
    events_name_thread(&ev, 2, name);
    atomic_store(&ev.trace, TRACE_OPS);
    events_trace_op(&ev, 0, 2, 1, "LOAD_CONST", arg);
    snprintf(want, sizeof want,
             "[   0.000 ms] op   %s  line 1  LOAD_CONST %s\n", name, arg);
    ck_assert_str_eq(take(), want);
}
END_TEST

START_TEST(unknown_threads_show_their_serial)
{
    atomic_store(&ev.trace, TRACE_THREADS);
    emit(0, EV_THREAD_START, 7, 1, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[   0.000 ms] thread thread#7  ready\n");
    pthread_mutex_lock(&ev.lock);
    ck_assert_str_eq(events_thread_name(&ev, 7), "thread#7");
    ck_assert_str_eq(events_thread_name(&ev, 1), "MainThread");
    pthread_mutex_unlock(&ev.lock);
}
END_TEST

START_TEST(program_output_holds_trace_lines_back)
{
    /* The program's stdout and the trace share one stream here, so the
     * order a terminal would show is visible. */
    name_threads();
    atomic_store(&ev.trace, TRACE_THREADS);
    events_program_output(&ev, mem, "abc", 3);
    ck_assert(ev.stdout_midline);
    emit(1000, EV_THREAD_START, 2, 1, WHY_NONE, 0, 0, NULL);
    emit(2000, EV_THREAD_START, 3, 1, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "abc");
    events_program_output(&ev, mem, "", 0);
    ck_assert(ev.stdout_midline);
    ck_assert_str_eq(take(), "");
    /* The line completes: the held lines follow it, in order, before the
     * start of the next program line. */
    events_program_output(&ev, mem, "def\nxy", 6);
    ck_assert_str_eq(take(), "def\n"
                             "[   0.001 ms] thread Thread-1  ready\n"
                             "[   0.002 ms] thread Thread-2  ready\n"
                             "xy");
    ck_assert(ev.stdout_midline);
    ck_assert_uint_eq(ev.pending_len, 0);
    emit(3000, EV_THREAD_EXIT, 2, 0, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "");
    events_program_output(&ev, mem, "z\n", 2);
    ck_assert(!ev.stdout_midline);
    ck_assert_str_eq(take(), "z\n[   0.003 ms] thread Thread-1  terminated\n");
    /* At the start of a line, trace lines go out at once. */
    emit(4000, EV_THREAD_EXIT, 3, 0, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "[   0.004 ms] thread Thread-2  terminated\n");
    events_program_output(&ev, mem, "one\ntwo\n", 8);
    ck_assert(!ev.stdout_midline);
    ck_assert_str_eq(take(), "one\ntwo\n");
}
END_TEST

START_TEST(program_output_to_another_stream)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(out);
    atomic_store(&ev.trace, TRACE_THREADS);
    events_program_output(&ev, out, "x", 1);
    emit(0, EV_DEADLOCK, 1, 0, WHY_NONE, 0, 0, NULL);
    ck_assert_str_eq(take(), "");
    events_program_output(&ev, out, "\n", 1);
    /* The program's line was flushed before the trace line went out. */
    ck_assert_uint_eq(len, 2);
    ck_assert_str_eq(buf, "x\n");
    ck_assert_str_eq(take(), "[   0.000 ms] thread MainThread  deadlock\n");
    fclose(out);
    free(buf);
}
END_TEST

START_TEST(fini_writes_what_is_still_held)
{
    char *buf = NULL;
    size_t len = 0;
    Events other;
    events_init(&other);
    FILE *out = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(out);
    other.out = out;
    atomic_store(&other.trace, TRACE_THREADS);
    events_program_output(&other, out, "no newline", 10);
    Event e = {.t_ns = 5000, .thread = 1, .kind = EV_THREAD_EXIT};
    events_emit(&other, &e);
    fflush(out);
    ck_assert_str_eq(buf, "no newline");
    events_fini(&other);
    fclose(out);
    ck_assert_str_eq(buf, "no newline"
                          "[   0.005 ms] thread MainThread  terminated\n");
    free(buf);
}
END_TEST

START_TEST(names_table_grows)
{
    char want[32];
    pthread_mutex_lock(&ev.lock);
    ck_assert_str_eq(events_thread_name(&ev, 1), "MainThread");
    pthread_mutex_unlock(&ev.lock);
    for (uint32_t i = 2; i <= 1000; i++) {
        snprintf(want, sizeof want, "Thread-%u", (unsigned)(i - 1));
        events_name_thread(&ev, i, want);
    }
    ck_assert_uint_gt(ev.names_cap, 1000);
    ck_assert_uint_le(ev.names_cap, EVENTS_MAX_THREADS_NAMED);
    events_name_thread(&ev, 1, "Main");
    events_name_thread(&ev, 500, NULL);
    events_name_thread(&ev, 0, "nobody");
    events_name_thread(&ev, EVENTS_MAX_THREADS_NAMED, "too far");
    events_name_thread(&ev, EVENTS_MAX_THREADS_NAMED - 1, "last");
    ck_assert_uint_eq(ev.names_cap, EVENTS_MAX_THREADS_NAMED);
    pthread_mutex_lock(&ev.lock);
    for (uint32_t i = 2; i <= 1000; i++) {
        if (i == 500)
            continue;
        snprintf(want, sizeof want, "Thread-%u", (unsigned)(i - 1));
        ck_assert_str_eq(events_thread_name(&ev, i), want);
    }
    ck_assert_str_eq(events_thread_name(&ev, 1), "Main");
    ck_assert_str_eq(events_thread_name(&ev, 500), "thread#500");
    ck_assert_str_eq(events_thread_name(&ev, 0), "thread#0");
    ck_assert_str_eq(events_thread_name(&ev, EVENTS_MAX_THREADS_NAMED - 1),
                     "last");
    ck_assert_str_eq(events_thread_name(&ev, EVENTS_MAX_THREADS_NAMED),
                     "thread#4096");
    ck_assert_str_eq(events_thread_name(&ev, 4294967295u), "thread#4294967295");
    pthread_mutex_unlock(&ev.lock);
}
END_TEST

/* -- four threads at once ---------------------------------------------- */

#define EMITTERS 4
#define PER_EMITTER 40000
#define TRACED_EVERY 100

static void *emitter(void *arg)
{
    uint32_t serial = (uint32_t)(uintptr_t)arg;
    char name[16];
    snprintf(name, sizeof name, "Worker-%u", (unsigned)serial);
    events_name_thread(&ev, serial, name);
    for (uint64_t i = 0; i < PER_EMITTER; i++) {
        /* Mostly releases (never printed), now and then a traced line. */
        EventKind kind =
            i % TRACED_EVERY == 0 ? EV_DROP_REQUEST : EV_GIL_RELEASE;
        Event e = {
            .t_ns = i, .thread = serial, .other = 1, .kind = kind, .a = i};
        events_emit(&ev, &e);
        /* Names grow while others emit. */
        if (i % 1000 == 0)
            events_name_thread(&ev, serial * 100 + (uint32_t)(i / 1000), name);
    }
    return NULL;
}

static void *printer(void *arg)
{
    FILE *prog = arg;
    for (int i = 0; i < 2000; i++) {
        events_program_output(&ev, prog, "half", 4);
        events_program_output(&ev, prog, " line\n", 6);
    }
    return NULL;
}

static void *reader(void *arg)
{
    static Event out[256];
    (void)arg;
    for (int i = 0; i < 200; i++) {
        size_t n = events_snapshot(&ev, out, 256);
        ck_assert_uint_le(n, 256);
    }
    return NULL;
}

START_TEST(concurrent_emit_loses_nothing)
{
    static Event out[EVENTS_RING];
    char *prog_buf = NULL;
    size_t prog_len = 0;
    FILE *prog = open_memstream(&prog_buf, &prog_len);
    ck_assert_ptr_nonnull(prog);
    atomic_store(&ev.trace, TRACE_GIL);
    pthread_t th[EMITTERS + 2];
    for (uintptr_t i = 0; i < EMITTERS; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, emitter, (void *)(i + 2)),
                         0);
    ck_assert_int_eq(pthread_create(&th[EMITTERS], NULL, printer, prog), 0);
    ck_assert_int_eq(pthread_create(&th[EMITTERS + 1], NULL, reader, NULL), 0);
    for (int i = 0; i < EMITTERS + 2; i++)
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);

    ck_assert_uint_eq(ev.count, (uint64_t)EMITTERS * PER_EMITTER);
    ck_assert_uint_eq(ev.pending_len, 0);
    /* Every traced line came out whole. */
    fflush(mem);
    size_t lines = 0;
    for (const char *p = mem_buf; (p = strchr(p, '\n')) != NULL; p++)
        lines++;
    ck_assert_uint_eq(lines, EMITTERS * PER_EMITTER / TRACED_EVERY);
    ck_assert_ptr_nonnull(strstr(mem_buf, "gil  Worker-2 asks MainThread"));
    ck_assert_ptr_nonnull(strstr(mem_buf, "gil  Worker-5 asks MainThread"));
    fclose(prog);
    ck_assert_uint_eq(prog_len, 2000 * 10);
    free(prog_buf);

    /* The ring holds the newest events, each thread's in its own order. */
    size_t n = events_snapshot(&ev, out, EVENTS_RING);
    ck_assert_uint_eq(n, EVENTS_RING);
    uint64_t next[EMITTERS + 2] = {0};
    bool seen[EMITTERS + 2] = {false};
    for (size_t i = 0; i < n; i++) {
        uint32_t t = out[i].thread;
        ck_assert(t >= 2 && t < EMITTERS + 2);
        if (seen[t])
            ck_assert_uint_eq(out[i].a, next[t]);
        seen[t] = true;
        next[t] = out[i].a + 1;
    }
    /* The last event of every thread is its final one. */
    for (uint32_t t = 2; t < EMITTERS + 2; t++)
        if (seen[t])
            ck_assert_uint_eq(next[t], PER_EMITTER);
    pthread_mutex_lock(&ev.lock);
    ck_assert_str_eq(events_thread_name(&ev, 3), "Worker-3");
    ck_assert_str_eq(events_thread_name(&ev, 539), "Worker-5");
    pthread_mutex_unlock(&ev.lock);
}
END_TEST

static Suite *events_suite(void)
{
    Suite *su = suite_create("events");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    /* Generous for sanitizer builds: the real cost is well under a
     * second. */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ring_wraps_and_snapshot_is_oldest_first);
    tcase_add_test(tc, parse_trace_words_and_lists);
    tcase_add_test(tc, gil_lines_show_handoffs);
    tcase_add_test(tc, handoff_without_a_known_release);
    tcase_add_test(tc, thread_lines_show_state_changes);
    tcase_add_test(tc, block_target_may_fill_its_field);
    tcase_add_test(tc, both_traces_and_none);
    tcase_add_test(tc, op_lines);
    tcase_add_test(tc, long_names_and_arguments_are_not_cut);
    tcase_add_test(tc, unknown_threads_show_their_serial);
    tcase_add_test(tc, program_output_holds_trace_lines_back);
    tcase_add_test(tc, program_output_to_another_stream);
    tcase_add_test(tc, fini_writes_what_is_still_held);
    tcase_add_test(tc, held_lines_are_capped);
    tcase_add_test(tc, names_table_grows);
    tcase_add_test(tc, concurrent_emit_loses_nothing);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    return check_main_run(events_suite());
}

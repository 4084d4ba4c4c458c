/* test_timeline.c - the :timeline chart drawn from synthetic events: the
 * exact rows, the state that wins a column, the running share, the span
 * and its clipping to the ring, ended and unborn threads, what a thread
 * did before its first event, events stamped before the clock's restart,
 * names, fitting a terminal, colour only when asked, and the events a
 * real interpreter records. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "term.h"
#include "timeline.h"

#define LEGEND                                                              \
    "# running  . waiting for the GIL  _ blocked, sleeping or in I/O\n"

static Event events[64];
static size_t nevents;
static StrBuf out;

static const char *const names[] = {NULL, "MainThread", "Thread-1",
                                    "Thread-2"};

static void setup(void)
{
    nevents = 0;
    sb_init(&out);
}

static void teardown(void)
{
    sb_free(&out);
}

static void add(uint64_t t, EventKind kind, uint32_t thread,
                EventReason reason)
{
    ck_assert_uint_lt(nevents, sizeof events / sizeof events[0]);
    events[nevents++] = (Event){.t_ns = t, .thread = thread,
                                .kind = kind, .reason = reason};
}

/* A plain spec: [from, to) in [columns] columns, no colour. */
static TimelineSpec spec_of(uint64_t from, uint64_t to, int columns)
{
    return (TimelineSpec){.from_ns = from, .to_ns = to, .columns = columns,
                          .virtual_time = true, .names = names,
                          .nnames = sizeof names / sizeof names[0]};
}

static const char *render(const TimelineSpec *spec, size_t rows)
{
    ck_assert_uint_eq(timeline_render(events, nevents, spec, &out), rows);
    ck_assert(!out.failed);
    return out.data ? out.data : "";
}

/* Main runs, joins Thread-1 (blocked), is woken and waits, runs again;
 * Thread-1 is born ready, runs, is picked off, runs, ends. */
static void join_story(void)
{
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(100, EV_THREAD_START, 2, WHY_NONE);
    add(200, EV_BLOCK, 1, WHY_NONE);
    add(200, EV_GIL_RELEASE, 1, WHY_VOLUNTARY);
    add(200, EV_GIL_ACQUIRE, 2, WHY_NONE);
    add(500, EV_GIL_RELEASE, 2, WHY_PICKED);
    add(600, EV_GIL_ACQUIRE, 2, WHY_NONE);
    add(800, EV_WAKE, 1, WHY_NOTIFIED);
    add(800, EV_THREAD_EXIT, 2, WHY_NONE);
    add(800, EV_GIL_RELEASE, 2, WHY_EXIT);
    add(900, EV_GIL_ACQUIRE, 1, WHY_NONE);
}

START_TEST(rows_show_each_state)
{
    join_story();
    TimelineSpec spec = spec_of(0, 1000, 10);
    ck_assert_str_eq(render(&spec, 2),
                     "timeline: 1.000 us (virtual time), one column = 100 ns\n"
                     "MainThread |##______.#|  30.0%\n"
                     "Thread-1   | .###.##  |  50.0%\n" LEGEND);
}
END_TEST

START_TEST(real_time_heading_and_units)
{
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    TimelineSpec spec = spec_of(0, 12340000, 10);
    spec.virtual_time = false;
    ck_assert_str_eq(render(&spec, 1),
                     "timeline: 12.340 ms (real time), one column = 1.234 ms\n"
                     "MainThread |##########| 100.0%\n" LEGEND);
    sb_free(&out);
    sb_init(&out);
    spec.to_ns = 3250000000u;
    spec.columns = 5;
    ck_assert_ptr_nonnull(strstr(render(&spec, 1),
                                 "timeline: 3.250 s (real time), one column "
                                 "= 650.000 ms\n"));
}
END_TEST

/* Each column shows the state that took most of it; a tie goes to
 * running, then waiting, then blocked, then not alive. */
START_TEST(dominant_state_wins_the_column)
{
    /* main: col 0: 40 run, 60 wait; col 1: 50 run, 50 blocked; col 2:
     * 30 blocked, 70 wait; col 3: 40 wait, 60 run.  Thread-1: col 0: 50
     * unborn, 50 wait; col 1: 20 wait, 40 run, 40 blocked; col 2: 50
     * blocked, 50 gone. */
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(40, EV_GIL_RELEASE, 1, WHY_FORCED);
    add(50, EV_THREAD_START, 2, WHY_NONE);
    add(100, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(120, EV_GIL_ACQUIRE, 2, WHY_NONE);
    add(150, EV_GIL_RELEASE, 1, WHY_VOLUNTARY);
    add(160, EV_GIL_RELEASE, 2, WHY_VOLUNTARY);
    add(230, EV_WAKE, 1, WHY_TIMEOUT);
    add(250, EV_THREAD_EXIT, 2, WHY_NONE);
    add(340, EV_GIL_ACQUIRE, 1, WHY_NONE);
    TimelineSpec spec = spec_of(0, 400, 4);
    ck_assert_str_eq(render(&spec, 2),
                     "timeline: 400 ns (virtual time), one column = 100 ns\n"
                     "MainThread |.#.#|  37.5%\n"
                     "Thread-1   |.#_ |  10.0%\n" LEGEND);
}
END_TEST

/* Columns split the span evenly even when it does not divide. */
START_TEST(uneven_columns_and_percent)
{
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(1, EV_GIL_RELEASE, 1, WHY_TICKS);
    add(1, EV_GIL_REQUEST, 1, WHY_NONE);
    add(9, EV_GIL_ACQUIRE, 1, WHY_NONE);
    /* 10 ns in 3 columns: [0,3) [3,6) [6,10) */
    TimelineSpec spec = spec_of(0, 10, 3);
    ck_assert_str_eq(render(&spec, 1),
                     "timeline: 10 ns (virtual time), one column = 3 ns\n"
                     "MainThread |...|  20.0%\n" LEGEND);
}
END_TEST

/* A span shorter than the chart gets one column per nanosecond. */
START_TEST(tiny_span_has_fewer_columns)
{
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(2, EV_GIL_RELEASE, 1, WHY_VOLUNTARY);
    TimelineSpec spec = spec_of(0, 5, 60);
    ck_assert_str_eq(render(&spec, 1),
                     "timeline: 5 ns (virtual time), one column = 1 ns\n"
                     "MainThread |##___|  40.0%\n" LEGEND);
}
END_TEST

START_TEST(span_of_the_last_run_or_the_last_ms)
{
    add(100, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(900, EV_GIL_RELEASE, 1, WHY_VOLUNTARY);
    uint64_t from = 1, to = 1;
    /* nothing recorded: the whole ring */
    ck_assert(timeline_span(events, nevents, 0, 5000, 0, 0, &from, &to));
    ck_assert_uint_eq(from, 100);
    ck_assert_uint_eq(to, 900);
    /* the last run, to its end or the last event, whichever is later */
    ck_assert(timeline_span(events, nevents, 0, 5000, 300, 500, &from, &to));
    ck_assert_uint_eq(from, 300);
    ck_assert_uint_eq(to, 900);
    ck_assert(timeline_span(events, nevents, 0, 5000, 300, 1200, &from, &to));
    ck_assert_uint_eq(to, 1200);
    /* clipped to the ring's first event */
    ck_assert(timeline_span(events, nevents, 0, 5000, 50, 1200, &from, &to));
    ck_assert_uint_eq(from, 100);
    /* the last MS milliseconds up to now */
    ck_assert(timeline_span(events, nevents, 0.0005, 1000, 0, 0, &from, &to));
    ck_assert_uint_eq(from, 500);
    ck_assert_uint_eq(to, 1000);
    ck_assert(timeline_span(events, nevents, 1, 1000, 300, 500, &from, &to));
    ck_assert_uint_eq(from, 100);
    ck_assert_uint_eq(to, 1000);
    /* nothing at all */
    ck_assert(!timeline_span(events, 0, 0, 1000, 0, 0, &from, &to));
    ck_assert(!timeline_span(events, 1, 0, 1000, 0, 0, &from, &to));
}
END_TEST

/* States carry into the span from before it; threads that ended before
 * it or were born after it get no row. */
START_TEST(clipping_to_the_span)
{
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(10, EV_THREAD_START, 2, WHY_NONE);
    add(20, EV_THREAD_EXIT, 2, WHY_NONE);
    add(20, EV_GIL_RELEASE, 2, WHY_EXIT);
    add(300, EV_GIL_RELEASE, 1, WHY_VOLUNTARY);
    add(800, EV_THREAD_START, 3, WHY_NONE);
    TimelineSpec spec = spec_of(200, 600, 4);
    ck_assert_str_eq(render(&spec, 1),
                     "timeline: 400 ns (virtual time), one column = 100 ns\n"
                     "MainThread |#___|  25.0%\n" LEGEND);
}
END_TEST

START_TEST(nothing_to_show)
{
    add(0, EV_THREAD_START, 2, WHY_NONE);
    add(10, EV_THREAD_EXIT, 2, WHY_NONE);
    TimelineSpec spec = spec_of(100, 200, 10);
    ck_assert_str_eq(render(&spec, 0),
                     "timeline: nothing to show (no thread ran in this "
                     "span)\n");
    sb_free(&out);
    sb_init(&out);
    spec = spec_of(100, 100, 10);
    ck_assert_str_eq(render(&spec, 0),
                     "timeline: nothing to show (no thread ran in this "
                     "span)\n");
}
END_TEST

/* Before its first event in the ring a thread was doing what that event
 * ends: the ring may have lost its earlier events. */
START_TEST(state_before_the_first_event)
{
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(100, EV_GIL_RELEASE, 2, WHY_VOLUNTARY); /* was running */
    add(200, EV_GIL_ACQUIRE, 3, WHY_NONE);      /* was waiting */
    add(300, EV_GIL_RELEASE, 1, WHY_TICKS);
    TimelineSpec spec = spec_of(0, 400, 4);
    ck_assert_str_eq(render(&spec, 3),
                     "timeline: 400 ns (virtual time), one column = 100 ns\n"
                     "MainThread |###.|  75.0%\n"
                     "Thread-1   |#___|  25.0%\n"
                     "Thread-2   |..##|  50.0%\n" LEGEND);
}
END_TEST

/* A block or sleep is announced while the thread still runs; the release
 * that follows blocks it.  Without one (the deadlock detector gave the
 * main thread its GIL back) it runs on. */
START_TEST(block_while_running_waits_for_the_release)
{
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(0, EV_THREAD_START, 2, WHY_NONE);
    add(100, EV_BLOCK, 1, WHY_NONE);
    add(200, EV_BLOCK, 2, WHY_NONE);
    add(300, EV_SLEEP, 1, WHY_NONE);
    add(300, EV_GIL_RELEASE, 1, WHY_VOLUNTARY);
    TimelineSpec spec = spec_of(0, 400, 4);
    ck_assert_str_eq(render(&spec, 2),
                     "timeline: 400 ns (virtual time), one column = 100 ns\n"
                     "MainThread |###_|  75.0%\n"
                     "Thread-1   |..__|   0.0%\n" LEGEND);
}
END_TEST

/* The clock restarts at 0 when a program starts: the events stamped
 * before (on the clock as it was) count as happening at time 0. */
START_TEST(events_before_a_clock_restart)
{
    add(40000, EV_GIL_REQUEST, 1, WHY_NONE);
    add(45000, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(100, EV_THREAD_START, 2, WHY_NONE);
    add(300, EV_GIL_RELEASE, 1, WHY_PICKED);
    add(300, EV_GIL_ACQUIRE, 2, WHY_NONE);
    add(500, EV_GIL_RELEASE, 2, WHY_PICKED);
    timeline_mend_clock(events, nevents, 600);
    ck_assert_uint_eq(events[0].t_ns, 0);
    ck_assert_uint_eq(events[1].t_ns, 0);
    ck_assert_uint_eq(events[2].t_ns, 100);
    ck_assert_uint_eq(events[5].t_ns, 500);
    uint64_t from, to;
    ck_assert(timeline_span(events, nevents, 0, 600, 0, 0, &from, &to));
    ck_assert_uint_eq(from, 0);
    ck_assert_uint_eq(to, 500);
    TimelineSpec spec = spec_of(from, to, 5);
    ck_assert_str_eq(render(&spec, 2),
                     "timeline: 500 ns (virtual time), one column = 100 ns\n"
                     "MainThread |###..|  60.0%\n"
                     "Thread-1   | ..##|  40.0%\n" LEGEND);
}
END_TEST

/* Right after the restart only the first events exist, stamped later
 * than now; the rest of the ring is left alone. */
START_TEST(mending_against_now)
{
    add(40000, EV_GIL_REQUEST, 1, WHY_NONE);
    add(45000, EV_GIL_ACQUIRE, 1, WHY_NONE);
    timeline_mend_clock(events, nevents, 18000);
    ck_assert_uint_eq(events[0].t_ns, 0);
    ck_assert_uint_eq(events[1].t_ns, 0);
    uint64_t from, to;
    ck_assert(timeline_span(events, nevents, 0, 18000, 14000, 18000, &from,
                            &to));
    TimelineSpec spec = spec_of(from, to, 4);
    ck_assert_str_eq(render(&spec, 1),
                     "timeline: 4.000 us (virtual time), one column = "
                     "1.000 us\n"
                     "MainThread |####| 100.0%\n" LEGEND);
    nevents = 0;
    add(10, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(20, EV_GIL_RELEASE, 1, WHY_VOLUNTARY);
    timeline_mend_clock(events, nevents, 20);
    ck_assert_uint_eq(events[0].t_ns, 10);
    ck_assert_uint_eq(events[1].t_ns, 20);
    timeline_mend_clock(events, 0, 0);
}
END_TEST

/* Rows come in serial order whatever order the events interleave in. */
START_TEST(rows_in_serial_order_with_unknown_names)
{
    add(0, EV_THREAD_START, 7, WHY_NONE);
    add(0, EV_GIL_ACQUIRE, 3, WHY_NONE);
    add(50, EV_GIL_RELEASE, 3, WHY_PICKED);
    add(50, EV_GIL_ACQUIRE, 7, WHY_NONE);
    TimelineSpec spec = spec_of(0, 100, 2);
    ck_assert_str_eq(render(&spec, 2),
                     "timeline: 100 ns (virtual time), one column = 50 ns\n"
                     "Thread-2 |#.|  50.0%\n"
                     "thread#7 |.#|  50.0%\n" LEGEND);
}
END_TEST

START_TEST(long_names_are_cut)
{
    static const char *const long_names[] = {
        NULL, "MainThread", "a-very-long-thread-name-indeed (worker)"};
    add(0, EV_GIL_ACQUIRE, 1, WHY_NONE);
    add(0, EV_THREAD_START, 2, WHY_NONE);
    TimelineSpec spec = spec_of(0, 100, 2);
    spec.names = long_names;
    spec.nnames = 3;
    ck_assert_str_eq(render(&spec, 2),
                     "timeline: 100 ns (virtual time), one column = 50 ns\n"
                     "MainThread               |##| 100.0%\n"
                     "a-very-long-thread-name- |..|   0.0%\n" LEGEND);
}
END_TEST

/* With columns 0 the rows fill the terminal's width exactly. */
START_TEST(rows_fit_the_terminal)
{
    join_story();
    TimelineSpec spec = spec_of(0, 1000, 0);
    spec.term_columns = 40;
    render(&spec, 2);
    const char *row = strchr(out.data, '\n') + 1;
    ck_assert_uint_eq(strcspn(row, "\n"), 40);
    ck_assert_int_eq(strncmp(row, "MainThread |####_", 17), 0);
    /* a terminal too narrow still gets a few columns */
    sb_free(&out);
    sb_init(&out);
    spec.term_columns = 5;
    render(&spec, 2);
    row = strchr(out.data, '\n') + 1;
    ck_assert_uint_eq(strcspn(row, "\n"),
                      10 + TIMELINE_MIN_COLUMNS + 10);
}
END_TEST

START_TEST(colour_only_when_asked)
{
    join_story();
    TimelineSpec spec = spec_of(0, 1000, 10);
    ck_assert_ptr_null(strchr(render(&spec, 2), '\033'));
    sb_free(&out);
    sb_init(&out);
    spec.colour = true;
    const char *text = render(&spec, 2);
    char row[256];
    snprintf(row, sizeof row,
             "MainThread |%s##%s%s______.%s%s#%s|  30.0%%\n",
             term_thread_colour(1), TERM_RESET, TERM_DIM, TERM_RESET,
             term_thread_colour(1), TERM_RESET);
    ck_assert_ptr_nonnull(strstr(text, row));
    snprintf(row, sizeof row, "Thread-1   | %s.%s%s###%s%s.%s%s##%s  |",
             TERM_DIM, TERM_RESET, term_thread_colour(2), TERM_RESET,
             TERM_DIM, TERM_RESET, term_thread_colour(2), TERM_RESET);
    ck_assert_ptr_nonnull(strstr(text, row));
}
END_TEST

/* The events a real interpreter records chart as its main thread: it
 * asked for the GIL, then has held it ever since. */
START_TEST(a_real_interpreter)
{
    check_interp_setup();
    static Event ring[EVENTS_RING];
    size_t n = events_snapshot(&interp->events, ring, EVENTS_RING);
    ck_assert_uint_ge(n, 2);
    ck_assert_uint_eq(ring[0].thread, 1);
    ck_assert_uint_eq(ring[0].kind, EV_GIL_REQUEST);
    ck_assert_uint_eq(ring[n - 1].thread, 1);
    ck_assert_uint_eq(ring[n - 1].kind, EV_GIL_ACQUIRE);
    uint64_t taken = ring[n - 1].t_ns, from, to;
    ck_assert(timeline_span(ring, n, 1, taken + 1000000, 0, 0, &from, &to));
    ck_assert_uint_eq(from, taken);
    TimelineSpec spec = spec_of(from, to, 8);
    timeline_render(ring, n, &spec, &out);
    ck_assert_str_eq(out.data,
                     "timeline: 1.000 ms (virtual time), one column = "
                     "125.000 us\n"
                     "MainThread |########| 100.0%\n" LEGEND);
    check_interp_teardown();
}
END_TEST

static Suite *timeline_suite(void)
{
    Suite *su = suite_create("timeline");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rows_show_each_state);
    tcase_add_test(tc, real_time_heading_and_units);
    tcase_add_test(tc, dominant_state_wins_the_column);
    tcase_add_test(tc, uneven_columns_and_percent);
    tcase_add_test(tc, tiny_span_has_fewer_columns);
    tcase_add_test(tc, span_of_the_last_run_or_the_last_ms);
    tcase_add_test(tc, clipping_to_the_span);
    tcase_add_test(tc, nothing_to_show);
    tcase_add_test(tc, state_before_the_first_event);
    tcase_add_test(tc, block_while_running_waits_for_the_release);
    tcase_add_test(tc, events_before_a_clock_restart);
    tcase_add_test(tc, mending_against_now);
    tcase_add_test(tc, rows_in_serial_order_with_unknown_names);
    tcase_add_test(tc, long_names_are_cut);
    tcase_add_test(tc, rows_fit_the_terminal);
    tcase_add_test(tc, colour_only_when_asked);
    tcase_add_test(tc, a_real_interpreter);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    return check_main_run(timeline_suite());
}

/* timeline.c - the :timeline chart: who held the GIL, who waited for it
 * and who was blocked, over a span of time, one row per thread.
 *
 *   >>> :timeline 1
 *   timeline: 745.020 us (virtual time), one column = 18.171 us
 *   MainThread           |#._______________________________________|   3.0%
 *   Thread-1 (countdown) | #...####.###....#....##..##.##..#....###|  48.5%
 *   Thread-2 (countdown) | .###....#...####.####..##..#..##.####   |  48.5%
 *   # running  . waiting for the GIL  _ blocked, sleeping or in I/O
 *
 * Without an argument the span is the REPL's last statement
 * (interp->last_run_start_ns .. last_run_end_ns, or the last event if it
 * came later; before the first statement, all the ring holds); with MS,
 * the last MS milliseconds up to now.
 *
 * Where it comes from.  The chart is drawn from the event ring
 * (events.c), copied out with events_snapshot: nothing here keeps state,
 * and the ring records events whether a trace is on or not.  Each thread
 * is in one of four states at any moment, and an event of that thread
 * moves it from one to the next (gil.c emits them):
 *
 *   EV_THREAD_START              -> waiting (it is ready: wants the GIL)
 *   EV_GIL_REQUEST, EV_WAKE      -> waiting
 *   EV_GIL_ACQUIRE               -> running
 *   EV_GIL_RELEASE  ticks, forced, picked -> waiting (it wants it back)
 *                   voluntary    -> blocked (a lock, a join, a sleep or
 *                                   I/O; a sleep(0) asks again at once,
 *                                   which the next event shows)
 *                   exit         -> not alive
 *   EV_BLOCK, EV_SLEEP           -> blocked, unless the thread is running:
 *                                   gil.c emits them just before the
 *                                   voluntary release, which then blocks
 *                                   it (and the deadlock detector may
 *                                   hand the main thread its GIL back
 *                                   without a release)
 *   EV_THREAD_EXIT               -> not alive
 *
 * A thread's first event in the ring also tells what it was doing before
 * (an acquisition was waited for, a release ended a run, a wake ended a
 * block), which covers threads whose earlier events the ring has
 * overwritten; the span never starts before the ring's first event.
 *
 * Time 0.  The GIL's clock restarts at 0 when the program starts
 * (gil_restart_clock), after the interpreter's first events were stamped
 * on it; a deterministic run's virtual clock is younger still.  So before
 * anything else the snapshot is mended: an event stamped later than the
 * next event or than now happened before time 0, and it and everything
 * before it are moved to 0.  Afterwards the times never go backwards.
 *
 * The algorithm.  The events are sorted by thread (stable, so each
 * thread's own stay in order) and each thread is replayed alone into a
 * sequence of segments [t, t') in one state, clipped to the span.  The
 * span is cut into `columns` equal columns (boundary c is from +
 * floor(span * c / columns), computed without overflow); every segment
 * adds its overlap with each column to that column's time in its state,
 * and a column shows the state that took most of its time, ties going to
 * running, then waiting, then blocked, then not alive.  A thread gets a
 * row when it was alive for some of the span.  The span is at least one
 * nanosecond per column (fewer columns otherwise), so no column is empty.
 * The whole cost is the sort, O(n log n), plus one pass over the columns
 * per thread.
 *
 * Output.  Rows are the name, padded (and cut) to a common width, " |",
 * the columns, "| " and the running share of the span in percent.  With
 * colour on, running columns take the thread's colour (term.h, the same
 * as its trace lines) and waiting and blocked ones are dim; with colour
 * off no escape is written.  The chart is 60 columns wide off a terminal,
 * the terminal's width less the row's decorations on one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "gil.h"
#include "interp.h"
#include "term.h"
#include "timeline.h"

/* The states, in the order that wins a tie for a column. */
typedef enum TState { T_RUN, T_WAIT, T_BLOCK, T_NONE, T__COUNT } TState;

static const char state_chars[T__COUNT] = {'#', '.', '_', ' '};

/* " |" before the chart, "| " after it and "100.0%". */
#define ROW_DECORATION 10

/* ---- the clock and the span --------------------------------------------- */

void timeline_mend_clock(Event *ev, size_t n, uint64_t now_ns)
{
    uint64_t bound = now_ns;
    for (size_t i = n; i-- > 0;) {
        if (ev[i].t_ns > bound) {
            /* this event and all before it came before time 0 */
            for (size_t j = 0; j <= i; j++)
                ev[j].t_ns = 0;
            return;
        }
        bound = ev[i].t_ns;
    }
}

bool timeline_span(const Event *ev, size_t n, double ms, uint64_t now_ns,
                   uint64_t run_start_ns, uint64_t run_end_ns,
                   uint64_t *from_ns, uint64_t *to_ns)
{
    if (n == 0)
        return false;
    uint64_t first = ev[0].t_ns, last = ev[n - 1].t_ns;
    uint64_t from, to;
    if (ms > 0) {
        double d = ms * 1e6;
        uint64_t len = d >= (double)now_ns ? now_ns : (uint64_t)d;
        from = now_ns - len;
        to = now_ns;
    } else if (run_start_ns == 0 && run_end_ns == 0) {
        from = first;
        to = last;
    } else {
        from = run_start_ns;
        to = run_end_ns > last ? run_end_ns : last;
    }
    if (from < first)
        from = first;
    *from_ns = from;
    *to_ns = to;
    return to > from;
}

/* ---- one thread's states ---------------------------------------------- */

/* What the thread was doing before its first event [e] in the ring. */
static TState state_before(const Event *e)
{
    switch ((EventKind)e->kind) {
    case EV_GIL_ACQUIRE:
    case EV_DROP_REQUEST:
        return T_WAIT;
    case EV_GIL_RELEASE:
    case EV_BLOCK:
    case EV_SLEEP:
    case EV_THREAD_EXIT:
        return T_RUN;
    case EV_GIL_REQUEST:
    case EV_WAKE:
        return T_BLOCK;
    default:
        return T_NONE; /* EV_THREAD_START: not born yet */
    }
}

/* The state after event [e], from [state]. */
static TState state_after(TState state, const Event *e)
{
    switch ((EventKind)e->kind) {
    case EV_THREAD_START:
    case EV_GIL_REQUEST:
    case EV_WAKE:
        return T_WAIT;
    case EV_GIL_ACQUIRE:
        return T_RUN;
    case EV_GIL_RELEASE:
        switch ((EventReason)e->reason) {
        case WHY_VOLUNTARY:
            return T_BLOCK;
        case WHY_EXIT:
            return T_NONE;
        default:
            return T_WAIT;
        }
    case EV_BLOCK:
    case EV_SLEEP:
        return state == T_RUN ? T_RUN : T_BLOCK;
    case EV_THREAD_EXIT:
        return T_NONE;
    default:
        return state; /* drop requests, deadlock reports */
    }
}

/* ---- columns ----------------------------------------------------------- */

/* The chart's columns and, for the thread being replayed, the time each
 * spent in each state. */
typedef struct Columns {
    uint64_t from, to;
    size_t count;
    uint64_t *bound;           /* count + 1 boundaries */
    uint64_t (*time)[T__COUNT]; /* per column */
    uint64_t total[T__COUNT];  /* over the whole span */
} Columns;

static bool columns_init(Columns *c, uint64_t from, uint64_t to, size_t count)
{
    uint64_t span = to - from;
    if (span < count)
        count = (size_t)span;
    c->from = from;
    c->to = to;
    c->count = count;
    c->bound = malloc((count + 1) * sizeof *c->bound);
    c->time = malloc(count * sizeof *c->time);
    if (!c->bound || !c->time) {
        free(c->bound);
        free(c->time);
        return false;
    }
    /* floor(span * i / count) without overflowing */
    for (size_t i = 0; i <= count; i++)
        c->bound[i] = from + span / count * i + span % count * i / count;
    return true;
}

static void columns_free(Columns *c)
{
    free(c->bound);
    free(c->time);
}

static void columns_clear(Columns *c)
{
    memset(c->time, 0, c->count * sizeof *c->time);
    memset(c->total, 0, sizeof c->total);
}

/* The column holding time [t] (from <= t < to). */
static size_t column_of(const Columns *c, uint64_t t)
{
    size_t lo = 0, hi = c->count; /* bound[lo] <= t < bound[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->bound[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The thread was in [state] from [start] to [end]. */
static void columns_add(Columns *c, TState state, uint64_t start,
                        uint64_t end)
{
    if (start < c->from)
        start = c->from;
    if (end > c->to)
        end = c->to;
    if (start >= end)
        return;
    c->total[state] += end - start;
    for (size_t i = column_of(c, start); i < c->count && c->bound[i] < end;
         i++) {
        uint64_t lo = start > c->bound[i] ? start : c->bound[i];
        uint64_t hi = end < c->bound[i + 1] ? end : c->bound[i + 1];
        c->time[i][state] += hi - lo;
    }
}

/* The state that took most of column [i]. */
static TState column_state(const Columns *c, size_t i)
{
    TState best = T_RUN;
    for (int s = T_RUN + 1; s < T__COUNT; s++)
        if (c->time[i][s] > c->time[i][best])
            best = (TState)s;
    return best;
}

/* The events in chart order. */
typedef struct Sorted {
    const Event *ev;
    size_t *idx; /* by thread, then ring order */
    size_t n;
} Sorted;

/* Replay the events of one thread, idx[0..k) of [s], into [c]. */
static void replay(Columns *c, const Sorted *s, const size_t *idx, size_t k)
{
    columns_clear(c);
    TState state = state_before(&s->ev[idx[0]]);
    uint64_t since = 0;
    for (size_t j = 0; j < k; j++) {
        uint64_t t = s->ev[idx[j]].t_ns;
        if (t > since) {
            columns_add(c, state, since, t);
            since = t;
        }
        state = state_after(state, &s->ev[idx[j]]);
    }
    columns_add(c, state, since, c->to);
}

/* ---- text -------------------------------------------------------------- */

/* A duration for the heading: "12.345 ms", "206.000 us", "3.250 s". */
static void put_duration(StrBuf *out, uint64_t ns)
{
    if (ns >= 1000000000u)
        sb_printf(out, "%.3f s", (double)ns / 1e9);
    else if (ns >= 1000000u)
        sb_printf(out, "%.3f ms", (double)ns / 1e6);
    else if (ns >= 1000u)
        sb_printf(out, "%.3f us", (double)ns / 1e3);
    else
        sb_printf(out, "%llu ns", (unsigned long long)ns);
}

/* Characters of UTF-8 text [s], counting only the bytes that start one. */
static size_t text_columns(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* How many bytes of [s] fill at most [columns] characters. */
static size_t text_cut(const char *s, size_t columns)
{
    size_t len = strlen(s);
    while (text_columns(s, len) > columns) {
        len--;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    return len;
}

/* [name] cut and padded to [width] characters. */
static void put_name(StrBuf *out, const char *name, size_t width)
{
    size_t len = text_cut(name, width);
    sb_append(out, name, len);
    for (size_t n = text_columns(name, len); n < width; n++)
        sb_putc(out, ' ');
}

static const char *escape_for(TState s, uint32_t serial)
{
    switch (s) {
    case T_RUN:
        return term_thread_colour(serial);
    case T_WAIT:
    case T_BLOCK:
        return TERM_DIM;
    default:
        return NULL;
    }
}

/* The columns of one row, escapes around each run of one state when
 * [colour]. */
static void put_chart(StrBuf *out, const Columns *c, uint32_t serial,
                      bool colour)
{
    const char *open = NULL;
    for (size_t i = 0; i < c->count; i++) {
        TState s = column_state(c, i);
        const char *want = colour ? escape_for(s, serial) : NULL;
        if (want != open) {
            if (open)
                sb_puts(out, TERM_RESET);
            if (want)
                sb_puts(out, want);
            open = want;
        }
        sb_putc(out, state_chars[s]);
    }
    if (open)
        sb_puts(out, TERM_RESET);
}

/* ---- the chart --------------------------------------------------------- */

/* Events in chart order: by thread serial, then position in the ring. */
static int by_thread(const void *pa, const void *pb, const Event *ev)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (ev[a].thread != ev[b].thread)
        return ev[a].thread < ev[b].thread ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Sort [idx] (indexes into [ev]) by thread, keeping each thread's events
 * in ring order: a merge sort, since qsort takes no context. */
static void sort_by_thread(size_t *idx, size_t *tmp, size_t n,
                           const Event *ev)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = by_thread(&idx[j], &idx[i], ev) < 0 ? idx[j++]
                                                               : idx[i++];
            while (i < mid)
                tmp[k++] = idx[i++];
            while (j < hi)
                tmp[k++] = idx[j++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
}

static const char *name_of(const TimelineSpec *spec, uint32_t serial,
                           char *buf, size_t size)
{
    if (spec->names && serial < spec->nnames && spec->names[serial])
        return spec->names[serial];
    snprintf(buf, size, "thread#%lu", (unsigned long)serial);
    return buf;
}

/* How many events, from position [i] of [s], belong to its thread. */
static size_t thread_events(const Sorted *s, size_t i)
{
    size_t k = 1;
    while (i + k < s->n &&
           s->ev[s->idx[i + k]].thread == s->ev[s->idx[i]].thread)
        k++;
    return k;
}

/* Replay the thread whose events are at [i] of [s] into [c]: whether it
 * was alive in the span (then it has a row). */
static bool alive_in_span(Columns *c, const Sorted *s, size_t i, size_t k)
{
    replay(c, s, s->idx + i, k);
    return c->total[T_RUN] + c->total[T_WAIT] + c->total[T_BLOCK] > 0;
}

/* The width of the name column (the longest name among the rows), and
 * the number of rows in *rows. */
static size_t name_width(Columns *c, const Sorted *s, const TimelineSpec *spec,
                         size_t *rows)
{
    size_t width = 0;
    *rows = 0;
    for (size_t i = 0, k; i < s->n; i += k) {
        k = thread_events(s, i);
        if (!alive_in_span(c, s, i, k))
            continue;
        char buf[32];
        const char *name =
            name_of(spec, s->ev[s->idx[i]].thread, buf, sizeof buf);
        size_t w = text_columns(name, strlen(name));
        if (w > width)
            width = w;
        ++*rows;
    }
    return width < TIMELINE_NAME_COLUMNS ? width : TIMELINE_NAME_COLUMNS;
}

static size_t chart_columns(const TimelineSpec *spec, size_t names)
{
    if (spec->columns > 0)
        return (size_t)spec->columns;
    long fit = (long)spec->term_columns - (long)names - ROW_DECORATION;
    return fit > TIMELINE_MIN_COLUMNS ? (size_t)fit : TIMELINE_MIN_COLUMNS;
}

static void put_nothing(StrBuf *out)
{
    sb_puts(out, "timeline: nothing to show (no thread ran in this span)\n");
}

static void put_heading(StrBuf *out, const Columns *c, bool virtual_time)
{
    uint64_t span = c->to - c->from;
    sb_puts(out, "timeline: ");
    put_duration(out, span);
    sb_puts(out, virtual_time ? " (virtual time)" : " (real time)");
    sb_puts(out, ", one column = ");
    put_duration(out, span / c->count);
    sb_putc(out, '\n');
}

/* The rows of the threads alive in the span. */
static void put_rows(StrBuf *out, Columns *c, const Sorted *s,
                     const TimelineSpec *spec, size_t names)
{
    uint64_t span = c->to - c->from;
    for (size_t i = 0, k; i < s->n; i += k) {
        k = thread_events(s, i);
        if (!alive_in_span(c, s, i, k))
            continue;
        uint32_t serial = s->ev[s->idx[i]].thread;
        char buf[32];
        put_name(out, name_of(spec, serial, buf, sizeof buf), names);
        sb_puts(out, " |");
        put_chart(out, c, serial, spec->colour);
        sb_printf(out, "| %5.1f%%\n",
                  100.0 * (double)c->total[T_RUN] / (double)span);
    }
}

/* Sort [ev] into [s] (its arrays malloc'd); false when out of memory. */
static bool sort_events(Sorted *s, const Event *ev, size_t n)
{
    s->ev = ev;
    s->n = n;
    s->idx = malloc(n * sizeof *s->idx);
    size_t *tmp = malloc(n * sizeof *tmp);
    if (!s->idx || !tmp) {
        free(s->idx);
        free(tmp);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        s->idx[i] = i;
    sort_by_thread(s->idx, tmp, n, ev);
    free(tmp);
    return true;
}

size_t timeline_render(const Event *ev, size_t n, const TimelineSpec *spec,
                       StrBuf *out)
{
    if (n == 0 || spec->to_ns <= spec->from_ns) {
        put_nothing(out);
        return 0;
    }
    Sorted s;
    Columns c;
    if (!sort_events(&s, ev, n)) {
        sb_puts(out, "timeline: out of memory\n");
        return 0;
    }
    /* a first pass with one column finds the rows and the names' width */
    size_t rows = 0, names = 0;
    bool ok = columns_init(&c, spec->from_ns, spec->to_ns, 1);
    if (ok) {
        names = name_width(&c, &s, spec, &rows);
        columns_free(&c);
        ok = rows == 0 || columns_init(&c, spec->from_ns, spec->to_ns,
                                       chart_columns(spec, names));
    }
    if (!ok) {
        sb_puts(out, "timeline: out of memory\n");
        rows = 0;
    } else if (rows == 0) {
        put_nothing(out);
    } else {
        put_heading(out, &c, spec->virtual_time);
        put_rows(out, &c, &s, spec, names);
        sb_puts(out, "# running  . waiting for the GIL  "
                     "_ blocked, sleeping or in I/O\n");
        columns_free(&c);
    }
    free(s.idx);
    return rows;
}

/* ---- the command ------------------------------------------------------- */

/* The terminal's width when standard output is one, else 0. */
static int terminal_columns(void)
{
    struct winsize ws;
    if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
        return 0;
    return ws.ws_col;
}

/* Copies of the names of the threads in [ev], indexed by serial; *count
 * entries (NULL where a serial has no event).  NULL when out of memory. */
static char **copy_names(Events *events, const Event *ev, size_t n,
                         size_t *count)
{
    uint32_t top = 0;
    for (size_t i = 0; i < n; i++)
        if (ev[i].thread > top && ev[i].thread < EVENTS_MAX_THREADS_NAMED)
            top = ev[i].thread;
    char **names = calloc((size_t)top + 1, sizeof *names);
    if (!names)
        return NULL;
    pthread_mutex_lock(&events->lock);
    for (size_t i = 0; i < n; i++) {
        uint32_t s = ev[i].thread;
        if (s <= top && !names[s])
            names[s] = strdup(events_thread_name(events, s));
    }
    pthread_mutex_unlock(&events->lock);
    *count = (size_t)top + 1;
    return names;
}

void timeline_print(Interp *interp, double ms)
{
    Event *ev = malloc((size_t)EVENTS_RING * sizeof *ev);
    if (!ev) {
        printf("timeline: out of memory\n");
        return;
    }
    size_t n = events_snapshot(&interp->events, ev, EVENTS_RING);
    uint64_t now = gil_now_ns(interp);
    timeline_mend_clock(ev, n, now);
    TimelineSpec spec = {0};
    if (!timeline_span(ev, n, ms, now,
                       interp->last_run_start_ns, interp->last_run_end_ns,
                       &spec.from_ns, &spec.to_ns)) {
        printf(n == 0 ? "timeline: nothing to show (no events yet)\n"
                      : "timeline: nothing to show (no thread ran in this "
                        "span)\n");
        free(ev);
        return;
    }
    int term = terminal_columns();
    spec.columns = term > 0 ? 0 : TIMELINE_DEFAULT_COLUMNS;
    spec.term_columns = term - 1; /* the last column would wrap on some */
    spec.colour = interp->colour_out;
    spec.virtual_time = interp->gil.policy == GIL_DETERMINISTIC;
    size_t nnames = 0;
    char **names = copy_names(&interp->events, ev, n, &nnames);
    spec.names = (const char *const *)names;
    spec.nnames = nnames;
    StrBuf out;
    sb_init(&out);
    timeline_render(ev, n, &spec, &out);
    if (out.data)
        fwrite(out.data, 1, out.len, stdout);
    sb_free(&out);
    for (size_t i = 0; names && i < nnames; i++)
        free(names[i]);
    free(names);
    free(ev);
}

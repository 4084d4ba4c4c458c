/* timeline.h - the :timeline chart of GIL ownership: one row per thread,
 * one character per slice of time (running, waiting for the GIL,
 * blocked).  The essay is at the top of timeline.c. */
#ifndef MPY_TIMELINE_H
#define MPY_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "strbuf.h"

typedef struct Interp Interp;

/* Columns of chart when the output is not a terminal. */
#define TIMELINE_DEFAULT_COLUMNS 60
/* Fewest columns of chart, however narrow the terminal. */
#define TIMELINE_MIN_COLUMNS 10
/* Longest thread name shown; longer ones are cut. */
#define TIMELINE_NAME_COLUMNS 24

/* What one chart shows and how. */
typedef struct TimelineSpec {
    uint64_t from_ns, to_ns; /* the span on the GIL clock, from < to */
    int columns;             /* characters of chart per row; 0: fit the
                                rows into term_columns */
    int term_columns;        /* the terminal's width (when columns is 0) */
    bool colour;             /* ANSI escapes: running in the thread's
                                colour, the rest dim */
    bool virtual_time;       /* the deterministic policy's clock */
    const char *const *names; /* names[serial]; NULL or past nnames:
                                 "thread#N" */
    size_t nnames;
} TimelineSpec;

/* The clock restarts at 0 when a program starts (gil_restart_clock), so
 * the ring may hold events stamped on the clock before: an event stamped
 * later than the one after it, or than [now_ns], happened before time 0.
 * Set the times of those events, and of every event before them, to 0.
 * Run it on a snapshot before the two functions below. */
void timeline_mend_clock(Event *ev, size_t n, uint64_t now_ns);

/* The span to draw from the events [ev] (n of them, oldest first):
 * with [ms] > 0 the last [ms] milliseconds up to [now_ns]; otherwise the
 * last run, [run_start_ns] .. max([run_end_ns], the last event), or the
 * whole ring when both are 0.  Either way clipped to what the ring holds
 * (its first event on).  False when that leaves nothing (no events, or an
 * empty span). */
bool timeline_span(const Event *ev, size_t n, double ms, uint64_t now_ns,
                   uint64_t run_start_ns, uint64_t run_end_ns,
                   uint64_t *from_ns, uint64_t *to_ns);

/* Append the chart of [ev] (n events, oldest first) over [spec]'s span to
 * [out]: the heading line, one row per thread alive in the span (in
 * serial order), the legend.  When no thread was alive in it, one line
 * saying there is nothing to show.  Returns the number of rows. */
size_t timeline_render(const Event *ev, size_t n, const TimelineSpec *spec,
                       StrBuf *out);

/* The :timeline command: the chart of the last [ms] milliseconds, or of
 * the last run when [ms] <= 0, on standard output, sized to the terminal.
 * Called by the GIL's holder. */
void timeline_print(Interp *interp, double ms);

#endif

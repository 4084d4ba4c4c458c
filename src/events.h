/* events.h - what the GIL, the scheduler, locks and threads report: a
 * fixed-size ring of the recent events (for :timeline and :gil) and, when
 * a trace is switched on, one stable line per event on stderr.  The essay
 * is at the top of events.c. */
#ifndef MPY_EVENTS_H
#define MPY_EVENTS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "console.h"

typedef enum EventKind {
    EV_GIL_REQUEST,  /* thread asks for the GIL */
    EV_GIL_ACQUIRE,  /* thread took it; other = previous holder (0 none),
                        a = ns it waited */
    EV_GIL_RELEASE,  /* thread let it go; reason; a = ns held, b = ticks */
    EV_DROP_REQUEST, /* thread (a waiter) asked other (the holder) to drop */
    EV_THREAD_START, /* thread was created by other */
    EV_THREAD_EXIT,
    EV_BLOCK,        /* thread blocks on `what`; other = its holder or 0 */
    EV_SLEEP,        /* thread sleeps; a = ns */
    EV_WAKE,         /* thread can go on; reason */
    EV_DEADLOCK,     /* the detector found every thread blocked */
    EV__COUNT
} EventKind;

typedef enum EventReason {
    WHY_NONE,
    WHY_VOLUNTARY, /* release: to block, sleep or do I/O */
    WHY_TICKS,     /* release: check interval reached (ticks policy) */
    WHY_FORCED,    /* release: drop request (interval policy) */
    WHY_PICKED,    /* release: the deterministic scheduler chose another */
    WHY_EXIT,      /* release: the thread ended */
    WHY_NOTIFIED,  /* wake: released / notified / joined thread ended */
    WHY_TIMEOUT,   /* wake: timeout or sleep over */
    WHY_INTERRUPT  /* wake: Ctrl-C */
} EventReason;

typedef struct Event {
    uint64_t t_ns;     /* real or virtual, from gil_now_ns */
    uint32_t thread;   /* serial of the thread it is about (1 = main) */
    uint32_t other;    /* a second thread's serial, 0 none */
    uint16_t kind;     /* EventKind */
    uint16_t reason;   /* EventReason */
    uint64_t a, b;     /* see EventKind */
    char what[32];     /* EV_BLOCK: "Lock#2", "Thread-1 to finish"... */
} Event;

/* Which traces print live (bits of Events.trace). */
enum {
    TRACE_GIL = 1,     /* each handoff */
    TRACE_THREADS = 2, /* state changes */
    TRACE_OPS = 4,     /* every instruction */
    TRACE_TASKS = 8    /* asyncio task switches */
};

#define EVENTS_RING 65536 /* events kept, a power of two */
#define EVENTS_MAX_THREADS_NAMED 4096

typedef struct Events {
    pthread_mutex_t lock; /* guards all below; taken after the GIL's mutex */
    atomic_int trace;     /* TRACE_* bits */
    FILE *out;            /* where trace lines go: stderr */
    Console *console;     /* through which they are written, or NULL */
    bool colour;          /* lines in each thread's colour (term.h) */
    Event *ring;          /* EVENTS_RING slots */
    uint64_t count;       /* events ever emitted; slot = count % EVENTS_RING */
    char **names;         /* names[serial]: thread names, malloc'd */
    uint32_t names_cap;
    bool stdout_midline;  /* program output ended without a newline */
    char *pending;        /* trace lines held back while stdout is mid-line */
    size_t pending_len, pending_cap;
    Event last_release;   /* the latest EV_GIL_RELEASE, for the handoff line */
    char unnamed[24];     /* events_thread_name's "thread#N" answer */
    int child_pid;        /* in a process made by fork: its pid, which
                             every trace line then carries; 0 otherwise */
} Events;

void events_init(Events *ev);
/* fork() (fork.c): the lock is held across it; the child makes a new one
 * and marks its trace lines with its pid. */
void events_fork_prepare(Events *ev);
void events_fork_parent(Events *ev);
void events_fork_child(Events *ev, int pid);
void events_fini(Events *ev);

/* Record [e] in the ring; when its trace is on, print its line (or hold it
 * back until program output finishes its line).  Thread-safe. */
void events_emit(Events *ev, const Event *e);

/* One --trace=ops line: "[   0.004 ms] op   Thread-1  line 5  LOAD_GLOBAL count".
 * [arg] may be NULL or empty. */
void events_trace_op(Events *ev, uint64_t t_ns, uint32_t thread, int line,
                     const char *opname, const char *arg);

/* One trace line of [text] under the tag [tag], when a trace of [bits] is
 * on; like the op lines it bypasses the ring.  The asyncio loop writes
 * its --trace=tasks lines so ("[  12.345 ms] task worker-a awaits
 * sleep(0.1); loop runs worker-b"), fork and waitpid their --trace=threads
 * lines about child processes ("proc ..."). */
void events_trace_text(Events *ev, int bits, uint64_t t_ns, uint32_t thread,
                       const char *tag, const char *text);

/* Program output to a stream that shares the terminal with the trace:
 * written under the lock, and trace lines held back meanwhile are printed
 * once the line is complete.  file.c sends stdout writes here while a
 * trace is on. */
void events_program_output(Events *ev, FILE *fp, const char *text, size_t len);

/* Names for the trace, by thread serial (serials from 1 to
 * EVENTS_MAX_THREADS_NAMED - 1 can be named; a NULL [name] forgets one).
 * Thread-safe. */
void events_name_thread(Events *ev, uint32_t serial, const char *name);
/* The name of [serial], or "thread#N" when it has none.  The caller holds
 * ev->lock, and the answer is valid until it lets it go. */
const char *events_thread_name(Events *ev, uint32_t serial);

/* Parse a --trace / :trace argument ("gil", "threads", "ops", "tasks",
 * "on" = gil+threads, "all", "off", or a comma list of them); -1 when not
 * understood. */
int events_parse_trace(const char *spec);

static inline bool events_tracing(Events *ev, int bits)
{
    return (atomic_load_explicit(&ev->trace, memory_order_relaxed) & bits) != 0;
}

/* Give every event recorded so far the time [t_ns] (the clock restarts
 * when the program starts: what happened before is time 0).
 * Thread-safe. */
void events_restamp(Events *ev, uint64_t t_ns);

/* Copy the last [max] events, oldest first, into [out]; returns how many.
 * Thread-safe. */
size_t events_snapshot(Events *ev, Event *out, size_t max);

#endif

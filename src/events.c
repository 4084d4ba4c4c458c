/* events.c - the event ring behind :timeline and :gil, and the live trace.
 *
 * What the ring holds.  Every event the GIL, the scheduler, locks and
 * threads report is copied into a ring of EVENTS_RING fixed-size Event
 * slots, whether a trace is on or not: event number n (counting from 0
 * since events_init) lives in slot n % EVENTS_RING, so the ring always
 * holds the last EVENTS_RING events and `count` says how many there ever
 * were.  events_snapshot copies the newest ones out, oldest first, for the
 * timeline and the :gil report.  Thread names live beside the ring in a
 * table indexed by thread serial (1 is the main thread, "MainThread" until
 * told otherwise) that grows on demand up to EVENTS_MAX_THREADS_NAMED; a
 * serial without a name shows as "thread#N".
 *
 * Locking.  One mutex, ev->lock, guards the ring, the names, the pending
 * lines and the midline flag.  The GIL emits events while holding its own
 * mutex, so the order is always the GIL's mutex first, then ev->lock, and
 * never the other way round: nothing in this file calls back out while
 * holding ev->lock, and no caller may take the GIL's mutex while holding
 * it.  The trace bits are an atomic read without the lock so that call
 * sites can skip work cheaply (events_tracing).  A failed allocation here
 * costs a trace line or a name, never the program.
 *
 * Program output.  The trace goes to stderr and the program's print() to
 * stdout, and on a terminal (or with 2>&1) the two interleave.  A trace
 * line dropped into the middle of `print("a", end="")` ... `print("b")`
 * would cut the program's line in two, so while a trace is on, program
 * output to stdout comes through events_program_output, under the same
 * lock.  When that output ends mid-line, trace lines are not written but
 * appended to `pending`; as soon as the program completes its line, stdout
 * is flushed up to that newline, the pending lines follow, and whatever
 * the program wrote after the newline comes last (and is mid-line again).
 * With a trace on, stdout is also flushed after every completed line, so
 * the order on the screen is the order things happened.  Pending lines are
 * capped (PENDING_MAX): a program that never ends its line gets its trace
 * written anyway rather than have it eat memory.
 *
 * Line formats.  These are stable: tests and students grep them.  Each
 * line starts with the time since start (real or virtual) in ms with
 * three decimals, right-aligned in 8 columns, then a tag padded to four
 * columns and a blank ("gil  ", "op   ", "thread ").
 *
 *  [   0.000 ms] gil  -> MainThread
 *  [  12.345 ms] gil  Thread-1 -> Thread-2  forced after 5.02 ms (48213 ticks)
 *  [  12.350 ms] gil  Thread-2 asks Thread-1 to drop the GIL
 *  [   0.120 ms] thread Thread-1  ready
 *  [   0.130 ms] thread Thread-1  waiting for the GIL
 *  [   0.140 ms] thread Thread-1  running
 *  [   0.150 ms] thread Thread-1  blocked on Lock#2 held by Thread-2
 *  [   0.160 ms] thread Thread-1  sleeping 0.500 s
 *  [   0.170 ms] thread Thread-1  woken notified     (or timeout, interrupt)
 *  [   0.180 ms] thread Thread-1  terminated
 *  [   0.190 ms] thread Thread-1  deadlock
 *  [   0.004 ms] op   Thread-1  line 5  LOAD_GLOBAL count
 *
 * The gil lines (--trace=gil) show handoffs.  An EV_GIL_ACQUIRE prints one
 * when the GIL changes hands, or when its holder took it back after a
 * ticks release (the Python 2 "GIL battle" is worth seeing); the reason
 * (voluntary, ticks, forced, picked, exit), the time held (in us below a
 * millisecond) and the ticks
 * counted come from the latest EV_GIL_RELEASE, kept aside in
 * last_release.  That is the previous holder's own release, since only the
 * holder releases and both events are emitted under the GIL's mutex; should
 * it be another thread's, the line names the two threads and no reason.
 * The very first acquisition has no previous holder: "gil  -> MainThread".
 * Releases and requests print no gil line of their own.  The thread lines
 * (--trace=threads) are one per state change, requests and acquisitions
 * included.  The op lines (--trace=ops) and the task lines (--trace=tasks)
 * come from events_trace_op and events_trace_text and bypass the ring;
 * an op line leaves out the argument column when there is none.
 */
#include "events.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"

static_assert((EVENTS_RING & (EVENTS_RING - 1)) == 0,
              "EVENTS_RING must be a power of two");

/* Every line and every byte of program output goes out here, through
 * the console when there is one (the REPL may have a prompt up). */
static void out_write(Events *ev, FILE *fp, const char *text, size_t len)
{
    if (ev->console)
        console_write(ev->console, fp, text, len);
    else
        fwrite(text, 1, len, fp);
}

#define RING_MASK ((uint64_t)EVENTS_RING - 1)
#define TRACE_ALL (TRACE_GIL | TRACE_THREADS | TRACE_OPS | TRACE_TASKS)
/* Bytes of trace held back at most while the program is mid-line. */
#define PENDING_MAX (1u << 20)
/* Room for "thread#" and any uint32_t. */
#define NAME_BUF 24

void events_init(Events *ev)
{
    memset(ev, 0, sizeof *ev);
    pthread_mutex_init(&ev->lock, NULL);
    atomic_init(&ev->trace, 0);
    ev->out = stderr;
    /* Without a ring, events are still counted and traced. */
    ev->ring = malloc((size_t)EVENTS_RING * sizeof *ev->ring);
    events_name_thread(ev, 1, "MainThread");
}

void events_fork_prepare(Events *ev)
{
    pthread_mutex_lock(&ev->lock);
}

void events_fork_parent(Events *ev)
{
    pthread_mutex_unlock(&ev->lock);
}

void events_fork_child(Events *ev, int pid)
{
    pthread_mutex_init(&ev->lock, NULL);
    ev->child_pid = pid;
    ev->stdout_midline = false;
    ev->pending_len = 0;
}

void events_fini(Events *ev)
{
    /* A program that ended mid-line still gets its trace. */
    if (ev->pending_len > 0 && ev->out) {
        out_write(ev, ev->out, ev->pending, ev->pending_len);
        fflush(ev->out);
    }
    free(ev->ring);
    for (uint32_t i = 0; i < ev->names_cap; i++)
        free(ev->names[i]);
    free(ev->names);
    free(ev->pending);
    pthread_mutex_destroy(&ev->lock);
    ev->ring = NULL;
    ev->names = NULL;
    ev->names_cap = 0;
    ev->pending = NULL;
    ev->pending_len = ev->pending_cap = 0;
}

/* -- names ------------------------------------------------------------- */

/* The name of [serial], formatting "thread#N" into [buf] when it has
 * none.  Caller holds the lock. */
static const char *name_of(Events *ev, uint32_t serial, char *buf)
{
    if (serial < ev->names_cap && ev->names[serial] != NULL)
        return ev->names[serial];
    snprintf(buf, NAME_BUF, "thread#%" PRIu32, serial);
    return buf;
}

const char *events_thread_name(Events *ev, uint32_t serial)
{
    return name_of(ev, serial, ev->unnamed);
}

/* Make names[serial] exist.  Caller holds the lock. */
static bool grow_names(Events *ev, uint32_t serial)
{
    if (serial < ev->names_cap)
        return true;
    uint32_t cap = ev->names_cap ? ev->names_cap : 16;
    while (cap <= serial)
        cap *= 2;
    if (cap > EVENTS_MAX_THREADS_NAMED)
        cap = EVENTS_MAX_THREADS_NAMED;
    char **names = realloc(ev->names, cap * sizeof *names);
    if (names == NULL)
        return false;
    memset(names + ev->names_cap, 0, (cap - ev->names_cap) * sizeof *names);
    ev->names = names;
    ev->names_cap = cap;
    return true;
}

void events_name_thread(Events *ev, uint32_t serial, const char *name)
{
    if (serial == 0 || serial >= EVENTS_MAX_THREADS_NAMED)
        return;
    char *copy = NULL;
    if (name != NULL) {
        size_t len = strlen(name);
        copy = malloc(len + 1);
        if (copy == NULL)
            return; /* the old name (or thread#N) stays */
        memcpy(copy, name, len + 1);
    }
    pthread_mutex_lock(&ev->lock);
    if (grow_names(ev, serial)) {
        free(ev->names[serial]);
        ev->names[serial] = copy;
        copy = NULL;
    }
    pthread_mutex_unlock(&ev->lock);
    free(copy);
}

/* -- writing trace lines ----------------------------------------------- */

/* Send one finished line (newline included) to the trace stream, or hold
 * it back while the program's output is mid-line.  Caller holds the lock. */
static void put_line(Events *ev, const char *line, size_t len)
{
    if (ev->stdout_midline && ev->pending_len + len <= PENDING_MAX) {
        if (ev->pending_len + len > ev->pending_cap) {
            size_t cap = ev->pending_cap ? ev->pending_cap : 256;
            while (cap < ev->pending_len + len)
                cap *= 2;
            char *p = realloc(ev->pending, cap);
            if (p == NULL)
                return;
            ev->pending = p;
            ev->pending_cap = cap;
        }
        memcpy(ev->pending + ev->pending_len, line, len);
        ev->pending_len += len;
        return;
    }
    if (ev->out == NULL)
        return;
    if (ev->pending_len > 0) {
        /* Over the cap: stop holding back, keeping the order. */
        out_write(ev, ev->out, ev->pending, ev->pending_len);
        ev->pending_len = 0;
    }
    out_write(ev, ev->out, line, len);
    fflush(ev->out);
}

/* Format "[    t ms] tag  " followed by [fmt] and a newline, and put it;
 * in [thread]'s colour when the trace goes to a colour terminal.  Caller
 * holds the lock. */
static void trace_line(Events *ev, uint32_t thread, uint64_t t_ns,
                       const char *tag, const char *fmt, ...)
{
    char stack[256];
    /* Round to the microsecond without overflowing near UINT64_MAX. */
    uint64_t us = t_ns / 1000 + (t_ns % 1000 >= 500);
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%" PRIu64 ".%03u", us / 1000,
             (unsigned)(us % 1000));
    char pid[24] = "";
    if (ev->child_pid)
        snprintf(pid, sizeof pid, "pid %d ", ev->child_pid);
    int head = snprintf(stack, sizeof stack, "[%8s ms] %s%-4s ", stamp, pid,
                        tag);
    if (head < 0 || (size_t)head >= sizeof stack)
        return;
    va_list ap;
    va_start(ap, fmt);
    int body = vsnprintf(stack + head, sizeof stack - head, fmt, ap);
    va_end(ap);
    if (body < 0)
        return;
    size_t len = (size_t)head + (size_t)body;
    char *line = stack;
    if (len >= sizeof stack) {
        /* A long thread name or argument: format it again on the heap. */
        line = malloc(len + 1);
        if (line == NULL)
            return;
        memcpy(line, stack, head);
        va_start(ap, fmt);
        vsnprintf(line + head, (size_t)body + 1, fmt, ap);
        va_end(ap);
    }
    line[len++] = '\n'; /* over the terminating NUL */
    if (ev->colour) {
        char *painted = malloc(len + 32);
        if (painted) {
            int n = snprintf(painted, len + 32, "%s%.*s%s\n",
                             term_thread_colour(thread), (int)(len - 1), line,
                             TERM_RESET);
            if (n > 0)
                put_line(ev, painted, (size_t)n);
            free(painted);
        }
    } else {
        put_line(ev, line, len);
    }
    if (line != stack)
        free(line);
}

/* [ns] as "12.34" (ms, two decimals) or "0.500" (s, three decimals). */
static const char *fixed(char *buf, size_t size, uint64_t ns, uint64_t unit,
                         int decimals)
{
    uint64_t scale = decimals == 2 ? 100 : 1000;
    uint64_t step = unit / scale;
    uint64_t n = ns / step + (ns % step >= step / 2);
    snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64, n / scale, decimals,
             n % scale);
    return buf;
}

static const char *release_reason(uint16_t reason)
{
    switch (reason) {
    case WHY_VOLUNTARY:
        return "voluntary";
    case WHY_TICKS:
        return "ticks";
    case WHY_FORCED:
        return "forced";
    case WHY_PICKED:
        return "picked";
    case WHY_EXIT:
        return "exit";
    default:
        return "released";
    }
}

static const char *wake_state(uint16_t reason)
{
    switch (reason) {
    case WHY_NOTIFIED:
        return "woken notified";
    case WHY_TIMEOUT:
        return "woken timeout";
    case WHY_INTERRUPT:
        return "woken interrupt";
    default:
        return "woken";
    }
}

/* The gil line of an EV_GIL_ACQUIRE, when it has one.  Caller holds the
 * lock. */
static void handoff_line(Events *ev, const Event *e)
{
    char b1[NAME_BUF], b2[NAME_BUF], held[32];
    const char *to = name_of(ev, e->thread, b1);
    if (e->other == 0) {
        trace_line(ev, e->thread, e->t_ns, "gil", "-> %s", to);
        return;
    }
    const Event *r = &ev->last_release;
    bool known = r->kind == EV_GIL_RELEASE && r->thread == e->other;
    if (e->other == e->thread && !(known && r->reason == WHY_TICKS))
        return; /* the holder simply took it back */
    const char *from = name_of(ev, e->other, b2);
    if (!known) {
        trace_line(ev, e->thread, e->t_ns, "gil", "%s -> %s", from, to);
        return;
    }
    /* under a millisecond (a deterministic handoff, a quick I/O release)
     * the time reads better in microseconds */
    bool small = r->a < 1000000;
    trace_line(ev, e->thread, e->t_ns, "gil",
               "%s -> %s  %s after %s %s (%" PRIu64 " ticks)", from, to,
               release_reason(r->reason),
               fixed(held, sizeof held, r->a, small ? 1000 : 1000000, 2),
               small ? "us" : "ms", r->b);
}

/* The thread line of [e], "name  state".  Caller holds the lock. */
static void state_line(Events *ev, const Event *e, const char *state)
{
    char buf[NAME_BUF];
    trace_line(ev, e->thread, e->t_ns, "thread", "%s  %s", name_of(ev, e->thread, buf),
               state);
}

/* Print what the trace bits [bits] ask for about [e].  Caller holds the
 * lock. */
static void trace_event(Events *ev, const Event *e, int bits)
{
    bool gil = (bits & TRACE_GIL) != 0;
    bool threads = (bits & TRACE_THREADS) != 0;
    char b1[NAME_BUF], b2[NAME_BUF], num[32];
    switch ((EventKind)e->kind) {
    case EV_GIL_REQUEST:
        if (threads)
            state_line(ev, e, "waiting for the GIL");
        break;
    case EV_GIL_ACQUIRE:
        if (gil)
            handoff_line(ev, e);
        if (threads)
            state_line(ev, e, "running");
        break;
    case EV_GIL_RELEASE:
        break; /* shown by the acquisition that follows */
    case EV_DROP_REQUEST:
        if (gil)
            trace_line(ev, e->thread, e->t_ns, "gil", "%s asks %s to drop the GIL",
                       name_of(ev, e->thread, b1), name_of(ev, e->other, b2));
        break;
    case EV_THREAD_START:
        if (threads)
            state_line(ev, e, "ready");
        break;
    case EV_THREAD_EXIT:
        if (threads)
            state_line(ev, e, "terminated");
        break;
    case EV_BLOCK:
        if (threads) {
            /* `what` may fill its field without a terminating NUL. */
            const char *end = memchr(e->what, '\0', sizeof e->what);
            int n = end ? (int)(end - e->what) : (int)sizeof e->what;
            if (e->other != 0)
                trace_line(ev, e->thread, e->t_ns, "thread",
                           "%s  blocked on %.*s held by %s",
                           name_of(ev, e->thread, b1), n, e->what,
                           name_of(ev, e->other, b2));
            else
                trace_line(ev, e->thread, e->t_ns, "thread", "%s  blocked on %.*s",
                           name_of(ev, e->thread, b1), n, e->what);
        }
        break;
    case EV_SLEEP:
        if (threads)
            trace_line(ev, e->thread, e->t_ns, "thread", "%s  sleeping %s s",
                       name_of(ev, e->thread, b1),
                       fixed(num, sizeof num, e->a, 1000000000, 3));
        break;
    case EV_WAKE:
        if (threads)
            state_line(ev, e, wake_state(e->reason));
        break;
    case EV_DEADLOCK:
        if (threads)
            state_line(ev, e, "deadlock");
        break;
    case EV__COUNT:
        break;
    }
}

/* -- the ring ---------------------------------------------------------- */

void events_emit(Events *ev, const Event *e)
{
    pthread_mutex_lock(&ev->lock);
    if (ev->ring != NULL)
        ev->ring[ev->count & RING_MASK] = *e;
    ev->count++;
    int bits = atomic_load_explicit(&ev->trace, memory_order_relaxed);
    if (bits & (TRACE_GIL | TRACE_THREADS))
        trace_event(ev, e, bits);
    /* After the trace: the acquisition line needs the release before. */
    if (e->kind == EV_GIL_RELEASE)
        ev->last_release = *e;
    pthread_mutex_unlock(&ev->lock);
}

void events_restamp(Events *ev, uint64_t t_ns)
{
    pthread_mutex_lock(&ev->lock);
    uint64_t n = ev->count < EVENTS_RING ? ev->count : EVENTS_RING;
    for (uint64_t i = 0; ev->ring && i < n; i++)
        ev->ring[(ev->count - 1 - i) & RING_MASK].t_ns = t_ns;
    pthread_mutex_unlock(&ev->lock);
}

size_t events_snapshot(Events *ev, Event *out, size_t max)
{
    pthread_mutex_lock(&ev->lock);
    uint64_t n = ev->count < EVENTS_RING ? ev->count : EVENTS_RING;
    if (n > max)
        n = max;
    if (ev->ring == NULL)
        n = 0;
    uint64_t first = ev->count - n;
    /* At most two runs: up to the end of the ring, then from its start. */
    size_t start = (size_t)(first & RING_MASK);
    size_t run = EVENTS_RING - start < n ? EVENTS_RING - start : (size_t)n;
    if (n > 0) {
        memcpy(out, ev->ring + start, run * sizeof *out);
        memcpy(out + run, ev->ring, ((size_t)n - run) * sizeof *out);
    }
    pthread_mutex_unlock(&ev->lock);
    return (size_t)n;
}

/* -- ops and program output -------------------------------------------- */

void events_trace_op(Events *ev, uint64_t t_ns, uint32_t thread, int line,
                     const char *opname, const char *arg)
{
    if (!events_tracing(ev, TRACE_OPS))
        return;
    bool has_arg = arg != NULL && arg[0] != '\0';
    char buf[NAME_BUF];
    pthread_mutex_lock(&ev->lock);
    trace_line(ev, thread, t_ns, "op", "%s  line %d  %s%s%s", name_of(ev, thread, buf),
               line, opname ? opname : "?", has_arg ? " " : "",
               has_arg ? arg : "");
    pthread_mutex_unlock(&ev->lock);
}

void events_trace_text(Events *ev, int bits, uint64_t t_ns, uint32_t thread,
                       const char *tag, const char *text)
{
    if (!events_tracing(ev, bits))
        return;
    pthread_mutex_lock(&ev->lock);
    trace_line(ev, thread, t_ns, tag, "%s", text);
    pthread_mutex_unlock(&ev->lock);
}

void events_program_output(Events *ev, FILE *fp, const char *text, size_t len)
{
    pthread_mutex_lock(&ev->lock);
    size_t head = len; /* bytes up to and including the last newline */
    while (head > 0 && text[head - 1] != '\n')
        head--;
    if (head == 0) {
        out_write(ev, fp, text, len);
        if (len > 0)
            ev->stdout_midline = true;
        pthread_mutex_unlock(&ev->lock);
        return;
    }
    out_write(ev, fp, text, head);
    if (ev->pending_len > 0 || events_tracing(ev, TRACE_ALL))
        fflush(fp);
    if (ev->pending_len > 0) {
        if (ev->out != NULL) {
            out_write(ev, ev->out, ev->pending, ev->pending_len);
            fflush(ev->out);
        }
        ev->pending_len = 0;
    }
    out_write(ev, fp, text + head, len - head);
    ev->stdout_midline = head < len;
    pthread_mutex_unlock(&ev->lock);
}

/* -- parsing --trace ---------------------------------------------------- */

/* The bits of one word of a --trace list, -1 when unknown. */
static int trace_word(const char *word, size_t len)
{
    static const struct {
        const char *word;
        int bits;
    } words[] = {
        {"gil", TRACE_GIL},
        {"threads", TRACE_THREADS},
        {"ops", TRACE_OPS},
        {"tasks", TRACE_TASKS},
        {"on", TRACE_GIL | TRACE_THREADS},
        {"all", TRACE_ALL},
        {"off", 0},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].word) == len &&
            memcmp(words[i].word, word, len) == 0)
            return words[i].bits;
    return -1;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

int events_parse_trace(const char *spec)
{
    if (spec == NULL)
        return -1;
    int bits = 0;
    const char *p = spec;
    for (;;) {
        while (blank(*p))
            p++;
        const char *word = p;
        while (*p != '\0' && *p != ',' && !blank(*p))
            p++;
        int b = trace_word(word, (size_t)(p - word));
        if (b < 0)
            return -1; /* unknown or empty, as in "gil,,ops" */
        bits |= b;
        while (blank(*p))
            p++;
        if (*p == '\0')
            return bits;
        if (*p != ',')
            return -1; /* "gil threads" */
        p++;
    }
}

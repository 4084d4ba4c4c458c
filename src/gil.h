/* gil.h - the global interpreter lock, its three policies, and every wait
 * a VM thread makes (for the GIL, a lock, a join, a sleep).  The essay is
 * at the top of gil.c. */
#ifndef MPY_GIL_H
#define MPY_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct Interp Interp;
typedef struct ThreadState ThreadState;

typedef enum GilPolicy {
    GIL_TICKS,        /* Python 2: release and re-request every N ticks */
    GIL_INTERVAL,     /* Python 3.2+: drop requests after a switch interval */
    GIL_DETERMINISTIC /* seeded scheduler, virtual time */
} GilPolicy;

typedef enum GilCheck {
    CHECK_EVERY,   /* at every instruction (Python 2, 3.2-3.9) */
    CHECK_BACKEDGE /* on backward jumps and calls only (3.10+) */
} GilCheck;

/* What a VM thread is doing, as the scheduler, the deadlock detector and
 * the trace see it.  Changes only under the GIL's mutex. */
typedef enum ThreadRun {
    RUN_READY,    /* wants the GIL */
    RUN_RUNNING,  /* holds the GIL */
    RUN_BLOCKED,  /* on a Waitable (lock, join), maybe with a timeout */
    RUN_SLEEPING, /* in time.sleep */
    RUN_OUTSIDE,  /* in a blocking system call with the GIL released */
    RUN_DONE
} ThreadRun;

/* Why gil_wait returned. */
typedef enum WaitResult {
    WAIT_WOKEN,       /* gil_wake_one/all chose this thread */
    WAIT_TIMEOUT,     /* the timeout ran out (virtual time in deterministic) */
    WAIT_INTERRUPTED, /* Ctrl-C, main thread only: raise KeyboardInterrupt */
    WAIT_DEADLOCK     /* every thread is blocked: raise DeadlockError */
} WaitResult;

typedef enum WaitKind {
    WAITABLE_LOCK,  /* a _thread lock; owner is its last acquirer */
    WAITABLE_RLOCK, /* a _thread.RLock; owner holds it */
    WAITABLE_JOIN   /* a thread's end; owner is that thread */
} WaitKind;

/* Something threads block on, embedded in the native data of a lock or a
 * thread handle.  Touched only with the GIL held (and its queue only under
 * the GIL's mutex too). */
typedef struct Waitable {
    ThreadState *first, *last; /* the blocked threads, FIFO */
    atomic_int waiting;        /* how many: read without the mutex, so a
                                  release with nobody waiting skips it */
    WaitKind kind;
    uint64_t owner;            /* ident of the holder / awaited thread, 0 none */
    uint32_t number;           /* Lock#N, numbered when first shown; 0 not yet */
    char *label;               /* malloc'd name for reports, or NULL */
} Waitable;

/* Counters for gil.stats() and :gil. */
typedef struct GilStats {
    uint64_t acquisitions; /* times any thread took the GIL */
    uint64_t switches;     /* ... and it was not the previous holder */
    uint64_t forced;       /* holder dropped it on a drop request */
    uint64_t voluntary;    /* released to block, sleep or do I/O */
    uint64_t ticks_releases; /* ticks policy: released at the check interval */
    uint64_t drop_requests;
    uint64_t scheduler_picks; /* deterministic: decisions at a check */
} GilStats;

/* What :threads, :gil and gil.stats() show of one thread. */
typedef struct ThreadFacts {
    char name[64];
    uint64_t ident, ticks, acquisitions, hold_ns, wait_ns;
    ThreadRun run;
    char waiting_for[96]; /* RUN_BLOCKED: "Lock#3", "Thread-2 to finish" */
} ThreadFacts;

typedef struct Gil {
    pthread_mutex_t mutex;    /* guards everything below and ThreadState.run */
    ThreadState *holder;      /* NULL when free */
    ThreadState *last_holder; /* to count switches */
    ThreadState *ready_first, *ready_last; /* threads wanting the GIL, FIFO */
    uint64_t switch_number;   /* +1 whenever a different thread takes it */
    atomic_int drop_request;  /* interval: a waiter asks the holder to drop */
    GilPolicy policy;
    GilCheck check;
    int check_interval;       /* ticks between checks (ticks, deterministic) */
    double switch_interval;   /* seconds (interval) */
    uint64_t seed;
    uint64_t rng;             /* deterministic: xorshift state */
    uint64_t virtual_ns;      /* deterministic: the virtual clock */
    uint64_t start_ns;        /* real monotonic clock at gil_init */
    uint64_t epoch_ns;        /* real wall clock then (for virtual time.time) */
    uint64_t holder_since_ns; /* when the holder took it (gil_now_ns) */
    uint64_t holder_ticks_at; /* the holder's tick count when it took it */
    uint32_t next_lock_number;
    bool deadlocked;          /* a deadlock has been reported */
    char deadlock_summary[512]; /* the message of its DeadlockError */
    uint32_t last_serial;     /* serial of the last holder, for events */
    GilStats stats;
    ThreadFacts *ended;       /* the threads that have finished, in order */
    size_t nended, ended_cap;
} Gil;

/* Virtual time a counted tick advances the deterministic clock by. */
#define GIL_NS_PER_TICK 20

/* Set up / tear down.  gil_init takes the policy's defaults (interval,
 * backedge, 100 ticks, 5 ms, seed 0). */
void gil_init(Gil *gil);
void gil_destroy(Gil *gil);
/* Change the policy (and, with it, the default check placement unless
 * [check] is >= 0).  Called by the holder. */
void gil_set_policy(ThreadState *ts, GilPolicy policy, int check);
const char *gil_policy_name(GilPolicy policy);
/* -1 when unknown. */
int gil_policy_from_name(const char *name);

/* The other settings, changed by the holder (sys, gil module, options).
 * The seed restarts the generator. */
void gil_set_seed(ThreadState *ts, uint64_t seed);
/* Time 0 is now (the program starts). */
void gil_restart_clock(ThreadState *ts);
void gil_set_check_interval(ThreadState *ts, int ticks);
void gil_set_switch_interval(ThreadState *ts, double seconds);

/* Switch the live traces (TRACE_* bits of events.h) on or off. */
void gil_set_trace(ThreadState *ts, int bits);

/* Nanoseconds since gil_init: real, or virtual in deterministic. */
uint64_t gil_now_ns(Interp *interp);

/* The calling thread takes the GIL as its policy says, waiting as long as
 * it must. */
void gil_acquire(ThreadState *ts);

/* The eval loop's check: called when the thread's countdown ran out or the
 * eval breaker is set.  Handles a drop request, the ticks release, the
 * deterministic pick, Ctrl-C (main thread).  -1 with KeyboardInterrupt
 * pending. */
int gil_check(ThreadState *ts);

/* Around a blocking system call (read, write, waitpid): release the GIL,
 * and take it again.  gil_outside_begin returns whether it released (not
 * when the thread is alone, nor in deterministic, where the call just runs
 * under the GIL); pass that to gil_outside_end. */
bool gil_outside_begin(ThreadState *ts);
void gil_outside_end(ThreadState *ts, bool released);
/* The same for a wait on a person (the REPL prompt, a lecture's "press
 * Enter"): releases whenever other threads live, in every policy, so
 * they run while the user reads and types. */
bool gil_outside_begin_any(ThreadState *ts);

/* Block the calling thread (which holds the GIL) on [w] until
 * gil_wake_one/all picks it, [timeout] seconds pass (negative: no limit),
 * Ctrl-C (main thread), or the deadlock detector gives up on it.  The GIL
 * is released while blocked and held again on return. */
WaitResult gil_wait(ThreadState *ts, Waitable *w, double timeout);
/* Wake the first / every thread blocked on [w] (caller holds the GIL). */
void gil_wake_one(ThreadState *ts, Waitable *w);
void gil_wake_all(ThreadState *ts, Waitable *w);
/* time.sleep: WAIT_TIMEOUT when the time has passed, WAIT_INTERRUPTED on
 * Ctrl-C in the main thread. */
WaitResult gil_sleep(ThreadState *ts, double seconds);

/* Thread life.  gil_thread_register: a new ThreadState (made by the
 * holder, not yet running) joins the interpreter as ready.
 * gil_thread_exit: the calling thread gives up the GIL for good and leaves
 * interp->threads; the caller frees it afterwards. */
void gil_thread_register(ThreadState *creator, ThreadState *ts);
void gil_thread_exit(ThreadState *ts);
/* fork() (fork.c): before it, the forking thread, which holds the GIL,
 * takes the GIL's mutex so that no other thread is half-way through
 * changing the scheduler's state; after it, the parent lets it go, and
 * the child makes its copy fit a process where the forking thread is
 * the only one: the mutex and the thread's condition made anew, every
 * other thread taken out of the thread list and of any wait queue, the
 * forking thread the main thread and the holder. */
void gil_fork_prepare(ThreadState *ts);
void gil_fork_parent(ThreadState *ts);
void gil_fork_child(ThreadState *ts);
/* Undo gil_thread_register for a thread that could not be started. */
void gil_thread_unregister(ThreadState *creator, ThreadState *ts);

/* Every thread the interpreter has had: the live ones in order of
 * creation, then the ended ones (RUN_DONE).  malloc'd, *n entries; NULL
 * when out of memory.  Caller holds the GIL. */
ThreadFacts *gil_thread_facts(Interp *interp, size_t *n);
/* Forget the ended threads (the REPL's :reset). */
void gil_forget_ended(Interp *interp);

/* Was the thread [ident] left blocked by the deadlock detector? */
bool gil_thread_deadlocked(Interp *interp, uint64_t ident);

/* Ctrl-C from the signal watcher thread: sets the flags and wakes the
 * main thread out of a wait. */
void gil_interrupt_main(Interp *interp);
/* Take a pending Ctrl-C without raising it (the REPL at its prompt
 * clears the line instead): whether there was one. */
bool gil_take_interrupt(Interp *interp);
/* A second Ctrl-C: every thread but the main one raises SystemExit at
 * its next check, or at once out of a wait or sleep (threads in a
 * blocking system call see it when they come back).  Returns how many
 * threads were asked, their names ", "-separated in [names].  Callable
 * from any thread (the signal watcher). */
int gil_stop_others(Interp *interp, char *names, size_t size);

/* The name a Waitable has in reports and traces ("Lock#2", its label,
 * "Thread-1 to finish"), written into [buf]; numbers it on first use.
 * Caller holds the GIL. */
const char *gil_waitable_name(Interp *interp, Waitable *w, char *buf,
                              size_t size);

/* For the natives that wait: raise what a WaitResult means
 * (KeyboardInterrupt, DeadlockError) and return -1; 0 for WAIT_WOKEN and
 * WAIT_TIMEOUT. */
int gil_raise_for(ThreadState *ts, WaitResult r);

/* Reset the thread's check countdown as the policy says (after it took
 * the GIL, or the policy changed). */
void gil_reset_countdown(ThreadState *ts);

/* Release a Waitable's own memory (the label). */
void gil_waitable_fini(Waitable *w);

#endif

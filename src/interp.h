/* interp.h - the interpreter (shared by all threads) and a thread's VM state.
 *
 * There are no mutable globals in mpy: everything lives in an Interp, which
 * every thread shares, or in a ThreadState, which one thread owns.  Every
 * function that can allocate, raise or run code takes the ThreadState.
 */
#ifndef MPY_INTERP_H
#define MPY_INTERP_H

#include <stdatomic.h>
#include <stdio.h>

#include "console.h"
#include "events.h"
#include "frame.h"
#include "gil.h"
#include "names.h"
#include "object.h"

/* The source text of every file, -c string and REPL line that was compiled,
 * kept so tracebacks and error messages can show the offending line. */
typedef struct SourceFile {
    char *filename;
    char *text;
    size_t len;
    struct SourceFile *next;
} SourceFile;

typedef struct Heap {
    Obj *objects;           /* every live object, linked through gc_next */
    size_t bytes_allocated; /* objects plus memory counted by gc_*_mem */
    size_t next_gc;         /* collect when bytes_allocated passes this */
    bool stress;            /* collect at every gc_alloc */
    bool collecting;
    Obj **gray;             /* mark stack */
    size_t gray_len, gray_cap;
} Heap;

typedef struct StrTable {
    ObjStr **slots; /* open addressing; NULL empty, tombstone see str.c */
    size_t count;   /* live + tombstones */
    size_t cap;     /* power of two */
} StrTable;

struct Interp {
    Heap heap;
    StrTable strings;                 /* the intern table (weak) */
    ObjClass *types[TY__COUNT];       /* classes from builtin_types.h */
    ObjStr *names[NAME__COUNT];       /* names.h */
    ObjTuple *empty_tuple;
    ObjStr *empty_str;
    Value not_implemented;            /* the NotImplemented singleton */
    Value ellipsis;                   /* the Ellipsis singleton */
    ObjDict *modules;                 /* sys.modules */
    ObjModule *builtins_module;
    ObjDict *builtins;                /* builtins_module->dict */
    ObjModule *sys_module;
    ObjList *sys_path;
    ObjList *sys_argv;
    ObjModule *main_module;
    struct ThreadState *threads;      /* every live ThreadState */
    struct ThreadState *main_thread;
    int recursion_limit;              /* sys.setrecursionlimit, default 1000 */
    SourceFile *sources;
    const char *lib_dir;              /* where the lib/ modules are installed */
    const char *program_name;         /* argv[0], for messages */
    atomic_int eval_breaker;          /* non-zero: the eval loop must look at pending work */
    atomic_int pending_sigint;        /* set by the SIGINT handler */
    atomic_int stop_pending;          /* threads asked to stop (a second
                                         Ctrl-C) that have not yet seen it */
    Gil gil;                          /* gil.h; guards the heap and everything here */
    Events events;                    /* events.h: the event ring and the trace */
    Console console;                  /* console.h: the prompt's terminal */
    bool instr_hook;                  /* the eval loop calls out before every
                                         instruction (check=every or ops trace) */
    int nthreads;                     /* live ThreadStates (under gil.mutex) */
    uint32_t next_serial;             /* serial of the last ThreadState made */
    uint32_t raw_threads;             /* threads _thread started unnamed ("Dummy-N") */
    Value memory_error;               /* preallocated MemoryError instance */
    int exit_code;                    /* set by SystemExit at top level */
    /* The terminal (term.h): colour on standard output / error. */
    bool colour_out, colour_err;
    /* The REPL's last statement, start and end (gil_now_ns), for the
     * default span of :timeline; both 0 before the first. */
    uint64_t last_run_start_ns, last_run_end_ns;
    /* Called in a child process made by fork (fork.c), once the
     * interpreter is whole again: main.c starts its signal watcher there
     * too.  NULL: nothing to do. */
    void (*fork_child_hook)(Interp *interp);
    /* The child processes forked and not yet reaped (fork.c), for the
     * REPL's :threads; changed under the GIL. */
    struct ChildProc *children;
    size_t nchildren, children_cap;
};

/* Temporary GC roots: C code that holds an object across an allocation
 * pushes it here (PROTECT) and pops it when done (UNPROTECT). */
typedef struct RootStack {
    Value *items;
    size_t len, cap;
} RootStack;

/* Frames of ordinary calls are carved from chunks of this arena, LIFO. */
typedef struct FrameArena {
    char *base;
    size_t used, cap;
    struct FrameArena *prev;
} FrameArena;

struct ThreadState {
    Interp *interp;
    struct ThreadState *next;  /* in interp->threads */
    Frame *frame;              /* innermost frame, NULL when idle */
    int depth;                 /* Python-level call depth */
    Value exc;                 /* exception being raised, UNDEF when none */
    Value handled_exc;         /* exception being handled (sys.exc_info), UNDEF when none */
    RootStack roots;
    FrameArena *arena;
    uint64_t ident;            /* thread identity as _thread.get_ident shows it */
    ObjList *repr_guard;       /* containers whose repr is in progress, to print [...] */

    /* Threads (gil.c, mod_thread.c).  `countdown` and the tick counts are
     * the owner's alone; the rest changes under interp->gil.mutex. */
    int countdown;             /* check sites left before the next GIL check */
    int countdown_start;       /* what countdown was reset to */
    uint64_t ticks;            /* check sites passed in this thread's life */
    uint32_t serial;           /* 1 = main thread, then in order of creation */
    char name[64];             /* display name: "MainThread", "Thread-1 (f)" */
    pthread_t pthread;
    pthread_cond_t wake;       /* signalled when this thread may go on */
    ThreadRun run;
    bool in_ready;             /* in gil.ready_first ... */
    struct ThreadState *ready_next;
    Waitable *blocked_on;      /* what it waits for (RUN_BLOCKED) */
    struct ThreadState *wait_next; /* in blocked_on's queue */
    bool has_deadline;         /* RUN_BLOCKED with a timeout, or RUN_SLEEPING */
    uint64_t deadline_ns;      /* gil_now_ns time the wait ends */
    bool woken;                /* the wait is over; wake_result says why */
    WaitResult wake_result;
    bool awaiting_switch;      /* forced switching: wants a switch_number change */
    bool deadlocked;           /* reported by the deadlock detector */
    uint64_t hold_ns;          /* total time holding the GIL */
    uint64_t wait_ns;          /* total time waiting for it */
    uint64_t request_ns;       /* when it last asked for it */
    uint64_t acquisitions;     /* times it took the GIL */
    atomic_bool stop_requested; /* raise SystemExit at the next check or
                                   out of a wait (gil_stop_others) */
    Value handle;              /* its _thread._ThreadHandle, or NONE */
    Value start_fn, start_args, start_kwargs; /* what the thread runs */
};

/* Interpreter life cycle (interp.c). */
Interp *interp_new(void);
void interp_free(Interp *interp);
ThreadState *interp_main_thread(Interp *interp);
/* A ThreadState not yet linked into interp->threads (gil_thread_register
 * links it), and its release once it has left. */
ThreadState *thread_state_new(Interp *interp);
/* Make [ts]'s wake condition (on the monotonic clock, as gil.c's timed
 * waits expect): 0, or an error number.  Also used to make it anew in a
 * child process after fork. */
int thread_state_init_wake(ThreadState *ts);
void thread_state_free(ThreadState *ts);
/* The live thread whose ident is [ident], or NULL.  Caller holds the GIL. */
ThreadState *interp_find_thread(Interp *interp, uint64_t ident);

/* Remember the source of [filename] so tracebacks can quote its lines.  The
 * text is copied.  A later registration of the same name replaces it. */
void interp_add_source(Interp *interp, const char *filename, const char *text,
                       size_t len);
/* Line [lineno] (1-based) of [filename] without its newline or leading
 * blanks stripped, or NULL.  *len receives its length in bytes. */
const char *interp_source_line(Interp *interp, const char *filename,
                               int lineno, size_t *len);

#define TYPE(ts, id) ((ts)->interp->types[TY_##id])

#endif

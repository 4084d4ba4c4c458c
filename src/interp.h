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

#include "frame.h"
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
    Value memory_error;               /* preallocated MemoryError instance */
    int exit_code;                    /* set by SystemExit at top level */
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
};

/* Interpreter life cycle (interp.c). */
Interp *interp_new(void);
void interp_free(Interp *interp);
ThreadState *interp_main_thread(Interp *interp);

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

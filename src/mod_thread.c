/* mod_thread.c - the _thread module: starting threads, locks, RLocks and
 * thread handles.  lib/threading.mpy builds everything else on these.
 *
 * A lock is plain data guarded by the GIL (a flag, or an owner and a
 * count) plus a Waitable (gil.h) that holds the threads blocked on it.
 * Acquiring a free lock is a store; acquiring a taken one blocks in
 * gil_wait, which lets the GIL go; releasing wakes the first waiter, which
 * takes the lock if it is still free when it runs again (or waits again).
 * So the scheduler and the deadlock detector see every wait.
 *
 * A thread is a POSIX thread running thread_main: take the GIL, call the
 * function, print an escaping exception, mark the handle done and wake its
 * joiners, leave.  Its function and arguments stay rooted in its
 * ThreadState until then.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "args.h"
#include "builtins.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "str.h"
#include "thread_start.h"
#include "tuple.h"

/* CPython's _thread.TIMEOUT_MAX on Linux. */
#define TIMEOUT_MAX 9223372036.0

typedef struct LockData {
    Waitable w;
    bool locked;         /* Lock */
    unsigned long count; /* RLock: recursion depth; w.owner holds it */
} LockData;

typedef struct HandleData {
    Waitable w; /* kind JOIN, owner = the thread's ident */
    bool done;
} HandleData;

static void no_mark(Interp *interp, void *data)
{
    (void)interp;
    (void)data;
}

static void waitable_free(void *data)
{
    gil_waitable_fini(data); /* Waitable is the first member of both */
    free(data);
}

static const NativeDataType lock_type = {"lock", no_mark, waitable_free};
static const NativeDataType rlock_type = {"RLock", no_mark, waitable_free};
static const NativeDataType handle_type = {"_ThreadHandle", no_mark,
                                           waitable_free};

static Value new_data_object(ThreadState *ts, ObjClass *cls,
                             const NativeDataType *type, size_t size,
                             WaitKind kind)
{
    if (!cls)
        return RAISE(ts, SystemError, "_thread is not initialised");
    Waitable *w = calloc(1, size);
    if (!w)
        return exc_no_memory(ts);
    w->kind = kind;
    ObjNativeData *n =
        gc_alloc(ts, sizeof(ObjNativeData), OBJ_NATIVE_DATA, cls);
    if (!n) {
        free(w);
        return ERR_VAL;
    }
    n->type = type;
    n->data = w;
    return OBJ_VAL(n);
}

/* ---- acquiring ---------------------------------------------------------- */

/* blocking and timeout of acquire(), checked as CPython checks them;
 * *timeout < 0 means no limit. */
static int acquire_args(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames, bool *blocking, double *timeout)
{
    static const ArgSpec spec = {"acquire", 2, 0, {"blocking", "timeout"}};
    Value a[2];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return -1;
    *blocking = true;
    *timeout = -1;
    if (!IS_UNDEF(a[0])) {
        int t = obj_truthy(ts, a[0]);
        if (t < 0)
            return -1;
        *blocking = t;
    }
    if (!IS_UNDEF(a[1])) {
        if (builtins_seconds_arg(ts, a[1], timeout) < 0)
            return -1;
        if (isnan(*timeout)) {
            RAISE(ts, ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
        if (fabs(*timeout) > TIMEOUT_MAX) {
            RAISE(ts, OverflowError,
                  "timestamp out of range for platform time_t");
            return -1;
        }
    }
    if (!*blocking && *timeout != -1) {
        RAISE(ts, ValueError,
              "can't specify a timeout for a non-blocking call");
        return -1;
    }
    if (*timeout < 0 && *timeout != -1) {
        RAISE(ts, ValueError, "timeout value must be positive");
        return -1;
    }
    return 0;
}

/* Is [l] free for [ts]?  A Lock when unlocked; an RLock when nobody holds
 * it (re-entry is handled before waiting). */
static bool lock_free(const LockData *l)
{
    return l->w.kind == WAITABLE_LOCK ? !l->locked : l->count == 0;
}

static void lock_take(ThreadState *ts, LockData *l)
{
    l->w.owner = ts->ident;
    if (l->w.kind == WAITABLE_LOCK)
        l->locked = true;
    else
        l->count = 1;
}

/* Wait for [l] to be free and take it: 1 taken, 0 timed out, -1 error
 * (KeyboardInterrupt, DeadlockError). */
static int lock_acquire(ThreadState *ts, LockData *l, bool blocking,
                        double timeout)
{
    if (lock_free(l)) {
        lock_take(ts, l);
        return 1;
    }
    if (!blocking)
        return 0;
    uint64_t start = gil_now_ns(ts->interp);
    for (;;) {
        double left = -1;
        if (timeout >= 0) {
            double spent = (double)(gil_now_ns(ts->interp) - start) * 1e-9;
            left = timeout > spent ? timeout - spent : 0;
        }
        WaitResult r = gil_wait(ts, &l->w, left);
        if (lock_free(l)) {
            lock_take(ts, l);
            return 1;
        }
        if (r == WAIT_TIMEOUT)
            return 0;
        if (gil_raise_for(ts, r) < 0)
            return -1;
    }
}

/* ---- Lock ---------------------------------------------------------------- */

static LockData *lock_self(ThreadState *ts, const char *meth, int argc,
                           Value *argv)
{
    LockData *l = argc > 0 ? native_data_of(argv[0], &lock_type) : NULL;
    if (!l)
        args_wrong_self(ts, "lock", meth, argc, argv);
    return l;
}

/* acquire() of a Lock or an RLock [l] (NULL: the self check failed). */
static Value acquire_method(ThreadState *ts, LockData *l, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    bool blocking;
    double timeout;
    if (!l ||
        acquire_args(ts, argc - 1, argv + 1, kwnames, &blocking, &timeout) < 0)
        return ERR_VAL;
    if (l->w.kind == WAITABLE_RLOCK && l->count > 0 &&
        l->w.owner == ts->ident) {
        l->count++; /* re-entry */
        return TRUE_VAL;
    }
    int r = lock_acquire(ts, l, blocking, timeout);
    return r < 0 ? ERR_VAL : BOOL_VAL(r);
}

static Value lock_acquire_method(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    return acquire_method(ts, lock_self(ts, "acquire", argc, argv), argc, argv,
                          kwnames);
}

static Value lock_release_method(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = lock_self(ts, "release", argc, argv);
    if (!l)
        return ERR_VAL;
    if (!l->locked)
        return RAISE(ts, RuntimeError, "release unlocked lock");
    l->locked = false;
    l->w.owner = 0;
    gil_wake_one(ts, &l->w);
    return NONE_VAL;
}

static Value lock_exit_method(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    Value r = lock_release_method(ts, argc > 0 ? 1 : 0, argv, kwnames);
    return IS_ERR(r) ? r : NONE_VAL;
}

static Value lock_locked_method(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = lock_self(ts, "locked", argc, argv);
    return l ? BOOL_VAL(l->locked) : ERR_VAL;
}

static Value lock_repr_method(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = lock_self(ts, "__repr__", argc, argv);
    if (!l)
        return ERR_VAL;
    char buf[96];
    snprintf(buf, sizeof buf, "<%s _thread.lock object at %p>",
             l->locked ? "locked" : "unlocked", (void *)AS_OBJ(argv[0]));
    return OBJ_VAL(str_from_cstr(ts, buf));
}

static Value allocate_lock(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "allocate_lock", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return new_data_object(ts, native_module_class(ts, "_thread", "LockType"),
                           &lock_type, sizeof(LockData), WAITABLE_LOCK);
}

/* ---- RLock --------------------------------------------------------------- */

static LockData *rlock_self(ThreadState *ts, const char *meth, int argc,
                            Value *argv)
{
    LockData *l = argc > 0 ? native_data_of(argv[0], &rlock_type) : NULL;
    if (!l)
        args_wrong_self(ts, "_thread.RLock", meth, argc, argv);
    return l;
}

static Value rlock_construct(ThreadState *ts, ObjClass *cls, int argc,
                             Value *argv, ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "RLock", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return new_data_object(ts, cls, &rlock_type, sizeof(LockData),
                           WAITABLE_RLOCK);
}

static Value rlock_acquire_method(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    return acquire_method(ts, rlock_self(ts, "acquire", argc, argv), argc, argv,
                          kwnames);
}

static Value rlock_release_method(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = rlock_self(ts, "release", argc, argv);
    if (!l)
        return ERR_VAL;
    if (l->count == 0 || l->w.owner != ts->ident)
        return RAISE(ts, RuntimeError, "cannot release un-acquired lock");
    if (--l->count == 0) {
        l->w.owner = 0;
        gil_wake_one(ts, &l->w);
    }
    return NONE_VAL;
}

static Value rlock_exit_method(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    Value r = rlock_release_method(ts, argc > 0 ? 1 : 0, argv, kwnames);
    return IS_ERR(r) ? r : NONE_VAL;
}

static Value rlock_is_owned(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = rlock_self(ts, "_is_owned", argc, argv);
    if (!l)
        return ERR_VAL;
    return BOOL_VAL(l->count > 0 && l->w.owner == ts->ident);
}

static Value rlock_recursion_count(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = rlock_self(ts, "_recursion_count", argc, argv);
    if (!l)
        return ERR_VAL;
    return INT_VAL(l->w.owner == ts->ident ? (int64_t)l->count : 0);
}

/* Condition.wait on an RLock: let go of every level at once... */
static Value rlock_release_save(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = rlock_self(ts, "_release_save", argc, argv);
    if (!l)
        return ERR_VAL;
    if (l->count == 0)
        return RAISE(ts, RuntimeError, "cannot release un-acquired lock");
    Value state[2] = {INT_VAL((int64_t)l->count), INT_VAL((int64_t)l->w.owner)};
    ObjTuple *t = tuple_from_array(ts, state, 2);
    if (!t)
        return ERR_VAL;
    l->count = 0;
    l->w.owner = 0;
    gil_wake_one(ts, &l->w);
    return OBJ_VAL(t);
}

/* ... and take them all back afterwards. */
static Value rlock_acquire_restore(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = rlock_self(ts, "_acquire_restore", argc, argv);
    if (!l)
        return ERR_VAL;
    if (argc != 2 || !IS_TUPLE(argv[1]) || AS_TUPLE(argv[1])->len != 2 ||
        !IS_INT(AS_TUPLE(argv[1])->items[0]))
        return RAISE(ts, TypeError, "_acquire_restore() takes a state tuple");
    int r = lock_acquire(ts, l, true, -1);
    if (r < 0)
        return ERR_VAL;
    l->count = (unsigned long)AS_INT(AS_TUPLE(argv[1])->items[0]);
    return NONE_VAL;
}

static Value rlock_repr_method(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    (void)kwnames;
    LockData *l = rlock_self(ts, "__repr__", argc, argv);
    if (!l)
        return ERR_VAL;
    char buf[160];
    snprintf(buf, sizeof buf,
             "<%s _thread.RLock object owner=%llu count=%lu at %p>",
             l->count ? "locked" : "unlocked",
             (unsigned long long)(l->count ? l->w.owner : 0), l->count,
             (void *)AS_OBJ(argv[0]));
    return OBJ_VAL(str_from_cstr(ts, buf));
}

/* ---- starting threads ------------------------------------------------- */

/* function(*args, **kwargs) */
static Value call_with(ThreadState *ts, Value fn, Value args, Value kwargs)
{
    ObjTuple *a = AS_TUPLE(args);
    size_t nkw = IS_KIND(kwargs, OBJ_DICT) ? AS_DICT(kwargs)->len : 0;
    if (nkw == 0)
        return obj_call(ts, fn, (int)a->len, a->items, NULL);
    size_t n = a->len + nkw;
    Value *argv = malloc(sizeof *argv * n);
    ObjTuple *names = argv ? tuple_new(ts, nkw) : NULL;
    if (!names) {
        free(argv);
        return argv ? ERR_VAL : exc_no_memory(ts);
    }
    PROTECT_OBJ(ts, names);
    memcpy(argv, a->items, sizeof *argv * a->len);
    size_t pos = 0, i = 0;
    Value k, v;
    while (i < nkw && dict_next(AS_DICT(kwargs), &pos, &k, &v)) {
        if (!IS_STR(k)) {
            UNPROTECT(ts, 1);
            free(argv);
            return RAISE(ts, TypeError, "keywords must be strings");
        }
        names->items[i] = k;
        argv[a->len + i] = v;
        i++;
    }
    Value r = obj_call(ts, fn, (int)a->len, argv, names);
    UNPROTECT(ts, 1);
    free(argv);
    return r;
}

/* What CPython prints for an exception that escapes a thread started with
 * _thread (threading catches its own). */
static void report_thread_exception(ThreadState *ts, Value fn, Value exc)
{
    PROTECT(ts, exc);
    Value r = obj_repr(ts, fn);
    fflush(stdout);
    char head[256];
    int n = snprintf(head, sizeof head,
                     "Exception ignored in thread started by: %s\n",
                     IS_ERR(r) ? "<function>" : AS_STR(r)->data);
    if (n > 0)
        console_write(&ts->interp->console, stderr, head,
                      (size_t)n < sizeof head ? (size_t)n : sizeof head - 1);
    if (IS_ERR(r))
        exc_clear(ts);
    exc_print(ts, exc, stderr);
    fflush(stderr);
    UNPROTECT(ts, 1);
}

static void *thread_main(void *arg)
{
    ThreadState *ts = arg;
    gil_acquire(ts);
    ts->pthread = pthread_self();
    Value r = call_with(ts, ts->start_fn, ts->start_args, ts->start_kwargs);
    if (IS_ERR(r)) {
        Value exc = exc_fetch(ts);
        if (!obj_isinstance(ts, exc, TYPE(ts, SystemExit)))
            report_thread_exception(ts, ts->start_fn, exc);
    }
    ts->start_fn = ts->start_args = ts->start_kwargs = NONE_VAL;
    HandleData *h = native_data_of(ts->handle, &handle_type);
    if (h) {
        h->done = true;
        gil_wake_all(ts, &h->w);
    }
    ts->handle = NONE_VAL;
    gil_thread_exit(ts);
    thread_state_free(ts);
    return NULL;
}

void thread_fork_child(ThreadState *ts)
{
    for (ThreadState *t = ts->interp->threads; t; t = t->next) {
        if (t == ts)
            continue;
        HandleData *h = native_data_of(t->handle, &handle_type);
        if (h)
            h->done = true; /* join() returns, is_alive() is False */
    }
}

/* Start [fn](*args, **kwargs) on a new thread; its ident, or -1. */
static int64_t spawn(ThreadState *ts, Value fn, Value args, Value kwargs,
                     const char *name, Value handle)
{
    Interp *interp = ts->interp;
    ThreadState *t = thread_state_new(interp);
    if (!t) {
        exc_no_memory(ts);
        return -1;
    }
    t->start_fn = fn;
    t->start_args = args;
    t->start_kwargs = kwargs;
    t->handle = handle;
    if (name)
        snprintf(t->name, sizeof t->name, "%s", name);
    else
        snprintf(t->name, sizeof t->name, "Dummy-%u", ++interp->raw_threads);
    gil_thread_register(ts, t);
    HandleData *h = native_data_of(handle, &handle_type);
    if (h)
        h->w.owner = t->ident;
    int64_t ident = (int64_t)t->ident;
    /* returns once the thread runs: a fork from here on finds it whole */
    if (thread_start_detached(thread_main, t) != 0) {
        gil_thread_unregister(ts, t);
        thread_state_free(t);
        RAISE(ts, RuntimeError, "can't start new thread");
        return -1;
    }
    return ident;
}

static int check_start_args(ThreadState *ts, Value fn, Value args, Value kwargs)
{
    if (!obj_callable(ts, fn)) {
        RAISE(ts, TypeError, "first arg must be callable");
        return -1;
    }
    if (!IS_TUPLE(args)) {
        RAISE(ts, TypeError, "2nd arg must be a tuple");
        return -1;
    }
    if (!IS_NONE(kwargs) && !IS_KIND(kwargs, OBJ_DICT)) {
        RAISE(ts, TypeError, "optional 3rd arg must be a dictionary");
        return -1;
    }
    return 0;
}

static Value start_new_thread(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (args_positional(ts, "start_new_thread", argc, kwnames, 2, 3) < 0)
        return ERR_VAL;
    Value kwargs = argc > 2 ? argv[2] : NONE_VAL;
    if (check_start_args(ts, argv[0], argv[1], kwargs) < 0)
        return ERR_VAL;
    int64_t ident = spawn(ts, argv[0], argv[1], kwargs, NULL, NONE_VAL);
    return ident < 0 ? ERR_VAL : INT_VAL(ident);
}

static Value start_joinable_thread(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    static const ArgSpec spec = {
        "start_joinable_thread", 3, 1, {"function", "args", "kwargs", "name"}};
    Value a[4];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    Value args = IS_UNDEF(a[1]) ? OBJ_VAL(ts->interp->empty_tuple) : a[1];
    Value kwargs = IS_UNDEF(a[2]) ? NONE_VAL : a[2];
    if (check_start_args(ts, a[0], args, kwargs) < 0)
        return ERR_VAL;
    const char *name = NULL;
    if (!IS_UNDEF(a[3]) && !IS_NONE(a[3])) {
        if (!IS_STR(a[3]))
            return RAISE(ts, TypeError, "name must be a str");
        name = AS_STR(a[3])->data;
    }
    Value handle =
        new_data_object(ts, native_module_class(ts, "_thread", "_ThreadHandle"),
                        &handle_type, sizeof(HandleData), WAITABLE_JOIN);
    if (IS_ERR(handle))
        return ERR_VAL;
    PROTECT(ts, handle);
    int64_t ident = spawn(ts, a[0], args, kwargs, name, handle);
    UNPROTECT(ts, 1);
    return ident < 0 ? ERR_VAL : handle;
}

/* ---- thread handles ------------------------------------------------------ */

static HandleData *handle_self(ThreadState *ts, const char *meth, int argc,
                               Value *argv)
{
    HandleData *h = argc > 0 ? native_data_of(argv[0], &handle_type) : NULL;
    if (!h)
        args_wrong_self(ts, "_ThreadHandle", meth, argc, argv);
    return h;
}

static Value handle_join(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    static const ArgSpec spec = {"join", 1, 0, {"timeout"}};
    HandleData *h = handle_self(ts, "join", argc, argv);
    Value a[1];
    if (!h || args_parse(ts, &spec, argc - 1, argv + 1, kwnames, a) < 0)
        return ERR_VAL;
    double timeout = -1;
    if (!IS_UNDEF(a[0]) && !IS_NONE(a[0])) {
        if (builtins_seconds_arg(ts, a[0], &timeout) < 0)
            return ERR_VAL;
        if (isnan(timeout))
            return RAISE(ts, ValueError, "Invalid value NaN (not a number)");
        if (timeout < 0)
            timeout = 0;
        else if (timeout > TIMEOUT_MAX)
            timeout = -1; /* as good as for ever */
    }
    if (h->done)
        return NONE_VAL;
    if (h->w.owner == ts->ident)
        return RAISE(ts, RuntimeError, "Cannot join current thread");
    if (timeout < 0 && gil_thread_deadlocked(ts->interp, h->w.owner))
        return gil_raise_for(ts, WAIT_DEADLOCK), ERR_VAL;
    uint64_t start = gil_now_ns(ts->interp);
    while (!h->done) {
        double left = -1;
        if (timeout >= 0) {
            double spent = (double)(gil_now_ns(ts->interp) - start) * 1e-9;
            left = timeout > spent ? timeout - spent : 0;
        }
        WaitResult r = gil_wait(ts, &h->w, left);
        if (h->done || r == WAIT_TIMEOUT)
            break;
        if (gil_raise_for(ts, r) < 0)
            return ERR_VAL;
    }
    return NONE_VAL;
}

static Value handle_is_done(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    (void)kwnames;
    HandleData *h = handle_self(ts, "is_done", argc, argv);
    return h ? BOOL_VAL(h->done) : ERR_VAL;
}

static Value handle_ident(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    (void)kwnames;
    HandleData *h = handle_self(ts, "ident", argc, argv);
    return h ? INT_VAL((int64_t)h->w.owner) : ERR_VAL;
}

/* ---- the rest of the module --------------------------------------------- */

static Value get_ident(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "get_ident", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)ts->ident);
}

static Value get_native_id(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "get_native_id", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)syscall(SYS_gettid));
}

static Value thread_count(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "_count", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return INT_VAL(ts->interp->nthreads - 1);
}

static Value thread_exit(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "exit", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return exc_raise_value(ts, OBJ_VAL(TYPE(ts, SystemExit)));
}

static Value interrupt_main(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "interrupt_main", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    gil_interrupt_main(ts->interp);
    return NONE_VAL;
}

/* _set_name(ident, name): the name traces and reports use. */
static Value set_name(ThreadState *ts, int argc, Value *argv, ObjTuple *kwnames)
{
    if (args_positional(ts, "_set_name", argc, kwnames, 2, 2) < 0)
        return ERR_VAL;
    if (!IS_INT(argv[0]) || !IS_STR(argv[1]))
        return RAISE(ts, TypeError,
                     "_set_name(ident, name) takes an int and a str");
    ThreadState *t = interp_find_thread(ts->interp, (uint64_t)AS_INT(argv[0]));
    if (t) {
        pthread_mutex_lock(&ts->interp->gil.mutex);
        snprintf(t->name, sizeof t->name, "%s", AS_STR(argv[1])->data);
        pthread_mutex_unlock(&ts->interp->gil.mutex);
        events_name_thread(&ts->interp->events, t->serial, t->name);
    }
    return NONE_VAL;
}

/* _set_label(lock, text): how a deadlock report names the lock. */
static Value set_label(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (args_positional(ts, "_set_label", argc, kwnames, 2, 2) < 0)
        return ERR_VAL;
    LockData *l = native_data_of(argv[0], &lock_type);
    if (!l)
        l = native_data_of(argv[0], &rlock_type);
    if (!l || !IS_STR(argv[1]))
        return RAISE(ts, TypeError,
                     "_set_label(lock, text) takes a lock and a str");
    char *copy = strdup(AS_STR(argv[1])->data);
    if (!copy)
        return exc_no_memory(ts);
    free(l->w.label);
    l->w.label = copy;
    return NONE_VAL;
}

static Value print_exception(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    if (args_positional(ts, "_print_exception", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    fflush(stdout);
    exc_print(ts, argv[0], stderr);
    fflush(stderr);
    return NONE_VAL;
}

ObjModule *mod_thread_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "_thread");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const ModuleFn fns[] = {
        {"start_new_thread", start_new_thread},
        {"start_new", start_new_thread},
        {"start_joinable_thread", start_joinable_thread},
        {"allocate_lock", allocate_lock},
        {"allocate", allocate_lock},
        {"get_ident", get_ident},
        {"get_native_id", get_native_id},
        {"_count", thread_count},
        {"exit", thread_exit},
        {"exit_thread", thread_exit},
        {"interrupt_main", interrupt_main},
        {"_set_name", set_name},
        {"_set_label", set_label},
        {"_print_exception", print_exception},
    };
    static const ModuleFn lock_methods[] = {
        {"acquire", lock_acquire_method},
        {"acquire_lock", lock_acquire_method},
        {"release", lock_release_method},
        {"release_lock", lock_release_method},
        {"locked", lock_locked_method},
        {"locked_lock", lock_locked_method},
        {"__enter__", lock_acquire_method},
        {"__exit__", lock_exit_method},
        {"__repr__", lock_repr_method},
    };
    static const ModuleFn rlock_methods[] = {
        {"acquire", rlock_acquire_method},
        {"release", rlock_release_method},
        {"__enter__", rlock_acquire_method},
        {"__exit__", rlock_exit_method},
        {"_is_owned", rlock_is_owned},
        {"_recursion_count", rlock_recursion_count},
        {"_release_save", rlock_release_save},
        {"_acquire_restore", rlock_acquire_restore},
        {"__repr__", rlock_repr_method},
    };
    static const ModuleFn handle_methods[] = {
        {"join", handle_join},
        {"is_done", handle_is_done},
        {"@ident", handle_ident},
    };
    if (module_add_fns(ts, mod, fns, sizeof fns / sizeof *fns) < 0 ||
        !module_add_class(ts, mod, "lock", "LockType", lock_methods,
                          sizeof lock_methods / sizeof *lock_methods) ||
        !module_add_class(ts, mod, "RLock", "RLock", rlock_methods,
                          sizeof rlock_methods / sizeof *rlock_methods) ||
        !module_add_class(ts, mod, "_ThreadHandle", "_ThreadHandle",
                          handle_methods,
                          sizeof handle_methods / sizeof *handle_methods) ||
        module_add_value(ts, mod, "error", OBJ_VAL(TYPE(ts, RuntimeError))) <
            0 ||
        module_add_value(ts, mod, "TIMEOUT_MAX", FLOAT_VAL(TIMEOUT_MAX)) < 0) {
        UNPROTECT(ts, 1);
        return NULL;
    }
    /* RLock() makes one */
    Value rl;
    ObjStr *key = str_intern_cstr(ts, "RLock");
    if (key && dict_get_str(mod->dict, key, &rl))
        AS_CLASS(rl)->construct = rlock_construct;
    Value lt;
    key = str_intern_cstr(ts, "LockType");
    if (key && dict_get_str(mod->dict, key, &lt))
        module_add_value(ts, mod, "lock", lt);
    UNPROTECT(ts, 1);
    return mod;
}

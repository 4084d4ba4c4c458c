/* mod_process.c - _process, the native half of multiprocessing.
 *
 * lib/multiprocessing is written in mpy; this module gives it what only
 * the operating system can: processes, the pipes between them, and memory
 * and semaphores they share.  Everything else (Process objects, queues,
 * pools) is built from these in mpy.
 *
 *   fork(name=None)          a child process; see fork.c for how the
 *                            interpreter survives it with its threads
 *   waitpid(pid, block=True) the child's exit code (-N: killed by signal
 *                            N), or None if it runs and block is False
 *   kill(pid, sig), _exit(code), SIGTERM, SIGKILL, SIGINT
 *   pipe(), socketpair(), close(fd)
 *   write_message(fd, data)  one message: a 4-byte length, then the bytes
 *   read_message(fd)         the next message; EOFError at end of file
 *   poll(fd, timeout=None)   whether a read would not block
 *   dumps(obj), loads(data)  values as bytes (serial.c)
 *   SemLock(kind, value, maxvalue)
 *                            a semaphore in memory shared with the
 *                            children forked after it was made
 *   SharedArray(typecode, n) n numbers (or bytes) in such memory
 *   monotonic(), nap(s)      the real clock, and a real sleep
 *
 * Waiting.  A wait for a child, a message or a semaphore releases the GIL,
 * so the other threads of the process go on, and is cut into slices: SIGINT
 * only raises a flag (a watcher thread takes the signal), so between slices
 * the main thread looks at the flag and raises KeyboardInterrupt.  A pipe
 * is polled, so data wakes the wait at once; so is a child's end, through
 * a pidfd (Linux 5.3 and later; elsewhere the wait naps in slices growing
 * from 1 ms to 20 ms, as a semaphore's does).
 * The waits are in real time in every GIL policy: another process does
 * not run on the deterministic scheduler's virtual clock.
 *
 * Shared memory.  SemLock and SharedArray map anonymous shared memory
 * (mmap MAP_SHARED): a child forked afterwards maps the same pages, so a
 * sem_t made with pshared=1 there is one semaphore for all of them.  Each
 * process unmaps its view when its object is collected; the memory goes
 * when the last view does. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "builtins.h"
#include "bytes.h"
#include "dict.h"
#include "exc.h"
#include "fork.h"
#include "gc.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "range.h"
#include "serial.h"
#include "str.h"
#include "strbuf.h"
#include "tuple.h"

/* The longest slice of a wait between two looks at Ctrl-C. */
#define SLICE_MAX_MS 20
/* The longest message read_message accepts (a corrupt length otherwise
 * asks for gigabytes). */
#define MESSAGE_MAX ((uint32_t)1 << 30)

/* ---- helpers --------------------------------------------------------------
 */


static int int_arg(ThreadState *ts, Value v, const char *what, int64_t *out)
{
    if (!IS_INT(v)) {
        RAISE(ts, TypeError, "%s must be an integer, not %s", what,
              obj_type_name(ts, v));
        return -1;
    }
    *out = AS_INT(v);
    return 0;
}

static int fd_arg(ThreadState *ts, Value v, int *fd)
{
    int64_t n;
    if (int_arg(ts, v, "file descriptor", &n) < 0)
        return -1;
    if (n < 0 || n > INT32_MAX) {
        RAISE(ts, ValueError, "bad file descriptor %lld", (long long)n);
        return -1;
    }
    *fd = (int)n;
    return 0;
}

/* After a slice of a wait: true (KeyboardInterrupt raised) when Ctrl-C
 * came and this is the main thread. */
static bool interrupted(ThreadState *ts)
{
    Interp *interp = ts->interp;
    if (ts != interp->main_thread || !gil_take_interrupt(interp))
        return false;
    exc_raise_value(ts, OBJ_VAL(TYPE(ts, KeyboardInterrupt)));
    return true;
}

/* Sleep [ms] milliseconds with the GIL released. */
static void nap(ThreadState *ts, int ms)
{
    bool released = gil_outside_begin_any(ts);
    struct timespec t = {.tv_sec = ms / 1000,
                         .tv_nsec = (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
    gil_outside_end(ts, released);
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* monotonic(): the real clock, in every policy.  multiprocessing measures
 * its waits on other processes with it: they take real time, and under the
 * deterministic policy time.monotonic() would not see it pass. */
static Value process_monotonic(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "monotonic", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return FLOAT_VAL(now_seconds());
}

/* nap(seconds): sleep in real time, in every policy, with the GIL
 * released; Ctrl-C cuts it short.  The pause between two looks at another
 * process. */
static Value process_nap(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (args_positional(ts, "nap", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    double seconds;
    if (builtins_seconds_arg(ts, argv[0], &seconds) < 0)
        return ERR_VAL;
    if (seconds < 0)
        return RAISE(ts, ValueError, "sleep length must be non-negative");
    double deadline = now_seconds() + seconds;
    for (;;) {
        double left = deadline - now_seconds();
        if (left <= 0)
            return NONE_VAL;
        nap(ts, left * 1000 < SLICE_MAX_MS ? (int)ceil(left * 1000)
                                           : SLICE_MAX_MS);
        if (interrupted(ts))
            return ERR_VAL;
    }
}

/* Poll [fd] for reading for up to [timeout] seconds (< 0: no limit), the
 * GIL released, in slices: 1 ready, 0 not, -1 error (exception set). */
static int wait_readable(ThreadState *ts, int fd, double timeout)
{
    double deadline = timeout < 0 ? 0 : now_seconds() + timeout;
    for (;;) {
        int slice = 100;
        if (timeout >= 0) {
            double left = deadline - now_seconds();
            if (left < 0)
                left = 0;
            if (left * 1000 < slice)
                slice = (int)ceil(left * 1000);
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        bool released = slice > 0 ? gil_outside_begin_any(ts) : false;
        int r = poll(&p, 1, slice);
        int err = errno;
        if (slice > 0)
            gil_outside_end(ts, released);
        if (r > 0) {
            if (p.revents & POLLNVAL) {
                exc_raise_os(ts, EBADF, NULL);
                return -1;
            }
            return 1;
        }
        if (r < 0 && err != EINTR) {
            exc_raise_os(ts, err, NULL);
            return -1;
        }
        if (interrupted(ts))
            return -1;
        if (timeout >= 0 && now_seconds() >= deadline)
            return 0;
    }
}

/* ---- processes ----------------------------------------------------------- */

static Value process_fork(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    static const ArgSpec spec = {"fork", 1, 0, {"name"}};
    Value a[1];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    const char *name = NULL;
    if (!IS_UNDEF(a[0]) && !IS_NONE(a[0])) {
        if (!IS_STR(a[0]))
            return RAISE(ts, TypeError, "fork() name must be str, not %s",
                         obj_type_name(ts, a[0]));
        name = AS_STR(a[0])->data;
    }
    pid_t pid = interp_fork(ts, name);
    if (pid < 0)
        return exc_raise_os(ts, errno, NULL);
    return INT_VAL(pid);
}

/* The exit code of a wait status: the code, or minus the signal. */
static int64_t exit_code_of(int status)
{
    if (WIFSIGNALED(status))
        return -(int64_t)WTERMSIG(status);
    return WEXITSTATUS(status);
}

/* A descriptor that becomes readable when the child [pid] ends, or -1
 * where the system has none. */
static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

static Value process_waitpid(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    static const ArgSpec spec = {"waitpid", 2, 1, {"pid", "block"}};
    Value a[2];
    int64_t pid;
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0 ||
        int_arg(ts, a[0], "pid", &pid) < 0)
        return ERR_VAL;
    bool block = true;
    if (!IS_UNDEF(a[1])) {
        int t = obj_truthy(ts, a[1]);
        if (t < 0)
            return ERR_VAL;
        block = t;
    }
    int slice = 1;
    int pidfd = -1;
    Value result = NONE_VAL;
    for (;;) {
        int status = 0;
        pid_t r = waitpid((pid_t)pid, &status, WNOHANG);
        if (r == (pid_t)pid) {
            int64_t code = exit_code_of(status);
            fork_child_reaped(ts, (pid_t)pid, code);
            result = INT_VAL(code);
            break;
        }
        if (r < 0 && errno != EINTR) {
            result = exc_raise_os(ts, errno, NULL);
            break;
        }
        if (!block)
            break;
        if (pidfd < 0)
            pidfd = open_pidfd((pid_t)pid);
        if (pidfd >= 0) {
            if (wait_readable(ts, pidfd, -1) < 0) {
                result = ERR_VAL;
                break;
            }
            continue;
        }
        nap(ts, slice);
        if (interrupted(ts)) {
            result = ERR_VAL;
            break;
        }
        if (slice < SLICE_MAX_MS)
            slice *= 2;
    }
    if (pidfd >= 0)
        close(pidfd);
    return result;
}

static Value process_kill(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    int64_t pid, sig;
    if (args_positional(ts, "kill", argc, kwnames, 2, 2) < 0 ||
        int_arg(ts, argv[0], "pid", &pid) < 0 ||
        int_arg(ts, argv[1], "signal", &sig) < 0)
        return ERR_VAL;
    if (kill((pid_t)pid, (int)sig) < 0)
        return exc_raise_os(ts, errno, NULL);
    return NONE_VAL;
}

static Value process_exit(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    int64_t code;
    if (args_positional(ts, "_exit", argc, kwnames, 1, 1) < 0 ||
        int_arg(ts, argv[0], "exit code", &code) < 0)
        return ERR_VAL;
    fflush(stdout);
    fflush(stderr);
    _exit((int)code);
}

/* ---- pipes ------------------------------------------------------------------
 */

static Value fd_pair(ThreadState *ts, const int fds[2])
{
    ObjTuple *t = tuple_pair(ts, INT_VAL(fds[0]), INT_VAL(fds[1]));
    return t ? OBJ_VAL(t) : ERR_VAL;
}

static Value process_pipe(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "pipe", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    int fds[2];
    if (pipe(fds) < 0)
        return exc_raise_os(ts, errno, NULL);
    return fd_pair(ts, fds);
}

static Value process_socketpair(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "socketpair", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) < 0)
        return exc_raise_os(ts, errno, NULL);
    return fd_pair(ts, fds);
}

static Value process_close(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    int fd;
    if (args_positional(ts, "close", argc, kwnames, 1, 1) < 0 ||
        fd_arg(ts, argv[0], &fd) < 0)
        return ERR_VAL;
    if (close(fd) < 0)
        return exc_raise_os(ts, errno, NULL);
    return NONE_VAL;
}

static Value process_poll(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    static const ArgSpec spec = {"poll", 2, 1, {"fd", "timeout"}};
    Value a[2];
    int fd;
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0 ||
        fd_arg(ts, a[0], &fd) < 0)
        return ERR_VAL;
    double timeout = -1;
    if (!IS_UNDEF(a[1]) && !IS_NONE(a[1])) {
        if (builtins_seconds_arg(ts, a[1], &timeout) < 0)
            return ERR_VAL;
        if (timeout < 0)
            timeout = 0;
    }
    int r = wait_readable(ts, fd, timeout);
    return r < 0 ? ERR_VAL : BOOL_VAL(r > 0);
}

/* Write all of [data] to [fd] with the GIL released: 0, or errno. */
static int write_all(ThreadState *ts, int fd, const unsigned char *data,
                     size_t len)
{
    while (len > 0) {
        bool released = gil_outside_begin_any(ts);
        ssize_t n = write(fd, data, len);
        int err = errno;
        gil_outside_end(ts, released);
        if (n < 0) {
            if (err == EINTR)
                continue;
            return err;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Read exactly [len] bytes: 1 done, 0 end of file before the first byte,
 * -1 error or Ctrl-C (exception set). */
static int read_all(ThreadState *ts, int fd, unsigned char *out, size_t len)
{
    size_t got = 0;
    while (got < len) {
        int ready = wait_readable(ts, fd, -1);
        if (ready < 0)
            return -1;
        bool released = gil_outside_begin_any(ts);
        ssize_t n = read(fd, out + got, len - got);
        int err = errno;
        gil_outside_end(ts, released);
        if (n < 0) {
            if (err == EINTR || err == EAGAIN)
                continue;
            exc_raise_os(ts, err, NULL);
            return -1;
        }
        if (n == 0) {
            if (got == 0)
                return 0;
            RAISE(ts, EOFError,
                  "the other end closed in the middle of a "
                  "message");
            return -1;
        }
        got += (size_t)n;
    }
    return 1;
}

static Value process_write_message(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    int fd;
    if (args_positional(ts, "write_message", argc, kwnames, 2, 2) < 0 ||
        fd_arg(ts, argv[0], &fd) < 0)
        return ERR_VAL;
    if (!IS_KIND(argv[1], OBJ_BYTES))
        return RAISE(ts, TypeError, "a message must be bytes, not %s",
                     obj_type_name(ts, argv[1]));
    ObjBytes *b = AS_BYTES(argv[1]);
    if (b->len > MESSAGE_MAX)
        return RAISE(ts, ValueError, "message too long (%zu bytes)", b->len);
    unsigned char head[4] = {
        (unsigned char)(b->len >> 24), (unsigned char)(b->len >> 16),
        (unsigned char)(b->len >> 8), (unsigned char)b->len};
    PROTECT(ts, argv[1]);
    int err = write_all(ts, fd, head, sizeof head);
    if (err == 0)
        err = write_all(ts, fd, b->data, b->len);
    UNPROTECT(ts, 1);
    return err ? exc_raise_os(ts, err, NULL) : NONE_VAL;
}

static Value process_read_message(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    int fd;
    if (args_positional(ts, "read_message", argc, kwnames, 1, 1) < 0 ||
        fd_arg(ts, argv[0], &fd) < 0)
        return ERR_VAL;
    unsigned char head[4];
    int r = read_all(ts, fd, head, sizeof head);
    if (r <= 0)
        return r < 0 ? ERR_VAL
                     : exc_raise_value(ts, OBJ_VAL(TYPE(ts, EOFError)));
    uint32_t len = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 |
                   (uint32_t)head[2] << 8 | head[3];
    if (len > MESSAGE_MAX)
        return RAISE(ts, ValueError, "corrupt message length %u", len);
    unsigned char *buf = malloc(len ? len : 1);
    if (!buf)
        return exc_no_memory(ts);
    r = len ? read_all(ts, fd, buf, len) : 1;
    if (r == 0)
        RAISE(ts, EOFError, "the other end closed in the middle of a message");
    ObjBytes *b = r > 0 ? bytes_new(ts, buf, len) : NULL;
    free(buf);
    return b ? OBJ_VAL(b) : ERR_VAL;
}

/* ---- values as bytes ------------------------------------------------------
 */

static Value process_dumps(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_positional(ts, "dumps", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    StrBuf out;
    sb_init(&out);
    Value r = ERR_VAL;
    if (serial_dump(ts, argv[0], &out) == 0) {
        ObjBytes *b = bytes_new(ts, out.data ? out.data : "", out.len);
        r = b ? OBJ_VAL(b) : ERR_VAL;
    }
    sb_free(&out);
    return r;
}

static Value process_loads(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_positional(ts, "loads", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    if (!IS_KIND(argv[0], OBJ_BYTES))
        return RAISE(ts, TypeError, "loads() argument must be bytes, not %s",
                     obj_type_name(ts, argv[0]));
    ObjBytes *b = AS_BYTES(argv[0]);
    PROTECT(ts, argv[0]);
    Value r = serial_load(ts, (const char *)b->data, b->len);
    UNPROTECT(ts, 1);
    return r;
}

/* ---- shared memory ------------------------------------------------------- */

/* The native data of SemLock and SharedArray: a view of shared memory. */
typedef struct SharedView {
    void *base;
    size_t size;
} SharedView;

typedef struct SemLockData {
    SharedView view; /* holds the sem_t */
    int kind;        /* 0 lock, 1 semaphore */
    int64_t maxvalue;
} SemLockData;

typedef struct ArrayData {
    SharedView view;
    char typecode;
    size_t length;
} ArrayData;

static void no_mark(Interp *interp, void *data)
{
    (void)interp;
    (void)data;
}

static void view_free(void *data)
{
    SharedView *v = data; /* the first member of both */
    if (v->base)
        munmap(v->base, v->size);
    free(data);
}

static const NativeDataType semlock_type = {"SemLock", no_mark, view_free};
static const NativeDataType array_type = {"SharedArray", no_mark, view_free};

/* A native object of [type] whose data (malloc'd, [size] bytes, its
 * SharedView first) views [bytes] of fresh zeroed shared memory. */
static Value new_shared(ThreadState *ts, const char *cls_name,
                        const NativeDataType *type, size_t size, size_t bytes)
{
    ObjClass *cls = native_module_class(ts, "_process", cls_name);
    if (!cls)
        return RAISE(ts, SystemError, "_process is not initialised");
    SharedView *v = calloc(1, size);
    if (!v)
        return exc_no_memory(ts);
    v->size = bytes ? bytes : 1;
    v->base = mmap(NULL, v->size, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (v->base == MAP_FAILED) {
        int err = errno;
        free(v);
        return exc_raise_os(ts, err, NULL);
    }
    ObjNativeData *n =
        gc_alloc(ts, sizeof(ObjNativeData), OBJ_NATIVE_DATA, cls);
    if (!n) {
        view_free(v);
        return ERR_VAL;
    }
    n->type = type;
    n->data = v;
    return OBJ_VAL(n);
}

/* -- SemLock -- */

static SemLockData *semlock_self(ThreadState *ts, const char *meth, int argc,
                                 Value *argv)
{
    SemLockData *s = argc > 0 ? native_data_of(argv[0], &semlock_type) : NULL;
    if (!s)
        args_wrong_self(ts, "SemLock", meth, argc, argv);
    return s;
}

static sem_t *sem_of(SemLockData *s)
{
    return s->view.base;
}

static Value semlock_new(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    int64_t kind, value, maxvalue;
    if (args_positional(ts, "SemLock", argc, kwnames, 3, 3) < 0 ||
        int_arg(ts, argv[0], "kind", &kind) < 0 ||
        int_arg(ts, argv[1], "value", &value) < 0 ||
        int_arg(ts, argv[2], "maxvalue", &maxvalue) < 0)
        return ERR_VAL;
    if (value < 0 || value > SEM_VALUE_MAX)
        return RAISE(ts, ValueError, "semaphore initial value out of range");
    Value obj = new_shared(ts, "SemLockType", &semlock_type,
                           sizeof(SemLockData), sizeof(sem_t));
    if (IS_ERR(obj))
        return obj;
    SemLockData *s = native_data_of(obj, &semlock_type);
    s->kind = (int)kind;
    s->maxvalue = maxvalue;
    if (sem_init(sem_of(s), 1, (unsigned)value) < 0)
        return exc_raise_os(ts, errno, NULL);
    return obj;
}

static Value semlock_acquire(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    static const ArgSpec spec = {"acquire", 3, 1, {"self", "block", "timeout"}};
    Value a[3];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    SemLockData *s = semlock_self(ts, "acquire", argc, argv);
    if (!s)
        return ERR_VAL;
    bool block = true;
    if (!IS_UNDEF(a[1])) {
        int t = obj_truthy(ts, a[1]);
        if (t < 0)
            return ERR_VAL;
        block = t;
    }
    double timeout = -1;
    if (block && !IS_UNDEF(a[2]) && !IS_NONE(a[2])) {
        if (builtins_seconds_arg(ts, a[2], &timeout) < 0)
            return ERR_VAL;
        if (timeout < 0)
            timeout = 0;
    }
    PROTECT(ts, argv[0]);
    double deadline = now_seconds() + timeout;
    int slice = 1;
    Value r = FALSE_VAL;
    for (;;) {
        if (sem_trywait(sem_of(s)) == 0) {
            r = TRUE_VAL;
            break;
        }
        if (errno != EAGAIN && errno != EINTR) {
            r = exc_raise_os(ts, errno, NULL);
            break;
        }
        if (!block || (timeout >= 0 && now_seconds() >= deadline))
            break;
        nap(ts, slice);
        if (interrupted(ts)) {
            r = ERR_VAL;
            break;
        }
        if (slice < SLICE_MAX_MS)
            slice *= 2;
    }
    UNPROTECT(ts, 1);
    return r;
}

static Value semlock_release(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    if (args_method(ts, "SemLock", "release", argc, kwnames, 0) < 0)
        return ERR_VAL;
    SemLockData *s = semlock_self(ts, "release", argc, argv);
    if (!s)
        return ERR_VAL;
    int value = 0;
    sem_getvalue(sem_of(s), &value);
    if (value >= s->maxvalue)
        return RAISE(ts, ValueError,
                     "semaphore or lock released too many times");
    if (sem_post(sem_of(s)) < 0)
        return exc_raise_os(ts, errno, NULL);
    return NONE_VAL;
}

static Value semlock_get_value(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    if (args_method(ts, "SemLock", "get_value", argc, kwnames, 0) < 0)
        return ERR_VAL;
    SemLockData *s = semlock_self(ts, "get_value", argc, argv);
    if (!s)
        return ERR_VAL;
    int value = 0;
    sem_getvalue(sem_of(s), &value);
    return INT_VAL(value < 0 ? 0 : value);
}

static Value semlock_is_zero(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    Value v = semlock_get_value(ts, argc, argv, kwnames);
    return IS_ERR(v) ? v : BOOL_VAL(AS_INT(v) == 0);
}

static Value semlock_kind(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    (void)kwnames;
    SemLockData *s = semlock_self(ts, "kind", argc, argv);
    return s ? INT_VAL(s->kind) : ERR_VAL;
}

static Value semlock_maxvalue(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    (void)kwnames;
    SemLockData *s = semlock_self(ts, "maxvalue", argc, argv);
    return s ? INT_VAL(s->maxvalue) : ERR_VAL;
}

/* -- SharedArray -- */

static bool is_int_code(char c)
{
    return c && strchr("bBhHiIlLqQ", c) != NULL;
}

/* [x] as a C number of [typecode] holds it: cut to the type's width and
 * sign, as ctypes cuts a value too large for c_int (the 64-bit types keep
 * what an mpy small int holds). */
static int64_t wrap_to_code(char typecode, int64_t x)
{
    switch (typecode) {
    case 'b': return (int8_t)x;
    case 'B': return (uint8_t)x;
    case 'h': return (int16_t)x;
    case 'H': return (uint16_t)x;
    case 'i': return (int32_t)x;
    case 'I': return (uint32_t)x;
    default: return x;
    }
}

static ArrayData *array_self(ThreadState *ts, const char *meth, int argc,
                             Value *argv)
{
    ArrayData *a = argc > 0 ? native_data_of(argv[0], &array_type) : NULL;
    if (!a)
        args_wrong_self(ts, "SharedArray", meth, argc, argv);
    return a;
}

static Value array_new(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    int64_t n;
    if (args_positional(ts, "SharedArray", argc, kwnames, 2, 2) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[0]) || AS_STR(argv[0])->len != 1)
        return RAISE(ts, TypeError, "typecode must be a one-character str");
    char code = AS_STR(argv[0])->data[0];
    if (!is_int_code(code) && code != 'd' && code != 'f' && code != 'c')
        return RAISE(ts, ValueError,
                     "bad typecode (must be b, B, h, H, i, I, l, L, q, Q, "
                     "f, d or c)");
    if (int_arg(ts, argv[1], "length", &n) < 0)
        return ERR_VAL;
    if (n < 0 || n > (int64_t)(SIZE_MAX / 8 / 2))
        return RAISE(ts, ValueError, "bad length %lld", (long long)n);
    size_t item = code == 'c' ? 1 : 8;
    Value obj = new_shared(ts, "SharedArrayType", &array_type,
                           sizeof(ArrayData), (size_t)n * item);
    if (IS_ERR(obj))
        return obj;
    ArrayData *a = native_data_of(obj, &array_type);
    a->typecode = code;
    a->length = (size_t)n;
    return obj;
}

static Value array_item(ThreadState *ts, ArrayData *a, size_t i)
{
    if (a->typecode == 'c') {
        ObjBytes *b = bytes_new(ts, (unsigned char *)a->view.base + i, 1);
        return b ? OBJ_VAL(b) : ERR_VAL;
    }
    if (is_int_code(a->typecode))
        return INT_VAL(((int64_t *)a->view.base)[i]);
    return FLOAT_VAL(((double *)a->view.base)[i]);
}

/* The index [key] in an array of [len] items, negatives from the end. */
static int array_index(ThreadState *ts, Value key, size_t len, size_t *out)
{
    int64_t i;
    if (!IS_INT(key)) {
        RAISE(ts, TypeError, "array indices must be integers");
        return -1;
    }
    i = AS_INT(key);
    if (i < 0)
        i += (int64_t)len;
    if (i < 0 || (uint64_t)i >= len) {
        RAISE(ts, IndexError, "array index out of range");
        return -1;
    }
    *out = (size_t)i;
    return 0;
}

static Value array_tolist_range(ThreadState *ts, ArrayData *a, int64_t start,
                                int64_t stop, int64_t step)
{
    ObjList *l = list_new(ts, 0);
    if (!l)
        return ERR_VAL;
    PROTECT_OBJ(ts, l);
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        Value v = array_item(ts, a, (size_t)i);
        if (IS_ERR(v) || list_append(ts, l, v) < 0) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
    }
    UNPROTECT(ts, 1);
    return OBJ_VAL(l);
}

static Value array_getitem(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_method(ts, "SharedArray", "__getitem__", argc, kwnames, 1) < 0)
        return ERR_VAL;
    ArrayData *a = array_self(ts, "__getitem__", argc, argv);
    if (!a)
        return ERR_VAL;
    if (IS_KIND(argv[1], OBJ_SLICE)) {
        int64_t start, stop, step;
        if (slice_indices(ts, AS_SLICE(argv[1]), (int64_t)a->length, &start,
                          &stop, &step) < 0)
            return ERR_VAL;
        return array_tolist_range(ts, a, start, stop, step);
    }
    int64_t i;
    if (slice_item_index(ts, argv[1], "array", &i) < 0)
        return ERR_VAL;
    size_t at;
    if (array_index(ts, INT_VAL(i), a->length, &at) < 0)
        return ERR_VAL;
    return array_item(ts, a, at);
}

static Value array_setitem(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_positional(ts, "__setitem__", argc, kwnames, 3, 3) < 0)
        return ERR_VAL;
    ArrayData *a = array_self(ts, "__setitem__", argc, argv);
    size_t i;
    if (!a || array_index(ts, argv[1], a->length, &i) < 0)
        return ERR_VAL;
    Value v = argv[2];
    if (a->typecode == 'c') {
        if (!IS_KIND(v, OBJ_BYTES) || AS_BYTES(v)->len != 1)
            return RAISE(ts, TypeError, "one character bytes expected");
        ((unsigned char *)a->view.base)[i] = AS_BYTES(v)->data[0];
    } else if (is_int_code(a->typecode)) {
        if (!IS_INT(v) && !IS_BOOL(v))
            return RAISE(ts, TypeError, "an integer is required (got type %s)",
                         obj_type_name(ts, v));
        ((int64_t *)a->view.base)[i] =
            wrap_to_code(a->typecode, IS_BOOL(v) ? AS_BOOL(v) : AS_INT(v));
    } else {
        double d;
        if (IS_FLOAT(v))
            d = AS_FLOAT(v);
        else if (IS_INT(v))
            d = (double)AS_INT(v);
        else if (IS_BOOL(v))
            d = AS_BOOL(v);
        else
            return RAISE(ts, TypeError, "must be real number, not %s",
                         obj_type_name(ts, v));
        /* 'f' is a C float: the value is rounded to single precision */
        ((double *)a->view.base)[i] = a->typecode == 'f' ? (float)d : d;
    }
    return NONE_VAL;
}

static Value array_len(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (args_method(ts, "SharedArray", "__len__", argc, kwnames, 0) < 0)
        return ERR_VAL;
    ArrayData *a = array_self(ts, "__len__", argc, argv);
    return a ? INT_VAL((int64_t)a->length) : ERR_VAL;
}

static Value array_tolist(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    if (args_method(ts, "SharedArray", "tolist", argc, kwnames, 0) < 0)
        return ERR_VAL;
    ArrayData *a = array_self(ts, "tolist", argc, argv);
    return a ? array_tolist_range(ts, a, 0, (int64_t)a->length, 1) : ERR_VAL;
}

static Value array_typecode(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    (void)kwnames;
    ArrayData *a = array_self(ts, "typecode", argc, argv);
    if (!a)
        return ERR_VAL;
    char code[2] = {a->typecode, '\0'};
    ObjStr *s = str_from_cstr(ts, code);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

/* ---- the module ------------------------------------------------------------
 */

static int add_int(ThreadState *ts, ObjModule *mod, const char *name, int64_t v)
{
    return module_add_value(ts, mod, name, INT_VAL(v));
}

ObjModule *mod_process_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "_process");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const ModuleFn fns[] = {
        {"fork", process_fork},
        {"waitpid", process_waitpid},
        {"kill", process_kill},
        {"_exit", process_exit},
        {"pipe", process_pipe},
        {"socketpair", process_socketpair},
        {"close", process_close},
        {"poll", process_poll},
        {"write_message", process_write_message},
        {"read_message", process_read_message},
        {"dumps", process_dumps},
        {"loads", process_loads},
        {"SemLock", semlock_new},
        {"SharedArray", array_new},
        {"monotonic", process_monotonic},
        {"nap", process_nap},
    };
    static const ModuleFn semlock_methods[] = {
        {"acquire", semlock_acquire},     {"release", semlock_release},
        {"get_value", semlock_get_value}, {"_is_zero", semlock_is_zero},
        {"@kind", semlock_kind},          {"@maxvalue", semlock_maxvalue},
    };
    static const ModuleFn array_methods[] = {
        {"__getitem__", array_getitem}, {"__setitem__", array_setitem},
        {"__len__", array_len},         {"tolist", array_tolist},
        {"@typecode", array_typecode},
    };
    int r = module_add_fns(ts, mod, fns, sizeof fns / sizeof *fns);
    /* the classes are stored under other names: the module's SemLock and
     * SharedArray are the functions that make them */
    if (r == 0 &&
        (!module_add_class(ts, mod, "SemLock", "SemLockType", semlock_methods,
                           sizeof semlock_methods / sizeof *semlock_methods) ||
         !module_add_class(ts, mod, "SharedArray", "SharedArrayType",
                           array_methods,
                           sizeof array_methods / sizeof *array_methods)))
        r = -1;
    if (r == 0 && (add_int(ts, mod, "SIGTERM", SIGTERM) < 0 ||
                   add_int(ts, mod, "SIGKILL", SIGKILL) < 0 ||
                   add_int(ts, mod, "SIGINT", SIGINT) < 0))
        r = -1;
    UNPROTECT(ts, 1);
    return r < 0 ? NULL : mod;
}

/* mod_time.c - the time module: clocks, sleep, ctime and struct_time
 * tuples. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "builtins.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "tuple.h"

/* A reading of [id] in ns.  In the deterministic policy the wall and
 * monotonic clocks run on virtual time: where they stood when the program
 * started, plus the virtual clock, so a program that sleeps 10 s sees 10 s
 * pass without waiting for them. */
static int64_t clock_read_ns(ThreadState *ts, clockid_t id)
{
    Gil *gil = &ts->interp->gil;
    if (gil->policy == GIL_DETERMINISTIC &&
        (id == CLOCK_REALTIME || id == CLOCK_MONOTONIC))
        return (int64_t)((id == CLOCK_REALTIME ? gil->epoch_ns
                                               : gil->start_ns) +
                         gil->virtual_ns);
    struct timespec t;
    clock_gettime(id, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static double clock_seconds(ThreadState *ts, clockid_t id)
{
    int64_t ns = clock_read_ns(ts, id);
    return (double)(ns / 1000000000) + (double)(ns % 1000000000) * 1e-9;
}

static Value clock_ns(ThreadState *ts, clockid_t id)
{
    return INT_VAL(clock_read_ns(ts, id));
}

/* time(), time_ns(), monotonic() & co: no arguments, one reading of
 * [clock] in seconds (a float) or in nanoseconds (an int). */
#define CLOCK_FN(fname, pyname, result)                                        \
    static Value fname(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)   \
    {                                                                          \
        if (args_count(ts, pyname, argc, 0, 0) < 0)                            \
            return ERR_VAL;                                                    \
        return result;                                                         \
    }
#define CLOCK_SECONDS_FN(fname, pyname, clock)                                 \
    CLOCK_FN(fname, pyname, FLOAT_VAL(clock_seconds(ts, clock)))
#define CLOCK_NS_FN(fname, pyname, clock)                                      \
    CLOCK_FN(fname, pyname, clock_ns(ts, clock))

CLOCK_SECONDS_FN(time_time, "time", CLOCK_REALTIME)
CLOCK_NS_FN(time_time_ns, "time_ns", CLOCK_REALTIME)
CLOCK_SECONDS_FN(time_monotonic, "monotonic", CLOCK_MONOTONIC)
CLOCK_NS_FN(time_monotonic_ns, "monotonic_ns", CLOCK_MONOTONIC)
CLOCK_SECONDS_FN(time_perf_counter, "perf_counter", CLOCK_MONOTONIC)
CLOCK_NS_FN(time_perf_counter_ns, "perf_counter_ns", CLOCK_MONOTONIC)
CLOCK_SECONDS_FN(time_process_time, "process_time", CLOCK_PROCESS_CPUTIME_ID)
CLOCK_SECONDS_FN(time_thread_time, "thread_time", CLOCK_THREAD_CPUTIME_ID)

/* Sleep [secs] seconds: the GIL is let go meanwhile, and in the
 * deterministic policy the time is virtual (gil.c).  Ctrl-C ends the
 * main thread's sleep with KeyboardInterrupt. */
static int sleep_seconds(ThreadState *ts, double secs)
{
    return gil_raise_for(ts, gil_sleep(ts, secs));
}

static Value time_sleep(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_positional(ts, "sleep", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    double secs;
    if (builtins_seconds_arg(ts, argv[0], &secs) < 0)
        return ERR_VAL;
    if (isnan(secs))
        return RAISE(ts, ValueError, "Invalid value NaN (not a number)");
    if (secs < 0)
        return RAISE(ts, ValueError, "sleep length must be non-negative");
    if (secs > 9223372036.0)
        return RAISE(ts, OverflowError,
                     "timestamp out of range for platform time_t");
    return sleep_seconds(ts, secs) < 0 ? ERR_VAL : NONE_VAL;
}

/* The time_t of an optional seconds argument (None/absent = now). */
static int time_arg(ThreadState *ts, int argc, Value *argv, time_t *out)
{
    if (argc == 0 || IS_NONE(argv[0])) {
        *out = (time_t)(clock_read_ns(ts, CLOCK_REALTIME) / 1000000000);
        return 0;
    }
    double secs;
    if (builtins_seconds_arg(ts, argv[0], &secs) < 0)
        return -1;
    if (!isfinite(secs)) {
        if (isnan(secs))
            RAISE(ts, ValueError, "Invalid value NaN (not a number)");
        else
            RAISE(ts, OverflowError,
                  "timestamp out of range for platform time_t");
        return -1;
    }
    *out = (time_t)floor(secs);
    return 0;
}

static const char *const wday_names[] = {"Sun", "Mon", "Tue", "Wed",
                                         "Thu", "Fri", "Sat"};
static const char *const mon_names[] = {"Jan", "Feb", "Mar", "Apr",
                                        "May", "Jun", "Jul", "Aug",
                                        "Sep", "Oct", "Nov", "Dec"};

/* 'Mon Nov 23 16:30:00 2026', as CPython's asctime prints it. */
static Value format_asctime(ThreadState *ts, const struct tm *tm)
{
    ObjStr *s = str_printf(ts, "%s %s%3d %.2d:%.2d:%.2d %d",
                           wday_names[(tm->tm_wday % 7 + 7) % 7],
                           mon_names[(tm->tm_mon % 12 + 12) % 12],
                           tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
                           1900 + tm->tm_year);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static Value time_ctime(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_positional(ts, "ctime", argc, kwnames, 0, 1) < 0)
        return ERR_VAL;
    time_t t;
    if (time_arg(ts, argc, argv, &t) < 0)
        return ERR_VAL;
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return RAISE(ts, OverflowError,
                     "timestamp out of range for platform time_t");
    return format_asctime(ts, &tm);
}

static const char *const tm_fields[] = {
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min",
    "tm_sec",  "tm_wday", "tm_yday", "tm_isdst",
};

/* time.struct_time (class [cls]) of [tm], with Python's conventions
 * (Monday = 0, yday from 1). */
static Value tm_tuple(ThreadState *ts, ObjClass *cls, const struct tm *tm)
{
    Value f[9] = {
        INT_VAL(tm->tm_year + 1900), INT_VAL(tm->tm_mon + 1),
        INT_VAL(tm->tm_mday),        INT_VAL(tm->tm_hour),
        INT_VAL(tm->tm_min),         INT_VAL(tm->tm_sec),
        INT_VAL((tm->tm_wday + 6) % 7), INT_VAL(tm->tm_yday + 1),
        INT_VAL(tm->tm_isdst),
    };
    return builtins_struct_seq_new(ts, cls, f, 9);
}

/* The reverse of tm_tuple, for strftime/asctime/mktime. */
static int tuple_tm(ThreadState *ts, Value v, struct tm *tm)
{
    if (!IS_TUPLE(v) || AS_TUPLE(v)->len != 9) {
        RAISE(ts, TypeError,
              "Tuple or struct_time argument required");
        return -1;
    }
    int64_t f[9];
    for (int i = 0; i < 9; i++)
        if (builtins_as_int64(ts, AS_TUPLE(v)->items[i], &f[i]) < 0)
            return -1;
    memset(tm, 0, sizeof *tm);
    tm->tm_year = (int)(f[0] - 1900);
    tm->tm_mon = (int)(f[1] - 1);
    tm->tm_mday = (int)f[2];
    tm->tm_hour = (int)f[3];
    tm->tm_min = (int)f[4];
    tm->tm_sec = (int)f[5];
    tm->tm_wday = (int)((f[6] + 1) % 7);
    tm->tm_yday = (int)(f[7] - 1);
    tm->tm_isdst = (int)f[8];
    return 0;
}

/* localtime and gmtime are bound to the struct_time class: argv[0]. */
static Value broken_down(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames, const char *name, bool local)
{
    if (argc < 1 || !IS_CLASS(argv[0]))
        return RAISE(ts, SystemError, "%s: unbound", name);
    ObjClass *cls = AS_CLASS(argv[0]);
    argc--;
    argv++;
    if (args_no_kwargs(ts, name, kwnames) < 0 ||
        args_count(ts, name, argc, 0, 1) < 0)
        return ERR_VAL;
    time_t t;
    if (time_arg(ts, argc, argv, &t) < 0)
        return ERR_VAL;
    struct tm tm;
    if (!(local ? localtime_r(&t, &tm) : gmtime_r(&t, &tm)))
        return RAISE(ts, OverflowError,
                     "timestamp out of range for platform time_t");
    return tm_tuple(ts, cls, &tm);
}

static Value time_localtime(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    return broken_down(ts, argc, argv, kw, "localtime", true);
}

static Value time_gmtime(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kw)
{
    return broken_down(ts, argc, argv, kw, "gmtime", false);
}

static Value time_asctime(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    if (args_count(ts, "asctime", argc, 0, 1) < 0)
        return ERR_VAL;
    struct tm tm;
    if (argc == 0) {
        time_t t = time(NULL);
        localtime_r(&t, &tm);
    } else if (tuple_tm(ts, argv[0], &tm) < 0) {
        return ERR_VAL;
    }
    return format_asctime(ts, &tm);
}

static Value time_mktime(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (args_count(ts, "mktime", argc, 1, 1) < 0)
        return ERR_VAL;
    struct tm tm;
    if (tuple_tm(ts, argv[0], &tm) < 0)
        return ERR_VAL;
    time_t t = mktime(&tm);
    if (t == (time_t)-1)
        return RAISE(ts, OverflowError, "mktime argument out of range");
    return FLOAT_VAL((double)t);
}

static Value time_strftime(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_positional(ts, "strftime", argc, kwnames, 1, 2) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[0]))
        return RAISE(ts, TypeError,
                     "strftime() argument 1 must be str, not %s",
                     obj_type_name(ts, argv[0]));
    struct tm tm;
    if (argc == 1) {
        time_t t = time(NULL);
        localtime_r(&t, &tm);
    } else if (tuple_tm(ts, argv[1], &tm) < 0) {
        return ERR_VAL;
    }
    const char *fmt = AS_STR(argv[0])->data;
    if (*fmt == '\0')
        return OBJ_VAL(ts->interp->empty_str);
    /* strftime returns 0 both for "too small" and for an empty result:
     * grow a few times, then settle for the empty string. */
    size_t limit = 16 * AS_STR(argv[0])->len + 1024;
    for (size_t cap = 256; cap <= limit; cap *= 4) {
        char *buf = malloc(cap);
        if (!buf)
            return exc_no_memory(ts);
        size_t n = strftime(buf, cap, fmt, &tm);
        if (n > 0) {
            ObjStr *s = str_new(ts, buf, n);
            free(buf);
            return s ? OBJ_VAL(s) : ERR_VAL;
        }
        free(buf);
    }
    return OBJ_VAL(ts->interp->empty_str);
}

ObjModule *mod_time_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "time");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const struct {
        const char *name;
        NativeFn fn;
    } fns[] = {
        {"time", time_time},
        {"time_ns", time_time_ns},
        {"monotonic", time_monotonic},
        {"monotonic_ns", time_monotonic_ns},
        {"perf_counter", time_perf_counter},
        {"perf_counter_ns", time_perf_counter_ns},
        {"process_time", time_process_time},
        {"thread_time", time_thread_time},
        {"sleep", time_sleep},
        {"ctime", time_ctime},
        {"asctime", time_asctime},
        {"mktime", time_mktime},
        {"strftime", time_strftime},
    };
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
        if (module_add_fn(ts, mod, fns[i].name, fns[i].fn) < 0) {
            UNPROTECT(ts, 1);
            return NULL;
        }
    }
    ObjClass *st = builtins_struct_seq_class(ts, "time.struct_time",
                                             tm_fields, 9);
    if (!st || module_add_value(ts, mod, "struct_time", OBJ_VAL(st)) < 0) {
        UNPROTECT(ts, 1);
        return NULL;
    }
    static const struct {
        const char *name;
        NativeFn fn;
    } bound[] = {{"localtime", time_localtime}, {"gmtime", time_gmtime}};
    for (size_t i = 0; i < 2; i++) {
        ObjNative *nat = native_new(ts, bound[i].name, bound[i].fn);
        if (!nat) {
            UNPROTECT(ts, 1);
            return NULL;
        }
        nat->self = OBJ_VAL(st);
        if (module_add_value(ts, mod, bound[i].name, OBJ_VAL(nat)) < 0) {
            UNPROTECT(ts, 1);
            return NULL;
        }
    }
    tzset();
    if (module_add_value(ts, mod, "timezone", INT_VAL(timezone)) < 0 ||
        module_add_value(ts, mod, "daylight", INT_VAL(daylight)) < 0) {
        UNPROTECT(ts, 1);
        return NULL;
    }
    UNPROTECT(ts, 1);
    return mod;
}

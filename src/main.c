/* main.c - the mpy command: options, the __main__ module, running a script,
 * a -c string, standard input or the REPL, and the exit status. */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "builtins.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "lecture.h"
#include "list.h"
#include "ops.h"
#include "repl.h"
#include "run.h"
#include "str.h"
#include "term.h"
#include "thread_start.h"

typedef enum RunMode { RUN_REPL, RUN_FILE, RUN_COMMAND, RUN_STDIN } RunMode;

typedef struct Options {
    RunMode mode;
    const char *target;   /* the file or the -c text */
    char *script_path;    /* RUN_FILE: the file's absolute path, as CPython
                             shows it in __file__ and tracebacks */
    bool inspect;         /* -i: the REPL after the script */
    int first_arg;        /* index in argv of sys.argv[1] */
    /* the GIL (-1: the policy's default) */
    int gil_policy;
    int check;
    long ticks;
    double switch_interval;
    long long seed;
    int trace;            /* TRACE_* bits */
    bool no_colour;       /* --no-color */
    bool lecture;         /* --lecture: RUN_FILE cell by cell (lecture.c) */
    bool auto_run;        /* --auto: the lecture without pauses */
} Options;

static void usage(FILE *out, const char *prog)
{
    fprintf(out,
            "Usage: %s [OPTION]... [FILE | -c CMD | -] [ARG]...\n"
            "Run mpy programs: a teaching interpreter for Python concurrency.\n"
            "\n"
            "  -c CMD        run the program passed as a string\n"
            "  -i            run FILE (or CMD), then start the REPL with its globals\n"
            "  -             read the program from standard input\n"
            "  --lecture     run FILE cell by cell (cells begin at '# %%%%' lines):\n"
            "                show a cell, run it on Enter ('q': to the REPL),\n"
            "                then the REPL with its globals\n"
            "  --auto        with --lecture: run every cell without pausing\n"
            "\n"
            "The GIL:\n"
            "  --gil=POLICY  ticks (Python 2), interval (Python 3.2+, the default)\n"
            "                or deterministic (seeded scheduler, virtual time)\n"
            "  --ticks=N     instructions between checks (ticks, deterministic); 100\n"
            "  --switch-interval=SECONDS\n"
            "                how long a waiter waits before asking (interval); 0.005\n"
            "  --check=every|backedge\n"
            "                where threads check: every instruction, or backward\n"
            "                jumps and calls only (3.10+)\n"
            "  --seed=N      seed of the deterministic scheduler; 0\n"
            "  --trace=WHAT  print gil handoffs, threads states, ops (every\n"
            "                instruction), on (gil,threads) or all, on stderr\n"
            "\n"
            "  --no-color    no colour even on a terminal (so does NO_COLOR=1)\n"
            "  -h, --help    show this help and exit\n"
            "  -V, --version show version information and exit\n"
            "\n"
            "With no FILE, start the interactive REPL.\n"
            "\n"
            "Environment:\n"
            "  MPYPATH       colon-separated directories searched for modules\n"
            "                before the installed library (%s)\n",
            prog, MPY_LIB_DIR);
}

static void version(void)
{
    printf("mpy %s\n"
           "Copyright (C) 2026 the mpy authors.\n"
           "License GPLv3+: GNU GPL version 3 or later "
           "<https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n",
           PACKAGE_VERSION);
}

/* [path] made absolute without resolving links or dots, as CPython makes
 * the path of the main script; malloc'd. */
static char *absolute_path(const char *path)
{
    if (path[0] == '/')
        return strdup(path);
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return strdup(path);
    size_t n = strlen(cwd) + strlen(path) + 2;
    char *abs = malloc(n);
    if (abs)
        snprintf(abs, n, "%s/%s", cwd, path);
    free(cwd);
    return abs;
}

/* The value of a long option [name] given as --name=VALUE or --name
 * VALUE; NULL when argv[*i] is not that option.  *bad is set when the
 * option is there but its value is missing. */
static const char *long_option(int argc, char **argv, int *i,
                               const char *name, bool *bad)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *bad = true;
        return NULL;
    }
    return argv[++*i];
}

static int bad_value(const char *prog, const char *option, const char *value)
{
    fprintf(stderr, "%s: invalid value '%s' for %s\n", prog, value, option);
    fprintf(stderr, "Try '%s --help' for more information.\n", prog);
    return 2;
}

/* A GIL option at argv[*i]: 1 taken, 0 not a GIL option, or an exit
 * status + 2 (so 4 for status 2) when its value is wrong. */
static int gil_option(int argc, char **argv, int *i, Options *opt)
{
    bool bad = false;
    const char *v;
    char *end;
    if ((v = long_option(argc, argv, i, "--gil", &bad))) {
        opt->gil_policy = gil_policy_from_name(v);
        return opt->gil_policy < 0 ? 2 + bad_value(argv[0], "--gil", v) : 1;
    }
    if ((v = long_option(argc, argv, i, "--check", &bad))) {
        opt->check = strcmp(v, "every") == 0      ? CHECK_EVERY
                     : strcmp(v, "backedge") == 0 ? CHECK_BACKEDGE
                                                  : -2;
        return opt->check == -2 ? 2 + bad_value(argv[0], "--check", v) : 1;
    }
    if ((v = long_option(argc, argv, i, "--ticks", &bad))) {
        errno = 0;
        opt->ticks = strtol(v, &end, 10);
        if (errno || *end || end == v || opt->ticks < 1 || opt->ticks > 1000000000)
            return 2 + bad_value(argv[0], "--ticks", v);
        return 1;
    }
    if ((v = long_option(argc, argv, i, "--switch-interval", &bad))) {
        opt->switch_interval = strtod(v, &end);
        if (*end || end == v || !(opt->switch_interval > 0) ||
            opt->switch_interval > 1e6)
            return 2 + bad_value(argv[0], "--switch-interval", v);
        return 1;
    }
    if ((v = long_option(argc, argv, i, "--seed", &bad))) {
        errno = 0;
        opt->seed = strtoll(v, &end, 10);
        if (errno || *end || end == v || opt->seed < 0)
            return 2 + bad_value(argv[0], "--seed", v);
        return 1;
    }
    if ((v = long_option(argc, argv, i, "--trace", &bad))) {
        opt->trace = events_parse_trace(v);
        return opt->trace < 0 ? 2 + bad_value(argv[0], "--trace", v) : 1;
    }
    if (bad) {
        fprintf(stderr, "%s: option '%s' requires a value\n", argv[0],
                argv[*i]);
        return 2 + 2;
    }
    return 0;
}

static int usage_error(const char *prog, const char *what)
{
    fprintf(stderr, "%s: %s\n", prog, what);
    fprintf(stderr, "Try '%s --help' for more information.\n", prog);
    return 2;
}

/* Returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, Options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->mode = RUN_REPL;
    opt->gil_policy = opt->check = -1;
    opt->ticks = -1;
    opt->switch_interval = -1;
    opt->seed = -1;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        int g = gil_option(argc, argv, &i, opt);
        if (g == 1)
            continue;
        if (g > 1)
            return g - 2;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout, argv[0]);
            return 0;
        } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            version();
            return 0;
        } else if (strcmp(a, "--no-color") == 0 ||
                   strcmp(a, "--no-colour") == 0) {
            opt->no_colour = true;
        } else if (strcmp(a, "-i") == 0) {
            opt->inspect = true;
        } else if (strcmp(a, "--lecture") == 0) {
            opt->lecture = true;
        } else if (strcmp(a, "--auto") == 0) {
            opt->auto_run = true;
        } else if (strcmp(a, "-c") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: option -c requires an argument\n", argv[0]);
                usage(stderr, argv[0]);
                return 2;
            }
            if (opt->lecture || opt->auto_run)
                return usage_error(argv[0], "--lecture needs a FILE, not -c");
            opt->mode = RUN_COMMAND;
            opt->target = argv[i + 1];
            opt->first_arg = i + 2;
            return -1;
        } else if (strcmp(a, "-") == 0) {
            if (opt->lecture || opt->auto_run)
                return usage_error(argv[0], "--lecture needs a FILE, not -");
            opt->mode = RUN_STDIN;
            opt->first_arg = i + 1;
            return -1;
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-') {
            fprintf(stderr, "%s: unknown option '%s'\n", argv[0], a);
            fprintf(stderr, "Try '%s --help' for more information.\n", argv[0]);
            return 2;
        } else {
            break;
        }
    }
    if (opt->auto_run && !opt->lecture)
        return usage_error(argv[0], "--auto needs --lecture");
    if (opt->lecture && i >= argc)
        return usage_error(argv[0], "--lecture needs a FILE");
    if (i < argc) {
        opt->mode = RUN_FILE;
        opt->target = argv[i];
        opt->script_path = absolute_path(argv[i]);
        if (!opt->script_path) {
            fprintf(stderr, "%s: out of memory\n", argv[0]);
            return 1;
        }
        opt->first_arg = i + 1;
    } else {
        opt->first_arg = argc;
    }
    return -1;
}

static void add_path(ThreadState *ts, const char *dir, size_t len)
{
    ObjStr *s = str_new(ts, dir, len);
    if (s)
        list_append(ts, ts->interp->sys_path, OBJ_VAL(s));
}

/* sys.argv and sys.path as CPython sets them for this way of running. */
static void setup_sys(ThreadState *ts, const Options *opt, int argc,
                      char **argv)
{
    Interp *interp = ts->interp;
    const char *argv0 = "";
    if (opt->mode == RUN_FILE)
        argv0 = opt->target;
    else if (opt->mode == RUN_COMMAND)
        argv0 = "-c";
    else if (opt->mode == RUN_STDIN)
        argv0 = "-";
    list_append(ts, interp->sys_argv, OBJ_VAL(str_from_cstr(ts, argv0)));
    for (int i = opt->first_arg; i < argc; i++)
        list_append(ts, interp->sys_argv, OBJ_VAL(str_from_cstr(ts, argv[i])));

    if (opt->mode == RUN_FILE) {
        char *copy = strdup(opt->script_path);
        if (copy) {
            const char *dir = dirname(copy);
            char *real = realpath(dir, NULL);
            add_path(ts, real ? real : dir, strlen(real ? real : dir));
            free(real);
            free(copy);
        }
    } else {
        add_path(ts, "", 0);
    }
    const char *mpypath = getenv("MPYPATH");
    while (mpypath && *mpypath) {
        const char *colon = strchr(mpypath, ':');
        size_t len = colon ? (size_t)(colon - mpypath) : strlen(mpypath);
        if (len > 0)
            add_path(ts, mpypath, len);
        mpypath = colon ? colon + 1 : NULL;
    }
    add_path(ts, interp->lib_dir, strlen(interp->lib_dir));
}

static ObjDict *make_main_module(ThreadState *ts, const Options *opt)
{
    Interp *interp = ts->interp;
    ObjModule *main_module = module_new(ts, "__main__");
    interp->main_module = main_module;
    dict_set_str(ts, interp->modules, NAME(ts, main), OBJ_VAL(main_module));
    dict_set_str(ts, main_module->dict, NAME(ts, builtins),
                 OBJ_VAL(interp->builtins_module));
    if (opt->mode == RUN_FILE)
        dict_set_str(ts, main_module->dict, NAME(ts, file),
                     OBJ_VAL(str_from_cstr(ts, opt->script_path)));
    return main_module->dict;
}

/* Ctrl-C: a dedicated thread waits for SIGINT (and SIGWINCH), so no
 * handler needs a global to find the interpreter; it raises the flags the
 * eval loop looks at and wakes the REPL's prompt.  A second Ctrl-C within
 * a second of the first also stops every other thread, so a class can
 * move on from a runaway demo.  The signals are blocked in every other
 * thread (the mask is inherited). */
#define DOUBLE_CTRL_C_NS 1000000000u

static uint64_t monotonic_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void stop_other_threads(Interp *interp)
{
    char names[512];
    int n = gil_stop_others(interp, names, sizeof names);
    if (n == 0)
        return;
    char line[600];
    int len = snprintf(line, sizeof line, "Ctrl-C twice: stopping %s\n",
                       names);
    if (len > 0)
        console_write(&interp->console, stderr, line,
                      (size_t)len < sizeof line ? (size_t)len
                                                : sizeof line - 1);
    fflush(stderr);
}

static void *signal_watcher(void *arg)
{
    Interp *interp = arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGWINCH);
    uint64_t last_interrupt = 0;
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGWINCH) {
            console_poke(&interp->console, CONSOLE_RESIZE);
            continue;
        }
        uint64_t now = monotonic_ns();
        bool twice = last_interrupt && now - last_interrupt < DOUBLE_CTRL_C_NS;
        last_interrupt = twice ? 0 : now;
        gil_interrupt_main(interp);
        if (twice)
            stop_other_threads(interp);
        console_poke(&interp->console, CONSOLE_INTERRUPT);
    }
    return NULL;
}

/* The thread that takes SIGINT and SIGWINCH (blocked in every other
 * thread).  A child process made by fork starts its own: the parent's
 * watcher is not copied into it. */
static void start_signal_watcher(Interp *interp)
{
    thread_start_detached(signal_watcher, interp);
}

static void setup_signals(Interp *interp)
{
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGWINCH);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    start_signal_watcher(interp);
    interp->fork_child_hook = start_signal_watcher;
}

static int run_main(ThreadState *ts, const Options *opt, ObjDict *globals)
{
    Value result = UNDEF_VAL;
    switch (opt->mode) {
    case RUN_FILE:
        if (access(opt->script_path, R_OK) != 0) {
            int err = errno;
            fprintf(stderr, "%s: can't open file '%s': [Errno %d] %s\n",
                    ts->interp->program_name, opt->script_path, err,
                    strerror(err));
            return 2;
        }
        if (opt->lecture)
            return lecture_run(ts, opt->script_path, globals, opt->auto_run);
        result = run_file(ts, opt->script_path, globals);
        break;
    case RUN_COMMAND:
        result = run_source(ts, opt->target, strlen(opt->target), "<string>",
                            globals, PARSE_FILE);
        break;
    case RUN_STDIN: {
        StrBuf sb;
        sb_init(&sb);
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
            sb_append(&sb, chunk, n);
        result = run_source(ts, sb.data ? sb.data : "", sb.len, "<stdin>",
                            globals, PARSE_FILE);
        sb_free(&sb);
        break;
    }
    case RUN_REPL:
        return repl_run(ts, globals);
    }
    fflush(stdout);
    if (IS_ERR(result)) {
        Value exc = exc_fetch(ts);
        bool is_exit = obj_isinstance(ts, exc, TYPE(ts, SystemExit));
        int status = run_report_exception(ts, exc);
        if (opt->inspect && !is_exit)
            return repl_run(ts, globals);
        return status;
    }
    if (opt->inspect)
        return repl_run(ts, globals);
    return 0;
}

/* The GIL as the options ask. */
static void setup_gil(ThreadState *ts, const Options *opt)
{
    if (opt->seed >= 0)
        gil_set_seed(ts, (uint64_t)opt->seed);
    if (opt->ticks > 0)
        gil_set_check_interval(ts, (int)opt->ticks);
    if (opt->switch_interval > 0)
        gil_set_switch_interval(ts, opt->switch_interval);
    if (opt->trace > 0) {
        /* a line of output at a time, so the trace interleaves truly */
        setvbuf(stdout, NULL, _IOLBF, 0);
        gil_set_trace(ts, opt->trace);
    }
    if (opt->gil_policy >= 0 || opt->check >= 0)
        gil_set_policy(ts,
                       opt->gil_policy >= 0 ? (GilPolicy)opt->gil_policy
                                            : ts->interp->gil.policy,
                       opt->check);
    gil_restart_clock(ts);
}

/* At the end of the program, as CPython does: threading._shutdown()
 * waits for the threads that are not daemons, then atexit runs the
 * functions registered with it (multiprocessing's joins its children).
 * Each only when its module was ever imported.  An exception there is
 * printed. */
static void run_exit_hook(ThreadState *ts, const char *module,
                          const char *function)
{
    Value mod;
    ObjStr *name = str_intern_cstr(ts, module);
    if (!name || !dict_get_str(ts->interp->modules, name, &mod))
        return;
    ObjStr *fn = str_intern_cstr(ts, function);
    if (!fn)
        return;
    PROTECT(ts, mod);
    Value r = obj_call_method(ts, mod, fn, 0, NULL);
    UNPROTECT(ts, 1);
    if (IS_ERR(r)) {
        /* Ctrl-C while waiting: what is left is left, as CPython says */
        Value exc = exc_fetch(ts);
        if (obj_isinstance(ts, exc, TYPE(ts, KeyboardInterrupt))) {
            PROTECT(ts, exc);
            Value where = obj_repr(ts, mod);
            UNPROTECT(ts, 1);
            if (IS_ERR(where))
                exc_clear(ts);
            else
                fprintf(stderr, "Exception ignored in: %s\n",
                        AS_STR(where)->data);
        }
        run_report_exception(ts, exc);
    }
}

int main(int argc, char **argv)
{
    Options opt;
    int status = parse_options(argc, argv, &opt);
    if (status >= 0)
        return status;
    Interp *interp = interp_new();
    if (!interp) {
        fprintf(stderr, "%s: cannot start the interpreter\n", argv[0]);
        return 1;
    }
    interp->program_name = argv[0];
    interp->lib_dir = MPY_LIB_DIR;
    term_setup(interp, opt.no_colour);
    setup_signals(interp);
    ThreadState *ts = interp_main_thread(interp);
    setup_gil(ts, &opt);
    setup_sys(ts, &opt, argc, argv);
    ObjDict *globals = make_main_module(ts, &opt);
    status = run_main(ts, &opt, globals);
    run_exit_hook(ts, "threading", "_shutdown");
    run_exit_hook(ts, "atexit", "_run_exitfuncs");
    if (fflush(stdout) != 0)
        status = status ? status : 120;
    fflush(stderr);
    free(opt.script_path);
    /* Daemon threads (or deadlocked ones) may still be alive, waiting for
     * the GIL this thread keeps: the process ends under them. */
    if (interp->nthreads > 1)
        _exit(status);
    interp_free(interp);
    return status;
}

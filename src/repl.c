/* repl.c - the interactive loop: read a statement (more lines while it is
 * incomplete), compile it in single-statement mode so expression values
 * are echoed, run it, report errors, and go on.  A line starting with ':'
 * at the primary prompt is a command (repl_cmd.c).
 *
 * Getting the lines (Readline, history, completion, threads printing
 * while the user types, Ctrl-C at the prompt) is lineedit.c's business;
 * this file is the loop: a Ctrl-C at the prompt throws away the statement
 * typed so far, as CPython does.
 *
 * As in `python -m asyncio`, `await` (and async for / async with) may be
 * used at the prompt: such an input compiles to a coroutine, which runs
 * on one event loop kept for the session (asyncio.runners._run_for_repl),
 * so a task created at one prompt goes on at the next await. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "compiler.h"
#include "exc.h"
#include "gc.h"
#include "import.h"
#include "lineedit.h"
#include "ops.h"
#include "repl.h"
#include "repl_cmd.h"
#include "run.h"
#include "str.h"
#include "strbuf.h"
#include "vm.h"

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return false;
    return true;
}

/* Run the coroutine [coro] made of an input with a top-level await on the
 * session's event loop. */
static Value run_awaiting(ThreadState *ts, Value coro)
{
    PROTECT(ts, coro);
    Value r = ERR_VAL;
    ObjStr *mod_name = str_intern_cstr(ts, "asyncio.runners");
    Value mod = mod_name ? import_module(ts, mod_name, true) : ERR_VAL;
    if (!IS_ERR(mod)) {
        PROTECT(ts, mod);
        ObjStr *fn_name = str_intern_cstr(ts, "_run_for_repl");
        Value fn = fn_name ? obj_getattr(ts, mod, fn_name) : ERR_VAL;
        if (!IS_ERR(fn))
            r = vm_call_value(ts, fn, 1, &coro, NULL);
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 1);
    return r;
}

/* Run one complete statement held in [sb]. Returns false when the REPL must
 * stop (SystemExit), with *status set. */
static bool run_statement(ThreadState *ts, ObjDict *globals, ObjCode *code,
                          int *status)
{
    Interp *interp = ts->interp;
    PROTECT_OBJ(ts, code);
    interp->last_run_start_ns = gil_now_ns(interp);
    Value result = vm_run_module(ts, code, globals);
    if (!IS_ERR(result) && code_is_top_level_coroutine(code))
        result = run_awaiting(ts, result);
    interp->last_run_end_ns = gil_now_ns(interp);
    UNPROTECT(ts, 1);
    fflush(stdout);
    if (!IS_ERR(result))
        return true;
    Value exc = exc_fetch(ts);
    if (obj_isinstance(ts, exc, TYPE(ts, SystemExit))) {
        *status = run_report_exception(ts, exc);
        return false;
    }
    run_report_exception(ts, exc);
    return true;
}

int repl_run(ThreadState *ts, ObjDict *globals)
{
    LineEditor *editor = lineedit_open(ts, globals);
    if (!editor) {
        fprintf(stderr, "mpy: out of memory\n");
        return 1;
    }
    FILE *banner = lineedit_on_terminal(editor) ? stdout : stderr;
    fprintf(banner, "mpy %s -- a teaching interpreter for Python concurrency\n"
                    "Type \"help\", \"copyright\", \"credits\" or \"license\" "
                    "for more information; \":help\" for the commands.\n",
            PACKAGE_VERSION);
    int status = 0;
    StrBuf source;
    sb_init(&source);
    for (;;) {
        bool at_eof = false;
        char *line = NULL;
        ReadResult got = lineedit_read(editor, source.len > 0, &line);
        if (got == READ_INTERRUPT) {
            source.len = 0;
            continue;
        }
        if (got == READ_EOF) {
            if (source.len == 0)
                break;
            /* End of input inside a statement: compile what there is, so
             * the error (if any) is reported. */
            line = strdup("");
            at_eof = true;
            if (!line)
                break;
        }
        if (source.len == 0 && is_blank(line)) {
            free(line);
            continue;
        }
        if (source.len == 0 && line[strspn(line, " \t")] == ':') {
            int stop = repl_command(ts, globals, line + strspn(line, " \t"));
            free(line);
            if (stop)
                break;
            continue;
        }
        sb_puts(&source, line);
        sb_putc(&source, '\n');
        free(line);
        bool incomplete = false;
        ObjCode *code = run_compile_flags(ts, source.data, source.len,
                                          "<stdin>", PARSE_SINGLE,
                                          COMPILE_TOP_LEVEL_AWAIT, &incomplete);
        if (!code) {
            if (incomplete && !at_eof) {
                exc_clear(ts);
                continue;
            }
            run_report_exception(ts, exc_fetch(ts));
            source.len = 0;
            if (at_eof)
                break;
            continue;
        }
        source.len = 0;
        if (!run_statement(ts, globals, code, &status) || at_eof)
            break;
    }
    sb_free(&source);
    lineedit_close(editor);
    return status;
}

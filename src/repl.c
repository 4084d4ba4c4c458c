/* repl.c - the interactive loop: read a statement (more lines while it is
 * incomplete), compile it in single-statement mode so expression values
 * are echoed, run it, report errors, and go on.  A line starting with ':'
 * at the primary prompt is a command (repl_cmd.c).
 *
 * Getting the lines (Readline, history, completion, threads printing
 * while the user types, Ctrl-C at the prompt) is lineedit.c's business;
 * this file is the loop: a Ctrl-C at the prompt throws away the statement
 * typed so far, as CPython does. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "exc.h"
#include "gc.h"
#include "lineedit.h"
#include "ops.h"
#include "repl.h"
#include "repl_cmd.h"
#include "run.h"
#include "strbuf.h"
#include "vm.h"

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return false;
    return true;
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
        ObjCode *code = run_compile(ts, source.data, source.len, "<stdin>",
                                    PARSE_SINGLE, &incomplete);
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

/* repl.c - the interactive loop: read a statement (more lines while it is
 * incomplete), compile it in single-statement mode so expression values
 * are echoed, run it, report errors, and go on.  A line starting with ':'
 * at the primary prompt is a command (repl_cmd.c).
 *
 * On a terminal the prompts go to standard output through GNU Readline
 * when it was configured; otherwise lines are read plainly and the prompts
 * go to standard error, as CPython does, so that a transcript's standard
 * output holds only what the program printed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "repl.h"
#include "repl_cmd.h"
#include "run.h"
#include "strbuf.h"
#include "vm.h"

#define PS1 ">>> "
#define PS2 "... "

typedef struct LineReader {
    bool interactive; /* stdin is a terminal */
} LineReader;

/* One line without its newline, malloc'd; NULL at end of input. */
static char *read_line(LineReader *r, const char *prompt)
{
#ifdef HAVE_READLINE
    if (r->interactive) {
        char *line = readline(prompt);
        if (line && *line)
            add_history(line);
        return line;
    }
#endif
    FILE *prompt_out = r->interactive ? stdout : stderr;
    fputs(prompt, prompt_out);
    fflush(prompt_out);
    StrBuf sb;
    sb_init(&sb);
    int c;
    bool any = false;
    while ((c = getchar()) != EOF) {
        any = true;
        if (c == '\n')
            break;
        sb_putc(&sb, (char)c);
    }
    if (!any) {
        sb_free(&sb);
        return NULL;
    }
    if (!sb.data)
        sb_putc(&sb, '\0'), sb.len = 0;
    return sb.data;
}

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
    PROTECT_OBJ(ts, code);
    Value result = vm_run_module(ts, code, globals);
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
    LineReader reader = {.interactive = isatty(0) != 0};
    FILE *banner = reader.interactive ? stdout : stderr;
    fprintf(banner, "mpy %s -- a teaching interpreter for Python concurrency\n"
                    "Type \"help\", \"copyright\", \"credits\" or \"license\" "
                    "for more information.\n",
            PACKAGE_VERSION);
    int status = 0;
    StrBuf source;
    sb_init(&source);
    for (;;) {
        bool at_eof = false;
        char *line = read_line(&reader, source.len ? PS2 : PS1);
        if (!line) {
            if (source.len == 0) {
                if (reader.interactive)
                    fputc('\n', stdout);
                break;
            }
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
    return status;
}

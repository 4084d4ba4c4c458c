/* lineedit.c - reading the REPL's lines while threads keep running.
 *
 * What it does.  A student types at ">>> " while the threads of the last
 * statement go on printing and tracing.  Three things must hold at once:
 * the other threads run (the GIL is let go for the whole time the prompt
 * waits, in every policy), their output appears above the prompt without
 * mangling the line being typed, and Ctrl-C at the prompt throws the line
 * away.  On a terminal with GNU Readline the line is edited with
 * Readline's callback interface, so this thread never blocks inside
 * Readline: it polls standard input and the console's wake pipe
 * (console.c) and hands Readline one character at a time.  When the pipe
 * says output was held back, it clears the prompt's line, writes the held
 * lines, and lets Readline draw the prompt and the typed text again; when
 * it says Ctrl-C, it drops the line and returns READ_INTERRUPT.  Only this
 * thread calls Readline.
 *
 * History is kept in ~/.mpy_history (each line appended as it is
 * entered, so a killed session keeps it; trimmed to HISTORY_MAX lines at
 * the end).  Tab completes names, attributes, keywords and colon
 * commands (complete.c); it needs the GIL for a moment, taken and given
 * back inside the completion hook.
 *
 * Readline's callbacks take no argument, so the editor reading a line is
 * found through one file-level pointer, `reading`, set only by the REPL's
 * thread for the duration of a read: the single piece of state here that
 * is not passed in, forced by Readline's interface.
 *
 * Off a terminal (a pipe, a file: tests and transcripts) lines are read
 * plainly and the prompts go to standard error, as CPython does.  The GIL
 * is let go there too, except in the deterministic policy, where a
 * transcript must give the same output on every run.  On a terminal
 * without Readline the line is read with poll() and read(): output is
 * still written above the prompt, but the typed text is not drawn again.
 * A paste of several lines (Readline's bracketed paste gives them as one)
 * is split and handed out a line at a time, as if typed.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#ifdef HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include "complete.h"
#include "exc.h"
#include "lineedit.h"
#include "strbuf.h"
#include "term.h"

#define PS1 ">>> "
#define PS2 "... "
#define HISTORY_MAX 1000
#define HISTORY_FILE ".mpy_history"

struct LineEditor {
    ThreadState *ts;
    ObjDict *globals;
    bool terminal;     /* stdin and stdout are a terminal */
    bool editing;      /* ... and Readline edits the line */
    bool released;     /* the GIL is let go while the prompt waits */
    char *history;     /* the history file's path, or NULL */
    StrBuf typed;      /* plain terminal: bytes read, not yet a line */
    StrBuf queued;     /* lines of a paste still to hand out */
    /* what the Readline callback delivered */
    bool done;
    char *line;
};

#ifdef HAVE_READLINE
static LineEditor *reading; /* see the essay: Readline's callbacks */
#endif

bool lineedit_on_terminal(const LineEditor *ed)
{
    return ed->terminal;
}

/* ---- history ------------------------------------------------------------ */

#ifdef HAVE_READLINE
static char *history_path(void)
{
    const char *home = getenv("HOME");
    if (!home || !*home)
        return NULL;
    size_t n = strlen(home) + sizeof HISTORY_FILE + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", home, HISTORY_FILE);
    return path;
}

static void history_open(LineEditor *ed)
{
    using_history();
    stifle_history(HISTORY_MAX);
    ed->history = history_path();
    if (ed->history && read_history(ed->history) != 0)
        write_history(ed->history); /* create it, so appends work */
}

static void history_add(LineEditor *ed, const char *line)
{
    if (!*line)
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base +
                                                        history_length - 1)
                                          : NULL;
    if (last && strcmp(last->line, line) == 0)
        return;
    add_history(line);
    if (ed->history)
        append_history(1, ed->history);
}

/* ---- completion --------------------------------------------------------- */

static char *no_more_matches(const char *text, int state)
{
    (void)text;
    (void)state;
    return NULL;
}

/* Readline's hook: the candidates from complete.c, computed with the GIL
 * held. */
static char **complete_hook(const char *text, int start, int end)
{
    (void)text;
    LineEditor *ed = reading;
    rl_attempted_completion_over = 1;
    rl_completion_append_character = '\0';
    if (!ed)
        return NULL;
    const char *line = rl_line_buffer;
    if (strncmp(line + strspn(line, " \t"), ":load ", 6) == 0) {
        /* a file name: Readline's own completion */
        rl_attempted_completion_over = 0;
        rl_completion_append_character = ' ';
        return NULL;
    }
    if (ed->released)
        gil_acquire(ed->ts);
    char **matches = complete_matches(ed->ts, ed->globals, line, start, end);
    exc_clear(ed->ts);
    ed->released = gil_outside_begin_any(ed->ts);
    if (!matches)
        return NULL;
    /* Readline wants the common prefix first, then the matches */
    size_t n = 0;
    while (matches[n])
        n++;
    char **out = malloc((n + 2) * sizeof *out);
    if (!out) {
        for (size_t i = 0; i < n; i++)
            free(matches[i]);
        free(matches);
        return NULL;
    }
    size_t common = strlen(matches[0]);
    for (size_t i = 1; i < n; i++) {
        size_t k = 0;
        while (k < common && matches[i][k] == matches[0][k])
            k++;
        common = k;
    }
    out[0] = strndup(matches[0], common);
    memcpy(out + 1, matches, n * sizeof *out);
    out[n + 1] = NULL;
    free(matches);
    if (!out[0]) {
        for (size_t i = 1; i <= n; i++)
            free(out[i]);
        free(out);
        return NULL;
    }
    return out;
}

static void on_line(char *line)
{
    LineEditor *ed = reading;
    if (!ed) {
        free(line);
        return;
    }
    ed->done = true;
    ed->line = line;
    /* no new prompt until the next read */
    rl_callback_handler_remove();
}
#endif

/* ---- opening and closing ------------------------------------------------ */

LineEditor *lineedit_open(ThreadState *ts, ObjDict *globals)
{
    LineEditor *ed = calloc(1, sizeof *ed);
    if (!ed)
        return NULL;
    ed->ts = ts;
    ed->globals = globals;
    ed->terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    sb_init(&ed->typed);
    sb_init(&ed->queued);
    if (ed->terminal)
        console_open(&ts->interp->console, isatty(STDERR_FILENO));
#ifdef HAVE_READLINE
    if (ed->terminal) {
        ed->editing = true;
        rl_readline_name = "mpy";
        rl_catch_signals = 0; /* the signal watcher owns SIGINT */
        rl_catch_sigwinch = 0;
        rl_attempted_completion_function = complete_hook;
        rl_completion_entry_function = no_more_matches;
        rl_basic_word_break_characters = " \t\n`~!@#$%^&*()-=+[{]}\\|;'\",<>/?";
        history_open(ed);
    }
#endif
    return ed;
}

void lineedit_close(LineEditor *ed)
{
    if (!ed)
        return;
#ifdef HAVE_READLINE
    if (ed->editing && ed->history)
        history_truncate_file(ed->history, HISTORY_MAX);
#endif
    if (ed->terminal)
        console_close(&ed->ts->interp->console);
    free(ed->history);
    sb_free(&ed->typed);
    sb_free(&ed->queued);
    free(ed);
}

/* ---- the prompt ---------------------------------------------------------- */

/* The prompt, coloured on a colour terminal; [invisible] brackets the
 * escapes for Readline, which must not count them as columns. */
static void make_prompt(const LineEditor *ed, bool continuation, char *buf,
                        size_t size, bool invisible)
{
    const char *text = continuation ? PS2 : PS1;
    if (!ed->ts->interp->colour_out) {
        snprintf(buf, size, "%s", text);
        return;
    }
    const char *open = invisible ? "\001" : "";
    const char *close = invisible ? "\002" : "";
    snprintf(buf, size, "%s%s%s%s%s%s%s", open, TERM_BOLD TERM_GREEN, close,
             text, open, TERM_RESET, close);
}

/* Write the lines held back while the prompt is up, above it. */
static void show_held(LineEditor *ed, const char *plain_prompt)
{
    size_t len;
    char *lines = console_take_lines(&ed->ts->interp->console, &len);
    if (!lines)
        return;
#ifdef HAVE_READLINE
    if (ed->editing) {
        rl_clear_visible_line();
        fwrite(lines, 1, len, stdout);
        if (lines[len - 1] != '\n')
            fputc('\n', stdout);
        fflush(stdout);
        rl_on_new_line();
        rl_redisplay();
        free(lines);
        return;
    }
#endif
    fputs("\r\033[K", stdout);
    fwrite(lines, 1, len, stdout);
    if (lines[len - 1] != '\n')
        fputc('\n', stdout);
    fputs(plain_prompt, stdout);
    fflush(stdout);
    free(lines);
}

/* Ctrl-C at the prompt: the typed line goes, as in CPython. */
static void drop_line(LineEditor *ed)
{
#ifdef HAVE_READLINE
    if (ed->editing) {
        rl_free_line_state();
        rl_callback_sigcleanup();
        rl_replace_line("", 0);
        rl_callback_handler_remove();
    }
#endif
    if (!ed->editing) {
        tcflush(STDIN_FILENO, TCIFLUSH);
        ed->typed.len = 0;
    }
    ed->queued.len = 0;
    fputs("\nKeyboardInterrupt\n", stdout);
    fflush(stdout);
}

/* Plain terminal: read what is there; a line when one is complete. */
static ReadResult read_plain_chunk(LineEditor *ed, char **line, bool *have)
{
    char chunk[512];
    ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? READ_LINE : READ_EOF;
    if (n == 0) {
        if (ed->typed.len == 0)
            return READ_EOF;
        n = 0; /* end of input after a partial line: take it */
    }
    sb_append(&ed->typed, chunk, (size_t)n);
    char *data = ed->typed.data;
    char *nl = data ? memchr(data, '\n', ed->typed.len) : NULL;
    if (!nl && n > 0)
        return READ_LINE;
    size_t take = nl ? (size_t)(nl - data) : ed->typed.len;
    *line = strndup(data ? data : "", take);
    size_t rest = nl ? ed->typed.len - take - 1 : 0;
    if (rest)
        memmove(data, nl + 1, rest);
    ed->typed.len = rest;
    *have = true;
    return *line ? READ_LINE : READ_EOF;
}

/* Wait at the prompt on a terminal until a line, EOF or Ctrl-C. */
static ReadResult read_terminal(LineEditor *ed, bool continuation,
                                char **line)
{
    Interp *interp = ed->ts->interp;
    Console *con = &interp->console;
    char prompt[64], plain_prompt[64];
    make_prompt(ed, continuation, prompt, sizeof prompt, ed->editing);
    make_prompt(ed, continuation, plain_prompt, sizeof plain_prompt, false);
    console_prompt_up(con);
#ifdef HAVE_READLINE
    if (ed->editing) {
        ed->done = false;
        ed->line = NULL;
        reading = ed;
        rl_callback_handler_install(prompt, on_line);
    }
#endif
    if (!ed->editing) {
        fputs(plain_prompt, stdout);
        fflush(stdout);
    }
    ed->released = gil_outside_begin_any(ed->ts);
    ReadResult result = READ_LINE;
    bool have = false;
    for (;;) {
        if (!ed->editing && ed->typed.len > 0 &&
            memchr(ed->typed.data, '\n', ed->typed.len)) {
            result = read_plain_chunk(ed, line, &have);
            if (have)
                break;
        }
        struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                                {.fd = console_wake_fd(con), .events = POLLIN}};
        int nfds = fds[1].fd >= 0 ? 2 : 1;
        if (poll(fds, nfds, -1) < 0) {
            if (errno == EINTR)
                continue;
            result = READ_EOF;
            break;
        }
        if (nfds == 2 && (fds[1].revents & POLLIN)) {
            int bits = console_take_signals(con);
#ifdef HAVE_READLINE
            if ((bits & CONSOLE_RESIZE) && ed->editing)
                rl_resize_terminal();
#endif
            if ((bits & CONSOLE_INTERRUPT) && gil_take_interrupt(interp)) {
                show_held(ed, plain_prompt);
                drop_line(ed);
                result = READ_INTERRUPT;
                break;
            }
            show_held(ed, plain_prompt);
        }
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
#ifdef HAVE_READLINE
        if (ed->editing) {
            rl_callback_read_char();
            if (ed->done) {
                if (ed->line)
                    *line = ed->line;
                else
                    result = READ_EOF;
                break;
            }
            continue;
        }
#endif
        result = read_plain_chunk(ed, line, &have);
        if (result == READ_EOF || have)
            break;
    }
#ifdef HAVE_READLINE
    reading = NULL;
#endif
    if (result == READ_EOF && !ed->editing)
        fputc('\n', stdout); /* Readline ends the line itself */
    console_prompt_down(con);
    gil_outside_end(ed->ts, ed->released);
    ed->released = false;
    return result;
}

/* Off a terminal: the prompt on standard error, a plain read. */
static ReadResult read_pipe(LineEditor *ed, bool continuation, char **line)
{
    fputs(continuation ? PS2 : PS1, stderr);
    fflush(stderr);
    fflush(stdout);
    bool released = gil_outside_begin(ed->ts);
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
    gil_outside_end(ed->ts, released);
    if (!any) {
        sb_free(&sb);
        return READ_EOF;
    }
    *line = sb.data ? sb.data : strdup("");
    return *line ? READ_LINE : READ_EOF;
}

/* The next line of a paste, if one is queued. */
static bool take_queued(LineEditor *ed, char **line)
{
    if (ed->queued.len == 0)
        return false;
    char *data = ed->queued.data;
    char *nl = memchr(data, '\n', ed->queued.len);
    size_t take = nl ? (size_t)(nl - data) : ed->queued.len;
    *line = strndup(data, take);
    size_t rest = nl ? ed->queued.len - take - 1 : 0;
    memmove(data, data + ed->queued.len - rest, rest);
    ed->queued.len = rest;
    return *line != NULL;
}

ReadResult lineedit_read(LineEditor *ed, bool continuation, char **line)
{
    *line = NULL;
    if (take_queued(ed, line))
        return READ_LINE;
    if (!ed->terminal)
        return read_pipe(ed, continuation, line);
    ReadResult r = read_terminal(ed, continuation, line);
    if (r != READ_LINE)
        return r;
#ifdef HAVE_READLINE
    if (ed->editing)
        history_add(ed, *line);
#endif
    char *nl = strchr(*line, '\n');
    if (nl) {
        /* a paste of several lines: this one now, the rest queued */
        sb_puts(&ed->queued, nl + 1);
        *nl = '\0';
    }
    return READ_LINE;
}

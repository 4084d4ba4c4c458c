/* lecture.c - lecture mode: `mpy --lecture FILE` runs a script one cell
 * at a time, in front of a class.
 *
 * Cells.  A line whose text, after its indentation, starts with "# %%"
 * begins a cell (the convention of Jupytext, VS Code and Spyder, so a
 * lecture is also an ordinary script for python3 and for `mpy FILE`); the
 * rest of that line is the cell's title.  The text before the first
 * marker is a cell too when it holds code: a preamble of imports must
 * run; a header made only of comments and blank lines is not shown.  A
 * file without markers is a single cell.
 *
 * Showing.  Each cell is printed on standard output as
 *     # %% [2/5] The race
 *     <its lines as written, trailing blank lines dropped>
 *     <a blank line>
 * with a blank line before every header but the first.  On a terminal
 * that takes colour (interp->colour_out, term.c) the header is in reverse
 * video and the code is highlighted (highlight.c); otherwise the text is
 * plain, so a pipe or a NO_COLOR terminal never sees an escape.
 *
 * Waiting.  Unless --auto, the lecture then waits for a line on standard
 * input (with a hint when both ends are a terminal): Enter runs the cell,
 * "q" stops and opens the REPL, end of input runs the rest without
 * pauses, Ctrl-C skips the cell.  The wait lets go of the GIL, in every
 * policy, so threads that earlier cells started go on running while the
 * class reads.  SIGINT only raises interp->pending_sigint (a watcher
 * thread takes the signal) and pokes the console's wake pipe, so the wait
 * polls standard input and that pipe, and looks at the flag every
 * 100 ms as well.  The answer is read byte by byte from the descriptor
 * (or from stdio's buffer when an earlier input() left bytes there),
 * never past its newline: what follows is the REPL's to read.
 *
 * Running.  A cell runs in the script's globals as part of the script:
 * compiled as a file (no echo of values) under the script's path, with
 * as many newlines in front as there are lines before it, so line numbers
 * in tracebacks and :dis are the file's.  Compiling registers that padded
 * text as the file's source (run_compile), so the whole file's text is
 * registered again right after: a traceback that runs through an earlier
 * cell's function must still find its lines.  A "# :COMMAND" line splits
 * the cell: the code before it runs, then the REPL command, then the code
 * after.  An exception is reported as for a script and the lecture goes
 * on with the next cell; SystemExit (or :quit) ends the lecture there,
 * with its status and without the REPL.  After the last cell, or "q",
 * the REPL opens on the script's globals.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exc.h"
#include "gc.h"
#include "gil.h"
#include "highlight.h"
#include "lecture.h"
#include "ops.h"
#include "repl.h"
#include "repl_cmd.h"
#include "run.h"
#include "str.h"
#include "strbuf.h"
#include "term.h"
#include "vm.h"

#define MARKER "# %%"
#define WAIT_POLL_MS 100
#define HINT "[Enter] run, q quit to the REPL "

/* One lecture being given. */
typedef struct Lecture {
    ThreadState *ts;
    ObjDict *globals;
    const char *path;
    const char *src;
    size_t len;
    LectureCell *cells;
    size_t ncells;
    bool pausing; /* wait for Enter before each cell */
} Lecture;

/* What the teacher answered at a wait. */
typedef enum Answer { ANSWER_RUN, ANSWER_QUIT, ANSWER_EOF, ANSWER_SKIP } Answer;

/* How a cell ended: go on, or end the lecture (SystemExit or :quit). */
typedef enum CellEnd { CELL_NEXT, CELL_EXIT } CellEnd;

/* ------------------------------------------------------------ splitting */

static size_t skip_blanks(const char *s, size_t i, size_t end)
{
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* The end of the line that starts at [i] (its newline, or [len]). */
static size_t line_end(const char *src, size_t len, size_t i)
{
    const char *nl = memchr(src + i, '\n', len - i);
    return nl ? (size_t)(nl - src) : len;
}

static bool is_marker(const char *src, size_t i, size_t end)
{
    i = skip_blanks(src, i, end);
    return end - i >= strlen(MARKER) &&
           memcmp(src + i, MARKER, strlen(MARKER)) == 0;
}

bool lecture_command_line(const char *line, size_t len, const char **command,
                          size_t *command_len)
{
    size_t i = skip_blanks(line, 0, len);
    if (len - i < 3 || line[i] != '#')
        return false;
    i = skip_blanks(line, i + 1, len);
    if (i + 1 >= len || line[i] != ':' ||
        !((line[i + 1] >= 'a' && line[i + 1] <= 'z') ||
          (line[i + 1] >= 'A' && line[i + 1] <= 'Z')))
        return false;
    size_t end = len;
    while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t' ||
                       line[end - 1] == '\r'))
        end--;
    *command = line + i;
    *command_len = end - i;
    return true;
}

/* Does [start, end) hold something to run: a line of code or a command?
 * Blank lines and comments alone do not count. */
static bool holds_code(const char *src, size_t start, size_t end)
{
    for (size_t i = start; i < end;) {
        size_t eol = line_end(src, end, i);
        size_t first = skip_blanks(src, i, eol);
        const char *cmd;
        size_t cmd_len;
        if (first < eol && src[first] != '\r' &&
            (src[first] != '#' ||
             lecture_command_line(src + i, eol - i, &cmd, &cmd_len)))
            return true;
        i = eol + 1;
    }
    return false;
}

/* The title on a marker line [i, eol): after the marker, trimmed. */
static void marker_title(const char *src, size_t i, size_t eol,
                         LectureCell *cell)
{
    size_t t = skip_blanks(src, skip_blanks(src, i, eol) + strlen(MARKER), eol);
    size_t e = eol;
    while (e > t &&
           (src[e - 1] == ' ' || src[e - 1] == '\t' || src[e - 1] == '\r'))
        e--;
    cell->title = t;
    cell->title_len = e - t;
}

LectureCell *lecture_split(const char *src, size_t len, size_t *n)
{
    size_t count = 1, cap = 1;
    for (size_t i = 0; i < len; i = line_end(src, len, i) + 1)
        cap += is_marker(src, i, line_end(src, len, i));
    LectureCell *cells = calloc(cap, sizeof *cells);
    *n = 0;
    if (!cells)
        return NULL;
    /* cells[0] is the preamble, kept only when it holds code */
    cells[0].first_line = 1;
    int line = 1;
    for (size_t i = 0; i < len; line++) {
        size_t eol = line_end(src, len, i);
        size_t next = eol < len ? eol + 1 : len;
        if (is_marker(src, i, eol)) {
            cells[count - 1].end = i;
            LectureCell *cell = &cells[count++];
            marker_title(src, i, eol, cell);
            cell->start = next;
            cell->first_line = line + 1;
        }
        i = next;
    }
    cells[count - 1].end = len;
    size_t first = 0;
    if (count > 1 && !holds_code(src, cells[0].start, cells[0].end))
        first = 1;
    else if (count == 1 && !holds_code(src, 0, len))
        first = 1;
    memmove(cells, cells + first, (count - first) * sizeof *cells);
    *n = count - first;
    if (*n == 0) {
        free(cells);
        return NULL;
    }
    return cells;
}

/* -------------------------------------------------------------- showing */

/* The end of [cell]'s text without its trailing blank lines: just past
 * the newline of its last line that is not blank. */
static size_t shown_end(const Lecture *lec, const LectureCell *cell)
{
    size_t last = cell->end;
    while (last > cell->start && lec->src[last - 1] != '\0' &&
           strchr(" \t\r\n", lec->src[last - 1]))
        last--;
    if (last == cell->start)
        return cell->start;
    size_t eol = line_end(lec->src, cell->end, last);
    return eol < cell->end ? eol + 1 : eol;
}

static void show_cell(const Lecture *lec, size_t k)
{
    const LectureCell *cell = &lec->cells[k];
    bool colour = lec->ts->interp->colour_out;
    StrBuf out;
    sb_init(&out);
    if (k > 0)
        sb_putc(&out, '\n');
    if (colour)
        sb_puts(&out, TERM_REVERSE TERM_BOLD);
    sb_printf(&out, "%s [%zu/%zu]", MARKER, k + 1, lec->ncells);
    if (cell->title_len > 0) {
        sb_putc(&out, ' ');
        sb_append(&out, lec->src + cell->title, cell->title_len);
    }
    if (colour)
        sb_puts(&out, TERM_RESET);
    sb_putc(&out, '\n');
    size_t end = shown_end(lec, cell);
    if (colour)
        highlight_code(lec->src + cell->start, end - cell->start, &out);
    else
        sb_append(&out, lec->src + cell->start, end - cell->start);
    if (end > cell->start && lec->src[end - 1] != '\n')
        sb_putc(&out, '\n');
    sb_putc(&out, '\n');
    fflush(stderr);
    fwrite(out.data, 1, out.len, stdout);
    fflush(stdout);
    sb_free(&out);
}

/* -------------------------------------------------------------- waiting */

/* Is a byte of stdin already in stdio's buffer (an earlier input() read
 * ahead)?  Then it must be taken from there, not from the descriptor. */
static bool stdin_buffered(void)
{
#ifdef __GLIBC__
    return stdin->_IO_read_ptr < stdin->_IO_read_end;
#else
    return false;
#endif
}

/* The next byte of standard input: the byte (0..255), EOF, or -2 on
 * Ctrl-C.  Called with the GIL let go. */
static int next_byte(Interp *interp)
{
    Console *con = &interp->console;
    for (;;) {
        if (atomic_load(&interp->pending_sigint))
            return -2;
        if (stdin_buffered())
            return fgetc(stdin);
        struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                                {.fd = console_wake_fd(con), .events = POLLIN}};
        int nfds = fds[1].fd >= 0 ? 2 : 1;
        int r = poll(fds, (nfds_t)nfds, WAIT_POLL_MS);
        if (r < 0 && errno != EINTR)
            return EOF;
        if (r <= 0)
            continue;
        if (nfds == 2 && (fds[1].revents & POLLIN))
            console_take_signals(con);
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        unsigned char c;
        ssize_t got = read(STDIN_FILENO, &c, 1);
        if (got == 1)
            return c;
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        return EOF;
    }
}

static bool is_quit(const StrBuf *sb)
{
    size_t i = 0, n = sb->len;
    while (i < n && (sb->data[i] == ' ' || sb->data[i] == '\t'))
        i++;
    while (n > i && (sb->data[n - 1] == ' ' || sb->data[n - 1] == '\t' ||
                     sb->data[n - 1] == '\r'))
        n--;
    return (n - i == 1 && (sb->data[i] == 'q' || sb->data[i] == 'Q')) ||
           (n - i == 4 && memcmp(sb->data + i, "quit", 4) == 0);
}

/* Wait for the teacher's line. */
static Answer wait_for_teacher(Lecture *lec)
{
    Interp *interp = lec->ts->interp;
    if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
        fputs(interp->colour_out ? TERM_DIM HINT TERM_RESET : HINT, stdout);
        fflush(stdout);
    }
    fflush(stderr);
    StrBuf line;
    sb_init(&line);
    bool released = gil_outside_begin_any(lec->ts);
    int c;
    bool any = false;
    while ((c = next_byte(interp)) >= 0 && c != '\n') {
        sb_putc(&line, (char)c);
        any = true;
    }
    gil_outside_end(lec->ts, released);
    Answer answer = ANSWER_RUN;
    if (c == -2) {
        gil_take_interrupt(interp);
        fputs("\nKeyboardInterrupt\n", stdout);
        fflush(stdout);
        answer = ANSWER_SKIP;
    } else if (c == EOF && !any) {
        clearerr(stdin);
        answer = ANSWER_EOF;
    } else if (is_quit(&line)) {
        answer = ANSWER_QUIT;
    }
    sb_free(&line);
    return answer;
}

/* -------------------------------------------------------------- running */

/* The result of running a piece of a cell: CELL_EXIT with *status set on
 * SystemExit; any other exception is reported and the lecture goes on. */
static CellEnd settle(ThreadState *ts, Value result, int *status)
{
    fflush(stdout);
    if (!IS_ERR(result))
        return CELL_NEXT;
    Value exc = exc_fetch(ts);
    bool is_exit = obj_isinstance(ts, exc, TYPE(ts, SystemExit));
    int s = run_report_exception(ts, exc);
    if (!is_exit)
        return CELL_NEXT;
    *status = s;
    return CELL_EXIT;
}

/* Run the code in [start, end) of the file, whose first line is [line]. */
static CellEnd run_code(Lecture *lec, size_t start, size_t end, int line,
                        int *status)
{
    if (!holds_code(lec->src, start, end))
        return CELL_NEXT;
    ThreadState *ts = lec->ts;
    Interp *interp = ts->interp;
    StrBuf text;
    sb_init(&text);
    for (int i = 1; i < line; i++)
        sb_putc(&text, '\n');
    sb_append(&text, lec->src + start, end - start);
    ObjCode *code = run_compile(ts, text.data ? text.data : "", text.len,
                                lec->path, PARSE_FILE, NULL);
    sb_free(&text);
    interp_add_source(interp, lec->path, lec->src, lec->len);
    if (!code)
        return settle(ts, ERR_VAL, status);
    PROTECT_OBJ(ts, code);
    interp->last_run_start_ns = gil_now_ns(interp);
    Value result = vm_run_module(ts, code, lec->globals);
    interp->last_run_end_ns = gil_now_ns(interp);
    UNPROTECT(ts, 1);
    return settle(ts, result, status);
}

static CellEnd run_command(Lecture *lec, const char *command, size_t len,
                           int *status)
{
    char *line = strndup(command, len);
    if (!line) {
        fprintf(stderr, "%s: out of memory\n", lec->ts->interp->program_name);
        return CELL_NEXT;
    }
    fflush(stderr);
    int quit = repl_command(lec->ts, lec->globals, line);
    free(line);
    fflush(stdout);
    if (!quit)
        return CELL_NEXT;
    *status = 0;
    return CELL_EXIT;
}

/* Run cell [k]: its code, split at its command lines. */
static CellEnd run_cell(Lecture *lec, size_t k, int *status)
{
    const LectureCell *cell = &lec->cells[k];
    size_t chunk = cell->start;
    int chunk_line = cell->first_line, line = cell->first_line;
    for (size_t i = cell->start; i < cell->end; line++) {
        size_t eol = line_end(lec->src, cell->end, i);
        size_t next = eol < cell->end ? eol + 1 : cell->end;
        const char *cmd;
        size_t cmd_len;
        if (lecture_command_line(lec->src + i, eol - i, &cmd, &cmd_len)) {
            if (run_code(lec, chunk, i, chunk_line, status) == CELL_EXIT ||
                run_command(lec, cmd, cmd_len, status) == CELL_EXIT)
                return CELL_EXIT;
            chunk = next;
            chunk_line = line + 1;
        }
        i = next;
    }
    return run_code(lec, chunk, cell->end, chunk_line, status);
}

/* ------------------------------------------------------------- the whole */

/* Read a whole file into a malloc'd, NUL-terminated buffer; NULL with
 * errno set on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    StrBuf sb;
    sb_init(&sb);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_append(&sb, chunk, got);
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (err) {
        sb_free(&sb);
        errno = err;
        return NULL;
    }
    *len = sb.len;
    if (!sb.data) {
        char *empty = calloc(1, 1);
        if (!empty)
            errno = ENOMEM;
        return empty;
    }
    sb_putc(&sb, '\0');
    return sb.data;
}

/* Show and run every cell.  -1 when the REPL is to follow, else the
 * status the lecture ends with. */
static int give(Lecture *lec)
{
    int status = -1;
    for (size_t k = 0; k < lec->ncells; k++) {
        show_cell(lec, k);
        if (lec->pausing) {
            Answer a = wait_for_teacher(lec);
            if (a == ANSWER_QUIT)
                return -1;
            if (a == ANSWER_SKIP)
                continue;
            if (a == ANSWER_EOF)
                lec->pausing = false;
        }
        if (run_cell(lec, k, &status) == CELL_EXIT)
            return status;
    }
    return -1;
}

int lecture_run(ThreadState *ts, const char *path, ObjDict *globals,
                bool auto_run)
{
    Interp *interp = ts->interp;
    size_t len = 0;
    char *src = slurp(path, &len);
    if (!src) {
        int err = errno;
        fprintf(stderr, "%s: can't open file '%s': [Errno %d] %s\n",
                interp->program_name, path, err, strerror(err));
        return 2;
    }
    if (utf8_check(src, len) != len) {
        /* the same SyntaxError as for the script, and nothing runs */
        int status = 1;
        settle(ts, run_source(ts, src, len, path, globals, PARSE_FILE),
               &status);
        free(src);
        return status;
    }
    interp_add_source(interp, path, src, len);
    Lecture lec = {.ts = ts,
                   .globals = globals,
                   .path = path,
                   .src = src,
                   .len = len,
                   .pausing = !auto_run};
    lec.cells = lecture_split(src, len, &lec.ncells);
    int status = give(&lec);
    free(lec.cells);
    free(src);
    if (status >= 0)
        return status;
    fflush(stdout);
    return repl_run(ts, globals);
}

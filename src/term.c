/* term.c - colour, decided once.
 *
 * A teacher's screen is a terminal; a test's is a pipe.  Colour (the
 * prompt, tracebacks, trace lines with one colour per thread, :timeline,
 * a lecture's cells) helps the first and would corrupt the second, so
 * every place that colours asks interp->colour_out or colour_err, which
 * term_setup fills in at start from three facts: is the stream a
 * terminal, does TERM say it understands escapes, and did the user say
 * no (NO_COLOR, https://no-color.org, or --no-color).  Nothing else
 * decides, so no escape can reach a pipe, a file, or a NO_COLOR terminal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "term.h"

void term_setup(Interp *interp, bool disabled)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    bool allowed = !disabled && !(no_color && *no_color) &&
                   !(term && strcmp(term, "dumb") == 0);
    interp->colour_out = allowed && isatty(STDOUT_FILENO);
    interp->colour_err = allowed && isatty(STDERR_FILENO);
    interp->events.colour = interp->colour_err;
}

const char *term_thread_colour(uint32_t serial)
{
    static const char *const cycle[] = {TERM_GREEN, TERM_CYAN, TERM_YELLOW,
                                        TERM_MAGENTA, TERM_BLUE, TERM_RED};
    size_t n = sizeof cycle / sizeof cycle[0];
    return cycle[(serial ? serial - 1 : 0) % n];
}

static bool starts_with(const char *line, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(line, prefix, n) == 0;
}

/* Only blanks and the markers under a traceback's source line. */
static bool is_marker_line(const char *line, size_t len)
{
    bool any = false;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '^' || line[i] == '~')
            any = true;
        else if (line[i] != ' ')
            return false;
    }
    return any;
}

static void paint(StrBuf *out, const char *colour, const char *text,
                  size_t len)
{
    sb_puts(out, colour);
    sb_append(out, text, len);
    sb_puts(out, TERM_RESET);
}

void term_paint_traceback(const char *text, size_t len, StrBuf *out)
{
    const char *end = text + len;
    while (text < end) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        size_t n = nl ? (size_t)(nl - text) : (size_t)(end - text);
        if (starts_with(text, n, "  File ")) {
            paint(out, TERM_MAGENTA, text, n);
        } else if (is_marker_line(text, n)) {
            paint(out, TERM_RED, text, n);
        } else if (n > 0 && text[0] != ' ' &&
                   !starts_with(text, n, "Traceback (most recent") &&
                   !starts_with(text, n, "During handling of") &&
                   !starts_with(text, n, "The above exception")) {
            /* the exception: its type in bold, the message after it */
            const char *colon = memchr(text, ':', n);
            size_t type_len = colon ? (size_t)(colon - text) : n;
            paint(out, TERM_BOLD TERM_RED, text, type_len);
            if (type_len < n)
                paint(out, TERM_RED, text + type_len, n - type_len);
        } else {
            sb_append(out, text, n);
        }
        if (nl)
            sb_putc(out, '\n');
        text += n + (nl != NULL);
    }
}

/* term.h - the terminal: whether output is coloured, and the escapes
 * that colour it.  The essay is at the top of term.c. */
#ifndef MPY_TERM_H
#define MPY_TERM_H

#include <stdbool.h>
#include <stdint.h>

#include "interp.h"
#include "strbuf.h"

#define TERM_RESET "\033[0m"
#define TERM_BOLD "\033[1m"
#define TERM_DIM "\033[2m"
#define TERM_REVERSE "\033[7m"
#define TERM_RED "\033[31m"
#define TERM_GREEN "\033[32m"
#define TERM_YELLOW "\033[33m"
#define TERM_BLUE "\033[34m"
#define TERM_MAGENTA "\033[35m"
#define TERM_CYAN "\033[36m"

/* Decide interp->colour_out and colour_err once, at start: colour only on
 * a terminal whose TERM is not "dumb", never with NO_COLOR set (to any
 * non-empty value) nor when [disabled] (--no-color). */
void term_setup(Interp *interp, bool disabled);

/* The colour of thread [serial] in trace lines and :timeline rows; the
 * main thread (serial 1) is the first of a fixed cycle. */
const char *term_thread_colour(uint32_t serial);

/* A traceback's text (exc.c's format) with colour added: the "File"
 * lines, the carets, and the exception's type and message. */
void term_paint_traceback(const char *text, size_t len, StrBuf *out);

#endif

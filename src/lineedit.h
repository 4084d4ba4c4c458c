/* lineedit.h - how the REPL gets its lines: GNU Readline on a terminal
 * (history, completion, output from threads above the prompt), plain
 * reading otherwise.  The essay is at the top of lineedit.c. */
#ifndef MPY_LINEEDIT_H
#define MPY_LINEEDIT_H

#include <stdbool.h>

#include "interp.h"

typedef enum ReadResult {
    READ_LINE,      /* *line holds a line, without its newline */
    READ_EOF,       /* end of input (Ctrl-D on an empty line) */
    READ_INTERRUPT  /* Ctrl-C at the prompt: the line was thrown away */
} ReadResult;

typedef struct LineEditor LineEditor;

/* Start reading standard input for the REPL that runs in [globals]
 * (used by completion).  NULL when out of memory. */
LineEditor *lineedit_open(ThreadState *ts, ObjDict *globals);
/* Save the history and give the terminal back. */
void lineedit_close(LineEditor *ed);

/* Standard input and output are a terminal (prompts go to standard
 * output; off a terminal they go to standard error, as CPython's do). */
bool lineedit_on_terminal(const LineEditor *ed);

/* Show the primary (">>> ") or continuation ("... ") prompt and read one
 * line; *line is malloc'd for READ_LINE.  The caller holds the GIL; it is
 * let go while the user reads and types, so other threads run, and held
 * again on return. */
ReadResult lineedit_read(LineEditor *ed, bool continuation, char **line);

#endif

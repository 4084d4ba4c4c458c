/* lecture.h - lecture mode (mpy --lecture FILE): a script run cell by
 * cell, each shown and then run when the teacher presses Enter.  The
 * essay is at the top of lecture.c. */
#ifndef MPY_LECTURE_H
#define MPY_LECTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "interp.h"

/* One cell of a lecture: a byte range of the file's text. */
typedef struct LectureCell {
    size_t title, title_len; /* the marker line's text after "# %%",
                                trimmed; title_len 0 when there is none */
    size_t start, end;       /* the cell's lines, marker line excluded */
    int first_line;          /* the line number of the byte at start */
} LectureCell;

/* Split [src] into cells at its "# %%" lines.  The text before the first
 * marker is a cell of its own when it holds code (or a "# :" command),
 * not when it is only blank lines and comments; a text without any
 * marker is one cell.  malloc'd, *n cells (NULL with *n 0 when there are
 * none or memory ran out). */
LectureCell *lecture_split(const char *src, size_t len, size_t *n);

/* Is [line] (of [len] bytes, no newline) a "# :COMMAND" line?  Then
 * *command points at the ':' and *command_len covers the command without
 * trailing blanks. */
bool lecture_command_line(const char *line, size_t len, const char **command,
                          size_t *command_len);

/* Run the lecture in file [path] (absolute, as tracebacks show it) in
 * [globals]: show each cell on standard output, wait for Enter unless
 * [auto_run], run it; then the REPL.  Returns the exit status: the
 * REPL's, SystemExit's, or 2 when the file cannot be read. */
int lecture_run(ThreadState *ts, const char *path, ObjDict *globals,
                bool auto_run);

#endif

/* complete.h - the candidates Tab offers at the REPL's prompt.  The
 * essay is at the top of complete.c. */
#ifndef MPY_COMPLETE_H
#define MPY_COMPLETE_H

#include "interp.h"

/* Completions of the word [line][start..end) (it may hold dots, as in
 * "math.sq"): a malloc'd, NULL-terminated array of malloc'd strings,
 * sorted and without duplicates, each the whole replacement for the word;
 * NULL when there is none.  The caller holds the GIL and frees it all. */
char **complete_matches(ThreadState *ts, ObjDict *globals, const char *line,
                        int start, int end);

#endif

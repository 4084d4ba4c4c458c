/* repl.h - the interactive read-eval-print loop. */
#ifndef MPY_REPL_H
#define MPY_REPL_H

#include "interp.h"

/* Read statements from standard input and run them in [globals] until end
 * of input or SystemExit.  Returns the process exit status. */
int repl_run(ThreadState *ts, ObjDict *globals);

#endif

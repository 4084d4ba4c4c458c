/* repl_cmd.h - the REPL's colon commands (:gil, :threads, :dis...); the
 * list is at the top of repl_cmd.c. */
#ifndef MPY_REPL_CMD_H
#define MPY_REPL_CMD_H

#include <stddef.h>

#include "interp.h"

/* Run the command [line] (it starts with ':'), printing on standard
 * output.  1 when the REPL must stop (:quit), else 0. */
int repl_command(ThreadState *ts, ObjDict *globals, const char *line);

/* The name of command [i] without its colon ("gil"), in the order :help
 * lists them; NULL past the last.  For tab completion. */
const char *repl_command_name(size_t i);

#endif

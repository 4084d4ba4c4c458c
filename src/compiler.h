/* compiler.h - from an AST to code objects. */
#ifndef MPY_COMPILER_H
#define MPY_COMPILER_H

#include "ast.h"
#include "interp.h"

/* Compile a parsed module.  In PARSE_SINGLE mode (the REPL), expression
 * statements at top level print their value through sys.displayhook
 * semantics (repr, not None, stored in builtins._).  Returns NULL with a
 * SyntaxError pending for errors found after parsing ('return' outside
 * function, nonlocal without binding, 'await' outside async function, ...). */
ObjCode *compile_module(ThreadState *ts, Mod *mod, const char *filename);

#endif

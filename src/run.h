/* run.h - from source text to a result: parse, compile and run, turning
 * parse errors into SyntaxError exceptions. */
#ifndef MPY_RUN_H
#define MPY_RUN_H

#include "ast.h"
#include "interp.h"

/* Compile [src] (registered under [filename] for tracebacks) in [mode].
 * NULL with SyntaxError pending on error.  *incomplete (may be NULL) is set
 * when the error is only that the input ended too early (the REPL then asks
 * for more lines). */
ObjCode *run_compile(ThreadState *ts, const char *src, size_t len,
                     const char *filename, ParseMode mode, bool *incomplete);
/* run_compile with compiler [flags] (COMPILE_* of compiler.h).  With
 * COMPILE_TOP_LEVEL_AWAIT a REPL input may await at top level; check the
 * result with code_is_top_level_coroutine (code.h): vm_run_module then
 * returns a coroutine to drive instead of running the input. */
ObjCode *run_compile_flags(ThreadState *ts, const char *src, size_t len,
                           const char *filename, ParseMode mode, int flags,
                           bool *incomplete);
/* Compile and run [src] in [globals]. */
Value run_source(ThreadState *ts, const char *src, size_t len,
                 const char *filename, ObjDict *globals, ParseMode mode);
/* Run a file as __main__ or as a module. */
Value run_file(ThreadState *ts, const char *path, ObjDict *globals);
/* Print an uncaught exception; returns the exit status it implies
 * (SystemExit's code, 1 otherwise). */
int run_report_exception(ThreadState *ts, Value exc);

#endif

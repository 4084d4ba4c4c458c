/* builtins.h - the builtins module and the native modules. */
#ifndef MPY_BUILTINS_H
#define MPY_BUILTINS_H

#include "interp.h"

/* Fill interp->builtins with the built-in functions, classes and
 * exceptions. */
void builtins_init(ThreadState *ts);

/* Native modules, each made on first import.  Each returns the module
 * or NULL with an exception pending. */
ObjModule *module_new(ThreadState *ts, const char *name);
ObjModule *mod_sys_init(ThreadState *ts);
ObjModule *mod_time_init(ThreadState *ts);
ObjModule *mod_math_init(ThreadState *ts);
ObjModule *mod_random_init(ThreadState *ts);
ObjModule *mod_os_init(ThreadState *ts);

#endif

/* builtins.h - the builtins module and the native modules. */
#ifndef MPY_BUILTINS_H
#define MPY_BUILTINS_H

#include <stdio.h>

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
ObjModule *mod_thread_init(ThreadState *ts);
/* In a child process made by fork, before gil_fork_child: the threads
 * other than [ts] did not survive, so their handles say they are done. */
void thread_fork_child(ThreadState *ts);
ObjModule *mod_gil_init(ThreadState *ts);
ObjModule *mod_asyncio_init(ThreadState *ts);
ObjModule *mod_process_init(ThreadState *ts);
ObjModule *mod_traceback_init(ThreadState *ts);

/* Helpers shared by the native modules (builtins.c).  Each returns 0, or
 * -1 with an exception pending. */
int module_add_fn(ThreadState *ts, ObjModule *mod, const char *name,
                  NativeFn fn);
/* A module's table of functions, added in one go. */
typedef struct ModuleFn {
    const char *name;
    NativeFn fn;
} ModuleFn;
int module_add_fns(ThreadState *ts, ObjModule *mod, const ModuleFn *fns,
                   size_t n);
/* A class of objects only native code makes (instance kind
 * OBJ_NATIVE_DATA), named [name], stored in [mod] as [attr], with
 * [methods]; a method whose name starts with '@' is a getter.  NULL with
 * an exception pending on failure. */
ObjClass *module_add_class(ThreadState *ts, ObjModule *mod, const char *name,
                           const char *attr, const ModuleFn *methods,
                           size_t n);
/* The data of [v] when it is native data of [type], else NULL. */
void *native_data_of(Value v, const NativeDataType *type);
/* The class [name] that the native module [module] keeps in its dict (see
 * module_add_class), or NULL when the module is not loaded. */
ObjClass *native_module_class(ThreadState *ts, const char *module,
                              const char *name);
/* A number of seconds (int or float) as a double; TypeError otherwise. */
int builtins_seconds_arg(ThreadState *ts, Value v, double *out);
int module_add_value(ThreadState *ts, ObjModule *mod, const char *name,
                     Value v);

/* The int nearest to [d] truncated toward zero (big when needed);
 * OverflowError for infinities, ValueError for NaN, with CPython's
 * messages. */
Value builtins_int_from_double(ThreadState *ts, double d);
/* An int-like or __index__ value as int64_t; TypeError "'str' object
 * cannot be interpreted as an integer", OverflowError when too big.
 * 0 or -1. */
int builtins_as_int64(ThreadState *ts, Value v, int64_t *out);

/* Named tuples of the runtime (sys.version_info, time.struct_time): a
 * tuple subclass shown as "[qualified](field=value, ...)" whose fields are
 * also read-only attributes.  The class is reachable from its instances;
 * whoever makes instances later must keep the class rooted. */
ObjClass *builtins_struct_seq_class(ThreadState *ts, const char *qualified,
                                    const char *const *fields, size_t n);
Value builtins_struct_seq_new(ThreadState *ts, ObjClass *cls,
                              const Value *items, size_t n);

#endif

/* vm.h - running code: module bodies, function calls, class bodies and
 * generators. */
#ifndef MPY_VM_H
#define MPY_VM_H

#include "interp.h"

/* Run module-level [code] with [globals] as both globals and locals. */
Value vm_run_module(ThreadState *ts, ObjCode *code, ObjDict *globals);
/* Call a Python function: bind arguments (positional, keywords, defaults,
 * *args, **kwargs, keyword-only; CPython's TypeError messages), then run it
 * or, for generator/coroutine code, return a new generator object. */
Value vm_call_function(ThreadState *ts, ObjFunction *fn, int argc,
                       Value *argv, ObjTuple *kwnames);
/* Run a class body function with [ns] as its locals namespace. */
Value vm_run_class_body(ThreadState *ts, ObjFunction *body, ObjDict *ns);

ObjFunction *function_new(ThreadState *ts, ObjCode *code, ObjDict *globals);

/* Resume generator [gen] sending [v]: 1 = yielded (*out), 0 = returned
 * (*out = return value), -1 = raised. */
int gen_send(ThreadState *ts, ObjGenerator *gen, Value v, Value *out);
/* gen.throw(exc): same results as gen_send. */
int gen_throw(ThreadState *ts, ObjGenerator *gen, Value exc, Value *out);
/* gen.close(): 0, or -1 on error (e.g. "generator ignored GeneratorExit"). */
int gen_close(ThreadState *ts, ObjGenerator *gen);

/* The line being executed by [frame]. */
int frame_lineno(Frame *frame);

/* Register function, generator, coroutine and code classes' methods. */
void vm_register(ThreadState *ts);

#endif

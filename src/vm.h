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
/* Run a class body function with [ns] as its locals namespace.  Returns
 * the __class__ cell when a method needs one (the body also stores it in
 * ns as __classcell__; class_build sets its value to the new class), else
 * None. */
Value vm_run_class_body(ThreadState *ts, ObjFunction *body, ObjDict *ns);

/* A function for [code]: name, qualname, doc (from the code), __module__
 * from globals' __name__; no defaults, no closure. */
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
/* The source span of the instruction [frame] is executing, for the caret
 * lines of 3.11 tracebacks: 1-based lines, 0-based byte columns (end
 * exclusive), -1 when unknown. */
void frame_position(Frame *frame, int *line, int *end_line, int *col,
                    int *end_col);

/* Zero-argument super(): the __class__ cell and the first argument of the
 * innermost Python frame.  0, or -1 with RuntimeError pending ("super():
 * no arguments", "super(): __class__ cell not found"). */
int vm_super_args(ThreadState *ts, ObjClass **cls, Value *self);

/* Register function, generator, coroutine and code classes' methods. */
void vm_register(ThreadState *ts);

/* ---- internals shared by vm.c, call.c and gen.c ------------------------
 *
 * Frame layout (frame.h): slots[0, nlocals) locals, then ncellvars cells,
 * then nfreevars cells, then ONE reserved slot (the exception a suspended
 * generator was handling, marked like any slot), then the value stack. */
#define FRAME_EXC_SLOT(f) ((f)->stack_base[-1])

/* Bytes a frame for [code] occupies. */
size_t frame_size(const ObjCode *code);
/* An arena frame for calling [fn] (not generator code) with the arguments
 * bound, linked in as ts->frame with ts->depth incremented; NULL with an
 * exception pending (nothing linked). */
Frame *frame_push_call(ThreadState *ts, ObjFunction *fn, int argc,
                       Value *argv, ObjTuple *kwnames, bool from_c);
/* Unlink [f] (must be ts->frame) from the thread and free it when it
 * lives in the arena. */
void frame_pop(ThreadState *ts, Frame *f);
/* Free an arena frame that is no longer linked. */
void frame_release(ThreadState *ts, Frame *f);

/* Run [frame], already linked as ts->frame, until it returns, yields (a
 * generator frame; gen->state is then GEN_SUSPENDED) or raises.  On exit
 * the frame is unlinked (ts->frame = frame->back, ts->depth decremented)
 * but not freed.  [throwing]: start by unwinding the pending exception. */
Value vm_eval(ThreadState *ts, Frame *frame, bool throwing);

/* A generator (or coroutine) object for [fn], without a frame yet. */
Value gen_new(ThreadState *ts, ObjFunction *fn);

/* Call [callable] with the value stack convention (call.c). */
Value vm_call_value(ThreadState *ts, Value callable, int argc, Value *argv,
                    ObjTuple *kwnames);

void vm_register_function(ThreadState *ts);
void vm_register_generator(ThreadState *ts);

#endif

/* ops.h - the generic object protocol: what the VM and C code call to
 * operate on any value.  Fast paths for unboxed ints and floats live in the
 * VM; everything else comes here, which dispatches on the built-in kind or
 * on the class's dunder methods (user classes), as CPython's abstract.c does.
 *
 * Conventions: functions returning Value return ERR_VAL with an exception
 * pending on error; functions returning int return -1 on error.
 */
#ifndef MPY_OPS_H
#define MPY_OPS_H

#include "interp.h"

typedef enum BinaryOp {
    BIN_ADD, BIN_SUB, BIN_MUL, BIN_TRUEDIV, BIN_FLOORDIV, BIN_MOD, BIN_POW,
    BIN_LSHIFT, BIN_RSHIFT, BIN_AND, BIN_OR, BIN_XOR, BIN_MATMUL,
    BIN__COUNT
} BinaryOp;

typedef enum UnaryOp { UN_NEG, UN_POS, UN_INVERT, UN_NOT } UnaryOp;

typedef enum CmpOp { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE } CmpOp;

/* The symbol of [op] as Python spells it ("+", "//", ...), for messages. */
const char *binop_symbol(BinaryOp op);
const char *cmpop_symbol(CmpOp op);

/* The class of any value (int for VAL_INT and big ints, NoneType ...). */
ObjClass *obj_class(ThreadState *ts, Value v);
/* The class's name as type(v).__name__ shows it. */
const char *obj_type_name(ThreadState *ts, Value v);

bool obj_isinstance(ThreadState *ts, Value v, ObjClass *cls);
bool class_is_subclass(ObjClass *sub, ObjClass *base);

/* a OP b; [inplace] tries __iadd__ & co. first. */
Value obj_binary_op(ThreadState *ts, BinaryOp op, Value a, Value b,
                    bool inplace);
Value obj_unary_op(ThreadState *ts, UnaryOp op, Value v);
/* a OP b for the six rich comparisons, returning whatever __lt__ & co
 * return (usually a bool). */
Value obj_compare(ThreadState *ts, CmpOp op, Value a, Value b);
/* a == b as a C truth value: 1, 0, or -1 on error.  Identity implies
 * equality (as in CPython's containers). */
int obj_eq(ThreadState *ts, Value a, Value b);
/* a < b as a C truth value (used by sort, min, max). */
int obj_lt(ThreadState *ts, Value a, Value b);
int obj_truthy(ThreadState *ts, Value v);
int obj_hash(ThreadState *ts, Value v, uint64_t *out);

/* repr(v) and str(v), always a str Value or ERR_VAL. */
Value obj_repr(ThreadState *ts, Value v);
/* The repr [v] has whatever its class says: that of its built-in kind
 * (list, dict...), else "<module.Class object at 0x...>".  It is what
 * object.__repr__ gives, so a __repr__ may call super().__repr__(). */
Value obj_repr_builtin(ThreadState *ts, Value v);
Value obj_str(ThreadState *ts, Value v);

/* Attribute access with descriptors, __getattr__, bound methods. */
Value obj_getattr(ThreadState *ts, Value v, ObjStr *name);
/* As obj_getattr, but a missing attribute returns 0 with no exception
 * pending; 1 = found (*out set), -1 = other error. */
int obj_getattr_opt(ThreadState *ts, Value v, ObjStr *name, Value *out);
int obj_setattr(ThreadState *ts, Value v, ObjStr *name, Value value);
int obj_delattr(ThreadState *ts, Value v, ObjStr *name);

Value obj_getitem(ThreadState *ts, Value container, Value key);
int obj_setitem(ThreadState *ts, Value container, Value key, Value value);
int obj_delitem(ThreadState *ts, Value container, Value key);
/* item in container: 1, 0, -1. */
int obj_contains(ThreadState *ts, Value container, Value item);
/* len(v) >= 0, or -1 on error. */
int64_t obj_len(ThreadState *ts, Value v);

/* iter(v). */
Value obj_iter(ThreadState *ts, Value v);
/* next(it): 1 = *out set, 0 = exhausted (StopIteration swallowed and no
 * exception pending), -1 = error. */
int obj_next(ThreadState *ts, Value it, Value *out);

/* Call any callable.  argv as for NativeFn (positional, then the values of
 * kwnames).  obj_call keeps argv rooted itself for the duration. */
Value obj_call(ThreadState *ts, Value callable, int argc, Value *argv,
               ObjTuple *kwnames);
/* Look [name] up on [self] and call it with argv. */
Value obj_call_method(ThreadState *ts, Value self, ObjStr *name, int argc,
                      Value *argv);
bool obj_callable(ThreadState *ts, Value v);

/* The attribute protocol without the user's __getattribute__/__getattr__/
 * __setattr__/__delattr__ hooks: what object.__getattribute__ & co do. */
Value obj_generic_getattr(ThreadState *ts, Value v, ObjStr *name);
int obj_generic_setattr(ThreadState *ts, Value v, ObjStr *name, Value value);
int obj_generic_delattr(ThreadState *ts, Value v, ObjStr *name);

/* Give int, float and str natives for the dunders other modules did not
 * register ((10).__add__, 'a'.__eq__ ...).  Called by class_register. */
void ops_register(ThreadState *ts);

/* The integer value of an int/bool/__index__ object, for indices.  Raises
 * TypeError "[what] indices must be integers or slices, not X" style
 * messages via [what]; IndexError-free.  Big ints that do not fit raise
 * IndexError ("cannot fit 'int' into an index-sized integer"). */
int obj_as_index(ThreadState *ts, Value v, int64_t *out);

#endif

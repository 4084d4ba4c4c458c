/* class.h - classes, instances, attribute lookup and descriptors:
 * type, object, property, staticmethod, classmethod, super, bound methods.
 */
#ifndef MPY_CLASS_H
#define MPY_CLASS_H

#include "interp.h"

/* A new class named [name] with base [base] (NULL = object) and attribute
 * dict [dict] (taken over, may be NULL).  Used by the class statement
 * (through __build_class__) and at start-up for built-in classes. */
ObjClass *class_new(ThreadState *ts, ObjStr *name, ObjClass *base,
                    ObjDict *dict);
/* Look [name] up in [cls] and its bases without invoking descriptors;
 * UNDEF when absent.  Never raises. */
Value class_lookup(ObjClass *cls, ObjStr *name);
/* Add a C method (a plain native; bound on attribute access). */
void class_add_native(ThreadState *ts, ObjClass *cls, const char *name,
                      NativeFn fn);
/* Add a C static method / class method / plain attribute. */
void class_add_static(ThreadState *ts, ObjClass *cls, const char *name,
                      NativeFn fn);
void class_add_classmethod(ThreadState *ts, ObjClass *cls, const char *name,
                           NativeFn fn);
void class_add_value(ThreadState *ts, ObjClass *cls, const char *name,
                     Value v);
/* Add a read-only attribute computed by [fn]: a property whose getter is
 * the native, so int.real or range.start read like CPython's member
 * descriptors. */
void class_add_getter(ThreadState *ts, ObjClass *cls, const char *name,
                      NativeFn fn);
/* Recompute cls->slot_flags after its dict changed. */
void class_update_slots(ThreadState *ts, ObjClass *cls);

/* A native function object (module-level function or method). */
ObjNative *native_new(ThreadState *ts, const char *name, NativeFn fn);
Value bound_method_new(ThreadState *ts, Value self, Value func);

/* A plain instance of a user class, with an empty dict. */
Value instance_new(ThreadState *ts, ObjClass *cls);

/* The class statement: call [body_fn] (the compiled class body, a function
 * run with a fresh namespace dict), then make the class.  Implements the
 * __build_class__ builtin: argv = (body function, name, bases...). */
Value class_build(ThreadState *ts, int argc, Value *argv, ObjTuple *kwnames);

/* Bits of ObjClass.slot_flags: set when the class or one of its
 * user-defined (non-built-in) bases defines the dunder in Python code. */
enum {
    SLOT_EQ = 1u << 0,
    SLOT_HASH = 1u << 1,
    SLOT_GETATTR = 1u << 2,
    SLOT_SETATTR = 1u << 3,
    SLOT_DELATTR = 1u << 4,
    SLOT_GETATTRIBUTE = 1u << 5,
    SLOT_REPR = 1u << 6,
    SLOT_STR = 1u << 7,
    SLOT_BOOL = 1u << 8,
    SLOT_LEN = 1u << 9,
    SLOT_ITER = 1u << 10,
    SLOT_NEXT = 1u << 11,
    SLOT_CALL = 1u << 12,
    SLOT_INIT = 1u << 13,
    SLOT_NEW = 1u << 14,
    SLOT_GETITEM = 1u << 15,
    SLOT_SETITEM = 1u << 16,
    SLOT_DELITEM = 1u << 17,
    SLOT_CONTAINS = 1u << 18,
    SLOT_GET = 1u << 19,
    SLOT_SET = 1u << 20,
    SLOT_DELETE = 1u << 21,
    SLOT_NUMBER = 1u << 22,  /* any arithmetic or unary dunder */
    SLOT_COMPARE = 1u << 23, /* any of __lt__ __le__ __gt__ __ge__ __ne__ */
    SLOT_DATA_DESCR = 1u << 24, /* a property or other data descriptor */
};

/* As class_lookup, but only through the user-defined classes of the
 * chain (stops at the first built-in class): "does Python code override
 * this?".  UNDEF when not. */
Value class_lookup_user(ObjClass *cls, ObjStr *name);
/* Apply the descriptor protocol to [descr] found on a class: functions
 * become bound methods (of [self]; when [self] is UNDEF the access is
 * through the class [owner] and functions stay plain), natives become
 * bound natives, staticmethods unwrap, classmethods bind [owner],
 * properties call their getter, objects with __get__ are asked.  [name]
 * is for messages. */
Value class_bind(ThreadState *ts, Value descr, Value self, ObjClass *owner,
                 ObjStr *name);
/* Is [descr] a data descriptor (property, or defines __set__/__delete__)? */
bool class_is_data_descr(ThreadState *ts, Value descr);
/* Call a class: built-in constructors, __new__, __init__. */
Value class_call(ThreadState *ts, ObjClass *cls, int argc, Value *argv,
                 ObjTuple *kwnames);
/* "<__main__.A object at 0x...>" */
Value class_default_repr(ThreadState *ts, Value v);
/* "__main__.A" or "int": the module-qualified name repr(cls) shows. */
Value class_full_name(ThreadState *ts, ObjClass *cls);
/* super.__getattribute__: the attribute [name] of super object [sup]. */
int class_super_getattr(ThreadState *ts, Value sup, ObjStr *name, Value *out);
/* Is [v] one of object's own natives (object.__init__, __new__,
 * __repr__, __str__, __hash__, __eq__, ...): the default a class did not
 * override? */
bool class_is_object_default(Value v);

/* Register type, object, property, staticmethod, classmethod, super,
 * method, function attributes (e.g. __name__), NoneType, NotImplemented. */
void class_register(ThreadState *ts);

#endif

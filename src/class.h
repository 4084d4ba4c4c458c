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

/* Register type, object, property, staticmethod, classmethod, super,
 * method, function attributes (e.g. __name__), NoneType, NotImplemented. */
void class_register(ThreadState *ts);

#endif

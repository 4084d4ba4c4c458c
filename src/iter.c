/* iter.c - the built-in iterator class shared by every C iterator. */
#include "iter.h"

#include <stdio.h>

#include "args.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "str.h"

/* type(iter([])) is list_iterator, as in CPython: each type name gets its
 * own built-in subclass of the iterator class, made on first use and kept
 * in the iterator class's dict under "<list_iterator>", a key that no
 * attribute access can spell. */
static ObjClass *iter_class(ThreadState *ts, const char *type_name)
{
    ObjClass *base = TYPE(ts, ITERATOR);
    char buf[96];
    snprintf(buf, sizeof buf, "<%s>", type_name);
    ObjStr *key = str_intern_cstr(ts, buf);
    if (key == NULL)
        return NULL;
    Value v;
    if (dict_get_str(base->dict, key, &v) && IS_CLASS(v))
        return AS_CLASS(v);
    PROTECT_OBJ(ts, key);
    ObjStr *name = str_intern_cstr(ts, type_name);
    ObjClass *cls = name ? class_new(ts, name, base, NULL) : NULL;
    if (cls != NULL) {
        cls->is_builtin = true;
        cls->instance_kind = OBJ_NONE_KIND;
        PROTECT_OBJ(ts, cls);
        if (dict_set_str(ts, base->dict, key, OBJ_VAL(cls)) < 0)
            cls = NULL;
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 1);
    return cls;
}

ObjIter *iter_new(ThreadState *ts, const char *type_name, IterNextFn next)
{
    ObjClass *cls = iter_class(ts, type_name);
    if (cls == NULL)
        return NULL;
    ObjIter *it = gc_alloc(ts, sizeof(ObjIter), OBJ_ITER, cls);
    if (it == NULL)
        return NULL;
    it->type_name = type_name;
    it->next = next;
    for (int i = 0; i < ITER_STATE_SLOTS; i++)
        it->state[i] = NONE_VAL;
    it->index = 0;
    it->end = 0;
    return it;
}

Value iter_over(ThreadState *ts, const char *type_name, IterNextFn next,
                Value over, int64_t index, int64_t end)
{
    PROTECT(ts, over);
    ObjIter *it = iter_new(ts, type_name, next);
    UNPROTECT(ts, 1);
    if (it == NULL)
        return ERR_VAL;
    it->state[0] = over;
    it->index = index;
    it->end = end;
    return OBJ_VAL(it);
}

Value iter_next_value(ThreadState *ts, ObjIter *it)
{
    Value out;
    int r = it->next(ts, it, &out);
    if (r < 0)
        return ERR_VAL;
    if (r == 0)
        return exc_raise_value(ts, OBJ_VAL(TYPE(ts, StopIteration)));
    return out;
}

/* The natives may be called unbound with anything as self
 * (iterator.__next__(5)), so they check the kind. */
static ObjIter *self_iter(ThreadState *ts, int argc, Value *argv,
                          const char *name)
{
    if (argc < 1 || !IS_KIND(argv[0], OBJ_ITER)) {
        RAISE(ts, TypeError, "descriptor '%s' requires an iterator", name);
        return NULL;
    }
    if (argc > 1) {
        RAISE(ts, TypeError, "expected 0 arguments, got %d", argc - 1);
        return NULL;
    }
    return AS_ITER(argv[0]);
}

static Value iter_iter_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "__iter__", kwnames) < 0)
        return ERR_VAL;
    if (self_iter(ts, argc, argv, "__iter__") == NULL)
        return ERR_VAL;
    return argv[0];
}

static Value iter_next_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "__next__", kwnames) < 0)
        return ERR_VAL;
    ObjIter *it = self_iter(ts, argc, argv, "__next__");
    if (it == NULL)
        return ERR_VAL;
    return iter_next_value(ts, it);
}

void iter_register(ThreadState *ts)
{
    ObjClass *cls = TYPE(ts, ITERATOR);
    class_add_native(ts, cls, "__iter__", iter_iter_native);
    class_add_native(ts, cls, "__next__", iter_next_native);
}

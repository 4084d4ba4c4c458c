/* class.c - classes and instances: the class statement, calling a class,
 * descriptors, and the built-in classes object, type, property,
 * staticmethod, classmethod, super, method and NoneType.
 *
 * mpy has single inheritance, so a class's MRO is simply the chain of
 * `base` links, and lookup is a walk up that chain (class_lookup).
 *
 * Calling a class (class_call) follows CPython's type.__call__:
 *   1. a built-in class with a `construct` hook builds the value itself;
 *   2. otherwise __new__ makes the object: object.__new__ by default
 *      (an ObjInstance, or an ObjException for BaseException subclasses,
 *      whose args are set right here from the call), a user __new__ if
 *      the class defines one, or the constructor of the nearest built-in
 *      base for subclasses of list, dict and the like;
 *   3. if the result is an instance of the class, __init__ runs with the
 *      same arguments and must return None.
 * A class that overrides neither __new__ nor __init__ takes no arguments.
 *
 * Zero-argument super() finds its two arguments the way CPython does: the
 * compiler gives every method that mentions super a free variable
 * __class__ (filled by __build_class__ through __classcell__), and the
 * first argument of the calling frame is the instance.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "set.h"
#include "str.h"
#include "tuple.h"
#include "vm.h"

/* -- classes ------------------------------------------------------------- */

ObjClass *class_new(ThreadState *ts, ObjStr *name, ObjClass *base,
                    ObjDict *dict)
{
    if (!base)
        base = ts->interp->types[TY_OBJECT];
    int pushed = 0;
    if (name) {
        PROTECT_OBJ(ts, name);
        pushed++;
    }
    if (base) {
        PROTECT_OBJ(ts, base);
        pushed++;
    }
    if (!dict) {
        dict = dict_new(ts);
        if (!dict) {
            UNPROTECT(ts, pushed);
            return NULL;
        }
    }
    PROTECT_OBJ(ts, dict);
    pushed++;
    ObjClass *cls = gc_alloc(ts, sizeof(ObjClass), OBJ_CLASS,
                             ts->interp->types[TY_TYPE]);
    UNPROTECT(ts, pushed);
    if (!cls)
        return NULL;
    cls->name = name;
    cls->qualname = name;
    cls->base = base;
    cls->dict = dict;
    cls->instance_kind = base ? base->instance_kind : OBJ_INSTANCE;
    cls->is_builtin = false;
    cls->slot_flags = 0;
    cls->construct = NULL;
    class_update_slots(ts, cls);
    return cls;
}

Value class_lookup(ObjClass *cls, ObjStr *name)
{
    Value v;
    for (ObjClass *c = cls; c; c = c->base)
        if (c->dict && dict_get_str(c->dict, name, &v))
            return v;
    return UNDEF_VAL;
}

Value class_lookup_user(ObjClass *cls, ObjStr *name)
{
    Value v;
    for (ObjClass *c = cls; c && !c->is_builtin; c = c->base)
        if (c->dict && dict_get_str(c->dict, name, &v))
            return v;
    return UNDEF_VAL;
}

static void add_value(ThreadState *ts, ObjClass *cls, const char *name,
                      Value v)
{
    PROTECT(ts, v);
    ObjStr *k = str_intern_cstr(ts, name);
    if (k)
        dict_set_str(ts, cls->dict, k, v);
    UNPROTECT(ts, 1);
}

void class_add_native(ThreadState *ts, ObjClass *cls, const char *name,
                      NativeFn fn)
{
    ObjNative *n = native_new(ts, name, fn);
    if (n)
        add_value(ts, cls, name, OBJ_VAL(n));
}

static void add_wrapped(ThreadState *ts, ObjClass *cls, const char *name,
                        NativeFn fn, ObjKind kind, int type_id)
{
    ObjNative *n = native_new(ts, name, fn);
    if (!n)
        return;
    PROTECT_OBJ(ts, n);
    ObjWrapper *w = gc_alloc(ts, sizeof(ObjWrapper), kind,
                             ts->interp->types[type_id]);
    UNPROTECT(ts, 1);
    if (!w)
        return;
    w->func = OBJ_VAL(n);
    add_value(ts, cls, name, OBJ_VAL(w));
}

void class_add_static(ThreadState *ts, ObjClass *cls, const char *name,
                      NativeFn fn)
{
    add_wrapped(ts, cls, name, fn, OBJ_STATICMETHOD, TY_STATICMETHOD);
}

void class_add_classmethod(ThreadState *ts, ObjClass *cls, const char *name,
                           NativeFn fn)
{
    add_wrapped(ts, cls, name, fn, OBJ_CLASSMETHOD, TY_CLASSMETHOD);
}

void class_add_value(ThreadState *ts, ObjClass *cls, const char *name,
                     Value v)
{
    add_value(ts, cls, name, v);
}

void class_add_getter(ThreadState *ts, ObjClass *cls, const char *name,
                      NativeFn fn)
{
    ObjNative *getter = native_new(ts, name, fn);
    if (!getter)
        return;
    PROTECT_OBJ(ts, getter);
    ObjProperty *p =
        gc_alloc(ts, sizeof(ObjProperty), OBJ_PROPERTY, TYPE(ts, PROPERTY));
    UNPROTECT(ts, 1);
    if (!p)
        return;
    p->fget = OBJ_VAL(getter);
    p->fset = NONE_VAL;
    p->fdel = NONE_VAL;
    p->doc = NONE_VAL;
    add_value(ts, cls, name, OBJ_VAL(p));
}

void class_update_slots(ThreadState *ts, ObjClass *cls)
{
    static const struct {
        int name;
        uint32_t bit;
    } table[] = {
        {NAME_eq, SLOT_EQ},
        {NAME_hash, SLOT_HASH},
        {NAME_getattr, SLOT_GETATTR},
        {NAME_setattr, SLOT_SETATTR},
        {NAME_delattr, SLOT_DELATTR},
        {NAME_getattribute, SLOT_GETATTRIBUTE},
        {NAME_repr, SLOT_REPR},
        {NAME_str, SLOT_STR},
        {NAME_bool_, SLOT_BOOL},
        {NAME_len, SLOT_LEN},
        {NAME_iter, SLOT_ITER},
        {NAME_next, SLOT_NEXT},
        {NAME_call, SLOT_CALL},
        {NAME_init, SLOT_INIT},
        {NAME_new, SLOT_NEW},
        {NAME_getitem, SLOT_GETITEM},
        {NAME_setitem, SLOT_SETITEM},
        {NAME_delitem, SLOT_DELITEM},
        {NAME_contains, SLOT_CONTAINS},
        {NAME_get, SLOT_GET},
        {NAME_set, SLOT_SET},
        {NAME_delete, SLOT_DELETE},
        {NAME_ne, SLOT_COMPARE},
        {NAME_lt, SLOT_COMPARE},
        {NAME_le, SLOT_COMPARE},
        {NAME_gt, SLOT_COMPARE},
        {NAME_ge, SLOT_COMPARE},
        {NAME_neg, SLOT_NUMBER},
        {NAME_pos, SLOT_NUMBER},
        {NAME_invert, SLOT_NUMBER},
        {NAME_abs, SLOT_NUMBER},
        {NAME_index, SLOT_NUMBER},
#define NUMBER_SLOTS(op, rop, iop)                                            \
    {NAME_##op, SLOT_NUMBER}, {NAME_##rop, SLOT_NUMBER},                      \
        {NAME_##iop, SLOT_NUMBER},
        NUMBER_SLOTS(add, radd, iadd) NUMBER_SLOTS(sub, rsub, isub)
        NUMBER_SLOTS(mul, rmul, imul) NUMBER_SLOTS(truediv, rtruediv, itruediv)
        NUMBER_SLOTS(floordiv, rfloordiv, ifloordiv)
        NUMBER_SLOTS(mod, rmod, imod) NUMBER_SLOTS(pow, rpow, ipow)
        NUMBER_SLOTS(lshift, rlshift, ilshift)
        NUMBER_SLOTS(rshift, rrshift, irshift)
        NUMBER_SLOTS(and_, rand_, iand) NUMBER_SLOTS(or_, ror, ior)
        NUMBER_SLOTS(xor_, rxor, ixor) NUMBER_SLOTS(matmul, rmatmul, imatmul)
#undef NUMBER_SLOTS
    };
    uint32_t flags = 0;
    for (ObjClass *c = cls; c && !c->is_builtin; c = c->base) {
        if (!c->dict)
            continue;
        size_t pos = 0;
        Value k, v;
        while (dict_next(c->dict, &pos, &k, &v)) {
            if (class_is_data_descr(ts, v))
                flags |= SLOT_DATA_DESCR;
            if (!IS_STR(k))
                continue;
            ObjStr *s = AS_STR(k);
            if (s->len < 5 || s->data[0] != '_' || s->data[1] != '_')
                continue;
            for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
                ObjStr *n = ts->interp->names[table[i].name];
                if (n && str_equal(n, s))
                    flags |= table[i].bit;
            }
        }
    }
    cls->slot_flags = flags;
}

ObjNative *native_new(ThreadState *ts, const char *name, NativeFn fn)
{
    ObjStr *s = str_intern_cstr(ts, name);
    if (!s)
        return NULL;
    PROTECT_OBJ(ts, s);
    ObjNative *n = gc_alloc(ts, sizeof(ObjNative), OBJ_NATIVE,
                            ts->interp->types[TY_BUILTIN_FUNCTION]);
    UNPROTECT(ts, 1);
    if (!n)
        return NULL;
    n->name = s;
    n->fn = fn;
    n->self = UNDEF_VAL;
    n->data = NONE_VAL;
    return n;
}

Value bound_method_new(ThreadState *ts, Value self, Value func)
{
    PROTECT(ts, self);
    PROTECT(ts, func);
    ObjBoundMethod *m = gc_alloc(ts, sizeof(ObjBoundMethod), OBJ_BOUND_METHOD,
                                 TYPE(ts, METHOD));
    UNPROTECT(ts, 2);
    if (!m)
        return ERR_VAL;
    m->self = self;
    m->func = func;
    return OBJ_VAL(m);
}

Value instance_new(ThreadState *ts, ObjClass *cls)
{
    PROTECT_OBJ(ts, cls);
    ObjDict *d = dict_new(ts);
    if (!d) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    PROTECT_OBJ(ts, d);
    ObjInstance *inst = gc_alloc(ts, sizeof(ObjInstance), OBJ_INSTANCE, cls);
    UNPROTECT(ts, 2);
    if (!inst)
        return ERR_VAL;
    inst->dict = d;
    return OBJ_VAL(inst);
}

/* -- descriptors --------------------------------------------------------- */

bool class_is_data_descr(ThreadState *ts, Value descr)
{
    if (!IS_OBJ(descr))
        return false;
    if (OBJ_KIND(descr) == OBJ_PROPERTY)
        return true;
    ObjClass *c = AS_OBJ(descr)->cls;
    if (!c || c->is_builtin)
        return false;
    return (c->slot_flags & (SLOT_SET | SLOT_DELETE)) != 0;
}

static Value call2(ThreadState *ts, Value f, Value a)
{
    Value argv[1] = {a};
    return obj_call(ts, f, 1, argv, NULL);
}

Value class_bind(ThreadState *ts, Value descr, Value self, ObjClass *owner,
                 ObjStr *name)
{
    if (!IS_OBJ(descr))
        return descr;
    switch (OBJ_KIND(descr)) {
    case OBJ_FUNCTION:
        if (IS_UNDEF(self))
            return descr;
        return bound_method_new(ts, self, descr);
    case OBJ_NATIVE: {
        ObjNative *n = AS_NATIVE(descr);
        if (IS_UNDEF(self) || !IS_UNDEF(n->self))
            return descr;
        PROTECT(ts, self);
        PROTECT(ts, descr);
        ObjNative *b = gc_alloc(ts, sizeof(ObjNative), OBJ_NATIVE,
                                AS_OBJ(descr)->cls);
        UNPROTECT(ts, 2);
        if (!b)
            return ERR_VAL;
        n = AS_NATIVE(descr);
        b->name = n->name;
        b->fn = n->fn;
        b->data = n->data;
        b->self = self;
        return OBJ_VAL(b);
    }
    case OBJ_STATICMETHOD:
        return AS_WRAPPER(descr)->func;
    case OBJ_CLASSMETHOD: {
        ObjClass *c = owner;
        if (!c)
            c = obj_class(ts, self);
        return bound_method_new(ts, OBJ_VAL(c), AS_WRAPPER(descr)->func);
    }
    case OBJ_PROPERTY: {
        if (IS_UNDEF(self))
            return descr;
        ObjProperty *p = AS_PROPERTY(descr);
        if (IS_NONE(p->fget) || IS_UNDEF(p->fget))
            return RAISE(ts, AttributeError,
                         "property '%s' of '%s' object has no getter",
                         name ? name->data : "?", obj_type_name(ts, self));
        return call2(ts, p->fget, self);
    }
    default:
        break;
    }
    ObjClass *dc = AS_OBJ(descr)->cls;
    if (dc && !dc->is_builtin && (dc->slot_flags & SLOT_GET)) {
        Value get = class_lookup(dc, NAME(ts, get));
        if (!IS_UNDEF(get)) {
            Value argv[3] = {descr, IS_UNDEF(self) ? NONE_VAL : self,
                             owner ? OBJ_VAL(owner) : NONE_VAL};
            if (!owner && !IS_UNDEF(self))
                argv[2] = OBJ_VAL(obj_class(ts, self));
            return obj_call(ts, get, 3, argv, NULL);
        }
    }
    return descr;
}

/* -- names and reprs ----------------------------------------------------- */

Value class_full_name(ThreadState *ts, ObjClass *cls)
{
    const char *qual = cls->qualname ? cls->qualname->data : cls->name->data;
    Value mod;
    ObjStr *r;
    if (!cls->is_builtin && cls->dict &&
        dict_get_str(cls->dict, NAME(ts, module), &mod) && IS_STR(mod) &&
        strcmp(AS_STR(mod)->data, "builtins") != 0)
        r = str_printf(ts, "%s.%s", AS_STR(mod)->data, qual);
    else
        r = str_from_cstr(ts, qual);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

Value class_default_repr(ThreadState *ts, Value v)
{
    ObjClass *cls = obj_class(ts, v);
    Value name = class_full_name(ts, cls);
    if (IS_ERR(name))
        return ERR_VAL;
    ObjStr *r = str_printf(ts, "<%s object at %p>", AS_STR(name)->data,
                           IS_OBJ(v) ? (void *)AS_OBJ(v) : NULL);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

/* -- calling a class ----------------------------------------------------- */

static Value object_init(ThreadState *, int, Value *, ObjTuple *);
static Value object_new(ThreadState *, int, Value *, ObjTuple *);

static bool is_native_fn(Value v, NativeFn fn)
{
    if (IS_KIND(v, OBJ_STATICMETHOD) || IS_KIND(v, OBJ_CLASSMETHOD))
        v = AS_WRAPPER(v)->func;
    return IS_KIND(v, OBJ_NATIVE) && AS_NATIVE(v)->fn == fn;
}

static ObjClass *builtin_base(ObjClass *cls)
{
    while (cls && !cls->is_builtin)
        cls = cls->base;
    return cls;
}

static int nkw(ObjTuple *kwnames)
{
    return kwnames ? (int)kwnames->len : 0;
}

/* What object.__new__ makes for [cls]: an instance, or an exception whose
 * args are the call's positional arguments. */
static Value alloc_for_class(ThreadState *ts, ObjClass *cls, int argc,
                             Value *argv)
{
    if (cls->instance_kind == OBJ_EXCEPTION) {
        /* OSError(errno, strerror) is the subclass for that errno, as
         * OSError(2, 'x') is a FileNotFoundError in CPython. */
        if (cls == TYPE(ts, OSError) && argc >= 2 && argc <= 5 &&
            IS_INT(argv[0]) && AS_INT(argv[0]) > 0 &&
            AS_INT(argv[0]) < INT_MAX)
            cls = exc_os_error_class(ts, (int)AS_INT(argv[0]));
        PROTECT_OBJ(ts, cls);
        ObjTuple *t = tuple_from_array(ts, argv, argc);
        UNPROTECT(ts, 1);
        if (!t)
            return ERR_VAL;
        return exc_new(ts, cls, t);
    }
    if (cls->instance_kind == OBJ_INSTANCE)
        return instance_new(ts, cls);
    return RAISE(ts, TypeError, "cannot create '%s' instances",
                 cls->name->data);
}

/* Call [f] with [first] prepended to the arguments. */
static Value call_prepend(ThreadState *ts, Value f, Value first, int argc,
                          Value *argv, ObjTuple *kwnames)
{
    int total = argc + nkw(kwnames) + 1;
    Value small[8];
    Value *buf = total <= 8 ? small : malloc(sizeof(Value) * total);
    if (!buf)
        return exc_no_memory(ts);
    buf[0] = first;
    if (total > 1)
        memcpy(buf + 1, argv, sizeof(Value) * (total - 1));
    Value r = obj_call(ts, f, argc + 1, buf, kwnames);
    if (buf != small)
        free(buf);
    return r;
}

Value class_call(ThreadState *ts, ObjClass *cls, int argc, Value *argv,
                 ObjTuple *kwnames)
{
    if (cls->is_builtin && cls->construct)
        return cls->construct(ts, cls, argc, argv, kwnames);
    if (cls->is_builtin && cls->instance_kind != OBJ_INSTANCE &&
        cls->instance_kind != OBJ_EXCEPTION)
        return RAISE(ts, TypeError, "cannot create '%s' instances",
                     cls->name->data);

    ObjClass *bb = builtin_base(cls);
    /* slot_flags say whether Python code overrides __new__/__init__; below
       object nothing else can, so the common case needs no lookup */
    bool plain = bb == TYPE(ts, OBJECT) && !cls->is_builtin;
    Value newf = UNDEF_VAL, initf = UNDEF_VAL;
    if (!plain || (cls->slot_flags & SLOT_NEW))
        newf = class_lookup(cls, NAME(ts, new));
    if (!plain || (cls->slot_flags & SLOT_INIT))
        initf = class_lookup(cls, NAME(ts, init));
    bool default_new = IS_UNDEF(newf) || is_native_fn(newf, object_new);
    bool default_init = IS_UNDEF(initf) || is_native_fn(initf, object_init);
    Value self;
    if (!default_new) {
        if (IS_KIND(newf, OBJ_STATICMETHOD))
            newf = AS_WRAPPER(newf)->func;
        self = call_prepend(ts, newf, OBJ_VAL(cls), argc, argv, kwnames);
        if (IS_ERR(self))
            return ERR_VAL;
        if (!obj_isinstance(ts, self, cls))
            return self;
    } else if (bb && bb->construct && bb->instance_kind != OBJ_EXCEPTION &&
               bb->instance_kind != OBJ_INSTANCE) {
        /* A subclass of a built-in container: the base builds the value
           (with our class); a user __init__ then fills it in. */
        if (IS_UNDEF(class_lookup_user(cls, NAME(ts, init))))
            return bb->construct(ts, cls, argc, argv, kwnames);
        /* mutable containers start empty and __init__ fills them (through
           super().__init__); immutable ones are made whole, as their
           __new__ would */
        bool mutable_base = bb == TYPE(ts, LIST) || bb == TYPE(ts, DICT) ||
                            bb == TYPE(ts, SET);
        if (mutable_base)
            self = bb->construct(ts, cls, 0, NULL, NULL);
        else
            self = bb->construct(ts, cls, argc, argv, kwnames);
        if (IS_ERR(self))
            return ERR_VAL;
    } else {
        if (default_init && (argc > 0 || nkw(kwnames) > 0) &&
            cls->instance_kind != OBJ_EXCEPTION)
            return RAISE(ts, TypeError, "%s() takes no arguments",
                         cls->name->data);
        self = alloc_for_class(ts, cls, argc, argv);
        if (IS_ERR(self))
            return ERR_VAL;
    }
    if (default_init)
        return self;
    PROTECT(ts, self);
    Value r;
    if (IS_KIND(initf, OBJ_FUNCTION) ||
        (IS_KIND(initf, OBJ_NATIVE) && IS_UNDEF(AS_NATIVE(initf)->self))) {
        r = call_prepend(ts, initf, self, argc, argv, kwnames);
    } else {
        Value bound = class_bind(ts, initf, self, cls, NAME(ts, init));
        r = IS_ERR(bound) ? ERR_VAL : obj_call(ts, bound, argc, argv, kwnames);
    }
    UNPROTECT(ts, 1);
    if (IS_ERR(r))
        return ERR_VAL;
    if (!IS_NONE(r))
        return RAISE(ts, TypeError, "__init__() should return None, not '%s'",
                     obj_type_name(ts, r));
    return self;
}

/* -- the class statement ------------------------------------------------- */

/* Python wraps these implicitly when a class body defines them as plain
 * functions. */
static int wrap_implicit(ThreadState *ts, ObjDict *ns, const char *name,
                         ObjKind kind, int type_id)
{
    ObjStr *k = str_intern_cstr(ts, name);
    if (!k)
        return -1;
    Value f;
    if (!dict_get_str(ns, k, &f) || !IS_FUNCTION(f))
        return 0;
    PROTECT_OBJ(ts, k);
    ObjWrapper *w = gc_alloc(ts, sizeof(ObjWrapper), kind,
                             ts->interp->types[type_id]);
    if (!w) {
        UNPROTECT(ts, 1);
        return -1;
    }
    w->func = f;
    PROTECT_OBJ(ts, w);
    int r = dict_set_str(ts, ns, k, OBJ_VAL(w));
    UNPROTECT(ts, 2);
    return r;
}

/* Make the class [name] from namespace [ns] (taken over): the part shared
 * by the class statement and type(name, bases, dict). */
static Value make_class(ThreadState *ts, ObjStr *name, ObjClass *base,
                        ObjDict *ns)
{
    if (base && base->is_builtin &&
        (base == TYPE(ts, INT) || base == TYPE(ts, FLOAT)))
        /* CPython allows these, but mpy's ints and floats are unboxed
           values with no room for a class */
        return RAISE(ts, TypeError, "subclassing '%s' is not supported",
                     base->name->data);
    if (base && base->is_builtin &&
        (base->instance_kind == OBJ_NONE_KIND ||
         base == TYPE(ts, BOOL) || base == TYPE(ts, TYPE) ||
         (!base->construct && base->instance_kind != OBJ_INSTANCE &&
          base->instance_kind != OBJ_EXCEPTION)))
        return RAISE(ts, TypeError, "type '%s' is not an acceptable base type",
                     base->name->data);
    PROTECT_OBJ(ts, ns);
    PROTECT_OBJ(ts, name);
    Value q = UNDEF_VAL;
    ObjStr *qn = str_intern_cstr(ts, "__qualname__");
    if (!qn)
        goto fail;
    if (dict_get_str(ns, qn, &q)) {
        if (!IS_STR(q)) {
            RAISE(ts, TypeError, "type __qualname__ must be a str, not %s",
                  obj_type_name(ts, q));
            goto fail;
        }
        if (dict_del(ts, ns, OBJ_VAL(qn)) < 0)
            goto fail;
    }
    PROTECT(ts, q);
    Value tmp;
    if (!dict_get_str(ns, NAME(ts, doc), &tmp) &&
        dict_set_str(ts, ns, NAME(ts, doc), NONE_VAL) < 0)
        goto fail1;
    if (dict_get_str(ns, NAME(ts, eq), &tmp) &&
        !dict_get_str(ns, NAME(ts, hash), &tmp) &&
        dict_set_str(ts, ns, NAME(ts, hash), NONE_VAL) < 0)
        goto fail1;
    if (wrap_implicit(ts, ns, "__new__", OBJ_STATICMETHOD, TY_STATICMETHOD) < 0 ||
        wrap_implicit(ts, ns, "__init_subclass__", OBJ_CLASSMETHOD,
                      TY_CLASSMETHOD) < 0 ||
        wrap_implicit(ts, ns, "__class_getitem__", OBJ_CLASSMETHOD,
                      TY_CLASSMETHOD) < 0)
        goto fail1;
    ObjClass *cls = class_new(ts, name, base, ns);
    if (!cls)
        goto fail1;
    if (IS_STR(q))
        cls->qualname = AS_STR(q);
    UNPROTECT(ts, 3);
    PROTECT_OBJ(ts, cls);

    /* The __class__ cell of methods that use super() or __class__. */
    ObjStr *cc = str_intern_cstr(ts, "__classcell__");
    if (cc && dict_get_str(ns, cc, &tmp)) {
        if (IS_KIND(tmp, OBJ_CELL))
            AS_CELL(tmp)->value = OBJ_VAL(cls);
        if (dict_del(ts, ns, OBJ_VAL(cc)) < 0)
            goto fail_cls;
    }

    /* __set_name__ on descriptors, as type.__new__ does. */
    {
        ObjList *items = list_new(ts, ns->len * 2);
        if (!items)
            goto fail_cls;
        PROTECT_OBJ(ts, items);
        size_t pos = 0;
        Value k, v;
        while (dict_next(ns, &pos, &k, &v)) {
            if (IS_OBJ(v) && AS_OBJ(v)->cls && !AS_OBJ(v)->cls->is_builtin) {
                if (list_append(ts, items, k) < 0 ||
                    list_append(ts, items, v) < 0) {
                    UNPROTECT(ts, 1);
                    goto fail_cls;
                }
            }
        }
        for (size_t i = 0; i + 1 < items->len; i += 2) {
            Value v2 = items->items[i + 1];
            Value sn = class_lookup(AS_OBJ(v2)->cls, NAME(ts, set_name));
            if (IS_UNDEF(sn))
                continue;
            Value argv[3] = {v2, OBJ_VAL(cls), items->items[i]};
            Value r = obj_call(ts, sn, 3, argv, NULL);
            if (IS_ERR(r)) {
                UNPROTECT(ts, 1);
                goto fail_cls;
            }
        }
        UNPROTECT(ts, 1);
    }

    /* __init_subclass__ of the nearest base that defines one. */
    if (cls->base) {
        Value isc = class_lookup_user(cls->base, NAME(ts, init_subclass));
        if (!IS_UNDEF(isc)) {
            Value bound = class_bind(ts, isc, UNDEF_VAL, cls,
                                     NAME(ts, init_subclass));
            if (IS_ERR(bound))
                goto fail_cls;
            if (IS_KIND(isc, OBJ_FUNCTION)) {
                /* a plain function here came through a base's namespace
                   without wrapping (type() with a dict): bind by hand */
                bound = bound_method_new(ts, OBJ_VAL(cls), isc);
                if (IS_ERR(bound))
                    goto fail_cls;
            }
            Value r = obj_call(ts, bound, 0, NULL, NULL);
            if (IS_ERR(r))
                goto fail_cls;
        }
    }
    UNPROTECT(ts, 1);
    return OBJ_VAL(cls);
fail_cls:
    UNPROTECT(ts, 1);
    return ERR_VAL;
fail1:
    UNPROTECT(ts, 1);
fail:
    UNPROTECT(ts, 2);
    return ERR_VAL;
}

static ObjClass *single_base(ThreadState *ts, int nbases, Value *bases)
{
    if (nbases == 0)
        return TYPE(ts, OBJECT);
    if (nbases > 1) {
        RAISE(ts, TypeError, "multiple inheritance is not supported");
        return NULL;
    }
    if (!IS_CLASS(bases[0])) {
        RAISE(ts, TypeError, "bases must be types");
        return NULL;
    }
    return AS_CLASS(bases[0]);
}

Value class_build(ThreadState *ts, int argc, Value *argv, ObjTuple *kwnames)
{
    if (argc < 2)
        return RAISE(ts, TypeError, "__build_class__: not enough arguments");
    if (!IS_FUNCTION(argv[0]))
        return RAISE(ts, TypeError, "__build_class__: func must be a function");
    if (!IS_STR(argv[1]))
        return RAISE(ts, TypeError, "__build_class__: name is not a string");
    for (int i = 0; i < nkw(kwnames); i++) {
        Value k = kwnames->items[i];
        if (!IS_STR(k) || strcmp(AS_STR(k)->data, "metaclass") != 0)
            return RAISE(ts, TypeError,
                         "class keyword arguments are not supported");
    }
    ObjClass *base = single_base(ts, argc - 2, argv + 2);
    if (!base)
        return ERR_VAL;
    ObjFunction *body = AS_FUNCTION(argv[0]);
    ObjDict *ns = dict_new(ts);
    if (!ns)
        return ERR_VAL;
    PROTECT_OBJ(ts, ns);
    Value modname;
    if (body->globals && dict_get_str(body->globals, NAME(ts, name), &modname)) {
        if (dict_set_str(ts, ns, NAME(ts, module), modname) < 0)
            goto fail;
    }
    ObjStr *qual = body->qualname ? body->qualname
                                  : (body->code && body->code->qualname
                                         ? body->code->qualname
                                         : AS_STR(argv[1]));
    if (dict_set_cstr(ts, ns, "__qualname__", OBJ_VAL(qual)) < 0)
        goto fail;
    Value r = vm_run_class_body(ts, body, ns);
    if (IS_ERR(r))
        goto fail;
    Value cls = make_class(ts, AS_STR(argv[1]), base, ns);
    UNPROTECT(ts, 1);
    return cls;
fail:
    UNPROTECT(ts, 1);
    return ERR_VAL;
}

/* -- object -------------------------------------------------------------- */

static Value object_init(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (argc > 1 || nkw(kwnames) > 0)
        return RAISE(ts, TypeError, "object.__init__() takes exactly one "
                                    "argument (the instance to initialize)");
    return NONE_VAL;
}

static Value object_new(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (argc < 1)
        return RAISE(ts, TypeError, "object.__new__(): not enough arguments");
    if (!IS_CLASS(argv[0]))
        return RAISE(ts, TypeError, "object.__new__(X): X is not a type object "
                                    "(%s)", obj_type_name(ts, argv[0]));
    ObjClass *cls = AS_CLASS(argv[0]);
    Value initf = class_lookup(cls, NAME(ts, init));
    bool default_init = IS_UNDEF(initf) || is_native_fn(initf, object_init);
    if ((argc > 1 || nkw(kwnames) > 0) && default_init &&
        cls->instance_kind != OBJ_EXCEPTION)
        return RAISE(ts, TypeError, "%s() takes no arguments", cls->name->data);
    ObjClass *bb = builtin_base(cls);
    if (bb && bb->construct && bb->instance_kind != OBJ_INSTANCE &&
        bb->instance_kind != OBJ_EXCEPTION)
        return bb->construct(ts, cls, 0, NULL, NULL);
    return alloc_for_class(ts, cls, argc - 1, argv + 1);
}

static Value object_repr(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (args_count(ts, "__repr__", argc, 1, 1) < 0)
        return ERR_VAL;
    return obj_repr_builtin(ts, argv[0]);
}

static Value object_str(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_count(ts, "__str__", argc, 1, 1) < 0)
        return ERR_VAL;
    return obj_repr(ts, argv[0]);
}

static Value object_eq(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (args_count(ts, "__eq__", argc, 2, 2) < 0)
        return ERR_VAL;
    if (value_is(argv[0], argv[1]))
        return TRUE_VAL;
    return ts->interp->not_implemented;
}

static Value object_ne(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (args_count(ts, "__ne__", argc, 2, 2) < 0)
        return ERR_VAL;
    Value eq = class_lookup(obj_class(ts, argv[0]), NAME(ts, eq));
    Value r;
    if (IS_UNDEF(eq) || is_native_fn(eq, object_eq))
        r = value_is(argv[0], argv[1]) ? TRUE_VAL : ts->interp->not_implemented;
    else
        r = obj_call(ts, eq, 2, argv, NULL);
    if (IS_ERR(r) || value_is(r, ts->interp->not_implemented))
        return r;
    int t = obj_truthy(ts, r);
    if (t < 0)
        return ERR_VAL;
    return BOOL_VAL(!t);
}

static Value object_notimpl(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    if (args_count(ts, "comparison", argc, 2, 2) < 0)
        return ERR_VAL;
    return ts->interp->not_implemented;
}

static Value object_hash(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (args_count(ts, "__hash__", argc, 1, 1) < 0)
        return ERR_VAL;
    uint64_t h;
    if (obj_hash(ts, argv[0], &h) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)h);
}

static Value object_format(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_count(ts, "__format__", argc, 2, 2) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[1]))
        return RAISE(ts, TypeError, "__format__() argument must be str, not %s",
                     obj_type_name(ts, argv[1]));
    if (AS_STR(argv[1])->len > 0)
        return RAISE(ts, TypeError, "unsupported format string passed to "
                                    "%s.__format__",
                     obj_type_name(ts, argv[0]));
    return obj_str(ts, argv[0]);
}

/* The checks of object.__setattr__ & co: [n] arguments in all, the
 * attribute name argv[1] a str; that name interned, or NULL with an
 * exception pending. */
static ObjStr *attr_name_arg(ThreadState *ts, const char *fname, int argc,
                             Value *argv, int n)
{
    if (args_count(ts, fname, argc, n, n) < 0)
        return NULL;
    if (!IS_STR(argv[1])) {
        RAISE(ts, TypeError, "attribute name must be string, not '%s'",
              obj_type_name(ts, argv[1]));
        return NULL;
    }
    return str_intern(ts, AS_STR(argv[1])->data, AS_STR(argv[1])->len);
}

static Value object_setattr(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    ObjStr *name = attr_name_arg(ts, "__setattr__", argc, argv, 3);
    if (!name)
        return ERR_VAL;
    PROTECT_OBJ(ts, name);
    int rc = obj_generic_setattr(ts, argv[0], name, argv[2]);
    UNPROTECT(ts, 1);
    if (rc < 0)
        return ERR_VAL;
    return NONE_VAL;
}

static Value object_delattr(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    ObjStr *name = attr_name_arg(ts, "__delattr__", argc, argv, 2);
    if (!name)
        return ERR_VAL;
    PROTECT_OBJ(ts, name);
    int rc = obj_generic_delattr(ts, argv[0], name);
    UNPROTECT(ts, 1);
    if (rc < 0)
        return ERR_VAL;
    return NONE_VAL;
}

static Value object_getattribute(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    ObjStr *name = attr_name_arg(ts, "__getattribute__", argc, argv, 2);
    if (!name)
        return ERR_VAL;
    PROTECT_OBJ(ts, name);
    Value r = obj_generic_getattr(ts, argv[0], name);
    UNPROTECT(ts, 1);
    return r;
}

static Value object_init_subclass(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    if (nkw(kwnames) > 0 || argc > 1)
        return RAISE(ts, TypeError, "%s.__init_subclass__() takes no keyword "
                                    "arguments",
                     argc > 0 && IS_CLASS(argv[0])
                         ? AS_CLASS(argv[0])->name->data
                         : "object");
    return NONE_VAL;
}

static Value object_dir(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_count(ts, "__dir__", argc, 1, 1) < 0)
        return ERR_VAL;
    ObjDict *seen = dict_new(ts);
    if (!seen)
        return ERR_VAL;
    PROTECT_OBJ(ts, seen);
    Value self = argv[0];
    ObjDict *own = NULL;
    if (IS_INSTANCE(self))
        own = AS_INSTANCE(self)->dict;
    else if (IS_EXCEPTION(self))
        own = AS_EXCEPTION(self)->dict;
    else if (IS_KIND(self, OBJ_MODULE))
        own = AS_MODULE(self)->dict;
    size_t pos = 0;
    Value k, v;
    if (own)
        while (dict_next(own, &pos, &k, &v))
            if (dict_set(ts, seen, k, NONE_VAL) < 0)
                goto fail;
    if (!IS_KIND(self, OBJ_MODULE)) {
        ObjClass *c = IS_CLASS(self) ? AS_CLASS(self) : obj_class(ts, self);
        for (; c; c = c->base) {
            pos = 0;
            while (dict_next(c->dict, &pos, &k, &v))
                if (dict_set(ts, seen, k, NONE_VAL) < 0)
                    goto fail;
        }
    }
    ObjList *l = list_new(ts, seen->len);
    if (!l)
        goto fail;
    PROTECT_OBJ(ts, l);
    pos = 0;
    while (dict_next(seen, &pos, &k, &v))
        if (list_append(ts, l, k) < 0) {
            UNPROTECT(ts, 1);
            goto fail;
        }
    if (list_sort(ts, l, UNDEF_VAL, false) < 0) {
        UNPROTECT(ts, 1);
        goto fail;
    }
    UNPROTECT(ts, 2);
    return OBJ_VAL(l);
fail:
    UNPROTECT(ts, 1);
    return ERR_VAL;
}

bool class_is_object_default(Value v)
{
    if (IS_KIND(v, OBJ_STATICMETHOD) || IS_KIND(v, OBJ_CLASSMETHOD))
        v = AS_WRAPPER(v)->func;
    if (!IS_KIND(v, OBJ_NATIVE))
        return false;
    NativeFn f = AS_NATIVE(v)->fn;
    return f == object_init || f == object_new || f == object_repr ||
           f == object_str || f == object_eq || f == object_ne ||
           f == object_hash || f == object_format || f == object_setattr ||
           f == object_delattr || f == object_getattribute ||
           f == object_notimpl || f == object_init_subclass;
}

/* -- type ---------------------------------------------------------------- */

static Value type_construct(ThreadState *ts, ObjClass *cls, int argc,
                            Value *argv, ObjTuple *kwnames)
{
    if (argc == 1 && nkw(kwnames) == 0)
        return OBJ_VAL(obj_class(ts, argv[0]));
    if (argc != 3)
        return RAISE(ts, TypeError, "type() takes 1 or 3 arguments");
    if (!IS_STR(argv[0]))
        return RAISE(ts, TypeError, "type.__new__() argument 1 must be str, "
                                    "not %s", obj_type_name(ts, argv[0]));
    if (!IS_TUPLE(argv[1]))
        return RAISE(ts, TypeError, "type.__new__() argument 2 must be tuple, "
                                    "not %s", obj_type_name(ts, argv[1]));
    if (!IS_DICT(argv[2]))
        return RAISE(ts, TypeError, "type.__new__() argument 3 must be dict, "
                                    "not %s", obj_type_name(ts, argv[2]));
    ObjTuple *bases = AS_TUPLE(argv[1]);
    ObjClass *base = single_base(ts, (int)bases->len, bases->items);
    if (!base)
        return ERR_VAL;
    ObjDict *ns = dict_copy(ts, AS_DICT(argv[2]));
    if (!ns)
        return ERR_VAL;
    PROTECT_OBJ(ts, ns);
    Value tmp;
    int r = 0;
    if (!dict_get_str(ns, NAME(ts, module), &tmp)) {
        Frame *f = ts->frame;
        if (f && f->globals && dict_get_str(f->globals, NAME(ts, name), &tmp))
            r = dict_set_str(ts, ns, NAME(ts, module), tmp);
    }
    ObjStr *name = r < 0 ? NULL
                         : str_intern(ts, AS_STR(argv[0])->data,
                                      AS_STR(argv[0])->len);
    Value made = name ? make_class(ts, name, base, ns) : ERR_VAL;
    UNPROTECT(ts, 1);
    return made;
}

static Value type_mro(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    if (argc != 1 || !IS_CLASS(argv[0]))
        return RAISE(ts, TypeError, "descriptor 'mro' of 'type' object needs "
                                    "an argument");
    ObjList *l = list_new(ts, 4);
    if (!l)
        return ERR_VAL;
    PROTECT_OBJ(ts, l);
    for (ObjClass *c = AS_CLASS(argv[0]); c; c = c->base)
        if (list_append(ts, l, OBJ_VAL(c)) < 0) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
    UNPROTECT(ts, 1);
    return OBJ_VAL(l);
}

static Value type_subclasscheck(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    if (args_count(ts, "__subclasscheck__", argc, 2, 2) < 0)
        return ERR_VAL;
    if (!IS_CLASS(argv[0]) || !IS_CLASS(argv[1]))
        return RAISE(ts, TypeError, "issubclass() arg 1 must be a class");
    return BOOL_VAL(class_is_subclass(AS_CLASS(argv[1]), AS_CLASS(argv[0])));
}

static Value type_instancecheck(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    if (args_count(ts, "__instancecheck__", argc, 2, 2) < 0)
        return ERR_VAL;
    if (!IS_CLASS(argv[0]))
        return RAISE(ts, TypeError, "isinstance() arg 2 must be a type");
    return BOOL_VAL(obj_isinstance(ts, argv[1], AS_CLASS(argv[0])));
}

/* -- property, staticmethod, classmethod --------------------------------- */

static Value property_make(ThreadState *ts, ObjClass *cls, Value fget,
                           Value fset, Value fdel, Value doc)
{
    Value parts[4] = {fget, fset, fdel, doc};
    for (int i = 0; i < 4; i++)
        if (IS_UNDEF(parts[i]))
            parts[i] = NONE_VAL;
    if (IS_NONE(parts[3]) && !IS_NONE(parts[0])) {
        Value d;
        int r = obj_getattr_opt(ts, parts[0], NAME(ts, doc), &d);
        if (r < 0)
            return ERR_VAL;
        if (r == 1)
            parts[3] = d;
    }
    for (int i = 0; i < 4; i++)
        PROTECT(ts, parts[i]);
    ObjProperty *p = gc_alloc(ts, sizeof(ObjProperty), OBJ_PROPERTY,
                              cls ? cls : TYPE(ts, PROPERTY));
    UNPROTECT(ts, 4);
    if (!p)
        return ERR_VAL;
    p->fget = parts[0];
    p->fset = parts[1];
    p->fdel = parts[2];
    p->doc = parts[3];
    return OBJ_VAL(p);
}

static Value property_construct(ThreadState *ts, ObjClass *cls, int argc,
                                Value *argv, ObjTuple *kwnames)
{
    static const ArgSpec spec = {"property", 4, 0,
                                 {"fget", "fset", "fdel", "doc"}};
    Value a[4];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    return property_make(ts, cls, a[0], a[1], a[2], a[3]);
}

static Value property_copy(ThreadState *ts, int argc, Value *argv, int which,
                           const char *fname)
{
    if (args_count(ts, fname, argc - 1, 1, 1) < 0)
        return ERR_VAL;
    if (!IS_KIND(argv[0], OBJ_PROPERTY))
        return RAISE(ts, TypeError, "descriptor '%s' requires a 'property' "
                                    "object", fname);
    ObjProperty *p = AS_PROPERTY(argv[0]);
    Value parts[3] = {p->fget, p->fset, p->fdel};
    parts[which] = argv[1];
    /* a getter's docstring replaces the old doc only when it came from
       the old getter */
    Value doc = which == 0 ? NONE_VAL : p->doc;
    return property_make(ts, AS_OBJ(argv[0])->cls, parts[0], parts[1],
                         parts[2], doc);
}

static Value property_getter(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kw)
{
    return property_copy(ts, argc, argv, 0, "getter");
}

static Value property_setter(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kw)
{
    return property_copy(ts, argc, argv, 1, "setter");
}

static Value property_deleter(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kw)
{
    return property_copy(ts, argc, argv, 2, "deleter");
}

static Value property_get(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "__get__", argc, 2, 3) < 0)
        return ERR_VAL;
    if (IS_NONE(argv[1]))
        return argv[0];
    return class_bind(ts, argv[0], argv[1], NULL, NULL);
}

static Value property_set(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "__set__", argc, 3, 3) < 0)
        return ERR_VAL;
    ObjProperty *p = AS_PROPERTY(argv[0]);
    if (IS_NONE(p->fset))
        return RAISE(ts, AttributeError, "property of '%s' object has no setter",
                     obj_type_name(ts, argv[1]));
    return obj_call(ts, p->fset, 2, argv + 1, NULL);
}

static Value wrapper_construct(ThreadState *ts, ObjClass *cls, int argc,
                               Value *argv, ObjTuple *kwnames, ObjKind kind)
{
    const char *name = kind == OBJ_STATICMETHOD ? "staticmethod"
                                                : "classmethod";
    if (args_no_kwargs(ts, name, kwnames) < 0)
        return ERR_VAL;
    if (argc != 1)
        return RAISE(ts, TypeError, "%s expected 1 argument, got %d", name,
                     argc);
    ObjWrapper *w = gc_alloc(ts, sizeof(ObjWrapper), kind, cls);
    if (!w)
        return ERR_VAL;
    w->func = argv[0];
    return OBJ_VAL(w);
}

static Value staticmethod_construct(ThreadState *ts, ObjClass *cls, int argc,
                                    Value *argv, ObjTuple *kwnames)
{
    return wrapper_construct(ts, cls, argc, argv, kwnames, OBJ_STATICMETHOD);
}

static Value classmethod_construct(ThreadState *ts, ObjClass *cls, int argc,
                                   Value *argv, ObjTuple *kwnames)
{
    return wrapper_construct(ts, cls, argc, argv, kwnames, OBJ_CLASSMETHOD);
}

static Value wrapper_get(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "__get__", argc, 2, 3) < 0)
        return ERR_VAL;
    ObjClass *owner = NULL;
    if (argc == 3 && IS_CLASS(argv[2]))
        owner = AS_CLASS(argv[2]);
    else if (!IS_NONE(argv[1]))
        owner = obj_class(ts, argv[1]);
    return class_bind(ts, argv[0], IS_NONE(argv[1]) ? UNDEF_VAL : argv[1],
                      owner, NULL);
}

/* -- super --------------------------------------------------------------- */

static Value super_zero_args(ThreadState *ts, ObjClass **start, Value *self)
{
    Frame *f = ts->frame;
    if (!f || !f->code)
        return RAISE(ts, RuntimeError, "super(): no arguments");
    ObjCode *code = f->code;
    if (code->argcount == 0 || code->nlocals == 0)
        return RAISE(ts, RuntimeError, "super(): no arguments");
    Value first = code->nlocals > 0 ? f->slots[0] : UNDEF_VAL;
    if (IS_KIND(first, OBJ_CELL) && code->cell2arg) {
        for (size_t j = 0; j < code->ncellvars; j++)
            if (code->cell2arg[j] == 0)
                first = AS_CELL(first)->value;
    }
    if (IS_UNDEF(first) && code->cell2arg) {
        for (size_t j = 0; j < code->ncellvars; j++) {
            Value c = f->slots[code->nlocals + j];
            if (code->cell2arg[j] == 0 && IS_KIND(c, OBJ_CELL))
                first = AS_CELL(c)->value;
        }
    }
    if (IS_UNDEF(first))
        return RAISE(ts, RuntimeError, "super(): arg[0] deleted");
    for (size_t i = 0; i < code->nfreevars; i++) {
        if (strcmp(code->freevars[i]->data, "__class__") != 0)
            continue;
        Value cell = f->slots[code->nlocals + code->ncellvars + i];
        Value c = IS_KIND(cell, OBJ_CELL) ? AS_CELL(cell)->value : cell;
        if (IS_UNDEF(c))
            return RAISE(ts, RuntimeError, "super(): empty __class__ cell");
        if (!IS_CLASS(c))
            return RAISE(ts, RuntimeError,
                         "super(): __class__ is not a type (%s)",
                         obj_type_name(ts, c));
        *start = AS_CLASS(c);
        *self = first;
        return NONE_VAL;
    }
    return RAISE(ts, RuntimeError, "super(): __class__ cell not found");
}

static Value super_construct(ThreadState *ts, ObjClass *cls, int argc,
                             Value *argv, ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "super", kwnames) < 0)
        return ERR_VAL;
    ObjClass *start = NULL;
    Value self = UNDEF_VAL;
    if (argc == 0) {
        if (IS_ERR(super_zero_args(ts, &start, &self)))
            return ERR_VAL;
    } else if (argc == 2) {
        if (!IS_CLASS(argv[0]))
            return RAISE(ts, TypeError, "super() argument 1 must be a type, "
                                        "not %s", obj_type_name(ts, argv[0]));
        start = AS_CLASS(argv[0]);
        self = argv[1];
    } else if (argc == 1) {
        return RAISE(ts, TypeError, "unbound super objects are not supported");
    } else {
        return RAISE(ts, TypeError, "super() takes at most 2 arguments (%d "
                                    "given)", argc);
    }
    bool ok = obj_isinstance(ts, self, start) ||
              (IS_CLASS(self) && class_is_subclass(AS_CLASS(self), start));
    if (!ok)
        return RAISE(ts, TypeError, "super(type, obj): obj must be an instance "
                                    "or subtype of type");
    PROTECT(ts, self);
    PROTECT_OBJ(ts, start);
    ObjSuper *s = gc_alloc(ts, sizeof(ObjSuper), OBJ_SUPER, cls);
    UNPROTECT(ts, 2);
    if (!s)
        return ERR_VAL;
    s->start = start;
    s->self = self;
    return OBJ_VAL(s);
}

int class_super_getattr(ThreadState *ts, Value sup, ObjStr *name, Value *out)
{
    ObjSuper *s = AS_SUPER(sup);
    bool self_is_class = IS_CLASS(s->self) &&
                         class_is_subclass(AS_CLASS(s->self), s->start);
    ObjClass *owner = self_is_class ? AS_CLASS(s->self)
                                    : obj_class(ts, s->self);
    if (strcmp(name->data, "__thisclass__") == 0) {
        *out = OBJ_VAL(s->start);
        return 1;
    }
    if (strcmp(name->data, "__self__") == 0) {
        *out = s->self;
        return 1;
    }
    if (strcmp(name->data, "__self_class__") == 0) {
        *out = OBJ_VAL(owner);
        return 1;
    }
    if (name == NAME(ts, class_)) {
        *out = OBJ_VAL(AS_OBJ(sup)->cls);
        return 1;
    }
    Value d = s->start->base ? class_lookup(s->start->base, name) : UNDEF_VAL;
    if (IS_UNDEF(d))
        return 0;
    Value r = class_bind(ts, d, self_is_class ? UNDEF_VAL : s->self, owner,
                         name);
    if (IS_ERR(r))
        return -1;
    *out = r;
    return 1;
}

/* -- __init__ of the built-in containers --------------------------------- */

/* list(x), dict(x) and set(x) are built by their constructors; these
 * __init__ methods exist for subclasses whose own __init__ calls
 * super().__init__(items), which must (re)fill the object. */

static Value list_init(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_no_kwargs(ts, "list", kw) < 0)
        return ERR_VAL;
    if (argc < 1 || !IS_LIST(argv[0]))
        return RAISE(ts, TypeError, "descriptor '__init__' requires a 'list' "
                                    "object");
    if (argc > 2)
        return RAISE(ts, TypeError, "list expected at most 1 argument, got %d",
                     argc - 1);
    AS_LIST(argv[0])->len = 0;
    if (argc == 2 && list_extend(ts, AS_LIST(argv[0]), argv[1]) < 0)
        return ERR_VAL;
    return NONE_VAL;
}

static Value dict_init(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (argc < 1 || !IS_DICT(argv[0]))
        return RAISE(ts, TypeError, "descriptor '__init__' requires a 'dict' "
                                    "object");
    if (argc > 2)
        return RAISE(ts, TypeError, "dict expected at most 1 argument, got %d",
                     argc - 1);
    ObjDict *d = AS_DICT(argv[0]);
    if (argc == 2 && dict_update(ts, d, argv[1]) < 0)
        return ERR_VAL;
    for (int i = 0; i < nkw(kw); i++)
        if (dict_set(ts, d, kw->items[i], argv[argc + i]) < 0)
            return ERR_VAL;
    return NONE_VAL;
}

static Value set_init(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_no_kwargs(ts, "set", kw) < 0)
        return ERR_VAL;
    if (argc < 1 || !IS_SET(argv[0]))
        return RAISE(ts, TypeError, "descriptor '__init__' requires a 'set' "
                                    "object");
    if (argc > 2)
        return RAISE(ts, TypeError, "set expected at most 1 argument, got %d",
                     argc - 1);
    if (argc == 2 && set_update(ts, AS_SET(argv[0]), argv[1]) < 0)
        return ERR_VAL;
    return NONE_VAL;
}

/* -- None, NotImplemented ------------------------------------------------ */

static Value nonetype_construct(ThreadState *ts, ObjClass *cls, int argc,
                                Value *argv, ObjTuple *kwnames)
{
    if (argc > 0 || nkw(kwnames) > 0)
        return RAISE(ts, TypeError, "NoneType takes no arguments");
    return NONE_VAL;
}

static Value notimpl_construct(ThreadState *ts, ObjClass *cls, int argc,
                               Value *argv, ObjTuple *kwnames)
{
    if (argc > 0 || nkw(kwnames) > 0)
        return RAISE(ts, TypeError, "NotImplementedType takes no arguments");
    return ts->interp->not_implemented;
}

static Value ellipsis_construct(ThreadState *ts, ObjClass *cls, int argc,
                                Value *argv, ObjTuple *kwnames)
{
    if (argc > 0 || nkw(kwnames) > 0)
        return RAISE(ts, TypeError, "ellipsis takes no arguments");
    return ts->interp->ellipsis;
}

void class_register(ThreadState *ts)
{
    ObjClass *obj = TYPE(ts, OBJECT);
    class_add_native(ts, obj, "__init__", object_init);
    class_add_static(ts, obj, "__new__", object_new);
    class_add_native(ts, obj, "__repr__", object_repr);
    class_add_native(ts, obj, "__str__", object_str);
    class_add_native(ts, obj, "__eq__", object_eq);
    class_add_native(ts, obj, "__ne__", object_ne);
    class_add_native(ts, obj, "__lt__", object_notimpl);
    class_add_native(ts, obj, "__le__", object_notimpl);
    class_add_native(ts, obj, "__gt__", object_notimpl);
    class_add_native(ts, obj, "__ge__", object_notimpl);
    class_add_native(ts, obj, "__hash__", object_hash);
    class_add_native(ts, obj, "__format__", object_format);
    class_add_native(ts, obj, "__setattr__", object_setattr);
    class_add_native(ts, obj, "__delattr__", object_delattr);
    class_add_native(ts, obj, "__getattribute__", object_getattribute);
    class_add_native(ts, obj, "__dir__", object_dir);
    class_add_classmethod(ts, obj, "__init_subclass__", object_init_subclass);

    ObjClass *type = TYPE(ts, TYPE);
    type->construct = type_construct;
    class_add_native(ts, type, "mro", type_mro);
    class_add_native(ts, type, "__subclasscheck__", type_subclasscheck);
    class_add_native(ts, type, "__instancecheck__", type_instancecheck);

    ObjClass *prop = TYPE(ts, PROPERTY);
    prop->construct = property_construct;
    class_add_native(ts, prop, "getter", property_getter);
    class_add_native(ts, prop, "setter", property_setter);
    class_add_native(ts, prop, "deleter", property_deleter);
    class_add_native(ts, prop, "__get__", property_get);
    class_add_native(ts, prop, "__set__", property_set);

    TYPE(ts, STATICMETHOD)->construct = staticmethod_construct;
    class_add_native(ts, TYPE(ts, STATICMETHOD), "__get__", wrapper_get);
    TYPE(ts, CLASSMETHOD)->construct = classmethod_construct;
    class_add_native(ts, TYPE(ts, CLASSMETHOD), "__get__", wrapper_get);
    TYPE(ts, SUPER)->construct = super_construct;
    TYPE(ts, NONETYPE)->construct = nonetype_construct;
    TYPE(ts, NOTIMPLEMENTEDTYPE)->construct = notimpl_construct;
    TYPE(ts, ELLIPSISTYPE)->construct = ellipsis_construct;
    class_add_native(ts, TYPE(ts, LIST), "__init__", list_init);
    class_add_native(ts, TYPE(ts, DICT), "__init__", dict_init);
    class_add_native(ts, TYPE(ts, SET), "__init__", set_init);
    ops_register(ts);
}

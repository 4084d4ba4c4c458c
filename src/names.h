/* names.h - the interned strings the runtime looks up by name all the time.
 *
 * NAME(ts, init) is the interned ObjStr "__init__", made once at start-up,
 * so C code never builds a name string on a hot path.
 */
#ifndef MPY_NAMES_H
#define MPY_NAMES_H

#define COMMON_NAMES(X)                                                       \
    X(init, "__init__") X(new, "__new__") X(repr, "__repr__")                 \
    X(str, "__str__") X(hash, "__hash__") X(eq, "__eq__") X(ne, "__ne__")     \
    X(lt, "__lt__") X(le, "__le__") X(gt, "__gt__") X(ge, "__ge__")           \
    X(add, "__add__") X(radd, "__radd__") X(iadd, "__iadd__")                 \
    X(sub, "__sub__") X(rsub, "__rsub__") X(isub, "__isub__")                 \
    X(mul, "__mul__") X(rmul, "__rmul__") X(imul, "__imul__")                 \
    X(truediv, "__truediv__") X(rtruediv, "__rtruediv__")                     \
    X(itruediv, "__itruediv__") X(floordiv, "__floordiv__")                   \
    X(rfloordiv, "__rfloordiv__") X(ifloordiv, "__ifloordiv__")               \
    X(mod, "__mod__") X(rmod, "__rmod__") X(imod, "__imod__")                 \
    X(pow, "__pow__") X(rpow, "__rpow__") X(ipow, "__ipow__")                 \
    X(matmul, "__matmul__") X(rmatmul, "__rmatmul__")                         \
    X(imatmul, "__imatmul__") X(lshift, "__lshift__")                         \
    X(rlshift, "__rlshift__") X(ilshift, "__ilshift__")                       \
    X(rshift, "__rshift__") X(rrshift, "__rrshift__")                         \
    X(irshift, "__irshift__") X(and_, "__and__") X(rand_, "__rand__")         \
    X(iand, "__iand__") X(or_, "__or__") X(ror, "__ror__") X(ior, "__ior__")  \
    X(xor_, "__xor__") X(rxor, "__rxor__") X(ixor, "__ixor__")                \
    X(neg, "__neg__") X(pos, "__pos__") X(invert, "__invert__")               \
    X(abs, "__abs__") X(bool_, "__bool__") X(len, "__len__")                  \
    X(getitem, "__getitem__") X(setitem, "__setitem__")                       \
    X(delitem, "__delitem__") X(contains, "__contains__")                     \
    X(iter, "__iter__") X(next, "__next__") X(call, "__call__")               \
    X(enter, "__enter__") X(exit, "__exit__") X(aenter, "__aenter__")         \
    X(aexit, "__aexit__") X(aiter, "__aiter__") X(anext, "__anext__")         \
    X(await, "__await__") X(getattr, "__getattr__")                           \
    X(getattribute, "__getattribute__") X(setattr, "__setattr__")             \
    X(delattr, "__delattr__") X(get, "__get__") X(set, "__set__")             \
    X(delete, "__delete__") X(int_, "__int__") X(float_, "__float__")         \
    X(index, "__index__") X(round, "__round__") X(format, "__format__")       \
    X(reversed, "__reversed__") X(missing, "__missing__")                     \
    X(class_, "__class__") X(dict, "__dict__") X(name, "__name__")            \
    X(qualname, "__qualname__") X(module, "__module__") X(doc, "__doc__")     \
    X(main, "__main__") X(builtins, "__builtins__") X(file, "__file__")       \
    X(all, "__all__") X(init_subclass, "__init_subclass__")                   \
    X(set_name, "__set_name__") X(args, "args") X(value, "value")             \
    X(send, "send") X(throw_, "throw") X(close, "close")                      \
    X(self, "self") X(lambda, "<lambda>") X(module_code, "<module>")          \
    X(listcomp, "<listcomp>") X(dictcomp, "<dictcomp>")                       \
    X(setcomp, "<setcomp>") X(genexpr, "<genexpr>") X(empty, "")

typedef enum NameId {
#define NAME_ENUM(id, text) NAME_##id,
    COMMON_NAMES(NAME_ENUM)
#undef NAME_ENUM
        NAME__COUNT
} NameId;

#define NAME(ts, id) ((ts)->interp->names[NAME_##id])

#endif

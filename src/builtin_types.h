/* builtin_types.h - the one list of every class the interpreter defines in C.
 *
 * TYPE(ID, "python name", BASE_ID, INSTANCE_KIND)
 *   ID             the C identifier; interp->types[TY_ID] is the class object
 *   BASE_ID        the single base class (OBJECT for the root, NONE_ for none)
 *   INSTANCE_KIND  the ObjKind a call to the class creates, or OBJ_NONE_KIND
 *                  when the class is not directly instantiable that way
 *
 * The order matters only in that a base comes before its subclasses.
 * Exceptions follow CPython's hierarchy exactly.
 */
#ifndef MPY_BUILTIN_TYPES_H
#define MPY_BUILTIN_TYPES_H

#define BUILTIN_TYPES(TYPE)                                                   \
    TYPE(OBJECT, "object", NONE_, OBJ_INSTANCE)                               \
    TYPE(TYPE, "type", OBJECT, OBJ_CLASS)                                     \
    TYPE(NONETYPE, "NoneType", OBJECT, OBJ_NONE_KIND)                         \
    TYPE(INT, "int", OBJECT, OBJ_NONE_KIND)                                   \
    TYPE(BOOL, "bool", INT, OBJ_NONE_KIND)                                    \
    TYPE(FLOAT, "float", OBJECT, OBJ_NONE_KIND)                               \
    TYPE(STR, "str", OBJECT, OBJ_STR)                                         \
    TYPE(BYTES, "bytes", OBJECT, OBJ_BYTES)                                   \
    TYPE(TUPLE, "tuple", OBJECT, OBJ_TUPLE)                                   \
    TYPE(LIST, "list", OBJECT, OBJ_LIST)                                      \
    TYPE(DICT, "dict", OBJECT, OBJ_DICT)                                      \
    TYPE(SET, "set", OBJECT, OBJ_SET)                                         \
    TYPE(FROZENSET, "frozenset", OBJECT, OBJ_SET)                             \
    TYPE(RANGE, "range", OBJECT, OBJ_RANGE)                                   \
    TYPE(SLICE, "slice", OBJECT, OBJ_SLICE)                                   \
    TYPE(FUNCTION, "function", OBJECT, OBJ_FUNCTION)                          \
    TYPE(BUILTIN_FUNCTION, "builtin_function_or_method", OBJECT, OBJ_NATIVE)  \
    TYPE(METHOD, "method", OBJECT, OBJ_BOUND_METHOD)                          \
    TYPE(CODE, "code", OBJECT, OBJ_CODE)                                      \
    TYPE(CELL, "cell", OBJECT, OBJ_CELL)                                      \
    TYPE(MODULE, "module", OBJECT, OBJ_MODULE)                                \
    TYPE(GENERATOR, "generator", OBJECT, OBJ_GENERATOR)                       \
    TYPE(COROUTINE, "coroutine", OBJECT, OBJ_GENERATOR)                       \
    TYPE(ASYNC_GENERATOR, "async_generator", OBJECT, OBJ_GENERATOR)           \
    TYPE(ITERATOR, "iterator", OBJECT, OBJ_ITER)                              \
    TYPE(PROPERTY, "property", OBJECT, OBJ_PROPERTY)                          \
    TYPE(STATICMETHOD, "staticmethod", OBJECT, OBJ_STATICMETHOD)              \
    TYPE(CLASSMETHOD, "classmethod", OBJECT, OBJ_CLASSMETHOD)                 \
    TYPE(SUPER, "super", OBJECT, OBJ_SUPER)                                   \
    TYPE(NATIVE_DATA, "native", OBJECT, OBJ_NATIVE_DATA)                      \
    TYPE(NOTIMPLEMENTEDTYPE, "NotImplementedType", OBJECT, OBJ_NONE_KIND)     \
    TYPE(ELLIPSISTYPE, "ellipsis", OBJECT, OBJ_NONE_KIND)                     \
    TYPE(BaseException, "BaseException", OBJECT, OBJ_EXCEPTION)              \
    TYPE(SystemExit, "SystemExit", BaseException, OBJ_EXCEPTION)              \
    TYPE(KeyboardInterrupt, "KeyboardInterrupt", BaseException, OBJ_EXCEPTION) \
    TYPE(GeneratorExit, "GeneratorExit", BaseException, OBJ_EXCEPTION)        \
    TYPE(Exception, "Exception", BaseException, OBJ_EXCEPTION)                \
    TYPE(StopIteration, "StopIteration", Exception, OBJ_EXCEPTION)            \
    TYPE(StopAsyncIteration, "StopAsyncIteration", Exception, OBJ_EXCEPTION)  \
    TYPE(ArithmeticError, "ArithmeticError", Exception, OBJ_EXCEPTION)        \
    TYPE(FloatingPointError, "FloatingPointError", ArithmeticError, OBJ_EXCEPTION) \
    TYPE(OverflowError, "OverflowError", ArithmeticError, OBJ_EXCEPTION)      \
    TYPE(ZeroDivisionError, "ZeroDivisionError", ArithmeticError, OBJ_EXCEPTION) \
    TYPE(AssertionError, "AssertionError", Exception, OBJ_EXCEPTION)          \
    TYPE(AttributeError, "AttributeError", Exception, OBJ_EXCEPTION)          \
    TYPE(EOFError, "EOFError", Exception, OBJ_EXCEPTION)                      \
    TYPE(ImportError, "ImportError", Exception, OBJ_EXCEPTION)                \
    TYPE(ModuleNotFoundError, "ModuleNotFoundError", ImportError, OBJ_EXCEPTION) \
    TYPE(LookupError, "LookupError", Exception, OBJ_EXCEPTION)                \
    TYPE(IndexError, "IndexError", LookupError, OBJ_EXCEPTION)                \
    TYPE(KeyError, "KeyError", LookupError, OBJ_EXCEPTION)                    \
    TYPE(MemoryError, "MemoryError", Exception, OBJ_EXCEPTION)                \
    TYPE(NameError, "NameError", Exception, OBJ_EXCEPTION)                    \
    TYPE(UnboundLocalError, "UnboundLocalError", NameError, OBJ_EXCEPTION)    \
    TYPE(OSError, "OSError", Exception, OBJ_EXCEPTION)                        \
    TYPE(FileNotFoundError, "FileNotFoundError", OSError, OBJ_EXCEPTION)      \
    TYPE(TimeoutError, "TimeoutError", OSError, OBJ_EXCEPTION)                \
    TYPE(RuntimeError, "RuntimeError", Exception, OBJ_EXCEPTION)              \
    TYPE(NotImplementedError, "NotImplementedError", RuntimeError, OBJ_EXCEPTION) \
    TYPE(RecursionError, "RecursionError", RuntimeError, OBJ_EXCEPTION)       \
    TYPE(SyntaxError, "SyntaxError", Exception, OBJ_EXCEPTION)                \
    TYPE(IndentationError, "IndentationError", SyntaxError, OBJ_EXCEPTION)    \
    TYPE(TabError, "TabError", IndentationError, OBJ_EXCEPTION)               \
    TYPE(SystemError, "SystemError", Exception, OBJ_EXCEPTION)                \
    TYPE(TypeError, "TypeError", Exception, OBJ_EXCEPTION)                    \
    TYPE(ValueError, "ValueError", Exception, OBJ_EXCEPTION)                  \
    TYPE(UnicodeError, "UnicodeError", ValueError, OBJ_EXCEPTION)             \
    TYPE(UnicodeDecodeError, "UnicodeDecodeError", UnicodeError, OBJ_EXCEPTION) \
    TYPE(UnicodeEncodeError, "UnicodeEncodeError", UnicodeError, OBJ_EXCEPTION)

typedef enum TypeId {
#define TYPE_ENUM(id, name, base, kind) TY_##id,
    BUILTIN_TYPES(TYPE_ENUM)
#undef TYPE_ENUM
        TY__COUNT
} TypeId;

#endif

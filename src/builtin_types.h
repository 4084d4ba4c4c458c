/* builtin_types.h - the one list of every class the interpreter defines in C.
 *
 * X(ID, "python name", BASE_ID, INSTANCE_KIND)
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

#define BUILTIN_TYPES(X)                                                   \
    X(OBJECT, "object", NONE_, OBJ_INSTANCE)                               \
    X(TYPE, "type", OBJECT, OBJ_CLASS)                                     \
    X(NONETYPE, "NoneType", OBJECT, OBJ_NONE_KIND)                         \
    X(INT, "int", OBJECT, OBJ_NONE_KIND)                                   \
    X(BOOL, "bool", INT, OBJ_NONE_KIND)                                    \
    X(FLOAT, "float", OBJECT, OBJ_NONE_KIND)                               \
    X(STR, "str", OBJECT, OBJ_STR)                                         \
    X(BYTES, "bytes", OBJECT, OBJ_BYTES)                                   \
    X(TUPLE, "tuple", OBJECT, OBJ_TUPLE)                                   \
    X(LIST, "list", OBJECT, OBJ_LIST)                                      \
    X(DICT, "dict", OBJECT, OBJ_DICT)                                      \
    X(SET, "set", OBJECT, OBJ_SET)                                         \
    X(FROZENSET, "frozenset", OBJECT, OBJ_SET)                             \
    X(RANGE, "range", OBJECT, OBJ_RANGE)                                   \
    X(SLICE, "slice", OBJECT, OBJ_SLICE)                                   \
    X(FUNCTION, "function", OBJECT, OBJ_FUNCTION)                          \
    X(BUILTIN_FUNCTION, "builtin_function_or_method", OBJECT, OBJ_NATIVE)  \
    X(METHOD, "method", OBJECT, OBJ_BOUND_METHOD)                          \
    X(CODE, "code", OBJECT, OBJ_CODE)                                      \
    X(CELL, "cell", OBJECT, OBJ_CELL)                                      \
    X(MODULE, "module", OBJECT, OBJ_MODULE)                                \
    X(GENERATOR, "generator", OBJECT, OBJ_GENERATOR)                       \
    X(COROUTINE, "coroutine", OBJECT, OBJ_GENERATOR)                       \
    X(ASYNC_GENERATOR, "async_generator", OBJECT, OBJ_GENERATOR)           \
    X(ASYNC_GEN_ASEND, "async_generator_asend", OBJECT, OBJ_NONE_KIND)     \
    X(ASYNC_GEN_ATHROW, "async_generator_athrow", OBJECT, OBJ_NONE_KIND)   \
    X(ANEXT_AWAITABLE, "anext_awaitable", OBJECT, OBJ_NONE_KIND)           \
    X(ITERATOR, "iterator", OBJECT, OBJ_ITER)                              \
    X(PROPERTY, "property", OBJECT, OBJ_PROPERTY)                          \
    X(STATICMETHOD, "staticmethod", OBJECT, OBJ_STATICMETHOD)              \
    X(CLASSMETHOD, "classmethod", OBJECT, OBJ_CLASSMETHOD)                 \
    X(SUPER, "super", OBJECT, OBJ_SUPER)                                   \
    X(NATIVE_DATA, "native", OBJECT, OBJ_NATIVE_DATA)                      \
    X(NOTIMPLEMENTEDTYPE, "NotImplementedType", OBJECT, OBJ_NONE_KIND)     \
    X(ELLIPSISTYPE, "ellipsis", OBJECT, OBJ_NONE_KIND)                     \
    X(BaseException, "BaseException", OBJECT, OBJ_EXCEPTION)              \
    X(SystemExit, "SystemExit", BaseException, OBJ_EXCEPTION)              \
    X(KeyboardInterrupt, "KeyboardInterrupt", BaseException, OBJ_EXCEPTION) \
    X(GeneratorExit, "GeneratorExit", BaseException, OBJ_EXCEPTION)        \
    X(Exception, "Exception", BaseException, OBJ_EXCEPTION)                \
    X(StopIteration, "StopIteration", Exception, OBJ_EXCEPTION)            \
    X(StopAsyncIteration, "StopAsyncIteration", Exception, OBJ_EXCEPTION)  \
    X(ArithmeticError, "ArithmeticError", Exception, OBJ_EXCEPTION)        \
    X(FloatingPointError, "FloatingPointError", ArithmeticError, OBJ_EXCEPTION) \
    X(OverflowError, "OverflowError", ArithmeticError, OBJ_EXCEPTION)      \
    X(ZeroDivisionError, "ZeroDivisionError", ArithmeticError, OBJ_EXCEPTION) \
    X(AssertionError, "AssertionError", Exception, OBJ_EXCEPTION)          \
    X(AttributeError, "AttributeError", Exception, OBJ_EXCEPTION)          \
    X(EOFError, "EOFError", Exception, OBJ_EXCEPTION)                      \
    X(ImportError, "ImportError", Exception, OBJ_EXCEPTION)                \
    X(ModuleNotFoundError, "ModuleNotFoundError", ImportError, OBJ_EXCEPTION) \
    X(LookupError, "LookupError", Exception, OBJ_EXCEPTION)                \
    X(IndexError, "IndexError", LookupError, OBJ_EXCEPTION)                \
    X(KeyError, "KeyError", LookupError, OBJ_EXCEPTION)                    \
    X(MemoryError, "MemoryError", Exception, OBJ_EXCEPTION)                \
    X(NameError, "NameError", Exception, OBJ_EXCEPTION)                    \
    X(UnboundLocalError, "UnboundLocalError", NameError, OBJ_EXCEPTION)    \
    X(OSError, "OSError", Exception, OBJ_EXCEPTION)                        \
    X(BlockingIOError, "BlockingIOError", OSError, OBJ_EXCEPTION)          \
    X(ChildProcessError, "ChildProcessError", OSError, OBJ_EXCEPTION)      \
    X(ConnectionError, "ConnectionError", OSError, OBJ_EXCEPTION)          \
    X(BrokenPipeError, "BrokenPipeError", ConnectionError, OBJ_EXCEPTION)  \
    X(ConnectionAbortedError, "ConnectionAbortedError", ConnectionError,   \
      OBJ_EXCEPTION)                                                       \
    X(ConnectionRefusedError, "ConnectionRefusedError", ConnectionError,   \
      OBJ_EXCEPTION)                                                       \
    X(ConnectionResetError, "ConnectionResetError", ConnectionError,       \
      OBJ_EXCEPTION)                                                       \
    X(FileExistsError, "FileExistsError", OSError, OBJ_EXCEPTION)          \
    X(FileNotFoundError, "FileNotFoundError", OSError, OBJ_EXCEPTION)      \
    X(InterruptedError, "InterruptedError", OSError, OBJ_EXCEPTION)        \
    X(IsADirectoryError, "IsADirectoryError", OSError, OBJ_EXCEPTION)      \
    X(NotADirectoryError, "NotADirectoryError", OSError, OBJ_EXCEPTION)    \
    X(PermissionError, "PermissionError", OSError, OBJ_EXCEPTION)          \
    X(ProcessLookupError, "ProcessLookupError", OSError, OBJ_EXCEPTION)    \
    X(TimeoutError, "TimeoutError", OSError, OBJ_EXCEPTION)                \
    X(RuntimeError, "RuntimeError", Exception, OBJ_EXCEPTION)              \
    X(NotImplementedError, "NotImplementedError", RuntimeError, OBJ_EXCEPTION) \
    X(RecursionError, "RecursionError", RuntimeError, OBJ_EXCEPTION)       \
    X(DeadlockError, "DeadlockError", RuntimeError, OBJ_EXCEPTION)         \
    X(SyntaxError, "SyntaxError", Exception, OBJ_EXCEPTION)                \
    X(IndentationError, "IndentationError", SyntaxError, OBJ_EXCEPTION)    \
    X(TabError, "TabError", IndentationError, OBJ_EXCEPTION)               \
    X(SystemError, "SystemError", Exception, OBJ_EXCEPTION)                \
    X(TypeError, "TypeError", Exception, OBJ_EXCEPTION)                    \
    X(ValueError, "ValueError", Exception, OBJ_EXCEPTION)                  \
    X(UnicodeError, "UnicodeError", ValueError, OBJ_EXCEPTION)             \
    X(UnicodeDecodeError, "UnicodeDecodeError", UnicodeError, OBJ_EXCEPTION) \
    X(UnicodeEncodeError, "UnicodeEncodeError", UnicodeError, OBJ_EXCEPTION)

typedef enum TypeId {
#define TYPE_ENUM(id, name, base, kind) TY_##id,
    BUILTIN_TYPES(TYPE_ENUM)
#undef TYPE_ENUM
        TY__COUNT
} TypeId;

#endif

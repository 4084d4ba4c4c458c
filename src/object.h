/* object.h - the layout of every heap object.
 *
 * Every heap object starts with an Obj header: its class (the Python type,
 * which for user classes is an ObjClass made by a class statement), its
 * layout kind (which C struct it is, so the collector and C code know how to
 * read it), the mark bit, and the link in the interpreter's list of all
 * objects.  `kind` says what the object IS in C; `cls` says what it is in
 * Python.  An instance of a user subclass of Exception has kind OBJ_EXCEPTION
 * and cls pointing at the user class.
 *
 * Objects are created only through gc_alloc (gc.h), which links them into
 * the heap and may collect first.  Every struct here is walked by gc.c:
 * whoever adds a field that holds a Value or an Obj* updates gc.c too.
 */
#ifndef MPY_OBJECT_H
#define MPY_OBJECT_H

#include <gmp.h>
#include <stdint.h>

#include "builtin_types.h"
#include "value.h"

typedef struct ThreadState ThreadState;
typedef struct Interp Interp;

typedef enum ObjKind {
    OBJ_NONE_KIND = 0, /* never on the heap: marks "no instances" in tables */
    OBJ_STR,
    OBJ_BYTES,
    OBJ_BIGINT,
    OBJ_TUPLE,
    OBJ_LIST,
    OBJ_DICT,
    OBJ_SET,
    OBJ_RANGE,
    OBJ_SLICE,
    OBJ_CODE,
    OBJ_FUNCTION,
    OBJ_CELL,
    OBJ_NATIVE,
    OBJ_BOUND_METHOD,
    OBJ_CLASS,
    OBJ_INSTANCE,
    OBJ_EXCEPTION,
    OBJ_MODULE,
    OBJ_GENERATOR,
    OBJ_ITER,
    OBJ_PROPERTY,
    OBJ_STATICMETHOD,
    OBJ_CLASSMETHOD,
    OBJ_SUPER,
    OBJ_NATIVE_DATA,
    OBJ__COUNT
} ObjKind;

typedef struct ObjClass ObjClass;
typedef struct ObjStr ObjStr;
typedef struct ObjDict ObjDict;
typedef struct ObjTuple ObjTuple;

struct Obj {
    ObjClass *cls;
    Obj *gc_next;
    uint8_t kind;   /* ObjKind */
    uint8_t marked; /* mark bit of the collector */
};

#define OBJ_KIND(v) (AS_OBJ(v)->kind)
#define IS_KIND(v, k) (IS_OBJ(v) && AS_OBJ(v)->kind == (k))
#define IS_STR(v) IS_KIND(v, OBJ_STR)
#define IS_BIGINT(v) IS_KIND(v, OBJ_BIGINT)
#define IS_TUPLE(v) IS_KIND(v, OBJ_TUPLE)
#define IS_LIST(v) IS_KIND(v, OBJ_LIST)
#define IS_DICT(v) IS_KIND(v, OBJ_DICT)
#define IS_SET(v) IS_KIND(v, OBJ_SET)
#define IS_CLASS(v) IS_KIND(v, OBJ_CLASS)
#define IS_FUNCTION(v) IS_KIND(v, OBJ_FUNCTION)
#define IS_EXCEPTION(v) IS_KIND(v, OBJ_EXCEPTION)
#define IS_INSTANCE(v) IS_KIND(v, OBJ_INSTANCE)
#define IS_GENERATOR(v) IS_KIND(v, OBJ_GENERATOR)

#define AS_STR(v) ((ObjStr *)AS_OBJ(v))
#define AS_BYTES(v) ((ObjBytes *)AS_OBJ(v))
#define AS_BIGINT(v) ((ObjBigInt *)AS_OBJ(v))
#define AS_TUPLE(v) ((ObjTuple *)AS_OBJ(v))
#define AS_LIST(v) ((ObjList *)AS_OBJ(v))
#define AS_DICT(v) ((ObjDict *)AS_OBJ(v))
#define AS_SET(v) ((ObjSet *)AS_OBJ(v))
#define AS_RANGE(v) ((ObjRange *)AS_OBJ(v))
#define AS_SLICE(v) ((ObjSlice *)AS_OBJ(v))
#define AS_CODE(v) ((ObjCode *)AS_OBJ(v))
#define AS_FUNCTION(v) ((ObjFunction *)AS_OBJ(v))
#define AS_CELL(v) ((ObjCell *)AS_OBJ(v))
#define AS_NATIVE(v) ((ObjNative *)AS_OBJ(v))
#define AS_BOUND_METHOD(v) ((ObjBoundMethod *)AS_OBJ(v))
#define AS_CLASS(v) ((ObjClass *)AS_OBJ(v))
#define AS_INSTANCE(v) ((ObjInstance *)AS_OBJ(v))
#define AS_EXCEPTION(v) ((ObjException *)AS_OBJ(v))
#define AS_MODULE(v) ((ObjModule *)AS_OBJ(v))
#define AS_GENERATOR(v) ((ObjGenerator *)AS_OBJ(v))
#define AS_ITER(v) ((ObjIter *)AS_OBJ(v))
#define AS_PROPERTY(v) ((ObjProperty *)AS_OBJ(v))
#define AS_WRAPPER(v) ((ObjWrapper *)AS_OBJ(v))
#define AS_SUPER(v) ((ObjSuper *)AS_OBJ(v))
#define AS_NATIVE_DATA(v) ((ObjNativeData *)AS_OBJ(v))

/* Text, UTF-8 encoded, always NUL-terminated after `len` bytes.  Strings are
 * immutable; `hash` is computed at creation.  Interned strings (all names
 * the compiler sees, all dict keys made by C code through str_intern) are
 * unique per content, so equal interned strings are the same pointer. */
struct ObjStr {
    Obj obj;
    size_t len;    /* bytes */
    size_t nchars; /* code points; == len when ascii */
    uint64_t hash;
    bool interned;
    bool ascii;
    char data[]; /* len bytes plus a NUL */
};

typedef struct ObjBytes {
    Obj obj;
    size_t len;
    uint64_t hash;
    unsigned char data[];
} ObjBytes;

/* An int outside int64_t.  Never holds a value that would fit a VAL_INT. */
typedef struct ObjBigInt {
    Obj obj;
    mpz_t z;
} ObjBigInt;

struct ObjTuple {
    Obj obj;
    size_t len;
    uint64_t hash; /* 0 = not computed yet */
    Value items[];
};

typedef struct ObjList {
    Obj obj;
    size_t len;
    size_t cap;
    Value *items; /* malloc'd (through gc_realloc_mem) */
} ObjList;

/* Insertion-ordered open-addressing hash table (the CPython 3.6 layout):
 * `entries` is a dense array in insertion order (deleted entries have key
 * UNDEF), `index` is a sparse array of int32 slots (-1 empty, -2 deleted)
 * pointing into `entries`.  The index is kept at most 2/3 full and hashes
 * are mixed with perturbation when probing. */
typedef struct DictEntry {
    Value key;
    Value value;
    uint64_t hash;
} DictEntry;

struct ObjDict {
    Obj obj;
    size_t len;         /* live entries */
    size_t used;        /* entries[] slots used, live or deleted */
    size_t entries_cap; /* capacity of entries[] */
    size_t index_cap;   /* power of two, 0 when empty */
    int32_t *index;
    DictEntry *entries;
    uint64_t version; /* bumped on every insertion or deletion, for caches */
};

/* set and frozenset share this layout: a dict whose values are unused. */
typedef struct ObjSet {
    Obj obj;
    ObjDict *table;
    bool frozen;
} ObjSet;

typedef struct ObjRange {
    Obj obj;
    int64_t start, stop, step;
    int64_t len;
} ObjRange;

typedef struct ObjSlice {
    Obj obj;
    Value start, stop, step; /* None when omitted */
} ObjSlice;

/* Compiled code: see code.h for the flags and the line table. */
typedef struct ObjCode {
    Obj obj;
    ObjStr *name;
    ObjStr *qualname;
    ObjStr *filename;
    int firstlineno;
    int argcount;       /* positional parameters, incl. those with defaults */
    int posonlycount;   /* reserved, 0 */
    int kwonlycount;    /* keyword-only parameters */
    int flags;          /* CODE_* in code.h */
    int nlocals;        /* parameters first, then other locals */
    int stacksize;      /* max value-stack depth */
    uint8_t *bytecode;
    size_t bytecode_len;
    Value *consts;
    size_t nconsts;
    ObjStr **names;     /* globals, attributes, imports */
    size_t nnames;
    ObjStr **varnames;  /* nlocals names of the local slots */
    ObjStr **cellvars;  /* locals captured by inner functions */
    size_t ncellvars;
    ObjStr **freevars;  /* variables captured from enclosing functions */
    size_t nfreevars;
    int *cell2arg;      /* for each cellvar, the parameter index or -1; NULL if none */
    uint8_t *linetable; /* see code.h */
    size_t linetable_len;
    void *exctable;     /* see code.h; owned by the code object */
    size_t exctable_len;
} ObjCode;

typedef struct ObjFunction {
    Obj obj;
    ObjCode *code;
    ObjDict *globals;
    ObjTuple *defaults;   /* NULL when none */
    ObjDict *kwdefaults;  /* NULL when none */
    ObjTuple *closure;    /* tuple of ObjCell, NULL when none */
    ObjStr *name;
    ObjStr *qualname;
    ObjStr *module;       /* __module__ */
    Value doc;
    ObjDict *dict;        /* function attributes, NULL until first set */
} ObjFunction;

typedef struct ObjCell {
    Obj obj;
    Value value; /* UNDEF when empty */
} ObjCell;

/* A function written in C.  Arguments arrive as in CPython's vectorcall:
 * argv[0..argc) are positional; when kwnames is non-NULL its len values
 * follow at argv[argc..argc+len), named by the strings in kwnames.  A native
 * bound as a method receives self as argv[0].  argv lives on a rooted stack:
 * the callee may allocate freely.  Returns the result, or ERR_VAL with an
 * exception pending. */
typedef Value (*NativeFn)(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames);

typedef struct ObjNative {
    Obj obj;
    ObjStr *name;
    NativeFn fn;
    Value self;  /* UNDEF for a plain function; otherwise prepended to argv */
    Value data;  /* extra value a native may stash (module, class, ...) */
} ObjNative;

typedef struct ObjBoundMethod {
    Obj obj;
    Value self;
    Value func;
} ObjBoundMethod;

/* A class: built-in (made from builtin_types.h at start-up) or made by a
 * class statement.  Attribute lookup walks `base` links (single
 * inheritance, so the MRO is the chain of bases). */
struct ObjClass {
    Obj obj;
    ObjStr *name;
    ObjStr *qualname;
    ObjClass *base;      /* NULL only for object */
    ObjDict *dict;       /* attributes and methods, incl. natives */
    uint8_t instance_kind; /* ObjKind a call creates: inherited from the
                              nearest built-in base */
    bool is_builtin;
    /* Cached "has a Python-level override of this dunder" bits, computed
       when the class is made (and refreshed when a dunder is set on it), so
       the VM's fast paths can skip the dict walk for plain objects. */
    uint32_t slot_flags;
    /* For built-in classes: how a call to the class builds a value, e.g.
       int("3") or list(x).  NULL for user classes (the generic path makes an
       instance and calls __init__). */
    Value (*construct)(ThreadState *ts, ObjClass *cls, int argc, Value *argv,
                       ObjTuple *kwnames);
};

typedef struct ObjInstance {
    Obj obj;
    ObjDict *dict;
} ObjInstance;

typedef struct TracebackEntry {
    ObjStr *filename;
    ObjStr *funcname;
    int lineno;
    /* The source span of the failing instruction, for the caret line of
       3.11 tracebacks: the last line, and 0-based byte columns on the first
       and last lines (end exclusive); columns are -1 when unknown. */
    int end_lineno;
    int col, end_col;
} TracebackEntry;

/* An exception instance (BaseException or any subclass, built-in or
 * user-defined).  The traceback is a C array of entries appended as the
 * exception propagates outward: entry 0 is the outermost frame, as
 * CPython prints it. */
typedef struct ObjException {
    Obj obj;
    ObjDict *dict;          /* user attributes */
    ObjTuple *args;
    Value cause;            /* __cause__, None when unset */
    Value context;          /* __context__, None when unset */
    bool suppress_context;  /* set by `raise ... from ...` */
    TracebackEntry *tb;
    size_t tb_len, tb_cap;
} ObjException;

typedef struct ObjModule {
    Obj obj;
    ObjStr *name;
    ObjDict *dict;
} ObjModule;

/* A generator, coroutine or async generator: owns the frame it runs in. */
typedef enum GenState {
    GEN_CREATED,
    GEN_SUSPENDED,
    GEN_RUNNING,
    GEN_CLOSED
} GenState;

struct Frame;

typedef struct ObjGenerator {
    Obj obj;
    struct Frame *frame; /* heap-allocated, owned; NULL once closed */
    ObjStr *name;
    ObjStr *qualname;
    GenState state;
    Value yieldfrom;     /* the iterator being delegated to, or UNDEF */
} ObjGenerator;

/* A built-in iterator (list_iterator, range_iterator, zip, map, ...): a
 * next function and a few slots of state the owner interprets.  Values in
 * `state` are marked by the collector; `index` and `end` are plain. */
#define ITER_STATE_SLOTS 3
struct ObjIter;
typedef int (*IterNextFn)(ThreadState *ts, struct ObjIter *it, Value *out);
typedef struct ObjIter {
    Obj obj;
    const char *type_name; /* shown by repr and type(): "list_iterator" */
    IterNextFn next;       /* 1 = *out set, 0 = exhausted, -1 = error */
    Value state[ITER_STATE_SLOTS];
    int64_t index;
    int64_t end;
} ObjIter;

typedef struct ObjProperty {
    Obj obj;
    Value fget, fset, fdel; /* None when absent */
    Value doc;
} ObjProperty;

/* staticmethod and classmethod wrap one callable. */
typedef struct ObjWrapper {
    Obj obj;
    Value func;
} ObjWrapper;

typedef struct ObjSuper {
    Obj obj;
    ObjClass *start; /* lookup begins at start->base */
    Value self;
} ObjSuper;

/* C state of a native type (a lock, a thread handle, a random generator):
 * the owner supplies how to mark and free it. */
typedef struct NativeDataType {
    const char *name;
    void (*mark)(Interp *interp, void *data);
    void (*free)(void *data);
} NativeDataType;

typedef struct ObjNativeData {
    Obj obj;
    const NativeDataType *type;
    void *data;
} ObjNativeData;

#endif

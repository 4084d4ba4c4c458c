/* value.h - the tagged value that every part of mpy passes around.
 *
 * A Value is a small tagged union: an unboxed machine-word int, a double,
 * a bool, None, or a pointer to a heap object.  Ints that fit in int64_t are
 * ALWAYS stored unboxed (VAL_INT); only ints outside that range live on the
 * heap as ObjBigInt.  Code that produces an int must normalise (see
 * int_from_mpz), so equality of small ints never needs the heap.
 *
 * VAL_UNDEF never reaches a program.  It means three things, depending on
 * where it appears:
 *   - returned from a function that returns Value: "an exception is pending
 *     in the ThreadState" (see exc_raise in exc.h);
 *   - in a local variable slot: the variable is unbound;
 *   - as an "absent" marker where a function documents it (e.g. a default
 *     argument that was not passed).
 */
#ifndef MPY_VALUE_H
#define MPY_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Obj Obj;

typedef enum ValueTag {
    VAL_UNDEF = 0,
    VAL_NONE,
    VAL_BOOL,
    VAL_INT,
    VAL_FLOAT,
    VAL_OBJ,
} ValueTag;

typedef struct Value {
    ValueTag tag;
    union {
        bool b;
        int64_t i;
        double f;
        Obj *obj;
    } as;
} Value;

#define IS_UNDEF(v) ((v).tag == VAL_UNDEF)
#define IS_ERR(v) ((v).tag == VAL_UNDEF)
#define IS_NONE(v) ((v).tag == VAL_NONE)
#define IS_BOOL(v) ((v).tag == VAL_BOOL)
#define IS_INT(v) ((v).tag == VAL_INT)
#define IS_FLOAT(v) ((v).tag == VAL_FLOAT)
#define IS_OBJ(v) ((v).tag == VAL_OBJ)

#define AS_BOOL(v) ((v).as.b)
#define AS_INT(v) ((v).as.i)
#define AS_FLOAT(v) ((v).as.f)
#define AS_OBJ(v) ((v).as.obj)

#define UNDEF_VAL ((Value){.tag = VAL_UNDEF, .as = {.i = 0}})
#define ERR_VAL UNDEF_VAL
#define NONE_VAL ((Value){.tag = VAL_NONE, .as = {.i = 0}})
#define BOOL_VAL(x) ((Value){.tag = VAL_BOOL, .as = {.b = (x) ? true : false}})
#define TRUE_VAL BOOL_VAL(true)
#define FALSE_VAL BOOL_VAL(false)
#define INT_VAL(x) ((Value){.tag = VAL_INT, .as = {.i = (int64_t)(x)}})
#define FLOAT_VAL(x) ((Value){.tag = VAL_FLOAT, .as = {.f = (double)(x)}})
#define OBJ_VAL(x) ((Value){.tag = VAL_OBJ, .as = {.obj = (Obj *)(x)}})

/* Identity, as the `is` operator sees it. */
static inline bool value_is(Value a, Value b)
{
    if (a.tag != b.tag)
        return false;
    switch (a.tag) {
    case VAL_UNDEF:
    case VAL_NONE:
        return true;
    case VAL_BOOL:
        return a.as.b == b.as.b;
    case VAL_INT:
        return a.as.i == b.as.i;
    case VAL_FLOAT:
        return a.as.f == b.as.f || (a.as.f != a.as.f && b.as.f != b.as.f);
    case VAL_OBJ:
        return a.as.obj == b.as.obj;
    }
    return false;
}

#endif

/* ops.c - the generic object protocol: operators, comparisons, truth,
 * hashing, repr/str, attributes, items, iteration and calls on any value.
 *
 * Every operation first handles the built-in kinds directly in C (ints,
 * floats, strings, lists, ...), then falls back on the dunder methods that
 * Python code defined.  A method only counts as "defined by the user" when
 * it is found in a non-built-in class of the chain (class_lookup_user):
 * the C kinds of built-in classes are handled here, so their natives are
 * never called from these paths, which avoids both the cost and the
 * infinite recursion of a native __repr__ that calls obj_repr.
 *
 * Binary operators follow CPython's order: a.__op__(b); if that returns
 * NotImplemented, the built-in meaning; then b.__rop__(a) -- except that
 * when type(b) is a proper subclass of type(a) with its own __rop__, that
 * goes first.  Rich comparisons work the same way with the reflected
 * operator (< against >), and == / != fall back on identity.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "format.h"
#include "gc.h"
#include "iter.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "range.h"
#include "set.h"
#include "str.h"
#include "tuple.h"
#include "vm.h"

#define NI(ts) ((ts)->interp->not_implemented)
#define IS_NI(ts, v) (value_is((v), (ts)->interp->not_implemented))

const char *binop_symbol(BinaryOp op)
{
    static const char *const syms[BIN__COUNT] = {
        "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};
    return op < BIN__COUNT ? syms[op] : "?";
}

const char *cmpop_symbol(CmpOp op)
{
    static const char *const syms[] = {"<", "<=", "==", "!=", ">", ">="};
    return op <= CMP_GE ? syms[op] : "?";
}

ObjClass *obj_class(ThreadState *ts, Value v)
{
    switch (v.tag) {
    case VAL_INT:
        return TYPE(ts, INT);
    case VAL_BOOL:
        return TYPE(ts, BOOL);
    case VAL_FLOAT:
        return TYPE(ts, FLOAT);
    case VAL_OBJ:
        if (AS_OBJ(v)->cls)
            return AS_OBJ(v)->cls;
        return TYPE(ts, OBJECT);
    default:
        return TYPE(ts, NONETYPE);
    }
}

const char *obj_type_name(ThreadState *ts, Value v)
{
    if (IS_KIND(v, OBJ_ITER) && AS_ITER(v)->type_name)
        return AS_ITER(v)->type_name;
    ObjClass *c = obj_class(ts, v);
    return c && c->name ? c->name->data : "object";
}

bool class_is_subclass(ObjClass *sub, ObjClass *base)
{
    for (ObjClass *c = sub; c; c = c->base)
        if (c == base)
            return true;
    return false;
}

bool obj_isinstance(ThreadState *ts, Value v, ObjClass *cls)
{
    return class_is_subclass(obj_class(ts, v), cls);
}

static bool is_user(ThreadState *ts, Value v)
{
    ObjClass *c = obj_class(ts, v);
    return c && !c->is_builtin;
}

/* C recursion that user data can drive (nested containers compared,
 * hashed or repr'd, wrappers around wrappers) counts against the same
 * ts->depth as Python calls, as CPython's Py_EnterRecursiveCall does, so a
 * structure nested 100000 deep raises RecursionError instead of
 * overflowing the C stack.  [where] completes the message (" in
 * comparison").  0 = entered (call leave_recursion afterwards), -1 =
 * RecursionError pending. */
static int enter_recursion(ThreadState *ts, const char *where)
{
    if (ts->depth >= ts->interp->recursion_limit) {
        RAISE(ts, RecursionError, "maximum recursion depth exceeded%s", where);
        return -1;
    }
    ts->depth++;
    return 0;
}

static void leave_recursion(ThreadState *ts)
{
    ts->depth--;
}

/* Call a method found on a class with self and one more argument,
 * binding as the descriptor protocol says. */
static Value call_found(ThreadState *ts, Value m, Value self, ObjStr *name,
                        int argc, Value *argv)
{
    if (IS_FUNCTION(m) || (IS_KIND(m, OBJ_NATIVE) &&
                           IS_UNDEF(AS_NATIVE(m)->self))) {
        Value buf[4];
        if (argc > 3)
            return RAISE(ts, SystemError, "call_found: too many arguments");
        buf[0] = self;
        for (int i = 0; i < argc; i++)
            buf[i + 1] = argv[i];
        return obj_call(ts, m, argc + 1, buf, NULL);
    }
    Value b = class_bind(ts, m, self, obj_class(ts, self), name);
    if (IS_ERR(b))
        return ERR_VAL;
    PROTECT(ts, b);
    Value r = obj_call(ts, b, argc, argv, NULL);
    UNPROTECT(ts, 1);
    return r;
}

static Value call_user1(ThreadState *ts, Value self, ObjStr *name, Value *ok)
{
    Value m = class_lookup_user(obj_class(ts, self), name);
    *ok = m;
    if (IS_UNDEF(m))
        return UNDEF_VAL;
    return call_found(ts, m, self, name, 0, NULL);
}

/* -- binary operators ---------------------------------------------------- */

static const int dunders[BIN__COUNT][3] = {
    {NAME_add, NAME_radd, NAME_iadd},
    {NAME_sub, NAME_rsub, NAME_isub},
    {NAME_mul, NAME_rmul, NAME_imul},
    {NAME_truediv, NAME_rtruediv, NAME_itruediv},
    {NAME_floordiv, NAME_rfloordiv, NAME_ifloordiv},
    {NAME_mod, NAME_rmod, NAME_imod},
    {NAME_pow, NAME_rpow, NAME_ipow},
    {NAME_lshift, NAME_rlshift, NAME_ilshift},
    {NAME_rshift, NAME_rrshift, NAME_irshift},
    {NAME_and_, NAME_rand_, NAME_iand},
    {NAME_or_, NAME_ror, NAME_ior},
    {NAME_xor_, NAME_rxor, NAME_ixor},
    {NAME_matmul, NAME_rmatmul, NAME_imatmul},
};

static bool to_double(ThreadState *ts, Value v, double *out)
{
    if (IS_FLOAT(v)) {
        *out = AS_FLOAT(v);
        return true;
    }
    return int_to_double(ts, v, out);
}

/* The repeat count of seq * n (negative counts as 0).  [itemlen] > 0
 * also bounds the result's size (str); the other kinds check their own. */
static int repeat_count(ThreadState *ts, Value n, size_t itemlen,
                        int64_t *out)
{
    int64_t k;
    if (!int_to_int64(n, &k)) {
        RAISE(ts, OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (k < 0)
        k = 0;
    if (itemlen > 0 && (uint64_t)k > (uint64_t)(INT64_MAX / 16) / itemlen) {
        exc_no_memory(ts);
        return -1;
    }
    *out = k;
    return 0;
}

static Value seq_repeat(ThreadState *ts, Value seq, Value n, bool inplace)
{
    int64_t k;
    if (repeat_count(ts, n, IS_STR(seq) ? AS_STR(seq)->len : 0, &k) < 0)
        return ERR_VAL;
    if (IS_STR(seq))
        return str_repeat(ts, AS_STR(seq), k);
    if (IS_KIND(seq, OBJ_BYTES))
        return bytes_repeat(ts, AS_BYTES(seq), k);
    if (IS_LIST(seq)) {
        if (inplace)
            return list_repeat_inplace(ts, AS_LIST(seq), k) < 0 ? ERR_VAL : seq;
        ObjList *r = list_repeat(ts, AS_LIST(seq), k);
        return r ? OBJ_VAL(r) : ERR_VAL;
    }
    ObjTuple *r = tuple_repeat(ts, AS_TUPLE(seq), k);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static bool is_seq(Value v)
{
    return IS_STR(v) || IS_LIST(v) || IS_TUPLE(v) || IS_KIND(v, OBJ_BYTES);
}

/* The meaning of a OP b for built-in kinds, or NotImplemented. */
static Value builtin_binop(ThreadState *ts, BinaryOp op, Value a, Value b,
                           bool inplace)
{
    bool ai = num_is_int(a), bi = num_is_int(b);
    if (ai && bi)
        return int_binary_op(ts, op, a, b);
    if ((ai || IS_FLOAT(a)) && (bi || IS_FLOAT(b))) {
        if (op != BIN_ADD && op != BIN_SUB && op != BIN_MUL &&
            op != BIN_TRUEDIV && op != BIN_FLOORDIV && op != BIN_MOD &&
            op != BIN_POW)
            return NI(ts);
        double x, y;
        if (!to_double(ts, a, &x) || !to_double(ts, b, &y))
            return ERR_VAL;
        return float_binary_op(ts, op, x, y);
    }
    if (!IS_OBJ(a) && !IS_OBJ(b))
        return NI(ts);
    switch (op) {
    case BIN_ADD:
        if (IS_STR(a) && IS_STR(b)) {
            ObjStr *s = str_concat(ts, AS_STR(a), AS_STR(b));
            return s ? OBJ_VAL(s) : ERR_VAL;
        }
        if (IS_LIST(a) && inplace) {
            if (list_extend(ts, AS_LIST(a), b) < 0)
                return ERR_VAL;
            return a;
        }
        if (IS_LIST(a) && IS_LIST(b)) {
            ObjList *r = list_concat(ts, AS_LIST(a), AS_LIST(b));
            return r ? OBJ_VAL(r) : ERR_VAL;
        }
        if (IS_TUPLE(a) && IS_TUPLE(b)) {
            ObjTuple *r = tuple_concat(ts, AS_TUPLE(a), AS_TUPLE(b));
            return r ? OBJ_VAL(r) : ERR_VAL;
        }
        if (IS_KIND(a, OBJ_BYTES) && IS_KIND(b, OBJ_BYTES))
            return bytes_concat(ts, AS_BYTES(a), AS_BYTES(b));
        break;
    case BIN_MUL:
        if (is_seq(a) && num_is_int(b))
            return seq_repeat(ts, a, b, inplace && IS_LIST(a));
        if (num_is_int(a) && is_seq(b))
            return seq_repeat(ts, b, a, false);
        break;
    case BIN_MOD:
        if (IS_STR(a))
            return format_percent(ts, AS_STR(a), b);
        break;
    case BIN_OR:
    case BIN_AND:
    case BIN_SUB:
    case BIN_XOR:
        /* set.c owns the algebra, so results iterate in CPython's order
           and frozensets stay immutable under |= & co. */
        if (IS_SET(a) && IS_SET(b))
            return set_binary_op(ts, op, AS_SET(a), AS_SET(b), inplace);
        if (op == BIN_OR && IS_DICT(a)) {
            if (inplace) {
                if (dict_update(ts, AS_DICT(a), b) < 0)
                    return ERR_VAL;
                return a;
            }
            if (!IS_DICT(b))
                break;
            ObjDict *d = dict_copy(ts, AS_DICT(a));
            if (!d)
                return ERR_VAL;
            PROTECT_OBJ(ts, d);
            int rc = dict_update(ts, d, b);
            UNPROTECT(ts, 1);
            return rc < 0 ? ERR_VAL : OBJ_VAL(d);
        }
        break;
    default:
        break;
    }
    return NI(ts);
}

static Value binop_error(ThreadState *ts, BinaryOp op, Value a, Value b,
                         bool inplace)
{
    const char *ta = obj_type_name(ts, a), *tb = obj_type_name(ts, b);
    if (op == BIN_ADD && IS_KIND(a, OBJ_BYTES) && !is_user(ts, b))
        return RAISE(ts, TypeError, "can't concat %s to bytes", tb);
    if (op == BIN_ADD && (IS_STR(a) || IS_LIST(a) || IS_TUPLE(a)) &&
        !is_user(ts, b))
        return RAISE(ts, TypeError, "can only concatenate %s (not \"%s\") to %s",
                     IS_STR(a) ? "str" : IS_LIST(a) ? "list" : "tuple", tb,
                     IS_STR(a) ? "str" : IS_LIST(a) ? "list" : "tuple");
    if (op == BIN_MUL && (is_seq(a) || is_seq(b)) && !is_user(ts, a) &&
        !is_user(ts, b))
        return RAISE(ts, TypeError,
                     "can't multiply sequence by non-int of type '%s'",
                     is_seq(a) ? tb : ta);
    if (op == BIN_POW)
        return RAISE(ts, TypeError,
                     "unsupported operand type(s) for %s: '%s' and '%s'",
                     inplace ? "**=" : "** or pow()", ta, tb);
    return RAISE(ts, TypeError,
                 "unsupported operand type(s) for %s%s: '%s' and '%s'",
                 binop_symbol(op), inplace ? "=" : "", ta, tb);
}

Value obj_binary_op(ThreadState *ts, BinaryOp op, Value a, Value b,
                    bool inplace)
{
    if (op >= BIN__COUNT)
        return RAISE(ts, SystemError, "bad binary operator %d", (int)op);
    ObjClass *ca = obj_class(ts, a), *cb = obj_class(ts, b);
    bool ua = !ca->is_builtin, ub = !cb->is_builtin;
    if (!ua && !ub) {
        PROTECT(ts, a);
        PROTECT(ts, b);
        Value r = builtin_binop(ts, op, a, b, inplace);
        UNPROTECT(ts, 2);
        if (!IS_NI(ts, r))
            return r;
        return binop_error(ts, op, a, b, inplace);
    }
    Interp *in = ts->interp;
    ObjStr *name = in->names[dunders[op][0]];
    ObjStr *rname = in->names[dunders[op][1]];
    PROTECT(ts, a);
    PROTECT(ts, b);
    Value r;
    if (inplace && ua) {
        ObjStr *iname = in->names[dunders[op][2]];
        Value m = class_lookup_user(ca, iname);
        if (!IS_UNDEF(m)) {
            r = call_found(ts, m, a, iname, 1, &b);
            if (IS_ERR(r) || !IS_NI(ts, r))
                goto done;
        }
    }
    Value fa = ua ? class_lookup_user(ca, name) : UNDEF_VAL;
    Value fb = ub && cb != ca ? class_lookup_user(cb, rname) : UNDEF_VAL;
    if (!IS_UNDEF(fb) && class_is_subclass(cb, ca)) {
        r = call_found(ts, fb, b, rname, 1, &a);
        if (IS_ERR(r) || !IS_NI(ts, r))
            goto done;
        fb = UNDEF_VAL;
    }
    if (!IS_UNDEF(fa)) {
        r = call_found(ts, fa, a, name, 1, &b);
        if (IS_ERR(r) || !IS_NI(ts, r))
            goto done;
    }
    r = builtin_binop(ts, op, a, b, inplace);
    if (IS_ERR(r) || !IS_NI(ts, r))
        goto done;
    if (!IS_UNDEF(fb)) {
        r = call_found(ts, fb, b, rname, 1, &a);
        if (IS_ERR(r) || !IS_NI(ts, r))
            goto done;
    }
    r = binop_error(ts, op, a, b, inplace);
done:
    UNPROTECT(ts, 2);
    return r;
}

Value obj_unary_op(ThreadState *ts, UnaryOp op, Value v)
{
    if (op == UN_NOT) {
        int t = obj_truthy(ts, v);
        return t < 0 ? ERR_VAL : BOOL_VAL(!t);
    }
    if (num_is_int(v))
        return int_unary_op(ts, op, v);
    if (IS_FLOAT(v)) {
        if (op == UN_NEG)
            return FLOAT_VAL(-AS_FLOAT(v));
        if (op == UN_POS)
            return v;
    }
    ObjStr *name = op == UN_NEG   ? NAME(ts, neg)
                   : op == UN_POS ? NAME(ts, pos)
                                  : NAME(ts, invert);
    Value m;
    Value r = call_user1(ts, v, name, &m);
    if (!IS_UNDEF(m))
        return r;
    return RAISE(ts, TypeError, "bad operand type for unary %s: '%s'",
                 op == UN_NEG ? "-" : op == UN_POS ? "+" : "~",
                 obj_type_name(ts, v));
}

/* -- comparisons --------------------------------------------------------- */

static Value cmp_result(CmpOp op, int c)
{
    switch (op) {
    case CMP_LT:
        return BOOL_VAL(c < 0);
    case CMP_LE:
        return BOOL_VAL(c <= 0);
    case CMP_EQ:
        return BOOL_VAL(c == 0);
    case CMP_NE:
        return BOOL_VAL(c != 0);
    case CMP_GT:
        return BOOL_VAL(c > 0);
    case CMP_GE:
        return BOOL_VAL(c >= 0);
    }
    return FALSE_VAL;
}

static CmpOp swapped(CmpOp op)
{
    switch (op) {
    case CMP_LT:
        return CMP_GT;
    case CMP_LE:
        return CMP_GE;
    case CMP_GT:
        return CMP_LT;
    case CMP_GE:
        return CMP_LE;
    default:
        return op;
    }
}

static const int cmp_names[] = {NAME_lt, NAME_le, NAME_eq,
                                NAME_ne, NAME_gt, NAME_ge};

static bool is_slot_wrapper(Value m);

/* a OP b for a built-in kind this file does not compare itself (range,
 * slice): the native a's class registered, or NotImplemented.  Only
 * built-in classes: a user class's methods were tried already.  object's
 * defaults and the slot wrappers of int, float and str would come straight
 * back to builtin_compare. */
static Value kind_compare(ThreadState *ts, CmpOp op, Value a, Value b)
{
    ObjClass *cls = AS_OBJ(a)->cls;
    if (!cls || !cls->is_builtin)
        return NI(ts);
    Value m = class_lookup(cls, ts->interp->names[cmp_names[op]]);
    if (!IS_KIND(m, OBJ_NATIVE) || !IS_UNDEF(AS_NATIVE(m)->self) ||
        class_is_object_default(m) || is_slot_wrapper(m))
        return NI(ts);
    Value args[2] = {a, b};
    return obj_call(ts, m, 2, args, NULL);
}

/* a OP b for built-in kinds, or NotImplemented. */
static Value builtin_compare(ThreadState *ts, CmpOp op, Value a, Value b)
{
    bool ai = num_is_int(a), bi = num_is_int(b);
    if (ai && bi)
        return cmp_result(op, int_compare(a, b));
    if ((ai || IS_FLOAT(a)) && (bi || IS_FLOAT(b))) {
        if ((IS_FLOAT(a) && isnan(AS_FLOAT(a))) ||
            (IS_FLOAT(b) && isnan(AS_FLOAT(b))))
            return BOOL_VAL(op == CMP_NE);
        int c;
        if (IS_FLOAT(a) && IS_FLOAT(b))
            c = AS_FLOAT(a) < AS_FLOAT(b) ? -1 : AS_FLOAT(a) > AS_FLOAT(b);
        else if (IS_FLOAT(b))
            c = num_compare_int_float(a, AS_FLOAT(b));
        else
            c = -num_compare_int_float(b, AS_FLOAT(a));
        return cmp_result(op, c);
    }
    if (!IS_OBJ(a) || !IS_OBJ(b))
        return NI(ts);
    int ka = OBJ_KIND(a), kb = OBJ_KIND(b);
    if (ka == OBJ_STR && kb == OBJ_STR) {
        if (op == CMP_EQ || op == CMP_NE)
            return BOOL_VAL(str_equal(AS_STR(a), AS_STR(b)) == (op == CMP_EQ));
        return cmp_result(op, str_compare(AS_STR(a), AS_STR(b)));
    }
    /* The containers compare themselves: list.c and dict.c count each
       nested item comparison against the recursion limit. */
    if ((ka == OBJ_LIST && kb == OBJ_LIST) ||
        (ka == OBJ_TUPLE && kb == OBJ_TUPLE))
        return list_compare_seq(ts, a, b, op);
    if (ka == OBJ_SET && kb == OBJ_SET) {
        /* set.c does not count its element comparisons: frozensets
           nested in frozensets would recurse without bound. */
        if (enter_recursion(ts, " in comparison") < 0)
            return ERR_VAL;
        Value r = set_compare(ts, AS_SET(a), AS_SET(b), op);
        leave_recursion(ts);
        return r;
    }
    if (ka == OBJ_DICT && kb == OBJ_DICT && (op == CMP_EQ || op == CMP_NE)) {
        int eq = dict_equal(ts, AS_DICT(a), AS_DICT(b));
        return eq < 0 ? ERR_VAL : BOOL_VAL(eq == (op == CMP_EQ));
    }
    if (ka == OBJ_BYTES && kb == OBJ_BYTES) {
        if (op == CMP_EQ || op == CMP_NE)
            return BOOL_VAL(bytes_equal(AS_BYTES(a), AS_BYTES(b)) ==
                            (op == CMP_EQ));
        return cmp_result(op, bytes_compare(AS_BYTES(a), AS_BYTES(b)));
    }
    if (ka == OBJ_BOUND_METHOD && kb == OBJ_BOUND_METHOD &&
        (op == CMP_EQ || op == CMP_NE)) {
        ObjBoundMethod *x = AS_BOUND_METHOD(a), *y = AS_BOUND_METHOD(b);
        bool eq = value_is(x->self, y->self) && value_is(x->func, y->func);
        return BOOL_VAL(eq == (op == CMP_EQ));
    }
    if (ka == OBJ_NATIVE && kb == OBJ_NATIVE && (op == CMP_EQ || op == CMP_NE)) {
        ObjNative *x = AS_NATIVE(a), *y = AS_NATIVE(b);
        bool eq = x == y || (x->fn == y->fn && !IS_UNDEF(x->self) &&
                             value_is(x->self, y->self));
        return BOOL_VAL(eq == (op == CMP_EQ));
    }
    return kind_compare(ts, op, a, b);
}

Value obj_compare(ThreadState *ts, CmpOp op, Value a, Value b)
{
    ObjClass *ca = obj_class(ts, a), *cb = obj_class(ts, b);
    bool ua = !ca->is_builtin, ub = !cb->is_builtin;
    Value r;
    if (!ua && !ub) {
        PROTECT(ts, a);
        PROTECT(ts, b);
        r = builtin_compare(ts, op, a, b);
        UNPROTECT(ts, 2);
        if (!IS_NI(ts, r))
            return r;
        goto fallback;
    }
    Interp *in = ts->interp;
    ObjStr *name = in->names[cmp_names[op]];
    ObjStr *rname = in->names[cmp_names[swapped(op)]];
    Value fa = ua ? class_lookup_user(ca, name) : UNDEF_VAL;
    Value fb = ub ? class_lookup_user(cb, rname) : UNDEF_VAL;
    if (op == CMP_NE && IS_UNDEF(fa) && IS_UNDEF(fb)) {
        /* object.__ne__ inverts __eq__. */
        bool has_eq = (ua && !IS_UNDEF(class_lookup_user(ca, NAME(ts, eq)))) ||
                      (ub && !IS_UNDEF(class_lookup_user(cb, NAME(ts, eq))));
        if (has_eq) {
            r = obj_compare(ts, CMP_EQ, a, b);
            if (IS_ERR(r))
                return r;
            int t = obj_truthy(ts, r);
            return t < 0 ? ERR_VAL : BOOL_VAL(!t);
        }
    }
    PROTECT(ts, a);
    PROTECT(ts, b);
    if (!IS_UNDEF(fb) && cb != ca && class_is_subclass(cb, ca)) {
        r = call_found(ts, fb, b, rname, 1, &a);
        if (IS_ERR(r) || !IS_NI(ts, r))
            goto done;
        fb = UNDEF_VAL;
    }
    if (!IS_UNDEF(fa)) {
        r = call_found(ts, fa, a, name, 1, &b);
        if (IS_ERR(r) || !IS_NI(ts, r))
            goto done;
    }
    r = builtin_compare(ts, op, a, b);
    if (IS_ERR(r) || !IS_NI(ts, r))
        goto done;
    if (!IS_UNDEF(fb)) {
        r = call_found(ts, fb, b, rname, 1, &a);
        if (IS_ERR(r) || !IS_NI(ts, r))
            goto done;
    }
    UNPROTECT(ts, 2);
fallback:
    if (op == CMP_EQ)
        return BOOL_VAL(value_is(a, b));
    if (op == CMP_NE)
        return BOOL_VAL(!value_is(a, b));
    return RAISE(ts, TypeError,
                 "'%s' not supported between instances of '%s' and '%s'",
                 cmpop_symbol(op), obj_type_name(ts, a), obj_type_name(ts, b));
done:
    UNPROTECT(ts, 2);
    return r;
}

int obj_eq(ThreadState *ts, Value a, Value b)
{
    /* CPython's containers test `x is y or x == y`, so a NaN is found in
       a list holding it and [nan] == [nan] when it is the same NaN.  mpy's
       floats are unboxed: value_is counts any two NaNs as the same one. */
    if (value_is(a, b))
        return 1;
    if (IS_INT(a) && IS_INT(b))
        return AS_INT(a) == AS_INT(b);
    if (IS_STR(a) && IS_STR(b))
        return str_equal(AS_STR(a), AS_STR(b));
    Value r = obj_compare(ts, CMP_EQ, a, b);
    if (IS_ERR(r))
        return -1;
    if (IS_BOOL(r))
        return AS_BOOL(r);
    return obj_truthy(ts, r);
}

int obj_lt(ThreadState *ts, Value a, Value b)
{
    if (IS_INT(a) && IS_INT(b))
        return AS_INT(a) < AS_INT(b);
    Value r = obj_compare(ts, CMP_LT, a, b);
    if (IS_ERR(r))
        return -1;
    if (IS_BOOL(r))
        return AS_BOOL(r);
    return obj_truthy(ts, r);
}

/* -- truth, length, hash ------------------------------------------------- */

static int64_t builtin_len(Value v)
{
    if (!IS_OBJ(v))
        return -1;
    switch (OBJ_KIND(v)) {
    case OBJ_STR:
        return (int64_t)AS_STR(v)->nchars;
    case OBJ_BYTES:
        return (int64_t)AS_BYTES(v)->len;
    case OBJ_LIST:
        return (int64_t)AS_LIST(v)->len;
    case OBJ_TUPLE:
        return (int64_t)AS_TUPLE(v)->len;
    case OBJ_DICT:
        return (int64_t)AS_DICT(v)->len;
    case OBJ_SET:
        return (int64_t)AS_SET(v)->table->len;
    case OBJ_RANGE:
        return AS_RANGE(v)->len;
    default:
        return -1;
    }
}

/* __len__ through Python code: 1 = found (*out), 0 = no __len__. */
static int user_len(ThreadState *ts, Value v, int64_t *out)
{
    Value m;
    Value r = call_user1(ts, v, NAME(ts, len), &m);
    if (IS_UNDEF(m))
        return 0;
    if (IS_ERR(r))
        return -1;
    if (!num_is_int(r)) {
        RAISE(ts, TypeError, "'%s' object cannot be interpreted as an integer",
              obj_type_name(ts, r));
        return -1;
    }
    int64_t n;
    if (!int_to_int64(r, &n)) {
        RAISE(ts, OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (n < 0) {
        RAISE(ts, ValueError, "__len__() should return >= 0");
        return -1;
    }
    *out = n;
    return 1;
}

int obj_truthy(ThreadState *ts, Value v)
{
    switch (v.tag) {
    case VAL_NONE:
    case VAL_UNDEF:
        return 0;
    case VAL_BOOL:
        return AS_BOOL(v);
    case VAL_INT:
        return AS_INT(v) != 0;
    case VAL_FLOAT:
        return AS_FLOAT(v) != 0.0;
    case VAL_OBJ:
        break;
    }
    ObjClass *cls = AS_OBJ(v)->cls;
    if (cls && !cls->is_builtin) {
        Value m;
        Value r = call_user1(ts, v, NAME(ts, bool_), &m);
        if (!IS_UNDEF(m)) {
            if (IS_ERR(r))
                return -1;
            if (!IS_BOOL(r)) {
                RAISE(ts, TypeError, "__bool__ should return bool, returned %s",
                      obj_type_name(ts, r));
                return -1;
            }
            return AS_BOOL(r);
        }
        int64_t n;
        int u = user_len(ts, v, &n);
        if (u < 0)
            return -1;
        if (u > 0)
            return n != 0;
    }
    if (OBJ_KIND(v) == OBJ_BIGINT)
        return 1;
    int64_t n = builtin_len(v);
    if (n >= 0)
        return n != 0;
    return 1;
}

int64_t obj_len(ThreadState *ts, Value v)
{
    if (is_user(ts, v)) {
        int64_t n;
        int u = user_len(ts, v, &n);
        if (u < 0)
            return -1;
        if (u > 0)
            return n;
    }
    int64_t n = builtin_len(v);
    if (n >= 0)
        return n;
    if (IS_OBJ(v)) {
        /* natives of other built-in types (dict views, deque, ...) */
        Value m = class_lookup(obj_class(ts, v), NAME(ts, len));
        if (!IS_UNDEF(m) && !class_is_object_default(m)) {
            Value r = call_found(ts, m, v, NAME(ts, len), 0, NULL);
            if (IS_ERR(r))
                return -1;
            if (!int_to_int64(r, &n) || n < 0) {
                RAISE(ts, TypeError, "'%s' object cannot be interpreted as an "
                                     "integer", obj_type_name(ts, r));
                return -1;
            }
            return n;
        }
    }
    RAISE(ts, TypeError, "object of type '%s' has no len()",
          obj_type_name(ts, v));
    return -1;
}

static uint64_t identity_hash(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    return (uint64_t)((x >> 4) | (x << (8 * sizeof(uintptr_t) - 4)));
}

/* The hash a __hash__ method returned, as CPython takes it: an int that
 * fits in 64 bits is the hash itself (-1 becomes -2, -1 meaning error in
 * C), a bigger one is reduced as hash(int) does. */
static int hash_result(ThreadState *ts, Value r, uint64_t *out)
{
    if (IS_ERR(r))
        return -1;
    if (!num_is_int(r)) {
        RAISE(ts, TypeError, "__hash__ method should return an integer");
        return -1;
    }
    int64_t x;
    if (int_to_int64(r, &x))
        *out = x == -1 ? (uint64_t)-2 : (uint64_t)x;
    else
        *out = num_hash_int(r);
    return 0;
}

/* hash(v) for a kind the switch in obj_hash does not know: the __hash__
 * its built-in class registered (range's, so equal ranges hash as in
 * CPython), None for unhashable kinds (slice), else object's identity
 * hash.  object's own native and ops.c's slot wrapper would call
 * obj_hash again, so they count as "none". */
static int kind_hash(ThreadState *ts, Value v, uint64_t *out)
{
    ObjClass *cls = AS_OBJ(v)->cls;
    Value m = cls ? class_lookup(cls, NAME(ts, hash)) : UNDEF_VAL;
    if (IS_NONE(m)) {
        RAISE(ts, TypeError, "unhashable type: '%s'", obj_type_name(ts, v));
        return -1;
    }
    if (IS_KIND(m, OBJ_NATIVE) && IS_UNDEF(AS_NATIVE(m)->self) &&
        !class_is_object_default(m) && !is_slot_wrapper(m)) {
        PROTECT(ts, v);
        Value r = call_found(ts, m, v, NAME(ts, hash), 0, NULL);
        UNPROTECT(ts, 1);
        return hash_result(ts, r, out);
    }
    *out = identity_hash(AS_OBJ(v));
    return 0;
}

int obj_hash(ThreadState *ts, Value v, uint64_t *out)
{
    switch (v.tag) {
    case VAL_NONE:
    case VAL_UNDEF:
        *out = 0xFCA86420u >> 4;
        return 0;
    case VAL_BOOL:
    case VAL_INT:
        *out = num_hash_int(v);
        return 0;
    case VAL_FLOAT:
        *out = num_hash_float(AS_FLOAT(v));
        return 0;
    case VAL_OBJ:
        break;
    }
    ObjClass *cls = AS_OBJ(v)->cls;
    if (cls && !cls->is_builtin) {
        Value m = class_lookup_user(cls, NAME(ts, hash));
        if (IS_NONE(m)) {
            RAISE(ts, TypeError, "unhashable type: '%s'", cls->name->data);
            return -1;
        }
        if (!IS_UNDEF(m))
            return hash_result(ts, call_found(ts, m, v, NAME(ts, hash), 0,
                                              NULL),
                               out);
    }
    switch (OBJ_KIND(v)) {
    case OBJ_STR:
        *out = AS_STR(v)->hash;
        return 0;
    case OBJ_BYTES:
        *out = bytes_hash(AS_BYTES(v));
        return 0;
    case OBJ_BIGINT:
        *out = num_hash_int(v);
        return 0;
    case OBJ_TUPLE: {
        /* tuple_hash hashes the items through obj_hash: count the nesting.
           CPython 3.11 does not count it and crashes on deep enough
           tuples; this stops at the recursion limit instead. */
        if (enter_recursion(ts, " while getting the hash of an object") < 0)
            return -1;
        int rc = tuple_hash(ts, AS_TUPLE(v), out);
        leave_recursion(ts);
        return rc;
    }
    case OBJ_SET:
        /* set_hash raises "unhashable type: 'set'" for a mutable set */
        if (AS_SET(v)->frozen)
            return set_hash(ts, AS_SET(v), out);
        /* fall through */
    case OBJ_LIST:
    case OBJ_DICT:
        RAISE(ts, TypeError, "unhashable type: '%s'", obj_type_name(ts, v));
        return -1;
    case OBJ_BOUND_METHOD: {
        /* CPython 3.8+: the identity of __self__ (so methods of unhashable
           objects hash) with the hash of __func__. */
        ObjBoundMethod *bm = AS_BOUND_METHOD(v);
        uint64_t a, b;
        if (IS_OBJ(bm->self))
            a = identity_hash(AS_OBJ(bm->self));
        else if (obj_hash(ts, bm->self, &a) < 0)
            return -1;
        if (enter_recursion(ts, " while getting the hash of an object") < 0)
            return -1;
        int rc = obj_hash(ts, bm->func, &b);
        leave_recursion(ts);
        if (rc < 0)
            return -1;
        *out = a ^ b;
        if (*out == (uint64_t)-1)
            *out = (uint64_t)-2;
        return 0;
    }
    default:
        return kind_hash(ts, v, out);
    }
}

/* -- repr and str -------------------------------------------------------- */

static Value cstr_val(ThreadState *ts, const char *s)
{
    ObjStr *r = str_from_cstr(ts, s);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value printf_val(ObjStr *s)
{
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static Value checked_str_result(ThreadState *ts, Value r, const char *what)
{
    if (IS_ERR(r))
        return r;
    if (!IS_STR(r))
        return RAISE(ts, TypeError, "%s returned non-string (type %s)", what,
                     obj_type_name(ts, r));
    return r;
}

#define REPR_DEPTH_WHERE " while getting the repr of an object"

/* Call a __repr__/__str__ found on v's class.  A Python function counts
 * its own frame; a native (an exception's __str__ printing its argument,
 * which may be another exception ...) recurses in C, so it is counted
 * here. */
static Value call_str_method(ThreadState *ts, Value m, Value v, ObjStr *name,
                             const char *what, const char *where)
{
    bool in_c = !IS_FUNCTION(m);
    if (in_c && enter_recursion(ts, where) < 0)
        return ERR_VAL;
    Value r = checked_str_result(ts, call_found(ts, m, v, name, 0, NULL),
                                 what);
    if (in_c)
        leave_recursion(ts);
    return r;
}

static const char *qualname_of(ObjStr *q, ObjStr *n)
{
    return q ? q->data : n ? n->data : "?";
}

static Value module_repr(ThreadState *ts, ObjModule *m)
{
    const char *name = m->name ? m->name->data : "?";
    Value file;
    if (m->dict && dict_get_str(m->dict, NAME(ts, file), &file) && IS_STR(file))
        return printf_val(str_printf(ts, "<module '%s' from '%s'>", name,
                                     AS_STR(file)->data));
    return printf_val(str_printf(ts, "<module '%s' (built-in)>", name));
}

static Value repr_of_kind(ThreadState *ts, Value v, bool *handled)
{
    *handled = true;
    Obj *o = AS_OBJ(v);
    switch (o->kind) {
    case OBJ_STR:
        return printf_val(str_repr(ts, AS_STR(v)));
    case OBJ_BYTES:
        return printf_val(bytes_repr(ts, AS_BYTES(v)));
    case OBJ_BIGINT:
        return int_repr(ts, v);
    case OBJ_LIST:
        return list_repr(ts, AS_LIST(v));
    case OBJ_TUPLE:
        return tuple_repr(ts, AS_TUPLE(v));
    case OBJ_DICT:
        return dict_repr(ts, AS_DICT(v));
    case OBJ_SET:
        return set_repr(ts, AS_SET(v));
    case OBJ_FUNCTION: {
        ObjFunction *f = AS_FUNCTION(v);
        return printf_val(str_printf(ts, "<function %s at %p>",
                                     qualname_of(f->qualname, f->name),
                                     (void *)f));
    }
    case OBJ_CLASS: {
        Value n = class_full_name(ts, AS_CLASS(v));
        if (IS_ERR(n))
            return n;
        return printf_val(str_printf(ts, "<class '%s'>", AS_STR(n)->data));
    }
    case OBJ_MODULE:
        return module_repr(ts, (ObjModule *)o);
    case OBJ_NATIVE: {
        ObjNative *n = AS_NATIVE(v);
        const char *name = n->name ? n->name->data : "?";
        if (IS_UNDEF(n->self) || IS_KIND(n->self, OBJ_MODULE))
            return printf_val(str_printf(ts, "<built-in function %s>", name));
        return printf_val(str_printf(ts, "<built-in method %s of %s object at %p>",
                                     name, obj_type_name(ts, n->self),
                                     IS_OBJ(n->self) ? (void *)AS_OBJ(n->self)
                                                     : NULL));
    }
    case OBJ_BOUND_METHOD: {
        ObjBoundMethod *m = AS_BOUND_METHOD(v);
        const char *fname = "?";
        if (IS_FUNCTION(m->func))
            fname = qualname_of(AS_FUNCTION(m->func)->qualname,
                                AS_FUNCTION(m->func)->name);
        else if (IS_KIND(m->func, OBJ_NATIVE) && AS_NATIVE(m->func)->name)
            fname = AS_NATIVE(m->func)->name->data;
        Value sr = obj_repr(ts, m->self);
        if (IS_ERR(sr))
            return sr;
        return printf_val(str_printf(ts, "<bound method %s of %s>", fname,
                                     AS_STR(sr)->data));
    }
    case OBJ_GENERATOR: {
        ObjGenerator *g = AS_GENERATOR(v);
        return printf_val(str_printf(ts, "<%s object %s at %p>",
                                     obj_type_name(ts, v),
                                     qualname_of(g->qualname, g->name),
                                     (void *)g));
    }
    case OBJ_ITER:
        return printf_val(str_printf(ts, "<%s object at %p>",
                                     obj_type_name(ts, v), (void *)o));
    case OBJ_CODE: {
        ObjCode *c = AS_CODE(v);
        return printf_val(str_printf(ts, "<code object %s at %p, file \"%s\", "
                                         "line %d>",
                                     c->name ? c->name->data : "?", (void *)c,
                                     c->filename ? c->filename->data : "?",
                                     c->firstlineno));
    }
    case OBJ_CELL: {
        ObjCell *c = AS_CELL(v);
        if (IS_UNDEF(c->value))
            return printf_val(str_printf(ts, "<cell at %p: empty>", (void *)c));
        return printf_val(str_printf(ts, "<cell at %p: %s object at %p>",
                                     (void *)c, obj_type_name(ts, c->value),
                                     IS_OBJ(c->value) ? (void *)AS_OBJ(c->value)
                                                      : NULL));
    }
    case OBJ_STATICMETHOD:
    case OBJ_CLASSMETHOD: {
        Value fr = obj_repr(ts, AS_WRAPPER(v)->func);
        if (IS_ERR(fr))
            return fr;
        return printf_val(str_printf(ts, "<%s(%s)>", obj_type_name(ts, v),
                                     AS_STR(fr)->data));
    }
    case OBJ_SUPER: {
        ObjSuper *s = AS_SUPER(v);
        return printf_val(str_printf(ts, "<super: <class '%s'>, <%s object>>",
                                     s->start->name->data,
                                     obj_type_name(ts, s->self)));
    }
    case OBJ_RANGE:
        return range_repr(ts, AS_RANGE(v));
    case OBJ_SLICE:
        return slice_repr(ts, AS_SLICE(v));
    default:
        *handled = false;
        return UNDEF_VAL;
    }
}

/* Kinds whose repr includes the repr of what they wrap, which may be
 * another of them: a slice of a slice of ..., staticmethod(staticmethod(
 * ...)).  The containers (list_repr & co) count their own nesting. */
static bool repr_recurses(Value v)
{
    switch (OBJ_KIND(v)) {
    case OBJ_BOUND_METHOD:
    case OBJ_STATICMETHOD:
    case OBJ_CLASSMETHOD:
    case OBJ_SLICE:
        return true;
    default:
        return false;
    }
}

Value obj_repr(ThreadState *ts, Value v)
{
    char buf[64];
    switch (v.tag) {
    case VAL_NONE:
    case VAL_UNDEF:
        return cstr_val(ts, "None");
    case VAL_BOOL:
        return cstr_val(ts, AS_BOOL(v) ? "True" : "False");
    case VAL_INT:
        return int_repr(ts, v);
    case VAL_FLOAT:
        float_repr(AS_FLOAT(v), buf, sizeof buf);
        return cstr_val(ts, buf);
    case VAL_OBJ:
        break;
    }
    if (value_is(v, ts->interp->not_implemented))
        return cstr_val(ts, "NotImplemented");
    if (value_is(v, ts->interp->ellipsis))
        return cstr_val(ts, "Ellipsis");
    ObjClass *cls = AS_OBJ(v)->cls;
    PROTECT(ts, v);
    Value r;
    if (cls && !cls->is_builtin) {
        Value m = class_lookup_user(cls, NAME(ts, repr));
        if (!IS_UNDEF(m)) {
            r = call_str_method(ts, m, v, NAME(ts, repr), "__repr__",
                                REPR_DEPTH_WHERE);
            goto done;
        }
    }
    r = obj_repr_builtin(ts, v);
done:
    UNPROTECT(ts, 1);
    return r;
}

Value obj_repr_builtin(ThreadState *ts, Value v)
{
    if (!IS_OBJ(v))
        return obj_repr(ts, v);
    ObjClass *cls = AS_OBJ(v)->cls;
    PROTECT(ts, v);
    Value r;
    bool handled;
    if (repr_recurses(v)) {
        if (enter_recursion(ts, REPR_DEPTH_WHERE) < 0) {
            r = ERR_VAL;
            goto done;
        }
        r = repr_of_kind(ts, v, &handled);
        leave_recursion(ts);
    } else {
        r = repr_of_kind(ts, v, &handled);
    }
    if (handled)
        goto done;
    ObjClass *kind = cls; /* the built-in class [v] is made from */
    while (kind && !kind->is_builtin)
        kind = kind->base;
    if (kind) {
        Value m = class_lookup(kind, NAME(ts, repr));
        if (!IS_UNDEF(m) && !class_is_object_default(m)) {
            r = call_str_method(ts, m, v, NAME(ts, repr), "__repr__",
                                REPR_DEPTH_WHERE);
            goto done;
        }
    }
    if (IS_KIND(v, OBJ_NATIVE_DATA) && AS_NATIVE_DATA(v)->type &&
        (!cls || cls == TYPE(ts, NATIVE_DATA)))
        r = printf_val(str_printf(ts, "<%s object at %p>",
                                  AS_NATIVE_DATA(v)->type->name,
                                  (void *)AS_OBJ(v)));
    else
        r = class_default_repr(ts, v);
done:
    UNPROTECT(ts, 1);
    return r;
}

Value obj_str(ThreadState *ts, Value v)
{
    if (IS_STR(v)) {
        ObjClass *cls = AS_OBJ(v)->cls;
        if (!cls || cls->is_builtin ||
            IS_UNDEF(class_lookup_user(cls, NAME(ts, str))))
            return v;
    }
    if (!IS_OBJ(v))
        return obj_repr(ts, v);
    ObjClass *cls = AS_OBJ(v)->cls;
    Value m = UNDEF_VAL;
    if (cls && !cls->is_builtin)
        m = class_lookup_user(cls, NAME(ts, str));
    if (IS_UNDEF(m) && cls && !is_seq(v) && !IS_DICT(v) && !IS_SET(v)) {
        m = class_lookup(cls, NAME(ts, str));
        if (class_is_object_default(m))
            m = UNDEF_VAL;
    }
    if (IS_UNDEF(m))
        return obj_repr(ts, v);
    PROTECT(ts, v);
    Value r = call_str_method(ts, m, v, NAME(ts, str), "__str__",
                              " while getting the str of an object");
    UNPROTECT(ts, 1);
    return r;
}

/* -- attributes ---------------------------------------------------------- */

static bool name_eq(ObjStr *name, const char *s)
{
    return strcmp(name->data, s) == 0;
}

static Value str_or_none(ObjStr *s)
{
    return s ? OBJ_VAL(s) : NONE_VAL;
}

static int class_getattr(ThreadState *ts, ObjClass *cls, ObjStr *name,
                         Value *out)
{
    if (name == NAME(ts, name)) {
        *out = OBJ_VAL(cls->name);
        return 1;
    }
    if (name == NAME(ts, qualname)) {
        *out = OBJ_VAL(cls->qualname ? cls->qualname : cls->name);
        return 1;
    }
    if (name == NAME(ts, dict)) {
        ObjDict *d = dict_copy(ts, cls->dict);
        if (!d)
            return -1;
        *out = OBJ_VAL(d);
        return 1;
    }
    if (name_eq(name, "__base__")) {
        *out = cls->base ? OBJ_VAL(cls->base) : NONE_VAL;
        return 1;
    }
    if (name_eq(name, "__bases__")) {
        ObjTuple *t = tuple_new(ts, cls->base ? 1 : 0);
        if (!t)
            return -1;
        if (cls->base)
            t->items[0] = OBJ_VAL(cls->base);
        *out = OBJ_VAL(t);
        return 1;
    }
    if (name_eq(name, "__mro__")) {
        size_t n = 0;
        for (ObjClass *c = cls; c; c = c->base)
            n++;
        ObjTuple *t = tuple_new(ts, n);
        if (!t)
            return -1;
        n = 0;
        for (ObjClass *c = cls; c; c = c->base)
            t->items[n++] = OBJ_VAL(c);
        *out = OBJ_VAL(t);
        return 1;
    }
    Value d = class_lookup(cls, name);
    if (!IS_UNDEF(d)) {
        Value r = class_bind(ts, d, UNDEF_VAL, cls, name);
        if (IS_ERR(r))
            return -1;
        *out = r;
        return 1;
    }
    if (name == NAME(ts, module)) {
        ObjStr *s = str_intern_cstr(ts, "builtins");
        if (!s)
            return -1;
        *out = OBJ_VAL(s);
        return 1;
    }
    if (name == NAME(ts, doc)) {
        *out = NONE_VAL;
        return 1;
    }
    /* attributes of the metaclass (type.mro & co), bound to the class */
    ObjClass *meta = AS_OBJ(OBJ_VAL(cls))->cls;
    if (meta) {
        d = class_lookup(meta, name);
        if (!IS_UNDEF(d)) {
            Value r = class_bind(ts, d, OBJ_VAL(cls), meta, name);
            if (IS_ERR(r))
                return -1;
            *out = r;
            return 1;
        }
    }
    return 0;
}

/* __dict__ of a function or instance, made on first use: 1 with *out set,
 * or -1. */
static int lazy_dict(ThreadState *ts, ObjDict **dict, Value *out)
{
    if (!*dict) {
        ObjDict *d = dict_new(ts);
        if (!d)
            return -1;
        *dict = d;
    }
    *out = OBJ_VAL(*dict);
    return 1;
}

static int function_getattr(ThreadState *ts, ObjFunction *f, ObjStr *name,
                            Value *out)
{
    if (name == NAME(ts, name)) {
        *out = str_or_none(f->name);
        return 1;
    }
    if (name == NAME(ts, qualname)) {
        *out = str_or_none(f->qualname ? f->qualname : f->name);
        return 1;
    }
    if (name == NAME(ts, doc)) {
        *out = IS_UNDEF(f->doc) ? NONE_VAL : f->doc;
        return 1;
    }
    if (name == NAME(ts, module)) {
        *out = str_or_none(f->module);
        return 1;
    }
    if (name_eq(name, "__defaults__")) {
        *out = f->defaults ? OBJ_VAL(f->defaults) : NONE_VAL;
        return 1;
    }
    if (name_eq(name, "__kwdefaults__")) {
        *out = f->kwdefaults ? OBJ_VAL(f->kwdefaults) : NONE_VAL;
        return 1;
    }
    if (name_eq(name, "__code__")) {
        *out = OBJ_VAL(f->code);
        return 1;
    }
    if (name_eq(name, "__globals__")) {
        *out = OBJ_VAL(f->globals);
        return 1;
    }
    if (name_eq(name, "__closure__")) {
        *out = f->closure ? OBJ_VAL(f->closure) : NONE_VAL;
        return 1;
    }
    if (name == NAME(ts, dict))
        return lazy_dict(ts, &f->dict, out);
    if (f->dict && dict_get_str(f->dict, name, out))
        return 1;
    return 0;
}

/* Attributes that live in the object itself rather than in its class:
 * the "instance dict" step of the lookup, for every kind. */
static int own_getattr(ThreadState *ts, Value v, ObjStr *name, Value *out)
{
    switch (OBJ_KIND(v)) {
    case OBJ_INSTANCE: {
        ObjInstance *in = AS_INSTANCE(v);
        if (in->dict && dict_get_str(in->dict, name, out))
            return 1;
        if (name == NAME(ts, dict))
            return lazy_dict(ts, &in->dict, out);
        return 0;
    }
    case OBJ_EXCEPTION:
        if (name == NAME(ts, dict)) {
            ObjDict *d = exc_dict(ts, v);
            if (!d)
                return -1;
            *out = OBJ_VAL(d);
            return 1;
        }
        return exc_getattr(ts, v, name, out);
    case OBJ_FUNCTION:
        return function_getattr(ts, AS_FUNCTION(v), name, out);
    case OBJ_MODULE: {
        ObjModule *m = AS_MODULE(v);
        if (m->dict && dict_get_str(m->dict, name, out))
            return 1;
        if (name == NAME(ts, dict)) {
            *out = OBJ_VAL(m->dict);
            return 1;
        }
        if (name == NAME(ts, name) && m->name) {
            *out = OBJ_VAL(m->name);
            return 1;
        }
        return 0;
    }
    case OBJ_BOUND_METHOD: {
        ObjBoundMethod *m = AS_BOUND_METHOD(v);
        if (name_eq(name, "__self__")) {
            *out = m->self;
            return 1;
        }
        if (name_eq(name, "__func__")) {
            *out = m->func;
            return 1;
        }
        if (name == NAME(ts, class_))
            return 0;
        /* everything else is the function's */
        return obj_getattr_opt(ts, m->func, name, out);
    }
    case OBJ_NATIVE: {
        ObjNative *n = AS_NATIVE(v);
        if (name == NAME(ts, name) || name == NAME(ts, qualname)) {
            *out = str_or_none(n->name);
            return 1;
        }
        if (name_eq(name, "__self__")) {
            *out = IS_UNDEF(n->self) ? NONE_VAL : n->self;
            return 1;
        }
        if (name == NAME(ts, doc) || name_eq(name, "__text_signature__")) {
            *out = NONE_VAL;
            return 1;
        }
        if (name == NAME(ts, module)) {
            ObjStr *s = str_intern_cstr(ts, "builtins");
            if (!s)
                return -1;
            *out = IS_UNDEF(n->self) ? OBJ_VAL(s) : NONE_VAL;
            return 1;
        }
        return 0;
    }
    case OBJ_PROPERTY: {
        ObjProperty *p = AS_PROPERTY(v);
        if (name_eq(name, "fget")) {
            *out = p->fget;
            return 1;
        }
        if (name_eq(name, "fset")) {
            *out = p->fset;
            return 1;
        }
        if (name_eq(name, "fdel")) {
            *out = p->fdel;
            return 1;
        }
        if (name == NAME(ts, doc)) {
            *out = p->doc;
            return 1;
        }
        return 0;
    }
    case OBJ_STATICMETHOD:
    case OBJ_CLASSMETHOD:
        if (name_eq(name, "__func__") || name_eq(name, "__wrapped__")) {
            *out = AS_WRAPPER(v)->func;
            return 1;
        }
        if (name == NAME(ts, name) || name == NAME(ts, qualname) ||
            name == NAME(ts, doc))
            return obj_getattr_opt(ts, AS_WRAPPER(v)->func, name, out);
        return 0;
    case OBJ_GENERATOR: {
        ObjGenerator *g = AS_GENERATOR(v);
        if (name == NAME(ts, name)) {
            *out = str_or_none(g->name);
            return 1;
        }
        if (name == NAME(ts, qualname)) {
            *out = str_or_none(g->qualname ? g->qualname : g->name);
            return 1;
        }
        if (name_eq(name, "gi_running") || name_eq(name, "cr_running")) {
            *out = BOOL_VAL(g->state == GEN_RUNNING);
            return 1;
        }
        return 0;
    }
    case OBJ_RANGE:
    case OBJ_SLICE: {
        bool rng = OBJ_KIND(v) == OBJ_RANGE;
        const char *f[3] = {"start", "stop", "step"};
        for (int i = 0; i < 3; i++) {
            if (!name_eq(name, f[i]))
                continue;
            if (rng) {
                ObjRange *r = AS_RANGE(v);
                *out = INT_VAL(i == 0 ? r->start : i == 1 ? r->stop : r->step);
            } else {
                ObjSlice *s = AS_SLICE(v);
                *out = i == 0 ? s->start : i == 1 ? s->stop : s->step;
            }
            return 1;
        }
        return 0;
    }
    case OBJ_CODE: {
        ObjCode *c = AS_CODE(v);
        if (name_eq(name, "co_name")) {
            *out = str_or_none(c->name);
            return 1;
        }
        if (name_eq(name, "co_filename")) {
            *out = str_or_none(c->filename);
            return 1;
        }
        if (name_eq(name, "co_firstlineno")) {
            *out = INT_VAL(c->firstlineno);
            return 1;
        }
        if (name_eq(name, "co_argcount")) {
            *out = INT_VAL(c->argcount);
            return 1;
        }
        return 0;
    }
    case OBJ_CELL:
        if (name_eq(name, "cell_contents")) {
            if (IS_UNDEF(AS_CELL(v)->value)) {
                RAISE(ts, ValueError, "Cell is empty");
                return -1;
            }
            *out = AS_CELL(v)->value;
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

/* Numbers have a few data attributes of their own. */
static int number_getattr(ThreadState *ts, Value v, ObjStr *name, Value *out)
{
    bool isint = num_is_int(v);
    if (name_eq(name, "real")) {
        *out = IS_BOOL(v) ? INT_VAL(AS_BOOL(v)) : v;
        return 1;
    }
    if (name_eq(name, "imag")) {
        *out = isint ? INT_VAL(0) : FLOAT_VAL(0.0);
        return 1;
    }
    if (isint && name_eq(name, "numerator")) {
        *out = IS_BOOL(v) ? INT_VAL(AS_BOOL(v)) : v;
        return 1;
    }
    if (isint && name_eq(name, "denominator")) {
        *out = INT_VAL(1);
        return 1;
    }
    return 0;
}

/* A built-in function stored in a class statement's namespace (`log =
 * print`) is not a method: only natives that C code put in a class bind
 * their instance.  Classes made by class statements and type() are the
 * ones with a __module__ of their own. */
static bool is_plain_native(ThreadState *ts, ObjClass *cls, ObjStr *name)
{
    Value tmp;
    for (ObjClass *c = cls; c; c = c->base) {
        if (c->dict && dict_get_str(c->dict, name, &tmp))
            return !c->is_builtin &&
                   dict_get_str(c->dict, NAME(ts, module), &tmp);
    }
    return false;
}

/* An instance of a class statement's class deriving from object alone,
 * with no property or other data descriptor in its chain: its instance
 * dict can be read and written without looking at the class first. */
static bool plain_instance(ThreadState *ts, Value v, ObjClass *cls)
{
    if (!IS_INSTANCE(v) || cls->is_builtin ||
        (cls->slot_flags & SLOT_DATA_DESCR))
        return false;
    ObjClass *c = cls;
    while (c && !c->is_builtin)
        c = c->base;
    return c == TYPE(ts, OBJECT);
}

/* The generic lookup (object.__getattribute__): 1 found, 0 not, -1 error. */
static int generic_getattr(ThreadState *ts, Value v, ObjStr *name, Value *out)
{
    if (name == NAME(ts, class_)) {
        *out = OBJ_VAL(obj_class(ts, v));
        return 1;
    }
    if (IS_CLASS(v))
        return class_getattr(ts, AS_CLASS(v), name, out);
    if (IS_KIND(v, OBJ_SUPER))
        return class_super_getattr(ts, v, name, out);
    ObjClass *cls = obj_class(ts, v);
    if (plain_instance(ts, v, cls)) {
        /* no data descriptor can shadow the instance dict */
        ObjDict *d = AS_INSTANCE(v)->dict;
        if (d && dict_get_str(d, name, out))
            return 1;
    }
    Value descr = class_lookup(cls, name);
    if (!IS_UNDEF(descr) && class_is_data_descr(ts, descr)) {
        Value r = class_bind(ts, descr, v, cls, name);
        if (IS_ERR(r))
            return -1;
        *out = r;
        return 1;
    }
    if (IS_OBJ(v)) {
        int r = own_getattr(ts, v, name, out);
        if (r != 0)
            return r;
    } else if (num_is_int(v) || IS_FLOAT(v)) {
        int r = number_getattr(ts, v, name, out);
        if (r != 0)
            return r;
    }
    if (!IS_UNDEF(descr)) {
        if (IS_KIND(descr, OBJ_NATIVE) && is_plain_native(ts, cls, name)) {
            *out = descr;
            return 1;
        }
        Value r = class_bind(ts, descr, v, cls, name);
        if (IS_ERR(r))
            return -1;
        *out = r;
        return 1;
    }
    if (name == NAME(ts, doc)) {
        *out = NONE_VAL;
        return 1;
    }
    if (name == NAME(ts, module) && !IS_KIND(v, OBJ_MODULE)) {
        *out = NONE_VAL;
        return 1;
    }
    return 0;
}

static void attr_error_raise(ThreadState *ts, Value v, ObjStr *name);

/* Remember name and obj on the AttributeError, as CPython 3.10+ does: the
 * report uses them for its "Did you mean" hint. */
static void attr_error_context(ThreadState *ts, Value v, ObjStr *name)
{
    Value e = ts->exc;
    if (!IS_EXCEPTION(e))
        return;
    PROTECT(ts, e);
    PROTECT(ts, v);
    PROTECT_OBJ(ts, name);
    ObjDict *d = exc_dict(ts, e);
    ObjStr *kname = d ? str_intern_cstr(ts, "name") : NULL;
    if (kname)
        PROTECT_OBJ(ts, kname);
    ObjStr *kobj = kname ? str_intern_cstr(ts, "obj") : NULL;
    if (kobj) {
        if (dict_set_str(ts, d, kname, OBJ_VAL(name)) == 0)
            dict_set_str(ts, d, kobj, v);
    }
    UNPROTECT(ts, kname ? 4 : 3);
    /* the hint is optional: whatever failed, the AttributeError stays */
    ts->exc = e;
}

static void attr_error(ThreadState *ts, Value v, ObjStr *name)
{
    PROTECT(ts, v);
    PROTECT_OBJ(ts, name);
    attr_error_raise(ts, v, name);
    attr_error_context(ts, v, name);
    UNPROTECT(ts, 2);
}

static void attr_error_raise(ThreadState *ts, Value v, ObjStr *name)
{
    if (IS_CLASS(v))
        RAISE(ts, AttributeError, "type object '%s' has no attribute '%s'",
              AS_CLASS(v)->name->data, name->data);
    else if (IS_KIND(v, OBJ_MODULE))
        RAISE(ts, AttributeError, "module '%s' has no attribute '%s'",
              AS_MODULE(v)->name ? AS_MODULE(v)->name->data : "?", name->data);
    else
        RAISE(ts, AttributeError, "'%s' object has no attribute '%s'",
              obj_type_name(ts, v), name->data);
}

/* The whole protocol, hooks included: 1 found, 0 missing (nothing
 * pending), -1 error. */
static int getattr_full(ThreadState *ts, Value v, ObjStr *name, Value *out)
{
    ObjClass *cls = obj_class(ts, v);
    bool user = cls && !cls->is_builtin;
    int r;
    if (user && (cls->slot_flags & SLOT_GETATTRIBUTE)) {
        Value m = class_lookup_user(cls, NAME(ts, getattribute));
        if (!IS_UNDEF(m)) {
            Value arg = OBJ_VAL(name);
            Value res = call_found(ts, m, v, NAME(ts, getattribute), 1, &arg);
            if (!IS_ERR(res)) {
                *out = res;
                return 1;
            }
            if (!exc_matches(ts, TYPE(ts, AttributeError)) ||
                !(cls->slot_flags & SLOT_GETATTR))
                return -1;
            exc_clear(ts);
            r = 0;
            goto hook;
        }
    }
    r = generic_getattr(ts, v, name, out);
    if (r != 0)
        return r;
hook:
    if (user && (cls->slot_flags & SLOT_GETATTR)) {
        Value m = class_lookup_user(cls, NAME(ts, getattr));
        if (!IS_UNDEF(m)) {
            PROTECT(ts, v);
            Value arg = OBJ_VAL(name);
            Value res = call_found(ts, m, v, NAME(ts, getattr), 1, &arg);
            UNPROTECT(ts, 1);
            if (IS_ERR(res))
                return -1;
            *out = res;
            return 1;
        }
    }
    return 0;
}

Value obj_getattr(ThreadState *ts, Value v, ObjStr *name)
{
    Value out;
    int r = getattr_full(ts, v, name, &out);
    if (r > 0)
        return out;
    if (r == 0)
        attr_error(ts, v, name);
    return ERR_VAL;
}

int obj_getattr_opt(ThreadState *ts, Value v, ObjStr *name, Value *out)
{
    int r = getattr_full(ts, v, name, out);
    if (r < 0 && exc_matches(ts, TYPE(ts, AttributeError))) {
        exc_clear(ts);
        return 0;
    }
    return r;
}

Value obj_generic_getattr(ThreadState *ts, Value v, ObjStr *name)
{
    Value out;
    int r = generic_getattr(ts, v, name, &out);
    if (r > 0)
        return out;
    if (r == 0)
        attr_error(ts, v, name);
    return ERR_VAL;
}

static bool is_dunder(ObjStr *name)
{
    return name->len > 4 && name->data[0] == '_' && name->data[1] == '_' &&
           name->data[name->len - 1] == '_' && name->data[name->len - 2] == '_';
}

static int function_setattr(ThreadState *ts, ObjFunction *f, ObjStr *name,
                            Value value, bool del)
{
    if (name == NAME(ts, name) || name == NAME(ts, qualname)) {
        if (del || !IS_STR(value)) {
            RAISE(ts, TypeError, "%s must be set to a string object",
                  name->data);
            return -1;
        }
        if (name == NAME(ts, name))
            f->name = AS_STR(value);
        else
            f->qualname = AS_STR(value);
        return 0;
    }
    if (name == NAME(ts, doc)) {
        f->doc = del ? NONE_VAL : value;
        return 0;
    }
    if (name == NAME(ts, module)) {
        f->module = !del && IS_STR(value) ? AS_STR(value) : NULL;
        return 0;
    }
    if (name_eq(name, "__defaults__")) {
        if (del || IS_NONE(value)) {
            f->defaults = NULL;
            return 0;
        }
        if (!IS_TUPLE(value)) {
            RAISE(ts, TypeError, "__defaults__ must be set to a tuple object");
            return -1;
        }
        f->defaults = AS_TUPLE(value);
        return 0;
    }
    if (del) {
        int r = f->dict ? dict_del(ts, f->dict, OBJ_VAL(name)) : 0;
        if (r == 0)
            RAISE(ts, AttributeError, "'function' object has no attribute '%s'",
                  name->data);
        return r > 0 ? 0 : -1;
    }
    if (!f->dict) {
        PROTECT(ts, value);
        ObjDict *d = dict_new(ts);
        UNPROTECT(ts, 1);
        if (!d)
            return -1;
        f->dict = d;
    }
    return dict_set_str(ts, f->dict, name, value);
}

static int set_or_del_impl(ThreadState *ts, Value v, ObjStr *name,
                           Value value, bool del);

/* The name, the object and the value stay rooted throughout: making an
 * instance dict or calling a setter may collect. */
static int set_or_del(ThreadState *ts, Value v, ObjStr *name, Value value,
                      bool del)
{
    PROTECT(ts, v);
    PROTECT_OBJ(ts, name);
    PROTECT(ts, value);
    int r = set_or_del_impl(ts, v, name, value, del);
    UNPROTECT(ts, 3);
    return r;
}

static int set_or_del_impl(ThreadState *ts, Value v, ObjStr *name,
                           Value value, bool del)
{
    ObjClass *cls = obj_class(ts, v);
    if (IS_CLASS(v)) {
        ObjClass *c = AS_CLASS(v);
        if (c->is_builtin) {
            RAISE(ts, TypeError, "cannot %s '%s' attribute of immutable type "
                                 "'%s'",
                  del ? "delete" : "set", name->data, c->name->data);
            return -1;
        }
        if (!del && (name == NAME(ts, name) || name == NAME(ts, qualname))) {
            if (!IS_STR(value)) {
                RAISE(ts, TypeError, "can only assign string to %s.%s, not "
                                     "'%s'",
                      c->name->data, name->data, obj_type_name(ts, value));
                return -1;
            }
            if (name == NAME(ts, name))
                c->name = AS_STR(value);
            else
                c->qualname = AS_STR(value);
            return 0;
        }
        int r;
        if (del) {
            r = dict_del(ts, c->dict, OBJ_VAL(name));
            if (r == 0) {
                attr_error_raise(ts, v, name);
                return -1;
            }
        } else {
            r = dict_set_str(ts, c->dict, name, value);
        }
        if (r < 0)
            return -1;
        if (is_dunder(name) || (!del && class_is_data_descr(ts, value)))
            class_update_slots(ts, c);
        return 0;
    }
    if (IS_KIND(v, OBJ_MODULE)) {
        ObjModule *m = AS_MODULE(v);
        if (del) {
            int r = dict_del(ts, m->dict, OBJ_VAL(name));
            if (r == 0)
                attr_error_raise(ts, v, name);
            return r > 0 ? 0 : -1;
        }
        return dict_set_str(ts, m->dict, name, value);
    }
    if (IS_FUNCTION(v))
        return function_setattr(ts, AS_FUNCTION(v), name, value, del);

    if (!del && plain_instance(ts, v, cls) && AS_INSTANCE(v)->dict &&
        name != NAME(ts, class_))
        return dict_set_str(ts, AS_INSTANCE(v)->dict, name, value);
    Value descr = cls ? class_lookup(cls, name) : UNDEF_VAL;
    if (!IS_UNDEF(descr) && class_is_data_descr(ts, descr)) {
        if (IS_KIND(descr, OBJ_PROPERTY)) {
            ObjProperty *p = AS_PROPERTY(descr);
            Value f = del ? p->fdel : p->fset;
            if (IS_NONE(f) || IS_UNDEF(f)) {
                RAISE(ts, AttributeError,
                      "property '%s' of '%s' object has no %s", name->data,
                      obj_type_name(ts, v), del ? "deleter" : "setter");
                return -1;
            }
            Value argv[2] = {v, value};
            Value r = obj_call(ts, f, del ? 1 : 2, argv, NULL);
            return IS_ERR(r) ? -1 : 0;
        }
        ObjClass *dc = AS_OBJ(descr)->cls;
        ObjStr *mname = del ? NAME(ts, delete) : NAME(ts, set);
        Value m = class_lookup(dc, mname);
        if (IS_UNDEF(m)) {
            RAISE(ts, AttributeError, "__%s__", del ? "delete" : "set");
            return -1;
        }
        Value argv[3] = {descr, v, value};
        Value r = obj_call(ts, m, del ? 2 : 3, argv, NULL);
        return IS_ERR(r) ? -1 : 0;
    }
    if (IS_INSTANCE(v)) {
        ObjInstance *in = AS_INSTANCE(v);
        if (del) {
            int r = in->dict ? dict_del(ts, in->dict, OBJ_VAL(name)) : 0;
            if (r == 0)
                attr_error_raise(ts, v, name);
            return r > 0 ? 0 : -1;
        }
        if (!in->dict) {
            PROTECT(ts, v);
            PROTECT(ts, value);
            ObjDict *d = dict_new(ts);
            UNPROTECT(ts, 2);
            if (!d)
                return -1;
            in->dict = d;
        }
        if (name == NAME(ts, class_)) {
            if (!IS_CLASS(value) || AS_CLASS(value)->instance_kind !=
                                        OBJ_INSTANCE) {
                RAISE(ts, TypeError, "__class__ assignment only supported for "
                                     "mutable types or ModuleType subclasses");
                return -1;
            }
            in->obj.cls = AS_CLASS(value);
            return 0;
        }
        return dict_set_str(ts, in->dict, name, value);
    }
    if (IS_EXCEPTION(v)) {
        if (!del) {
            int r = exc_setattr(ts, v, name, value);
            if (r != 0)
                return r < 0 ? -1 : 0;
        }
        PROTECT(ts, value);
        ObjDict *d = exc_dict(ts, v);
        UNPROTECT(ts, 1);
        if (!d)
            return -1;
        if (del) {
            int r = dict_del(ts, d, OBJ_VAL(name));
            if (r == 0)
                attr_error_raise(ts, v, name);
            return r > 0 ? 0 : -1;
        }
        return dict_set_str(ts, d, name, value);
    }
    if (!IS_UNDEF(descr) && !del) {
        RAISE(ts, AttributeError, "'%s' object attribute '%s' is read-only",
              obj_type_name(ts, v), name->data);
        return -1;
    }
    attr_error_raise(ts, v, name);
    return -1;
}

int obj_generic_setattr(ThreadState *ts, Value v, ObjStr *name, Value value)
{
    return set_or_del(ts, v, name, value, false);
}

int obj_generic_delattr(ThreadState *ts, Value v, ObjStr *name)
{
    return set_or_del(ts, v, name, UNDEF_VAL, true);
}

int obj_setattr(ThreadState *ts, Value v, ObjStr *name, Value value)
{
    ObjClass *cls = obj_class(ts, v);
    if (cls && !cls->is_builtin && (cls->slot_flags & SLOT_SETATTR) &&
        !IS_CLASS(v)) {
        Value m = class_lookup_user(cls, NAME(ts, setattr));
        if (!IS_UNDEF(m)) {
            Value args[2] = {OBJ_VAL(name), value};
            Value r = call_found(ts, m, v, NAME(ts, setattr), 2, args);
            return IS_ERR(r) ? -1 : 0;
        }
    }
    return set_or_del(ts, v, name, value, false);
}

int obj_delattr(ThreadState *ts, Value v, ObjStr *name)
{
    ObjClass *cls = obj_class(ts, v);
    if (cls && !cls->is_builtin && (cls->slot_flags & SLOT_DELATTR) &&
        !IS_CLASS(v)) {
        Value m = class_lookup_user(cls, NAME(ts, delattr));
        if (!IS_UNDEF(m)) {
            Value arg = OBJ_VAL(name);
            Value r = call_found(ts, m, v, NAME(ts, delattr), 1, &arg);
            return IS_ERR(r) ? -1 : 0;
        }
    }
    return set_or_del(ts, v, name, UNDEF_VAL, true);
}

/* -- items --------------------------------------------------------------- */

Value obj_getitem(ThreadState *ts, Value c, Value key)
{
    ObjClass *cls = obj_class(ts, c);
    if (cls && !cls->is_builtin) {
        Value m = class_lookup_user(cls, NAME(ts, getitem));
        if (!IS_UNDEF(m))
            return call_found(ts, m, c, NAME(ts, getitem), 1, &key);
    }
    if (IS_OBJ(c)) {
        switch (OBJ_KIND(c)) {
        case OBJ_STR:
            return str_getitem(ts, AS_STR(c), key);
        case OBJ_BYTES:
            return bytes_getitem(ts, AS_BYTES(c), key);
        case OBJ_LIST:
            return list_getitem(ts, AS_LIST(c), key);
        case OBJ_TUPLE:
            return tuple_getitem(ts, AS_TUPLE(c), key);
        case OBJ_DICT: {
            if (cls->is_builtin)
                return dict_getitem(ts, AS_DICT(c), key);
            Value out;
            int r = dict_get(ts, AS_DICT(c), key, &out);
            if (r < 0)
                return ERR_VAL;
            if (r > 0)
                return out;
            Value m = class_lookup_user(cls, NAME(ts, missing));
            if (!IS_UNDEF(m))
                return call_found(ts, m, c, NAME(ts, missing), 1, &key);
            return dict_getitem(ts, AS_DICT(c), key);
        }
        case OBJ_RANGE:
            return range_getitem(ts, AS_RANGE(c), key);
        case OBJ_CLASS: {
            ObjStr *cg = str_intern_cstr(ts, "__class_getitem__");
            if (!cg)
                return ERR_VAL;
            Value m = class_lookup(AS_CLASS(c), cg);
            if (!IS_UNDEF(m)) {
                Value b = class_bind(ts, m, UNDEF_VAL, AS_CLASS(c), cg);
                if (IS_ERR(b))
                    return b;
                PROTECT(ts, b);
                Value r = obj_call(ts, b, 1, &key, NULL);
                UNPROTECT(ts, 1);
                return r;
            }
            if (AS_CLASS(c)->is_builtin)
                return c; /* list[int] and friends: good enough for hints */
            return RAISE(ts, TypeError, "type '%s' is not subscriptable",
                         AS_CLASS(c)->name->data);
        }
        default:
            break;
        }
        Value m = class_lookup(cls, NAME(ts, getitem));
        if (!IS_UNDEF(m) && !class_is_object_default(m))
            return call_found(ts, m, c, NAME(ts, getitem), 1, &key);
    }
    return RAISE(ts, TypeError, "'%s' object is not subscriptable",
                 obj_type_name(ts, c));
}

int obj_setitem(ThreadState *ts, Value c, Value key, Value value)
{
    ObjClass *cls = obj_class(ts, c);
    if (cls && !cls->is_builtin) {
        Value m = class_lookup_user(cls, NAME(ts, setitem));
        if (!IS_UNDEF(m)) {
            Value args[2] = {key, value};
            return IS_ERR(call_found(ts, m, c, NAME(ts, setitem), 2, args))
                       ? -1 : 0;
        }
    }
    if (IS_LIST(c))
        return list_setitem(ts, AS_LIST(c), key, value);
    if (IS_DICT(c))
        return dict_set(ts, AS_DICT(c), key, value);
    if (IS_OBJ(c)) {
        Value m = class_lookup(cls, NAME(ts, setitem));
        if (!IS_UNDEF(m)) {
            Value args[2] = {key, value};
            return IS_ERR(call_found(ts, m, c, NAME(ts, setitem), 2, args))
                       ? -1 : 0;
        }
    }
    RAISE(ts, TypeError, "'%s' object does not support item assignment",
          obj_type_name(ts, c));
    return -1;
}

int obj_delitem(ThreadState *ts, Value c, Value key)
{
    ObjClass *cls = obj_class(ts, c);
    if (cls && !cls->is_builtin) {
        Value m = class_lookup_user(cls, NAME(ts, delitem));
        if (!IS_UNDEF(m))
            return IS_ERR(call_found(ts, m, c, NAME(ts, delitem), 1, &key))
                       ? -1 : 0;
    }
    if (IS_LIST(c))
        return list_delitem(ts, AS_LIST(c), key);
    if (IS_DICT(c)) {
        int r = dict_del(ts, AS_DICT(c), key);
        if (r < 0)
            return -1;
        if (r == 0) {
            Value k = key;
            PROTECT(ts, k);
            ObjTuple *t = tuple_from_array(ts, &k, 1);
            UNPROTECT(ts, 1);
            if (!t)
                return -1;
            Value e = exc_new(ts, TYPE(ts, KeyError), t);
            if (IS_ERR(e))
                return -1;
            exc_raise_value(ts, e);
            return -1;
        }
        return 0;
    }
    if (IS_OBJ(c)) {
        Value m = class_lookup(cls, NAME(ts, delitem));
        if (!IS_UNDEF(m))
            return IS_ERR(call_found(ts, m, c, NAME(ts, delitem), 1, &key))
                       ? -1 : 0;
    }
    RAISE(ts, TypeError, "'%s' object doesn't support item deletion",
          obj_type_name(ts, c));
    return -1;
}

int obj_contains(ThreadState *ts, Value c, Value item)
{
    ObjClass *cls = obj_class(ts, c);
    if (cls && !cls->is_builtin) {
        Value m = class_lookup_user(cls, NAME(ts, contains));
        if (!IS_UNDEF(m)) {
            Value r = call_found(ts, m, c, NAME(ts, contains), 1, &item);
            if (IS_ERR(r))
                return -1;
            return obj_truthy(ts, r);
        }
    }
    if (IS_OBJ(c)) {
        switch (OBJ_KIND(c)) {
        case OBJ_STR:
            if (!IS_STR(item)) {
                RAISE(ts, TypeError, "'in <string>' requires string as left "
                                     "operand, not %s",
                      obj_type_name(ts, item));
                return -1;
            }
            return str_contains(AS_STR(c), AS_STR(item));
        case OBJ_BYTES:
            return bytes_contains(ts, AS_BYTES(c), item);
        case OBJ_LIST:
            return list_contains(ts, AS_LIST(c), item);
        case OBJ_TUPLE:
            return tuple_contains(ts, AS_TUPLE(c), item);
        case OBJ_DICT: {
            Value out;
            return dict_get(ts, AS_DICT(c), item, &out);
        }
        case OBJ_SET:
            return set_contains(ts, AS_SET(c), item);
        case OBJ_RANGE:
            return range_contains(ts, AS_RANGE(c), item);
        default: {
            Value m = class_lookup(cls, NAME(ts, contains));
            if (!IS_UNDEF(m) && !class_is_object_default(m)) {
                Value r = call_found(ts, m, c, NAME(ts, contains), 1, &item);
                if (IS_ERR(r))
                    return -1;
                return obj_truthy(ts, r);
            }
            break;
        }
        }
    }
    /* fall back on iteration */
    {
        Value it = obj_iter(ts, c);
        if (IS_ERR(it)) {
            if (exc_matches(ts, TYPE(ts, TypeError))) {
                exc_clear(ts);
                RAISE(ts, TypeError, "argument of type '%s' is not iterable",
                      obj_type_name(ts, c));
            }
            return -1;
        }
        PROTECT(ts, it);
        PROTECT(ts, item);
        int result = 0;
        for (;;) {
            Value x;
            int r = obj_next(ts, it, &x);
            if (r <= 0) {
                result = r;
                break;
            }
            int e = obj_eq(ts, x, item);
            if (e != 0) {
                result = e;
                break;
            }
        }
        UNPROTECT(ts, 2);
        return result;
    }
}

/* -- iteration ----------------------------------------------------------- */

/* The old sequence protocol: obj[0], obj[1], ... until IndexError. */
static int seq_iter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    if (IS_NONE(it->state[0]))
        return 0;
    Value r = obj_getitem(ts, it->state[0], INT_VAL(it->index));
    if (IS_ERR(r)) {
        if (exc_matches(ts, TYPE(ts, IndexError)) ||
            exc_matches(ts, TYPE(ts, StopIteration))) {
            exc_clear(ts);
            it->state[0] = NONE_VAL;
            return 0;
        }
        return -1;
    }
    it->index++;
    *out = r;
    return 1;
}

static bool is_iterator(ThreadState *ts, Value v)
{
    if (IS_KIND(v, OBJ_ITER) || IS_GENERATOR(v))
        return true;
    ObjClass *c = obj_class(ts, v);
    return !IS_UNDEF(class_lookup(c, NAME(ts, next)));
}

Value obj_iter(ThreadState *ts, Value v)
{
    ObjClass *cls = obj_class(ts, v);
    if (cls && !cls->is_builtin) {
        Value m = class_lookup_user(cls, NAME(ts, iter));
        if (IS_NONE(m))
            return RAISE(ts, TypeError, "'%s' object is not iterable",
                         obj_type_name(ts, v));
        if (!IS_UNDEF(m)) {
            Value r = call_found(ts, m, v, NAME(ts, iter), 0, NULL);
            if (IS_ERR(r))
                return r;
            if (!is_iterator(ts, r))
                return RAISE(ts, TypeError,
                             "iter() returned non-iterator of type '%s'",
                             obj_type_name(ts, r));
            return r;
        }
    }
    if (IS_OBJ(v)) {
        switch (OBJ_KIND(v)) {
        case OBJ_LIST:
            return list_iter(ts, AS_LIST(v));
        case OBJ_TUPLE:
            return tuple_iter(ts, AS_TUPLE(v));
        case OBJ_STR:
            return str_iter(ts, AS_STR(v));
        case OBJ_BYTES:
            return bytes_iter(ts, AS_BYTES(v));
        case OBJ_DICT:
            return dict_iter(ts, AS_DICT(v));
        case OBJ_SET:
            return set_iter(ts, AS_SET(v));
        case OBJ_RANGE:
            return range_iter(ts, AS_RANGE(v));
        case OBJ_ITER:
        case OBJ_GENERATOR:
            return v;
        default:
            break;
        }
        Value m = class_lookup(cls, NAME(ts, iter));
        if (!IS_UNDEF(m) && !IS_NONE(m) && !class_is_object_default(m))
            return call_found(ts, m, v, NAME(ts, iter), 0, NULL);
        m = class_lookup(cls, NAME(ts, getitem));
        if (!IS_UNDEF(m) && !IS_NONE(m) && !IS_CLASS(v))
            return iter_over(ts, "iterator", seq_iter_next, v, 0, 0);
    }
    return RAISE(ts, TypeError, "'%s' object is not iterable",
                 obj_type_name(ts, v));
}

int obj_next(ThreadState *ts, Value it, Value *out)
{
    if (IS_KIND(it, OBJ_ITER)) {
        ObjIter *i = AS_ITER(it);
        return i->next(ts, i, out);
    }
    if (IS_GENERATOR(it)) {
        int r = gen_send(ts, AS_GENERATOR(it), NONE_VAL, out);
        if (r == 0)
            *out = NONE_VAL;
        return r;
    }
    ObjClass *cls = obj_class(ts, it);
    Value m = class_lookup(cls, NAME(ts, next));
    if (IS_UNDEF(m) || IS_NONE(m)) {
        RAISE(ts, TypeError, "'%s' object is not an iterator",
              obj_type_name(ts, it));
        return -1;
    }
    PROTECT(ts, it);
    Value r = call_found(ts, m, it, NAME(ts, next), 0, NULL);
    UNPROTECT(ts, 1);
    if (IS_ERR(r)) {
        if (exc_matches(ts, TYPE(ts, StopIteration))) {
            exc_clear(ts);
            return 0;
        }
        return -1;
    }
    *out = r;
    return 1;
}

/* -- calls --------------------------------------------------------------- */

/* Call [f] with [self] prepended to the arguments; when [native] is set,
 * call that C function directly instead (a native whose self is bound). */
static Value prepend_call(ThreadState *ts, Value f, NativeFn native,
                          Value self, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    int total = argc + (kwnames ? (int)kwnames->len : 0);
    Value small[8];
    Value *buf = total + 1 <= 8 ? small : malloc(sizeof(Value) * (total + 1));
    if (!buf)
        return exc_no_memory(ts);
    buf[0] = self;
    if (total > 0)
        memcpy(buf + 1, argv, sizeof(Value) * total);
    Value r;
    if (native) {
        PROTECT(ts, self);
        r = native(ts, argc + 1, buf, kwnames);
        UNPROTECT(ts, 1);
    } else {
        r = obj_call(ts, f, argc + 1, buf, kwnames);
    }
    if (buf != small)
        free(buf);
    return r;
}

static Value call_with_self(ThreadState *ts, Value f, Value self, int argc,
                            Value *argv, ObjTuple *kwnames)
{
    return prepend_call(ts, f, NULL, self, argc, argv, kwnames);
}

/* CPython's wording when C code calling C code runs out of depth. */
#define CALL_DEPTH_WHERE " while calling a Python object"

static Value call_impl(ThreadState *ts, Value f, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (IS_OBJ(f)) {
        switch (OBJ_KIND(f)) {
        case OBJ_FUNCTION:
            return vm_call_function(ts, AS_FUNCTION(f), argc, argv, kwnames);
        case OBJ_NATIVE: {
            ObjNative *n = AS_NATIVE(f);
            if (IS_UNDEF(n->self))
                return n->fn(ts, argc, argv, kwnames);
            return prepend_call(ts, f, n->fn, n->self, argc, argv, kwnames);
        }
        case OBJ_BOUND_METHOD: {
            ObjBoundMethod *m = AS_BOUND_METHOD(f);
            /* A function counts its own frame; anything else may wrap
               another wrapper. */
            if (IS_FUNCTION(m->func) || IS_KIND(m->func, OBJ_NATIVE))
                return call_with_self(ts, m->func, m->self, argc, argv,
                                      kwnames);
            if (enter_recursion(ts, CALL_DEPTH_WHERE) < 0)
                return ERR_VAL;
            Value r = call_with_self(ts, m->func, m->self, argc, argv,
                                     kwnames);
            leave_recursion(ts);
            return r;
        }
        case OBJ_CLASS:
            return class_call(ts, AS_CLASS(f), argc, argv, kwnames);
        case OBJ_STATICMETHOD: {
            /* staticmethod(staticmethod(...)) unwraps in C */
            if (enter_recursion(ts, CALL_DEPTH_WHERE) < 0)
                return ERR_VAL;
            Value r = obj_call(ts, AS_WRAPPER(f)->func, argc, argv, kwnames);
            leave_recursion(ts);
            return r;
        }
        default:
            break;
        }
        ObjClass *cls = AS_OBJ(f)->cls;
        Value m = cls ? class_lookup(cls, NAME(ts, call)) : UNDEF_VAL;
        if (!IS_UNDEF(m) && !IS_NONE(m)) {
            if (IS_FUNCTION(m) ||
                (IS_KIND(m, OBJ_NATIVE) && IS_UNDEF(AS_NATIVE(m)->self)))
                return call_with_self(ts, m, f, argc, argv, kwnames);
            /* __call__ is itself some callable object, whose class may
               have such a __call__ in turn */
            Value b = class_bind(ts, m, f, cls, NAME(ts, call));
            if (IS_ERR(b))
                return b;
            if (enter_recursion(ts, CALL_DEPTH_WHERE) < 0)
                return ERR_VAL;
            PROTECT(ts, b);
            Value r = obj_call(ts, b, argc, argv, kwnames);
            UNPROTECT(ts, 1);
            leave_recursion(ts);
            return r;
        }
    }
    return RAISE(ts, TypeError, "'%s' object is not callable",
                 obj_type_name(ts, f));
}

Value obj_call(ThreadState *ts, Value callable, int argc, Value *argv,
               ObjTuple *kwnames)
{
    /* Copies of everything on the root stack keep the arguments alive
       whatever the callee allocates, even when argv is a C array. */
    int total = argc + (kwnames ? (int)kwnames->len : 0);
    size_t mark = ts->roots.len;
    RootStack *rs = &ts->roots;
    if (rs->cap - rs->len >= (size_t)total + 2) {
        rs->items[rs->len++] = callable;
        if (kwnames)
            rs->items[rs->len++] = OBJ_VAL(kwnames);
        if (total > 0)
            memcpy(rs->items + rs->len, argv, sizeof(Value) * total);
        rs->len += total;
    } else {
        PROTECT(ts, callable);
        if (kwnames)
            PROTECT_OBJ(ts, kwnames);
        for (int i = 0; i < total; i++)
            PROTECT(ts, argv[i]);
    }
    Value r = call_impl(ts, callable, argc, argv, kwnames);
    ts->roots.len = mark;
    return r;
}

Value obj_call_method(ThreadState *ts, Value self, ObjStr *name, int argc,
                      Value *argv)
{
    ObjClass *cls = obj_class(ts, self);
    bool shadowable = IS_INSTANCE(self) || IS_EXCEPTION(self) ||
                      IS_CLASS(self) || IS_KIND(self, OBJ_MODULE) ||
                      IS_FUNCTION(self) || IS_KIND(self, OBJ_SUPER);
    if (!shadowable && !(cls->slot_flags & (SLOT_GETATTRIBUTE | SLOT_GETATTR))) {
        Value m = class_lookup(cls, name);
        if (IS_FUNCTION(m) ||
            (IS_KIND(m, OBJ_NATIVE) && IS_UNDEF(AS_NATIVE(m)->self) &&
             !is_plain_native(ts, cls, name)))
            return call_with_self(ts, m, self, argc, argv, NULL);
    }
    Value m = obj_getattr(ts, self, name);
    if (IS_ERR(m))
        return m;
    PROTECT(ts, m);
    Value r = obj_call(ts, m, argc, argv, NULL);
    UNPROTECT(ts, 1);
    return r;
}

bool obj_callable(ThreadState *ts, Value v)
{
    if (!IS_OBJ(v))
        return false;
    switch (OBJ_KIND(v)) {
    case OBJ_FUNCTION:
    case OBJ_NATIVE:
    case OBJ_BOUND_METHOD:
    case OBJ_CLASS:
    case OBJ_STATICMETHOD:
        return true;
    default: {
        Value m = class_lookup(obj_class(ts, v), NAME(ts, call));
        return !IS_UNDEF(m) && !IS_NONE(m);
    }
    }
}

int obj_as_index(ThreadState *ts, Value v, int64_t *out)
{
    if (IS_INT(v)) {
        *out = AS_INT(v);
        return 0;
    }
    if (IS_BOOL(v)) {
        *out = AS_BOOL(v);
        return 0;
    }
    if (IS_BIGINT(v)) {
        RAISE(ts, IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (is_user(ts, v)) {
        Value m;
        Value r = call_user1(ts, v, NAME(ts, index), &m);
        if (!IS_UNDEF(m)) {
            if (IS_ERR(r))
                return -1;
            if (!num_is_int(r)) {
                RAISE(ts, TypeError, "__index__ returned non-int (type %s)",
                      obj_type_name(ts, r));
                return -1;
            }
            return obj_as_index(ts, r, out);
        }
    }
    RAISE(ts, TypeError, "'%s' object cannot be interpreted as an integer",
          obj_type_name(ts, v));
    return -1;
}

/* -- slot wrappers ------------------------------------------------------- */

/* int, float and str get their dunders (the ones other modules did not
 * register) as natives over this protocol, so (10).__add__(5) and
 * super().__eq__(other) in a subclass work as in CPython.  Each native
 * answers NotImplemented where the C operation has no meaning. */

#define SLOT_BINOP(fname, op, reflected)                                     \
    static Value fname(ThreadState *ts, int argc, Value *argv,               \
                       ObjTuple *kw)                                         \
    {                                                                        \
        if (argc != 2)                                                       \
            return RAISE(ts, TypeError, "expected 1 argument, got %d",       \
                         argc - 1);                                          \
        return reflected ? builtin_binop(ts, op, argv[1], argv[0], false)    \
                         : builtin_binop(ts, op, argv[0], argv[1], false);   \
    }
SLOT_BINOP(slot_add, BIN_ADD, 0)
SLOT_BINOP(slot_radd, BIN_ADD, 1)
SLOT_BINOP(slot_sub, BIN_SUB, 0)
SLOT_BINOP(slot_rsub, BIN_SUB, 1)
SLOT_BINOP(slot_mul, BIN_MUL, 0)
SLOT_BINOP(slot_rmul, BIN_MUL, 1)
SLOT_BINOP(slot_truediv, BIN_TRUEDIV, 0)
SLOT_BINOP(slot_rtruediv, BIN_TRUEDIV, 1)
SLOT_BINOP(slot_floordiv, BIN_FLOORDIV, 0)
SLOT_BINOP(slot_rfloordiv, BIN_FLOORDIV, 1)
SLOT_BINOP(slot_mod, BIN_MOD, 0)
SLOT_BINOP(slot_rmod, BIN_MOD, 1)
SLOT_BINOP(slot_pow, BIN_POW, 0)
SLOT_BINOP(slot_rpow, BIN_POW, 1)
SLOT_BINOP(slot_lshift, BIN_LSHIFT, 0)
SLOT_BINOP(slot_rlshift, BIN_LSHIFT, 1)
SLOT_BINOP(slot_rshift, BIN_RSHIFT, 0)
SLOT_BINOP(slot_rrshift, BIN_RSHIFT, 1)
SLOT_BINOP(slot_and, BIN_AND, 0)
SLOT_BINOP(slot_rand, BIN_AND, 1)
SLOT_BINOP(slot_or, BIN_OR, 0)
SLOT_BINOP(slot_ror, BIN_OR, 1)
SLOT_BINOP(slot_xor, BIN_XOR, 0)
SLOT_BINOP(slot_rxor, BIN_XOR, 1)
#undef SLOT_BINOP

#define SLOT_CMP(fname, op)                                                  \
    static Value fname(ThreadState *ts, int argc, Value *argv,               \
                       ObjTuple *kw)                                         \
    {                                                                        \
        if (argc != 2)                                                       \
            return RAISE(ts, TypeError, "expected 1 argument, got %d",       \
                         argc - 1);                                          \
        return builtin_compare(ts, op, argv[0], argv[1]);                    \
    }
SLOT_CMP(slot_lt, CMP_LT)
SLOT_CMP(slot_le, CMP_LE)
SLOT_CMP(slot_eq, CMP_EQ)
SLOT_CMP(slot_ne, CMP_NE)
SLOT_CMP(slot_gt, CMP_GT)
SLOT_CMP(slot_ge, CMP_GE)
#undef SLOT_CMP

#define SLOT_UNARY(fname, op)                                                \
    static Value fname(ThreadState *ts, int argc, Value *argv,               \
                       ObjTuple *kw)                                         \
    {                                                                        \
        if (argc != 1)                                                       \
            return RAISE(ts, TypeError, "expected 0 arguments, got %d",      \
                         argc - 1);                                          \
        return obj_unary_op(ts, op, argv[0]);                                \
    }
SLOT_UNARY(slot_neg, UN_NEG)
SLOT_UNARY(slot_pos, UN_POS)
SLOT_UNARY(slot_invert, UN_INVERT)
#undef SLOT_UNARY

static Value slot_hash(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (argc != 1)
        return RAISE(ts, TypeError, "expected 0 arguments, got %d", argc - 1);
    uint64_t h;
    if (obj_hash(ts, argv[0], &h) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)h);
}

static Value slot_bool(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (argc != 1)
        return RAISE(ts, TypeError, "expected 0 arguments, got %d", argc - 1);
    int t = obj_truthy(ts, argv[0]);
    return t < 0 ? ERR_VAL : BOOL_VAL(t);
}

static Value slot_len(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (argc != 1)
        return RAISE(ts, TypeError, "expected 0 arguments, got %d", argc - 1);
    int64_t n = builtin_len(argv[0]);
    if (n < 0)
        return RAISE(ts, TypeError, "object of type '%s' has no len()",
                     obj_type_name(ts, argv[0]));
    return INT_VAL(n);
}

static Value slot_getitem(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kw)
{
    if (argc != 2)
        return RAISE(ts, TypeError, "expected 1 argument, got %d", argc - 1);
    if (IS_STR(argv[0]))
        return str_getitem(ts, AS_STR(argv[0]), argv[1]);
    return RAISE(ts, TypeError, "'%s' object is not subscriptable",
                 obj_type_name(ts, argv[0]));
}

static Value slot_contains(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kw)
{
    if (argc != 2)
        return RAISE(ts, TypeError, "expected 1 argument, got %d", argc - 1);
    if (!IS_STR(argv[0]))
        return RAISE(ts, TypeError, "descriptor '__contains__' requires a "
                                    "'str' object");
    if (!IS_STR(argv[1]))
        return RAISE(ts, TypeError, "'in <string>' requires string as left "
                                    "operand, not %s",
                     obj_type_name(ts, argv[1]));
    return BOOL_VAL(str_contains(AS_STR(argv[0]), AS_STR(argv[1])));
}

static Value slot_iter(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (argc != 1)
        return RAISE(ts, TypeError, "expected 0 arguments, got %d", argc - 1);
    if (IS_STR(argv[0]))
        return str_iter(ts, AS_STR(argv[0]));
    return RAISE(ts, TypeError, "'%s' object is not iterable",
                 obj_type_name(ts, argv[0]));
}

/* Is [m] one of the wrappers above?  They call back into this file's
 * dispatch, so the fallbacks that look natives up must not call them. */
static bool is_slot_wrapper(Value m)
{
    static const NativeFn wrappers[] = {slot_lt, slot_le, slot_eq,
                                        slot_ne, slot_gt, slot_ge, slot_hash};
    if (!IS_KIND(m, OBJ_NATIVE))
        return false;
    for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++)
        if (AS_NATIVE(m)->fn == wrappers[i])
            return true;
    return false;
}

static void add_slot(ThreadState *ts, ObjClass *cls, const char *name,
                     NativeFn fn)
{
    Value old;
    ObjStr *k = str_intern_cstr(ts, name);
    if (!k || !cls || !cls->dict || dict_get_str(cls->dict, k, &old))
        return;
    class_add_native(ts, cls, name, fn);
}

void ops_register(ThreadState *ts)
{
    static const struct {
        const char *name;
        NativeFn fn;
        unsigned where; /* 1 int, 2 float, 4 str */
    } slots[] = {
        {"__add__", slot_add, 7},         {"__radd__", slot_radd, 3},
        {"__sub__", slot_sub, 3},         {"__rsub__", slot_rsub, 3},
        {"__mul__", slot_mul, 7},         {"__rmul__", slot_rmul, 7},
        {"__truediv__", slot_truediv, 3}, {"__rtruediv__", slot_rtruediv, 3},
        {"__floordiv__", slot_floordiv, 3},
        {"__rfloordiv__", slot_rfloordiv, 3},
        {"__mod__", slot_mod, 7},         {"__rmod__", slot_rmod, 3},
        {"__pow__", slot_pow, 3},         {"__rpow__", slot_rpow, 3},
        {"__lshift__", slot_lshift, 1},   {"__rlshift__", slot_rlshift, 1},
        {"__rshift__", slot_rshift, 1},   {"__rrshift__", slot_rrshift, 1},
        {"__and__", slot_and, 1},         {"__rand__", slot_rand, 1},
        {"__or__", slot_or, 1},           {"__ror__", slot_ror, 1},
        {"__xor__", slot_xor, 1},         {"__rxor__", slot_rxor, 1},
        {"__lt__", slot_lt, 7},           {"__le__", slot_le, 7},
        {"__eq__", slot_eq, 7},           {"__ne__", slot_ne, 7},
        {"__gt__", slot_gt, 7},           {"__ge__", slot_ge, 7},
        {"__neg__", slot_neg, 3},         {"__pos__", slot_pos, 3},
        {"__invert__", slot_invert, 1},   {"__hash__", slot_hash, 7},
        {"__bool__", slot_bool, 3},       {"__len__", slot_len, 4},
        {"__getitem__", slot_getitem, 4}, {"__contains__", slot_contains, 4},
        {"__iter__", slot_iter, 4},
    };
    ObjClass *classes[3] = {TYPE(ts, INT), TYPE(ts, FLOAT), TYPE(ts, STR)};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        for (int c = 0; c < 3; c++)
            if (slots[i].where & (1u << c))
                add_slot(ts, classes[c], slots[i].name, slots[i].fn);
}

/* compiler.c - from the AST (ast.h) and its scopes (symtable.h) to code
 * objects.
 *
 * Each function, class body, lambda, comprehension and the module is one
 * compilation Unit.  A unit emits a list of symbolic instructions (jump
 * targets are label numbers); assemble() then lays them out, resolves the
 * labels to byte offsets and builds the line table, the exception table and
 * the maximum stack depth.
 *
 * Exceptions follow CPython 3.11's zero-cost model (see code.h).  Every
 * instruction remembers the handler that covers it (the innermost try,
 * except-cleanup or with in force when it was emitted) and the stack depth
 * to unwind to.  That depth is known structurally: a statement always starts
 * with exactly `stmt_depth` values on the stack, the ones the enclosing
 * blocks keep there (a for loop's iterator, a with's __exit__, an except
 * handler's saved exception).  So the compiler never needs a SETUP_* or
 * POP_BLOCK instruction.
 *
 * Leaving a block early (return, break, continue) walks the block stack
 * outwards and emits each block's exit code inline: a finally body is
 * compiled again there, a with calls __exit__(None, None, None), a for
 * loop drops its iterator, an except handler restores the previously
 * handled exception.  A finally body therefore appears once for the normal
 * path, once for the exception path and once per early exit.
 *
 * The maximum stack depth is found by a flow analysis over the finished
 * instruction list, so a mistake in the structural bookkeeping cannot make
 * the VM overrun its frame.
 *
 * Errors (SyntaxError found after parsing) unwind with longjmp to
 * compile_module, which frees the partial units.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "compiler.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "num.h"
#include "set.h"
#include "str.h"
#include "symtable.h"
#include "tuple.h"

#define NO_LABEL (-1)

typedef struct Instr {
    uint8_t op;
    int arg;          /* operand, or a label number for jumps */
    Loc loc;          /* source span of the expression or statement */
    int handler;      /* label of the covering handler, or NO_LABEL */
    int handler_depth;
    bool handler_lasti;
} Instr;

typedef enum FBlockKind {
    FB_WHILE,
    FB_FOR,
    FB_TRY_EXCEPT,   /* body of a try with except clauses */
    FB_FINALLY_TRY,  /* body of a try with a finally */
    FB_FINALLY_END,  /* the finally body on the exception path */
    FB_HANDLER,      /* an except clause's body */
    FB_WITH,
    FB_ASYNC_WITH,
    FB_POP_VALUE,    /* a return value waits under a finally body run early */
} FBlockKind;

typedef struct FBlock {
    FBlockKind kind;
    int label_continue, label_break;
    AstSeq *finalbody;
    const char *exc_name;
    /* The handler in force outside this block. */
    int outer_handler, outer_depth;
    bool outer_lasti;
    int stmt_depth; /* stmt_depth outside this block */
} FBlock;

#define MAX_FBLOCKS 64

typedef struct Unit {
    struct Unit *parent;
    Scope *scope;
    ObjList *consts;
    ObjList *names;
    ObjStr *qualname;
    const char *name;
    Instr *code;
    int ncode, code_cap;
    int *labels;
    int nlabels, labels_cap;
    FBlock fblocks[MAX_FBLOCKS];
    int nfblocks;
    int handler, handler_depth;
    bool handler_lasti;
    int stmt_depth;
    Loc loc; /* position given to the instructions emitted now */
    int firstlineno;
    /* slots */
    const char **varnames;
    int nvarnames, varnames_cap;
    const char **cellvars;
    int ncellvars;
    const char **freevars;
    int nfreevars;
    int flags;
    int loop_depth; /* loops in this unit, for break/continue errors */
} Unit;

typedef struct Compiler {
    ThreadState *ts;
    const char *filename;
    Mod *mod;
    Unit *u;
    size_t roots_base;
    jmp_buf fail;
    bool interactive;
} Compiler;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        abort();
    return q;
}

static void compile_error(Compiler *c, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void compile_error(Compiler *c, Loc loc, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t len = 0;
    const char *text =
        interp_source_line(c->ts->interp, c->filename, loc.line, &len);
    char *copy = NULL;
    if (text) {
        copy = malloc(len + 2);
        memcpy(copy, text, len);
        copy[len] = '\n';
        copy[len + 1] = 0;
    }
    int end = loc.end_line == loc.line && loc.end_col > loc.col ? loc.end_col
                                                                : (int)len;
    exc_raise_syntax_range(c->ts, TYPE(c->ts, SyntaxError), msg, c->filename,
                           loc.line, loc.col + 1, end + 1, copy);
    free(copy);
    longjmp(c->fail, 1);
}

/* A failed allocation or other runtime error: the exception is pending. */
static void check_ok(Compiler *c, bool ok)
{
    if (!ok)
        longjmp(c->fail, 1);
}

/* ---- units ----------------------------------------------------------- */

static int add_varname(Unit *u, const char *name)
{
    for (int i = 0; i < u->nvarnames; i++)
        if (strcmp(u->varnames[i], name) == 0)
            return i;
    if (u->nvarnames == u->varnames_cap) {
        u->varnames_cap = u->varnames_cap ? u->varnames_cap * 2 : 8;
        u->varnames = xrealloc(u->varnames, u->varnames_cap * sizeof(char *));
    }
    u->varnames[u->nvarnames] = name;
    return u->nvarnames++;
}

static bool is_function_scope(const Scope *s)
{
    return s->kind == SCOPE_FUNCTION || s->kind == SCOPE_COMPREHENSION;
}

static ObjStr *make_qualname(Compiler *c, Unit *parent, Scope *s)
{
    ThreadState *ts = c->ts;
    if (!parent || parent->scope->kind == SCOPE_MODULE)
        return str_intern_cstr(ts, s->name);
    /* a function declared global in its parent is named at top level */
    Symbol *sym = symtable_lookup(parent->scope, s->name);
    if (sym && sym->scope == SC_GLOBAL_EXPLICIT && s->kind != SCOPE_COMPREHENSION)
        return str_intern_cstr(ts, s->name);
    const char *sep = parent->scope->kind == SCOPE_CLASS ? "." : ".<locals>.";
    ObjStr *q = str_printf(ts, "%s%s%s", parent->qualname->data, sep, s->name);
    check_ok(c, q != NULL);
    return q;
}

static Unit *unit_push(Compiler *c, Scope *scope, int firstlineno)
{
    ThreadState *ts = c->ts;
    Unit *u = calloc(1, sizeof(Unit));
    if (!u)
        abort();
    u->parent = c->u;
    u->scope = scope;
    u->name = scope->name;
    u->firstlineno = firstlineno;
    u->loc = (Loc){firstlineno, -1, firstlineno, -1};
    u->handler = NO_LABEL;
    c->u = u;
    u->consts = list_new(ts, 8);
    check_ok(c, u->consts != NULL);
    PROTECT_OBJ(ts, u->consts);
    u->names = list_new(ts, 8);
    check_ok(c, u->names != NULL);
    PROTECT_OBJ(ts, u->names);
    u->qualname = make_qualname(c, u->parent, scope);
    PROTECT_OBJ(ts, u->qualname);
    if (is_function_scope(scope)) {
        u->flags |= CODE_OPTIMIZED | CODE_NEWLOCALS;
        if (u->parent && u->parent->scope->kind != SCOPE_MODULE)
            u->flags |= CODE_NESTED;
        for (int i = 0; i < scope->nparams; i++)
            add_varname(u, scope->params[i]);
        for (int i = 0; i < scope->nsyms; i++)
            if (scope->syms[i].scope == SC_LOCAL)
                add_varname(u, scope->syms[i].name);
        if (scope->varargs)
            u->flags |= CODE_VARARGS;
        if (scope->varkw)
            u->flags |= CODE_VARKEYWORDS;
        if (scope->generator && scope->coroutine)
            u->flags |= CODE_ASYNC_GENERATOR;
        else if (scope->generator)
            u->flags |= CODE_GENERATOR;
        else if (scope->coroutine)
            u->flags |= CODE_COROUTINE;
    }
    int nc = 0, nf = 0;
    for (int i = 0; i < scope->nsyms; i++) {
        if (scope->syms[i].scope == SC_CELL)
            nc++;
        if (scope->syms[i].scope == SC_FREE ||
            (scope->syms[i].flags & SYM_PASS_FREE))
            nf++;
    }
    u->cellvars = calloc(nc + 1, sizeof(char *));
    u->freevars = calloc(nf + 1, sizeof(char *));
    /* cells of parameters first, in parameter order, as CPython does */
    for (int i = 0; i < scope->nsyms; i++)
        if (scope->syms[i].scope == SC_CELL)
            u->cellvars[u->ncellvars++] = scope->syms[i].name;
    for (int i = 0; i < scope->nsyms; i++)
        if (scope->syms[i].scope == SC_FREE ||
            (scope->syms[i].flags & SYM_PASS_FREE))
            u->freevars[u->nfreevars++] = scope->syms[i].name;
    if (nf == 0 && nc == 0)
        u->flags |= CODE_NOFREE;
    return u;
}

static void unit_free(Unit *u)
{
    free(u->code);
    free(u->labels);
    free(u->varnames);
    free(u->cellvars);
    free(u->freevars);
    free(u);
}

static void unit_pop(Compiler *c)
{
    Unit *u = c->u;
    c->u = u->parent;
    UNPROTECT(c->ts, 3);
    unit_free(u);
}

/* ---- emitting -------------------------------------------------------- */

static int new_label(Compiler *c)
{
    Unit *u = c->u;
    if (u->nlabels == u->labels_cap) {
        u->labels_cap = u->labels_cap ? u->labels_cap * 2 : 16;
        u->labels = xrealloc(u->labels, u->labels_cap * sizeof(int));
    }
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}

static void use_label(Compiler *c, int label)
{
    c->u->labels[label] = c->u->ncode;
}

static void emit(Compiler *c, int op, int arg)
{
    Unit *u = c->u;
    if (u->ncode == u->code_cap) {
        u->code_cap = u->code_cap ? u->code_cap * 2 : 64;
        u->code = xrealloc(u->code, u->code_cap * sizeof(Instr));
    }
    if (code_op_size(op) == 3 && (arg < 0 || arg > 0xffff))
        compile_error(c, u->loc,
                      "too many constants, names or arguments");
    Instr *in = &u->code[u->ncode++];
    in->op = (uint8_t)op;
    in->arg = arg;
    in->loc = u->loc;
    in->handler = u->handler;
    in->handler_depth = u->handler_depth;
    in->handler_lasti = u->handler_lasti;
}

#define EMIT(c, op) emit((c), OP_##op, 0)
#define EMIT_ARG(c, op, a) emit((c), OP_##op, (a))

static void set_handler(Compiler *c, int label, int depth)
{
    c->u->handler = label;
    c->u->handler_depth = depth;
    c->u->handler_lasti = false;
}

static int add_const(Compiler *c, Value v)
{
    ObjList *l = c->u->consts;
    for (size_t i = 0; i < l->len; i++) {
        Value w = l->items[i];
        if (w.tag != v.tag)
            continue;
        if (IS_FLOAT(v)) {
            /* 0.0 and -0.0 are different constants */
            if (memcmp(&w.as.f, &v.as.f, sizeof(double)) == 0)
                return (int)i;
            continue;
        }
        if (value_is(w, v))
            return (int)i;
        if (IS_STR(v) && IS_STR(w) && str_equal(AS_STR(v), AS_STR(w)))
            return (int)i;
    }
    PROTECT(c->ts, v);
    int rc = list_append(c->ts, l, v);
    UNPROTECT(c->ts, 1);
    check_ok(c, rc == 0);
    return (int)(l->len - 1);
}

static void load_const(Compiler *c, Value v)
{
    EMIT_ARG(c, LOAD_CONST, add_const(c, v));
}

static int add_name_str(Compiler *c, ObjStr *s)
{
    ObjList *l = c->u->names;
    for (size_t i = 0; i < l->len; i++)
        if (AS_STR(l->items[i]) == s)
            return (int)i;
    check_ok(c, list_append(c->ts, l, OBJ_VAL(s)) == 0);
    return (int)(l->len - 1);
}

static ObjStr *intern(Compiler *c, const char *s)
{
    ObjStr *o = str_intern_cstr(c->ts, s);
    check_ok(c, o != NULL);
    return o;
}

static int add_name(Compiler *c, const char *name)
{
    return add_name_str(c, intern(c, name));
}

static Value const_str(Compiler *c, const char *s, size_t len)
{
    ObjStr *o = str_intern(c->ts, s, len);
    check_ok(c, o != NULL);
    return OBJ_VAL(o);
}

/* ---- names ----------------------------------------------------------- */

static int deref_index(Compiler *c, const char *name)
{
    Unit *u = c->u;
    for (int i = 0; i < u->ncellvars; i++)
        if (strcmp(u->cellvars[i], name) == 0)
            return i;
    for (int i = 0; i < u->nfreevars; i++)
        if (strcmp(u->freevars[i], name) == 0)
            return u->ncellvars + i;
    return -1;
}

static void compile_name(Compiler *c, const char *name, ExprContext ctx)
{
    Unit *u = c->u;
    Symbol *sym = symtable_lookup(u->scope, name);
    SymScope sc = sym ? sym->scope : SC_GLOBAL_IMPLICIT;
    ScopeKind kind = u->scope->kind;
    if (sc == SC_CELL || sc == SC_FREE) {
        int idx = deref_index(c, name);
        if (kind == SCOPE_CLASS && sc == SC_FREE && ctx == CTX_LOAD &&
            !(sym->flags & SYM_NONLOCAL)) {
            EMIT_ARG(c, LOAD_CLASSDEREF, idx);
            return;
        }
        if (kind == SCOPE_CLASS && sc == SC_CELL) {
            /* only __class__: the body itself sees it by name */
            goto by_name;
        }
        if (ctx == CTX_LOAD)
            EMIT_ARG(c, LOAD_DEREF, idx);
        else if (ctx == CTX_STORE)
            EMIT_ARG(c, STORE_DEREF, idx);
        else
            EMIT_ARG(c, DELETE_DEREF, idx);
        return;
    }
    if (sc == SC_GLOBAL_EXPLICIT ||
        (sc == SC_GLOBAL_IMPLICIT && is_function_scope(u->scope))) {
        int idx = add_name(c, name);
        if (ctx == CTX_LOAD)
            EMIT_ARG(c, LOAD_GLOBAL, idx);
        else if (ctx == CTX_STORE)
            EMIT_ARG(c, STORE_GLOBAL, idx);
        else
            EMIT_ARG(c, DELETE_GLOBAL, idx);
        return;
    }
    if (sc == SC_LOCAL && is_function_scope(u->scope)) {
        int idx = add_varname(u, name);
        if (ctx == CTX_LOAD)
            EMIT_ARG(c, LOAD_FAST, idx);
        else if (ctx == CTX_STORE)
            EMIT_ARG(c, STORE_FAST, idx);
        else
            EMIT_ARG(c, DELETE_FAST, idx);
        return;
    }
by_name: {
    int idx = add_name(c, name);
    if (ctx == CTX_LOAD)
        EMIT_ARG(c, LOAD_NAME, idx);
    else if (ctx == CTX_STORE)
        EMIT_ARG(c, STORE_NAME, idx);
    else
        EMIT_ARG(c, DELETE_NAME, idx);
}
}

/* ---- expressions ----------------------------------------------------- */

static void compile_expr(Compiler *c, Expr *e);
static void compile_stmts(Compiler *c, AstSeq *body);
static void compile_store(Compiler *c, Expr *target);
static ObjCode *assemble(Compiler *c);

static Value constant_value(Compiler *c, Constant *k, Loc loc)
{
    ThreadState *ts = c->ts;
    switch (k->kind) {
    case CONST_NONE:
        return NONE_VAL;
    case CONST_TRUE:
        return TRUE_VAL;
    case CONST_FALSE:
        return FALSE_VAL;
    case CONST_ELLIPSIS:
        return ts->interp->ellipsis;
    case CONST_INT:
        return INT_VAL(k->i);
    case CONST_BIGINT: {
        Value v = int_from_decimal(ts, k->str);
        check_ok(c, !IS_ERR(v));
        return v;
    }
    case CONST_FLOAT:
        return FLOAT_VAL(k->f);
    case CONST_IMAG:
        compile_error(c, loc, "complex numbers are not supported");
    case CONST_STR:
        return const_str(c, k->str, k->len);
    case CONST_BYTES: {
        ObjBytes *b = gc_alloc(ts, sizeof(ObjBytes) + k->len + 1, OBJ_BYTES,
                               TYPE(ts, BYTES));
        check_ok(c, b != NULL);
        memcpy(b->data, k->str, k->len);
        b->len = k->len;
        b->hash = str_hash_bytes(k->str, k->len);
        return OBJ_VAL(b);
    }
    }
    return NONE_VAL;
}

static bool has_starred(AstSeq *elts)
{
    for (int i = 0; i < elts->len; i++)
        if (((Expr *)elts->items[i])->kind == E_STARRED)
            return true;
    return false;
}

/* ---- constant folding ------------------------------------------------
 *
 * CPython's AST optimizer replaces an expression of constants by its value
 * before compiling.  Whether a display's items are constants decides how
 * it is built, and for a set the order it iterates in, so mpy folds what
 * can matter there: unary and binary operations on numbers, with CPython's
 * limit on the size of int results (MAX_INT_SIZE: 128 bits), str
 * concatenation and tuples of constants.  (CPython also folds repetitions
 * of str and tuples, `not`, and subscripts of constants.)  An operation
 * that fails (1/0) is left to raise at run time. */

#define FOLD_MAX_INT_BITS 128

static bool fold_constant(Compiler *c, Expr *e, Value *out);

/* The number of bits of int-like [v]'s magnitude. */
static size_t int_bits(Value v)
{
    if (IS_BIGINT(v))
        return mpz_sizeinbase(AS_BIGINT(v)->z, 2);
    int64_t i = IS_BOOL(v) ? AS_BOOL(v) : AS_INT(v);
    uint64_t m = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
    size_t n = 0;
    while (m) {
        n++;
        m >>= 1;
    }
    return n;
}

static bool int_is_zero(Value v)
{
    return !IS_BIGINT(v) && (IS_BOOL(v) ? !AS_BOOL(v) : AS_INT(v) == 0);
}

static bool is_number(Value v)
{
    return num_is_int(v) || IS_FLOAT(v);
}

/* CPython's safe_multiply, safe_power and safe_lshift: would the int
 * result be too big to fold? */
static bool fold_too_big(BinaryOp op, Value a, Value b)
{
    if (!num_is_int(a) || !num_is_int(b) || int_is_zero(a) || int_is_zero(b))
        return false;
    size_t abits = int_bits(a);
    if (op == BIN_MUL)
        return abits + int_bits(b) > FOLD_MAX_INT_BITS;
    int64_t n;
    if (op == BIN_POW || op == BIN_LSHIFT) {
        if (!int_to_int64(b, &n))
            return true;
        if (n < 0)
            return false; /* a float power, or a ValueError at run time */
        if (op == BIN_POW)
            return abits > FOLD_MAX_INT_BITS / (uint64_t)n;
        return n > FOLD_MAX_INT_BITS || abits > FOLD_MAX_INT_BITS - (size_t)n;
    }
    return false;
}

static bool fold_binop(Compiler *c, Expr *e, Value *out)
{
    ThreadState *ts = c->ts;
    BinaryOp op = e->u.binop.op;
    Value a, b;
    if (op == BIN_MATMUL || !fold_constant(c, e->u.binop.left, &a))
        return false;
    PROTECT(ts, a);
    bool ok = fold_constant(c, e->u.binop.right, &b);
    UNPROTECT(ts, 1);
    if (!ok)
        return false;
    Value r;
    if (is_number(a) && is_number(b)) {
        if (fold_too_big(op, a, b))
            return false;
        PROTECT(ts, a);
        PROTECT(ts, b);
        r = obj_binary_op(ts, op, a, b, false);
        UNPROTECT(ts, 2);
    } else if (op == BIN_ADD && IS_STR(a) && IS_STR(b)) {
        PROTECT(ts, a);
        PROTECT(ts, b);
        r = obj_binary_op(ts, op, a, b, false);
        UNPROTECT(ts, 2);
    } else {
        return false;
    }
    if (IS_ERR(r)) {
        exc_clear(ts);
        return false;
    }
    *out = r;
    return true;
}

static bool fold_unaryop(Compiler *c, Expr *e, Value *out)
{
    ThreadState *ts = c->ts;
    Value v;
    if (e->u.unary.op == UN_NOT || !fold_constant(c, e->u.unary.operand, &v) ||
        !is_number(v))
        return false;
    PROTECT(ts, v);
    Value r = obj_unary_op(ts, e->u.unary.op, v);
    UNPROTECT(ts, 1);
    if (IS_ERR(r)) {
        exc_clear(ts);
        return false;
    }
    *out = r;
    return true;
}

/* A tuple of the values of [elts], or NULL when one is not a constant
 * (or is starred). */
static ObjTuple *fold_elements(Compiler *c, AstSeq *elts)
{
    ThreadState *ts = c->ts;
    ObjTuple *t = tuple_new(ts, (size_t)elts->len);
    check_ok(c, t != NULL);
    for (int i = 0; i < elts->len; i++)
        t->items[i] = NONE_VAL;
    PROTECT_OBJ(ts, t);
    for (int i = 0; i < elts->len; i++) {
        Value v;
        if (!fold_constant(c, elts->items[i], &v)) {
            UNPROTECT(ts, 1);
            return NULL;
        }
        t->items[i] = v;
    }
    UNPROTECT(ts, 1);
    return t;
}

/* Is [e] a constant after folding?  Its value in *out (not rooted). */
static bool fold_constant(Compiler *c, Expr *e, Value *out)
{
    switch (e->kind) {
    case E_CONSTANT:
        if (e->u.constant.kind == CONST_IMAG)
            return false;
        *out = constant_value(c, &e->u.constant, e->loc);
        return true;
    case E_UNARYOP:
        return fold_unaryop(c, e, out);
    case E_BINOP:
        return fold_binop(c, e, out);
    case E_TUPLE: {
        if (e->u.seq.elts.len == 0) {
            *out = OBJ_VAL(c->ts->interp->empty_tuple);
            return true;
        }
        ObjTuple *t = fold_elements(c, &e->u.seq.elts);
        if (!t)
            return false;
        *out = OBJ_VAL(t);
        return true;
    }
    default:
        return false;
    }
}

/* The frozenset constant for a set display of constants [t].  CPython
 * makes it from the tuple of items, then its constant merging makes it
 * again from the items in the first one's iteration order; both steps
 * shape the table, and so the order in which the set iterates. */
static Value constant_frozenset(Compiler *c, ObjTuple *t)
{
    ThreadState *ts = c->ts;
    PROTECT_OBJ(ts, t);
    ObjSet *first = set_from_iterable(ts, OBJ_VAL(t), true);
    UNPROTECT(ts, 1);
    check_ok(c, first != NULL);
    PROTECT_OBJ(ts, first);
    ObjTuple *order = tuple_new(ts, set_len(first));
    if (!order) {
        UNPROTECT(ts, 1);
        check_ok(c, false);
    }
    size_t pos = 0, i = 0;
    Value k;
    while (set_next(first, &pos, &k))
        order->items[i++] = k;
    PROTECT_OBJ(ts, order);
    ObjSet *fs = set_from_iterable(ts, OBJ_VAL(order), true);
    UNPROTECT(ts, 2);
    check_ok(c, fs != NULL);
    return OBJ_VAL(fs);
}

/* A list, tuple or set display: [op] is BUILD_LIST/TUPLE/SET. */
static void compile_sequence(Compiler *c, AstSeq *elts, int kind)
{
    int n = elts->len;
    ObjTuple *folded = NULL;
    if (!has_starred(elts) && (kind == E_TUPLE ? n > 0 : n > 2))
        folded = fold_elements(c, elts);
    if (folded) {
        /* CPython 3.11: a tuple is one constant; a list or set of three
         * or more constants is built empty and extended from a tuple or
         * frozenset constant.  For a set this decides the iteration
         * order, which depends on how the tables grew. */
        Value k =
            kind == E_SET ? constant_frozenset(c, folded) : OBJ_VAL(folded);
        PROTECT(c->ts, k);
        if (kind == E_TUPLE) {
            load_const(c, k);
        } else if (kind == E_LIST) {
            EMIT_ARG(c, BUILD_LIST, 0);
            load_const(c, k);
            EMIT_ARG(c, LIST_EXTEND, 1);
        } else {
            EMIT_ARG(c, BUILD_SET, 0);
            load_const(c, k);
            EMIT_ARG(c, SET_UPDATE, 1);
        }
        UNPROTECT(c->ts, 1);
        return;
    }
    if (!has_starred(elts) && n < 256) {
        for (int i = 0; i < n; i++)
            compile_expr(c, elts->items[i]);
        if (kind == E_TUPLE)
            EMIT_ARG(c, BUILD_TUPLE, n);
        else if (kind == E_LIST)
            EMIT_ARG(c, BUILD_LIST, n);
        else
            EMIT_ARG(c, BUILD_SET, n);
        return;
    }
    if (kind == E_SET)
        EMIT_ARG(c, BUILD_SET, 0);
    else
        EMIT_ARG(c, BUILD_LIST, 0);
    for (int i = 0; i < n; i++) {
        Expr *x = elts->items[i];
        if (x->kind == E_STARRED) {
            compile_expr(c, x->u.value.value);
            if (kind == E_SET)
                EMIT_ARG(c, SET_UPDATE, 1);
            else
                EMIT_ARG(c, LIST_EXTEND, 1);
        } else {
            compile_expr(c, x);
            if (kind == E_SET)
                EMIT_ARG(c, SET_ADD, 1);
            else
                EMIT_ARG(c, LIST_APPEND, 1);
        }
    }
    if (kind == E_TUPLE)
        EMIT(c, LIST_TO_TUPLE);
}

static void compile_dict(Compiler *c, Expr *e)
{
    int n = e->u.dict.keys.len;
    bool unpack = false;
    for (int i = 0; i < n; i++)
        if (!e->u.dict.keys.items[i])
            unpack = true;
    if (!unpack && n < 256) {
        for (int i = 0; i < n; i++) {
            compile_expr(c, e->u.dict.keys.items[i]);
            compile_expr(c, e->u.dict.values.items[i]);
        }
        EMIT_ARG(c, BUILD_MAP, n);
        return;
    }
    EMIT_ARG(c, BUILD_MAP, 0);
    for (int i = 0; i < n; i++) {
        Expr *k = e->u.dict.keys.items[i];
        if (k) {
            compile_expr(c, k);
            compile_expr(c, e->u.dict.values.items[i]);
            EMIT_ARG(c, MAP_ADD, 1);
        } else {
            compile_expr(c, e->u.dict.values.items[i]);
            EMIT_ARG(c, DICT_UPDATE, 1);
        }
    }
}

/* An iterable that is only iterated (a for loop's, a comprehension's) or
 * searched (the right operand of a final `in`): CPython's AST optimizer
 * turns a list display into a tuple and a set display of constants into a
 * frozenset constant, which iterates in that frozenset's order. */
static void compile_iterable(Compiler *c, Expr *e)
{
    Unit *u = c->u;
    AstSeq *elts = &e->u.seq.elts;
    if ((e->kind != E_LIST && e->kind != E_SET) || has_starred(elts)) {
        compile_expr(c, e);
        return;
    }
    if (e->kind == E_LIST) {
        Loc saved = u->loc;
        u->loc = e->loc;
        compile_sequence(c, elts, E_TUPLE);
        u->loc = saved;
        return;
    }
    ObjTuple *folded = fold_elements(c, elts);
    if (!folded) {
        compile_expr(c, e);
        return;
    }
    Value fs = constant_frozenset(c, folded);
    PROTECT(c->ts, fs);
    Loc saved = u->loc;
    u->loc = e->loc;
    load_const(c, fs);
    u->loc = saved;
    UNPROTECT(c->ts, 1);
}

/* Jump to [label] when [e] is [cond]; fall through otherwise. */
static void compile_jump_if(Compiler *c, Expr *e, int label, bool cond)
{
    if (e->kind == E_UNARYOP && e->u.unary.op == UN_NOT) {
        compile_jump_if(c, e->u.unary.operand, label, !cond);
        return;
    }
    if (e->kind == E_BOOLOP) {
        bool is_and = e->u.boolop.op == BOOL_AND;
        AstSeq *vals = &e->u.boolop.values;
        if (is_and != cond) {
            /* (and, jump if true) or (or, jump if false): every operand
             * must agree, so jump on the last one */
            for (int i = 0; i < vals->len - 1; i++)
                compile_jump_if(c, vals->items[i], label, cond);
            compile_jump_if(c, vals->items[vals->len - 1], label, cond);
        } else {
            int skip = new_label(c);
            for (int i = 0; i < vals->len - 1; i++)
                compile_jump_if(c, vals->items[i], skip, !cond);
            compile_jump_if(c, vals->items[vals->len - 1], label, cond);
            use_label(c, skip);
        }
        return;
    }
    compile_expr(c, e);
    if (cond)
        emit(c, OP_POP_JUMP_IF_TRUE, label);
    else
        emit(c, OP_POP_JUMP_IF_FALSE, label);
}

static void compile_boolop(Compiler *c, Expr *e)
{
    int end = new_label(c);
    AstSeq *vals = &e->u.boolop.values;
    int op = e->u.boolop.op == BOOL_AND ? OP_JUMP_IF_FALSE_OR_POP
                                        : OP_JUMP_IF_TRUE_OR_POP;
    for (int i = 0; i < vals->len - 1; i++) {
        compile_expr(c, vals->items[i]);
        emit(c, op, end);
    }
    compile_expr(c, vals->items[vals->len - 1]);
    use_label(c, end);
}

static void emit_compare_op(Compiler *c, int op)
{
    switch (op) {
    case CMPX_IS:
        EMIT_ARG(c, IS_OP, 0);
        break;
    case CMPX_IS_NOT:
        EMIT_ARG(c, IS_OP, 1);
        break;
    case CMPX_IN:
        EMIT_ARG(c, CONTAINS_OP, 0);
        break;
    case CMPX_NOT_IN:
        EMIT_ARG(c, CONTAINS_OP, 1);
        break;
    default:
        EMIT_ARG(c, COMPARE_OP, op);
        break;
    }
}

static void compile_compare(Compiler *c, Expr *e)
{
    int n = e->u.compare.comparators.len;
    compile_expr(c, e->u.compare.left);
    int last_op = e->u.compare.ops[n - 1];
    if (n == 1) {
        if (last_op == CMPX_IN || last_op == CMPX_NOT_IN)
            compile_iterable(c, e->u.compare.comparators.items[0]);
        else
            compile_expr(c, e->u.compare.comparators.items[0]);
        emit_compare_op(c, e->u.compare.ops[0]);
        return;
    }
    int cleanup = new_label(c), end = new_label(c);
    for (int i = 0; i < n - 1; i++) {
        compile_expr(c, e->u.compare.comparators.items[i]);
        EMIT(c, DUP_TOP);
        EMIT(c, ROT_THREE);
        emit_compare_op(c, e->u.compare.ops[i]);
        emit(c, OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    if (last_op == CMPX_IN || last_op == CMPX_NOT_IN)
        compile_iterable(c, e->u.compare.comparators.items[n - 1]);
    else
        compile_expr(c, e->u.compare.comparators.items[n - 1]);
    emit_compare_op(c, e->u.compare.ops[n - 1]);
    emit(c, OP_JUMP_FORWARD, end);
    use_label(c, cleanup);
    EMIT(c, ROT_TWO);
    EMIT(c, POP_TOP);
    use_label(c, end);
}

static bool call_is_simple(Expr *e)
{
    if (has_starred(&e->u.call.args))
        return false;
    for (int i = 0; i < e->u.call.keywords.len; i++)
        if (!((Keyword *)e->u.call.keywords.items[i])->arg)
            return false;
    return true;
}

/* Push a tuple of keyword names for CALL_*_KW. */
static void load_kwnames(Compiler *c, AstSeq *keywords)
{
    int n = keywords->len;
    ObjTuple *t = tuple_new(c->ts, n);
    check_ok(c, t != NULL);
    PROTECT_OBJ(c->ts, t);
    for (int i = 0; i < n; i++) {
        Keyword *k = keywords->items[i];
        for (int j = 0; j < i; j++)
            if (strcmp(((Keyword *)keywords->items[j])->arg, k->arg) == 0)
                compile_error(c,
                              (Loc){k->loc.line, k->loc.col,
                                    k->value->loc.end_line,
                                    k->value->loc.end_col},
                              "keyword argument repeated: %s", k->arg);
        t->items[i] = OBJ_VAL(intern(c, k->arg));
    }
    load_const(c, OBJ_VAL(t));
    UNPROTECT(c->ts, 1);
}

/* Arguments for CALL_FUNCTION_EX: a tuple, then maybe a dict.  Returns the
 * flags operand. */
static int compile_ex_args(Compiler *c, Expr *e)
{
    AstSeq *args = &e->u.call.args;
    int nplain = 0;
    while (nplain < args->len &&
           ((Expr *)args->items[nplain])->kind != E_STARRED)
        nplain++;
    for (int i = 0; i < nplain; i++)
        compile_expr(c, args->items[i]);
    EMIT_ARG(c, BUILD_LIST, nplain);
    for (int i = nplain; i < args->len; i++) {
        Expr *x = args->items[i];
        if (x->kind == E_STARRED) {
            compile_expr(c, x->u.value.value);
            EMIT_ARG(c, LIST_EXTEND, 1);
        } else {
            compile_expr(c, x);
            EMIT_ARG(c, LIST_APPEND, 1);
        }
    }
    EMIT(c, LIST_TO_TUPLE);
    AstSeq *kws = &e->u.call.keywords;
    if (kws->len == 0)
        return 0;
    EMIT_ARG(c, BUILD_MAP, 0);
    for (int i = 0; i < kws->len; i++) {
        Keyword *k = kws->items[i];
        if (k->arg) {
            load_const(c, OBJ_VAL(intern(c, k->arg)));
            compile_expr(c, k->value);
            EMIT_ARG(c, BUILD_MAP, 1);
            EMIT_ARG(c, DICT_MERGE, 1);
        } else {
            compile_expr(c, k->value);
            EMIT_ARG(c, DICT_MERGE, 1);
        }
    }
    return 1;
}

/* CPython 3.11's update_start_location_to_match_attr: when attribute
 * [attr] ends on a later line than [loc] starts, an instruction at [loc]
 * that reads it is placed at the attribute's name on that line, so a
 * traceback of a chain of calls split over lines shows the right one. */
static Loc attr_loc(Loc loc, Expr *attr)
{
    if (loc.line == attr->loc.end_line)
        return loc;
    loc.line = attr->loc.end_line;
    /* CPython counts the name's characters against a byte column */
    int len = 0;
    for (const char *p = attr->u.attribute.attr; *p; p++)
        len += ((unsigned char)*p & 0xC0) != 0x80;
    if (len <= attr->loc.end_col) {
        loc.col = attr->loc.end_col - len;
    } else {
        loc.col = -1;
        loc.end_col = -1;
    }
    return loc;
}

static void compile_call(Compiler *c, Expr *e)
{
    Expr *f = e->u.call.func;
    AstSeq *args = &e->u.call.args;
    AstSeq *kws = &e->u.call.keywords;
    if (!call_is_simple(e)) {
        compile_expr(c, f);
        int flags = compile_ex_args(c, e);
        EMIT_ARG(c, CALL_FUNCTION_EX, flags);
        return;
    }
    bool method = f->kind == E_ATTRIBUTE;
    if (method) {
        compile_expr(c, f->u.attribute.value);
        Loc saved = c->u->loc;
        c->u->loc = attr_loc(f->loc, f);
        EMIT_ARG(c, LOAD_METHOD, add_name(c, f->u.attribute.attr));
        c->u->loc = saved;
    } else {
        compile_expr(c, f);
    }
    for (int i = 0; i < args->len; i++)
        compile_expr(c, args->items[i]);
    for (int i = 0; i < kws->len; i++)
        compile_expr(c, ((Keyword *)kws->items[i])->value);
    int n = args->len + kws->len;
    c->u->loc = method ? attr_loc(e->loc, f) : e->loc;
    if (kws->len) {
        load_kwnames(c, kws);
        if (method)
            EMIT_ARG(c, CALL_METHOD_KW, n);
        else
            EMIT_ARG(c, CALL_FUNCTION_KW, n);
    } else {
        if (method)
            EMIT_ARG(c, CALL_METHOD, n);
        else
            EMIT_ARG(c, CALL_FUNCTION, n);
    }
}

static void compile_joinedstr(Compiler *c, Expr *e)
{
    AstSeq *parts = &e->u.seq.elts;
    if (parts->len == 0) {
        load_const(c, const_str(c, "", 0));
        return;
    }
    for (int i = 0; i < parts->len; i++)
        compile_expr(c, parts->items[i]);
    if (parts->len > 1 ||
        ((Expr *)parts->items[0])->kind != E_CONSTANT)
        EMIT_ARG(c, BUILD_STRING, parts->len);
}

static void compile_formatted(Compiler *c, Expr *e)
{
    compile_expr(c, e->u.formatted.value);
    int flags = 0;
    switch (e->u.formatted.conversion) {
    case 's':
        flags = 1;
        break;
    case 'r':
        flags = 2;
        break;
    case 'a':
        flags = 3;
        break;
    }
    if (e->u.formatted.format_spec) {
        compile_expr(c, e->u.formatted.format_spec);
        flags |= 4;
    }
    EMIT_ARG(c, FORMAT_VALUE, flags);
}

static void compile_slice(Compiler *c, Expr *e)
{
    int n = 2;
    if (e->u.slice.lower)
        compile_expr(c, e->u.slice.lower);
    else
        load_const(c, NONE_VAL);
    if (e->u.slice.upper)
        compile_expr(c, e->u.slice.upper);
    else
        load_const(c, NONE_VAL);
    if (e->u.slice.step) {
        compile_expr(c, e->u.slice.step);
        n = 3;
    }
    EMIT_ARG(c, BUILD_SLICE, n);
}

/* Push a function for the code just compiled in unit [child] (already
 * popped) with [flags] extras already on the stack. */
static void make_closure(Compiler *c, ObjCode *code, int flags)
{
    PROTECT_OBJ(c->ts, code);
    if (code->nfreevars > 0) {
        for (size_t i = 0; i < code->nfreevars; i++) {
            const char *name = code->freevars[i]->data;
            int idx = deref_index(c, name);
            if (idx < 0) {
                /* a class scope passing through a name it binds itself */
                compile_error(c, c->u->loc,
                              "internal error: no cell for '%s'", name);
            }
            EMIT_ARG(c, LOAD_CLOSURE, idx);
        }
        EMIT_ARG(c, BUILD_TUPLE, (int)code->nfreevars);
        flags |= 8;
    }
    load_const(c, OBJ_VAL(code));
    UNPROTECT(c->ts, 1);
    EMIT_ARG(c, MAKE_FUNCTION, flags);
}

/* Defaults and keyword-only defaults of [a]; returns MAKE_FUNCTION flags. */
static int compile_defaults(Compiler *c, Arguments *a)
{
    int flags = 0;
    if (a->defaults.len) {
        for (int i = 0; i < a->defaults.len; i++)
            compile_expr(c, a->defaults.items[i]);
        EMIT_ARG(c, BUILD_TUPLE, a->defaults.len);
        flags |= 1;
    }
    int nkw = 0;
    for (int i = 0; i < a->kwonlyargs.len; i++) {
        Expr *d = i < a->kw_defaults.len ? a->kw_defaults.items[i] : NULL;
        if (!d)
            continue;
        Arg *arg = a->kwonlyargs.items[i];
        load_const(c, OBJ_VAL(intern(c, arg->name)));
        compile_expr(c, d);
        nkw++;
    }
    if (nkw) {
        EMIT_ARG(c, BUILD_MAP, nkw);
        flags |= 2;
    }
    return flags;
}

/* await TOS */
static void emit_await(Compiler *c)
{
    EMIT(c, GET_AWAITABLE);
    load_const(c, NONE_VAL);
    EMIT(c, YIELD_FROM);
}

/* Inside a comprehension the stack holds the result being built (not for
 * a generator expression) and one iterator per loop entered.  [depth] is
 * the number of loops outside this one.  An `async for` loop awaits
 * __anext__() under a handler that ends the loop on StopAsyncIteration, as
 * the statement does. */
static void compile_comprehension_body(Compiler *c, Expr *e, int gen_index,
                                       int depth)
{
    Unit *u = c->u;
    AstSeq *gens = &e->u.comp.generators;
    Comprehension *g = gens->items[gen_index];
    int start = new_label(c), end = new_label(c);
    if (gen_index == 0) {
        EMIT_ARG(c, LOAD_FAST, 0); /* .0 */
    } else {
        compile_iterable(c, g->iter);
        if (g->is_async)
            EMIT(c, GET_AITER);
        else
            EMIT(c, GET_ITER);
    }
    use_label(c, start);
    if (g->is_async) {
        int outer = u->handler, outer_depth = u->handler_depth;
        bool outer_lasti = u->handler_lasti;
        int below = (e->kind == E_GENEXP ? 0 : 1) + depth + 1;
        set_handler(c, end, below);
        EMIT(c, GET_ANEXT);
        emit_await(c);
        u->handler = outer;
        u->handler_depth = outer_depth;
        u->handler_lasti = outer_lasti;
    } else {
        emit(c, OP_FOR_ITER, end);
    }
    compile_store(c, g->target);
    for (int i = 0; i < g->ifs.len; i++)
        compile_jump_if(c, g->ifs.items[i], start, false);
    if (gen_index + 1 < gens->len) {
        compile_comprehension_body(c, e, gen_index + 1, depth + 1);
    } else {
        switch (e->kind) {
        case E_LISTCOMP:
            compile_expr(c, e->u.comp.elt);
            EMIT_ARG(c, LIST_APPEND, depth + 2);
            break;
        case E_SETCOMP:
            compile_expr(c, e->u.comp.elt);
            EMIT_ARG(c, SET_ADD, depth + 2);
            break;
        case E_DICTCOMP:
            compile_expr(c, e->u.comp.elt);
            compile_expr(c, e->u.comp.value);
            EMIT_ARG(c, MAP_ADD, depth + 2);
            break;
        default:
            compile_expr(c, e->u.comp.elt);
            EMIT(c, YIELD_VALUE);
            EMIT(c, POP_TOP);
            break;
        }
    }
    emit(c, OP_JUMP_BACKWARD, start);
    use_label(c, end);
    if (g->is_async)
        EMIT(c, END_ASYNC_FOR);
}

static void compile_comprehension(Compiler *c, Expr *e)
{
    Scope *s = symtable_child(c->u->scope, e);
    AstSeq *gens = &e->u.comp.generators;
    Comprehension *first = gens->items[0];
    Unit *u = unit_push(c, s, e->loc.line);
    u->loc = e->loc; /* the loop machinery is at the comprehension's span */
    u->scope->argcount = 1;
    switch (e->kind) {
    case E_LISTCOMP:
        EMIT_ARG(c, BUILD_LIST, 0);
        break;
    case E_SETCOMP:
        EMIT_ARG(c, BUILD_SET, 0);
        break;
    case E_DICTCOMP:
        EMIT_ARG(c, BUILD_MAP, 0);
        break;
    default:
        break;
    }
    compile_comprehension_body(c, e, 0, 0);
    if (e->kind == E_GENEXP)
        load_const(c, NONE_VAL);
    EMIT(c, RETURN_VALUE);
    ObjCode *code = assemble(c);
    unit_pop(c); /* frees C memory only: no collection */
    PROTECT_OBJ(c->ts, code);
    make_closure(c, code, 0);
    UNPROTECT(c->ts, 1);
    compile_iterable(c, first->iter);
    if (first->is_async)
        EMIT(c, GET_AITER);
    else
        EMIT(c, GET_ITER);
    EMIT_ARG(c, CALL_FUNCTION, 1);
    /* an asynchronous list, set or dict comprehension is a coroutine
     * function; an asynchronous generator expression is an async
     * generator, returned as it is */
    if (s->coroutine && e->kind != E_GENEXP)
        emit_await(c);
}

static void compile_lambda(Compiler *c, Expr *e)
{
    int flags = compile_defaults(c, e->u.lambda.args);
    Scope *s = symtable_child(c->u->scope, e);
    unit_push(c, s, e->loc.line);
    compile_expr(c, e->u.lambda.body);
    EMIT(c, RETURN_VALUE);
    ObjCode *code = assemble(c);
    unit_pop(c); /* frees C memory only: no collection */
    PROTECT_OBJ(c->ts, code);
    make_closure(c, code, flags);
    UNPROTECT(c->ts, 1);
}

static const uint8_t binary_ops[BIN__COUNT] = {
    [BIN_ADD] = OP_BINARY_ADD,
    [BIN_SUB] = OP_BINARY_SUBTRACT,
    [BIN_MUL] = OP_BINARY_MULTIPLY,
    [BIN_TRUEDIV] = OP_BINARY_TRUE_DIVIDE,
    [BIN_FLOORDIV] = OP_BINARY_FLOOR_DIVIDE,
    [BIN_MOD] = OP_BINARY_MODULO,
    [BIN_POW] = OP_BINARY_POWER,
    [BIN_LSHIFT] = OP_BINARY_LSHIFT,
    [BIN_RSHIFT] = OP_BINARY_RSHIFT,
    [BIN_AND] = OP_BINARY_AND,
    [BIN_OR] = OP_BINARY_OR,
    [BIN_XOR] = OP_BINARY_XOR,
    [BIN_MATMUL] = OP_BINARY_MATRIX_MULTIPLY,
};

static const uint8_t inplace_ops[BIN__COUNT] = {
    [BIN_ADD] = OP_INPLACE_ADD,
    [BIN_SUB] = OP_INPLACE_SUBTRACT,
    [BIN_MUL] = OP_INPLACE_MULTIPLY,
    [BIN_TRUEDIV] = OP_INPLACE_TRUE_DIVIDE,
    [BIN_FLOORDIV] = OP_INPLACE_FLOOR_DIVIDE,
    [BIN_MOD] = OP_INPLACE_MODULO,
    [BIN_POW] = OP_INPLACE_POWER,
    [BIN_LSHIFT] = OP_INPLACE_LSHIFT,
    [BIN_RSHIFT] = OP_INPLACE_RSHIFT,
    [BIN_AND] = OP_INPLACE_AND,
    [BIN_OR] = OP_INPLACE_OR,
    [BIN_XOR] = OP_INPLACE_XOR,
    [BIN_MATMUL] = OP_INPLACE_MATRIX_MULTIPLY,
};

static void compile_expr(Compiler *c, Expr *e)
{
    Unit *u = c->u;
    Loc saved_loc = u->loc;
    u->loc = e->loc;
    switch (e->kind) {
    case E_BOOLOP:
        compile_boolop(c, e);
        break;
    case E_NAMEDEXPR:
        compile_expr(c, e->u.named.value);
        EMIT(c, DUP_TOP);
        compile_store(c, e->u.named.target);
        break;
    case E_BINOP: {
        Value v;
        if (fold_constant(c, e, &v)) {
            PROTECT(c->ts, v);
            load_const(c, v);
            UNPROTECT(c->ts, 1);
            break;
        }
        compile_expr(c, e->u.binop.left);
        compile_expr(c, e->u.binop.right);
        u->loc = e->loc;
        emit(c, binary_ops[e->u.binop.op], 0);
        break;
    }
    case E_UNARYOP: {
        Value v;
        if (fold_constant(c, e, &v)) {
            PROTECT(c->ts, v);
            load_const(c, v);
            UNPROTECT(c->ts, 1);
            break;
        }
        compile_expr(c, e->u.unary.operand);
        switch (e->u.unary.op) {
        case UN_NEG:
            EMIT(c, UNARY_NEGATIVE);
            break;
        case UN_POS:
            EMIT(c, UNARY_POSITIVE);
            break;
        case UN_INVERT:
            EMIT(c, UNARY_INVERT);
            break;
        default:
            EMIT(c, UNARY_NOT);
            break;
        }
        break;
    }
    case E_LAMBDA:
        compile_lambda(c, e);
        break;
    case E_IFEXP: {
        int orelse = new_label(c), end = new_label(c);
        compile_jump_if(c, e->u.ifexp.test, orelse, false);
        compile_expr(c, e->u.ifexp.body);
        emit(c, OP_JUMP_FORWARD, end);
        use_label(c, orelse);
        compile_expr(c, e->u.ifexp.orelse);
        use_label(c, end);
        break;
    }
    case E_DICT:
        compile_dict(c, e);
        break;
    case E_SET:
    case E_LIST:
    case E_TUPLE:
        compile_sequence(c, &e->u.seq.elts, e->kind);
        break;
    case E_LISTCOMP:
    case E_SETCOMP:
    case E_DICTCOMP:
    case E_GENEXP:
        compile_comprehension(c, e);
        break;
    case E_AWAIT:
        compile_expr(c, e->u.value.value);
        emit_await(c);
        break;
    case E_YIELD:
        if (e->u.value.value)
            compile_expr(c, e->u.value.value);
        else
            load_const(c, NONE_VAL);
        EMIT(c, YIELD_VALUE);
        break;
    case E_YIELDFROM:
        compile_expr(c, e->u.value.value);
        EMIT(c, GET_YIELD_FROM_ITER);
        load_const(c, NONE_VAL);
        EMIT(c, YIELD_FROM);
        break;
    case E_COMPARE:
        compile_compare(c, e);
        break;
    case E_CALL:
        compile_call(c, e);
        break;
    case E_FORMATTED:
        compile_formatted(c, e);
        break;
    case E_JOINEDSTR:
        compile_joinedstr(c, e);
        break;
    case E_CONSTANT:
        load_const(c, constant_value(c, &e->u.constant, e->loc));
        break;
    case E_ATTRIBUTE:
        compile_expr(c, e->u.attribute.value);
        u->loc = attr_loc(e->loc, e);
        if (e->ctx == CTX_LOAD) {
            EMIT_ARG(c, LOAD_ATTR, add_name(c, e->u.attribute.attr));
        } else if (e->ctx == CTX_DEL) {
            EMIT_ARG(c, DELETE_ATTR, add_name(c, e->u.attribute.attr));
        } else {
            EMIT_ARG(c, STORE_ATTR, add_name(c, e->u.attribute.attr));
        }
        break;
    case E_SUBSCRIPT:
        compile_expr(c, e->u.subscript.value);
        compile_expr(c, e->u.subscript.slice);
        u->loc = e->loc;
        if (e->ctx == CTX_DEL)
            EMIT(c, DELETE_SUBSCR);
        else if (e->ctx == CTX_STORE)
            EMIT(c, STORE_SUBSCR);
        else
            EMIT(c, BINARY_SUBSCR);
        break;
    case E_STARRED:
        compile_error(c, e->loc, "can't use starred expression here");
    case E_NAME:
        compile_name(c, e->u.name.id, e->ctx == CTX_DEL ? CTX_DEL
                                      : e->ctx == CTX_STORE ? CTX_STORE
                                                            : CTX_LOAD);
        break;
    case E_SLICE:
        compile_slice(c, e);
        break;
    }
    u->loc = saved_loc;
}

static void compile_unpack(Compiler *c, AstSeq *elts, Loc loc)
{
    int n = elts->len, star = -1;
    for (int i = 0; i < n; i++) {
        if (((Expr *)elts->items[i])->kind == E_STARRED) {
            if (star >= 0)
                compile_error(c, loc, "multiple starred expressions in assignment");
            star = i;
        }
    }
    if (star >= 0) {
        int before = star, after = n - star - 1;
        if (before > 255 || after > 255)
            compile_error(c, loc, "too many expressions in star-unpacking assignment");
        EMIT_ARG(c, UNPACK_EX, before | (after << 8));
    } else {
        EMIT_ARG(c, UNPACK_SEQUENCE, n);
    }
    for (int i = 0; i < n; i++) {
        Expr *t = elts->items[i];
        compile_store(c, t->kind == E_STARRED ? t->u.value.value : t);
    }
}

/* Store TOS into [target]. */
static void compile_store(Compiler *c, Expr *t)
{
    Loc saved = c->u->loc;
    c->u->loc = t->loc;
    switch (t->kind) {
    case E_NAME:
        compile_name(c, t->u.name.id, CTX_STORE);
        break;
    case E_ATTRIBUTE:
        compile_expr(c, t->u.attribute.value);
        c->u->loc = t->loc;
        EMIT_ARG(c, STORE_ATTR, add_name(c, t->u.attribute.attr));
        break;
    case E_SUBSCRIPT:
        compile_expr(c, t->u.subscript.value);
        compile_expr(c, t->u.subscript.slice);
        c->u->loc = t->loc;
        EMIT(c, STORE_SUBSCR);
        break;
    case E_TUPLE:
    case E_LIST:
        compile_unpack(c, &t->u.seq.elts, t->loc);
        break;
    case E_STARRED:
        compile_error(c,
                      (Loc){t->loc.line, t->loc.col,
                            t->u.value.value->loc.end_line,
                            t->u.value.value->loc.end_col},
                      "starred assignment target must be in a list or tuple");
    default:
        compile_error(c, t->loc, "cannot assign to expression");
    }
    c->u->loc = saved;
}

/* Each target is deleted at its own position (a traceback underlines the
 * name, attribute or item that was missing). */
static void compile_delete(Compiler *c, Expr *t)
{
    Loc saved = c->u->loc;
    c->u->loc = t->loc;
    switch (t->kind) {
    case E_NAME:
        compile_name(c, t->u.name.id, CTX_DEL);
        break;
    case E_ATTRIBUTE:
        compile_expr(c, t->u.attribute.value);
        c->u->loc = attr_loc(t->loc, t);
        EMIT_ARG(c, DELETE_ATTR, add_name(c, t->u.attribute.attr));
        break;
    case E_SUBSCRIPT:
        compile_expr(c, t->u.subscript.value);
        compile_expr(c, t->u.subscript.slice);
        EMIT(c, DELETE_SUBSCR);
        break;
    case E_TUPLE:
    case E_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++)
            compile_delete(c, t->u.seq.elts.items[i]);
        break;
    default:
        compile_error(c, t->loc, "cannot delete expression");
    }
    c->u->loc = saved;
}

/* ---- blocks and unwinding -------------------------------------------- */


static FBlock *push_fblock(Compiler *c, FBlockKind kind, Loc loc)
{
    Unit *u = c->u;
    if (u->nfblocks == MAX_FBLOCKS)
        compile_error(c, loc, "too many statically nested blocks");
    FBlock *b = &u->fblocks[u->nfblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->outer_handler = u->handler;
    b->outer_depth = u->handler_depth;
    b->outer_lasti = u->handler_lasti;
    b->stmt_depth = u->stmt_depth;
    b->label_break = b->label_continue = NO_LABEL;
    return b;
}

static void pop_fblock(Compiler *c)
{
    c->u->nfblocks--;
}

static void store_none_and_delete(Compiler *c, const char *name)
{
    load_const(c, NONE_VAL);
    compile_name(c, name, CTX_STORE);
    compile_name(c, name, CTX_DEL);
}

/* Emit the exit code of block [b]; [preserve_tos]: a return value sits on
 * top of what the block keeps on the stack. */
static void unwind_fblock(Compiler *c, FBlock *b, bool preserve_tos)
{
    Unit *u = c->u;
    switch (b->kind) {
    case FB_WHILE:
    case FB_TRY_EXCEPT:
        break;
    case FB_FOR:
        if (preserve_tos)
            EMIT(c, ROT_TWO);
        EMIT(c, POP_TOP);
        break;
    case FB_FINALLY_TRY: {
        /* run the finally body inline, outside this block's handler; the
         * block is popped meanwhile so a return in the finally body does
         * not run it again.  A break, continue or return in that body must
         * first drop the value waiting to be returned: FB_POP_VALUE. */
        int saved_depth = u->stmt_depth;
        u->stmt_depth = b->stmt_depth + (preserve_tos ? 1 : 0);
        if (preserve_tos)
            push_fblock(c, FB_POP_VALUE, (Loc){u->loc.line, 0, u->loc.line, 0});
        compile_stmts(c, b->finalbody);
        if (preserve_tos)
            pop_fblock(c);
        u->stmt_depth = saved_depth;
        break;
    }
    case FB_POP_VALUE:
        if (preserve_tos)
            EMIT(c, ROT_TWO);
        EMIT(c, POP_TOP);
        break;
    case FB_FINALLY_END:
        /* stack: prev_exc, exc [, value] */
        if (preserve_tos)
            EMIT(c, ROT_TWO);
        EMIT(c, POP_TOP);
        if (preserve_tos)
            EMIT(c, ROT_TWO);
        EMIT(c, POP_EXCEPT);
        break;
    case FB_HANDLER:
        /* stack: prev_exc [, value] */
        if (preserve_tos)
            EMIT(c, ROT_TWO);
        EMIT(c, POP_EXCEPT);
        if (b->exc_name)
            store_none_and_delete(c, b->exc_name);
        break;
    case FB_WITH:
    case FB_ASYNC_WITH:
        /* stack: __exit__ [, value] */
        if (preserve_tos)
            EMIT(c, ROT_TWO);
        load_const(c, NONE_VAL);
        EMIT(c, DUP_TOP);
        EMIT(c, DUP_TOP);
        EMIT_ARG(c, CALL_FUNCTION, 3);
        if (b->kind == FB_ASYNC_WITH)
            emit_await(c);
        EMIT(c, POP_TOP);
        break;
    }
}

/* Unwind every block for a return: the value to return is on top. */
static void unwind_blocks(Compiler *c)
{
    Unit *u = c->u;
    int saved_n = u->nfblocks;
    FBlock copy[MAX_FBLOCKS];
    memcpy(copy, u->fblocks, sizeof(FBlock) * saved_n);
    while (u->nfblocks > 0) {
        FBlock cur = u->fblocks[u->nfblocks - 1];
        u->nfblocks--;
        u->handler = cur.outer_handler;
        u->handler_depth = cur.outer_depth;
        u->handler_lasti = cur.outer_lasti;
        unwind_fblock(c, &cur, true);
    }
    /* nested blocks compiled meanwhile reused the slots: put them back */
    memcpy(u->fblocks, copy, sizeof(FBlock) * saved_n);
    u->nfblocks = saved_n;
}

/* ---- statements ------------------------------------------------------ */

static bool is_docstring(AstSeq *body)
{
    if (body->len == 0)
        return false;
    Stmt *s = body->items[0];
    return s->kind == S_EXPR && s->u.value.value->kind == E_CONSTANT &&
           s->u.value.value->u.constant.kind == CONST_STR;
}

static void compile_return(Compiler *c, Stmt *s)
{
    Unit *u = c->u;
    bool has_value = s->u.value.value != NULL;
    if (has_value && (u->flags & CODE_ASYNC_GENERATOR))
        compile_error(c, s->loc, "'return' with value in async generator");
    if (has_value)
        compile_expr(c, s->u.value.value);
    else
        load_const(c, NONE_VAL);
    int sh = u->handler, sd = u->handler_depth;
    bool sl = u->handler_lasti;
    unwind_blocks(c);
    u->loc = s->loc;
    EMIT(c, RETURN_VALUE);
    u->handler = sh;
    u->handler_depth = sd;
    u->handler_lasti = sl;
}

static void compile_break_continue(Compiler *c, Stmt *s, bool is_break)
{
    Unit *u = c->u;
    int sh = u->handler, sd = u->handler_depth;
    bool sl = u->handler_lasti;
    bool any_loop = false;
    for (int i = 0; i < u->nfblocks; i++)
        if (u->fblocks[i].kind == FB_WHILE || u->fblocks[i].kind == FB_FOR)
            any_loop = true;
    if (!any_loop) {
        if (is_break)
            compile_error(c, s->loc, "'break' outside loop");
        compile_error(c, s->loc, "'continue' not properly in loop");
    }
    /* unwind the blocks inside the loop, keeping the loop itself */
    int n = u->nfblocks;
    FBlock saved[MAX_FBLOCKS];
    memcpy(saved, u->fblocks, sizeof(FBlock) * n);
    FBlock *loop = NULL;
    while (u->nfblocks > 0) {
        FBlock *b = &u->fblocks[u->nfblocks - 1];
        if (b->kind == FB_WHILE || b->kind == FB_FOR) {
            loop = b;
            break;
        }
        FBlock cur = *b;
        u->nfblocks--;
        u->handler = cur.outer_handler;
        u->handler_depth = cur.outer_depth;
        u->handler_lasti = cur.outer_lasti;
        unwind_fblock(c, &cur, false);
    }
    u->loc = s->loc;
    if (is_break) {
        if (loop->kind == FB_FOR)
            EMIT(c, POP_TOP);
        emit(c, OP_JUMP_FORWARD, loop->label_break);
    } else {
        emit(c, OP_JUMP_BACKWARD, loop->label_continue);
    }
    memcpy(u->fblocks, saved, sizeof(FBlock) * n);
    u->nfblocks = n;
    u->handler = sh;
    u->handler_depth = sd;
    u->handler_lasti = sl;
}

static void compile_if(Compiler *c, Stmt *s)
{
    int end = new_label(c);
    int orelse = s->u.if_.orelse.len ? new_label(c) : end;
    compile_jump_if(c, s->u.if_.test, orelse, false);
    compile_stmts(c, &s->u.if_.body);
    if (s->u.if_.orelse.len) {
        emit(c, OP_JUMP_FORWARD, end);
        use_label(c, orelse);
        compile_stmts(c, &s->u.if_.orelse);
    }
    use_label(c, end);
}

static bool is_true_constant(Expr *e)
{
    if (e->kind != E_CONSTANT)
        return false;
    Constant *k = &e->u.constant;
    return k->kind == CONST_TRUE || (k->kind == CONST_INT && k->i != 0);
}

static void compile_while(Compiler *c, Stmt *s)
{
    int start = new_label(c), orelse = new_label(c), end = new_label(c);
    use_label(c, start);
    if (!is_true_constant(s->u.while_.test))
        compile_jump_if(c, s->u.while_.test, orelse, false);
    FBlock *b = push_fblock(c, FB_WHILE, s->loc);
    b->label_continue = start;
    b->label_break = end;
    compile_stmts(c, &s->u.while_.body);
    pop_fblock(c);
    c->u->loc = s->loc;
    emit(c, OP_JUMP_BACKWARD, start);
    use_label(c, orelse);
    compile_stmts(c, &s->u.while_.orelse);
    use_label(c, end);
}

/* async for: the loop ends when awaiting __anext__() raises
 * StopAsyncIteration, which a handler around the await turns into the
 * loop's exit (END_ASYNC_FOR). */
static void compile_async_for(Compiler *c, Stmt *s)
{
    Unit *u = c->u;
    int start = new_label(c), stop = new_label(c), end = new_label(c);
    int outer = u->handler, outer_depth = u->handler_depth;
    bool outer_lasti = u->handler_lasti;
    compile_expr(c, s->u.for_.iter);
    EMIT(c, GET_AITER);
    use_label(c, start);
    set_handler(c, stop, u->stmt_depth + 1);
    EMIT(c, GET_ANEXT);
    emit_await(c);
    u->handler = outer;
    u->handler_depth = outer_depth;
    u->handler_lasti = outer_lasti;
    FBlock *b = push_fblock(c, FB_FOR, s->loc);
    b->label_continue = start;
    b->label_break = end;
    u->stmt_depth++;
    compile_store(c, s->u.for_.target);
    compile_stmts(c, &s->u.for_.body);
    u->stmt_depth--;
    pop_fblock(c);
    emit(c, OP_JUMP_BACKWARD, start);
    use_label(c, stop);
    u->loc = s->loc;
    EMIT(c, END_ASYNC_FOR);
    compile_stmts(c, &s->u.for_.orelse);
    use_label(c, end);
}

static void compile_for(Compiler *c, Stmt *s)
{
    if (s->u.for_.is_async) {
        compile_async_for(c, s);
        return;
    }
    Unit *u = c->u;
    int start = new_label(c), cleanup = new_label(c), end = new_label(c);
    compile_iterable(c, s->u.for_.iter);
    EMIT(c, GET_ITER);
    use_label(c, start);
    emit(c, OP_FOR_ITER, cleanup);
    FBlock *b = push_fblock(c, FB_FOR, s->loc);
    b->label_continue = start;
    b->label_break = end;
    u->stmt_depth++;
    compile_store(c, s->u.for_.target);
    compile_stmts(c, &s->u.for_.body);
    u->stmt_depth--;
    pop_fblock(c);
    emit(c, OP_JUMP_BACKWARD, start); /* on the body's last line, as CPython */
    use_label(c, cleanup);
    compile_stmts(c, &s->u.for_.orelse);
    use_label(c, end);
}

/* except clauses; the exception is on the stack at [handler_label]. */
static void compile_try_except(Compiler *c, Stmt *s)
{
    Unit *u = c->u;
    int d = u->stmt_depth;
    int handler = new_label(c), cleanup = new_label(c), end = new_label(c);
    int outer = u->handler, outer_depth = u->handler_depth;
    bool outer_lasti = u->handler_lasti;

    push_fblock(c, FB_TRY_EXCEPT, s->loc);
    set_handler(c, handler, d);
    compile_stmts(c, &s->u.try_.body);
    pop_fblock(c);
    u->handler = outer;
    u->handler_depth = outer_depth;
    u->handler_lasti = outer_lasti;
    compile_stmts(c, &s->u.try_.orelse);
    emit(c, OP_JUMP_FORWARD, end);

    /* exception path: [exc] at depth d */
    use_label(c, handler);
    set_handler(c, cleanup, d + 1);
    EMIT(c, PUSH_EXC_INFO);
    AstSeq *hs = &s->u.try_.handlers;
    for (int i = 0; i < hs->len; i++) {
        ExceptHandler *h = hs->items[i];
        u->loc = h->loc;
        int next = new_label(c);
        if (!h->type && i < hs->len - 1)
            compile_error(c, h->loc, "default 'except:' must be last");
        if (h->type) {
            compile_expr(c, h->type);
            EMIT(c, CHECK_EXC_MATCH);
            emit(c, OP_POP_JUMP_IF_FALSE, next);
        }
        if (h->name)
            compile_name(c, h->name, CTX_STORE);
        else
            EMIT(c, POP_TOP);
        /* body: [prev] at depth d+1 */
        u->stmt_depth = d + 1;
        int name_cleanup = NO_LABEL;
        if (h->name) {
            name_cleanup = new_label(c);
            set_handler(c, name_cleanup, d + 1);
        }
        FBlock *b = push_fblock(c, FB_HANDLER, h->loc);
        b->exc_name = h->name;
        b->outer_handler = cleanup;
        b->outer_depth = d + 1;
        b->outer_lasti = false;
        compile_stmts(c, &h->body);
        pop_fblock(c);
        set_handler(c, cleanup, d + 1);
        u->stmt_depth = d;
        /* normal exit: restore the previous exception */
        set_handler(c, outer, outer_depth);
        u->handler_lasti = outer_lasti;
        EMIT(c, POP_EXCEPT);
        if (h->name)
            store_none_and_delete(c, h->name);
        emit(c, OP_JUMP_FORWARD, end);
        if (h->name) {
            /* the body raised: unbind the name, then re-raise */
            use_label(c, name_cleanup);
            set_handler(c, cleanup, d + 1);
            store_none_and_delete(c, h->name);
            EMIT_ARG(c, RERAISE, 0);
        }
        set_handler(c, cleanup, d + 1);
        use_label(c, next);
    }
    /* no clause matched: [prev, exc] */
    EMIT_ARG(c, RERAISE, 0);
    /* cleanup: [prev, exc2] */
    use_label(c, cleanup);
    u->handler = outer;
    u->handler_depth = outer_depth;
    u->handler_lasti = outer_lasti;
    EMIT(c, ROT_TWO);
    EMIT(c, POP_EXCEPT);
    EMIT_ARG(c, RERAISE, 0);
    use_label(c, end);
    u->stmt_depth = d;
}

static void compile_try(Compiler *c, Stmt *s)
{
    Unit *u = c->u;
    if (s->u.try_.finalbody.len == 0) {
        compile_try_except(c, s);
        return;
    }
    int d = u->stmt_depth;
    int handler = new_label(c), cleanup = new_label(c), end = new_label(c);
    int outer = u->handler, outer_depth = u->handler_depth;
    bool outer_lasti = u->handler_lasti;

    FBlock *b = push_fblock(c, FB_FINALLY_TRY, s->loc);
    b->finalbody = &s->u.try_.finalbody;
    set_handler(c, handler, d);
    if (s->u.try_.handlers.len)
        compile_try_except(c, s);
    else
        compile_stmts(c, &s->u.try_.body);
    pop_fblock(c);
    u->handler = outer;
    u->handler_depth = outer_depth;
    u->handler_lasti = outer_lasti;
    compile_stmts(c, &s->u.try_.finalbody);
    emit(c, OP_JUMP_FORWARD, end);

    /* exception path */
    use_label(c, handler);
    set_handler(c, cleanup, d + 1);
    EMIT(c, PUSH_EXC_INFO);
    u->stmt_depth = d + 2;
    FBlock *fe = push_fblock(c, FB_FINALLY_END, s->loc);
    fe->outer_handler = cleanup;
    fe->outer_depth = d + 1;
    fe->stmt_depth = d;
    compile_stmts(c, &s->u.try_.finalbody);
    pop_fblock(c);
    u->stmt_depth = d;
    EMIT_ARG(c, RERAISE, 0);
    use_label(c, cleanup);
    u->handler = outer;
    u->handler_depth = outer_depth;
    u->handler_lasti = outer_lasti;
    EMIT(c, ROT_TWO);
    EMIT(c, POP_EXCEPT);
    EMIT_ARG(c, RERAISE, 0);
    use_label(c, end);
}

static void compile_with_items(Compiler *c, Stmt *s, int index)
{
    Unit *u = c->u;
    WithItem *item = s->u.with.items.items[index];
    int d = u->stmt_depth;
    int handler = new_label(c), cleanup = new_label(c), end = new_label(c);
    int suppress = new_label(c);
    int outer = u->handler, outer_depth = u->handler_depth;
    bool outer_lasti = u->handler_lasti;

    bool is_async = s->u.with.is_async;
    compile_expr(c, item->context_expr);
    u->loc = s->loc;
    if (is_async) {
        EMIT(c, BEFORE_ASYNC_WITH); /* [aexit, awaitable] */
        emit_await(c);
    } else {
        EMIT(c, BEFORE_WITH); /* [exit, value] */
    }
    push_fblock(c, is_async ? FB_ASYNC_WITH : FB_WITH, s->loc);
    set_handler(c, handler, d + 1);
    u->stmt_depth = d + 1;
    if (item->optional_vars)
        compile_store(c, item->optional_vars);
    else
        EMIT(c, POP_TOP);
    if (index + 1 < s->u.with.items.len)
        compile_with_items(c, s, index + 1);
    else
        compile_stmts(c, &s->u.with.body);
    pop_fblock(c);
    u->stmt_depth = d;
    u->handler = outer;
    u->handler_depth = outer_depth;
    u->handler_lasti = outer_lasti;
    u->loc = s->loc;
    load_const(c, NONE_VAL);
    EMIT(c, DUP_TOP);
    EMIT(c, DUP_TOP);
    EMIT_ARG(c, CALL_FUNCTION, 3);
    if (is_async)
        emit_await(c);
    EMIT(c, POP_TOP);
    emit(c, OP_JUMP_FORWARD, end);

    /* exception: [exit, exc] */
    use_label(c, handler);
    set_handler(c, cleanup, d + 2);
    EMIT(c, PUSH_EXC_INFO);      /* [exit, prev, exc] */
    EMIT(c, WITH_EXCEPT_START);  /* [exit, prev, exc, res] */
    if (is_async)
        emit_await(c);
    emit(c, OP_POP_JUMP_IF_TRUE, suppress);
    EMIT_ARG(c, RERAISE, 0);
    use_label(c, suppress);
    EMIT(c, POP_TOP);            /* exc */
    u->handler = outer;
    u->handler_depth = outer_depth;
    u->handler_lasti = outer_lasti;
    EMIT(c, POP_EXCEPT);
    EMIT(c, POP_TOP);            /* exit */
    emit(c, OP_JUMP_FORWARD, end);
    /* cleanup: [exit, prev, exc2] */
    use_label(c, cleanup);
    EMIT(c, ROT_TWO);
    EMIT(c, POP_EXCEPT);
    EMIT(c, ROT_TWO);
    EMIT(c, POP_TOP);
    EMIT_ARG(c, RERAISE, 0);
    use_label(c, end);
}

/* Call the decorators [decos] (already on the stack), innermost first;
 * each call is at its decorator's position, as tracebacks show it. */
static void apply_decorators(Compiler *c, AstSeq *decos, Loc stmt_loc)
{
    for (int i = decos->len - 1; i >= 0; i--) {
        c->u->loc = ((Expr *)decos->items[i])->loc;
        EMIT_ARG(c, CALL_FUNCTION, 1);
    }
    c->u->loc = stmt_loc;
}

static void compile_function_def(Compiler *c, Stmt *s)
{
    AstSeq *decos = &s->u.funcdef.decorators;
    for (int i = 0; i < decos->len; i++)
        compile_expr(c, decos->items[i]);
    int flags = compile_defaults(c, s->u.funcdef.args);
    Scope *scope = symtable_child(c->u->scope, s);
    int first = s->loc.line;
    if (decos->len)
        first = ((Expr *)decos->items[0])->loc.line;
    Unit *u = unit_push(c, scope, first);
    u->loc = s->loc;
    AstSeq *body = &s->u.funcdef.body;
    int start = 0;
    if (is_docstring(body)) {
        Expr *doc = ((Stmt *)body->items[0])->u.value.value;
        add_const(c, constant_value(c, &doc->u.constant, doc->loc));
        u->flags |= CODE_HAS_DOC;
        start = 1;
    } else {
        add_const(c, NONE_VAL);
    }
    for (int i = start; i < body->len; i++)
        compile_stmts(c, &(AstSeq){.items = &body->items[i], .len = 1});
    load_const(c, NONE_VAL);
    EMIT(c, RETURN_VALUE);
    ObjCode *code = assemble(c);
    unit_pop(c); /* frees C memory only: no collection */
    PROTECT_OBJ(c->ts, code);
    c->u->loc = s->loc;
    make_closure(c, code, flags);
    UNPROTECT(c->ts, 1);
    apply_decorators(c, decos, s->loc);
    compile_name(c, s->u.funcdef.name, CTX_STORE);
}

static void compile_class_def(Compiler *c, Stmt *s)
{
    AstSeq *decos = &s->u.classdef.decorators;
    for (int i = 0; i < decos->len; i++)
        compile_expr(c, decos->items[i]);
    Scope *scope = symtable_child(c->u->scope, s);
    int first = s->loc.line;
    if (decos->len)
        first = ((Expr *)decos->items[0])->loc.line;
    Unit *u = unit_push(c, scope, first);
    u->loc = s->loc;
    EMIT_ARG(c, LOAD_NAME, add_name(c, "__name__"));
    EMIT_ARG(c, STORE_NAME, add_name(c, "__module__"));
    load_const(c, OBJ_VAL(u->qualname));
    EMIT_ARG(c, STORE_NAME, add_name(c, "__qualname__"));
    AstSeq *body = &s->u.classdef.body;
    int start = 0;
    if (is_docstring(body)) {
        Expr *doc = ((Stmt *)body->items[0])->u.value.value;
        load_const(c, constant_value(c, &doc->u.constant, doc->loc));
        EMIT_ARG(c, STORE_NAME, add_name(c, "__doc__"));
        start = 1;
    }
    for (int i = start; i < body->len; i++)
        compile_stmts(c, &(AstSeq){.items = &body->items[i], .len = 1});
    if (scope->needs_class_cell) {
        EMIT_ARG(c, LOAD_CLOSURE, deref_index(c, "__class__"));
        EMIT(c, DUP_TOP);
        EMIT_ARG(c, STORE_NAME, add_name(c, "__classcell__"));
    } else {
        load_const(c, NONE_VAL);
    }
    EMIT(c, RETURN_VALUE);
    ObjCode *code = assemble(c);
    unit_pop(c); /* frees C memory only: no collection */
    PROTECT_OBJ(c->ts, code);
    c->u->loc = s->loc;
    EMIT(c, LOAD_BUILD_CLASS);
    make_closure(c, code, 0);
    UNPROTECT(c->ts, 1);
    load_const(c, const_str(c, s->u.classdef.name,
                            strlen(s->u.classdef.name)));
    AstSeq *bases = &s->u.classdef.bases;
    AstSeq *kws = &s->u.classdef.keywords;
    bool simple = !has_starred(bases);
    for (int i = 0; i < kws->len; i++)
        if (!((Keyword *)kws->items[i])->arg)
            simple = false;
    if (simple) {
        for (int i = 0; i < bases->len; i++)
            compile_expr(c, bases->items[i]);
        for (int i = 0; i < kws->len; i++)
            compile_expr(c, ((Keyword *)kws->items[i])->value);
        if (kws->len) {
            load_kwnames(c, kws);
            EMIT_ARG(c, CALL_FUNCTION_KW, 2 + bases->len + kws->len);
        } else {
            EMIT_ARG(c, CALL_FUNCTION, 2 + bases->len);
        }
    } else {
        compile_error(c, s->loc, "star arguments in class bases are not supported");
    }
    apply_decorators(c, decos, s->loc);
    compile_name(c, s->u.classdef.name, CTX_STORE);
}

static void compile_import(Compiler *c, Stmt *s)
{
    for (int i = 0; i < s->u.import.names.len; i++) {
        Alias *a = s->u.import.names.items[i];
        load_const(c, INT_VAL(0));
        load_const(c, NONE_VAL);
        EMIT_ARG(c, IMPORT_NAME, add_name(c, a->name));
        const char *dot = strchr(a->name, '.');
        if (a->asname) {
            /* import a.b.c as d: walk to the submodule */
            while (dot) {
                const char *part = dot + 1;
                const char *next = strchr(part, '.');
                size_t n = next ? (size_t)(next - part) : strlen(part);
                ObjStr *attr = str_intern(c->ts, part, n);
                check_ok(c, attr != NULL);
                EMIT_ARG(c, IMPORT_FROM, add_name_str(c, attr));
                EMIT(c, ROT_TWO);
                EMIT(c, POP_TOP);
                dot = next;
            }
            compile_name(c, a->asname, CTX_STORE);
        } else if (dot) {
            size_t n = (size_t)(dot - a->name);
            char buf[256];
            if (n >= sizeof buf)
                n = sizeof buf - 1;
            memcpy(buf, a->name, n);
            buf[n] = 0;
            /* the symbol table holds the same text */
            Symbol *sym = NULL;
            for (int j = 0; j < c->u->scope->nsyms; j++)
                if (strcmp(c->u->scope->syms[j].name, buf) == 0)
                    sym = &c->u->scope->syms[j];
            compile_name(c, sym ? sym->name : buf, CTX_STORE);
        } else {
            compile_name(c, a->name, CTX_STORE);
        }
    }
}

static void compile_import_from(Compiler *c, Stmt *s)
{
    ThreadState *ts = c->ts;
    AstSeq *names = &s->u.importfrom.names;
    load_const(c, INT_VAL(s->u.importfrom.level));
    ObjTuple *t = tuple_new(ts, names->len);
    check_ok(c, t != NULL);
    PROTECT_OBJ(ts, t);
    for (int i = 0; i < names->len; i++)
        t->items[i] = OBJ_VAL(intern(c, ((Alias *)names->items[i])->name));
    load_const(c, OBJ_VAL(t));
    UNPROTECT(ts, 1);
    const char *mod = s->u.importfrom.module ? s->u.importfrom.module : "";
    EMIT_ARG(c, IMPORT_NAME, add_name(c, mod));
    for (int i = 0; i < names->len; i++) {
        Alias *a = names->items[i];
        if (strcmp(a->name, "*") == 0) {
            EMIT(c, IMPORT_STAR);
            return;
        }
        EMIT_ARG(c, IMPORT_FROM, add_name(c, a->name));
        compile_name(c, a->asname ? a->asname : a->name, CTX_STORE);
    }
    EMIT(c, POP_TOP);
}

/* The target is read and written at its own position, the operation is
 * at the statement's, as in CPython 3.11 (so `d[k] += 1` failing on the
 * read underlines d[k]). */
static void compile_augassign(Compiler *c, Stmt *s)
{
    Expr *t = s->u.augassign.target;
    int op = inplace_ops[s->u.augassign.op];
    Unit *u = c->u;
    switch (t->kind) {
    case E_NAME:
        u->loc = t->loc;
        compile_name(c, t->u.name.id, CTX_LOAD);
        u->loc = s->loc;
        compile_expr(c, s->u.augassign.value);
        emit(c, op, 0);
        u->loc = t->loc;
        compile_name(c, t->u.name.id, CTX_STORE);
        break;
    case E_ATTRIBUTE: {
        int idx = add_name(c, t->u.attribute.attr);
        u->loc = t->loc;
        compile_expr(c, t->u.attribute.value);
        EMIT(c, DUP_TOP);
        u->loc = attr_loc(t->loc, t);
        EMIT_ARG(c, LOAD_ATTR, idx);
        u->loc = s->loc;
        compile_expr(c, s->u.augassign.value);
        emit(c, op, 0);
        u->loc = attr_loc(t->loc, t);
        EMIT(c, ROT_TWO);
        EMIT_ARG(c, STORE_ATTR, idx);
        break;
    }
    case E_SUBSCRIPT:
        u->loc = t->loc;
        compile_expr(c, t->u.subscript.value);
        compile_expr(c, t->u.subscript.slice);
        EMIT(c, DUP_TOP_TWO);
        EMIT(c, BINARY_SUBSCR);
        u->loc = s->loc;
        compile_expr(c, s->u.augassign.value);
        emit(c, op, 0);
        u->loc = t->loc;
        EMIT(c, ROT_THREE);
        EMIT(c, STORE_SUBSCR);
        break;
    default:
        compile_error(c, t->loc,
                      "'%s' is an illegal expression for augmented assignment",
                      t->kind == E_TUPLE ? "tuple" : t->kind == E_LIST ? "list"
                                                                       : "expression");
    }
    u->loc = s->loc;
}

/* Where CPython 3.11 puts a failed assert: compiling the test as a jump
 * leaves the position of the last comparison it went through (through
 * `not`, `and`/`or` and conditional expressions) in force, else the
 * statement's. */
static Loc assert_loc(Expr *test, Loc loc)
{
    switch (test->kind) {
    case E_UNARYOP:
        if (test->u.unary.op == UN_NOT)
            loc = assert_loc(test->u.unary.operand, loc);
        break;
    case E_BOOLOP:
        for (int i = 0; i < test->u.boolop.values.len; i++)
            loc = assert_loc(test->u.boolop.values.items[i], loc);
        break;
    case E_IFEXP:
        loc = assert_loc(test->u.ifexp.test, loc);
        loc = assert_loc(test->u.ifexp.body, loc);
        loc = assert_loc(test->u.ifexp.orelse, loc);
        break;
    case E_COMPARE:
        loc = test->loc;
        break;
    default:
        break;
    }
    return loc;
}

static void compile_stmt(Compiler *c, Stmt *s)
{
    Unit *u = c->u;
    u->loc = s->loc;
    switch (s->kind) {
    case S_FUNCTIONDEF:
        compile_function_def(c, s);
        break;
    case S_CLASSDEF:
        compile_class_def(c, s);
        break;
    case S_RETURN:
        compile_return(c, s);
        break;
    case S_DELETE:
        for (int i = 0; i < s->u.del.targets.len; i++)
            compile_delete(c, s->u.del.targets.items[i]);
        break;
    case S_ASSIGN: {
        AstSeq *ts_ = &s->u.assign.targets;
        compile_expr(c, s->u.assign.value);
        for (int i = 0; i < ts_->len; i++) {
            if (i < ts_->len - 1)
                EMIT(c, DUP_TOP);
            compile_store(c, ts_->items[i]);
        }
        break;
    }
    case S_AUGASSIGN:
        compile_augassign(c, s);
        break;
    case S_ANNASSIGN:
        if (s->u.annassign.value) {
            compile_expr(c, s->u.annassign.value);
            compile_store(c, s->u.annassign.target);
        }
        break;
    case S_FOR:
        compile_for(c, s);
        break;
    case S_WHILE:
        compile_while(c, s);
        break;
    case S_IF:
        compile_if(c, s);
        break;
    case S_WITH:
        compile_with_items(c, s, 0);
        break;
    case S_RAISE: {
        int n = 0;
        if (s->u.raise.exc) {
            compile_expr(c, s->u.raise.exc);
            n = 1;
            if (s->u.raise.cause) {
                compile_expr(c, s->u.raise.cause);
                n = 2;
            }
        }
        u->loc = s->loc;
        EMIT_ARG(c, RAISE_VARARGS, n);
        break;
    }
    case S_TRY:
        compile_try(c, s);
        break;
    case S_ASSERT: {
        int end = new_label(c);
        compile_jump_if(c, s->u.assert_.test, end, true);
        u->loc = assert_loc(s->u.assert_.test, s->loc);
        EMIT(c, LOAD_ASSERTION_ERROR);
        if (s->u.assert_.msg) {
            compile_expr(c, s->u.assert_.msg);
            EMIT_ARG(c, CALL_FUNCTION, 1);
        }
        EMIT_ARG(c, RAISE_VARARGS, 1);
        use_label(c, end);
        break;
    }
    case S_IMPORT:
        compile_import(c, s);
        break;
    case S_IMPORTFROM:
        compile_import_from(c, s);
        break;
    case S_GLOBAL:
    case S_NONLOCAL:
        break;
    case S_EXPR:
        if (c->interactive && u->scope->kind == SCOPE_MODULE) {
            compile_expr(c, s->u.value.value);
            EMIT(c, PRINT_EXPR);
        } else if (s->u.value.value->kind == E_CONSTANT) {
            /* a lone constant (a docstring-like string) does nothing */
        } else {
            compile_expr(c, s->u.value.value);
            u->loc = s->loc;
            EMIT(c, POP_TOP);
        }
        break;
    case S_PASS:
        break;
    case S_BREAK:
        compile_break_continue(c, s, true);
        break;
    case S_CONTINUE:
        compile_break_continue(c, s, false);
        break;
    }
}

static void compile_stmts(Compiler *c, AstSeq *body)
{
    for (int i = 0; i < body->len; i++)
        compile_stmt(c, body->items[i]);
}

/* ---- assembly -------------------------------------------------------- */

static bool is_terminal(int op)
{
    return op == OP_JUMP_FORWARD || op == OP_JUMP_BACKWARD ||
           op == OP_RETURN_VALUE || op == OP_RAISE_VARARGS ||
           op == OP_RERAISE;
}

/* Maximum stack depth by flow analysis over instruction indices. */
static int max_stack_depth(Compiler *c)
{
    Unit *u = c->u;
    int n = u->ncode;
    if (n == 0)
        return 1;
    int *depth = malloc(sizeof(int) * n);
    int work_cap = (n + 1) * 3;
    int *work = malloc(sizeof(int) * work_cap);
    if (!depth || !work)
        abort();
    for (int i = 0; i < n; i++)
        depth[i] = -1;
    int nwork = 0, maxd = 0;
#define PUSH_WORK(idx, d)                                                     \
    do {                                                                      \
        int i_ = (idx), d_ = (d);                                             \
        if (i_ < n && d_ > depth[i_]) {                                       \
            depth[i_] = d_;                                                   \
            if (d_ > maxd)                                                    \
                maxd = d_;                                                    \
            if (nwork >= work_cap) {                                          \
                work_cap *= 2;                                                \
                work = xrealloc(work, sizeof(int) * work_cap);                \
            }                                                                 \
            work[nwork++] = i_;                                               \
        }                                                                     \
    } while (0)
    PUSH_WORK(0, 0);
    while (nwork > 0) {
        int i = work[--nwork];
        int d = depth[i];
        if (d > 100000) /* unbalanced code: a compiler bug, not a crash */
            compile_error(c, u->code[i].loc, "internal compiler error: "
                                             "unbalanced stack");
        Instr *in = &u->code[i];
        if (in->handler != NO_LABEL) {
            int hd = in->handler_depth + 1 + (in->handler_lasti ? 1 : 0);
            PUSH_WORK(u->labels[in->handler], hd);
        }
        int op = in->op;
        if (code_op_is_jump(op)) {
            int target = u->labels[in->arg];
            int jd = d + code_stack_effect(op, in->arg, true);
            if (jd > maxd)
                maxd = jd;
            PUSH_WORK(target, jd);
        }
        int nd = d + code_stack_effect(op, in->arg, false);
        if (nd > maxd)
            maxd = nd;
        /* transient pushes inside an instruction */
        if (d + 2 > maxd && (op == OP_LOAD_METHOD || op == OP_DUP_TOP_TWO))
            maxd = d + 2;
        if (!is_terminal(op))
            PUSH_WORK(i + 1, nd);
    }
#undef PUSH_WORK
    free(depth);
    free(work);
    return maxd + 1;
}

/* Intern [names]; each is kept alive in [keep] until the code object that
 * will hold them exists (the intern table is weak). */
static ObjStr **intern_array(Compiler *c, const char **names, int n,
                             ObjList *keep)
{
    ObjStr **arr = calloc(n + 1, sizeof(ObjStr *));
    if (!arr)
        abort();
    for (int i = 0; i < n; i++) {
        arr[i] = intern(c, names[i]);
        check_ok(c, list_append(c->ts, keep, OBJ_VAL(arr[i])) == 0);
    }
    return arr;
}

static ObjCode *assemble(Compiler *c)
{
    ThreadState *ts = c->ts;
    Unit *u = c->u;
    /* offsets */
    size_t *offsets = malloc(sizeof(size_t) * (u->ncode + 1));
    if (!offsets)
        abort();
    size_t off = 0;
    for (int i = 0; i < u->ncode; i++) {
        offsets[i] = off;
        off += code_op_size(u->code[i].op);
    }
    offsets[u->ncode] = off;
    size_t len = off;
    int stacksize = max_stack_depth(c);

    ObjStr *name = intern(c, u->name);
    PROTECT_OBJ(ts, name);
    ObjStr *filename = intern(c, c->filename);
    PROTECT_OBJ(ts, filename);
    /* interned names stay alive: the code object holds them once made;
     * until then the intern table may drop unmarked ones, so keep them
     * in a protected list */
    ObjList *keep = list_new(ts, 8);
    check_ok(c, keep != NULL);
    PROTECT_OBJ(ts, keep);
    ObjStr **varnames = intern_array(c, u->varnames, u->nvarnames, keep);
    ObjStr **cellvars = intern_array(c, u->cellvars, u->ncellvars, keep);
    ObjStr **freevars = intern_array(c, u->freevars, u->nfreevars, keep);

    ObjCode *code = code_new(ts);
    check_ok(c, code != NULL);
    code->name = name;
    code->qualname = u->qualname;
    code->filename = filename;
    code->firstlineno = u->firstlineno;
    code->argcount = u->scope->argcount;
    code->kwonlycount = u->scope->kwonlycount;
    code->posonlycount = u->scope->posonlycount;
    code->flags = u->flags;
    code->nlocals = u->nvarnames;
    code->stacksize = stacksize;
    code->varnames = varnames;
    code->cellvars = cellvars;
    code->ncellvars = u->ncellvars;
    code->freevars = freevars;
    code->nfreevars = u->nfreevars;
    UNPROTECT(ts, 3);

    /* cells of parameters */
    if (u->ncellvars) {
        bool any = false;
        int *c2a = malloc(sizeof(int) * u->ncellvars);
        for (int i = 0; i < u->ncellvars; i++) {
            c2a[i] = -1;
            for (int j = 0; j < u->scope->nparams; j++)
                if (strcmp(u->scope->params[j], u->cellvars[i]) == 0) {
                    c2a[i] = j;
                    any = true;
                }
        }
        if (any)
            code->cell2arg = c2a;
        else
            free(c2a);
    }

    /* bytecode, then the zeroed global-lookup cache (code.h) */
    size_t bc_size = code_bytecode_size(len, (size_t)u->names->len);
    uint8_t *bc = calloc(1, bc_size ? bc_size : 1);
    if (!bc)
        abort();
    for (int i = 0; i < u->ncode; i++) {
        Instr *in = &u->code[i];
        uint8_t *p = bc + offsets[i];
        p[0] = in->op;
        int size = code_op_size(in->op);
        if (size == 3) {
            p[1] = (uint8_t)(in->arg & 0xff);
            p[2] = (uint8_t)(in->arg >> 8);
        } else if (size == 5) {
            int target = u->labels[in->arg];
            uint32_t t = (uint32_t)offsets[target < 0 ? u->ncode : target];
            p[1] = (uint8_t)t;
            p[2] = (uint8_t)(t >> 8);
            p[3] = (uint8_t)(t >> 16);
            p[4] = (uint8_t)(t >> 24);
        }
    }
    code->bytecode = bc;
    code->bytecode_len = len;

    /* constants and names */
    ObjList *consts = u->consts;
    code->consts = malloc(sizeof(Value) * (consts->len + 1));
    for (size_t i = 0; i < consts->len; i++)
        code->consts[i] = consts->items[i];
    code->nconsts = consts->len;
    ObjList *names = u->names;
    code->names = malloc(sizeof(ObjStr *) * (names->len + 1));
    for (size_t i = 0; i < names->len; i++)
        code->names[i] = AS_STR(names->items[i]);
    code->nnames = names->len;

    /* line table */
    uint8_t *lt = NULL;
    size_t lt_len = 0, lt_cap = 0;
    int line = u->firstlineno;
    Loc prev = {u->firstlineno, -1, u->firstlineno, -1};
    size_t last_off = 0;
    for (int i = 0; i < u->ncode; i++) {
        Loc l = u->code[i].loc;
        if (l.line <= 0)
            continue;
        if (l.line == prev.line && l.col == prev.col &&
            l.end_line == prev.end_line && l.end_col == prev.end_col)
            continue;
        code_linetable_put(&lt, &lt_len, &lt_cap,
                           (unsigned)(offsets[i] - last_off), l.line - line,
                           l.end_line >= l.line ? l.end_line - l.line : 0,
                           l.col, l.end_col);
        last_off = offsets[i];
        line = l.line;
        prev = l;
    }
    code->linetable = lt;
    code->linetable_len = lt_len;

    /* exception table */
    CodeExcEntry *et = NULL;
    size_t et_len = 0, et_cap = 0;
    for (int i = 0; i < u->ncode;) {
        Instr *in = &u->code[i];
        if (in->handler == NO_LABEL) {
            i++;
            continue;
        }
        int j = i + 1;
        while (j < u->ncode && u->code[j].handler == in->handler &&
               u->code[j].handler_depth == in->handler_depth &&
               u->code[j].handler_lasti == in->handler_lasti)
            j++;
        if (et_len == et_cap) {
            et_cap = et_cap ? et_cap * 2 : 8;
            et = xrealloc(et, et_cap * sizeof(CodeExcEntry));
        }
        CodeExcEntry *e = &et[et_len++];
        e->start = (uint32_t)offsets[i];
        e->end = (uint32_t)offsets[j];
        int target = u->labels[in->handler];
        e->handler = (uint32_t)offsets[target < 0 ? u->ncode : target];
        e->depth = (uint16_t)in->handler_depth;
        e->lasti = in->handler_lasti;
        i = j;
    }
    code->exctable = et;
    code->exctable_len = et_len;
    free(offsets);
    return code;
}

/* Module code that awaits (top-level await) cannot run as a plain frame:
 * its body becomes a coroutine function of no arguments, still compiled as
 * module code (names by LOAD_NAME/STORE_NAME, expression statements echoed
 * in PARSE_SINGLE mode), and the module code only calls it and returns the
 * coroutine.  Its frame has no locals dict, so its names go to the globals
 * it is run with. */
static ObjCode *wrap_top_level_coroutine(Compiler *c, Scope *top,
                                         ObjCode *body)
{
    PROTECT_OBJ(c->ts, body);
    Unit *u = unit_push(c, top, 1);
    u->flags |= CODE_COROUTINE;
    make_closure(c, body, 0);
    EMIT_ARG(c, CALL_FUNCTION, 0);
    EMIT(c, RETURN_VALUE);
    ObjCode *code = assemble(c);
    unit_pop(c); /* frees C memory only: no collection */
    UNPROTECT(c->ts, 1);
    return code;
}

ObjCode *compile_module(ThreadState *ts, Mod *mod, const char *filename)
{
    return compile_module_flags(ts, mod, filename, 0);
}

ObjCode *compile_module_flags(ThreadState *ts, Mod *mod, const char *filename,
                              int flags)
{
    Compiler c;
    memset(&c, 0, sizeof c);
    c.ts = ts;
    c.filename = filename;
    c.mod = mod;
    c.interactive = mod->mode == PARSE_SINGLE;
    c.roots_base = ts->roots.len;
    Scope *top = symtable_build(ts, mod, filename,
                                (flags & COMPILE_TOP_LEVEL_AWAIT) != 0);
    if (!top)
        return NULL;
    if (setjmp(c.fail)) {
        while (c.u) {
            Unit *u = c.u;
            c.u = u->parent;
            unit_free(u);
        }
        ts->roots.len = c.roots_base;
        symtable_free(top);
        return NULL;
    }
    unit_push(&c, top, 1);
    Unit *u = c.u;
    AstSeq *body = &mod->body;
    int start = 0;
    if (mod->mode == PARSE_EVAL) {
        if (body->len == 1 && ((Stmt *)body->items[0])->kind == S_EXPR) {
            Stmt *s = body->items[0];
            u->loc = s->loc;
            compile_expr(&c, s->u.value.value);
            EMIT(&c, RETURN_VALUE);
            start = body->len;
        }
    } else if (mod->mode == PARSE_FILE && is_docstring(body)) {
        Stmt *s = body->items[0];
        u->loc = s->loc;
        Expr *doc = s->u.value.value;
        load_const(&c, constant_value(&c, &doc->u.constant, doc->loc));
        EMIT_ARG(&c, STORE_NAME, add_name(&c, "__doc__"));
        start = 1;
    }
    if (start < body->len) {
        for (int i = start; i < body->len; i++)
            compile_stmt(&c, body->items[i]);
        load_const(&c, NONE_VAL);
        EMIT(&c, RETURN_VALUE);
    } else if (mod->mode != PARSE_EVAL) {
        load_const(&c, NONE_VAL);
        EMIT(&c, RETURN_VALUE);
    }
    if (body->len > 0 && u->ncode > 0)
        u->firstlineno = 1;
    if (top->coroutine)
        u->flags |= CODE_COROUTINE;
    ObjCode *code = assemble(&c);
    unit_pop(&c);
    if (top->coroutine)
        code = wrap_top_level_coroutine(&c, top, code);
    symtable_free(top);
    return code;
}

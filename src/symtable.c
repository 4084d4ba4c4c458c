/* symtable.c - scope analysis, done in two passes before code generation.
 *
 * Pass 1 walks the AST and builds a tree of scopes (module, def/lambda,
 * class, comprehension), recording for each name how the scope uses it:
 * assigned, parameter, declared global or nonlocal, read.  It also finds the
 * errors that need no flow analysis: 'return' or 'yield' outside a function,
 * 'await' outside an async function, global/nonlocal misuse.
 *
 * It also finds which scopes are asynchronous (Scope.coroutine): an async
 * def; a comprehension with an `async for` or an `await` in it (a generator
 * expression then makes an async generator, any other comprehension is a
 * coroutine that its enclosing scope awaits, so that scope must allow
 * awaiting in turn); and, when the caller allows top-level await (the
 * REPL), the module itself when an await, async for, async with or
 * awaited comprehension appears directly at module level.
 *
 * Pass 2 resolves every name top-down, then propagates free variables
 * bottom-up, as CPython's symtable.c does:
 *   - a name declared global is global; nonlocal must find a binding in an
 *     enclosing function, or it is an error;
 *   - a name bound in the scope is local;
 *   - otherwise it is free if an enclosing FUNCTION binds it (class scopes
 *     do not enclose their methods), else an implicit global;
 *   - a local that a child scope uses as free becomes a cell; a name free in
 *     a child but not bound here passes through as free here too (a class
 *     scope may then have a name both as a local and as a free variable).
 * A function that mentions `super` or `__class__` gets `__class__` as a
 * free variable, which the enclosing class scope provides as an implicit
 * cell (the class statement fills it in with the new class).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exc.h"
#include "symtable.h"

typedef struct SymCtx {
    ThreadState *ts;
    const char *filename;
    Scope *cur;
    bool top_level_await; /* await & co. allowed at module level */
    jmp_buf fail;
} SymCtx;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        abort();
    return q;
}

static void sym_error(SymCtx *c, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void sym_error(SymCtx *c, Loc loc, const char *fmt, ...)
{
    int line = loc.line, col = loc.col;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t len = 0;
    const char *text =
        interp_source_line(c->ts->interp, c->filename, line, &len);
    char *copy = NULL;
    if (text) {
        copy = malloc(len + 2);
        memcpy(copy, text, len);
        copy[len] = '\n';
        copy[len + 1] = 0;
    }
    int end = loc.end_line == line && loc.end_col > col ? loc.end_col
                                                        : (int)len;
    exc_raise_syntax_range(c->ts, TYPE(c->ts, SyntaxError), msg, c->filename,
                           line, col + 1, end + 1, copy);
    free(copy);
    longjmp(c->fail, 1);
}

Symbol *symtable_lookup(Scope *scope, const char *name)
{
    for (int i = 0; i < scope->nsyms; i++)
        if (strcmp(scope->syms[i].name, name) == 0)
            return &scope->syms[i];
    return NULL;
}

Scope *symtable_child(Scope *scope, const void *node)
{
    for (int i = 0; i < scope->nchildren; i++)
        if (scope->children[i]->node == node)
            return scope->children[i];
    return NULL;
}

static Symbol *add_sym(Scope *s, const char *name, int flags)
{
    Symbol *sym = symtable_lookup(s, name);
    if (!sym) {
        if (s->nsyms == s->syms_cap) {
            s->syms_cap = s->syms_cap ? s->syms_cap * 2 : 16;
            s->syms = xrealloc(s->syms, s->syms_cap * sizeof(Symbol));
        }
        sym = &s->syms[s->nsyms++];
        sym->name = name;
        sym->flags = 0;
        sym->scope = 0;
        memset(&sym->decl, 0, sizeof sym->decl);
    }
    sym->flags |= flags;
    return sym;
}

static Scope *new_scope(SymCtx *c, ScopeKind kind, const char *name,
                        const void *node, int lineno)
{
    Scope *s = calloc(1, sizeof(Scope));
    if (!s)
        abort();
    s->kind = kind;
    s->name = name;
    s->node = node;
    s->lineno = lineno;
    s->parent = c->cur;
    if (c->cur) {
        Scope *p = c->cur;
        if (p->nchildren == p->children_cap) {
            p->children_cap = p->children_cap ? p->children_cap * 2 : 4;
            p->children = xrealloc(p->children, p->children_cap * sizeof(Scope *));
        }
        p->children[p->nchildren++] = s;
    }
    return s;
}

void symtable_free(Scope *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nchildren; i++)
        symtable_free(s->children[i]);
    free(s->children);
    free(s->syms);
    free(s->params);
    for (int i = 0; i < s->nowned; i++)
        free(s->owned[i]);
    free(s->owned);
    free(s);
}

static void add_param(SymCtx *c, Scope *s, const char *name, Loc loc)
{
    Symbol *sym = symtable_lookup(s, name);
    if (sym && (sym->flags & SYM_PARAM))
        sym_error(c, loc,
                  "duplicate argument '%s' in function definition", name);
    add_sym(s, name, SYM_PARAM);
    if (s->nparams == s->params_cap) {
        s->params_cap = s->params_cap ? s->params_cap * 2 : 8;
        s->params = xrealloc(s->params, s->params_cap * sizeof(char *));
    }
    s->params[s->nparams++] = name;
}

static void visit_expr(SymCtx *c, Expr *e);
static void visit_stmts(SymCtx *c, AstSeq *body);

static void visit_exprs(SymCtx *c, AstSeq *seq)
{
    for (int i = 0; i < seq->len; i++)
        if (seq->items[i])
            visit_expr(c, seq->items[i]);
}

static void bind_name(SymCtx *c, const char *name, Loc loc)
{
    Symbol *sym = symtable_lookup(c->cur, name);
    (void)loc;
    if (sym && (sym->flags & (SYM_GLOBAL | SYM_NONLOCAL)))
        return;
    add_sym(c->cur, name, SYM_ASSIGNED);
}

static void use_name(SymCtx *c, const char *name)
{
    add_sym(c->cur, name, SYM_USED);
    if (c->cur->kind == SCOPE_FUNCTION &&
        (strcmp(name, "super") == 0 || strcmp(name, "__class__") == 0))
        add_sym(c->cur, "__class__", SYM_USED);
}

static void visit_args_defaults(SymCtx *c, Arguments *a)
{
    visit_exprs(c, &a->defaults);
    visit_exprs(c, &a->kw_defaults);
}

static void enter_params(SymCtx *c, Scope *s, Arguments *a)
{
    for (int i = 0; i < a->posonlyargs.len; i++) {
        Arg *arg = a->posonlyargs.items[i];
        add_param(c, s, arg->name, arg->loc);
    }
    for (int i = 0; i < a->args.len; i++) {
        Arg *arg = a->args.items[i];
        add_param(c, s, arg->name, arg->loc);
    }
    s->argcount = a->posonlyargs.len + a->args.len;
    s->posonlycount = a->posonlyargs.len;
    for (int i = 0; i < a->kwonlyargs.len; i++) {
        Arg *arg = a->kwonlyargs.items[i];
        add_param(c, s, arg->name, arg->loc);
    }
    s->kwonlycount = a->kwonlyargs.len;
    if (a->vararg) {
        add_param(c, s, a->vararg->name, a->vararg->loc);
        s->varargs = true;
    }
    if (a->kwarg) {
        add_param(c, s, a->kwarg->name, a->kwarg->loc);
        s->varkw = true;
    }
}

/* May [s] await directly?  Marks a module using top-level await. */
static bool may_await(SymCtx *c, Scope *s)
{
    if (s->kind == SCOPE_FUNCTION)
        return s->coroutine;
    if (s->kind == SCOPE_COMPREHENSION || (s->kind == SCOPE_MODULE &&
                                           c->top_level_await)) {
        s->coroutine = true;
        return true;
    }
    return false;
}

static void visit_comprehension(SymCtx *c, Expr *e, const char *name)
{
    AstSeq *gens = &e->u.comp.generators;
    Comprehension *first = gens->items[0];
    visit_expr(c, first->iter);
    Scope *s = new_scope(c, SCOPE_COMPREHENSION, name, e, e->loc.line);
    if (e->kind == E_GENEXP)
        s->generator = true;
    Scope *saved = c->cur;
    c->cur = s;
    add_param(c, s, ".0", e->loc);
    s->argcount = 1;
    for (int i = 0; i < gens->len; i++) {
        Comprehension *g = gens->items[i];
        if (g->is_async)
            s->coroutine = true;
        if (i > 0)
            visit_expr(c, g->iter);
        visit_expr(c, g->target);
        visit_exprs(c, &g->ifs);
    }
    if (e->u.comp.value)
        visit_expr(c, e->u.comp.value);
    visit_expr(c, e->u.comp.elt);
    c->cur = saved;
    /* the enclosing scope awaits an asynchronous list/set/dict
     * comprehension's result */
    if (s->coroutine && e->kind != E_GENEXP && !may_await(c, saved))
        sym_error(c, e->loc, "asynchronous comprehension outside of an "
                             "asynchronous function");
}

static void check_yield(SymCtx *c, Expr *e)
{
    Scope *s = c->cur;
    if (s->kind == SCOPE_MODULE || s->kind == SCOPE_CLASS)
        sym_error(c, e->loc, "'yield' outside function");
    if (s->kind == SCOPE_COMPREHENSION) {
        const char *what = strcmp(s->name, "<genexpr>") == 0 ? "generator expression"
                           : strcmp(s->name, "<listcomp>") == 0 ? "list comprehension"
                           : strcmp(s->name, "<setcomp>") == 0 ? "set comprehension"
                                                               : "dict comprehension";
        sym_error(c, e->loc, "'yield' inside %s", what);
    }
    s->generator = true;
}

static void visit_expr(SymCtx *c, Expr *e)
{
    if (!e)
        return;
    switch (e->kind) {
    case E_BOOLOP:
        visit_exprs(c, &e->u.boolop.values);
        break;
    case E_NAMEDEXPR: {
        visit_expr(c, e->u.named.value);
        const char *id = e->u.named.target->u.name.id;
        if (c->cur->kind == SCOPE_COMPREHENSION) {
            Scope *s = c->cur;
            while (s->kind == SCOPE_COMPREHENSION)
                s = s->parent;
            if (s->kind == SCOPE_CLASS)
                sym_error(c, e->loc,
                          "assignment expression within a comprehension "
                          "cannot be used in a class body");
            Symbol *outer = symtable_lookup(s, id);
            if (!outer || !(outer->flags & (SYM_GLOBAL | SYM_NONLOCAL)))
                add_sym(s, id, SYM_ASSIGNED);
            for (Scope *t = c->cur; t != s; t = t->parent)
                add_sym(t, id, SYM_BOUND_OUTSIDE | SYM_USED);
        } else {
            bind_name(c, id, e->loc);
        }
        break;
    }
    case E_BINOP:
        visit_expr(c, e->u.binop.left);
        visit_expr(c, e->u.binop.right);
        break;
    case E_UNARYOP:
        visit_expr(c, e->u.unary.operand);
        break;
    case E_LAMBDA: {
        visit_args_defaults(c, e->u.lambda.args);
        Scope *s = new_scope(c, SCOPE_FUNCTION, "<lambda>", e, e->loc.line);
        Scope *saved = c->cur;
        c->cur = s;
        enter_params(c, s, e->u.lambda.args);
        visit_expr(c, e->u.lambda.body);
        c->cur = saved;
        break;
    }
    case E_IFEXP:
        visit_expr(c, e->u.ifexp.test);
        visit_expr(c, e->u.ifexp.body);
        visit_expr(c, e->u.ifexp.orelse);
        break;
    case E_DICT:
        visit_exprs(c, &e->u.dict.keys);
        visit_exprs(c, &e->u.dict.values);
        break;
    case E_SET:
    case E_LIST:
    case E_TUPLE:
    case E_JOINEDSTR:
        visit_exprs(c, &e->u.seq.elts);
        break;
    case E_LISTCOMP:
        visit_comprehension(c, e, "<listcomp>");
        break;
    case E_SETCOMP:
        visit_comprehension(c, e, "<setcomp>");
        break;
    case E_DICTCOMP:
        visit_comprehension(c, e, "<dictcomp>");
        break;
    case E_GENEXP:
        visit_comprehension(c, e, "<genexpr>");
        break;
    case E_AWAIT:
        if (!may_await(c, c->cur))
            sym_error(c, e->loc, c->cur->kind == SCOPE_FUNCTION
                                     ? "'await' outside async function"
                                     : "'await' outside function");
        visit_expr(c, e->u.value.value);
        break;
    case E_YIELD:
    case E_YIELDFROM:
        check_yield(c, e);
        if (e->kind == E_YIELDFROM && c->cur->coroutine)
            sym_error(c, e->loc,
                      "'yield from' inside async function");
        visit_expr(c, e->u.value.value);
        break;
    case E_COMPARE:
        visit_expr(c, e->u.compare.left);
        visit_exprs(c, &e->u.compare.comparators);
        break;
    case E_CALL:
        visit_expr(c, e->u.call.func);
        visit_exprs(c, &e->u.call.args);
        for (int i = 0; i < e->u.call.keywords.len; i++) {
            Keyword *k = e->u.call.keywords.items[i];
            visit_expr(c, k->value);
        }
        break;
    case E_FORMATTED:
        visit_expr(c, e->u.formatted.value);
        visit_expr(c, e->u.formatted.format_spec);
        break;
    case E_CONSTANT:
        break;
    case E_ATTRIBUTE:
        visit_expr(c, e->u.attribute.value);
        break;
    case E_SUBSCRIPT:
        visit_expr(c, e->u.subscript.value);
        visit_expr(c, e->u.subscript.slice);
        break;
    case E_STARRED:
        visit_expr(c, e->u.value.value);
        break;
    case E_NAME:
        if (e->ctx == CTX_LOAD)
            use_name(c, e->u.name.id);
        else
            bind_name(c, e->u.name.id, e->loc);
        break;
    case E_SLICE:
        visit_expr(c, e->u.slice.lower);
        visit_expr(c, e->u.slice.upper);
        visit_expr(c, e->u.slice.step);
        break;
    }
}

/* Targets: the parser marks ctx, but be robust and treat every name in a
 * target position as a binding. */
static void visit_target(SymCtx *c, Expr *e)
{
    switch (e->kind) {
    case E_NAME:
        bind_name(c, e->u.name.id, e->loc);
        break;
    case E_TUPLE:
    case E_LIST:
        for (int i = 0; i < e->u.seq.elts.len; i++)
            visit_target(c, e->u.seq.elts.items[i]);
        break;
    case E_STARRED:
        visit_target(c, e->u.value.value);
        break;
    default:
        visit_expr(c, e);
        break;
    }
}

static void declare(SymCtx *c, Stmt *s, bool global)
{
    Scope *sc = c->cur;
    for (int i = 0; i < s->u.names.names.len; i++) {
        const char *name = s->u.names.names.items[i];
        if (!global && sc->kind == SCOPE_MODULE)
            sym_error(c, s->loc,
                      "nonlocal declaration not allowed at module level");
        Symbol *sym = symtable_lookup(sc, name);
        const char *kw = global ? "global" : "nonlocal";
        if (sym) {
            if (sym->flags & SYM_PARAM)
                sym_error(c, s->loc,
                          "name '%s' is parameter and %s", name, kw);
            if (global && (sym->flags & SYM_NONLOCAL))
                sym_error(c, s->loc,
                          "name '%s' is nonlocal and global", name);
            if (!global && (sym->flags & SYM_GLOBAL))
                sym_error(c, s->loc,
                          "name '%s' is nonlocal and global", name);
            if (sym->flags & SYM_USED)
                sym_error(c, s->loc,
                          "name '%s' is used prior to %s declaration", name,
                          kw);
            if (sym->flags & SYM_ASSIGNED)
                sym_error(c, s->loc,
                          "name '%s' is assigned to before %s declaration",
                          name, kw);
        }
        Symbol *d = add_sym(sc, name, global ? SYM_GLOBAL : SYM_NONLOCAL);
        d->decl = s->loc;
    }
}

static void visit_stmt(SymCtx *c, Stmt *s)
{
    switch (s->kind) {
    case S_FUNCTIONDEF: {
        visit_exprs(c, &s->u.funcdef.decorators);
        visit_args_defaults(c, s->u.funcdef.args);
        bind_name(c, s->u.funcdef.name, s->loc);
        Scope *f = new_scope(c, SCOPE_FUNCTION, s->u.funcdef.name, s,
                             s->loc.line);
        f->coroutine = s->u.funcdef.is_async;
        Scope *saved = c->cur;
        c->cur = f;
        enter_params(c, f, s->u.funcdef.args);
        visit_stmts(c, &s->u.funcdef.body);
        c->cur = saved;
        break;
    }
    case S_CLASSDEF: {
        visit_exprs(c, &s->u.classdef.decorators);
        visit_exprs(c, &s->u.classdef.bases);
        for (int i = 0; i < s->u.classdef.keywords.len; i++) {
            Keyword *k = s->u.classdef.keywords.items[i];
            visit_expr(c, k->value);
        }
        bind_name(c, s->u.classdef.name, s->loc);
        Scope *k = new_scope(c, SCOPE_CLASS, s->u.classdef.name, s,
                             s->loc.line);
        Scope *saved = c->cur;
        c->cur = k;
        visit_stmts(c, &s->u.classdef.body);
        c->cur = saved;
        break;
    }
    case S_RETURN:
        /* 'return' with a value in an async generator is found by the
         * compiler: the `yield` may come later */
        if (c->cur->kind != SCOPE_FUNCTION)
            sym_error(c, s->loc, "'return' outside function");
        visit_expr(c, s->u.value.value);
        break;
    case S_DELETE:
        for (int i = 0; i < s->u.del.targets.len; i++)
            visit_target(c, s->u.del.targets.items[i]);
        break;
    case S_ASSIGN:
        visit_expr(c, s->u.assign.value);
        for (int i = 0; i < s->u.assign.targets.len; i++)
            visit_target(c, s->u.assign.targets.items[i]);
        break;
    case S_AUGASSIGN:
        if (s->u.augassign.target->kind == E_NAME)
            use_name(c, s->u.augassign.target->u.name.id);
        visit_expr(c, s->u.augassign.value);
        visit_target(c, s->u.augassign.target);
        break;
    case S_ANNASSIGN:
        visit_expr(c, s->u.annassign.value);
        if (s->u.annassign.target->kind == E_NAME) {
            if (s->u.annassign.value || c->cur->kind == SCOPE_FUNCTION)
                bind_name(c, s->u.annassign.target->u.name.id, s->loc);
        } else {
            visit_expr(c, s->u.annassign.target);
        }
        break;
    case S_FOR:
        if (s->u.for_.is_async && !may_await(c, c->cur))
            sym_error(c, s->loc, "'async for' outside async function");
        visit_expr(c, s->u.for_.iter);
        visit_target(c, s->u.for_.target);
        visit_stmts(c, &s->u.for_.body);
        visit_stmts(c, &s->u.for_.orelse);
        break;
    case S_WHILE:
        visit_expr(c, s->u.while_.test);
        visit_stmts(c, &s->u.while_.body);
        visit_stmts(c, &s->u.while_.orelse);
        break;
    case S_IF:
        visit_expr(c, s->u.if_.test);
        visit_stmts(c, &s->u.if_.body);
        visit_stmts(c, &s->u.if_.orelse);
        break;
    case S_WITH:
        if (s->u.with.is_async && !may_await(c, c->cur))
            sym_error(c, s->loc, "'async with' outside async function");
        for (int i = 0; i < s->u.with.items.len; i++) {
            WithItem *w = s->u.with.items.items[i];
            visit_expr(c, w->context_expr);
            if (w->optional_vars)
                visit_target(c, w->optional_vars);
        }
        visit_stmts(c, &s->u.with.body);
        break;
    case S_RAISE:
        visit_expr(c, s->u.raise.exc);
        visit_expr(c, s->u.raise.cause);
        break;
    case S_TRY:
        visit_stmts(c, &s->u.try_.body);
        for (int i = 0; i < s->u.try_.handlers.len; i++) {
            ExceptHandler *h = s->u.try_.handlers.items[i];
            visit_expr(c, h->type);
            if (h->name)
                bind_name(c, h->name, h->loc);
            visit_stmts(c, &h->body);
        }
        visit_stmts(c, &s->u.try_.orelse);
        visit_stmts(c, &s->u.try_.finalbody);
        break;
    case S_ASSERT:
        visit_expr(c, s->u.assert_.test);
        visit_expr(c, s->u.assert_.msg);
        break;
    case S_IMPORT:
        for (int i = 0; i < s->u.import.names.len; i++) {
            Alias *a = s->u.import.names.items[i];
            if (a->asname) {
                bind_name(c, a->asname, a->loc);
            } else {
                const char *dot = strchr(a->name, '.');
                if (dot) {
                    /* Bind the top-level package name: the string must
                     * outlive the pass, so it is kept in the symbol table
                     * only through a name the AST owns... copy it. */
                    size_t n = (size_t)(dot - a->name);
                    char *top = NULL;
                    for (int j = 0; j < c->cur->nsyms; j++) {
                        const char *nm = c->cur->syms[j].name;
                        if (strlen(nm) == n && strncmp(nm, a->name, n) == 0)
                            top = (char *)nm;
                    }
                    if (!top) {
                        /* the head of a dotted name is not NUL-terminated
                         * in the AST: the scope owns a copy */
                        top = malloc(n + 1);
                        memcpy(top, a->name, n);
                        top[n] = 0;
                        Scope *sc = c->cur;
                        sc->owned = xrealloc(sc->owned,
                                             (sc->nowned + 1) * sizeof(char *));
                        sc->owned[sc->nowned++] = top;
                    }
                    bind_name(c, top, a->loc);
                } else {
                    bind_name(c, a->name, a->loc);
                }
            }
        }
        break;
    case S_IMPORTFROM:
        for (int i = 0; i < s->u.importfrom.names.len; i++) {
            Alias *a = s->u.importfrom.names.items[i];
            if (strcmp(a->name, "*") == 0) {
                if (c->cur->kind != SCOPE_MODULE)
                    sym_error(c, a->loc, "import * only allowed at module level");
                continue;
            }
            bind_name(c, a->asname ? a->asname : a->name, a->loc);
        }
        break;
    case S_GLOBAL:
        declare(c, s, true);
        break;
    case S_NONLOCAL:
        declare(c, s, false);
        break;
    case S_EXPR:
        visit_expr(c, s->u.value.value);
        break;
    case S_PASS:
    case S_BREAK:
    case S_CONTINUE:
        break;
    }
}

static void visit_stmts(SymCtx *c, AstSeq *body)
{
    for (int i = 0; i < body->len; i++)
        visit_stmt(c, body->items[i]);
}

/* ---- pass 2 ---------------------------------------------------------- */

typedef struct NameSet {
    const char **names;
    int len, cap;
} NameSet;

static bool set_has(const NameSet *s, const char *name)
{
    for (int i = 0; i < s->len; i++)
        if (strcmp(s->names[i], name) == 0)
            return true;
    return false;
}

static void set_add(NameSet *s, const char *name)
{
    if (set_has(s, name))
        return;
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->names = xrealloc(s->names, s->cap * sizeof(char *));
    }
    s->names[s->len++] = name;
}

static void analyze(SymCtx *c, Scope *s, const NameSet *bound, NameSet *free_out)
{
    for (int i = 0; i < s->nsyms; i++) {
        Symbol *sym = &s->syms[i];
        if (sym->flags & SYM_GLOBAL) {
            sym->scope = SC_GLOBAL_EXPLICIT;
        } else if (sym->flags & SYM_NONLOCAL) {
            if (!bound || !set_has(bound, sym->name))
                sym_error(c, sym->decl,
                          "no binding for nonlocal '%s' found",
                          sym->name);
            sym->scope = SC_FREE;
        } else if (sym->flags & SYM_BOUND_OUTSIDE) {
            /* walrus in a comprehension: bound by the enclosing function,
             * or a global when that is the module */
            sym->scope = bound && set_has(bound, sym->name) ? SC_FREE
                                                             : SC_GLOBAL_EXPLICIT;
        } else if (sym->flags & (SYM_ASSIGNED | SYM_PARAM)) {
            sym->scope = SC_LOCAL;
        } else if (bound && set_has(bound, sym->name)) {
            sym->scope = SC_FREE;
        } else {
            sym->scope = SC_GLOBAL_IMPLICIT;
        }
    }
    NameSet child_bound = {0};
    if (s->kind != SCOPE_MODULE && bound)
        for (int i = 0; i < bound->len; i++)
            set_add(&child_bound, bound->names[i]);
    if (s->kind == SCOPE_FUNCTION || s->kind == SCOPE_COMPREHENSION) {
        for (int i = 0; i < s->nsyms; i++)
            if (s->syms[i].scope == SC_LOCAL || s->syms[i].scope == SC_FREE)
                set_add(&child_bound, s->syms[i].name);
    } else if (s->kind == SCOPE_CLASS) {
        set_add(&child_bound, "__class__");
    }
    for (int i = 0; i < s->nchildren; i++) {
        NameSet child_free = {0};
        analyze(c, s->children[i], &child_bound, &child_free);
        for (int j = 0; j < child_free.len; j++) {
            const char *name = child_free.names[j];
            Symbol *sym = symtable_lookup(s, name);
            if (s->kind == SCOPE_CLASS && strcmp(name, "__class__") == 0) {
                sym = add_sym(s, "__class__", 0);
                sym->scope = SC_CELL;
                s->needs_class_cell = true;
                continue;
            }
            if (sym && sym->scope == SC_LOCAL && s->kind != SCOPE_CLASS &&
                s->kind != SCOPE_MODULE) {
                sym->scope = SC_CELL;
            } else if (sym && (sym->scope == SC_CELL || sym->scope == SC_FREE)) {
                /* already provided */
            } else if (s->kind == SCOPE_MODULE) {
                /* cannot happen: free names come from function bindings */
            } else if (sym && sym->scope == SC_LOCAL) {
                sym->flags |= SYM_PASS_FREE; /* class scope */
            } else {
                if (!sym)
                    sym = add_sym(s, name, 0);
                if (sym->scope == SC_GLOBAL_IMPLICIT || sym->scope == 0)
                    sym->scope = SC_FREE;
                else
                    sym->flags |= SYM_PASS_FREE;
            }
        }
        free(child_free.names);
    }
    free(child_bound.names);
    for (int i = 0; i < s->nsyms; i++)
        if (s->syms[i].scope == SC_FREE || (s->syms[i].flags & SYM_PASS_FREE))
            set_add(free_out, s->syms[i].name);
}

Scope *symtable_build(ThreadState *ts, Mod *mod, const char *filename,
                      bool top_level_await)
{
    SymCtx c = {.ts = ts, .filename = filename,
                .top_level_await = top_level_await};
    Scope *top = new_scope(&c, SCOPE_MODULE, "<module>", mod, 1);
    c.cur = top;
    if (setjmp(c.fail)) {
        symtable_free(top);
        return NULL;
    }
    visit_stmts(&c, &mod->body);
    NameSet free_names = {0};
    analyze(&c, top, NULL, &free_names);
    free(free_names.names);
    return top;
}

/* symtable.h - scope analysis: which names are locals, globals, cells and
 * free variables in every function, class, lambda and comprehension. */
#ifndef MPY_SYMTABLE_H
#define MPY_SYMTABLE_H

#include "ast.h"
#include "interp.h"

typedef enum ScopeKind {
    SCOPE_MODULE,
    SCOPE_FUNCTION, /* def, lambda */
    SCOPE_CLASS,
    SCOPE_COMPREHENSION, /* list/set/dict comprehension, generator expr */
} ScopeKind;

/* Where a name lives, once analysed. */
typedef enum SymScope {
    SC_LOCAL = 1,       /* fast slot (functions) or name lookup (module, class) */
    SC_GLOBAL_EXPLICIT, /* declared `global` */
    SC_GLOBAL_IMPLICIT, /* never bound here nor in an enclosing function */
    SC_FREE,            /* bound in an enclosing function: a cell from the closure */
    SC_CELL,            /* local here, captured by an inner function */
} SymScope;

/* Symbol flags gathered while walking. */
enum {
    SYM_ASSIGNED = 1 << 0,
    SYM_PARAM = 1 << 1,
    SYM_GLOBAL = 1 << 2,
    SYM_NONLOCAL = 1 << 3,
    SYM_USED = 1 << 4,
    SYM_BOUND_OUTSIDE = 1 << 5, /* walrus target inside a comprehension */
    SYM_PASS_FREE = 1 << 6,     /* class scope: also passed on as a free var */
};

typedef struct Symbol {
    const char *name;
    int flags;
    SymScope scope;
    Loc decl; /* of a global/nonlocal declaration, for errors */
} Symbol;

typedef struct Scope {
    ScopeKind kind;
    const char *name;
    const void *node; /* the Stmt (def, class) or Expr (lambda, comp) */
    int lineno;
    struct Scope *parent;
    struct Scope **children;
    int nchildren, children_cap;
    Symbol *syms; /* in order of first appearance */
    int nsyms, syms_cap;
    /* Parameters in slot order: positional, keyword-only, *args, **kwargs. */
    const char **params;
    int nparams, params_cap;
    int argcount, posonlycount, kwonlycount;
    bool varargs, varkw;
    bool generator;
    /* async def; a comprehension using async for or await; the module
     * using top-level await */
    bool coroutine;
    bool needs_class_cell; /* class scope: a method uses __class__/super */
    char **owned; /* strings made by the pass (dotted import heads) */
    int nowned;
} Scope;

/* Analyse [mod].  Returns the module scope (free with symtable_free), or
 * NULL with a SyntaxError pending.  With [top_level_await], await, async
 * for, async with and asynchronous comprehensions are allowed at module
 * level (not in a class body or a plain def); the module scope's coroutine
 * is then set when the module uses one of them. */
Scope *symtable_build(ThreadState *ts, Mod *mod, const char *filename,
                      bool top_level_await);
void symtable_free(Scope *scope);

Symbol *symtable_lookup(Scope *scope, const char *name);
/* The child scope made for [node] inside [scope], or NULL. */
Scope *symtable_child(Scope *scope, const void *node);

#endif

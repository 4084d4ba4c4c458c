/* ast.h - the abstract syntax tree, as one declarative set of structs in
 * the spirit of CPython's Python.asdl.
 *
 * The parser builds the tree in an AstArena; the whole tree is freed at once
 * with the arena.  Identifiers and string constants are NUL-terminated,
 * arena-owned UTF-8.  Every node carries its source span (1-based lines,
 * 0-based byte columns, end exclusive).  The compiler only reads the tree.
 */
#ifndef MPY_AST_H
#define MPY_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct AstArena AstArena;

AstArena *ast_arena_new(void);
void ast_arena_free(AstArena *arena);
void *ast_alloc(AstArena *arena, size_t size); /* zeroed */
char *ast_strdup(AstArena *arena, const char *s, size_t len);

typedef struct Loc {
    int line, col, end_line, end_col;
} Loc;

/* A growable array of node pointers. */
typedef struct AstSeq {
    void **items;
    int len, cap;
} AstSeq;
void ast_seq_push(AstArena *arena, AstSeq *seq, void *item);

typedef struct Expr Expr;
typedef struct Stmt Stmt;

typedef enum ConstKind {
    CONST_NONE, CONST_TRUE, CONST_FALSE, CONST_ELLIPSIS,
    CONST_INT,     /* fits int64: .i */
    CONST_BIGINT,  /* decimal digits, no sign, no underscores: .str */
    CONST_FLOAT,   /* .f */
    CONST_IMAG,    /* .f (the imaginary part), reserved: compiler rejects */
    CONST_STR,     /* UTF-8 .str / .len, escapes already decoded */
    CONST_BYTES,   /* raw bytes .str / .len */
} ConstKind;

typedef struct Constant {
    ConstKind kind;
    int64_t i;
    double f;
    const char *str;
    size_t len;
} Constant;

typedef enum ExprKind {
    E_BOOLOP,      /* boolop: op (AND/OR), values (>= 2) */
    E_NAMEDEXPR,   /* named: target (E_NAME), value */
    E_BINOP,       /* binop: left, op (BinaryOp from ops.h), right */
    E_UNARYOP,     /* unary: op (UnaryOp from ops.h), operand */
    E_LAMBDA,      /* lambda: args, body */
    E_IFEXP,       /* ifexp: test, body, orelse */
    E_DICT,        /* dict: keys, values (a NULL key means **value) */
    E_SET,         /* seq: elts */
    E_LISTCOMP,    /* comp: elt, generators */
    E_SETCOMP,     /* comp: elt, generators */
    E_DICTCOMP,    /* comp: key (elt), value, generators */
    E_GENEXP,      /* comp: elt, generators */
    E_AWAIT,       /* value */
    E_YIELD,       /* value (may be NULL) */
    E_YIELDFROM,   /* value */
    E_COMPARE,     /* compare: left, ops (int CmpOp or CMPX_* below), comparators */
    E_CALL,        /* call: func, args (Expr*, may be E_STARRED), keywords */
    E_FORMATTED,   /* formatted: value, conversion ('s','r','a' or 0), format_spec (E_JOINEDSTR or NULL) */
    E_JOINEDSTR,   /* seq: elts (CONST_STR constants and E_FORMATTED) */
    E_CONSTANT,    /* constant */
    E_ATTRIBUTE,   /* attribute: value, attr */
    E_SUBSCRIPT,   /* subscript: value, slice (any Expr, E_SLICE, or E_TUPLE of them) */
    E_STARRED,     /* value */
    E_NAME,        /* name: id */
    E_LIST,        /* seq: elts */
    E_TUPLE,       /* seq: elts */
    E_SLICE,       /* slice: lower, upper, step (each may be NULL) */
} ExprKind;

/* How an expression is used; set by the parser on assignment targets. */
typedef enum ExprContext { CTX_LOAD, CTX_STORE, CTX_DEL } ExprContext;

typedef enum BoolOpKind { BOOL_AND, BOOL_OR } BoolOpKind;

/* Comparison operators beyond CmpOp's six (which keep their values 0..5). */
enum { CMPX_IS = 6, CMPX_IS_NOT, CMPX_IN, CMPX_NOT_IN };

typedef struct Arg {
    const char *name;
    Expr *annotation; /* parsed and ignored */
    Loc loc;
} Arg;

typedef struct Arguments {
    AstSeq posonlyargs; /* Arg*, before "/" */
    AstSeq args;        /* Arg* */
    AstSeq defaults;    /* Expr*, for the LAST len(defaults) of posonlyargs+args */
    Arg *vararg;        /* *args, or NULL */
    AstSeq kwonlyargs;  /* Arg* */
    AstSeq kw_defaults; /* Expr* or NULL, one per kwonlyarg */
    Arg *kwarg;         /* **kwargs, or NULL */
} Arguments;

typedef struct Keyword {
    const char *arg; /* NULL for **mapping */
    Expr *value;
    Loc loc;
} Keyword;

typedef struct Comprehension {
    Expr *target;
    Expr *iter;
    AstSeq ifs; /* Expr* */
    bool is_async;
} Comprehension;

struct Expr {
    ExprKind kind;
    ExprContext ctx;
    Loc loc;
    union {
        struct { BoolOpKind op; AstSeq values; } boolop;
        struct { Expr *target; Expr *value; } named;
        struct { Expr *left; int op; Expr *right; } binop;
        struct { int op; Expr *operand; } unary;
        struct { Arguments *args; Expr *body; } lambda;
        struct { Expr *test, *body, *orelse; } ifexp;
        struct { AstSeq keys, values; } dict;
        struct { Expr *elt; Expr *value; AstSeq generators; } comp; /* Comprehension* */
        struct { Expr *value; } value; /* E_AWAIT, E_YIELD, E_YIELDFROM, E_STARRED */
        struct { Expr *left; int *ops; AstSeq comparators; } compare; /* ops has comparators.len entries */
        struct { Expr *func; AstSeq args; AstSeq keywords; } call; /* Keyword* */
        struct { Expr *value; int conversion; Expr *format_spec; } formatted;
        Constant constant;
        struct { Expr *value; const char *attr; } attribute;
        struct { Expr *value; Expr *slice; } subscript;
        struct { const char *id; } name;
        struct { AstSeq elts; } seq; /* E_SET, E_LIST, E_TUPLE, E_JOINEDSTR */
        struct { Expr *lower, *upper, *step; } slice;
    } u;
};

typedef struct ExceptHandler {
    Expr *type;       /* NULL for a bare except */
    const char *name; /* `as` name or NULL */
    AstSeq body;      /* Stmt* */
    Loc loc;
} ExceptHandler;

typedef struct WithItem {
    Expr *context_expr;
    Expr *optional_vars; /* NULL when no `as` */
} WithItem;

typedef struct Alias {
    const char *name;   /* dotted for `import a.b`; "*" for `from m import *` */
    const char *asname; /* NULL when none */
    Loc loc;
} Alias;

typedef enum StmtKind {
    S_FUNCTIONDEF, /* funcdef: name, args, body, decorators, returns, is_async */
    S_CLASSDEF,    /* classdef: name, bases, keywords, body, decorators */
    S_RETURN,      /* value (may be NULL) */
    S_DELETE,      /* targets */
    S_ASSIGN,      /* assign: targets (>= 1, for a = b = c), value */
    S_AUGASSIGN,   /* augassign: target, op (BinaryOp), value */
    S_ANNASSIGN,   /* annassign: target, annotation, value (may be NULL), simple */
    S_FOR,         /* for_: target, iter, body, orelse, is_async */
    S_WHILE,       /* while_: test, body, orelse */
    S_IF,          /* if_: test, body, orelse (elif becomes a nested S_IF) */
    S_WITH,        /* with: items (WithItem*), body, is_async */
    S_RAISE,       /* raise: exc (may be NULL), cause (may be NULL) */
    S_TRY,         /* try_: body, handlers (ExceptHandler*), orelse, finalbody */
    S_ASSERT,      /* assert_: test, msg (may be NULL) */
    S_IMPORT,      /* import: names (Alias*) */
    S_IMPORTFROM,  /* importfrom: module (NULL for `from . import`), names, level */
    S_GLOBAL,      /* names: names (const char*) */
    S_NONLOCAL,    /* names: names (const char*) */
    S_EXPR,        /* value */
    S_PASS,
    S_BREAK,
    S_CONTINUE,
} StmtKind;

struct Stmt {
    StmtKind kind;
    Loc loc;
    union {
        struct { const char *name; Arguments *args; AstSeq body; AstSeq decorators; Expr *returns; bool is_async; } funcdef;
        struct { const char *name; AstSeq bases; AstSeq keywords; AstSeq body; AstSeq decorators; } classdef;
        struct { Expr *value; } value; /* S_RETURN, S_EXPR */
        struct { AstSeq targets; } del;
        struct { AstSeq targets; Expr *value; } assign;
        struct { Expr *target; int op; Expr *value; } augassign;
        struct { Expr *target; Expr *annotation; Expr *value; bool simple; } annassign;
        struct { Expr *target; Expr *iter; AstSeq body; AstSeq orelse; bool is_async; } for_;
        struct { Expr *test; AstSeq body; AstSeq orelse; } while_;
        struct { Expr *test; AstSeq body; AstSeq orelse; } if_;
        struct { AstSeq items; AstSeq body; bool is_async; } with;
        struct { Expr *exc; Expr *cause; } raise;
        struct { AstSeq body; AstSeq handlers; AstSeq orelse; AstSeq finalbody; } try_;
        struct { Expr *test; Expr *msg; } assert_;
        struct { AstSeq names; } import;
        struct { const char *module; AstSeq names; int level; } importfrom;
        struct { AstSeq names; } names;
    } u;
};

typedef enum ParseMode {
    PARSE_FILE,   /* a module: statements until EOF */
    PARSE_SINGLE, /* one interactive statement (the REPL) */
    PARSE_EVAL,   /* one expression */
} ParseMode;

typedef struct Mod {
    ParseMode mode;
    AstSeq body; /* Stmt*; for PARSE_EVAL one S_EXPR */
} Mod;

/* Print the tree in a compact s-expression form (tests and --dump-ast).
 * [*out] is malloc'd and NUL-terminated; the caller frees it.  The _ex
 * form can prefix every statement and expression with its span as
 * "@line:col-end_line:end_col". */
void ast_dump_mod(const Mod *mod, char **out, size_t *len);
void ast_dump_mod_ex(const Mod *mod, bool locations, char **out, size_t *len);

#endif

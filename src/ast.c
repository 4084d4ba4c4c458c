/* ast.c - the arena that owns a syntax tree, and the tree's printed form.
 *
 * The dump is a compact s-expression, one node per parenthesis, fields in
 * the order of ast.h, lists in brackets, absent optional fields as `_`:
 *
 *   x = f(a, *b, k=1)   (Module (Assign [(Name x Store)]
 *                         (Call (Name f) [(Name a) (Starred (Name b))] [(keyword k (Constant 1))])))
 *
 * (on one line).  Operators print as Python spells them.  Printing
 * recurses, so it stops descending at DUMP_MAX_DEPTH and prints `...`.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

/* -- the arena --------------------------------------------------------- */

#define CHUNK_SIZE 16384
#define ALIGN 16

typedef struct Chunk {
    struct Chunk *next;
    size_t used, size;
    _Alignas(ALIGN) unsigned char data[];
} Chunk;

struct AstArena {
    Chunk *chunks; /* the current chunk first */
};

AstArena *ast_arena_new(void)
{
    AstArena *a = calloc(1, sizeof *a);
    if (!a)
        abort();
    return a;
}

void ast_arena_free(AstArena *arena)
{
    if (!arena)
        return;
    Chunk *c = arena->chunks;
    while (c) {
        Chunk *next = c->next;
        free(c);
        c = next;
    }
    free(arena);
}

void *ast_alloc(AstArena *arena, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    Chunk *c = arena->chunks;
    if (!c || c->size - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        Chunk *n = malloc(sizeof *n + cap);
        if (!n)
            abort();
        n->used = 0;
        n->size = cap;
        if (c && size > CHUNK_SIZE) {
            /* A big block goes behind the current chunk, which keeps
             * serving small requests. */
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            arena->chunks = n;
        }
        c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *ast_strdup(AstArena *arena, const char *s, size_t len)
{
    char *p = ast_alloc(arena, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void ast_seq_push(AstArena *arena, AstSeq *seq, void *item)
{
    if (seq->len == seq->cap) {
        int cap = seq->cap ? seq->cap * 2 : 4;
        void **items = ast_alloc(arena, sizeof(void *) * (size_t)cap);
        if (seq->len)
            memcpy(items, seq->items, sizeof(void *) * (size_t)seq->len);
        seq->items = items;
        seq->cap = cap;
    }
    seq->items[seq->len++] = item;
}

/* -- the dump ---------------------------------------------------------- */

#define DUMP_MAX_DEPTH 200

typedef struct Out {
    char *data;
    size_t len, cap;
    int depth;
    bool locations;
} Out;

static void put(Out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;
        while (cap < o->len + n + 1)
            cap *= 2;
        char *p = realloc(o->data, cap);
        if (!p)
            abort();
        o->data = p;
        o->cap = cap;
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
    o->data[o->len] = '\0';
}

static void puts_(Out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void printf_(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void printf_(Out *o, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void expr(Out *o, const Expr *e);
static void stmt(Out *o, const Stmt *s);

static void quoted(Out *o, const char *s, size_t len, bool bytes)
{
    if (bytes)
        puts_(o, "b");
    puts_(o, "'");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\\': puts_(o, "\\\\"); break;
        case '\'': puts_(o, "\\'"); break;
        case '\n': puts_(o, "\\n"); break;
        case '\t': puts_(o, "\\t"); break;
        case '\r': puts_(o, "\\r"); break;
        default:
            if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80))
                printf_(o, "\\x%02x", c);
            else
                put(o, (const char *)&c, 1);
        }
    }
    puts_(o, "'");
}

static void number(Out *o, double d)
{
    /* Python's repr: the shortest digits that read back the same, fixed
     * notation from 1e-4 up to 1e16, scientific outside. */
    char buf[48];
    if (d != d || d - d != 0) {
        puts_(o, d != d ? "nan" : d > 0 ? "inf" : "-inf");
        return;
    }
    int prec = 0;
    for (; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    char *e = strchr(buf, 'e');
    int exp = atoi(e + 1);
    if (exp >= -4 && exp < 16) {
        snprintf(buf, sizeof buf, "%.*f", prec - exp > 0 ? prec - exp : 0, d);
        puts_(o, buf);
        if (!strchr(buf, '.'))
            puts_(o, ".0");
        return;
    }
    *e = '\0';
    puts_(o, buf);
    printf_(o, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

static void constant(Out *o, const Constant *c)
{
    switch (c->kind) {
    case CONST_NONE: puts_(o, "None"); break;
    case CONST_TRUE: puts_(o, "True"); break;
    case CONST_FALSE: puts_(o, "False"); break;
    case CONST_ELLIPSIS: puts_(o, "..."); break;
    case CONST_INT: printf_(o, "%lld", (long long)c->i); break;
    case CONST_BIGINT: put(o, c->str, c->len); break;
    case CONST_FLOAT: number(o, c->f); break;
    case CONST_IMAG: number(o, c->f); puts_(o, "j"); break;
    case CONST_STR: quoted(o, c->str, c->len, false); break;
    case CONST_BYTES: quoted(o, c->str, c->len, true); break;
    }
}

static void exprs(Out *o, const AstSeq *seq)
{
    puts_(o, "[");
    for (int i = 0; i < seq->len; i++) {
        if (i)
            puts_(o, " ");
        expr(o, seq->items[i]);
    }
    puts_(o, "]");
}

static void stmts(Out *o, const AstSeq *seq)
{
    puts_(o, "[");
    for (int i = 0; i < seq->len; i++) {
        if (i)
            puts_(o, " ");
        stmt(o, seq->items[i]);
    }
    puts_(o, "]");
}

static void opt_expr(Out *o, const Expr *e)
{
    puts_(o, " ");
    if (e)
        expr(o, e);
    else
        puts_(o, "_");
}

static const char *binop_name(int op)
{
    static const char *const names[] = {"+", "-", "*", "/", "//", "%", "**",
                                        "<<", ">>", "&", "|", "^", "@"};
    return op >= 0 && op < (int)(sizeof names / sizeof names[0]) ? names[op] : "?";
}

static const char *cmp_name(int op)
{
    static const char *const names[] = {"<", "<=", "==", "!=", ">", ">=",
                                        "is", "is not", "in", "not in"};
    return op >= 0 && op < (int)(sizeof names / sizeof names[0]) ? names[op] : "?";
}

static void ctx(Out *o, const Expr *e)
{
    if (e->ctx == CTX_STORE)
        puts_(o, " Store");
    else if (e->ctx == CTX_DEL)
        puts_(o, " Del");
}

static void arg(Out *o, const Arg *a)
{
    if (a->annotation) {
        printf_(o, "(arg %s ", a->name);
        expr(o, a->annotation);
        puts_(o, ")");
    } else {
        puts_(o, a->name);
    }
}

static void args_list(Out *o, const char *label, const AstSeq *seq)
{
    if (seq->len == 0)
        return;
    printf_(o, " %s=[", label);
    for (int i = 0; i < seq->len; i++) {
        if (i)
            puts_(o, " ");
        arg(o, seq->items[i]);
    }
    puts_(o, "]");
}

static void arguments(Out *o, const Arguments *a)
{
    puts_(o, "(arguments");
    args_list(o, "posonly", &a->posonlyargs);
    args_list(o, "args", &a->args);
    if (a->defaults.len) {
        puts_(o, " defaults=");
        exprs(o, &a->defaults);
    }
    if (a->vararg) {
        puts_(o, " vararg=");
        arg(o, a->vararg);
    }
    args_list(o, "kwonly", &a->kwonlyargs);
    if (a->kwonlyargs.len) {
        puts_(o, " kw_defaults=[");
        for (int i = 0; i < a->kw_defaults.len; i++) {
            if (i)
                puts_(o, " ");
            if (a->kw_defaults.items[i])
                expr(o, a->kw_defaults.items[i]);
            else
                puts_(o, "_");
        }
        puts_(o, "]");
    }
    if (a->kwarg) {
        puts_(o, " kwarg=");
        arg(o, a->kwarg);
    }
    puts_(o, ")");
}

static void keywords(Out *o, const AstSeq *seq)
{
    puts_(o, "[");
    for (int i = 0; i < seq->len; i++) {
        const Keyword *k = seq->items[i];
        printf_(o, "%s(keyword %s ", i ? " " : "", k->arg ? k->arg : "**");
        expr(o, k->value);
        puts_(o, ")");
    }
    puts_(o, "]");
}

static void generators(Out *o, const AstSeq *seq)
{
    puts_(o, "[");
    for (int i = 0; i < seq->len; i++) {
        const Comprehension *c = seq->items[i];
        puts_(o, i ? " (comprehension " : "(comprehension ");
        expr(o, c->target);
        puts_(o, " ");
        expr(o, c->iter);
        puts_(o, " ");
        exprs(o, &c->ifs);
        if (c->is_async)
            puts_(o, " async");
        puts_(o, ")");
    }
    puts_(o, "]");
}

/* "@line:col-end_line:end_col" before each node, on request. */
static void loc(Out *o, Loc l)
{
    if (o->locations)
        printf_(o, "@%d:%d-%d:%d", l.line, l.col, l.end_line, l.end_col);
}

static void expr(Out *o, const Expr *e)
{
    if (o->depth >= DUMP_MAX_DEPTH) {
        puts_(o, "...");
        return;
    }
    o->depth++;
    loc(o, e->loc);
    switch (e->kind) {
    case E_BOOLOP:
        printf_(o, "(BoolOp %s", e->u.boolop.op == BOOL_AND ? "and" : "or");
        for (int i = 0; i < e->u.boolop.values.len; i++) {
            puts_(o, " ");
            expr(o, e->u.boolop.values.items[i]);
        }
        puts_(o, ")");
        break;
    case E_NAMEDEXPR:
        puts_(o, "(NamedExpr ");
        expr(o, e->u.named.target);
        puts_(o, " ");
        expr(o, e->u.named.value);
        puts_(o, ")");
        break;
    case E_BINOP:
        printf_(o, "(BinOp %s ", binop_name(e->u.binop.op));
        expr(o, e->u.binop.left);
        puts_(o, " ");
        expr(o, e->u.binop.right);
        puts_(o, ")");
        break;
    case E_UNARYOP: {
        static const char *const names[] = {"-", "+", "~", "not"};
        printf_(o, "(UnaryOp %s ", names[e->u.unary.op & 3]);
        expr(o, e->u.unary.operand);
        puts_(o, ")");
        break;
    }
    case E_LAMBDA:
        puts_(o, "(Lambda ");
        arguments(o, e->u.lambda.args);
        puts_(o, " ");
        expr(o, e->u.lambda.body);
        puts_(o, ")");
        break;
    case E_IFEXP:
        puts_(o, "(IfExp ");
        expr(o, e->u.ifexp.test);
        puts_(o, " ");
        expr(o, e->u.ifexp.body);
        puts_(o, " ");
        expr(o, e->u.ifexp.orelse);
        puts_(o, ")");
        break;
    case E_DICT:
        puts_(o, "(Dict [");
        for (int i = 0; i < e->u.dict.keys.len; i++) {
            puts_(o, i ? " (" : "(");
            if (e->u.dict.keys.items[i])
                expr(o, e->u.dict.keys.items[i]);
            else
                puts_(o, "**");
            puts_(o, " ");
            expr(o, e->u.dict.values.items[i]);
            puts_(o, ")");
        }
        puts_(o, "])");
        break;
    case E_SET:
        puts_(o, "(Set ");
        exprs(o, &e->u.seq.elts);
        puts_(o, ")");
        break;
    case E_LISTCOMP:
    case E_SETCOMP:
    case E_GENEXP:
        puts_(o, e->kind == E_LISTCOMP ? "(ListComp "
                 : e->kind == E_SETCOMP ? "(SetComp " : "(GeneratorExp ");
        expr(o, e->u.comp.elt);
        puts_(o, " ");
        generators(o, &e->u.comp.generators);
        puts_(o, ")");
        break;
    case E_DICTCOMP:
        puts_(o, "(DictComp ");
        expr(o, e->u.comp.elt);
        puts_(o, " ");
        expr(o, e->u.comp.value);
        puts_(o, " ");
        generators(o, &e->u.comp.generators);
        puts_(o, ")");
        break;
    case E_AWAIT:
        puts_(o, "(Await ");
        expr(o, e->u.value.value);
        puts_(o, ")");
        break;
    case E_YIELD:
        puts_(o, "(Yield");
        opt_expr(o, e->u.value.value);
        puts_(o, ")");
        break;
    case E_YIELDFROM:
        puts_(o, "(YieldFrom ");
        expr(o, e->u.value.value);
        puts_(o, ")");
        break;
    case E_COMPARE:
        puts_(o, "(Compare ");
        expr(o, e->u.compare.left);
        for (int i = 0; i < e->u.compare.comparators.len; i++) {
            printf_(o, " %s ", cmp_name(e->u.compare.ops[i]));
            expr(o, e->u.compare.comparators.items[i]);
        }
        puts_(o, ")");
        break;
    case E_CALL:
        puts_(o, "(Call ");
        expr(o, e->u.call.func);
        puts_(o, " ");
        exprs(o, &e->u.call.args);
        puts_(o, " ");
        keywords(o, &e->u.call.keywords);
        puts_(o, ")");
        break;
    case E_FORMATTED:
        puts_(o, "(FormattedValue ");
        expr(o, e->u.formatted.value);
        if (e->u.formatted.conversion)
            printf_(o, " !%c", e->u.formatted.conversion);
        else
            puts_(o, " _");
        opt_expr(o, e->u.formatted.format_spec);
        puts_(o, ")");
        break;
    case E_JOINEDSTR:
        puts_(o, "(JoinedStr ");
        exprs(o, &e->u.seq.elts);
        puts_(o, ")");
        break;
    case E_CONSTANT:
        puts_(o, "(Constant ");
        constant(o, &e->u.constant);
        puts_(o, ")");
        break;
    case E_ATTRIBUTE:
        puts_(o, "(Attribute ");
        expr(o, e->u.attribute.value);
        printf_(o, " %s", e->u.attribute.attr);
        ctx(o, e);
        puts_(o, ")");
        break;
    case E_SUBSCRIPT:
        puts_(o, "(Subscript ");
        expr(o, e->u.subscript.value);
        puts_(o, " ");
        expr(o, e->u.subscript.slice);
        ctx(o, e);
        puts_(o, ")");
        break;
    case E_STARRED:
        puts_(o, "(Starred ");
        expr(o, e->u.value.value);
        ctx(o, e);
        puts_(o, ")");
        break;
    case E_NAME:
        puts_(o, "(Name ");
        puts_(o, e->u.name.id);
        ctx(o, e);
        puts_(o, ")");
        break;
    case E_LIST:
    case E_TUPLE:
        puts_(o, e->kind == E_LIST ? "(List " : "(Tuple ");
        exprs(o, &e->u.seq.elts);
        ctx(o, e);
        puts_(o, ")");
        break;
    case E_SLICE:
        puts_(o, "(Slice");
        opt_expr(o, e->u.slice.lower);
        opt_expr(o, e->u.slice.upper);
        opt_expr(o, e->u.slice.step);
        puts_(o, ")");
        break;
    }
    o->depth--;
}

static void names(Out *o, const AstSeq *seq)
{
    puts_(o, "[");
    for (int i = 0; i < seq->len; i++) {
        if (i)
            puts_(o, " ");
        puts_(o, seq->items[i]);
    }
    puts_(o, "]");
}

static void aliases(Out *o, const AstSeq *seq)
{
    puts_(o, "[");
    for (int i = 0; i < seq->len; i++) {
        const Alias *a = seq->items[i];
        if (i)
            puts_(o, " ");
        if (a->asname)
            printf_(o, "(alias %s as %s)", a->name, a->asname);
        else
            printf_(o, "(alias %s)", a->name);
    }
    puts_(o, "]");
}

static void stmt(Out *o, const Stmt *s)
{
    if (o->depth >= DUMP_MAX_DEPTH) {
        puts_(o, "...");
        return;
    }
    o->depth++;
    loc(o, s->loc);
    switch (s->kind) {
    case S_FUNCTIONDEF:
        printf_(o, "(%s %s ", s->u.funcdef.is_async ? "AsyncFunctionDef" : "FunctionDef",
                s->u.funcdef.name);
        arguments(o, s->u.funcdef.args);
        puts_(o, " ");
        stmts(o, &s->u.funcdef.body);
        puts_(o, " ");
        exprs(o, &s->u.funcdef.decorators);
        opt_expr(o, s->u.funcdef.returns);
        puts_(o, ")");
        break;
    case S_CLASSDEF:
        printf_(o, "(ClassDef %s ", s->u.classdef.name);
        exprs(o, &s->u.classdef.bases);
        puts_(o, " ");
        keywords(o, &s->u.classdef.keywords);
        puts_(o, " ");
        stmts(o, &s->u.classdef.body);
        puts_(o, " ");
        exprs(o, &s->u.classdef.decorators);
        puts_(o, ")");
        break;
    case S_RETURN:
        puts_(o, "(Return");
        opt_expr(o, s->u.value.value);
        puts_(o, ")");
        break;
    case S_DELETE:
        puts_(o, "(Delete ");
        exprs(o, &s->u.del.targets);
        puts_(o, ")");
        break;
    case S_ASSIGN:
        puts_(o, "(Assign ");
        exprs(o, &s->u.assign.targets);
        puts_(o, " ");
        expr(o, s->u.assign.value);
        puts_(o, ")");
        break;
    case S_AUGASSIGN:
        puts_(o, "(AugAssign ");
        expr(o, s->u.augassign.target);
        printf_(o, " %s= ", binop_name(s->u.augassign.op));
        expr(o, s->u.augassign.value);
        puts_(o, ")");
        break;
    case S_ANNASSIGN:
        puts_(o, "(AnnAssign ");
        expr(o, s->u.annassign.target);
        puts_(o, " ");
        expr(o, s->u.annassign.annotation);
        opt_expr(o, s->u.annassign.value);
        puts_(o, s->u.annassign.simple ? " simple)" : ")");
        break;
    case S_FOR:
        puts_(o, s->u.for_.is_async ? "(AsyncFor " : "(For ");
        expr(o, s->u.for_.target);
        puts_(o, " ");
        expr(o, s->u.for_.iter);
        puts_(o, " ");
        stmts(o, &s->u.for_.body);
        puts_(o, " ");
        stmts(o, &s->u.for_.orelse);
        puts_(o, ")");
        break;
    case S_WHILE:
    case S_IF:
        puts_(o, s->kind == S_WHILE ? "(While " : "(If ");
        expr(o, s->u.if_.test);
        puts_(o, " ");
        stmts(o, &s->u.if_.body);
        puts_(o, " ");
        stmts(o, &s->u.if_.orelse);
        puts_(o, ")");
        break;
    case S_WITH:
        puts_(o, s->u.with.is_async ? "(AsyncWith [" : "(With [");
        for (int i = 0; i < s->u.with.items.len; i++) {
            const WithItem *w = s->u.with.items.items[i];
            puts_(o, i ? " (withitem " : "(withitem ");
            expr(o, w->context_expr);
            opt_expr(o, w->optional_vars);
            puts_(o, ")");
        }
        puts_(o, "] ");
        stmts(o, &s->u.with.body);
        puts_(o, ")");
        break;
    case S_RAISE:
        puts_(o, "(Raise");
        opt_expr(o, s->u.raise.exc);
        opt_expr(o, s->u.raise.cause);
        puts_(o, ")");
        break;
    case S_TRY:
        puts_(o, "(Try ");
        stmts(o, &s->u.try_.body);
        puts_(o, " [");
        for (int i = 0; i < s->u.try_.handlers.len; i++) {
            const ExceptHandler *h = s->u.try_.handlers.items[i];
            puts_(o, i ? " (ExceptHandler" : "(ExceptHandler");
            opt_expr(o, h->type);
            printf_(o, " %s ", h->name ? h->name : "_");
            stmts(o, &h->body);
            puts_(o, ")");
        }
        puts_(o, "] ");
        stmts(o, &s->u.try_.orelse);
        puts_(o, " ");
        stmts(o, &s->u.try_.finalbody);
        puts_(o, ")");
        break;
    case S_ASSERT:
        puts_(o, "(Assert ");
        expr(o, s->u.assert_.test);
        opt_expr(o, s->u.assert_.msg);
        puts_(o, ")");
        break;
    case S_IMPORT:
        puts_(o, "(Import ");
        aliases(o, &s->u.import.names);
        puts_(o, ")");
        break;
    case S_IMPORTFROM:
        printf_(o, "(ImportFrom %s ", s->u.importfrom.module ? s->u.importfrom.module : "_");
        aliases(o, &s->u.importfrom.names);
        printf_(o, " %d)", s->u.importfrom.level);
        break;
    case S_GLOBAL:
    case S_NONLOCAL:
        puts_(o, s->kind == S_GLOBAL ? "(Global " : "(Nonlocal ");
        names(o, &s->u.names.names);
        puts_(o, ")");
        break;
    case S_EXPR:
        puts_(o, "(Expr ");
        expr(o, s->u.value.value);
        puts_(o, ")");
        break;
    case S_PASS: puts_(o, "(Pass)"); break;
    case S_BREAK: puts_(o, "(Break)"); break;
    case S_CONTINUE: puts_(o, "(Continue)"); break;
    }
    o->depth--;
}

void ast_dump_mod(const Mod *mod, char **out, size_t *len)
{
    ast_dump_mod_ex(mod, false, out, len);
}

/* [*out] is malloc'd; the caller frees it. */
void ast_dump_mod_ex(const Mod *mod, bool locations, char **out, size_t *len)
{
    Out o = {0};
    o.locations = locations;
    if (mod->mode == PARSE_EVAL && mod->body.len == 1) {
        const Stmt *s = mod->body.items[0];
        puts_(&o, "(Expression ");
        expr(&o, s->u.value.value);
        puts_(&o, ")");
    } else {
        puts_(&o, mod->mode == PARSE_SINGLE ? "(Interactive" : "(Module");
        for (int i = 0; i < mod->body.len; i++) {
            puts_(&o, " ");
            stmt(&o, mod->body.items[i]);
        }
        puts_(&o, ")");
    }
    *out = o.data;
    *len = o.len;
}

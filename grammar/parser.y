/* parser.y - Python 3.11's grammar (the subset ast.h describes) to the AST.
 *
 * A pure LALR(1) parser over the tokens of lexer.l.  Python's grammar is
 * not LALR(1) as written (CPython uses a PEG parser), so a few things are
 * parsed more loosely and checked in the actions, the way CPython's old
 * LL(1) parser did:
 *
 *   - Assignment targets are parsed as expressions and then turned into
 *     targets by set_context(), which sets CTX_STORE/CTX_DEL all the way
 *     down through tuples, lists and starred items and rejects anything
 *     else with CPython's message ("cannot assign to function call").
 *   - Parameter lists are parsed as a flat list of items (name, name=default,
 *     *, *args, **kwargs, /) and assembled by make_arguments(), which also
 *     reports ordering mistakes.  Call arguments likewise (make_call_args()).
 *   - A keyword argument is parsed as `test '=' test` and its left side
 *     must be a plain name.
 *   - `with (a, b):` is one parenthesised tuple to the grammar; a tuple is
 *     never a context manager, so make_with() splits it into two items.
 *     For `with (a as b, c):` the bracket grammar accepts `x as y` items,
 *     remembered in LexState.as_items; make_with() claims them and any
 *     left unclaimed at the end (`[a as b]`) are a syntax error.
 *   - Error messages: yyreport_syntax_error() looks at the lookahead, the
 *     tokens the automaton expected and the scanner's view of the line to
 *     pick CPython's wording ("expected ':'", "Perhaps you forgot a
 *     comma?", "Missing parentheses in call to 'print'", ...).
 *
 * The parser itself does not recurse in C: Bison's stack lives on the heap
 * and grows up to YYMAXDEPTH, so deeply nested source (thousands of unary
 * minus signs) becomes a SyntaxError.  Long left-recursive chains such as
 * 1+1+...+1 build deep trees without deepening the stack; walking those is
 * the tree walkers' business (ast_dump stops at a fixed depth).  String
 * literals arrive undecoded; the code after the grammar decodes escapes,
 * concatenates adjacent literals and splits f-strings, parsing each field's
 * expression with a nested parse of its own (depth-bounded).
 */
%define api.pure full
%define api.token.prefix {TOK_}
%define parse.error custom
%locations
%expect 0
%parse-param {yyscan_t scanner} {Mod *mod}
%lex-param {yyscan_t scanner}

%code requires {
#include "ast.h"
#include "lexer.h"

struct ExprList;
struct ParamItem;
struct CallArg;
struct FromModule;
}

%code provides {
int yylex(YYSTYPE *lvalp, YYLTYPE *llocp, yyscan_t scanner);
}

%code {
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"

#define YYMAXDEPTH 10000
#define YYINITDEPTH 400

/* A comma-separated run of expressions, before it is known whether it is
 * a tuple, a list display, a genexp... */
typedef struct ExprList {
    AstSeq elts;
    bool comma;     /* a trailing or separating comma was seen */
    AstSeq comps;   /* Comprehension*, when followed by `for` */
} ExprList;

enum { P_NAME, P_STAR, P_DSTAR, P_SLASH };
typedef struct ParamItem {
    int kind;
    Arg *arg;        /* NULL for a bare * and for / */
    Expr *def;       /* default, or NULL */
    Loc loc;
} ParamItem;

enum { A_POS, A_STAR, A_KW, A_DSTAR, A_GENEXP };
typedef struct CallArg {
    int kind;
    const char *name; /* A_KW */
    Expr *value;
    Loc loc;
} CallArg;

typedef struct FromModule {
    const char *module;
    int level;
} FromModule;

static void yyerror(YYLTYPE *loc, yyscan_t scanner, Mod *mod, const char *msg);
static Loc L(YYLTYPE l);
static Expr *new_expr(yyscan_t scanner, ExprKind kind, YYLTYPE l);
static Stmt *new_stmt(yyscan_t scanner, StmtKind kind, YYLTYPE l);
static AstSeq seq1(yyscan_t scanner, void *item);
static void seq_cat(yyscan_t scanner, AstSeq *dst, AstSeq src);
static ExprList *elist_new(yyscan_t scanner, Expr *first);
static Expr *elist_tuple(yyscan_t scanner, ExprList *l, YYLTYPE loc);
static Expr *binop(yyscan_t scanner, Expr *l, int op, Expr *r, YYLTYPE loc);
static Expr *unary(yyscan_t scanner, int op, Expr *e, YYLTYPE loc);
static Expr *boolop(yyscan_t scanner, BoolOpKind op, AstSeq values, YYLTYPE loc);
static Expr *constant(yyscan_t scanner, ConstKind kind, YYLTYPE loc);
static Expr *comp_expr(yyscan_t scanner, ExprKind kind, Expr *elt, Expr *value,
                       AstSeq gens, YYLTYPE loc);
static Comprehension *comprehension(yyscan_t scanner, ExprList *target, Expr *iter,
                                    AstSeq ifs, bool is_async);
static bool set_context(yyscan_t scanner, Expr *e, ExprContext ctx, bool top);
static bool check_assign_target(yyscan_t scanner, Expr *e);
static bool check_not_starred(yyscan_t scanner, Expr *e);
static bool check_aug_target(yyscan_t scanner, Expr *e);
static bool check_named_target(yyscan_t scanner, Expr *e);
static bool parenthesized(const Expr *e, YYLTYPE l);
static Expr *make_strings(yyscan_t scanner, AstSeq toks, YYLTYPE loc);
static Arguments *make_arguments(yyscan_t scanner, AstSeq items);
static ParamItem *param(yyscan_t scanner, int kind, Arg *arg, Expr *def, YYLTYPE loc);
static Arg *new_arg(yyscan_t scanner, const char *name, Expr *ann, YYLTYPE loc);
static CallArg *call_arg(yyscan_t scanner, int kind, const char *name, Expr *value,
                         YYLTYPE loc);
static bool make_call_args(yyscan_t scanner, AstSeq items, AstSeq *args,
                           AstSeq *keywords);
static Stmt *make_with(yyscan_t scanner, AstSeq items, YYLTYPE loc);
static WithItem *with_item(yyscan_t scanner, Expr *ctx, Expr *vars);
static Alias *alias(yyscan_t scanner, const char *name, const char *asname, YYLTYPE loc);
static char *join_dotted(yyscan_t scanner, const char *a, const char *b);
static void error_at(yyscan_t scanner, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define ARENA (lexer_state(scanner)->arena)
}

%union {
    Expr *expr;
    Stmt *stmt;
    AstSeq seq;
    const char *name;
    StrTok *str;
    int op;
    struct ExprList *elist;
    struct ParamItem *param;
    struct CallArg *carg;
    struct FromModule *from;
    Arg *arg;
    Comprehension *comp;
    ExceptHandler *handler;
    WithItem *witem;
    Alias *alias;
}

%token <name> NAME
%token <expr> NUMBER
%token <str> STRING
%token NEWLINE INDENT DEDENT LEXERROR START_FILE START_SINGLE START_EVAL
%token FALSE NONE TRUE AND AS ASSERT ASYNC AWAIT BREAK CLASS CONTINUE DEF DEL
%token ELIF ELSE EXCEPT FINALLY FOR FROM GLOBAL IF IMPORT IN IS LAMBDA
%token NONLOCAL NOT OR PASS RAISE RETURN TRY WHILE WITH YIELD
%token POWEQ FLOORDIVEQ RSHIFTEQ LSHIFTEQ ELLIPSIS PLUSEQ MINUSEQ STAREQ
%token SLASHEQ PERCENTEQ ATEQ AMPEQ PIPEEQ CARETEQ ARROW POW FLOORDIV LSHIFT
%token RSHIFT EQ NE LE GE COLONEQ

%type <seq> stmt stmts simple_stmts small_list block assign_targets
%type <seq> elif_tail else_opt finally_opt handlers decorators with_items
%type <seq> dotted_as_names import_as_names import_targets name_list strings
%type <seq> comp_fors comp_ifs params param_list lparams lparam_list
%type <seq> arglist arg_list dict_list tse_list
%type <stmt> small_stmt compound_stmt expr_stmt if_stmt while_stmt for_stmt
%type <stmt> try_stmt with_stmt funcdef classdef decorated async_stmt
%type <stmt> import_stmt
%type <expr> test or_test and_test not_test comparison expr xor_expr and_expr
%type <expr> shift_expr arith_expr term factor power await_primary primary atom
%type <expr> star_expr test_or_star namedexpr_test lambdef yield_expr rhs
%type <expr> testlist_star_expr subscriptlist subscript opt_test decorator
%type <expr> expr_or_star tc_elem returns_opt
%type <elist> testlist_comp tc_list exprlist el_list sub_list set_list
%type <elist> dictorsetmaker
%type <seq> comp_chain
%type <op> augassign comp_op
%type <param> param lparam
%type <arg> tname
%type <carg> argument
%type <comp> comp_for
%type <handler> handler
%type <witem> with_item
%type <alias> dotted_as_name import_as_name
%type <name> dotted_name
%type <from> import_from_mod
%type <op> dots

%%

start
    : START_FILE file_input
    | START_SINGLE single_input
    | START_EVAL eval_input
    ;

file_input
    : %empty
    | file_input NEWLINE
    | file_input stmt       { seq_cat(scanner, &mod->body, $2); }
    ;

single_input
    : %empty
    | NEWLINE
    | simple_stmts          { mod->body = $1; }
    | compound_stmt         { mod->body = seq1(scanner, $1); }
    ;

eval_input
    : testlist_star_expr newlines_opt {
        Stmt *s = new_stmt(scanner, S_EXPR, @1);
        s->u.value.value = $1;
        mod->body = seq1(scanner, s);
    }
    ;

newlines_opt
    : %empty
    | newlines_opt NEWLINE
    ;

stmt
    : simple_stmts
    | compound_stmt         { $$ = seq1(scanner, $1); }
    ;

stmts
    : stmt
    | stmts stmt            { $$ = $1; seq_cat(scanner, &$$, $2); }
    ;

/* A statement's span ends with its last token, not with the NEWLINE or
 * DEDENT after it, so blocks carry the span of their last statement. */
simple_stmts
    : small_list NEWLINE    { $$ = $1; @$ = @1; }
    | small_list ';' NEWLINE { $$ = $1; @$ = @1; }
    ;

small_list
    : small_stmt            { $$ = seq1(scanner, $1); }
    | small_list ';' small_stmt { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

block
    : simple_stmts
    | NEWLINE INDENT stmts DEDENT {
        $$ = $3;
        @$ = @3;
        Stmt *last = $3.items[$3.len - 1];
        @$.last_line = last->loc.end_line;
        @$.last_column = last->loc.end_col;
    }
    ;

small_stmt
    : expr_stmt
    | PASS                  { $$ = new_stmt(scanner, S_PASS, @$); }
    | BREAK                 { $$ = new_stmt(scanner, S_BREAK, @$); }
    | CONTINUE              { $$ = new_stmt(scanner, S_CONTINUE, @$); }
    | RETURN                { $$ = new_stmt(scanner, S_RETURN, @$); }
    | RETURN testlist_star_expr {
        if (!check_not_starred(scanner, $2))
            YYABORT;
        $$ = new_stmt(scanner, S_RETURN, @$);
        $$->u.value.value = $2;
    }
    | RAISE                 { $$ = new_stmt(scanner, S_RAISE, @$); }
    | RAISE test            {
        $$ = new_stmt(scanner, S_RAISE, @$);
        $$->u.raise.exc = $2;
    }
    | RAISE test FROM test  {
        $$ = new_stmt(scanner, S_RAISE, @$);
        $$->u.raise.exc = $2;
        $$->u.raise.cause = $4;
    }
    | GLOBAL name_list      {
        $$ = new_stmt(scanner, S_GLOBAL, @$);
        $$->u.names.names = $2;
    }
    | NONLOCAL name_list    {
        $$ = new_stmt(scanner, S_NONLOCAL, @$);
        $$->u.names.names = $2;
    }
    | ASSERT test           {
        $$ = new_stmt(scanner, S_ASSERT, @$);
        $$->u.assert_.test = $2;
    }
    | ASSERT test ',' test  {
        $$ = new_stmt(scanner, S_ASSERT, @$);
        $$->u.assert_.test = $2;
        $$->u.assert_.msg = $4;
    }
    | DEL exprlist          {
        $$ = new_stmt(scanner, S_DELETE, @$);
        $$->u.del.targets = $2->elts;
        for (int i = 0; i < $$->u.del.targets.len; i++)
            if (!set_context(scanner, $$->u.del.targets.items[i], CTX_DEL, true))
                YYABORT;
    }
    | import_stmt
    ;

name_list
    : NAME                  { $$ = seq1(scanner, (void *)$1); }
    | name_list ',' NAME    { $$ = $1; ast_seq_push(ARENA, &$$, (void *)$3); }
    ;

expr_stmt
    : testlist_star_expr    {
        if (!check_not_starred(scanner, $1))
            YYABORT;
        $$ = new_stmt(scanner, S_EXPR, @$);
        $$->u.value.value = $1;
    }
    | yield_expr            {
        $$ = new_stmt(scanner, S_EXPR, @$);
        $$->u.value.value = $1;
    }
    | testlist_star_expr augassign rhs {
        if (!check_aug_target(scanner, $1))
            YYABORT;
        $$ = new_stmt(scanner, S_AUGASSIGN, @$);
        $$->u.augassign.target = $1;
        $$->u.augassign.op = $2;
        $$->u.augassign.value = $3;
    }
    | testlist_star_expr ':' test {
        $$ = new_stmt(scanner, S_ANNASSIGN, @$);
        if (!check_named_target(scanner, $1))
            YYABORT;
        $$->u.annassign.target = $1;
        $$->u.annassign.annotation = $3;
        $$->u.annassign.simple = $1->kind == E_NAME && !parenthesized($1, @1);
    }
    | testlist_star_expr ':' test '=' rhs {
        $$ = new_stmt(scanner, S_ANNASSIGN, @$);
        if (!check_named_target(scanner, $1))
            YYABORT;
        $$->u.annassign.target = $1;
        $$->u.annassign.annotation = $3;
        $$->u.annassign.value = $5;
        $$->u.annassign.simple = $1->kind == E_NAME && !parenthesized($1, @1);
    }
    | assign_targets rhs    {
        $$ = new_stmt(scanner, S_ASSIGN, @$);
        $$->u.assign.targets = $1;
        $$->u.assign.value = $2;
    }
    ;

assign_targets
    : testlist_star_expr '=' {
        if (!check_assign_target(scanner, $1))
            YYABORT;
        $$ = seq1(scanner, $1);
    }
    | yield_expr '='        {
        error_at(scanner, $1->loc, "assignment to yield expression not possible");
        YYABORT;
    }
    | assign_targets testlist_star_expr '=' {
        if (!check_assign_target(scanner, $2))
            YYABORT;
        $$ = $1;
        ast_seq_push(ARENA, &$$, $2);
    }
    | assign_targets yield_expr '=' {
        error_at(scanner, $2->loc, "assignment to yield expression not possible");
        YYABORT;
    }
    ;

rhs
    : yield_expr
    | testlist_star_expr    {
        if (!check_not_starred(scanner, $1))
            YYABORT;
    }
    ;

augassign
    : PLUSEQ        { $$ = BIN_ADD; }
    | MINUSEQ       { $$ = BIN_SUB; }
    | STAREQ        { $$ = BIN_MUL; }
    | SLASHEQ       { $$ = BIN_TRUEDIV; }
    | FLOORDIVEQ    { $$ = BIN_FLOORDIV; }
    | PERCENTEQ     { $$ = BIN_MOD; }
    | POWEQ         { $$ = BIN_POW; }
    | LSHIFTEQ      { $$ = BIN_LSHIFT; }
    | RSHIFTEQ      { $$ = BIN_RSHIFT; }
    | AMPEQ         { $$ = BIN_AND; }
    | PIPEEQ        { $$ = BIN_OR; }
    | CARETEQ       { $$ = BIN_XOR; }
    | ATEQ          { $$ = BIN_MATMUL; }
    ;

import_stmt
    : IMPORT dotted_as_names {
        $$ = new_stmt(scanner, S_IMPORT, @$);
        $$->u.import.names = $2;
    }
    | FROM import_from_mod IMPORT import_targets {
        $$ = new_stmt(scanner, S_IMPORTFROM, @$);
        $$->u.importfrom.module = $2->module;
        $$->u.importfrom.level = $2->level;
        $$->u.importfrom.names = $4;
    }
    ;

dotted_name
    : NAME
    | dotted_name '.' NAME  { $$ = join_dotted(scanner, $1, $3); }
    ;

dotted_as_names
    : dotted_as_name        { $$ = seq1(scanner, $1); }
    | dotted_as_names ',' dotted_as_name { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

dotted_as_name
    : dotted_name           { $$ = alias(scanner, $1, NULL, @$); }
    | dotted_name AS NAME   { $$ = alias(scanner, $1, $3, @$); }
    ;

import_from_mod
    : dotted_name           {
        $$ = ast_alloc(ARENA, sizeof *$$);
        $$->module = $1;
    }
    | dots                  {
        $$ = ast_alloc(ARENA, sizeof *$$);
        $$->level = $1;
    }
    | dots dotted_name      {
        $$ = ast_alloc(ARENA, sizeof *$$);
        $$->module = $2;
        $$->level = $1;
    }
    ;

dots
    : '.'                   { $$ = 1; }
    | ELLIPSIS              { $$ = 3; }
    | dots '.'              { $$ = $1 + 1; }
    | dots ELLIPSIS         { $$ = $1 + 3; }
    ;

import_targets
    : '*'                   { $$ = seq1(scanner, alias(scanner, "*", NULL, @$)); }
    | '(' import_as_names ')'       { $$ = $2; }
    | '(' import_as_names ',' ')'   { $$ = $2; }
    | import_as_names
    ;

import_as_names
    : import_as_name        { $$ = seq1(scanner, $1); }
    | import_as_names ',' import_as_name { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

import_as_name
    : NAME                  { $$ = alias(scanner, $1, NULL, @$); }
    | NAME AS NAME          { $$ = alias(scanner, $1, $3, @$); }
    ;

compound_stmt
    : if_stmt
    | while_stmt
    | for_stmt
    | try_stmt
    | with_stmt
    | funcdef
    | classdef
    | decorated
    | async_stmt
    ;

if_stmt
    : IF namedexpr_test ':' block elif_tail {
        $$ = new_stmt(scanner, S_IF, @$);
        $$->u.if_.test = $2;
        $$->u.if_.body = $4;
        $$->u.if_.orelse = $5;
    }
    ;

elif_tail
    : %empty                { $$ = (AstSeq){0}; }
    | ELSE ':' block        { $$ = $3; }
    | ELIF namedexpr_test ':' block elif_tail {
        Stmt *s = new_stmt(scanner, S_IF, @$);
        s->u.if_.test = $2;
        s->u.if_.body = $4;
        s->u.if_.orelse = $5;
        $$ = seq1(scanner, s);
    }
    ;

else_opt
    : %empty                { $$ = (AstSeq){0}; }
    | ELSE ':' block        { $$ = $3; }
    ;

while_stmt
    : WHILE namedexpr_test ':' block else_opt {
        $$ = new_stmt(scanner, S_WHILE, @$);
        $$->u.while_.test = $2;
        $$->u.while_.body = $4;
        $$->u.while_.orelse = $5;
    }
    ;

for_stmt
    : FOR exprlist IN testlist_star_expr ':' block else_opt {
        $$ = new_stmt(scanner, S_FOR, @$);
        $$->u.for_.target = elist_tuple(scanner, $2, @2);
        if (!set_context(scanner, $$->u.for_.target, CTX_STORE, false))
            YYABORT;
        $$->u.for_.iter = $4;
        $$->u.for_.body = $6;
        $$->u.for_.orelse = $7;
    }
    ;

try_stmt
    : TRY ':' block handlers else_opt finally_opt {
        for (int i = 0; i + 1 < $4.len; i++) {
            ExceptHandler *h = $4.items[i];
            if (!h->type) {
                error_at(scanner, h->loc, "default 'except:' must be last");
                YYABORT;
            }
        }
        $$ = new_stmt(scanner, S_TRY, @$);
        $$->u.try_.body = $3;
        $$->u.try_.handlers = $4;
        $$->u.try_.orelse = $5;
        $$->u.try_.finalbody = $6;
    }
    | TRY ':' block FINALLY ':' block {
        $$ = new_stmt(scanner, S_TRY, @$);
        $$->u.try_.body = $3;
        $$->u.try_.finalbody = $6;
    }
    ;

finally_opt
    : %empty                { $$ = (AstSeq){0}; }
    | FINALLY ':' block     { $$ = $3; }
    ;

handlers
    : handler               { $$ = seq1(scanner, $1); }
    | handlers handler      { $$ = $1; ast_seq_push(ARENA, &$$, $2); }
    ;

handler
    : EXCEPT ':' block      {
        $$ = ast_alloc(ARENA, sizeof *$$);
        $$->body = $3;
        $$->loc = L(@$);
    }
    | EXCEPT test ':' block {
        $$ = ast_alloc(ARENA, sizeof *$$);
        $$->type = $2;
        $$->body = $4;
        $$->loc = L(@$);
    }
    | EXCEPT test AS NAME ':' block {
        $$ = ast_alloc(ARENA, sizeof *$$);
        $$->type = $2;
        $$->name = $4;
        $$->body = $6;
        $$->loc = L(@$);
    }
    ;

with_stmt
    : WITH with_items ':' block {
        $$ = make_with(scanner, $2, @$);
        $$->u.with.body = $4;
    }
    ;

with_items
    : with_item             { $$ = seq1(scanner, $1); }
    | with_items ',' with_item { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

with_item
    : test                  { $$ = with_item(scanner, $1, NULL); }
    | test AS expr          {
        if (!set_context(scanner, $3, CTX_STORE, false))
            YYABORT;
        $$ = with_item(scanner, $1, $3);
    }
    ;

funcdef
    : DEF NAME '(' params ')' returns_opt ':' block {
        $$ = new_stmt(scanner, S_FUNCTIONDEF, @$);
        $$->u.funcdef.name = $2;
        $$->u.funcdef.args = make_arguments(scanner, $4);
        if (!$$->u.funcdef.args)
            YYABORT;
        $$->u.funcdef.returns = $6;
        $$->u.funcdef.body = $8;
    }
    ;

returns_opt
    : %empty                { $$ = NULL; }
    | ARROW test            { $$ = $2; }
    ;

params
    : %empty                { $$ = (AstSeq){0}; }
    | param_list
    | param_list ','
    ;

param_list
    : param                 { $$ = seq1(scanner, $1); }
    | param_list ',' param  { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

param
    : tname                 { $$ = param(scanner, P_NAME, $1, NULL, @$); }
    | tname '=' test        { $$ = param(scanner, P_NAME, $1, $3, @$); }
    | '*'                   { $$ = param(scanner, P_STAR, NULL, NULL, @$); }
    | '*' tname             { $$ = param(scanner, P_STAR, $2, NULL, @$); }
    | POW tname             { $$ = param(scanner, P_DSTAR, $2, NULL, @$); }
    | '/'                   { $$ = param(scanner, P_SLASH, NULL, NULL, @$); }
    ;

tname
    : NAME                  { $$ = new_arg(scanner, $1, NULL, @$); }
    | NAME ':' test         { $$ = new_arg(scanner, $1, $3, @$); }
    ;

lparams
    : %empty                { $$ = (AstSeq){0}; }
    | lparam_list
    | lparam_list ','
    ;

lparam_list
    : lparam                { $$ = seq1(scanner, $1); }
    | lparam_list ',' lparam { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

lparam
    : NAME                  { $$ = param(scanner, P_NAME, new_arg(scanner, $1, NULL, @1), NULL, @$); }
    | NAME '=' test         { $$ = param(scanner, P_NAME, new_arg(scanner, $1, NULL, @1), $3, @$); }
    | '*'                   { $$ = param(scanner, P_STAR, NULL, NULL, @$); }
    | '*' NAME              { $$ = param(scanner, P_STAR, new_arg(scanner, $2, NULL, @2), NULL, @$); }
    | POW NAME              { $$ = param(scanner, P_DSTAR, new_arg(scanner, $2, NULL, @2), NULL, @$); }
    | '/'                   { $$ = param(scanner, P_SLASH, NULL, NULL, @$); }
    ;

classdef
    : CLASS NAME ':' block  {
        $$ = new_stmt(scanner, S_CLASSDEF, @$);
        $$->u.classdef.name = $2;
        $$->u.classdef.body = $4;
    }
    | CLASS NAME '(' arglist ')' ':' block {
        $$ = new_stmt(scanner, S_CLASSDEF, @$);
        $$->u.classdef.name = $2;
        if (!make_call_args(scanner, $4, &$$->u.classdef.bases,
                            &$$->u.classdef.keywords))
            YYABORT;
        $$->u.classdef.body = $7;
    }
    ;

decorated
    : decorators funcdef    { $$ = $2; $$->u.funcdef.decorators = $1; }
    | decorators classdef   { $$ = $2; $$->u.classdef.decorators = $1; }
    | decorators ASYNC funcdef {
        $$ = $3;
        $$->u.funcdef.decorators = $1;
        $$->u.funcdef.is_async = true;
        $$->loc.line = @2.first_line;
        $$->loc.col = @2.first_column;
    }
    ;

decorators
    : decorator             { $$ = seq1(scanner, $1); }
    | decorators decorator  { $$ = $1; ast_seq_push(ARENA, &$$, $2); }
    ;

decorator
    : '@' namedexpr_test NEWLINE { $$ = $2; }
    ;

async_stmt
    : ASYNC funcdef         { $$ = $2; $$->u.funcdef.is_async = true; $$->loc = L(@$); }
    | ASYNC with_stmt       { $$ = $2; $$->u.with.is_async = true; $$->loc = L(@$); }
    | ASYNC for_stmt        { $$ = $2; $$->u.for_.is_async = true; $$->loc = L(@$); }
    ;

/* -- expressions ------------------------------------------------------- */

testlist_star_expr
    : tse_list              {
        if ($1.len == 1) {
            $$ = $1.items[0];
        } else {
            $$ = new_expr(scanner, E_TUPLE, @$);
            $$->u.seq.elts = $1;
        }
    }
    | tse_list ','          {
        $$ = new_expr(scanner, E_TUPLE, @$);
        $$->u.seq.elts = $1;
    }
    ;

tse_list
    : test_or_star          { $$ = seq1(scanner, $1); }
    | tse_list ',' test_or_star { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

test_or_star
    : test
    | star_expr
    ;

exprlist
    : el_list
    | el_list ','           { $$ = $1; $$->comma = true; }
    ;

el_list
    : expr_or_star          { $$ = elist_new(scanner, $1); }
    | el_list ',' expr_or_star {
        $$ = $1;
        $$->comma = true;
        ast_seq_push(ARENA, &$$->elts, $3);
    }
    ;

expr_or_star
    : expr
    | star_expr
    ;

namedexpr_test
    : test
    | test COLONEQ test     {
        if ($1->kind != E_NAME) {
            error_at(scanner, $1->loc, "cannot use assignment expressions with %s",
                     $1->kind == E_CONSTANT ? "literal" : "expression");
            YYABORT;
        }
        $1->ctx = CTX_STORE;
        $$ = new_expr(scanner, E_NAMEDEXPR, @$);
        $$->u.named.target = $1;
        $$->u.named.value = $3;
    }
    ;

test
    : or_test
    | or_test IF or_test ELSE test {
        $$ = new_expr(scanner, E_IFEXP, @$);
        $$->u.ifexp.test = $3;
        $$->u.ifexp.body = $1;
        $$->u.ifexp.orelse = $5;
    }
    | lambdef
    ;

lambdef
    : LAMBDA lparams ':' test {
        $$ = new_expr(scanner, E_LAMBDA, @$);
        $$->u.lambda.args = make_arguments(scanner, $2);
        if (!$$->u.lambda.args)
            YYABORT;
        $$->u.lambda.body = $4;
    }
    ;

or_test
    : and_test
    | or_test OR and_test   {
        /* `a or b or c` is one node; a parenthesised `(a or b) or c` is
         * not, and its location (without the parentheses) shows it. */
        if ($1->kind == E_BOOLOP && $1->u.boolop.op == BOOL_OR
            && @1.first_line == $1->loc.line && @1.first_column == $1->loc.col
            && @1.last_line == $1->loc.end_line && @1.last_column == $1->loc.end_col) {
            ast_seq_push(ARENA, &$1->u.boolop.values, $3);
            $1->loc.end_line = @3.last_line;
            $1->loc.end_col = @3.last_column;
            $$ = $1;
        } else {
            AstSeq v = seq1(scanner, $1);
            ast_seq_push(ARENA, &v, $3);
            $$ = boolop(scanner, BOOL_OR, v, @$);
        }
    }
    ;

and_test
    : not_test
    | and_test AND not_test {
        if ($1->kind == E_BOOLOP && $1->u.boolop.op == BOOL_AND
            && @1.first_line == $1->loc.line && @1.first_column == $1->loc.col
            && @1.last_line == $1->loc.end_line && @1.last_column == $1->loc.end_col) {
            ast_seq_push(ARENA, &$1->u.boolop.values, $3);
            $1->loc.end_line = @3.last_line;
            $1->loc.end_col = @3.last_column;
            $$ = $1;
        } else {
            AstSeq v = seq1(scanner, $1);
            ast_seq_push(ARENA, &v, $3);
            $$ = boolop(scanner, BOOL_AND, v, @$);
        }
    }
    ;

not_test
    : NOT not_test          { $$ = unary(scanner, UN_NOT, $2, @$); }
    | comparison
    ;

comparison
    : expr
    | expr comp_chain       {
        $$ = new_expr(scanner, E_COMPARE, @$);
        $$->u.compare.left = $1;
        int n = $2.len / 2;
        $$->u.compare.ops = ast_alloc(ARENA, sizeof(int) * (size_t)n);
        for (int i = 0; i < n; i++) {
            $$->u.compare.ops[i] = (int)(intptr_t)$2.items[2 * i] - 1;
            ast_seq_push(ARENA, &$$->u.compare.comparators, $2.items[2 * i + 1]);
        }
    }
    ;

/* Pairs of (op + 1, operand), flattened, so that `a < b < c` is one node. */
comp_chain
    : comp_op expr          {
        $$ = seq1(scanner, (void *)(intptr_t)($1 + 1));
        ast_seq_push(ARENA, &$$, $2);
    }
    | comp_chain comp_op expr {
        $$ = $1;
        ast_seq_push(ARENA, &$$, (void *)(intptr_t)($2 + 1));
        ast_seq_push(ARENA, &$$, $3);
    }
    ;

comp_op
    : '<'                   { $$ = CMP_LT; }
    | '>'                   { $$ = CMP_GT; }
    | EQ                    { $$ = CMP_EQ; }
    | GE                    { $$ = CMP_GE; }
    | LE                    { $$ = CMP_LE; }
    | NE                    { $$ = CMP_NE; }
    | IN                    { $$ = CMPX_IN; }
    | NOT IN                { $$ = CMPX_NOT_IN; }
    | IS                    { $$ = CMPX_IS; }
    | IS NOT                { $$ = CMPX_IS_NOT; }
    ;

star_expr
    : '*' expr              {
        $$ = new_expr(scanner, E_STARRED, @$);
        $$->u.value.value = $2;
    }
    ;

expr
    : xor_expr
    | expr '|' xor_expr     { $$ = binop(scanner, $1, BIN_OR, $3, @$); }
    ;

xor_expr
    : and_expr
    | xor_expr '^' and_expr { $$ = binop(scanner, $1, BIN_XOR, $3, @$); }
    ;

and_expr
    : shift_expr
    | and_expr '&' shift_expr { $$ = binop(scanner, $1, BIN_AND, $3, @$); }
    ;

shift_expr
    : arith_expr
    | shift_expr LSHIFT arith_expr { $$ = binop(scanner, $1, BIN_LSHIFT, $3, @$); }
    | shift_expr RSHIFT arith_expr { $$ = binop(scanner, $1, BIN_RSHIFT, $3, @$); }
    ;

arith_expr
    : term
    | arith_expr '+' term   { $$ = binop(scanner, $1, BIN_ADD, $3, @$); }
    | arith_expr '-' term   { $$ = binop(scanner, $1, BIN_SUB, $3, @$); }
    ;

term
    : factor
    | term '*' factor       { $$ = binop(scanner, $1, BIN_MUL, $3, @$); }
    | term '/' factor       { $$ = binop(scanner, $1, BIN_TRUEDIV, $3, @$); }
    | term FLOORDIV factor  { $$ = binop(scanner, $1, BIN_FLOORDIV, $3, @$); }
    | term '%' factor       { $$ = binop(scanner, $1, BIN_MOD, $3, @$); }
    | term '@' factor       { $$ = binop(scanner, $1, BIN_MATMUL, $3, @$); }
    ;

factor
    : '+' factor            { $$ = unary(scanner, UN_POS, $2, @$); }
    | '-' factor            { $$ = unary(scanner, UN_NEG, $2, @$); }
    | '~' factor            { $$ = unary(scanner, UN_INVERT, $2, @$); }
    | power
    ;

power
    : await_primary
    | await_primary POW factor { $$ = binop(scanner, $1, BIN_POW, $3, @$); }
    ;

await_primary
    : primary
    | AWAIT primary         {
        $$ = new_expr(scanner, E_AWAIT, @$);
        $$->u.value.value = $2;
    }
    ;

primary
    : atom
    | primary '.' NAME      {
        $$ = new_expr(scanner, E_ATTRIBUTE, @$);
        $$->u.attribute.value = $1;
        $$->u.attribute.attr = $3;
    }
    | primary '(' arglist ')' {
        $$ = new_expr(scanner, E_CALL, @$);
        $$->u.call.func = $1;
        if (!make_call_args(scanner, $3, &$$->u.call.args, &$$->u.call.keywords))
            YYABORT;
        if ($3.len == 1 && ((CallArg *)$3.items[0])->kind == A_GENEXP) {
            /* f(x for x in y): the call's parentheses are the genexp's */
            Expr *g = $$->u.call.args.items[0];
            g->loc = (Loc){@2.first_line, @2.first_column, @4.last_line, @4.last_column};
        }
    }
    | primary '[' subscriptlist ']' {
        $$ = new_expr(scanner, E_SUBSCRIPT, @$);
        $$->u.subscript.value = $1;
        $$->u.subscript.slice = $3;
    }
    ;

atom
    : '(' ')'               {
        $$ = new_expr(scanner, E_TUPLE, @$);
    }
    | '(' yield_expr ')'    { $$ = $2; }
    | '(' testlist_comp ')' {
        if ($2->comps.len > 0) {
            $$ = comp_expr(scanner, E_GENEXP, $2->elts.items[0], NULL, $2->comps, @$);
            if (!$$)
                YYABORT;
        } else if ($2->comma) {
            $$ = new_expr(scanner, E_TUPLE, @$);
            $$->u.seq.elts = $2->elts;
        } else {
            $$ = $2->elts.items[0];
            if ($$->kind == E_STARRED) {
                error_at(scanner, $$->loc, "cannot use starred expression here");
                YYABORT;
            }
        }
    }
    | '[' ']'               { $$ = new_expr(scanner, E_LIST, @$); }
    | '[' testlist_comp ']' {
        if ($2->comps.len > 0) {
            $$ = comp_expr(scanner, E_LISTCOMP, $2->elts.items[0], NULL, $2->comps, @$);
            if (!$$)
                YYABORT;
        } else {
            $$ = new_expr(scanner, E_LIST, @$);
            $$->u.seq.elts = $2->elts;
        }
    }
    | '{' '}'               { $$ = new_expr(scanner, E_DICT, @$); }
    | '{' dictorsetmaker '}' {
        ExprList *d = $2;
        if (d->comps.len > 0 && d->elts.len == 2) {
            $$ = comp_expr(scanner, E_DICTCOMP, d->elts.items[0], d->elts.items[1],
                           d->comps, @$);
            if (!$$)
                YYABORT;
        } else if (d->comps.len > 0) {
            $$ = comp_expr(scanner, E_SETCOMP, d->elts.items[0], NULL, d->comps, @$);
            if (!$$)
                YYABORT;
        } else if (!d->comma) {
            /* a dict: elts alternate key, value (key NULL for **) */
            $$ = new_expr(scanner, E_DICT, @$);
            for (int i = 0; i + 1 < d->elts.len; i += 2) {
                ast_seq_push(ARENA, &$$->u.dict.keys, d->elts.items[i]);
                ast_seq_push(ARENA, &$$->u.dict.values, d->elts.items[i + 1]);
            }
        } else {
            $$ = new_expr(scanner, E_SET, @$);
            $$->u.seq.elts = d->elts;
        }
    }
    | NAME                  {
        $$ = new_expr(scanner, E_NAME, @$);
        $$->u.name.id = $1;
    }
    | NUMBER                { $$ = $1; }
    | strings               {
        $$ = make_strings(scanner, $1, @$);
        if (!$$)
            YYABORT;
    }
    | ELLIPSIS              { $$ = constant(scanner, CONST_ELLIPSIS, @$); }
    | NONE                  { $$ = constant(scanner, CONST_NONE, @$); }
    | TRUE                  { $$ = constant(scanner, CONST_TRUE, @$); }
    | FALSE                 { $$ = constant(scanner, CONST_FALSE, @$); }
    ;

strings
    : STRING                { $$ = seq1(scanner, $1); }
    | strings STRING        { $$ = $1; ast_seq_push(ARENA, &$$, $2); }
    ;

testlist_comp
    : tc_elem comp_fors     {
        $$ = elist_new(scanner, $1);
        $$->comps = $2;
    }
    | tc_list
    | tc_list ','           { $$ = $1; $$->comma = true; }
    ;

tc_list
    : tc_elem               { $$ = elist_new(scanner, $1); }
    | tc_list ',' tc_elem   {
        $$ = $1;
        $$->comma = true;
        ast_seq_push(ARENA, &$$->elts, $3);
    }
    ;

tc_elem
    : namedexpr_test
    | star_expr
    | test AS expr          {
        /* Only legal as a parenthesised with-item; see make_with(). */
        if (!set_context(scanner, $3, CTX_STORE, false))
            YYABORT;
        $$ = new_expr(scanner, E_NAMEDEXPR, @$);
        $$->u.named.target = $3;
        $$->u.named.value = $1;
        ast_seq_push(ARENA, &lexer_state(scanner)->as_items, $$);
    }
    ;

/* Dicts are kept as alternating keys and values with comma == false; sets
 * as their elements with comma == true (even `{x}`, which has none). */
dictorsetmaker
    : dict_list             {
        $$ = ast_alloc(ARENA, sizeof *$$);
        $$->elts = $1;
    }
    | dict_list ','         {
        $$ = ast_alloc(ARENA, sizeof *$$);
        $$->elts = $1;
    }
    | test ':' test comp_fors {
        $$ = elist_new(scanner, $1);
        ast_seq_push(ARENA, &$$->elts, $3);
        $$->comps = $4;
    }
    | set_list              { $$ = $1; $$->comma = true; }
    | set_list ','          { $$ = $1; $$->comma = true; }
    | tc_elem comp_fors     {
        $$ = elist_new(scanner, $1);
        $$->comps = $2;
    }
    ;

dict_list
    : test ':' test         {
        $$ = seq1(scanner, $1);
        ast_seq_push(ARENA, &$$, $3);
    }
    | POW expr              {
        $$ = seq1(scanner, NULL);
        ast_seq_push(ARENA, &$$, $2);
    }
    | dict_list ',' test ':' test {
        $$ = $1;
        ast_seq_push(ARENA, &$$, $3);
        ast_seq_push(ARENA, &$$, $5);
    }
    | dict_list ',' POW expr {
        $$ = $1;
        ast_seq_push(ARENA, &$$, NULL);
        ast_seq_push(ARENA, &$$, $4);
    }
    ;

set_list
    : tc_elem               { $$ = elist_new(scanner, $1); }
    | set_list ',' tc_elem  { $$ = $1; ast_seq_push(ARENA, &$$->elts, $3); }
    ;

comp_fors
    : comp_for              { $$ = seq1(scanner, $1); }
    | comp_fors comp_for    { $$ = $1; ast_seq_push(ARENA, &$$, $2); }
    ;

comp_for
    : FOR exprlist IN or_test comp_ifs {
        $$ = comprehension(scanner, $2, $4, $5, false);
        if (!$$)
            YYABORT;
    }
    | ASYNC FOR exprlist IN or_test comp_ifs {
        $$ = comprehension(scanner, $3, $5, $6, true);
        if (!$$)
            YYABORT;
    }
    ;

comp_ifs
    : %empty                { $$ = (AstSeq){0}; }
    | comp_ifs IF or_test   { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

subscriptlist
    : sub_list              {
        if ($1->comma || ((Expr *)$1->elts.items[0])->kind == E_STARRED) {
            $$ = new_expr(scanner, E_TUPLE, @$);
            $$->u.seq.elts = $1->elts;
        } else {
            $$ = $1->elts.items[0];
        }
    }
    | sub_list ','          {
        $$ = new_expr(scanner, E_TUPLE, @$);
        $$->u.seq.elts = $1->elts;
    }
    ;

sub_list
    : subscript             { $$ = elist_new(scanner, $1); }
    | sub_list ',' subscript {
        $$ = $1;
        $$->comma = true;
        ast_seq_push(ARENA, &$$->elts, $3);
    }
    ;

subscript
    : namedexpr_test
    | star_expr
    | opt_test ':' opt_test {
        $$ = new_expr(scanner, E_SLICE, @$);
        $$->u.slice.lower = $1;
        $$->u.slice.upper = $3;
    }
    | opt_test ':' opt_test ':' opt_test {
        $$ = new_expr(scanner, E_SLICE, @$);
        $$->u.slice.lower = $1;
        $$->u.slice.upper = $3;
        $$->u.slice.step = $5;
    }
    ;

opt_test
    : %empty                { $$ = NULL; }
    | test
    ;

arglist
    : %empty                { $$ = (AstSeq){0}; }
    | arg_list
    | arg_list ','
    ;

arg_list
    : argument              { $$ = seq1(scanner, $1); }
    | arg_list ',' argument { $$ = $1; ast_seq_push(ARENA, &$$, $3); }
    ;

argument
    : test                  { $$ = call_arg(scanner, A_POS, NULL, $1, @$); }
    | test COLONEQ test     {
        if ($1->kind != E_NAME) {
            error_at(scanner, $1->loc, "cannot use assignment expressions with %s",
                     $1->kind == E_CONSTANT ? "literal" : "expression");
            YYABORT;
        }
        $1->ctx = CTX_STORE;
        Expr *e = new_expr(scanner, E_NAMEDEXPR, @$);
        e->u.named.target = $1;
        e->u.named.value = $3;
        $$ = call_arg(scanner, A_POS, NULL, e, @$);
    }
    | test comp_fors        {
        Expr *e = comp_expr(scanner, E_GENEXP, $1, NULL, $2, @$);
        if (!e)
            YYABORT;
        $$ = call_arg(scanner, A_GENEXP, NULL, e, @$);
    }
    | test '=' test         {
        if ($1->kind != E_NAME) {
            if ($1->kind == E_CONSTANT)
                error_at(scanner, $1->loc,
                         "expression cannot contain assignment, perhaps you meant \"==\"?");
            else
                error_at(scanner, (Loc){@1.first_line, @1.first_column, @3.last_line,
                                        @3.last_column},
                         "expression cannot contain assignment, perhaps you meant \"==\"?");
            YYABORT;
        }
        $$ = call_arg(scanner, A_KW, $1->u.name.id, $3, @$);
    }
    | '*' test              { $$ = call_arg(scanner, A_STAR, NULL, $2, @$); }
    | POW test              { $$ = call_arg(scanner, A_DSTAR, NULL, $2, @$); }
    ;

yield_expr
    : YIELD                 { $$ = new_expr(scanner, E_YIELD, @$); }
    | YIELD testlist_star_expr {
        $$ = new_expr(scanner, E_YIELD, @$);
        $$->u.value.value = $2;
    }
    | YIELD FROM test       {
        $$ = new_expr(scanner, E_YIELDFROM, @$);
        $$->u.value.value = $3;
    }
    ;

%%

static Loc L(YYLTYPE l)
{
    Loc loc = {l.first_line, l.first_column, l.last_line, l.last_column};
    return loc;
}

static void error_at(yyscan_t scanner, Loc loc, const char *fmt, ...)
{
    ParseError *err = lexer_state(scanner)->err;
    if (err->kind != PERR_NONE)
        return;
    err->kind = PERR_SYNTAX;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->line = loc.line;
    err->col = loc.col;
    err->end_col = loc.end_line == loc.line && loc.end_col > loc.col ? loc.end_col
                                                                     : loc.col + 1;
}

static void yyerror(YYLTYPE *loc, yyscan_t scanner, Mod *mod, const char *msg)
{
    (void)mod;
    /* Only "memory exhausted" arrives here: the parser stack is full. */
    error_at(scanner, L(*loc), "%s",
             strcmp(msg, "memory exhausted") == 0 ? "too many nested expressions" : msg);
}

static bool starts_expression(int t)
{
    switch (t) {
    case TOK_NAME: case TOK_NUMBER: case TOK_STRING: case TOK_NONE:
    case TOK_TRUE: case TOK_FALSE: case TOK_ELLIPSIS: case TOK_LAMBDA:
    case TOK_AWAIT: case '(': case '[': case '{': case '~':
        return true;
    default:
        return false;
    }
}

static bool ends_expression(int t)
{
    switch (t) {
    case TOK_NAME: case TOK_NUMBER: case TOK_STRING: case TOK_NONE:
    case TOK_TRUE: case TOK_FALSE: case TOK_ELLIPSIS: case ')': case ']': case '}':
        return true;
    default:
        return false;
    }
}

/* CPython's PEG parser has dedicated rules for common mistakes; we look at
 * what the LALR automaton expected and at the tokens around the error. */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, Mod *mod)
{
    (void)mod;
    LexState *ls = lexer_state(scanner);
    if (ls->err->kind != PERR_NONE)
        return 0;
    const YYLTYPE *loc = yypcontext_location(ctx);
    yysymbol_kind_t la = yypcontext_token(ctx);
    yysymbol_kind_t expected[64];
    int n = yypcontext_expected_tokens(ctx, expected, 64);
    bool want_colon = false, want_except = false, want_finally = false;
    bool want_else = false, want_elif = false;
    for (int i = 0; i < n; i++) {
        const char *name = yysymbol_name(expected[i]);
        if (strcmp(name, "':'") == 0)
            want_colon = true;
        else if (expected[i] == YYSYMBOL_EXCEPT)
            want_except = true;
        else if (expected[i] == YYSYMBOL_FINALLY)
            want_finally = true;
        else if (expected[i] == YYSYMBOL_ELSE)
            want_else = true;
        else if (expected[i] == YYSYMBOL_ELIF)
            want_elif = true;
    }
    Loc at = L(*loc);
    if (la == YYSYMBOL_INDENT) {
        ls->err->kind = PERR_INDENT;
        snprintf(ls->err->msg, sizeof ls->err->msg, "unexpected indent");
        ls->err->line = at.line;
        ls->err->col = at.col;
        ls->err->end_col = at.col + 1;
        return 0;
    }
    if (ls->mode == PARSE_SINGLE && ls->prev_tok == TOK_NEWLINE && ls->nindent == 0
        && la != YYSYMBOL_YYEOF) {
        error_at(scanner, at, "multiple statements found while compiling a single statement");
        return 0;
    }
    if (strcmp(yysymbol_name(la), "','") == 0 && ls->line_first == TOK_EXCEPT && ls->nparen == 0) {
        error_at(scanner, ls->line_second_loc, "multiple exception types must be parenthesized");
        return 0;
    }
    if (want_else && !want_elif && !want_colon) {
        error_at(scanner, ls->prev_loc, "expected 'else' after 'if' expression");
        return 0;
    }
    if (ls->line_first == TOK_DEF && ls->line_ntok == 3 && ls->prev_tok == TOK_NAME
        && ls->last_tok != '(') {
        error_at(scanner, at, "expected '('");
        return 0;
    }
    if (want_except && want_finally) {
        error_at(scanner, at, "expected 'except' or 'finally' block");
        return 0;
    }
    bool in_braces = ls->last_tok == '}'
                     || (ls->last_tok == ',' && ls->nparen > 0
                         && ls->parens[ls->nparen - 1] == '{');
    if (in_braces && ls->prev_tok == ':') {
        error_at(scanner, ls->prev_loc, "expression expected after dictionary key and ':'");
        return 0;
    }
    if (want_colon && ls->prev_tok != '{'
        && (in_braces || (ls->nparen > 0 && ls->parens[ls->nparen - 1] == '{'
                          && starts_expression(ls->last_tok) && ls->prev_tok != ','))) {
        /* CPython marks the last character of the key */
        Loc l = ls->prev_loc;
        l.col = l.end_col > l.col ? l.end_col - 1 : l.col;
        error_at(scanner, l, "':' expected after dictionary key");
        return 0;
    }
    if (want_colon && la == YYSYMBOL_NEWLINE && ls->open_lambdas == 0) {
        error_at(scanner, at, "expected ':'");
        return 0;
    }
    /* `print "hi"`: the previous token is the line's first, a bare name. */
    if (ls->line_ntok == 2 && ls->line_first == TOK_NAME && starts_expression(ls->last_tok)) {
        const char *src = ls->src;
        size_t ofs = ls->line_start;
        while (ofs < ls->srclen && (src[ofs] == ' ' || src[ofs] == '\t'))
            ofs++;
        for (int k = 0; k < 2; k++) {
            const char *kw = k == 0 ? "print" : "exec";
            size_t kl = strlen(kw);
            if (ls->base_line == 0 && ofs + kl < ls->srclen && strncmp(src + ofs, kw, kl) == 0
                && (src[ofs + kl] == ' ' || src[ofs + kl] == '\t')) {
                size_t end = ofs;
                while (end < ls->srclen && src[end] != '\n' && src[end] != '\r')
                    end++;
                while (end > ofs && (src[end - 1] == ' ' || src[end - 1] == '\t'))
                    end--;
                Loc l = {at.line, (int)(ofs - ls->line_start), at.line,
                         (int)(end - ls->line_start)};
                error_at(scanner, l,
                         "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                         kw, kw);
                return 0;
            }
        }
    }
    if (strcmp(yysymbol_name(la), "'='") == 0 && ls->nparen == 0
        && (ls->line_first == TOK_IF || ls->line_first == TOK_ELIF
            || ls->line_first == TOK_WHILE)) {
        error_at(scanner, ls->prev_loc,
                 "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        return 0;
    }
    int depth = ls->nparen;
    if (ls->last_tok == '(' || ls->last_tok == '[' || ls->last_tok == '{')
        depth--;
    bool in_params = ls->line_first == TOK_DEF && depth == 1;
    if (depth > 0 && !in_params && starts_expression(ls->last_tok) && la != YYSYMBOL_NEWLINE
        && ends_expression(ls->prev_tok)) {
        Loc l = {ls->prev_loc.line, ls->prev_loc.col, at.end_line, at.end_col};
        error_at(scanner, l, "invalid syntax. Perhaps you forgot a comma?");
        return 0;
    }
    error_at(scanner, at, "invalid syntax");
    return 0;
}

static Expr *new_expr(yyscan_t scanner, ExprKind kind, YYLTYPE l)
{
    Expr *e = ast_alloc(ARENA, sizeof *e);
    e->kind = kind;
    e->loc = L(l);
    return e;
}

static Stmt *new_stmt(yyscan_t scanner, StmtKind kind, YYLTYPE l)
{
    Stmt *s = ast_alloc(ARENA, sizeof *s);
    s->kind = kind;
    s->loc = L(l);
    return s;
}

static AstSeq seq1(yyscan_t scanner, void *item)
{
    AstSeq s = {0};
    ast_seq_push(ARENA, &s, item);
    return s;
}

static void seq_cat(yyscan_t scanner, AstSeq *dst, AstSeq src)
{
    for (int i = 0; i < src.len; i++)
        ast_seq_push(ARENA, dst, src.items[i]);
}

static ExprList *elist_new(yyscan_t scanner, Expr *first)
{
    ExprList *l = ast_alloc(ARENA, sizeof *l);
    ast_seq_push(ARENA, &l->elts, first);
    return l;
}

static Expr *elist_tuple(yyscan_t scanner, ExprList *l, YYLTYPE loc)
{
    if (!l->comma)
        return l->elts.items[0];
    Expr *e = new_expr(scanner, E_TUPLE, loc);
    e->u.seq.elts = l->elts;
    return e;
}

static Expr *binop(yyscan_t scanner, Expr *l, int op, Expr *r, YYLTYPE loc)
{
    Expr *e = new_expr(scanner, E_BINOP, loc);
    e->u.binop.left = l;
    e->u.binop.op = op;
    e->u.binop.right = r;
    return e;
}

static Expr *unary(yyscan_t scanner, int op, Expr *operand, YYLTYPE loc)
{
    Expr *e = new_expr(scanner, E_UNARYOP, loc);
    e->u.unary.op = op;
    e->u.unary.operand = operand;
    return e;
}

static Expr *boolop(yyscan_t scanner, BoolOpKind op, AstSeq values, YYLTYPE loc)
{
    Expr *e = new_expr(scanner, E_BOOLOP, loc);
    e->u.boolop.op = op;
    e->u.boolop.values = values;
    return e;
}

static Expr *constant(yyscan_t scanner, ConstKind kind, YYLTYPE loc)
{
    Expr *e = new_expr(scanner, E_CONSTANT, loc);
    e->u.constant.kind = kind;
    return e;
}

static Expr *comp_expr(yyscan_t scanner, ExprKind kind, Expr *elt, Expr *value,
                       AstSeq gens, YYLTYPE loc)
{
    if (elt->kind == E_STARRED) {
        error_at(scanner, elt->loc, "iterable unpacking cannot be used in comprehension");
        return NULL;
    }
    Expr *e = new_expr(scanner, kind, loc);
    e->u.comp.elt = elt;
    e->u.comp.value = value;
    e->u.comp.generators = gens;
    return e;
}

static Comprehension *comprehension(yyscan_t scanner, ExprList *target, Expr *iter,
                                    AstSeq ifs, bool is_async)
{
    Comprehension *c = ast_alloc(ARENA, sizeof *c);
    if (target->comma) {
        Expr *first = target->elts.items[0];
        Expr *last = target->elts.items[target->elts.len - 1];
        YYLTYPE l = {first->loc.line, first->loc.col, last->loc.end_line, last->loc.end_col};
        c->target = elist_tuple(scanner, target, l);
    } else {
        c->target = target->elts.items[0];
    }
    if (!set_context(scanner, c->target, CTX_STORE, false))
        return NULL;
    c->iter = iter;
    c->ifs = ifs;
    c->is_async = is_async;
    return c;
}

/* How CPython names an expression in "cannot assign to ..." messages. */
static const char *expr_name(const Expr *e)
{
    switch (e->kind) {
    case E_ATTRIBUTE: return "attribute";
    case E_SUBSCRIPT: return "subscript";
    case E_STARRED: return "starred";
    case E_NAME: return "name";
    case E_LIST: return "list";
    case E_TUPLE: return "tuple";
    case E_LAMBDA: return "lambda";
    case E_CALL: return "function call";
    case E_BOOLOP: case E_BINOP: case E_UNARYOP: return "expression";
    case E_GENEXP: return "generator expression";
    case E_YIELD: case E_YIELDFROM: return "yield expression";
    case E_AWAIT: return "await expression";
    case E_LISTCOMP: return "list comprehension";
    case E_SETCOMP: return "set comprehension";
    case E_DICTCOMP: return "dict comprehension";
    case E_DICT: return "dict literal";
    case E_SET: return "set display";
    case E_JOINEDSTR: case E_FORMATTED: return "f-string expression";
    case E_COMPARE: return "comparison";
    case E_IFEXP: return "conditional expression";
    case E_NAMEDEXPR: return "named expression";
    case E_SLICE: return "slice";
    case E_CONSTANT:
        switch (e->u.constant.kind) {
        case CONST_NONE: return "None";
        case CONST_TRUE: return "True";
        case CONST_FALSE: return "False";
        case CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    }
    return "expression";
}

/* Make [e] an assignment (CTX_STORE) or del (CTX_DEL) target.  [top] is
 * true for the whole target of `=` (CPython then adds "here. Maybe you
 * meant '==' instead of '='?" for the expressions one would compare). */
static bool set_context(yyscan_t scanner, Expr *e, ExprContext ctx, bool top)
{
    /* The recursion follows nested tuples, lists and starred items, which
     * need a bracket pair or a '*' per level; brackets are limited to 200
     * by the scanner and '*' chains by the parser stack. */
    switch (e->kind) {
    case E_NAME: case E_ATTRIBUTE: case E_SUBSCRIPT:
        e->ctx = ctx;
        return true;
    case E_STARRED:
        if (ctx == CTX_DEL) {
            error_at(scanner, e->loc, "cannot delete starred");
            return false;
        }
        e->ctx = ctx;
        return set_context(scanner, e->u.value.value, ctx, false);
    case E_TUPLE: case E_LIST:
        e->ctx = ctx;
        for (int i = 0; i < e->u.seq.elts.len; i++)
            if (!set_context(scanner, e->u.seq.elts.items[i], ctx, false))
                return false;
        return true;
    default:
        break;
    }
    const char *what = expr_name(e);
    if (ctx == CTX_DEL) {
        error_at(scanner, e->loc, "cannot delete %s", what);
        return false;
    }
    bool comparable = false;
    switch (e->kind) {
    case E_CALL: case E_BINOP: case E_LISTCOMP: case E_SETCOMP: case E_DICTCOMP:
    case E_DICT: case E_SET: case E_JOINEDSTR: case E_AWAIT: case E_NAMEDEXPR:
        comparable = true;
        break;
    case E_UNARYOP:
        comparable = e->u.unary.op != UN_NOT;
        break;
    case E_CONSTANT:
        comparable = e->u.constant.kind != CONST_NONE && e->u.constant.kind != CONST_TRUE
                     && e->u.constant.kind != CONST_FALSE;
        break;
    default:
        break;
    }
    if (e->kind == E_YIELD || e->kind == E_YIELDFROM) {
        error_at(scanner, e->loc, "assignment to yield expression not possible");
        return false;
    }
    if (top && comparable)
        error_at(scanner, e->loc,
                 "cannot assign to %s here. Maybe you meant '==' instead of '='?", what);
    else
        error_at(scanner, e->loc, "cannot assign to %s", what);
    return false;
}

/* A bare *x outside a tuple or list display. */
static bool check_not_starred(yyscan_t scanner, Expr *e)
{
    if (e->kind != E_STARRED)
        return true;
    error_at(scanner, e->loc, "can't use starred expression here");
    return false;
}

static bool check_assign_target(yyscan_t scanner, Expr *e)
{
    if (e->kind == E_STARRED) {
        error_at(scanner, e->loc, "starred assignment target must be in a list or tuple");
        return false;
    }
    return set_context(scanner, e, CTX_STORE, true);
}

static bool check_aug_target(yyscan_t scanner, Expr *e)
{
    if (e->kind == E_NAME || e->kind == E_ATTRIBUTE || e->kind == E_SUBSCRIPT) {
        e->ctx = CTX_STORE;
        return true;
    }
    error_at(scanner, e->loc, "'%s' is an illegal expression for augmented assignment",
             expr_name(e));
    return false;
}

/* A node's location leaves out the parentheses around it; the location of
 * the grammar symbol that produced it does not. */
static bool parenthesized(const Expr *e, YYLTYPE l)
{
    return e->loc.line != l.first_line || e->loc.col != l.first_column
           || e->loc.end_line != l.last_line || e->loc.end_col != l.last_column;
}

static bool check_named_target(yyscan_t scanner, Expr *e)
{
    if (e->kind == E_NAME || e->kind == E_ATTRIBUTE || e->kind == E_SUBSCRIPT) {
        e->ctx = CTX_STORE;
        return true;
    }
    if (e->kind == E_TUPLE)
        error_at(scanner, e->loc, "only single target (not tuple) can be annotated");
    else if (e->kind == E_LIST)
        error_at(scanner, e->loc, "only single target (not list) can be annotated");
    else
        error_at(scanner, e->loc, "illegal target for annotation");
    return false;
}

static ParamItem *param(yyscan_t scanner, int kind, Arg *arg, Expr *def, YYLTYPE loc)
{
    ParamItem *p = ast_alloc(ARENA, sizeof *p);
    p->kind = kind;
    p->arg = arg;
    p->def = def;
    p->loc = L(loc);
    return p;
}

static Arg *new_arg(yyscan_t scanner, const char *name, Expr *ann, YYLTYPE loc)
{
    Arg *a = ast_alloc(ARENA, sizeof *a);
    a->name = name;
    a->annotation = ann;
    a->loc = L(loc);
    return a;
}

/* Assemble the flat list of parameter items, in CPython's order:
 * posonly / args * (or *args) kwonly **kwargs. */
static Arguments *make_arguments(yyscan_t scanner, AstSeq items)
{
    Arguments *a = ast_alloc(ARENA, sizeof *a);
    bool seen_slash = false, seen_star = false, seen_default = false;
    bool bare_star = false;
    Loc star_loc = {0};
    for (int i = 0; i < items.len; i++) {
        ParamItem *p = items.items[i];
        if (a->kwarg) {
            error_at(scanner, p->loc, "arguments cannot follow var-keyword argument");
            return NULL;
        }
        switch (p->kind) {
        case P_SLASH:
            if (seen_slash) {
                error_at(scanner, p->loc, "/ may appear only once");
                return NULL;
            }
            if (seen_star) {
                error_at(scanner, p->loc, "/ must be ahead of *");
                return NULL;
            }
            if (a->args.len == 0) {
                error_at(scanner, p->loc, "at least one argument must precede /");
                return NULL;
            }
            seen_slash = true;
            a->posonlyargs = a->args;
            a->args = (AstSeq){0};
            break;
        case P_STAR:
            if (seen_star) {
                error_at(scanner, p->loc, "* argument may appear only once");
                return NULL;
            }
            seen_star = true;
            bare_star = p->arg == NULL;
            star_loc = p->loc;
            a->vararg = p->arg;
            break;
        case P_DSTAR:
            if (bare_star && a->kwonlyargs.len == 0) {
                error_at(scanner, star_loc, "named arguments must follow bare *");
                return NULL;
            }
            a->kwarg = p->arg;
            break;
        case P_NAME:
            for (int k = 0; k < i; k++) {
                ParamItem *q = items.items[k];
                if (q->arg && strcmp(q->arg->name, p->arg->name) == 0) {
                    error_at(scanner, p->arg->loc,
                             "duplicate argument '%s' in function definition", p->arg->name);
                    return NULL;
                }
            }
            if (seen_star) {
                ast_seq_push(ARENA, &a->kwonlyargs, p->arg);
                ast_seq_push(ARENA, &a->kw_defaults, p->def);
            } else {
                if (p->def) {
                    seen_default = true;
                    ast_seq_push(ARENA, &a->defaults, p->def);
                } else if (seen_default) {
                    error_at(scanner, p->loc,
                             "non-default argument follows default argument");
                    return NULL;
                }
                ast_seq_push(ARENA, &a->args, p->arg);
            }
            break;
        }
    }
    if (bare_star && a->kwonlyargs.len == 0) {
        error_at(scanner, star_loc, "named arguments must follow bare *");
        return NULL;
    }
    return a;
}

static CallArg *call_arg(yyscan_t scanner, int kind, const char *name, Expr *value,
                         YYLTYPE loc)
{
    CallArg *c = ast_alloc(ARENA, sizeof *c);
    c->kind = kind;
    c->name = name;
    c->value = value;
    c->loc = L(loc);
    return c;
}

static bool make_call_args(yyscan_t scanner, AstSeq items, AstSeq *args,
                           AstSeq *keywords)
{
    bool seen_kw = false, seen_dstar = false;
    for (int i = 0; i < items.len; i++) {
        CallArg *c = items.items[i];
        switch (c->kind) {
        case A_GENEXP:
            if (items.len > 1) {
                error_at(scanner, c->loc, "Generator expression must be parenthesized");
                return false;
            }
            /* fall through */
        case A_POS:
            if (seen_dstar) {
                error_at(scanner, c->loc,
                         "positional argument follows keyword argument unpacking");
                return false;
            }
            if (seen_kw) {
                error_at(scanner, c->loc, "positional argument follows keyword argument");
                return false;
            }
            ast_seq_push(ARENA, args, c->value);
            break;
        case A_STAR: {
            if (seen_dstar) {
                error_at(scanner, c->loc,
                         "iterable argument unpacking follows keyword argument unpacking");
                return false;
            }
            Expr *e = ast_alloc(ARENA, sizeof *e);
            e->kind = E_STARRED;
            e->loc = c->loc;
            e->u.value.value = c->value;
            ast_seq_push(ARENA, args, e);
            break;
        }
        case A_KW:
        case A_DSTAR: {
            if (c->kind == A_KW) {
                seen_kw = true;
                for (int k = 0; k < keywords->len; k++) {
                    Keyword *o = keywords->items[k];
                    if (o->arg && strcmp(o->arg, c->name) == 0) {
                        error_at(scanner, c->loc, "keyword argument repeated: %s", c->name);
                        return false;
                    }
                }
            } else {
                seen_dstar = true;
            }
            Keyword *k = ast_alloc(ARENA, sizeof *k);
            k->arg = c->name;
            k->value = c->value;
            k->loc = c->loc;
            ast_seq_push(ARENA, keywords, k);
            break;
        }
        }
    }
    return true;
}

static WithItem *with_item(yyscan_t scanner, Expr *ctx, Expr *vars)
{
    WithItem *w = ast_alloc(ARENA, sizeof *w);
    w->context_expr = ctx;
    w->optional_vars = vars;
    return w;
}

/* If [e] is an `x as y` parsed inside parentheses, claim it. */
static bool take_as_item(yyscan_t scanner, Expr *e)
{
    AstSeq *pending = &lexer_state(scanner)->as_items;
    for (int i = 0; i < pending->len; i++) {
        if (pending->items[i] == e) {
            pending->items[i] = NULL;
            return true;
        }
    }
    return false;
}

static WithItem *paren_item(yyscan_t scanner, Expr *e)
{
    if (e->kind == E_NAMEDEXPR && take_as_item(scanner, e))
        return with_item(scanner, e->u.named.value, e->u.named.target);
    return with_item(scanner, e, NULL);
}

/* `with (a, b as c):` reaches us as one item holding a tuple (or, for
 * `with (a as b):`, the `as` pair itself); unpack them. */
static Stmt *make_with(yyscan_t scanner, AstSeq items, YYLTYPE loc)
{
    Stmt *s = new_stmt(scanner, S_WITH, loc);
    if (items.len == 1) {
        WithItem *w = items.items[0];
        Expr *e = w->context_expr;
        if (!w->optional_vars && e->kind == E_TUPLE && e->u.seq.elts.len > 0) {
            AstSeq elts = e->u.seq.elts;
            items = (AstSeq){0};
            for (int i = 0; i < elts.len; i++)
                ast_seq_push(ARENA, &items, paren_item(scanner, elts.items[i]));
        } else if (!w->optional_vars) {
            items = seq1(scanner, paren_item(scanner, e));
        }
    }
    s->u.with.items = items;
    return s;
}

static Alias *alias(yyscan_t scanner, const char *name, const char *asname, YYLTYPE loc)
{
    Alias *a = ast_alloc(ARENA, sizeof *a);
    a->name = name;
    a->asname = asname;
    a->loc = L(loc);
    return a;
}

static char *join_dotted(yyscan_t scanner, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = ast_alloc(ARENA, la + lb + 2);
    memcpy(s, a, la);
    s[la] = '.';
    memcpy(s + la + 1, b, lb);
    return s;
}

/* -- string literals --------------------------------------------------- */

/* A growable byte buffer (malloc'd; the result is copied to the arena). */
typedef struct Buf {
    char *data;
    size_t len, cap;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p)
            abort();
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void buf_utf8(Buf *b, unsigned cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xc0 | cp >> 6);
        s[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xe0 | cp >> 12);
        s[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        s[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        s[0] = (char)(0xf0 | cp >> 18);
        s[1] = (char)(0x80 | (cp >> 12 & 0x3f));
        s[2] = (char)(0x80 | (cp >> 6 & 0x3f));
        s[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    buf_add(b, s, n);
}

/* \N{...}: the names a lecture is likely to use (ASCII, Latin-1, Greek,
 * common punctuation, arrows, maths, symbols and a few emoji), sorted for
 * bsearch.  Made with Python's unicodedata; extend it the same way. */
typedef struct CharName {
    const char *name;
    unsigned cp;
} CharName;

static const CharName char_names[] = {
    {"ACUTE ACCENT", 0xB4},
    {"ALMOST EQUAL TO", 0x2248},
    {"AMPERSAND", 0x26},
    {"ANGRY FACE", 0x1F620},
    {"ANGUISHED FACE", 0x1F627},
    {"APOSTROPHE", 0x27},
    {"ASCENDING NODE", 0x260A},
    {"ASTERISK", 0x2A},
    {"ASTERISK OPERATOR", 0x2217},
    {"ASTONISHED FACE", 0x1F632},
    {"BALLOT BOX", 0x2610},
    {"BALLOT BOX WITH CHECK", 0x2611},
    {"BALLOT BOX WITH X", 0x2612},
    {"BALLOT X", 0x2717},
    {"BLACK CIRCLE", 0x25CF},
    {"BLACK CLUB SUIT", 0x2663},
    {"BLACK DIAMOND", 0x25C6},
    {"BLACK DIAMOND SUIT", 0x2666},
    {"BLACK DOWN-POINTING SMALL TRIANGLE", 0x25BE},
    {"BLACK DOWN-POINTING TRIANGLE", 0x25BC},
    {"BLACK HEART SUIT", 0x2665},
    {"BLACK LEFT-POINTING POINTER", 0x25C4},
    {"BLACK LEFT-POINTING SMALL TRIANGLE", 0x25C2},
    {"BLACK LEFT-POINTING TRIANGLE", 0x25C0},
    {"BLACK PARALLELOGRAM", 0x25B0},
    {"BLACK RECTANGLE", 0x25AC},
    {"BLACK RIGHT-POINTING POINTER", 0x25BA},
    {"BLACK RIGHT-POINTING SMALL TRIANGLE", 0x25B8},
    {"BLACK RIGHT-POINTING TRIANGLE", 0x25B6},
    {"BLACK SMALL SQUARE", 0x25AA},
    {"BLACK SPADE SUIT", 0x2660},
    {"BLACK SQUARE", 0x25A0},
    {"BLACK STAR", 0x2605},
    {"BLACK SUN WITH RAYS", 0x2600},
    {"BLACK TELEPHONE", 0x260E},
    {"BLACK UP-POINTING SMALL TRIANGLE", 0x25B4},
    {"BLACK UP-POINTING TRIANGLE", 0x25B2},
    {"BLACK VERTICAL RECTANGLE", 0x25AE},
    {"BOX DRAWINGS HEAVY HORIZONTAL", 0x2501},
    {"BOX DRAWINGS HEAVY VERTICAL", 0x2503},
    {"BOX DRAWINGS LIGHT HORIZONTAL", 0x2500},
    {"BOX DRAWINGS LIGHT VERTICAL", 0x2502},
    {"BROKEN BAR", 0xA6},
    {"BULLET", 0x2022},
    {"BULLET OPERATOR", 0x2219},
    {"BULLSEYE", 0x25CE},
    {"CARET", 0x2038},
    {"CARRIAGE RETURN", 0xD},
    {"CAT FACE WITH TEARS OF JOY", 0x1F639},
    {"CAT FACE WITH WRY SMILE", 0x1F63C},
    {"CEDILLA", 0xB8},
    {"CENT SIGN", 0xA2},
    {"CHARACTER TABULATION", 0x9},
    {"CHECK MARK", 0x2713},
    {"CIRCLE WITH VERTICAL FILL", 0x25CD},
    {"CIRCUMFLEX ACCENT", 0x5E},
    {"CLOUD", 0x2601},
    {"COLON", 0x3A},
    {"COMET", 0x2604},
    {"COMMA", 0x2C},
    {"COMMERCIAL AT", 0x40},
    {"COMPLEMENT", 0x2201},
    {"CONFOUNDED FACE", 0x1F616},
    {"CONFUSED FACE", 0x1F615},
    {"CONJUNCTION", 0x260C},
    {"CONTAINS AS MEMBER", 0x220B},
    {"COPYRIGHT SIGN", 0xA9},
    {"CROSS MARK", 0x274C},
    {"CRYING CAT FACE", 0x1F63F},
    {"CRYING FACE", 0x1F622},
    {"CUBE ROOT", 0x221B},
    {"CURRENCY SIGN", 0xA4},
    {"DAGGER", 0x2020},
    {"DEGREE SIGN", 0xB0},
    {"DESCENDING NODE", 0x260B},
    {"DIAERESIS", 0xA8},
    {"DIGIT EIGHT", 0x38},
    {"DIGIT FIVE", 0x35},
    {"DIGIT FOUR", 0x34},
    {"DIGIT NINE", 0x39},
    {"DIGIT ONE", 0x31},
    {"DIGIT SEVEN", 0x37},
    {"DIGIT SIX", 0x36},
    {"DIGIT THREE", 0x33},
    {"DIGIT TWO", 0x32},
    {"DIGIT ZERO", 0x30},
    {"DISAPPOINTED BUT RELIEVED FACE", 0x1F625},
    {"DISAPPOINTED FACE", 0x1F61E},
    {"DIVISION SIGN", 0xF7},
    {"DIVISION SLASH", 0x2215},
    {"DIZZY FACE", 0x1F635},
    {"DOES NOT CONTAIN AS MEMBER", 0x220C},
    {"DOLLAR SIGN", 0x24},
    {"DOT PLUS", 0x2214},
    {"DOTTED CIRCLE", 0x25CC},
    {"DOUBLE DAGGER", 0x2021},
    {"DOUBLE HIGH-REVERSED-9 QUOTATION MARK", 0x201F},
    {"DOUBLE LOW LINE", 0x2017},
    {"DOUBLE LOW-9 QUOTATION MARK", 0x201E},
    {"DOUBLE PRIME", 0x2033},
    {"DOUBLE VERTICAL LINE", 0x2016},
    {"DOWNWARDS ARROW", 0x2193},
    {"ELEMENT OF", 0x2208},
    {"EM DASH", 0x2014},
    {"EMPTY SET", 0x2205},
    {"EN DASH", 0x2013},
    {"END OF PROOF", 0x220E},
    {"EQUALS SIGN", 0x3D},
    {"EURO SIGN", 0x20AC},
    {"EXCLAMATION MARK", 0x21},
    {"EXPRESSIONLESS FACE", 0x1F611},
    {"FACE SAVOURING DELICIOUS FOOD", 0x1F60B},
    {"FACE SCREAMING IN FEAR", 0x1F631},
    {"FACE THROWING A KISS", 0x1F618},
    {"FACE WITH COLD SWEAT", 0x1F613},
    {"FACE WITH LOOK OF TRIUMPH", 0x1F624},
    {"FACE WITH MEDICAL MASK", 0x1F637},
    {"FACE WITH NO GOOD GESTURE", 0x1F645},
    {"FACE WITH OK GESTURE", 0x1F646},
    {"FACE WITH OPEN MOUTH", 0x1F62E},
    {"FACE WITH OPEN MOUTH AND COLD SWEAT", 0x1F630},
    {"FACE WITH ROLLING EYES", 0x1F644},
    {"FACE WITH STUCK-OUT TONGUE", 0x1F61B},
    {"FACE WITH STUCK-OUT TONGUE AND TIGHTLY-CLOSED EYES", 0x1F61D},
    {"FACE WITH STUCK-OUT TONGUE AND WINKING EYE", 0x1F61C},
    {"FACE WITH TEARS OF JOY", 0x1F602},
    {"FACE WITHOUT MOUTH", 0x1F636},
    {"FEARFUL FACE", 0x1F628},
    {"FEMININE ORDINAL INDICATOR", 0xAA},
    {"FIGURE DASH", 0x2012},
    {"FIRE", 0x1F525},
    {"FISHEYE", 0x25C9},
    {"FLUSHED FACE", 0x1F633},
    {"FOR ALL", 0x2200},
    {"FOURTH ROOT", 0x221C},
    {"FROWNING FACE WITH OPEN MOUTH", 0x1F626},
    {"FULL STOP", 0x2E},
    {"GRAVE ACCENT", 0x60},
    {"GREATER-THAN OR EQUAL TO", 0x2265},
    {"GREATER-THAN SIGN", 0x3E},
    {"GREEK CAPITAL LETTER ALPHA", 0x391},
    {"GREEK CAPITAL LETTER BETA", 0x392},
    {"GREEK CAPITAL LETTER CHI", 0x3A7},
    {"GREEK CAPITAL LETTER DELTA", 0x394},
    {"GREEK CAPITAL LETTER EPSILON", 0x395},
    {"GREEK CAPITAL LETTER ETA", 0x397},
    {"GREEK CAPITAL LETTER GAMMA", 0x393},
    {"GREEK CAPITAL LETTER IOTA", 0x399},
    {"GREEK CAPITAL LETTER IOTA WITH DIALYTIKA", 0x3AA},
    {"GREEK CAPITAL LETTER KAPPA", 0x39A},
    {"GREEK CAPITAL LETTER LAMDA", 0x39B},
    {"GREEK CAPITAL LETTER MU", 0x39C},
    {"GREEK CAPITAL LETTER NU", 0x39D},
    {"GREEK CAPITAL LETTER OMEGA", 0x3A9},
    {"GREEK CAPITAL LETTER OMICRON", 0x39F},
    {"GREEK CAPITAL LETTER PHI", 0x3A6},
    {"GREEK CAPITAL LETTER PI", 0x3A0},
    {"GREEK CAPITAL LETTER PSI", 0x3A8},
    {"GREEK CAPITAL LETTER RHO", 0x3A1},
    {"GREEK CAPITAL LETTER SIGMA", 0x3A3},
    {"GREEK CAPITAL LETTER TAU", 0x3A4},
    {"GREEK CAPITAL LETTER THETA", 0x398},
    {"GREEK CAPITAL LETTER UPSILON", 0x3A5},
    {"GREEK CAPITAL LETTER UPSILON WITH DIALYTIKA", 0x3AB},
    {"GREEK CAPITAL LETTER XI", 0x39E},
    {"GREEK CAPITAL LETTER ZETA", 0x396},
    {"GREEK SMALL LETTER ALPHA", 0x3B1},
    {"GREEK SMALL LETTER ALPHA WITH TONOS", 0x3AC},
    {"GREEK SMALL LETTER BETA", 0x3B2},
    {"GREEK SMALL LETTER CHI", 0x3C7},
    {"GREEK SMALL LETTER DELTA", 0x3B4},
    {"GREEK SMALL LETTER EPSILON", 0x3B5},
    {"GREEK SMALL LETTER EPSILON WITH TONOS", 0x3AD},
    {"GREEK SMALL LETTER ETA", 0x3B7},
    {"GREEK SMALL LETTER ETA WITH TONOS", 0x3AE},
    {"GREEK SMALL LETTER FINAL SIGMA", 0x3C2},
    {"GREEK SMALL LETTER GAMMA", 0x3B3},
    {"GREEK SMALL LETTER IOTA", 0x3B9},
    {"GREEK SMALL LETTER IOTA WITH TONOS", 0x3AF},
    {"GREEK SMALL LETTER KAPPA", 0x3BA},
    {"GREEK SMALL LETTER LAMDA", 0x3BB},
    {"GREEK SMALL LETTER MU", 0x3BC},
    {"GREEK SMALL LETTER NU", 0x3BD},
    {"GREEK SMALL LETTER OMEGA", 0x3C9},
    {"GREEK SMALL LETTER OMICRON", 0x3BF},
    {"GREEK SMALL LETTER PHI", 0x3C6},
    {"GREEK SMALL LETTER PI", 0x3C0},
    {"GREEK SMALL LETTER PSI", 0x3C8},
    {"GREEK SMALL LETTER RHO", 0x3C1},
    {"GREEK SMALL LETTER SIGMA", 0x3C3},
    {"GREEK SMALL LETTER TAU", 0x3C4},
    {"GREEK SMALL LETTER THETA", 0x3B8},
    {"GREEK SMALL LETTER UPSILON", 0x3C5},
    {"GREEK SMALL LETTER UPSILON WITH DIALYTIKA AND TONOS", 0x3B0},
    {"GREEK SMALL LETTER XI", 0x3BE},
    {"GREEK SMALL LETTER ZETA", 0x3B6},
    {"GRIMACING FACE", 0x1F62C},
    {"GRINNING CAT FACE WITH SMILING EYES", 0x1F638},
    {"GRINNING FACE", 0x1F600},
    {"GRINNING FACE WITH SMILING EYES", 0x1F601},
    {"HAPPY PERSON RAISING ONE HAND", 0x1F64B},
    {"HEAR-NO-EVIL MONKEY", 0x1F649},
    {"HEAVY BALLOT X", 0x2718},
    {"HEAVY BLACK HEART", 0x2764},
    {"HEAVY CHECK MARK", 0x2714},
    {"HEAVY MULTIPLICATION X", 0x2716},
    {"HORIZONTAL BAR", 0x2015},
    {"HORIZONTAL ELLIPSIS", 0x2026},
    {"HOT BEVERAGE", 0x2615},
    {"HUSHED FACE", 0x1F62F},
    {"HYPHEN", 0x2010},
    {"HYPHEN-MINUS", 0x2D},
    {"HYPHENATION POINT", 0x2027},
    {"IDENTICAL TO", 0x2261},
    {"INCREMENT", 0x2206},
    {"INFINITY", 0x221E},
    {"INTEGRAL", 0x222B},
    {"INTERSECTION", 0x2229},
    {"INVERTED EXCLAMATION MARK", 0xA1},
    {"INVERTED QUESTION MARK", 0xBF},
    {"KISSING CAT FACE WITH CLOSED EYES", 0x1F63D},
    {"KISSING FACE", 0x1F617},
    {"KISSING FACE WITH CLOSED EYES", 0x1F61A},
    {"KISSING FACE WITH SMILING EYES", 0x1F619},
    {"LATIN CAPITAL LETTER A", 0x41},
    {"LATIN CAPITAL LETTER A WITH ACUTE", 0xC1},
    {"LATIN CAPITAL LETTER A WITH CIRCUMFLEX", 0xC2},
    {"LATIN CAPITAL LETTER A WITH DIAERESIS", 0xC4},
    {"LATIN CAPITAL LETTER A WITH GRAVE", 0xC0},
    {"LATIN CAPITAL LETTER A WITH RING ABOVE", 0xC5},
    {"LATIN CAPITAL LETTER A WITH TILDE", 0xC3},
    {"LATIN CAPITAL LETTER AE", 0xC6},
    {"LATIN CAPITAL LETTER B", 0x42},
    {"LATIN CAPITAL LETTER C", 0x43},
    {"LATIN CAPITAL LETTER C WITH CEDILLA", 0xC7},
    {"LATIN CAPITAL LETTER D", 0x44},
    {"LATIN CAPITAL LETTER E", 0x45},
    {"LATIN CAPITAL LETTER E WITH ACUTE", 0xC9},
    {"LATIN CAPITAL LETTER E WITH CIRCUMFLEX", 0xCA},
    {"LATIN CAPITAL LETTER E WITH DIAERESIS", 0xCB},
    {"LATIN CAPITAL LETTER E WITH GRAVE", 0xC8},
    {"LATIN CAPITAL LETTER ETH", 0xD0},
    {"LATIN CAPITAL LETTER F", 0x46},
    {"LATIN CAPITAL LETTER G", 0x47},
    {"LATIN CAPITAL LETTER H", 0x48},
    {"LATIN CAPITAL LETTER I", 0x49},
    {"LATIN CAPITAL LETTER I WITH ACUTE", 0xCD},
    {"LATIN CAPITAL LETTER I WITH CIRCUMFLEX", 0xCE},
    {"LATIN CAPITAL LETTER I WITH DIAERESIS", 0xCF},
    {"LATIN CAPITAL LETTER I WITH GRAVE", 0xCC},
    {"LATIN CAPITAL LETTER J", 0x4A},
    {"LATIN CAPITAL LETTER K", 0x4B},
    {"LATIN CAPITAL LETTER L", 0x4C},
    {"LATIN CAPITAL LETTER M", 0x4D},
    {"LATIN CAPITAL LETTER N", 0x4E},
    {"LATIN CAPITAL LETTER N WITH TILDE", 0xD1},
    {"LATIN CAPITAL LETTER O", 0x4F},
    {"LATIN CAPITAL LETTER O WITH ACUTE", 0xD3},
    {"LATIN CAPITAL LETTER O WITH CIRCUMFLEX", 0xD4},
    {"LATIN CAPITAL LETTER O WITH DIAERESIS", 0xD6},
    {"LATIN CAPITAL LETTER O WITH GRAVE", 0xD2},
    {"LATIN CAPITAL LETTER O WITH STROKE", 0xD8},
    {"LATIN CAPITAL LETTER O WITH TILDE", 0xD5},
    {"LATIN CAPITAL LETTER P", 0x50},
    {"LATIN CAPITAL LETTER Q", 0x51},
    {"LATIN CAPITAL LETTER R", 0x52},
    {"LATIN CAPITAL LETTER S", 0x53},
    {"LATIN CAPITAL LETTER T", 0x54},
    {"LATIN CAPITAL LETTER THORN", 0xDE},
    {"LATIN CAPITAL LETTER U", 0x55},
    {"LATIN CAPITAL LETTER U WITH ACUTE", 0xDA},
    {"LATIN CAPITAL LETTER U WITH CIRCUMFLEX", 0xDB},
    {"LATIN CAPITAL LETTER U WITH DIAERESIS", 0xDC},
    {"LATIN CAPITAL LETTER U WITH GRAVE", 0xD9},
    {"LATIN CAPITAL LETTER V", 0x56},
    {"LATIN CAPITAL LETTER W", 0x57},
    {"LATIN CAPITAL LETTER X", 0x58},
    {"LATIN CAPITAL LETTER Y", 0x59},
    {"LATIN CAPITAL LETTER Y WITH ACUTE", 0xDD},
    {"LATIN CAPITAL LETTER Z", 0x5A},
    {"LATIN SMALL LETTER A", 0x61},
    {"LATIN SMALL LETTER A WITH ACUTE", 0xE1},
    {"LATIN SMALL LETTER A WITH CIRCUMFLEX", 0xE2},
    {"LATIN SMALL LETTER A WITH DIAERESIS", 0xE4},
    {"LATIN SMALL LETTER A WITH GRAVE", 0xE0},
    {"LATIN SMALL LETTER A WITH RING ABOVE", 0xE5},
    {"LATIN SMALL LETTER A WITH TILDE", 0xE3},
    {"LATIN SMALL LETTER AE", 0xE6},
    {"LATIN SMALL LETTER B", 0x62},
    {"LATIN SMALL LETTER C", 0x63},
    {"LATIN SMALL LETTER C WITH CEDILLA", 0xE7},
    {"LATIN SMALL LETTER D", 0x64},
    {"LATIN SMALL LETTER E", 0x65},
    {"LATIN SMALL LETTER E WITH ACUTE", 0xE9},
    {"LATIN SMALL LETTER E WITH CIRCUMFLEX", 0xEA},
    {"LATIN SMALL LETTER E WITH DIAERESIS", 0xEB},
    {"LATIN SMALL LETTER E WITH GRAVE", 0xE8},
    {"LATIN SMALL LETTER ETH", 0xF0},
    {"LATIN SMALL LETTER F", 0x66},
    {"LATIN SMALL LETTER G", 0x67},
    {"LATIN SMALL LETTER H", 0x68},
    {"LATIN SMALL LETTER I", 0x69},
    {"LATIN SMALL LETTER I WITH ACUTE", 0xED},
    {"LATIN SMALL LETTER I WITH CIRCUMFLEX", 0xEE},
    {"LATIN SMALL LETTER I WITH DIAERESIS", 0xEF},
    {"LATIN SMALL LETTER I WITH GRAVE", 0xEC},
    {"LATIN SMALL LETTER J", 0x6A},
    {"LATIN SMALL LETTER K", 0x6B},
    {"LATIN SMALL LETTER L", 0x6C},
    {"LATIN SMALL LETTER M", 0x6D},
    {"LATIN SMALL LETTER N", 0x6E},
    {"LATIN SMALL LETTER N WITH TILDE", 0xF1},
    {"LATIN SMALL LETTER O", 0x6F},
    {"LATIN SMALL LETTER O WITH ACUTE", 0xF3},
    {"LATIN SMALL LETTER O WITH CIRCUMFLEX", 0xF4},
    {"LATIN SMALL LETTER O WITH DIAERESIS", 0xF6},
    {"LATIN SMALL LETTER O WITH GRAVE", 0xF2},
    {"LATIN SMALL LETTER O WITH STROKE", 0xF8},
    {"LATIN SMALL LETTER O WITH TILDE", 0xF5},
    {"LATIN SMALL LETTER P", 0x70},
    {"LATIN SMALL LETTER Q", 0x71},
    {"LATIN SMALL LETTER R", 0x72},
    {"LATIN SMALL LETTER S", 0x73},
    {"LATIN SMALL LETTER SHARP S", 0xDF},
    {"LATIN SMALL LETTER T", 0x74},
    {"LATIN SMALL LETTER THORN", 0xFE},
    {"LATIN SMALL LETTER U", 0x75},
    {"LATIN SMALL LETTER U WITH ACUTE", 0xFA},
    {"LATIN SMALL LETTER U WITH CIRCUMFLEX", 0xFB},
    {"LATIN SMALL LETTER U WITH DIAERESIS", 0xFC},
    {"LATIN SMALL LETTER U WITH GRAVE", 0xF9},
    {"LATIN SMALL LETTER V", 0x76},
    {"LATIN SMALL LETTER W", 0x77},
    {"LATIN SMALL LETTER X", 0x78},
    {"LATIN SMALL LETTER Y", 0x79},
    {"LATIN SMALL LETTER Y WITH ACUTE", 0xFD},
    {"LATIN SMALL LETTER Y WITH DIAERESIS", 0xFF},
    {"LATIN SMALL LETTER Z", 0x7A},
    {"LEFT CURLY BRACKET", 0x7B},
    {"LEFT DOUBLE QUOTATION MARK", 0x201C},
    {"LEFT PARENTHESIS", 0x28},
    {"LEFT RIGHT ARROW", 0x2194},
    {"LEFT SINGLE QUOTATION MARK", 0x2018},
    {"LEFT SQUARE BRACKET", 0x5B},
    {"LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", 0xAB},
    {"LEFT-TO-RIGHT EMBEDDING", 0x202A},
    {"LEFT-TO-RIGHT OVERRIDE", 0x202D},
    {"LEFTWARDS ARROW", 0x2190},
    {"LESS-THAN OR EQUAL TO", 0x2264},
    {"LESS-THAN SIGN", 0x3C},
    {"LIGHTNING", 0x2607},
    {"LINE FEED", 0xA},
    {"LINE SEPARATOR", 0x2028},
    {"LOGICAL AND", 0x2227},
    {"LOGICAL OR", 0x2228},
    {"LOUDLY CRYING FACE", 0x1F62D},
    {"LOW LINE", 0x5F},
    {"LOZENGE", 0x25CA},
    {"MACRON", 0xAF},
    {"MASCULINE ORDINAL INDICATOR", 0xBA},
    {"MICRO SIGN", 0xB5},
    {"MIDDLE DOT", 0xB7},
    {"MINUS SIGN", 0x2212},
    {"MINUS-OR-PLUS SIGN", 0x2213},
    {"MULTIPLICATION SIGN", 0xD7},
    {"MULTIPLICATION X", 0x2715},
    {"N-ARY COPRODUCT", 0x2210},
    {"N-ARY PRODUCT", 0x220F},
    {"N-ARY SUMMATION", 0x2211},
    {"NABLA", 0x2207},
    {"NARROW NO-BREAK SPACE", 0x202F},
    {"NEUTRAL FACE", 0x1F610},
    {"NEWLINE", 0xA},
    {"NO-BREAK SPACE", 0xA0},
    {"NON-BREAKING HYPHEN", 0x2011},
    {"NORTH EAST ARROW", 0x2197},
    {"NORTH WEST ARROW", 0x2196},
    {"NOT AN ELEMENT OF", 0x2209},
    {"NOT EQUAL TO", 0x2260},
    {"NOT IDENTICAL TO", 0x2262},
    {"NOT SIGN", 0xAC},
    {"NULL", 0x0},
    {"NUMBER SIGN", 0x23},
    {"ONE DOT LEADER", 0x2024},
    {"OPPOSITION", 0x260D},
    {"PARAGRAPH SEPARATOR", 0x2029},
    {"PARTIAL DIFFERENTIAL", 0x2202},
    {"PARTY POPPER", 0x1F389},
    {"PENSIVE FACE", 0x1F614},
    {"PER MILLE SIGN", 0x2030},
    {"PER TEN THOUSAND SIGN", 0x2031},
    {"PERCENT SIGN", 0x25},
    {"PERSEVERING FACE", 0x1F623},
    {"PERSON BOWING DEEPLY", 0x1F647},
    {"PERSON FROWNING", 0x1F64D},
    {"PERSON RAISING BOTH HANDS IN CELEBRATION", 0x1F64C},
    {"PERSON WITH FOLDED HANDS", 0x1F64F},
    {"PERSON WITH POUTING FACE", 0x1F64E},
    {"PILCROW SIGN", 0xB6},
    {"PILE OF POO", 0x1F4A9},
    {"PLUS SIGN", 0x2B},
    {"PLUS-MINUS SIGN", 0xB1},
    {"POP DIRECTIONAL FORMATTING", 0x202C},
    {"POUND SIGN", 0xA3},
    {"POUTING CAT FACE", 0x1F63E},
    {"POUTING FACE", 0x1F621},
    {"PRIME", 0x2032},
    {"PROPORTIONAL TO", 0x221D},
    {"QUESTION MARK", 0x3F},
    {"QUOTATION MARK", 0x22},
    {"REGISTERED SIGN", 0xAE},
    {"RELIEVED FACE", 0x1F60C},
    {"REPLACEMENT CHARACTER", 0xFFFD},
    {"REVERSE SOLIDUS", 0x5C},
    {"REVERSED DOUBLE PRIME", 0x2036},
    {"REVERSED PRIME", 0x2035},
    {"REVERSED TRIPLE PRIME", 0x2037},
    {"RIGHT CURLY BRACKET", 0x7D},
    {"RIGHT DOUBLE QUOTATION MARK", 0x201D},
    {"RIGHT PARENTHESIS", 0x29},
    {"RIGHT SINGLE QUOTATION MARK", 0x2019},
    {"RIGHT SQUARE BRACKET", 0x5D},
    {"RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", 0xBB},
    {"RIGHT-TO-LEFT EMBEDDING", 0x202B},
    {"RIGHT-TO-LEFT OVERRIDE", 0x202E},
    {"RIGHTWARDS ARROW", 0x2192},
    {"RING OPERATOR", 0x2218},
    {"ROCKET", 0x1F680},
    {"SALTIRE", 0x2613},
    {"SECTION SIGN", 0xA7},
    {"SEE-NO-EVIL MONKEY", 0x1F648},
    {"SEMICOLON", 0x3B},
    {"SET MINUS", 0x2216},
    {"SINGLE HIGH-REVERSED-9 QUOTATION MARK", 0x201B},
    {"SINGLE LEFT-POINTING ANGLE QUOTATION MARK", 0x2039},
    {"SINGLE LOW-9 QUOTATION MARK", 0x201A},
    {"SINGLE RIGHT-POINTING ANGLE QUOTATION MARK", 0x203A},
    {"SLEEPING FACE", 0x1F634},
    {"SLEEPY FACE", 0x1F62A},
    {"SLIGHTLY FROWNING FACE", 0x1F641},
    {"SLIGHTLY SMILING FACE", 0x1F642},
    {"SMALL CONTAINS AS MEMBER", 0x220D},
    {"SMALL ELEMENT OF", 0x220A},
    {"SMILING CAT FACE WITH HEART-SHAPED EYES", 0x1F63B},
    {"SMILING CAT FACE WITH OPEN MOUTH", 0x1F63A},
    {"SMILING FACE WITH HALO", 0x1F607},
    {"SMILING FACE WITH HEART-SHAPED EYES", 0x1F60D},
    {"SMILING FACE WITH HORNS", 0x1F608},
    {"SMILING FACE WITH OPEN MOUTH", 0x1F603},
    {"SMILING FACE WITH OPEN MOUTH AND COLD SWEAT", 0x1F605},
    {"SMILING FACE WITH OPEN MOUTH AND SMILING EYES", 0x1F604},
    {"SMILING FACE WITH OPEN MOUTH AND TIGHTLY-CLOSED EYES", 0x1F606},
    {"SMILING FACE WITH SMILING EYES", 0x1F60A},
    {"SMILING FACE WITH SUNGLASSES", 0x1F60E},
    {"SMIRKING FACE", 0x1F60F},
    {"SNAKE", 0x1F40D},
    {"SNOWMAN", 0x2603},
    {"SOFT HYPHEN", 0xAD},
    {"SOLIDUS", 0x2F},
    {"SOUTH EAST ARROW", 0x2198},
    {"SOUTH WEST ARROW", 0x2199},
    {"SPACE", 0x20},
    {"SPARKLES", 0x2728},
    {"SPEAK-NO-EVIL MONKEY", 0x1F64A},
    {"SQUARE ROOT", 0x221A},
    {"SQUARE WITH DIAGONAL CROSSHATCH FILL", 0x25A9},
    {"SQUARE WITH HORIZONTAL FILL", 0x25A4},
    {"SQUARE WITH ORTHOGONAL CROSSHATCH FILL", 0x25A6},
    {"SQUARE WITH UPPER LEFT TO LOWER RIGHT FILL", 0x25A7},
    {"SQUARE WITH UPPER RIGHT TO LOWER LEFT FILL", 0x25A8},
    {"SQUARE WITH VERTICAL FILL", 0x25A5},
    {"STRICTLY EQUIVALENT TO", 0x2263},
    {"SUN", 0x2609},
    {"SUPERSCRIPT ONE", 0xB9},
    {"SUPERSCRIPT THREE", 0xB3},
    {"SUPERSCRIPT TWO", 0xB2},
    {"TAB", 0x9},
    {"THERE DOES NOT EXIST", 0x2204},
    {"THERE EXISTS", 0x2203},
    {"THINKING FACE", 0x1F914},
    {"THUMBS DOWN SIGN", 0x1F44E},
    {"THUMBS UP SIGN", 0x1F44D},
    {"THUNDERSTORM", 0x2608},
    {"TILDE", 0x7E},
    {"TIRED FACE", 0x1F62B},
    {"TRADE MARK SIGN", 0x2122},
    {"TRIANGULAR BULLET", 0x2023},
    {"TRIPLE PRIME", 0x2034},
    {"TWO DOT LEADER", 0x2025},
    {"UMBRELLA", 0x2602},
    {"UMBRELLA WITH RAIN DROPS", 0x2614},
    {"UNAMUSED FACE", 0x1F612},
    {"UNION", 0x222A},
    {"UP DOWN ARROW", 0x2195},
    {"UPSIDE-DOWN FACE", 0x1F643},
    {"UPWARDS ARROW", 0x2191},
    {"VERTICAL LINE", 0x7C},
    {"VULGAR FRACTION ONE HALF", 0xBD},
    {"VULGAR FRACTION ONE QUARTER", 0xBC},
    {"VULGAR FRACTION THREE QUARTERS", 0xBE},
    {"WEARY CAT FACE", 0x1F640},
    {"WEARY FACE", 0x1F629},
    {"WHITE CIRCLE", 0x25CB},
    {"WHITE CLUB SUIT", 0x2667},
    {"WHITE DIAMOND", 0x25C7},
    {"WHITE DIAMOND CONTAINING BLACK SMALL DIAMOND", 0x25C8},
    {"WHITE DIAMOND SUIT", 0x2662},
    {"WHITE DOWN-POINTING SMALL TRIANGLE", 0x25BF},
    {"WHITE DOWN-POINTING TRIANGLE", 0x25BD},
    {"WHITE FROWNING FACE", 0x2639},
    {"WHITE HEART SUIT", 0x2661},
    {"WHITE HEAVY CHECK MARK", 0x2705},
    {"WHITE LEFT-POINTING POINTER", 0x25C5},
    {"WHITE LEFT-POINTING SMALL TRIANGLE", 0x25C3},
    {"WHITE LEFT-POINTING TRIANGLE", 0x25C1},
    {"WHITE MEDIUM STAR", 0x2B50},
    {"WHITE PARALLELOGRAM", 0x25B1},
    {"WHITE RECTANGLE", 0x25AD},
    {"WHITE RIGHT-POINTING POINTER", 0x25BB},
    {"WHITE RIGHT-POINTING SMALL TRIANGLE", 0x25B9},
    {"WHITE RIGHT-POINTING TRIANGLE", 0x25B7},
    {"WHITE SMALL SQUARE", 0x25AB},
    {"WHITE SMILING FACE", 0x263A},
    {"WHITE SPADE SUIT", 0x2664},
    {"WHITE SQUARE", 0x25A1},
    {"WHITE SQUARE CONTAINING BLACK SMALL SQUARE", 0x25A3},
    {"WHITE SQUARE WITH ROUNDED CORNERS", 0x25A2},
    {"WHITE STAR", 0x2606},
    {"WHITE TELEPHONE", 0x260F},
    {"WHITE UP-POINTING SMALL TRIANGLE", 0x25B5},
    {"WHITE UP-POINTING TRIANGLE", 0x25B3},
    {"WHITE VERTICAL RECTANGLE", 0x25AF},
    {"WINKING FACE", 0x1F609},
    {"WORRIED FACE", 0x1F61F},
    {"YEN SIGN", 0xA5},
    {"ZERO WIDTH JOINER", 0x200D},
    {"ZERO WIDTH NO-BREAK SPACE", 0xFEFF},
    {"ZERO WIDTH SPACE", 0x200B},
};

static int compare_name(const void *key, const void *item)
{
    return strcmp(key, ((const CharName *)item)->name);
}

static bool lookup_char_name(const char *s, size_t n, unsigned *cp)
{
    char name[80];
    if (n == 0 || n >= sizeof name)
        return false;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
    name[n] = '\0';
    const CharName *hit = bsearch(name, char_names, sizeof char_names / sizeof char_names[0],
                                  sizeof char_names[0], compare_name);
    if (!hit)
        return false;
    *cp = hit->cp;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Where CPython 3.11 reports an error in an f-string's own syntax: just
 * past the end of the literal, wherever in it the mistake is. */
static Loc body_loc(const StrTok *t, size_t ofs)
{
    (void)ofs;
    Loc l = {t->loc.end_line, t->loc.end_col, t->loc.end_line, t->loc.end_col + 1};
    return l;
}

/* Where byte [ofs] of a literal's body is in the source. */
static Loc body_pos(const StrTok *t, size_t ofs)
{
    int line = t->line, col = t->col;
    for (size_t i = 0; i < ofs && i < t->len; i++) {
        if (t->body[i] == '\n') {
            line++;
            col = 0;
        } else {
            col++;
        }
    }
    Loc l = {line, col, line, col + 1};
    return l;
}

/* Decode the escapes of body[from, to) of [t] into [out]. */
static bool decode(yyscan_t scanner, const StrTok *t, size_t from, size_t to, Buf *out)
{
    const char *s = t->body;
    bool bytes = t->flags & STR_BYTES;
    if (bytes) {
        for (size_t i = from; i < to; i++) {
            if ((unsigned char)s[i] >= 0x80) {
                error_at(scanner, t->loc, "bytes can only contain ASCII literal characters");
                return false;
            }
        }
    }
    if (t->flags & STR_RAW) {
        buf_add(out, s + from, to - from);
        return true;
    }
    size_t i = from;
    while (i < to) {
        size_t j = i;
        while (j < to && s[j] != '\\')
            j++;
        buf_add(out, s + i, j - i);
        if (j >= to)
            break;
        /* s[j] == '\\'; the lexer guarantees a character follows. */
        char c = j + 1 < to ? s[j + 1] : '\\';
        i = j + 2;
        switch (c) {
        case '\n': break;
        case '\r': if (i < to && s[i] == '\n') i++; break;
        case '\\': buf_add(out, "\\", 1); break;
        case '\'': buf_add(out, "'", 1); break;
        case '"': buf_add(out, "\"", 1); break;
        case 'a': buf_add(out, "\a", 1); break;
        case 'b': buf_add(out, "\b", 1); break;
        case 'f': buf_add(out, "\f", 1); break;
        case 'n': buf_add(out, "\n", 1); break;
        case 'r': buf_add(out, "\r", 1); break;
        case 't': buf_add(out, "\t", 1); break;
        case 'v': buf_add(out, "\v", 1); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            unsigned v = (unsigned)(c - '0');
            for (int k = 0; k < 2 && i < to && s[i] >= '0' && s[i] <= '7'; k++)
                v = v * 8 + (unsigned)(s[i++] - '0');
            if (bytes) {
                char ch = (char)(v & 0xff);
                buf_add(out, &ch, 1);
            } else {
                buf_utf8(out, v);
            }
            break;
        }
        case 'x': case 'u': case 'U': {
            int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            if (bytes && c != 'x') {
                buf_add(out, s + j, 2);
                break;
            }
            unsigned long v = 0;
            int k = 0;
            for (; k < digits && i + (size_t)k < to && hexval(s[i + (size_t)k]) >= 0; k++)
                v = v * 16 + (unsigned long)hexval(s[i + (size_t)k]);
            if (k < digits) {
                size_t p0 = j - from, p1 = i + (size_t)k - from - 1;
                if (bytes)
                    error_at(scanner, t->loc, "(value error) invalid \\x escape at position %zu",
                             p0);
                else
                    error_at(scanner, t->loc,
                             "(unicode error) 'unicodeescape' codec can't decode bytes in "
                             "position %zu-%zu: truncated \\%c%s escape",
                             p0, p1, c, c == 'x' ? "XX" : c == 'u' ? "XXXX" : "XXXXXXXX");
                return false;
            }
            i += (size_t)digits;
            if (bytes) {
                char ch = (char)v;
                buf_add(out, &ch, 1);
            } else if (v > 0x10ffff) {
                error_at(scanner, t->loc,
                         "(unicode error) 'unicodeescape' codec can't decode bytes in "
                         "position %zu-%zu: illegal Unicode character",
                         j - from, i - from - 1);
                return false;
            } else {
                buf_utf8(out, (unsigned)v);
            }
            break;
        }
        case 'N': {
            if (bytes) {
                buf_add(out, s + j, 2);
                break;
            }
            size_t close = i;
            while (close < to && s[close] != '}')
                close++;
            unsigned cp;
            if (i >= to || s[i] != '{' || close >= to
                || !lookup_char_name(s + i + 1, close - i - 1, &cp)) {
                size_t last = close < to ? close : to - 1;
                error_at(scanner, t->loc,
                         "(unicode error) 'unicodeescape' codec can't decode bytes in "
                         "position %zu-%zu: %s", j - from, last - from,
                         i < to && s[i] == '{' && close < to ? "unknown Unicode character name"
                                                              : "malformed \\N character escape");
                return false;
            }
            buf_utf8(out, cp);
            i = close + 1;
            break;
        }
        default:
            /* Unknown escapes stay as written. */
            buf_add(out, s + j, 2);
            break;
        }
    }
    return true;
}

static Mod *parse_nested(AstArena *arena, const char *src, size_t len, ParseMode mode,
                         ParseError *err, int fdepth, int base_line, int base_col);

#define FSTRING_MAX_DEPTH 10

typedef struct Joined {
    Buf lit;
    AstSeq parts;
    Loc loc;
} Joined;

static void flush_literal(yyscan_t scanner, Joined *j)
{
    if (j->lit.len == 0)
        return;
    Expr *e = ast_alloc(ARENA, sizeof *e);
    e->kind = E_CONSTANT;
    e->loc = j->loc;
    e->u.constant.kind = CONST_STR;
    e->u.constant.str = ast_strdup(ARENA, j->lit.data, j->lit.len);
    e->u.constant.len = j->lit.len;
    ast_seq_push(ARENA, &j->parts, e);
    j->lit.len = 0;
}

static bool fstring_part(yyscan_t scanner, const StrTok *t, size_t *pos, bool in_spec,
                         int nest, Joined *j);

/* One {expression!conv:spec} field; body[*pos] is just after the '{'. */
static bool fstring_field(yyscan_t scanner, const StrTok *t, size_t *pos, int nest,
                          Joined *j)
{
    LexState *ls = lexer_state(scanner);
    const char *s = t->body;
    size_t n = t->len, start = *pos, i = start;
    int depth = 0;
    char quote = 0;
    bool triple = false, debug = false;
    if (nest >= 2) {
        error_at(scanner, body_loc(t, start), "f-string: expressions nested too deeply");
        return false;
    }
    for (; i < n; i++) {
        char c = s[i];
        if (quote) {
            if (c == quote && (!triple || (i + 2 < n && s[i + 1] == c && s[i + 2] == c))) {
                if (triple)
                    i += 2;
                quote = 0;
            }
            continue;
        }
        if (c == '\\') {
            error_at(scanner, body_loc(t, i),
                     "f-string expression part cannot include a backslash");
            return false;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            triple = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
            if (triple)
                i += 2;
        } else if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']' || c == '}') {
            if (depth == 0) {
                if (c == '}')
                    break;
                error_at(scanner, body_loc(t, i), "f-string: unmatched '%c'", c);
                return false;
            }
            depth--;
        } else if (depth == 0) {
            if (c == '#') {
                error_at(scanner, body_loc(t, i),
                         "f-string expression part cannot include '#'");
                return false;
            }
            if (c == '!' && !(i + 1 < n && s[i + 1] == '='))
                break;
            if (c == ':')
                break;
            if (c == '=' && !(i + 1 < n && s[i + 1] == '=') && i > start
                && !strchr("=!<>", s[i - 1])) {
                debug = true;
                break;
            }
        }
    }
    if (i >= n) {
        error_at(scanner, body_loc(t, n), "f-string: expecting '}'");
        return false;
    }
    size_t end = i;
    bool blank = true;
    for (size_t k = start; k < end; k++)
        if (!strchr(" \t\n\r\f", s[k]))
            blank = false;
    if (blank) {
        error_at(scanner, body_loc(t, end), "f-string: empty expression not allowed");
        return false;
    }
    if (debug) {
        i++;
        while (i < n && strchr(" \t\n\r\f", s[i]))
            i++;
        buf_add(&j->lit, s + start, i - start);
    }
    int conversion = 0;
    if (i < n && s[i] == '!') {
        if (i + 1 >= n || !strchr("sra", s[i + 1]) || s[i + 1] == '\0') {
            if (i + 1 < n && (s[i + 1] == '}' || s[i + 1] == ':'))
                error_at(scanner, body_loc(t, i + 1), "f-string: missing conversion character");
            else
                error_at(scanner, body_loc(t, i + 1),
                         "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            return false;
        }
        conversion = s[i + 1];
        i += 2;
    }
    Expr *spec = NULL;
    if (i < n && s[i] == ':') {
        i++;
        Joined sj = {{0}, {0}, t->loc};
        bool ok = fstring_part(scanner, t, &i, true, nest + 1, &sj);
        if (ok) {
            flush_literal(scanner, &sj);
            spec = ast_alloc(ARENA, sizeof *spec);
            spec->kind = E_JOINEDSTR;
            spec->loc = t->loc;
            spec->u.seq.elts = sj.parts;
        }
        free(sj.lit.data);
        if (!ok)
            return false;
    }
    if (i >= n || s[i] != '}') {
        error_at(scanner, body_loc(t, i), "f-string: expecting '}'");
        return false;
    }
    *pos = i + 1;

    /* Parse "(expr)" so that line breaks and leading blanks are harmless. */
    size_t elen = end - start;
    char *text = malloc(elen + 3);
    if (!text)
        abort();
    text[0] = '(';
    memcpy(text + 1, s + start, elen);
    text[elen + 1] = ')';
    text[elen + 2] = '\0';
    Loc at = body_pos(t, start);
    Mod *m = parse_nested(ls->arena, text, elen + 2, PARSE_EVAL, ls->err, ls->fdepth + 1,
                          at.line, at.col - 1);
    free(text);
    if (!m) {
        ParseError *err = ls->err;
        if (strncmp(err->msg, "f-string", 8) != 0) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "f-string: %.240s", err->msg);
            memcpy(err->msg, msg, sizeof msg);
        }
        return false;
    }
    Stmt *st = m->body.items[0];
    if (debug && !conversion && !spec)
        conversion = 'r';
    flush_literal(scanner, j);
    Expr *f = ast_alloc(ARENA, sizeof *f);
    f->kind = E_FORMATTED;
    f->loc = j->loc; /* CPython 3.11 gives every part the whole literal's span */
    f->u.formatted.value = st->u.value.value;
    f->u.formatted.conversion = conversion;
    f->u.formatted.format_spec = spec;
    ast_seq_push(ARENA, &j->parts, f);
    return true;
}

/* The literal text and fields of an f-string body from body[*pos]; in a
 * format spec, up to (not including) the closing '}'. */
static bool fstring_part(yyscan_t scanner, const StrTok *t, size_t *pos, bool in_spec,
                         int nest, Joined *j)
{
    const char *s = t->body;
    size_t n = t->len, i = *pos;
    while (i < n) {
        char c = s[i];
        if (c == '{') {
            if (!in_spec && i + 1 < n && s[i + 1] == '{') {
                buf_add(&j->lit, "{", 1);
                i += 2;
                continue;
            }
            i++;
            if (!fstring_field(scanner, t, &i, nest, j))
                return false;
            continue;
        }
        if (c == '}') {
            if (in_spec)
                break;
            if (i + 1 < n && s[i + 1] == '}') {
                buf_add(&j->lit, "}", 1);
                i += 2;
                continue;
            }
            error_at(scanner, body_loc(t, i), "f-string: single '}' is not allowed");
            return false;
        }
        size_t k = i;
        while (k < n && s[k] != '{' && s[k] != '}') {
            if (s[k] == '\\' && !(t->flags & STR_RAW) && k + 1 < n) {
                /* \N{NAME} keeps its braces */
                if (s[k + 1] == 'N' && k + 2 < n && s[k + 2] == '{') {
                    while (k < n && s[k] != '}')
                        k++;
                    if (k < n)
                        k++;
                    continue;
                }
                /* a backslash does not escape a brace */
                if (s[k + 1] != '{' && s[k + 1] != '}')
                    k++;
            }
            k++;
        }
        if (k > n)
            k = n;
        if (!decode(scanner, t, i, k, &j->lit))
            return false;
        i = k;
    }
    *pos = i;
    return true;
}

static Expr *make_strings(yyscan_t scanner, AstSeq toks, YYLTYPE loc)
{
    bool any_f = false, any_bytes = false, any_str = false;
    for (int i = 0; i < toks.len; i++) {
        StrTok *t = toks.items[i];
        any_f |= (t->flags & STR_F) != 0;
        if (t->flags & STR_BYTES)
            any_bytes = true;
        else
            any_str = true;
    }
    if (any_bytes && any_str) {
        Loc at = {loc.last_line, loc.last_column, loc.last_line, loc.last_column + 1};
        error_at(scanner, at, "cannot mix bytes and nonbytes literals");
        return NULL;
    }
    Joined j = {{0}, {0}, L(loc)};
    bool ok = true;
    for (int i = 0; ok && i < toks.len; i++) {
        StrTok *t = toks.items[i];
        if (t->flags & STR_F) {
            size_t pos = 0;
            ok = fstring_part(scanner, t, &pos, false, 0, &j);
        } else {
            ok = decode(scanner, t, 0, t->len, &j.lit);
        }
    }
    if (!ok) {
        free(j.lit.data);
        return NULL;
    }
    Expr *e = new_expr(scanner, E_CONSTANT, loc);
    if (any_f) {
        flush_literal(scanner, &j);
        e->kind = E_JOINEDSTR;
        e->u.seq.elts = j.parts;
    } else {
        e->u.constant.kind = any_bytes ? CONST_BYTES : CONST_STR;
        e->u.constant.str = ast_strdup(ARENA, j.lit.data ? j.lit.data : "", j.lit.len);
        e->u.constant.len = j.lit.len;
    }
    free(j.lit.data);
    return e;
}

/* -- entry points ------------------------------------------------------ */

/* After a syntax error found by the parser, CPython tokenizes the rest of
 * the source, and an error of the tokenizer's own (a bracket never closed,
 * an unterminated string...) replaces the parser's: `x = [1, 2` followed
 * by more lines is reported as "'[' was never closed". */
static void check_rest(yyscan_t scanner, LexState *ls, ParseError *err)
{
    ParseError saved = *err;
    int error_line = ls->last_loc.line; /* of the token the parser stopped at */
    err->kind = PERR_NONE;
    ls->draining = true;
    YYSTYPE val;
    YYLTYPE loc;
    int t;
    do
        t = yylex(&val, &loc, scanner);
    while (t != 0 && t != TOK_LEXERROR);
    /* A bracket left open only counts when the error came after the line
     * that opened it. */
    bool unclosed = ls->nparen > 0 && strstr(err->msg, "was never closed");
    if (err->kind == PERR_NONE || (unclosed && error_line <= err->line))
        *err = saved;
    err->incomplete = false;
}

static Mod *parse_nested(AstArena *arena, const char *src, size_t len, ParseMode mode,
                         ParseError *err, int fdepth, int base_line, int base_col)
{
    if (fdepth > FSTRING_MAX_DEPTH) {
        if (err->kind == PERR_NONE) {
            err->kind = PERR_SYNTAX;
            snprintf(err->msg, sizeof err->msg, "f-string: expressions nested too deeply");
            err->line = base_line;
            err->col = base_col + 1;
            err->end_col = base_col + 2;
        }
        return NULL;
    }
    LexState *ls = calloc(1, sizeof *ls);
    if (!ls)
        abort();
    ls->arena = arena;
    ls->mode = mode;
    ls->err = err;
    ls->src = src;
    ls->srclen = len;
    ls->fdepth = fdepth;
    ls->base_line = base_line;
    ls->base_col = base_col;
    yyscan_t scanner = lexer_new(ls);
    if (!scanner)
        abort();
    Mod *mod = ast_alloc(arena, sizeof *mod);
    mod->mode = mode;
    int r = yyparse(scanner, mod);
    if (r != 0 && !ls->failed && err->kind != PERR_NONE)
        check_rest(scanner, ls, err);
    for (int i = 0; r == 0 && i < ls->as_items.len; i++) {
        Expr *e = ls->as_items.items[i];
        if (e && err->kind == PERR_NONE) {
            /* `as` inside brackets that did not turn out to be a with-item */
            err->kind = PERR_SYNTAX;
            snprintf(err->msg, sizeof err->msg, "invalid syntax");
            err->line = e->u.named.value->loc.end_line;
            err->col = e->u.named.value->loc.end_col + 1;
            err->end_col = err->col + 2;
        }
    }
    lexer_free(scanner);
    free(ls);
    if (r != 0 || err->kind != PERR_NONE) {
        if (err->kind == PERR_NONE) {
            err->kind = PERR_SYNTAX;
            snprintf(err->msg, sizeof err->msg, "invalid syntax");
            err->line = base_line ? base_line : 1;
            err->col = 0;
            err->end_col = 1;
        }
        return NULL;
    }
    return mod;
}

/* The first byte that is not valid UTF-8, with CPython's reason. */
static bool check_utf8(const unsigned char *s, size_t len, size_t *bad, const char **why)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t need;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            cp = c & 0x07;
        } else {
            *bad = i;
            *why = "invalid start byte";
            return false;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len) {
                *bad = i;
                *why = "unexpected end of data";
                return false;
            }
            if ((s[i + k] & 0xc0) != 0x80) {
                *bad = i;
                *why = "invalid continuation byte";
                return false;
            }
            cp = cp << 6 | (s[i + k] & 0x3fu);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
            || (need == 3 && (cp < 0x10000 || cp > 0x10ffff))) {
            *bad = i;
            *why = "invalid continuation byte";
            return false;
        }
        i += need + 1;
    }
    return true;
}

static void error_at_offset(const char *src, size_t ofs, ParseError *err)
{
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < ofs; i++) {
        if (src[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    }
    err->kind = PERR_SYNTAX;
    err->line = line;
    err->col = (int)(ofs - line_start);
    err->end_col = err->col + 1;
}

Mod *parse_source(AstArena *arena, const char *src, size_t len, ParseMode mode,
                  ParseError *err)
{
    memset(err, 0, sizeof *err);
    const char *nul = memchr(src, '\0', len);
    if (nul) {
        error_at_offset(src, (size_t)(nul - src), err);
        snprintf(err->msg, sizeof err->msg, "source code cannot contain null bytes");
        return NULL;
    }
    size_t bad;
    const char *why;
    if (!check_utf8((const unsigned char *)src, len, &bad, &why)) {
        error_at_offset(src, bad, err);
        snprintf(err->msg, sizeof err->msg,
                 "(unicode error) 'utf-8' codec can't decode byte 0x%02x in position %zu: %s",
                 (unsigned char)src[bad], bad, why);
        return NULL;
    }
    if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
        /* A byte order mark is not part of the first line. */
        src += 3;
        len -= 3;
    }
    return parse_nested(arena, src, len, mode, err, 0, 0, 0);
}

/* lexer.h - the scanner's state and the few entry points the parser uses,
 * so that nobody but grammar/lexer.l has to include Flex's own header. */
#ifndef MPY_LEXER_H
#define MPY_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "parse.h"

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/* Limits that turn deep nesting into a SyntaxError instead of a crash. */
#define LEXER_MAX_INDENT 100
#define LEXER_MAX_PAREN 200

/* String literal flags, as the prefix spells them. */
enum { STR_BYTES = 1, STR_RAW = 2, STR_F = 4 };

/* One string literal token: the parser concatenates adjacent ones and
 * decodes them (escapes, f-string fields). */
typedef struct StrTok {
    unsigned flags;
    const char *body; /* between the quotes, undecoded, arena-owned */
    size_t len;
    int line, col;    /* where [body] starts in the real source */
    Loc loc;          /* the whole literal, prefix and quotes included */
} StrTok;

/* Everything the scanner knows; it is Flex's yyextra.  The parser also
 * reads the per-line bookkeeping (last_tok, line_first, nparen...) to word
 * its error messages, and keeps its `as` items here. */
typedef struct LexState {
    AstArena *arena;
    ParseMode mode;
    ParseError *err;
    const char *src;
    size_t srclen;
    int fdepth;          /* f-string nesting of this parse (0 = top) */

    /* Where the next byte to scan is. */
    size_t pos;
    int line;
    size_t line_start;   /* offset of the current line's first byte */
    /* Added to every location: the place of an f-string expression in the
     * real source (its text is parsed as "(expr)"). */
    int base_line, base_col;

    /* Indentation: columns with tabs to 8 and with tabs to 1. */
    int indents[LEXER_MAX_INDENT + 1];
    int alt_indents[LEXER_MAX_INDENT + 1];
    int nindent;
    int pending;         /* > 0: INDENTs to emit, < 0: DEDENTs */

    /* Open brackets: the character and where it is. */
    char parens[LEXER_MAX_PAREN + 1];
    int paren_line[LEXER_MAX_PAREN + 1], paren_col[LEXER_MAX_PAREN + 1];
    int nparen;

    bool started;        /* the mode token has been returned */
    bool done;           /* input over (EOF, or a blank line in the REPL) */
    bool blank_ended;    /* PARSE_SINGLE: an empty line ended the input */
    bool continued;      /* the last thing scanned was a backslash-newline */
    Loc cont_loc;        /* ... whose line end is here */
    int comment_line, comment_col; /* where the latest comment started */
    int open_lambdas;    /* `lambda`s on this line still waiting for their ':' */
    bool failed;         /* the scanner reported an error */
    bool draining;       /* scanning the rest after a syntax error (parser) */
    bool saw_compound;   /* PARSE_SINGLE: the input opens with a compound statement */
    int last_tok;        /* the latest token returned, 0 at the start */
    Loc last_loc;
    int prev_tok;        /* and the one before it */
    Loc prev_loc;
    int line_ntok;       /* tokens so far on this logical line */
    int line_first;      /* the logical line's first token ... */
    int line_second;     /* ... and its second (for `async def`) */
    Loc line_second_loc;
    int line_first_line;
    bool expect_indent;  /* the previous logical line ended with ':' */
    int opener_tok, opener_tok2, opener_line; /* that line's keywords */
    Loc newline_loc;     /* where that line's NEWLINE was */
    AstSeq as_items;     /* `x as y` parsed inside brackets (parser) */
} LexState;

/* Create a scanner over [ls->src, ls->srclen] (already checked for NUL
 * bytes and bad UTF-8).  NULL when out of memory. */
yyscan_t lexer_new(LexState *ls);
void lexer_free(yyscan_t scanner);
LexState *lexer_state(yyscan_t scanner);

/* Record the first error of the parse (later ones are ignored). */
void lexer_error(LexState *ls, ParseErrorKind kind, int line, int col,
                 int end_col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif

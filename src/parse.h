/* parse.h - source text to AST: the reentrant Flex scanner and the pure
 * Bison parser behind one call. */
#ifndef MPY_PARSE_H
#define MPY_PARSE_H

#include "ast.h"

typedef enum ParseErrorKind {
    PERR_NONE,
    PERR_SYNTAX,      /* SyntaxError */
    PERR_INDENT,      /* IndentationError */
    PERR_TAB,         /* TabError */
} ParseErrorKind;

typedef struct ParseError {
    ParseErrorKind kind;
    char msg[256];  /* CPython's wording where it has one: "invalid syntax",
                       "expected ':'", "unexpected indent", "unindent does
                       not match any outer indentation level", "expected an
                       indented block after 'if' statement on line 3",
                       "inconsistent use of tabs and spaces in indentation",
                       "unterminated string literal (detected at line 1)",
                       "'(' was never closed", "too many nested parentheses" */
    int line;       /* 1-based */
    int col;        /* 0-based byte column of the error */
    int end_col;    /* exclusive, >= col + 1 */
    bool incomplete; /* the input ended inside a block, bracket or string:
                        in PARSE_SINGLE mode the REPL asks for more */
} ParseError;

/* Parse [len] bytes of [src].  Returns the module, or NULL with [err]
 * filled in.  The tree lives in [arena].  Source that contains a NUL byte
 * or invalid UTF-8 is a SyntaxError. */
Mod *parse_source(AstArena *arena, const char *src, size_t len,
                  ParseMode mode, ParseError *err);

#endif

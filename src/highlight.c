/* highlight.c - colour for source code shown on a terminal.
 *
 * A lecture shows each cell before running it; on a terminal the code is
 * easier to follow with its keywords, strings, numbers and comments in
 * colour.  This is not the language's lexer (grammar/lexer.l builds
 * tokens for the parser, with INDENT and DEDENT, and stops at errors): it
 * is a small forgiving scanner that only has to find where the coloured
 * runs begin and end, on code that may even be wrong.
 *
 * The scan goes left to right, one token at a time:
 *   - '#' starts a comment up to the end of its line;
 *   - a quote, or a prefix of at most two letters from "rbuf" (any case)
 *     right before one, starts a string; three equal quotes start a
 *     triple-quoted string that may run over lines; a backslash skips the
 *     character after it (so \" does not end the string, raw or not); a
 *     one-quote string also ends at the end of its line, as the lexer
 *     would complain there;
 *   - a digit, or a '.' before one, starts a number: digits, letters
 *     (0x1F, 1e5, 2j), '_', '.', and a sign right after the exponent's
 *     'e' of a decimal number;
 *   - a word is a keyword when it is in the list below (True, False and
 *     None included); other words and every other character are copied.
 * The invariant for the output: every escape opened is closed before the
 * next newline and at the end, so a line never leaks colour into the
 * next one, and the text without the escapes is exactly the input.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "highlight.h"
#include "term.h"

#define KEYWORD_COLOUR TERM_BOLD TERM_MAGENTA
#define STRING_COLOUR TERM_GREEN
#define NUMBER_COLOUR TERM_CYAN
#define COMMENT_COLOUR TERM_DIM

static const char *const keywords[] = {
    "False",  "None",   "True",    "and",      "as",       "assert", "async",
    "await",  "break",  "class",   "continue", "def",      "del",    "elif",
    "else",   "except", "finally", "for",      "from",     "global", "if",
    "import", "in",     "is",      "lambda",   "nonlocal", "not",    "or",
    "pass",   "raise",  "return",  "try",      "while",    "with",   "yield",
};

static bool is_keyword(const char *word, size_t len)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i]) == len && memcmp(keywords[i], word, len) == 0)
            return true;
    return false;
}

static bool is_word_start(char c)
{
    return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

static bool is_word_char(char c)
{
    return is_word_start(c) || isdigit((unsigned char)c);
}

/* Append [text] in [colour], closing the colour before each newline. */
static void emit(StrBuf *out, const char *colour, const char *text, size_t len)
{
    while (len > 0) {
        const char *nl = memchr(text, '\n', len);
        size_t run = nl ? (size_t)(nl - text) : len;
        if (run > 0) {
            sb_puts(out, colour);
            sb_append(out, text, run);
            sb_puts(out, TERM_RESET);
        }
        if (!nl)
            break;
        sb_putc(out, '\n');
        text += run + 1;
        len -= run + 1;
    }
}

/* Is [src]+[i] a string prefix (at most two of r, b, u, f) right before
 * a quote?  Then its length, else 0. */
static size_t string_prefix(const char *src, size_t len, size_t i)
{
    size_t n = 0;
    while (n < 2 && i + n < len && strchr("rRbBuUfF", src[i + n]) &&
           src[i + n] != '\0')
        n++;
    if (n > 0 && i + n < len && (src[i + n] == '\'' || src[i + n] == '"'))
        return n;
    return 0;
}

/* The end of the string whose opening quote is at [i]. */
static size_t string_end(const char *src, size_t len, size_t i)
{
    char q = src[i];
    bool triple = i + 2 < len && src[i + 1] == q && src[i + 2] == q;
    size_t j = i + (triple ? 3 : 1);
    while (j < len) {
        if (src[j] == '\\') {
            j += 2;
            continue;
        }
        if (src[j] == '\n' && !triple)
            return j;
        if (src[j] == q) {
            if (!triple)
                return j + 1;
            if (j + 2 < len && src[j + 1] == q && src[j + 2] == q)
                return j + 3;
        }
        j++;
    }
    return len;
}

/* The end of the number that starts at [i]. */
static size_t number_end(const char *src, size_t len, size_t i)
{
    bool based = src[i] == '0' && i + 1 < len && strchr("xXoObB", src[i + 1]) &&
                 src[i + 1] != '\0';
    size_t j = i;
    while (j < len) {
        char c = src[j];
        if (isalnum((unsigned char)c) || c == '_' || c == '.') {
            j++;
        } else if ((c == '+' || c == '-') && !based && j > i &&
                   (src[j - 1] == 'e' || src[j - 1] == 'E')) {
            j++;
        } else {
            break;
        }
    }
    return j;
}

void highlight_code(const char *src, size_t len, StrBuf *out)
{
    size_t i = 0;
    while (i < len) {
        char c = src[i];
        size_t end;
        if (c == '#') {
            const char *nl = memchr(src + i, '\n', len - i);
            end = nl ? (size_t)(nl - src) : len;
            emit(out, COMMENT_COLOUR, src + i, end - i);
        } else if (c == '\'' || c == '"') {
            end = string_end(src, len, i);
            emit(out, STRING_COLOUR, src + i, end - i);
        } else if (is_word_start(c)) {
            size_t prefix = string_prefix(src, len, i);
            if (prefix > 0) {
                end = string_end(src, len, i + prefix);
                emit(out, STRING_COLOUR, src + i, end - i);
            } else {
                for (end = i + 1; end < len && is_word_char(src[end]); end++)
                    ;
                if (is_keyword(src + i, end - i))
                    emit(out, KEYWORD_COLOUR, src + i, end - i);
                else
                    sb_append(out, src + i, end - i);
            }
        } else if (isdigit((unsigned char)c) ||
                   (c == '.' && i + 1 < len &&
                    isdigit((unsigned char)src[i + 1]))) {
            end = number_end(src, len, i);
            emit(out, NUMBER_COLOUR, src + i, end - i);
        } else {
            end = i + 1;
            sb_putc(out, c);
        }
        i = end;
    }
}

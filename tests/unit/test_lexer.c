/* test_lexer.c - the token stream of grammar/lexer.l: indentation, line
 * joining, literals and the scanner's own error messages. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "check_main.h"
#include "lexer.h"
#include "parse.h"
#include "parser.h"

/* The tokens of [src] as one line of text: names and operators as
 * written, NUMBER/STRING as N/S, NEWLINE/INDENT/DEDENT as NL/IN/DE, and a
 * final "ERR:<message>@line:col" if the scanner reported an error. */
static char out[16384];

static const char *scan(const char *src, ParseMode mode)
{
    AstArena *arena = ast_arena_new();
    ParseError err;
    memset(&err, 0, sizeof err);
    LexState ls;
    memset(&ls, 0, sizeof ls);
    ls.arena = arena;
    ls.mode = mode;
    ls.err = &err;
    ls.src = src;
    ls.srclen = strlen(src);
    yyscan_t scanner = lexer_new(&ls);
    YYSTYPE val;
    YYLTYPE loc;
    size_t n = 0;
    out[0] = '\0';
    for (int guard = 0; guard < 5000; guard++) {
        int t = yylex(&val, &loc, scanner);
        if (t == 0)
            break;
        char word[64];
        switch (t) {
        case TOK_START_FILE: case TOK_START_SINGLE: case TOK_START_EVAL:
            continue;
        case TOK_NAME: snprintf(word, sizeof word, "%s", val.name); break;
        case TOK_NUMBER: snprintf(word, sizeof word, "N"); break;
        case TOK_STRING: snprintf(word, sizeof word, "S"); break;
        case TOK_NEWLINE: snprintf(word, sizeof word, "NL"); break;
        case TOK_INDENT: snprintf(word, sizeof word, "IN"); break;
        case TOK_DEDENT: snprintf(word, sizeof word, "DE"); break;
        case TOK_IF: snprintf(word, sizeof word, "if"); break;
        case TOK_ELSE: snprintf(word, sizeof word, "else"); break;
        case TOK_DEF: snprintf(word, sizeof word, "def"); break;
        case TOK_PASS: snprintf(word, sizeof word, "pass"); break;
        case TOK_POW: snprintf(word, sizeof word, "**"); break;
        case TOK_FLOORDIVEQ: snprintf(word, sizeof word, "//="); break;
        case TOK_ELLIPSIS: snprintf(word, sizeof word, "..."); break;
        case TOK_ARROW: snprintf(word, sizeof word, "->"); break;
        case TOK_NE: snprintf(word, sizeof word, "!="); break;
        case TOK_COLONEQ: snprintf(word, sizeof word, ":="); break;
        case TOK_LEXERROR:
            snprintf(word, sizeof word, "ERR");
            break;
        default:
            if (t < 128)
                snprintf(word, sizeof word, "%c", t);
            else
                snprintf(word, sizeof word, "T%d", t);
        }
        if (n + sizeof word + 2 < sizeof out)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? " " : "", word);
        if (t == TOK_LEXERROR)
            break;
    }
    if (err.kind != PERR_NONE)
        n += (size_t)snprintf(out + n, sizeof out - n, ":%s%s@%d:%d", err.msg,
                              err.incomplete ? "(incomplete)" : "", err.line, err.col);
    lexer_free(scanner);
    ast_arena_free(arena);
    return out;
}

#define TOKENS(src, expected) ck_assert_str_eq(scan(src, PARSE_FILE), expected)

START_TEST(indent_and_dedent_become_tokens)
{
    TOKENS("if x:\n    y\nz\n", "if x : NL IN y NL DE z NL");
    TOKENS("if a:\n  if b:\n    c\nd\n", "if a : NL IN if b : NL IN c NL DE DE d NL");
}
END_TEST

START_TEST(eof_closes_every_block_and_adds_newline)
{
    TOKENS("if a:\n  if b:\n    c", "if a : NL IN if b : NL IN c NL DE DE");
    TOKENS("x", "x NL");
    TOKENS("", "");
}
END_TEST

START_TEST(blank_and_comment_lines_are_ignored)
{
    TOKENS("if x:\n\n    \n        # odd comment\n    y\n# c\n\nz\n",
           "if x : NL IN y NL DE z NL");
    TOKENS("x  # trailing\n", "x NL");
    TOKENS("x\n   ", "x NL");
    TOKENS("x\n# last", "x NL");
}
END_TEST

START_TEST(tabs_advance_to_multiples_of_eight)
{
    TOKENS("if x:\n\ty\n\tz\n", "if x : NL IN y NL z NL DE");
    TOKENS("if x:\n\tif y:\n\t\tz\n\tw\n", "if x : NL IN if y : NL IN z NL DE w NL DE");
    TOKENS("if x:\n  \ty\n\tz\n",
           "if x : NL IN y NL ERR:inconsistent use of tabs and spaces in indentation@3:0");
}
END_TEST

START_TEST(mixed_tabs_and_spaces_is_a_tab_error)
{
    TOKENS("if x:\n\ty\n        z\n",
           "if x : NL IN y NL ERR:inconsistent use of tabs and spaces in indentation@3:0");
}
END_TEST

START_TEST(dedent_to_unknown_level_is_an_error)
{
    TOKENS("if x:\n    a\n  b\n",
           "if x : NL IN a NL ERR:unindent does not match any outer indentation level@3:3");
}
END_TEST

START_TEST(indent_without_colon_is_unexpected)
{
    TOKENS("x = 1\n    y = 2\n", "x = N NL ERR:unexpected indent@2:3");
    TOKENS("  x\n", "ERR:unexpected indent@1:1");
}
END_TEST

START_TEST(missing_block_names_the_statement)
{
    TOKENS("if x:\ny\n",
           "if x : NL ERR:expected an indented block after 'if' statement on line 1@2:0");
    TOKENS("def f():\n",
           "def f ( ) : NL ERR:expected an indented block after function definition on line 1@1:8");
}
END_TEST

START_TEST(backslash_joins_lines)
{
    TOKENS("x = 1 + \\\n  2\n", "x = N + N NL");
    TOKENS("x = 1 + \\\n", "x = N + ERR:unexpected EOF while parsing@1:9");
}
END_TEST

START_TEST(brackets_hide_newlines_and_indentation)
{
    TOKENS("x = (1,\n        2,\n  3)\ny\n", "x = ( N , N , N ) NL y NL");
    TOKENS("d = {\n\n  'a': [\n1]}\n", "d = { S : [ N ] } NL");
}
END_TEST

START_TEST(bracket_errors_use_cpython_messages)
{
    TOKENS("x = (1,\n", "x = ( N , ERR:'(' was never closed@1:4");
    TOKENS("x = )\n", "x = ERR:unmatched ')'@1:4");
    TOKENS("x = (]\n", "x = ( ERR:closing parenthesis ']' does not match opening parenthesis '('@1:5");
    TOKENS("x = (\n]\n",
           "x = ( ERR:closing parenthesis ']' does not match opening parenthesis '(' on line 1@2:0");
}
END_TEST

START_TEST(operators_take_the_longest_match)
{
    TOKENS("a //= b ** c != d -> e := ...", "a //= b ** c != d -> e := ... NL");
}
END_TEST

START_TEST(every_string_form_is_one_token)
{
    TOKENS("'a' \"b\" '''c\nd''' \"\"\"e\"\"\" r'\\d' b'x' rb'y' BR'z' f'{a}' Rf'{b}' u'w'",
           "S S S S S S S S S S S NL");
    TOKENS("'it\\'s' \"q\\\"\"", "S S NL");
}
END_TEST

START_TEST(unterminated_strings_report_the_line)
{
    TOKENS("x = 'abc\n", "x = ERR:unterminated string literal (detected at line 1)@1:4");
    TOKENS("x = \"\"\"abc\n\ny\n",
           "x = ERR:unterminated triple-quoted string literal (detected at line 3)@1:4");
}
END_TEST

START_TEST(numbers_in_every_base)
{
    TOKENS("1 1_000 0x_ff 0o17 0b1010 1.5 .5 1. 1e10 1_0.0_1e-3 3j 1.5J 00",
           "N N N N N N N N N N N N N NL");
}
END_TEST

START_TEST(bad_numbers_use_cpython_messages)
{
    TOKENS("1a", "ERR:invalid decimal literal@1:0");
    TOKENS("1_", "ERR:invalid decimal literal@1:1");
    TOKENS("0777", "ERR:leading zeros in decimal integer literals are not permitted; "
                   "use an 0o prefix for octal integers@1:0");
    TOKENS("0b102", "ERR:invalid digit '2' in binary literal@1:4");
    TOKENS("0x", "ERR:invalid hexadecimal literal@1:1");
}
END_TEST

START_TEST(non_ascii_identifiers_are_names)
{
    TOKENS("\xc3\xa9t\xc3\xa9 = 1", "\xc3\xa9t\xc3\xa9 = N NL");
    TOKENS("x = \xe2\x80\x94", "x = ERR:invalid character '\xe2\x80\x94' (U+2014)@1:4");
}
END_TEST

START_TEST(single_mode_blank_line_ends_input)
{
    ck_assert_str_eq(scan("if x:\n  y\n\nz\n", PARSE_SINGLE), "if x : NL IN y NL DE");
    ck_assert_str_eq(scan("if x:\n  y\n", PARSE_SINGLE),
                     "if x : NL IN y NL ERR:unexpected EOF while parsing(incomplete)@3:0");
    ck_assert_str_eq(scan("(1,\n", PARSE_SINGLE),
                     "( N , ERR:'(' was never closed(incomplete)@1:0");
    ck_assert_str_eq(scan("'''a\n", PARSE_SINGLE),
                     "ERR:unterminated triple-quoted string literal (detected at line 1)"
                     "(incomplete)@1:0");
}
END_TEST

START_TEST(nesting_limits_are_errors)
{
    char src[1000];
    memset(src, '(', 201);
    src[201] = '\0';
    ck_assert_ptr_nonnull(strstr(scan(src, PARSE_FILE), "ERR:too many nested parentheses@1:200"));

    static char deep[20000];
    size_t n = 0;
    for (int i = 0; i <= 101; i++) {
        memset(deep + n, ' ', (size_t)i);
        n += (size_t)i;
        memcpy(deep + n, "if x:\n", 6);
        n += 6;
    }
    deep[n] = '\0';
    ck_assert_ptr_nonnull(strstr(scan(deep, PARSE_FILE), "ERR:too many levels of indentation"));
}
END_TEST

static Suite *lexer_suite(void)
{
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("tokens");
    tcase_add_test(tc, indent_and_dedent_become_tokens);
    tcase_add_test(tc, eof_closes_every_block_and_adds_newline);
    tcase_add_test(tc, blank_and_comment_lines_are_ignored);
    tcase_add_test(tc, tabs_advance_to_multiples_of_eight);
    tcase_add_test(tc, mixed_tabs_and_spaces_is_a_tab_error);
    tcase_add_test(tc, dedent_to_unknown_level_is_an_error);
    tcase_add_test(tc, indent_without_colon_is_unexpected);
    tcase_add_test(tc, missing_block_names_the_statement);
    tcase_add_test(tc, backslash_joins_lines);
    tcase_add_test(tc, brackets_hide_newlines_and_indentation);
    tcase_add_test(tc, bracket_errors_use_cpython_messages);
    tcase_add_test(tc, operators_take_the_longest_match);
    tcase_add_test(tc, every_string_form_is_one_token);
    tcase_add_test(tc, unterminated_strings_report_the_line);
    tcase_add_test(tc, numbers_in_every_base);
    tcase_add_test(tc, bad_numbers_use_cpython_messages);
    tcase_add_test(tc, non_ascii_identifiers_are_names);
    tcase_add_test(tc, single_mode_blank_line_ends_input);
    tcase_add_test(tc, nesting_limits_are_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main_run(lexer_suite());
}

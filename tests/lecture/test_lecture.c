/* test_lecture.c - the pure parts of lecture mode: splitting a file into
 * cells (markers, titles, the preamble rule, line numbers), recognising
 * "# :COMMAND" lines, and the highlighter's promise that removing its
 * escapes gives back the text and that no colour runs over a newline. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "highlight.h"
#include "lecture.h"
#include "strbuf.h"

static LectureCell *split(const char *src, size_t *n)
{
    return lecture_split(src, strlen(src), n);
}

static bool title_is(const char *src, const LectureCell *c, const char *want)
{
    return c->title_len == strlen(want) &&
           memcmp(src + c->title, want, c->title_len) == 0;
}

START_TEST(markers_titles_and_lines)
{
    const char *src = "import x\n"         /* 1: preamble with code */
                      "# %% The race \r\n" /* 2 */
                      "a = 1\n"            /* 3 */
                      "  # %%\n"           /* 4: indented, no title */
                      "b = 2\n";           /* 5 */
    size_t n;
    LectureCell *cells = split(src, &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(cells[0].title_len, 0);
    ck_assert_int_eq(cells[0].first_line, 1);
    ck_assert(strncmp(src + cells[0].start, "import x\n",
                      cells[0].end - cells[0].start) == 0);
    ck_assert(title_is(src, &cells[1], "The race"));
    ck_assert_int_eq(cells[1].first_line, 3);
    ck_assert(strncmp(src + cells[1].start, "a = 1\n",
                      cells[1].end - cells[1].start) == 0);
    ck_assert_uint_eq(cells[2].title_len, 0);
    ck_assert_int_eq(cells[2].first_line, 5);
    ck_assert_uint_eq(cells[2].end, strlen(src));
    free(cells);
}
END_TEST

START_TEST(preamble_of_comments_is_not_a_cell)
{
    const char *src = "# a header\n\n# %% One\nprint(1)\n";
    size_t n;
    LectureCell *cells = split(src, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert(title_is(src, &cells[0], "One"));
    free(cells);
    /* ... but a command in it is something to run */
    src = "# :gil deterministic\n# %% One\nprint(1)\n";
    cells = split(src, &n);
    ck_assert_uint_eq(n, 2);
    free(cells);
}
END_TEST

START_TEST(no_marker_and_empty)
{
    size_t n;
    LectureCell *cells = split("x = 1\nprint(x)", &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(cells[0].end, strlen("x = 1\nprint(x)"));
    free(cells);
    ck_assert_ptr_null(split("", &n));
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(split("# only a comment\n\n", &n));
    ck_assert_uint_eq(n, 0);
    /* a marker on the last line, without newline: an empty last cell */
    cells = split("# %% A\nx = 1\n# %% B", &n);
    ck_assert_uint_eq(n, 2);
    ck_assert(title_is("# %% A\nx = 1\n# %% B", &cells[1], "B"));
    ck_assert_uint_eq(cells[1].start, cells[1].end);
    free(cells);
}
END_TEST

START_TEST(command_lines)
{
    const char *cmd;
    size_t len;
    ck_assert(lecture_command_line("# :gil deterministic \r", 22, &cmd, &len));
    ck_assert_uint_eq(len, strlen(":gil deterministic"));
    ck_assert(strncmp(cmd, ":gil deterministic", len) == 0);
    ck_assert(lecture_command_line("    #:seed 3", 12, &cmd, &len));
    ck_assert(strncmp(cmd, ":seed 3", len) == 0 && len == 7);
    ck_assert(!lecture_command_line("# : not a command", 17, &cmd, &len));
    ck_assert(!lecture_command_line("# plain comment", 15, &cmd, &len));
    ck_assert(!lecture_command_line("x = 1  # :gil", 13, &cmd, &len));
    ck_assert(!lecture_command_line("#:", 2, &cmd, &len));
}
END_TEST

/* [s] without its escape sequences (ESC [ ... m). */
static char *strip(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    while (*s) {
        if (*s == '\033') {
            while (*s && *s != 'm')
                s++;
            if (*s)
                s++;
            continue;
        }
        *o++ = *s++;
    }
    *o = '\0';
    return out;
}

START_TEST(highlight_keeps_the_text)
{
    const char *src = "def f(n=0x1F, s='it\\'s'):  # note\n"
                      "    t = \"\"\"two\nlines\"\"\" + rb'raw' + f\"{n}\"\n"
                      "    return 1e-3 + .5j if not n else None\n"
                      "unterminated = 'oops\n";
    StrBuf out;
    sb_init(&out);
    highlight_code(src, strlen(src), &out);
    sb_putc(&out, '\0');
    char *plain = strip(out.data);
    ck_assert_str_eq(plain, src);
    free(plain);
    /* no colour is open at a newline */
    bool open = false;
    for (const char *p = out.data; *p; p++) {
        if (strncmp(p, "\033[0m", 4) == 0)
            open = false;
        else if (*p == '\033')
            open = true;
        else if (*p == '\n')
            ck_assert(!open);
    }
    ck_assert_ptr_nonnull(strstr(out.data, "\033[1m\033[35mdef\033[0m"));
    ck_assert_ptr_nonnull(strstr(out.data, "\033[36m0x1F\033[0m"));
    ck_assert_ptr_nonnull(strstr(out.data, "\033[32m'it\\'s'\033[0m"));
    ck_assert_ptr_nonnull(strstr(out.data, "\033[32m\"\"\"two\033[0m\n"
                                           "\033[32mlines\"\"\"\033[0m"));
    ck_assert_ptr_nonnull(strstr(out.data, "\033[32mrb'raw'\033[0m"));
    ck_assert_ptr_nonnull(strstr(out.data, "\033[36m1e-3\033[0m"));
    ck_assert_ptr_nonnull(strstr(out.data, "\033[36m.5j\033[0m"));
    ck_assert_ptr_nonnull(strstr(out.data, "\033[2m# note\033[0m"));
    ck_assert_ptr_nonnull(strstr(out.data, "\033[1m\033[35mNone\033[0m"));
    ck_assert_ptr_null(strstr(out.data, "\033[35mn\033[0m"));
    sb_free(&out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lecture");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, markers_titles_and_lines);
    tcase_add_test(tc, preamble_of_comments_is_not_a_cell);
    tcase_add_test(tc, no_marker_and_empty);
    tcase_add_test(tc, command_lines);
    tcase_add_test(tc, highlight_keeps_the_text);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

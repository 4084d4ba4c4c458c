/* test_complete.c - what Tab offers: colon commands and their arguments,
 * keywords, globals and builtins (callables with "("), attributes of
 * modules and instances after a dot, private names only on request, and
 * nothing for words that would need a call.  The expected words are
 * those CPython 3.11's rlcompleter gives for the same program.  Every
 * case also runs with a collection at every allocation. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "complete.h"
#include "dict.h"
#include "run.h"

static ObjDict *globals;

static void setup(void)
{
    check_interp_setup();
    globals = dict_new(ts);
    ck_assert_ptr_nonnull(globals);
    PROTECT_OBJ(ts, globals);
    const char *src = "import math\n"
                      "class Point:\n"
                      "    def __init__(self):\n"
                      "        self.x = 1\n"
                      "        self.xy = 2\n"
                      "        self._secret = 3\n"
                      "    def xmove(self):\n"
                      "        pass\n"
                      "    def shift(self, dx):\n"
                      "        pass\n"
                      "    @property\n"
                      "    def xprop(self):\n"
                      "        return count_up\n"
                      "class Box:\n"
                      "    def __init__(self, v):\n"
                      "        pass\n"
                      "class Plain:\n"
                      "    pass\n"
                      "p = Point()\n"
                      "counter = 0\n"
                      "def count_up():\n"
                      "    pass\n"
                      "def add(a, b, *rest):\n"
                      "    return a\n"
                      "def f():\n"
                      "    return p\n"
                      "_hidden = 1\n";
    Value r = run_source(ts, src, strlen(src), "<test>", globals, PARSE_FILE);
    ck_assert(!IS_ERR(r));
}

static void setup_stress(void)
{
    setup();
    interp->heap.stress = true;
}

static void teardown(void)
{
    ck_assert(!exc_pending(ts));
    interp_free(interp);
}

/* The matches of the word that ends the line (starting at [start]) as
 * one string, "a b c", or "-" for none. */
static char *matches(const char *line, int start)
{
    char **m = complete_matches(ts, globals, line, start, (int)strlen(line));
    ck_assert(!exc_pending(ts));
    static char text[4096];
    if (!m)
        return strcpy(text, "-");
    text[0] = '\0';
    for (size_t i = 0; m[i]; i++) {
        if (i > 0)
            strcat(text, " ");
        ck_assert_uint_lt(strlen(text) + strlen(m[i]), sizeof text - 2);
        strcat(text, m[i]);
        free(m[i]);
    }
    free(m);
    return text;
}

START_TEST(colon_commands)
{
    ck_assert_str_eq(matches(":th", 0), ":threads");
    ck_assert_str_eq(matches(":ti", 0), ":ticks :timeline");
    ck_assert_str_eq(matches("  :qu", 2), ":quit");
    ck_assert_str_eq(matches(":gil de", 5), "deterministic");
    ck_assert_str_eq(matches(":gil ", 5), "deterministic interval ticks");
    ck_assert_str_eq(matches(":trace th", 7), "threads");
    ck_assert_str_eq(matches(":help qu", 6), "quit");
    ck_assert_str_eq(matches(":dis count", 5), "count_up() counter");
    ck_assert_str_eq(matches(":dis p.xm", 5), "p.xmove()");
    ck_assert_str_eq(matches(":load fi", 6), "-");
    ck_assert_str_eq(matches(":nosuch", 0), "-");
}
END_TEST

START_TEST(keywords_globals_builtins)
{
    ck_assert_str_eq(matches("pri", 0), "print(");
    ck_assert_str_eq(matches("wh", 0), "while ");
    ck_assert_str_eq(matches("x = Tr", 4), "True");
    ck_assert_str_eq(matches("fin", 0), "finally:");
    ck_assert_str_eq(matches("els", 0), "else");
    ck_assert_str_eq(matches("tr", 0), "try:");
    ck_assert_str_eq(matches("coun", 0), "count_up() counter");
    ck_assert_str_eq(matches("ad", 0), "add(");
    ck_assert_str_eq(matches("Poi", 0), "Point()");
    ck_assert_str_eq(matches("Bo", 0), "Box(");
    ck_assert_str_eq(matches("Pla", 0), "Plain()");
    ck_assert_str_eq(matches("zzz", 0), "-");
}
END_TEST

START_TEST(private_names_on_request)
{
    ck_assert_str_eq(matches("_hid", 0), "_hidden");
    char *all = matches("_", 0);
    ck_assert_ptr_nonnull(strstr(all, "_hidden"));
    char *plain = matches("", 0);
    ck_assert_ptr_null(strstr(plain, "_hidden"));
    ck_assert_ptr_nonnull(strstr(plain, "counter"));
    ck_assert_ptr_null(strstr(matches("p.", 0), "p._"));
    ck_assert_ptr_nonnull(strstr(matches("p._", 0), "p._secret"));
    ck_assert_ptr_null(strstr(matches("p._", 0), "p.__"));
    ck_assert_ptr_nonnull(strstr(matches("p.__", 0), "p.__init__()"));
}
END_TEST

START_TEST(attributes)
{
    ck_assert_str_eq(matches("math.sq", 0), "math.sqrt(");
    ck_assert_str_eq(matches("y = math.pi", 4), "math.pi");
    /* xprop is not read: it would give a function, hence a "(". */
    ck_assert_str_eq(matches("p.x", 0), "p.x p.xmove() p.xprop p.xy");
    ck_assert_str_eq(matches("p.sh", 0), "p.shift(");
    ck_assert_str_eq(matches("print(p.xm", 6), "p.xmove()");
    ck_assert_str_eq(matches("Point.xm", 0), "Point.xmove(");
    ck_assert_str_eq(matches("p.nothing", 0), "-");
    ck_assert_str_eq(matches("nosuch.x", 0), "-");
    ck_assert_str_eq(matches("p.x.real.nope", 0), "-");
    ck_assert_str_eq(matches("p.x.re", 0), "p.x.real");
}
END_TEST

/* Only names are looked up: a word that would need a call gives nothing,
 * and no code runs (f would return p, whose attributes start with x). */
START_TEST(no_calls)
{
    ck_assert_str_eq(matches("f().x", 0), "-");
    ck_assert_str_eq(matches("f(", 0), "-");
    ck_assert_str_eq(matches("(p).x", 0), "-");
}
END_TEST

START_TEST(sorted_and_unique)
{
    char **m = complete_matches(ts, globals, "", 0, 0);
    ck_assert_ptr_nonnull(m);
    for (size_t i = 0; m[i]; i++) {
        if (m[i + 1])
            ck_assert_int_lt(strcmp(m[i], m[i + 1]), 0);
        free(m[i]);
    }
    free(m);
}
END_TEST

static Suite *complete_suite(void)
{
    Suite *su = suite_create("complete");
    TCase *tc = tcase_create("normal");
    tcase_add_checked_fixture(tc, setup, teardown);
    TCase *stress = tcase_create("stress");
    tcase_add_checked_fixture(stress, setup_stress, teardown);
    TCase *cases[] = {tc, stress};
    for (size_t i = 0; i < 2; i++) {
        tcase_add_test(cases[i], colon_commands);
        tcase_add_test(cases[i], keywords_globals_builtins);
        tcase_add_test(cases[i], private_names_on_request);
        tcase_add_test(cases[i], attributes);
        tcase_add_test(cases[i], no_calls);
        tcase_add_test(cases[i], sorted_and_unique);
        suite_add_tcase(su, cases[i]);
    }
    return su;
}

int main(void)
{
    return check_main_run(complete_suite());
}

/* check_interp.h - the fixture of the Check suites that need a running
 * interpreter: a fresh one for every test, so no test sees another's
 * objects.  Each test program includes it once and gets its own copy of
 * the state below; the functions are static inline so a suite need not
 * use them all. */
#ifndef MPY_CHECK_INTERP_H
#define MPY_CHECK_INTERP_H

#include <check.h>
#include <stdio.h>

#include "check_main.h"
#include "exc.h"
#include "gc.h"
#include "interp.h"
#include "str.h"

static Interp *interp;
static ThreadState *ts;
/* The roots the interpreter holds itself, which a test must leave. */
static size_t base_roots;

static inline void check_interp_setup(void)
{
    interp = interp_new();
    ck_assert_ptr_nonnull(interp);
    ts = interp_main_thread(interp);
    base_roots = ts->roots.len;
}

/* The same tests with a collection at every allocation. */
static inline void check_interp_setup_stress(void)
{
    check_interp_setup();
    interp->heap.stress = true;
}

static inline void check_interp_teardown(void)
{
    interp_free(interp);
}

/* For suites whose every test must pop exactly the roots it pushed and
 * leave no exception pending. */
static inline void check_interp_teardown_strict(void)
{
    ck_assert_uint_eq(ts->roots.len, base_roots);
    ck_assert(!exc_pending(ts));
    interp_free(interp);
}

/* The pending exception as "Type: message", cleared. */
static inline void check_interp_pending_text(char *buf, size_t size)
{
    Value e = exc_fetch(ts);
    ck_assert(!IS_UNDEF(e));
    ObjException *x = AS_EXCEPTION(e);
    const char *msg = "";
    if (x->args && x->args->len > 0 && IS_STR(x->args->items[0]))
        msg = AS_STR(x->args->items[0])->data;
    snprintf(buf, size, "%s: %s", x->obj.cls->name->data, msg);
}

/* The pending exception must read [expected] ("Type: message"); it is
 * cleared. */
static inline void check_interp_expect_error(const char *expected)
{
    char buf[256];
    check_interp_pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, expected);
}

/* A new str, kept rooted until the test ends (the fixture frees the
 * interpreter), so a collecting build cannot take it mid-test. */
static inline Value check_interp_str(const char *text)
{
    Value v = OBJ_VAL(str_from_cstr(ts, text));
    PROTECT(ts, v);
    return v;
}

#endif

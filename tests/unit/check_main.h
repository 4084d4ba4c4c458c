/* check_main.h - the main() of every Check suite: run it and turn the
 * failure count into the exit status the test driver reads. */
#ifndef MPY_CHECK_MAIN_H
#define MPY_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

/* Run every case of [suite] (freed after) and give the exit status. */
static inline int check_main_run(Suite *suite)
{
    SRunner *sr = srunner_create(suite);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif

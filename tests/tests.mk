# tests/tests.mk - the test suite, included by the top Makefile.am.
#
# Three kinds of tests, all run by `make check` through Automake's parallel
# harness:
#   tests/unit/*.c      Check suites, one per module
#   tests/lang/*.mpy    programs that are also valid Python 3; stdout must
#                       equal the .exp file next to them (made by python3)
#   tests/errors/*.mpy  programs that fail; stderr must match the .err
#                       patterns and the exit status the .status file

check_PROGRAMS =
unit_cflags = $(AM_CFLAGS) $(CHECK_CFLAGS)
unit_ldadd = src/libmpy.a $(CHECK_LIBS) $(GMP_LIBS) $(LIBS)

TESTS = $(check_PROGRAMS)

include tests/unit/unit.mk
include tests/lang/lang.mk

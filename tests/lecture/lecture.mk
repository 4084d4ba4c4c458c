# tests/lecture/lecture.mk - lecture mode (mpy --lecture), included by
# tests/tests.mk.
#
# Each NAME.lec is a lecture given by tests/run-lecture.sh, by default as
# `mpy --lecture --auto NAME.lec < /dev/null`; its stdout must equal
# NAME.exp, which is mpy's own output, pinned after reading it (there is
# no python3 equivalent).  NAME.flags, .in, .filter, .status and .err are
# described at the top of the driver.  Every .lec runs on pipes, where the
# driver also checks that no escape sequence is written.  The .sh tests
# check the command line and, on a pseudo-terminal, the colours.

TEST_EXTENSIONS += .lec
LEC_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL) $(srcdir)/tests/run-lecture.sh

lecture_tests = \
	tests/lecture/cells.lec \
	tests/lecture/commands.lec \
	tests/lecture/empty.lec \
	tests/lecture/eof.lec \
	tests/lecture/exit.lec \
	tests/lecture/nomarker.lec \
	tests/lecture/quit.lec \
	tests/lecture/raise.lec \
	tests/lecture/threads.lec \
	tests/lecture/colour.sh \
	tests/lecture/usage.sh

lecture_data = \
	tests/lecture/cells.exp \
	tests/lecture/commands.exp tests/lecture/commands.filter \
	tests/lecture/commands.err \
	tests/lecture/empty.exp tests/lecture/empty.err \
	tests/lecture/eof.exp tests/lecture/eof.flags tests/lecture/eof.in \
	tests/lecture/exit.exp tests/lecture/exit.status tests/lecture/exit.err \
	tests/lecture/nomarker.exp \
	tests/lecture/quit.exp tests/lecture/quit.flags tests/lecture/quit.in \
	tests/lecture/quit.err \
	tests/lecture/raise.exp tests/lecture/raise.err \
	tests/lecture/threads.exp tests/lecture/threads.flags

TESTS += $(lecture_tests)
EXTRA_DIST += $(lecture_tests) $(lecture_data) tests/run-lecture.sh

# The pure parts (splitting, command lines, the highlighter): Check.
# lecture.o brings in the REPL, hence Readline.
check_PROGRAMS += tests/lecture/test_lecture
tests_lecture_test_lecture_SOURCES = tests/lecture/test_lecture.c
tests_lecture_test_lecture_CFLAGS = $(unit_cflags)
tests_lecture_test_lecture_LDADD = $(unit_ldadd) $(READLINE_LIBS)

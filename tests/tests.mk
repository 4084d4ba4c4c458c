# tests/tests.mk - the test suite, included by the top Makefile.am.
#
# Four kinds of tests, all run by `make check` through Automake's parallel
# harness:
#   tests/unit/*.c        Check suites, one per module
#   tests/lang/*.mpy      programs that are also valid Python 3; stdout must
#                         equal the .exp file next to them (made by python3)
#   tests/errors/*.mpy    programs that fail; stderr must match the .err
#                         patterns and the exit status the .status file
#   tests/repl/*.repl     REPL transcripts fed on stdin; stdout must equal
#                         what `python3 -i` prints for them
# plus the example lecture scripts that have an expected output.
# tests/regen.sh [--check] regenerates (or verifies) every expectation
# from python3.

check_PROGRAMS =
unit_cflags = $(AM_CFLAGS) $(CHECK_CFLAGS)
unit_ldadd = src/libmpy.a $(CHECK_LIBS) $(GMP_LIBS) $(LIBS)

TESTS = $(check_PROGRAMS)

include tests/unit/unit.mk
include tests/lang/lang.mk
include tests/threads/threads.mk
include tests/asyncio/asyncio.mk
include tests/cfutures/cfutures.mk
include tests/processes/processes.mk
include tests/pty/pty.mk
include tests/lecture/lecture.mk
include examples/lectures.mk

TEST_EXTENSIONS += .repl
REPL_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL) $(srcdir)/tests/run-repl.sh

repl_tests = tests/repl/echo_values.repl tests/repl/multiline_blocks.repl \
	tests/repl/errors_continue.repl tests/repl/generators_send.repl
repl_data = $(repl_tests:.repl=.exp)

# Transcripts of the REPL's colon commands: mpy only, so their .exp is
# mpy's own output, checked by reading it; .flags runs them in the
# deterministic policy, where every count and time repeats.
command_tests = tests/commands/gil_commands.repl tests/commands/timeline.repl \
	tests/commands/tasks.repl
command_data = $(command_tests:.repl=.exp) $(command_tests:.repl=.flags)

example_tests = examples/coroutines.mpy examples/race.mpy \
	examples/race_lock.mpy examples/countdown.mpy \
	examples/start_new_thread.mpy examples/producer_consumer.mpy \
	examples/philosophers.mpy examples/philosophers_fixed.mpy

TESTS += $(repl_tests) $(command_tests) $(example_tests)
EXTRA_DIST += $(repl_tests) $(repl_data) $(command_tests) $(command_data) \
	tests/run-repl.sh tests/leftovers.sh tests/tests.mk \
	tests/unit/unit.mk tests/lang/lang.mk tests/pty/pty.mk \
	tests/lecture/lecture.mk examples/lectures.mk

# The tests that run threads, for the ThreadSanitizer build:
# `make check-threads`.
thread_suite = tests/unit/test_events tests/unit/test_gil $(example_tests) \
	$(command_tests) $(pty_tests) tests/lecture/threads.lec \
	tests/errors/interrupt_join.sh $(thread_tests) \
	$(thread_error_tests) $(asyncio_tests) $(cfutures_tests) \
	$(cfutures_error_tests) \
	examples/asyncio_producer_consumer.mpy examples/lecture_io_bound.mpy
check-threads:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(thread_suite)"
.PHONY: check-threads

# tests/threads/threads.mk - programs that run threads, compared with python3.
#
# Included by tests/tests.mk.  Each program is valid Python 3 and prints
# the same lines whatever the interleaving, so its NAME.exp comes from
# `python3 NAME.mpy > NAME.exp`.  tests/run-threads.sh runs it once under
# every GIL policy (interval, ticks, deterministic with two seeds) and
# passes only when every run prints NAME.exp.
#
# deadlock_labels.mpy deadlocks on purpose and checks how the report
# names the objects threads wait on; deadlock_two_locks.mpy is the
# textbook lock-order deadlock and checks the report's cycle.
#
# The programs end in .mpy like tests/lang/, whose driver is
# MPY_LOG_COMPILER; their .log targets get the threads driver instead
# (a target-specific variable, which needs GNU make).

thread_tests = \
	tests/threads/barrier.mpy \
	tests/threads/condition.mpy \
	tests/threads/event.mpy \
	tests/threads/local.mpy \
	tests/threads/lock_basics.mpy \
	tests/threads/low_level.mpy \
	tests/threads/queue_kinds.mpy \
	tests/threads/queue_pipeline.mpy \
	tests/threads/queue_tasks.mpy \
	tests/threads/rlock.mpy \
	tests/threads/semaphore.mpy \
	tests/threads/thread_basics.mpy \
	tests/threads/thread_exception.mpy \
	tests/threads/thread_registry.mpy \
	tests/threads/thread_subclass.mpy \
	tests/threads/polling_and_reset.mpy \
	tests/threads/timeouts_and_errors.mpy \
	tests/threads/timer.mpy
thread_data = $(thread_tests:.mpy=.exp)

# Programs python3 cannot run (NAME.mpy-only says why): the deadlocks
# (python3 would hang), with their exit status in NAME.status and stderr
# patterns in NAME.err, and builtins_no_import (mpy's extra builtins),
# whose NAME.exp is written by hand.
thread_error_tests = tests/threads/deadlock_labels.mpy \
	tests/threads/deadlock_two_locks.mpy tests/threads/builtins_no_import.mpy
thread_error_data = tests/threads/deadlock_labels.status \
	tests/threads/deadlock_labels.err tests/threads/deadlock_labels.mpy-only \
	tests/threads/deadlock_two_locks.status \
	tests/threads/deadlock_two_locks.err \
	tests/threads/deadlock_two_locks.mpy-only \
	tests/threads/builtins_no_import.status \
	tests/threads/builtins_no_import.exp \
	tests/threads/builtins_no_import.mpy-only

$(thread_tests:.mpy=.log) $(thread_error_tests:.mpy=.log): \
	MPY_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL) \
	$(srcdir)/tests/run-threads.sh

TESTS += $(thread_tests) $(thread_error_tests)
EXTRA_DIST += $(thread_tests) $(thread_data) $(thread_error_tests) \
	$(thread_error_data) tests/run-threads.sh tests/threads/threads.mk

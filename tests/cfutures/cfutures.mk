# tests/cfutures/cfutures.mk - concurrent.futures programs compared with
# python3, included by tests/tests.mk.
#
# As tests/threads/: each NAME.mpy is valid Python 3, NAME.exp is
# `python3 NAME.mpy > NAME.exp`, and tests/run-threads.sh runs it under
# every GIL policy.  NAME.err holds patterns for stderr (the callbacks'
# and initializers' reports).  deadlock_report.mpy waits on a future no
# one will finish: python3 would hang, mpy reports the deadlock
# (NAME.mpy-only, .status, .err).

cfutures_tests = \
	tests/cfutures/as_completed.mpy \
	tests/cfutures/done_callbacks.mpy \
	tests/cfutures/executor_map.mpy \
	tests/cfutures/future_states.mpy \
	tests/cfutures/initializer.mpy \
	tests/cfutures/overlap.mpy \
	tests/cfutures/shutdown.mpy \
	tests/cfutures/submit_basics.mpy \
	tests/cfutures/wait_modes.mpy \
	tests/cfutures/with_asyncio.mpy \
	tests/cfutures/worker_threads.mpy
cfutures_error_tests = tests/cfutures/deadlock_report.mpy
cfutures_data = $(cfutures_tests:.mpy=.exp) \
	tests/cfutures/done_callbacks.err tests/cfutures/initializer.err \
	tests/cfutures/deadlock_report.err tests/cfutures/deadlock_report.status \
	tests/cfutures/deadlock_report.mpy-only

$(cfutures_tests:.mpy=.log) $(cfutures_error_tests:.mpy=.log): \
	MPY_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL) \
	$(srcdir)/tests/run-threads.sh

TESTS += $(cfutures_tests) $(cfutures_error_tests)
EXTRA_DIST += $(cfutures_tests) $(cfutures_error_tests) $(cfutures_data) \
	tests/cfutures/cfutures.mk

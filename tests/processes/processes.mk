# tests/processes/processes.mk - multiprocessing and concurrent.futures
# over processes, compared with python3; included by tests/tests.mk.
#
# Each NAME.mpy is valid Python 3 (python3 forks on Linux too) and
# NAME.exp is `python3 NAME.mpy > NAME.exp`; NAME.err holds patterns for
# stderr (a child's traceback).  tests/run-threads.sh runs each under
# every GIL policy, and tests/leftovers.sh fails a test that leaves a
# process behind.  Not in the ThreadSanitizer suite: TSan does not
# support a child that starts threads after forking a threaded process.

process_tests = \
	tests/processes/barrier.mpy \
	tests/processes/builtin_process.mpy \
	tests/processes/cpu_parallel.mpy \
	tests/processes/fork_with_threads.mpy \
	tests/processes/lock_value.mpy \
	tests/processes/pipe_both_ways.mpy \
	tests/processes/pool_errors.mpy \
	tests/processes/pool_map.mpy \
	tests/processes/pool_remote_traceback.mpy \
	tests/processes/process_basics.mpy \
	tests/processes/process_exit.mpy \
	tests/processes/process_names.mpy \
	tests/processes/process_pool_executor.mpy \
	tests/processes/queue_between.mpy \
	tests/processes/shared_array.mpy \
	tests/processes/terminate_kill.mpy \
	tests/processes/value_types.mpy
process_data = $(process_tests:.mpy=.exp) tests/processes/process_basics.err \
	tests/processes/pool_remote_traceback.err

$(process_tests:.mpy=.log): \
	MPY_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL) \
	$(srcdir)/tests/run-threads.sh

TESTS += $(process_tests)
EXTRA_DIST += $(process_tests) $(process_data) tests/processes/processes.mk

# tests/asyncio/asyncio.mk - asyncio programs compared with python3.
#
# Included by tests/tests.mk.  Each program is valid Python 3 and its
# NAME.exp is `python3 NAME.mpy > NAME.exp`; like the thread programs, it
# runs under every GIL policy (tests/run-threads.sh) and passes only when
# every run prints NAME.exp: the order of prints across tasks is fixed by
# the event loop, whatever the GIL does.  Sleeps that decide an order are
# far apart (0.01 s against 0.05 s or more), so a loaded machine keeps it.
#
# trace_tasks.sh pins the task trace (--trace=tasks) of
# examples/asyncio_producer_consumer.mpy: mpy's own output, read and
# judged right.

asyncio_tests = \
	tests/asyncio/as_completed.mpy \
	tests/asyncio/await_in_comprehension.mpy \
	tests/asyncio/call_soon_later.mpy \
	tests/asyncio/cancelling_count.mpy \
	tests/asyncio/condition.mpy \
	tests/asyncio/coroutine_checks.mpy \
	tests/asyncio/done_callbacks.mpy \
	tests/asyncio/event.mpy \
	tests/asyncio/exception_context.mpy \
	tests/asyncio/future_basics.mpy \
	tests/asyncio/gather_cancel.mpy \
	tests/asyncio/gather_results.mpy \
	tests/asyncio/iscoroutinefunction.mpy \
	tests/asyncio/lock_lost_update.mpy \
	tests/asyncio/locks.mpy \
	tests/asyncio/loop_binding.mpy \
	tests/asyncio/loop_objects.mpy \
	tests/asyncio/many_tasks.mpy \
	tests/asyncio/queue_basics.mpy \
	tests/asyncio/queue_cancel.mpy \
	tests/asyncio/queue_join.mpy \
	tests/asyncio/queue_priority_lifo.mpy \
	tests/asyncio/queue_producer_consumer.mpy \
	tests/asyncio/run_basics.mpy \
	tests/asyncio/semaphore.mpy \
	tests/asyncio/shield.mpy \
	tests/asyncio/sleep_order.mpy \
	tests/asyncio/task_cancel.mpy \
	tests/asyncio/task_exceptions.mpy \
	tests/asyncio/task_names.mpy \
	tests/asyncio/task_number_after_named.mpy \
	tests/asyncio/task_state.mpy \
	tests/asyncio/to_thread.mpy \
	tests/asyncio/wait_for.mpy \
	tests/asyncio/wait_modes.mpy
asyncio_data = $(asyncio_tests:.mpy=.exp) tests/asyncio/trace_tasks.exp

$(asyncio_tests:.mpy=.log) examples/asyncio_producer_consumer.log: \
	MPY_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL) \
	$(srcdir)/tests/run-threads.sh

TESTS += $(asyncio_tests) examples/asyncio_producer_consumer.mpy \
	tests/asyncio/trace_tasks.sh
EXTRA_DIST += $(asyncio_tests) $(asyncio_data) \
	examples/asyncio_producer_consumer.mpy \
	examples/asyncio_producer_consumer.exp \
	tests/asyncio/trace_tasks.sh tests/asyncio/asyncio.mk

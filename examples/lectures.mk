# examples/lectures.mk - a lecture script per set of lecture notes,
# included by tests/tests.mk.
#
# Each examples/lecture_*.mpy is a script in `# %%` cells with `# :`
# REPL-command lines; it is valid Python 3 as well, and python3 prints
# what plain `mpy FILE` prints.  The tests run them as lectures,
# `mpy --lecture --auto` in the deterministic GIL (NAME.flags), where
# every count, time and table repeats; NAME.exp is mpy's own output
# (cell headers, the commands' tables), read and judged right, hence
# NAME.mpy-only.  lecture_processes.mpy times real processes, so it runs
# in real time and its NAME.filter hides the times.

lecture_examples = examples/lecture_gil_race.mpy \
	examples/lecture_coroutines.mpy \
	examples/lecture_concurrency_terms.mpy \
	examples/lecture_beazley_gil.mpy \
	examples/lecture_threads_queues.mpy \
	examples/lecture_io_bound.mpy \
	examples/lecture_processes.mpy

TESTS += $(lecture_examples)
EXTRA_DIST += $(lecture_examples) \
	$(lecture_examples:.mpy=.exp) \
	$(lecture_examples:.mpy=.flags) \
	$(lecture_examples:.mpy=.mpy-only) examples/lecture_processes.filter

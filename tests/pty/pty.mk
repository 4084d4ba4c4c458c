# tests/pty/pty.mk - REPL sessions on a pseudo-terminal, driven by
# tests/ptydrive.py (see tests/run-pty.sh): what a student sees at the
# keyboard -- editing, history, completion, Ctrl-C, threads printing
# while the prompt waits.  Included by tests/tests.mk.

TEST_EXTENSIONS += .pty
PTY_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL) $(srcdir)/tests/run-pty.sh

pty_tests = tests/pty/multiline_def.pty tests/pty/commands.pty \
	tests/pty/trace_typing.pty tests/pty/ctrl_c_loop.pty \
	tests/pty/ctrl_c_join.pty tests/pty/ctrl_c_prompt.pty \
	tests/pty/history.pty tests/pty/colour.pty tests/pty/ctrl_d_waits.pty \
	tests/pty/output_at_prompt.pty tests/pty/completion.pty \
	tests/pty/asyncio_ctrl_c.pty

# Sessions that fork, kept out of the ThreadSanitizer suite (TSan does not
# support a child that starts threads after forking a threaded process).
pty_process_tests = tests/pty/ctrl_c_processes.pty

TESTS += $(pty_tests) $(pty_process_tests)
EXTRA_DIST += $(pty_tests) $(pty_process_tests) tests/run-pty.sh \
	tests/ptydrive.py

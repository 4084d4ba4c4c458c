# tests/pty/pty.mk - REPL sessions through a pseudo-terminal (being written).

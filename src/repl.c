/* repl.c - placeholder, to be written. */

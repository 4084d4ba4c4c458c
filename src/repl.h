/* repl.h - placeholder, to be written. */

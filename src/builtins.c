/* builtins.c - placeholder, to be written. */

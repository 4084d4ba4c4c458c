/* compiler.c - placeholder, to be written. */

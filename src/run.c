/* run.c - placeholder, to be written. */

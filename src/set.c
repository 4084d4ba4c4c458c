/* set.c - placeholder, to be written. */

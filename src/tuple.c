/* tuple.c - placeholder, to be written. */

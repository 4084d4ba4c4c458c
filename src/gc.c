/* gc.c - placeholder, to be written. */

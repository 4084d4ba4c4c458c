/* interp.c - placeholder, to be written. */

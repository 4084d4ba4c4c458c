/* code.c - placeholder, to be written. */

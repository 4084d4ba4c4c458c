/* format.c - placeholder, to be written. */

/* gen.c - placeholder, to be written. */

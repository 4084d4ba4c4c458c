/* str.c - placeholder, to be written. */

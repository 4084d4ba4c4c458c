/* num.c - placeholder, to be written. */

/* iter.c - placeholder, to be written. */

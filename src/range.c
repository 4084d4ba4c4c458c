/* range.c - placeholder, to be written. */

/* class.c - placeholder, to be written. */

/* main.c - placeholder, to be written. */

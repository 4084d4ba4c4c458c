/* exc.c - placeholder, to be written. */

/* call.c - placeholder, to be written. */

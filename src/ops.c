/* ops.c - placeholder, to be written. */

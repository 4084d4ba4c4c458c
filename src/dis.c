/* dis.c - placeholder, to be written. */

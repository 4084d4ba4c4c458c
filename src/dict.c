/* dict.c - placeholder, to be written. */

/* list.c - placeholder, to be written. */

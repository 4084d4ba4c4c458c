/* import.c - placeholder, to be written. */

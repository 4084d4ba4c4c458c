/* mod_random.c - placeholder, to be written. */

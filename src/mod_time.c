/* mod_time.c - placeholder, to be written. */

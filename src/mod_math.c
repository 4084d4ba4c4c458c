/* mod_math.c - placeholder, to be written. */

/* mod_sys.c - placeholder, to be written. */

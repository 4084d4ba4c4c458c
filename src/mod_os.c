/* mod_os.c - placeholder, to be written. */

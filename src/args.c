/* args.c - placeholder, to be written. */

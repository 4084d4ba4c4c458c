/* args.h - placeholder, to be written. */

/* code.h - placeholder, to be written. */

/* dis.h - placeholder, to be written. */

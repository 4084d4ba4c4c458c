/* strbuf.c - placeholder, to be written. */

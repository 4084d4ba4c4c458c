/* lexer.h - placeholder, to be written. */

/* ast.c - placeholder, to be written. */

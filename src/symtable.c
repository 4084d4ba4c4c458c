/* symtable.c - placeholder, to be written. */

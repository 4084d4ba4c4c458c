/* symtable.h - placeholder, to be written. */

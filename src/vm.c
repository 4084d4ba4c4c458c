/* vm.c - placeholder, to be written. */

/* opcodes.h - placeholder, to be written. */

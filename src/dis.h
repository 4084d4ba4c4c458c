/* dis.h - the disassembler behind the REPL's `:dis`, in the format of
 * CPython's dis module. */
#ifndef MPY_DIS_H
#define MPY_DIS_H

#include "interp.h"
#include "strbuf.h"

/* Append the disassembly of [code] to [out]: one line per instruction
 * (source line where it starts, '>>' on jump targets, offset, name,
 * operand and its meaning), then the nested code objects it holds. */
void dis_code(ThreadState *ts, ObjCode *code, StrBuf *out);

/* The same for one instruction list only, without nested code. */
void dis_code_flat(ThreadState *ts, ObjCode *code, StrBuf *out);

#endif

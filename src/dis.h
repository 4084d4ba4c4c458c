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

/* What the operand of the instruction at [offset] means ("count", "to
 * 14", "'a'"), for the ops trace; nothing for an instruction without one. */
void dis_instruction_arg(ThreadState *ts, ObjCode *code, size_t offset,
                         StrBuf *out);

#endif

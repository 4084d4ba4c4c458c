/* code.h - code objects: flags, the line table, the exception table and
 * the facts about opcodes the compiler, the VM and the disassembler share.
 *
 * Bytecode.  One opcode byte, then 0, 2 or 4 operand bytes (opcodes.h);
 * operands are little-endian; jump operands are absolute byte offsets.
 *
 * Line table (ObjCode.linetable, linetable_len bytes): the source position
 * of every instruction, as CPython 3.11 keeps it for its tracebacks.  A
 * sequence of entries of five LEB128-style varints: the byte-offset delta
 * from the previous entry (unsigned), the line delta (zigzag-encoded
 * signed), the number of lines the expression spans (end_line - line), and
 * its start and end columns plus one (0 = unknown; columns are 0-based byte
 * offsets, the end exclusive).  Walking starts at offset 0 with line
 * firstlineno; an entry says "from this offset on, the position is this".
 * Lookups are rare (tracebacks, dis), so a linear walk is fine and the
 * table stays small.
 *
 * Exception table (ObjCode.exctable, exctable_len ENTRIES of CodeExcEntry).
 * CPython 3.11's zero-cost model: nothing is executed on entry to a try
 * block.  The compiler records, for every instruction, the innermost handler
 * covering it; runs of instructions with the same handler become one entry
 * [start, end) -> handler.  Entries therefore never overlap and are sorted
 * by start.  When an instruction at offset o raises, the VM looks for the
 * entry covering o; if there is one it pops the value stack down to `depth`
 * items, pushes the offset of the faulting instruction as an int when
 * `lasti` is set, pushes the exception and jumps to `handler`.  Otherwise
 * the exception leaves the frame.
 *
 * The bytecode block also holds the global-lookup cache (below).
 *
 * Both tables, like every array a code object owns (bytecode, consts,
 * names, varnames, cellvars, freevars, cell2arg), are plain malloc blocks:
 * gc.c releases them with free(), or through code_free.
 */
#ifndef MPY_CODE_H
#define MPY_CODE_H

#include "interp.h"
#include "opcodes.h"

/* ObjCode.flags, with CPython's values. */
enum {
    CODE_OPTIMIZED = 0x0001,  /* locals live in slots */
    CODE_NEWLOCALS = 0x0002,
    CODE_VARARGS = 0x0004,    /* has *args (slot after the named ones) */
    CODE_VARKEYWORDS = 0x0008, /* has **kwargs (slot after *args) */
    CODE_NESTED = 0x0010,
    CODE_GENERATOR = 0x0020,
    CODE_NOFREE = 0x0040,
    CODE_COROUTINE = 0x0080,
    CODE_ASYNC_GENERATOR = 0x0200,
    /* mpy's own: consts[0] is the function's docstring */
    CODE_HAS_DOC = 0x100000,
};

typedef struct CodeExcEntry {
    uint32_t start, end; /* covered byte offsets [start, end) */
    uint32_t handler;    /* where to jump */
    uint16_t depth;      /* stack depth to unwind to */
    uint8_t lasti;       /* push the faulting offset before the exception */
} CodeExcEntry;

/* The global-lookup cache.  The bytecode block of a compiled code object
 * continues, at code_global_cache(), with one entry per name of names[]
 * (all zero at first), which LOAD_GLOBAL and LOAD_NAME fill in vm.c: where
 * the name was last found, so a later lookup costs a few compares instead
 * of two hash probes.
 *
 * An entry found in globals is checked by its key alone: if the globals
 * dict's entries[index - 1] still has this (interned) name as its key, its
 * value is the global's value, whatever else happened to the dict.  An
 * entry found in builtins also needs the name to be still absent from
 * globals: that holds while the frame's globals is the dict it was looked
 * up in (pointer) and that dict's version has not changed since.  (Dict
 * versions count each dict's own mutations, so a globals dict freed and
 * replaced at the same address by one with as many mutations would pass
 * for it; only a code object run with several globals dicts in turn, as
 * exec(f.__code__, {...}) does, can meet that.) */
typedef struct CodeGlobalCache {
    const ObjDict *globals;   /* builtin entries: the globals searched */
    uint64_t globals_version; /* ... and their version then */
    uint32_t index;           /* 1 + position in entries[]; 0 = empty */
    bool builtin;             /* found in builtins, not in globals */
} CodeGlobalCache;

/* Bytes to allocate for [len] bytes of bytecode followed by the cache of
 * [nnames] names. */
size_t code_bytecode_size(size_t len, size_t nnames);

static inline CodeGlobalCache *code_global_cache(const ObjCode *code)
{
    size_t at = (code->bytecode_len + 7) & ~(size_t)7;
    return (CodeGlobalCache *)(code->bytecode + at);
}

/* A new empty code object (all arrays NULL). */
ObjCode *code_new(ThreadState *ts);
/* Free the arrays [code] owns (gc.c may call this when sweeping). */
void code_free(Interp *interp, ObjCode *code);

/* Does running module code [code] (vm_run_module) only return a coroutine
 * that runs it when driven?  True for code compiled with
 * COMPILE_TOP_LEVEL_AWAIT (compiler.h) that awaits at top level. */
bool code_is_top_level_coroutine(const ObjCode *code);

/* The source line of the instruction at byte [offset]. */
int code_line_at(const ObjCode *code, size_t offset);
/* The full position of the instruction at [offset]: 1-based lines,
 * 0-based byte columns (end exclusive); columns are -1 when unknown. */
void code_position_at(const ObjCode *code, size_t offset, int *line,
                      int *end_line, int *col, int *end_col);
/* The handler covering [offset], or NULL. */
const CodeExcEntry *code_find_handler(const ObjCode *code, size_t offset);

/* Opcode facts from opcodes.h. */
const char *code_op_name(int op);
/* Total size of the instruction (1 + operand bytes). */
int code_op_size(int op);
/* True for opcodes whose operand is a jump target. */
bool code_op_is_jump(int op);
/* Net stack effect of [op] with operand [arg]; [jump] selects the effect
 * when a conditional jump is taken. */
int code_stack_effect(int op, int arg, bool jump);

/* Helpers for building the line table: append an entry. */
void code_linetable_put(uint8_t **buf, size_t *len, size_t *cap,
                        unsigned offset_delta, int line_delta, int nlines,
                        int col, int end_col);

#endif

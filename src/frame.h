/* frame.h - one activation of a code object.
 *
 * A frame holds the code's local slots, cells and value stack in one block:
 *   slots[0 .. nlocals)                      fast locals (UNDEF = unbound)
 *   slots[nlocals .. nlocals+ncells+nfrees)  ObjCell values (cellvars, then
 *                                            freevars copied from the closure)
 *   slots[stack_base .. sp)                  the value stack
 * The collector marks every slot below sp, and the frame's other fields.
 * Ordinary calls take frames from the thread's frame arena; a generator's
 * frame lives in its own heap block, owned by the ObjGenerator.
 */
#ifndef MPY_FRAME_H
#define MPY_FRAME_H

#include "object.h"

typedef struct Frame {
    ObjCode *code;
    ObjFunction *func;   /* NULL for module and class bodies */
    ObjDict *globals;
    ObjDict *builtins;
    ObjDict *locals;     /* name-keyed locals of module/class bodies, else NULL */
    struct Frame *back;  /* the caller */
    ObjGenerator *gen;   /* the generator that owns this frame, or NULL */
    uint8_t *ip;         /* next instruction */
    Value *sp;           /* one past the top of the value stack */
    Value *stack_base;
    bool heap_owned;     /* true when allocated for a generator */
    Value slots[];
} Frame;

#endif

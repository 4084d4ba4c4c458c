/* opcodes.h - the one list of bytecode instructions.
 *
 * OP(NAME, operand_bytes, stack_effect) generates the opcode enum, the names
 * the disassembler prints and the VM's dispatch table.  An instruction is
 * one opcode byte followed by its operand: 0 bytes, 2 bytes (a little-endian
 * uint16 index or count) or 4 bytes (a little-endian uint32 absolute jump
 * target, a byte offset into the code).  stack_effect is the net change of
 * the value stack when the effect does not depend on the operand; VAR marks
 * the ones whose effect code.c computes (code_stack_effect).
 *
 * Names follow CPython (3.8 to 3.11 spellings) so that `:dis` output reads
 * like the `dis` documentation a student can look up.  In the comments,
 * TOS is the top of the stack, TOS1 the item below it.
 */
#ifndef MPY_OPCODES_H
#define MPY_OPCODES_H

#define OP_VAR 99

#define OPCODES(OP)                                                           \
    OP(NOP, 0, 0)                  /* do nothing */                          \
    OP(POP_TOP, 0, -1)             /* drop TOS */                            \
    OP(ROT_TWO, 0, 0)              /* swap TOS and TOS1 */                   \
    OP(ROT_THREE, 0, 0)            /* lift TOS two places down */            \
    OP(ROT_FOUR, 0, 0)             /* lift TOS three places down */          \
    OP(DUP_TOP, 0, 1)              /* push TOS again */                      \
    OP(DUP_TOP_TWO, 0, 2)          /* push TOS1, TOS again */                \
    OP(COPY, 2, 1)                 /* push the arg-th item (1 = TOS) */      \
    OP(SWAP, 2, 0)                 /* swap TOS with the arg-th item */       \
    OP(LOAD_CONST, 2, 1)           /* push consts[arg] */                    \
    OP(LOAD_FAST, 2, 1)            /* push local slot arg */                 \
    OP(STORE_FAST, 2, -1)          /* local slot arg = TOS */                \
    OP(DELETE_FAST, 2, 0)          /* unbind local slot arg */               \
    OP(LOAD_DEREF, 2, 1)           /* push the content of cell arg */        \
    OP(STORE_DEREF, 2, -1)         /* cell arg = TOS */                      \
    OP(DELETE_DEREF, 2, 0)         /* empty cell arg */                      \
    OP(LOAD_CLOSURE, 2, 1)         /* push cell arg itself (for closures) */ \
    OP(LOAD_CLASSDEREF, 2, 1)      /* class body: locals, else cell arg */   \
    OP(LOAD_GLOBAL, 2, 1)          /* push global names[arg] (or builtin) */ \
    OP(STORE_GLOBAL, 2, -1)        /* global names[arg] = TOS */             \
    OP(DELETE_GLOBAL, 2, 0)        /* del global names[arg] */               \
    OP(LOAD_NAME, 2, 1)            /* locals, globals, builtins lookup */    \
    OP(STORE_NAME, 2, -1)          /* locals[names[arg]] = TOS */            \
    OP(DELETE_NAME, 2, 0)          /* del locals[names[arg]] */              \
    OP(LOAD_ATTR, 2, 0)            /* TOS = TOS.names[arg] */                \
    OP(STORE_ATTR, 2, -2)          /* TOS.names[arg] = TOS1 */               \
    OP(DELETE_ATTR, 2, -1)         /* del TOS.names[arg] */                  \
    OP(LOAD_METHOD, 2, 1)          /* TOS -> method, self  or  NULL, attr */ \
    OP(BINARY_ADD, 0, -1)          /* TOS = TOS1 + TOS */                    \
    OP(BINARY_SUBTRACT, 0, -1)     /* TOS = TOS1 - TOS */                    \
    OP(BINARY_MULTIPLY, 0, -1)     /* TOS = TOS1 * TOS */                    \
    OP(BINARY_TRUE_DIVIDE, 0, -1)  /* TOS = TOS1 / TOS */                    \
    OP(BINARY_FLOOR_DIVIDE, 0, -1) /* TOS = TOS1 // TOS */                   \
    OP(BINARY_MODULO, 0, -1)       /* TOS = TOS1 % TOS */                    \
    OP(BINARY_POWER, 0, -1)        /* TOS = TOS1 ** TOS */                   \
    OP(BINARY_LSHIFT, 0, -1)       /* TOS = TOS1 << TOS */                   \
    OP(BINARY_RSHIFT, 0, -1)       /* TOS = TOS1 >> TOS */                   \
    OP(BINARY_AND, 0, -1)          /* TOS = TOS1 & TOS */                    \
    OP(BINARY_OR, 0, -1)           /* TOS = TOS1 | TOS */                    \
    OP(BINARY_XOR, 0, -1)          /* TOS = TOS1 ^ TOS */                    \
    OP(BINARY_MATRIX_MULTIPLY, 0, -1) /* TOS = TOS1 @ TOS */                 \
    OP(INPLACE_ADD, 0, -1)         /* TOS = TOS1 += TOS */                   \
    OP(INPLACE_SUBTRACT, 0, -1)    /* TOS = TOS1 -= TOS */                   \
    OP(INPLACE_MULTIPLY, 0, -1)    /* TOS = TOS1 *= TOS */                   \
    OP(INPLACE_TRUE_DIVIDE, 0, -1) /* TOS = TOS1 /= TOS */                   \
    OP(INPLACE_FLOOR_DIVIDE, 0, -1) /* TOS = TOS1 //= TOS */                 \
    OP(INPLACE_MODULO, 0, -1)      /* TOS = TOS1 %= TOS */                   \
    OP(INPLACE_POWER, 0, -1)       /* TOS = TOS1 **= TOS */                  \
    OP(INPLACE_LSHIFT, 0, -1)      /* TOS = TOS1 <<= TOS */                  \
    OP(INPLACE_RSHIFT, 0, -1)      /* TOS = TOS1 >>= TOS */                  \
    OP(INPLACE_AND, 0, -1)         /* TOS = TOS1 &= TOS */                   \
    OP(INPLACE_OR, 0, -1)          /* TOS = TOS1 |= TOS */                   \
    OP(INPLACE_XOR, 0, -1)         /* TOS = TOS1 ^= TOS */                   \
    OP(INPLACE_MATRIX_MULTIPLY, 0, -1) /* TOS = TOS1 @= TOS */               \
    OP(UNARY_POSITIVE, 0, 0)       /* TOS = +TOS */                          \
    OP(UNARY_NEGATIVE, 0, 0)       /* TOS = -TOS */                          \
    OP(UNARY_NOT, 0, 0)            /* TOS = not TOS */                       \
    OP(UNARY_INVERT, 0, 0)         /* TOS = ~TOS */                          \
    OP(COMPARE_OP, 2, -1)          /* TOS = TOS1 <op arg> TOS (CmpOp) */     \
    OP(IS_OP, 2, -1)               /* TOS = TOS1 is TOS (arg 1: is not) */   \
    OP(CONTAINS_OP, 2, -1)         /* TOS = TOS1 in TOS (arg 1: not in) */   \
    OP(BINARY_SUBSCR, 0, -1)       /* TOS = TOS1[TOS] */                     \
    OP(STORE_SUBSCR, 0, -3)        /* TOS1[TOS] = TOS2 */                    \
    OP(DELETE_SUBSCR, 0, -2)       /* del TOS1[TOS] */                       \
    OP(BUILD_TUPLE, 2, OP_VAR)     /* tuple of the top arg items */          \
    OP(BUILD_LIST, 2, OP_VAR)      /* list of the top arg items */           \
    OP(BUILD_SET, 2, OP_VAR)       /* set of the top arg items */            \
    OP(BUILD_MAP, 2, OP_VAR)       /* dict of the top arg key/value pairs */ \
    OP(BUILD_SLICE, 2, OP_VAR)     /* slice of the top arg (2 or 3) items */ \
    OP(BUILD_STRING, 2, OP_VAR)    /* concatenate the top arg strings */     \
    OP(LIST_APPEND, 2, -1)         /* append TOS to the list arg deep */     \
    OP(SET_ADD, 2, -1)             /* add TOS to the set arg deep */         \
    OP(MAP_ADD, 2, -2)             /* dict arg deep [TOS1] = TOS */          \
    OP(LIST_EXTEND, 2, -1)         /* extend the list arg deep by TOS */     \
    OP(SET_UPDATE, 2, -1)          /* update the set arg deep with TOS */    \
    OP(DICT_UPDATE, 2, -1)         /* {**TOS} into the dict arg deep */      \
    OP(DICT_MERGE, 2, -1)          /* as DICT_UPDATE, duplicate keys fail */ \
    OP(LIST_TO_TUPLE, 0, 0)        /* TOS = tuple(TOS) */                    \
    OP(UNPACK_SEQUENCE, 2, OP_VAR) /* TOS -> arg items, first on top */      \
    OP(UNPACK_EX, 2, OP_VAR)       /* a, *b, c: arg = before | after << 8 */ \
    OP(FORMAT_VALUE, 2, OP_VAR)    /* f-string field: arg&3 conv, arg&4 spec */ \
    OP(GET_ITER, 0, 0)             /* TOS = iter(TOS) */                     \
    OP(FOR_ITER, 4, OP_VAR)        /* push next(TOS), or pop it and jump */  \
    OP(JUMP_FORWARD, 4, 0)         /* jump to arg */                         \
    OP(JUMP_BACKWARD, 4, 0)        /* jump to arg; checks the eval breaker */ \
    OP(POP_JUMP_IF_FALSE, 4, -1)   /* pop TOS; jump to arg if false */       \
    OP(POP_JUMP_IF_TRUE, 4, -1)    /* pop TOS; jump to arg if true */        \
    OP(JUMP_IF_FALSE_OR_POP, 4, OP_VAR) /* keep TOS and jump if false */     \
    OP(JUMP_IF_TRUE_OR_POP, 4, OP_VAR)  /* keep TOS and jump if true */      \
    OP(MAKE_FUNCTION, 2, OP_VAR)   /* function from code TOS; arg flags:     \
                                      1 defaults, 2 kwdefaults, 8 closure */ \
    OP(CALL_FUNCTION, 2, OP_VAR)   /* call TOS-arg with the top arg items */ \
    OP(CALL_FUNCTION_KW, 2, OP_VAR) /* as above; TOS is a tuple of keyword   \
                                       names for the last items */           \
    OP(CALL_METHOD, 2, OP_VAR)     /* call what LOAD_METHOD left, arg args */ \
    OP(CALL_METHOD_KW, 2, OP_VAR)  /* as above with a names tuple on top */  \
    OP(CALL_FUNCTION_EX, 2, OP_VAR) /* f(*TOS1, **TOS) (arg 1) or f(*TOS) */ \
    OP(RETURN_VALUE, 0, -1)        /* return TOS to the caller */            \
    OP(YIELD_VALUE, 0, 0)          /* yield TOS; resume with the sent value */ \
    OP(GET_YIELD_FROM_ITER, 0, 0)  /* TOS = iter(TOS) unless a generator */  \
    OP(YIELD_FROM, 0, -1)          /* delegate: send TOS into TOS1 */        \
    OP(GET_AWAITABLE, 0, 0)        /* TOS = TOS.__await__() or coroutine */  \
    OP(RAISE_VARARGS, 2, OP_VAR)   /* raise (0 re-raise, 1 TOS, 2 from) */   \
    OP(RERAISE, 2, -1)             /* raise TOS again, traceback untouched */ \
    OP(PUSH_EXC_INFO, 0, 1)        /* exc -> previous handled exc, exc */    \
    OP(POP_EXCEPT, 0, -1)          /* restore the handled exc from TOS */    \
    OP(CHECK_EXC_MATCH, 0, 0)      /* TOS = isinstance(TOS1, TOS) */         \
    OP(WITH_EXCEPT_START, 0, 1)    /* push __exit__(type, exc, tb) */        \
    OP(BEFORE_WITH, 0, 1)          /* TOS -> __exit__, TOS.__enter__() */    \
    OP(LOAD_BUILD_CLASS, 0, 1)     /* push __build_class__ */                \
    OP(LOAD_ASSERTION_ERROR, 0, 1) /* push AssertionError */                 \
    OP(IMPORT_NAME, 2, -1)         /* import names[arg] (TOS1 level,         \
                                      TOS fromlist) */                       \
    OP(IMPORT_FROM, 2, 1)          /* push TOS.names[arg] */                 \
    OP(IMPORT_STAR, 0, -1)         /* from TOS import * */                   \
    OP(PRINT_EXPR, 0, -1)          /* REPL: show repr(TOS), set _ */         \
    OP(SETUP_ANNOTATIONS, 0, 0)    /* make __annotations__ */                \
    OP(BEFORE_ASYNC_WITH, 0, 1)    /* TOS -> __aexit__, TOS.__aenter__() */  \
    OP(GET_AITER, 0, 0)            /* TOS = TOS.__aiter__() */               \
    OP(GET_ANEXT, 0, 1)            /* push TOS.__anext__() awaitable */      \
    OP(END_ASYNC_FOR, 0, -2)       /* StopAsyncIteration ends the loop */

typedef enum Opcode {
#define OP_ENUM(name, bytes, effect) OP_##name,
    OPCODES(OP_ENUM)
#undef OP_ENUM
        OP__COUNT
} Opcode;

#endif

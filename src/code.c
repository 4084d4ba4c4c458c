/* code.c - code objects: creation, the line and exception tables, and the
 * per-opcode facts (size, name, stack effect) derived from opcodes.h. */
#include "config.h"

#include <stdlib.h>

#include "code.h"
#include "gc.h"

static const char *const op_names[] = {
#define OP_NAME(name, bytes, effect) #name,
    OPCODES(OP_NAME)
#undef OP_NAME
};

static const signed char op_bytes[] = {
#define OP_BYTES(name, bytes, effect) bytes,
    OPCODES(OP_BYTES)
#undef OP_BYTES
};

static const signed char op_effect[] = {
#define OP_EFFECT(name, bytes, effect) effect,
    OPCODES(OP_EFFECT)
#undef OP_EFFECT
};

ObjCode *code_new(ThreadState *ts)
{
    ObjCode *code = gc_alloc(ts, sizeof(ObjCode), OBJ_CODE, TYPE(ts, CODE));
    return code;
}

size_t code_bytecode_size(size_t len, size_t nnames)
{
    return ((len + 7) & ~(size_t)7) + nnames * sizeof(CodeGlobalCache);
}

void code_free(Interp *interp, ObjCode *code)
{
    (void)interp;
    free(code->bytecode);
    free(code->consts);
    free(code->names);
    free(code->varnames);
    free(code->cellvars);
    free(code->freevars);
    free(code->cell2arg);
    free(code->linetable);
    free(code->exctable);
    code->bytecode = NULL;
    code->consts = NULL;
    code->names = code->varnames = code->cellvars = code->freevars = NULL;
    code->cell2arg = NULL;
    code->linetable = NULL;
    code->exctable = NULL;
}

static unsigned read_varint(const uint8_t *p, size_t len, size_t *pos)
{
    unsigned v = 0;
    int shift = 0;
    while (*pos < len) {
        uint8_t b = p[(*pos)++];
        v |= (unsigned)(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
        shift += 7;
    }
    return v;
}

void code_position_at(const ObjCode *code, size_t offset, int *line,
                      int *end_line, int *col, int *end_col)
{
    size_t pos = 0, at = 0;
    int l = code->firstlineno, el = l, c = -1, ec = -1;
    while (pos < code->linetable_len) {
        const uint8_t *t = code->linetable;
        size_t n = code->linetable_len;
        unsigned d_off = read_varint(t, n, &pos);
        unsigned z = read_varint(t, n, &pos);
        unsigned span = read_varint(t, n, &pos);
        unsigned c1 = read_varint(t, n, &pos);
        unsigned ec1 = read_varint(t, n, &pos);
        if (at + d_off > offset)
            break;
        at += d_off;
        l += (int)(z >> 1) ^ -(int)(z & 1);
        el = l + (int)span;
        c = (int)c1 - 1;
        ec = (int)ec1 - 1;
    }
    if (line)
        *line = l;
    if (end_line)
        *end_line = el;
    if (col)
        *col = c;
    if (end_col)
        *end_col = ec;
}

bool code_is_top_level_coroutine(const ObjCode *code)
{
    /* module code is the only kind without CODE_OPTIMIZED (class bodies
     * are never coroutines) */
    return (code->flags & CODE_COROUTINE) && !(code->flags & CODE_OPTIMIZED);
}

int code_line_at(const ObjCode *code, size_t offset)
{
    int line;
    code_position_at(code, offset, &line, NULL, NULL, NULL);
    return line;
}

static void put_byte(uint8_t **buf, size_t *len, size_t *cap, uint8_t b)
{
    if (*len == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        uint8_t *nb = realloc(*buf, ncap);
        if (!nb)
            abort();
        *buf = nb;
        *cap = ncap;
    }
    (*buf)[(*len)++] = b;
}

static void put_varint(uint8_t **buf, size_t *len, size_t *cap, unsigned v)
{
    while (v >= 0x80) {
        put_byte(buf, len, cap, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    put_byte(buf, len, cap, (uint8_t)v);
}

void code_linetable_put(uint8_t **buf, size_t *len, size_t *cap,
                        unsigned offset_delta, int line_delta, int nlines,
                        int col, int end_col)
{
    put_varint(buf, len, cap, offset_delta);
    unsigned z = (unsigned)(line_delta * 2) ^ (unsigned)(line_delta >> 31);
    put_varint(buf, len, cap, z);
    put_varint(buf, len, cap, (unsigned)(nlines > 0 ? nlines : 0));
    put_varint(buf, len, cap, (unsigned)(col >= 0 ? col + 1 : 0));
    put_varint(buf, len, cap, (unsigned)(end_col >= 0 ? end_col + 1 : 0));
}

const CodeExcEntry *code_find_handler(const ObjCode *code, size_t offset)
{
    const CodeExcEntry *e = code->exctable;
    size_t lo = 0, hi = code->exctable_len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (offset < e[mid].start)
            hi = mid;
        else if (offset >= e[mid].end)
            lo = mid + 1;
        else
            return &e[mid];
    }
    return NULL;
}

const char *code_op_name(int op)
{
    if (op < 0 || op >= OP__COUNT)
        return "<invalid>";
    return op_names[op];
}

int code_op_size(int op)
{
    if (op < 0 || op >= OP__COUNT)
        return 1;
    return 1 + op_bytes[op];
}

bool code_op_is_jump(int op)
{
    return op >= 0 && op < OP__COUNT && op_bytes[op] == 4;
}

int code_stack_effect(int op, int arg, bool jump)
{
    switch (op) {
    case OP_BUILD_TUPLE:
    case OP_BUILD_LIST:
    case OP_BUILD_SET:
    case OP_BUILD_STRING:
    case OP_BUILD_SLICE:
        return 1 - arg;
    case OP_BUILD_MAP:
        return 1 - 2 * arg;
    case OP_UNPACK_SEQUENCE:
        return arg - 1;
    case OP_UNPACK_EX:
        return (arg & 0xff) + (arg >> 8);
    case OP_FORMAT_VALUE:
        return (arg & 4) ? -1 : 0;
    case OP_FOR_ITER:
        return jump ? -1 : 1;
    case OP_JUMP_IF_FALSE_OR_POP:
    case OP_JUMP_IF_TRUE_OR_POP:
        return jump ? 0 : -1;
    case OP_MAKE_FUNCTION:
        return -((arg & 1) != 0) - ((arg & 2) != 0) - ((arg & 8) != 0);
    case OP_CALL_FUNCTION:
        return -arg;
    case OP_CALL_FUNCTION_KW:
        return -arg - 1;
    case OP_CALL_METHOD:
        return -arg - 1;
    case OP_CALL_METHOD_KW:
        return -arg - 2;
    case OP_CALL_FUNCTION_EX:
        return (arg & 1) ? -2 : -1;
    case OP_RAISE_VARARGS:
        return -arg;
    default:
        if (op < 0 || op >= OP__COUNT)
            return 0;
        return op_effect[op];
    }
}

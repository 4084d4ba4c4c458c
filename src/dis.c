/* dis.c - the disassembler: bytecode back to readable instructions, laid
 * out as CPython's dis module lays them out, so that `:dis` shows a student
 * exactly the steps the dis documentation describes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "dis.h"
#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "opcodes.h"

static int read_arg(const uint8_t *p, int size)
{
    if (size == 3)
        return p[1] | (p[2] << 8);
    if (size == 5)
        return (int)((uint32_t)p[1] | ((uint32_t)p[2] << 8) |
                     ((uint32_t)p[3] << 16) | ((uint32_t)p[4] << 24));
    return 0;
}

static ObjStr *deref_name(ObjCode *code, int i)
{
    if ((size_t)i < code->ncellvars)
        return code->cellvars[i];
    if ((size_t)i - code->ncellvars < code->nfreevars)
        return code->freevars[i - code->ncellvars];
    return NULL;
}

static void const_repr(ThreadState *ts, Value v, StrBuf *out)
{
    if (IS_KIND(v, OBJ_CODE)) {
        ObjCode *c = AS_CODE(v);
        sb_printf(out, "<code object %s at %p, file \"%s\", line %d>",
                  c->name->data, (void *)c, c->filename->data, c->firstlineno);
        return;
    }
    Value r = obj_repr(ts, v);
    if (IS_ERR(r)) {
        exc_clear(ts);
        sb_puts(out, "?");
        return;
    }
    sb_append(out, AS_STR(r)->data, AS_STR(r)->len);
}

static void arg_meaning(ThreadState *ts, ObjCode *code, int op, int arg,
                        StrBuf *out)
{
    static const char *const cmp[] = {"<", "<=", "==", "!=", ">", ">="};
    switch (op) {
    case OP_LOAD_CONST:
        if ((size_t)arg < code->nconsts)
            const_repr(ts, code->consts[arg], out);
        break;
    case OP_LOAD_FAST:
    case OP_STORE_FAST:
    case OP_DELETE_FAST:
        if (arg < code->nlocals)
            sb_puts(out, code->varnames[arg]->data);
        break;
    case OP_LOAD_DEREF:
    case OP_STORE_DEREF:
    case OP_DELETE_DEREF:
    case OP_LOAD_CLOSURE:
    case OP_LOAD_CLASSDEREF: {
        ObjStr *n = deref_name(code, arg);
        if (n)
            sb_puts(out, n->data);
        break;
    }
    case OP_LOAD_GLOBAL:
    case OP_STORE_GLOBAL:
    case OP_DELETE_GLOBAL:
    case OP_LOAD_NAME:
    case OP_STORE_NAME:
    case OP_DELETE_NAME:
    case OP_LOAD_ATTR:
    case OP_STORE_ATTR:
    case OP_DELETE_ATTR:
    case OP_LOAD_METHOD:
    case OP_IMPORT_NAME:
    case OP_IMPORT_FROM:
        if ((size_t)arg < code->nnames)
            sb_puts(out, code->names[arg]->data);
        break;
    case OP_COMPARE_OP:
        if (arg >= 0 && arg < 6)
            sb_puts(out, cmp[arg]);
        break;
    case OP_FORMAT_VALUE: {
        static const char *const conv[] = {"", "str", "repr", "ascii"};
        sb_puts(out, conv[arg & 3]);
        if (arg & 4)
            sb_puts(out, (arg & 3) ? ", with format" : "with format");
        break;
    }
    case OP_MAKE_FUNCTION: {
        const char *sep = "";
        if (arg & 1) {
            sb_printf(out, "%sdefaults", sep);
            sep = ", ";
        }
        if (arg & 2) {
            sb_printf(out, "%skwdefaults", sep);
            sep = ", ";
        }
        if (arg & 8)
            sb_printf(out, "%sclosure", sep);
        break;
    }
    default:
        if (code_op_is_jump(op))
            sb_printf(out, "to %d", arg);
        break;
    }
}

void dis_code_flat(ThreadState *ts, ObjCode *code, StrBuf *out)
{
    size_t len = code->bytecode_len;
    const uint8_t *bc = code->bytecode;
    bool *target = calloc(len + 1, 1);
    if (!target)
        return;
    for (size_t off = 0; off < len;) {
        int op = bc[off];
        int size = code_op_size(op);
        if (code_op_is_jump(op)) {
            int t = read_arg(bc + off, size);
            if (t >= 0 && (size_t)t <= len)
                target[t] = true;
        }
        off += size;
    }
    for (size_t i = 0; i < code->exctable_len; i++) {
        const CodeExcEntry *e = &((const CodeExcEntry *)code->exctable)[i];
        if (e->handler <= len)
            target[e->handler] = true;
    }
    int width = len >= 10000 ? (int)snprintf(NULL, 0, "%zu", len) : 4;
    int last_line = -1;
    for (size_t off = 0; off < len;) {
        int op = bc[off];
        int size = code_op_size(op);
        int line = code_line_at(code, off);
        StrBuf ln;
        sb_init(&ln);
        if (line != last_line) {
            if (off > 0)
                sb_putc(out, '\n');
            sb_printf(&ln, "%3d", line);
            last_line = line;
        } else {
            sb_puts(&ln, "   ");
        }
        sb_puts(&ln, "     ");
        sb_puts(&ln, target[off] ? ">>" : "  ");
        sb_printf(&ln, " %*zu %-20s", width, off, code_op_name(op));
        if (size > 1) {
            int arg = read_arg(bc + off, size);
            sb_printf(&ln, " %5d", arg);
            StrBuf m;
            sb_init(&m);
            arg_meaning(ts, code, op, arg, &m);
            if (m.len)
                sb_printf(&ln, " (%s)", m.data);
            sb_free(&m);
        }
        /* rstrip */
        while (ln.len > 0 && ln.data[ln.len - 1] == ' ')
            ln.data[--ln.len] = 0;
        sb_append(out, ln.data, ln.len);
        sb_putc(out, '\n');
        sb_free(&ln);
        off += size;
    }
    if (code->exctable_len) {
        sb_puts(out, "ExceptionTable:\n");
        for (size_t i = 0; i < code->exctable_len; i++) {
            const CodeExcEntry *e = &((const CodeExcEntry *)code->exctable)[i];
            sb_printf(out, "  %u to %u -> %u [%u]%s\n", e->start, e->end,
                      e->handler, e->depth, e->lasti ? " lasti" : "");
        }
    }
    free(target);
}

void dis_instruction_arg(ThreadState *ts, ObjCode *code, size_t offset,
                         StrBuf *out)
{
    if (offset >= code->bytecode_len)
        return;
    const uint8_t *p = code->bytecode + offset;
    int size = code_op_size(*p);
    if (size > 1)
        arg_meaning(ts, code, *p, read_arg(p, size), out);
}

void dis_code(ThreadState *ts, ObjCode *code, StrBuf *out)
{
    dis_code_flat(ts, code, out);
    for (size_t i = 0; i < code->nconsts; i++) {
        Value v = code->consts[i];
        if (!IS_KIND(v, OBJ_CODE))
            continue;
        sb_puts(out, "\nDisassembly of ");
        const_repr(ts, v, out);
        sb_puts(out, ":\n");
        dis_code(ts, AS_CODE(v), out);
    }
}

/* run.c - from source text to a result: parse, compile, run, and the
 * reporting of an exception nobody caught. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "parse.h"
#include "run.h"
#include "str.h"
#include "vm.h"

static ObjClass *parse_error_class(ThreadState *ts, ParseErrorKind kind)
{
    switch (kind) {
    case PERR_INDENT:
        return TYPE(ts, IndentationError);
    case PERR_TAB:
        return TYPE(ts, TabError);
    default:
        return TYPE(ts, SyntaxError);
    }
}

ObjCode *run_compile(ThreadState *ts, const char *src, size_t len,
                     const char *filename, ParseMode mode, bool *incomplete)
{
    return run_compile_flags(ts, src, len, filename, mode, 0, incomplete);
}

ObjCode *run_compile_flags(ThreadState *ts, const char *src, size_t len,
                           const char *filename, ParseMode mode, int flags,
                           bool *incomplete)
{
    if (incomplete)
        *incomplete = false;
    interp_add_source(ts->interp, filename, src, len);
    AstArena *arena = ast_arena_new();
    if (!arena) {
        exc_no_memory(ts);
        return NULL;
    }
    ParseError err;
    memset(&err, 0, sizeof err);
    Mod *mod = parse_source(arena, src, len, mode, &err);
    ObjCode *code = NULL;
    if (!mod) {
        if (incomplete)
            *incomplete = err.incomplete;
        size_t line_len = 0;
        const char *line =
            interp_source_line(ts->interp, filename, err.line, &line_len);
        char *text = NULL;
        if (line) {
            text = malloc(line_len + 2);
            if (text) {
                memcpy(text, line, line_len);
                text[line_len] = '\n';
                text[line_len + 1] = '\0';
            }
        }
        exc_raise_syntax_range(ts, parse_error_class(ts, err.kind), err.msg,
                               filename, err.line, err.col + 1,
                               err.end_col + 1, text);
        free(text);
    } else {
        code = compile_module_flags(ts, mod, filename, flags);
    }
    ast_arena_free(arena);
    return code;
}

/* A program file must be UTF-8: CPython rejects it before tokenizing, with
 * a message naming the first bad byte and its line (an imported module's
 * bad byte is reported by the parser instead, as CPython does). */
static bool reject_non_utf8(ThreadState *ts, const char *src, size_t len,
                            const char *filename)
{
    size_t bad = utf8_check(src, len);
    if (bad == len)
        return false;
    int line = 1;
    for (size_t i = 0; i < bad; i++)
        line += src[i] == '\n';
    exc_raise(ts, TYPE(ts, SyntaxError),
              "Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, "
              "but no encoding declared; see "
              "https://peps.python.org/pep-0263/ for details",
              (unsigned char)src[bad], filename, line);
    return true;
}

Value run_source(ThreadState *ts, const char *src, size_t len,
                 const char *filename, ObjDict *globals, ParseMode mode)
{
    if (mode == PARSE_FILE && reject_non_utf8(ts, src, len, filename))
        return ERR_VAL;
    ObjCode *code = run_compile(ts, src, len, filename, mode, NULL);
    if (!code)
        return ERR_VAL;
    PROTECT_OBJ(ts, code);
    Value result = vm_run_module(ts, code, globals);
    UNPROTECT(ts, 1);
    return result;
}

/* Read a whole file into a malloc'd, NUL-terminated buffer. */
static char *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
        if (cap - len - 1 == 0) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf || failed) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

Value run_file(ThreadState *ts, const char *path, ObjDict *globals)
{
    size_t len = 0;
    char *src = read_file(path, &len);
    if (!src) {
        return exc_raise_os(ts, errno, path);
    }
    Value result = run_source(ts, src, len, path, globals, PARSE_FILE);
    free(src);
    return result;
}

int run_report_exception(ThreadState *ts, Value exc)
{
    if (obj_isinstance(ts, exc, TYPE(ts, SystemExit))) {
        ObjException *e = AS_EXCEPTION(exc);
        Value code = e->args && e->args->len > 0 ? e->args->items[0] : NONE_VAL;
        if (IS_NONE(code))
            return 0;
        if (IS_INT(code))
            return (int)(AS_INT(code) & 0xff);
        if (IS_BOOL(code))
            return AS_BOOL(code);
        Value text = obj_str(ts, code);
        if (IS_ERR(text)) {
            exc_clear(ts);
        } else {
            fwrite(AS_STR(text)->data, 1, AS_STR(text)->len, stderr);
            fputc('\n', stderr);
        }
        return 1;
    }
    fflush(stdout);
    exc_print(ts, exc, stderr);
    fflush(stderr);
    /* CPython dies of the SIGINT itself: the shell sees 128 + 2 */
    return obj_isinstance(ts, exc, TYPE(ts, KeyboardInterrupt)) ? 130 : 1;
}

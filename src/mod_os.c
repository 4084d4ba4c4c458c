/* mod_os.c - the os module (process ids, environment, working directory,
 * a few file operations) and its os.path submodule. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "builtins.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "import.h"
#include "list.h"
#include "ops.h"
#include "str.h"
#include "strbuf.h"
#include "tuple.h"

extern char **environ;

static Value cstr_value(ThreadState *ts, const char *s, size_t len)
{
    ObjStr *r = str_new(ts, s, len);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

/* A str argument as a C string, or NULL with TypeError. */
static const char *path_arg(ThreadState *ts, Value v, const char *fname)
{
    if (!IS_STR(v)) {
        RAISE(ts, TypeError,
              "%s: path should be string, bytes or os.PathLike, not %s",
              fname, obj_type_name(ts, v));
        return NULL;
    }
    return AS_STR(v)->data;
}

static Value os_getpid(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "getpid", argc, 0, 0) < 0)
        return ERR_VAL;
    return INT_VAL(getpid());
}

static Value os_getppid(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "getppid", argc, 0, 0) < 0)
        return ERR_VAL;
    return INT_VAL(getppid());
}

static Value os_cpu_count(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kw)
{
    if (args_count(ts, "cpu_count", argc, 0, 0) < 0)
        return ERR_VAL;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? INT_VAL(n) : NONE_VAL;
}

static Value os_getenv(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    static const ArgSpec spec = {"getenv", 2, 1, {"key", "default"}};
    Value a[2];
    if (argc == 0 && !kwnames)
        return RAISE(ts, TypeError,
                     "getenv() missing 1 required positional argument: "
                     "'key'");
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    if (!IS_STR(a[0]))
        return RAISE(ts, TypeError, "str expected, not %s",
                     obj_type_name(ts, a[0]));
    const char *v = getenv(AS_STR(a[0])->data);
    if (!v)
        return IS_UNDEF(a[1]) ? NONE_VAL : a[1];
    return cstr_value(ts, v, strlen(v));
}

static Value os_getcwd(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "getcwd", argc, 0, 0) < 0)
        return ERR_VAL;
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf))
        return exc_raise_os(ts, errno, NULL);
    return cstr_value(ts, buf, strlen(buf));
}

static Value os_chdir(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "chdir", argc, 1, 1) < 0)
        return ERR_VAL;
    const char *p = path_arg(ts, argv[0], "chdir");
    if (!p)
        return ERR_VAL;
    if (chdir(p) < 0)
        return exc_raise_os(ts, errno, p);
    return NONE_VAL;
}

static Value os_listdir(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "listdir", argc, 0, 1) < 0)
        return ERR_VAL;
    const char *p = ".";
    if (argc == 1 && !(p = path_arg(ts, argv[0], "listdir")))
        return ERR_VAL;
    DIR *d = opendir(p);
    if (!d)
        return exc_raise_os(ts, errno, p);
    ObjList *l = list_new(ts, 0);
    if (!l) {
        closedir(d);
        return ERR_VAL;
    }
    PROTECT_OBJ(ts, l);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        Value s = cstr_value(ts, e->d_name, strlen(e->d_name));
        if (IS_ERR(s) || list_append(ts, l, s) < 0) {
            closedir(d);
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
    }
    closedir(d);
    UNPROTECT(ts, 1);
    return OBJ_VAL(l);
}

/* One-path operations that return None: remove, rmdir, mkdir. */
static Value path_op(ThreadState *ts, int argc, Value *argv,
                     const char *name, int (*op)(const char *))
{
    if (args_count(ts, name, argc, 1, 2) < 0)
        return ERR_VAL;
    const char *p = path_arg(ts, argv[0], name);
    if (!p)
        return ERR_VAL;
    if (op(p) < 0)
        return exc_raise_os(ts, errno, p);
    return NONE_VAL;
}

static int mkdir_default(const char *p)
{
    return mkdir(p, 0777);
}

static Value os_remove(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return path_op(ts, argc, argv, "remove", unlink);
}

static Value os_rmdir(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return path_op(ts, argc, argv, "rmdir", rmdir);
}

static Value os_mkdir(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return path_op(ts, argc, argv, "mkdir", mkdir_default);
}

static Value os_rename(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "rename", argc, 2, 2) < 0)
        return ERR_VAL;
    const char *a = path_arg(ts, argv[0], "rename");
    const char *b = a ? path_arg(ts, argv[1], "rename") : NULL;
    if (!b)
        return ERR_VAL;
    if (rename(a, b) < 0)
        return exc_raise_os(ts, errno, a);
    return NONE_VAL;
}

/* ---------------------------------------------------------------- os.path */

static Value p_join(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "join", argc, 1, -1) < 0)
        return ERR_VAL;
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < argc; i++) {
        if (!IS_STR(argv[i])) {
            sb_free(&sb);
            return RAISE(ts, TypeError,
                         "join() argument must be str, bytes, or "
                         "os.PathLike object, not '%s'",
                         obj_type_name(ts, argv[i]));
        }
        ObjStr *s = AS_STR(argv[i]);
        if (s->len > 0 && s->data[0] == '/') {
            sb.len = 0;
        } else if (sb.len > 0 && sb.data[sb.len - 1] != '/') {
            sb_putc(&sb, '/');
        }
        sb_append(&sb, s->data, s->len);
    }
    Value r = cstr_value(ts, sb.data ? sb.data : "", sb.len);
    sb_free(&sb);
    return r;
}

/* Index just past the last '/' of [s] (0 when none). */
static size_t split_point(ObjStr *s)
{
    size_t i = s->len;
    while (i > 0 && s->data[i - 1] != '/')
        i--;
    return i;
}

static Value p_basename(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "basename", argc, 1, 1) < 0)
        return ERR_VAL;
    if (!path_arg(ts, argv[0], "basename"))
        return ERR_VAL;
    ObjStr *s = AS_STR(argv[0]);
    size_t i = split_point(s);
    return cstr_value(ts, s->data + i, s->len - i);
}

/* The head of a split: everything before the last '/', trailing slashes
 * removed unless it is all slashes. */
static size_t head_len(ObjStr *s)
{
    size_t i = split_point(s);
    size_t h = i;
    while (h > 0 && s->data[h - 1] == '/')
        h--;
    return h == 0 ? i : h;
}

static Value p_dirname(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "dirname", argc, 1, 1) < 0)
        return ERR_VAL;
    if (!path_arg(ts, argv[0], "dirname"))
        return ERR_VAL;
    ObjStr *s = AS_STR(argv[0]);
    return cstr_value(ts, s->data, head_len(s));
}

/* The tuple (s[:head_end], s[tail_start:]) that split and splitext
 * return. */
static Value cut_pair(ThreadState *ts, ObjStr *s, size_t head_end,
                      size_t tail_start)
{
    Value head = cstr_value(ts, s->data, head_end);
    if (IS_ERR(head))
        return head;
    PROTECT(ts, head);
    Value tail = cstr_value(ts, s->data + tail_start, s->len - tail_start);
    if (IS_ERR(tail)) {
        UNPROTECT(ts, 1);
        return tail;
    }
    PROTECT(ts, tail);
    ObjTuple *t = tuple_new(ts, 2);
    UNPROTECT(ts, 2);
    if (!t)
        return ERR_VAL;
    t->items[0] = head;
    t->items[1] = tail;
    return OBJ_VAL(t);
}

static Value p_split(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "split", argc, 1, 1) < 0)
        return ERR_VAL;
    if (!path_arg(ts, argv[0], "split"))
        return ERR_VAL;
    ObjStr *s = AS_STR(argv[0]);
    size_t i = split_point(s);
    return cut_pair(ts, s, head_len(s), i);
}

static Value p_splitext(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "splitext", argc, 1, 1) < 0)
        return ERR_VAL;
    if (!path_arg(ts, argv[0], "splitext"))
        return ERR_VAL;
    ObjStr *s = AS_STR(argv[0]);
    size_t base = split_point(s), dot = s->len;
    for (size_t i = s->len; i > base; i--) {
        if (s->data[i - 1] == '.') {
            dot = i - 1;
            break;
        }
    }
    /* a leading dot (".bashrc", "..x") is not an extension */
    size_t lead = base;
    while (lead < s->len && s->data[lead] == '.')
        lead++;
    if (dot < lead)
        dot = s->len;
    return cut_pair(ts, s, dot, dot);
}

static Value stat_test(ThreadState *ts, int argc, Value *argv,
                       const char *name, int which)
{
    if (args_count(ts, name, argc, 1, 1) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[0]))
        return FALSE_VAL;
    struct stat st;
    if (stat(AS_STR(argv[0])->data, &st) < 0)
        return FALSE_VAL;
    switch (which) {
    case 1:
        return BOOL_VAL(S_ISREG(st.st_mode));
    case 2:
        return BOOL_VAL(S_ISDIR(st.st_mode));
    default:
        return TRUE_VAL;
    }
}

static Value p_exists(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return stat_test(ts, argc, argv, "exists", 0);
}

static Value p_isfile(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return stat_test(ts, argc, argv, "isfile", 1);
}

static Value p_isdir(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return stat_test(ts, argc, argv, "isdir", 2);
}

static Value p_isabs(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "isabs", argc, 1, 1) < 0)
        return ERR_VAL;
    if (!path_arg(ts, argv[0], "isabs"))
        return ERR_VAL;
    return BOOL_VAL(AS_STR(argv[0])->data[0] == '/');
}

static Value p_getsize(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "getsize", argc, 1, 1) < 0)
        return ERR_VAL;
    const char *p = path_arg(ts, argv[0], "getsize");
    if (!p)
        return ERR_VAL;
    struct stat st;
    if (stat(p, &st) < 0)
        return exc_raise_os(ts, errno, p);
    return INT_VAL((int64_t)st.st_size);
}

/* abspath: join with the working directory, then drop "." and resolve
 * ".." lexically, as posixpath.normpath does. */
static Value p_abspath(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "abspath", argc, 1, 1) < 0)
        return ERR_VAL;
    const char *p = path_arg(ts, argv[0], "abspath");
    if (!p)
        return ERR_VAL;
    StrBuf in;
    sb_init(&in);
    if (p[0] != '/') {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) {
            sb_free(&in);
            return exc_raise_os(ts, errno, NULL);
        }
        sb_puts(&in, cwd);
        sb_putc(&in, '/');
    }
    sb_puts(&in, p);
    StrBuf out;
    sb_init(&out);
    import_normpath(in.data, &out);
    if (out.len == 0)
        sb_putc(&out, '/');
    Value r = cstr_value(ts, out.data, out.len);
    sb_free(&in);
    sb_free(&out);
    return r;
}

static ObjModule *make_path_module(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "posixpath");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const struct {
        const char *name;
        NativeFn fn;
    } fns[] = {
        {"join", p_join},         {"basename", p_basename},
        {"dirname", p_dirname},   {"split", p_split},
        {"splitext", p_splitext}, {"exists", p_exists},
        {"isfile", p_isfile},     {"isdir", p_isdir},
        {"isabs", p_isabs},       {"getsize", p_getsize},
        {"abspath", p_abspath},
    };
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
        if (module_add_fn(ts, mod, fns[i].name, fns[i].fn) < 0) {
            UNPROTECT(ts, 1);
            return NULL;
        }
    }
    ObjStr *sep = str_from_cstr(ts, "/");
    if (!sep || module_add_value(ts, mod, "sep", OBJ_VAL(sep)) < 0) {
        UNPROTECT(ts, 1);
        return NULL;
    }
    UNPROTECT(ts, 1);
    return mod;
}

/* os.environ: a snapshot dict of the environment at import time. */
static ObjDict *environ_dict(ThreadState *ts)
{
    ObjDict *d = dict_new(ts);
    if (!d)
        return NULL;
    PROTECT_OBJ(ts, d);
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq)
            continue;
        Value k = cstr_value(ts, *e, (size_t)(eq - *e));
        if (IS_ERR(k))
            goto fail;
        PROTECT(ts, k);
        Value v = cstr_value(ts, eq + 1, strlen(eq + 1));
        if (IS_ERR(v)) {
            UNPROTECT(ts, 1);
            goto fail;
        }
        PROTECT(ts, v);
        int r = dict_set(ts, d, k, v);
        UNPROTECT(ts, 2);
        if (r < 0)
            goto fail;
    }
    UNPROTECT(ts, 1);
    return d;
fail:
    UNPROTECT(ts, 1);
    return NULL;
}

ObjModule *mod_os_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "os");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const struct {
        const char *name;
        NativeFn fn;
    } fns[] = {
        {"getpid", os_getpid},   {"getppid", os_getppid},
        {"cpu_count", os_cpu_count}, {"getenv", os_getenv},
        {"getcwd", os_getcwd},   {"chdir", os_chdir},
        {"listdir", os_listdir}, {"remove", os_remove},
        {"unlink", os_remove},   {"rmdir", os_rmdir},
        {"mkdir", os_mkdir},     {"rename", os_rename},
    };
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        if (module_add_fn(ts, mod, fns[i].name, fns[i].fn) < 0)
            goto fail;
    const char *strs[][2] = {
        {"sep", "/"},    {"linesep", "\n"}, {"name", "posix"},
        {"curdir", "."}, {"pardir", ".."},  {"pathsep", ":"},
        {"extsep", "."}, {"devnull", "/dev/null"},
    };
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
        ObjStr *v = str_from_cstr(ts, strs[i][1]);
        if (!v || module_add_value(ts, mod, strs[i][0], OBJ_VAL(v)) < 0)
            goto fail;
    }
    ObjDict *env = environ_dict(ts);
    if (!env || module_add_value(ts, mod, "environ", OBJ_VAL(env)) < 0)
        goto fail;
    ObjModule *path = make_path_module(ts);
    if (!path || module_add_value(ts, mod, "path", OBJ_VAL(path)) < 0)
        goto fail;
    /* so that `import os.path` finds it without a file */
    if (ts->interp->modules &&
        dict_set_cstr(ts, ts->interp->modules, "os.path", OBJ_VAL(path)) < 0)
        goto fail;
    UNPROTECT(ts, 1);
    return mod;
fail:
    UNPROTECT(ts, 1);
    return NULL;
}

/* import.c - the import system: sys.modules, native modules, and .mpy
 * source modules and packages found along sys.path.
 *
 * `import a.b.c` imports a, then a.b, then a.b.c, each at most once: a
 * module is looked up in sys.modules first, then in the table of native
 * modules (top-level names only), then as a file.  A top-level module is
 * searched for along sys.path, a submodule along its package's __path__
 * (the package's directory).  In a directory D, module NAME is D/NAME.mpy
 * or a package D/NAME/__init__.mpy (a .py file is accepted after them, so
 * that lecture helpers written for CPython load too).
 *
 * A source module is entered in sys.modules BEFORE its body runs, so a
 * circular import finds the partly initialised module instead of looping,
 * and taken out again if the body fails, so that a later import retries.
 * After a submodule loads it becomes an attribute of its parent package.
 */
#include "import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtins.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "ops.h"
#include "run.h"
#include "str.h"
#include "strbuf.h"
#include "vm.h"

typedef ObjModule *(*ModuleInit)(ThreadState *ts);

static const struct {
    const char *name;
    ModuleInit init;
} native_modules[] = {
    {"sys", mod_sys_init},       {"time", mod_time_init},
    {"_thread", mod_thread_init}, {"gil", mod_gil_init},
    {"math", mod_math_init},     {"random", mod_random_init},
    {"os", mod_os_init},         {"_asyncio", mod_asyncio_init},
    {"_process", mod_process_init}, {"_traceback", mod_traceback_init},
};

static bool is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The whole file as a malloc'd NUL-terminated buffer, or NULL. */
static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    StrBuf sb;
    sb_init(&sb);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_append(&sb, buf, n);
    bool err = ferror(fp);
    fclose(fp);
    if (err) {
        sb_free(&sb);
        return NULL;
    }
    if (!sb.data)
        sb_putc(&sb, '\0'), sb.len = 0;
    *len = sb.len;
    return sb.data;
}

void import_normpath(const char *path, StrBuf *out)
{
    const char *s = path;
    while (*s) {
        while (*s == '/')
            s++;
        const char *e = s;
        while (*e && *e != '/')
            e++;
        size_t n = (size_t)(e - s);
        if (n == 0 || (n == 1 && s[0] == '.')) {
            /* nothing */
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (out->len > 0 && out->data[out->len - 1] != '/')
                out->len--;
            if (out->len > 0)
                out->len--;
        } else {
            sb_putc(out, '/');
            sb_append(out, s, n);
        }
        s = e;
    }
}

/* [dir] made absolute and normalised ("." and ".." resolved lexically, no
 * trailing slash) into [out]: module paths are absolute, as CPython's
 * are, so tracebacks and __file__ read the same. */
static void absolute_dir(const char *dir, StrBuf *out)
{
    StrBuf in;
    sb_init(&in);
    if (dir[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd))
            sb_puts(&in, cwd);
        sb_putc(&in, '/');
    }
    sb_puts(&in, dir);
    out->len = 0;
    import_normpath(in.data, out);
    sb_putc(out, '\0'); /* make data valid even when empty */
    out->len--;
    sb_free(&in);
}

/* Look for module [leaf] in directory [dir]: fills [path] with the file
 * to run and returns 1 for a plain module, 2 for a package, 0 if absent. */
static int find_in_dir(const char *dir, const char *leaf, StrBuf *path)
{
    static const char *const exts[] = {".mpy", ".py"};
    StrBuf absdir;
    sb_init(&absdir);
    absolute_dir(dir, &absdir);
    int found = 0;
    for (size_t i = 0; i < 2 && !found; i++) {
        for (int pkg = 1; pkg >= 0 && !found; pkg--) {
            path->len = 0;
            sb_append(path, absdir.data, absdir.len);
            sb_putc(path, '/');
            sb_puts(path, leaf);
            if (pkg) {
                sb_puts(path, "/__init__");
                sb_puts(path, exts[i]);
            } else {
                sb_puts(path, exts[i]);
            }
            if (is_regular_file(path->data))
                found = pkg ? 2 : 1;
        }
    }
    sb_free(&absdir);
    return found;
}

static int set_attr_cstr(ThreadState *ts, ObjModule *mod, const char *name,
                         const char *value)
{
    ObjStr *s = str_from_cstr(ts, value);
    if (!s)
        return -1;
    return module_add_value(ts, mod, name, OBJ_VAL(s));
}

/* Run the source file [path] as module [fullname]. */
static Value load_source(ThreadState *ts, const char *fullname,
                         const char *path, bool package)
{
    Interp *in = ts->interp;
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return RAISE(ts, ImportError, "[Errno %d] %s: '%s'", errno,
                     strerror(errno), path);
    /* run_compile registers the source for tracebacks */

    ObjModule *mod = module_new(ts, fullname);
    if (!mod) {
        free(text);
        return ERR_VAL;
    }
    PROTECT_OBJ(ts, mod);
    ObjStr *key = str_from_cstr(ts, fullname);
    if (!key)
        goto fail_early;
    PROTECT_OBJ(ts, key);
    if (set_attr_cstr(ts, mod, "__file__", path) < 0 ||
        (in->builtins_module &&
         module_add_value(ts, mod, "__builtins__",
                          OBJ_VAL(in->builtins_module)) < 0))
        goto fail;
    if (package) {
        const char *slash = strrchr(path, '/');
        StrBuf dir;
        sb_init(&dir);
        if (slash)
            sb_append(&dir, path, (size_t)(slash - path));
        else
            sb_putc(&dir, '.');
        ObjStr *d = str_from_cstr(ts, dir.data);
        sb_free(&dir);
        if (!d)
            goto fail;
        PROTECT_OBJ(ts, d);
        ObjList *pl = list_from_array(ts, (Value[]){OBJ_VAL(d)}, 1);
        UNPROTECT(ts, 1);
        if (!pl || module_add_value(ts, mod, "__path__", OBJ_VAL(pl)) < 0 ||
            set_attr_cstr(ts, mod, "__package__", fullname) < 0)
            goto fail;
    } else {
        const char *dot = strrchr(fullname, '.');
        StrBuf pkg;
        sb_init(&pkg);
        if (dot)
            sb_append(&pkg, fullname, (size_t)(dot - fullname));
        else
            sb_putc(&pkg, '\0'), pkg.len = 0;
        int r = set_attr_cstr(ts, mod, "__package__", pkg.data);
        sb_free(&pkg);
        if (r < 0)
            goto fail;
    }

    /* in sys.modules before the body runs: circular imports see it */
    if (dict_set(ts, in->modules, OBJ_VAL(key), OBJ_VAL(mod)) < 0)
        goto fail;
    ObjCode *code = run_compile(ts, text, len, path, PARSE_FILE, NULL);
    free(text);
    text = NULL;
    if (!code)
        goto fail_registered;
    PROTECT_OBJ(ts, code);
    Value r = vm_run_module(ts, code, mod->dict);
    UNPROTECT(ts, 1);
    if (IS_ERR(r))
        goto fail_registered;
    /* a module may replace itself in sys.modules */
    Value final;
    if (dict_get(ts, in->modules, OBJ_VAL(key), &final) <= 0)
        final = OBJ_VAL(mod);
    UNPROTECT(ts, 2);
    return final;

fail_registered:
    /* deleting a str key neither raises nor allocates: safe with the
     * exception pending */
    dict_del(ts, in->modules, OBJ_VAL(key));
fail:
    UNPROTECT(ts, 1);
fail_early:
    UNPROTECT(ts, 1);
    free(text);
    return ERR_VAL;
}

static Value not_found(ThreadState *ts, const char *fullname)
{
    return RAISE(ts, ModuleNotFoundError, "No module named '%s'", fullname);
}

/* Import one module [fullname] whose parent package (NULL for a top-level
 * name) is already imported. */
static Value import_one(ThreadState *ts, const char *fullname, Value parent)
{
    Interp *in = ts->interp;
    Value found;
    ObjStr *key = str_from_cstr(ts, fullname);
    if (!key)
        return ERR_VAL;
    int r = dict_get(ts, in->modules, OBJ_VAL(key), &found);
    if (r < 0)
        return ERR_VAL;
    if (r > 0) {
        if (IS_NONE(found))
            return RAISE(ts, ModuleNotFoundError,
                         "import of %s halted; None in sys.modules",
                         fullname);
        return found;
    }

    const char *leaf = strrchr(fullname, '.');
    leaf = leaf ? leaf + 1 : fullname;

    if (IS_UNDEF(parent)) {
        if (strcmp(fullname, "builtins") == 0 && in->builtins_module)
            return OBJ_VAL(in->builtins_module);
        for (size_t i = 0; i < sizeof native_modules / sizeof *native_modules;
             i++) {
            if (strcmp(native_modules[i].name, fullname) != 0)
                continue;
            ObjModule *m = native_modules[i].init(ts);
            if (!m)
                return ERR_VAL;
            PROTECT_OBJ(ts, m);
            key = str_from_cstr(ts, fullname);
            int sr = key ? dict_set(ts, in->modules, OBJ_VAL(key), OBJ_VAL(m))
                         : -1;
            UNPROTECT(ts, 1);
            return sr < 0 ? ERR_VAL : OBJ_VAL(m);
        }
    }

    /* the directories to search */
    Value dirs;
    if (IS_UNDEF(parent)) {
        dirs = in->sys_path ? OBJ_VAL(in->sys_path) : NONE_VAL;
    } else {
        ObjStr *pathname = str_intern_cstr(ts, "__path__");
        if (!pathname)
            return ERR_VAL;
        int pr = obj_getattr_opt(ts, parent, pathname, &dirs);
        if (pr < 0)
            return ERR_VAL;
        if (pr == 0 || !IS_LIST(dirs)) {
            const char *dot = strrchr(fullname, '.');
            return RAISE(ts, ModuleNotFoundError,
                         "No module named '%s'; '%.*s' is not a package",
                         fullname, (int)(dot - fullname), fullname);
        }
    }
    if (!IS_LIST(dirs))
        return not_found(ts, fullname);
    PROTECT(ts, dirs);
    StrBuf path;
    sb_init(&path);
    int kind = 0;
    ObjList *l = AS_LIST(dirs);
    for (size_t i = 0; i < l->len && !kind; i++) {
        if (!IS_STR(l->items[i]))
            continue;
        kind = find_in_dir(AS_STR(l->items[i])->data, leaf, &path);
    }
    UNPROTECT(ts, 1);
    if (!kind) {
        sb_free(&path);
        return not_found(ts, fullname);
    }
    Value mod = load_source(ts, fullname, path.data, kind == 2);
    sb_free(&path);
    if (IS_ERR(mod) || IS_UNDEF(parent))
        return mod;
    PROTECT(ts, mod);
    ObjStr *leafname = str_intern_cstr(ts, leaf);
    int sr = leafname ? obj_setattr(ts, parent, leafname, mod) : -1;
    UNPROTECT(ts, 1);
    return sr < 0 ? ERR_VAL : mod;
}

Value import_module(ThreadState *ts, ObjStr *name, bool fromlist)
{
    if (name->len == 0)
        return RAISE(ts, ValueError, "Empty module name");
    if (name->data[0] == '.')
        return RAISE(ts, ImportError,
                     "attempted relative import with no known parent "
                     "package");
    char *full = strdup(name->data);
    if (!full)
        return exc_no_memory(ts);
    Value top = UNDEF_VAL, cur = UNDEF_VAL;
    size_t top_slot = ts->roots.len;
    PROTECT(ts, NONE_VAL);
    PROTECT(ts, NONE_VAL);
    for (char *p = full;; p++) {
        if (*p != '.' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        cur = import_one(ts, full, cur);
        *p = saved;
        if (IS_ERR(cur))
            break;
        if (IS_UNDEF(top))
            top = cur;
        ts->roots.items[top_slot] = top;
        ts->roots.items[top_slot + 1] = cur;
        if (saved == '\0')
            break;
    }
    UNPROTECT(ts, 2);
    free(full);
    if (IS_ERR(cur))
        return cur;
    return fromlist ? cur : top;
}

Value import_module_level(ThreadState *ts, ObjStr *name, bool fromlist,
                          int level, ObjDict *globals)
{
    if (level <= 0)
        return import_module(ts, name, fromlist);
    /* the package the importing module lives in */
    Value pkg = NONE_VAL;
    ObjStr *pkgname = str_intern_cstr(ts, "__package__");
    if (!pkgname)
        return ERR_VAL;
    if (globals && (!dict_get_str(globals, pkgname, &pkg) || !IS_STR(pkg))) {
        Value modname, path;
        ObjStr *pathname = str_intern_cstr(ts, "__path__");
        if (!pathname)
            return ERR_VAL;
        pkg = NONE_VAL;
        if (dict_get_str(globals, NAME(ts, name), &modname) &&
            IS_STR(modname) && strcmp(AS_STR(modname)->data, "__main__")) {
            if (dict_get_str(globals, pathname, &path)) {
                pkg = modname;
            } else {
                const char *dot = strrchr(AS_STR(modname)->data, '.');
                if (dot) {
                    ObjStr *p = str_new(ts, AS_STR(modname)->data,
                                        (size_t)(dot - AS_STR(modname)->data));
                    if (!p)
                        return ERR_VAL;
                    pkg = OBJ_VAL(p);
                }
            }
        }
    }
    if (!IS_STR(pkg) || AS_STR(pkg)->len == 0)
        return RAISE(ts, ImportError, "attempted relative import with no "
                                      "known parent package");
    StrBuf full;
    sb_init(&full);
    sb_append(&full, AS_STR(pkg)->data, AS_STR(pkg)->len);
    for (int i = 1; i < level; i++) {
        char *dot = full.data + full.len;
        while (dot > full.data && *dot != '.')
            dot--;
        if (*dot != '.') {
            sb_free(&full);
            return RAISE(ts, ImportError, "attempted relative import beyond "
                                          "top-level package");
        }
        full.len = (size_t)(dot - full.data);
        full.data[full.len] = '\0';
    }
    if (name->len > 0) {
        sb_putc(&full, '.');
        sb_append(&full, name->data, name->len);
    }
    ObjStr *target = str_new(ts, full.data, full.len);
    sb_free(&full);
    if (!target)
        return ERR_VAL;
    PROTECT_OBJ(ts, target);
    Value r = import_module(ts, target, true);
    UNPROTECT(ts, 1);
    (void)fromlist;
    return r;
}

/* The module's name and the location CPython's ImportError shows. */
static void describe_module(ThreadState *ts, Value module, const char **name,
                            const char **file)
{
    *name = "?";
    *file = NULL;
    if (IS_KIND(module, OBJ_MODULE)) {
        ObjModule *m = AS_MODULE(module);
        *name = m->name->data;
        Value f;
        if (dict_get_str(m->dict, NAME(ts, file), &f) && IS_STR(f))
            *file = AS_STR(f)->data;
    }
}

static Value import_from_impl(ThreadState *ts, Value module, ObjStr *name)
{
    Value out;
    int r = obj_getattr_opt(ts, module, name, &out);
    if (r < 0)
        return ERR_VAL;
    if (r > 0)
        return out;
    const char *mname, *file;
    describe_module(ts, module, &mname, &file);
    /* `from package import submodule` loads the submodule */
    if (IS_KIND(module, OBJ_MODULE)) {
        ObjStr *pathname = str_intern_cstr(ts, "__path__");
        Value p;
        if (pathname && dict_get_str(AS_MODULE(module)->dict, pathname, &p)) {
            StrBuf full;
            sb_init(&full);
            sb_printf(&full, "%s.%s", mname, name->data);
            Value sub = import_one(ts, full.data, module);
            sb_free(&full);
            if (!IS_ERR(sub))
                return sub;
            if (!exc_matches(ts, TYPE(ts, ModuleNotFoundError)))
                return ERR_VAL;
            exc_clear(ts);
        }
    }
    return RAISE(ts, ImportError, "cannot import name '%s' from '%s' (%s)",
                 name->data, mname, file ? file : "unknown location");
}

Value import_from(ThreadState *ts, Value module, ObjStr *name)
{
    PROTECT_OBJ(ts, name);
    PROTECT(ts, module);
    Value r = import_from_impl(ts, module, name);
    UNPROTECT(ts, 2);
    return r;
}

int import_star(ThreadState *ts, Value module, ObjDict *target)
{
    if (!IS_KIND(module, OBJ_MODULE)) {
        RAISE(ts, TypeError, "import * expects a module");
        return -1;
    }
    ObjModule *m = AS_MODULE(module);
    Value all;
    if (dict_get_str(m->dict, NAME(ts, all), &all)) {
        PROTECT(ts, all);
        Value it = obj_iter(ts, all);
        if (IS_ERR(it)) {
            UNPROTECT(ts, 1);
            return -1;
        }
        PROTECT(ts, it);
        Value item;
        int r;
        while ((r = obj_next(ts, it, &item)) > 0) {
            if (!IS_STR(item)) {
                RAISE(ts, TypeError,
                      "Item in %s.__all__ must be str, not %s", m->name->data,
                      obj_type_name(ts, item));
                r = -1;
                break;
            }
            ObjStr *n = AS_STR(item);
            if (!n->interned) {
                n = str_intern(ts, n->data, n->len);
                if (!n) {
                    r = -1;
                    break;
                }
            }
            Value v = obj_getattr(ts, module, n);
            if (IS_ERR(v) || dict_set_str(ts, target, n, v) < 0) {
                r = -1;
                break;
            }
        }
        UNPROTECT(ts, 2);
        return r < 0 ? -1 : 0;
    }
    size_t pos = 0;
    Value k, v;
    while (dict_next(m->dict, &pos, &k, &v)) {
        if (!IS_STR(k) || AS_STR(k)->data[0] == '_')
            continue;
        if (dict_set(ts, target, k, v) < 0)
            return -1;
    }
    return 0;
}

/* The builtins that live in lib/: found on first use, so a program that
 * never mentions them does not pay for importing threading. */
static const struct {
    const char *name, *module;
} lazy_builtins[] = {
    {"Thread", "threading"},
    {"Lock", "threading"},
    {"Queue", "queue"},
    {"Process", "multiprocessing"},
};

int import_lazy_builtin(ThreadState *ts, ObjStr *name, Value *out)
{
    for (size_t i = 0; i < sizeof lazy_builtins / sizeof *lazy_builtins;
         i++) {
        if (strcmp(name->data, lazy_builtins[i].name) != 0)
            continue;
        ObjStr *modname = str_intern_cstr(ts, lazy_builtins[i].module);
        if (!modname)
            return -1;
        Value mod = import_module(ts, modname, false);
        if (IS_ERR(mod))
            return -1;
        PROTECT(ts, mod);
        Value v = import_from(ts, mod, name);
        if (!IS_ERR(v))
            PROTECT(ts, v);
        int r = IS_ERR(v) ? -1
                          : dict_set_str(ts, ts->interp->builtins, name, v);
        UNPROTECT(ts, IS_ERR(v) ? 1 : 2);
        if (r < 0)
            return -1;
        *out = v;
        return 1;
    }
    return 0;
}

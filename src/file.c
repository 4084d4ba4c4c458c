/* file.c - the text-file type behind open() and sys.stdin/stdout/stderr.
 *
 * open() and sys.stdin/stdout/stderr are OBJ_NATIVE_DATA objects of one
 * class (TextIOWrapper) whose data is a FileData.  The class object is
 * stashed in the `data` slot of the builtin `open` native, which is where
 * file_class() finds it again: there is no global to keep it in.  All
 * output goes through file_write, one fwrite per print() call, so that it
 * can later release the GIL around the write without tearing lines apart.
 */
#include "config.h"

#include "file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "builtins.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "ops.h"
#include "str.h"

typedef struct FileData {
    FILE *fp;
    char *name;
    char mode[8];
    bool readable, writable, owned, closed;
    int writers;        /* writes in progress with the GIL released */
    bool close_pending; /* closed meanwhile: fclose when the last ends */
} FileData;

static void file_mark(Interp *interp, void *data)
{
    (void)interp;
    (void)data;
}

static void file_free(void *data)
{
    FileData *fd = data;
    if (fd->owned && !fd->closed && fd->fp)
        fclose(fd->fp);
    free(fd->name);
    free(fd);
}

static const NativeDataType file_type = {"TextIOWrapper", file_mark,
                                         file_free};

static FileData *as_file(Value v)
{
    if (IS_KIND(v, OBJ_NATIVE_DATA) && AS_NATIVE_DATA(v)->type == &file_type)
        return AS_NATIVE_DATA(v)->data;
    return NULL;
}

bool file_is_file(Value v)
{
    return as_file(v) != NULL;
}

/* The file's FileData, checked open (and readable/writable as asked). */
static FileData *file_check(ThreadState *ts, Value self, int need)
{
    FileData *fd = as_file(self);
    if (!fd) {
        RAISE(ts, TypeError, "descriptor requires a 'TextIOWrapper' object");
        return NULL;
    }
    if (fd->closed) {
        RAISE(ts, ValueError, "I/O operation on closed file.");
        return NULL;
    }
    if (need == 'r' && !fd->readable) {
        RAISE(ts, OSError, "not readable");
        return NULL;
    }
    if (need == 'w' && !fd->writable) {
        RAISE(ts, OSError, "not writable");
        return NULL;
    }
    return fd;
}

Value file_text(ThreadState *ts, const char *data, size_t len)
{
    if (!utf8_valid(data, len))
        return RAISE(ts, UnicodeDecodeError,
                     "'utf-8' codec can't decode bytes: invalid utf-8");
    ObjStr *s = str_new(ts, data, len);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

/* One line including its newline ("" at end of file) into [sb]; at most
 * [limit] characters when limit >= 0.  The one place files are read by
 * line, so the GIL can later be released here. */
static void read_line(FILE *fp, StrBuf *sb, int64_t limit)
{
    int64_t nchars = 0;
    int c;
    while ((limit < 0 || nchars < limit) && (c = fgetc(fp)) != EOF) {
        sb_putc(sb, (char)c);
        if ((c & 0xC0) != 0x80)
            nchars++;
        if (c == '\n')
            break;
    }
    /* finish a multi-byte character cut by the limit */
    while (limit >= 0 && nchars >= limit && (c = fgetc(fp)) != EOF) {
        if ((c & 0xC0) != 0x80) {
            ungetc(c, fp);
            break;
        }
        sb_putc(sb, (char)c);
    }
}

static void read_all(FILE *fp, StrBuf *sb, int64_t limit)
{
    if (limit < 0) {
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
            sb_append(sb, buf, n);
        return;
    }
    int64_t nchars = 0;
    int c;
    while ((c = fgetc(fp)) != EOF) {
        if ((c & 0xC0) != 0x80) {
            if (nchars == limit) {
                ungetc(c, fp);
                break;
            }
            nchars++;
        }
        sb_putc(sb, (char)c);
    }
}

/* file.read([limit]) and file.readline([limit]), which differ only in
 * [reader]. */
static Value read_with(ThreadState *ts, const ArgSpec *spec, int argc,
                       Value *argv, ObjTuple *kwnames,
                       void (*reader)(FILE *, StrBuf *, int64_t))
{
    Value a[2];
    if (args_parse(ts, spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    FileData *fd = file_check(ts, a[0], 'r');
    if (!fd)
        return ERR_VAL;
    int64_t limit = -1;
    if (!IS_UNDEF(a[1]) && !IS_NONE(a[1]) &&
        builtins_as_int64(ts, a[1], &limit) < 0)
        return ERR_VAL;
    StrBuf sb;
    sb_init(&sb);
    reader(fd->fp, &sb, limit);
    Value r = file_text(ts, sb.data ? sb.data : "", sb.len);
    sb_free(&sb);
    return r;
}

static Value read_method(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    static const ArgSpec spec = {"read", 2, 1, {NULL, NULL}};
    return read_with(ts, &spec, argc, argv, kwnames, read_all);
}

static Value readline_method(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    static const ArgSpec spec = {"readline", 2, 1, {NULL, NULL}};
    return read_with(ts, &spec, argc, argv, kwnames, read_line);
}

static Value readlines_method(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (args_count(ts, "readlines", argc, 1, 2) < 0)
        return ERR_VAL;
    FileData *fd = file_check(ts, argv[0], 'r');
    if (!fd)
        return ERR_VAL;
    ObjList *l = list_new(ts, 0);
    if (!l)
        return ERR_VAL;
    PROTECT_OBJ(ts, l);
    for (;;) {
        StrBuf sb;
        sb_init(&sb);
        read_line(fd->fp, &sb, -1);
        if (sb.len == 0) {
            sb_free(&sb);
            break;
        }
        Value line = file_text(ts, sb.data, sb.len);
        sb_free(&sb);
        if (IS_ERR(line) || list_append(ts, l, line) < 0) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
    }
    UNPROTECT(ts, 1);
    return OBJ_VAL(l);
}

static Value next_method(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    FileData *fd = file_check(ts, argv[0], 'r');
    if (!fd)
        return ERR_VAL;
    StrBuf sb;
    sb_init(&sb);
    read_line(fd->fp, &sb, -1);
    if (sb.len == 0) {
        sb_free(&sb);
        return exc_raise_value(ts, OBJ_VAL(TYPE(ts, StopIteration)));
    }
    Value r = file_text(ts, sb.data, sb.len);
    sb_free(&sb);
    return r;
}

static Value self_method(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (!file_check(ts, argv[0], 0))
        return ERR_VAL;
    return argv[0];
}

/* The one fwrite of a print or a write(), with the GIL let go meanwhile
 * (a full pipe, a slow disk or a terminal must not stop the other
 * threads).  A thread may close the file during the write: the close
 * then waits for the last writer (close_pending).  While a trace is on,
 * stdout goes through the event log so a trace line never lands inside a
 * line of the program's output. */
static size_t write_out(ThreadState *ts, FileData *fd, const char *text,
                        size_t len)
{
    Events *ev = &ts->interp->events;
    FILE *fp = fd->fp;
    fd->writers++;
    bool released = gil_outside_begin(ts);
    size_t n;
    if (fp == stdout && events_tracing(ev, ~0)) {
        events_program_output(ev, fp, text, len);
        n = len;
    } else {
        n = console_write(&ts->interp->console, fp, text, len);
    }
    int err = errno; /* for the caller's OSError, past the GIL's calls */
    gil_outside_end(ts, released);
    if (--fd->writers == 0 && fd->close_pending) {
        fd->close_pending = false;
        if (fd->owned)
            fclose(fp);
        else
            fflush(fp);
    }
    errno = err;
    return n;
}

int file_write(ThreadState *ts, Value file, const char *text, size_t len)
{
    FileData *fd = as_file(file);
    if (fd) {
        if (!file_check(ts, file, 'w'))
            return -1;
        if (len > 0 && write_out(ts, fd, text, len) != len) {
            exc_raise_os(ts, errno, NULL);
            return -1;
        }
        return 0;
    }
    ObjStr *s = str_new(ts, text, len);
    if (!s)
        return -1;
    PROTECT_OBJ(ts, s);
    ObjStr *wname = str_intern_cstr(ts, "write");
    if (!wname) {
        UNPROTECT(ts, 1);
        return -1;
    }
    PROTECT_OBJ(ts, wname);
    Value r = obj_call_method(ts, file, wname, 1, (Value[]){OBJ_VAL(s)});
    UNPROTECT(ts, 2);
    return IS_ERR(r) ? -1 : 0;
}

int file_flush(ThreadState *ts, Value file)
{
    FileData *fd = as_file(file);
    if (fd) {
        if (!fd->closed)
            fflush(fd->fp);
        return 0;
    }
    ObjStr *fname = str_intern_cstr(ts, "flush");
    if (!fname)
        return -1;
    Value m;
    PROTECT_OBJ(ts, fname);
    int r = obj_getattr_opt(ts, file, fname, &m);
    UNPROTECT(ts, 1);
    if (r <= 0)
        return r;
    return IS_ERR(obj_call(ts, m, 0, NULL, NULL)) ? -1 : 0;
}

static Value write_method(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "write", kwnames) < 0 ||
        args_count(ts, "write", argc - 1, 1, 1) < 0)
        return ERR_VAL;
    if (!file_check(ts, argv[0], 'w'))
        return ERR_VAL;
    if (!IS_STR(argv[1]))
        return RAISE(ts, TypeError, "write() argument must be str, not %s",
                     obj_type_name(ts, argv[1]));
    ObjStr *s = AS_STR(argv[1]);
    if (file_write(ts, argv[0], s->data, s->len) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)s->nchars);
}

static Value writelines_method(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    if (args_count(ts, "writelines", argc - 1, 1, 1) < 0)
        return ERR_VAL;
    if (!file_check(ts, argv[0], 'w'))
        return ERR_VAL;
    Value it = obj_iter(ts, argv[1]);
    if (IS_ERR(it))
        return ERR_VAL;
    PROTECT(ts, it);
    Value item;
    int r;
    while ((r = obj_next(ts, it, &item)) > 0) {
        if (!IS_STR(item)) {
            UNPROTECT(ts, 1);
            return RAISE(ts, TypeError,
                         "write() argument must be str, not %s",
                         obj_type_name(ts, item));
        }
        if (file_write(ts, argv[0], AS_STR(item)->data,
                       AS_STR(item)->len) < 0) {
            r = -1;
            break;
        }
    }
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : NONE_VAL;
}

static Value close_method(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    FileData *fd = as_file(argv[0]);
    if (!fd)
        return RAISE(ts, TypeError, "descriptor requires a file object");
    if (!fd->closed) {
        if (fd->writers > 0)
            fd->close_pending = true; /* another thread is writing */
        else if (fd->owned)
            fclose(fd->fp);
        else
            fflush(fd->fp);
        fd->closed = true;
    }
    return NONE_VAL;
}

static Value flush_method(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    FileData *fd = file_check(ts, argv[0], 0);
    if (!fd)
        return ERR_VAL;
    fflush(fd->fp);
    return NONE_VAL;
}

static Value exit_method(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    return close_method(ts, 1, argv, NULL);
}

static Value repr_method(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    FileData *fd = as_file(argv[0]);
    if (!fd)
        return RAISE(ts, TypeError, "descriptor requires a file object");
    bool std = fd->name[0] == '<';
    ObjStr *s = str_printf(ts,
                           "<_io.TextIOWrapper name='%s' mode='%s' "
                           "encoding='%s'>",
                           fd->name, fd->mode, std ? "utf-8" : "UTF-8");
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static Value fileno_method(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    FileData *fd = file_check(ts, argv[0], 0);
    return fd ? INT_VAL(fileno(fd->fp)) : ERR_VAL;
}

static Value readable_method(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    FileData *fd = file_check(ts, argv[0], 0);
    return fd ? BOOL_VAL(fd->readable) : ERR_VAL;
}

static Value writable_method(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    FileData *fd = file_check(ts, argv[0], 0);
    return fd ? BOOL_VAL(fd->writable) : ERR_VAL;
}

static Value isatty_method(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    FileData *fd = file_check(ts, argv[0], 0);
    return fd ? BOOL_VAL(isatty(fileno(fd->fp))) : ERR_VAL;
}

static Value seek_method(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    static const ArgSpec spec = {"seek", 3, 2, {NULL, NULL, NULL}};
    Value a[3];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    FileData *fd = file_check(ts, a[0], 0);
    if (!fd)
        return ERR_VAL;
    int64_t off, whence = 0;
    if (builtins_as_int64(ts, a[1], &off) < 0 ||
        (!IS_UNDEF(a[2]) && builtins_as_int64(ts, a[2], &whence) < 0))
        return ERR_VAL;
    if (whence < 0 || whence > 2)
        return RAISE(ts, ValueError,
                     "invalid whence (%lld, should be 0, 1 or 2)",
                     (long long)whence);
    if (whence != 0 && off != 0)
        return RAISE(ts, OSError, "can't do nonzero cur-relative seeks");
    int w = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END;
    if (fseeko(fd->fp, (off_t)off, w) < 0)
        return exc_raise_os(ts, errno, NULL);
    return INT_VAL((int64_t)ftello(fd->fp));
}

static Value tell_method(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    FileData *fd = file_check(ts, argv[0], 0);
    if (!fd)
        return ERR_VAL;
    off_t pos = ftello(fd->fp);
    if (pos < 0)
        return exc_raise_os(ts, errno, NULL);
    return INT_VAL((int64_t)pos);
}

static Value get_encoding(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    FileData *fd = as_file(argv[0]);
    ObjStr *s = str_from_cstr(ts, fd && fd->name[0] == '<' ? "utf-8"
                                                           : "UTF-8");
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static Value get_name(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    FileData *fd = as_file(argv[0]);
    if (!fd)
        return NONE_VAL;
    ObjStr *s = str_from_cstr(ts, fd->name);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static Value get_mode(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    FileData *fd = as_file(argv[0]);
    if (!fd)
        return NONE_VAL;
    ObjStr *s = str_from_cstr(ts, fd->mode);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static Value get_closed(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    FileData *fd = as_file(argv[0]);
    return BOOL_VAL(fd ? fd->closed : true);
}

/* A read-only property whose getter is the native [fn]. */
static void add_property(ThreadState *ts, ObjClass *cls, const char *name,
                         NativeFn fn)
{
    ObjNative *get = native_new(ts, name, fn);
    if (!get)
        return;
    PROTECT_OBJ(ts, get);
    ObjProperty *p = gc_alloc(ts, sizeof(ObjProperty), OBJ_PROPERTY,
                              TYPE(ts, PROPERTY));
    if (p) {
        p->fget = OBJ_VAL(get);
        p->fset = NONE_VAL;
        p->fdel = NONE_VAL;
        p->doc = NONE_VAL;
        class_add_value(ts, cls, name, OBJ_VAL(p));
    }
    UNPROTECT(ts, 1);
}

static ObjClass *make_file_class(ThreadState *ts)
{
    ObjStr *name = str_intern_cstr(ts, "TextIOWrapper");
    if (!name)
        return NULL;
    PROTECT_OBJ(ts, name);
    ObjClass *cls = class_new(ts, name, NULL, NULL);
    UNPROTECT(ts, 1);
    if (!cls)
        return NULL;
    /* built-in: its natives are methods, bound on attribute access (a
     * native in a user class would be a plain function) */
    cls->is_builtin = true;
    PROTECT_OBJ(ts, cls);
    ObjStr *modname = str_intern_cstr(ts, "_io");
    if (modname) {
        PROTECT_OBJ(ts, modname);
        class_add_value(ts, cls, "__module__", OBJ_VAL(modname));
        UNPROTECT(ts, 1);
    }
    class_add_native(ts, cls, "read", read_method);
    class_add_native(ts, cls, "readline", readline_method);
    class_add_native(ts, cls, "readlines", readlines_method);
    class_add_native(ts, cls, "write", write_method);
    class_add_native(ts, cls, "writelines", writelines_method);
    class_add_native(ts, cls, "close", close_method);
    class_add_native(ts, cls, "flush", flush_method);
    class_add_native(ts, cls, "fileno", fileno_method);
    class_add_native(ts, cls, "readable", readable_method);
    class_add_native(ts, cls, "writable", writable_method);
    class_add_native(ts, cls, "isatty", isatty_method);
    class_add_native(ts, cls, "seek", seek_method);
    class_add_native(ts, cls, "tell", tell_method);
    class_add_native(ts, cls, "__enter__", self_method);
    class_add_native(ts, cls, "__exit__", exit_method);
    class_add_native(ts, cls, "__iter__", self_method);
    class_add_native(ts, cls, "__next__", next_method);
    class_add_native(ts, cls, "__repr__", repr_method);
    add_property(ts, cls, "name", get_name);
    add_property(ts, cls, "mode", get_mode);
    add_property(ts, cls, "closed", get_closed);
    add_property(ts, cls, "encoding", get_encoding);
    class_update_slots(ts, cls);
    UNPROTECT(ts, 1);
    return cls;
}

static Value open_builtin(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames);

/* The file class lives in the `data` slot of builtins.open; whoever asks
 * first (builtins_init or sys, at start-up) makes both. */
static ObjClass *file_class(ThreadState *ts)
{
    ObjDict *b = ts->interp->builtins;
    ObjStr *key = str_intern_cstr(ts, "open");
    if (!key)
        return NULL;
    Value v;
    if (b && dict_get_str(b, key, &v) && IS_KIND(v, OBJ_NATIVE) &&
        AS_NATIVE(v)->fn == open_builtin && IS_CLASS(AS_NATIVE(v)->data))
        return AS_CLASS(AS_NATIVE(v)->data);
    PROTECT_OBJ(ts, key);
    ObjClass *cls = make_file_class(ts);
    if (!cls || !b) {
        UNPROTECT(ts, 1);
        return cls;
    }
    PROTECT_OBJ(ts, cls);
    ObjNative *open = native_new(ts, "open", open_builtin);
    if (open) {
        open->data = OBJ_VAL(cls);
        PROTECT_OBJ(ts, open);
        dict_set_str(ts, b, key, OBJ_VAL(open));
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 2);
    return cls;
}

Value file_new(ThreadState *ts, FILE *fp, const char *name,
               const char *mode, bool owned)
{
    ObjClass *cls = file_class(ts);
    if (!cls)
        return ERR_VAL;
    FileData *fd = calloc(1, sizeof *fd);
    char *dup = strdup(name);
    if (!fd || !dup) {
        free(fd);
        free(dup);
        return exc_no_memory(ts);
    }
    fd->fp = fp;
    fd->name = dup;
    snprintf(fd->mode, sizeof fd->mode, "%s", mode);
    fd->readable = strchr(mode, 'r') || strchr(mode, '+');
    fd->writable = strchr(mode, 'w') || strchr(mode, 'a') ||
                   strchr(mode, 'x') || strchr(mode, '+');
    fd->owned = owned;
    PROTECT_OBJ(ts, cls);
    ObjNativeData *obj = gc_alloc(ts, sizeof(ObjNativeData), OBJ_NATIVE_DATA,
                                  cls);
    UNPROTECT(ts, 1);
    if (!obj) {
        file_free(fd);
        return ERR_VAL;
    }
    obj->type = &file_type;
    obj->data = fd;
    return OBJ_VAL(obj);
}

static Value open_builtin(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    static const ArgSpec spec = {
        "open", 7, 1,
        {"file", "mode", "buffering", "encoding", "errors", "newline",
         "closefd"}};
    Value a[7];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    if (!IS_STR(a[0]))
        return RAISE(ts, TypeError,
                     "expected str, bytes or os.PathLike object, not %s",
                     obj_type_name(ts, a[0]));
    const char *mode = "r";
    if (!IS_UNDEF(a[1])) {
        if (!IS_STR(a[1]))
            return RAISE(ts, TypeError,
                         "open() argument 'mode' must be str, not %s",
                         obj_type_name(ts, a[1]));
        mode = AS_STR(a[1])->data;
    }
    int kinds = 0, plus = 0, text = 0;
    char base = 0;
    for (const char *p = mode; *p; p++) {
        if (strchr("rwax", *p)) {
            kinds++;
            base = *p;
        } else if (*p == '+') {
            plus++;
        } else if (*p == 't') {
            text++;
        } else if (*p == 'b') {
            return RAISE(ts, ValueError,
                         "binary mode is not supported: mode '%s'", mode);
        } else {
            return RAISE(ts, ValueError, "invalid mode: '%s'", mode);
        }
    }
    if (plus > 1 || text > 1 || strlen(mode) > 3)
        return RAISE(ts, ValueError, "invalid mode: '%s'", mode);
    if (kinds != 1)
        return RAISE(ts, ValueError, "must have exactly one of "
                                     "create/read/write/append mode");
    char cmode[4] = {base == 'x' ? 'w' : base, plus ? '+' : 0, 0, 0};
    if (base == 'x')
        cmode[plus ? 2 : 1] = 'x';
    const char *path = AS_STR(a[0])->data;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return exc_raise_os(ts, EISDIR, path);
    FILE *fp = fopen(path, cmode);
    if (!fp)
        return exc_raise_os(ts, errno, path);
    char pymode[4] = {base, plus ? '+' : 0, 0, 0};
    return file_new(ts, fp, path, pymode, true);
}

Value file_sys_stream(ThreadState *ts, const char *name)
{
    ObjModule *sys = ts->interp->sys_module;
    if (!sys)
        return UNDEF_VAL;
    ObjStr *key = str_intern_cstr(ts, name);
    Value v;
    if (!key || !dict_get_str(sys->dict, key, &v))
        return UNDEF_VAL;
    return v;
}

void file_install(ThreadState *ts)
{
    file_class(ts);
}

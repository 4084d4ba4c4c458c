/* interp.c - making and tearing down an interpreter: the built-in classes,
 * the interned names, the builtins and sys modules, the main thread.
 *
 * Bootstrapping has one knot: making a class needs a dict and a str, and
 * making a dict or a str needs their classes.  So the class objects of
 * builtin_types.h are allocated first as bare shells, the shells are wired
 * together (type of every class, bases, instance kinds), and only then do
 * they get their names and dicts.  The collector is held off until every
 * root exists.  After that, each module registers its own methods.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "builtins.h"
#include "bytes.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "iter.h"
#include "list.h"
#include "num.h"
#include "range.h"
#include "set.h"
#include "str.h"
#include "tuple.h"
#include "vm.h"

typedef struct BuiltinTypeInfo {
    const char *name;
    int base; /* TypeId, or -1 */
    ObjKind instance_kind;
} BuiltinTypeInfo;

#define TY_NONE_ (-1)
static const BuiltinTypeInfo builtin_type_info[TY__COUNT] = {
#define TYPE_INFO(id, pyname, base, kind) {pyname, TY_##base, kind},
    BUILTIN_TYPES(TYPE_INFO)
#undef TYPE_INFO
};

static const char *const common_name_text[NAME__COUNT] = {
#define NAME_TEXT(id, text) text,
    COMMON_NAMES(NAME_TEXT)
#undef NAME_TEXT
};

int thread_state_init_wake(ThreadState *ts)
{
    /* timed waits (gil.c) measure on the monotonic clock */
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&ts->wake, &attr);
    pthread_condattr_destroy(&attr);
    return rc;
}

ThreadState *thread_state_new(Interp *interp)
{
    ThreadState *ts = calloc(1, sizeof *ts);
    if (!ts)
        return NULL;
    if (thread_state_init_wake(ts) != 0) {
        free(ts);
        return NULL;
    }
    ts->interp = interp;
    ts->exc = UNDEF_VAL;
    ts->handled_exc = UNDEF_VAL;
    ts->handle = NONE_VAL;
    ts->start_fn = NONE_VAL;
    ts->start_args = NONE_VAL;
    ts->start_kwargs = NONE_VAL;
    ts->run = RUN_READY;
    return ts;
}

ThreadState *interp_find_thread(Interp *interp, uint64_t ident)
{
    for (ThreadState *t = interp->threads; t; t = t->next)
        if (t->ident == ident)
            return t;
    return NULL;
}

void thread_state_free(ThreadState *ts)
{
    FrameArena *a = ts->arena;
    while (a) {
        FrameArena *prev = a->prev;
        free(a->base);
        free(a);
        a = prev;
    }
    free(ts->roots.items);
    pthread_cond_destroy(&ts->wake);
    free(ts);
}

static void make_class_shells(ThreadState *ts)
{
    Interp *interp = ts->interp;
    for (int i = 0; i < TY__COUNT; i++)
        interp->types[i] = gc_alloc(ts, sizeof(ObjClass), OBJ_CLASS, NULL);
    for (int i = 0; i < TY__COUNT; i++) {
        ObjClass *cls = interp->types[i];
        const BuiltinTypeInfo *info = &builtin_type_info[i];
        cls->obj.cls = interp->types[TY_TYPE];
        cls->base = info->base >= 0 ? interp->types[info->base] : NULL;
        cls->instance_kind = (uint8_t)info->instance_kind;
        cls->is_builtin = true;
    }
}

static void name_class_shells(ThreadState *ts)
{
    Interp *interp = ts->interp;
    for (int i = 0; i < TY__COUNT; i++) {
        ObjClass *cls = interp->types[i];
        cls->name = str_intern_cstr(ts, builtin_type_info[i].name);
        cls->qualname = cls->name;
        cls->dict = dict_new(ts);
    }
}

static Value make_singleton(ThreadState *ts, TypeId type)
{
    ObjInstance *inst =
        gc_alloc(ts, sizeof(ObjInstance), OBJ_INSTANCE, ts->interp->types[type]);
    return OBJ_VAL(inst);
}

Interp *interp_new(void)
{
    Interp *interp = calloc(1, sizeof *interp);
    if (!interp)
        return NULL;
    interp->recursion_limit = 1000;
    interp->not_implemented = NONE_VAL;
    interp->ellipsis = NONE_VAL;
    interp->memory_error = NONE_VAL;
    interp->heap.next_gc = 8u << 20;
#ifdef MPY_STRESS_GC
    interp->heap.stress = true;
#endif
    atomic_init(&interp->eval_breaker, 0);
    atomic_init(&interp->pending_sigint, 0);
    gil_init(&interp->gil);
    console_init(&interp->console);
    events_init(&interp->events);
    interp->events.console = &interp->console;
    ThreadState *ts = thread_state_new(interp);
    if (!ts) {
        events_fini(&interp->events);
        console_fini(&interp->console);
        gil_destroy(&interp->gil);
        free(interp);
        return NULL;
    }
    interp->main_thread = ts;
    interp->threads = ts;
    interp->nthreads = 1;
    ts->ident = 1;
    ts->serial = interp->next_serial = 1;
    ts->pthread = pthread_self();
    snprintf(ts->name, sizeof ts->name, "MainThread");
    events_name_thread(&interp->events, 1, ts->name);
    gil_acquire(ts);

    /* No collection until every root below exists. */
    interp->heap.collecting = true;
    make_class_shells(ts);
    ObjStr *empty = gc_alloc(ts, sizeof(ObjStr) + 1, OBJ_STR,
                             interp->types[TY_STR]);
    empty->ascii = true;
    empty->hash = str_hash_bytes("", 0);
    interp->empty_str = empty;
    ObjTuple *empty_tuple =
        gc_alloc(ts, sizeof(ObjTuple), OBJ_TUPLE, interp->types[TY_TUPLE]);
    interp->empty_tuple = empty_tuple;
    name_class_shells(ts);
    for (int i = 0; i < NAME__COUNT; i++)
        interp->names[i] = str_intern_cstr(ts, common_name_text[i]);
    interp->not_implemented = make_singleton(ts, TY_NOTIMPLEMENTEDTYPE);
    interp->ellipsis = make_singleton(ts, TY_ELLIPSISTYPE);
    interp->modules = dict_new(ts);
    interp->sys_path = list_new(ts, 4);
    interp->sys_argv = list_new(ts, 4);
    interp->heap.collecting = false;

    exc_register(ts);
    class_register(ts);
    num_register(ts);
    str_register(ts);
    bytes_register(ts);
    list_register(ts);
    tuple_register(ts);
    dict_register(ts);
    set_register(ts);
    range_register(ts);
    iter_register(ts);
    vm_register(ts);
    interp->memory_error = exc_new(ts, interp->types[TY_MemoryError], NULL);

    interp->builtins_module = module_new(ts, "builtins");
    interp->builtins = interp->builtins_module->dict;
    dict_set_str(ts, interp->modules, interp->builtins_module->name,
                 OBJ_VAL(interp->builtins_module));
    builtins_init(ts);
    interp->sys_module = mod_sys_init(ts);
    if (interp->sys_module)
        dict_set_str(ts, interp->modules, interp->sys_module->name,
                     OBJ_VAL(interp->sys_module));
    if (exc_pending(ts)) {
        exc_print(ts, exc_fetch(ts), stderr);
        interp_free(interp);
        return NULL;
    }
    return interp;
}

ThreadState *interp_main_thread(Interp *interp)
{
    return interp->main_thread;
}

void interp_free(Interp *interp)
{
    if (!interp)
        return;
    gc_free_all(interp);
    free(interp->children);
    ThreadState *ts = interp->threads;
    while (ts) {
        ThreadState *next = ts->next;
        thread_state_free(ts);
        ts = next;
    }
    events_fini(&interp->events);
    console_fini(&interp->console);
    gil_destroy(&interp->gil);
    SourceFile *src = interp->sources;
    while (src) {
        SourceFile *next = src->next;
        free(src->filename);
        free(src->text);
        free(src);
        src = next;
    }
    free(interp);
}

void interp_add_source(Interp *interp, const char *filename, const char *text,
                       size_t len)
{
    SourceFile *src = NULL;
    for (SourceFile *s = interp->sources; s; s = s->next) {
        if (strcmp(s->filename, filename) == 0) {
            src = s;
            break;
        }
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return;
    memcpy(copy, text, len);
    copy[len] = '\0';
    if (src) {
        free(src->text);
    } else {
        src = calloc(1, sizeof *src);
        if (!src || !(src->filename = strdup(filename))) {
            free(src);
            free(copy);
            return;
        }
        src->next = interp->sources;
        interp->sources = src;
    }
    src->text = copy;
    src->len = len;
}

const char *interp_source_line(Interp *interp, const char *filename,
                               int lineno, size_t *len)
{
    for (SourceFile *s = interp->sources; s; s = s->next) {
        if (strcmp(s->filename, filename) != 0)
            continue;
        const char *p = s->text, *end = s->text + s->len;
        for (int line = 1; line < lineno && p < end; line++) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            if (!nl)
                return NULL;
            p = nl + 1;
        }
        if (p >= end && lineno > 1)
            return NULL;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        if (len)
            *len = n;
        return p;
    }
    return NULL;
}

/* complete.c - what Tab offers at the REPL's prompt.
 *
 * What it does.  Given the line being typed and the word under the
 * cursor, it lists every whole word that could replace it: a colon
 * command at the start of a line, a command's argument (a policy, a kind
 * of trace, a command name, a global for :dis), a keyword, a global or
 * builtin name, or an attribute after a dotted name: "math.sq" gives
 * "math.sqrt(".  As in CPython's rlcompleter, a callable gets "(", or
 * "()" when it is known to take no argument, a keyword gets the space or
 * colon that follows it, and names starting with '_' are offered only
 * when the word does.
 *
 * The algorithm.  Candidates are gathered into a growing array, then
 * sorted and made unique.  A dotted word is split at its last dot; the
 * part before is resolved one name at a time (a global or builtin, then
 * attribute lookups) and the names of the object are those dir() gives.
 * Nothing but name lookups, attribute lookups and dir() run, so Tab never
 * calls a function the student wrote except a __dir__, a __getattr__ or a
 * property named in the dotted part (a property that is only a candidate
 * is not read): a word such as "f().x" gives nothing.
 *
 * Invariants.  The caller holds the GIL; every exception raised while
 * looking is cleared here, so Tab never leaves one pending.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "class.h"
#include "code.h"
#include "complete.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "ops.h"
#include "repl_cmd.h"
#include "str.h"

typedef struct Matches {
    char **items;
    size_t len, cap;
    bool failed; /* out of memory */
} Matches;

static const char *const keywords[] = {
    "False", "None",   "True",    "and",      "as",       "assert",
    "async", "await",  "break",   "class",    "continue", "def",
    "del",   "elif",   "else",    "except",   "finally",  "for",
    "from",  "global", "if",      "import",   "in",       "is",
    "lambda", "nonlocal", "not",  "or",       "pass",     "raise",
    "return", "try",   "while",   "with",     "yield",
};

static const char *const policies[] = {"ticks", "interval", "deterministic"};
static const char *const trace_kinds[] = {"on",  "off", "gil", "threads",
                                          "ops", "tasks", "all"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Add [prefix][name][suffix] when [name] starts with [word] (of [n]
 * bytes); a private name only when the word starts with '_'. */
static void offer(Matches *m, const char *prefix, const char *name,
                  size_t name_len, const char *suffix, const char *word,
                  size_t n)
{
    if (m->failed || name_len < n || memcmp(name, word, n) != 0)
        return;
    if (name[0] == '_' && (n == 0 || word[0] != '_'))
        return;
    if (m->len == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        char **items = realloc(m->items, cap * sizeof *items);
        if (!items) {
            m->failed = true;
            return;
        }
        m->items = items;
        m->cap = cap;
    }
    size_t p = strlen(prefix), s = strlen(suffix);
    char *text = malloc(p + name_len + s + 1);
    if (!text) {
        m->failed = true;
        return;
    }
    memcpy(text, prefix, p);
    memcpy(text + p, name, name_len);
    memcpy(text + p + name_len, suffix, s + 1);
    m->items[m->len++] = text;
}

static void offer_words(Matches *m, const char *const *words, size_t count,
                        const char *prefix, const char *word, size_t n)
{
    for (size_t i = 0; i < count; i++)
        offer(m, prefix, words[i], strlen(words[i]), "", word, n);
}

/* The keywords, as rlcompleter offers them: with a space after those
 * that are followed by something, a colon after the two that open a
 * block on their own ("try:", "finally:"), nothing after the rest. */
static void offer_keywords(Matches *m, const char *word, size_t n)
{
    for (size_t i = 0; i < COUNT(keywords); i++) {
        const char *k = keywords[i];
        const char *suffix = " ";
        if (strcmp(k, "finally") == 0 || strcmp(k, "try") == 0)
            suffix = ":";
        else if (strcmp(k, "False") == 0 || strcmp(k, "None") == 0 ||
                 strcmp(k, "True") == 0 || strcmp(k, "break") == 0 ||
                 strcmp(k, "continue") == 0 || strcmp(k, "pass") == 0 ||
                 strcmp(k, "else") == 0)
            suffix = "";
        offer(m, "", k, strlen(k), suffix, word, n);
    }
}

/* Whether the function [f] takes no argument beyond [bound] leading
 * ones (self, for a method). */
static bool takes_nothing(const ObjFunction *f, int bound)
{
    const ObjCode *c = f->code;
    return c->argcount == bound && c->kwonlycount == 0 &&
           !(c->flags & (CODE_VARARGS | CODE_VARKEYWORDS));
}

/* Whether calling the user class [cls] takes no argument: its nearest
 * __init__ is a function of self alone, or it has none but object's. */
static bool class_takes_nothing(ObjClass *cls, ObjStr *init)
{
    for (; cls; cls = cls->base) {
        Value v;
        if (cls->is_builtin)
            return cls->base == NULL;
        if (dict_get_str(cls->dict, init, &v))
            return IS_FUNCTION(v) && takes_nothing(AS_FUNCTION(v), 1);
    }
    return false;
}

/* What follows a name bound to [v], as rlcompleter writes it: "()" for
 * a callable known to take no argument, "(" for another callable,
 * nothing for the rest.  Functions written in C declare no parameters,
 * so they get "(". */
static const char *call_suffix(ThreadState *ts, Value v)
{
    if (!obj_callable(ts, v))
        return "";
    bool empty = false;
    if (IS_FUNCTION(v)) {
        empty = takes_nothing(AS_FUNCTION(v), 0);
    } else if (IS_KIND(v, OBJ_BOUND_METHOD)) {
        Value f = AS_BOUND_METHOD(v)->func;
        empty = IS_FUNCTION(f) && takes_nothing(AS_FUNCTION(f), 1);
    } else if (IS_CLASS(v) && !AS_CLASS(v)->is_builtin) {
        ObjStr *init = str_intern_cstr(ts, "__init__");
        if (!init)
            exc_clear(ts);
        else
            empty = class_takes_nothing(AS_CLASS(v), init);
    }
    return empty ? "()" : "(";
}

/* The str keys of [d] that start with [word], with their call_suffix. */
static void offer_dict(ThreadState *ts, Matches *m, ObjDict *d,
                       const char *prefix, const char *word, size_t n)
{
    size_t pos = 0;
    Value key, value;
    while (dict_next(d, &pos, &key, &value)) {
        if (!IS_STR(key))
            continue;
        ObjStr *s = AS_STR(key);
        if (s->len >= n && memcmp(s->data, word, n) == 0)
            offer(m, prefix, s->data, s->len, call_suffix(ts, value), word,
                  n);
    }
}

/* The object a dotted name [text] (of [len] bytes, no trailing dot)
 * stands for, or UNDEF when it has none (no exception left pending). */
static Value resolve(ThreadState *ts, ObjDict *globals, const char *text,
                     size_t len)
{
    const char *dot = memchr(text, '.', len);
    size_t first = dot ? (size_t)(dot - text) : len;
    ObjStr *name = str_new(ts, text, first);
    if (!name) {
        exc_clear(ts);
        return UNDEF_VAL;
    }
    Value v;
    if (!dict_get_str(globals, name, &v) &&
        !dict_get_str(ts->interp->builtins, name, &v))
        return UNDEF_VAL;
    while (dot) {
        const char *start = dot + 1;
        dot = memchr(start, '.', (size_t)(text + len - start));
        size_t n = dot ? (size_t)(dot - start) : (size_t)(text + len - start);
        PROTECT(ts, v);
        ObjStr *attr = str_new(ts, start, n);
        Value next = attr ? obj_getattr(ts, v, attr) : ERR_VAL;
        UNPROTECT(ts, 1);
        if (IS_ERR(next)) {
            exc_clear(ts);
            return UNDEF_VAL;
        }
        v = next;
    }
    return v;
}

/* Whether [name] on [obj] is a property of its class: its getter is
 * code the student wrote, so it is offered without being run, as
 * rlcompleter does. */
static bool is_property(ThreadState *ts, Value obj, ObjStr *name)
{
    Value attr = class_lookup(obj_class(ts, obj), name);
    return IS_KIND(attr, OBJ_PROPERTY);
}

/* The attributes of [obj] that start with [word], as "[prefix]name";
 * "(" or "()" after methods, as call_suffix says. */
static void offer_attributes(ThreadState *ts, Matches *m, Value obj,
                             const char *prefix, const char *word, size_t n)
{
    Value dir_fn;
    ObjStr *dir_name = str_intern_cstr(ts, "dir");
    if (!dir_name || !dict_get_str(ts->interp->builtins, dir_name, &dir_fn)) {
        exc_clear(ts);
        return;
    }
    PROTECT(ts, obj);
    Value names = obj_call(ts, dir_fn, 1, &obj, NULL);
    if (IS_ERR(names) || !IS_LIST(names)) {
        exc_clear(ts);
        UNPROTECT(ts, 1);
        return;
    }
    PROTECT(ts, names);
    ObjList *list = AS_LIST(names);
    for (size_t i = 0; i < list->len && !m->failed; i++) {
        if (!IS_STR(list->items[i]))
            continue;
        ObjStr *s = AS_STR(list->items[i]);
        if (s->len < n || memcmp(s->data, word, n) != 0)
            continue;
        if (n == 1 && word[0] == '_' && s->len > 1 && s->data[1] == '_')
            continue; /* "_" asks for private names, "__" for dunders */
        if (is_property(ts, obj, s)) {
            offer(m, prefix, s->data, s->len, "", word, n);
            continue;
        }
        Value attr = obj_getattr(ts, obj, s);
        const char *suffix = "";
        if (IS_ERR(attr))
            exc_clear(ts);
        else {
            PROTECT(ts, attr);
            suffix = call_suffix(ts, attr);
            UNPROTECT(ts, 1);
        }
        offer(m, prefix, s->data, s->len, suffix, word, n);
    }
    UNPROTECT(ts, 2);
}

/* A Python word: a keyword, a name, or a dotted attribute. */
static void complete_word(ThreadState *ts, Matches *m, ObjDict *globals,
                          const char *word, size_t n, bool keywords_too)
{
    const char *dot = NULL;
    for (size_t i = 0; i < n; i++)
        if (word[i] == '.')
            dot = word + i;
    if (dot) {
        size_t base = (size_t)(dot - word);
        Value obj = resolve(ts, globals, word, base);
        if (IS_UNDEF(obj))
            return;
        char *prefix = strndup(word, base + 1);
        if (!prefix) {
            m->failed = true;
            return;
        }
        offer_attributes(ts, m, obj, prefix, dot + 1, n - base - 1);
        free(prefix);
        return;
    }
    if (keywords_too)
        offer_keywords(m, word, n);
    offer_dict(ts, m, globals, "", word, n);
    offer_dict(ts, m, ts->interp->builtins, "", word, n);
}

/* A colon command's name, or its argument. */
static void complete_command(ThreadState *ts, Matches *m, ObjDict *globals,
                             const char *line, const char *word, size_t n)
{
    const char *cmd = line + 1;
    size_t cmd_len = strcspn(cmd, " \t");
    if (word == line) {
        for (size_t i = 0; repl_command_name(i); i++) {
            const char *name = repl_command_name(i);
            offer(m, ":", name, strlen(name), "", word + 1, n - 1);
        }
        return;
    }
#define IS_CMD(s) (cmd_len == strlen(s) && strncmp(cmd, s, cmd_len) == 0)
    if (IS_CMD("gil"))
        offer_words(m, policies, COUNT(policies), "", word, n);
    else if (IS_CMD("trace"))
        offer_words(m, trace_kinds, COUNT(trace_kinds), "", word, n);
    else if (IS_CMD("help"))
        for (size_t i = 0; repl_command_name(i); i++) {
            const char *name = repl_command_name(i);
            offer(m, "", name, strlen(name), "", word, n);
        }
    else if (IS_CMD("dis"))
        complete_word(ts, m, globals, word, n, false);
#undef IS_CMD
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, unique, NULL-terminated; NULL when empty or out of memory. */
static char **finish(Matches *m)
{
    if (m->failed || m->len == 0) {
        for (size_t i = 0; i < m->len; i++)
            free(m->items[i]);
        free(m->items);
        return NULL;
    }
    qsort(m->items, m->len, sizeof *m->items, by_text);
    size_t out = 0;
    for (size_t i = 0; i < m->len; i++) {
        if (out > 0 && strcmp(m->items[out - 1], m->items[i]) == 0)
            free(m->items[i]);
        else
            m->items[out++] = m->items[i];
    }
    char **items = realloc(m->items, (out + 1) * sizeof *items);
    if (!items) {
        for (size_t i = 0; i < out; i++)
            free(m->items[i]);
        free(m->items);
        return NULL;
    }
    items[out] = NULL;
    return items;
}

char **complete_matches(ThreadState *ts, ObjDict *globals, const char *line,
                        int start, int end)
{
    Matches m = {0};
    size_t len = strlen(line);
    if (start < 0 || end < start || (size_t)end > len)
        return NULL;
    const char *word = line + start;
    size_t n = (size_t)(end - start);
    size_t lead = strspn(line, " \t");
    if (line[lead] == ':' && lead <= (size_t)start)
        complete_command(ts, &m, globals, line + lead, word, n);
    else
        complete_word(ts, &m, globals, word, n, true);
    return finish(&m);
}

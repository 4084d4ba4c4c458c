/* args.c - checking and unpacking native-function arguments, with the
 * TypeError messages CPython's argument parsers give. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "exc.h"
#include "ops.h"

static const char *plural(int n)
{
    return n == 1 ? "" : "s";
}

/* Parameters a spec describes: the positional ones plus any keyword-only
 * names listed after them. */
static int spec_count(const ArgSpec *spec)
{
    int n = spec->npositional;
    for (int i = 0; i < ARGS_MAX; i++)
        if (spec->names[i] && i + 1 > n)
            n = i + 1;
    return n;
}

int args_parse(ThreadState *ts, const ArgSpec *spec, int argc, Value *argv,
               ObjTuple *kwnames, Value *out)
{
    int n = spec_count(spec);
    for (int i = 0; i < n; i++)
        out[i] = UNDEF_VAL;
    if (argc > spec->npositional) {
        if (spec->npositional == 0)
            RAISE(ts, TypeError, "%s() takes no positional arguments",
                  spec->fname);
        else if (spec->nrequired == spec->npositional && n == spec->npositional)
            RAISE(ts, TypeError, "%s() takes exactly %d argument%s (%d given)",
                  spec->fname, spec->npositional, plural(spec->npositional),
                  argc);
        else
            RAISE(ts, TypeError, "%s() takes at most %d %sargument%s (%d given)",
                  spec->fname, spec->npositional,
                  n > spec->npositional ? "positional " : "",
                  plural(spec->npositional), argc);
        return -1;
    }
    for (int i = 0; i < argc; i++)
        out[i] = argv[i];
    size_t nkw = kwnames ? kwnames->len : 0;
    for (size_t k = 0; k < nkw; k++) {
        Value kn = kwnames->items[k];
        const char *name = IS_STR(kn) ? AS_STR(kn)->data : "?";
        int found = -1;
        for (int i = 0; i < n; i++) {
            if (spec->names[i] && strcmp(spec->names[i], name) == 0) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            RAISE(ts, TypeError, "'%s' is an invalid keyword argument for %s()",
                  name, spec->fname);
            return -1;
        }
        if (!IS_UNDEF(out[found])) {
            RAISE(ts, TypeError,
                  "argument for %s() given by name ('%s') and position (%d)",
                  spec->fname, name, found + 1);
            return -1;
        }
        out[found] = argv[argc + k];
    }
    for (int i = 0; i < spec->nrequired && i < n; i++) {
        if (!IS_UNDEF(out[i]))
            continue;
        if (spec->names[i])
            RAISE(ts, TypeError, "%s() missing required argument '%s' (pos %d)",
                  spec->fname, spec->names[i], i + 1);
        else if (spec->nrequired == spec->npositional)
            RAISE(ts, TypeError, "%s() takes exactly %d argument%s (%d given)",
                  spec->fname, spec->nrequired, plural(spec->nrequired), argc);
        else
            RAISE(ts, TypeError, "%s() takes at least %d argument%s (%d given)",
                  spec->fname, spec->nrequired, plural(spec->nrequired), argc);
        return -1;
    }
    return 0;
}

int args_no_kwargs(ThreadState *ts, const char *fname, ObjTuple *kwnames)
{
    if (kwnames && kwnames->len > 0) {
        RAISE(ts, TypeError, "%s() takes no keyword arguments", fname);
        return -1;
    }
    return 0;
}

int args_count(ThreadState *ts, const char *fname, int argc, int min, int max)
{
    if (argc >= min && (max < 0 || argc <= max))
        return 0;
    if (min == max && max == 0) {
        RAISE(ts, TypeError, "%s() takes no arguments (%d given)", fname, argc);
    } else if (min == max && max == 1) {
        RAISE(ts, TypeError, "%s() takes exactly one argument (%d given)",
              fname, argc);
    } else if (argc < min) {
        RAISE(ts, TypeError, "%s expected %s%d argument%s, got %d", fname,
              min == max ? "" : "at least ", min, plural(min), argc);
    } else {
        RAISE(ts, TypeError, "%s expected %s%d argument%s, got %d", fname,
              min == max ? "" : "at most ", max, plural(max), argc);
    }
    return -1;
}

int args_positional(ThreadState *ts, const char *fname, int argc,
                    ObjTuple *kwnames, int min, int max)
{
    if (args_no_kwargs(ts, fname, kwnames) < 0)
        return -1;
    return args_count(ts, fname, argc, min, max);
}

int args_wrong_self(ThreadState *ts, const char *tname, const char *meth,
                    int argc, Value *argv)
{
    RAISE(ts, TypeError,
          "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
          meth, tname, argc < 1 ? "NoneType" : obj_type_name(ts, argv[0]));
    return -1;
}

int args_self(ThreadState *ts, ObjKind kind, const char *tname,
              const char *meth, int argc, Value *argv)
{
    if (argc < 1 || !IS_KIND(argv[0], kind))
        return args_wrong_self(ts, tname, meth, argc, argv);
    return 0;
}

int args_method(ThreadState *ts, const char *tname, const char *meth, int argc,
                ObjTuple *kwnames, int n)
{
    if ((!kwnames || kwnames->len == 0) && argc - 1 == n)
        return 0; /* the common case: no message to prepare */
    char qual[64];
    snprintf(qual, sizeof qual, "%s.%s", tname, meth);
    if (args_no_kwargs(ts, qual, kwnames) < 0)
        return -1;
    return args_count(ts, qual, argc - 1, n, n);
}

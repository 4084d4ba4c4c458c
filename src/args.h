/* args.h - checking and unpacking the arguments a native function gets,
 * with CPython's TypeError messages. */
#ifndef MPY_ARGS_H
#define MPY_ARGS_H

#include "interp.h"

/* Parameters of a native function.  The first [npositional] parameters may
 * be passed by position; a parameter whose name is NULL cannot be passed by
 * keyword; the first [nrequired] are required. */
#define ARGS_MAX 10
typedef struct ArgSpec {
    const char *fname;
    int npositional;
    int nrequired;
    const char *names[ARGS_MAX];
} ArgSpec;

/* Fill out[0 .. number of parameters) from argv/kwnames; a parameter not
 * supplied is UNDEF_VAL.  0, or -1 with TypeError pending ("f() missing
 * required argument 'x' (pos 1)", "f() takes at most 2 arguments (3
 * given)", "'x' is an invalid keyword argument for f()"). */
int args_parse(ThreadState *ts, const ArgSpec *spec, int argc, Value *argv,
               ObjTuple *kwnames, Value *out);
/* TypeError "f() takes no keyword arguments" when kwnames is not empty. */
int args_no_kwargs(ThreadState *ts, const char *fname, ObjTuple *kwnames);
/* Check [min] <= argc <= [max] (max < 0: unbounded), with CPython's
 * messages ("len() takes exactly one argument (2 given)", "expected at
 * most 2 arguments, got 3", ...). */
int args_count(ThreadState *ts, const char *fname, int argc, int min, int max);
/* args_no_kwargs then args_count: a function taking [min] to [max]
 * arguments, all by position. */
int args_positional(ThreadState *ts, const char *fname, int argc,
                    ObjTuple *kwnames, int min, int max);

/* The checks a method of a built-in type makes before it runs, shared so
 * every type words them as CPython does. */

/* TypeError "descriptor 'meth' for 'tname' objects doesn't apply to a 'X'
 * object", X being argv[0]'s type ('NoneType' when argc is 0); always -1. */
int args_wrong_self(ThreadState *ts, const char *tname, const char *meth,
                    int argc, Value *argv);
/* 0 when argv[0] is an object of [kind], else args_wrong_self. */
int args_self(ThreadState *ts, ObjKind kind, const char *tname,
              const char *meth, int argc, Value *argv);
/* No keywords and exactly [n] (0 or 1) arguments after self; the messages
 * name the method "tname.meth". */
int args_method(ThreadState *ts, const char *tname, const char *meth, int argc,
                ObjTuple *kwnames, int n);

#endif

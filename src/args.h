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

#endif

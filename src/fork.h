/* fork.h - fork() for an interpreter with threads.  The essay is at the
 * top of fork.c. */
#ifndef MPY_FORK_H
#define MPY_FORK_H

#include <stdint.h>
#include <sys/types.h>

#include "interp.h"

/* A child process, as :threads lists it. */
typedef struct ChildProc {
    pid_t pid;
    char name[64];      /* "Process-1", or "" */
    uint64_t start_ns;  /* gil_now_ns when it was forked */
} ChildProc;

/* fork() with the GIL held: the child's pid in the parent, 0 in the child
 * (whose interpreter has only the calling thread left, as its main
 * thread), -1 with errno set when no child could be made.  [name] (may be
 * NULL) names the child in the trace and in :threads. */
pid_t interp_fork(ThreadState *ts, const char *name);

/* The child [pid] has been reaped with exit code [code]: it leaves the
 * list, and the trace says so. */
void fork_child_reaped(ThreadState *ts, pid_t pid, int64_t code);

#endif

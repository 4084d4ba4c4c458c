/* deadlock.h - who waits for whom (the essay is in deadlock.c).  Both
 * functions run under the GIL's mutex, called by gil.c. */
#ifndef MPY_DEADLOCK_H
#define MPY_DEADLOCK_H

#include <stdbool.h>

typedef struct Interp Interp;

/* No live thread can ever run again: each one is blocked with no
 * timeout. */
bool deadlock_everyone_blocked(Interp *interp);

/* Print who waits for what on stderr and the wait-for cycle, keep a
 * one-line summary for DeadlockError (gil.deadlock_summary), and mark
 * every thread deadlocked. */
void deadlock_report(Interp *interp);

#endif

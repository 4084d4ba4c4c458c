/* thread_start.h - start a POSIX thread and return once it runs. */
#ifndef MPY_THREAD_START_H
#define MPY_THREAD_START_H

#include <pthread.h>

/* pthread_create, detached, that returns only once [fn] has begun on the
 * new thread: 0, or pthread_create's error number. */
int thread_start_detached(void *(*fn)(void *), void *arg);

#endif

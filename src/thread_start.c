/* thread_start.c - start a POSIX thread and return once it runs.
 *
 * pthread_create returns as soon as the thread exists; the new thread
 * then still has set-up of its own to do before it reaches its start
 * function (the C library's, and a sanitizer's, which allocates).  A fork
 * in that window copies a process in which that set-up is half done: a
 * lock of the sanitizer's allocator, say, held by a thread the child will
 * never have.  CPython's Thread.start() waits for the new thread to run
 * for a similar reason; mpy waits here, below the language, so that both
 * the threads of _thread and the interpreter's own signal watcher are
 * fully started when their creator goes on.
 *
 * The wait is a semaphore on the creator's stack, posted by the new thread
 * as its first act.  The creator destroys it when sem_wait returns, which
 * POSIX semaphores allow: sem_post no longer touches it once a waiter can
 * see the count. */
#include "config.h"

#include <errno.h>
#include <semaphore.h>

#include "thread_start.h"

typedef struct StartRequest {
    void *(*fn)(void *);
    void *arg;
    sem_t running;
} StartRequest;

static void *trampoline(void *p)
{
    StartRequest *req = p;
    void *(*fn)(void *) = req->fn;
    void *arg = req->arg;
    sem_post(&req->running); /* req is gone from here on */
    return fn(arg);
}

int thread_start_detached(void *(*fn)(void *), void *arg)
{
    StartRequest req = {fn, arg, {{0}}};
    if (sem_init(&req.running, 0, 0) != 0)
        return errno;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int rc = pthread_create(&thread, &attr, trampoline, &req);
    pthread_attr_destroy(&attr);
    if (rc == 0) {
        while (sem_wait(&req.running) != 0 && errno == EINTR)
            ;
    }
    sem_destroy(&req.running);
    return rc;
}

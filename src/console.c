/* console.c - one terminal, a prompt, and threads that print.
 *
 * What it does.  In CPython's REPL a thread that prints while the user
 * types writes straight into the line being edited.  In a lesson that is
 * the normal case: the teacher starts two threads, they keep running (and
 * tracing GIL handoffs) while the next line is typed.  So while a prompt
 * is on the screen, output bound for the terminal is not written at once:
 * it is held here, the REPL's wait is woken through a self-pipe, and the
 * REPL (the only thread that touches Readline) clears its line, writes the
 * held lines, and draws the prompt and the typed text again below them.
 *
 * The algorithm.  console_write is the one door for program output
 * (file.c), trace lines (events.c) and tracebacks (exc.c).  Under the
 * console's lock it either writes (no prompt up) or appends to `held` and
 * pokes (prompt up).  The REPL flushes stdout and raises `prompt_up` under
 * the same lock before it draws a prompt, and lowers it, writing whatever
 * is still held, before it runs the statement typed; so every byte is
 * written exactly once, in the order it was written, and never between a
 * prompt and its typed text.  Only complete lines are taken out while the
 * prompt stays up (a partial line waits for its newline, unless it grows
 * past PARTIAL_MAX).
 *
 * The same pipe carries Ctrl-C and terminal resizes from the signal
 * watcher thread (console_poke), so the REPL waits on one poll().
 *
 * Invariants.
 *   - The lock is a leaf: nothing else is locked while it is held, so any
 *     thread may write while holding the GIL's or the events' lock.
 *   - held_len > 0 only while prompt_up (console_prompt_down empties it).
 *   - Inactive (scripts, pipes), console_write is a plain fwrite.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"

/* A partial line held longer than this is shown anyway. */
#define PARTIAL_MAX 4096

void console_init(Console *con)
{
    memset(con, 0, sizeof *con);
    pthread_mutex_init(&con->lock, NULL);
    con->wake[0] = con->wake[1] = -1;
    if (pipe(con->wake) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(con->wake[i], F_SETFL,
                  fcntl(con->wake[i], F_GETFL) | O_NONBLOCK);
            fcntl(con->wake[i], F_SETFD, FD_CLOEXEC);
        }
    } else {
        con->wake[0] = con->wake[1] = -1;
    }
}

void console_fork_prepare(Console *con)
{
    pthread_mutex_lock(&con->lock);
}

void console_fork_parent(Console *con)
{
    pthread_mutex_unlock(&con->lock);
}

void console_fork_child(Console *con)
{
    pthread_mutex_init(&con->lock, NULL);
    atomic_store(&con->active, false);
    con->prompt_up = false;
    con->held_len = 0;
}

void console_fini(Console *con)
{
    for (int i = 0; i < 2; i++)
        if (con->wake[i] >= 0)
            close(con->wake[i]);
    free(con->held);
    pthread_mutex_destroy(&con->lock);
}

void console_open(Console *con, bool hold_stderr)
{
    pthread_mutex_lock(&con->lock);
    con->hold_stderr = hold_stderr;
    atomic_store(&con->active, true);
    pthread_mutex_unlock(&con->lock);
}

/* Write out and forget what is held.  Under the lock. */
static void release_held(Console *con)
{
    if (con->held_len > 0) {
        fwrite(con->held, 1, con->held_len, stdout);
        fflush(stdout);
    }
    con->held_len = 0;
}

void console_close(Console *con)
{
    pthread_mutex_lock(&con->lock);
    con->prompt_up = false;
    release_held(con);
    atomic_store(&con->active, false);
    pthread_mutex_unlock(&con->lock);
}

/* Append to what is held; false when out of memory.  Under the lock. */
static bool hold(Console *con, const char *text, size_t len)
{
    if (con->held_len + len > con->held_cap) {
        size_t cap = con->held_cap ? con->held_cap : 1024;
        while (cap < con->held_len + len)
            cap *= 2;
        char *p = realloc(con->held, cap);
        if (!p)
            return false;
        con->held = p;
        con->held_cap = cap;
    }
    memcpy(con->held + con->held_len, text, len);
    con->held_len += len;
    return true;
}

size_t console_write(Console *con, FILE *fp, const char *text, size_t len)
{
    if (!atomic_load_explicit(&con->active, memory_order_relaxed))
        return fwrite(text, 1, len, fp);
    pthread_mutex_lock(&con->lock);
    size_t n;
    bool to_terminal = fp == stdout || (fp == stderr && con->hold_stderr);
    if (con->prompt_up && to_terminal && hold(con, text, len)) {
        n = len;
        pthread_mutex_unlock(&con->lock);
        console_poke(con, CONSOLE_OUTPUT);
        return n;
    }
    if (fp == stderr)
        fflush(stdout); /* the order on the screen is the order written */
    n = fwrite(text, 1, len, fp);
    pthread_mutex_unlock(&con->lock);
    return n;
}

void console_prompt_up(Console *con)
{
    pthread_mutex_lock(&con->lock);
    fflush(stdout);
    fflush(stderr);
    con->prompt_up = true;
    pthread_mutex_unlock(&con->lock);
}

void console_prompt_down(Console *con)
{
    pthread_mutex_lock(&con->lock);
    con->prompt_up = false;
    release_held(con);
    pthread_mutex_unlock(&con->lock);
}

char *console_take_lines(Console *con, size_t *len)
{
    pthread_mutex_lock(&con->lock);
    size_t n = con->held_len;
    while (n > 0 && con->held[n - 1] != '\n')
        n--;
    if (n == 0 && con->held_len >= PARTIAL_MAX)
        n = con->held_len;
    char *lines = NULL;
    if (n > 0 && (lines = malloc(n + 1)) != NULL) {
        memcpy(lines, con->held, n);
        lines[n] = '\0';
        memmove(con->held, con->held + n, con->held_len - n);
        con->held_len -= n;
    }
    pthread_mutex_unlock(&con->lock);
    *len = lines ? n : 0;
    return lines;
}

void console_poke(Console *con, int bits)
{
    atomic_fetch_or(&con->signals, bits);
    if (con->wake[1] >= 0) {
        ssize_t r = write(con->wake[1], "!", 1);
        (void)r; /* a full pipe already says "look" */
    }
}

int console_wake_fd(Console *con)
{
    return con->wake[0];
}

int console_take_signals(Console *con)
{
    char drain[64];
    while (con->wake[0] >= 0 && read(con->wake[0], drain, sizeof drain) > 0)
        ;
    return atomic_exchange(&con->signals, 0);
}

/* console.h - the terminal that the REPL's prompt shares with the output
 * of running threads.  The essay is at the top of console.c. */
#ifndef MPY_CONSOLE_H
#define MPY_CONSOLE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Why the REPL's wait was woken (bits of Console.signals). */
enum {
    CONSOLE_OUTPUT = 1,    /* output was held back while the prompt is up */
    CONSOLE_INTERRUPT = 2, /* Ctrl-C */
    CONSOLE_RESIZE = 4     /* the terminal changed size */
};

typedef struct Console {
    pthread_mutex_t lock; /* guards the fields below it; a leaf lock */
    atomic_bool active;   /* the REPL owns a terminal: writes to it come
                             through console_write */
    bool prompt_up;       /* a prompt is on the screen */
    bool hold_stderr;     /* standard error is that terminal too */
    char *held;           /* output written while prompt_up, in order */
    size_t held_len, held_cap;
    int wake[2];          /* self-pipe the REPL polls beside stdin; -1 none */
    atomic_int signals;   /* CONSOLE_* bits not yet taken */
} Console;

void console_init(Console *con);
void console_fini(Console *con);

/* fork() (fork.c): the lock is held across it.  The child does not own
 * the REPL's terminal: it writes straight out, and what the parent held
 * back for its prompt stays the parent's. */
void console_fork_prepare(Console *con);
void console_fork_parent(Console *con);
void console_fork_child(Console *con);

/* The REPL starts / stops owning the terminal (standard input and
 * output are one); [hold_stderr] when standard error is it too. */
void console_open(Console *con, bool hold_stderr);
void console_close(Console *con);

/* Write [text] to [fp] (a program's print, a trace line, a traceback).
 * While a prompt is up, output bound for the terminal is held back
 * instead and the REPL is woken to show it above the prompt.  Returns
 * the bytes taken. Thread-safe; takes no other lock. */
size_t console_write(Console *con, FILE *fp, const char *text, size_t len);

/* The prompt goes up (after flushing what was written before it) and
 * comes down (what is held, partial line included, is written out). */
void console_prompt_up(Console *con);
void console_prompt_down(Console *con);

/* The complete lines held back so far, taken out of the console: a
 * malloc'd string (NULL when there is none), to be written above the
 * prompt.  A partial last line stays until its newline comes. */
char *console_take_lines(Console *con, size_t *len);

/* Wake the REPL's wait for [bits] (from any thread). */
void console_poke(Console *con, int bits);
/* The descriptor to poll for pokes, and the bits that arrived (taken). */
int console_wake_fd(Console *con);
int console_take_signals(Console *con);

#endif

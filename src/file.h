/* file.h - text file objects: open(), sys.stdin/stdout/stderr, output. */
#ifndef MPY_FILE_H
#define MPY_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "interp.h"

/* Make the file class and install builtins.open, which keeps it. */
void file_install(ThreadState *ts);

/* A text file object (the class io.TextIOWrapper shows as) wrapping [fp].
 * [owned] files are closed when the object is closed or collected;
 * sys.stdin/stdout/stderr are not. */
Value file_new(ThreadState *ts, FILE *fp, const char *name,
               const char *mode, bool owned);
/* Whether [v] is a file object made by file_new. */
bool file_is_file(Value v);
/* Text read from a file as a str; UnicodeDecodeError for invalid UTF-8. */
Value file_text(ThreadState *ts, const char *data, size_t len);
/* Write [len] bytes of UTF-8 to [file]: a file object is written with one
 * fwrite (the single place output goes, so it can later release the GIL);
 * any other object gets file.write(str).  0 or -1. */
int file_write(ThreadState *ts, Value file, const char *text, size_t len);
/* file.flush() (fflush for file objects).  0 or -1. */
int file_flush(ThreadState *ts, Value file);

/* sys.stdout / sys.stderr as currently bound (UNDEF if sys is missing). */
Value file_sys_stream(ThreadState *ts, const char *name);

#endif

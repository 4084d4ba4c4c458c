/* strbuf.h - a growable byte buffer for building text in C (plain malloc,
 * not on the heap: safe to hold across allocations). */
#ifndef MPY_STRBUF_H
#define MPY_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct StrBuf {
    char *data; /* NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
    bool failed; /* memory ran out: later appends do nothing, and turning
                    the buffer into a str raises MemoryError */
} StrBuf;

void sb_init(StrBuf *sb);
void sb_free(StrBuf *sb);
void sb_putc(StrBuf *sb, char c);
void sb_append(StrBuf *sb, const char *s, size_t len);
void sb_puts(StrBuf *sb, const char *s);
void sb_printf(StrBuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap);
/* Make room for [extra] more bytes at once; false (and failed set) when
 * there is no such memory.  Code about to append a size the program chose
 * (padding to a width, repetition) calls this first, so an absurd size is
 * a MemoryError at once rather than a long climb to exhaustion. */
bool sb_reserve(StrBuf *sb, size_t extra);
/* Append the UTF-8 encoding of code point [cp]. */
void sb_put_codepoint(StrBuf *sb, unsigned cp);

#endif

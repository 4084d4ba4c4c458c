/* highlight.h - colour for source code shown on a terminal (a lecture's
 * cells): keywords, strings, numbers and comments.  The tokenizer is
 * described at the top of highlight.c. */
#ifndef MPY_HIGHLIGHT_H
#define MPY_HIGHLIGHT_H

#include <stddef.h>

#include "strbuf.h"

/* Append [src] (whole lines of code) to [out] with terminal escapes
 * around its keywords, strings, numbers and comments.  Every escape is
 * closed before a newline, so each line stands alone on the screen;
 * without the escapes the text is [src] unchanged. */
void highlight_code(const char *src, size_t len, StrBuf *out);

#endif

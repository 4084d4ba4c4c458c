/* serial.h - values turned into bytes and back, to cross between processes
 * (see the essay at the top of serial.c for the format and its limits). */
#ifndef MPY_SERIAL_H
#define MPY_SERIAL_H

#include <stddef.h>

#include "interp.h"
#include "strbuf.h"

/* The format version serial_dump writes and serial_load accepts. */
#define SERIAL_VERSION 1

/* Append the serialized form of [v] to [out]: 0, or -1 with TypeError
 * pending ("cannot send <type> to another process: ...").  On error [out]
 * is left as it was. */
int serial_dump(ThreadState *ts, Value v, StrBuf *out);

/* The value serialized in [data, data+len), or ERR_VAL with ValueError
 * pending (truncated / corrupt / wrong version).  [data] may point into a
 * heap object (a bytes) only if that object is rooted: loading allocates.
 * Loading never calls __init__, but may run a user class's __hash__ and
 * __eq__ when its instances are dict keys or set elements. */
Value serial_load(ThreadState *ts, const char *data, size_t len);

#endif

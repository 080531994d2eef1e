/* limits.h - looplab py: the limits a scenario runs under (memory, recursion
** depth, C stack), each ending the run with a clear message and status 124.
**
** The other limits live elsewhere: the virtual-time limit, the busy-loop
** budget and the real-time budget in shim/stops.py, the output volume in
** shim/limits.py. These hold whether or not the run is trusted.
**
**   memory     every allocation of the interpreter (PyMem raw domain, which
**              also backs large objects, and pymalloc's arenas) is counted;
**              past the limit allocations fail (MemoryError) and the run is
**              stopped at the next chance on the main thread. Threads'
**              stacks are not counted, so they start as usual.
**   recursion  sys.setrecursionlimit refuses values above LPY_RECURSION_MAX.
**   C stack    a stack overflow that gets through anyway (deep recursion in C)
**              is caught on an alternate signal stack: a message, status 124,
**              instead of a crash, on every thread (limits.c defines
**              pthread_create to give each its own). Not under
**              AddressSanitizer, which has its own.
*/
#ifndef LPY_LIMITS_H
#define LPY_LIMITS_H

#include <stddef.h>

#define LPY_MEMORY_LIMIT_DEFAULT ((size_t)2 << 30) /* 2 GiB */
#define LPY_RECURSION_MAX 10000
#define LPY_LIMIT_STATUS 124                        /* as vreport.LIMIT_STATUS */

/* Counts the interpreter's memory against `limit` bytes (0: the default).
** Call before the interpreter starts; a second call (another run in the
** same process) only sets the limit again. */
void lpy_limits_install_memory(size_t limit);

/* Bytes the interpreter holds now, as counted. */
size_t lpy_limits_memory_used(void);

/* After the interpreter started, before scenario code: the recursion cap and
** the stack-overflow handler. Returns 0, or -1 with a Python exception set. */
int lpy_limits_install_runtime(void);

#endif

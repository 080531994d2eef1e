/*
** sandbox_shared.c: a memory region shared by the supervisor and its child,
** with a bump allocator over it (see sandbox.h).
**
** The child's engine and its trace live here, so the supervisor can write
** the trace (and read the virtual time, the last line) even after the child
** was killed or crashed. The region is mapped before fork, so pointers in it
** mean the same in both processes. Pages are only used once touched
** (MAP_NORESERVE); freed blocks are not reused (the trace only grows).
*/
#define _GNU_SOURCE
#include "app/sandbox.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

struct lpapp_shared {
    size_t        size;  /* of the whole mapping */
    atomic_size_t used;  /* bytes handed out, this header included */
};

typedef struct block {
    size_t size;         /* bytes asked for */
    size_t pad;          /* keeps the payload 16-byte aligned */
} block;

lpapp_shared *lpapp_shared_map(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    lpapp_shared *shared = p;
    shared->size = size;
    atomic_init(&shared->used, (sizeof *shared + 15) & ~(size_t)15);
    return shared;
}

void lpapp_shared_unmap(lpapp_shared *shared)
{
    if (shared)
        munmap(shared, shared->size);
}

size_t lpapp_shared_used(const lpapp_shared *shared)
{
    return atomic_load(&((lpapp_shared *)shared)->used);
}

void *lpapp_shared_alloc(lpapp_shared *shared, size_t size)
{
    size_t need = (sizeof(block) + size + 15) & ~(size_t)15;
    if (size > shared->size || need < size)
        return NULL;
    size_t at = atomic_fetch_add(&shared->used, need);
    if (at > shared->size || need > shared->size - at) {
        atomic_fetch_sub(&shared->used, need);
        return NULL;
    }
    block *b = (block *)((char *)shared + at);
    b->size = size;
    return b + 1; /* fresh pages of a shared anonymous mapping are zero */
}

static void *shared_realloc(void *user, void *ptr, size_t size)
{
    if (size == 0)
        return NULL; /* free: the space is not reused */
    void *p = lpapp_shared_alloc(user, size);
    if (p && ptr) {
        size_t old = ((block *)ptr - 1)->size;
        memcpy(p, ptr, old < size ? old : size);
    }
    return p;
}

lp_allocator lpapp_shared_allocator(lpapp_shared *shared)
{
    return (lp_allocator){.realloc = shared_realloc, .user = shared};
}

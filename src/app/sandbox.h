/*
** sandbox.h: the kernel's half of "safe by default" (README, "Safe by default").
**
** `looplab run` is two processes (sandbox_supervisor.c): a supervisor that
** holds the limits the program cannot reach (output through pipes, memory
** by its resident size, real time, signals), and a child that runs the
** program. Unless --trust, the child confines itself before the program's
** first line (sandbox.c): no_new_privs, capabilities dropped, rlimits, every
** descriptor but 0-2 closed, Landlock (sandbox_landlock.c: read only the
** program's folder, looplab's data, the standard library and the system's
** libraries; no writes; no TCP; signals and abstract sockets scoped), seccomp
** (sandbox_seccomp.c: no exec, no new processes, no sockets, no signals to
** other processes, no chroot/mount/namespaces/ptrace/bpf...), and a private
** network namespace when the kernel's Landlock cannot refuse TCP itself.
**
** The trace reaches the supervisor through shared memory (sandbox_shared.c),
** so a child that is killed or crashes still leaves its trace behind.
*/
#ifndef LOOPLAB_APP_SANDBOX_H
#define LOOPLAB_APP_SANDBOX_H

/* A sanitizer build (tests only): AddressSanitizer and ThreadSanitizer map
** terabytes of shadow memory and read /proc/self/maps, so the address-space
** limit is left off and /proc readable there. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LPAPP_SANITIZER_MAPS 1
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/alloc.h"

/* The layers one confinement put up (or would, for `looplab doctor`). */
typedef struct lpapp_sandbox_layers {
    bool no_new_privs;
    bool caps_dropped;     /* capabilities dropped (only asked when root) */
    bool was_root;
    int  landlock_abi;     /* 0: no Landlock on this kernel */
    bool landlock;         /* a ruleset is in force */
    bool landlock_net;     /* ABI >= 4: TCP bind/connect refused */
    bool landlock_scoped;  /* ABI >= 6: signals and abstract sockets scoped */
    bool seccomp;
    bool netns;            /* a private network namespace (older kernels) */
    bool rlimits;
} lpapp_sandbox_layers;

/* Confines the calling process for good, before the program runs.
** `roots` are the folders the program may read (its folder, looplab's
** data, the standard library). Returns 0, or -1 with why in err: looplab
** then refuses to run the program (the layer fails closed). */
int lpapp_sandbox_confine(const char *const *roots, int nroots, lpapp_sandbox_layers *layers,
                          char *err, size_t errlen);

/* Before the interpreter starts: descriptors from 3 on closed (but
** keep_fd, -1 for none), rlimits, the network namespace (they need no
** paths). Returns 0 or -1 with err. */
int lpapp_sandbox_early(lpapp_sandbox_layers *layers, int keep_fd, char *err, size_t errlen);

/* Between early and confine: confines as on a kernel whose Landlock ABI is
** `abi` (lower than this one's; 0: no Landlock), with what makes up for it
** (the network namespace). For tests of older kernels' layers. */
void lpapp__sandbox_limit_abi(lpapp_sandbox_layers *layers, int abi);

/* `looplab doctor`: what this machine's kernel gives, one line a layer. */
int lpapp_sandbox_doctor(FILE *out);

/* sandbox_landlock.c: the kernel's Landlock ABI (0: none or disabled). */
int lpapp__landlock_abi(void);
/* Restricts the calling thread (and what it starts) to reading `roots`
** and the system's libraries. Returns 0, or -1 with err (errno set). */
int lpapp__landlock_apply(int abi, const char *const *roots, int nroots,
                          lpapp_sandbox_layers *layers, char *err, size_t errlen);

/* sandbox_seccomp.c: loads the system-call filter on every thread. */
int lpapp__seccomp_apply(int landlock_abi, char *err, size_t errlen);

/* --- sandbox_shared.c: memory the child writes and the supervisor reads --- */

typedef struct lpapp_shared lpapp_shared;

/* Maps `size` bytes shared with children forked after this call. */
lpapp_shared *lpapp_shared_map(size_t size);
void lpapp_shared_unmap(lpapp_shared *shared);
/* A bump allocator over the region (free is a no-op; realloc copies). */
lp_allocator lpapp_shared_allocator(lpapp_shared *shared);
/* Bytes of the region handed out so far. */
size_t lpapp_shared_used(const lpapp_shared *shared);
/* One block of the region for the caller's own struct (zeroed), or NULL. */
void *lpapp_shared_alloc(lpapp_shared *shared, size_t size);

#endif

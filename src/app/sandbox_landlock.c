/*
** sandbox_landlock.c: the file-system (and, on newer kernels, network and
** scope) rules of the confined child, through Landlock (see sandbox.h).
**
** Everything is refused but reading the given roots and the few system
** paths the interpreter reads after the program started: shared libraries
** that lib-dynload modules load on first import, the loader's cache, the
** time zone. Nothing may be written, created, removed or executed. The
** constants are spelled here because Debian 12's kernel headers stop at
** ABI 2; what the running kernel does not know is left out (its ABI is
** probed first), so an older kernel gets the rules it has.
*/
#define _GNU_SOURCE
#include "app/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1

/* File-system rights by the ABI that brought them. */
#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_READ_DIR (1ULL << 3)
#define LL_FS_ABI1 ((1ULL << 13) - 1) /* execute .. make_sym */
#define LL_FS_REFER (1ULL << 13)      /* ABI 2 */
#define LL_FS_TRUNCATE (1ULL << 14)   /* ABI 3 */
#define LL_FS_IOCTL_DEV (1ULL << 15)  /* ABI 5 */
#define LL_NET_BIND_TCP (1ULL << 0)   /* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define LL_SCOPE_SIGNAL (1ULL << 1)

struct ll_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net; /* ABI 4 */
    uint64_t scoped;             /* ABI 6 */
};

struct ll_path_beneath_attr {
    uint64_t allowed_access;
    int32_t  parent_fd;
} __attribute__((packed));

/* System paths read after the program started (a missing one is skipped). */
static const char *const system_paths[] = {
    "/usr/lib", "/lib", "/lib64", "/usr/lib64", /* libraries of lib-dynload modules */
    "/etc/ld.so.cache", "/etc/localtime", "/usr/share/zoneinfo",
    "/dev/null", "/dev/urandom",
    "/sys/devices/system/cpu", /* os.cpu_count(): thread pools size themselves by it */
#if defined(LPAPP_SANITIZER_MAPS)
    "/proc", /* a sanitizer reads /proc/self/maps (test builds only) */
#endif
};

int lpapp__landlock_abi(void)
{
    long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : (int)abi;
}

static uint64_t handled_fs(int abi)
{
    uint64_t fs = LL_FS_ABI1;
    if (abi >= 2)
        fs |= LL_FS_REFER;
    if (abi >= 3)
        fs |= LL_FS_TRUNCATE;
    if (abi >= 5)
        fs |= LL_FS_IOCTL_DEV;
    return fs;
}

/* Allows reading beneath `path` (a folder) or `path` itself (a file). */
static int allow_read(int ruleset, const char *path)
{
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return -1;
    }
    struct ll_path_beneath_attr rule = {
        .allowed_access = LL_FS_READ_FILE | (S_ISDIR(st.st_mode) ? LL_FS_READ_DIR : 0),
        .parent_fd = fd,
    };
    long rc = syscall(__NR_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc == 0 ? 0 : -1;
}

int lpapp__landlock_apply(int abi, const char *const *roots, int nroots,
                          lpapp_sandbox_layers *layers, char *err, size_t errlen)
{
    if (abi <= 0)
        return 0; /* nothing to ask for: seccomp and the namespace make up what they can */
    struct ll_ruleset_attr attr = {.handled_access_fs = handled_fs(abi)};
    size_t size = sizeof attr.handled_access_fs;
    if (abi >= 4) {
        attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP; /* no rule: none */
        size += sizeof attr.handled_access_net;
    }
    if (abi >= 6) {
        attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
        size += sizeof attr.scoped;
    }
    int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) {
        snprintf(err, errlen, "Landlock refused the ruleset: %s", strerror(errno));
        return -1;
    }
    const char *failed = NULL;
    for (int i = 0; i < nroots && !failed; i++)
        if (roots[i] && roots[i][0] && allow_read(ruleset, roots[i]) != 0)
            failed = roots[i];
    for (size_t i = 0; i < sizeof system_paths / sizeof system_paths[0] && !failed; i++)
        if (allow_read(ruleset, system_paths[i]) != 0)
            failed = system_paths[i];
    if (failed) {
        snprintf(err, errlen, "Landlock refused a rule for '%s': %s", failed, strerror(errno));
        close(ruleset);
        return -1;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(__NR_landlock_restrict_self, ruleset, 0) != 0) {
        snprintf(err, errlen, "Landlock could not restrict the process: %s", strerror(errno));
        close(ruleset);
        return -1;
    }
    close(ruleset);
    layers->landlock = true;
    layers->landlock_net = abi >= 4;
    layers->landlock_scoped = abi >= 6;
    return 0;
}

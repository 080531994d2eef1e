/* kernel_only.c - test builds only: linked into looplab_kernel_only (never
** into looplab), it turns the in-process layer's audit hook and native gate
** off (py/guard.h, lpy_guard_test_kernel_only), so that run_kernel.py sees
** what the kernel's layers (Landlock, seccomp, rlimits) stop on their own. */
#include <stdbool.h>

#include "py/guard.h"

bool lpy_guard_test_kernel_only(void)
{
    return true;
}

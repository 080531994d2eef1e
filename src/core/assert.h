/* assert.h - looplab core: contract checks that stay on in every build.
**
** A broken contract is a bug in looplab, never bad user input: it prints the
** file, line and condition, then aborts. User input errors return lp_status.
*/
#ifndef LP_ASSERT_H
#define LP_ASSERT_H

#include <stdio.h>
#include <stdlib.h>

#define LP_ASSERT(cond)                                                      \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: looplab internal error: %s\n", __FILE__, \
                    __LINE__, #cond);                                        \
            abort();                                                         \
        }                                                                    \
    } while (0)

#endif

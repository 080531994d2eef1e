/* status.h - looplab core: status codes shared by every core module.
**
** 0 is success, errors are negative. The list is an X-macro so the enum and
** lp_status_name() can never drift apart (the same trick as libuv's errno map).
*/
#ifndef LP_STATUS_H
#define LP_STATUS_H

#define LP_STATUS_MAP(XX)                                                  \
    XX(OK, 0, "ok")                                                        \
    XX(E_NOMEM, -1, "out of memory")                                       \
    XX(E_INVAL, -2, "invalid argument")                                    \
    XX(E_STALE, -3, "id refers to an entry that no longer exists")         \
    XX(E_IDLE, -4, "nothing is ready, no timer is set, no event is due")  \
    XX(E_RANGE, -5, "index out of range")                                  \
    XX(E_FULL, -6, "a fixed limit was reached")

typedef enum lp_status {
#define LP__STATUS_ENUM(name, code, text) LP_##name = (code),
    LP_STATUS_MAP(LP__STATUS_ENUM)
#undef LP__STATUS_ENUM
} lp_status;

/* A static string describing the status; "unknown status" for other values. */
const char *lp_status_name(lp_status status);

#endif

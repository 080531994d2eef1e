/* status.c - looplab core: names of status codes. */
#include "core/status.h"

const char *lp_status_name(lp_status status)
{
    switch (status) {
#define LP__STATUS_CASE(name, code, text) \
    case LP_##name:                       \
        return text;
        LP_STATUS_MAP(LP__STATUS_CASE)
#undef LP__STATUS_CASE
    }
    return "unknown status";
}

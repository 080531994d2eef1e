/* theme.c - looplab ui: task colours and shapes. */
#include "ui/theme.h"

static const uint32_t PALETTE[8] = {
    0x5ab8ec, /* sky blue */
    0x3fc79c, /* bluish green */
    0xf2c641, /* yellow */
    0xd68bbb, /* reddish purple */
    0xf08a3c, /* orange */
    0xa3a8f5, /* lavender */
    0x9ad15b, /* lime */
    0xe3e3e3, /* light grey */
};

lpui_color lpui_task_color(uint32_t task)
{
    return lpui_rgba(PALETTE[(task ? task - 1 : 0) % 8], 255);
}

lpui_shape lpui_task_shape(uint32_t task)
{
    return (lpui_shape)((task ? task - 1 : 0) % LPUI_SHAPE_COUNT);
}

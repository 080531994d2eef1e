/* theme.h - looplab ui: colours, and each task's colour and shape.
**
** A task is told apart by colour AND shape (square, circle, triangle,
** diamond, hexagon), a state by pattern AND colour (running: solid; ready:
** diagonal stripes; waiting: hollow outline; blocked: red cross-hatch;
** done: a thin line; failed: red outline; cancelled: dots), so colour-blind
** users lose nothing.
*/
#ifndef LPUI_THEME_H
#define LPUI_THEME_H

#include "ui/cmd.h"

#define LPUI_C_BG        0x0d1015
#define LPUI_C_PANEL     0x151920
#define LPUI_C_PANEL2    0x1a1f28
#define LPUI_C_HEADER    0x171c24
#define LPUI_C_CARD      0x1f2530
#define LPUI_C_LINE      0x2a313d
#define LPUI_C_LINE2     0x353d4b
#define LPUI_C_TEXT      0xe8ebf1
#define LPUI_C_MUTED     0x9aa4b5
#define LPUI_C_DIM       0x6d7686
#define LPUI_C_ALERT     0xff6b6b
#define LPUI_C_ALERT_BG  0x2f1417
#define LPUI_C_ALERT_SOFT 0xffb4b0
#define LPUI_C_ACCENT    0x5ab8ec
#define LPUI_C_OK        0x3fc79c
#define LPUI_C_KEYWORD   0xb9a6e6
#define LPUI_C_STRING    0xa9cf8f
#define LPUI_C_NUMBER    0xe9b581
#define LPUI_C_COMMENT   0x8d96a6
#define LPUI_C_FUNC      0x7fd0ff

/* Task n's colour (n from 1), 8 hues chosen to stay apart for the common
** colour-vision deficiencies, and its shape (5 shapes, so the pair repeats
** only every 40 tasks). */
lpui_color lpui_task_color(uint32_t task);
lpui_shape lpui_task_shape(uint32_t task);

#endif

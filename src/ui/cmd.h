/* cmd.h - looplab ui: the drawing commands between the scene and SDL.
**
** The scene (scene*.c) never calls SDL: it appends typed commands (a rect, a
** pattern, a task's shape, a line, text, a clip) to an lpui_cmds list, and
** only draw_sdl.c turns them into pixels. Each command carries a tag saying
** what it shows (a ready card, a timer bar...) and whose it is, so tests ask
** the list what a frame shows without looking at pixels.
*/
#ifndef LPUI_CMD_H
#define LPUI_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lpui_rect { float x, y, w, h; } lpui_rect;
typedef struct lpui_color { uint8_t r, g, b, a; } lpui_color;

typedef enum lpui_cmd_type {
    LPUI_CMD_RECT = 1,  /* fill `bg` (a > 0), border `fg` `width` px (a > 0), corner `radius` */
    LPUI_CMD_PATTERN,   /* `pattern` lines in `fg` across r (stripes, hatch) */
    LPUI_CMD_SHAPE,     /* a task's `shape` filled with `fg` inside r */
    LPUI_CMD_LINE,      /* from (x, y) to (x + w, y + h) in `fg`, `width` px */
    LPUI_CMD_TEXT,      /* text in `fg`, font `font`, top-left at (x, y); r.w: its width */
    LPUI_CMD_CLIP,      /* later commands are clipped to r; w <= 0: no clip */
} lpui_cmd_type;

typedef enum lpui_pattern {
    LPUI_PAT_STRIPES = 1, /* ready: diagonal stripes */
    LPUI_PAT_HATCH,       /* blocked: cross-hatch */
    LPUI_PAT_DOTS,        /* not yet happened / idle: sparse dots */
} lpui_pattern;

typedef enum lpui_shape { LPUI_SHAPE_SQUARE = 0, LPUI_SHAPE_CIRCLE, LPUI_SHAPE_TRIANGLE,
                          LPUI_SHAPE_DIAMOND, LPUI_SHAPE_HEXAGON, LPUI_SHAPE_COUNT } lpui_shape;

typedef enum lpui_font { LPUI_FONT_UI = 0, LPUI_FONT_BOLD, LPUI_FONT_MONO, LPUI_FONT_MONO_BOLD,
                         LPUI_FONT_SMALL, LPUI_FONT_BIG, LPUI_FONT_COUNT } lpui_font;

/* What a command shows, for tests and hit-testing (tag_id: a task id, a
** handle or job serial, a line number...). A LOCATION (a place in another
** file, clickable) carries the file's string id in tag_id and the line in
** the rect's `width` (it draws nothing). A LOOP_CHIP (the loop panels show
** one thread's event loop; a click shows the next) carries the view shown. */
#define LPUI_TAGS(XX)                                                   \
    XX(NONE, "none") XX(PANEL, "panel") XX(BUTTON, "button")            \
    XX(RUNNING, "running") XX(FROZEN, "frozen") XX(READY_CARD, "ready_card") \
    XX(TIMER_CARD, "timer_card") XX(TIMER_BAR, "timer_bar") XX(OVERDUE, "overdue") \
    XX(WAIT_CARD, "wait_card") XX(LANE, "lane") XX(LANE_JOB, "lane_job") \
    XX(SRC_LINE, "src_line") XX(SRC_MARKER, "src_marker") XX(SRC_CURRENT, "src_current") \
    XX(CONSOLE_LINE, "console_line") XX(TL_LANE, "tl_lane") XX(TL_SEGMENT, "tl_segment") \
    XX(TL_CURSOR, "tl_cursor") XX(NARRATION, "narration") XX(ERROR, "error") \
    XX(OVERLAY, "overlay") XX(CLOCK, "clock") XX(TASK_ROW, "task_row") XX(CHOICE, "choice") \
    XX(THREAD_CPU, "thread_cpu") XX(THREAD_WAIT, "thread_wait") XX(WAKE_ARROW, "wake_arrow") \
    XX(TRUSTED, "trusted") XX(INSIGHT, "insight") XX(TOOLTIP, "tooltip") XX(SCROLLBAR, "scrollbar") \
    XX(SRC_NOTE, "src_note") XX(LOCATION, "location") XX(SRC_BACK, "src_back") \
    XX(LOOP_CHIP, "loop_chip")

typedef enum lpui_tag {
#define LPUI__TAG_ENUM(name, text) LPUI_TAG_##name,
    LPUI_TAGS(LPUI__TAG_ENUM)
#undef LPUI__TAG_ENUM
    LPUI_TAG__COUNT
} lpui_tag;

const char *lpui_tag_name(unsigned tag);

typedef struct lpui_cmd {
    uint8_t    type;     /* lpui_cmd_type */
    uint8_t    font;     /* lpui_font (text) */
    uint8_t    pattern;  /* lpui_pattern, lpui_shape */
    uint8_t    tag;      /* lpui_tag */
    uint32_t   tag_id;
    lpui_rect  r;
    lpui_color fg, bg;
    float      width;    /* border or line width */
    float      radius;   /* corner radius of a rect */
    uint32_t   text;     /* offset of the text in lpui_cmds.text */
    uint32_t   full;     /* text shortened to fit: offset of its whole text (shown on
                         ** hover); LPUI_NO_TEXT when the text is drawn whole */
} lpui_cmd;

typedef struct lpui_cmds {
    lpui_cmd *items;     /* owned */
    size_t    count, cap;
    char     *text;      /* NUL-terminated strings; owned */
    size_t    text_len, text_cap;
    bool      failed;    /* an allocation failed: the list is incomplete */
} lpui_cmds;

void lpui_cmds_init(lpui_cmds *cmds);
void lpui_cmds_free(lpui_cmds *cmds);
void lpui_cmds_clear(lpui_cmds *cmds);

/* Appends a command; returns it (to set fields) or NULL when out of memory.
** For text, `text` is copied. */
lpui_cmd *lpui_cmds_push(lpui_cmds *cmds, lpui_cmd_type type, lpui_rect r, const char *text);

#define LPUI_NO_TEXT UINT32_MAX

/* Records that c's text is a shortened `full` (copied). Returns false when out of memory. */
bool lpui_cmds_set_full(lpui_cmds *cmds, lpui_cmd *c, const char *full);

static inline const char *lpui_cmd_text(const lpui_cmds *cmds, const lpui_cmd *c)
{
    return c->text == LPUI_NO_TEXT ? "" : cmds->text + c->text;
}

/* The whole text of a shortened text command, or NULL when it is drawn whole. */
static inline const char *lpui_cmd_full(const lpui_cmds *cmds, const lpui_cmd *c)
{
    return c->full == LPUI_NO_TEXT ? NULL : cmds->text + c->full;
}

/* ---- small geometry helpers ---- */
static inline lpui_rect lpui_rect_make(float x, float y, float w, float h)
{
    lpui_rect r = {x, y, w, h};
    return r;
}

static inline lpui_rect lpui_rect_inset(lpui_rect r, float dx, float dy)
{
    return lpui_rect_make(r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy);
}

static inline bool lpui_rect_contains(lpui_rect outer, lpui_rect inner)
{
    const float e = 0.01f;
    return inner.x >= outer.x - e && inner.y >= outer.y - e &&
           inner.x + inner.w <= outer.x + outer.w + e && inner.y + inner.h <= outer.y + outer.h + e;
}

static inline bool lpui_rect_overlap(lpui_rect a, lpui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static inline bool lpui_rect_hit(lpui_rect r, float x, float y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static inline lpui_color lpui_rgba(uint32_t rgb, uint8_t a)
{
    lpui_color c = {(uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, a};
    return c;
}

#endif

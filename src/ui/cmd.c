/* cmd.c - looplab ui: the drawing command list. */
#include "ui/cmd.h"

#include <stdlib.h>
#include <string.h>

static const char *const TAG_NAMES[] = {
#define LPUI__TAG_NAME(name, text) text,
    LPUI_TAGS(LPUI__TAG_NAME)
#undef LPUI__TAG_NAME
};

const char *lpui_tag_name(unsigned tag)
{
    return tag < LPUI_TAG__COUNT ? TAG_NAMES[tag] : "?";
}

void lpui_cmds_init(lpui_cmds *cmds)
{
    memset(cmds, 0, sizeof *cmds);
}

void lpui_cmds_free(lpui_cmds *cmds)
{
    free(cmds->items);
    free(cmds->text);
    lpui_cmds_init(cmds);
}

void lpui_cmds_clear(lpui_cmds *cmds)
{
    cmds->count = 0;
    cmds->text_len = 0;
    cmds->failed = false;
}

static bool grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 256;
    while (n < need)
        n *= 2;
    void *p = realloc(*items, n * size);
    if (!p)
        return false;
    *items = p;
    *cap = n;
    return true;
}

lpui_cmd *lpui_cmds_push(lpui_cmds *cmds, lpui_cmd_type type, lpui_rect r, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    if (!grow((void **)&cmds->items, &cmds->cap, cmds->count + 1, sizeof(lpui_cmd)) ||
        (text && !grow((void **)&cmds->text, &cmds->text_cap, cmds->text_len + len + 1, 1))) {
        cmds->failed = true;
        return NULL;
    }
    lpui_cmd *c = &cmds->items[cmds->count++];
    memset(c, 0, sizeof *c);
    c->type = (uint8_t)type;
    c->r = r;
    c->text = LPUI_NO_TEXT;
    c->full = LPUI_NO_TEXT;
    if (text) {
        c->text = (uint32_t)cmds->text_len;
        memcpy(cmds->text + cmds->text_len, text, len);
        cmds->text[cmds->text_len + len] = '\0';
        cmds->text_len += len + 1;
    }
    return c;
}

bool lpui_cmds_set_full(lpui_cmds *cmds, lpui_cmd *c, const char *full)
{
    size_t len = strlen(full);
    if (!grow((void **)&cmds->text, &cmds->text_cap, cmds->text_len + len + 1, 1)) {
        cmds->failed = true;
        return false;
    }
    c->full = (uint32_t)cmds->text_len;
    memcpy(cmds->text + cmds->text_len, full, len + 1);
    cmds->text_len += len + 1;
    return true;
}

/* scene_source.c - looplab ui: the program's source, with a marker per task
** on the line where it is suspended and the running (or blocking) line lit. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/scene_int.h"

static bool is_keyword(const char *w, size_t n)
{
    static const char *const kw[] = {"async", "await", "def", "return", "for", "in", "if", "else",
                                     "elif", "while", "with", "import", "from", "as", "try",
                                     "except", "finally", "raise", "class", "lambda", "not",
                                     "and", "or", "is", "None", "True", "False", "pass", "break",
                                     "continue", "yield", "global", "nonlocal", "del", "assert"};
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
        if (strlen(kw[i]) == n && memcmp(kw[i], w, n) == 0)
            return true;
    return false;
}

/* One line, coloured by token class; the mono font has one advance for all. */
static void code_line(lpui__sc *sc, float x, float y, float max_w, const char *line, float adv)
{
    char run[512];
    size_t i = 0, len = strlen(line);
    float limit = x + max_w;
    while (i < len) {
        size_t j = i;
        uint32_t col = 0xd3d8e1;
        char c = line[i];
        if (c == '#') {
            j = len;
            col = LPUI_C_COMMENT;
        } else if (c == '"' || c == '\'') {
            j = i + 1;
            while (j < len && line[j] != c)
                j += line[j] == '\\' ? 2 : 1;
            j = j < len ? j + 1 : len;
            col = LPUI_C_STRING;
        } else if (isdigit((unsigned char)c)) {
            while (j < len && (isalnum((unsigned char)line[j]) || line[j] == '.'))
                j++;
            col = LPUI_C_NUMBER;
        } else if (isalpha((unsigned char)c) || c == '_') {
            while (j < len && (isalnum((unsigned char)line[j]) || line[j] == '_'))
                j++;
            if (is_keyword(line + i, j - i))
                col = LPUI_C_KEYWORD;
            else if (j < len && line[j] == '(')
                col = LPUI_C_FUNC;
        } else {
            while (j < len && !isalnum((unsigned char)line[j]) && line[j] != '_' && line[j] != '#' &&
                   line[j] != '"' && line[j] != '\'')
                j++;
        }
        if ((c == 'f' || c == 'b' || c == 'r') && j < len && (line[j] == '"' || line[j] == '\'') &&
            j == i + 1) { /* a prefixed string: colour it with its quotes */
            char q = line[j];
            j++;
            while (j < len && line[j] != q)
                j += line[j] == '\\' ? 2 : 1;
            j = j < len ? j + 1 : len;
            col = LPUI_C_STRING;
        }
        size_t n = j - i < sizeof run - 1 ? j - i : sizeof run - 1;
        memcpy(run, line + i, n);
        run[n] = '\0';
        /* columns: count characters, not bytes */
        size_t chars = 0;
        for (size_t b = 0; b < i; b++)
            chars += ((unsigned char)line[b] & 0xC0) != 0x80;
        float rx = x + (float)chars * adv;
        if (rx >= limit)
            break;
        if (run[0] != ' ' || strspn(run, " ") != n) {
            lpui__text(sc, rx, y, LPUI_FONT_MONO, col, run, limit - rx);
            lpui_cmd *t = sc->out->count ? &sc->out->items[sc->out->count - 1] : NULL;
            if (t && t->type == LPUI_CMD_TEXT && lpui_cmd_full(sc->out, t)) /* cut: hover shows the line */
                lpui_cmds_set_full(sc->out, t, line);
        }
        i = j;
    }
}

/* The line the window should keep in view, and what lights it. */
static uint32_t focus_line(lpui__sc *sc, const lp_state *s, bool *blocking, uint32_t *task)
{
    const lpui_model *m = sc->f->m;
    *blocking = false;
    *task = 0;
    if (s->blocked && lpui_model_is_program(m, s->block_file_sid)) {
        *blocking = true;
        *task = s->block_task;
        return s->block_line;
    }
    const lp_state_task *t = s->running_task ? lp_state_task_find(s, s->running_task) : NULL;
    if (t && lpui_model_is_program(m, t->file_sid)) {
        *task = t->id;
        return t->line;
    }
    return 0;
}

void lpui__source_panel(lpui__sc *sc)
{
    const lpui_model *m = sc->f->m;
    const lp_state *s = sc->f->a;
    const lpui_layout *L = sc->f->L;
    float k = sc->s;
    const char *name = m ? strrchr(m->path, '/') : NULL;
    lpui_rect body = lpui__panel(sc, L->source, "SOURCE", m ? (name ? name + 1 : m->path) : "");
    if (!m || !m->lines) {
        lpui__text(sc, body.x + 14 * k, body.y + 14 * k, LPUI_FONT_UI, LPUI_C_MUTED,
                   m ? "The program's file cannot be read." : "No program open.", body.w - 28 * k);
        return;
    }
    bool blocking = false;
    uint32_t run_task = 0;
    uint32_t focus = s ? focus_line(sc, s, &blocking, &run_task) : 0;
    bool at_end = s && s->applied == lp_trace_count(&m->trace);
    uint32_t err = m->error_line && (at_end || !s) ? m->error_line : 0;
    if (err)
        focus = err;
    else if (!focus && sc->f->n && sc->f->n->line) /* no line runs: the one the lesson talks about */
        focus = sc->f->n->line;
    float lh = L->line;
    float legend_h = 0;
    size_t rows = (size_t)((body.h - 12 * k - legend_h) / lh);
    if (rows < 1)
        rows = 1;
    size_t first = 0;
    if (focus && focus > rows - rows / 3)
        first = focus - (rows - rows / 3);
    if (first + rows > m->line_count)
        first = m->line_count > rows ? m->line_count - rows : 0;
    float adv = lpui__advance(sc, LPUI_FONT_MONO);
    float gutter = 26 * k, numw = 28 * k;
    lpui__clip(sc, body);
    float y = body.y + 6 * k;
    for (size_t i = first; i < m->line_count && i < first + rows; i++, y += lh) {
        uint32_t no = (uint32_t)i + 1;
        lpui_rect row = lpui_rect_make(body.x + 1, y, body.w - 2, lh);
        bool lit = no == focus && (run_task || err);
        if (lit) {
            uint32_t c = err || blocking ? LPUI_C_ALERT : 0x5a7fa8;
            lpui__tag(lpui__rect(sc, row, c, 60, 0, 0, 0), LPUI_TAG_SRC_CURRENT, no);
            lpui__rect(sc, lpui_rect_make(row.x, row.y, 4 * k, row.h), c, 255, 0, 0, 0);
        } else {
            lpui__tag(lpui__rect(sc, row, 0, 0, 0, 0, 0), LPUI_TAG_SRC_LINE, no);
        }
        char num[16];
        snprintf(num, sizeof num, "%u", no);
        float nw = lpui__measure(sc, LPUI_FONT_MONO, num);
        float ty = y + (lh - lpui__font_h(sc, LPUI_FONT_MONO)) / 2;
        lpui__text(sc, body.x + gutter + numw - nw, ty, lit ? LPUI_FONT_MONO_BOLD : LPUI_FONT_MONO,
                   lit ? (err || blocking ? LPUI_C_ALERT : 0xffffff) : 0x566072, num, 0);
        code_line(sc, body.x + gutter + numw + 12 * k, ty, body.w - gutter - numw - 20 * k, m->lines[i], adv);
    }
    /* markers: every task suspended on a visible line of this file (at most
    ** three shapes per line; its tag counts the others) */
    float mk = lh * 0.55f;
    uint32_t *on_line = calloc(2 * rows, sizeof *on_line); /* total, then seen so far */
    for (size_t i = 0; s && on_line && i < s->task_count; i++) {
        const lp_state_task *t = &s->tasks[i];
        if (t->line > first && t->line <= first + rows && lpui_model_is_program(m, t->file_sid) &&
            t->status != LP_TASK_FINISHED)
            on_line[t->line - 1 - first]++;
    }
    for (size_t i = 0; s && on_line && i < s->task_count; i++) {
        const lp_state_task *t = &s->tasks[i];
        if (!t->line || !lpui_model_is_program(m, t->file_sid) || t->status == LP_TASK_FINISHED)
            continue;
        if (t->line <= first || t->line > first + rows)
            continue;
        float ly = body.y + 6 * k + (float)(t->line - 1 - first) * lh;
        lpui_tstate st = lpui__tstate(sc, s, t);
        /* tasks stopped on the same line: earlier ones, and later ones */
        size_t row = t->line - 1 - first;
        size_t before = on_line[rows + row]++, after = on_line[row] - before - 1;
        if (before >= 3)
            continue;
        lpui_rect g = lpui_rect_make(body.x + 3 * k + (float)(before < 2 ? before : 2) * mk * 0.6f,
                                     ly + (lh - mk) / 2, mk, mk);
        lpui__shape(sc, g, t->id);
        lpui_cmd *c = sc->out->count ? &sc->out->items[sc->out->count - 1] : NULL;
        lpui__tag(c, LPUI_TAG_SRC_MARKER, t->id);
        if (before > 0)
            continue; /* one tag per line, for its first task */
        /* a tag at the right: "ticker · waiting" (+N: more tasks there) */
        char label[96], tag[128];
        lpui__label(sc, t, label, sizeof label);
        snprintf(tag, sizeof tag, after ? "%s \xC2\xB7 %s +%zu" : "%s \xC2\xB7 %s%.0zu", label,
                 lpui_tstate_name(st), after);
        float tw = lpui__measure(sc, LPUI_FONT_SMALL, tag) + 20 * k + mk;
        if (tw > body.w * 0.45f)
            tw = body.w * 0.45f;
        float x = body.x + body.w - tw - 8 * k;
        bool hot = t->id == sc->f->v->hover_task;
        lpui_rect tr = lpui_rect_make(x, ly + 2 * k, tw, lh - 4 * k);
        lpui__tag(lpui__rect(sc, tr, 0x1d232d, 235, hot ? 0xffffff : LPUI_C_LINE2, hot ? 2 * k : 1, tr.h / 2),
                  LPUI_TAG_TASK_ROW, t->id);
        lpui__shape(sc, lpui_rect_make(tr.x + 6 * k, tr.y + (tr.h - mk * 0.8f) / 2, mk * 0.8f, mk * 0.8f), t->id);
        lpui__text(sc, tr.x + 10 * k + mk, tr.y + (tr.h - lpui__font_h(sc, LPUI_FONT_SMALL)) / 2,
                   LPUI_FONT_SMALL, st == LPUI_T_BLOCKED ? LPUI_C_ALERT : 0xc4cbd7, tag, tw - 16 * k - mk);
    }
    free(on_line);
    lpui__unclip(sc);
}

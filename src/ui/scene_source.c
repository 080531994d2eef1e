/* scene_source.c - looplab ui: the program's source, with a marker per task
** on the line where it is suspended and the running (or blocking) line lit.
**
** Lesson markup ("#:" lines, src/lesson) is folded out: the panel shows the
** program only, each line under its own number, and a small mark in the
** gutter of the code line a note or a question is attached to (the one
** below its block). So no question's choices or answer show in SOURCE. */
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

enum { LPUI_NOTE_SAY = 1, LPUI_NOTE_ASK = 2 };

/* The last part of a path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Whether a source line is lesson markup: first non-blank characters "#:". */
static bool markup_line(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return line[0] == '#' && line[1] == ':';
}

/* A markup line's block kind, if it is a block's header ("#: ask at ..."). */
static uint8_t markup_kind(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    line += 2;
    if (*line == ' ')
        line++;
    if (strncmp(line, "ask", 3) == 0 && (line[3] == ' ' || line[3] == '\0'))
        return LPUI_NOTE_ASK;
    if (strncmp(line, "say", 3) == 0 && (line[3] == ' ' || line[3] == '\0'))
        return LPUI_NOTE_SAY;
    return 0;
}

/* The rows SOURCE shows: the line number of each code line, and on the line
** below a note's or a question's block, the block's kind. */
typedef struct rows {
    uint32_t *line;  /* row -> 1-based line number; owned */
    uint8_t  *note;  /* row -> 0, LPUI_NOTE_SAY or LPUI_NOTE_ASK; owned */
    size_t    n;
} rows;

static bool rows_build(rows *r, const char *const *lines, size_t count)
{
    r->n = 0;
    r->line = malloc((count + 1) * sizeof *r->line);
    r->note = calloc(count + 1, 1);
    if (!r->line || !r->note)
        return false;
    uint8_t pending = 0;
    for (size_t i = 0; i < count; i++) {
        if (markup_line(lines[i])) {
            uint8_t k = markup_kind(lines[i]);
            if (k > pending)
                pending = k; /* a question outranks a note on the same line */
            continue;
        }
        bool blank = lines[i][strspn(lines[i], " \t\r")] == '\0';
        r->note[r->n] = blank ? 0 : pending; /* the mark goes on the code, past blank lines */
        r->line[r->n++] = (uint32_t)i + 1;
        if (!blank)
            pending = 0;
    }
    return true;
}

static void rows_free(rows *r)
{
    free(r->line);
    free(r->note);
}

/* The row showing line `no`, or the first row below it (a folded line). */
static size_t row_of(const rows *r, uint32_t no)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->line[mid] < no)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
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

/* Another file, opened from a location: its lines, the one asked for lit,
** and the way back. Read only: nothing of the run is drawn on it. */
static void other_panel(lpui__sc *sc, const lpui_srcview *o)
{
    const lpui_layout *L = sc->f->L;
    float k = sc->s;
    char right[300];
    snprintf(right, sizeof right, "%s \xC2\xB7 read only", o->name);
    lpui_rect body = lpui__panel(sc, L->source, "SOURCE", right);
    /* the way back: a bar across the top of the panel */
    float bh = lpui__font_h(sc, LPUI_FONT_SMALL) + 10 * k;
    lpui_rect back = lpui_rect_make(body.x + 6 * k, body.y + 4 * k, body.w - 12 * k, bh);
    bool hot = lpui_rect_hit(back, sc->f->v->mouse_x, sc->f->v->mouse_y);
    lpui__tag(lpui__rect(sc, back, hot ? 0x2a3444 : 0x202836, 255, 0x3a4557, 1, 4 * k), LPUI_TAG_SRC_BACK, 0);
    char label[320];
    snprintf(label, sizeof label, "\xE2\x86\x90 back to %s (Esc)", sc->f->m ? base_name(sc->f->m->path) : "the program");
    lpui__text(sc, back.x + 8 * k, back.y + 5 * k, LPUI_FONT_SMALL, LPUI_C_TEXT, label, back.w - 16 * k);
    body.y += bh + 8 * k;
    body.h -= bh + 8 * k;
    float lh = L->line;
    size_t nrows = (size_t)((body.h - 12 * k) / lh);
    if (nrows < 1)
        nrows = 1;
    size_t first = o->line > nrows / 3 ? o->line - nrows / 3 : 0;
    if (first + nrows > o->line_count)
        first = o->line_count > nrows ? o->line_count - nrows : 0;
    float adv = lpui__measure(sc, LPUI_FONT_MONO, "M");
    float gutter = 26 * k, numw = 28 * k;
    lpui__clip(sc, body);
    float y = body.y + 6 * k;
    for (size_t i = first; i < o->line_count && i < first + nrows; i++, y += lh) {
        uint32_t no = (uint32_t)i + 1;
        bool lit = no == o->line;
        lpui_rect row = lpui_rect_make(body.x + 1, y, body.w - 2, lh);
        if (lit) {
            lpui__tag(lpui__rect(sc, row, 0x5a7fa8, 60, 0, 0, 0), LPUI_TAG_SRC_CURRENT, no);
            lpui__rect(sc, lpui_rect_make(row.x, row.y, 4 * k, row.h), 0x5a7fa8, 255, 0, 0, 0);
        }
        char num[16];
        snprintf(num, sizeof num, "%u", no);
        float nw = lpui__measure(sc, LPUI_FONT_MONO, num);
        float ty = y + (lh - lpui__font_h(sc, LPUI_FONT_MONO)) / 2;
        lpui__text(sc, body.x + gutter + numw - nw, ty, lit ? LPUI_FONT_MONO_BOLD : LPUI_FONT_MONO,
                   lit ? 0xffffff : 0x566072, num, 0);
        code_line(sc, body.x + gutter + numw + 12 * k, ty, body.w - gutter - numw - 20 * k, o->lines[i], adv);
    }
    lpui__unclip(sc);
}

void lpui__source_panel(lpui__sc *sc)
{
    if (sc->f->v->other && sc->f->v->other->text) {
        other_panel(sc, sc->f->v->other);
        return;
    }
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
    rows rw;
    if (!rows_build(&rw, m->lines, m->line_count)) {
        rows_free(&rw);
        return;
    }
    float lh = L->line;
    size_t nrows = (size_t)((body.h - 12 * k) / lh);
    if (nrows < 1)
        nrows = 1;
    size_t first = 0, focus_row = focus ? row_of(&rw, focus) : 0;
    if (focus && focus_row < rw.n)
        focus = rw.line[focus_row]; /* a folded line: the code line below it */
    if (focus && focus_row > nrows - nrows / 3)
        first = focus_row - (nrows - nrows / 3);
    if (first + nrows > rw.n)
        first = rw.n > nrows ? rw.n - nrows : 0;
    size_t last = first + nrows < rw.n ? first + nrows : rw.n;
    /* the visible lines: [lo, hi] */
    uint32_t lo = first < rw.n ? rw.line[first] : 1, hi = last > first ? rw.line[last - 1] : 0;
    float adv = lpui__advance(sc, LPUI_FONT_MONO);
    float gutter = 26 * k, numw = 28 * k;
    lpui__clip(sc, body);
    float y = body.y + 6 * k;
    for (size_t i = first; i < last; i++, y += lh) {
        uint32_t no = rw.line[i];
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
        if (rw.note[i]) /* a note (blue) or a question (amber) is attached to this line */
            lpui__tag(lpui__rect(sc, lpui_rect_make(body.x + gutter + numw + 4 * k, y + 4 * k, 3 * k, lh - 8 * k),
                                 rw.note[i] == LPUI_NOTE_ASK ? 0xe0af68 : LPUI_C_ACCENT, 255, 0, 0, 1 * k),
                      LPUI_TAG_SRC_NOTE, no);
        code_line(sc, body.x + gutter + numw + 12 * k, ty, body.w - gutter - numw - 20 * k, m->lines[no - 1], adv);
    }
    /* markers: every task suspended on a visible line of this file (at most
    ** three shapes per line; its tag counts the others) */
    float mk = lh * 0.55f;
    uint32_t *on_line = calloc(2 * nrows, sizeof *on_line); /* per row: total, then seen so far */
    for (size_t i = 0; s && on_line && i < s->task_count; i++) {
        const lp_state_task *t = &s->tasks[i];
        if (t->line >= lo && t->line <= hi && lpui_model_is_program(m, t->file_sid) &&
            t->status != LP_TASK_FINISHED)
            on_line[row_of(&rw, t->line) - first]++;
    }
    for (size_t i = 0; s && on_line && i < s->task_count; i++) {
        const lp_state_task *t = &s->tasks[i];
        if (!t->line || !lpui_model_is_program(m, t->file_sid) || t->status == LP_TASK_FINISHED)
            continue;
        if (t->line < lo || t->line > hi)
            continue;
        size_t row = row_of(&rw, t->line) - first;
        float ly = body.y + 6 * k + (float)row * lh;
        lpui_tstate st = lpui__tstate(sc, s, t);
        /* tasks stopped on the same line: earlier ones, and later ones */
        size_t before = on_line[nrows + row]++, after = on_line[row] - before - 1;
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
    rows_free(&rw);
    lpui__unclip(sc);
}

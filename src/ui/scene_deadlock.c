/* scene_deadlock.c - looplab ui: a deadlock drawn as its cycle.
**
** Once the replay reaches the moment a deadlock's cycle closed (the record
** of the insights' DEADLOCK finding), the WHAT HAPPENS panel shows the
** cycle under its message: each thread of it as a node (its name, the line
** where it waits), an arrow from it to the thread holding the lock it waits
** for, labelled with the lock and the line where the holder took it, and
** the last arrow back up to the first node. Nodes are outlined in the
** thread's colour with the blocked hatch, as the THREADS box draws a thread
** that waits; the arrows are red. Drawn whole or not at all (then a line
** says where to read it: the INSIGHTS panel).
*/
#include <stdio.h>

#include "ui/scene_int.h"

static const lpin_finding *deadlock_now(const lpui__sc *sc)
{
    const lpin_report *r = sc->f->v->insights;
    const lp_state *s = sc->f->a;
    for (size_t i = 0; r && s && i < r->count; i++) {
        const lpin_finding *f = &r->findings[i];
        if (f->kind == LPIN_DEADLOCK && f->cycle_len > 0 && s->applied > f->event)
            return f;
    }
    return NULL;
}

/* The colour the THREADS box gives the thread (its submitting task's). */
static lpui_color thread_color(const lpui__sc *sc, uint32_t serial)
{
    const lpui_model *m = sc->f->m;
    if (serial == 0)
        return lpui_rgba(0x7aa2f7, 255);
    uint32_t task = m && serial < m->job_count ? m->job_task[serial] : 0;
    return task ? lpui_task_color(task) : lpui_rgba(0xd68bbb, 255);
}

static void arrow_head(lpui__sc *sc, float x, float y, float dx, float dy, lpui_color c)
{
    float k = sc->s, a = 6 * k;
    /* a head pointing along (dx, dy), one of the four directions */
    lpui__line(sc, x, y, x - a * dx - a * dy * 0.7f, y - a * dy - a * dx * 0.7f, c, 1.5f * k);
    lpui__line(sc, x, y, x - a * dx + a * dy * 0.7f, y - a * dy + a * dx * 0.7f, c, 1.5f * k);
}

/* Three layouts, the first that fits: roomy (a title, two-line nodes and
** labels), compact (two-line nodes, one-line labels), tight (one line each). */
typedef enum layout { ROOMY, COMPACT, TIGHT } layout;

typedef struct metrics {
    float  bold, small, node_h, arrow_h, title_h;
    layout how;
} metrics;

static float height(const metrics *mt, size_t n, float k)
{
    return mt->title_h + (float)n * (mt->node_h + mt->arrow_h) + 4 * k;
}

static metrics measure(lpui__sc *sc, size_t n, float h)
{
    float k = sc->s;
    metrics mt;
    mt.bold = lpui__font_h(sc, LPUI_FONT_BOLD);
    mt.small = lpui__font_h(sc, LPUI_FONT_SMALL);
    mt.how = ROOMY;
    mt.node_h = mt.bold + mt.small + 12 * k;
    mt.arrow_h = mt.small * 2 + 12 * k;
    mt.title_h = mt.small + 8 * k;
    if (height(&mt, n, k) <= h)
        return mt;
    mt.how = COMPACT;
    mt.arrow_h = mt.small + 10 * k;
    mt.title_h = 0;
    if (height(&mt, n, k) <= h)
        return mt;
    mt.how = TIGHT;
    mt.node_h = mt.bold + 8 * k;
    mt.arrow_h = mt.small + 8 * k;
    return mt;
}

static void node(lpui__sc *sc, lpui_rect n, const lpin_cycle_step *c, const metrics *mt)
{
    float k = sc->s;
    lpui_color col = thread_color(sc, c->thread);
    uint32_t rgb = (uint32_t)col.r << 16 | (uint32_t)col.g << 8 | col.b;
    lpui__rect(sc, n, LPUI_C_CARD, 255, rgb, 1.5f * k, 5 * k);
    lpui_rect hatch = lpui_rect_make(n.x + 2 * k, n.y + 2 * k, 8 * k, n.h - 4 * k);
    lpui__pattern(sc, hatch, LPUI_PAT_HATCH, lpui_rgba(LPUI_C_ALERT, 255));
    float x = n.x + 16 * k, w = n.w - 22 * k;
    float name_w = lpui__text(sc, x, n.y + 4 * k, LPUI_FONT_BOLD, LPUI_C_TEXT, c->who, w);
    char waits[160];
    snprintf(waits, sizeof waits, "waits at line %u for %s", (unsigned)c->wait_line, c->lock);
    if (mt->how == TIGHT) /* on the name's line */
        lpui__text(sc, x + name_w + 8 * k, n.y + 4 * k + (mt->bold - mt->small) / 2, LPUI_FONT_SMALL,
                   LPUI_C_MUTED, waits, w - name_w - 8 * k);
    else
        lpui__text(sc, x, n.y + 6 * k + mt->bold, LPUI_FONT_SMALL, LPUI_C_MUTED, waits, w);
}

float lpui__deadlock_card(lpui__sc *sc, lpui_rect r)
{
    const lpin_finding *f = deadlock_now(sc);
    if (!f)
        return 0;
    float k = sc->s;
    float gap = 8 * k; /* from what is above */
    r.y += gap;
    r.h -= gap;
    size_t n = f->cycle_len;
    metrics mt = measure(sc, n, r.h);
    float need = height(&mt, n, k);
    if (need > r.h) { /* no room for the whole cycle: say where it is */
        if (mt.small + 4 * k <= r.h)
            lpui__text(sc, r.x, r.y, LPUI_FONT_SMALL, LPUI_C_ALERT_SOFT,
                       "The deadlock's cycle: in INSIGHTS (press I)", r.w);
        return gap + mt.small + 4 * k;
    }
    lpui_color red = lpui_rgba(LPUI_C_ALERT, 255);
    if (mt.how == ROOMY)
        lpui__text(sc, r.x, r.y, LPUI_FONT_SMALL, LPUI_C_ALERT_SOFT,
                   n == 1 ? "THE CYCLE  \xC2\xB7  a thread waits for itself"
                          : "THE CYCLE  \xC2\xB7  each waits for the next",
                   r.w);
    float back_x = r.x + r.w - 8 * k;       /* where the last arrow goes back up */
    float node_w = r.w - 28 * k;
    float y = r.y + mt.title_h;
    float first_mid = y + mt.node_h / 2;
    for (size_t i = 0; i < n; i++) {
        const lpin_cycle_step *c = &f->cycle[i];
        node(sc, lpui_rect_make(r.x, y, node_w, mt.node_h), c, &mt);
        y += mt.node_h;
        /* the arrow: from this thread to the holder of the lock it waits for */
        float ax = r.x + 22 * k;
        float end = y + mt.arrow_h;
        const char *holder = f->cycle[(i + 1) % n].who; /* the arrow's end */
        char held[200], by[160];
        float label_w = back_x - ax - 20 * k;
        if (mt.how == ROOMY) {
            snprintf(held, sizeof held, "%s is held by", c->lock);
            snprintf(by, sizeof by, "%s, who took it at line %u", holder, (unsigned)c->held_line);
            lpui__text(sc, ax + 10 * k, y + 4 * k, LPUI_FONT_SMALL, LPUI_C_ALERT_SOFT, held, label_w);
            lpui__text(sc, ax + 10 * k, y + 6 * k + mt.small, LPUI_FONT_SMALL, LPUI_C_MUTED, by, label_w);
        } else { /* the arrow points at the holder */
            snprintf(held, sizeof held, "%s: held by %s (line %u)", c->lock, holder, (unsigned)c->held_line);
            lpui__text(sc, ax + 10 * k, y + (mt.arrow_h - mt.small) / 2, LPUI_FONT_SMALL, LPUI_C_ALERT_SOFT,
                       held, label_w);
        }
        if (i + 1 < n) {
            lpui__line(sc, ax, y, ax, end, red, 1.5f * k);
            arrow_head(sc, ax, end, 0, 1, red);
        } else { /* down, right, up the side, and left into the first node */
            float low = end - 4 * k;
            lpui__line(sc, ax, y, ax, low, red, 1.5f * k);
            lpui__line(sc, ax, low, back_x, low, red, 1.5f * k);
            lpui__line(sc, back_x, low, back_x, first_mid, red, 1.5f * k);
            lpui__line(sc, back_x, first_mid, r.x + node_w, first_mid, red, 1.5f * k);
            arrow_head(sc, r.x + node_w, first_mid, -1, 0, red);
        }
        y = end;
    }
    return gap + need;
}

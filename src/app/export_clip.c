/*
** export_clip.c: the frames of an export, in virtual time (see export_clip.h).
*/
#include "app/export_clip.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/status.h"

enum { PLAYING, ENDING, DONE };

double lpapp_clip_read_time(size_t chars)
{
    double t = 1.0 + (double)chars / 60.0; /* a quick read: a viewer can pause */
    return t < 1.5 ? 1.5 : t > 3.0 ? 3.0 : t;
}

/* Frames to hold what the narration says now. */
static long read_frames(const lpapp_clip *c)
{
    const lpui_narration *n = &c->ui.narration;
    size_t chars = strlen(n->text);
    for (size_t i = 0; i < n->nchoices; i++)
        chars += strlen(n->choices[i]);
    return (long)(lpapp_clip_read_time(chars) * c->o.fps + 0.5);
}

int lpapp_clip_start(lpapp_clip *c, lpui_model *m, bool trusted, const lpapp_clip_opts *o)
{
    memset(c, 0, sizeof *c);
    c->o = *o;
    c->skip_ask = SIZE_MAX;
    c->answer = -1;
    lpui_init(&c->ui);
    lpapp_lesson_init(&c->lesson);
    c->ui.view.trusted = trusted;
    /* as lpui_set_model, but borrowing m: lpapp_clip_free hands it back */
    c->ui.model = m;
    int rc = lpui_player_init(&c->ui.player, m);
    if (rc != LP_OK) {
        c->ui.model = NULL;
        return rc;
    }
    c->ui.player.speed = c->ui.view.speed; /* 1x: the clip scales its own clock */
    rc = lpui_player_seek_time(&c->ui.player, o->from);
    /* frame 0 is what `looplab shot --at from` draws */
    lpapp_lesson_load(&c->lesson, m, 0, 0);
    lpapp_lesson_after_tick(&c->lesson, &c->ui, c->ui.player.a.applied);
    /* hold it: a lesson's introduction is read first */
    c->hold = c->lesson.active ? read_frames(c) : (long)(0.5 * o->fps);
    return rc;
}

void lpapp_clip_free(lpapp_clip *c)
{
    if (c->ui.model)
        lpui_player_free(&c->ui.player);
    c->ui.model = NULL; /* borrowed: not lpui_free's to free */
    lpui_free(&c->ui);
    lpapp_lesson_free(&c->lesson);
}

/* The last frame: held a moment, with the run's error when it ended on one. */
static void end(lpapp_clip *c, bool run_ended)
{
    lpui_player *p = &c->ui.player;
    const lpui_model *m = c->ui.model;
    p->playing = false;
    c->phase = ENDING;
    c->hold = (long)(1.5 * c->o.fps);
    if (run_ended && m->exit_status != 0 && m->error) { /* as the window says it */
        lpui_view *v = &c->ui.view;
        if (m->error_line)
            snprintf(v->banner, sizeof v->banner, "%s \xE2\x80\x94 line %u", m->error, m->error_line);
        else
            snprintf(v->banner, sizeof v->banner, "%s", m->error);
        v->banner_error = true;
        c->hold = 3 * c->o.fps;
    }
    lpapp_lesson_after_tick(&c->lesson, &c->ui, p->a.applied);
}

bool lpapp_clip_next(lpapp_clip *c)
{
    if (c->phase == DONE)
        return false;
    c->still = false;
    if (c->hold > 0) {
        c->hold--;
        c->frame++;
        c->still = true;
        return true;
    }
    if (c->phase == ENDING) {
        c->phase = DONE;
        return false;
    }
    lpui_player *p = &c->ui.player;
    p->playing = true;
    size_t before = p->a.applied;
    lpui_tick(&c->ui, c->o.speed / c->o.fps);
    /* a question already held: no stopping at it again (the window waits
    ** for an answer there; the clip shows the answer instead) */
    size_t since = before == c->skip_ask ? before + 1 : before;
    lpapp_lesson_after_tick(&c->lesson, &c->ui, since);
    if (c->skip_ask != SIZE_MAX && p->a.applied > c->skip_ask)
        c->skip_ask = SIZE_MAX;
    c->frame++;
    c->play_frames++;
    if (c->o.to >= 0 && lpui_player_now(p) >= c->o.to) { /* the end of the range: as shot shows it */
        lpui_player_seek_time(p, c->o.to);
        end(c, false);
        return true;
    }
    if (!p->playing) {
        if (p->a.applied >= lpui_player_total(p)) {
            end(c, true);
            return true;
        }
        /* the lesson stopped here to be read (a note, or a question) */
        c->hold = read_frames(c);
        if (c->lesson.asking >= 0) {
            c->skip_ask = c->lesson.index[c->lesson.asking];
            c->answer = c->lesson.asking;
        }
        p->playing = true; /* no "Space plays on": the video does */
        lpapp_lesson_after_tick(&c->lesson, &c->ui, p->a.applied);
        c->hold = c->hold > read_frames(c) ? c->hold : read_frames(c);
    } else if (c->answer >= 0 && p->a.applied > c->lesson.index[c->answer]) {
        c->hold = read_frames(c); /* the question's answer, now on screen */
        c->answer = -1;
    }
    return true;
}

long lpapp_clip_count(lpui_model *m, const lpapp_clip_opts *o, long limit, long *play_frames)
{
    lpapp_clip c;
    long n = 0;
    if (lpapp_clip_start(&c, m, false, o) == LP_OK) {
        n = 1;
        while (n <= limit && lpapp_clip_next(&c))
            n++;
    }
    if (play_frames)
        *play_frames = c.play_frames;
    lpapp_clip_free(&c);
    return n;
}

double lpapp_clip_auto_speed(lpui_model *m, const lpapp_clip_opts *o, double seconds)
{
    /* The playing's length at 1x, measured by dry runs from fast to slow:
    ** a run of a million events lasts days at 1x, too many frames to count
    ** one by one, so each pass is 16 times slower than the last until it
    ** takes at least 100 frames (1% close) or runs at 1x (exact). */
    lpapp_clip_opts probe = *o;
    long play = 0, all = 0;
    for (probe.speed = 65536;; probe.speed /= 16) {
        all = lpapp_clip_count(m, &probe, LONG_MAX - 1, &play);
        if (play >= 100 || probe.speed <= 1)
            break;
    }
    double length = (double)play * probe.speed / probe.fps; /* seconds at 1x */
    /* the holds last as long at any speed: the playing gets the rest, and
    ** never less than 40% of the time */
    double held = (double)(all - play) / probe.fps;
    double want = seconds - held < 0.4 * seconds ? 0.4 * seconds : seconds - held;
    double s = length / want;
    return s < 0.25 ? 0.25 : s > LPAPP_CLIP_MAX_SPEED ? LPAPP_CLIP_MAX_SPEED : s;
}

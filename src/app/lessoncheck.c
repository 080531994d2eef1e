/*
** lessoncheck.c: a lesson's expectations against the window (see lessoncheck.h).
*/
#include "app/lessoncheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "insight/source.h"
#include "lesson/moments.h"

/* Whether task `id` has a step waiting in the ready queue of s. */
static bool step_ready(const lpui_model *m, const lp_state *s, uint32_t id)
{
    for (size_t i = s->ready_head; i < s->ready_end; i++) {
        const lpui_handle_info *h = lpui_model_handle(m, s->ready[i]);
        if (h && h->step_task == id)
            return true;
    }
    return false;
}

/* The RUNNING card, by the window's rule (scene_loop.c: place_cards). */
static void running_label(const lpui_model *m, const lp_state *s, char *out, size_t n)
{
    out[0] = '\0';
    if (s->applied == lp_trace_count(&m->trace))
        return; /* the program has ended */
    const lp_state_task *t = NULL;
    if (s->running_task) {
        t = lp_state_task_find(s, s->running_task);
    } else if (s->running) {
        const lpui_handle_info *h = lpui_model_handle(m, s->running);
        t = h && h->step_task ? lp_state_task_find(s, h->step_task) : NULL;
        if (t == NULL) {
            snprintf(out, n, "callback");
            return;
        }
        if (t->handle == s->running)
            return; /* the step is over, the callback only returns */
    }
    if (t)
        lpui_model_task_label(m, t, out, n);
}

/* Whether a job's row in THREADS shows it at work (not idle, not waiting):
** a thread by its own status, another worker (a process) by its job's. */
static bool busy_worker(const lp_state *s, const lp_state_job *j)
{
    if (j->status == LP_JOB_QUEUED)
        return false; /* no lane yet */
    const lp_state_thread *t = lp_thread_find(&s->threads, j->serial);
    if (t)
        return t->status == LP_THREAD_STARTING || t->status == LP_THREAD_RUNNING ||
               t->status == LP_THREAD_SLEEPING || t->status == LP_THREAD_COMPUTING;
    return j->status == LP_JOB_STARTING || j->status == LP_JOB_RUNNING || j->status == LP_JOB_SLEEPING;
}

static const char *last_output(const lpui_model *m, size_t applied)
{
    size_t lo = 0, hi = m->output_count;
    while (lo < hi) { /* outputs with an index < applied are on screen */
        size_t mid = lo + (hi - lo) / 2;
        if (m->outputs[mid] < applied)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    return lpui_model_str(m, (uint32_t)lp_trace_at(&m->trace, m->outputs[lo - 1])->arg.u64);
}

int lpapp_view_at(lpapp_view *out, const lpui_model *m, size_t applied)
{
    memset(out, 0, sizeof *out);
    if (applied > m->replay.live.applied)
        applied = m->replay.live.applied;
    lp_state s;
    if (lp_replay_state_at(&m->replay, applied, &s) != LP_OK)
        return LP_E_NOMEM;
    size_t nready = lp_state_ready_count(&s);
    out->labels = calloc(s.task_count + nready + 1, sizeof *out->labels);
    out->ready = calloc(nready + 1, sizeof *out->ready);
    out->tasks = calloc(s.task_count + 1, sizeof *out->tasks);
    if (!out->labels || !out->ready || !out->tasks) {
        lp_state_free(&s);
        return LP_E_NOMEM;
    }
    lpl_view *v = &out->v;
    v->time = s.time;
    v->frozen = s.blocked;
    for (size_t i = 0; i < s.task_count; i++) {
        const lp_state_task *t = &s.tasks[i];
        lpui_model_task_label(m, t, out->labels[i], sizeof out->labels[i]);
        out->tasks[i].label = out->labels[i];
        out->tasks[i].state = lpui_tstate_name(lpui_model_tstate(&s, t, step_ready(m, &s, t->id)));
    }
    v->tasks = out->tasks;
    v->ntasks = s.task_count;
    for (size_t i = 0; i < nready; i++) {
        char *label = out->labels[s.task_count + i];
        const lpui_handle_info *h = lpui_model_handle(m, s.ready[s.ready_head + i]);
        const lp_state_task *t = h && h->step_task ? lp_state_task_find(&s, h->step_task) : NULL;
        if (t)
            lpui_model_task_label(m, t, label, sizeof out->labels[0]);
        else
            snprintf(label, sizeof out->labels[0], "callback");
        out->ready[i] = label;
    }
    v->ready = out->ready;
    v->nready = nready;
    running_label(m, &s, out->running, sizeof out->running);
    v->running = out->running[0] ? out->running : NULL;
    for (size_t i = 0; i < s.handle_count; i++)
        v->timers += s.handles[i].where == LP_STATE_TIMER;
    for (size_t i = 0; i < s.job_count; i++)
        v->workers += busy_worker(&s, &s.jobs[i]);
    v->last_output = last_output(m, applied);
    lp_state_free(&s);
    return LP_OK;
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

int lpapp_lesson_insights(const lpui_model *m, lpin_report *out)
{
    lpin_source_files files;
    lpin_source source = lpin_source_files_init(&files, m->path);
    int rc = lpin_analyze(&m->trace, &source, lp_allocator_default(), out);
    lpin_source_files_free(&files);
    return rc;
}

bool lpapp_finding_happened(const lpui_model *m, const lpin_finding *f, size_t applied)
{
    size_t total = lp_trace_count(&m->trace);
    if (applied > total)
        applied = total;
    if (applied == 0 || f->event >= applied)
        return false;
    return lp_trace_at(&m->trace, applied - 1)->time >= f->t1 - 1e-9;
}

int lpapp_view_findings(lpapp_view *out, const lpui_model *m, const lpin_report *r, size_t applied)
{
    free(out->findings);
    out->findings = calloc(r->count + 1, sizeof *out->findings);
    if (!out->findings)
        return LP_E_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++) {
        const lpin_finding *f = &r->findings[i];
        if (!lpapp_finding_happened(m, f, applied))
            continue;
        bool here = f->file && strcmp(base_name(f->file), base_name(m->path)) == 0;
        out->findings[n++] = (lpl_view_finding){.kind = lpin_kind_id(f->kind), .line = here ? (int)f->line : 0};
    }
    out->v.findings = out->findings;
    out->v.nfindings = n;
    return LP_OK;
}

long lpapp_note_finding(const lpui_model *m, const lpin_report *r, const lpl_note *note, size_t index)
{
    if (!note->finding || !r || index == LPL_NEVER)
        return -1;
    size_t applied = lpl_note_applied(note, index);
    long best = -1;
    for (size_t i = 0; i < r->count; i++) {
        const lpin_finding *f = &r->findings[i];
        if (strcmp(lpin_kind_id(f->kind), note->finding) == 0 && lpapp_finding_happened(m, f, applied) &&
            (best < 0 || f->event > r->findings[best].event))
            best = (long)i;
    }
    return best;
}

void lpapp_view_free(lpapp_view *v)
{
    free(v->labels);
    free(v->ready);
    free(v->tasks);
    free(v->findings);
    memset(v, 0, sizeof *v);
}

long lpapp_lesson_check(const lpui_model *m, const lpl_lesson *lesson, const size_t *index,
                        lpapp_expect_report report, void *user)
{
    long failed = 0;
    lpin_report insights;
    if (lpapp_lesson_insights(m, &insights) != LP_OK) {
        lpin_report_free(&insights);
        return -1;
    }
    for (size_t i = 0; i < lesson->nnotes; i++) {
        const lpl_note *note = &lesson->notes[i];
        if (note->nexpects == 0 || index[i] == LPL_NEVER)
            continue;
        lpapp_view view;
        size_t applied = lpl_note_applied(note, index[i]);
        if (lpapp_view_at(&view, m, applied) != LP_OK ||
            lpapp_view_findings(&view, m, &insights, applied) != LP_OK) {
            lpapp_view_free(&view);
            lpin_report_free(&insights);
            return -1;
        }
        for (size_t e = 0; e < note->nexpects; e++) {
            char shows[512];
            if (!lpl_expect_holds(&note->expects[e], &view.v, shows, sizeof shows)) {
                failed++;
                if (report)
                    report(user, note, &note->expects[e], shows);
            }
        }
        lpapp_view_free(&view);
    }
    lpin_report_free(&insights);
    return failed;
}

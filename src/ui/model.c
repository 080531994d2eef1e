/* model.c - looplab ui: indexing a recorded run (see model.h). */
#include "ui/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "core/textfile.h"
#include "ui/model_int.h"

static const char *const TSTATE_NAMES[LPUI_T_COUNT] = {
    "new", "ready", "running", "waiting", "blocked", "done", "failed", "cancelled", "computing",
};

const char *lpui_tstate_name(lpui_tstate s)
{
    return (unsigned)s < LPUI_T_COUNT ? TSTATE_NAMES[s] : "?";
}

const char *lpui_model_str(const lpui_model *m, uint32_t sid)
{
    const char *s = lp_strtab_get(&m->trace.strings, sid, NULL);
    return s ? s : "";
}

size_t lpui_model_index_after(const lpui_model *m, double t)
{
    size_t lo = 0, hi = lp_trace_count(&m->trace);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lp_trace_at(&m->trace, mid)->time <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const lpui_handle_info *lpui_model_handle(const lpui_model *m, uint32_t serial)
{
    return serial < m->handle_count ? &m->handles[serial] : NULL;
}

lpui_tstate lpui_model_tstate(const lp_state *s, const lp_state_task *t, bool ready)
{
    switch (t->status) {
    case LP_TASK_FINISHED:
        return t->outcome == LP_TASK_CANCELLED   ? LPUI_T_CANCELLED
               : t->outcome == LP_TASK_EXCEPTION ? LPUI_T_FAILED
                                                 : LPUI_T_DONE;
    case LP_TASK_RUNNING:
        if (s->running_task == t->id)
            return s->blocked ? LPUI_T_BLOCKED : LPUI_T_RUNNING;
        if (!lp_state_follows(s, t->loop))
            return LPUI_T_RUNNING; /* a step of another thread's loop, in that thread */
        return ready ? LPUI_T_READY : LPUI_T_WAITING;
    case LP_TASK_SUSPENDED:
        return ready ? LPUI_T_READY : LPUI_T_WAITING;
    default:
        return ready ? LPUI_T_READY : LPUI_T_NEW;
    }
}

size_t lpui_model_task_row(const lpui_model *m, uint32_t task)
{
    uint32_t row;
    return task && lp_u32map_get(&m->task_row, task, &row) ? row : SIZE_MAX;
}

void lpui_model_task_label(const lpui_model *m, const lp_state_task *t, char *out, size_t n)
{
    const char *coro = lpui_model_str(m, t->coro_sid);
    const char *dot = strrchr(coro, '.');
    const char *start = dot ? dot + 1 : coro;
    size_t len = strlen(start);
    if (len >= 2 && strcmp(start + len - 2, "()") == 0)
        len -= 2;
    if (len == 0 || strncmp(start, "<", 1) == 0) {
        start = lpui_model_str(m, t->name_sid);
        len = strlen(start);
    }
    snprintf(out, n, "%.*s", (int)len, start);
}

bool lpui_model_is_program(const lpui_model *m, uint32_t sid)
{
    return sid != 0 && sid == m->path_sid;
}

/* ---- building the indexes ---- */

static void *grow_zero(void *p, size_t *count, size_t need, size_t size)
{
    if (need <= *count)
        return p;
    size_t n = *count ? *count : 64;
    while (n < need)
        n *= 2;
    char *q = realloc(p, n * size);
    if (!q)
        return NULL;
    memset(q + *count * size, 0, (n - *count) * size);
    *count = n;
    return q;
}

/* Per-row builder state: the open segment. */
typedef struct row_open {
    uint8_t  state;
    uint8_t  share;
    bool     open;
    double   t0;
    uint32_t ev0;
} row_open;

typedef struct builder {
    lpui_model *m;
    row_open   *open;      /* by row */
    size_t      open_cap;
    size_t      seg_cap;
    int         rc;
} builder;

static void add_seg(builder *b, const lpui_segment *seg)
{
    lpui_model *m = b->m;
    if (b->rc != LP_OK)
        return;
    if (m->seg_count == b->seg_cap) {
        size_t cap = b->seg_cap ? b->seg_cap * 2 : 256;
        lpui_segment *p = realloc(m->segs, cap * sizeof *p);
        if (!p) {
            b->rc = LP_E_NOMEM;
            return;
        }
        m->segs = p;
        b->seg_cap = cap;
    }
    m->segs[m->seg_count++] = *seg;
}

/* Row `row` enters `state` at event `ev`, time t. */
/* The row enters `state` at time t (a computing lane: at `share` percent
** of a CPU). */
static void row_set_share(builder *b, size_t row, uint8_t state, uint8_t share, double t, uint32_t ev)
{
    if (row >= b->m->row_count)
        return; /* a record about a task no record made (a damaged trace) */
    row_open *o = &b->open[row];
    if (o->open && o->state == state && o->share == share)
        return;
    if (o->open) {
        lpui_segment seg = {o->t0, t, (uint32_t)row, o->state, o->share, o->ev0};
        add_seg(b, &seg);
    }
    o->open = true;
    o->state = state;
    o->share = share;
    o->t0 = t;
    o->ev0 = ev;
}

static void row_set(builder *b, size_t row, uint8_t state, double t, uint32_t ev)
{
    row_set_share(b, row, state, 0, t, ev);
}

static void row_close(builder *b, size_t row, double t)
{
    if (row >= b->m->row_count)
        return;
    row_open *o = &b->open[row];
    if (!o->open)
        return;
    lpui_segment seg = {o->t0, t, (uint32_t)row, o->state, o->share, o->ev0};
    add_seg(b, &seg);
    o->open = false;
}

static int add_row(lpui_model *m, builder *b, uint32_t task, uint32_t lane1)
{
    size_t cap = b->open_cap;
    row_open *open = grow_zero(b->open, &cap, m->row_count + 1, sizeof *open);
    if (!open)
        return LP_E_NOMEM;
    b->open = open;
    size_t cap2 = b->open_cap;
    uint32_t *rt = grow_zero(m->row_task, &cap2, m->row_count + 1, sizeof *rt);
    if (rt)
        m->row_task = rt;
    size_t cap3 = b->open_cap;
    uint32_t *rl = rt ? grow_zero(m->row_lane, &cap3, m->row_count + 1, sizeof *rl) : NULL;
    if (rl)
        m->row_lane = rl;
    if (!rt || !rl)
        return LP_E_NOMEM;
    b->open_cap = cap;
    m->row_task[m->row_count] = task;
    m->row_lane[m->row_count] = lane1;
    m->row_count++;
    return LP_OK;
}

/* Rows of lanes come after the tasks': recorded first in a side list. */
typedef struct lane_rows {
    uint32_t *global;  /* lane index + 1 -> row + 1 */
    size_t    cap;
} lane_rows;

static int index_events(lpui_model *m, builder *b, lpui__loops_seen *scan)
{
    const lp_trace *tr = &m->trace;
    size_t n = lp_trace_count(tr);
    uint32_t running_task = 0, running_job = 0, max_serial = 0;
    size_t out_cap = 0;
    /* pass 1 (no state): handles, jobs, outputs, task rows */
    for (size_t i = 0; i < n; i++) {
        lp_transition ts[LP_INTERP_MAX];
        unsigned nt = lp_interp_read_all(lp_trace_at(tr, i), ts);
        for (unsigned k = 0; k < (nt ? nt : 1); k++) { /* a RUN may start a step: two */
            lp_transition t = ts[k];
            lpui__loop_scan(scan, &t);
            if (lp_interp_step_ends(&t))
                running_task = 0;
            switch ((lp_transition_kind)t.kind) {
            case LP_TR_HANDLE_QUEUED:
            case LP_TR_TIMER_SET: {
                /* ids count up from 1, one record at least each: an id past the
                ** record count is no id of the loop's (a damaged trace), and
                ** would size these tables by itself */
                if (t.handle > n)
                    break;
                lpui_handle_info *h = grow_zero(m->handles, &m->handle_count, (size_t)t.handle + 1,
                                                sizeof *h);
                if (!h)
                    return LP_E_NOMEM;
                m->handles = h;
                if (t.handle > max_serial)
                    max_serial = t.handle;
                h[t.handle].made_by_task = running_task;
                h[t.handle].made_by_job = running_job;
                h[t.handle].timer = t.kind == LP_TR_TIMER_SET;
                h[t.handle].when = t.kind == LP_TR_TIMER_SET ? t.when : t.time;
                h[t.handle].made_at = t.time;
                break;
            }
            case LP_TR_TASK_STEPPED:
                running_task = t.task;
                if (t.handle < m->handle_count)
                    m->handles[t.handle].step_task = t.task;
                break;
            case LP_TR_JOB_SUBMITTED: {
                if (t.job > n)
                    break;
                uint32_t *j = grow_zero(m->job_task, &m->job_count, (size_t)t.job + 1, sizeof *j);
                if (!j)
                    return LP_E_NOMEM;
                m->job_task = j;
                j[t.job] = running_task;
                break;
            }
            case LP_TR_JOB_STARTED: {
                if (t.pool > n)
                    break;
                uint32_t *u = grow_zero(m->pool_used, &m->pool_count, (size_t)t.pool + 1, sizeof *u);
                if (!u)
                    return LP_E_NOMEM;
                m->pool_used = u;
                if (t.count + 1 > u[t.pool])
                    u[t.pool] = (uint32_t)t.count + 1;
                break;
            }
            case LP_TR_JOB_RUNS:
                running_job = t.job;
                break;
            case LP_TR_JOB_SLEEPS:
            case LP_TR_JOB_PARKED:
            case LP_TR_JOB_ENDED:
                running_job = 0;
                break;
            case LP_TR_OUTPUT: {
                uint32_t *o = grow_zero(m->outputs, &out_cap, m->output_count + 1, sizeof *o);
                if (!o)
                    return LP_E_NOMEM;
                m->outputs = o;
                m->outputs[m->output_count++] = (uint32_t)i;
                break;
            }
            case LP_TR_TASK_MADE:
                if (t.task && lpui_model_task_row(m, t.task) == SIZE_MAX) { /* 0 is no task */
                    int rc = lp_u32map_put(&m->task_row, t.task, (uint32_t)m->row_count);
                    if (rc == LP_OK)
                        rc = add_row(m, b, t.task, 0);
                    if (rc != LP_OK)
                        return rc;
                }
                break;
            default:
                break;
            }
        }
    }
    /* the handle table grew by doubling: give back what no serial uses
    ** (a quarter of it, on average; its memory was zeroed, so resident) */
    if (m->handle_count > (size_t)max_serial + 1) {
        lpui_handle_info *h = realloc(m->handles, ((size_t)max_serial + 1) * sizeof *h);
        if (h) {
            m->handles = h;
            m->handle_count = (size_t)max_serial + 1;
        }
    }
    return LP_OK;
}

/* Which row a lane has, made on first use. */
static size_t lane_row(lpui_model *m, builder *b, lane_rows *lr, uint32_t lane)
{
    uint32_t *g = grow_zero(lr->global, &lr->cap, lane + 1, sizeof *g);
    if (!g) {
        b->rc = LP_E_NOMEM;
        return SIZE_MAX;
    }
    lr->global = g;
    if (!g[lane]) {
        if (add_row(m, b, 0, lane + 1) != LP_OK) {
            b->rc = LP_E_NOMEM;
            return SIZE_MAX;
        }
        g[lane] = (uint32_t)m->row_count;
    }
    return g[lane] - 1;
}

/* The global lane index of a job record's job, UINT32_MAX if none. */
static uint32_t job_lane(const lp_state *s, const lp_transition *t)
{
    bool start = t->kind == LP_TR_JOB_STARTED;
    if (!start && t->kind != LP_TR_JOB_RUNS && t->kind != LP_TR_JOB_SLEEPS &&
        t->kind != LP_TR_JOB_PARKED && t->kind != LP_TR_JOB_ENDED)
        return UINT32_MAX;
    const lp_state_job *j = lp_state_job_find(s, t->job);
    if (!j || j->pool >= s->pool_count)
        return UINT32_MAX;
    if (!start && j->status == LP_JOB_QUEUED)
        return UINT32_MAX;
    return s->pools[j->pool].first_lane + (start ? t->lane : j->lane);
}

static bool thread_computes(const lp_state *s, uint32_t serial)
{
    const lp_state_thread *t = lp_thread_find(&s->threads, serial);
    return t && t->status == LP_THREAD_COMPUTING;
}

/* pass 2: the one replay of the trace. It builds the seek index (the
** replay's snapshots) and, from the same live state, records each row's
** state changes. */
static void build_segments(lpui_model *m, builder *b)
{
    const lp_trace *tr = &m->trace;
    size_t n = lp_trace_count(tr);
    const lp_state *live = &m->replay.live; /* after the record */
    lane_rows lr = {NULL, 0};
    size_t frozen_cap = 0;
    for (size_t i = 0; i < n && b->rc == LP_OK; i++) {
        lp_transition ts[LP_INTERP_MAX];
        unsigned nt = lp_interp_read_all(lp_trace_at(tr, i), ts);
        uint32_t lane = job_lane(live, &ts[0]); /* before the record: JOB_END removes the job */
        int rc = lp_replay_step(&m->replay);
        if (rc == LP_E_INVAL) {
            m->replay_ok = false; /* indexed as far as it went */
            break;
        }
        if (rc != LP_OK) {
            b->rc = rc;
            break;
        }
        if (lp_replay_refused(&m->replay, i))
            continue; /* skipped by the replay: no row changes */
        uint32_t idx = (uint32_t)i;
        size_t row;
        for (unsigned k = 0; k < (nt ? nt : 1) && b->rc == LP_OK; k++) { /* seen after the whole record */
            lp_transition t = ts[k];
            switch ((lp_transition_kind)t.kind) {
            case LP_TR_TASK_MADE:
                row = lpui_model_task_row(m, t.task);
                row_set(b, row, LPUI_T_NEW, t.time, idx);
                break;
            case LP_TR_HANDLE_QUEUED:
            case LP_TR_TIMER_DUE: {
                const lpui_handle_info *h = lpui_model_handle(m, t.handle);
                row = h ? lpui_model_task_row(m, h->step_task) : SIZE_MAX;
                if (row != SIZE_MAX)
                    row_set(b, row, LPUI_T_READY, t.time, idx);
                break;
            }
            case LP_TR_TASK_STEPPED:
                row_set(b, lpui_model_task_row(m, t.task), LPUI_T_RUNNING, t.time, idx);
                break;
            case LP_TR_TASK_WAITS:
                row_set(b, lpui_model_task_row(m, t.task), LPUI_T_WAITING, t.time, idx);
                break;
            case LP_TR_TASK_DONE: {
                const lp_state_task *task = lp_state_task_find(live, t.task);
                if (!task)
                    break;
                row_set(b, lpui_model_task_row(m, t.task),
                        (uint8_t)lpui_model_tstate(live, task, false), t.time, idx);
                break;
            }
            case LP_TR_BLOCK_BEGIN:
                if (live->running_task)
                    row_set(b, lpui_model_task_row(m, live->running_task), LPUI_T_BLOCKED, t.time, idx);
                break;
            case LP_TR_BLOCK_END: {
                if (live->running_task)
                    row_set(b, lpui_model_task_row(m, live->running_task), LPUI_T_RUNNING, t.time, idx);
                lpui_segment *f = grow_zero(m->frozen, &frozen_cap, m->frozen_count + 1, sizeof *f);
                if (!f) {
                    b->rc = LP_E_NOMEM;
                    break;
                }
                m->frozen = f;
                f[m->frozen_count++] = (lpui_segment){live->blocked_since, t.time, 0, LPUI_T_BLOCKED, 0, idx};
                break;
            }
            case LP_TR_JOB_STARTED:
            case LP_TR_JOB_RUNS:
            case LP_TR_JOB_SLEEPS:
            case LP_TR_JOB_PARKED:
            case LP_TR_JOB_ENDED:
                if (lane == UINT32_MAX)
                    break;
                row = lane_row(m, b, &lr, lane);
                if (row == SIZE_MAX)
                    break;
                if (t.kind == LP_TR_JOB_ENDED)
                    row_close(b, row, t.time);
                else if (t.kind != LP_TR_JOB_RUNS && thread_computes(live, t.job))
                    break; /* a computing thread's wake-up is its finish: still computing */
                else
                    row_set(b, row,
                            t.kind == LP_TR_JOB_RUNS      ? LPUI_T_RUNNING
                            : t.kind == LP_TR_JOB_STARTED ? LPUI_T_READY
                                                          : LPUI_T_WAITING,
                            t.time, idx);
                break;
            case LP_TR_CPU_RATE: {
                const lp_state_job *j = t.thread ? lp_state_job_find(live, t.thread) : NULL;
                if (!j || j->status == LP_JOB_QUEUED)
                    break;
                row = lane_row(m, b, &lr, live->pools[j->pool].first_lane + j->lane);
                if (row == SIZE_MAX)
                    break;
                double share = t.when > 1 ? 1.0 : t.when;
                if (share > 0)
                    row_set_share(b, row, LPUI_T_COMPUTING, (uint8_t)(share * 100 + 0.5), t.time, idx);
                else
                    row_set(b, row, LPUI_T_RUNNING, t.time, idx);
                break;
            }
            default:
                break;
            }
        }
    }
    if (live->blocked && b->rc == LP_OK) { /* the run ended inside a block */
        lpui_segment *f = grow_zero(m->frozen, &frozen_cap, m->frozen_count + 1, sizeof *f);
        if (f) {
            m->frozen = f;
            f[m->frozen_count++] = (lpui_segment){live->blocked_since, m->end_time, 0, LPUI_T_BLOCKED, 0,
                                                  (uint32_t)n};
        }
    }
    for (size_t r = 0; r < m->row_count; r++)
        row_close(b, r, m->end_time);
    free(lr.global);
}

static int cmp_seg(const void *a, const void *b)
{
    const lpui_segment *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->t0 > y->t0) - (x->t0 < y->t0);
}

static int index_rows(lpui_model *m)
{
    if (m->seg_count > 0) /* a run that recorded nothing has no segments (and no array) */
        qsort(m->segs, m->seg_count, sizeof *m->segs, cmp_seg);
    m->row_first = calloc(m->row_count + 1, sizeof *m->row_first);
    if (!m->row_first)
        return LP_E_NOMEM;
    size_t s = 0;
    for (size_t r = 0; r <= m->row_count; r++) {
        while (s < m->seg_count && m->segs[s].row < r)
            s++;
        m->row_first[r] = s;
    }
    return LP_OK;
}

/* ---- the program's text and the error ---- */


static void load_source(lpui_model *m)
{
    lp_textfile tf;
    if (lp_textfile_load(&tf, m->path, 0) != LP_OK)
        return; /* unreadable: the window shows the run without its source */
    m->source = tf.text;
    m->lines = tf.lines;
    m->line_count = tf.line_count;
}

/* The error's line in this file: the last `File "PATH", line N` of the
** traceback, or `PATH:N` in looplab's own messages (deadlock, limits). */
static void find_error(lpui_model *m)
{
    const char *text = m->stderr_text;
    size_t plen = strlen(m->path);
    if (!text || !*text || plen == 0)
        return;
    char pattern[4200];
    snprintf(pattern, sizeof pattern, "File \"%s\", line ", m->path);
    size_t qlen = strlen(pattern);
    for (const char *p = text; (p = strstr(p, pattern)) != NULL; p += qlen)
        m->error_line = (uint32_t)strtoul(p + qlen, NULL, 10);
    for (const char *p = text; !m->error_line && (p = strstr(p, m->path)) != NULL; p += plen)
        if (p[plen] == ':' && p[plen + 1] >= '0' && p[plen + 1] <= '9')
            m->error_line = (uint32_t)strtoul(p + plen + 1, NULL, 10);
    /* the message: looplab's own line, else the last line (the exception) */
    const char *own = strstr(text, "looplab: ");
    const char *line = own;
    if (!line) {
        const char *end = text + strlen(text);
        while (end > text && (end[-1] == '\n' || end[-1] == ' '))
            end--;
        line = end;
        while (line > text && line[-1] != '\n')
            line--;
    }
    size_t n = strcspn(line, "\n");
    m->error = malloc(n + 1);
    if (m->error) {
        memcpy(m->error, line, n);
        m->error[n] = '\0';
    }
}

/* Everything the model reads from the records, for the loops of views[view]:
** pass 1 (handles, jobs, output, rows, the loops), then the replay that
** follows them and the timeline's segments. */
static int build_indexes(lpui_model *m)
{
    lpui__loops_seen *scan = malloc(sizeof *scan);
    if (!scan)
        return LP_E_NOMEM;
    lpui__loop_scan_init(scan);
    m->replay_ok = true;
    builder b = {m, NULL, 0, 0, LP_OK};
    int rc = index_events(m, &b, scan);
    if (rc == LP_OK)
        rc = lpui__loop_views(m, scan);
    free(scan);
    if (rc == LP_OK && m->view >= m->view_count)
        m->view = 0;
    if (rc == LP_OK)
        rc = lp_replay_init_loops(&m->replay, &m->trace, 0, m->views[m->view].loops,
                                  lp_allocator_default());
    if (rc == LP_OK) {
        m->replay_built = true;
        build_segments(m, &b);
        rc = b.rc;
    }
    free(b.open);
    if (rc == LP_OK)
        rc = index_rows(m);
    return rc;
}

/* Undoes build_indexes (the trace, the program and the views stay). */
static void free_indexes(lpui_model *m)
{
    if (m->replay_built)
        lp_replay_free(&m->replay);
    m->replay_built = false;
    lp_u32map_free(&m->task_row);
    free(m->handles);
    free(m->job_task);
    free(m->pool_used);
    free(m->outputs);
    free(m->row_task);
    free(m->row_lane);
    free(m->segs);
    free(m->row_first);
    free(m->frozen);
    m->handles = NULL;
    m->job_task = m->pool_used = m->outputs = m->row_task = m->row_lane = NULL;
    m->segs = m->frozen = NULL;
    m->row_first = NULL;
    m->handle_count = m->job_count = m->pool_count = m->output_count = 0;
    m->row_count = m->seg_count = m->frozen_count = 0;
}

int lpui_model_init(lpui_model *m, lp_trace *trace, const char *path, int exit_status,
                    const char *stderr_text)
{
    memset(m, 0, sizeof *m);
    m->trace = *trace;
    lp_trace_init(trace, m->trace.alloc); /* the caller's trace is now empty */
    lp_u32map_init(&m->task_row, lp_allocator_default());
    m->exit_status = exit_status;
    m->replay_ok = true;
    size_t n = lp_trace_count(&m->trace);
    m->end_time = n ? lp_trace_at(&m->trace, n - 1)->time : 0.0;
    m->path = strdup(path ? path : "");
    m->stderr_text = strdup(stderr_text ? stderr_text : "");
    if (!m->path || !m->stderr_text)
        return LP_E_NOMEM;
    /* The path's id, if the trace interned it (in TASK_SUSPEND / BLOCK_AT). */
    for (size_t id = 1; id < m->trace.strings.count; id++)
        if (strcmp(lpui_model_str(m, (uint32_t)id), m->path) == 0) {
            m->path_sid = (uint32_t)id;
            break;
        }
    load_source(m);
    if (exit_status != 0) {
        find_error(m);
        if (!m->error) { /* it said nothing: say how it ended */
            char said[64];
            snprintf(said, sizeof said, "The program exited with status %d.", exit_status);
            m->error = strdup(said);
        }
    }

    return build_indexes(m);
}

int lpui_model_show_loops(lpui_model *m, size_t view)
{
    if (view >= m->view_count)
        return LP_E_INVAL;
    m->view = view;
    free_indexes(m);
    return build_indexes(m);
}

void lpui_model_free(lpui_model *m)
{
    free_indexes(m);
    lp_trace_free(&m->trace);
    free(m->views);
    free(m->path);
    free(m->source);
    free(m->lines);
    free(m->error);
    free(m->stderr_text);
    memset(m, 0, sizeof *m);
}

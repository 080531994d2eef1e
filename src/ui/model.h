/* model.h - looplab ui: one recorded run, indexed for the window.
**
** The model owns a run's trace (loaded from the child process), its replay
** index (core/replay.h) and what the window needs beyond the loop state:
** which task each handle steps, who made each timer and job, every output
** line, each task's history as timeline segments, the program's source
** lines, and how the run ended (an error with its file and line).
** It is built once per run and then only read.
*/
#ifndef LPUI_MODEL_H
#define LPUI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/replay.h"
#include "core/state.h"
#include "core/trace.h"

/* A task as the window shows it (state.h's status, refined). */
typedef enum lpui_tstate {
    LPUI_T_NEW = 0,   /* made, not yet scheduled */
    LPUI_T_READY,     /* its step waits in the ready queue */
    LPUI_T_RUNNING,
    LPUI_T_WAITING,   /* suspended on a future, a timer, a lock... */
    LPUI_T_BLOCKED,   /* running, inside a blocking call: the loop is frozen */
    LPUI_T_DONE,
    LPUI_T_FAILED,
    LPUI_T_CANCELLED,
    LPUI_T_COMPUTING, /* a thread in sim.cpu (lanes only), at a share of a CPU */
    LPUI_T_COUNT
} lpui_tstate;

const char *lpui_tstate_name(lpui_tstate s);

/* A stretch of one task's (or lane's) life in one state. */
typedef struct lpui_segment {
    double   t0, t1;     /* virtual time; t1 = end of run for the last one */
    uint32_t row;        /* the timeline row */
    uint8_t  state;      /* lpui_tstate (lanes: RUNNING, WAITING = sleeping/parked, READY = queued,
                         ** COMPUTING) */
    uint8_t  share;      /* COMPUTING: the share of a CPU it gets, in percent */
    uint32_t ev0;        /* the event that began it */
} lpui_segment;

/* One per handle the run made (doubles first: 32 bytes, not 40). */
typedef struct lpui_handle_info {
    double   when;          /* deadline, for timers */
    double   made_at;       /* time it was made */
    uint32_t step_task;     /* the task this handle runs a step of, 0 = a plain callback */
    uint32_t made_by_task;  /* task running when it was made, 0 = none */
    uint32_t made_by_job;   /* job running when it was made (call_soon_threadsafe) */
    bool     timer;
} lpui_handle_info;

/* A thread that runs event loops. A program may make several loops: one per
** thread (asyncio.run in a thread beside the main thread's, a run_forever
** thread), or one after the other. One thread runs one loop at a time, so
** the window shows a thread's loops together, and one thread's at a time. */
#define LPUI_LOOP_THREAD_NONE UINT32_MAX /* loops made but never run */
typedef struct lpui_loop_view {
    uint32_t thread;      /* the thread (its job serial, 0 = the main thread), or NONE */
    uint64_t loops[4];    /* bit per loop number (the records' flags) */
    uint32_t loop_count;
    uint8_t  first;       /* the number of its first loop */
    double   t0, t1;      /* the first and last records of its loops */
} lpui_loop_view;

typedef struct lpui_model {
    lp_trace   trace;        /* owned */
    lp_replay  replay;       /* owned; reads trace; follows views[view]'s loops */
    lpui_loop_view *views;   /* the threads that run loops, in the order they first ran one
                             ** (the main thread's first if it ran any); owned, at least one */
    size_t     view_count;
    size_t     view;         /* the one the loop panels show */
    bool       replay_ok;    /* false when the trace did not fit the state (corrupt) */
    bool       replay_built; /* replay is initialised (to free) */
    double     end_time;     /* time of the last record */
    lpui_handle_info *handles; /* indexed by handle serial; owned */
    size_t     handle_count;
    uint32_t  *job_task;     /* job serial -> task that submitted it; owned */
    size_t     job_count;
    uint32_t  *pool_used;    /* pool -> lanes it ever used (highest lane + 1); owned */
    size_t     pool_count;
    uint32_t  *outputs;      /* event index of every OUTPUT record, in order; owned */
    size_t     output_count;
    /* timeline rows: tasks in the order made, then the lanes that ran jobs */
    uint32_t  *row_task;     /* row -> task id (0 for a lane row); owned */
    uint32_t  *row_lane;     /* row -> global lane index + 1 (0 for a task row); owned */
    size_t     row_count;
    lp_u32map  task_row;     /* task id -> row */
    lpui_segment *segs;      /* every row's segments, by row then time; owned */
    size_t     seg_count;
    size_t    *row_first;    /* row -> first segment; row_first[row_count] = seg_count; owned */
    lpui_segment *frozen;    /* the loop thread's blocked spans; owned */
    size_t     frozen_count;
    /* the program */
    char      *path;         /* as given; owned */
    char      *source;       /* its text; owned (NULL if unreadable) */
    const char **lines;      /* lines[i] = line i+1, NUL-terminated inside a copy; owned */
    size_t     line_count;
    uint32_t   path_sid;     /* the path's string id in the trace, 0 = none */
    /* how the run ended */
    int        exit_status;  /* the child's exit status; -1 = it did not finish */
    char      *error;        /* the error's last line, or NULL; owned */
    char      *stderr_text;  /* what the run wrote to stderr; owned */
    uint32_t   error_line;   /* the line of the error in this file, 0 = none */
} lpui_model;

/* Takes over `trace` (the caller's copy becomes empty) and indexes it.
** `path`: the program; `stderr_text` may be NULL. Returns LP_OK or
** LP_E_NOMEM; a trace that does not replay cleanly still loads (replay_ok
** false: the window shows what could be read). */
int lpui_model_init(lpui_model *m, lp_trace *trace, const char *path, int exit_status,
                    const char *stderr_text);
void lpui_model_free(lpui_model *m);

/* An interned string, "" when unknown. */
const char *lpui_model_str(const lpui_model *m, uint32_t sid);

/* The first event index whose time is > t (events are in time order). */
size_t lpui_model_index_after(const lpui_model *m, double t);

/* The handle's info, or NULL. */
const lpui_handle_info *lpui_model_handle(const lpui_model *m, uint32_t serial);

/* How the window shows task `t` in state `s`; `ready` tells whether its step
** is in the ready queue (see lpui_model_ready_tasks). */
lpui_tstate lpui_model_tstate(const lp_state *s, const lp_state_task *t, bool ready);

/* The timeline row of a task, or SIZE_MAX. */
size_t lpui_model_task_row(const lpui_model *m, uint32_t task);

/* A task's label: its coroutine's name without "()" when it has one, else
** its task name ("main", "Task-3"). Writes at most n bytes. */
void lpui_model_task_label(const lpui_model *m, const lp_state_task *t, char *out, size_t n);

/* Shows the loops of views[view] in the loop panels: the replay and the
** timeline are rebuilt following them. Returns LP_OK, LP_E_INVAL (no such
** view) or LP_E_NOMEM (the model is then empty but valid). */
int lpui_model_show_loops(lpui_model *m, size_t view);

/* Whether views[i] has a loop at time t (between its first and last record). */
bool lpui_model_view_live(const lpui_model *m, size_t i, double t);

/* Whether file sid `sid` is the program shown in the source panel. */
bool lpui_model_is_program(const lpui_model *m, uint32_t sid);

#endif

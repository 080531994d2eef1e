/*
** headless.c: `looplab run`, a program run without a window: a supervisor
** (sandbox_supervisor.h) and a child that runs the program, confined unless
** --trust (sandbox.h). The child's engine and trace live in shared memory,
** so the supervisor writes --trace and --raw-trace however the child ended.
*/
#include "app/headless.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "app/paths.h"
#include "app/sandbox.h"
#include "app/sandbox_supervisor.h"
#include "app/source.h"
#include "core/status.h"
#include "core/trace_file.h"
#include "core/trace_json.h"
#include "insight/insight.h"
#include "insight/source.h"
#include "py/limits.h"
#include "py/run.h"

/* The limits the supervisor holds (sandbox_supervisor.h). Output and memory
** are counted in the child too, which stops at the limit itself with its
** trace; the supervisor's count, a little higher, is what the program
** cannot switch off. */
#define REAL_LIMIT 60.0              /* s of real time, in all */
#define STALL_LIMIT 15.0             /* s of real time idle without a trace record */
#define BUSY_LIMIT 12.0              /* s of CPU time without one (the child's own
                                     ** watchdog says more, at 10 s: shim/stops.py) */
#define OUTPUT_LIMIT ((size_t)16 << 20) /* as shim/limits.py */
#define OUTPUT_SLACK ((size_t)1 << 20)  /* --stamp prefixes, the stop message */
#define MEMORY_SLACK ((size_t)384 << 20) /* the interpreter's stop reserve, code, stacks */
#define TRACE_SPACE ((size_t)1 << 30)   /* shared memory for the engine and its trace */

/* --trace OUT.json: writes the run's trace for Perfetto / chrome://tracing.
** Returns 0, or LPAPP_EXIT_USAGE after saying why on stderr. */
static int write_trace(const lp_trace *trace, const char *path)
{
    errno = 0;
    int rc = lp_trace_json_write_path(trace, lp_allocator_default(), path); /* not the shared region */
    if (rc == LP_OK)
        return 0;
    const char *reason = rc == LP_E_NOMEM ? "out of memory"
                         : errno          ? strerror(errno)
                                          : lp_status_name(rc);
    fprintf(stderr, "looplab: cannot write trace to '%s': %s\n", path, reason);
    return LPAPP_EXIT_USAGE;
}

/* --raw-trace OUT: the binary trace the window's child process hands over. */
static int write_raw(const lp_trace *trace, const char *path)
{
    FILE *out = fopen(path, "wb");
    int rc = out ? lp_trace_save(trace, out) : LP_E_INVAL;
    if (out && fclose(out) != 0)
        rc = LP_E_INVAL;
    if (rc == LP_OK)
        return 0;
    fprintf(stderr, "looplab: cannot write trace to '%s': %s\n", path,
            errno ? strerror(errno) : lp_status_name(rc));
    return LPAPP_EXIT_USAGE;
}

/* --insights: what went wrong, read from the trace, after the program's own
** output. The program's lines come from its files, read now. */
static void write_insights(const lpapp_cli *cli, const lp_trace *trace)
{
    lpin_source_files files;
    lpin_source source = lpin_source_files_init(&files, cli->file);
    lpin_report report;
    fflush(stdout);
    if (lpin_analyze(trace, &source, lp_allocator_default(), &report) != LP_OK) {
        fprintf(stderr, "looplab: out of memory while reading the trace for --insights\n");
    } else {
        if (cli->insights == LPAPP_INSIGHTS_JSON)
            lpin_write_json(&report, stderr);
        else
            lpin_write_text(&report, stderr);
        lpin_report_free(&report);
    }
    lpin_source_files_free(&files);
}

/* What is written once the program has ended, however it ended. */
static int finish_run(const lpapp_cli *cli, lpy_engine *engine, int status)
{
    if (cli->raw_path) {
        int raw_status = write_raw(&engine->trace, cli->raw_path);
        if (status == 0)
            status = raw_status;
    }
    if (cli->trace_path) {
        int trace_status = write_trace(&engine->trace, cli->trace_path);
        if (status == 0)
            status = trace_status;
    }
    if (cli->insights != LPAPP_INSIGHTS_NONE)
        write_insights(cli, &engine->trace);
    if (cli->stats) {
        size_t events = lp_trace_count(&engine->trace);
        size_t used = lp_trace_bytes_used(&engine->trace);
        fprintf(stderr,
                "looplab: %zu trace events, %zu bytes (%.1f bytes/event; %zu allocated), "
                "virtual time %.3f s\n",
                events, used, events ? (double)used / (double)events : 0.0,
                lp_trace_bytes(&engine->trace), engine->clock.now);
    }
    return status;
}

/* The engine stopped the run early (deadlock, a limit), just before the
** child ends: the supervisor writes the trace from shared memory. */
static void at_stop(lpy_engine *engine, int status, void *user)
{
    (void)engine;
    (void)status;
    (void)user;
    fflush(stdout);
    fflush(stderr);
}

/* What the child leaves in shared memory for the supervisor. */
typedef struct run_state {
    lpy_engine    engine;
    atomic_int    ready;   /* the engine (its trace) is set up */
    lpapp_shared *shared;  /* the region this lives in */
} run_state;

typedef struct child_ctx {
    const lpapp_cli     *cli;
    run_state           *state;
    lpapp_shared        *shared;
    lpapp_sandbox_layers layers;  /* what the confinement put up */
} child_ctx;

static void refuse_unconfined(const char *err)
{
    fprintf(stderr,
            "looplab: cannot confine the program (%s), so it does not run. To run a "
            "program you trust unconfined, use --trust\n", err);
}

/* Called by lpy_run once the interpreter started, before the engine and
** the program: the kernel's layers that need the roots (sandbox.h). */
static int confine(void *user, const char *const *roots, int nroots)
{
    child_ctx *ctx = user;
    char err[512];
    if (lpapp_sandbox_confine(roots, nroots, &ctx->layers, err, sizeof err) == 0)
        return 0;
    refuse_unconfined(err);
    return -1;
}

/* The child process: the program itself. */
static int run_child(void *user)
{
    child_ctx *ctx = user;
    const lpapp_cli *cli = ctx->cli;
    lpy_options options = {
        .stamp = cli->stamp,
        .seed = cli->has_seed ? cli->seed : 0,
        .until = cli->has_until ? cli->until : LPY_DEFAULT_UNTIL,
        .trust = cli->trust,
    };
    char err[512];
    if (!cli->trust && lpapp_sandbox_early(&ctx->layers, -1, err, sizeof err) != 0) {
        refuse_unconfined(err);
        return LPAPP_EXIT_FAILURE;
    }
    lpy_engine *engine = &ctx->state->engine;
    if (lpy_engine_init(engine, &options) != LP_OK) {
        fprintf(stderr, "looplab: out of memory\n");
        return LPAPP_EXIT_FAILURE;
    }
    /* the trace in shared memory: the supervisor reads it however this ends */
    lp_trace_free(&engine->trace);
    if (lp_trace_init(&engine->trace, lpapp_shared_allocator(ctx->shared)) != LP_OK) {
        fprintf(stderr, "looplab: out of memory\n");
        return LPAPP_EXIT_FAILURE;
    }
    atomic_store(&ctx->state->ready, 1);
    lpapp_paths paths;
    bool have_paths = lpapp_paths_find(&paths) == 0;
    lpy_run_desc desc = {
        .scenarios_dir = have_paths ? paths.scenarios : NULL,
        .file = cli->file,
        .argc = cli->prog_argc,
        .argv = cli->prog_argv,
        .options = options,
        .confine = cli->trust ? NULL : confine,
        .confine_user = ctx,
    };
    engine->at_stop = at_stop;
    /* no lpy_engine_close: the trace must outlive this process */
    return lpy_run(&desc, engine);
}

/* What the supervisor reads of the child (sandbox_supervisor.h). */
static size_t progress(void *user)
{
    run_state *state = user;
    return atomic_load(&state->ready) ? lp_trace_count(&state->engine.trace) : 0;
}

/* The region's pages are the child's trace: not the program's memory. */
static size_t trace_space(void *user)
{
    run_state *state = user;
    return lpapp_shared_used(state->shared);
}

static double virtual_now(void *user)
{
    run_state *state = user;
    return atomic_load(&state->ready) ? state->engine.clock.now : 0.0;
}

/* The last line the trace names (a task's or a thread's), as FILE:LINE. */
static void where(void *user, char *buf, size_t size)
{
    run_state *state = user;
    buf[0] = '\0';
    if (!atomic_load(&state->ready))
        return;
    const lp_trace *trace = &state->engine.trace;
    size_t count = lp_trace_count(trace);
    for (size_t i = count; i-- > 0 && count - i < 100000;) {
        const lp_event *ev = lp_trace_at(trace, i);
        if (ev->kind != LP_EV_TASK_SUSPEND && ev->kind != LP_EV_BLOCK_AT &&
            ev->kind != LP_EV_THREAD_AT)
            continue;
        size_t len = 0;
        const char *file = lp_strtab_get(&trace->strings, (uint32_t)(ev->arg.u64 >> 32), &len);
        if (file && len < size)
            snprintf(buf, size, "%.*s:%u", (int)len, file, (unsigned)(ev->arg.u64 & 0xffffffffu));
        return;
    }
}

int lpapp_headless_run(const lpapp_cli *cli)
{
    int status = lpapp_source_check(cli->file, stderr);
    if (status != 0)
        return status;
    lpapp_shared *shared = lpapp_shared_map(TRACE_SPACE);
    run_state *state = shared ? lpapp_shared_alloc(shared, sizeof *state) : NULL;
    if (!state) {
        fprintf(stderr, "looplab: out of memory\n");
        lpapp_shared_unmap(shared);
        return LPAPP_EXIT_FAILURE;
    }
    state->shared = shared;
    /* --trust lifts the real-time limits (trusted programs wait on real
    ** processes), unless --real-limit asks for one */
    double real = cli->has_real_limit ? cli->real_limit : cli->trust ? 0.0 : REAL_LIMIT;
    lpapp_watch watch = {
        .real_limit = real,
        .stall_limit = cli->trust ? 0.0 : STALL_LIMIT,
        .busy_limit = cli->trust ? 0.0 : BUSY_LIMIT,
        .output_limit = OUTPUT_LIMIT + OUTPUT_SLACK,
        .output_shown = OUTPUT_LIMIT,
        .memory_limit = LPY_MEMORY_LIMIT_DEFAULT + MEMORY_SLACK,
        .memory_shown = LPY_MEMORY_LIMIT_DEFAULT,
        .progress = progress,
        .exempt = trace_space,
        .now = virtual_now,
        .where = where,
        .user = state,
    };
    child_ctx ctx = {.cli = cli, .state = state, .shared = shared};
    status = lpapp_supervise(&watch, run_child, &ctx);
    if (atomic_load(&state->ready))
        status = finish_run(cli, &state->engine, status);
    lpapp_shared_unmap(shared);
    return status;
}

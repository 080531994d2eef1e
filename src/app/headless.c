/*
** headless.c: `looplab run`, a program run without a window.
*/
#include "app/headless.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/paths.h"
#include "app/source.h"
#include "core/status.h"
#include "core/trace_file.h"
#include "core/trace_json.h"
#include "insight/insight.h"
#include "insight/source.h"
#include "py/run.h"

/* --trace OUT.json: writes the run's trace for Perfetto / chrome://tracing.
** Returns 0, or LPAPP_EXIT_USAGE after saying why on stderr. */
static int write_trace(const lp_trace *trace, const char *path)
{
    errno = 0;
    int rc = lp_trace_json_write_path(trace, path);
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
    lpin_source source = lpin_source_files_init(&files);
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

/* The engine stopped the run early (deadlock, a limit): the trace is still
** written; the engine then ends the process with its status. */
static void at_stop(lpy_engine *engine, int status, void *user)
{
    (void)finish_run(user, engine, status);
}

int lpapp_headless_run(const lpapp_cli *cli)
{
    int status = lpapp_source_check(cli->file, stderr);
    if (status != 0)
        return status;

    lpy_options options = {
        .stamp = cli->stamp,
        .seed = cli->has_seed ? cli->seed : 0,
        .until = cli->has_until ? cli->until : LPY_DEFAULT_UNTIL,
        .trust = cli->trust,
    };
    lpy_engine engine;
    if (lpy_engine_init(&engine, &options) != LP_OK) {
        fprintf(stderr, "looplab: out of memory\n");
        return LPAPP_EXIT_FAILURE;
    }
    lpapp_paths paths;
    bool have_paths = lpapp_paths_find(&paths) == 0;
    lpy_run_desc desc = {
        .scenarios_dir = have_paths ? paths.scenarios : NULL,
        .file = cli->file,
        .argc = cli->prog_argc,
        .argv = cli->prog_argv,
        .options = options,
    };
    engine.at_stop = at_stop;
    engine.at_stop_user = (void *)cli;
    status = finish_run(cli, &engine, lpy_run(&desc, &engine));
    lpy_engine_close(&engine);
    return status;
}

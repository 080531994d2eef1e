/*
** headless.c: `looplab run`, a program run without a window.
*/
#include "app/headless.h"

#include <stdio.h>

#include "app/source.h"
#include "core/status.h"
#include "py/run.h"

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
    lpy_run_desc desc = {
        .file = cli->file,
        .argc = cli->prog_argc,
        .argv = cli->prog_argv,
        .options = options,
    };
    status = lpy_run(&desc, &engine);
    if (cli->stats) {
        size_t events = lp_trace_count(&engine.trace);
        size_t bytes = lp_trace_bytes(&engine.trace);
        fprintf(stderr, "looplab: %zu trace events, %zu bytes (%.1f bytes/event), virtual time %.3f s\n",
                events, bytes, events ? (double)bytes / (double)events : 0.0, engine.clock.now);
    }
    lpy_engine_close(&engine);
    return status;
}

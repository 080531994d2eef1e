/* bench_load.c - a large recorded run opened as the window opens it: the raw
** trace file loaded (lp_trace_load: mapped), the model built, the first frame
** drawn at 1600x900 (software renderer); reference: the same with the trace
** read and copied record by record (lp_trace_read, what the window did before
** it mapped the file), measured in the same run.
**
** Each way runs in its own process (a fork), so its memory is its own; the
** two alternate, five times each, and each figure is the median:
**   load_ms      the trace loaded
**   model_ms     the window's model built (replay index, segments, handles)
**   first_ms     from nothing to the first frame drawn (all of the above)
**   peak_mib     the process's peak resident memory (VmHWM)
**   anon_mib     resident memory of its own (RssAnon) after the first frame:
**                what it cannot give back; file pages (RssFile) are the
**                trace file's, shared with the page cache, and are dropped
**                under memory pressure
** Output: "name value unit reference ratio" lines.
** Usage: bench_load TRACE.bin PROGRAM.py   (looplab run --raw-trace TRACE.bin PROGRAM.py)
*/
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/status.h"
#include "core/trace_file.h"
#include "ui/draw_sdl.h"
#include "ui/ui.h"

enum { LOAD, MODEL, FIRST, PEAK, ANON, FILEPAGES, FIGURES };
static const char *const NAMES[FIGURES] = {"load", "model", "first_frame", "peak_rss", "anon_rss",
                                           "file_rss"};
static const char *const UNITS[FIGURES] = {"ms", "ms", "ms", "MiB", "MiB", "MiB"};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A "Name:   123 kB" line of /proc/self/status, in MiB; -1 if absent. */
static double status_mib(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double v = -1;
    size_t n = strlen(name);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ':')
            v = strtod(line + n + 1, NULL) / 1024.0;
    if (f)
        fclose(f);
    return v;
}

/* One way, in this process: the figures, or -1 on a failure. */
static int measure(const char *path, const char *program, int mapped, double fig[FIGURES])
{
    double t0 = now_ms();
    FILE *f = fopen(path, "rb");
    lp_trace trace;
    lp_trace_init(&trace, lp_allocator_default());
    int rc = !f ? LP_E_INVAL : mapped ? lp_trace_load(&trace, f) : lp_trace_read(&trace, f);
    if (f)
        fclose(f);
    if (rc != LP_OK || (mapped && !trace.map)) {
        fprintf(stderr, "bench_load: %s: not a trace, or not mapped\n", path);
        return -1;
    }
    fig[LOAD] = now_ms() - t0;
    double t1 = now_ms();
    lpui_model *m = malloc(sizeof *m);
    if (!m || lpui_model_init(m, &trace, program, 0, NULL) != LP_OK)
        return -1;
    fig[MODEL] = now_ms() - t1;
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, 1600, 900, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    lpui_sdl draw;
    if (!ren || lpui_sdl_init(&draw, ren, LP_SOURCE_DIR "/assets/fonts", 1.0f) != 0)
        return -1;
    lpui_ctx ui;
    lpui_init(&ui);
    if (lpui_set_model(&ui, m, false) != LP_OK)
        return -1;
    lpui_sdl_metrics(&draw, &ui.metrics);
    lpui_build(&ui, 1600, 900, 1.0f);
    lpui_sdl_draw(&draw, &ui.cmds);
    SDL_RenderPresent(ren);
    fig[FIRST] = now_ms() - t0;
    fig[PEAK] = status_mib("VmHWM");
    fig[ANON] = status_mib("RssAnon");
    fig[FILEPAGES] = status_mib("RssFile") + status_mib("RssShmem");
    lpui_free(&ui);
    lpui_sdl_free(&draw);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surface);
    lp_trace_free(&trace);
    return 0;
}

/* Runs one way in a child; its figures come back through a pipe. */
static int run_child(const char *path, const char *program, int mapped, double fig[FIGURES])
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        int ok = TTF_Init() == 0 && measure(path, program, mapped, fig) == 0;
        ssize_t w = ok ? write(fds[1], fig, sizeof(double) * FIGURES) : 0;
        _exit(w == (ssize_t)(sizeof(double) * FIGURES) ? 0 : 1);
    }
    close(fds[1]);
    ssize_t got = pid > 0 ? read(fds[0], fig, sizeof(double) * FIGURES) : -1;
    close(fds[0]);
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    return got == (ssize_t)(sizeof(double) * FIGURES) && WIFEXITED(status) && WEXITSTATUS(status) == 0
               ? 0
               : -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { ROUNDS = 5 };

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_load TRACE.bin PROGRAM.py\n");
        return 2;
    }
    /* the two ways alternate (the machine is shared); medians of ROUNDS,
    ** after one untimed round of each (the file in the page cache for both,
    ** as after the child wrote it) */
    double fig[2][ROUNDS + 1][FIGURES];
    for (int r = 0; r <= ROUNDS; r++)
        for (int way = 0; way < 2; way++)
            if (run_child(argv[1], argv[2], way, fig[way][r]) != 0) {
                fprintf(stderr, "bench_load: a run failed\n");
                return 1;
            }
    for (int i = 0; i < FIGURES; i++) {
        double med[2];
        for (int way = 0; way < 2; way++) {
            double v[ROUNDS];
            for (int r = 0; r < ROUNDS; r++)
                v[r] = fig[way][r + 1][i];
            qsort(v, ROUNDS, sizeof v[0], cmp_double);
            med[way] = v[ROUNDS / 2];
        }
        printf("%-12s %9.1f %-3s  reference (read, copied) %9.1f %-3s  ratio %5.2fx\n", NAMES[i], med[1],
               UNITS[i], med[0], UNITS[i], med[0] > 0 ? med[1] / med[0] : 0.0);
    }
    return 0;
}

/* bench_ui.c - the window's hot paths, each beside a reference measured in
** the same run (the machine is shared: read the ratios).
**
**   frame    building and drawing a frame at 1600x900 with SDL's software
**            renderer while 1000 live tasks play at 16x (median, p95);
**            reference: the empty window's frame
**   seek     moving the cursor anywhere in a 1,000,000-event trace
**            (median, p95, max); reference: one step forward
**   first    from nothing to the first frame on screen (SDL, fonts, layout,
**            draw); reference: a later frame
**   play     the 200-task program (200 tasks x 10 sleeps, synthetic: the
**            records src/py writes) played start to end at the fastest
**            speed, events a second (E), frames drawn as the window does
**            (at most 60 a second); reference: the fastest virtual-time
**            speed (16x), the best there was before
**
** Frame times are given twice: wall clock, and this thread's CPU time (the
** machine is shared: CPU time is what the frame costs, wall clock what it
** cost among the other loads).
**
** Output: "name value unit [reference ratio]" lines, then the goals.
** Usage: bench_ui [EVENTS]   (default 1000000)
*/
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/status.h"
#include "synth.h"
#include "ui/draw_sdl.h"
#include "ui/ui.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static void line(const char *name, double value, const char *unit, double ref)
{
    if (ref > 0)
        printf("%-22s %10.3f %-3s  reference %9.3f %-3s  ratio %7.2fx\n", name, value, unit, ref, unit,
               value / ref);
    else
        printf("%-22s %10.3f %s\n", name, value, unit);
}

typedef struct canvas {
    SDL_Surface  *surface;
    SDL_Renderer *ren;
    lpui_sdl      draw;
} canvas;

static int canvas_open(canvas *c, int w, int h)
{
    c->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    c->ren = c->surface ? SDL_CreateSoftwareRenderer(c->surface) : NULL;
    if (!c->ren || lpui_sdl_init(&c->draw, c->ren, LP_SOURCE_DIR "/assets/fonts", 1.0f) != 0) {
        fprintf(stderr, "bench_ui: %s\n", SDL_GetError());
        return -1;
    }
    return 0;
}

static void canvas_close(canvas *c)
{
    lpui_sdl_free(&c->draw);
    SDL_DestroyRenderer(c->ren);
    SDL_FreeSurface(c->surface);
}

/* One frame: its wall time (returned) and CPU time, split into building
** the command list and drawing it (*cpu, *build, *draw; NULL: not wanted). */
static double frame_split(canvas *c, lpui_ctx *ui, double dt, double *cpu, double *build, double *draw)
{
    double t0 = now_ms(), c0 = cpu_ms();
    lpui_tick(ui, dt);
    lpui_sdl_metrics(&c->draw, &ui->metrics);
    lpui_build(ui, 1600, 900, 1.0f);
    double c1 = cpu_ms();
    lpui_sdl_draw(&c->draw, &ui->cmds);
    SDL_RenderPresent(c->ren);
    double c2 = cpu_ms();
    if (cpu)
        *cpu = c2 - c0;
    if (build)
        *build = c1 - c0;
    if (draw)
        *draw = c2 - c1;
    return now_ms() - t0;
}

static double frame(canvas *c, lpui_ctx *ui, double dt)
{
    return frame_split(c, ui, dt, NULL, NULL, NULL);
}

static lpui_model *synth_model(uint32_t tasks, uint32_t rounds, double *load_ms)
{
    lp_trace trace;
    lp_trace_init(&trace, lp_allocator_default());
    if (synth_run(&trace, tasks, rounds, true) != LP_OK)
        return NULL;
    lpui_model *m = malloc(sizeof *m);
    double t0 = now_ms();
    int rc = lpui_model_init(m, &trace, "synth.py", 0, NULL);
    *load_ms = now_ms() - t0;
    lp_trace_free(&trace);
    return rc == LP_OK ? m : NULL;
}

enum { FRAMES = 240 };

static int bench_frames(canvas *c)
{
    static double t[FRAMES], ref[FRAMES], cpu[FRAMES], rcpu[FRAMES], build[FRAMES], draw[FRAMES];
    lpui_ctx empty;
    lpui_init(&empty);
    for (int i = 0; i < 10; i++)
        frame(c, &empty, 1.0 / 60);
    for (int i = 0; i < FRAMES; i++)
        ref[i] = frame_split(c, &empty, 1.0 / 60, &rcpu[i], NULL, NULL);
    lpui_free(&empty);

    double load;
    lpui_model *m = synth_model(1000, 6, &load);
    if (!m)
        return -1;
    lpui_ctx ui;
    lpui_init(&ui);
    lpui_set_model(&ui, m, false);
    lpui_player_seek_time(&ui.player, 0.1); /* every task live: waiting or ready */
    ui.player.speed = ui.view.speed = LPUI_SPEEDS - 1;
    ui.player.playing = true;
    for (int i = 0; i < 10; i++)
        frame(c, &ui, 1.0 / 60);
    size_t live = 0;
    for (size_t i = 0; i < ui.player.a.task_count; i++)
        live += ui.player.a.tasks[i].status != LP_TASK_FINISHED;
    for (int i = 0; i < FRAMES; i++)
        t[i] = frame_split(c, &ui, 1.0 / 60, &cpu[i], &build[i], &draw[i]);
    printf("# %zu live tasks, %zu events played in %d frames at 16x\n", live, ui.player.a.applied,
           FRAMES + 10);
    double rmed = pct(ref, FRAMES, 0.5), rp95 = pct(ref, FRAMES, 0.95);
    line("frame_1000_tasks_med", pct(t, FRAMES, 0.5), "ms", rmed);
    line("frame_1000_tasks_p95", pct(t, FRAMES, 0.95), "ms", rp95);
    line("frame_cpu_med", pct(cpu, FRAMES, 0.5), "ms", pct(rcpu, FRAMES, 0.5));
    line("frame_cpu_p95", pct(cpu, FRAMES, 0.95), "ms", pct(rcpu, FRAMES, 0.95));
    line("frame_cpu_build_p95", pct(build, FRAMES, 0.95), "ms", 0);
    line("frame_cpu_draw_p95", pct(draw, FRAMES, 0.95), "ms", 0);
    lpui_free(&ui);
    return 0;
}

static int bench_seek(size_t events)
{
    /* 1000 tasks: about 7.3 records per task and round, plus the start */
    uint32_t rounds = (uint32_t)(events / 7300);
    double load;
    lpui_model *m = synth_model(1000, rounds ? rounds : 1, &load);
    if (!m)
        return -1;
    lpui_player p;
    lpui_player_init(&p, m);
    size_t total = lpui_player_total(&p);
    printf("# trace of %zu events, %zu snapshots; indexing it took %.0f ms\n", total,
           m->replay.snap_count, load);
    enum { SEEKS = 200 };
    static double t[SEEKS], ref[SEEKS];
    uint32_t rng = 12345;
    for (int i = 0; i < SEEKS; i++) {
        rng = rng * 1103515245u + 12345u;
        size_t to = (size_t)(((uint64_t)rng << 16 ^ rng) % (total + 1));
        double t0 = now_ms();
        lpui_player_seek(&p, to);
        t[i] = now_ms() - t0;
        t0 = now_ms();
        lpui_player_seek(&p, p.a.applied + 1); /* one step forward */
        ref[i] = now_ms() - t0;
    }
    double rmed = pct(ref, SEEKS, 0.5);
    line("seek_1M_med", pct(t, SEEKS, 0.5), "ms", rmed);
    line("seek_1M_p95", pct(t, SEEKS, 0.95), "ms", pct(ref, SEEKS, 0.95));
    line("seek_1M_max", pct(t, SEEKS, 1.0), "ms", pct(ref, SEEKS, 1.0));
    lpui_player_free(&p);
    lpui_model_free(m);
    free(m);
    return 0;
}

/* Plays m from start to end as the window would (a frame at most every
** 1/60 s; a slower frame takes its own time); with draw, frames are drawn.
** Returns the real seconds it took (frames' time, or 1/60 each). */
static double play_through(canvas *c, lpui_model *m, bool rate_mode, bool draw, size_t *frames)
{
    lpui_ctx ui;
    lpui_init(&ui);
    ui.view.rate_mode = rate_mode;
    ui.view.speed = LPUI_SPEEDS - 1;
    lpui_set_model(&ui, m, false);
    ui.player.playing = true;
    double spent = 0, dt = 1.0 / 60;
    size_t n = 0;
    while (ui.player.playing && n < 100000) {
        double ms;
        if (draw) {
            ms = frame(c, &ui, dt);
        } else {
            double t0 = now_ms();
            lpui_tick(&ui, dt);
            ms = now_ms() - t0;
        }
        dt = ms / 1000 > 1.0 / 60 ? ms / 1000 : 1.0 / 60;
        if (dt > 0.1)
            dt = 0.1; /* as the window: after a stall, no jump */
        spent += ms / 1000 > 1.0 / 60 ? ms / 1000 : 1.0 / 60;
        n++;
    }
    *frames = n;
    ui.model = NULL; /* m stays the caller's */
    lpui_player_free(&ui.player);
    lpui_free(&ui);
    return spent;
}

static int bench_play(canvas *c)
{
    double load;
    lpui_model *m = synth_model(200, 10, &load);
    if (!m)
        return -1;
    size_t frames, ref_frames;
    double fast = play_through(c, m, true, true, &frames);
    double ref = play_through(c, m, false, false, &ref_frames);
    printf("# %zu events: %zu frames at %g events/s; %zu at %gx\n", lp_trace_count(&m->trace), frames,
           (double)lpui_rates[LPUI_SPEEDS - 1], ref_frames, (double)lpui_speeds[LPUI_SPEEDS - 1]);
    line("play_200_tasks", fast, "s", ref);
    lpui_model_free(m);
    free(m);
    return 0;
}

/* From nothing to the first frame in a window (SDL's dummy video driver when
** there is no display), then a second frame for reference. */
static int bench_first_frame(void)
{
    double t0 = now_ms();
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "bench_ui: %s\n", SDL_GetError());
        return -1;
    }
    SDL_Window *win = SDL_CreateWindow("bench", 0, 0, 1600, 900, SDL_WINDOW_HIDDEN);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
    lpui_sdl draw;
    if (!ren || lpui_sdl_init(&draw, ren, LP_SOURCE_DIR "/assets/fonts", 1.0f) != 0) {
        fprintf(stderr, "bench_ui: %s\n", SDL_GetError());
        return -1;
    }
    lpui_ctx ui;
    lpui_init(&ui);
    lpui_sdl_metrics(&draw, &ui.metrics);
    lpui_build(&ui, 1600, 900, 1.0f);
    lpui_sdl_draw(&draw, &ui.cmds);
    SDL_RenderPresent(ren);
    double first = now_ms() - t0;
    t0 = now_ms();
    lpui_build(&ui, 1600, 900, 1.0f);
    lpui_sdl_draw(&draw, &ui.cmds);
    SDL_RenderPresent(ren);
    double second = now_ms() - t0;
    line("first_frame", first, "ms", second);
    lpui_free(&ui);
    lpui_sdl_free(&draw);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return 0;
}

int main(int argc, char **argv)
{
    size_t events = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    if (!getenv("DISPLAY") && !getenv("SDL_VIDEODRIVER"))
        setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (TTF_Init() != 0)
        return 1;
    if (bench_first_frame() != 0)
        return 1;
    canvas c;
    if (canvas_open(&c, 1600, 900) != 0 || bench_frames(&c) != 0 || bench_play(&c) != 0)
        return 1;
    canvas_close(&c);
    if (bench_seek(events) != 0)
        return 1;
    TTF_Quit();
    printf("goals: frame p95 <= 8 ms (1000 tasks, software); seek <= 50 ms; first frame <= 300 ms; "
           "the 200-task program played through <= 5 s\n");
    return 0;
}

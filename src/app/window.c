/*
** window.c: `looplab [FILE.py]`, the interactive window.
**
** The window never runs a program itself: each run (open, restart, a
** reload when the file changes on disk) is a child looplab (app/child.h)
** whose trace is loaded when it ends. While it runs, the last run stays on
** screen and usable; a run that fails before it could record anything
** (a syntax error) keeps the last good run and says what went wrong.
*/
#define _XOPEN_SOURCE 700 /* realpath */
#include "app/window.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/child.h"
#include "app/export_window.h"
#include "app/chooser.h"
#include "app/files.h"
#include "app/lessonview.h"
#include "app/paths.h"
#include "app/render.h"
#include "app/script.h"
#include "app/source.h"
#include "app/state.h"
#include "core/status.h"
#include "ui/draw_sdl.h"
#include "ui/input_sdl.h"

#define CHILD_LIMIT 120.0 /* seconds; the engine stops runaway code long before */

typedef struct win {
    SDL_Window   *window;
    SDL_Renderer *ren;
    lpui_sdl      draw;
    lpui_ctx      ui;
    lpapp_child   child;
    bool          reloading;    /* the running child is a reload: keep the time */
    lpapp_files   files;
    size_t        current;      /* index in files, SIZE_MAX = none */
    char          path[4096];   /* the program on screen ("" = none) */
    long long     stamp;        /* its change stamp when it was run */
    double        since_check;  /* seconds since the file was checked */
    bool          dragging;
    bool          quit;
    float         dpi;          /* device pixels per window pixel */
    lpapp_script  script;
    bool          scripted;
    unsigned      runs_done;    /* runs that ended (for the test script) */
    lpapp_lesson  lesson;       /* the narration, when the file is a lesson */
    lpapp_exporter exporter;    /* Ctrl+E: an export running in a child */
    lpapp_chooser chooser;      /* the desktop's file chooser, when one runs */
    char          dir[4096];    /* the built-in chooser's folder */
    char        **names;        /* its entries (owned: lpapp_dir_free) */
    size_t        name_count;
    float         ui_scale;     /* Ctrl+= / Ctrl+-: times the size-based scale (remembered) */
} win;

static void banner(win *w, bool error, const char *fmt, const char *a, unsigned line)
{
    char text[5000];
    snprintf(text, sizeof text, fmt, a, line);
    size_t n = strlen(text);
    if (n >= sizeof w->ui.view.banner)
        n = sizeof w->ui.view.banner - 1;
    memcpy(w->ui.view.banner, text, n);
    w->ui.view.banner[n] = '\0';
    w->ui.view.banner_error = error;
}

/* The lesson list's entries, and which one is on screen. */
static void show_files(win *w)
{
    w->ui.view.files = (const char *const *)w->files.paths;
    w->ui.view.file_titles = (const char *const *)w->files.titles;
    w->ui.view.file_count = w->files.count;
    w->ui.view.lesson_count = w->files.lessons;
    w->ui.view.picker_current = w->current < w->files.count ? (int)w->current : -1;
}

/* Starts a run of `path` (reload: the same file again, keeping the time). */
static void start_run(win *w, const char *file, bool reload)
{
    char msg[256], path[sizeof w->path];
    snprintf(path, sizeof path, "%s", file); /* file may be w->path itself */
    if (lpapp_source_check(path, stderr) != 0) {
        banner(w, true, "Cannot read %s%.0u", path, 0);
        return;
    }
    char *real = realpath(path, NULL); /* one name per file: a lesson opened by hand is that lesson */
    if (real && strlen(real) < sizeof path)
        memcpy(path, real, strlen(real) + 1);
    free(real);
    snprintf(w->path, sizeof w->path, "%s", path);
    w->stamp = lpapp_file_stamp(path);
    w->current = lpapp_files_add(&w->files, path);
    if (w->current >= w->files.lessons)
        lpapp_recent_save(&w->files); /* a file of one's own: a recent file from now on */
    show_files(w);
    if (lpapp_child_start(&w->child, path, msg, sizeof msg) != 0) {
        banner(w, true, "Cannot run it: %s%.0u", msg, 0);
        return;
    }
    w->reloading = reload;
    w->ui.view.running_child = true;
    banner(w, false, reload ? "Running %s again%.0u\xE2\x80\xA6" : "Running %s%.0u\xE2\x80\xA6", path, 0);
}

/* A finished child: show its run, or keep the last good one. */
static void finish_run(win *w, int status)
{
    char msg[256];
    w->ui.view.running_child = false;
    w->runs_done++;
    lpui_model *m = lpapp_child_result(&w->child, status, msg, sizeof msg);
    if (!m) {
        banner(w, true, "%s%.0u", msg, 0);
        return;
    }
    /* it failed before its loop ran anything (a syntax error, an error at
    ** import): keep what is on screen */
    bool nothing = m->replay.live.task_count == 0 && m->replay.live.applied == lp_trace_count(&m->trace);
    if (nothing && w->ui.model && status != 0) {
        banner(w, true, m->error_line ? "Reload failed: %s \xE2\x80\x94 line %u (showing the last good run)"
                                      : "Reload failed: %s%.0u (showing the last good run)",
               m->error ? m->error : "the program did not run", m->error_line);
        lpui_model_free(m);
        free(m);
        return;
    }
    w->ui.view.banner[0] = '\0';
    if (status != 0 && m->error)
        banner(w, true, m->error_line ? "%s \xE2\x80\x94 line %u" : "%s%.0u", m->error, m->error_line);
    if (lpui_set_model(&w->ui, m, w->reloading) != LP_OK)
        banner(w, true, "Out of memory showing the run%s%.0u", "", 0);
    bool lesson = w->current < w->files.lessons;
    lpapp_lesson_load(&w->lesson, w->ui.model, lesson ? w->current + 1 : 0, w->files.lessons);
    if (!w->lesson.active)
        lpui_set_narration(&w->ui, NULL, NULL, NULL, -1);
    if (nothing && status != 0) /* a syntax error, an error at import: show it at once, at its line */
        lpui_player_seek(&w->ui.player, lpui_player_total(&w->ui.player));
}

/* The built-in chooser on folder dir (its entries listed anew). */
static void list_folder(win *w, const char *dir)
{
    char **names;
    size_t count;
    char *real = realpath(dir, NULL);
    if (!real || lpapp_dir_list(real, &names, &count) != 0) {
        banner(w, true, "Cannot read the folder %s%.0u", dir, 0);
        free(real);
        return;
    }
    lpapp_dir_free(w->names, w->name_count);
    snprintf(w->dir, sizeof w->dir, "%s", real);
    free(real);
    w->names = names;
    w->name_count = count;
    lpui_view *v = &w->ui.view;
    v->chooser = true;
    v->chooser_dir = w->dir;
    v->chooser_names = (const char *const *)w->names;
    v->chooser_count = w->name_count;
    v->chooser_sel = 0;
}

/* The folder a chooser starts in: the file on screen's, else the current one. */
static void start_folder(const win *w, char *out, size_t n)
{
    const char *slash = strrchr(w->path, '/');
    if (w->path[0] && slash && w->current >= w->files.lessons)
        snprintf(out, n, "%.*s", (int)(slash - w->path), w->path);
    else if (!getcwd(out, n))
        snprintf(out, n, "/");
    if (!out[0])
        snprintf(out, n, "/");
}

/* Ctrl+O, Open: the desktop's chooser in the background, else the built-in one. */
static void choose_file(win *w)
{
    char dir[4096];
    if (w->chooser.pid)
        return; /* one is open already */
    start_folder(w, dir, sizeof dir);
    if (lpapp_chooser_start(&w->chooser, dir) != 0)
        list_folder(w, dir);
}

/* The built-in chooser's entry taken: a folder opens, a file runs. */
static void pick_entry(win *w)
{
    int i = w->ui.view.chooser_sel;
    if (i < 0 || (size_t)i >= w->name_count)
        return;
    char path[8300];
    const char *name = w->names[i];
    snprintf(path, sizeof path, "%s%s%s", w->dir, strcmp(w->dir, "/") == 0 ? "" : "/", name);
    if (name[0] && name[strlen(name) - 1] == '/') {
        list_folder(w, path);
        return;
    }
    w->ui.view.chooser = false;
    start_run(w, path, false);
}

static void check_chooser(win *w)
{
    char path[4200];
    switch (lpapp_chooser_poll(&w->chooser, path, sizeof path)) {
    case LPAPP_CHOOSER_PICKED:
        start_run(w, path, false);
        break;
    case LPAPP_CHOOSER_NONE: {
        char dir[4096];
        start_folder(w, dir, sizeof dir);
        list_folder(w, dir);
        break;
    }
    default:
        break;
    }
}

static void set_ui_scale(win *w, float s)
{
    if (s < 0.5f)
        s = 0.5f;
    if (s > 3.0f)
        s = 3.0f;
    w->ui_scale = s;
    lpapp_state_set_ui_scale(s);
}

static void open_index(win *w, size_t i)
{
    if (i < w->files.count)
        start_run(w, w->files.paths[i], false);
}

/* The app's part of an action. */
static void app_action(win *w, lpui_action a)
{
    switch (a) {
    case LPUI_ACT_QUIT:
        w->quit = true;
        break;

    case LPUI_ACT_RESTART:
        if (w->path[0])
            start_run(w, w->path, false);
        break;
    case LPUI_ACT_OPEN:
        open_index(w, (size_t)w->ui.view.picker_sel);
        break;
    case LPUI_ACT_EXPORT: {
        int ow = 0, oh = 0;
        SDL_GetRendererOutputSize(w->ren, &ow, &oh);
        lpapp_exporter_start(&w->exporter, &w->ui, w->path, w->child.trust, ow, oh);
        break;
    }
    case LPUI_ACT_CHOOSE:
        choose_file(w);
        break;
    case LPUI_ACT_CHOOSE_PICK:
        pick_entry(w);
        break;
    case LPUI_ACT_PARENT: {
        char up[4200];
        snprintf(up, sizeof up, "%s/..", w->dir);
        list_folder(w, up);
        break;
    }
    case LPUI_ACT_SCALE_UP:
        set_ui_scale(w, w->ui_scale * 1.1f);
        break;
    case LPUI_ACT_SCALE_DOWN:
        set_ui_scale(w, w->ui_scale / 1.1f);
        break;
    case LPUI_ACT_SCALE_RESET:
        set_ui_scale(w, 1.0f);
        break;
    case LPUI_ACT_PREV_LESSON:
    case LPUI_ACT_NEXT_LESSON:
        if (w->files.lessons > 0) {
            size_t i = w->current < w->files.lessons ? w->current : 0;
            if (a == LPUI_ACT_NEXT_LESSON)
                i = i + 1 < w->files.lessons ? i + 1 : i;
            else
                i = i > 0 ? i - 1 : 0;
            if (i != w->current)
                open_index(w, i);
        }
        break;
    default:
        if (a >= LPUI_ACT_ANSWER_1 && a <= LPUI_ACT_ANSWER_9)
            lpapp_lesson_answer(&w->lesson, &w->ui, (size_t)(a - LPUI_ACT_ANSWER_1) + 1);
        break;
    }
}

static void handle_event(win *w, const SDL_Event *e)
{
    lpui_ctx *ui = &w->ui;
    switch (e->type) {
    case SDL_QUIT:
        w->quit = true;
        break;
    case SDL_KEYDOWN: {
        lpui_action a = lpui_sdl_key(&e->key);
        if (!lpapp_exporter_key(&w->exporter, ui, a)) /* Esc cancels an export first */
            app_action(w, lpui_act(ui, a));
        break;
    }
    case SDL_TEXTINPUT:
        app_action(w, lpui_act(ui, lpui_sdl_text(e->text.text)));
        break;
    case SDL_MOUSEMOTION:
        lpui_mouse_move(ui, (float)e->motion.x * w->dpi, (float)e->motion.y * w->dpi, w->dragging);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT) {
            float x = (float)e->button.x * w->dpi, y = (float)e->button.y * w->dpi;
            w->dragging = lpui_rect_hit(ui->layout.tl_plot, x, y) && !ui->view.picker && !ui->view.help &&
                          !ui->view.chooser;
            app_action(w, lpui_mouse_down(ui, x, y));
            w->dragging = w->dragging || ui->view.tl_bar_drag;
        }
        break;
    case SDL_MOUSEBUTTONUP:
        w->dragging = false;
        ui->view.tl_bar_drag = false;
        break;
    case SDL_MOUSEWHEEL: /* where the mouse last moved to */
        lpui_mouse_wheel(ui, ui->view.mouse_x, ui->view.mouse_y, e->wheel.y);
        break;
    case SDL_DROPFILE:
        if (e->drop.file) { /* a file dropped on the window opens, whatever was over it */
            ui->view.picker = ui->view.chooser = ui->view.help = false;
            start_run(w, e->drop.file, false);
            SDL_free(e->drop.file);
        }
        break;
    default:
        break;
    }
}

/* Reload when the file on screen changed on disk (checked twice a second). */
static void watch_file(win *w, double dt)
{
    w->since_check += dt;
    if (w->since_check < 0.5 || !w->path[0] || w->child.pid)
        return;
    w->since_check = 0;
    long long stamp = lpapp_file_stamp(w->path);
    if (stamp && stamp != w->stamp)
        start_run(w, w->path, true);
}

/* Says there is no display to open the window on, and how to work without one. */
static void no_display(const char *why)
{
    fprintf(stderr,
            "looplab: cannot open a window: %s.\n"
            "looplab: without a display, run a program headless:\n"
            "looplab:   looplab run FILE.py                          its output, in virtual time\n"
            "looplab:   looplab shot FILE.py --at SECONDS --out x.png  the window drawn to a PNG\n",
            why);
}

/* A video driver asked for by name (SDL_VIDEODRIVER) is used as it is. */
static bool driver_chosen(void)
{
    const char *driver = getenv("SDL_VIDEODRIVER");
    return driver && *driver;
}

/* No display at all: said before anything starts. */
static bool display_missing(void)
{
    if (driver_chosen() || getenv("DISPLAY") || getenv("WAYLAND_DISPLAY"))
        return false;
    no_display("no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
    return true;
}

static int open_window(win *w, const char *fonts)
{
    bool chosen = driver_chosen();
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        char why[600];
        snprintf(why, sizeof why, "the display does not answer (%s)", SDL_GetError());
        no_display(why);
        return -1;
    }
    const char *got = SDL_GetCurrentVideoDriver();
    if (!chosen && got && (strcmp(got, "offscreen") == 0 || strcmp(got, "dummy") == 0)) {
        char why[600];
        const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
        snprintf(why, sizeof why, "the display %s%s does not answer (SDL found only its '%s' driver)",
                 x ? "DISPLAY=" : "WAYLAND_DISPLAY=", x ? x : wl ? wl : "", got);
        no_display(why);
        return -1;
    }
    if (TTF_Init() != 0) {
        fprintf(stderr, "looplab: cannot start SDL_ttf: %s\n", TTF_GetError());
        return -1;
    }
    int ww = 1600, wh = 900;
    SDL_DisplayMode mode;
    if (SDL_GetDesktopDisplayMode(0, &mode) == 0) { /* fit the screen, never below the minimum */
        if (ww > mode.w - 40)
            ww = mode.w - 40 > LPUI_MIN_W ? mode.w - 40 : LPUI_MIN_W;
        if (wh > mode.h - 80)
            wh = mode.h - 80 > LPUI_MIN_H ? mode.h - 80 : LPUI_MIN_H;
    }
    w->window = SDL_CreateWindow("looplab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww, wh,
                                 SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!w->window) {
        fprintf(stderr, "looplab: cannot open a window: %s\n", SDL_GetError());
        return -1;
    }
    SDL_SetWindowMinimumSize(w->window, LPUI_MIN_W, LPUI_MIN_H);
    w->ren = SDL_CreateRenderer(w->window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!w->ren)
        w->ren = SDL_CreateRenderer(w->window, -1, SDL_RENDERER_SOFTWARE);
    if (!w->ren) {
        fprintf(stderr, "looplab: cannot draw in the window: %s\n", SDL_GetError());
        return -1;
    }
    if (lpui_sdl_init(&w->draw, w->ren, fonts, 1.0f) != 0) {
        fprintf(stderr, "looplab: cannot open the fonts in %s: %s\n", fonts, TTF_GetError());
        w->ren = NULL;
        return -1;
    }
    SDL_StartTextInput();
    return 0;
}

/* The frame just drawn, saved as a PNG (the test script's shot:PATH). */
static void save_frame(win *w, const char *path)
{
    int ow, oh;
    SDL_GetRendererOutputSize(w->ren, &ow, &oh);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, ow, oh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s || SDL_RenderReadPixels(w->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0 ||
        IMG_SavePNG(s, path) != 0)
        fprintf(stderr, "looplab: cannot save the frame to '%s': %s\n", path, SDL_GetError());
    SDL_FreeSurface(s);
}

static void frame(win *w, double dt)
{
    int ow, oh, lw, lh;
    SDL_GetRendererOutputSize(w->ren, &ow, &oh);
    SDL_GetWindowSize(w->window, &lw, &lh);
    w->dpi = lw > 0 ? (float)ow / (float)lw : 1.0f;
    float scale = lpui_layout_scale((float)lw, (float)lh, w->dpi) * w->ui_scale;
    if (lpui_sdl_set_scale(&w->draw, scale) != 0) {
        fprintf(stderr, "looplab: cannot reopen the fonts: %s\n", TTF_GetError());
        w->quit = true;
        return;
    }
    lpui_sdl_metrics(&w->draw, &w->ui.metrics);
    size_t before = w->ui.model ? w->ui.player.a.applied : 0;
    lpui_tick(&w->ui, dt);
    lpapp_lesson_after_tick(&w->lesson, &w->ui, before);
    lpui_build(&w->ui, (float)ow, (float)oh, scale);
    lpui_sdl_draw(&w->draw, &w->ui.cmds);
    if (w->script.shot[0]) { /* read back before presenting: the back buffer holds the frame */
        save_frame(w, w->script.shot);
        w->script.shot[0] = '\0';
    }
    if (w->script.report[0]) {
        FILE *out = fopen(w->script.report, "w");
        if (out) {
            lpui_report(&w->ui, out);
            fclose(out);
        } else {
            fprintf(stderr, "looplab: cannot write the report '%s'\n", w->script.report);
        }
        w->script.report[0] = '\0';
    }
    SDL_RenderPresent(w->ren);
}

static void run_loop(win *w)
{
    Uint64 last = SDL_GetPerformanceCounter();
    double freq = (double)SDL_GetPerformanceFrequency();
    while (!w->quit) {
        SDL_Event e;
        while (SDL_PollEvent(&e))
            handle_event(w, &e);
        Uint64 t = SDL_GetPerformanceCounter();
        double dt = (double)(t - last) / freq;
        last = t;
        if (dt > 0.1)
            dt = 0.1; /* after a stall, do not jump */
        int status;
        if (w->child.pid && lpapp_child_done(&w->child, false, CHILD_LIMIT, &status))
            finish_run(w, status);
        if (w->chooser.pid)
            check_chooser(w);
        watch_file(w, dt);
        lpapp_exporter_poll(&w->exporter, &w->ui);
        if (w->scripted) {
            lpapp_script_view v = {
                .loaded = w->ui.model && !w->child.pid,
                .playing = w->ui.model && w->ui.player.playing,
                .event = w->ui.model ? w->ui.player.a.applied : 0,
                .total = w->ui.model ? lpui_player_total(&w->ui.player) : 0,
                .time = w->ui.model ? lpui_player_now(&w->ui.player) : 0,
                .runs = w->runs_done,
            };
            lpapp_script_frame(&w->script, &v, dt);
        }
        frame(w, dt);
        /* at most ~60 frames a second; when nothing moves, sleep until an event */
        bool busy = w->child.pid || lpapp_exporter_busy(&w->exporter) || (w->ui.model && (w->ui.player.playing || w->ui.player.stop_at != SIZE_MAX));
        if (!busy && !w->scripted)
            SDL_WaitEventTimeout(NULL, 250);
        double spent = (double)(SDL_GetPerformanceCounter() - t) / freq;
        if (spent < 1.0 / 60)
            SDL_Delay((Uint32)((1.0 / 60 - spent) * 1000));
    }
}

int lpapp_window_run(const lpapp_cli *cli)
{
    if (cli->file != NULL) {
        int status = lpapp_source_check(cli->file, stderr);
        if (status != 0)
            return status;
    }
    char fonts[4200];
    if (lpapp_fonts_dir(fonts, sizeof fonts) != 0)
        return LPAPP_EXIT_FAILURE;
    static win w; /* large; one window per process */
    memset(&w, 0, sizeof w);
    w.current = SIZE_MAX;
    w.dpi = 1;
    lpui_init(&w.ui);
    lpapp_child_init(&w.child);
    lpapp_exporter_init(&w.exporter);
    w.child.trust = w.ui.view.trusted = cli->trust;
    lpapp_lesson_init(&w.lesson);
    lpapp_paths paths;
    lpapp_files_scan(&w.files, lpapp_paths_find(&paths) == 0 ? paths.scenarios : NULL);
    lpapp_recent_load(&w.files);
    lpapp_chooser_init(&w.chooser);
    w.ui_scale = lpapp_state_ui_scale();
    show_files(&w);
    w.scripted = lpapp_script_init(&w.script);
    int rc = LPAPP_EXIT_FAILURE;
    if (display_missing())
        goto done;
    /* the program runs in its child while the window opens */
    if (cli->file)
        start_run(&w, cli->file, false);
    else if (w.files.lessons > 0)
        open_index(&w, 0); /* the first lesson */
    else
        w.ui.view.picker = true;
    if (open_window(&w, fonts) == 0) {
        run_loop(&w);
        rc = LPAPP_EXIT_OK;
    }
done:
    lpapp_child_close(&w.child);
    lpapp_exporter_close(&w.exporter);
    lpapp_chooser_close(&w.chooser);
    lpapp_dir_free(w.names, w.name_count);
    lpapp_lesson_free(&w.lesson);
    if (w.ren) {
        lpui_sdl_free(&w.draw);
        SDL_DestroyRenderer(w.ren);
    }
    if (w.window)
        SDL_DestroyWindow(w.window);
    lpui_free(&w.ui);
    lpapp_files_free(&w.files);
    TTF_Quit();
    SDL_Quit();
    return rc;
}

/*
** export.c: `looplab export` (see export.h): runs the program in a child
** (as shot does), plays its run frame by frame (app/export_clip.h), draws
** each frame off screen (app/export_canvas.h) and encodes it
** (app/encode.h).
**
** The file is written under a temporary name beside the final one and
** renamed when complete, so an export that fails or is interrupted never
** leaves a half-written file under the name asked for. A progress bar goes
** to stderr when it is a terminal.
*/
#include "app/export.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/encode.h"
#include "app/export_canvas.h"
#include "app/export_clip.h"
#include "app/render.h"
#include "app/source.h"
#include "core/status.h"

#define EXIT_INTERRUPTED 130
#define AUTO_SECONDS 12.0 /* the length --speed is chosen for */
#define PALETTE_SAMPLES 32
#define MAX_SECONDS 3600 /* the longest video made */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

typedef struct job {
    const lpapp_cli *cli;
    lpapp_format     format;
    char             tmp[4200];  /* the temporary file, "" once renamed or removed */
    lpapp_clip_opts  clip;
    long             total;      /* frames */
    bool             bar;        /* a progress bar on stderr */
    char             err[512];
} job;

/* "<dir>/.<name>.<pid>.part", created empty. keep: false only tries (so an
** unwritable folder fails before the program runs, and nothing is left if
** the run is cut short). */
static int make_temp(job *j, bool keep)
{
    const char *out = j->cli->out_path;
    const char *slash = strrchr(out, '/');
    int dir = slash ? (int)(slash - out + 1) : 0;
    snprintf(j->tmp, sizeof j->tmp, "%.*s.%s.%ld.part", dir, out, out + dir, (long)getpid());
    int fd = open(j->tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        fprintf(stderr, "looplab: cannot write '%s': %s\n", out, strerror(errno));
        j->tmp[0] = '\0';
        return -1;
    }
    close(fd);
    if (!keep) {
        unlink(j->tmp);
        j->tmp[0] = '\0';
    }
    return 0;
}

static void drop_temp(job *j)
{
    if (j->tmp[0])
        unlink(j->tmp);
    j->tmp[0] = '\0';
}

static void progress(const job *j, long done)
{
    if (j->cli->progress_fd > 0) {
        char line[64];
        int n = snprintf(line, sizeof line, "%ld/%ld\n", done, j->total);
        if (write(j->cli->progress_fd, line, (size_t)n) < 0) { /* the window went away: go on */
        }
    }
    if (!j->bar || (done % 8 != 0 && done != j->total))
        return;
    enum { WIDTH = 30 };
    int fill = j->total ? (int)(done * WIDTH / j->total) : WIDTH;
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\rexporting [%s] %3ld%%  %ld/%ld frames", bar, j->total ? done * 100 / j->total : 100,
            done, j->total);
    fflush(stderr);
}

/* The GIF's palette: frames spread over the clip, shown to the encoder. */
static int sample(job *j, lpui_model *m, lpapp_canvas *cv, lpapp_encoder *enc)
{
    lpapp_clip c;
    int rc = 0;
    long k = j->total < PALETTE_SAMPLES ? j->total : PALETTE_SAMPLES;
    long next = 0, taken = 0;
    if (lpapp_clip_start(&c, m, j->cli->trust, &j->clip) != LP_OK) {
        lpapp_clip_free(&c);
        snprintf(j->err, sizeof j->err, "out of memory");
        return -1;
    }
    do {
        if (c.frame == next) {
            int pitch;
            const uint8_t *px = lpapp_canvas_draw(cv, &c.ui, &pitch);
            rc = enc->ops->sample(enc, px, pitch, j->err, sizeof j->err);
            taken++;
            next = taken * j->total / k;
        }
    } while (rc == 0 && !interrupted && taken < k && lpapp_clip_next(&c));
    lpapp_clip_free(&c);
    return rc;
}

/* Every frame, drawn and encoded. */
static int encode(job *j, lpui_model *m, lpapp_canvas *cv, lpapp_encoder *enc)
{
    lpapp_clip c;
    int rc = 0;
    if (lpapp_clip_start(&c, m, j->cli->trust, &j->clip) != LP_OK) {
        lpapp_clip_free(&c);
        snprintf(j->err, sizeof j->err, "out of memory");
        return -1;
    }
    const uint8_t *px = NULL;
    int pitch = 0;
    do {
        if (!px || !c.still) /* a held frame: the canvas still has it */
            px = lpapp_canvas_draw(cv, &c.ui, &pitch);
        rc = enc->ops->frame(enc, px, pitch, j->err, sizeof j->err);
        progress(j, c.frame + 1);
    } while (rc == 0 && !interrupted && lpapp_clip_next(&c));
    if (j->bar)
        fputs("\r\033[K", stderr);
    lpapp_clip_free(&c);
    return rc;
}

/* Checks the range against the run and sets the clip's options. */
static int plan(job *j, lpui_model *m)
{
    const lpapp_cli *cli = j->cli;
    if (cli->has_from && cli->from > m->end_time) {
        fprintf(stderr, "looplab: --from %g is after the end of the run (%g s)\n", cli->from, m->end_time);
        return LPAPP_EXIT_USAGE;
    }
    j->clip.from = cli->has_from ? cli->from : 0;
    j->clip.to = cli->has_to && cli->to < m->end_time ? cli->to : -1;
    j->clip.fps = cli->fps ? cli->fps : 30;
    j->clip.speed = cli->speed > 0 ? cli->speed : lpapp_clip_auto_speed(m, &j->clip, AUTO_SECONDS);
    long limit = (long)MAX_SECONDS * j->clip.fps;
    j->total = lpapp_clip_count(m, &j->clip, limit, NULL);
    if (j->total > limit) {
        fprintf(stderr, "looplab: at %gx the video would last more than %d minutes; "
                        "give a higher --speed, or a range with --from and --to\n",
                j->clip.speed, MAX_SECONDS / 60);
        return LPAPP_EXIT_USAGE;
    }
    return 0;
}

/* The program's run, or NULL (said on stderr) when it gave nothing to show. */
static lpui_model *run_program(const lpapp_cli *cli)
{
    lpui_model *m = lpapp_run_blocking(cli->file, cli->trust);
    if (!m)
        return NULL;
    bool nothing = m->replay.live.task_count == 0 && m->replay.live.applied == lp_trace_count(&m->trace);
    if (nothing && m->exit_status != 0) { /* a syntax error, an error at import: no run to show */
        if (m->error_line)
            fprintf(stderr, "looplab: %s did not run: %s (line %u)\n", cli->file,
                    m->error ? m->error : "error", m->error_line);
        else
            fprintf(stderr, "looplab: %s did not run: %s\n", cli->file, m->error ? m->error : "error");
        lpui_model_free(m);
        free(m);
        return NULL;
    }
    return m;
}

static int export_model(job *j, lpui_model *m, const char *fonts)
{
    const lpapp_cli *cli = j->cli;
    int w = cli->width ? cli->width : 1280, h = cli->height ? cli->height : 720;
    if (w < LPUI_MIN_W || h < LPUI_MIN_H)
        fprintf(stderr, "looplab: note: %dx%d is smaller than the window can be (%dx%d): some text may be cut\n",
                w, h, LPUI_MIN_W, LPUI_MIN_H);
    lpapp_encoder enc;
    lpapp_canvas cv;
    lpapp_encode_opts eo = {.path = j->tmp, .format = j->format, .w = w, .h = h, .fps = j->clip.fps};
    if (lpapp_encoder_open(&enc, &eo, j->err, sizeof j->err) != 0)
        return LPAPP_EXIT_FAILURE;
    int status = LPAPP_EXIT_FAILURE;
    if (lpapp_canvas_open(&cv, w, h, fonts, j->err, sizeof j->err) == 0) {
        if ((!enc.ops->sample || sample(j, m, &cv, &enc) == 0) && !interrupted &&
            encode(j, m, &cv, &enc) == 0 && !interrupted && enc.ops->finish(&enc, j->err, sizeof j->err) == 0)
            status = LPAPP_EXIT_OK;
        lpapp_canvas_close(&cv);
    }
    enc.ops->close(&enc);
    return status;
}

int lpapp_export_run(const lpapp_cli *cli)
{
    int status = lpapp_source_check(cli->file, stderr);
    if (status != 0)
        return status;
    char fonts[4200];
    if (lpapp_fonts_dir(fonts, sizeof fonts) != 0)
        return LPAPP_EXIT_FAILURE;
    static job j; /* the buffers are large */
    memset(&j, 0, sizeof j);
    j.cli = cli;
    j.format = lpapp_format_of(cli->out_path);
    j.bar = isatty(STDERR_FILENO);
    if (make_temp(&j, false) != 0)
        return LPAPP_EXIT_FAILURE;
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    interrupted = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    if (cli->progress_fd > 0)
        signal(SIGPIPE, SIG_IGN); /* a window that went away: finish the file all the same */

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    lpui_model *m = interrupted ? NULL : run_program(cli);
    status = m ? plan(&j, m) : LPAPP_EXIT_FAILURE;
    if (status == 0 && !interrupted)
        status = make_temp(&j, true) == 0 ? export_model(&j, m, fonts) : LPAPP_EXIT_FAILURE;
    if (interrupted) {
        fprintf(stderr, "\nlooplab: export interrupted; nothing written to '%s'\n", cli->out_path);
        status = EXIT_INTERRUPTED;
    } else if (status == LPAPP_EXIT_OK && rename(j.tmp, cli->out_path) != 0) {
        snprintf(j.err, sizeof j.err, "cannot write '%s': %s", cli->out_path, strerror(errno));
        status = LPAPP_EXIT_FAILURE;
    } else if (status == LPAPP_EXIT_OK) {
        j.tmp[0] = '\0'; /* it is the output now */
    }
    if (status == LPAPP_EXIT_FAILURE && j.err[0])
        fprintf(stderr, "looplab: %s\n", j.err);
    drop_temp(&j);
    if (status == LPAPP_EXIT_OK) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        printf("%s: %dx%d, %d fps, %ld frames (%.2f s) at %.*fx; made in %.1f s\n", cli->out_path,
               cli->width ? cli->width : 1280, cli->height ? cli->height : 720, j.clip.fps, j.total,
               (double)j.total / j.clip.fps, j.clip.speed < 100 ? 2 : 0, j.clip.speed, took);
        if (m->exit_status != 0 && m->error && j.clip.to < 0)
            fprintf(stderr, "looplab: note: the program failed (%s); the video ends on its error\n",
                    m->error);
    }
    if (m) {
        lpui_model_free(m);
        free(m);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    return status;
}

/*
** encode.h: the encoders of `looplab export`, behind one small interface.
**
** An encoder writes frames of w x h pixels (SDL's ARGB8888: bytes B, G, R,
** A in memory) at a fixed frame rate into one file. encode_av.c writes MP4
** (H.264) and WebM (VP9) through FFmpeg's libraries, encode_gif.c writes a
** GIF through giflib with one palette for the whole clip. Both are
** deterministic: the same frames give the same bytes.
*/
#ifndef LOOPLAB_APP_ENCODE_H
#define LOOPLAB_APP_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum lpapp_format {
    LPAPP_FMT_NONE = 0,
    LPAPP_FMT_MP4,
    LPAPP_FMT_WEBM,
    LPAPP_FMT_GIF
} lpapp_format;

/* The format named by a file name's extension (.mp4, .webm, .gif, any
** case), or LPAPP_FMT_NONE. */
lpapp_format lpapp_format_of(const char *path);

/* The largest frame rate a format plays right (GIF: 50, its delays are
** hundredths of a second and players slow anything faster). */
int lpapp_format_max_fps(lpapp_format f);

typedef struct lpapp_encode_opts {
    const char  *path;   /* the file to write (the caller's temporary name) */
    lpapp_format format;
    int          w, h;   /* even for MP4 and WebM */
    int          fps;
} lpapp_encode_opts;

typedef struct lpapp_encoder lpapp_encoder;

/* The calls every encoder answers. Each returns 0, or -1 with a one-line
** message in err. */
typedef struct lpapp_encoder_ops {
    /* A frame to learn colours from, before the first frame (NULL when the
    ** format needs none: only the GIF's palette does). */
    int (*sample)(lpapp_encoder *e, const uint8_t *bgra, int pitch, char *err, size_t n);
    /* The next frame. */
    int (*frame)(lpapp_encoder *e, const uint8_t *bgra, int pitch, char *err, size_t n);
    /* Ends the file (trailer, flush); the file is complete after it. */
    int (*finish)(lpapp_encoder *e, char *err, size_t n);
    /* Frees everything (closes the file if finish was not called). */
    void (*close)(lpapp_encoder *e);
} lpapp_encoder_ops;

struct lpapp_encoder {
    const lpapp_encoder_ops *ops;
    lpapp_encode_opts        opts;
    void                    *impl; /* the encoder's own state; owned */
};

/* Opens the encoder for opts->format on opts->path. Returns 0, or -1 with
** a message (a missing codec names the Debian package that brings it). */
int lpapp_encoder_open(lpapp_encoder *e, const lpapp_encode_opts *opts, char *err, size_t n);

/* Each format's opener (encode_av.c, encode_gif.c). */
int lpapp__encode_av_open(lpapp_encoder *e, char *err, size_t n);
int lpapp__encode_gif_open(lpapp_encoder *e, char *err, size_t n);

#endif

/*
** encode.c: picks the encoder for a format (see encode.h).
*/
#include "app/encode.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

lpapp_format lpapp_format_of(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/'))
        return LPAPP_FMT_NONE;
    if (strcasecmp(dot, ".mp4") == 0)
        return LPAPP_FMT_MP4;
    if (strcasecmp(dot, ".webm") == 0)
        return LPAPP_FMT_WEBM;
    if (strcasecmp(dot, ".gif") == 0)
        return LPAPP_FMT_GIF;
    return LPAPP_FMT_NONE;
}

int lpapp_format_max_fps(lpapp_format f)
{
    return f == LPAPP_FMT_GIF ? 50 : 120;
}

int lpapp_encoder_open(lpapp_encoder *e, const lpapp_encode_opts *opts, char *err, size_t n)
{
    memset(e, 0, sizeof *e);
    e->opts = *opts;
    switch (opts->format) {
    case LPAPP_FMT_MP4:
    case LPAPP_FMT_WEBM:
        return lpapp__encode_av_open(e, err, n);
    case LPAPP_FMT_GIF:
        return lpapp__encode_gif_open(e, err, n);
    default:
        snprintf(err, n, "unknown video format");
        return -1;
    }
}

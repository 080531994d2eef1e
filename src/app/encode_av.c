/*
** encode_av.c: MP4 (H.264, libx264) and WebM (VP9, libvpx) through FFmpeg's
** libraries (see encode.h).
**
** Frames go BGRA -> YUV 4:2:0 (BT.601, limited range, tagged so) with
** swscale, the codec runs on one thread (so the same frames give the same
** bytes), and the muxers run bit-exact (no version or date in the file).
** The settings keep the window's text sharp: H.264 at CRF 18 with the
** "animation" tuning, VP9 at CRF 28 in real-time mode. FFmpeg's libraries
** are opened when the first video is made (encode_avlib.h).
*/
#include "app/encode.h"
#include "app/encode_avlib.h" /* FFmpeg, opened on first use: LPAPP__AV(name) */

#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct av_enc {
    AVFormatContext   *oc;
    AVCodecContext    *cc;
    AVStream          *st;
    struct SwsContext *sws;
    AVFrame           *yuv;
    AVPacket          *pkt;
    int64_t            pts;
    bool               header;  /* the header is written: finish must write the trailer */
    bool               opened;  /* oc->pb is open */
} av_enc;

static void av_message(char *err, size_t n, const char *what, int rc)
{
    char why[AV_ERROR_MAX_STRING_SIZE] = "";
    LPAPP__AV(av_strerror)(rc, why, sizeof why);
    snprintf(err, n, "%s: %s", what, why);
}

/* Sends a frame (or NULL: the end) and writes the packets that come out. */
static int drain(av_enc *a, AVFrame *frame, char *err, size_t n)
{
    int rc = LPAPP__AV(avcodec_send_frame)(a->cc, frame);
    if (rc < 0) {
        av_message(err, n, "the video encoder refused a frame", rc);
        return -1;
    }
    for (;;) {
        rc = LPAPP__AV(avcodec_receive_packet)(a->cc, a->pkt);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return 0;
        if (rc < 0) {
            av_message(err, n, "the video encoder failed", rc);
            return -1;
        }
        LPAPP__AV(av_packet_rescale_ts)(a->pkt, a->cc->time_base, a->st->time_base);
        a->pkt->stream_index = a->st->index;
        rc = LPAPP__AV(av_interleaved_write_frame)(a->oc, a->pkt);
        LPAPP__AV(av_packet_unref)(a->pkt);
        if (rc < 0) {
            av_message(err, n, "cannot write the video", rc);
            return -1;
        }
    }
}

static int av_frame_in(lpapp_encoder *e, const uint8_t *bgra, int pitch, char *err, size_t n)
{
    av_enc *a = e->impl;
    int rc = LPAPP__AV(av_frame_make_writable)(a->yuv);
    if (rc < 0) {
        av_message(err, n, "out of memory for a frame", rc);
        return -1;
    }
    const uint8_t *src[1] = {bgra};
    const int stride[1] = {pitch};
    LPAPP__AV(sws_scale)(a->sws, src, stride, 0, e->opts.h, a->yuv->data, a->yuv->linesize);
    a->yuv->pts = a->pts++;
    return drain(a, a->yuv, err, n);
}

static int av_finish(lpapp_encoder *e, char *err, size_t n)
{
    av_enc *a = e->impl;
    if (drain(a, NULL, err, n) != 0)
        return -1;
    a->header = false;
    int rc = LPAPP__AV(av_write_trailer)(a->oc);
    if (rc < 0) {
        av_message(err, n, "cannot finish the video file", rc);
        return -1;
    }
    rc = LPAPP__AV(avio_closep)(&a->oc->pb);
    a->opened = false;
    if (rc < 0) {
        av_message(err, n, "cannot close the video file", rc);
        return -1;
    }
    return 0;
}

static void av_close(lpapp_encoder *e)
{
    av_enc *a = e->impl;
    if (!a)
        return;
    if (a->opened)
        LPAPP__AV(avio_closep)(&a->oc->pb);
    LPAPP__AV(avformat_free_context)(a->oc);
    LPAPP__AV(avcodec_free_context)(&a->cc);
    LPAPP__AV(sws_freeContext)(a->sws);
    LPAPP__AV(av_frame_free)(&a->yuv);
    LPAPP__AV(av_packet_free)(&a->pkt);
    free(a);
    e->impl = NULL;
}

static const lpapp_encoder_ops av_ops = {NULL, av_frame_in, av_finish, av_close};

/* The codec with its settings, opened. */
static int open_codec(av_enc *a, const lpapp_encode_opts *o, char *err, size_t n)
{
    bool mp4 = o->format == LPAPP_FMT_MP4;
    const char *name = mp4 ? "libx264" : "libvpx-vp9";
    const char *test = getenv("LOOPLAB_TEST_ENCODER"); /* tests: as if the codec were missing */
    const char *look = test && test[0] ? test : name;
    const AVCodec *codec = LPAPP__AV(avcodec_find_encoder_by_name)(look);
    if (!codec) {
        snprintf(err, n,
                 "this FFmpeg has no %s encoder (%s); install Debian's libavcodec59, "
                 "which is built with it (apt-get install libavcodec59 %s)",
                 mp4 ? "H.264" : "VP9", name, mp4 ? "libx264-164" : "libvpx7");
        return -1;
    }
    a->cc = LPAPP__AV(avcodec_alloc_context3)(codec);
    if (!a->cc) {
        snprintf(err, n, "out of memory for the video encoder");
        return -1;
    }
    AVCodecContext *cc = a->cc;
    cc->width = o->w;
    cc->height = o->h;
    cc->time_base = (AVRational){1, o->fps};
    cc->framerate = (AVRational){o->fps, 1};
    cc->pix_fmt = AV_PIX_FMT_YUV420P;
    cc->gop_size = 2 * o->fps; /* a key frame every 2 s: slides seek quickly */
    cc->thread_count = 1;      /* deterministic output */
    cc->color_range = AVCOL_RANGE_MPEG;
    cc->colorspace = AVCOL_SPC_SMPTE170M; /* what swscale's default matrix makes */
    cc->color_primaries = AVCOL_PRI_BT709;
    cc->color_trc = AVCOL_TRC_IEC61966_2_1;
    cc->flags |= AV_CODEC_FLAG_BITEXACT;
    if (a->oc->oformat->flags & AVFMT_GLOBALHEADER)
        cc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary *opts = NULL;
    if (mp4) {
        LPAPP__AV(av_dict_set)(&opts, "preset", "veryfast", 0);
        LPAPP__AV(av_dict_set)(&opts, "tune", "animation", 0);
        LPAPP__AV(av_dict_set)(&opts, "crf", "18", 0);
        LPAPP__AV(av_dict_set)(&opts, "profile", "high", 0);
    } else {
        cc->bit_rate = 0; /* constant quality */
        LPAPP__AV(av_dict_set)(&opts, "deadline", "realtime", 0);
        LPAPP__AV(av_dict_set)(&opts, "cpu-used", "8", 0);
        LPAPP__AV(av_dict_set)(&opts, "crf", "28", 0);
        LPAPP__AV(av_dict_set)(&opts, "row-mt", "0", 0);
    }
    int rc = LPAPP__AV(avcodec_open2)(cc, codec, &opts);
    LPAPP__AV(av_dict_free)(&opts);
    if (rc < 0) {
        av_message(err, n, "cannot start the video encoder", rc);
        return -1;
    }
    return 0;
}

int lpapp__encode_av_open(lpapp_encoder *e, char *err, size_t n)
{
    const lpapp_encode_opts *o = &e->opts;
    if (o->w % 2 || o->h % 2) {
        snprintf(err, n, "MP4 and WebM need an even width and height, got %dx%d", o->w, o->h);
        return -1;
    }
    if (!lpapp__av_load(err, n))
        return -1;
    av_enc *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    e->impl = a;
    e->ops = &av_ops;
    LPAPP__AV(av_log_set_level)(AV_LOG_ERROR);
    const char *fmt = o->format == LPAPP_FMT_MP4 ? "mp4" : "webm";
    int rc = LPAPP__AV(avformat_alloc_output_context2)(&a->oc, NULL, fmt, o->path);
    if (rc < 0 || !a->oc) {
        snprintf(err, n, "this FFmpeg cannot write %s files (install Debian's libavformat59)", fmt);
        goto fail;
    }
    a->oc->flags |= AVFMT_FLAG_BITEXACT;
    if (open_codec(a, o, err, n) != 0)
        goto fail;
    a->st = LPAPP__AV(avformat_new_stream)(a->oc, NULL);
    a->yuv = LPAPP__AV(av_frame_alloc)();
    a->pkt = LPAPP__AV(av_packet_alloc)();
    if (!a->st || !a->yuv || !a->pkt) {
        snprintf(err, n, "out of memory");
        goto fail;
    }
    a->st->time_base = a->cc->time_base;
    a->st->avg_frame_rate = a->cc->framerate;
    if (LPAPP__AV(avcodec_parameters_from_context)(a->st->codecpar, a->cc) < 0) {
        snprintf(err, n, "out of memory");
        goto fail;
    }
    a->yuv->format = AV_PIX_FMT_YUV420P;
    a->yuv->width = o->w;
    a->yuv->height = o->h;
    if (LPAPP__AV(av_frame_get_buffer)(a->yuv, 0) < 0) {
        snprintf(err, n, "out of memory for a frame");
        goto fail;
    }
    a->sws = LPAPP__AV(sws_getContext)(o->w, o->h, AV_PIX_FMT_BGRA, o->w, o->h, AV_PIX_FMT_YUV420P,
                            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, NULL, NULL, NULL);
    if (!a->sws) {
        snprintf(err, n, "cannot convert frames to YUV (libswscale)");
        goto fail;
    }
    rc = LPAPP__AV(avio_open)(&a->oc->pb, o->path, AVIO_FLAG_WRITE);
    if (rc < 0) {
        av_message(err, n, "cannot write the video file", rc);
        goto fail;
    }
    a->opened = true;
    AVDictionary *mux = NULL;
    if (o->format == LPAPP_FMT_MP4)
        LPAPP__AV(av_dict_set)(&mux, "movflags", "+faststart", 0); /* plays while it downloads */
    rc = LPAPP__AV(avformat_write_header)(a->oc, &mux);
    LPAPP__AV(av_dict_free)(&mux);
    if (rc < 0) {
        av_message(err, n, "cannot start the video file", rc);
        goto fail;
    }
    a->header = true;
    return 0;
fail:
    av_close(e);
    return -1;
}

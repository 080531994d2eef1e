/*
** encode_avlib.h: FFmpeg's libraries, opened when `looplab export` first
** needs them (dlopen), not at every start.
**
** Linked the ordinary way, libavcodec and libavformat pull in about a
** hundred shared libraries (codecs, TLS, ...) that the dynamic loader maps
** and relocates before main, for every `looplab run` too: about 40 ms of
** a 130 ms start (bench/engine/speed.py). encode_av.c calls FFmpeg only
** through this table, LPAPP__AV(name)(...), filled by lpapp__av_load.
*/
#ifndef LPAPP_ENCODE_AVLIB_H
#define LPAPP_ENCODE_AVLIB_H

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
#include <stddef.h>

/* XX(library, function): every FFmpeg function encode_av.c calls. */
#define LPAPP__AV_FUNCTIONS(XX)                                                  \
    XX(UTIL, av_strerror) XX(UTIL, av_frame_make_writable) XX(UTIL, av_frame_free) \
    XX(UTIL, av_dict_set) XX(UTIL, av_dict_free) XX(UTIL, av_log_set_level)      \
    XX(UTIL, av_frame_alloc) XX(UTIL, av_frame_get_buffer)                       \
    XX(CODEC, avcodec_send_frame) XX(CODEC, avcodec_receive_packet)              \
    XX(CODEC, av_packet_rescale_ts) XX(CODEC, av_packet_unref)                   \
    XX(CODEC, avcodec_free_context) XX(CODEC, av_packet_free)                    \
    XX(CODEC, avcodec_find_encoder_by_name) XX(CODEC, avcodec_alloc_context3)    \
    XX(CODEC, avcodec_open2) XX(CODEC, av_packet_alloc)                          \
    XX(CODEC, avcodec_parameters_from_context)                                   \
    XX(FORMAT, av_interleaved_write_frame) XX(FORMAT, av_write_trailer)          \
    XX(FORMAT, avio_closep) XX(FORMAT, avformat_free_context)                    \
    XX(FORMAT, avformat_alloc_output_context2) XX(FORMAT, avformat_new_stream)   \
    XX(FORMAT, avio_open) XX(FORMAT, avformat_write_header)                      \
    XX(SCALE, sws_scale) XX(SCALE, sws_freeContext) XX(SCALE, sws_getContext)

typedef struct lpapp__av {
#define LPAPP__AV_FIELD(lib, name) __typeof__(&name) name;
    LPAPP__AV_FUNCTIONS(LPAPP__AV_FIELD)
#undef LPAPP__AV_FIELD
} lpapp__av;

/* Opens the libraries (once; they stay open) and fills the table. Returns
** it, or NULL with the reason in err[0..n) (a library or a function missing). */
const lpapp__av *lpapp__av_load(char *err, size_t n);

/* The table lpapp__av_load filled; only after it succeeded. */
const lpapp__av *lpapp__av_loaded(void);

#define LPAPP__AV(name) (lpapp__av_loaded()->name)

#endif

/*
** encode_avlib.c: FFmpeg's libraries opened on first use (see encode_avlib.h).
**
** Each library by the soname its headers were built for ("libavcodec.so.59":
** the major version is the ABI), so the table's types are the functions'.
*/
#include "app/encode_avlib.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>

#define STR_(x) #x
#define STR(x) STR_(x)

enum { UTIL, CODEC, FORMAT, SCALE, LIBS };

static const char *const SONAMES[LIBS] = {
    [UTIL] = "libavutil.so." STR(LIBAVUTIL_VERSION_MAJOR),
    [CODEC] = "libavcodec.so." STR(LIBAVCODEC_VERSION_MAJOR),
    [FORMAT] = "libavformat.so." STR(LIBAVFORMAT_VERSION_MAJOR),
    [SCALE] = "libswscale.so." STR(LIBSWSCALE_VERSION_MAJOR),
};

/* Filled once, then only read: the libraries are process-wide, so is their table. */
static lpapp__av table;
static bool loaded;

const lpapp__av *lpapp__av_load(char *err, size_t n)
{
    if (loaded)
        return &table;
    void *lib[LIBS];
    for (int i = 0; i < LIBS; i++) {
        lib[i] = dlopen(SONAMES[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib[i]) {
            const char *why = dlerror();
            snprintf(err, n, "cannot load FFmpeg's %s (install Debian's libavcodec59, libavformat59 "
                     "and libswscale6): %s", SONAMES[i], why ? why : "not found");
            return NULL; /* the ones opened stay open: a later try finds them */
        }
    }
    lpapp__av t;
#define LPAPP__AV_LOOKUP(l, name)                                                              \
    *(void **)&t.name = dlsym(lib[l], #name);                                                   \
    if (!t.name) {                                                                              \
        snprintf(err, n, "FFmpeg's %s has no %s", SONAMES[l], #name);                           \
        return NULL;                                                                            \
    }
    LPAPP__AV_FUNCTIONS(LPAPP__AV_LOOKUP)
#undef LPAPP__AV_LOOKUP
    table = t;
    loaded = true;
    return &table;
}

const lpapp__av *lpapp__av_loaded(void)
{
    return &table;
}

# cmake/LooplabDeps.cmake: finds the outside programs and libraries looplab uses.
#
# Sets:
#   LP_PYTHON                the reference interpreter for tests: the system
#                            python matching python3-embed (never a pyenv or
#                            PATH python3); cache variable, can be overridden
#   PkgConfig::CMOCKA        cmocka (needed when tests/*/test_*.c exist)
#   PkgConfig::PY3EMBED      python3-embed (optional until src/py exists)
#   PkgConfig::SECCOMP       libseccomp (required: the sandbox)
#   PkgConfig::SDL2, PkgConfig::SDL2_TTF, PkgConfig::SDL2_IMAGE (optional until src/ui exists)
#   PkgConfig::LP_EXPORT     what `looplab export` encodes GIFs with: giflib, libimagequant
#   LP_FFMPEG_FOUND, LP_FFMPEG_INCLUDE_DIRS  FFmpeg's libavcodec, libavformat, libswscale,
#                            libavutil: headers only; src/app/encode_avlib.c opens the
#                            libraries when a video is first made (not linked: start-up)

find_package(PkgConfig REQUIRED)

pkg_check_modules(CMOCKA   QUIET IMPORTED_TARGET cmocka)
pkg_check_modules(PY3EMBED QUIET IMPORTED_TARGET python3-embed)
pkg_check_modules(SDL2     QUIET IMPORTED_TARGET sdl2)
pkg_check_modules(SDL2_TTF QUIET IMPORTED_TARGET SDL2_ttf)
pkg_check_modules(SDL2_IMAGE QUIET IMPORTED_TARGET SDL2_image)
pkg_check_modules(LP_EXPORT QUIET IMPORTED_TARGET libgif imagequant)
pkg_check_modules(LP_FFMPEG QUIET libavcodec libavformat libswscale libavutil)
# the sandbox's system-call filter (src/app/sandbox_seccomp.c)
pkg_check_modules(SECCOMP  REQUIRED IMPORTED_TARGET libseccomp)

# The reference interpreter is the one looplab embeds: same version, same
# prefix. Search only that prefix (and /usr/bin), never PATH.
if(PY3EMBED_FOUND)
    set(_lp_python_names "python${PY3EMBED_VERSION}")
    set(_lp_python_dirs "${PY3EMBED_PREFIX}/bin" /usr/bin)
else()
    set(_lp_python_names python3)
    set(_lp_python_dirs /usr/bin)
endif()
find_program(LP_PYTHON NAMES ${_lp_python_names} PATHS ${_lp_python_dirs}
             NO_DEFAULT_PATH
             DOC "Python interpreter for the reference runner (must match python3-embed)")

if(LP_PYTHON)
    execute_process(COMMAND "${LP_PYTHON}" -c
                            "import sys; print('%d.%d' % sys.version_info[:2])"
                    OUTPUT_VARIABLE _lp_python_version
                    OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _lp_python_rc)
    if(NOT _lp_python_rc EQUAL 0)
        message(WARNING "looplab: LP_PYTHON=${LP_PYTHON} does not run")
    elseif(PY3EMBED_FOUND AND NOT _lp_python_version STREQUAL PY3EMBED_VERSION)
        message(WARNING "looplab: LP_PYTHON=${LP_PYTHON} is Python ${_lp_python_version} "
                        "but python3-embed is ${PY3EMBED_VERSION}")
    endif()
    message(STATUS "looplab: reference python: ${LP_PYTHON} (${_lp_python_version})")
else()
    message(WARNING "looplab: no system python${PY3EMBED_VERSION} found in "
                    "${_lp_python_dirs}; tests that need LP_PYTHON will fail "
                    "(Debian: apt-get install python3.11)")
endif()

message(STATUS "looplab: cmocka ${CMOCKA_VERSION}, python3-embed ${PY3EMBED_VERSION}, "
               "sdl2 ${SDL2_VERSION}, SDL2_ttf ${SDL2_TTF_VERSION}")

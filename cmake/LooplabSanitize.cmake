# cmake/LooplabSanitize.cmake: compile and link flags for LP_SANITIZE and LP_FUZZ.
#
# Included before any target is declared, so the flags reach every target
# (libraries, looplab, tests, benchmarks) and sanitized code never links
# against unsanitized code of ours.

if(LP_SANITIZE)
    message(STATUS "looplab: LP_SANITIZE=ON (AddressSanitizer + UndefinedBehaviorSanitizer)")
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()

# LP_TSAN: ThreadSanitizer, for the lockstep threads (src/py/gate.c and
# lock.c hand a baton between real OS threads). libpython is not
# instrumented, but its GIL and locks go through pthread, which TSan
# intercepts, so the hand-overs' ordering is seen. Not with LP_SANITIZE.
if(LP_TSAN)
    if(LP_SANITIZE OR LP_FUZZ)
        message(FATAL_ERROR "LP_TSAN cannot be combined with LP_SANITIZE or LP_FUZZ")
    endif()
    message(STATUS "looplab: LP_TSAN=ON (ThreadSanitizer)")
    add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
    add_link_options(-fsanitize=thread)
endif()

# LP_FUZZ: libFuzzer targets, one per fuzz/fuzz_*.c (each defines
# LLVMFuzzerTestOneInput). Everything is instrumented for coverage here;
# the fuzz executables themselves add -fsanitize=fuzzer (CMakeLists.txt).
if(LP_FUZZ)
    if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "LP_FUZZ needs clang: configure a fresh build directory "
                            "with -DCMAKE_C_COMPILER=clang")
    endif()
    message(STATUS "looplab: LP_FUZZ=ON (libFuzzer + ASan + UBSan)")
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()

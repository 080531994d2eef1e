# cmake/LooplabBench.cmake: turns bench/core/*.c into benchmark executables.
#
# lp_add_core_benches("<core sources>")
#   every bench/core/*.c is one program (it has its own main), named after
#   its file with a bench_ prefix added when missing (bench/core/timers.c ->
#   bench_timers). Benchmarks are not ctest tests. They and the copy of the
#   core they link (lpcore_o2) are built with -O2 whatever the build type,
#   so timings mean the same in Debug and Release trees. Code shared between
#   benchmarks goes in a header under bench/core/.

function(lp_add_core_benches core_sources)
    file(GLOB benches CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/bench/core/*.c")
    if(NOT benches)
        return()
    endif()

    if(core_sources)
        add_library(lpcore_o2 STATIC ${core_sources})
        target_include_directories(lpcore_o2 PUBLIC "${CMAKE_SOURCE_DIR}/src")
        target_link_libraries(lpcore_o2 PUBLIC m)
        target_compile_options(lpcore_o2 PRIVATE -O2)
        lp_target_warnings(lpcore_o2)
        set(core lpcore_o2)
    else()
        set(core lpcore)
    endif()

    foreach(src IN LISTS benches)
        get_filename_component(name "${src}" NAME_WE)
        if(NOT name MATCHES "^bench_")
            set(name bench_${name})
        endif()
        add_executable(${name} "${src}")
        target_link_libraries(${name} PRIVATE ${core})
        target_include_directories(${name} PRIVATE "${CMAKE_SOURCE_DIR}/bench")
        target_compile_definitions(${name} PRIVATE _POSIX_C_SOURCE=200809L)
        target_compile_options(${name} PRIVATE -O2)
        lp_target_warnings(${name})
    endforeach()
endfunction()

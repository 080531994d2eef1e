# cmake/LooplabTests.cmake: turns tests/<layer>/test_*.c into ctest tests.
#
# lp_add_test_dir(<layer> LINK <libs...>)
#   - every tests/<layer>/test_*.c becomes the executable <layer>_test_<name>
#     and the ctest test of the same name, labelled <layer>;
#   - every other tests/<layer>/*.c is a helper, compiled once into
#     lptest_<layer> and linked into each test of that layer (no main there);
#   - tests link <libs...> and cmocka, see tests/ and tests/<layer>/ as include
#     directories, get LP_SOURCE_DIR="<source dir>" and _POSIX_C_SOURCE=200809L
#     as compile definitions, run in the source directory, and have LP_PYTHON
#     (the system interpreter, cmake/LooplabDeps.cmake) in their environment.

function(lp_add_test_dir layer)
    cmake_parse_arguments(ARG "" "" "LINK" ${ARGN})
    set(dir "${CMAKE_SOURCE_DIR}/tests/${layer}")

    file(GLOB tests   CONFIGURE_DEPENDS "${dir}/test_*.c")
    file(GLOB helpers CONFIGURE_DEPENDS "${dir}/*.c")
    if(tests)
        list(REMOVE_ITEM helpers ${tests})
    else()
        return()
    endif()
    if(NOT TARGET PkgConfig::CMOCKA)
        message(FATAL_ERROR "tests/${layer} needs cmocka (Debian: libcmocka-dev), "
                            "or configure with -DBUILD_TESTING=OFF")
    endif()

    set(defs LP_SOURCE_DIR="${CMAKE_SOURCE_DIR}" _POSIX_C_SOURCE=200809L)
    set(support "")
    if(helpers)
        set(support lptest_${layer})
        add_library(${support} STATIC ${helpers})
        target_link_libraries(${support} PUBLIC ${ARG_LINK} PkgConfig::CMOCKA)
        target_include_directories(${support} PUBLIC "${dir}" "${CMAKE_SOURCE_DIR}/tests")
        target_compile_definitions(${support} PUBLIC ${defs})
        lp_target_warnings(${support})
    endif()

    foreach(src IN LISTS tests)
        get_filename_component(name "${src}" NAME_WE)
        set(target ${layer}_${name})
        add_executable(${target} "${src}")
        target_link_libraries(${target} PRIVATE ${support} ${ARG_LINK} PkgConfig::CMOCKA)
        target_include_directories(${target} PRIVATE "${dir}" "${CMAKE_SOURCE_DIR}/tests")
        target_compile_definitions(${target} PRIVATE ${defs})
        lp_target_warnings(${target})

        add_test(NAME ${target} COMMAND ${target} WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
        set_tests_properties(${target} PROPERTIES
            LABELS "${layer}"
            ENVIRONMENT "LP_PYTHON=${LP_PYTHON}")
    endforeach()
endfunction()

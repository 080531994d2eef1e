# cmake/LooplabWarnings.cmake: the warning set every looplab target compiles with.
#
# lp_target_warnings(<target>) adds Lua's warning base (minus -Wconversion)
# to <target>, keeping only the flags the compiler understands, and turns
# them into errors when LP_WERROR is ON. Calling an undeclared function is
# always an error: in C11 it silently truncates returned pointers.

include(CheckCCompilerFlag)

set(LP_WARNING_CANDIDATES
    -Wall
    -Wextra
    -Wshadow
    -Wstrict-prototypes
    -Wmissing-prototypes
    -Wold-style-definition
    -Wundef
    -Wdouble-promotion
    -Wpointer-arith
    -Werror=implicit-function-declaration
)

set(LP_WARNING_FLAGS "")
foreach(flag IN LISTS LP_WARNING_CANDIDATES)
    string(MAKE_C_IDENTIFIER "LP_HAS${flag}" var)
    check_c_compiler_flag("${flag}" ${var})
    if(${var})
        list(APPEND LP_WARNING_FLAGS "${flag}")
    endif()
endforeach()
if(LP_WERROR)
    list(APPEND LP_WARNING_FLAGS -Werror)
endif()

function(lp_target_warnings target)
    target_compile_options(${target} PRIVATE ${LP_WARNING_FLAGS})
endfunction()

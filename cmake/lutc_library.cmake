# One static library per folder of compiler/, declared in one line with its dependencies:
#
#   lutc_add_library(lower PUBLIC backend ir logic PRIVATE util Threads::Threads)
#
# builds compiler/lower/*.cpp into `lutc_lower`. A dependency that names a folder of compiler/
# becomes that folder's library; anything else (yaml-cpp, Threads::Threads) is passed through.
# PUBLIC: the folder's headers include the dependency; PRIVATE: only its sources do.
#
# The layering is enforced twice:
# - by the compiler: a library sees only the headers of itself and of what it links, because its
#   include path is `build/include/<folder>/` holding just the link `<folder>` -> compiler/<folder>
#   (so `#include "logic/..."` in ir/ fails to compile: ir does not link logic);
# - by the `fast` test layering/includes (tools/layering.py check), which also rejects headers
#   reached only through a dependency's dependency and PRIVATE dependencies included by headers.
set(LUTC_COMPILER_DIR ${CMAKE_SOURCE_DIR}/compiler)

function(detail_lutc_resolve_deps out)
  set(resolved "")
  foreach(dep ${ARGN})
    if(IS_DIRECTORY ${LUTC_COMPILER_DIR}/${dep})
      list(APPEND resolved lutc_${dep})
    else()
      list(APPEND resolved ${dep})
    endif()
  endforeach()
  set(${out} ${resolved} PARENT_SCOPE)
endfunction()

# Adds the sources of compiler/<folder>/ and links the declared dependencies. `kind` is
# STATIC_LIBRARY or EXECUTABLE.
function(detail_lutc_add_target kind folder target)
  cmake_parse_arguments(PARSE_ARGV 3 arg "" "" "PUBLIC;PRIVATE;SOURCES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "lutc_add_library(${folder}): unexpected ${arg_UNPARSED_ARGUMENTS} (write PUBLIC or PRIVATE before dependencies)")
  endif()
  # CONFIGURE_DEPENDS: a file added to an existing folder is picked up without editing CMake.
  file(GLOB sources CONFIGURE_DEPENDS ${LUTC_COMPILER_DIR}/${folder}/*.cpp ${LUTC_COMPILER_DIR}/${folder}/*.hpp)
  if(kind STREQUAL "EXECUTABLE")
    add_executable(${target} ${sources} ${arg_SOURCES})
  else()
    add_library(${target} STATIC ${sources} ${arg_SOURCES})
    add_library(lutc::${folder} ALIAS ${target})
  endif()
  set(view ${CMAKE_BINARY_DIR}/include/${folder})
  file(MAKE_DIRECTORY ${view})
  file(REMOVE ${view}/${folder})
  file(CREATE_LINK ${LUTC_COMPILER_DIR}/${folder} ${view}/${folder} SYMBOLIC)
  if(kind STREQUAL "EXECUTABLE")
    target_include_directories(${target} PRIVATE ${view})
  else()
    target_include_directories(${target} PUBLIC ${view})
  endif()
  detail_lutc_resolve_deps(public_deps ${arg_PUBLIC})
  detail_lutc_resolve_deps(private_deps ${arg_PRIVATE})
  target_link_libraries(${target} PUBLIC ${public_deps} PRIVATE ${private_deps})
  set_property(GLOBAL APPEND PROPERTY LUTC_DECLARED_FOLDERS ${folder})
endfunction()

function(lutc_add_library folder)
  detail_lutc_add_target(STATIC_LIBRARY ${folder} lutc_${folder} ${ARGN})
  set_property(GLOBAL APPEND PROPERTY LUTC_LIBRARIES lutc_${folder})
endfunction()

# The folder holding `main` (compiler/cli/) becomes the executable `name`.
function(lutc_add_executable name folder)
  detail_lutc_add_target(EXECUTABLE ${folder} ${name} ${ARGN})
endfunction()

# Every folder of compiler/ must be declared: a new folder without a line fails here rather than
# having its sources silently left out of the build.
function(lutc_check_all_folders_declared)
  get_property(declared GLOBAL PROPERTY LUTC_DECLARED_FOLDERS)
  file(GLOB entries LIST_DIRECTORIES true RELATIVE ${LUTC_COMPILER_DIR} ${LUTC_COMPILER_DIR}/*)
  foreach(entry ${entries})
    if(IS_DIRECTORY ${LUTC_COMPILER_DIR}/${entry} AND NOT entry IN_LIST declared)
      message(FATAL_ERROR "compiler/${entry}/ has no library: add `lutc_add_library(${entry} PUBLIC ... PRIVATE ...)` to compiler/CMakeLists.txt")
    endif()
  endforeach()
endfunction()

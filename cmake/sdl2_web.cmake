# SDL2 2.26 compiled from Debian's libsdl2 source package for the Emscripten build.
# Emscripten's -sUSE_SDL=2 port downloads SDL from the network, which this project never does
# (see README, "Build details"); SDL_config.h selects SDL_config_emscripten.h by itself.
set(SDL2_SRC "${CLIENTELE_THIRD_PARTY}/sdl2" CACHE PATH "SDL2 source tree (libsdl2 source package)")
if(NOT EXISTS "${SDL2_SRC}/src/SDL.c")
  message(FATAL_ERROR "SDL2 sources not found in ${SDL2_SRC}: run tools/setup")
endif()

set(_sdl_dirs
  "" atomic audio audio/emscripten audio/dummy audio/disk cpuinfo dynapi events file
  filesystem/emscripten haptic haptic/dummy hidapi joystick joystick/emscripten
  joystick/virtual loadso/dlopen locale locale/emscripten misc misc/emscripten power
  power/emscripten render render/software render/opengles2 sensor sensor/dummy stdlib thread
  thread/generic timer timer/unix video video/emscripten video/dummy video/yuv2rgb)
set(_sdl_sources "")
foreach(_d IN LISTS _sdl_dirs)
  file(GLOB _files "${SDL2_SRC}/src/${_d}/*.c")
  list(APPEND _sdl_sources ${_files})
endforeach()

add_library(sdl2_web STATIC ${_sdl_sources})
# -I (not -isystem): it must win over the SDL 1 headers in emscripten's sysroot include/SDL.
target_include_directories(sdl2_web BEFORE PUBLIC "${SDL2_SRC}/include")
target_include_directories(sdl2_web PRIVATE "${SDL2_SRC}/src")
target_compile_options(sdl2_web PRIVATE -w)
add_library(SDL2::SDL2 ALIAS sdl2_web)

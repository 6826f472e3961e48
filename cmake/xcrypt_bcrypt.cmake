# xcrypt_bcrypt: bcrypt password hashing compiled from libxcrypt's own sources (Debian package
# libxcrypt-source, unpacked in /usr/src/libxcrypt), so the native app and the web page hash and
# verify passwords with the same maintained code. Produces PHP-compatible "$2y$" hashes and also
# verifies "$2b$" and "$2a$" ones.
#
# Defines the static library target xcrypt_bcrypt:
#   * C sources from ${XCRYPT_SOURCE_DIR}/lib, used in place (nothing is copied into our tree):
#       crypt-bcrypt.c                the bcrypt algorithm ($2b$, $2a$, $2y$)
#       crypt.c                       the API entry points crypt_rn and crypt_gensalt_rn
#       util-make-failure-token.c     helpers used by crypt.c
#       util-get-random-bytes.c       (crypt_gensalt_rn's own entropy when given none)
#       util-xbzero.c                 (explicit_bzero fallback; empty where libc has one)
#   * the headers that libxcrypt's configure and Makefile generate, written at configure time into
#     ${CMAKE_CURRENT_BINARY_DIR}/xcrypt_bcrypt. libxcrypt-source does not ship the perl
#     generators of build-aux/scripts (nor build-aux at all), so minimal equivalents follow:
#       include/crypt.h              from lib/crypt.h.in, as gen-crypt-h does (PUBLIC)
#       private/config.h             the configure results these sources use (checked here)
#       private/crypt-hashes.h       from lib/hashes.conf, as gen-crypt-hashes-h does, with only
#                                    the bcrypt family enabled (bcrypt, bcrypt_a, bcrypt_y)
#       private/crypt-symbol-vers.h  from lib/libcrypt.map.in, as gen-crypt-symbol-vers-h does
#                                    for a static library: no symbol versioning, only
#                                    crypt_rn and crypt_gensalt_rn compiled in
#   * every global symbol is renamed to clientele_xcrypt_* by compile definitions: PUBLIC for
#     crypt_rn and crypt_gensalt_rn (so the declarations callers see in crypt.h follow), PRIVATE
#     for libxcrypt's internal _crypt_* names. Nothing can then clash with, or be interposed by,
#     the system's libcrypt (libcrypt.so.1 or libcrypt.a) should a dependency bring it in; we
#     never link -lcrypt.
#   * compiled with its own flags: -O2 whatever the build type (bcrypt is deliberately slow; a
#     Debug build must not make it several times slower) and -w (no warnings, so no -Werror
#     from anywhere can break on third-party code).
include_guard(GLOBAL)

set(XCRYPT_SOURCE_DIR "/usr/src/libxcrypt" CACHE PATH
    "libxcrypt source tree (Debian package libxcrypt-source)")

function(_xcrypt_bcrypt_write path content)
  # Rewrite only when the content changes, so a re-configure does not rebuild everything.
  if(EXISTS "${path}")
    file(READ "${path}" _old)
    if(_old STREQUAL content)
      return()
    endif()
  endif()
  file(WRITE "${path}" "${content}")
endfunction()

function(_xcrypt_bcrypt_setup)
  set(src "${XCRYPT_SOURCE_DIR}")
  set(lib "${src}/lib")
  set(gen "${CMAKE_CURRENT_BINARY_DIR}/xcrypt_bcrypt")
  set(prefix "clientele_xcrypt_") # prefix of every global symbol of the library

  # The bcrypt family as named in lib/hashes.conf. bcrypt_x ($2x$, the compatibility mode for
  # the pre-2011 sign-extension bug) is left out: it must never be used.
  set(hashes bcrypt bcrypt_a bcrypt_y)
  # Public functions compiled in, as named in lib/libcrypt.map.in.
  set(api crypt_rn crypt_gensalt_rn)
  set(sources crypt.c crypt-bcrypt.c util-make-failure-token.c util-get-random-bytes.c
              util-xbzero.c)
  set(internal make_failure_token get_random_bytes explicit_bzero strcpy_or_abort ascii64)

  foreach(f configure.ac lib/hashes.conf lib/libcrypt.map.in lib/crypt.h.in lib/crypt-port.h)
    if(NOT EXISTS "${src}/${f}")
      message(FATAL_ERROR "xcrypt_bcrypt: ${src}/${f} not found. Install Debian's "
                          "libxcrypt-source package or set XCRYPT_SOURCE_DIR.")
    endif()
  endforeach()
  foreach(f IN LISTS sources)
    if(NOT EXISTS "${lib}/${f}")
      message(FATAL_ERROR "xcrypt_bcrypt: ${lib}/${f} not found (unexpected libxcrypt layout)")
    endif()
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    "${src}/configure.ac" "${lib}/hashes.conf" "${lib}/libcrypt.map.in" "${lib}/crypt.h.in")

  get_property(langs GLOBAL PROPERTY ENABLED_LANGUAGES)
  if(NOT "C" IN_LIST langs)
    enable_language(C)
  endif()
  if(NOT CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "xcrypt_bcrypt: libxcrypt needs GCC or Clang (got ${CMAKE_C_COMPILER_ID})")
  endif()

  # --- version, from AC_INIT in configure.ac --------------------------------------------------
  file(STRINGS "${src}/configure.ac" _init REGEX "^[ \t]*\\[[0-9]+\\.[0-9]+\\.[0-9]+\\],")
  if(NOT _init MATCHES "\\[(([0-9]+)\\.([0-9]+)\\.[0-9]+)\\]")
    message(FATAL_ERROR "xcrypt_bcrypt: no version found in ${src}/configure.ac")
  endif()
  set(XCRYPT_VERSION_STR "${CMAKE_MATCH_1}")
  set(XCRYPT_VERSION_MAJOR "${CMAKE_MATCH_2}")
  set(XCRYPT_VERSION_MINOR "${CMAKE_MATCH_3}")

  # --- config.h: the configure checks that matter to the sources compiled here ----------------
  include(CheckIncludeFile)
  include(CheckSymbolExists)
  include(CheckCSourceCompiles)
  include(CMakePushCheckState)
  cmake_push_check_state(RESET)
  set(CMAKE_REQUIRED_QUIET ON)
  # What AC_USE_SYSTEM_EXTENSIONS puts at the top of config.h (and so into every check).
  set(sysext _ALL_SOURCE _DARWIN_C_SOURCE _GNU_SOURCE _NETBSD_SOURCE _OPENBSD_SOURCE
             _POSIX_PTHREAD_SEMANTICS _TANDEM_SOURCE __EXTENSIONS__)
  list(TRANSFORM sysext PREPEND "-D" OUTPUT_VARIABLE CMAKE_REQUIRED_DEFINITIONS)

  set(defs "") # lines of config.h
  macro(_xcrypt_define name have)
    if(${have})
      string(APPEND defs "#define ${name} 1\n")
    else()
      string(APPEND defs "/* #undef ${name} */\n")
    endif()
  endmacro()

  foreach(h stdbool.h stdint.h inttypes.h)
    string(MAKE_C_IDENTIFIER "XCRYPT_HAVE_${h}" var)
    string(TOUPPER "${var}" var)
    check_include_file("${h}" ${var})
    if(NOT ${var})
      message(FATAL_ERROR "xcrypt_bcrypt: a C99 runtime library is required (no <${h}>)")
    endif()
  endforeach()
  set(fn_headers "")
  foreach(h endian.h fcntl.h sys/cdefs.h sys/endian.h sys/param.h sys/random.h sys/stat.h
            sys/syscall.h sys/types.h unistd.h)
    string(MAKE_C_IDENTIFIER "HAVE_${h}" name)
    string(TOUPPER "${name}" name)
    check_include_file("${h}" XCRYPT_${name})
    _xcrypt_define(${name} XCRYPT_${name})
    if(XCRYPT_${name} AND h MATCHES "^(unistd|sys/random)\\.h$")
      list(APPEND fn_headers "${h}")
    endif()
  endforeach()

  # Functions (AC_CHECK_FUNCS_ONCE in configure.ac), with the headers the sources include.
  foreach(fn_hdr arc4random_buf:stdlib.h explicit_bzero:string.h explicit_memset:string.h
                 getentropy: getrandom: memset_s:string.h syscall:)
    string(REPLACE ":" ";" fn_hdr "${fn_hdr}")
    list(GET fn_hdr 0 fn)
    list(GET fn_hdr 1 hdr)
    set(hdrs ${hdr})
    if(NOT hdrs)
      set(hdrs ${fn_headers})
    endif()
    string(TOUPPER "HAVE_${fn}" name)
    if(hdrs)
      check_symbol_exists(${fn} "${hdrs}" XCRYPT_${name})
    endif()
    _xcrypt_define(${name} XCRYPT_${name})
  endforeach()

  if(XCRYPT_HAVE_SYS_CDEFS_H)
    check_c_source_compiles("#include <sys/cdefs.h>
      __BEGIN_DECLS
      extern int foo(void);
      __END_DECLS
      int main(void) { return 0; }" XCRYPT_HAVE_SYS_CDEFS_BEGIN_END_DECLS)
    check_c_source_compiles("#include <sys/cdefs.h>
      extern void foo(void) __THROW;
      int main(void) { return 0; }" XCRYPT_HAVE_SYS_CDEFS_THROW)
  endif()
  _xcrypt_define(HAVE_SYS_CDEFS_BEGIN_END_DECLS XCRYPT_HAVE_SYS_CDEFS_BEGIN_END_DECLS)
  _xcrypt_define(HAVE_SYS_CDEFS_THROW XCRYPT_HAVE_SYS_CDEFS_THROW)

  check_c_source_compiles("#include <stddef.h>
    int main(void) { max_align_t m; (void)m; return 0; }" XCRYPT_HAVE_MAX_ALIGN_T)
  _xcrypt_define(HAVE_MAX_ALIGN_T XCRYPT_HAVE_MAX_ALIGN_T)
  check_c_source_compiles("#include <assert.h>
    static_assert(1, \"ok\");
    int main(void) { return 0; }" XCRYPT_HAVE_STATIC_ASSERT_IN_ASSERT_H)
  _xcrypt_define(HAVE_STATIC_ASSERT_IN_ASSERT_H XCRYPT_HAVE_STATIC_ASSERT_IN_ASSERT_H)
  check_c_source_compiles("_Static_assert(1, \"ok\");
    int main(void) { return 0; }" XCRYPT_HAVE__STATIC_ASSERT)
  _xcrypt_define(HAVE__STATIC_ASSERT XCRYPT_HAVE__STATIC_ASSERT)

  # zw_C_ALIGNAS / zw_C_ALIGNOF: C11 keywords, else GCC attributes.
  check_c_source_compiles("int main(void) { _Alignas(8) int x = 0; return x + (int)_Alignof(double); }"
                          XCRYPT_HAVE_C11_ALIGNAS)
  if(XCRYPT_HAVE_C11_ALIGNAS)
    string(APPEND defs "#define alignas(n) _Alignas(n)\n#define alignof(x) _Alignof(x)\n")
  else()
    string(APPEND defs
      "#define alignas(n) __attribute__((__aligned__(n)))\n#define alignof(x) __alignof(x)\n")
  endif()

  # zw_C_ENDIANNESS: preprocessor expressions evaluated by the compiler, as configure does.
  check_c_source_compiles("#if !defined __BYTE_ORDER__ || !defined __ORDER_BIG_ENDIAN__
    #error no byte order macros
    #elif !defined __ORDER_LITTLE_ENDIAN__ || __ORDER_BIG_ENDIAN__ == __ORDER_LITTLE_ENDIAN__
    #error no byte order macros
    #endif
    int main(void) { return 0; }" XCRYPT_HAVE_BYTE_ORDER_MACROS)
  if(XCRYPT_HAVE_BYTE_ORDER_MACROS)
    string(APPEND defs
      "#define ENDIANNESS_IS_BIG (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)\n"
      "#define ENDIANNESS_IS_LITTLE (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)\n"
      "#define ENDIANNESS_IS_PDP (__BYTE_ORDER__ == __ORDER_PDP_ENDIAN__)\n")
  elseif(CMAKE_C_BYTE_ORDER STREQUAL "BIG_ENDIAN")
    string(APPEND defs "#define ENDIANNESS_IS_BIG 1\n#define ENDIANNESS_IS_LITTLE 0\n"
                       "#define ENDIANNESS_IS_PDP 0\n")
  elseif(CMAKE_C_BYTE_ORDER STREQUAL "LITTLE_ENDIAN")
    string(APPEND defs "#define ENDIANNESS_IS_BIG 0\n#define ENDIANNESS_IS_LITTLE 1\n"
                       "#define ENDIANNESS_IS_PDP 0\n")
  else()
    message(FATAL_ERROR "xcrypt_bcrypt: unable to determine the byte order")
  endif()
  cmake_pop_check_state()

  set(config_h "/* config.h for libxcrypt ${XCRYPT_VERSION_STR}: generated by cmake/xcrypt_bcrypt.cmake
   in place of configure.  DO NOT EDIT.  */

#ifndef _CRYPT_CONFIG_H
#define _CRYPT_CONFIG_H 1

#define PACKAGE \"libxcrypt\"
#define PACKAGE_NAME \"xcrypt\"
#define PACKAGE_TARNAME \"libxcrypt\"
#define PACKAGE_VERSION \"${XCRYPT_VERSION_STR}\"
#define PACKAGE_STRING \"xcrypt ${XCRYPT_VERSION_STR}\"
#define VERSION \"${XCRYPT_VERSION_STR}\"

/* AC_USE_SYSTEM_EXTENSIONS */
")
  foreach(m IN LISTS sysext)
    string(APPEND config_h "#ifndef ${m}\n# define ${m} 1\n#endif\n")
  endforeach()
  string(APPEND config_h "
/* Checked when configuring the build.  */
${defs}
/* Options: the static library, no obsolete APIs (no symbol versioning, no DES), failure tokens
   as in the default configuration.  */
#define ENABLE_FAILURE_TOKENS 1
#define ENABLE_OBSOLETE_API 0
#define ENABLE_OBSOLETE_API_ENOSYS 0
#define HAVE_SYMVER 0
#define SYMVER_FLOOR XCRYPT_2.0

#endif /* config.h */
")
  _xcrypt_bcrypt_write("${gen}/private/config.h" "${config_h}")

  # --- crypt-hashes.h, from lib/hashes.conf ----------------------------------------------------
  file(STRINGS "${lib}/hashes.conf" conf_lines REGEX "^[a-z]")
  set(all_names "")
  set(default_prefix "")
  foreach(line IN LISTS conf_lines)
    if(NOT line MATCHES "^([a-z0-9_]+)[ \t]+([^ \t]+)[ \t]+([0-9]+)[ \t]+([^ \t]+)")
      message(FATAL_ERROR "xcrypt_bcrypt: cannot parse ${lib}/hashes.conf line: ${line}")
    endif()
    set(name "${CMAKE_MATCH_1}")
    set(pfx "${CMAKE_MATCH_2}")
    set(nrbytes "${CMAKE_MATCH_3}")
    set(flags "${CMAKE_MATCH_4}")
    if(pfx STREQUAL ":")
      set(pfx "")
    endif()
    list(APPEND all_names ${name})
    set(prefix_${name} "${pfx}")
    set(nrbytes_${name} "${nrbytes}")
    set(strong_${name} 0)
    if(flags MATCHES "(^|,)STRONG(,|$)")
      set(strong_${name} 1)
    endif()
    if(name IN_LIST hashes AND flags MATCHES "(^|,)DEFAULT(,|$)" AND default_prefix STREQUAL "")
      set(default_prefix "${pfx}")
    endif()
  endforeach()
  foreach(name IN LISTS hashes)
    if(NOT name IN_LIST all_names)
      message(FATAL_ERROR "xcrypt_bcrypt: hash ${name} not in ${lib}/hashes.conf")
    endif()
  endforeach()

  set(hashes_h "/* Generated by cmake/xcrypt_bcrypt.cmake from hashes.conf.  DO NOT EDIT.  */

#ifndef _CRYPT_HASHES_H
#define _CRYPT_HASHES_H 1

")
  set(sorted_names ${all_names})
  list(SORT sorted_names)
  foreach(name IN LISTS sorted_names)
    set(on 0)
    if(name IN_LIST hashes)
      set(on 1)
    endif()
    string(APPEND hashes_h "#define INCLUDE_${name} ${on}\n")
  endforeach()
  string(APPEND hashes_h "\n/* Internal symbol renames for static linkage, see crypt-port.h.  */\n")
  foreach(name IN LISTS hashes)
    string(APPEND hashes_h "#define crypt_${name}_rn _crypt_crypt_${name}_rn\n"
                           "#define gensalt_${name}_rn _crypt_gensalt_${name}_rn\n")
  endforeach()
  string(APPEND hashes_h "\n/* Prototypes for hash algorithm entry points.  */\n")
  foreach(name IN LISTS hashes)
    string(APPEND hashes_h
      "extern void crypt_${name}_rn (const char *, size_t, const char *,\n"
      "                size_t, uint8_t *, size_t, void *, size_t);\n"
      "extern void gensalt_${name}_rn (unsigned long,\n"
      "                const uint8_t *, size_t, uint8_t *, size_t);\n\n")
  endforeach()
  # Table order: longest prefix first, then alphabetical (the empty DES prefix must be last).
  set(table_keys "")
  foreach(name IN LISTS hashes)
    string(LENGTH "${prefix_${name}}" len)
    math(EXPR inv "100 - ${len}")
    list(APPEND table_keys "${inv}|${prefix_${name}}|${name}")
  endforeach()
  list(SORT table_keys)
  string(APPEND hashes_h "#define HASH_ALGORITHM_TABLE_ENTRIES \\\n")
  set(methods "")
  foreach(key IN LISTS table_keys)
    string(REGEX REPLACE "^.*\\|" "" name "${key}")
    string(LENGTH "${prefix_${name}}" len)
    string(APPEND hashes_h "  { \"${prefix_${name}}\", ${len}, crypt_${name}_rn, "
                           "gensalt_${name}_rn, ${nrbytes_${name}}, ${strong_${name}} }, \\\n")
  endforeach()
  string(APPEND hashes_h "  { 0, 0, 0, 0, 0, 0 }\n")
  if(NOT default_prefix STREQUAL "")
    string(APPEND hashes_h "\n#define HASH_ALGORITHM_DEFAULT \"${default_prefix}\"\n")
  endif()
  set(sorted_hashes ${hashes})
  list(SORT sorted_hashes)
  set(methods "")
  foreach(name IN LISTS sorted_hashes)
    if(NOT methods STREQUAL "")
      string(APPEND methods ";\" \\\n  \"")
    endif()
    string(APPEND methods "${name}:${prefix_${name}}")
  endforeach()
  string(APPEND hashes_h "\n#define SUPPORTED_HASH_METHODS \\\n  \"${methods}\"\n"
                         "#endif /* crypt-hashes.h */\n")
  _xcrypt_bcrypt_write("${gen}/private/crypt-hashes.h" "${hashes_h}")

  # --- crypt-symbol-vers.h, from lib/libcrypt.map.in ---------------------------------------
  file(STRINGS "${lib}/libcrypt.map.in" map_lines REGEX "^[a-z_]")
  set(vers_h "/* Generated by cmake/xcrypt_bcrypt.cmake from libcrypt.map.in.  DO NOT EDIT.  */

#ifndef _CRYPT_SYMBOL_VERS_H
#define _CRYPT_SYMBOL_VERS_H 1

/* For each public symbol <sym>, INCLUDE_<sym> is true if it is compiled in.  This static
   library has no symbol versioning, no compatibility-only symbols, and only the functions
   Clientele calls.  */
")
  set(symbols "")
  foreach(line IN LISTS map_lines)
    if(NOT line MATCHES "^([a-z_0-9]+)[ \t]+([^ \t]+)")
      message(FATAL_ERROR "xcrypt_bcrypt: cannot parse ${lib}/libcrypt.map.in line: ${line}")
    endif()
    set(sym "${CMAKE_MATCH_1}")
    list(APPEND symbols ${sym})
    set(on 0)
    if(sym IN_LIST api)
      if(CMAKE_MATCH_2 STREQUAL "-")
        message(FATAL_ERROR "xcrypt_bcrypt: ${sym} is a compatibility-only symbol")
      endif()
      set(on 1)
    endif()
    string(APPEND vers_h "#define INCLUDE_${sym} ${on}\n")
  endforeach()
  foreach(sym IN LISTS api)
    if(NOT sym IN_LIST symbols)
      message(FATAL_ERROR "xcrypt_bcrypt: ${sym} not in ${lib}/libcrypt.map.in")
    endif()
  endforeach()
  string(APPEND vers_h "\n")
  foreach(sym IN LISTS symbols)
    string(APPEND vers_h "#define SYMVER_${sym} symver_nop()\n")
  endforeach()
  string(APPEND vers_h "\n#endif /* crypt-symbol-vers.h */\n")
  _xcrypt_bcrypt_write("${gen}/private/crypt-symbol-vers.h" "${vers_h}")

  # --- crypt.h, from lib/crypt.h.in ---------------------------------------------------------
  set(BEGIN_DECLS "")
  if(XCRYPT_HAVE_SYS_CDEFS_H)
    string(APPEND BEGIN_DECLS "#include <sys/cdefs.h>\n")
  endif()
  if(NOT XCRYPT_HAVE_SYS_CDEFS_THROW)
    string(APPEND BEGIN_DECLS "#define __THROW /* nothing */\n")
  endif()
  string(APPEND BEGIN_DECLS "\n")
  if(XCRYPT_HAVE_SYS_CDEFS_BEGIN_END_DECLS)
    string(APPEND BEGIN_DECLS "__BEGIN_DECLS")
    set(END_DECLS "__END_DECLS")
  else()
    string(APPEND BEGIN_DECLS "#ifdef __cplusplus\nextern \"C\" {\n#endif")
    set(END_DECLS "#ifdef __cplusplus\n} /* extern \"C\" */\n#endif")
  endif()
  set(DEFAULT_PREFIX_ENABLED 0)
  if(NOT default_prefix STREQUAL "")
    set(DEFAULT_PREFIX_ENABLED 1)
  endif()
  file(READ "${lib}/crypt.h.in" crypt_h)
  foreach(var BEGIN_DECLS END_DECLS DEFAULT_PREFIX_ENABLED XCRYPT_VERSION_MAJOR
              XCRYPT_VERSION_MINOR XCRYPT_VERSION_STR)
    string(REPLACE "@${var}@" "${${var}}" crypt_h "${crypt_h}")
  endforeach()
  if(crypt_h MATCHES "@[A-Z0-9_]+@")
    message(FATAL_ERROR "xcrypt_bcrypt: no substitution for ${CMAKE_MATCH_0} in crypt.h.in")
  endif()
  _xcrypt_bcrypt_write("${gen}/include/crypt.h" "${crypt_h}")

  # --- the library ---------------------------------------------------------------------------
  list(TRANSFORM sources PREPEND "${lib}/")
  add_library(xcrypt_bcrypt STATIC ${sources})
  target_include_directories(xcrypt_bcrypt
    PUBLIC "${gen}/include"
    PRIVATE "${gen}/private" "${lib}")
  set(public_renames "")
  foreach(sym IN LISTS api)
    list(APPEND public_renames "${sym}=${prefix}${sym}")
  endforeach()
  set(private_renames "")
  foreach(sym IN LISTS internal)
    list(APPEND private_renames "_crypt_${sym}=${prefix}${sym}")
  endforeach()
  foreach(name IN LISTS hashes)
    list(APPEND private_renames "_crypt_crypt_${name}_rn=${prefix}crypt_${name}_rn"
                                "_crypt_gensalt_${name}_rn=${prefix}gensalt_${name}_rn")
  endforeach()
  target_compile_definitions(xcrypt_bcrypt
    PUBLIC ${public_renames}
    PRIVATE HAVE_CONFIG_H IN_LIBCRYPT ${private_renames})
  target_compile_options(xcrypt_bcrypt PRIVATE -O2 -w)
  set_target_properties(xcrypt_bcrypt PROPERTIES C_STANDARD 11 C_EXTENSIONS ON
                                                 C_VISIBILITY_PRESET hidden)

  string(REPLACE ";" ", " _h "${hashes}")
  message(STATUS "xcrypt_bcrypt: libxcrypt ${XCRYPT_VERSION_STR} from ${src} (${_h})")
endfunction()

_xcrypt_bcrypt_setup()

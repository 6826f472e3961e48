# clientele_embed(TARGET NAME FILE SYMBOL): compiles FILE into TARGET as
#   extern const unsigned char SYMBOL[]; extern const unsigned long SYMBOL_size;
# so fonts and translation catalogues travel inside the binary and the wasm alike.
function(clientele_embed target file symbol)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol}
            -P "${CLIENTELE_CMAKE_DIR}/embed_file.cmake"
    DEPENDS "${file}" "${CLIENTELE_CMAKE_DIR}/embed_file.cmake"
    COMMENT "Embedding ${symbol}")
  target_sources(${target} PRIVATE "${out}")
endfunction()

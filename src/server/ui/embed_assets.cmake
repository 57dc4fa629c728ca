# Turns the web UI's files into a C++ source of string constants (see ui_assets.h).
# Run at build time as:
#   cmake -DASSET_DIR=<dir> -DASSET_NAMES=<a.html,b.js,...> -DOUT=<file.cc> -P embed_assets.cmake
# Each file becomes one string literal of \xNN escapes (binary-safe; its length is given
# explicitly), with its content type from the extension and an ETag from its SHA-256.
cmake_minimum_required(VERSION 3.25)

foreach(var ASSET_DIR ASSET_NAMES OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_assets.cmake: -D${var}=... is required")
  endif()
endforeach()

function(content_type_for name out)
  get_filename_component(ext "${name}" LAST_EXT)
  string(TOLOWER "${ext}" ext)
  set(types_.html "text/html; charset=utf-8")
  set(types_.js "text/javascript; charset=utf-8")
  set(types_.css "text/css; charset=utf-8")
  set(types_.svg "image/svg+xml")
  set(types_.png "image/png")
  set(types_.json "application/json")
  set(types_.txt "text/plain; charset=utf-8")
  if(DEFINED types_${ext})
    set(${out} "${types_${ext}}" PARENT_SCOPE)
  else()
    set(${out} "application/octet-stream" PARENT_SCOPE)
  endif()
endfunction()

string(REPLACE "," ";" names "${ASSET_NAMES}")
list(SORT names)
set(decls "")
set(table "")
set(i 0)
foreach(name IN LISTS names)
  set(path "${ASSET_DIR}/${name}")
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "embed_assets.cmake: ${path} does not exist")
  endif()
  file(SIZE "${path}" size)
  file(READ "${path}" hex HEX)
  file(SHA256 "${path}" sha)
  string(SUBSTRING "${sha}" 0 20 etag)
  content_type_for("${name}" type)
  # 3c21 -> \x3c\x21, then a line break every 32 bytes.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
  string(REGEX REPLACE "((\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f]))"
         "\\1\"\n    \"" escaped "${escaped}")
  string(APPEND decls "// ${name}: ${size} bytes\nconstexpr char kAsset${i}[] =\n    \"${escaped}\";\n")
  string(APPEND table "    {\"${name}\", \"${type}\", \"\\\"${etag}\\\"\", std::string_view(kAsset${i}, ${size})},\n")
  math(EXPR i "${i} + 1")
endforeach()

set(text "// Generated at build time by src/server/ui/embed_assets.cmake from src/server/ui/; do not edit.
#include \"server/ui/ui_assets.h\"

namespace chorus::server::ui {
namespace {

${decls}
constexpr Asset kAssets[] = {
${table}};

}  // namespace

std::span<const Asset> assets() { return kAssets; }

}  // namespace chorus::server::ui
")
# Only rewrite when the text changed, so that an unchanged UI does not recompile.
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE "${OUT}" "${text}")
endif()

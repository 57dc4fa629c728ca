# Embeds the web UI's files into chorus_server_core (included from src/server/CMakeLists.txt
# after that target is defined). The C++ source is generated at build time by
# embed_assets.cmake and regenerated whenever a UI file or the script changes.
set(CHORUS_UI_DIR ${CMAKE_CURRENT_LIST_DIR})
file(GLOB CHORUS_UI_FILES CONFIGURE_DEPENDS RELATIVE ${CHORUS_UI_DIR}
     ${CHORUS_UI_DIR}/*.html ${CHORUS_UI_DIR}/*.js ${CHORUS_UI_DIR}/*.css)
list(SORT CHORUS_UI_FILES)
list(JOIN CHORUS_UI_FILES "," CHORUS_UI_NAMES)
list(TRANSFORM CHORUS_UI_FILES PREPEND ${CHORUS_UI_DIR}/ OUTPUT_VARIABLE CHORUS_UI_PATHS)
set(CHORUS_UI_OUT ${CMAKE_CURRENT_BINARY_DIR}/ui/ui_assets_data.cc)
add_custom_command(
  OUTPUT ${CHORUS_UI_OUT}
  COMMAND ${CMAKE_COMMAND} -DASSET_DIR=${CHORUS_UI_DIR} -DASSET_NAMES=${CHORUS_UI_NAMES}
          -DOUT=${CHORUS_UI_OUT} -P ${CHORUS_UI_DIR}/embed_assets.cmake
  DEPENDS ${CHORUS_UI_PATHS} ${CHORUS_UI_DIR}/embed_assets.cmake
  COMMENT "Embedding the web UI (${CHORUS_UI_NAMES})"
  VERBATIM)
target_sources(chorus_server_core PRIVATE ${CHORUS_UI_OUT})

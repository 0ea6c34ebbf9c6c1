# Installation layout, desktop integration and the Debian package (see packaging/test-deb.sh).
# Configure with -DCMAKE_INSTALL_PREFIX=/usr for the package, so that GNUInstallDirs picks the
# multiarch library folder (/usr/lib/x86_64-linux-gnu) and /usr/share/man:
#   bin/persona-studio, bin/persona-cli                 (stripped by cpack)
#   lib/<multiarch>/persona-studio/libpersona_spshim.so (core/CMakeLists.txt)
#   share/persona-studio/models, personas               the demo data, found by bundledModelDir()
#   share/applications, metainfo, mime/packages, icons/hicolor, man/man1, doc/persona-studio
# The translations are compiled into persona-studio (ui/CMakeLists.txt), so none are installed.
set(PERSONA_APP_ID io.github.persona_studio.PersonaStudio)

# ---- data found at run time ------------------------------------------------------------------
# persona::bundledModelDir() looks in <exe>/../share/persona-studio/models first.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/models/ DESTINATION ${CMAKE_INSTALL_DATADIR}/persona-studio/models
        PATTERN "README.md" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/personas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/persona-studio/personas
        PATTERN "README.md" EXCLUDE)

# ---- desktop integration ---------------------------------------------------------------------
if(PERSONA_BUILD_UI)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/${PERSONA_APP_ID}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/${PERSONA_APP_ID}.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/persona-studio-mime.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME persona-studio.xml)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/icons/persona-studio.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  foreach(size 16 24 32 48 64 128 256 512)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/icons/persona-studio-${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME persona-studio.png)
  endforeach()
endif()

# ---- man pages, generated from the programs' --help (cmake/ManPage.cmake) -------------------
find_program(PERSONA_GZIP gzip REQUIRED)
set(persona_man_dir ${CMAKE_BINARY_DIR}/man)
function(persona_man_page target summary recurse)
  set(page ${persona_man_dir}/${target}.1.gz)
  set(extra ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/man/${target}.sections.roff)
  add_custom_command(OUTPUT ${page}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${persona_man_dir}
    # persona-studio builds a QApplication before it reads --help: no display needed for that.
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
            ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> -DNAME=${target}
            "-DSUMMARY=${summary}" -DEXTRA=${extra} -DRECURSE=${recurse} -DGZIP=${PERSONA_GZIP}
            -DOUTPUT=${page} -P ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
    DEPENDS ${target} ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake ${extra}
    COMMENT "Man page ${target}(1) from its --help" VERBATIM)
  add_custom_target(${target}_man ALL DEPENDS ${page})
  install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endfunction()
persona_man_page(persona-cli "Persona Studio on the command line: models, personas, chats, training" ON)
if(PERSONA_BUILD_UI)
  persona_man_page(persona-studio "author persona chatbots and test them live" OFF)
endif()

# ---- documentation the package must carry ------------------------------------------------------
# Debian's changelog format, compressed without a time stamp (a native package: changelog.gz).
set(persona_changelog ${CMAKE_BINARY_DIR}/doc/changelog.gz)
add_custom_command(OUTPUT ${persona_changelog}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/doc
  COMMAND ${PERSONA_GZIP} -9nc ${CMAKE_CURRENT_LIST_DIR}/changelog > ${persona_changelog}
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/changelog
  COMMENT "Compressing the changelog")
add_custom_target(persona_changelog ALL DEPENDS ${persona_changelog})
# (CMAKE_INSTALL_DOCDIR would be share/doc/PersonaStudio, after the CMake project name.)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright ${persona_changelog}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/persona-studio)


# ---- the .deb (and a .tar.gz) ------------------------------------------------------------------
set(CPACK_PACKAGE_NAME persona-studio)
set(CPACK_PACKAGE_VENDOR "Persona Studio")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "Persona Studio developers <persona-studio@users.noreply.github.com>")
set(CPACK_GENERATOR TGZ DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/persona-studio/persona-studio")
# The shared libraries the binaries (and the dlopen()ed shim) link, from dpkg-shlibdeps; plus what
# only run time shows: OpenBLAS for libtorch's matrix products, Qt's platform plugins.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp, qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# The control file's Description: the summary line, then this file (CPackDeb indents it; CPack
# 3.25 writes an apostrophe in it as &apos;, so the file has none).
set(CPACK_PACKAGE_DESCRIPTION_FILE ${CMAKE_CURRENT_LIST_DIR}/description.txt)
include(CPack)

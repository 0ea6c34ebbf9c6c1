# Desktop integration and packages (`cpack -G DEB` in the build folder).
if(PERSONA_BUILD_UI)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/persona-studio.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
endif()

set(CPACK_PACKAGE_NAME persona-studio)
set(CPACK_PACKAGE_VENDOR "Persona Studio")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "Persona Studio developers")
set(CPACK_GENERATOR TGZ DEB)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)

# The bundled demo models and personas, found at run time by persona::bundledModelDir()
# (<exe>/../share/persona-studio/models/<name>).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/models/ DESTINATION ${CMAKE_INSTALL_DATADIR}/persona-studio/models
        PATTERN "README.md" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/personas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/persona-studio/personas)

# Version check for find_package(tsbind <version> CONFIG). The version is the
# npm package's, read from package.json so that there is one place to bump it.
file(READ "${CMAKE_CURRENT_LIST_DIR}/../package.json" _tsbind_package_json)
string(JSON PACKAGE_VERSION GET "${_tsbind_package_json}" version)
string(REGEX MATCH "^[0-9]+" _tsbind_major "${PACKAGE_VERSION}")
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION OR NOT PACKAGE_FIND_VERSION_MAJOR EQUAL _tsbind_major)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()

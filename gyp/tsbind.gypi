# tsbind's compile settings for node-gyp: what the CMake package's
# tsbind_add_module() gives a module, for the core and every target that
# depends on tsbind.gyp:tsbind (it passes them on as direct_dependent_settings).
#
# node-gyp's defaults (node's common.gypi) turn C++ exceptions and RTTI off;
# tsbind needs both: C++ exceptions become JS errors, and classes are matched
# by typeid. Relative paths are relative to this file.
{
  'include_dirs': [
    '../include',
    "<!(node -p \"require('tsbind/gyp').node_api_include_dir\")",
  ],
  'defines': [
    'NAPI_VERSION=8',
  ],
  'cflags!': ['-fno-exceptions'],
  'cflags_cc!': ['-fno-exceptions', '-fno-rtti'],
  'cflags_cc': [
    '-std=gnu++17',
    '-fexceptions',
    '-frtti',
    '-fvisibility=hidden',
    '-fvisibility-inlines-hidden',
  ],
  'conditions': [
    ['OS=="mac"', {
      'xcode_settings': {
        'CLANG_CXX_LANGUAGE_STANDARD': 'gnu++17',
        'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
        'GCC_ENABLE_CPP_RTTI': 'YES',
        'GCC_SYMBOLS_PRIVATE_EXTERN': 'YES',
        'GCC_INLINES_ARE_PRIVATE_EXTERN': 'YES',
      },
    }],
    ['OS=="win"', {
      'defines': ['_HAS_EXCEPTIONS=1'],
      'defines!': ['_HAS_EXCEPTIONS=0'],
      'msvs_settings': {
        'VCCLCompilerTool': {
          'ExceptionHandling': 1,  # /EHsc
          'RuntimeTypeInfo': 'true',  # /GR
          'AdditionalOptions': ['/std:c++17'],
        },
      },
    }],
    ['OS!="win" and OS!="mac"', {
      # Each function in its own section, so that the linker drops what the module never calls.
      'cflags': ['-ffunction-sections', '-fdata-sections'],
      'ldflags': ['-Wl,--gc-sections'],
    }],
  ],
}

# tsbind for node-gyp: the static library of tsbind's core (src/core/*.cpp).
# A binding.gyp target depends on it and gets tsbind's headers, the Node-API
# headers and the compile settings of tsbind.gypi with it:
#
#   'dependencies': ["<!(node -p \"require('tsbind/gyp').target\")"],
{
  'targets': [
    {
      'target_name': 'tsbind',
      'type': 'static_library',
      # node-gyp adds its Windows delay-load hook to every target; it belongs in the module alone.
      'win_delay_load_hook': 'false',
      'sources': ["<!@(node -p \"require('tsbind/gyp').core_sources\")"],
      'includes': ['tsbind.gypi'],
      'conditions': [
        ['OS!="win" and OS!="mac"', {
          # Linked into a shared module.
          'cflags': ['-fPIC'],
        }],
      ],
      'direct_dependent_settings': {
        'includes': ['tsbind.gypi'],
      },
    },
  ],
}

'use strict';
// tsbind/gyp: what a node-gyp binding.gyp needs from tsbind, for `<!(node -p "require('tsbind/gyp').target")`.
//
// gyp runs `<!(...)` commands in the folder of the .gyp file that holds them,
// and reads relative paths in a .gyp file from that same folder, so the paths
// here are relative to the working directory (with forward slashes, which
// gyp takes on every platform).
const path = require('path');
const fs = require('fs');

const gypDir = __dirname;
const root = path.dirname(gypDir);

/** `file` relative to the working directory, with forward slashes. */
function fromCwd(file) {
  return (path.relative(process.cwd(), file) || '.').split(path.sep).join('/');
}

/** Folder of the Node-API C headers: the node-api-headers package, resolved from tsbind as the CMake package resolves it. */
function nodeApiIncludeDir() {
  let dir;
  try {
    dir = path.dirname(require.resolve('node-api-headers/package.json', { paths: [root] }));
  } catch {
    throw new Error(`tsbind: the npm package node-api-headers was not found from ${root}; run \`npm install\` (tsbind depends on it)`);
  }
  return path.join(dir, 'include');
}

module.exports = {
  /** For a target's "dependencies": the static library of tsbind's core, which passes tsbind's settings on to its dependents. */
  target: `${fromCwd(path.join(gypDir, 'tsbind.gyp'))}:tsbind`,
  /** tsbind's C++ headers (absolute). */
  include_dir: path.join(root, 'include'),
  /** The Node-API C headers (absolute). */
  node_api_include_dir: nodeApiIncludeDir(),
  /** tsbind's core sources, src/core/*.cpp, relative to the working directory and space-separated, for `<!@(...)`. */
  core_sources: fs
    .readdirSync(path.join(root, 'src', 'core'))
    .filter((file) => file.endsWith('.cpp'))
    .sort()
    .map((file) => fromCwd(path.join(root, 'src', 'core', file)))
    .join(' '),
};

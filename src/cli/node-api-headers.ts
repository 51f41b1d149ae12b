// Locating the Node-API C headers: the `node-api-headers` npm package that tsbind depends on.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliError } from './errors.js';

/**
 * Folder of the node-api-headers package as resolved from tsbind's own
 * package (so hoisting and workspaces work), checked to hold `include/node_api.h`.
 */
export function nodeApiHeadersDir(tsbindRoot: string): string {
  let dir: string;
  try {
    dir = dirname(createRequire(join(tsbindRoot, 'package.json')).resolve('node-api-headers/package.json'));
  } catch {
    throw new CliError(`The npm package node-api-headers was not found from ${tsbindRoot}`, {
      hint: 'tsbind depends on it for the Node-API C headers: run `npm install` in your project (or `npm install node-api-headers`).',
    });
  }
  if (!existsSync(join(dir, 'include', 'node_api.h'))) {
    throw new CliError(`${join(dir, 'include', 'node_api.h')} is missing: the node-api-headers package is incomplete`, {
      hint: 'Reinstall it: `npm install node-api-headers`.',
    });
  }
  return dir;
}

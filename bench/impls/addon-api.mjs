// Implementation "node-addon-api": the same module written with node-addon-api (bench/native/addon_api.cpp).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { napiSubjects } from './raw.mjs';

const require = createRequire(import.meta.url);

export const addonApi = {
  name: 'node-addon-api',
  load: ({ buildDir }) => require(join(buildDir, 'bench_addon_api.node')),
  subjects: napiSubjects,
};

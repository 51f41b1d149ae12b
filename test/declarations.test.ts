// Golden declarations: the .d.ts that `tsbind typegen` writes for each test
// module, compared on every run, so any change to what a binding declares is
// seen in review. Regenerate with `npm run test:update-goldens`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDeclarations } from '../src/typegen/index.js';
import { describeModule, loadTestModule, testDir } from './support/addons.js';

const update = process.env.TSBIND_UPDATE_GOLDENS === '1';
const goldensDir = join(testDir, 'goldens');

// Every test module (test/<feature>.cpp) has a golden.
const features = readdirSync(testDir)
  .filter((file) => file.endsWith('.cpp'))
  .map((file) => file.slice(0, -'.cpp'.length))
  .sort();

for (const feature of features) {
  test(`declarations of the ${feature} test module match test/goldens/${feature}.d.ts`, () => {
    const text = generateDeclarations(describeModule(loadTestModule(feature)), { source: `${feature}.node` });
    const golden = join(goldensDir, `${feature}.d.ts`);
    if (update) {
      writeFileSync(golden, text);
      return;
    }
    assert.ok(existsSync(golden), `no golden for ${feature}: run \`npm run test:update-goldens\``);
    assert.equal(text, readFileSync(golden, 'utf8'), `run \`npm run test:update-goldens\` if the change is intended`);
  });
}

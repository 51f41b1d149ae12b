// Golden declarations: the .d.ts that `tsbind typegen` writes for each test
// module, compared on every run, so any change to what a binding declares is
// seen in review. Regenerate with `npm run test:update-goldens`.
//
// Each golden has a consumer, test/consumers/<feature>.ts, that uses every
// declaration in it and has `@ts-expect-error` lines for misuse; it must
// type-check under --strict, which also fails when an expected error is not one.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDeclarations } from '../src/typegen/index.js';
import { describeModule, loadTestModule, testDir } from './support/addons.js';
import { typeCheck, unusedDeclarations } from './support/typecheck.js';

const update = process.env.TSBIND_UPDATE_GOLDENS === '1';
const goldensDir = join(testDir, 'goldens');
const consumersDir = join(testDir, 'consumers');

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

for (const feature of features) {
  test(`test/consumers/${feature}.ts uses every declaration of the golden, and each @ts-expect-error line is an error`, () => {
    const consumer = join(consumersDir, `${feature}.ts`);
    assert.ok(existsSync(consumer), `no consumer for ${feature}: write test/consumers/${feature}.ts (docs/typegen.md, "Adding a feature")`);
    const { diagnostics, program } = typeCheck([consumer]);
    assert.equal(diagnostics, '');
    assert.deepEqual(unusedDeclarations(program, join(goldensDir, `${feature}.d.ts`), consumer), [], 'declarations the consumer does not use');
    const expected = readFileSync(consumer, 'utf8').match(/@ts-expect-error/g) ?? [];
    assert.ok(expected.length >= 3, `${feature}.ts has ${expected.length} @ts-expect-error lines; misuse needs checking too`);
  });
}

test('the consumer check is real: a misused declaration, an unused one and an expected error that is none all fail', () => {
  const consumer = join(consumersDir, 'functions.ts');
  const broken = join(testDir, 'consumers', 'broken.generated.ts');
  try {
    writeFileSync(broken, `import { add, shout } from '../goldens/functions.js';\nexport const x: string = add(1, 2);\n// @ts-expect-error: not an error\nexport const y: string = shout('a');\n`);
    const { diagnostics, program } = typeCheck([broken]);
    assert.match(diagnostics, /broken\.generated\.ts\(2,14\): error TS2322: Type 'number' is not assignable to type 'string'/);
    assert.match(diagnostics, /broken\.generated\.ts\(3,1\): error TS2578: Unused '@ts-expect-error' directive/);
    const unused = unusedDeclarations(program, join(goldensDir, 'functions.d.ts'), broken);
    assert.ok(unused.includes('sub(arg0: number, arg1: number): number;'), unused.join('\n'));
    assert.ok(unused.includes('describe(value: string): string;'), unused.join('\n'));
    assert.ok(!unused.some((line) => line.startsWith('add(')), unused.join('\n'));
  } finally {
    rmSync(broken, { force: true });
  }
  assert.ok(existsSync(consumer));
});

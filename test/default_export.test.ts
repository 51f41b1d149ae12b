// A module whose one export is a class (`module_::default_export`): what
// require() gives, what is nested in it, its entry point and declarations.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from './goldens/default_export.js';
import { describeModule, loadTestModule, testDir, testModulePath } from './support/addons.js';
import { generateEntry } from '../src/typegen/entry.js';

const D = loadTestModule<typeof Database>('default_export');

test('require() gives the class itself; what else the module binds is a property of it', () => {
  const required = createRequire(import.meta.url)(testModulePath('default_export')) as typeof Database;
  assert.equal(required, D);
  assert.equal(typeof D, 'function');
  assert.equal(D.name, 'Database');
  assert.deepEqual(Object.keys(D).sort(), ['Batch', 'DatabaseError', 'VERSION', 'open', 'util']);
  const db = new D('main');
  db.put('a', '1');
  db.write(new D.Batch().put('b', '2').put('c', '3'));
  assert.deepEqual([db.get('a'), db.get('b'), db.get('c'), db.get('d')], ['1', '2', '3', undefined]);
  assert.ok(D.open('other') instanceof D);
  assert.equal(D.VERSION, '2.1.0');
  assert.equal(D.util.isDatabase(db), true);
  db.close();
  assert.throws(() => db.get('a'), (e: unknown) => e instanceof D.DatabaseError && (e as { code?: string }).code === 'DB_CLOSED');
  // Moved exports are read-only, as constants are; types and messages name them by their path.
  assert.throws(() => {
    (D as unknown as { open: unknown }).open = null;
  }, TypeError);
  assert.throws(() => db.write({} as Database.Batch), { name: 'TypeError', message: "Database.write(): argument 1 'batch' must be a Database.Batch, got object" });
});

test('the description names the default export, and nests the rest under it', () => {
  const d = describeModule(D) as {
    default: string;
    functions: Array<{ name: string; scope?: string }>;
    exceptions: Array<{ name: string; scope?: string }>;
    constants: Array<{ name: string; scope?: string }>;
    submodules: Array<{ name: string; scope?: string }>;
  };
  assert.equal(d.default, 'Database');
  assert.deepEqual(
    [...d.functions, ...d.exceptions, ...d.constants, ...d.submodules].map((item) => `${item.scope}.${item.name}`),
    ['Database.open', 'Database.util.isDatabase', 'Database.DatabaseError', 'Database.VERSION', 'Database.util'],
  );
});

test('the entry point: ESM `export default`, CommonJS `module.exports =`, and their declarations (`export =` in .d.cts)', () => {
  const files = generateEntry(describeModule(D), { name: 'default_export' });
  assert.match(files.esm, /\nexport default addon;\n$/);
  assert.match(files.cjs, /\nmodule\.exports = loadAddon\(__dirname, "default_export"\);\n$/);
  assert.match(files.declarations, /\nexport default Database;\n$/);
  assert.match(files.cjsDeclarations, /\nexport = Database;\n$/);
  assert.equal(files.declarations.replace('export default Database;', 'export = Database;'), files.cjsDeclarations);

  // Both files load, each as its module system expects.
  const dir = mkdtempSync(join(tmpdir(), 'tsbind-default-'));
  const loader = new URL('../src/loader/index.js', import.meta.url).pathname;
  const cjsLoader = new URL('../cjs/loader/index.js', import.meta.url).pathname;
  writeFileSync(join(dir, 'entry.mjs'), files.esm.replace('"tsbind/loader"', JSON.stringify(loader)).replace('new URL("./", import.meta.url)', JSON.stringify(testDir)));
  writeFileSync(join(dir, 'entry.cjs'), files.cjs.replace('"tsbind/loader"', JSON.stringify(cjsLoader)).replace('__dirname', JSON.stringify(testDir)));
  const script = `import D from ${JSON.stringify(join(dir, 'entry.mjs'))}; import { createRequire } from 'node:module';
const C = createRequire(import.meta.url)(${JSON.stringify(join(dir, 'entry.cjs'))});
console.log(D.name, C === D, new D('x').name, C.VERSION);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(out.trim(), 'Database true x 2.1.0');
});

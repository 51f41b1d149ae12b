// Bindings need no raw Node-API: no C++ file of the examples or of the test
// modules calls a napi_* function or names tsbind::detail (issue 16). Passing
// a napi_value through (test/stl.cpp) is a feature under test, not a call.
// test/native/ holds unit tests of the core's internals, which name them by design.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { testDir } from './support/addons.js';

const root = join(testDir, '..');
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp)$/;
const SKIP = new Set(['node_modules', 'build', 'native', 'prebuilds']);

/** Every C/C++ source under `dir`, but for build output, dependencies and test/native. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP.has(name) ? [] : sources(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

/** What a source does that a binding should not need: raw Node-API calls and tsbind's internals, as `file:line: text`. */
export function rawNodeApiUses(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    const code = line.replace(/\/\/.*$/, '');
    // napi_value and napi_env are types (`std::function<napi_value()>`), not calls.
    if (/\bnapi_(?!value\b|env\b)[a-z_0-9]+\s*\(/.test(code) || /\btsbind::detail\b/.test(code)) found.push(`${file}:${index + 1}: ${line.trim()}`);
  });
  return found;
}

test('the checker finds raw Node-API calls and tsbind::detail, and not napi_value passed through', () => {
  assert.equal(rawNodeApiUses('a.cpp', 'napi_create_buffer_copy(env, n, p, &d, &b);').length, 1);
  assert.equal(rawNodeApiUses('a.cpp', '  using tsbind::detail::instance_heap;').length, 1);
  assert.equal(rawNodeApiUses('a.cpp', 'm.def("f", [](napi_value v) { return v; }); // napi_get_value_int32(...)').length, 0);
  assert.equal(rawNodeApiUses('a.cpp', 'm.def("g", [](const std::function<napi_value()> &f) { return f(); });').length, 0);
});

test('no C++ file under examples/ or test/ calls a napi_* function or names tsbind::detail', () => {
  // Bindings are the files that use tsbind. The plain Node-API modules of
  // test/fixtures are addons made without it on purpose (the CLI and the
  // sanitizer runs are tested on those too).
  const files = [...sources(join(root, 'examples')), ...sources(testDir)].filter((file) => /#include\s*[<"]tsbind\//.test(readFileSync(file, 'utf8')));
  assert.ok(files.length >= 10, `only ${files.length} bindings found`);
  const uses = files.flatMap((file) => rawNodeApiUses(relative(root, file), readFileSync(file, 'utf8')));
  assert.deepEqual(uses, []);
});

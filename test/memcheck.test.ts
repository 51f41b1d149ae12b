// Tests of `npm run test:memcheck`'s report reader (test/support/memcheck-report.ts), on real memcheck reports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'node:test';
import { formatMemcheckError, isNativeModuleError, parseMemcheckXml } from './support/memcheck-report.js';

const reports = fileURLToPath(new URL('../../test/fixtures/memcheck-reports/', import.meta.url));

function captured(name: string) {
  return parseMemcheckXml(readFileSync(join(reports, `${name}.xml`), 'utf8'));
}

test('an invalid read in a module is the module\'s; frames name their object file, entities are decoded', () => {
  const log = captured('module-overflow');
  assert.equal(log.pid, 27931);
  assert.match(log.command, /^node -e const m = require\("\/tmp\/minimal\/build\/Release\/minimal\.node"\); m\.overflow\(\)$/);
  assert.equal(log.errors.length, 1, 'the leak record is left out');
  const [error] = log.errors;
  assert.equal(error!.kind, 'InvalidRead');
  assert.equal(error!.what, 'Invalid read of size 4');
  assert.deepEqual(error!.stack[0], { obj: '/tmp/minimal/build/Release/minimal.node', fn: '(anonymous namespace)::overflow(napi_env__*, napi_callback_info__*)' });
  assert.equal(error!.stack[1]!.fn, 'v8impl::(anonymous namespace)::FunctionCallbackWrapper::Invoke(v8::FunctionCallbackInfo<v8::Value> const&)');
  assert.deepEqual(error!.aux.map(({ what }) => what), ["Address 0x657cef0 is 0 bytes after a block of size 16 alloc'd"]);
  assert.ok(isNativeModuleError(error!));
  const text = formatMemcheckError(error!);
  assert.equal(text[0], 'InvalidRead: Invalid read of size 4');
  assert.equal(text[1], '  > #0 (anonymous namespace)::overflow(napi_env__*, napi_callback_info__*) (/tmp/minimal/build/Release/minimal.node)');
});

test('Node\'s own errors are not a module\'s: no module frame on the stack, where the block was made does not count', () => {
  const teardown = captured('node-worker-teardown');
  assert.equal(teardown.errors.length, 1, 'six leak records of async.node are left out');
  const [error] = teardown.errors;
  assert.equal(error!.stack[0]!.fn, 'node_napi_env__::DrainFinalizerQueue()');
  assert.deepEqual(error!.aux.map(({ what }) => what), ["Address 0x6cee748 is 104 bytes inside a block of size 232 free'd", "Block was alloc'd at"]);
  assert.equal(error!.stack.at(-1)!.source, 'clone.S:100');
  assert.ok(!isNativeModuleError(error!));

  const [scan] = captured('node-stack-scan').errors;
  assert.equal(scan!.kind, 'UninitCondition');
  assert.match(scan!.stack[0]!.fn, /IteratePointersInStack/);
  assert.deepEqual(scan!.aux.map(({ what }) => what), ['Uninitialised value was created by a stack allocation']);
  assert.ok(!isNativeModuleError(scan!));
});

test('an uninitialised value a module created counts where Node trips over it', () => {
  const module = { obj: '/x/build/Release/m.node', fn: 'make' };
  const node = { obj: '/usr/bin/node', fn: 'v8::String::NewFromUtf8' };
  const error = { kind: 'UninitCondition', what: 'Conditional jump or move depends on uninitialised value(s)', stack: [node] };
  assert.ok(isNativeModuleError({ ...error, aux: [{ what: 'Uninitialised value was created by a heap allocation', stack: [module] }] }));
  assert.ok(!isNativeModuleError({ ...error, aux: [{ what: "Address 0x1 is 0 bytes inside a block of size 8 free'd", stack: [module] }] }));
});

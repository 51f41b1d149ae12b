// cJSON through the binding `tsbind generate` wrote, typed by the declarations `tsbind build` wrote for it.
// test/generate.test.ts type-checks this file against cjson_binding.d.ts (each @ts-expect-error line must be
// an error), compiles it next to the built module and runs run(). It is not part of the project's tsconfig:
// cjson_binding.d.ts exists only in the test's build folder.
import assert from 'node:assert/strict';
import * as cjson from './cjson_binding.js';

export function run(): void {
  // Parse and read.
  const doc = cjson.JSON.parse('{"name":"tsbind","list":[1,2,3],"ok":true,"pi":3.25}');
  assert.ok(doc);
  assert.equal(doc.getObjectItem('name')?.getStringValue(), 'tsbind');
  const list = doc.getObjectItem('list');
  assert.ok(list);
  assert.equal(list.getArraySize(), 3);
  assert.equal(list.getArrayItem(2)?.getNumberValue(), 3);
  assert.equal(doc.getObjectItem('ok')?.isTrue(), 1);
  assert.equal(doc.getObjectItem('pi')?.valuedouble, 3.25);
  assert.equal(doc.getObjectItem('missing'), undefined);
  assert.equal(cjson.JSON.parse('{oops'), undefined);
  // @ts-expect-error: getObjectItem takes a key
  assert.throws(() => doc.getObjectItem(1), TypeError);

  // Build and print: arrays from JS arrays, owned strings freed with cJSON_free.
  const obj = cjson.JSON.createObject();
  assert.ok(obj);
  obj.addNumberToObject('n', 42);
  obj.addStringToObject('s', 'hi');
  const arr = cjson.JSON.createIntArray([1, 2, 3]);
  assert.ok(arr);
  obj.addItemToObject('arr', arr);
  const names = cjson.JSON.createStringArray(['a', 'b']);
  assert.ok(names);
  obj.addItemToObject('names', names);
  assert.equal(obj.printUnformatted(), '{"n":42,"s":"hi","arr":[1,2,3],"names":["a","b"]}');
  assert.equal(obj.child?.string, 'n');
  assert.equal(obj.child?.next?.valuestring, 'hi');
  // @ts-expect-error: createIntArray takes numbers
  assert.throws(() => cjson.JSON.createIntArray(['x']), TypeError);

  // Edit: replace, detach, compare, duplicate.
  const copy = obj.duplicate(1);
  assert.ok(copy);
  assert.equal(copy.compare(obj, 1), 1);
  const seven = cjson.JSON.createNumber(7);
  assert.ok(seven);
  obj.replaceItemInObject('n', seven);
  assert.equal(obj.getObjectItem('n')?.getNumberValue(), 7);
  assert.equal(copy.compare(obj, 1), 0);
  const detached = obj.detachItemFromObject('s');
  assert.equal(detached?.printUnformatted(), '"hi"');
  assert.equal(obj.hasObjectItem('s'), 0);

  // A handle given to a tree keeps that tree alive: after the owner is disposed, arr still reads.
  obj.dispose();
  assert.equal(arr.printUnformatted(), '[1,2,3]');
  // A handle that does not own its tree cannot be given away (it would be freed twice).
  assert.throws(() => cjson.JSON.createArray()?.addItemToArray(list), /only a handle that owns its tree/);
  assert.match(cjson.version() ?? '', /^\d+\.\d+\.\d+$/);
  doc.dispose();
  copy.dispose();
}

// pugixml through the binding `tsbind generate` wrote, typed by the declarations `tsbind build` wrote for it.
// test/generate.test.ts type-checks this file against pugixml_binding.d.ts (each @ts-expect-error line must be
// an error), compiles it next to the built module and runs run(). It is not part of the project's tsconfig:
// pugixml_binding.d.ts exists only in the test's build folder.
import assert from 'node:assert/strict';
import {
  xml_document, xml_node, xml_tree_walker, xml_writer, xml_node_type, xml_encoding, xpath_query, xpath_variable_set, xpath_value_type,
  xpath_node_set, XPathError, asUtf8, asWide, parseDefault, parseMinimal, formatRaw, formatNoDeclaration,
  defaultDoublePrecision,
} from './pugixml_binding.js';

const CATALOG = '<catalog><book id="7" price="12.5">Dune</book><book id="9">Emma</book><magazine id="3"/></catalog>';

/** Names of a sequence of nodes. */
function names(nodes: Iterable<xml_node>): (string | null)[] {
  return [...nodes].map((n) => n.name());
}

export function run(): void {
  using doc = new xml_document();
  const loaded = doc.loadString(CATALOG);
  assert.equal(loaded.description(), 'No error');
  assert.equal(loaded.toBoolean(), true);
  const catalog = doc.child('catalog');

  // Navigation and attribute values.
  const book = catalog.child('book');
  assert.equal(book.attribute('id').asInt(), 7);
  assert.equal(book.attribute('price').asDouble(), 12.5);
  assert.equal(book.childValue(), 'Dune');
  assert.equal(book.nextSibling('book').attribute('id').asInt(), 9);
  assert.equal(book.equals(catalog.firstChild()), true);
  assert.equal(catalog.type(), xml_node_type.node_element);
  // The safe-bool conversion: a missing node is false.
  assert.equal(catalog.child('missing').toBoolean(), false);
  assert.equal(catalog.child('missing').not(), true);

  // Iteration: a node's begin()/end() are [Symbol.iterator]; the ranges of children() and attributes() too.
  assert.deepEqual(names(catalog), ['book', 'book', 'magazine']);
  assert.deepEqual([...catalog.children()].map((n) => n.attribute('id').asInt()), [7, 9, 3]);
  assert.deepEqual([...book.attributes()].map((a) => `${a.name()}=${a.value()}`), ['id=7', 'price=12.5']);
  assert.equal(catalog.child('none').children().empty(), true);
  // The iterator classes, by hand.
  const it = book.attributesBegin();
  assert.equal(it.value().name(), 'id');
  it.increment();
  assert.equal(it.value().name(), 'price');
  assert.equal(it.increment().equals(book.attributesEnd()), true);
  // Postfix ++ and --: postIncrement() and postDecrement() step the iterator and return a copy from before the step.
  const walk = book.attributesBegin();
  const before = walk.postIncrement();
  assert.equal(before.value().name(), 'id');
  assert.equal(walk.value().name(), 'price');
  const after = walk.postDecrement();
  assert.equal(after.value().name(), 'price');
  assert.equal(walk.value().name(), 'id');
  // The copies are iterators of their own: stepping one leaves the others where they were.
  assert.equal(before.equals(walk), true);
  assert.equal(after.postIncrement().equals(book.attributesEnd()), false);
  assert.equal(after.equals(book.attributesEnd()), true);
  assert.equal(walk.value().name(), 'id');

  // Function templates instantiated with std::function: a JS predicate.
  assert.equal(catalog.findChild((n) => n.attribute('id').asInt() === 9).childValue(), 'Emma');
  assert.equal(catalog.findNode((n) => n.name() === 'magazine').attribute('id').asInt(), 3);
  assert.equal(book.findAttribute((a) => a.name() === 'price').asDouble(), 12.5);

  // Editing: operator= is assign(); a std::ostream & parameter is print()'s string result.
  const added = catalog.appendChild('book');
  added.appendAttribute('id').assign(11);
  added.appendChild(xml_node_type.node_pcdata).setValue('Ulysses');
  assert.equal(catalog.findChildByAttribute('book', 'id', '11').childValue(), 'Ulysses');
  assert.equal(added.print('', formatRaw), '<book id="11">Ulysses</book>');
  // @ts-expect-error: print's indent is a string
  assert.throws(() => added.print(4), TypeError);

  // A std::istream & parameter takes the text; a const void * with its length takes bytes.
  using fromStream = new xml_document();
  assert.equal(fromStream.load('<a><b/></a>').description(), 'No error');
  assert.deepEqual(names(fromStream.child('a')), ['b']);
  using fromBytes = new xml_document();
  assert.equal(fromBytes.loadBuffer(new TextEncoder().encode('<bytes n="1"/>')).description(), 'No error');
  assert.equal(fromBytes.child('bytes').attribute('n').asInt(), 1);
  // @ts-expect-error: loadBuffer takes bytes, not a string
  assert.throws(() => fromBytes.loadBuffer('<x/>'), TypeError);

  // XPath: node sets iterate; variables come from a set that owns them; a bad query is an XPathError with its result.
  const hit = doc.selectNode('//book[@id="9"]');
  assert.equal(hit.node().text().get(), 'Emma');
  const set = doc.selectNodes('//book');
  assert.equal(set.size(), 3);
  // Wide strings (const wchar_t *, std::wstring) are JS strings: as_utf8 and as_wide give back the same text.
  assert.equal(asUtf8('h\u00e9llo \u{1F600}'), 'h\u00e9llo \u{1F600}');
  assert.equal(asWide('<caf\u00e9/>'), '<caf\u00e9/>');
  // A nested enum is its class's: xpath_node_set.type_t, a value and (by the namespace merge) a type.
  const order: xpath_node_set.type_t = set.type();
  assert.equal(order, xpath_node_set.type_t.type_sorted);
  assert.deepEqual([...set].map((n) => n.node().childValue()), ['Dune', 'Emma', 'Ulysses']);
  using vars = new xpath_variable_set();
  const wanted = vars.add('wanted', xpath_value_type.xpath_type_string);
  assert.ok(wanted);
  wanted.set('11');
  using query = new xpath_query('//book[@id = $wanted]', vars);
  assert.equal(query.evaluateString(doc.selectNode('/')), 'Ulysses');
  assert.equal(vars.get('wanted')?.getString(), '11');
  // The query uses the set's variables: the set lives while the query does (keep_alive from the config).
  assert.throws(() => vars.dispose(), /keeps this one alive/);
  // A char * buffer with its capacity (config "out"): the count pugixml needs and the text that fit.
  assert.deepEqual(query.evaluateString(4, doc.selectNode('/')), [8, 'Uly']);
  // A pointer range is one array: new xpath_node_set(items, type), a tsbind::factory constructor.
  const picked = new xpath_node_set([set.at(2), set.at(0)], xpath_node_set.type_t.type_unsorted);
  assert.deepEqual([...picked].map((n) => n.node().childValue()), ['Ulysses', 'Dune']);
  // The factory comes after the copy constructor: a node set (iterable, so an array too) is copied, its order kept.
  const copied = new xpath_node_set(set);
  assert.equal(copied.type(), xpath_node_set.type_t.type_sorted);
  assert.equal(picked.type(), xpath_node_set.type_t.type_unsorted);
  assert.deepEqual([...copied].map((n) => n.node().childValue()), ['Dune', 'Emma', 'Ulysses']);
  assert.throws(() => new xpath_query('//book[', null), (e: unknown) => {
    assert.ok(e instanceof XPathError);
    assert.ok(e.message.length > 0);
    assert.equal(typeof e.result.offset, 'number');
    return true;
  });

  // A TypeScript subclass of the abstract xml_tree_walker, through its trampoline (for_each is forEach, in JS too).
  class Collector extends xml_tree_walker {
    readonly seen: string[] = [];
    override forEach(node: xml_node): boolean {
      if (node.type() === xml_node_type.node_element) this.seen.push(`${node.name()}`);
      return true;
    }
  }
  const walker = new Collector();
  assert.equal(catalog.traverse(walker), true);
  assert.deepEqual(walker.seen, ['book', 'book', 'magazine', 'book']);

  // A TypeScript xml_writer: save() and print() hand its write() the output's bytes, a Uint8Array per chunk.
  class Chunks extends xml_writer {
    readonly chunks: Uint8Array[] = [];
    override write(data: Uint8Array): void {
      assert.ok(data instanceof Uint8Array);
      this.chunks.push(data);
    }
  }
  using small = new xml_document();
  small.loadString('<a b="1">caf\u00e9</a>');
  const utf8 = new Chunks();
  small.save(utf8, '', formatRaw | formatNoDeclaration);
  assert.equal(Buffer.concat(utf8.chunks).toString('utf8'), '<a b="1">caf\u00e9</a>');
  // Bytes, not text: in UTF-16 each character is two of them.
  const utf16 = new Chunks();
  small.save(utf16, '', formatRaw | formatNoDeclaration, xml_encoding.encoding_utf16_le);
  const wide = Buffer.concat(utf16.chunks);
  assert.equal(wide.length, 2 * '<a b="1">caf\u00e9</a>'.length);
  assert.equal(wide.toString('utf16le'), '<a b="1">caf\u00e9</a>');
  // The chunks are copies: they stay as they were after the call.
  const kept = Buffer.concat(utf8.chunks).toString('utf8');
  small.child('a').setName('z');
  assert.equal(Buffer.concat(utf8.chunks).toString('utf8'), kept);
  const printed = new Chunks();
  small.child('z').print(printed, '', formatRaw);
  assert.equal(Buffer.concat(printed.chunks).toString('utf8'), '<z b="1">caf\u00e9</z>');
  // @ts-expect-error: save takes a writer, not a function
  assert.throws(() => small.save((data: Uint8Array) => data, '', formatRaw), TypeError);

  // Namespace constants.
  assert.equal(parseDefault, 0x74);
  assert.equal(defaultDoublePrecision, 17);
  assert.equal(doc.loadString('<a><![CDATA[x]]></a>', parseMinimal).description(), 'No error');
  // @ts-expect-error: a node is not a number
  assert.throws(() => doc.child('a').appendChild(xml_node_type.node_pcdata).setValue(doc), TypeError);
}

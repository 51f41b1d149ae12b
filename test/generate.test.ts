// Tests of `tsbind generate`: one fixture header per rule against its golden C++, config errors, --check,
// a missing clang, and two real Debian libraries (pugixml, C++ classes; cJSON, a C handle API) whose
// generated bindings are built once and called from TypeScript typed by their generated declarations.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test, { after, before, describe } from 'node:test';
import ts from 'typescript';
import { nodeApiHeadersDir } from '../src/cli/node-api-headers.js';
import { checkConfig, findClang, generateBinding, GenerateError, loadConfig, type Coverage, type GenerateConfig } from '../src/generate/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist', 'src', 'cli', 'index.js');
const fixtures = join(repoRoot, 'test', 'generate', 'fixtures');
const realDir = join(repoRoot, 'test', 'generate', 'real');
const update = process.env.TSBIND_UPDATE_GOLDENS === '1';

/** Why the generator tests cannot run here, or undefined. In CI a missing tool fails instead of skipping. */
function missing(headers: readonly string[] = []): string | false {
  const what: string[] = [];
  if (!findClang()) what.push('clang (`sudo apt-get install clang`)');
  for (const h of headers) if (!existsSync(h)) what.push(`${h} (\`sudo apt-get install ${h.includes('cjson') ? 'libcjson-dev' : 'libpugixml-dev'}\`)`);
  if (what.length === 0) return false;
  const message = `needs ${what.join(', ')}`;
  if (process.env.CI) throw new Error(`tsbind generate tests: ${message}; CI must install them (.ci/run)`);
  return message;
}

function fixtureConfig(name: string): GenerateConfig {
  const file = join(fixtures, `${name}.json`);
  return loadConfig(existsSync(file) ? file : join(fixtures, 'none.json.absent')).config;
}

describe('fixtures: one header per rule, against its golden', { skip: missing() }, () => {
  const headers = readdirSync(fixtures).filter((f) => f.endsWith('.h')).sort();
  for (const header of headers) {
    const name = basename(header, '.h');
    test(name, async () => {
      const config = existsSync(join(fixtures, `${name}.json`)) ? loadConfig(join(fixtures, `${name}.json`)).config : checkConfig({}, 'none', fixtures);
      const result = await generateBinding({ headers: [join(fixtures, header)], includeDirs: [], config, output: join(fixtures, `${name}.cpp`) });
      const golden = join(fixtures, `${name}.cpp`);
      if (update || !existsSync(golden)) writeFileSync(golden, result.text);
      assert.equal(result.text, readFileSync(golden, 'utf8'), `${name}.cpp differs from the golden (TSBIND_UPDATE_GOLDENS=1 rewrites it)`);
    });
  }

  test('every golden compiles against tsbind\'s headers (clang -fsyntax-only)', () => {
    const clang = findClang()!;
    const include = ['-I', join(repoRoot, 'include'), '-I', join(nodeApiHeadersDir(repoRoot), 'include')];
    for (const golden of readdirSync(fixtures).filter((f) => f.endsWith('.cpp')).sort()) {
      const r = spawnSync(clang, ['-x', 'c++', '-std=c++17', '-fsyntax-only', ...include, golden], { cwd: fixtures, encoding: 'utf8' });
      assert.equal(r.status, 0, `${golden} does not compile:\n${r.stderr}`);
    }
  });

  test('every skipped declaration has a comment at its place and a line in the summary', async () => {
    const result = await generateBinding({ headers: [join(fixtures, 'skips.h')], includeDirs: [], config: checkConfig({}, 'none', fixtures), output: join(fixtures, 'skips.cpp') });
    const summary = result.coverage.format(fixtures);
    assert.match(summary, /^coverage: 1 of 8 public declarations bound \(12\.5%\)/);
    for (const reason of ['a union', 'a template without an instantiation list', 'a variadic function', "out-parameter 'out'", 'raw pointer void *']) {
      assert.ok(summary.includes(reason), `summary names "${reason}"`);
      assert.ok(result.text.includes(reason), `the binding's comment names "${reason}"`);
    }
  });

  test('a "templates" entry the headers have no template for is an error naming it and listing theirs', async () => {
    const config = checkConfig({ templates: { 'geo::Crate<int>': 'IntCrate' } }, 'tsbind.generate.json', fixtures);
    await assert.rejects(generateBinding({ headers: [join(fixtures, 'templates.h')], includeDirs: [], config, output: join(fixtures, 'templates.cpp') }),
      (e: unknown) => e instanceof GenerateError && /"templates\.geo::Crate<int>": the headers have no template geo::Crate/.test(e.message) &&
        /geo::Box, geo::Grid::count, geo::twice, geo::unused/.test(e.hint ?? ''));
  });

  test('"namespaces": "nested" makes each namespace a submodule of its own name, declared where first bound into', async () => {
    const config = checkConfig({ namespaces: 'nested' }, 'tsbind.generate.json', fixtures);
    const { text } = await generateBinding({ headers: [join(fixtures, 'submodules.h')], includeDirs: [], config, output: join(fixtures, 'submodules.cpp') });
    const lines = text.split('\n').map((l) => l.trim());
    const at = (line: string) => {
      const i = lines.indexOf(line);
      assert.ok(i >= 0, `the binding has the line ${line}\n${text}`);
      return i;
    };
    assert.ok(at('auto geo = m.def_submodule("geo");') < at('tsbind::class_<geo::Square> square(geo, "Square");'));
    assert.ok(at('auto units = geo.def_submodule("units");') < at('tsbind::enum_<geo::units::Unit>(units, "Unit")'));
    at('auto util = geo.def_submodule("util");');
    at('util.def("version", &geo::util::version);');
    at('auto text = m.def_submodule("text");');
    at('text.def("shout", &text::shout, tsbind::arg("text"));');
    assert.equal(lines.filter((l) => l.includes('def_submodule')).length, 4);
  });

  test('a "namespaces" map naming a namespace the headers do not have is an error naming it and listing theirs', async () => {
    const config = checkConfig({ namespaces: { 'geo::unit': 'units' } }, 'tsbind.generate.json', fixtures);
    await assert.rejects(generateBinding({ headers: [join(fixtures, 'submodules.h')], includeDirs: [], config, output: join(fixtures, 'submodules.cpp') }),
      (e: unknown) => e instanceof GenerateError && /"namespaces\.geo::unit": the headers have no namespace geo::unit/.test(e.message) &&
        /geo, geo::units, geo::util, text/.test(e.hint ?? ''));
  });

  test('output is deterministic', async () => {
    const config = fixtureConfig('out_params');
    const run = () => generateBinding({ headers: [join(fixtures, 'out_params.h')], includeDirs: [], config, output: join(fixtures, 'out_params.cpp') });
    assert.equal((await run()).text, (await run()).text);
  });
});

describe('config', () => {
  test('errors name the key', () => {
    const cases: [unknown, RegExp][] = [
      [{ naming: 'snake' }, /"naming" must be one of "camelCase", "keep", got "snake"/],
      [{ functions: { f: { async: 'yes' } } }, /"functions\.f\.async" must be true or false, got "yes"/],
      [{ functions: { f: { keepAlive: [[1]] } } }, /"functions\.f\.keepAlive\[0\]" must be a pair/],
      [{ handles: { h: {} } }, /"handles\.h\.destroy" must be a non-empty string/],
      [{ colour: 1 }, /"colour" is not a known key/],
      [{ functions: { f: { retruns: 'owned' } } }, /"functions\.f\.retruns" is not a known key/],
      [{ module: 'my-addon' }, /"module" must be a C identifier/],
      [{ templates: { 'geo::Box': 'Box' } }, /"templates\.geo::Box" must name an instantiation as C\+\+ writes it/],
      [{ templates: { 'geo::Box<int>': 'int-box' } }, /"templates\.geo::Box<int>" must be a JS name, got "int-box"/],
      [{ namespaces: 'deep' }, /"namespaces" must be "flat", "prefix", "nested" or an object of namespaces and their submodules/],
      [{ namespaces: ['geo'] }, /"namespaces" must be .*, got an array/],
      [{ namespaces: { 'geo.units': 'units' } }, /"namespaces\.geo\.units" must name a C\+\+ namespace as C\+\+ writes it/],
      [{ namespaces: { geo: 'geometry-2d' } }, /"namespaces\.geo" must be a submodule's JS name or path .*, got "geometry-2d"/],
      [{ namespaces: { geo: true } }, /"namespaces\.geo" must be a submodule's JS name or path .*, got boolean true/],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => checkConfig(value, 'tsbind.generate.json', '.'), (e: unknown) => e instanceof GenerateError && message.test(e.message), String(message));
    }
  });

  test('"namespaces" takes a mode or a map to submodule paths, "" the module itself', () => {
    assert.equal(checkConfig({}, 'c', '.').namespaces, 'flat');
    assert.equal(checkConfig({ namespaces: 'nested' }, 'c', '.').namespaces, 'nested');
    assert.deepEqual(checkConfig({ namespaces: { geo: 'geometry', 'geo::units': 'geometry.units', 'geo::util': '' } }, 'c', '.').namespaces,
      { geo: 'geometry', 'geo::units': 'geometry.units', 'geo::util': '' });
  });
});

describe('command line', { skip: missing() }, () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'tsbind-generate-cli-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('--check fails when the file is out of date, passes when it is not', () => {
    const out = join(work, 'enums.cpp');
    const args = [cli, 'generate', join(fixtures, 'enums.h'), '-o', out, '-q'];
    const first = spawnSync(process.execPath, [...args, '--check'], { encoding: 'utf8' });
    assert.equal(first.status, 1);
    assert.match(first.stderr, /is out of date/);
    execFileSync(process.execPath, args);
    assert.equal(spawnSync(process.execPath, [...args, '--check']).status, 0);
    writeFileSync(out, `${readFileSync(out, 'utf8')}// edited\n`);
    assert.equal(spawnSync(process.execPath, [...args, '--check']).status, 1);
  });

  test('a missing clang is an error that says how to install it, not a stack trace', () => {
    const r = spawnSync(process.execPath, [cli, 'generate', join(fixtures, 'enums.h'), '-o', join(work, 'x.cpp')], {
      encoding: 'utf8',
      env: { ...process.env, TSBIND_CLANG: join(work, 'no-such-clang'), NO_COLOR: '1' },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /error: TSBIND_CLANG=.* does not exist: `tsbind generate` reads headers through clang's AST/);
    assert.match(r.stderr, /apt-get install clang/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('headers clang rejects give clang\'s errors', () => {
    const bad = join(work, 'bad.h');
    writeFileSync(bad, 'int f(undeclared_type x);\n');
    const r = spawnSync(process.execPath, [cli, 'generate', bad, '-o', join(work, 'bad.cpp')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /clang could not parse the headers/);
    assert.match(r.stderr, /unknown type name 'undeclared_type'/);
  });
});

// The real libraries: generated, built once (one CMake project, two modules, with the typed entry points
// `tsbind build` writes), then used from TypeScript files type-checked against those declarations.
const PUGIXML = '/usr/include/pugixml.hpp';
const CJSON = '/usr/include/cjson/cJSON.h';
const USAGE = ['pugixml', 'cjson'] as const;

/** Type-checks the usage files in `dir` against the declarations there, and writes their JavaScript beside them. */
function compileUsage(dir: string): string {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(repoRoot, 'node_modules', '@types')],
  };
  const program = ts.createProgram(USAGE.map((name) => join(dir, `${name}.usage.mts`)), options);
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' };
  const diagnostics = ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), host);
  program.emit();
  return diagnostics;
}

describe('real libraries', { skip: missing([PUGIXML, CJSON]) }, () => {
  let work: string;
  const coverage: Record<string, Coverage> = {};
  const summaries: Record<string, string> = {};
  let diagnostics = '';

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tsbind-generate-real-'));
    cpSync(realDir, work, { recursive: true });
    for (const [name, header] of [['pugixml', PUGIXML], ['cjson', CJSON]] as const) {
      const { config } = loadConfig(join(work, `${name}.generate.json`));
      const result = await generateBinding({ headers: [header], includeDirs: [], config, output: join(work, `${name}_binding.cpp`) });
      writeFileSync(join(work, `${name}_binding.cpp`), result.text);
      coverage[name] = result.coverage;
      summaries[name] = result.coverage.format(work);
    }
    execFileSync(process.execPath, [cli, 'build', work], { stdio: ['ignore', 'ignore', 'inherit'] });
    // Under `tsbind run --sanitize` the loader takes only the sanitizer build
    // (TSBIND_VARIANT): build that one too, so the real libraries run under
    // the sanitizers as well. The Release build above writes the entry points.
    const sanitize = { Sanitize: '--sanitize=address,undefined', SanitizeThread: '--sanitize=thread' }[process.env.TSBIND_VARIANT ?? ''];
    if (sanitize) execFileSync(process.execPath, [cli, 'build', work, sanitize, '--no-entry'], { stdio: ['ignore', 'ignore', 'inherit'] });
    // The entry points import tsbind/loader: this tsbind.
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(repoRoot, join(work, 'node_modules', 'tsbind'), 'dir');
    diagnostics = compileUsage(work);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('cJSON: at least 90% of public declarations bound, every skip listed with its reason', () => {
    process.stdout.write(`# cJSON ${summaries.cjson!.split('\n')[0]}\n`);
    assert.ok(coverage.cjson!.ratio >= 0.9, summaries.cjson);
    assert.match(summaries.cjson!, /cJSON_Minify\(char \*json\): char \* parameter 'json': a buffer the function writes/);
  });

  test('pugixml: at least 90% of public declarations bound, every skip listed with its reason', () => {
    process.stdout.write(`# pugixml ${summaries.pugixml!.split('\n')[0]}\n`);
    const c = coverage.pugixml!;
    assert.ok(c.ratio >= 0.9, summaries.pugixml);
    // 90% with the move constructors and assignments counted too.
    assert.ok(c.bound / (c.total + c.uncounted.length) >= 0.9, summaries.pugixml);
    assert.match(summaries.pugixml!, /^coverage: (\d+) of \d+ public declarations bound \([\d.]+%\); \1 of \d+ \([\d.]+%\) counting the 8 not counted\n/);
    // Postfix ++ and -- are postIncrement() and postDecrement(); xml_writer::write is a TypeScript override receiving bytes.
    assert.ok(!c.skipped.some((s) => /operator(\+\+|--)\(int/.test(s.what)), 'postfix operators bind');
    assert.ok(!c.skipped.some((s) => /pugi::xml_writer::write/.test(s.what)), 'xml_writer::write binds');
    assert.equal(c.skipped.length + c.bound, c.total);
    // Each skip is in the summary with its place and reason.
    for (const s of c.skipped) assert.ok(summaries.pugixml!.includes(`:${s.location.line}  ${s.what}: ${s.reason}`), s.what);
    // Wide strings convert; the wide overloads JS cannot reach (it has one kind of string) are listed, naming the one that takes their calls.
    assert.match(summaries.pugixml!, /load_file\(const wchar_t \*path, .*\): JS cannot tell it from .*load_file\(const char \*path, /);
    assert.ok(!c.skipped.some((s) => /as_utf8\(const wchar_t \*str\)|as_wide\(const char \*str\)/.test(s.what)), 'as_utf8 and as_wide bind');
    assert.match(summaries.pugixml!, /set_memory_management_functions.*function pointer/);
    // What is left out of the count is the move constructors and move assignments alone, listed too.
    assert.ok(c.uncounted.length > 0);
    for (const s of c.uncounted) assert.match(s.what, /\((pugi::\w+) &&rhs\)$/, s.what);
    assert.match(summaries.pugixml!, /not counted 8 \(no API to JS\):\n.*xml_document::xml_document\(pugi::xml_document &&rhs\)/);
  });

  test('the usage files type-check against the declarations of the generated modules', () => {
    assert.equal(diagnostics, '');
  });

  for (const name of USAGE) {
    test(`${name}: the typed usage file calls the library through the generated binding and checks its results`, async () => {
      const usage = (await import(pathToFileURL(join(work, `${name}.usage.mjs`)).href)) as { run(): void };
      usage.run();
    });
  }
});

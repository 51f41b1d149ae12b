// Checking a module file's headers before loading it: a file cut short must be skipped, not crash the process.
//
// The dynamic linker maps a library's segments as its headers describe them.
// When the file is shorter than that (a download or copy that was cut off),
// the mapping reaches past the end of the file, and the first touch of such a
// page kills the process with SIGBUS before any error can be returned. So
// before a candidate is loaded, its headers are read (only the headers: the
// ELF header, program and section header tables; the Mach-O header and load
// commands, per slice of a universal binary; the PE headers and section
// table) and every extent they give is checked against the file's size. A
// file that fails gets a reason and the loader tries the next candidate.
//
// What this cannot catch: a file of the right length whose contents are
// damaged (zeroed or overwritten pages past the headers, as a crash while
// writing it can leave). Its headers are sound; only reading and checking all
// of it against a checksum would tell, and the loader reads no more than the
// headers.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The executable formats the loader knows, and the one each platform's native modules are in (platforms not here are not checked). */
export const BINARY_FORMAT_BY_PLATFORM: Readonly<Partial<Record<NodeJS.Platform, BinaryFormat>>> = {
  linux: 'ELF',
  android: 'ELF',
  freebsd: 'ELF',
  openbsd: 'ELF',
  netbsd: 'ELF',
  sunos: 'ELF',
  darwin: 'Mach-O',
  win32: 'PE',
};

/** An executable format: ELF (Linux, the BSDs), Mach-O (macOS), PE (Windows). */
export type BinaryFormat = 'ELF' | 'Mach-O' | 'PE';

/** What a native module of each format is, and what a file of that format is where another is expected, for messages. */
const FORMAT_NAMES: Readonly<Record<BinaryFormat, { readonly module: string; readonly foreign: string }>> = {
  ELF: { module: 'an ELF shared library', foreign: 'an ELF file (built for Linux or a BSD)' },
  'Mach-O': { module: 'a Mach-O library', foreign: 'a Mach-O file (built for macOS)' },
  PE: { module: 'a PE DLL', foreign: 'a PE file (built for Windows)' },
};

/** Reads parts of an open file; a part past its end is an error that says what was cut off. */
class FileReader {
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  /** `length` bytes at `offset`, or a {@link Damaged} error naming `what` when the file ends first. */
  read(offset: number, length: number, what: string): Buffer {
    this.within(offset, length, what);
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, offset + done);
      if (n === 0) throw new Damaged(`the file ended at byte ${offset + done}, within ${what}`);
      done += n;
    }
    return buffer;
  }

  /** Checks that `what`, `length` bytes at `offset`, lies within the file. */
  within(offset: number, length: number, what: string): void {
    if (offset + length > this.size) {
      throw new Damaged(`the file is ${this.size} bytes long, but ${what} spans bytes ${offset} to ${offset + length}`);
    }
  }
}

/** A header that describes more than the file holds. */
class Damaged extends Error {}

/** A sound file that is not a loadable library (an executable, an object file). */
class WrongKind extends Error {}

/** Reads integers of one byte order from a buffer. */
function integers(buffer: Buffer, littleEndian: boolean) {
  return {
    u16: (at: number) => (littleEndian ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at)),
    u32: (at: number) => (littleEndian ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at)),
    // Offsets past 2^53 lose precision, but stay past the end of any file.
    u64: (at: number) => Number(littleEndian ? buffer.readBigUInt64LE(at) : buffer.readBigUInt64BE(at)),
  };
}

const ELF_TYPES: Readonly<Record<number, string>> = { 1: 'relocatable object (.o)', 2: 'executable', 4: 'core dump' };

/** ELF (System V ABI): the header, every loadable segment and every section with contents lie within the file. */
function checkElf(file: FileReader): void {
  const ident = file.read(0, 16, 'the ELF identification');
  const wide = ident[4] === 2;
  if (ident[4] !== 1 && !wide) throw new Damaged(`its ELF class byte is ${ident[4]}, neither 32-bit (1) nor 64-bit (2)`);
  if (ident[5] !== 1 && ident[5] !== 2) throw new Damaged(`its ELF byte order byte is ${ident[5]}, neither little (1) nor big endian (2)`);
  const header = file.read(0, wide ? 64 : 52, 'the ELF header');
  const { u16, u32, u64 } = integers(header, ident[5] === 1);
  const word = wide ? u64 : u32;
  const type = u16(16);
  if (type !== 3) throw new WrongKind(`an ELF ${ELF_TYPES[type] ?? `file of type ${type}`}, not a shared library`);
  const [phoff, shoff] = wide ? [word(32), word(40)] : [word(28), word(32)];
  const at = wide ? 54 : 42;
  let [phentsize, phnum, shentsize, shnum] = [u16(at), u16(at + 2), u16(at + 4), u16(at + 6)];
  const [phsize, shsize] = wide ? [56, 64] : [32, 40];
  if (phnum > 0 && phentsize !== phsize) throw new Damaged(`its program header entries are ${phentsize} bytes, not ${phsize}`);
  if (shoff !== 0 && shentsize !== shsize) throw new Damaged(`its section header entries are ${shentsize} bytes, not ${shsize}`);

  // Section 0 holds the counts that do not fit the header's 16 bits.
  if (shoff !== 0 && (shnum === 0 || phnum === 0xffff)) {
    const first = integers(file.read(shoff, shsize, 'the first section header'), ident[5] === 1);
    if (shnum === 0) shnum = wide ? first.u64(32) : first.u32(20);
    if (phnum === 0xffff) phnum = first.u32(wide ? 44 : 28);
  }

  const segments = file.read(phoff, phnum * phsize, `the program header table (${phnum} entries)`);
  const ph = integers(segments, ident[5] === 1);
  for (let i = 0; i < phnum; i++) {
    const base = i * phsize;
    if (ph.u32(base) !== 1) continue; // PT_LOAD: what the linker maps
    const [offset, size] = wide ? [ph.u64(base + 8), ph.u64(base + 32)] : [ph.u32(base + 4), ph.u32(base + 16)];
    file.within(offset, size, `loadable segment ${i}`);
  }
  if (shoff === 0) return;
  const sections = file.read(shoff, shnum * shsize, `the section header table (${shnum} entries)`);
  const sh = integers(sections, ident[5] === 1);
  for (let i = 1; i < shnum; i++) {
    const base = i * shsize;
    if (sh.u32(base + 4) === 8) continue; // SHT_NOBITS (.bss): nothing in the file
    const [offset, size] = wide ? [sh.u64(base + 24), sh.u64(base + 32)] : [sh.u32(base + 16), sh.u32(base + 20)];
    file.within(offset, size, `section ${i}`);
  }
}

const MACHO_FILE_TYPES: Readonly<Record<number, string>> = { 1: 'object file', 2: 'executable', 4: 'core dump', 7: 'dynamic linker', 9: 'stub library', 10: 'debug symbols file' };

/** One Mach-O image (a thin file, or one slice of a universal one) at `start`, `length` bytes long. */
function checkMachOImage(file: FileReader, start: number, length: number, slice: string): void {
  const magic = file.read(start, 4, `the Mach-O header${slice}`).readUInt32LE(0);
  const wide = magic === 0xfeedfacf || magic === 0xcffaedfe;
  const littleEndian = magic === 0xfeedface || magic === 0xfeedfacf;
  if (!wide && !littleEndian && magic !== 0xcefaedfe) throw new Damaged(`its Mach-O header${slice} has the magic number 0x${magic.toString(16)}`);
  const headerSize = wide ? 32 : 28;
  const header = integers(file.read(start, headerSize, `the Mach-O header${slice}`), littleEndian);
  const [fileType, ncmds, sizeofcmds] = [header.u32(12), header.u32(16), header.u32(20)];
  if (fileType !== 6 && fileType !== 8) throw new WrongKind(`a Mach-O ${MACHO_FILE_TYPES[fileType] ?? `file of type ${fileType}`}${slice}, not a library or bundle`);
  if (headerSize + sizeofcmds > length) throw new Damaged(`the load commands${slice} end at byte ${start + headerSize + sizeofcmds}, past the end of their image`);
  const commands = file.read(start + headerSize, sizeofcmds, `the load commands${slice}`);
  const { u32, u64 } = integers(commands, littleEndian);
  let at = 0;
  for (let i = 0; i < ncmds; i++) {
    if (at + 8 > sizeofcmds) throw new Damaged(`load command ${i}${slice} starts past the ${sizeofcmds} bytes of load commands`);
    const [cmd, cmdsize] = [u32(at), u32(at + 4)];
    if (cmdsize < 8 || at + cmdsize > sizeofcmds) throw new Damaged(`load command ${i}${slice} is ${cmdsize} bytes, outside the load commands`);
    // LC_SEGMENT_64 (0x19) and LC_SEGMENT (0x1): what the linker maps.
    const extent = cmd === 0x19 && cmdsize >= 72 ? [u64(at + 40), u64(at + 48)] : cmd === 0x1 && cmdsize >= 56 ? [u32(at + 32), u32(at + 36)] : undefined;
    if (extent) {
      const [offset, size] = extent as [number, number];
      const what = `segment ${commands.toString('latin1', at + 8, at + 24).replace(/\0.*$/s, '')}${slice}`;
      if (slice && offset + size > length) throw new Damaged(`${what} spans bytes ${start + offset} to ${start + offset + size}, past the end of its slice at byte ${start + length}`);
      file.within(start + offset, size, what);
    }
    at += cmdsize;
  }
}

/** Mach-O: a thin image, or a universal (fat) file whose every slice lies within the file and is a sound image. */
function checkMachO(file: FileReader): void {
  const head = file.read(0, 8, 'the Mach-O header');
  const magic = head.readUInt32BE(0);
  if (magic !== 0xcafebabe && magic !== 0xcafebabf) {
    checkMachOImage(file, 0, file.size, '');
    return;
  }
  const wide = magic === 0xcafebabf;
  const count = head.readUInt32BE(4);
  const entrySize = wide ? 32 : 20;
  const table = file.read(8, count * entrySize, `the universal binary's table of ${count} slices`);
  for (let i = 0; i < count; i++) {
    const base = i * entrySize;
    const [offset, size] = wide ? [Number(table.readBigUInt64BE(base + 8)), Number(table.readBigUInt64BE(base + 16))] : [table.readUInt32BE(base + 8), table.readUInt32BE(base + 12)];
    const slice = ` of slice ${i}`;
    file.within(offset, size, `slice ${i}`);
    checkMachOImage(file, offset, size, slice);
  }
}

/** PE/COFF (Windows): a DLL whose headers and every section's raw data lie within the file. */
function checkPe(file: FileReader): void {
  const dos = file.read(0, 64, 'the DOS header');
  const peOffset = dos.readUInt32LE(0x3c);
  const coff = file.read(peOffset, 24, 'the PE header');
  if (coff.toString('latin1', 0, 4) !== 'PE\0\0') throw new Damaged(`there is no PE signature at byte ${peOffset}`);
  const [sectionCount, optionalSize, characteristics] = [coff.readUInt16LE(6), coff.readUInt16LE(20), coff.readUInt16LE(22)];
  if ((characteristics & 0x2000) === 0) throw new WrongKind('a PE executable, not a DLL');
  const tableStart = peOffset + 24 + optionalSize;
  file.within(peOffset + 24, optionalSize, 'the PE optional header');
  const table = file.read(tableStart, sectionCount * 40, `the section table (${sectionCount} sections)`);
  for (let i = 0; i < sectionCount; i++) {
    const base = i * 40;
    const [size, offset] = [table.readUInt32LE(base + 16), table.readUInt32LE(base + 20)];
    if (size === 0) continue;
    const name = table.toString('latin1', base, base + 8).replace(/\0.*$/s, '');
    file.within(offset, size, `section ${name || i}`);
  }
}

/** How each format begins, and its check. */
const FORMATS: readonly { readonly format: BinaryFormat; readonly starts: (head: Buffer) => boolean; readonly check: (file: FileReader) => void }[] = [
  { format: 'ELF', starts: (head) => head.readUInt32BE(0) === 0x7f454c46, check: checkElf },
  {
    format: 'Mach-O',
    starts: (head) => [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(head.readUInt32LE(0)) || [0xcafebabe, 0xcafebabf].includes(head.readUInt32BE(0)),
    check: checkMachO,
  },
  { format: 'PE', starts: (head) => head.readUInt16BE(0) === 0x4d5a, check: checkPe },
];

/** The first bytes of a file as hex, for a message. */
function hexStart(head: Buffer): string {
  return [...head].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Checks that the file at `path` can be handed to the dynamic linker: it is in
 * the executable format of `platform`, a library, and not cut short (every
 * extent its headers give lies within the file). Reads only the headers.
 *
 * @returns why the file must not be loaded, or undefined when it may be (also
 *   on a platform whose format the loader does not know).
 */
export function binaryProblem(path: string, platform: NodeJS.Platform = process.platform): string | undefined {
  const expected = BINARY_FORMAT_BY_PLATFORM[platform];
  if (!expected) return undefined;
  const fd = openSync(path, 'r');
  try {
    const file = new FileReader(fd, fstatSync(fd).size);
    if (file.size === 0) return 'empty file (0 bytes): it was probably cut short by an interrupted copy or download';
    const head = Buffer.alloc(4);
    const headLength = readSync(fd, head, 0, 4, 0);
    const found = headLength === 4 ? FORMATS.find((format) => format.starts(head)) : undefined;
    if (!found || found.format !== expected) {
      const what = found ? FORMAT_NAMES[found.format].foreign : `not an executable file (it starts with ${hexStart(head.subarray(0, headLength))})`;
      return `${what}: a native module on ${platform} is ${FORMAT_NAMES[expected].module}`;
    }
    try {
      found.check(file);
    } catch (error) {
      if (error instanceof WrongKind) return `${error.message}: a native module on ${platform} is ${FORMAT_NAMES[expected].module}`;
      if (error instanceof Damaged || error instanceof RangeError) {
        return `damaged ${expected} file: ${error.message} (it was probably cut short by an interrupted copy or download)`;
      }
      throw error;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

import { deflateSync, strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractZipEntry, readZipDirectory, verifyZipEntry, ZipProblem, type ZipLimits, type ZipProblemKind } from './zip-guard.ts';

const LIMITS: ZipLimits = { maxEntries: 100, maxUncompressedBytes: 10 * 1024 * 1024 };

/** The kind of ZipProblem `action` throws; any other error fails the test. */
function problem(action: () => unknown): ZipProblemKind | 'no problem' {
  let kind: ZipProblemKind | 'no problem' = 'no problem';
  try {
    action();
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    kind = error.kind;
  }
  return kind;
}

/** Reads the directory and inflates every entry, as the .xlsx check does. */
function checkAll(zip: Uint8Array, limits: ZipLimits = LIMITS): void {
  for (const entry of readZipDirectory(zip, limits)) verifyZipEntry(zip, entry);
}

const view = (zip: Uint8Array): DataView => new DataView(zip.buffer, zip.byteOffset, zip.byteLength);

/** Offset of the end of central directory record (no comment in fflate's zips). */
const endRecord = (zip: Uint8Array): number => zip.length - 22;

/** Offset of the central directory record of `name`, walking the directory from the end record. */
function centralRecord(zip: Uint8Array, name: string): number {
  const v = view(zip);
  const end = endRecord(zip);
  let at = v.getUint32(end + 16, true);
  let count = v.getUint16(end + 10, true);
  if (at === 0xffffffff) {
    // ZIP64 (as zip64() below writes it): the locator before the end record gives the ZIP64 end record.
    const end64 = Number(v.getBigUint64(end - 12, true));
    at = Number(v.getBigUint64(end64 + 48, true));
    count = Number(v.getBigUint64(end64 + 32, true));
  }
  for (let i = count; i > 0; i--) {
    const nameLength = v.getUint16(at + 28, true);
    if (strFromU8(zip.subarray(at + 46, at + 46 + nameLength)) === name) return at;
    at += 46 + nameLength + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  throw new Error(`no central record for ${name}`);
}

const text = 'Báo cáo kết quả thực hiện công tác bình đẳng giới năm 2024. '.repeat(200);
const files = (): Zippable => ({
  'xl/workbook.xml': strToU8(text),
  'xl/stored.bin': [strToU8('stored as is'), { level: 0 }],
  'xl/media/': [new Uint8Array(0), { level: 0 }],
});

/**
 * A ZIP64 archive written by hand: every entry's sizes and local offset are 0xFFFFFFFF in the
 * central directory with the real values in a ZIP64 extra field, and the end record points at a
 * ZIP64 end record through its locator. CRCs are left 0 (the guard does not read them).
 */
function zip64(entries: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = strToU8(name);
    const data = deflateSync(content);
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = view(local);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 45, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, content.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const record = new Uint8Array(46 + nameBytes.length + 28);
    const cv = view(record);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 45, true);
    cv.setUint16(6, 45, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(20, 0xffffffff, true);
    cv.setUint32(24, 0xffffffff, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint16(30, 28, true);
    cv.setUint32(42, 0xffffffff, true);
    record.set(nameBytes, 46);
    const extra = 46 + nameBytes.length;
    cv.setUint16(extra, 0x0001, true);
    cv.setUint16(extra + 2, 24, true);
    cv.setBigUint64(extra + 4, BigInt(content.length), true);
    cv.setBigUint64(extra + 12, BigInt(data.length), true);
    cv.setBigUint64(extra + 20, BigInt(offset), true);
    parts.push(local, data);
    central.push(record);
    offset += local.length + data.length;
  }
  const directoryOffset = offset;
  const directorySize = central.reduce((sum, c) => sum + c.length, 0);
  const count = central.length;
  const end64 = new Uint8Array(56);
  const ev = view(end64);
  ev.setUint32(0, 0x06064b50, true);
  ev.setBigUint64(4, 44n, true);
  ev.setUint16(12, 45, true);
  ev.setUint16(14, 45, true);
  ev.setBigUint64(24, BigInt(count), true);
  ev.setBigUint64(32, BigInt(count), true);
  ev.setBigUint64(40, BigInt(directorySize), true);
  ev.setBigUint64(48, BigInt(directoryOffset), true);
  const locator = new Uint8Array(20);
  const lv = view(locator);
  lv.setUint32(0, 0x07064b50, true);
  lv.setBigUint64(8, BigInt(directoryOffset + directorySize), true);
  lv.setUint32(16, 1, true);
  const end = new Uint8Array(22);
  const dv = view(end);
  dv.setUint32(0, 0x06054b50, true);
  dv.setUint16(8, 0xffff, true);
  dv.setUint16(10, 0xffff, true);
  dv.setUint32(12, 0xffffffff, true);
  dv.setUint32(16, 0xffffffff, true);
  const all = [...parts, ...central, end64, locator, end];
  const out = new Uint8Array(all.reduce((sum, a) => sum + a.length, 0));
  let at = 0;
  for (const a of all) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

describe('readZipDirectory, extractZipEntry, verifyZipEntry: a sound zip', () => {
  it('lists the entries with their sizes and gives back what was zipped', () => {
    const zip = zipSync(files());
    const entries = readZipDirectory(zip, LIMITS);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['xl/workbook.xml', 8, strToU8(text).length],
      ['xl/stored.bin', 0, 12],
      ['xl/media/', 0, 0],
    ]);
    expect(entries[0]!.compressedSize).toBeLessThan(entries[0]!.size / 10);
    expect(strFromU8(extractZipEntry(zip, entries[0]!))).toBe(text);
    expect(strFromU8(extractZipEntry(zip, entries[1]!))).toBe('stored as is');
    for (const entry of entries) verifyZipEntry(zip, entry);
  });

  it('reads an empty zip (the end record alone) as no entries', () => {
    expect(readZipDirectory(zipSync({}), LIMITS)).toEqual([]);
  });

  it('accepts a zip exactly at the limits', () => {
    const zip = zipSync(files());
    const size = readZipDirectory(zip, LIMITS).reduce((sum, e) => sum + e.size, 0);
    expect(problem(() => checkAll(zip, { maxEntries: 3, maxUncompressedBytes: size }))).toBe('no problem');
    expect(problem(() => checkAll(zip, { maxEntries: 2, maxUncompressedBytes: size }))).toBe('zip-bomb');
    expect(problem(() => checkAll(zip, { maxEntries: 3, maxUncompressedBytes: size - 1 }))).toBe('zip-bomb');
  });

  it('reads ZIP64 end records and extra fields', () => {
    const zip = zip64({ 'word/document.xml': strToU8(text), 'a.txt': strToU8('một hai ba') });
    // The hand-made archive is one other readers accept too.
    expect(strFromU8(unzipSync(zip)['a.txt']!)).toBe('một hai ba');
    const entries = readZipDirectory(zip, LIMITS);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['word/document.xml', strToU8(text).length],
      ['a.txt', strToU8('một hai ba').length],
    ]);
    expect(entries[1]!.localOffset).toBeGreaterThan(0);
    expect(strFromU8(extractZipEntry(zip, entries[0]!))).toBe(text);
    expect(strFromU8(extractZipEntry(zip, entries[1]!))).toBe('một hai ba');
    // The entry count of the ZIP64 end record is checked against the limit.
    expect(problem(() => readZipDirectory(zip, { ...LIMITS, maxEntries: 1 }))).toBe('zip-bomb');
  });
});

describe('readZipDirectory, extractZipEntry, verifyZipEntry: what is refused', () => {
  it('not-zip for what does not start like a zip', () => {
    expect(problem(() => readZipDirectory(new Uint8Array(0), LIMITS))).toBe('not-zip');
    expect(problem(() => readZipDirectory(strToU8('%PDF-1.7\n' + 'x'.repeat(100)), LIMITS))).toBe('not-zip');
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(problem(() => readZipDirectory(ole, LIMITS))).toBe('not-zip');
  });

  it('corrupt for a truncated file', () => {
    const zip = zipSync(files());
    expect(problem(() => checkAll(zip.subarray(0, Math.floor(zip.length / 2))))).toBe('corrupt');
    expect(problem(() => checkAll(zip.subarray(0, zip.length - 10)))).toBe('corrupt');
    // An end record that places the directory past the end of the file.
    const moved = zip.slice();
    view(moved).setUint32(endRecord(moved) + 16, moved.length, true);
    expect(problem(() => checkAll(moved))).toBe('corrupt');
  });

  it('zip-bomb for a directory claiming more entries than the limit, before reading them', () => {
    const zip = zipSync(files());
    const end = endRecord(zip);
    view(zip).setUint16(end + 8, 5000, true);
    view(zip).setUint16(end + 10, 5000, true);
    expect(problem(() => readZipDirectory(zip, LIMITS))).toBe('zip-bomb');
    // Within the limit, the records that are not there make it corrupt.
    expect(problem(() => readZipDirectory(zip, { ...LIMITS, maxEntries: 5000 }))).toBe('corrupt');
  });

  it('zip-bomb for an entry that inflates to more than its declared size, corrupt for less', () => {
    const zip = zipSync(files());
    const record = centralRecord(zip, 'xl/workbook.xml');
    const declared = view(zip).getUint32(record + 24, true);
    view(zip).setUint32(record + 24, declared - 1000, true);
    expect(problem(() => checkAll(zip))).toBe('zip-bomb');
    expect(problem(() => extractZipEntry(zip, readZipDirectory(zip, LIMITS)[0]!))).toBe('zip-bomb');
    view(zip).setUint32(record + 24, declared + 1000, true);
    expect(problem(() => checkAll(zip))).toBe('corrupt');
    // A stored entry has to be as long as it says.
    view(zip).setUint32(record + 24, declared, true);
    view(zip).setUint32(centralRecord(zip, 'xl/stored.bin') + 24, 13, true);
    expect(problem(() => checkAll(zip))).toBe('corrupt');
  });

  it('zip-bomb for a high-ratio entry past the uncompressed cap, from the directory alone', () => {
    // 12 MB of zeros compress to a few kB.
    const bomb = zipSync({ 'xl/workbook.xml': strToU8('<workbook/>'), 'xl/media/zeros.bin': new Uint8Array(12 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(problem(() => readZipDirectory(bomb, LIMITS))).toBe('zip-bomb');
    expect(problem(() => checkAll(bomb, { ...LIMITS, maxUncompressedBytes: 13 * 1024 * 1024 }))).toBe('no problem');
  });

  it('zip-bomb for a declared size DEFLATE cannot reach from the compressed size', () => {
    const zip = zipSync(files());
    // About 4 GB claimed for a few hundred compressed bytes, with a cap that would let it through.
    view(zip).setUint32(centralRecord(zip, 'xl/workbook.xml') + 24, 0xf0000000, true);
    expect(problem(() => readZipDirectory(zip, { ...LIMITS, maxUncompressedBytes: 2 ** 40 }))).toBe('zip-bomb');
  });

  it('corrupt when the compressed sizes add up to more than the file', () => {
    const zip = zipSync(files());
    view(zip).setUint32(centralRecord(zip, 'xl/workbook.xml') + 20, zip.length + 1, true);
    expect(problem(() => readZipDirectory(zip, LIMITS))).toBe('corrupt');
  });

  it('corrupt for damaged compressed data, with the inflater error as the cause', () => {
    const zip = zipSync(files());
    const entry = readZipDirectory(zip, LIMITS)[0]!;
    const start = entry.localOffset + 30 + (zip[entry.localOffset + 26]! | (zip[entry.localOffset + 27]! << 8));
    zip.fill(0xff, start + 5, start + 60);
    let error: unknown;
    try {
      extractZipEntry(zip, entry);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZipProblem);
    expect((error as ZipProblem).kind).toBe('corrupt');
    expect((error as ZipProblem).cause).toBeInstanceOf(Error);
  });

  it('encrypted for an encrypted entry, corrupt for an unknown method or a missing local header', () => {
    const zip = zipSync(files());
    const entry = readZipDirectory(zip, LIMITS)[0]!;
    expect(problem(() => extractZipEntry(zip, { ...entry, flags: entry.flags | 1 }))).toBe('encrypted');
    expect(problem(() => verifyZipEntry(zip, { ...entry, flags: entry.flags | 1 }))).toBe('encrypted');
    expect(problem(() => extractZipEntry(zip, { ...entry, method: 12 }))).toBe('corrupt');
    expect(problem(() => extractZipEntry(zip, { ...entry, localOffset: entry.localOffset + 1 }))).toBe('corrupt');
    expect(problem(() => extractZipEntry(zip, { ...entry, compressedSize: zip.length }))).toBe('corrupt');
  });

  it('verifyZipEntry passes over a folder, extractZipEntry does not', () => {
    const zip = zipSync(files());
    const folder = readZipDirectory(zip, LIMITS)[2]!;
    expect(folder.name).toBe('xl/media/');
    expect(problem(() => verifyZipEntry(zip, { ...folder, flags: 1 }))).toBe('no problem');
    expect(problem(() => extractZipEntry(zip, { ...folder, flags: 1 }))).toBe('encrypted');
  });

  it('corrupt for a ZIP64 marker without its locator or end record', () => {
    const zip = zip64({ 'a.txt': strToU8('một hai ba') });
    const end = endRecord(zip);
    const broken = zip.slice();
    view(broken).setUint32(end - 20, 0, true); // the locator's signature
    expect(problem(() => readZipDirectory(broken, LIMITS))).toBe('corrupt');
    const elsewhere = zip.slice();
    view(elsewhere).setBigUint64(end - 20 + 8, 3n, true); // points where no ZIP64 end record is
    expect(problem(() => readZipDirectory(elsewhere, LIMITS))).toBe('corrupt');
    const noExtra = zip.slice();
    view(noExtra).setUint16(centralRecord(noExtra, 'a.txt') + 46 + 5, 0x9999, true); // not a ZIP64 field
    expect(problem(() => checkAll(noExtra))).toBe('zip-bomb'); // sizes left at 0xFFFFFFFF
  });
});

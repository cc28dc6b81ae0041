// A hardened reader of uploaded zips (.docx, .xlsx): the central directory is read and checked
// against limits — entry count, total uncompressed size, a compression ratio DEFLATE can reach —
// before anything is inflated, and an entry is only ever inflated with a bound equal to the size
// the directory declares, so a directory that lies costs no more than the limits in memory and time.
// ZIP64 end records and extra fields are read. Problems are thrown as ZipProblem, whose kind each
// caller maps onto its own error (DocumentError in docx-read, a file problem in report-xlsx).
import { Inflate } from 'fflate';

export type ZipProblemKind =
  /** The bytes do not start like a zip at all (another file type). */
  | 'not-zip'
  /** An entry is encrypted. */
  | 'encrypted'
  /** Too many entries, too much uncompressed data, or data that inflates past its declared size. */
  | 'zip-bomb'
  /** A zip that breaks: truncated, a directory that does not describe the file, bad compressed data. */
  | 'corrupt';

export class ZipProblem extends Error {
  override readonly name = 'ZipProblem';

  constructor(
    readonly kind: ZipProblemKind,
    options?: { cause?: unknown },
  ) {
    super(`zip: ${kind}`, options);
  }
}

export interface ZipLimits {
  /** Cap on the number of entries in the zip directory. */
  maxEntries: number;
  /** Cap on the sum of the uncompressed sizes of all entries, as the zip directory gives them. */
  maxUncompressedBytes: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const END_MIN = 22;
/** DEFLATE cannot expand data by more than about 1032:1; a directory claiming more lies. */
const MAX_DEFLATE_RATIO = 1032;

function u16(d: Uint8Array, o: number): number {
  return d[o]! | (d[o + 1]! << 8);
}

function u32(d: Uint8Array, o: number): number {
  return (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >>> 0;
}

/** A little-endian 64-bit size as a number; sizes past 2^53 are as good as infinite here. */
function u64(d: Uint8Array, o: number): number {
  return u32(d, o) + u32(d, o + 4) * 2 ** 32;
}

const utf8 = new TextDecoder('utf-8');

/**
 * The entries of the zip `d`, from its central directory, after checking them against `limits`.
 * Nothing is inflated. Throws ZipProblem: 'not-zip' when `d` does not start with a local file
 * header (or, empty, with the end record) — a .doc or .xls, an encrypted (OLE) Office file, text, a
 * PDF —, 'zip-bomb' or 'corrupt'.
 */
export function readZipDirectory(d: Uint8Array, limits: ZipLimits): ZipEntry[] {
  if (d.length < END_MIN || (u32(d, 0) !== SIG_LOCAL && u32(d, 0) !== SIG_END)) throw new ZipProblem('not-zip');
  const end = findEnd(d);
  let count = u16(d, end + 10);
  let size = u32(d, end + 12);
  let offset = u32(d, end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // ZIP64: the locator sits just before the end record and points at the 64-bit end record.
    const locator = end - 20;
    if (locator < 0 || u32(d, locator) !== SIG_END64_LOCATOR) throw new ZipProblem('corrupt');
    const end64 = u64(d, locator + 8);
    if (end64 + 56 > d.length || u32(d, end64) !== SIG_END64) throw new ZipProblem('corrupt');
    count = u64(d, end64 + 32);
    size = u64(d, end64 + 40);
    offset = u64(d, end64 + 48);
  }
  if (count > limits.maxEntries) throw new ZipProblem('zip-bomb');
  if (offset + size > d.length) throw new ZipProblem('corrupt');

  const entries: ZipEntry[] = [];
  let total = 0;
  let compressedTotal = 0;
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > d.length || u32(d, p) !== SIG_CENTRAL) throw new ZipProblem('corrupt');
    const nameLength = u16(d, p + 28);
    const extraLength = u16(d, p + 30);
    const commentLength = u16(d, p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > d.length) throw new ZipProblem('corrupt');
    const entry: ZipEntry = {
      name: utf8.decode(d.subarray(p + 46, p + 46 + nameLength)),
      flags: u16(d, p + 8),
      method: u16(d, p + 10),
      compressedSize: u32(d, p + 20),
      size: u32(d, p + 24),
      localOffset: u32(d, p + 42),
    };
    readZip64Extra(d, p + 46 + nameLength, extraLength, entry);
    p = next;

    total += entry.size;
    compressedTotal += entry.compressedSize;
    if (total > limits.maxUncompressedBytes) throw new ZipProblem('zip-bomb');
    // Data that together is larger than the file holding it, or that would have to inflate by more
    // than DEFLATE can, means the directory does not describe this file.
    if (compressedTotal > d.length) throw new ZipProblem('corrupt');
    if (entry.size > entry.compressedSize * MAX_DEFLATE_RATIO + 1024) throw new ZipProblem('zip-bomb');
    entries.push(entry);
  }
  return entries;
}

function findEnd(d: Uint8Array): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  const stop = Math.max(0, d.length - END_MIN - 0xffff);
  for (let e = d.length - END_MIN; e >= stop; e--) {
    if (d[e] === 0x50 && u32(d, e) === SIG_END) return e;
  }
  throw new ZipProblem('corrupt');
}

/** ZIP64 extended information (header 0x0001) replaces the 32-bit fields that are 0xFFFFFFFF. */
function readZip64Extra(d: Uint8Array, start: number, length: number, entry: ZipEntry): void {
  if (entry.size !== 0xffffffff && entry.compressedSize !== 0xffffffff && entry.localOffset !== 0xffffffff) return;
  const stop = start + length;
  for (let q = start; q + 4 <= stop; ) {
    const id = u16(d, q);
    const fieldLength = u16(d, q + 2);
    if (id === 0x0001) {
      let f = q + 4;
      const fieldEnd = Math.min(f + fieldLength, stop);
      if (entry.size === 0xffffffff && f + 8 <= fieldEnd) {
        entry.size = u64(d, f);
        f += 8;
      }
      if (entry.compressedSize === 0xffffffff && f + 8 <= fieldEnd) {
        entry.compressedSize = u64(d, f);
        f += 8;
      }
      if (entry.localOffset === 0xffffffff && f + 8 <= fieldEnd) entry.localOffset = u64(d, f);
      return;
    }
    q += 4 + fieldLength;
  }
}

/**
 * The uncompressed bytes of one entry of `d` (an entry readZipDirectory gave). Throws ZipProblem:
 * 'encrypted', 'zip-bomb' (it inflates past its declared size) or 'corrupt'.
 */
export function extractZipEntry(d: Uint8Array, entry: ZipEntry): Uint8Array {
  return readEntry(d, entry, true);
}

/**
 * Checks that one entry of `d` inflates to exactly the size the directory gives, without keeping
 * what it inflates to. A folder (a name ending in '/', size 0) has nothing to check. Throws
 * ZipProblem as extractZipEntry does.
 */
export function verifyZipEntry(d: Uint8Array, entry: ZipEntry): void {
  if (entry.name.endsWith('/') && entry.size === 0) return;
  readEntry(d, entry, false);
}

function readEntry(d: Uint8Array, entry: ZipEntry, keep: boolean): Uint8Array {
  if (entry.flags & 1) throw new ZipProblem('encrypted');
  const local = entry.localOffset;
  if (local + 30 > d.length || u32(d, local) !== SIG_LOCAL) throw new ZipProblem('corrupt');
  const start = local + 30 + u16(d, local + 26) + u16(d, local + 28);
  const stop = start + entry.compressedSize;
  if (stop > d.length) throw new ZipProblem('corrupt');
  const data = d.subarray(start, stop);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipProblem('corrupt');
    return data;
  }
  if (entry.method !== 8) throw new ZipProblem('corrupt');
  return inflateBounded(data, entry.size, keep);
}

/**
 * Inflates in small steps and stops as soon as the output passes the size the directory gave, so
 * a stream that lies about its size costs no more than that size in memory and time. Without
 * `keep` the output is only counted (and an empty array returned).
 */
function inflateBounded(data: Uint8Array, expected: number, keep: boolean): Uint8Array {
  const out = new Uint8Array(keep ? expected : 0);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > expected) throw new ZipProblem('zip-bomb');
    if (keep) out.set(chunk, written);
    written += chunk.length;
  });
  const step = 16 * 1024;
  try {
    if (data.length === 0) inflater.push(data, true);
    for (let i = 0; i < data.length; i += step) {
      inflater.push(data.subarray(i, i + step), i + step >= data.length);
    }
  } catch (error) {
    if (error instanceof ZipProblem) throw error;
    throw new ZipProblem('corrupt', { cause: error });
  }
  if (written !== expected) throw new ZipProblem('corrupt');
  return out;
}

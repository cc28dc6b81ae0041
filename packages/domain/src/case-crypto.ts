// Encryption at rest of the identifying fields of cases: AES-256-GCM through Web Crypto (Workers,
// Node ≥ 19, browsers), a fresh random 12-byte IV per value, keys from a secret with versions so
// they can rotate, and the case (and event) id as additional data so that a ciphertext moved to
// another row does not decrypt. Pure: no I/O, keys are passed in.

/** The part of Web Crypto used here (the package's lib has no DOM types). */
interface Subtle {
  importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: 'AES-GCM' }, extractable: false, usages: ('encrypt' | 'decrypt')[]): Promise<unknown>;
  encrypt(algorithm: { name: 'AES-GCM'; iv: Uint8Array; additionalData: Uint8Array; tagLength: 128 }, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: 'AES-GCM'; iv: Uint8Array; additionalData: Uint8Array; tagLength: 128 }, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}
interface WebCrypto {
  subtle: Subtle;
  getRandomValues<T extends Uint8Array>(array: T): T;
}
interface Utf8 {
  encode(text: string): Uint8Array;
}
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}

const runtime = globalThis as unknown as {
  crypto?: WebCrypto;
  TextEncoder?: new () => Utf8;
  TextDecoder?: new (label?: string, options?: { fatal?: boolean }) => Utf8Decoder;
};

function webCrypto(): WebCrypto {
  if (!runtime.crypto?.subtle || !runtime.TextEncoder || !runtime.TextDecoder)
    throw new CaseDataError('Web Crypto không có sẵn (Web Crypto is not available)');
  return runtime.crypto;
}

/** Bad key configuration, or a value that does not decrypt (wrong key, wrong row, tampered). */
export class CaseDataError extends Error {
  override name = 'CaseDataError';
}

export const CASE_KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = /^[A-Za-z0-9_-]{1,20}$/;

// ---------------------------------------------------------------------------------------------
// Base64 (standard alphabet, padded), without relying on atob/btoa typings.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map([...ALPHABET].map((ch, i) => [ch, i]));

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.trim();
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new CaseDataError('Chuỗi base64 không hợp lệ (Invalid base64)');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n = [0, 1, 2, 3].reduce((acc, k) => (acc << 6) | (LOOKUP.get(clean[i + k]!) ?? 0), 0);
    for (const shift of [16, 8, 0]) if (o < out.length) out[o++] = (n >> shift) & 255;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keys

export interface CaseKeyRing {
  /** The version new values are sealed with: the last one listed. */
  current: string;
  keys: ReadonlyMap<string, Uint8Array>;
}

/**
 * Reads CASE_DATA_KEYS: "v1:<base64 of 32 bytes>,v2:<…>" — every version still needed to open old
 * values, the last one current. Throws a CaseDataError that names the bad entry, never the key.
 */
export function parseCaseKeys(secret: string): CaseKeyRing {
  const entries = secret
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new CaseDataError('Chưa có khóa mã hóa vụ việc (CASE_DATA_KEYS is empty)');
  const keys = new Map<string, Uint8Array>();
  let current = '';
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const version = colon > 0 ? entry.slice(0, colon) : '';
    if (!VERSION.test(version)) throw new CaseDataError(`Khóa thứ ${i + 1}: cần dạng "v1:<base64>" (Key ${i + 1}: expected "v1:<base64>")`);
    if (keys.has(version)) throw new CaseDataError(`Phiên bản khóa ${version} bị trùng (Duplicate key version ${version})`);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(entry.slice(colon + 1));
    } catch {
      throw new CaseDataError(`Khóa ${version}: base64 không hợp lệ (Key ${version}: invalid base64)`);
    }
    if (bytes.length !== CASE_KEY_BYTES)
      throw new CaseDataError(`Khóa ${version}: cần đúng ${CASE_KEY_BYTES} byte (Key ${version}: must be ${CASE_KEY_BYTES} bytes)`);
    keys.set(version, bytes);
    current = version;
  });
  return { current, keys };
}

/** A new key entry, e.g. "v2:…", for CASE_DATA_KEYS (append it; the old ones stay until rotation ends). */
export function generateCaseKey(version = 'v1'): string {
  if (!VERSION.test(version)) throw new CaseDataError('Phiên bản khóa không hợp lệ (Invalid key version)');
  return `${version}:${toBase64(webCrypto().getRandomValues(new Uint8Array(CASE_KEY_BYTES)))}`;
}

/** The version after the ring's current one: v1 → v2 (or v<n+1> after the highest numbered). */
export function nextKeyVersion(ring: CaseKeyRing): string {
  const numbers = [...ring.keys.keys()].map((v) => /^v(\d+)$/.exec(v)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return `v${(numbers.length ? Math.max(...numbers) : 0) + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Sealing

export interface SealedValue {
  keyVersion: string;
  /** base64 of IV (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes). */
  ciphertext: string;
}

export interface CaseCipher {
  readonly currentVersion: string;
  readonly versions: readonly string[];
  seal(plaintext: string, aad: string): Promise<SealedValue>;
  open(sealed: SealedValue, aad: string): Promise<string>;
  sealJson(value: unknown, aad: string): Promise<SealedValue>;
  openJson<T = unknown>(sealed: SealedValue, aad: string): Promise<T>;
}

/** Additional data of a case's own identifying fields. */
export const caseAad = (caseId: string): string => `binh-dang:case:${caseId}`;
/** Additional data of an event's note: bound to its case and to the event itself. */
export const caseEventAad = (caseId: string, eventId: string): string => `binh-dang:case:${caseId}:event:${eventId}`;

export function createCaseCipher(ring: CaseKeyRing): CaseCipher {
  const crypto = webCrypto();
  const encoder = new runtime.TextEncoder!();
  const decoder = new runtime.TextDecoder!('utf-8', { fatal: true });
  const imported = new Map<string, Promise<unknown>>();
  const keyOf = (version: string) => {
    const raw = ring.keys.get(version);
    if (!raw) throw new CaseDataError(`Không có khóa phiên bản ${version} (No key of version ${version})`);
    let key = imported.get(version);
    if (!key) {
      key = crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
      imported.set(version, key);
    }
    return key;
  };
  const cipher: CaseCipher = {
    currentVersion: ring.current,
    versions: [...ring.keys.keys()],
    async seal(plaintext, aad) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(aad), tagLength: 128 }, await keyOf(ring.current), encoder.encode(plaintext)),
      );
      const out = new Uint8Array(IV_BYTES + sealed.length);
      out.set(iv, 0);
      out.set(sealed, IV_BYTES);
      return { keyVersion: ring.current, ciphertext: toBase64(out) };
    },
    async open(sealed, aad) {
      const bytes = fromBase64(sealed.ciphertext);
      if (bytes.length < IV_BYTES + 16) throw new CaseDataError('Dữ liệu mã hóa bị cắt cụt (Truncated ciphertext)');
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: encoder.encode(aad), tagLength: 128 },
          await keyOf(sealed.keyVersion),
          bytes.slice(IV_BYTES),
        );
        return decoder.decode(new Uint8Array(plain));
      } catch (error) {
        if (error instanceof CaseDataError) throw error;
        throw new CaseDataError('Không giải mã được: sai khóa, sai hồ sơ hoặc dữ liệu bị sửa (Cannot decrypt: wrong key, wrong record or tampered)');
      }
    },
    sealJson(value, aad) {
      return cipher.seal(JSON.stringify(value), aad);
    },
    async openJson<T>(sealed: SealedValue, aad: string) {
      return JSON.parse(await cipher.open(sealed, aad)) as T;
    },
  };
  return cipher;
}

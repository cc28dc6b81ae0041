import { describe, expect, it } from 'vitest';
import {
  CaseDataError,
  caseAad,
  caseEventAad,
  createCaseCipher,
  fromBase64,
  generateCaseKey,
  nextKeyVersion,
  parseCaseKeys,
  toBase64,
} from './case-crypto.ts';

const K1 = generateCaseKey('v1');
const K2 = generateCaseKey('v2');

describe('case data keys', () => {
  it('reads versions in order, the last one current', () => {
    const ring = parseCaseKeys(`${K1}, ${K2}`);
    expect(ring.current).toBe('v2');
    expect([...ring.keys.keys()]).toEqual(['v1', 'v2']);
    expect(nextKeyVersion(ring)).toBe('v3');
  });

  it('refuses malformed, short and duplicate keys without echoing them', () => {
    expect(() => parseCaseKeys('')).toThrow(CaseDataError);
    expect(() => parseCaseKeys('khong-co-phien-ban')).toThrow(/v1:<base64>/);
    expect(() => parseCaseKeys(`v1:${toBase64(new Uint8Array(16))}`)).toThrow(/32/);
    expect(() => parseCaseKeys(`${K1},${K1}`)).toThrow(/trùng/);
    try {
      parseCaseKeys('v1:***not base64***');
    } catch (error) {
      expect(String(error)).not.toContain('not base64');
    }
  });

  it('base64 round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
    // "Nguyễn" in UTF-8, against the RFC 4648 encoding of the same bytes.
    expect(toBase64(Uint8Array.from([0x4e, 0x67, 0x75, 0x79, 0xe1, 0xbb, 0x85, 0x6e]))).toBe('Tmd1eeG7hW4=');
  });
});

describe('sealing identifying fields (AES-256-GCM)', () => {
  const cipher = createCaseCipher(parseCaseKeys(`${K1},${K2}`));

  it('round-trips text and JSON with the current key version', async () => {
    const sealed = await cipher.seal('Nguyễn Thị Hoa, 0912 345 678', caseAad('C1'));
    expect(sealed.keyVersion).toBe('v2');
    expect(sealed.ciphertext).not.toContain('Hoa');
    expect(await cipher.open(sealed, caseAad('C1'))).toBe('Nguyễn Thị Hoa, 0912 345 678');
    const json = await cipher.sealJson({ victimName: 'Lê Thị B' }, caseAad('C1'));
    expect(await cipher.openJson(json, caseAad('C1'))).toEqual({ victimName: 'Lê Thị B' });
  });

  it('uses a fresh IV for every value: the same text seals differently', async () => {
    const a = await cipher.seal('cùng một tên', caseAad('C1'));
    const b = await cipher.seal('cùng một tên', caseAad('C1'));
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(fromBase64(a.ciphertext).slice(0, 12)).not.toEqual(fromBase64(b.ciphertext).slice(0, 12));
  });

  it('does not open with the wrong additional data (a ciphertext moved to another case or event)', async () => {
    const sealed = await cipher.seal('Tên nạn nhân', caseAad('C1'));
    await expect(cipher.open(sealed, caseAad('C2'))).rejects.toThrow(CaseDataError);
    const note = await cipher.seal('ghi chú', caseEventAad('C1', 'E1'));
    await expect(cipher.open(note, caseEventAad('C1', 'E2'))).rejects.toThrow(CaseDataError);
  });

  it('does not open a tampered value, or one of a key version it does not hold', async () => {
    const sealed = await cipher.seal('Tên nạn nhân', caseAad('C1'));
    const bytes = fromBase64(sealed.ciphertext);
    bytes[bytes.length - 1]! ^= 1;
    await expect(cipher.open({ ...sealed, ciphertext: toBase64(bytes) }, caseAad('C1'))).rejects.toThrow(CaseDataError);
    const onlyV1 = createCaseCipher(parseCaseKeys(K1));
    await expect(onlyV1.open(sealed, caseAad('C1'))).rejects.toThrow(/v2/);
  });

  it('opens values sealed with an older key after a new one is added (rotation)', async () => {
    const old = createCaseCipher(parseCaseKeys(K1));
    const sealed = await old.seal('Tên cũ', caseAad('C9'));
    expect(sealed.keyVersion).toBe('v1');
    expect(await cipher.open(sealed, caseAad('C9'))).toBe('Tên cũ');
    const resealed = await cipher.seal(await cipher.open(sealed, caseAad('C9')), caseAad('C9'));
    expect(resealed.keyVersion).toBe('v2');
  });
});

import { describe, expect, it } from 'vitest';
import { groupKey, normaliseTotpCode, parseTotpUri, recoveryCodesOf } from './two-factor.ts';

// The shape better-auth writes (@better-auth/utils/otp): issuer and account encoded in the label.
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const URI = `otpauth://totp/${encodeURIComponent('Bình Đẳng')}:${encodeURIComponent('quantri@phutho.demo')}?${new URLSearchParams({ secret: SECRET, issuer: 'Bình Đẳng', digits: '6', period: '30' })}`;

describe('parseTotpUri', () => {
  it('reads the key, account and issuer of an otpauth URI', () => {
    expect(parseTotpUri(URI)).toEqual({
      uri: URI,
      secret: SECRET,
      grouped: 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ',
      account: 'quantri@phutho.demo',
      issuer: 'Bình Đẳng',
      digits: 6,
      period: 30,
    });
  });

  it('takes a lower-case or padded key, and the issuer from the label when the parameter is missing', () => {
    const key = parseTotpUri(`otpauth://totp/Acme:a%40b.vn?secret=${SECRET.toLowerCase()}===`);
    expect(key?.secret).toBe(SECRET);
    expect(key?.issuer).toBe('Acme');
    expect(key?.account).toBe('a@b.vn');
  });

  it('refuses other schemes, HOTP, a missing or odd key', () => {
    for (const uri of [
      `javascript:alert(1)//?secret=${SECRET}`,
      `https://totp/x?secret=${SECRET}`,
      `otpauth://hotp/x?secret=${SECRET}`,
      'otpauth://totp/x',
      'otpauth://totp/x?secret=NOT-BASE-32!!!!!!!!',
      'otpauth://totp/x?secret=ABC',
      'not a uri',
      `otpauth://totp/x?secret=${'A'.repeat(600)}`,
    ])
      expect(parseTotpUri(uri), uri).toBeNull();
  });
});

describe('groupKey', () => {
  it('groups by four, the last group shorter', () => {
    expect(groupKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(groupKey('')).toBe('');
  });
});

describe('recoveryCodesOf', () => {
  it('keeps codes of the expected shape, all or none', () => {
    expect(recoveryCodesOf(['AbC12-dEf34', 'zzzzz-00000'])).toEqual(['AbC12-dEf34', 'zzzzz-00000']);
    expect(recoveryCodesOf(['AbC12-dEf34', '<script>'])).toEqual([]);
    expect(recoveryCodesOf(['AbC12-dEf34', new File([], 'x')])).toEqual([]);
    expect(recoveryCodesOf(Array.from({ length: 40 }, () => 'AbC12-dEf34'))).toEqual([]);
  });
});

describe('normaliseTotpCode', () => {
  it('accepts six digits with spaces or a dash, nothing else', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('123-456')).toBe('123456');
    expect(normaliseTotpCode('12345')).toBeNull();
    expect(normaliseTotpCode('12345a')).toBeNull();
  });
});

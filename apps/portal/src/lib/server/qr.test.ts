import { describe, expect, it } from 'vitest';
import { qrSvg } from './qr.ts';

describe('qrSvg', () => {
  it('draws an otpauth URI as one inline SVG path, sized by CSS', () => {
    const uri = `otpauth://totp/B%C3%ACnh%20%C4%90%E1%BA%B3ng:quantri%40phutho.demo?secret=${'A'.repeat(52)}&issuer=B%C3%ACnh+%C4%90%E1%BA%B3ng&digits=6&period=30`;
    const svg = qrSvg(uri);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" version="1\.1" viewBox="0 0 256 256">/);
    expect(svg.match(/<path /g)).toHaveLength(1);
    // Numbers and the two colours only: nothing of the text it encodes, no script, no link.
    expect(svg).not.toContain('otpauth');
    expect(svg).not.toMatch(/script|href|on[a-z]+=/i);
  });
});

import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../auth/demo-accounts.ts';
import { FIXED_NOW, createTestApp } from '../../test/test-app.ts';
import { MAX_FAILURES_PER_ACCOUNT } from './session.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const REPORTER = 'baocao.caoxa@lamthao.demo';
const ADMIN = 'quantri@phutho.demo';

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as { status: number; detail?: string; errors?: { path: string; message: string }[] };
}

describe('POST /api/v1/session', () => {
  it('signs in with the right password and sets an HttpOnly, SameSite session cookie', async () => {
    t = await createTestApp();
    const res = await t.send('POST', '/api/v1/session', { email: REPORTER, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { email: string }; memberships: { orgUnitId: string; role: string }[] };
    expect(body.user.email).toBe(REPORTER);
    expect(body.memberships).toEqual([expect.objectContaining({ orgUnitId: 'xa-cao-xa-2024', role: 'reporter', active: true })]);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('binh-dang.session_token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it('gives the same answer for a wrong password and for an unknown e-mail', async () => {
    t = await createTestApp();
    const wrong = await t.send('POST', '/api/v1/session', { email: REPORTER, password: 'sai-mat-khau-123' });
    const unknown = await t.send('POST', '/api/v1/session', { email: 'khong-co@lamthao.demo', password: 'sai-mat-khau-123' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await problemOf(wrong), await problemOf(unknown)];
    expect(a).toEqual(b);
    expect(a.errors?.[0]).toMatchObject({ path: 'body.password', message: 'Email hoặc mật khẩu không đúng (Wrong e-mail or password)' });
  });

  it('spends password-hashing time on unknown e-mails too (same timing class)', async () => {
    t = await createTestApp();
    const time = async (email: string) => {
      const start = performance.now();
      await t.send('POST', '/api/v1/session', { email, password: 'sai-mat-khau-123' });
      return performance.now() - start;
    };
    await time(REPORTER); // warm-up
    // Interleaved samples and medians, so that load on a shared machine hits both sides alike.
    const knownSamples: number[] = [];
    const unknownSamples: number[] = [];
    for (let i = 0; i < 5; i++) {
      knownSamples.push(await time(REPORTER));
      unknownSamples.push(await time(`ai-do-${i}@lamthao.demo`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [known, unknown] = [median(knownSamples), median(unknownSamples)];
    expect(unknown).toBeGreaterThan(known / 4);
  });

  it(`throttles the ${MAX_FAILURES_PER_ACCOUNT + 1}th failed try with 429 and a clear message, even with the right password`, async () => {
    t = await createTestApp();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      expect((await t.send('POST', '/api/v1/session', { email: REPORTER, password: `sai-${i}-mat-khau` })).status).toBe(401);
    const res = await t.send('POST', '/api/v1/session', { email: REPORTER, password: DEMO_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('900');
    expect((await problemOf(res)).detail).toMatch(/Đăng nhập sai quá nhiều lần/);
    // Another account from another address is not affected.
    expect((await t.send('POST', '/api/v1/session', { email: 'dieuphoi@lamthao.demo', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('lets the account in again once the window has passed', async () => {
    let now = FIXED_NOW;
    t = await createTestApp({ now: () => now });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await t.send('POST', '/api/v1/session', { email: REPORTER, password: `sai-${i}-mat-khau` });
    expect((await t.send('POST', '/api/v1/session', { email: REPORTER, password: DEMO_PASSWORD })).status).toBe(429);
    now = new Date(FIXED_NOW.getTime() + 16 * 60_000);
    expect((await t.send('POST', '/api/v1/session', { email: REPORTER, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it.each([
    [{ email: 'not-an-email', password: 'x' }, 'body.email'],
    [{ email: REPORTER }, 'body.password'],
    [{ email: REPORTER, password: 'x', role: 'province_admin' }, 'body'],
    [{ email: REPORTER, password: 'x'.repeat(200) }, 'body.password'],
  ])('rejects a malformed body %j with 400 and the field path', async (body, path) => {
    t = await createTestApp();
    const res = await t.send('POST', '/api/v1/session', body);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toContain(path);
  });

  it('answers a body that is not JSON with 4xx problem+json, never 5xx', async () => {
    t = await createTestApp();
    const bad = await t.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(bad.status).toBe(400);
    await problemOf(bad);
    const form = await t.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=x' });
    expect(form.status).toBe(415);
    const huge = await t.app.request('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: REPORTER, password: 'x'.repeat(300_000) }),
    });
    expect(huge.status).toBe(413);
    expect(t.errors).toEqual([]);
  });

  it('refuses a cross-site sign-in post', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: REPORTER, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe('sessions', () => {
  it('GET /api/v1/me answers 401 without a session, and for a forged one', async () => {
    t = await createTestApp();
    expect((await t.get('/api/v1/me')).status).toBe(401);
    const forged = await t.get('/api/v1/me', 'binh-dang.session_token=forged.token-value');
    expect(forged.status).toBe(401);
    expect((await problemOf(forged)).status).toBe(401);
  });

  it('sign-out ends the session on the server: the old cookie no longer works', async () => {
    t = await createTestApp();
    const cookie = await t.signIn(REPORTER);
    expect((await t.get('/api/v1/me', cookie)).status).toBe(200);
    const out = await t.app.request('/api/v1/session', { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await t.get('/api/v1/me', cookie)).status).toBe(401);
  });

  it('signs out over real HTTP (Node server): a bare DELETE is not refused for its missing body type', async () => {
    t = await createTestApp();
    const cookie = await t.signIn(REPORTER);
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/session`, { method: 'DELETE', headers: { cookie } });
      expect(res.status).toBe(204);
      expect((await t.get('/api/v1/me', cookie)).status).toBe(401);
    } finally {
      server.close();
    }
  });

  it('ends a session after its absolute lifetime however active it was', async () => {
    // better-auth reads the system clock, so the whole app runs on a faked Date here.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = new Date('2026-01-05T01:00:00Z').getTime();
      vi.setSystemTime(start);
      t = await createTestApp({ now: () => new Date() });
      const cookie = await t.signIn(REPORTER);
      // Used every 7 hours, the session never idles out (8 hours)…
      for (const hours of [7, 14, 21]) {
        vi.setSystemTime(start + hours * 3600_000);
        expect((await t.get('/api/v1/me', cookie)).status).toBe(200);
      }
      // …but 24 hours after sign-in it ends.
      vi.setSystemTime(start + 24 * 3600_000 + 60_000);
      expect((await t.get('/api/v1/me', cookie)).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends an idle session after 8 hours', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = new Date('2026-01-05T01:00:00Z').getTime();
      vi.setSystemTime(start);
      t = await createTestApp({ now: () => new Date() });
      const cookie = await t.signIn(REPORTER);
      vi.setSystemTime(start + 8 * 3600_000 + 60_000);
      expect((await t.get('/api/v1/me', cookie)).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('two-factor sign-in for province administrators', () => {
  it('keeps the administrator role inactive until two-factor is set up, then requires the code at sign-in', async () => {
    t = await createTestApp();
    let cookie = await t.signIn(ADMIN);
    const me = (await (await t.get('/api/v1/me', cookie)).json()) as { twoFactorRequired: boolean; memberships: { active: boolean }[] };
    expect(me.twoFactorRequired).toBe(true);
    expect(me.memberships[0]?.active).toBe(false);
    expect((await t.get('/api/v1/audit/tinh-phu-tho-1997/verify', cookie)).status).toBe(403);

    const setup = await t.send('POST', '/api/v1/me/two-factor', { password: DEMO_PASSWORD }, cookie);
    expect(setup.status).toBe(200);
    const { totpURI, backupCodes } = (await setup.json()) as { totpURI: string; backupCodes: string[] };
    expect(backupCodes.length).toBeGreaterThan(0);
    // The URI carries the key in base32, as authenticator apps expect; the OTP helper takes raw bytes.
    const secret = base32.decode(new URL(totpURI).searchParams.get('secret')!);
    const code = async () => createOTP(secret).totp();
    expect((await t.send('POST', '/api/v1/me/two-factor/verify', { code: '000000' }, cookie)).status).toBe(401);
    const wrongAtSignIn = await t.send('POST', '/api/v1/session', { email: ADMIN, password: DEMO_PASSWORD, totpCode: '000000' });
    // (two-factor is not on yet: the password alone signs in)
    expect(wrongAtSignIn.status).toBe(200);
    expect((await t.send('POST', '/api/v1/me/two-factor/verify', { code: await code() }, cookie)).status).toBe(204);

    const withoutCode = await t.send('POST', '/api/v1/session', { email: ADMIN, password: DEMO_PASSWORD });
    expect(withoutCode.status).toBe(401);
    expect((await problemOf(withoutCode)).errors?.[0]?.path).toBe('body.totpCode');
    const wrongCode = await t.send('POST', '/api/v1/session', { email: ADMIN, password: DEMO_PASSWORD, totpCode: '000000' });
    expect(wrongCode.status).toBe(401);
    expect((await problemOf(wrongCode)).errors?.[0]?.path).toBe('body.totpCode');
    cookie = await t.signIn(ADMIN, DEMO_PASSWORD, { totpCode: await code() });
    // A recovery code works once instead of the app's code.
    expect((await t.send('POST', '/api/v1/session', { email: ADMIN, password: DEMO_PASSWORD, recoveryCode: backupCodes[0] })).status).toBe(200);
    expect((await t.send('POST', '/api/v1/session', { email: ADMIN, password: DEMO_PASSWORD, recoveryCode: backupCodes[0] })).status).toBe(401);
    const after = (await (await t.get('/api/v1/me', cookie)).json()) as { twoFactorRequired: boolean; memberships: { active: boolean }[] };
    expect(after.twoFactorRequired).toBe(false);
    expect(after.memberships[0]?.active).toBe(true);
    expect((await t.get('/api/v1/audit/tinh-phu-tho-1997/verify', cookie)).status).toBe(200);
  });
});

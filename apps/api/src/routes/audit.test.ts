import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../auth/demo-accounts.ts';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  let cookie = await t.signIn('quantri@phutho.demo');
  const setup = (await (await t.send('POST', '/api/v1/me/two-factor', { password: DEMO_PASSWORD }, cookie)).json()) as { totpURI: string };
  const secret = base32.decode(new URL(setup.totpURI).searchParams.get('secret')!);
  await t.send('POST', '/api/v1/me/two-factor/verify', { code: await createOTP(secret).totp() }, cookie);
  cookie = await t.signIn('quantri@phutho.demo', DEMO_PASSWORD, { totpCode: await createOTP(secret).totp() });
  admin = cookie;
  // A failed sign-in and a coordinator's invitation, both audited.
  await t.send('POST', '/api/v1/session', { email: 'dieuphoi@lamthao.demo', password: 'sai-mat-khau-000' });
  const coordinator = await t.signIn('dieuphoi@lamthao.demo');
  expect((await t.send('POST', '/api/v1/org-units/xa-cao-xa-2024/invitations', { email: 'moi@lamthao.demo', role: 'reporter' }, coordinator)).status).toBe(201);
});
afterAll(() => t.close());

type Events = { items: { seq: number; action: string; actorLabel: string; after: string | null }[] };

describe('GET /api/v1/audit/{provinceId}', () => {
  it('records sign-ins, two-factor set-up and invitations in the province chain, newest first', async () => {
    const res = await t.get('/api/v1/audit/tinh-phu-tho-1997/events', admin);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as Events;
    const actions = items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.sign_in', 'auth.two_factor_enabled', 'invitation.create']));
    expect(items.map((e) => e.seq)).toEqual([...items.map((e) => e.seq)].sort((a, b) => b - a));
    const invitation = items.find((e) => e.action === 'invitation.create')!;
    expect(JSON.parse(invitation.after!)).toMatchObject({ email: 'moi@lamthao.demo', role: 'reporter', orgUnitId: 'xa-cao-xa-2024' });
  });

  it('verifies the chain, and names the first broken link after a hand edit', async () => {
    const ok = (await (await t.get('/api/v1/audit/tinh-phu-tho-1997/verify', admin)).json()) as { ok: boolean; checked: number };
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThanOrEqual(4);
    // Application code cannot change an audit row: the database refuses.
    const refused = await t.db.run(sql`update audit_events set actor_label = 'ai đó' where chain = 'tinh-phu-tho-1997' and seq = 2`).catch((e: Error) => e);
    expect(String((refused as Error).cause ?? refused)).toMatch(/append-only/);
    // By hand, dropping the guard first:
    await t.db.run(sql`drop trigger audit_events_no_update`);
    await t.db.run(sql`update audit_events set actor_label = 'ai đó' where chain = 'tinh-phu-tho-1997' and seq = 2`);
    const broken = (await (await t.get('/api/v1/audit/tinh-phu-tho-1997/verify', admin)).json()) as {
      ok: boolean;
      firstBroken: { seq: number; reason: string };
    };
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken.seq).toBe(2);
  });

  it('answers 404 for a unit that is not a province, and 403 to a coordinator', async () => {
    expect((await t.get('/api/v1/audit/huyen-lam-thao/verify', admin)).status).toBe(404);
    const coordinator = await t.signIn('dieuphoi@lamthao.demo');
    // The coordinator's reach is the district, below the province: the province is hidden.
    expect((await t.get('/api/v1/audit/tinh-phu-tho-1997/events', coordinator)).status).toBe(404);
  });

  it('audits failed sign-ins in the system chain without a password', async () => {
    const { listAuditEvents } = await import('@binh-dang/db');
    const events = await listAuditEvents(t.db, { chain: 'system', limit: 50 });
    const failed = events.find((e) => e.action === 'auth.sign_in_failed');
    expect(failed?.actorLabel).toBe('dieuphoi@lamthao.demo');
    expect(JSON.stringify(events)).not.toContain('sai-mat-khau-000');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIXED_NOW, createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const COORDINATOR = 'dieuphoi@lamthao.demo';
const REPORTER_CAOXA = 'baocao.caoxa@lamthao.demo';

type List = { items: { id: string; email: string; orgUnitId: string; role: string }[] };

describe('GET /api/v1/org-units/{unitId}/memberships', () => {
  it("lists the users of the coordinator's subtree, not those above it", async () => {
    t = await createTestApp();
    const cookie = await t.signIn(COORDINATOR);
    const res = await t.get('/api/v1/org-units/huyen-lam-thao/memberships', cookie);
    expect(res.status).toBe(200);
    const emails = ((await res.json()) as List).items.map((m) => m.email);
    expect(emails).toEqual(expect.arrayContaining([REPORTER_CAOXA, 'baocao.tienkien@lamthao.demo', COORDINATOR]));
    expect(emails).not.toContain('quantri@phutho.demo');
  });

  it('hides another commune from a reporter (404) and refuses the reporter on its own commune (403)', async () => {
    t = await createTestApp();
    const cookie = await t.signIn(REPORTER_CAOXA);
    expect((await t.get('/api/v1/org-units/xa-tien-kien-2024/memberships', cookie)).status).toBe(404);
    expect((await t.get('/api/v1/org-units/khong-co-don-vi/memberships', cookie)).status).toBe(404);
    expect((await t.get('/api/v1/org-units/xa-cao-xa-2024/memberships', cookie)).status).toBe(403);
  });
});

describe('invitations', () => {
  async function invite(email: string, role = 'reporter', unit = 'xa-cao-xa-2024') {
    const cookie = await t.signIn(COORDINATOR);
    const res = await t.send('POST', `/api/v1/org-units/${unit}/invitations`, { email, role }, cookie);
    return { res, body: (await res.json()) as { token: string; path: string; expiresAt: string } };
  }

  it('creates an account from a single-use link bound to the invited e-mail', async () => {
    t = await createTestApp();
    const { res, body } = await invite('Moi.Nguoi@LamThao.demo');
    expect(res.status).toBe(201);
    expect(body.path).toBe(`/moi/${body.token}`);
    const weak = await t.send('POST', '/api/v1/invitations/accept', { token: body.token, name: 'Nguyễn Văn Mới', password: '1234567890' });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('body.password');
    const ok = await t.send('POST', '/api/v1/invitations/accept', { token: body.token, name: 'Nguyễn Văn Mới', password: 'mot-mat-khau-du-dai' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ email: 'moi.nguoi@lamthao.demo', accountCreated: true });
    const cookie = await t.signIn('moi.nguoi@lamthao.demo', 'mot-mat-khau-du-dai');
    const me = (await (await t.get('/api/v1/me', cookie)).json()) as { memberships: { orgUnitId: string; role: string }[] };
    expect(me.memberships).toEqual([expect.objectContaining({ orgUnitId: 'xa-cao-xa-2024', role: 'reporter' })]);
    const again = await t.send('POST', '/api/v1/invitations/accept', { token: body.token, name: 'Kẻ khác', password: 'mot-mat-khau-khac-nua' });
    expect(again.status).toBe(404);
  });

  it('refuses an expired link', async () => {
    let now = FIXED_NOW;
    t = await createTestApp({ now: () => now });
    const { body } = await invite('het.han@lamthao.demo');
    now = new Date(FIXED_NOW.getTime() + 8 * 86_400_000);
    const res = await t.send('POST', '/api/v1/invitations/accept', { token: body.token, name: 'Trễ Hạn', password: 'mot-mat-khau-du-dai' });
    expect(res.status).toBe(404);
  });

  it('adds the role to an existing account only when signed in as that e-mail', async () => {
    t = await createTestApp();
    const { body } = await invite(REPORTER_CAOXA, 'viewer', 'xa-tien-kien-2024');
    const anonymous = await t.send('POST', '/api/v1/invitations/accept', { token: body.token });
    expect(anonymous.status).toBe(409);
    const cookie = await t.signIn(REPORTER_CAOXA);
    const res = await t.send('POST', '/api/v1/invitations/accept', { token: body.token }, cookie);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { accountCreated: boolean }).accountCreated).toBe(false);
    const me = (await (await t.get('/api/v1/me', cookie)).json()) as { memberships: { orgUnitId: string }[] };
    expect(me.memberships.map((m) => m.orgUnitId).sort()).toEqual(['xa-cao-xa-2024', 'xa-tien-kien-2024']);
  });

  it('does not let a coordinator grant a role above its own, nor invite outside its subtree', async () => {
    t = await createTestApp();
    const { res, body } = await invite('sep@lamthao.demo', 'province_admin');
    expect(res.status).toBe(403);
    expect((body as unknown as { errors: { path: string }[] }).errors[0]?.path).toBe('body.role');
    expect((await invite('xa-moi@phutho.demo', 'reporter', 'xa-lam-thao-2025')).res.status).toBe(404);
  });
});

describe('recent sign-in for administrative actions', () => {
  it('asks a coordinator who signed in more than an hour ago to sign in again before inviting', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = new Date('2026-01-05T01:00:00Z').getTime();
      vi.setSystemTime(start);
      t = await createTestApp({ now: () => new Date() });
      const cookie = await t.signIn(COORDINATOR);
      vi.setSystemTime(start + 61 * 60_000);
      expect((await t.get('/api/v1/org-units/huyen-lam-thao/memberships', cookie)).status).toBe(200);
      const res = await t.send('POST', '/api/v1/org-units/xa-cao-xa-2024/invitations', { email: 'a@lamthao.demo', role: 'viewer' }, cookie);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/cần đăng nhập lại/);
      const fresh = await t.signIn(COORDINATOR);
      expect((await t.send('POST', '/api/v1/org-units/xa-cao-xa-2024/invitations', { email: 'a@lamthao.demo', role: 'viewer' }, fresh)).status).toBe(201);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('DELETE /api/v1/memberships/{id}', () => {
  it('removes a role inside the subtree, audits it, and the user loses access at once', async () => {
    t = await createTestApp();
    const coordinator = await t.signIn(COORDINATOR);
    const reporter = await t.signIn('baocao.tienkien@lamthao.demo');
    const list = (await (await t.get('/api/v1/org-units/xa-tien-kien-2024/memberships', coordinator)).json()) as List;
    const target = list.items.find((m) => m.email === 'baocao.tienkien@lamthao.demo')!;
    const res = await t.app.request(`/api/v1/memberships/${target.id}`, { method: 'DELETE', headers: { cookie: coordinator } });
    expect(res.status).toBe(204);
    const me = (await (await t.get('/api/v1/me', reporter)).json()) as { memberships: unknown[] };
    expect(me.memberships).toEqual([]);
    const { listAuditEvents } = await import('@binh-dang/db');
    const events = await listAuditEvents(t.db, { chain: 'tinh-phu-tho-1997', limit: 10 });
    expect(events[0]).toMatchObject({ action: 'membership.delete', entityId: target.id, actorLabel: COORDINATOR });
    expect(JSON.parse(events[0]!.before!)).toMatchObject({ email: 'baocao.tienkien@lamthao.demo', role: 'reporter' });
  });

  it("answers 404 for a membership above the coordinator's reach, and for an unknown one", async () => {
    t = await createTestApp();
    const coordinator = await t.signIn(COORDINATOR);
    for (const id of ['demo-admin-m', 'khong-co']) {
      const res = await t.app.request(`/api/v1/memberships/${id}`, { method: 'DELETE', headers: { cookie: coordinator } });
      expect(res.status).toBe(404);
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb, type DbHandle } from './client.ts';
import { migrateDb } from './migrate.ts';
import {
  addNotificationOnce,
  countUnreadNotifications,
  insertOutboxEmail,
  listNotifications,
  listOutboxFor,
  markNotificationRead,
  markOutboxEmail,
  openDuties,
  openReportSlots,
  pendingOutboxEmails,
  usersWithRoleAt,
} from './notifications.ts';
import { dutyTrackings, memberships, notifications, users } from './schema.ts';
import { seedDemoData, seedDemoScenario } from './seed/index.ts';
import { COMMUNES_2024 } from './seed/org-units.ts';
import type { Db } from './types.ts';

const DEADLINE = '2024-11-15';
const isCommune = (id: string) => (COMMUNES_2024 as readonly string[]).includes(id);
const WINDOW = { from: '2024-10-15', to: '2024-11-19' };

let handle: DbHandle;
let db: Db;

beforeEach(async () => {
  handle = createDb(':memory:');
  db = handle.db;
  await migrateDb(db);
  await seedDemoData(db);
  // The demo story: the Lâm Thao plan issued (reports due 15/11/2024), ten communes' reports
  // approved, Cao Xá's and Tiên Kiên's not opened.
  await seedDemoScenario(db);
  const now = new Date('2024-11-01T00:00:00Z');
  for (const [id, unit, role] of [
    ['u-caoxa', 'xa-cao-xa-2024', 'reporter'],
    ['u-caoxa-viewer', 'xa-cao-xa-2024', 'viewer'],
    ['u-district', 'huyen-lam-thao', 'coordinator'],
  ] as const) {
    await db.insert(users).values({ id, name: id, email: `${id}@test.demo`, createdAt: now, updatedAt: now });
    await db.insert(memberships).values({ id: `${id}-m`, userId: id, orgUnitId: unit, role });
  }
});

afterEach(() => handle.close());

describe('what is due', () => {
  it('finds the report slots not submitted: of the communes, Cao Xá and Tiên Kiên owe the 2024 report', async () => {
    const slots = await openReportSlots(db, WINDOW);
    // Every unit the plan's duties are addressed to owes a report: the ten approved communes do not
    // appear, the district's agencies (no report in the demo) do.
    expect(slots.map((s) => s.unitId).filter(isCommune).sort()).toEqual(['xa-cao-xa-2024', 'xa-tien-kien-2024']);
    expect(slots.map((s) => s.unitId)).toContain('phong-ldtbxh-lam-thao');
    expect(slots.every((s) => s.period === '2024' && s.deadline === DEADLINE && s.reportStatus === null && s.planId === 'ke-hoach-bdg-lam-thao-2024')).toBe(true);
  });

  it('leaves out deadlines outside the window and units outside the scope', async () => {
    expect(await openReportSlots(db, { from: '2024-11-16', to: '2024-12-31' })).toEqual([]);
    expect(await openReportSlots(db, { from: '2024-01-01', to: '2024-11-14' })).toEqual([]);
    const scoped = await openReportSlots(db, { ...WINDOW, scopePath: '/tinh-phu-tho-1997/huyen-lam-thao/xa-cao-xa-2024/' });
    expect(scoped.map((s) => s.unitId)).toEqual(['xa-cao-xa-2024']);
  });

  it('counts a draft or returned report as not submitted, a submitted one as settled', async () => {
    const { reports } = await import('./schema.ts');
    await db.insert(reports).values({ id: 'r1', planId: 'ke-hoach-bdg-lam-thao-2024', orgUnitId: 'xa-cao-xa-2024', orgUnitPath: '/tinh-phu-tho-1997/huyen-lam-thao/xa-cao-xa-2024/', period: '2024', status: 'returned' });
    const slot = (await openReportSlots(db, WINDOW)).find((s) => s.unitId === 'xa-cao-xa-2024');
    expect(slot?.reportStatus).toBe('returned');
    await db.update(reports).set({ status: 'submitted' }).where(eq(reports.id, 'r1'));
    expect((await openReportSlots(db, WINDOW)).map((s) => s.unitId).filter(isCommune)).toEqual(['xa-tien-kien-2024']);
  });

  it('finds the tracked duties not done, and drops a duty once it is done', async () => {
    const duties = await openDuties(db, WINDOW);
    expect(duties.length).toBeGreaterThan(0);
    expect(duties.every((d) => d.status !== 'done' && d.dueDate >= WINDOW.from && d.dueDate <= WINDOW.to)).toBe(true);
    const one = duties[0]!;
    await db.update(dutyTrackings).set({ status: 'done' }).where(eq(dutyTrackings.id, one.id));
    expect((await openDuties(db, WINDOW)).some((d) => d.id === one.id)).toBe(false);
  });

  it('names the users holding the given roles at exactly those units', async () => {
    const found = await usersWithRoleAt(db, ['xa-cao-xa-2024', 'xa-tien-kien-2024'], ['reporter', 'coordinator']);
    expect(found.map((u) => [u.userId, u.unitId, u.role])).toEqual([['u-caoxa', 'xa-cao-xa-2024', 'reporter']]);
    expect(await usersWithRoleAt(db, [], ['reporter'])).toEqual([]);
  });
});

describe('notifications', () => {
  const base = { kind: 'report.due', subject: 'report:p:u:2024', title: 't', body: 'b', link: '/bao-cao', dueDate: DEADLINE };

  it('are added once per user, subject and step', async () => {
    expect(await addNotificationOnce(db, { ...base, id: 'n1', userId: 'u-caoxa', step: 3, createdAt: '2024-11-12T01:00:00.000Z' })).toBe(true);
    expect(await addNotificationOnce(db, { ...base, id: 'n2', userId: 'u-caoxa', step: 3, createdAt: '2024-11-12T02:00:00.000Z' })).toBe(false);
    expect(await addNotificationOnce(db, { ...base, id: 'n3', userId: 'u-caoxa', step: 1, createdAt: '2024-11-14T01:00:00.000Z' })).toBe(true);
    expect(await addNotificationOnce(db, { ...base, id: 'n4', userId: 'u-district', step: 3, createdAt: '2024-11-12T01:00:00.000Z' })).toBe(true);
    expect((await listNotifications(db, 'u-caoxa')).map((n) => n.id)).toEqual(['n3', 'n1']);
    expect(await countUnreadNotifications(db, 'u-caoxa')).toBe(2);
  });

  it('are marked read by their user only, and keep the first reading time', async () => {
    await addNotificationOnce(db, { ...base, id: 'n1', userId: 'u-caoxa', step: 3, createdAt: '2024-11-12T01:00:00.000Z' });
    expect(await markNotificationRead(db, 'u-district', 'n1', '2024-11-12T03:00:00.000Z')).toBe(false);
    expect(await markNotificationRead(db, 'u-caoxa', 'khong-co', '2024-11-12T03:00:00.000Z')).toBe(false);
    expect(await markNotificationRead(db, 'u-caoxa', 'n1', '2024-11-12T03:00:00.000Z')).toBe(true);
    expect(await markNotificationRead(db, 'u-caoxa', 'n1', '2024-11-13T03:00:00.000Z')).toBe(true);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, 'n1'));
    expect(row?.readAt).toBe('2024-11-12T03:00:00.000Z');
    expect(await countUnreadNotifications(db, 'u-caoxa')).toBe(0);
    expect(await listNotifications(db, 'u-caoxa', { unreadOnly: true })).toEqual([]);
  });
});

describe('the e-mail outbox', () => {
  it('lists the e-mails of one address, and the ones not sent yet', async () => {
    await insertOutboxEmail(db, { id: 'e1', toEmail: 'u-caoxa@test.demo', subject: 's1', body: 'b', createdAt: '2024-11-12T01:00:00.000Z' });
    await insertOutboxEmail(db, { id: 'e2', toEmail: 'u-district@test.demo', subject: 's2', body: 'b', createdAt: '2024-11-12T01:00:01.000Z' });
    await insertOutboxEmail(db, { id: 'e3', toEmail: 'u-caoxa@test.demo', subject: 's3', body: 'b', createdAt: '2024-11-12T01:00:02.000Z' });
    expect((await listOutboxFor(db, 'U-CaoXa@test.demo')).map((e) => e.id)).toEqual(['e3', 'e1']);
    await markOutboxEmail(db, 'e1', { sentAt: '2024-11-12T01:00:05.000Z', providerId: 'prov-1' });
    await markOutboxEmail(db, 'e2', { error: 'resend: HTTP 500' });
    expect((await pendingOutboxEmails(db, '2024-11-12T00:00:00.000Z')).map((e) => e.id)).toEqual(['e2', 'e3']);
    expect(await pendingOutboxEmails(db, '2024-11-13T00:00:00.000Z')).toEqual([]);
  });
});

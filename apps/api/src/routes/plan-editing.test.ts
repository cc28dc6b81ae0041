import { afterEach, describe, expect, it } from 'vitest';
import { insertPlan, listAuditEvents, schema } from '@binh-dang/db';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { legalBasisText, planToText, type Plan, type PlanContent } from '@binh-dang/domain';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const SEED = lamThaoPlan2024.id;

function contentOf(plan: Plan): PlanContent {
  const { id: _id, issuingUnitId: _u, year: _y, status: _s, version: _v, provenance: _p, parentPlanId: _pp, amendsPlanId: _a, issuedAt: _i, updatedAt: _t, ...content } = plan;
  return content;
}

async function planOf(res: Response) {
  return ((await res.json()) as { plan: Plan }).plan;
}

describe('PUT /api/v1/plans/{id}', () => {
  it('saves a draft and bumps its version; the stale save gets 409 with the current plan', async () => {
    t = await createTestApp();
    const cookie = await t.signIn('dieuphoi@lamthao.demo');
    const content = { ...contentOf(lamThaoPlan2024), title: 'Tiêu đề mới của kế hoạch' };
    const first = await t.send('PUT', `/api/v1/plans/${SEED}`, { version: 1, content }, cookie);
    expect(first.status).toBe(200);
    const saved = await planOf(first);
    expect(saved.version).toBe(2);
    expect(saved.title).toBe('Tiêu đề mới của kế hoạch');
    const stale = await t.send('PUT', `/api/v1/plans/${SEED}`, { version: 1, content: { ...content, title: 'Ghi đè' } }, cookie);
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { current: Plan };
    expect(body.current.title).toBe('Tiêu đề mới của kế hoạch');
    expect(body.current.version).toBe(2);
  });

  it('lets exactly one of 20 concurrent saves of the same version win', async () => {
    t = await createTestApp();
    const cookie = await t.signIn('dieuphoi@lamthao.demo');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.send('PUT', `/api/v1/plans/${SEED}`, { version: 1, content: { ...contentOf(lamThaoPlan2024), title: `Bản ${i}` } }, cookie),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const final = await planOf(await t.get(`/api/v1/plans/${SEED}`, cookie));
    expect(final.version).toBe(2);
  });

  it('rejects bad content with field paths and changes nothing', async () => {
    t = await createTestApp();
    const cookie = await t.signIn('dieuphoi@lamthao.demo');
    const content = contentOf(lamThaoPlan2024);
    const badUnit = {
      ...content,
      implementation: {
        ...content.implementation,
        assignments: content.implementation.assignments.map((a, i) => (i === 1 ? { ...a, units: [{ orgUnitId: 'khong-co', role: 'lead' }] } : a)),
      },
    };
    const res = await t.send('PUT', `/api/v1/plans/${SEED}`, { version: 1, content: badUnit }, cookie);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('body.content.implementation.assignments.1.units.0.orgUnitId');
    const extra = await t.send('PUT', `/api/v1/plans/${SEED}`, { version: 1, content: { ...content, secret: 1 } }, cookie);
    expect(extra.status).toBe(400);
    const emptyTitle = await t.send('PUT', `/api/v1/plans/${SEED}`, { version: 1, content: { ...content, title: '  ' } }, cookie);
    expect(((await emptyTitle.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('body.content.title');
    expect(await planOf(await t.get(`/api/v1/plans/${SEED}`, cookie))).toEqual(lamThaoPlan2024);
  });
});

describe('issue, amend and cascade', () => {
  it('issues with a number and date, locks the plan, and keeps it readable after an amendment is issued', async () => {
    t = await createTestApp();
    const coordinator = await t.signIn('dieuphoi@lamthao.demo');
    const approver = await t.signIn('pheduyet@lamthao.demo');
    expect((await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, coordinator)).status).toBe(403);
    const issued = await planOf(await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver));
    expect(issued.status).toBe('issued');
    expect(planToText(issued)).toContain('Số: 12/KH-UBND');
    expect(planToText(issued)).toContain('Lâm Thao, ngày 05 tháng 4 năm 2024');

    const edit = await t.send('PUT', `/api/v1/plans/${SEED}`, { version: 2, content: contentOf(issued) }, coordinator);
    expect(edit.status).toBe(409);
    expect(((await edit.json()) as { detail: string }).detail).toMatch(/amendments/);

    const amendment = await planOf(await t.send('POST', `/api/v1/plans/${SEED}/amendments`, undefined, coordinator));
    expect(amendment).toMatchObject({ status: 'draft', amendsPlanId: SEED, version: 1 });
    expect(amendment.header.number).toBeNull();
    await t.send('POST', `/api/v1/plans/${amendment.id}/issue`, { version: 1, number: '20', date: '2024-06-01' }, approver);
    const old = await planOf(await t.get(`/api/v1/plans/${SEED}`));
    expect(old.status).toBe('superseded');
    expect(old.header.number).toBe('12');

    const actions = (await listAuditEvents(t.db, { chain: 'tinh-phu-tho-1997', limit: 50 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['plan.issue', 'plan.amend']));
  });

  it("starts a commune's plan from the district's issued plan, citing it and carrying over its duties", async () => {
    t = await createTestApp();
    const coordinator = await t.signIn('dieuphoi@lamthao.demo');
    const approver = await t.signIn('pheduyet@lamthao.demo');
    const draftCascade = await t.send('POST', `/api/v1/plans/${SEED}/cascade`, { unitId: 'xa-cao-xa-2024' }, coordinator);
    expect(draftCascade.status).toBe(409);
    await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver);
    const res = await t.send('POST', `/api/v1/plans/${SEED}/cascade`, { unitId: 'xa-cao-xa-2024' }, coordinator);
    expect(res.status).toBe(201);
    const child = await planOf(res);
    expect(child).toMatchObject({ issuingUnitId: 'xa-cao-xa-2024', parentPlanId: SEED, status: 'draft' });
    expect(legalBasisText(child.legalBases[0]!)).toBe(
      'Căn cứ Kế hoạch số 12/KH-UBND ngày 5/4/2024 của UBND huyện Lâm Thao về thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Lâm Thao năm 2024',
    );
    expect(child.header).toMatchObject({ parentBody: 'UBND HUYỆN LÂM THAO', issuingBody: 'ỦY BAN NHÂN DÂN XÃ CAO XÁ', place: 'Cao Xá', number: null });
    expect(child.tasks).toEqual(lamThaoPlan2024.tasks);
    expect(child.implementation.assignments.map((a) => a.heading)).toEqual(['UBND các xã, thị trấn']);
    const status = (await (await t.get(`/api/v1/plans/${SEED}/cascade`)).json()) as { items: { orgUnitId: string; status: string }[] };
    expect(status.items).toHaveLength(12);
    expect(status.items.find((i) => i.orgUnitId === 'xa-cao-xa-2024')?.status).toBe('draft');
    expect(status.items.filter((i) => i.status === 'none')).toHaveLength(11);
    // The reporter of another commune cannot start Cao Xá's plan.
    const other = await t.signIn('baocao.tienkien@lamthao.demo');
    expect((await t.send('POST', `/api/v1/plans/${SEED}/cascade`, { unitId: 'xa-cao-xa-2024' }, other)).status).toBe(404);
  });
});

describe('cascade in the two-level structure (from 01/07/2025)', () => {
  it('starts a commune plan from a province plan directly, with no district between', async () => {
    t = await createTestApp();
    await t.db.insert(schema.memberships).values({ id: 'm-2025', userId: 'demo-coordinator', orgUnitId: 'tinh-phu-tho-2025', role: 'coordinator' });
    const provincePlan: Plan = {
      ...lamThaoPlan2024,
      id: 'ke-hoach-tinh-2026',
      issuingUnitId: 'tinh-phu-tho-2025',
      year: 2026,
      status: 'issued',
      issuedAt: '2026-03-02T02:00:00.000Z',
      header: { ...lamThaoPlan2024.header, parentBody: null, issuingBody: 'ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ', number: '45', place: 'Phú Thọ', date: { year: 2026, month: 3, day: 2 } },
      title: 'Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ tỉnh Phú Thọ năm 2026',
      implementation: {
        heading: 'TỔ CHỨC THỰC HIỆN',
        assignments: [
          {
            id: 't26-a1',
            label: '1.',
            heading: 'UBND các xã, phường',
            isRequest: false,
            style: 'paragraph',
            units: ['xa-lam-thao-2025', 'xa-xuan-lung-2025', 'xa-phung-nguyen-2025', 'xa-ban-nguyen-2025'].map((orgUnitId) => ({ orgUnitId, role: 'lead' as const })),
            duties: [{ id: 't26-a1-d1', text: 'Xây dựng và tổ chức thực hiện kế hoạch năm 2026 của xã.', role: 'lead', dueDate: null }],
          },
        ],
      },
      reportToUnitId: null,
      recipients: [],
    };
    await insertPlan(t.db, provincePlan);
    const cookie = await t.signIn('dieuphoi@lamthao.demo');
    const res = await t.send('POST', `/api/v1/plans/${provincePlan.id}/cascade`, { unitId: 'xa-ban-nguyen-2025' }, cookie);
    expect(res.status).toBe(201);
    const child = await planOf(res);
    expect(child.header).toMatchObject({ parentBody: 'UBND TỈNH PHÚ THỌ', issuingBody: 'ỦY BAN NHÂN DÂN XÃ BẢN NGUYÊN' });
    expect(child.legalBases[0]).toMatchObject({ number: '45/KH-UBND', issuedOn: '2026-03-02', issuer: 'UBND tỉnh Phú Thọ', citedPlanId: provincePlan.id });
    expect(child.implementation.assignments[0]?.duties[0]?.text).toBe('Xây dựng và tổ chức thực hiện kế hoạch năm 2026 của xã.');
    const status = (await (await t.get(`/api/v1/plans/${provincePlan.id}/cascade`)).json()) as { items: { orgUnitId: string; status: string }[] };
    expect(status.items.map((i) => [i.orgUnitId, i.status])).toContainEqual(['xa-ban-nguyen-2025', 'draft']);
  });
});

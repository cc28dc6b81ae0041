import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planToText, type Plan } from '@binh-dang/domain';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { readDocxLines } from '@binh-dang/documents/docx-read';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
/** The seed plan is a draft: readable by members of Lâm Thao's tree (here a province viewer). */
let member: string;
beforeAll(async () => {
  t = await createTestApp();
  member = await t.signIn('xem@phutho.demo');
});
afterAll(() => t.close());

type Summary = { id: string; year: number; issuingUnitName: string; status: string };

async function list(query = '') {
  const res = await t.get(`/api/v1/plans${query}`, member);
  return { res, body: (await res.json()) as { items: Summary[] } };
}

describe('drafts are not public', () => {
  it('an anonymous caller, or a member of another tree, sees no draft: not in the list, 404 for the plan and its .docx', async () => {
    expect(((await (await t.get('/api/v1/plans')).json()) as { items: Summary[] }).items).toEqual([]);
    for (const path of [`/api/v1/plans/${lamThaoPlan2024.id}`, `/api/v1/plans/${lamThaoPlan2024.id}/docx`, `/api/v1/plans/${lamThaoPlan2024.id}/cascade`, `/api/v1/plans/${lamThaoPlan2024.id}/reporting`]) {
      const res = await t.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('Lâm Thao năm 2024');
    }
  });
});

describe('GET /api/v1/plans', () => {
  it('lists the seeded Lâm Thao 2024 plan with its issuing unit', async () => {
    const { res, body } = await list();
    expect(res.status).toBe(200);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: lamThaoPlan2024.id, year: 2024, issuingUnitName: 'Huyện Lâm Thao', status: 'draft' });
  });

  it('filters by year', async () => {
    expect((await list('?year=2024')).body.items).toHaveLength(1);
    expect((await list('?year=2025')).body.items).toHaveLength(0);
  });

  it('filters by unit subtree: the old province and the district include it, a commune and the new province do not', async () => {
    expect((await list('?unit=tinh-phu-tho-1997')).body.items).toHaveLength(1);
    expect((await list('?unit=huyen-lam-thao&year=2024')).body.items).toHaveLength(1);
    expect((await list('?unit=xa-cao-xa-2024')).body.items).toHaveLength(0);
    expect((await list('?unit=tinh-phu-tho-2025')).body.items).toHaveLength(0);
  });

  it.each([
    ['?year=abc', 'query.year'],
    ['?year=1999', 'query.year'],
    ['?year=2024.5', 'query.year'],
    ['?unit=bad%20id', 'query.unit'],
  ])('returns 400 with the field path for %s', async (query, path) => {
    const res = await t.get(`/api/v1/plans${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain(path);
  });

  it('returns 404 problem+json naming the field for an unknown unit', async () => {
    const res = await t.get('/api/v1/plans?unit=khong-co');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors[0]?.path).toBe('query.unit');
  });
});

describe('GET /api/v1/plans/{id}', () => {
  it('returns the whole plan exactly as seeded, through the database and back', async () => {
    const res = await t.get(`/api/v1/plans/${lamThaoPlan2024.id}`, member);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { plan: Plan; units: { id: string; name: string }[] };
    expect(body.plan).toEqual(lamThaoPlan2024);
    expect(planToText(body.plan)).toBe(planToText(lamThaoPlan2024));
    expect(body.plan.reportDeadline).toBe('2024-11-15');
    expect(body.plan.header.number).toBeNull();
  });

  it('returns the units the plan refers to, so that a reader can follow them', async () => {
    const body = (await (await t.get(`/api/v1/plans/${lamThaoPlan2024.id}`, member)).json()) as {
      plan: Plan;
      units: { id: string }[];
    };
    const ids = new Set(body.units.map((u) => u.id));
    expect(ids.has(body.plan.issuingUnitId)).toBe(true);
    for (const a of body.plan.implementation.assignments) for (const u of a.units) expect(ids.has(u.orgUnitId)).toBe(true);
  });

  it('returns 404 problem+json for an unknown id', async () => {
    const res = await t.get('/api/v1/plans/khong-ton-tai');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { status: number }).status).toBe(404);
  });

  it('returns 400 for an id with forbidden characters, and nothing crashes', async () => {
    const res = await t.get(`/api/v1/plans/${encodeURIComponent("x' OR 1=1 --")}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('params.id');
    expect(t.errors).toEqual([]);
  });
});

describe('GET /api/v1/plans/{id}/docx', () => {
  it('downloads the official .docx whose text is the plan', async () => {
    const res = await t.get(`/api/v1/plans/${lamThaoPlan2024.id}/docx`, member);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="du-thao-KH-2024-ke-hoach-bdg-lam-thao-2024\.docx"/);
    const lines = readDocxLines(new Uint8Array(await res.arrayBuffer()));
    const text = lines.map((l) => l.text).join(' ');
    expect(text).toContain('Số: /KH-UBND');
    expect(text).toContain('Ngô Đức Sáu');
    expect(lines.find((l) => l.text === 'KẾ HOẠCH')?.bold).toBe(true);
  });

  it('answers 404 problem+json for an unknown plan', async () => {
    const res = await t.get('/api/v1/plans/khong-co/docx');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

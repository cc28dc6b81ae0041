import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgTreeNode } from '@binh-dang/domain';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function flatten(nodes: OrgTreeNode[]): OrgTreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

describe('GET /api/v1/org-units', () => {
  it('returns every unit ever in force when no date is given, old and new province as roots', async () => {
    const res = await t.get('/api/v1/org-units');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { at: string | null; roots: OrgTreeNode[] };
    expect(body.at).toBeNull();
    expect(body.roots.map((r) => r.id).sort()).toEqual(['tinh-phu-tho-1997', 'tinh-phu-tho-2025']);
  });

  it('reads the 2024 tree: Lâm Thao district with its 12 communes and towns under the old province', async () => {
    const res = await t.get('/api/v1/org-units?at=2024-06-01');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { at: string; roots: OrgTreeNode[] };
    expect(body.at).toBe('2024-06-01');
    expect(body.roots.map((r) => r.id)).toEqual(['tinh-phu-tho-1997']);
    const district = flatten(body.roots).find((u) => u.id === 'huyen-lam-thao');
    expect(district?.path).toBe('/tinh-phu-tho-1997/huyen-lam-thao/');
    const communes = district!.children.filter((u) => u.kind === 'commune');
    expect(communes).toHaveLength(12);
    expect(communes.map((c) => c.shortName)).toContain('Cao Xá');
    expect(district!.children.some((u) => u.kind === 'agency' && u.name.includes('Lao động'))).toBe(true);
  });

  it('reads the tree in force from 01/07/2025: the merged province, four communes, no district', async () => {
    const body = (await (await t.get('/api/v1/org-units?at=2025-07-01')).json()) as { roots: OrgTreeNode[] };
    expect(body.roots.map((r) => r.id)).toEqual(['tinh-phu-tho-2025']);
    const all = flatten(body.roots);
    expect(all.some((u) => u.kind === 'district')).toBe(false);
    expect(all.filter((u) => u.kind === 'commune').map((u) => u.shortName).sort()).toEqual(
      ['Bản Nguyên', 'Lâm Thao', 'Phùng Nguyên', 'Xuân Lũng'].sort(),
    );
  });

  it('answers 30/06/2025 with the old tree and 01/07/2025 with the new one (bounds inclusive)', async () => {
    const before = (await (await t.get('/api/v1/org-units?at=2025-06-30')).json()) as { roots: OrgTreeNode[] };
    expect(before.roots.map((r) => r.id)).toEqual(['tinh-phu-tho-1997']);
  });

  it.each([
    ['notadate', 'query.at'],
    ['2024-02-30', 'query.at'],
    ['2024-6-1', 'query.at'],
  ])('returns 400 problem+json for at=%s with the field path', async (value, path) => {
    const res = await t.get(`/api/v1/org-units?at=${value}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { title: string; errors: { path: string; message: string }[] };
    expect(body.title).toBe('Dữ liệu không hợp lệ');
    expect(body.errors[0]?.path).toBe(path);
    expect(body.errors[0]?.message).toMatch(/Ngày không hợp lệ/);
  });
});

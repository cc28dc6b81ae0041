import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { planToDocx } from '@binh-dang/documents/plan-docx';
import { createTestApp } from '../../test/test-app.ts';
import { DOCX_TYPE } from './plan-import.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let coordinator: string;
beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn('dieuphoi@lamthao.demo');
});
afterAll(() => t.close());

const seedText = readFileSync(new URL('../../../../packages/db/src/seed/source/ke-hoach-bdg-lam-thao-2024.md', import.meta.url), 'utf8');

function upload(body: BodyInit, type: string, cookie = coordinator, unit = 'huyen-lam-thao') {
  return t.app.request(`/api/v1/org-units/${unit}/plan-imports`, { method: 'POST', headers: { 'content-type': type, cookie }, body });
}

type Result = { year: number; content: { title: string; implementation: { assignments: unknown[] } }; flags: { kind: string; where: string }[]; valid: boolean; errors: { path: string }[] };

describe('POST /api/v1/org-units/{unitId}/plan-imports', () => {
  it('reads pasted text into a draft and flags what is missing', async () => {
    const res = await upload(seedText, 'text/plain; charset=utf-8');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Result;
    expect(body.year).toBe(2024);
    expect(body.content.title).toBe(lamThaoPlan2024.title);
    expect(body.content.implementation.assignments).toHaveLength(8);
    expect(body.flags.map((f) => f.kind)).toEqual(['missing', 'missing']);
    expect(body.valid).toBe(false);
    expect(body.errors.map((e) => e.path)).toContain('content.header.issuingBody');
  });

  it('reads an uploaded .docx; the draft can then be saved as a plan of the unit', async () => {
    const res = await upload((await planToDocx(lamThaoPlan2024)) as Uint8Array<ArrayBuffer>, DOCX_TYPE);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Result;
    expect(body.flags).toEqual([]);
    expect(body.valid).toBe(true);
    const created = await t.send('POST', '/api/v1/org-units/huyen-lam-thao/plans', { year: body.year, content: body.content }, coordinator);
    expect(created.status).toBe(201);
  });

  it.each([
    ['random bytes as .docx', new Uint8Array(1000).fill(7), DOCX_TYPE, 415],
    ['HTML', '<p>kế hoạch</p>', 'text/html', 415],
    ['an empty paste', '   \n  ', 'text/plain', 400],
  ])('answers %s with a clear problem and saves nothing', async (_name, body, type, status) => {
    const res = await upload(body as BodyInit, type);
    expect(res.status).toBe(status);
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toMatch(/[à-ỹ]/);
  });

  it('refuses a file over 20 MB with 413', async () => {
    const res = await upload(new Uint8Array(20 * 1024 * 1024 + 10), DOCX_TYPE);
    expect(res.status).toBe(413);
  });

  it('is refused to a reporter (403) and hidden outside the subtree (404)', async () => {
    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    expect((await upload(seedText, 'text/plain', reporter, 'xa-cao-xa-2024')).status).toBe(403);
    expect((await upload(seedText, 'text/plain', coordinator, 'xa-lam-thao-2025')).status).toBe(404);
  });
});

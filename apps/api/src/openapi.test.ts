import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPermission } from '@binh-dang/domain';
import { createTestApp } from '../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let doc: { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  doc = (await (await t.get('/api/openapi.json')).json()) as typeof doc;
});
afterAll(() => t.close());

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// Documentation endpoints are public by nature and are not API operations.
const DOC_ROUTES = new Set(['GET /api/openapi.json', 'GET /api/docs']);

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('declares a known x-permission on every operation', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ path, method, permission: op['x-permission'] })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(4);
    for (const op of operations) expect(isPermission(op.permission), `${op.method} ${op.path}`).toBe(true);
  });

  it('documents every route the app serves', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const served = t.app.routes
      .filter((r) => METHODS.includes(r.method.toLowerCase()))
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !DOC_ROUTES.has(r));
    expect(served.length).toBeGreaterThan(0);
    for (const route of served) expect(documented.has(route), route).toBe(true);
  });

  it('asks for the version of a unit\'s targets and documents the 409 of a stale one', () => {
    const put = doc.paths['/api/v1/org-units/{unitId}/targets']!.put as {
      requestBody: { content: { 'application/json': { schema: { required?: string[] } } } };
      responses: Record<string, unknown>;
    };
    expect(put.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['year', 'version', 'targets']));
    expect(Object.keys(put.responses)).toContain('409');
  });
});

describe('GET /api/docs', () => {
  it('serves browsable documentation pointing at the OpenAPI document', async () => {
    const res = await t.get('/api/docs');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/api/openapi.json');
  });
});

// The production shape in infra/: the org-tree files (checked with the domain's checkTree and
// against the verified source data), the province registry, and each province's Wrangler config
// derived from the production environments — which wrangler itself bundles offline.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonc } from '../../../../infra/lib/jsonc.ts';
import { readRegistry, resourceNames, type ProvinceEntry } from '../../../../infra/lib/province.ts';
import { checkProvinceTree, loadTreeFile } from '../../../../infra/lib/tree.ts';
import { environmentOf, provinceConfig, readWranglerConfig, writeProvinceConfig } from '../../../../infra/lib/wrangler-config.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const wranglerBin = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');
const work = mkdtempSync(join(tmpdir(), 'binh-dang-infra-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PROVINCE: ProvinceEntry = {
  id: 'phu-tho',
  name: 'Tỉnh Phú Thọ',
  rootUnitId: 'tinh-phu-tho-2025',
  databaseUrl: 'libsql://binh-dang-phu-tho-example.turso.io',
  publicUrl: 'https://phutho.binhdang.example.gov.vn',
  hostname: 'phutho.binhdang.example.gov.vn',
};

describe('org-tree files', () => {
  const source = JSON.parse(readFileSync(join(root, 'packages/db/src/seed/source/lam-thao-units.json'), 'utf8')) as {
    communes_2024: { code: string; kind: string; name: string }[];
    communes_from_2025_07_01: { code: string; name: string }[];
  };

  it('the 2025 list: the new province and the communes that replaced Lâm Thao’s, valid', () => {
    const tree = loadTreeFile(join(root, 'infra/trees/phu-tho-2025.json'));
    expect(tree.problems).toEqual([]);
    expect(tree.root).toMatchObject({ id: 'tinh-phu-tho-2025', kind: 'province', validFrom: '2025-07-01', path: '/tinh-phu-tho-2025/' });
    expect(tree.counts).toEqual({ province: 1, commune: 4 });
    const communes = tree.units.filter((u) => u.kind === 'commune');
    expect(communes.map((u) => [u.code, u.shortName])).toEqual(source.communes_from_2025_07_01.map((c) => [c.code, c.name]));
    expect(communes.every((u) => u.parentId === 'tinh-phu-tho-2025' && u.path === `/tinh-phu-tho-2025/${u.id}/`)).toBe(true);
    expect(tree.warnings[0]).toContain('4 of 148 communes');
  });

  it('the pre-2025 tree: province, Huyện Lâm Thao and its 12 communes, valid', () => {
    const tree = loadTreeFile(join(root, 'infra/trees/phu-tho-truoc-2025.json'));
    expect(tree.problems).toEqual([]);
    expect(tree.counts).toEqual({ province: 1, district: 1, commune: 12 });
    const communes = tree.units.filter((u) => u.kind === 'commune');
    expect(communes.map((u) => [u.code, u.localKind, u.shortName])).toEqual(source.communes_2024.map((c) => [c.code, c.kind, c.name]));
    expect(communes.every((u) => u.validTo === '2025-06-30' && u.path.startsWith('/tinh-phu-tho-1997/huyen-lam-thao/'))).toBe(true);
  });

  it('uses the same ids as the demo seed, so both can share a database', async () => {
    const { demoOrgUnits } = await import('@binh-dang/db/seed');
    const seed = new Map(demoOrgUnits.map((u) => [u.id, u]));
    for (const file of ['phu-tho-2025', 'phu-tho-truoc-2025'])
      for (const unit of loadTreeFile(join(root, `infra/trees/${file}.json`)).units) {
        expect(seed.get(unit.id)?.path, unit.id).toBe(unit.path);
        expect(seed.get(unit.id)?.code, unit.id).toBe(unit.code);
      }
  });

  it('reports what is wrong with a tree', () => {
    const tree = checkProvinceTree({
      root: { id: 'xa-goc', name: 'Xã Gốc', kind: 'commune', localKind: 'xã', children: [{ id: 'xa-goc', name: 'Lặp', kind: 'commune', localKind: 'xã', validFrom: '2026-13-01' }] },
    });
    expect(tree.problems).toContain('xa-goc: the root must be a province (is commune)');
    expect(tree.problems.some((p) => p.startsWith('xa-goc: validFrom'))).toBe(true);
  });
});

describe('the province registry', () => {
  it('parses, and every province in it is complete', () => {
    for (const p of readRegistry().provinces) {
      expect(() => resourceNames(p.id)).not.toThrow();
      expect(p.rootUnitId).toBeTruthy();
      expect(p.databaseUrl).toMatch(/^libsql:\/\//);
      expect(new URL(p.publicUrl).protocol).toBe('https:');
    }
  });

  it('names every resource of a province', () => {
    expect(resourceNames('phu-tho')).toEqual({
      database: 'binh-dang-phu-tho',
      apiWorker: 'binh-dang-api-phu-tho',
      portalWorker: 'binh-dang-portal-phu-tho',
      bucket: 'binh-dang-attachments-phu-tho',
    });
    expect(() => resourceNames('Phu Tho')).toThrow();
  });
});

describe('Wrangler configs', () => {
  it('reads wrangler.jsonc as wrangler does (comments, trailing commas)', () => {
    expect(parseJsonc('{\n // a "comment"\n "a": "x // not a comment", /* b */ "b": [1, 2,],\n}')).toEqual({ a: 'x // not a comment', b: [1, 2] });
    for (const app of ['api', 'portal'] as const) {
      const config = readWranglerConfig(app);
      expect(Object.keys(config.env ?? {}).sort()).toEqual(['preview', 'production']);
    }
  });

  it('a province’s API Worker: its name, database URL, public URL, bucket, the cron and minification', () => {
    const config = provinceConfig('api', PROVINCE);
    expect(config).toMatchObject({
      name: 'binh-dang-api-phu-tho',
      minify: true,
      triggers: { crons: ['0 1 * * *'] },
      compatibility_flags: ['nodejs_compat'],
      workers_dev: false,
      r2_buckets: [{ binding: 'ATTACHMENTS', bucket_name: 'binh-dang-attachments-phu-tho' }],
      vars: { DATABASE_URL: PROVINCE.databaseUrl, PUBLIC_URL: PROVINCE.publicUrl, MAIL_PROVIDER: 'resend' },
    });
    expect(isAbsolute(config.main as string) && existsSync(config.main as string)).toBe(true);
    expect(config).not.toHaveProperty('env');
    expect(config).not.toHaveProperty('$schema');
    // Secrets are never in a config.
    expect(JSON.stringify(config)).not.toMatch(/DATABASE_AUTH_TOKEN|AUTH_SECRET|MAIL_API_KEY/);
  });

  it('a province’s portal: bound to that province’s API, on its custom domain', () => {
    const config = provinceConfig('portal', PROVINCE);
    expect(config).toMatchObject({
      name: 'binh-dang-portal-phu-tho',
      services: [{ binding: 'API', service: 'binh-dang-api-phu-tho' }],
      routes: [{ pattern: 'phutho.binhdang.example.gov.vn', custom_domain: true }],
      vars: { API_ORIGIN: '', PUBLIC_URL: PROVINCE.publicUrl },
    });
    expect(config.assets).toEqual({ binding: 'ASSETS', directory: join(root, 'apps/portal/.svelte-kit/cloudflare') });
    expect(provinceConfig('portal', { ...PROVINCE, hostname: null })).toMatchObject({ workers_dev: true });
    expect(provinceConfig('portal', { ...PROVINCE, hostname: null })).not.toHaveProperty('routes');
  });

  it('inherits what environments inherit, and no binding of the top level', () => {
    const production = environmentOf(readWranglerConfig('portal'), 'production');
    expect(production.services).toEqual([{ binding: 'API', service: 'binh-dang-api-production' }]);
    const preview = environmentOf(readWranglerConfig('api'), 'preview');
    expect(preview.triggers).toEqual({ crons: [] });
    expect(preview.minify).toBe(true);
  });

  it(
    'wrangler bundles a province’s API config offline, cleanly',
    async () => {
      const file = writeProvinceConfig('api', PROVINCE, work);
      const outdir = join(work, 'out');
      const { stdout, stderr } = await run(process.execPath, [wranglerBin, 'deploy', '--dry-run', '--config', file, '--outdir', outdir], {
        cwd: root,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' },
        timeout: 110_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      const output = `${stdout}\n${stderr}`;
      expect(output).toContain('--dry-run: exiting now.');
      expect(output).not.toMatch(/WARNING|Unexpected fields|is not a valid|deprecated/i);
      expect(output).toContain('binh-dang-attachments-phu-tho');
      expect(output).toContain('env.DATABASE_URL ("libsql://binh-dang-phu-tho-example');
      expect(existsSync(join(outdir, 'worker.js'))).toBe(true);
    },
    120_000,
  );
});

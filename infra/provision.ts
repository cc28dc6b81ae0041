// `npm run provision -- --province <id> --name "<Tỉnh …>" --tree infra/trees/<file>.json --admin <email> [--dry-run]`
//
// Creates everything a new province needs, in order: its Turso database and the Worker's token,
// the migrations, the org tree from a file (checked with the domain's checkTree first), the first
// administrator's single-use invitation link, the R2 bucket, the API Worker with its secrets and
// the portal Worker bound to it, and the province's line in infra/provinces.json (commit it:
// deploy.yml then deploys that province on every push to main).
//
// --dry-run prints every step, with the exact commands and placeholders for what only a real run
// knows, and touches nothing: no account, token or network is needed. A real run needs the turso
// CLI (TURSO_API_TOKEN, or `turso auth login`) and wrangler (CLOUDFLARE_API_TOKEN and
// CLOUDFLARE_ACCOUNT_ID, or `wrangler login`). Secrets are never printed, never passed on a
// command line and never written to disk: the Worker's secrets go to `wrangler secret bulk` on
// standard input. The one-time link is printed once, at the end of a real run.
//
// Options: --group <turso group> (default: $TURSO_GROUP or "default"), --public-url <origin> or
// --hostname <custom domain of the portal>, --database-url <url> (an existing database: the Turso
// steps are skipped and DATABASE_AUTH_TOKEN is read from the environment), --skip-cloudflare
// (database work only), --registry <file> (default infra/provinces.json).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '@binh-dang/db/client';
import { applyMigrations, inviteFirstAdministrator, INVITATION_DAYS, loadOrgTree, migrationTags } from './lib/database.ts';
import { provincesFile, repoRoot, resourceNames, type ProvinceEntry, type ProvinceRegistry } from './lib/province.ts';
import { describeCounts, loadTreeFile, type LoadedTree } from './lib/tree.ts';
import { environmentOf, readWranglerConfig, writeProvinceConfig } from './lib/wrangler-config.ts';

const USAGE =
  'usage: npm run provision -- --province <id> --name "<Tỉnh …>" --tree infra/trees/<file>.json --admin <email> ' +
  '[--dry-run] [--group <turso group>] [--public-url <origin> | --hostname <domain>] [--database-url <url>] [--skip-cloudflare] [--registry <file>]';

interface Options {
  province: string;
  name: string;
  tree: string;
  admin: string;
  dryRun: boolean;
  group: string;
  publicUrl: string | null;
  hostname: string | null;
  databaseUrl: string | null;
  skipCloudflare: boolean;
  registry: string;
}

/** What the steps learn as they go; placeholders until a real run fills them in. */
interface State {
  databaseUrl: string;
  databaseToken: string | null;
  inviteLink: string | null;
  configs: { api: string; portal: string } | null;
}

interface Step {
  title: string;
  /** The plan: commands ("$ …") and what is done, with placeholders for what is not known yet. */
  plan: string[];
  run(): Promise<void> | void;
}

const fail = (message: string): never => {
  console.error(`provision: ${message}`);
  process.exit(1);
};

function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        province: { type: 'string' },
        name: { type: 'string' },
        tree: { type: 'string' },
        admin: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        group: { type: 'string' },
        'public-url': { type: 'string' },
        hostname: { type: 'string' },
        'database-url': { type: 'string' },
        'skip-cloudflare': { type: 'boolean', default: false },
        registry: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const missing = (['province', 'name', 'tree', 'admin'] as const).filter((key) => !values[key]);
  if (missing.length) fail(`missing ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}`);
  const admin = values.admin!.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(admin)) fail(`--admin: not an e-mail address: ${values.admin}`);
  const hostname = values.hostname?.trim() || null;
  if (hostname && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(hostname)) fail(`--hostname: not a host name: ${hostname}`);
  let publicUrl = values['public-url']?.trim() || (hostname ? `https://${hostname}` : null);
  if (publicUrl) {
    try {
      publicUrl = new URL(publicUrl).origin;
    } catch {
      fail(`--public-url: not a URL: ${publicUrl}`);
    }
  }
  return {
    province: values.province!,
    name: values.name!,
    tree: values.tree!,
    admin,
    dryRun: values['dry-run'],
    group: values.group?.trim() || process.env.TURSO_GROUP?.trim() || 'default',
    publicUrl,
    hostname,
    databaseUrl: values['database-url']?.trim() || null,
    skipCloudflare: values['skip-cloudflare'],
    registry: resolve(values.registry ?? provincesFile),
  };
}

/** Runs a command; its output is returned, never printed (it may hold a token). */
function command(cmd: string, args: string[], options: { input?: string; cwd?: string; allowFailure?: boolean } = {}): { ok: boolean; stdout: string } {
  const result = spawnSync(cmd, args, {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  if (result.error) fail(`${cmd} ${args[0] ?? ''}: ${result.error.message}`);
  const ok = result.status === 0;
  if (!ok && !options.allowFailure) fail(`\`${[cmd, ...args].join(' ')}\` failed (exit code ${result.status})`);
  return { ok, stdout: result.stdout ?? '' };
}

const shown = (cmd: string[]) => `$ ${cmd.join(' ')}`;

function buildSteps(o: Options, tree: LoadedTree, state: State): Step[] {
  const names = resourceNames(o.province);
  const root = tree.root;
  const publicUrl = o.publicUrl ?? `https://${names.portalWorker}.<workers-subdomain>.workers.dev`;
  const tags = migrationTags();
  const apiEnv = environmentOf(readWranglerConfig('api'), 'production');
  const crons = ((apiEnv.triggers as { crons?: string[] } | undefined)?.crons ?? []).join(', ') || 'none';
  const configFile = (app: 'api' | 'portal') => state.configs?.[app] ?? `<temporary>/${app}-${o.province}.json`;
  const entry = (): ProvinceEntry => ({
    id: o.province,
    name: o.name,
    rootUnitId: root.id,
    databaseUrl: state.databaseUrl,
    publicUrl,
    hostname: o.hostname,
  });
  const withDb = async <T>(work: (db: ReturnType<typeof createDb>['db']) => Promise<T>): Promise<T> => {
    const handle = createDb(state.databaseUrl, state.databaseToken ?? undefined);
    try {
      return await work(handle.db);
    } finally {
      handle.close();
    }
  };

  const steps: Step[] = [];
  const tools = [shown(['turso', '--version']), shown(['turso', 'auth', 'whoami'])];
  if (!o.skipCloudflare) tools.push(shown(['npx', 'wrangler', 'whoami']));
  if (!o.databaseUrl || !o.skipCloudflare)
    steps.push({
      title: 'Check the tools and the accounts they are signed in to',
      plan: o.databaseUrl ? tools.slice(2) : tools,
      run() {
        if (!o.databaseUrl) {
          command('turso', ['--version']);
          command('turso', ['auth', 'whoami']);
        }
        if (!o.skipCloudflare) command('npx', ['wrangler', 'whoami']);
      },
    });

  if (o.databaseUrl) {
    steps.push({
      title: 'Use the existing database given by --database-url',
      plan: [`DATABASE_URL=${redactUrl(o.databaseUrl)}; DATABASE_AUTH_TOKEN from the environment${process.env.DATABASE_AUTH_TOKEN ? '' : ' (not set: none is sent)'}`],
      run() {
        state.databaseToken = process.env.DATABASE_AUTH_TOKEN ?? null;
      },
    });
  } else {
    steps.push(
      {
        title: `Create the Turso database ${names.database} (reused when it exists)`,
        plan: [shown(['turso', 'db', 'show', names.database, '--url']) + '   (exists? then it is reused)', shown(['turso', 'db', 'create', names.database, '--group', o.group, '--wait'])],
        run() {
          if (!command('turso', ['db', 'show', names.database, '--url'], { allowFailure: true }).ok)
            command('turso', ['db', 'create', names.database, '--group', o.group, '--wait']);
        },
      },
      {
        title: 'Read the database URL',
        plan: [`${shown(['turso', 'db', 'show', names.database, '--url'])}   → DATABASE_URL=<libsql://${names.database}-<org>.turso.io>`],
        run() {
          state.databaseUrl = command('turso', ['db', 'show', names.database, '--url']).stdout.trim();
          if (!/^(libsql|https|wss):\/\//.test(state.databaseUrl)) fail(`unexpected database URL from turso: ${state.databaseUrl}`);
        },
      },
      {
        title: "Create the API Worker's database token",
        plan: [`${shown(['turso', 'db', 'tokens', 'create', names.database])}   → DATABASE_AUTH_TOKEN=<secret: kept in memory, never printed>`],
        run() {
          state.databaseToken = command('turso', ['db', 'tokens', 'create', names.database]).stdout.trim();
          if (!state.databaseToken) fail('turso returned no token');
        },
      },
    );
  }

  steps.push(
    {
      title: 'Apply the migrations (expand-then-contract: packages/db/MIGRATIONS.md)',
      plan: [`${tags.length} migrations, ${tags[0]} … ${tags.at(-1)}, then the built-in indicators, on <DATABASE_URL> (as \`npm run db:migrate\`)`],
      run: () => withDb((db) => applyMigrations(db)),
    },
    {
      title: `Load the org tree from ${relative(repoRoot, resolve(o.tree))}`,
      plan: [
        `${tree.units.length} units (${describeCounts(tree.counts)}) under ${root.id} "${root.name}"; checkTree: no problems`,
        'units already in the database (same id) are left as they are',
        ...tree.warnings.map((w) => `warning: ${w}`),
      ],
      async run() {
        const { added, kept } = await withDb((db) => loadOrgTree(db, tree.units));
        console.log(`    ${added} units added, ${kept} already there`);
      },
    },
    {
      title: 'Invite the first administrator',
      plan: [
        `${o.admin} as province_admin (Quản trị tỉnh) of ${root.id}: a single-use link bound to that e-mail, valid ${INVITATION_DAYS} days; only its SHA-256 is stored; audited in chain ${root.id}`,
        `→ ${publicUrl}/moi/<one-time token: printed once, at the end of a real run>`,
        'the administrator sets a password, then two-factor sign-in (required for province administrators)',
      ],
      async run() {
        const { token } = await withDb((db) => inviteFirstAdministrator(db, root, o.admin));
        state.inviteLink = `${publicUrl}/moi/${token}`;
      },
    },
  );

  if (!o.skipCloudflare) {
    const secretNames = ['DATABASE_AUTH_TOKEN', 'AUTH_SECRET', 'CASE_DATA_KEYS', ...(process.env.MAIL_API_KEY ? ['MAIL_API_KEY'] : [])];
    steps.push(
      {
        title: `Create the R2 bucket ${names.bucket} (attachments)`,
        plan: [shown(['npx', 'wrangler', 'r2', 'bucket', 'create', names.bucket])],
        run() {
          command('npx', ['wrangler', 'r2', 'bucket', 'create', names.bucket]);
        },
      },
      {
        title: `Deploy the API Worker ${names.apiWorker}`,
        plan: [
          `config: apps/api/wrangler.jsonc env.production with name ${names.apiWorker}, vars DATABASE_URL=<DATABASE_URL> and PUBLIC_URL=${publicUrl}, R2 binding ATTACHMENTS → ${names.bucket}, cron ${crons}, no workers.dev address (reached through the portal)`,
          shown(['npx', 'wrangler', 'deploy', '--config', configFile('api')]),
        ],
        run() {
          state.configs = { api: writeProvinceConfig('api', entry()), portal: writeProvinceConfig('portal', entry()) };
          command('npx', ['wrangler', 'deploy', '--config', state.configs.api]);
        },
      },
      {
        title: "Set the API Worker's secrets",
        plan: [
          `${shown(['npx', 'wrangler', 'secret', 'bulk', '--config', configFile('api')])}   < JSON on standard input: ${secretNames.join(', ')}`,
          'AUTH_SECRET: 32 random bytes made here; CASE_DATA_KEYS: "v1:" + 32 random bytes (base64) made here, the key of the case register\'s identifying fields; DATABASE_AUTH_TOKEN: the token above' + (process.env.MAIL_API_KEY ? '; MAIL_API_KEY: from the environment' : '; MAIL_API_KEY: not set (e-mails stay in the outbox until `wrangler secret put MAIL_API_KEY`)'),
        ],
        run() {
          const secrets: Record<string, string> = {
            DATABASE_AUTH_TOKEN: state.databaseToken ?? '',
            AUTH_SECRET: randomBytes(32).toString('hex'),
            CASE_DATA_KEYS: `v1:${randomBytes(32).toString('base64')}`,
          };
          if (process.env.MAIL_API_KEY) secrets.MAIL_API_KEY = process.env.MAIL_API_KEY;
          command('npx', ['wrangler', 'secret', 'bulk', '--config', state.configs!.api], { input: JSON.stringify(secrets) });
        },
      },
      {
        title: `Build and deploy the portal Worker ${names.portalWorker}`,
        plan: [
          `config: apps/portal/wrangler.jsonc env.production with name ${names.portalWorker}, service binding API → ${names.apiWorker} (/api/* on the portal's own origin), ${o.hostname ? `custom domain ${o.hostname}` : 'workers.dev address'}, PUBLIC_URL=${publicUrl}`,
          shown(['npm', 'run', 'build', '-w', '@binh-dang/portal']),
          shown(['npx', 'wrangler', 'deploy', '--config', configFile('portal')]),
        ],
        run() {
          command('npm', ['run', 'build', '-w', '@binh-dang/portal']);
          command('npx', ['wrangler', 'deploy', '--config', state.configs!.portal]);
        },
      },
    );
  }

  steps.push({
    title: `Register the province in ${relative(repoRoot, o.registry)}`,
    plan: [`{ id: ${o.province}, rootUnitId: ${root.id}, databaseUrl: <DATABASE_URL>, publicUrl: ${publicUrl}${o.hostname ? `, hostname: ${o.hostname}` : ''} } — commit it: deploy.yml migrates and deploys every listed province`],
    run() {
      const registry: ProvinceRegistry = existsSync(o.registry) ? (JSON.parse(readFileSync(o.registry, 'utf8')) as ProvinceRegistry) : { provinces: [] };
      registry.provinces = [...registry.provinces.filter((p) => p.id !== o.province), entry()].sort((a, b) => a.id.localeCompare(b.id));
      writeFileSync(o.registry, `${JSON.stringify(registry, null, 2)}\n`);
    },
  });
  return steps;
}

/** A URL without user info or query (where a token could hide). */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '<unreadable URL>';
  }
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  let names;
  try {
    names = resourceNames(o.province);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (!existsSync(o.tree)) fail(`--tree: no such file: ${o.tree}`);
  const tree = loadTreeFile(o.tree);
  if (tree.problems.length) fail(`the org tree ${o.tree} has problems (nothing was done):\n${tree.problems.map((p) => `  - ${p}`).join('\n')}`);
  if (!o.dryRun && !o.publicUrl) fail('give --public-url <origin> or --hostname <domain>: the invitation link and the cookies need the portal’s address');

  const state: State = { databaseUrl: o.databaseUrl ?? '<DATABASE_URL>', databaseToken: null, inviteLink: null, configs: null };
  const steps = buildSteps(o, tree, state);

  console.log(`Provisioning ${o.name} (${o.province})${o.dryRun ? ' — DRY RUN: every step is printed, nothing is created, no credentials are needed' : ''}`);
  console.log(
    `Resources: Turso database ${names.database}${o.databaseUrl ? ' (existing)' : ` (group ${o.group})`}` +
      (o.skipCloudflare ? '; Cloudflare skipped (--skip-cloudflare)' : `, API Worker ${names.apiWorker}, portal Worker ${names.portalWorker}, R2 bucket ${names.bucket}`),
  );
  console.log(`Portal: ${o.publicUrl ?? `https://${names.portalWorker}.<workers-subdomain>.workers.dev (give --public-url or --hostname)`}`);
  console.log('');
  for (const [i, step] of steps.entries()) {
    console.log(`${String(i + 1).padStart(2)}. ${step.title}`);
    for (const line of step.plan) console.log(`    ${line}`);
    if (!o.dryRun) await step.run();
  }
  console.log('');
  if (o.dryRun) {
    console.log(`Dry run: ${steps.length} steps, nothing done. Run again without --dry-run to provision ${o.name}.`);
    return;
  }
  console.log(`Done: ${o.name} is provisioned.`);
  console.log(`One-time link for ${o.admin} (valid ${INVITATION_DAYS} days, single use; send it through a trusted channel, it is not stored):`);
  console.log(`  ${state.inviteLink}`);
}

await main();

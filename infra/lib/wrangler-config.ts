// A province's Wrangler configuration, derived from the `production` environment of the app's
// wrangler.jsonc: the top-level settings that environments inherit, then the environment's own,
// then the province's names (Worker, R2 bucket, service binding), vars and routes. Written to a
// temporary file and passed to `wrangler deploy --config`, so paths are made absolute.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseJsonc } from './jsonc.ts';
import { repoRoot, resourceNames, type ProvinceEntry } from './province.ts';

export type App = 'api' | 'portal';
type Config = Record<string, unknown> & { env?: Record<string, Record<string, unknown>> };

/** Keys an environment does not inherit from the top level (bindings, vars, routes, …). */
const NOT_INHERITED = new Set([
  '$schema',
  'env',
  'vars',
  'define',
  'services',
  'r2_buckets',
  'kv_namespaces',
  'd1_databases',
  'durable_objects',
  'queues',
  'routes',
  'route',
  'ai',
  'browser',
  'hyperdrive',
  'analytics_engine_datasets',
  'vectorize',
  'workflows',
  'secrets_store_secrets',
]);

export const configPath = (app: App) => join(repoRoot, 'apps', app, 'wrangler.jsonc');

export function readWranglerConfig(app: App): Config {
  return parseJsonc<Config>(readFileSync(configPath(app), 'utf8'));
}

/** What `--env <name>` resolves to, before any province is applied. */
export function environmentOf(config: Config, name: string): Config {
  const env = config.env?.[name];
  if (!env) throw new Error(`no "${name}" environment in the config`);
  const inherited = Object.fromEntries(Object.entries(config).filter(([key]) => !NOT_INHERITED.has(key)));
  return { ...inherited, ...env };
}

function absolute(app: App, config: Config): Config {
  const base = dirname(configPath(app));
  const out: Config = { ...config };
  if (typeof out.main === 'string') out.main = resolve(base, out.main);
  const assets = out.assets as { directory?: string } | undefined;
  if (assets?.directory) out.assets = { ...assets, directory: resolve(base, assets.directory) };
  return out;
}

export function provinceConfig(app: App, province: ProvinceEntry, base: Config = readWranglerConfig(app)): Config {
  const names = resourceNames(province.id);
  const production = environmentOf(base, 'production');
  const vars = { ...((production.vars as Record<string, string> | undefined) ?? {}), PUBLIC_URL: province.publicUrl };
  if (app === 'api') {
    const config: Config = {
      ...production,
      name: names.apiWorker,
      // The URL is not secret; the token (DATABASE_AUTH_TOKEN) is a secret of this Worker.
      vars: { ...vars, DATABASE_URL: province.databaseUrl },
      r2_buckets: [{ binding: 'ATTACHMENTS', bucket_name: names.bucket }],
      // Reached only through the portal's service binding: no workers.dev address of its own.
      workers_dev: false,
      preview_urls: false,
    };
    return absolute(app, config);
  }
  const config: Config = {
    ...production,
    name: names.portalWorker,
    vars,
    services: [{ binding: 'API', service: names.apiWorker }],
    ...(province.hostname ? { routes: [{ pattern: province.hostname, custom_domain: true }], workers_dev: false } : { workers_dev: true }),
    preview_urls: false,
  };
  return absolute(app, config);
}

/** Writes the province's config for `app` to a new temporary file and returns its path. */
export function writeProvinceConfig(app: App, province: ProvinceEntry, dir = mkdtempSync(join(tmpdir(), 'binh-dang-wrangler-'))): string {
  const file = join(dir, `${app}-${province.id}.json`);
  writeFileSync(file, `${JSON.stringify(provinceConfig(app, province), null, 2)}\n`);
  return file;
}

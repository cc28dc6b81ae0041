// One province = one Turso database, one API Worker (with its secrets and its R2 bucket) and one
// portal Worker bound to that API: the same code, deployed once per province from the
// `production` environment of apps/api/wrangler.jsonc and apps/portal/wrangler.jsonc. Provisioned
// provinces are listed in infra/provinces.json; deploy.yml deploys each of them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const provincesFile = `${repoRoot}infra/provinces.json`;

export interface ProvinceEntry {
  /** Short slug, e.g. "phu-tho": names every resource of the province. */
  id: string;
  /** e.g. "Tỉnh Phú Thọ". */
  name: string;
  /** The org unit at the root of the province's tree, e.g. "tinh-phu-tho-2025". */
  rootUnitId: string;
  /** libsql://binh-dang-phu-tho-<org>.turso.io (not a secret: the token is). */
  databaseUrl: string;
  /** The portal's public origin, e.g. https://phu-tho.binhdang.example.gov.vn or a workers.dev URL. */
  publicUrl: string;
  /** A custom domain for the portal (the Cloudflare zone must be in the account), else null. */
  hostname: string | null;
}

export interface ProvinceRegistry {
  about?: string;
  provinces: ProvinceEntry[];
}

export const PROVINCE_ID = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;

/** The names of a province's resources. */
export function resourceNames(id: string) {
  if (!PROVINCE_ID.test(id)) throw new Error(`province id "${id}": lowercase letters, digits and dashes, 3–32 characters, starting with a letter`);
  return {
    database: `binh-dang-${id}`,
    apiWorker: `binh-dang-api-${id}`,
    portalWorker: `binh-dang-portal-${id}`,
    bucket: `binh-dang-attachments-${id}`,
  };
}

export function readRegistry(path = provincesFile): ProvinceRegistry {
  const registry = JSON.parse(readFileSync(path, 'utf8')) as ProvinceRegistry;
  if (!Array.isArray(registry.provinces)) throw new Error(`${path}: "provinces" must be a list`);
  return registry;
}

export function findProvince(id: string, path = provincesFile): ProvinceEntry {
  const found = readRegistry(path).provinces.find((p) => p.id === id);
  if (!found) throw new Error(`province "${id}" is not in ${path} (provision it first: npm run provision)`);
  return found;
}

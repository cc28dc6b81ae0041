// Local keys of the case register (Node only): CASE_DATA_KEYS when set, else the file
// data/case-data-key beside the database, made with one fresh key on first use — like
// data/auth-secret. Production (Workers) takes CASE_DATA_KEYS from a secret and never a file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCaseKey, nextKeyVersion, parseCaseKeys } from '@binh-dang/domain';

export const defaultCaseKeyFile = fileURLToPath(new URL('../../../data/case-data-key', import.meta.url));

/** The key list ("v1:…,v2:…"): the environment's, else the local file's (created when missing). */
export function localCaseKeys(options: { env?: string | undefined; file?: string } = {}): string {
  const fromEnv = options.env?.trim();
  if (fromEnv) return fromEnv;
  const file = options.file ?? defaultCaseKeyFile;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${generateCaseKey('v1')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Appends a new current key version to the local file; returns the new version. */
export function addLocalCaseKey(file = defaultCaseKeyFile): string {
  const ring = parseCaseKeys(localCaseKeys({ file }));
  const version = nextKeyVersion(ring);
  writeFileSync(file, `${readFileSync(file, 'utf8').trim()},${generateCaseKey(version)}\n`, { mode: 0o600 });
  return version;
}

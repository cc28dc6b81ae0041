import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { folderStorage } from './storage-folder.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('folderStorage (the embedded default)', () => {
  it('stores, reads back and removes a file with its type, and keeps keys inside its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bd-storage-'));
    dirs.push(dir);
    const storage = folderStorage(dir);
    const bytes = new TextEncoder().encode('%PDF-1.7');
    await storage.put('evidence/p1/e1', bytes, 'application/pdf');
    expect(await storage.get('evidence/p1/e1')).toEqual({ bytes, contentType: 'application/pdf' });
    await storage.delete('evidence/p1/e1');
    expect(await storage.get('evidence/p1/e1')).toBeNull();
    expect(readdirSync(join(dir, 'evidence/p1'))).toEqual([]);
    await storage.delete('evidence/p1/e1'); // removing twice is not an error
    await expect(storage.put('../outside', bytes, 'text/plain')).rejects.toThrow(/outside/);
  });
});

// Attachments in a local folder (the embedded default). Keys are generated ids, never user input.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Storage } from './storage.ts';

export function folderStorage(root: string): Storage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const file = resolve(join(base, key));
    if (!file.startsWith(`${base}/`)) throw new Error('storage key outside the folder');
    return file;
  };
  return {
    async put(key, bytes, contentType) {
      const file = pathOf(key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes);
      await writeFile(`${file}.type`, contentType);
    },
    async get(key) {
      const file = pathOf(key);
      try {
        const [bytes, contentType] = await Promise.all([readFile(file), readFile(`${file}.type`, 'utf8')]);
        return { bytes: new Uint8Array(bytes), contentType };
      } catch {
        return null;
      }
    },
    async delete(key) {
      const file = pathOf(key);
      await Promise.all([rm(file, { force: true }), rm(`${file}.type`, { force: true })]);
    },
  };
}

// Where attachments live: one small interface, a folder locally (storage-folder.ts, Node only),
// R2 in production (storage-r2.ts), memory in tests.
export interface StoredObject {
  bytes: Uint8Array;
  contentType: string;
}

export interface Storage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  /** Removes an object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * Stores a file, then runs the database write that references it. If that write fails, the file
 * is removed again, so a failed upload leaves neither a row nor an orphan file behind (the file
 * goes first because a row pointing to a missing file would be worse than the reverse).
 */
export async function storeThenRecord(storage: Storage, key: string, bytes: Uint8Array, contentType: string, record: () => Promise<unknown>): Promise<void> {
  await storage.put(key, bytes, contentType);
  try {
    await record();
  } catch (error) {
    await storage.delete(key).catch(() => undefined);
    throw error;
  }
}

export function memoryStorage(): Storage {
  const objects = new Map<string, StoredObject>();
  return {
    async put(key, bytes, contentType) {
      objects.set(key, { bytes: bytes.slice(), contentType });
    },
    async get(key) {
      return objects.get(key) ?? null;
    },
    async delete(key) {
      objects.delete(key);
    },
  };
}

// Where attachments live: one small interface, a folder locally (storage-folder.ts, Node only),
// R2 in production (storage-r2.ts), memory in tests.
export interface StoredObject {
  bytes: Uint8Array;
  contentType: string;
}

export interface Storage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
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
  };
}

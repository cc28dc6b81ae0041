// Attachments in Cloudflare R2 (production). The bucket is the ATTACHMENTS binding.
import type { Storage } from './storage.ts';

export function r2Storage(bucket: R2Bucket): Storage {
  return {
    async put(key, bytes, contentType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(key);
      if (!object) return null;
      return { bytes: new Uint8Array(await object.arrayBuffer()), contentType: object.httpMetadata?.contentType ?? 'application/octet-stream' };
    },
    async delete(key) {
      await bucket.delete(key);
    },
  };
}

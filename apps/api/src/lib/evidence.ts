// Evidence files (of a duty, of an activity): one way to receive them, checked by content, and one
// shape to answer with. The routes add their own row and audit event (storeThenRecord keeps the
// stored file only when they are written).
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { UPLOAD_CONTENT_TYPES } from '@binh-dang/documents/upload-type';
import { newId } from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { ProblemError, problem } from './problem.ts';
import { evidenceKind } from './uploads.ts';
import { badRequest, denied, idParam, notFound, problemContent } from '../routes/schemas.ts';

export const evidenceOut = z
  .object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), uploadedBy: z.string(), uploadedAt: z.string() })
  .openapi('Evidence');

export type EvidenceOut = z.infer<typeof evidenceOut>;

/**
 * Request and responses of an evidence upload route (POST …/{id}/evidence?name=…). Its size limit
 * and declared types are in lib/uploads.ts, enforced by the request guard.
 */
export const evidenceUpload = {
  request: {
    params: z.object({ id: idParam }),
    query: z.object({ name: z.string().trim().min(1).max(200).openapi({ description: 'File name as the user knows it' }) }),
    body: { required: true, content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
  },
  responses: {
    201: { description: 'Stored', content: { 'application/json': { schema: z.object({ evidence: evidenceOut }) } } },
    400: badRequest,
    401: denied,
    403: denied,
    404: notFound,
    413: { description: 'Over 10 MB (problem+json)', content: problemContent },
    415: { description: 'Not an accepted file type (problem+json)', content: problemContent },
  },
};

export function toEvidenceOut(row: EvidenceOut): EvidenceOut {
  const { id, fileName, contentType, size, sha256, uploadedBy, uploadedAt } = row;
  return { id, fileName, contentType, size, sha256, uploadedBy, uploadedAt };
}

/** A received evidence file: its bytes and the columns every evidence table shares. */
export interface ReceivedEvidence extends EvidenceOut {
  storageKey: string;
  bytes: Uint8Array;
}

/**
 * Reads the request's file (named by `?name=`): refused when empty, or when its content is not an
 * accepted kind or disagrees with the declared type or the name's extension. Stored under
 * `<keyPrefix>/<new id>` by the caller.
 */
export async function receiveEvidence(c: Context<AppEnv>, fileName: string, keyPrefix: string, uploadedBy: string): Promise<ReceivedEvidence> {
  const { now } = c.var.deps;
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new ProblemError(problem('validation', { errors: [{ path: 'body', message: 'Tệp rỗng (Empty file)' }] }));
  const kind = evidenceKind(bytes, c.req.header('content-type'), fileName);
  const id = newId(now());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return {
    id,
    storageKey: `${keyPrefix}/${id}`,
    bytes,
    fileName,
    contentType: UPLOAD_CONTENT_TYPES[kind],
    size: bytes.length,
    sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
    uploadedBy,
    uploadedAt: now().toISOString(),
  };
}

// The routes that take a file or pasted text instead of JSON: each one's size limit and the types
// it may declare, in this one table. The request guard (guard.ts) enforces both before any route
// runs (413, 415); the routes then check what the bytes really are (a .docx, a workbook, an
// evidence file sniffed by content: evidenceKind below).
import { DOCX_READ_LIMITS } from '@binh-dang/documents/docx-read';
import { REPORT_XLSX_LIMITS } from '@binh-dang/documents/report-xlsx';
import { UPLOAD_CONTENT_TYPES, sniffUpload, type UploadKind } from '@binh-dang/documents/upload-type';
import { ProblemError, problem } from './problem.ts';

export const DOCX_TYPE = UPLOAD_CONTENT_TYPES.docx;
export const XLSX_TYPE = UPLOAD_CONTENT_TYPES.xlsx;
const OCTET = 'application/octet-stream';

export interface UploadRoute {
  path: RegExp;
  maxBytes: number;
  /** Media types the request may declare (Content-Type without its parameters). */
  types: readonly string[];
  /** Said when the declared type is not one of them. */
  refusal: string;
  /** Smaller limits for some declared types (pasted text is far smaller than a .docx file). */
  maxBytesByType?: Readonly<Record<string, number>>;
}

/** The limit of a body declared as `type` on an upload route. */
export function uploadLimit(upload: UploadRoute, type: string): number {
  return upload.maxBytesByType?.[type] ?? upload.maxBytes;
}

/** Pasted plan text: the Lâm Thao plan is 12 KB of text; a megabyte leaves room for any plan. */
export const PASTED_TEXT_MAX_BYTES = 1024 * 1024;

const EVIDENCE_REFUSAL = 'Chỉ nhận PDF, ảnh PNG/JPEG, Word (.docx) hoặc Excel (.xlsx), kiểm tra theo nội dung tệp (Only PDF, PNG/JPEG, .docx, .xlsx)';
/** Evidence may be sent as plain bytes (the content decides) or as what it is. */
const EVIDENCE_TYPES = [OCTET, ...Object.values(UPLOAD_CONTENT_TYPES)];
const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

export const UPLOADS = {
  planImport: {
    path: /^\/api\/v1\/org-units\/[^/]+\/plan-imports$/,
    maxBytes: DOCX_READ_LIMITS.maxInputBytes,
    types: ['text/plain', DOCX_TYPE],
    refusal: 'Chỉ nhận văn bản dán vào hoặc tệp .docx (Paste text or upload a .docx)',
    maxBytesByType: { 'text/plain': PASTED_TEXT_MAX_BYTES },
  },
  dutyEvidence: { path: /^\/api\/v1\/duties\/[^/]+\/evidence$/, maxBytes: EVIDENCE_MAX_BYTES, types: EVIDENCE_TYPES, refusal: EVIDENCE_REFUSAL },
  activityEvidence: { path: /^\/api\/v1\/activities\/[^/]+\/evidence$/, maxBytes: EVIDENCE_MAX_BYTES, types: EVIDENCE_TYPES, refusal: EVIDENCE_REFUSAL },
  reportXlsx: {
    path: /^\/api\/v1\/reports\/[^/]+\/xlsx$/,
    maxBytes: REPORT_XLSX_LIMITS.maxBytes,
    types: [XLSX_TYPE],
    refusal: 'Chỉ nhận tệp Excel .xlsx tải từ mẫu báo cáo (Only the .xlsx report template)',
  },
} as const satisfies Record<string, UploadRoute>;

/** The upload route a path belongs to, if any. */
export function uploadOf(path: string): UploadRoute | undefined {
  return Object.values(UPLOADS).find((u) => u.path.test(path));
}

/** "application/pdf; charset=…" → "application/pdf". */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

const KIND_LABEL: Record<UploadKind, string> = { pdf: 'PDF', png: 'ảnh PNG', jpeg: 'ảnh JPEG', docx: 'Word (.docx)', xlsx: 'Excel (.xlsx)' };
const KIND_LABEL_EN: Record<UploadKind, string> = { pdf: 'a PDF', png: 'a PNG image', jpeg: 'a JPEG image', docx: 'a Word .docx', xlsx: 'an Excel .xlsx' };
const EXTENSIONS: Record<UploadKind, readonly string[]> = { pdf: ['pdf'], png: ['png'], jpeg: ['jpg', 'jpeg'], docx: ['docx'], xlsx: ['xlsx'] };

const refuse = (detail: string, path: string, message: string) =>
  new ProblemError(problem('unsupported-media-type', { detail, errors: [{ path, message }] }));

/**
 * What an evidence file is, from its bytes; refused (415) when it is none of the accepted kinds,
 * when the request declared another type, or when its name says another kind (a PNG named .docx
 * would be served back under that name). A name without an extension is taken as it is.
 */
export function evidenceKind(bytes: Uint8Array, declaredType: string | undefined, fileName: string): UploadKind {
  const kind = sniffUpload(bytes);
  if (!kind) throw refuse(EVIDENCE_REFUSAL, 'body', EVIDENCE_REFUSAL);
  const declared = mediaType(declaredType);
  if (declared && declared !== OCTET && declared !== UPLOAD_CONTENT_TYPES[kind]) {
    const message = `Tệp được khai báo là ${declared} nhưng nội dung là ${KIND_LABEL[kind]} (Declared ${declared}, but the file is ${KIND_LABEL_EN[kind]})`;
    throw refuse(message, 'headers.content-type', message);
  }
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension && !EXTENSIONS[kind].includes(extension)) {
    const message = `Tên tệp có đuôi .${extension} nhưng nội dung là ${KIND_LABEL[kind]}; đổi tên thành .${EXTENSIONS[kind][0]} (The name ends in .${extension}, but the file is ${KIND_LABEL_EN[kind]})`;
    throw refuse(message, 'query.name', message);
  }
  return kind;
}

/** Pasted text: UTF-8 without NUL characters (a program or a binary file sent as text is not). */
export function plainText(bytes: Uint8Array): string {
  const message = 'Nội dung dán vào không phải văn bản UTF-8 (The pasted content is not UTF-8 text)';
  if (bytes.includes(0)) throw refuse(message, 'body', message);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw refuse(message, 'body', message);
  }
}

// Errors as application/problem+json (RFC 9457): Vietnamese title first, English beside it, and
// field paths for validation errors. Never a stack trace or SQL.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';

export interface FieldError {
  /** Where the bad value is: "query.at", "params.id", "body.legalBases.0.number". */
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  title_en: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://binh-dang.vn/problems/validation' }),
    title: z.string().openapi({ example: 'Dữ liệu không hợp lệ' }),
    title_en: z.string().openapi({ example: 'Invalid input' }),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const KINDS = {
  validation: { status: 400, title: 'Dữ liệu không hợp lệ', title_en: 'Invalid input' },
  unauthenticated: { status: 401, title: 'Chưa đăng nhập hoặc phiên đã hết hạn', title_en: 'Not signed in or session expired' },
  forbidden: { status: 403, title: 'Không có quyền', title_en: 'Forbidden' },
  'not-found': { status: 404, title: 'Không tìm thấy', title_en: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Phương thức không được hỗ trợ', title_en: 'Method not allowed' },
  'too-many-requests': { status: 429, title: 'Quá nhiều lần thử, vui lòng đợi', title_en: 'Too many attempts, please wait' },
  'payload-too-large': { status: 413, title: 'Dữ liệu gửi lên quá lớn', title_en: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Định dạng dữ liệu không được hỗ trợ', title_en: 'Unsupported media type' },
  'cross-site': { status: 403, title: 'Yêu cầu từ trang khác bị từ chối', title_en: 'Cross-site request refused' },
  conflict: { status: 409, title: 'Dữ liệu đã bị thay đổi bởi người khác', title_en: 'Conflict: the resource was changed' },
  internal: { status: 500, title: 'Lỗi hệ thống, vui lòng thử lại sau', title_en: 'Internal error, please try again later' },
  unavailable: { status: 503, title: 'Dịch vụ tạm thời không sẵn sàng', title_en: 'Service unavailable' },
} as const;
export type ProblemKind = keyof typeof KINDS;

export function problem(kind: ProblemKind, extra: { detail?: string; errors?: FieldError[]; instance?: string } = {}): Problem {
  const k = KINDS[kind];
  return { type: `https://binh-dang.vn/problems/${kind}`, title: k.title, title_en: k.title_en, status: k.status, ...extra };
}

export function problemResponse(c: Context, p: Problem): Response {
  return c.body(JSON.stringify(p), p.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

const TARGET_NAMES: Record<string, string> = { param: 'params', query: 'query', json: 'body', form: 'body', header: 'headers', cookie: 'cookies' };

/** Field errors of a zod failure, with the request part ("query", "params", "body") first. */
export function fieldErrors(target: string, error: z.ZodError): FieldError[] {
  const prefix = TARGET_NAMES[target] ?? target;
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Thrown by handlers to answer with a problem; the app's error handler turns it into a response. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title_en);
  }
}

export function notFoundError(detail: string, errors?: FieldError[]): ProblemError {
  return new ProblemError(problem('not-found', errors ? { detail, errors } : { detail }));
}

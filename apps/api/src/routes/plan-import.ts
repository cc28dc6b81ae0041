// Import of an existing plan: pasted text or an uploaded .docx is parsed into a draft for
// review. Nothing is saved here: the author reviews the flagged parts, then creates the draft
// with POST /api/v1/org-units/{unitId}/plans.
import { z } from '@hono/zod-openapi';
import { ImportError, isDocumentError, linesFromText, parsePlan, readDocxLines } from '@binh-dang/documents';
import { planContentSchema } from '@binh-dang/domain';
import { authorizeUnit } from '../lib/access.ts';
import { fieldErrors, ProblemError, problem } from '../lib/problem.ts';
import { createRouter } from '../lib/factory.ts';
import { defineRoute } from '../lib/route.ts';
import { plainText } from '../lib/uploads.ts';
import { badRequest, denied, idParam, notFound, problemContent } from './schemas.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const flagOut = z.object({
  line: z.number().int(),
  text: z.string(),
  kind: z.enum(['unrecognised', 'ambiguous', 'missing']),
  message: z.string(),
  where: z.string(),
});

export const planImportRoutes = createRouter().openapi(
  defineRoute('plans.edit', {
    method: 'post',
    path: '/api/v1/org-units/{unitId}/plan-imports',
    tags: ['plans'],
    summary: 'Read a plan from pasted text (text/plain) or a .docx upload into a draft for review, with flags; saves nothing',
    // Size limit and declared types: lib/uploads.ts (UPLOADS.planImport), enforced by the guard.
    request: {
      params: z.object({ unitId: idParam }),
      body: {
        required: true,
        content: {
          'text/plain': { schema: z.string() },
          [DOCX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
    },
    responses: {
      200: {
        description: 'The parsed draft, its flags, and what still blocks saving it',
        content: {
          'application/json': {
            schema: z.object({
              year: z.number().int(),
              content: z.unknown(),
              flags: z.array(flagOut),
              valid: z.boolean(),
              errors: z.array(z.object({ path: z.string(), message: z.string() })),
            }),
          },
        },
      },
      400: badRequest,
      401: denied,
      403: denied,
      404: notFound,
      413: { description: 'Over 20 MB (.docx) or 1 MB (pasted text) (problem+json)', content: problemContent },
      415: { description: 'Not text or .docx (problem+json)', content: problemContent },
    },
  }),
  async (c) => {
    await authorizeUnit(c, c.req.valid('param').unitId);
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    let lines;
    try {
      if (type === DOCX_TYPE) lines = readDocxLines(new Uint8Array(await c.req.arrayBuffer()));
      // Text, not a program or a binary file declared as text.
      else if (type === 'text/plain') lines = linesFromText(plainText(new Uint8Array(await c.req.arrayBuffer())));
      else
        throw new ProblemError(
          problem('unsupported-media-type', { detail: 'Chỉ nhận văn bản dán vào hoặc tệp .docx (Paste text or upload a .docx)' }),
        );
      const { draft, flags } = parsePlan(lines, { idPrefix: 'import' });
      const { year, status: _status, ...content } = draft;
      const checked = planContentSchema.safeParse(content);
      return c.json(
        { year, content, flags, valid: checked.success, errors: checked.success ? [] : fieldErrors('content', checked.error) },
        200,
      );
    } catch (error) {
      if (error instanceof ImportError)
        throw new ProblemError(problem('validation', { detail: error.message, errors: [{ path: 'body', message: error.message }] }));
      if (isDocumentError(error)) {
        const kind = error.code === 'too-large' || error.code === 'zip-bomb' ? 'payload-too-large' : error.code === 'not-docx' ? 'unsupported-media-type' : 'validation';
        throw new ProblemError(problem(kind, { detail: error.message, errors: [{ path: 'body', message: error.message }] }));
      }
      throw error;
    }
  },
);

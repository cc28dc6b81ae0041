// Excel in and out for a report: the unit's template (its indicators, the period, instructions,
// locked header cells, prefilled with the draft), and the filled workbook read back. Any bad cell
// refuses the whole upload with every cell's sheet, row, column and reason; nothing changes.
import { z } from '@hono/zod-openapi';
import { REPORT_FILE_STATUS, REPORT_XLSX_LIMITS, buildReportTemplate, readReportWorkbook, type CellError } from '@binh-dang/documents/report-xlsx';
import { periodLabel } from '@binh-dang/domain';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, problem, type ProblemKind } from '../lib/problem.ts';
import { reportDetail, reportInReach } from '../lib/report-context.ts';
import { defineRoute } from '../lib/route.ts';
import { reportBody, reportOut, saveReportValues } from './reports.ts';
import { badRequest, denied, idParam, notFound, problemContent } from './schemas.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_MB = REPORT_XLSX_LIMITS.maxBytes / 1024 / 1024;

function cellMessage(e: CellError): string {
  if (!e.cell) return e.sheet ? `Trang '${e.sheet}': ${e.message}` : e.message;
  return `Trang '${e.sheet}', dòng ${e.row}, cột ${e.column} (ô ${e.cell}): ${e.message}`;
}

const kindOfStatus: Record<number, ProblemKind> = { 413: 'payload-too-large', 415: 'unsupported-media-type' };

export const reportXlsxRoutes = createRouter()
  .openapi(
    defineRoute('reports.read', {
      method: 'get',
      path: '/api/v1/reports/{id}/xlsx',
      tags: ['reports'],
      summary: "The report's Excel template: the unit's indicators for the period, instructions, prefilled with the saved values",
      request: { params: z.object({ id: idParam }) },
      responses: {
        200: { description: 'The .xlsx', content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { report, unit } = await reportInReach(c, c.req.valid('param').id);
      const detail = await reportDetail(c, report);
      const bytes = await buildReportTemplate({
        unit: { id: unit.id, name: unit.name },
        period: { code: report.period, label: periodLabel(report.period) },
        plan: { id: detail.plan.id, title: detail.plan.title },
        deadline: detail.deadline,
        indicators: detail.set.entered,
        values: detail.values,
      });
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': XLSX_TYPE,
        'content-disposition': `attachment; filename="bao-cao-${unit.id}-${report.period}.xlsx"`,
        'cache-control': 'private, no-store',
      });
    },
  )
  .openapi(
    defineRoute('reports.edit', {
      method: 'post',
      path: '/api/v1/reports/{id}/xlsx',
      tags: ['reports'],
      summary: `Fill the report from its filled Excel template (≤ ${MAX_MB} MB); \`version\` must be the one you saw. Any bad cell refuses the whole file`,
      // Size limit and declared type: lib/uploads.ts (UPLOADS.reportXlsx), enforced by the guard.
      request: {
        params: z.object({ id: idParam }),
        query: z.object({ version: z.coerce.number().int().min(1) }),
        body: { required: true, content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
      },
      responses: {
        200: { description: 'The report with the values from the file', content: { 'application/json': { schema: reportOut } } },
        400: { description: 'Bad cells: every one with sheet, row, column and reason (problem+json; path xlsx.<cell>)', content: problemContent },
        401: denied,
        403: denied,
        404: notFound,
        409: { description: 'Stale version or not editable (problem+json with `current`)', content: problemContent },
        413: { description: `Over ${MAX_MB} MB (problem+json)`, content: problemContent },
        415: { description: 'Not an .xlsx file (problem+json)', content: problemContent },
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { version } = c.req.valid('query');
      const { report, unit } = await reportInReach(c, id);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length === 0) throw new ProblemError(problem('validation', { errors: [{ path: 'body', message: 'Tệp rỗng (Empty file)' }] }));
      const detail = await reportDetail(c, report);
      const result = await readReportWorkbook(bytes, { unitId: unit.id, period: report.period, indicators: detail.set.entered });
      if (!result.ok) {
        const fileProblem = result.errors.find((e) => e.path === 'file' && e.code);
        const status = fileProblem?.code ? REPORT_FILE_STATUS[fileProblem.code] : 400;
        const kind = kindOfStatus[status] ?? 'validation';
        throw new ProblemError(
          problem(kind, {
            detail:
              kind === 'validation'
                ? `Tệp có ${result.errors.length} lỗi; chưa có số liệu nào được ghi. Sửa rồi tải lại (The file has errors; nothing was saved)`
                : cellMessage(fileProblem!),
            errors: result.errors.map((e) => ({ path: e.cell ? `xlsx.${e.cell}` : e.path === 'file' ? 'body' : `xlsx.${e.path}`, message: cellMessage(e) })),
          }),
        );
      }
      await saveReportValues(c, id, { version, values: result.values }, 'xlsx');
      return c.json(await reportBody(c, id), 200);
    },
  );

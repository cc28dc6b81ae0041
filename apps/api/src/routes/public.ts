// The read-only public API (/api/v1/public/…): issued plans, duty progress, approved results with
// small counts of sensitive indicators suppressed, reporting completeness, and every table as CSV
// and JSON under an open licence, described by a Frictionless data package. Drafts, narratives,
// notes, names of people and unapproved numbers never appear here.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import { getOrgUnit, getPlan, listIndicators, listOrgUnits, listOrgUnitsByIds, listPlans, publicationOf, schema } from '@binh-dang/db';
import { planToDocx } from '@binh-dang/documents/plan-docx';
import { chainOf, isActiveOn, parsePeriod, periodCodeSchema, periodLabel, subtreeRange, todayInVietnam, type OrgUnit, type Plan } from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, notFoundError, problem } from '../lib/problem.ts';
import { activeDuring, publicResults, type PublicResults } from '../lib/public-results.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, dateParam, idParam, notFound, planOut, planSummaryOut } from './schemas.ts';

export const LICENCE = {
  name: 'CC-BY-4.0',
  title: 'Creative Commons Attribution 4.0 International',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  statement:
    'Dữ liệu công khai theo giấy phép CC BY 4.0: được dùng lại, ghi rõ nguồn "Bình Đẳng – UBND các cấp". ' +
    'Số nhỏ hơn ngưỡng của chỉ tiêu nhạy cảm được ẩn để bảo vệ nạn nhân (Open data under CC BY 4.0; small counts of sensitive indicators are suppressed to protect victims).',
} as const;

const PUBLIC_CACHE = 'public, max-age=60, s-maxage=600, stale-while-revalidate=86400';
const PUBLIC_STATUSES = ['issued', 'superseded'] as const;

// ---------------------------------------------------------------------------------------------
// Caching: every public answer carries the province's publication generation in its ETag; on
// Workers the edge cache keys on it too, so issuing a plan or approving a report invalidates.

async function generationOf(c: Context<AppEnv>, provinceId: string | null): Promise<string> {
  const db = c.var.deps.db;
  if (provinceId) return String((await publicationOf(db, provinceId)).generation);
  const rows = await db.select({ g: schema.publications.generation }).from(schema.publications);
  return String(rows.reduce((s, r) => s + r.g, 0));
}

async function cached<R extends Response>(c: Context<AppEnv>, provinceId: string | null, build: () => Promise<R>): Promise<R> {
  const generation = await generationOf(c, provinceId);
  // The day is part of it too: "overdue" and "as of" read the calendar.
  const etag = `W/"${provinceId ?? 'all'}.${generation}.${todayInVietnam(c.var.deps.now())}"`;
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag, 'cache-control': PUBLIC_CACHE } }) as R;
  const edge = c.var.deps.edgeCache;
  const key = new Request(`${c.req.url}${c.req.url.includes('?') ? '&' : '?'}__etag=${encodeURIComponent(etag)}`);
  const hit = edge ? await edge.match(key) : undefined;
  if (hit) return hit as R;
  const response = await build();
  if (response.status !== 200) return response;
  response.headers.set('cache-control', PUBLIC_CACHE);
  response.headers.set('etag', etag);
  response.headers.set('link', '</api/v1/public/datapackage.json>; rel="describedby"');
  if (edge) await edge.put(key, response.clone());
  return response;
}

// ---------------------------------------------------------------------------------------------
// CSV

function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${(/^[=+\-@\t]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
}

/** UTF-8 CSV with a byte-order mark (Excel opens Vietnamese text correctly) and CRLF line ends. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, string | number | boolean | null>[]): string {
  return `\uFEFF${[columns.join(','), ...rows.map((r) => columns.map((col) => csvCell(r[col])).join(','))].join('\r\n')}\r\n`;
}

function csvResponse(c: Context<AppEnv>, name: string, body: string): Response {
  return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` });
}

// ---------------------------------------------------------------------------------------------
// The datasets and their documented columns (Frictionless table schemas)

type Field = { name: string; type: 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime'; description: string };

export const DATASETS = {
  results: {
    title: 'Kết quả các chỉ tiêu (Indicator results)',
    description: 'Số liệu đã phê duyệt của một đơn vị và các đơn vị trực thuộc trong một kỳ báo cáo (Approved values of a unit and the units under it for a period).',
    fields: [
      { name: 'scope_unit_id', type: 'string', description: 'Đơn vị được xem (the unit the table is about)' },
      { name: 'unit_id', type: 'string', description: 'Mã đơn vị của dòng (the row’s unit)' },
      { name: 'unit_name', type: 'string', description: 'Tên đơn vị' },
      { name: 'period', type: 'string', description: 'Kỳ báo cáo, mã kiểu DHIS2: 2024, 2024S1, 2024Q3, 202405' },
      { name: 'indicator_code', type: 'string', description: 'Mã chỉ tiêu' },
      { name: 'indicator_name_vi', type: 'string', description: 'Tên chỉ tiêu' },
      { name: 'indicator_name_en', type: 'string', description: 'Indicator name' },
      { name: 'measure', type: 'string', description: 'Đơn vị tính (unit of measure)' },
      { name: 'category', type: 'string', description: 'total | female | male' },
      { name: 'value', type: 'number', description: 'Giá trị; trống khi chưa có số liệu hoặc bị ẩn (empty when not reported or suppressed)' },
      { name: 'status', type: 'string', description: 'reported | suppressed (số nhỏ được ẩn, shown as "<N") | not_reported' },
      { name: 'target_year', type: 'integer', description: 'Năm của mục tiêu' },
      { name: 'target_comparator', type: 'string', description: '>=, <=, =, ~ …' },
      { name: 'target_value', type: 'number', description: 'Giá trị mục tiêu' },
      { name: 'target_source', type: 'string', description: 'unit (mục tiêu của đơn vị) | national (Nghị quyết 28/NQ-CP)' },
    ] satisfies Field[],
  },
  plans: {
    title: 'Kế hoạch đã ban hành (Issued plans)',
    description: 'Kế hoạch đã ban hành của một đơn vị và các đơn vị trực thuộc (Issued plans of a unit and the units under it).',
    fields: [
      { name: 'plan_id', type: 'string', description: 'Mã kế hoạch' },
      { name: 'issuing_unit_id', type: 'string', description: 'Mã đơn vị ban hành' },
      { name: 'issuing_unit_name', type: 'string', description: 'Đơn vị ban hành' },
      { name: 'year', type: 'integer', description: 'Năm kế hoạch' },
      { name: 'number', type: 'string', description: 'Số, ký hiệu văn bản, ví dụ 12/KH-UBND' },
      { name: 'title', type: 'string', description: 'Trích yếu' },
      { name: 'status', type: 'string', description: 'issued (đang hiệu lực) | superseded (đã được thay thế)' },
      { name: 'report_deadline', type: 'date', description: 'Hạn báo cáo kết quả' },
    ] satisfies Field[],
  },
  progress: {
    title: 'Tiến độ thực hiện nhiệm vụ (Duty progress)',
    description: 'Số đơn vị theo trạng thái của từng nhiệm vụ trong kế hoạch (Units by state for each duty of a plan).',
    fields: [
      { name: 'plan_id', type: 'string', description: 'Mã kế hoạch' },
      { name: 'duty', type: 'string', description: 'Nội dung nhiệm vụ' },
      { name: 'due_date', type: 'date', description: 'Thời hạn' },
      { name: 'units', type: 'integer', description: 'Số đơn vị được giao' },
      { name: 'done', type: 'integer', description: 'Đã hoàn thành' },
      { name: 'in_progress', type: 'integer', description: 'Đang thực hiện' },
      { name: 'not_started', type: 'integer', description: 'Chưa bắt đầu (chưa quá hạn)' },
      { name: 'overdue', type: 'integer', description: 'Quá hạn chưa hoàn thành' },
    ] satisfies Field[],
  },
} as const;

export type DatasetName = keyof typeof DATASETS;

const datasetJson = (name: DatasetName, rows: Record<string, string | number | boolean | null>[]) => ({
  dataset: name as string,
  licence: { ...LICENCE } as { name: string; title: string; path: string; statement: string },
  fields: DATASETS[name].fields.map((f) => ({ ...f })) as { name: string; type: string; description: string }[],
  rows,
});

// ---------------------------------------------------------------------------------------------
// Loading

async function loadUnit(c: Context<AppEnv>, id: string): Promise<OrgUnit> {
  const unit = await getOrgUnit(c.var.deps.db, id);
  if (!unit) throw notFoundError('Không có đơn vị này (No such unit)', [{ path: 'params.unitId', message: 'Không tìm thấy (Not found)' }]);
  return unit;
}

/** Issued or superseded plans only: a draft answers 404 exactly like a plan that does not exist. */
async function loadPublicPlan(c: Context<AppEnv>, id: string): Promise<Plan> {
  const plan = await getPlan(c.var.deps.db, id);
  if (!plan || !(PUBLIC_STATUSES as readonly string[]).includes(plan.status))
    throw notFoundError('Không có kế hoạch đã ban hành với mã này (No issued plan with this id)', [{ path: 'params.id', message: 'Không tìm thấy (Not found)' }]);
  return plan;
}

async function periodFor(c: Context<AppEnv>, unit: OrgUnit, code: string) {
  const period = parsePeriod(code)!;
  if (!activeDuring(unit, period)) {
    const successor = unit.successorId ? await getOrgUnit(c.var.deps.db, unit.successorId) : null;
    throw new ProblemError(
      problem('not-found', {
        detail:
          `${unit.name} không tồn tại trong ${periodLabel(code).toLowerCase()}` +
          (successor ? `; số liệu từ 01/7/2025 thuộc ${successor.name} (${successor.id})` : '') +
          ` (The unit did not exist in that period${successor ? `; see ${successor.id}` : ''})`,
        errors: [{ path: 'query.period', message: 'Đơn vị không tồn tại trong kỳ này (The unit did not exist in that period)' }],
      }),
    );
  }
  return period;
}

function resultRows(r: PublicResults, scope: string) {
  const rows: Record<string, string | number | boolean | null>[] = [];
  const push = (unitId: string, unitName: string, ind: PublicResults['indicators'][number], category: string, cell: { value: number | null; suppressed: boolean }) =>
    rows.push({
      scope_unit_id: scope,
      unit_id: unitId,
      unit_name: unitName,
      period: r.period,
      indicator_code: ind.code,
      indicator_name_vi: ind.nameVi,
      indicator_name_en: ind.nameEn,
      measure: ind.unit,
      category,
      value: cell.suppressed ? null : cell.value,
      status: cell.suppressed ? 'suppressed' : cell.value === null ? 'not_reported' : 'reported',
      target_year: unitId === scope ? (ind.target?.year ?? null) : null,
      target_comparator: unitId === scope ? (ind.target?.comparator ?? null) : null,
      target_value: unitId === scope ? (ind.target?.value ?? null) : null,
      target_source: unitId === scope ? (ind.target?.source ?? null) : null,
    });
  for (const ind of r.indicators)
    for (const cat of ind.disaggregation === 'sex' ? (['total', 'female', 'male'] as const) : (['total'] as const)) push(r.unit.id, r.unit.name, ind, cat, ind.cells[cat]);
  for (const ch of r.children)
    for (const ind of r.indicators) {
      const cell = ch.cells[ind.code];
      if (cell) push(ch.unit.id, ch.unit.name, ind, 'total', cell);
    }
  return rows;
}

async function publicPlans(c: Context<AppEnv>, unit: OrgUnit, year?: number) {
  const items = await listPlans(c.var.deps.db, { scopePath: unit.path, year });
  return items.filter((p) => (PUBLIC_STATUSES as readonly string[]).includes(p.status));
}

function planRows(items: Awaited<ReturnType<typeof publicPlans>>) {
  return items.map((p) => ({
    plan_id: p.id,
    issuing_unit_id: p.issuingUnitId,
    issuing_unit_name: p.issuingUnitName,
    year: p.year,
    number: p.number ? `${p.number}/${p.typeCode}-${p.issuerCode}` : null,
    title: p.title,
    status: p.status,
    report_deadline: p.reportDeadline,
  }));
}

async function progressOf(c: Context<AppEnv>, plan: Plan) {
  const t = schema.dutyTrackings;
  const rows = await c.var.deps.db
    .select({ dutyId: t.dutyId, text: t.text, dueDate: t.dueDate, status: t.status })
    .from(t)
    .where(eq(t.planId, plan.id))
    .orderBy(asc(t.dueDate), asc(t.dutyId));
  const today = todayInVietnam(c.var.deps.now());
  const order = plan.implementation.assignments.flatMap((a) => a.duties.map((d) => d.id));
  const byDuty = new Map<string, { dutyId: string; duty: string; dueDate: string | null; units: number; done: number; inProgress: number; notStarted: number; overdue: number }>();
  for (const r of rows) {
    const d = byDuty.get(r.dutyId) ?? { dutyId: r.dutyId, duty: r.text, dueDate: r.dueDate, units: 0, done: 0, inProgress: 0, notStarted: 0, overdue: 0 };
    d.units++;
    if (r.status === 'done') d.done++;
    else if (r.dueDate !== null && r.dueDate < today) d.overdue++;
    else if (r.status === 'in_progress') d.inProgress++;
    else d.notStarted++;
    byDuty.set(r.dutyId, d);
  }
  return [...byDuty.values()].sort((a, b) => order.indexOf(a.dutyId) - order.indexOf(b.dutyId));
}

// ---------------------------------------------------------------------------------------------
// Schemas

const cellOut = z.object({ value: z.number().nullable(), suppressed: z.boolean() }).openapi('PublicCell');
const unitRef = z.object({ id: z.string(), name: z.string(), kind: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable() }).openapi('PublicUnitRef');
const resultsOut = z
  .object({
    unit: z.object({ id: z.string(), name: z.string() }),
    period: z.string(),
    periodLabel: z.string(),
    threshold: z.number().int(),
    asOf: z.string().nullable(),
    licence: z.object({ name: z.string(), title: z.string(), path: z.string(), statement: z.string() }),
    indicators: z.array(
      z.object({
        code: z.string(),
        nameVi: z.string(),
        nameEn: z.string(),
        unit: z.string(),
        objective: z.number().int().nullable(),
        sensitivity: z.enum(['public', 'sensitive']),
        aggregation: z.enum(['sum', 'ratio', 'latest']),
        polarity: z.enum(['higher-better', 'lower-better', 'target-range']),
        disaggregation: z.enum(['none', 'sex']),
        cells: z.object({ total: cellOut, female: cellOut, male: cellOut }),
        target: z.object({ year: z.number().int(), comparator: z.string(), value: z.number(), source: z.enum(['unit', 'national']) }).nullable(),
      }),
    ),
    children: z.array(z.object({ unit: z.object({ id: z.string(), name: z.string() }), cells: z.record(z.string(), cellOut) })),
    completeness: z.object({ expected: z.number().int(), submitted: z.number().int(), approved: z.number().int(), onTime: z.number().int(), late: z.number().int(), notReported: z.array(z.string()) }),
  })
  .openapi('PublicResults');

const progressOut = z
  .object({
    plan: z.object({ id: z.string(), title: z.string() }),
    asOf: z.string(),
    duties: z.array(z.object({ dutyId: z.string(), duty: z.string(), dueDate: z.string().nullable(), units: z.number().int(), done: z.number().int(), inProgress: z.number().int(), notStarted: z.number().int(), overdue: z.number().int() })),
  })
  .openapi('PublicProgress');

const datasetOut = z
  .object({
    dataset: z.string(),
    licence: z.object({ name: z.string(), title: z.string(), path: z.string(), statement: z.string() }),
    fields: z.array(z.object({ name: z.string(), type: z.string(), description: z.string() })),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  })
  .openapi('PublicDataset');
const csvContent = { 'text/csv': { schema: z.string().openapi({ description: 'UTF-8 CSV with a header row; columns documented in /api/v1/public/datapackage.json' }) } };
const unitParams = z.object({ unitId: idParam });
const periodQuery = z.object({ period: periodCodeSchema });
const refOf = (u: OrgUnit) => ({ id: u.id, name: u.name, kind: u.kind, validFrom: u.validFrom, validTo: u.validTo });

// ---------------------------------------------------------------------------------------------
// Routes

export const publicRoutes = createRouter()
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/units',
      tags: ['public'],
      summary: 'Provinces (old and merged), the starting points of the public site',
      responses: { 200: { description: 'Provinces', content: { 'application/json': { schema: z.object({ items: z.array(unitRef) }) } } } },
    }),
    async (c) =>
      cached(c, null, async () => {
        const all = await listOrgUnits(c.var.deps.db);
        return c.json({ items: all.filter((u) => u.parentId === null).map(refOf) }, 200);
      }),
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/units/{unitId}',
      tags: ['public'],
      summary: 'A unit for the public: its place in the tree (on a day), successor and predecessors, issued plans, periods with results',
      request: { params: unitParams, query: z.object({ at: dateParam.optional() }) },
      responses: {
        200: {
          description: 'The unit',
          content: {
            'application/json': {
              schema: z
                .object({
                  unit: unitRef,
                  at: z.string(),
                  ancestors: z.array(unitRef),
                  children: z.array(unitRef),
                  successor: unitRef.nullable(),
                  predecessors: z.array(unitRef),
                  plans: z.array(planSummaryOut),
                  periods: z.array(z.object({ period: z.string(), label: z.string() })),
                })
                .openapi('PublicUnit'),
            },
          },
        },
        400: badRequest,
        404: notFound,
      },
    }),
    async (c) => {
      const unit = await loadUnit(c, c.req.valid('param').unitId);
      return cached(c, chainOf(unit.path), async () => {
        const db = c.var.deps.db;
        const today = todayInVietnam(c.var.deps.now());
        // An ended unit is shown as it was on its last day.
        const at = c.req.valid('query').at ?? (unit.validTo !== null && unit.validTo < today ? unit.validTo : today);
        const ids = unit.path.split('/').filter(Boolean).slice(0, -1);
        const [ancestors, subtree, predecessors, successor, plans] = await Promise.all([
          listOrgUnitsByIds(db, ids),
          listOrgUnits(db, unit.path),
          db.select().from(schema.orgUnits).where(eq(schema.orgUnits.successorId, unit.id)).orderBy(asc(schema.orgUnits.path)),
          unit.successorId ? getOrgUnit(db, unit.successorId) : Promise.resolve(null),
          publicPlans(c, unit),
        ]);
        const { lower, upper } = subtreeRange(unit.path);
        const periods = await db
          .selectDistinct({ period: schema.approvedValues.period })
          .from(schema.approvedValues)
          .where(and(gte(schema.approvedValues.orgUnitPath, lower), lt(schema.approvedValues.orgUnitPath, upper)))
          .orderBy(desc(schema.approvedValues.period));
        return c.json(
          {
            unit: refOf(unit),
            at,
            ancestors: ancestors.map(refOf),
            children: subtree.filter((u) => u.parentId === unit.id && isActiveOn(u, at)).map(refOf),
            successor: successor ? refOf(successor) : null,
            predecessors: predecessors.map((p) => ({ id: p.id, name: p.name, kind: p.kind, validFrom: p.validFrom, validTo: p.validTo })),
            plans: plans.filter((p) => p.issuingUnitId === unit.id),
            periods: periods.map((p) => ({ period: p.period, label: periodLabel(p.period) })),
          },
          200,
        );
      });
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/units/{unitId}/results',
      tags: ['public'],
      summary: 'Approved results of a unit and its units for a period, against targets; small counts of sensitive indicators suppressed',
      request: { params: unitParams, query: periodQuery },
      responses: { 200: { description: 'Results', content: { 'application/json': { schema: resultsOut } } }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const unit = await loadUnit(c, c.req.valid('param').unitId);
      const period = await periodFor(c, unit, c.req.valid('query').period);
      return cached(c, chainOf(unit.path), async () => c.json({ ...(await publicResults(c, unit, period)), periodLabel: periodLabel(period.code), licence: LICENCE }, 200));
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/units/{unitId}/results.csv',
      tags: ['public'],
      summary: 'The results table as CSV (columns in the data package)',
      request: { params: unitParams, query: periodQuery },
      responses: { 200: { description: 'CSV', content: csvContent }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const unit = await loadUnit(c, c.req.valid('param').unitId);
      const period = await periodFor(c, unit, c.req.valid('query').period);
      return cached(c, chainOf(unit.path), async () => {
        const rows = resultRows(await publicResults(c, unit, period), unit.id);
        return csvResponse(c, `ket-qua-${unit.id}-${period.code}`, toCsv(DATASETS.results.fields.map((f) => f.name), rows));
      });
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/units/{unitId}/results.json',
      tags: ['public'],
      summary: 'The results table as JSON rows (same columns as the CSV), with the licence',
      request: { params: unitParams, query: periodQuery },
      responses: { 200: { description: 'Rows', content: { 'application/json': { schema: datasetOut } } }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const unit = await loadUnit(c, c.req.valid('param').unitId);
      const period = await periodFor(c, unit, c.req.valid('query').period);
      return cached(c, chainOf(unit.path), async () => c.json(datasetJson('results', resultRows(await publicResults(c, unit, period), unit.id)), 200));
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/units/{unitId}/plans.csv',
      tags: ['public'],
      summary: 'Issued plans of a unit and the units under it, as CSV',
      request: { params: unitParams, query: z.object({ year: z.coerce.number().int().min(2000).max(2999).optional() }) },
      responses: { 200: { description: 'CSV', content: csvContent }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const unit = await loadUnit(c, c.req.valid('param').unitId);
      return cached(c, chainOf(unit.path), async () =>
        csvResponse(c, `ke-hoach-${unit.id}`, toCsv(DATASETS.plans.fields.map((f) => f.name), planRows(await publicPlans(c, unit, c.req.valid('query').year)))),
      );
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/units/{unitId}/plans.json',
      tags: ['public'],
      summary: 'Issued plans of a unit and the units under it, as JSON rows with the licence',
      request: { params: unitParams, query: z.object({ year: z.coerce.number().int().min(2000).max(2999).optional() }) },
      responses: { 200: { description: 'Rows', content: { 'application/json': { schema: datasetOut } } }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const unit = await loadUnit(c, c.req.valid('param').unitId);
      return cached(c, chainOf(unit.path), async () => c.json(datasetJson('plans', planRows(await publicPlans(c, unit, c.req.valid('query').year))), 200));
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/plans/{id}',
      tags: ['public'],
      summary: 'An issued plan, whole (drafts are not public)',
      request: { params: z.object({ id: idParam }) },
      responses: { 200: { description: 'The plan', content: { 'application/json': { schema: z.object({ plan: planOut, units: z.array(unitRef) }) } } }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const plan = await loadPublicPlan(c, c.req.valid('param').id);
      const issuer = await loadUnit(c, plan.issuingUnitId);
      return cached(c, chainOf(issuer.path), async () => {
        const ids = new Set([plan.issuingUnitId, ...plan.implementation.assignments.flatMap((a) => a.units.map((u) => u.orgUnitId))]);
        const units = await listOrgUnitsByIds(c.var.deps.db, [...ids]);
        return c.json({ plan, units: units.map(refOf) }, 200);
      });
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/plans/{id}/docx',
      tags: ['public'],
      summary: 'An issued plan as its official .docx',
      request: { params: z.object({ id: idParam }) },
      responses: {
        200: { description: 'The .docx', content: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.string().openapi({ format: 'binary' }) } } },
        400: badRequest,
        404: notFound,
      },
    }),
    async (c) => {
      const plan = await loadPublicPlan(c, c.req.valid('param').id);
      const issuer = await loadUnit(c, plan.issuingUnitId);
      return cached(c, chainOf(issuer.path), async () => {
        const bytes = await planToDocx(plan);
        return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'content-disposition': `attachment; filename="${plan.header.number ?? 'ke-hoach'}-${plan.header.typeCode}-${plan.year}-${plan.id}.docx"`,
        });
      });
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/plans/{id}/progress',
      tags: ['public'],
      summary: 'Progress of an issued plan: for each duty, how many units are done, in progress, not started, overdue',
      request: { params: z.object({ id: idParam }) },
      responses: { 200: { description: 'Progress', content: { 'application/json': { schema: progressOut } } }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const plan = await loadPublicPlan(c, c.req.valid('param').id);
      const issuer = await loadUnit(c, plan.issuingUnitId);
      return cached(c, chainOf(issuer.path), async () =>
        c.json({ plan: { id: plan.id, title: plan.title }, asOf: todayInVietnam(c.var.deps.now()), duties: await progressOf(c, plan) }, 200),
      );
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/plans/{id}/progress.csv',
      tags: ['public'],
      summary: 'Progress of an issued plan as CSV',
      request: { params: z.object({ id: idParam }) },
      responses: { 200: { description: 'CSV', content: csvContent }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const plan = await loadPublicPlan(c, c.req.valid('param').id);
      const issuer = await loadUnit(c, plan.issuingUnitId);
      return cached(c, chainOf(issuer.path), async () => {
        const rows = (await progressOf(c, plan)).map((d) => ({ plan_id: plan.id, duty: d.duty, due_date: d.dueDate, units: d.units, done: d.done, in_progress: d.inProgress, not_started: d.notStarted, overdue: d.overdue }));
        return csvResponse(c, `tien-do-${plan.id}`, toCsv(DATASETS.progress.fields.map((f) => f.name), rows));
      });
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/public/datapackage.json',
      tags: ['public'],
      summary: 'Catalogue of the open datasets (Frictionless Data Package): resources, documented columns, licence',
      responses: { 200: { description: 'datapackage.json', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
    }),
    async (c) =>
      cached(c, null, async () => {
        const db = c.var.deps.db;
        const roots = (await listOrgUnits(db)).filter((u) => u.parentId === null);
        const periods = await db.selectDistinct({ period: schema.approvedValues.period, path: schema.approvedValues.orgUnitPath }).from(schema.approvedValues);
        const issued = await db
          .select({ id: schema.plans.id })
          .from(schema.plans)
          .where(inArray(schema.plans.status, [...PUBLIC_STATUSES]));
        const origin = new URL(c.req.url).origin;
        const schemaOf = (name: DatasetName) => ({ fields: DATASETS[name].fields });
        const resources = [
          ...roots.flatMap((root) => [
            {
              name: `plans-${root.id}`,
              title: `${DATASETS.plans.title} – ${root.name}`,
              path: `${origin}/api/v1/public/units/${root.id}/plans.csv`,
              format: 'csv',
              mediatype: 'text/csv',
              encoding: 'utf-8',
              schema: schemaOf('plans'),
            },
            ...[...new Set(periods.filter((p) => p.path.startsWith(root.path)).map((p) => p.period))]
              .filter((code) => activeDuring(root, parsePeriod(code)!))
              .sort()
              .map((code) => ({
                name: `results-${root.id}-${code}`.toLowerCase(),
                title: `${DATASETS.results.title} – ${root.name} – ${periodLabel(code)}`,
                path: `${origin}/api/v1/public/units/${root.id}/results.csv?period=${code}`,
                format: 'csv',
                mediatype: 'text/csv',
                encoding: 'utf-8',
                schema: schemaOf('results'),
              })),
          ]),
          ...issued.map((p) => ({
            name: `progress-${p.id}`.toLowerCase(),
            title: DATASETS.progress.title,
            path: `${origin}/api/v1/public/plans/${p.id}/progress.csv`,
            format: 'csv',
            mediatype: 'text/csv',
            encoding: 'utf-8',
            schema: schemaOf('progress'),
          })),
        ];
        const indicators = await listIndicators(db);
        return c.json(
          {
            profile: 'data-package',
            name: 'binh-dang-open-data',
            title: 'Dữ liệu mở Bình Đẳng – kế hoạch và kết quả bình đẳng giới (Open gender-equality plans and results)',
            description: `${LICENCE.statement} Danh mục chỉ tiêu: ${indicators.length} chỉ tiêu (${origin}/api/v1/indicators).`,
            licenses: [{ name: LICENCE.name, title: LICENCE.title, path: LICENCE.path }],
            resources: resources.map((r) => ({ ...r, description: r.name.startsWith('results') ? DATASETS.results.description : r.name.startsWith('plans') ? DATASETS.plans.description : DATASETS.progress.description })),
          },
          200,
        );
      }),
  );

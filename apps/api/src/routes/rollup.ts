// The coordinator's and leader's view of a unit: approved totals up the tree at once, each
// child's contribution, completeness and timeliness of the reports owed.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { approvedNarratives, getOrgUnit, getPlan } from '@binh-dang/db';
import { compiledReportToDocx, type CompiledReportInput } from '@binh-dang/documents/report-docx';
import { formatShortVnDate, parseLocalDate, toLocalDate, periodCodeSchema, periodLabel, reportStatusLabels, reportStatuses, todayInVietnam } from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { authorizeUnit } from '../lib/access.ts';
import { createRouter } from '../lib/factory.ts';
import { computeRollup, type Rollup } from '../lib/rollup.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, denied, idParam, notFound, problemContent } from './schemas.ts';

const num = z.number().nullable();
const timeliness = z.enum(['on_time', 'late', 'overdue', 'pending']);
const status = z.enum([...reportStatuses, 'missing']);

export const rollupOut = z
  .object({
    unit: z.object({ id: z.string(), name: z.string(), path: z.string() }),
    period: z.string(),
    asOf: z.string(),
    indicators: z.array(
      z.object({
        code: z.string(),
        nameVi: z.string(),
        nameEn: z.string(),
        unit: z.string(),
        disaggregation: z.enum(['none', 'sex']),
        sensitivity: z.enum(['public', 'sensitive']),
        aggregation: z.enum(['sum', 'ratio', 'latest']),
        polarity: z.enum(['higher-better', 'lower-better', 'target-range']),
        total: num,
        female: num,
        male: num,
        units: z.number().int(),
        target: z.object({ year: z.number().int(), comparator: z.string(), value: z.number(), source: z.enum(['unit', 'national']) }).nullable(),
      }),
    ),
    children: z.array(
      z.object({
        unit: z.object({ id: z.string(), name: z.string(), path: z.string() }),
        own: z.boolean(),
        values: z.record(z.string(), num),
        report: z.object({ status, submittedAt: z.string().nullable(), deadline: z.string().nullable(), timeliness }).nullable(),
      }),
    ),
    completeness: z.object({
      expected: z.number().int(),
      submitted: z.number().int(),
      approved: z.number().int(),
      onTime: z.number().int(),
      late: z.number().int(),
      overdue: z.number().int(),
      units: z.array(
        z.object({
          unitId: z.string(),
          name: z.string(),
          path: z.string(),
          planId: z.string(),
          deadline: z.string(),
          status,
          reportId: z.string().nullable(),
          submittedAt: z.string().nullable(),
          timeliness,
        }),
      ),
    }),
  })
  .openapi('Rollup');

export const rollupQuery = z.object({ period: periodCodeSchema, planId: idParam.optional() });

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** " ngày 5/4/2024" from a document date; " năm 2024" when only the year is known. */
function documentDate(d: { year: number; month: number | null; day: number | null }): string {
  return d.month && d.day ? ` ngày ${formatShortVnDate(toLocalDate(d.year, d.month, d.day))}` : ` năm ${d.year}`;
}

/** "ỦY BAN NHÂN DÂN HUYỆN LÂM THAO" from "Huyện Lâm Thao". */
const bodyName = (name: string) => `ỦY BAN NHÂN DÂN ${name}`.toUpperCase();

/** The compiled report of a unit for a period: the roll-up, its units' narratives, in the Nghị định 30 format. */
export async function compiledReportInput(c: Context<AppEnv>, unit: { id: string; name: string; path: string }, period: string, planId: string | undefined, rollup: Rollup): Promise<CompiledReportInput> {
  const db = c.var.deps.db;
  const [plan, self, narrativeRows] = await Promise.all([
    planId ? getPlan(db, planId) : Promise.resolve(null),
    getOrgUnit(db, unit.id),
    approvedNarratives(db, unit.path, period, planId),
  ]);
  const parent = self?.parentId ? await getOrgUnit(db, self.parentId) : null;
  const today = parseLocalDate(todayInVietnam(c.var.deps.now()));
  const label = periodLabel(period);
  const ownPlan = plan && plan.issuingUnitId === unit.id ? plan : null;
  const cited = plan?.header.number
    ? `Thực hiện Kế hoạch số ${plan.header.number}/${plan.header.typeCode}-${plan.header.issuerCode}${documentDate(plan.header.date)} về ${plan.title.charAt(0).toLowerCase()}${plan.title.slice(1)}`
    : plan
      ? `Thực hiện ${plan.title.charAt(0).toLowerCase()}${plan.title.slice(1)}`
      : 'Thực hiện nhiệm vụ công tác bình đẳng giới và vì sự tiến bộ của phụ nữ';
  const narratives = new Map<string, CompiledReportInput['narratives'][number]>();
  for (const n of narrativeRows) {
    const entry = narratives.get(n.unitId) ?? { unitName: n.unitName, duties: [] };
    entry.duties.push({ duty: n.duty, results: n.results, shortcomings: n.shortcomings, proposals: n.proposals });
    narratives.set(n.unitId, entry);
  }
  return {
    header: {
      parentBody: ownPlan?.header.parentBody ?? (parent ? `UBND ${parent.name}`.toUpperCase() : null),
      issuingBody: ownPlan?.header.issuingBody ?? bodyName(unit.name),
      number: null,
      typeCode: 'BC',
      issuerCode: 'UBND',
      place: ownPlan?.header.place ?? unit.name.replace(/^(Huyện|Tỉnh|Xã|Thị trấn|Phường|Thành phố)\s+/i, ''),
      date: { year: today.year, month: today.month, day: today.day },
    },
    title: `Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ ${label.charAt(0).toLowerCase()}${label.slice(1)}`,
    basis: [`${cited}, Ủy ban nhân dân ${unit.name.charAt(0).toLowerCase()}${unit.name.slice(1)} báo cáo kết quả thực hiện ${label.charAt(0).toLowerCase()}${label.slice(1)} như sau:`],
    period: { code: period, label },
    asOf: rollup.asOf,
    completeness: {
      expected: rollup.completeness.expected,
      submitted: rollup.completeness.submitted,
      approved: rollup.completeness.approved,
      onTime: rollup.completeness.onTime,
      late: rollup.completeness.late,
      missing: rollup.completeness.units.filter((u) => u.submittedAt === null).map((u) => u.name),
    },
    indicators: rollup.indicators.map((i) => ({
      code: i.code,
      nameVi: i.nameVi,
      unit: i.unit,
      disaggregated: i.disaggregation === 'sex',
      total: i.total,
      female: i.female,
      male: i.male,
      target: i.target ? { comparator: i.target.comparator, value: i.target.value, year: i.target.year } : null,
      sensitive: i.sensitivity === 'sensitive',
    })),
    contributions: rollup.children.map((ch) => ({
      unitName: ch.own ? `${ch.unit.name} (cấp ${unit.name.split(' ')[0]?.toLowerCase()})` : ch.unit.name,
      status: ch.report ? (ch.report.status === 'missing' ? 'Chưa báo cáo' : reportStatusLabels[ch.report.status].vi) : '',
      values: ch.values,
    })),
    narratives: [...narratives.values()],
    recipients: [...(parent ? [`UBND ${parent.name} (b/c);`] : []), 'Lưu: VT.'],
    signature: ownPlan?.signature ? { authority: ownPlan.signature.authority, title: ownPlan.signature.title, name: ownPlan.signature.name } : null,
  };
}

export const rollupRoutes = createRouter().openapi(
  defineRoute('reports.read', {
    method: 'get',
    path: '/api/v1/org-units/{unitId}/rollup',
    tags: ['reports'],
    summary:
      "Approved totals of the unit's subtree for a period (units that merged in included), each child's contribution, completeness and timeliness",
    request: { params: z.object({ unitId: idParam }), query: rollupQuery },
    responses: {
      200: { description: 'The roll-up, right as of the last approval', content: { 'application/json': { schema: rollupOut } } },
      400: badRequest,
      401: denied,
      403: denied,
      404: notFound,
    },
  }),
  async (c) => {
    const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
    const { period, planId } = c.req.valid('query');
    const rollup = await computeRollup(c, unit, period, planId);
    return c.json({ unit: { id: unit.id, name: unit.name, path: unit.path }, ...rollup }, 200);
  },
).openapi(
  defineRoute('reports.read', {
    method: 'get',
    path: '/api/v1/org-units/{unitId}/compiled-report.docx',
    tags: ['reports'],
    summary: 'The compiled report ("Báo cáo kết quả") of the unit for a period as .docx in the Nghị định 30 format: indicator tables and its units\' narratives',
    request: { params: z.object({ unitId: idParam }), query: rollupQuery },
    responses: {
      200: { description: 'The .docx', content: { [DOCX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
      400: badRequest,
      401: denied,
      403: denied,
      404: { description: 'Not found (problem+json)', content: problemContent },
    },
  }),
  async (c) => {
    const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
    const { period, planId } = c.req.valid('query');
    const rollup = await computeRollup(c, unit, period, planId);
    const bytes = await compiledReportToDocx(await compiledReportInput(c, unit, period, planId, rollup));
    const fileName = `bao-cao-ket-qua-${unit.id}-${period}.docx`;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': DOCX_TYPE,
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
    });
  },
);

// The published story the public-site tests read: a 2025 district plan of Lâm Thao, written by its
// coordinator (copied from the seed plan, which other files keep as a draft) and issued by the
// approver, and three communes' 2025 reports, approved, with a sensitive indicator in small counts
// (victims of gender-based violence: "<5" on the public pages) and an NQ28 ratio with a target.
//
// One server and database serve every e2e file (global-setup.ts), one file after another: the
// story is made once, by whichever public-*.test.ts file runs first, and found by its title after.
// Other files report 2024 for Cao Xá and Tiên Kiên; a unit holds one report per period, so the
// story reports 2025 for other communes.
import { expect } from 'vitest';
import { demoSession } from './demo-session.ts';

export const COORDINATOR = 'dieuphoi@lamthao.demo';
export const APPROVER = 'pheduyet@lamthao.demo';
export const DISTRICT = 'huyen-lam-thao';
export const OLD_PROVINCE = 'tinh-phu-tho-1997';
export const SEED_PLAN = 'ke-hoach-bdg-lam-thao-2024';
export const PERIOD = '2025';
/** Not "… Lâm Thao năm 2024": the seed plan stays the only one of that name on the home page. */
export const STORY_TITLE = 'Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2025 (công khai thử nghiệm)';
export const GBV = 'OP-GBV-VICTIMS-DETECTED';

const JSON_TYPE = { 'content-type': 'application/json' };

type Value = { indicator: string; category: string; value: number };

const victims = (female: number, male: number): Value[] => [
  { indicator: GBV, category: 'total', value: female + male },
  { indicator: GBV, category: 'female', value: female },
  { indicator: GBV, category: 'male', value: male },
];
const agencies = (all: number, womanLed: number): Value[] => [
  { indicator: 'OP-AGENCIES', category: 'total', value: all },
  { indicator: 'OP-AGENCIES-WOMAN-KEY-LEADER', category: 'total', value: womanLed },
];
const participants = (female: number, male: number): Value[] => [
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: female + male },
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: female },
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: male },
];

/** The communes' approved 2025 figures. Bản Nguyên's 3 victims are a small count. */
export const STORY_REPORTS: { unitId: string; name: string; values: Value[] }[] = [
  { unitId: 'xa-ban-nguyen-2024', name: 'Xã Bản Nguyên', values: [...victims(3, 0), ...agencies(4, 3), ...participants(25, 15), { indicator: 'OP-ARTICLES', category: 'total', value: 10 }] },
  { unitId: 'xa-vinh-lai-2024', name: 'Xã Vĩnh Lại', values: [...victims(4, 2), ...agencies(5, 2), ...participants(30, 25), { indicator: 'OP-ARTICLES', category: 'total', value: 7 }] },
  { unitId: 'xa-son-vi-2024', name: 'Xã Sơn Vi', values: [...victims(0, 0), ...agencies(3, 2), ...participants(12, 8), { indicator: 'OP-ARTICLES', category: 'total', value: 4 }] },
];

export interface ReportJson {
  report: { id: string; status: string; version: number };
  narratives: { trackingId: string; results: string | null }[];
}

export function storyApi(baseUrl: string) {
  const session = demoSession(baseUrl);

  async function call(method: string, path: string, email: string, body?: unknown): Promise<Response> {
    return fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : JSON_TYPE), cookie: await session.apiCookie(email) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function ok<T>(response: Promise<Response>, status = 200): Promise<T> {
    const r = await response;
    expect(r.status, await r.clone().text()).toBe(status);
    return (await r.json()) as T;
  }

  /** The seed plan's content under another title (a plan of the coordinator's district). */
  async function seedContent(title: string) {
    const { plan } = await ok<{ plan: Record<string, unknown> }>(call('GET', `/api/v1/plans/${SEED_PLAN}`, COORDINATOR));
    const keys = ['header', 'documentType', 'legalBases', 'preambleClosing', 'purposes', 'tasks', 'implementation', 'closing', 'reportDeadline', 'reportToUnitId', 'recipients', 'signature'];
    return { ...Object.fromEntries(keys.map((k) => [k, plan[k]])), title };
  }

  /** A draft plan of the district for `year` (never issued here). */
  async function createDraft(title: string, year: number): Promise<{ id: string; version: number }> {
    const body = await ok<{ plan: { id: string; version: number } }>(call('POST', `/api/v1/org-units/${DISTRICT}/plans`, COORDINATOR, { year, content: await seedContent(title) }), 201);
    return body.plan;
  }

  /** Opens (or finds) a unit's report of the plan for the period; the coordinator may write any in the district. */
  function openReport(unitId: string, planId: string, period = PERIOD): Promise<ReportJson> {
    return call('POST', `/api/v1/org-units/${unitId}/reports`, COORDINATOR, { planId, period }).then(async (r) => {
      expect([200, 201], await r.clone().text()).toContain(r.status);
      return (await r.json()) as ReportJson;
    });
  }

  async function save(report: ReportJson, values: Value[], narrative: string | null = null): Promise<number> {
    const narratives = narrative ? report.narratives.slice(0, 1).map((n) => ({ trackingId: n.trackingId, results: narrative, shortcomings: narrative, proposals: null })) : [];
    const saved = await ok<ReportJson>(call('PUT', `/api/v1/reports/${report.report.id}`, COORDINATOR, { version: report.report.version, values, narratives }));
    return saved.report.version;
  }

  async function submit(id: string, version: number): Promise<number> {
    return (await ok<ReportJson>(call('POST', `/api/v1/reports/${id}/submit`, COORDINATOR, { version }))).report.version;
  }

  async function approve(id: string, version: number): Promise<void> {
    await ok(call('POST', `/api/v1/reports/${id}/approve`, APPROVER, { version }));
  }

  /** The story plan's id: found among the district's public plans, else written, issued and reported. */
  async function ensureStory(): Promise<string> {
    const listed = await ok<{ rows: { plan_id: string; title: string }[] }>(fetch(`${baseUrl}/api/v1/public/units/${DISTRICT}/plans.json`));
    let planId = listed.rows.find((r) => r.title === STORY_TITLE)?.plan_id;
    if (!planId) {
      const draft = await createDraft(STORY_TITLE, 2025);
      // The plan asks for the story's indicators (besides its defaults), yearly.
      const reporting = await ok<{ revision: string; periods: { period: string; deadline: string }[]; indicatorCodes: string[] }>(
        call('GET', `/api/v1/plans/${draft.id}/reporting`, COORDINATOR),
      );
      const codes = [...new Set([...reporting.indicatorCodes, ...STORY_REPORTS.flatMap((r) => r.values.map((v) => v.indicator)), 'OP-TRAINING-CLASSES'])];
      const periods = reporting.periods.length ? reporting.periods : [{ period: PERIOD, deadline: '2025-12-10' }];
      await ok(call('PUT', `/api/v1/plans/${draft.id}/reporting`, COORDINATOR, { revision: reporting.revision, periods, indicatorCodes: codes }));
      await ok(call('POST', `/api/v1/plans/${draft.id}/issue`, APPROVER, { version: draft.version, number: String(300_000 + (Date.now() % 600_000)), date: '2025-03-10' }));
      planId = draft.id;
    }
    for (const r of STORY_REPORTS) {
      const opened = await openReport(r.unitId, planId);
      if (opened.report.status === 'approved') continue;
      const version = await submit(opened.report.id, await save(opened, r.values));
      await approve(opened.report.id, version);
    }
    return planId;
  }

  return { call, ok, createDraft, openReport, save, submit, approve, ensureStory };
}

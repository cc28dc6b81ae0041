// The API calls of the indicator pages (apps/api/src/routes/indicators.ts): the catalogue, a
// province's own indicators, unit targets and a plan's reporting settings. Same typed client and
// cookie forwarding as $lib/server/api.ts (hc<AppType> over event.fetch, through handleFetch).
// Loads get the body or a SvelteKit error with a Vietnamese message; writes get the body or the
// problem, whose `current` (409) is the indicator, the reporting settings or a year's targets as
// now stored.
import type { RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import type { Indicator } from '@binh-dang/domain';
import { attempt, read, type ApiProblem, type Attempt, type ClientAnswer } from '$lib/server/api';

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

/** One catalogue entry as the API gives it. */
export interface IndicatorRecord {
  indicator: Indicator;
  builtin: boolean;
  ownerUnitId: string | null;
  version: number;
}

export interface PlanReporting {
  periods: { period: string; deadline: string }[];
  indicatorCodes: string[];
  revision: string;
}

export interface UnitTarget {
  indicatorCode: string;
  year: number;
  comparator: string;
  value: number;
}

/** A unit's targets of a year with their version (0 before the first save), to save with. */
export interface UnitTargets {
  items: UnitTarget[];
  version: number;
}

export type IndicatorAttempt = Attempt<IndicatorRecord, IndicatorRecord>;
/** A targets save: its 409 carries the year's targets as stored now, with their version. */
export type TargetsAttempt = Attempt<UnitTargets, UnitTargets & { year: number }>;
export type ReportingAttempt = Attempt<PlanReporting, PlanReporting>;

/** The record of an indicator write's answer ({ indicator }), or the problem. Never throws. */
async function recordAttempt(call: Promise<ClientAnswer>): Promise<IndicatorAttempt> {
  const answer = await attempt<ClientAnswer, IndicatorRecord>(call);
  return answer.ok ? { ok: true, body: (answer.body as { indicator: IndicatorRecord }).indicator } : answer;
}

export function createIndicatorApi(event: ApiEvent) {
  const client = hc<AppType>(event.url.origin, { fetch: event.fetch });
  const v1 = client.api.v1;

  return {
    /** The whole catalogue, in its order. */
    async catalogue(): Promise<IndicatorRecord[]> {
      const body = await read(v1.indicators.$get());
      return body.items as IndicatorRecord[];
    },

    addIndicator(unitId: string, indicator: Indicator) {
      return recordAttempt(v1['org-units'][':unitId'].indicators.$post({ param: { unitId }, json: { indicator } }));
    },

    saveIndicator(unitId: string, code: string, version: number, indicator: Indicator) {
      return recordAttempt(v1['org-units'][':unitId'].indicators[':code'].$put({ param: { unitId, code }, json: { version, indicator } }));
    },

    /** A unit's own targets of a year, with the version to save them with. */
    async targets(unitId: string, year: number): Promise<UnitTargets> {
      const body = await read(v1['org-units'][':unitId'].targets.$get({ param: { unitId }, query: { year: String(year) } }), {
        403: 'Vai trò của bạn không được xem mục tiêu của đơn vị này.',
        404: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn.',
      });
      return { items: body.items, version: body.version ?? 0 };
    },

    /** Saves the changed targets of a year; `version` is the one read (a stale one gets 409 with the stored targets). */
    async saveTargets(
      unitId: string,
      year: number,
      version: number,
      targets: { indicatorCode: string; comparator: Indicator['targets'][number]['comparator']; value: number | null }[],
    ): Promise<TargetsAttempt> {
      const answer = await attempt(v1['org-units'][':unitId'].targets.$put({ param: { unitId }, json: { year, version, targets } }));
      if (answer.ok) return { ok: true, body: { items: answer.body.items, version: answer.body.version ?? 0 } };
      return { ok: false, problem: answer.problem as ApiProblem<UnitTargets & { year: number }> };
    },

    /** A plan's reporting periods with deadlines, its indicators and the revision to save with. */
    reporting(planId: string): Promise<PlanReporting> {
      return read(v1.plans[':id'].reporting.$get({ param: { id: planId } }), {
        404: `Không tìm thấy kế hoạch “${planId}”.`,
      });
    },

    saveReporting(planId: string, body: PlanReporting): Promise<ReportingAttempt> {
      return attempt<ClientAnswer, PlanReporting>(v1.plans[':id'].reporting.$put({ param: { id: planId }, json: body })) as Promise<ReportingAttempt>;
    },
  };
}

export type IndicatorApi = ReturnType<typeof createIndicatorApi>;

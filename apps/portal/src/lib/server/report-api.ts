// The API calls of the report pages (/bao-cao, /bao-cao/[id], /don-vi/[unitId]/tong-hop):
// apps/api/src/routes/reports.ts, rollup.ts and indicators.ts, plus the Excel upload and the
// compiled .docx. Same typed client and cookie forwarding as $lib/server/api.ts (hc<AppType> over
// event.fetch, through handleFetch). Loads get the body or a SvelteKit error with a Vietnamese
// message; writes get the body or the problem, whose `current` (409) is the report as stored.
import type { RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import { attempt as attemptAny, problemOf, read, UNREACHABLE, type ApiProblem, type Attempt, type ClientAnswer, type OkBody } from '$lib/server/api';
import type { ReportPayload } from '$lib/report-form';
import { sendOnce } from '$lib/server/idempotency';

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

/** The .xlsx media type the Excel upload takes. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The Excel reader's file limit (packages/documents REPORT_XLSX_LIMITS.maxBytes). */
export const XLSX_MAX_BYTES = 5 * 1024 * 1024;

const REPORT_MESSAGES = {
  400: 'Mã báo cáo không hợp lệ.',
  403: 'Vai trò của bạn không được xem báo cáo này.',
  404: 'Không tìm thấy báo cáo này, hoặc báo cáo không thuộc đơn vị trong phạm vi của bạn.',
};

export type ReviewAction = 'return' | 'approve' | 'unapprove' | 'lock';

export function createReportApi(event: ApiEvent) {
  const client = hc<AppType>(event.url.origin, { fetch: event.fetch });
  const v1 = client.api.v1;

  const api = {
    /** The reports a unit owes: each issued plan's periods, with the report when it is open. */
    async unitReports(unitId: string) {
      const body = await read(v1['org-units'][':unitId'].reports.$get({ param: { unitId } }), {
        403: 'Vai trò của bạn không được xem báo cáo của đơn vị này.',
        404: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn.',
      });
      return body.items;
    },

    /** Opens the unit's report for a plan's period (the draft), or answers the one already open. */
    open(unitId: string, planId: string, period: string) {
      return attempt(v1['org-units'][':unitId'].reports.$post({ param: { unitId }, json: { planId, period } }));
    },

    report(id: string) {
      return read(v1.reports[':id'].$get({ param: { id } }), REPORT_MESSAGES);
    },

    /** With `key` (see $lib/server/idempotency), a resend of the same form gets the first answer again. */
    save(id: string, version: number, payload: ReportPayload, key: string | null = null) {
      return attempt(sendOnce(key, (init) => v1.reports[':id'].$put({ param: { id }, json: { version, ...payload } }, init)));
    },

    submit(id: string, version: number, key: string | null = null) {
      return attempt(sendOnce(key, (init) => v1.reports[':id'].submit.$post({ param: { id }, json: { version, comment: undefined } }, init)));
    },

    review(id: string, action: ReviewAction, version: number, comment?: string) {
      // The typed client reads an optional field as "present, possibly undefined"; JSON drops it.
      const json = { version, comment: undefined };
      const route = v1.reports[':id'];
      switch (action) {
        case 'return':
          return attempt(route.return.$post({ param: { id }, json: { version, comment: comment ?? '' } }));
        case 'approve':
          return attempt(route.approve.$post({ param: { id }, json }));
        case 'unapprove':
          return attempt(route.unapprove.$post({ param: { id }, json: { version, comment: comment ?? '' } }));
        case 'lock':
          return attempt(route.lock.$post({ param: { id }, json }));
      }
    },

    /**
     * Sends a filled Excel template (raw bytes) in place of the report's values. 400 lists every
     * bad cell (path `xlsx.D7`); 409 when the report changed meanwhile or is no longer editable.
     */
    async uploadXlsx(id: string, version: number, bytes: Uint8Array): Promise<ReportAttempt<ReportBody>> {
      let response: Response;
      try {
        response = await event.fetch(`/api/v1/reports/${encodeURIComponent(id)}/xlsx?version=${version}`, {
          method: 'POST',
          headers: { 'content-type': XLSX_TYPE },
          body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
        });
      } catch (_error) {
        return { ok: false, problem: { status: 503, message: UNREACHABLE, errors: [], retryAfter: null, current: null } };
      }
      if (response.ok) return { ok: true, body: (await response.json()) as ReportBody };
      return { ok: false, problem: await problemOf<ReportBody>(response) };
    },

    /** The approved totals of a unit's subtree for a period (of one plan), completeness, timeliness. */
    rollup(unitId: string, period: string, planId?: string) {
      return read(v1['org-units'][':unitId'].rollup.$get({ param: { unitId }, query: planId ? { period, planId } : { period } }), {
        400: 'Kỳ báo cáo hoặc kế hoạch không hợp lệ.',
        403: 'Vai trò của bạn không được xem số liệu tổng hợp của đơn vị này.',
        404: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn.',
      });
    },

    /** A plan's reporting periods with their deadlines, and its indicators. */
    async planReporting(planId: string) {
      try {
        const response = await v1.plans[':id'].reporting.$get({ param: { id: planId } });
        if (!response.ok) return null;
        return await response.json();
      } catch (_error) {
        return null;
      }
    },
  };
  return api;
}

export type ReportApi = ReturnType<typeof createReportApi>;

type V1 = ReturnType<typeof hc<AppType>>['api']['v1'];
/** A report with everything around it (GET /api/v1/reports/{id}); typed from the route, not from createReportApi. */
export type ReportBody = OkBody<Awaited<ReturnType<V1['reports'][':id']['$get']>>>;
export type ReportSlot = Awaited<ReturnType<ReportApi['unitReports']>>[number];
export type RollupBody = Awaited<ReturnType<ReportApi['rollup']>>;

export type ReportProblem = ApiProblem<ReportBody>;
export type ReportAttempt<T> = Attempt<T, ReportBody>;

/** The 2xx body or the problem (with the report as now stored on 409). Never throws. */
function attempt<R extends ClientAnswer>(call: Promise<R>): Promise<ReportAttempt<OkBody<R>>> {
  return attemptAny<R, ReportBody>(call);
}

// A plan's reporting periods and indicators (GET/PUT /api/v1/plans/{id}/reporting): which periods
// of the plan's year its units report (yearly, 6-monthly, quarterly, monthly) with the deadline
// of each (Nghị định 09/2019 default prefilled), and which indicators of the catalogue. One form,
// saved with the revision it was opened with: a stale one answers 409 with the stored settings,
// listed beside the form, and "Lưu đè" saves over them on purpose. Rows are added and removed by
// the same action (`_op`), so the page works without JavaScript and nothing typed is lost.
// Everyone signed in may read it; the coordinator of the issuing unit (plans.edit) changes it.
import { fail, redirect } from '@sveltejs/kit';
import { DEFAULT_PLAN_INDICATORS, closingWindow, parsePeriod } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMe } from '$lib/server/guard';
import { allows } from '$lib/server/plan-api';
import { createIndicatorApi, type IndicatorRecord } from '$lib/indicator-api.server';
import { catalogueGroups, periodLabel, periodsOfYear } from '$lib/indicator-format';
import {
  applyReportingOp,
  checkReporting,
  diffReporting,
  parseReportingOp,
  readReportingForm,
  sortReportingProblems,
  type ReportingDiff,
  type ReportingErrors,
  type ReportingValues,
} from '$lib/indicator-reporting';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** What the form shows after a post that did not leave the page. */
export interface ReportingState {
  values: ReportingValues;
  /** The revision the author is editing (not the stored one after a conflict). */
  revision: string;
  errors: ReportingErrors;
  other: string[];
  message: string | null;
  /** The field to focus after a row button (with JavaScript). */
  focus: string | null;
  conflict: { revision: string; stored: ReportingValues; diff: ReportingDiff } | null;
  signIn: boolean;
}

const UNSAVED = 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.';

/** The plan, its issuing unit's path (who may edit) and the year's default yearly deadline. */
async function planOf(event: RequestEvent) {
  const { plan, units } = await createApi(event).plan(event.params.id);
  const issuing = units.find((u) => u.id === plan.issuingUnitId);
  const year = parsePeriod(String(plan.year));
  return {
    plan,
    issuing,
    issuingName: issuing?.name ?? plan.issuingUnitId,
    yearlyDeadline: plan.reportDeadline ?? (year ? closingWindow(year).to : null),
  };
}

function checklist(records: readonly IndicatorRecord[]) {
  const byCode = new Map(records.map((r) => [r.indicator.code, r.indicator]));
  const rows = records.map((r) => {
    const agg = r.indicator.aggregation;
    const parts = agg.kind === 'ratio' ? [agg.numerator, agg.denominator].map((c) => `${c} (${byCode.get(c)?.nameVi ?? c})`) : null;
    return {
      code: r.indicator.code,
      name: r.indicator.nameVi,
      unit: r.indicator.unit,
      parts,
      sex: r.indicator.disaggregation === 'sex',
      sensitive: r.indicator.sensitivity === 'sensitive',
      toConfirm: r.indicator.verification === 'to-confirm',
      indicator: { objective: r.indicator.objective },
    };
  });
  return catalogueGroups(rows);
}

export const load: PageServerLoad = async (event) => {
  // After a save whose session had run out, the page is shown again with what was typed (the
  // action says why); any other visit without a session goes to the sign-in page first.
  const me = event.locals.me ?? (event.request.method === 'POST' ? null : requireMe(event));
  event.setHeaders({ 'cache-control': 'private, no-store' });
  const indicators = createIndicatorApi(event);
  const [{ plan, issuing, issuingName, yearlyDeadline }, reporting, records] = await Promise.all([
    planOf(event),
    indicators.reporting(event.params.id),
    indicators.catalogue(),
  ]);
  const known = new Set(records.map((r) => r.indicator.code));
  // Never set (a draft): the settings the plan would get when issued, offered to save.
  const unset = reporting.periods.length === 0;
  const values: ReportingValues = unset
    ? {
        periods: [{ period: String(plan.year), deadline: yearlyDeadline ?? `${plan.year}-12-14` }],
        indicatorCodes: DEFAULT_PLAN_INDICATORS.filter((c) => known.has(c)),
      }
    : { periods: reporting.periods, indicatorCodes: reporting.indicatorCodes };

  return {
    plan: { id: plan.id, year: plan.year, title: plan.title, status: plan.status, issuingUnitName: issuingName },
    // Signed out by a post (the session ran out while editing): the form stays, with what was typed.
    canEdit: me ? allows('plans.edit', me, issuing?.path) : true,
    unset,
    values,
    revision: reporting.revision,
    yearlyDeadline,
    periodGroups: periodsOfYear(plan.year).map((g) => ({ ...g, options: g.codes.map((code) => ({ code, label: periodLabel(code) })) })),
    groups: checklist(records),
    saved: event.url.searchParams.has('da-luu'),
  };
};

export const actions: Actions = {
  // No sign-in check first: with the session run out, the API's 401 is shown beside the form and
  // nothing typed is lost.
  luu: async (event) => {
    const data = await event.request.formData();
    const values = readReportingForm(data);
    const revision = String(data.get('revision') ?? '');
    const state = (extra: Partial<ReportingState> = {}): ReportingState => ({
      values,
      revision,
      errors: {},
      other: [],
      message: null,
      focus: null,
      conflict: null,
      signIn: false,
      ...extra,
    });
    const indicators = createIndicatorApi(event);
    const [{ plan, yearlyDeadline }, records] = await Promise.all([planOf(event), indicators.catalogue()]);
    const known = new Set(records.map((r) => r.indicator.code));

    const op = parseReportingOp(String(data.get('_op') ?? ''), String(data.get('_add') ?? ''));
    if (op) {
      const applied = applyReportingOp(values, op, plan.year, yearlyDeadline, known);
      const extra: Partial<ReportingState> = { values: applied.values, focus: applied.focus };
      if (applied.message) return fail(400, { reporting: state({ ...extra, errors: { _add: [applied.message] } }) });
      return { reporting: state(extra) };
    }

    const errors = checkReporting(values, plan.year, known);
    if (Object.keys(errors).length) return fail(400, { reporting: state({ errors, message: UNSAVED }) });

    // "Lưu đè" carries the stored revision the author has now seen.
    const overwrite = String(data.get('_overwrite') ?? '');
    const answer = await indicators.saveReporting(plan.id, { revision: overwrite || revision, ...values });
    if (answer.ok) redirect(303, `/ke-hoach/${encodeURIComponent(plan.id)}/ky-bao-cao?da-luu=1`);

    const { problem } = answer;
    if (problem.status === 409 && problem.current) {
      const stored = { periods: problem.current.periods, indicatorCodes: problem.current.indicatorCodes };
      return fail(409, { reporting: state({ conflict: { revision: problem.current.revision, stored, diff: diffReporting(values, stored) } }) });
    }
    if (problem.status === 400) {
      const sorted = sortReportingProblems(problem.errors);
      return fail(400, { reporting: state({ ...sorted, message: UNSAVED }) });
    }
    if (problem.status === 401)
      return fail(401, {
        reporting: state({
          message: 'Phiên đăng nhập đã hết nên cài đặt chưa được lưu. Nội dung bạn chọn vẫn còn: hãy đăng nhập lại trong một thẻ mới, rồi quay lại đây bấm Lưu.',
          signIn: true,
        }),
      });
    return fail(problem.status, { reporting: state({ message: `Chưa lưu được: ${problem.message}` }) });
  },
};

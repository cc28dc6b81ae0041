// "Tổng hợp kết quả": the staff dashboard of a unit for one plan and period — completeness of the
// reports owed below it, the approved totals against their targets, charts, each child's
// contribution, overdue duties, and the compiled report (.docx). The plan and period are chosen
// with a GET form (?planId=…&period=…); without them, the newest plan issued at or above the unit.
import { error } from '@sveltejs/kit';
import { pathIds, todayInVietnam } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { createDutyApi } from '$lib/server/duty-api';
import { requireMe } from '$lib/server/guard';
import { createReportApi } from '$lib/server/report-api';
import { flattenTree } from '$lib/org-units';
import { formatVnDate, periodLabel } from '$lib/report-format';
import { formatVnDateTime } from '$lib/session';
import {
  childName,
  choosePeriod,
  completenessLists,
  contributionColumns,
  importantCharts,
  indicatorRows,
  overdueByUnit,
  planChoiceLabel,
  plansFor,
  share,
  sortChildren,
} from '$lib/rollup-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireMe(event);
  const { unitId } = event.params;
  const api = createApi(event);
  const reports = createReportApi(event);
  const tree = await api.orgTree();
  const unit = flattenTree(tree.roots).find((u) => u.id === unitId);
  if (!unit) error(404, `Không tìm thấy đơn vị “${unitId}”.`);
  const ancestors = pathIds(unit.path);
  const plans = plansFor((await api.plans({ unit: ancestors[0] })).items, ancestors);

  const askedPlan = event.url.searchParams.get('planId')?.trim() || null;
  const plan = (askedPlan ? plans.find((p) => p.id === askedPlan) : plans[0]) ?? null;
  const unknownPlan = askedPlan && !plan ? askedPlan : null;
  const reporting = plan ? await reports.planReporting(plan.id) : null;
  const periods = reporting?.periods ?? [];
  const thisYear = Number(todayInVietnam().slice(0, 4));
  const { period, invalid } = choosePeriod(event.url.searchParams.get('period')?.trim() ?? null, periods, plan?.year ?? thisYear);

  const [rollup, duties] = await Promise.all([
    reports.rollup(unitId, period, plan?.id),
    plan
      ? createDutyApi(event)
          .unitDuties(unitId, plan.id)
          .catch(() => null)
      : Promise.resolve(null),
  ]);

  const { expected, submitted, approved, onTime, late, overdue } = rollup.completeness;
  const columns = contributionColumns(rollup.indicators, rollup.children);
  const query = new URLSearchParams({ period, ...(plan ? { planId: plan.id } : {}) });
  return {
    unit: { id: unit.id, name: unit.name },
    plans: plans.map((p) => ({ id: p.id, label: planChoiceLabel(p) })),
    plan: plan ? { id: plan.id, label: planChoiceLabel(plan), title: plan.title } : null,
    unknownPlan,
    invalidPeriod: invalid,
    periods: (periods.length ? periods : [{ period, deadline: '' }]).map((p) => ({ code: p.period, label: periodLabel(p.period), deadline: p.deadline ? formatVnDate(p.deadline) : null })),
    period: { code: period, label: periodLabel(period) },
    asOf: formatVnDateTime(rollup.asOf),
    completeness: {
      expected,
      submitted,
      approved,
      onTime,
      late,
      overdue,
      submittedShare: share(submitted, expected),
      approvedShare: share(approved, expected),
      ...completenessLists(rollup.completeness.units),
    },
    indicators: indicatorRows(rollup.indicators),
    charts: importantCharts(rollup.indicators, rollup.children),
    columns: columns.map((c) => ({ code: c.code, name: c.nameVi, unit: c.unit })),
    children: sortChildren(rollup.children).map((ch) => ({
      id: ch.unit.id,
      name: childName(ch),
      values: Object.fromEntries(columns.map((c) => [c.code, ch.values[c.code] ?? null])),
      state: ch.report?.status ?? null,
      timeliness: ch.report?.timeliness ?? null,
    })),
    totals: Object.fromEntries(columns.map((c) => [c.code, c.total])),
    overdueDuties: duties ? overdueByUnit(duties) : null,
    docxHref: `/api/v1/org-units/${encodeURIComponent(unit.id)}/compiled-report.docx?${query}`,
  };
};

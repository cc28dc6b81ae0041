// Values of a report computed from the unit's own records (activities, cases, budget) within the
// report period's Nghị định 09 closing window — only for the indicators the unit enters.
import type { Context } from 'hono';
import { activitiesForCount, budgetForCount, caseCountRows, type ReportRow } from '@binh-dang/db';
import {
  activityIndicatorValues,
  budgetIndicatorValues,
  caseIndicatorValues,
  closingWindow,
  parsePeriod,
  type ComputedValue,
  type DateWindow,
  type Indicator,
} from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';

export async function computedValuesFor(c: Context<AppEnv>, report: Pick<ReportRow, 'orgUnitId' | 'period'>, entered: readonly Indicator[]): Promise<{ window: DateWindow | null; values: ComputedValue[] }> {
  const period = parsePeriod(report.period);
  if (!period) return { window: null, values: [] };
  const window = closingWindow(period);
  const db = c.var.deps.db;
  const [activities, caseRows, budget] = await Promise.all([
    activitiesForCount(db, report.orgUnitId, window.to),
    caseCountRows(db, report.orgUnitId, window.from, window.to),
    budgetForCount(db, report.orgUnitId, window.from, window.to),
  ]);
  const byCode = new Map(entered.map((i) => [i.code, i]));
  const values = [
    ...activityIndicatorValues(activities, window),
    ...caseIndicatorValues(caseRows, window),
    ...budgetIndicatorValues(budget.allocations, budget.expenses, window),
  ].filter((v) => {
    const ind = byCode.get(v.indicator);
    return ind !== undefined && (ind.disaggregation === 'sex' || v.category === 'total');
  });
  return { window, values };
}

// The periodic report's workflow: draft → submitted → returned (with a comment) or approved →
// locked. A returned report is edited and submitted again; an approval is withdrawn only with a
// reason (it goes back to the unit as returned); a locked report never changes.
import type { Indicator } from './indicator.ts';
import { closingWindow, parsePeriod } from './period.ts';
import type { Plan } from './plan.ts';
import type { DataValue, ValidationIssue } from './data-value.ts';

export const reportStatuses = ['draft', 'submitted', 'returned', 'approved', 'locked'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const reportActions = ['submit', 'return', 'approve', 'unapprove', 'lock'] as const;
export type ReportAction = (typeof reportActions)[number];

export const reportStatusLabels: Record<ReportStatus, { vi: string; en: string }> = {
  draft: { vi: 'Đang soạn', en: 'Draft' },
  submitted: { vi: 'Đã gửi, chờ duyệt', en: 'Submitted' },
  returned: { vi: 'Bị trả lại', en: 'Returned' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  locked: { vi: 'Đã khóa', en: 'Locked' },
};

export const reportActionLabels: Record<ReportAction | 'create' | 'save', { vi: string; en: string }> = {
  create: { vi: 'Tạo báo cáo', en: 'Created' },
  save: { vi: 'Lưu nháp', en: 'Saved' },
  submit: { vi: 'Gửi báo cáo', en: 'Submitted' },
  return: { vi: 'Trả lại', en: 'Returned' },
  approve: { vi: 'Phê duyệt', en: 'Approved' },
  unapprove: { vi: 'Hủy phê duyệt', en: 'Approval withdrawn' },
  lock: { vi: 'Khóa số liệu', en: 'Locked' },
};

/** Statuses in which the unit may still change its values and narratives. */
export const editableReportStatuses: readonly ReportStatus[] = ['draft', 'returned'];

/** Statuses whose values count in the roll-up. */
export const countedReportStatuses: readonly ReportStatus[] = ['approved', 'locked'];

const transitions: Record<ReportAction, { from: readonly ReportStatus[]; to: ReportStatus; needsComment: boolean }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', needsComment: false },
  return: { from: ['submitted'], to: 'returned', needsComment: true },
  approve: { from: ['submitted'], to: 'approved', needsComment: false },
  unapprove: { from: ['approved'], to: 'returned', needsComment: true },
  lock: { from: ['approved'], to: 'locked', needsComment: false },
};

export type TransitionResult = { ok: true; to: ReportStatus } | { ok: false; message: string; path: string };

/** Where `action` takes a report in `status`, or why it cannot. */
export function nextReportStatus(status: ReportStatus, action: ReportAction, comment: string | null | undefined): TransitionResult {
  const rule = transitions[action];
  if (!rule.from.includes(status)) {
    const label = reportStatusLabels[status];
    const verb = reportActionLabels[action];
    return {
      ok: false,
      path: 'status',
      message: `Không thể "${verb.vi.toLowerCase()}" khi báo cáo ở trạng thái "${label.vi}" (Cannot ${verb.en.toLowerCase()} a report that is ${label.en.toLowerCase()})`,
    };
  }
  if (rule.needsComment && !(comment ?? '').trim())
    return {
      ok: false,
      path: 'comment',
      message:
        action === 'return'
          ? 'Trả lại báo cáo cần ghi rõ lý do (Say why the report is returned)'
          : 'Hủy phê duyệt cần ghi rõ lý do (A reason is required to withdraw an approval)',
    };
  return { ok: true, to: rule.to };
}

/**
 * The indicators a unit types values for: ratio indicators are computed from their components,
 * so the form lists the components (added when the plan lists only the ratio) and not the ratio.
 */
export function enteredIndicators(planIndicators: readonly Indicator[], catalogue: readonly Indicator[]): Indicator[] {
  const byCode = new Map(catalogue.map((i) => [i.code, i]));
  const out: Indicator[] = [];
  const seen = new Set<string>();
  const add = (ind: Indicator | undefined) => {
    if (!ind || seen.has(ind.code)) return;
    seen.add(ind.code);
    out.push(ind);
  };
  for (const ind of planIndicators) {
    if (ind.aggregation.kind === 'ratio') {
      add(byCode.get(ind.aggregation.numerator));
      add(byCode.get(ind.aggregation.denominator));
    } else add(ind);
  }
  return out;
}

/**
 * A ratio's components are given together (per category) so that the roll-up's sums pair up:
 * a unit that gives a numerator without its denominator would bias the ratio of sums.
 */
export function pairedComponentErrors(planIndicators: readonly Indicator[], values: readonly DataValue[]): ValidationIssue[] {
  const has = new Set(values.filter((v) => v.value !== null).map((v) => `${v.indicator}|${v.category}`));
  const errors: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const ind of planIndicators) {
    const agg = ind.aggregation;
    if (agg.kind !== 'ratio') continue;
    for (const category of ['total', 'female', 'male'] as const) {
      const num = has.has(`${agg.numerator}|${category}`);
      const den = has.has(`${agg.denominator}|${category}`);
      if (num === den) continue;
      const missing = num ? agg.denominator : agg.numerator;
      const path = `values.${missing}.${category}`;
      if (seen.has(path)) continue;
      seen.add(path);
      errors.push({
        path,
        message: `Cần nhập cả ${agg.numerator} và ${agg.denominator} để tính ${ind.code} (Give both parts of the ratio ${ind.code})`,
      });
    }
  }
  return errors;
}

/**
 * What a plan asks its units to report when it sets nothing else: the operational indicators the
 * seed plan implies (communication, training, prevention models, violence and trafficking cases,
 * inspections, budget, women cadres).
 */
export const DEFAULT_PLAN_INDICATORS: readonly string[] = [
  'OP-ARTICLES',
  'OP-AIRTIME-MINUTES',
  'OP-TRAINING-CLASSES',
  'OP-TRAINING-PARTICIPANTS',
  'OP-DV-PREVENTION-MODELS',
  'OP-GBV-CASES-DETECTED',
  'OP-GBV-VICTIMS-DETECTED',
  'OP-GBV-VICTIMS-SUPPORTED',
  'OP-TRAFFICKING-CASES',
  'OP-INSPECTIONS',
  'OP-VIOLATIONS-HANDLED',
  'OP-BUDGET-ALLOCATED',
  'OP-BUDGET-SPENT',
  'OP-WOMEN-CADRES-PLANNED',
  'OP-WOMEN-CADRES-APPOINTED',
];

/**
 * The reporting a plan gets when it sets none: one yearly report of the plan's year, due on the
 * plan's report deadline (else the end of the Nghị định 09 closing window), with the default list.
 */
export function defaultReporting(plan: Pick<Plan, 'year' | 'reportDeadline'>): { periods: { period: string; deadline: string }[]; indicatorCodes: string[] } {
  const period = parsePeriod(String(plan.year))!;
  return {
    periods: [{ period: period.code, deadline: plan.reportDeadline ?? closingWindow(period).to }],
    indicatorCodes: [...DEFAULT_PLAN_INDICATORS],
  };
}

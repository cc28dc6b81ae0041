// Tracked duties as the portal shows them (GET /api/v1/org-units/{unitId}/duties, /plans/{id}/duties,
// /duties/{id}): Vietnamese labels of status, state and role, due dates as dd/mm/yyyy, the
// counts of a list, the grouping by plan, and the `?trang-thai=` filter of the coordinator's view.
// Pure functions: shared by the pages' server code and their components.

export const dutyStatuses = ['not_started', 'in_progress', 'done'] as const;
export type DutyStatus = (typeof dutyStatuses)[number];
/** The status, or `overdue` when the due date has passed and the duty is not done (set by the API). */
export type DutyState = DutyStatus | 'overdue';
export type DutyRole = 'lead' | 'support';

/** One tracked duty of one unit (the API's `Duty`). */
export interface DutyItem {
  id: string;
  planId: string;
  planTitle: string;
  planNumber: string | null;
  orgUnitId: string;
  orgUnitName: string;
  role: DutyRole;
  text: string;
  dueDate: string | null;
  status: DutyStatus;
  state: DutyState;
  version: number;
  updatedAt: string;
}

/** A progress note of a duty (GET /api/v1/duties/{id}). */
export interface DutyNote {
  id: string;
  at: string;
  authorLabel: string;
  status: DutyStatus;
  text: string | null;
}

export const statusLabels: Record<DutyStatus, string> = {
  not_started: 'Chưa bắt đầu',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
};

export const stateLabels: Record<DutyState, string> = { ...statusLabels, overdue: 'Quá hạn' };

export const roleLabels: Record<DutyRole, string> = { lead: 'Chủ trì', support: 'Phối hợp' };

export function isDutyStatus(value: unknown): value is DutyStatus {
  return typeof value === 'string' && (dutyStatuses as readonly string[]).includes(value);
}

/** "15/11/2024"; "Không có hạn" without a due date. */
export function dueText(date: string | null): string {
  if (!date) return 'Không có hạn';
  const [y, m, d] = date.split('-');
  return y && m && d ? `${d}/${m}/${y}` : date;
}

/**
 * What the state badge says: "Quá hạn" also names the status it is overdue in
 * ("Quá hạn · đang thực hiện"), so that an overdue duty still shows its progress.
 */
export function stateText(duty: Pick<DutyItem, 'state' | 'status'>): string {
  if (duty.state !== 'overdue') return stateLabels[duty.state];
  return `Quá hạn · ${statusLabels[duty.status].toLowerCase()}`;
}

/** "Kế hoạch số 12" or "Kế hoạch (chưa có số)". */
export function planHeading(duty: Pick<DutyItem, 'planNumber'>): string {
  return duty.planNumber ? `Kế hoạch số ${duty.planNumber}` : 'Kế hoạch (chưa có số)';
}

export interface DutyCounts {
  total: number;
  done: number;
  in_progress: number;
  not_started: number;
  /** Not done and past the due date: a part of in_progress + not_started, counted apart. */
  overdue: number;
}

/** Counts by status, and how many of them are overdue. */
export function countDuties(items: readonly Pick<DutyItem, 'status' | 'state'>[]): DutyCounts {
  const counts: DutyCounts = { total: items.length, done: 0, in_progress: 0, not_started: 0, overdue: 0 };
  for (const item of items) {
    counts[item.status] += 1;
    if (item.state === 'overdue') counts.overdue += 1;
  }
  return counts;
}

/** "35 nhiệm vụ: 0 hoàn thành · 1 đang thực hiện · 34 chưa bắt đầu · 35 quá hạn" */
export function countsText(counts: DutyCounts): string {
  return `${counts.total} nhiệm vụ: ${counts.done} hoàn thành · ${counts.in_progress} đang thực hiện · ${counts.not_started} chưa bắt đầu · ${counts.overdue} quá hạn`;
}

/** Soonest due first, duties without a due date last; otherwise the order given. */
export function bySoonest<T extends Pick<DutyItem, 'dueDate'>>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const x = a.item.dueDate;
      const y = b.item.dueDate;
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return x < y ? -1 : 1;
      }
      return a.index - b.index;
    })
    .map(({ item }) => item);
}

export interface PlanGroup<T> {
  planId: string;
  planTitle: string;
  planNumber: string | null;
  items: T[];
}

/** The duties by plan, each plan's duties soonest due first, the plan with the soonest duty first. */
export function groupByPlan<T extends DutyItem>(items: readonly T[]): PlanGroup<T>[] {
  const groups = new Map<string, PlanGroup<T>>();
  for (const item of bySoonest(items)) {
    let group = groups.get(item.planId);
    if (!group) {
      group = { planId: item.planId, planTitle: item.planTitle, planNumber: item.planNumber, items: [] };
      groups.set(item.planId, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/** The `?trang-thai=` values of the coordinator's view: a status, or `qua-han` (overdue). */
export const stateFilters = [
  { slug: 'chua-bat-dau', label: 'Chưa bắt đầu' },
  { slug: 'dang-thuc-hien', label: 'Đang thực hiện' },
  { slug: 'hoan-thanh', label: 'Hoàn thành' },
  { slug: 'qua-han', label: 'Quá hạn' },
] as const;
export type StateFilter = (typeof stateFilters)[number]['slug'];

export function isStateFilter(value: unknown): value is StateFilter {
  return typeof value === 'string' && stateFilters.some((f) => f.slug === value);
}

/** Whether a duty passes the filter: its status for the three statuses, its state for `qua-han`. */
export function matchesFilter(duty: Pick<DutyItem, 'status' | 'state'>, filter: StateFilter | null): boolean {
  switch (filter) {
    case null:
      return true;
    case 'chua-bat-dau':
      return duty.status === 'not_started';
    case 'dang-thuc-hien':
      return duty.status === 'in_progress';
    case 'hoan-thanh':
      return duty.status === 'done';
    case 'qua-han':
      return duty.state === 'overdue';
  }
}

/** The plan's duty id of a tracked duty (its id is `<dutyId>--<orgUnitId>`). */
export function planDutyId(duty: Pick<DutyItem, 'id' | 'orgUnitId'>): string {
  const suffix = `--${duty.orgUnitId}`;
  return duty.id.endsWith(suffix) ? duty.id.slice(0, -suffix.length) : duty.id;
}

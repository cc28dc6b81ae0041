// The duties of one plan for the people of its issuing unit (GET /api/v1/plans/{id}/duties): one
// table per assignment of the plan, each duty with the units it is addressed to, their state and
// the counts; `?trang-thai=` (chua-bat-dau | dang-thuc-hien | hoan-thanh | qua-han) keeps the rows
// of one state. The API's 403/404 become the Vietnamese error page.
import { planLabel } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMe } from '$lib/server/guard';
import { createDutyApi } from '$lib/server/duty-api';
import { formatVnDateTime } from '$lib/session';
import {
  countDuties,
  isStateFilter,
  matchesFilter,
  planDutyId,
  stateFilters,
  type DutyCounts,
  type DutyItem,
} from '$lib/components/duties/duties';
import type { PageServerLoad } from './$types';

interface Row {
  id: string;
  unitName: string;
  role: DutyItem['role'];
  dueDate: string | null;
  status: DutyItem['status'];
  state: DutyItem['state'];
  /** When its progress was last reported; null before the first report (version 1). */
  updatedAt: string | null;
}

interface DutyRows {
  key: string;
  number: number;
  text: string;
  rows: Row[];
}

interface AssignmentTable {
  key: string;
  label: string;
  heading: string;
  /** How many duties the assignment has (numbers are shown when there are several). */
  dutyCount: number;
  counts: DutyCounts;
  duties: DutyRows[];
}

const toRow = (d: DutyItem): Row => ({
  id: d.id,
  unitName: d.orgUnitName,
  role: d.role,
  dueDate: d.dueDate,
  status: d.status,
  state: d.state,
  updatedAt: d.version > 1 ? formatVnDateTime(d.updatedAt) : null,
});

export const load: PageServerLoad = async (event) => {
  requireMe(event);
  const id = event.params.id;
  const [{ plan }, items] = await Promise.all([createApi(event).plan(id), createDutyApi(event).planDuties(id)]);
  const asked = event.url.searchParams.get('trang-thai');
  const filter = isStateFilter(asked) ? asked : null;

  // Tracked duties carry the plan's duty id: that places each one under its assignment.
  const place = new Map<string, { a: number; d: number }>();
  plan.implementation.assignments.forEach((a, i) => a.duties.forEach((d, j) => place.set(d.id, { a: i, d: j })));
  const all = plan.implementation.assignments.map(() => [] as DutyItem[]);
  const tables: AssignmentTable[] = plan.implementation.assignments.map((a) => ({
    key: a.id,
    label: a.label,
    heading: a.heading,
    dutyCount: a.duties.length,
    counts: countDuties([]),
    duties: a.duties.map((d, j) => ({ key: d.id, number: j + 1, text: d.text, rows: [] })),
  }));
  const others: DutyItem[] = [];
  for (const item of items) {
    const at = place.get(planDutyId(item));
    if (!at) {
      others.push(item);
      continue;
    }
    all[at.a]!.push(item);
    if (matchesFilter(item, filter)) tables[at.a]!.duties[at.d]!.rows.push(toRow(item));
  }
  tables.forEach((t, i) => (t.counts = countDuties(all[i]!)));

  const shownTables = tables
    .filter((t) => t.counts.total > 0)
    .map((t) => ({ ...t, duties: t.duties.filter((d) => d.rows.length > 0) }))
    .filter((t) => t.duties.length > 0);
  const shownOthers = others.filter((d) => matchesFilter(d, filter)).map((d) => ({ ...toRow(d), text: d.text }));

  return {
    plan: { id: plan.id, label: planLabel(plan), title: plan.title, status: plan.status },
    counts: countDuties(items),
    filter,
    filterLabel: filter ? (stateFilters.find((f) => f.slug === filter)?.label ?? null) : null,
    shownCount: shownTables.reduce((n, t) => n + t.duties.reduce((m, d) => m + d.rows.length, 0), 0) + shownOthers.length,
    tables: shownTables,
    others: shownOthers,
  };
};

// "Báo cáo định kỳ": for each unit the signed-in user holds a role at, the reports it owes (each
// issued plan's periods) with deadline, status and overdue marker. "Mở báo cáo" (action `mo`,
// POST /api/v1/org-units/{unitId}/reports) opens the draft and goes to it; a report already open
// is a link. Staff of a unit with units below it get the link to the unit's roll-up.
import { fail, isHttpError, redirect } from '@sveltejs/kit';
import { rolesFor, type Role } from '@binh-dang/domain';
import { requireMe } from '$lib/server/guard';
import { createReportApi, type ReportSlot } from '$lib/server/report-api';
import { formatVnDate, isEditableStatus, periodLabel, planLabel, reportStateLabels, type ReportState } from '$lib/report-format';
import type { Actions, PageServerLoad } from './$types';

const EDITORS = new Set<Role>(rolesFor('reports.edit') ?? []);
/** Roles that follow the reports of the units below theirs (the roll-up). */
const FOLLOWERS = new Set<Role>(['province_admin', 'coordinator', 'approver', 'viewer']);

export interface SlotRow {
  key: string;
  planId: string;
  plan: string;
  planTitle: string;
  period: string;
  periodLabel: string;
  deadline: string;
  overdue: boolean;
  state: ReportState;
  stateLabel: string;
  reportId: string | null;
  editable: boolean;
  returnComment: string | null;
}

function rowOf(unitId: string, slot: ReportSlot): SlotRow {
  const state: ReportState = slot.report?.status ?? 'missing';
  return {
    key: `${unitId}|${slot.planId}|${slot.period}`,
    planId: slot.planId,
    plan: planLabel({ number: slot.planNumber, title: slot.planTitle }),
    planTitle: slot.planTitle,
    period: slot.period,
    periodLabel: periodLabel(slot.period),
    deadline: formatVnDate(slot.deadline),
    overdue: slot.overdue,
    state,
    stateLabel: reportStateLabels[state],
    reportId: slot.report?.id ?? null,
    editable: isEditableStatus(state),
    returnComment: state === 'returned' ? (slot.report?.returnComment ?? null) : null,
  };
}

export const load: PageServerLoad = async (event) => {
  const me = requireMe(event);
  const api = createReportApi(event);
  // One section per unit, with the roles held there (a person may hold two at one unit).
  const byUnit = new Map<string, { unitId: string; name: string; roles: Role[]; roleLabels: string[] }>();
  for (const m of me.memberships) {
    if (!m.active) continue;
    const entry = byUnit.get(m.orgUnitId) ?? { unitId: m.orgUnitId, name: m.orgUnitName, roles: [], roleLabels: [] };
    entry.roles.push(m.role);
    entry.roleLabels.push(m.roleLabel);
    byUnit.set(m.orgUnitId, entry);
  }
  const units = await Promise.all(
    [...byUnit.values()].map(async (u) => {
      const canOpen = u.roles.some((r) => EDITORS.has(r));
      const canFollow = u.roles.some((r) => FOLLOWERS.has(r));
      try {
        const items = await api.unitReports(u.unitId);
        return { ...u, canOpen, canFollow, rows: items.map((s) => rowOf(u.unitId, s)), problem: null };
      } catch (error) {
        const message = isHttpError(error) ? error.body.message : 'Không tải được danh sách báo cáo.';
        return { ...u, canOpen, canFollow, rows: [] as SlotRow[], problem: message };
      }
    }),
  );
  return { units, waitingRoles: me.memberships.some((m) => !m.active) };
};

export const actions: Actions = {
  mo: async (event) => {
    requireMe(event);
    const data = await event.request.formData();
    const unitId = String(data.get('unitId') ?? '');
    const planId = String(data.get('planId') ?? '');
    const period = String(data.get('period') ?? '');
    const key = `${unitId}|${planId}|${period}`;
    if (!unitId || !planId || !period) return fail(400, { open: { key, message: 'Biểu mẫu thiếu thông tin của báo cáo. Vui lòng tải lại trang.' } });
    const answer = await createReportApi(event).open(unitId, planId, period);
    if (answer.ok) redirect(303, `/bao-cao/${encodeURIComponent(answer.body.report.id)}`);
    const { problem } = answer;
    const detail = problem.errors.length ? problem.errors.map((e) => e.message.replace(/\s*\([^()]*\)\s*$/, '')).join(' ') : problem.message;
    return fail(problem.status, { open: { key, message: `Chưa mở được báo cáo: ${detail}` } });
  },
};

// "Kinh phí": money allocated to the unit the user works in and to the units below it, per plan
// and duty, against what was spent (whole VND). The finance office (and province administrators)
// allocate here; expenses are recorded on each allocation's page.
import { fail } from '@sveltejs/kit';
import { todayInVietnam } from '@binh-dang/domain';
import { requireMembership } from '$lib/server/guard';
import { allows } from '$lib/server/plan-api';
import { createDutyApi } from '$lib/server/duty-api';
import { createBudgetApi } from '$lib/budget-api.server';
import { ALLOCATION_FIELDS, readAllocationForm } from '$lib/budget-form';
import { apiFieldErrors, groupDigits } from '$lib/record-form';
import { formatVnDate } from '$lib/report-format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me, membership } = requireMembership(event);
  const canManage = membership.active && allows('budget.manage', me, membership.path);
  const [budget, duties] = await Promise.all([
    createBudgetApi(event).budget(membership.orgUnitId),
    canManage ? createDutyApi(event).unitDuties(membership.orgUnitId) : Promise.resolve([]),
  ]);
  // Units, plans and duties the allocation form offers: those of the issued plans' duties in reach.
  const units = new Map<string, string>([[membership.orgUnitId, membership.orgUnitName]]);
  const plans = new Map<string, string>();
  for (const d of duties) {
    units.set(d.orgUnitId, d.orgUnitName);
    plans.set(d.planId, d.planNumber ? `${d.planNumber} — ${d.planTitle}` : d.planTitle);
  }
  return {
    unit: { id: membership.orgUnitId, name: membership.orgUnitName },
    today: todayInVietnam(),
    canManage,
    totals: { allocated: groupDigits(budget.totals.allocated), spent: groupDigits(budget.totals.spent), remaining: groupDigits(budget.totals.allocated - budget.totals.spent) },
    lines: budget.lines.map((l) => ({
      ...l,
      allocatedText: groupDigits(l.allocated),
      spentText: groupDigits(l.spent),
      over: l.spent > l.allocated,
      share: l.allocated > 0 ? Math.round((l.spent / l.allocated) * 100) : null,
    })),
    allocations: budget.allocations.map((a) => ({
      id: a.id,
      unitName: a.orgUnitName,
      planTitle: a.planTitle,
      dutyText: a.dutyText,
      allocatedOn: formatVnDate(a.allocatedOn),
      amount: groupDigits(a.amount),
      spent: groupDigits(a.spent),
      over: a.spent > a.amount,
    })),
    form: {
      units: [...units].map(([id, name]) => ({ id, name })),
      plans: [...plans].map(([id, title]) => ({ id, title })),
      duties: duties.map((d) => ({ id: d.id, unitId: d.orgUnitId, unitName: d.orgUnitName, planId: d.planId, text: d.text })),
    },
  };
};

export const actions: Actions = {
  giao: async (event) => {
    requireMembership(event);
    const parsed = readAllocationForm(await event.request.formData(), todayInVietnam());
    const refused = (status: number, errors: Record<string, string[]>, other: string[] = []) => fail(status, { allocation: { typed: parsed.typed, errors, other } });
    if (!parsed.input) return refused(400, parsed.errors);
    const answer = await createBudgetApi(event).allocate(parsed.orgUnitId, parsed.input);
    if (!answer.ok) {
      const { fields, other } = apiFieldErrors(answer.problem.errors, 'body.', (f) => (ALLOCATION_FIELDS as readonly string[]).includes(f));
      if (answer.problem.status === 404 || answer.problem.status === 403) return refused(answer.problem.status, { orgUnitId: [answer.problem.message] });
      return refused(answer.problem.status, fields, other.length || Object.keys(fields).length ? other : [answer.problem.message]);
    }
    return { allocated: { id: answer.body.allocation.id, amount: groupDigits(answer.body.allocation.amount), unitName: answer.body.allocation.orgUnitName } };
  },
};

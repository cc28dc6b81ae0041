// One allocation and its expenses; recording an expense. One that takes spending over the
// allocation comes back with the warning and a box to confirm it — what was typed is kept; the
// confirmation is recorded with the name of whoever confirmed.
import { fail } from '@sveltejs/kit';
import { todayInVietnam } from '@binh-dang/domain';
import { requireMe } from '$lib/server/guard';
import { createBudgetApi } from '$lib/budget-api.server';
import { EXPENSE_FIELDS, readExpenseForm } from '$lib/budget-form';
import { apiFieldErrors, groupDigits } from '$lib/record-form';
import { formatVnDate } from '$lib/report-format';
import { rolesFor } from '@binh-dang/domain';
import { formKeyOf, newFormKey, requestKey } from '$lib/server/idempotency';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireMe(event);
  const { allocation, expenses } = await createBudgetApi(event).allocation(event.params.id);
  return {
    today: todayInVietnam(),
    /** Sent back with the expense form: a double click records one expense. */
    formKey: newFormKey(),
    canManage: me.memberships.some((m) => m.active && (rolesFor('budget.manage') ?? []).includes(m.role)),
    allocation: {
      ...allocation,
      amountText: groupDigits(allocation.amount),
      spentText: groupDigits(allocation.spent),
      remainingText: groupDigits(allocation.remaining),
      allocatedOnText: formatVnDate(allocation.allocatedOn),
    },
    expenses: expenses.map((e) => ({ ...e, dateText: formatVnDate(e.date), amountText: groupDigits(e.amount) })),
  };
};

export const actions: Actions = {
  chi: async (event) => {
    requireMe(event);
    const data = await event.request.formData();
    const parsed = readExpenseForm(data, todayInVietnam());
    const refused = (status: number, errors: Record<string, string[]>, other: string[] = [], over: string | null = null) =>
      fail(status, { expense: { typed: parsed.typed, errors, other, over } });
    if (!parsed.input) return refused(400, parsed.errors);
    const answer = await createBudgetApi(event).addExpense(event.params.id, parsed.input, await requestKey(formKeyOf(data), parsed.input));
    if (!answer.ok) {
      const over = answer.problem.errors.find((e) => e.path === 'body.confirmOverAllocation');
      if (answer.problem.status === 409 && over) return refused(409, {}, [], answer.problem.message);
      const { fields, other } = apiFieldErrors(answer.problem.errors, 'body.', (f) => (EXPENSE_FIELDS as readonly string[]).includes(f));
      return refused(answer.problem.status, fields, other.length || Object.keys(fields).length ? other : [answer.problem.message]);
    }
    const last = answer.body.expenses.at(-1);
    return { recorded: { amount: groupDigits(parsed.input.amount), confirmedBy: last?.confirmedBy ?? null } };
  },
};

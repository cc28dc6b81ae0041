// The budget forms of /ngan-sach: an allocation (unit, plan, duty, amount in VND, date) and an
// expense against it. Amounts are typed the Vietnamese way ("5.000.000") and must be whole VND.
import { allocationInputSchema, allocationIssues, expenseInputSchema, type AllocationInput, type ExpenseInput, type LocalDate } from '@binh-dang/domain';
import { addError, issuesByPath, numberField, textOf, typedOf, type FieldErrorMap, type Parsed } from './record-form';

export const ALLOCATION_FIELDS = ['orgUnitId', 'planId', 'dutyTrackingId', 'amount', 'allocatedOn', 'note'] as const;
export const EXPENSE_FIELDS = ['date', 'amount', 'description', 'confirmOverAllocation'] as const;

/** Reads the allocation form: the unit it goes to, and the API's input. */
export function readAllocationForm(data: FormData, today: LocalDate): Parsed<AllocationInput> & { orgUnitId: string } {
  const typed = typedOf(data);
  const errors: FieldErrorMap = {};
  const orgUnitId = textOf(typed, 'orgUnitId');
  if (!orgUnitId) addError(errors, 'orgUnitId', 'Chọn đơn vị được giao kinh phí.');
  const amount = numberField(typed, 'amount', errors, { whole: true });
  if (amount === null) addError(errors, 'amount', 'Nhập số tiền (đồng).');
  const parsed = allocationInputSchema.safeParse({
    planId: textOf(typed, 'planId'),
    dutyTrackingId: textOf(typed, 'dutyTrackingId') || null,
    amount: amount ?? undefined,
    allocatedOn: textOf(typed, 'allocatedOn'),
    note: textOf(typed, 'note') || null,
  });
  if (!parsed.success) {
    const fresh: FieldErrorMap = {};
    issuesByPath(parsed.error.issues, fresh);
    for (const [field, list] of Object.entries(fresh)) if (!errors[field]) for (const m of list) addError(errors, field, field === 'planId' ? 'Chọn kế hoạch.' : m);
    return { input: null, errors, typed, orgUnitId };
  }
  for (const i of allocationIssues(parsed.data, today)) addError(errors, i.path, i.message);
  return { input: Object.keys(errors).length ? null : parsed.data, errors, typed, orgUnitId };
}

export function readExpenseForm(data: FormData, today: LocalDate): Parsed<ExpenseInput> {
  const typed = typedOf(data);
  const errors: FieldErrorMap = {};
  const amount = numberField(typed, 'amount', errors, { whole: true });
  if (amount === null) addError(errors, 'amount', 'Nhập số tiền (đồng).');
  const parsed = expenseInputSchema.safeParse({
    date: textOf(typed, 'date'),
    amount: amount ?? undefined,
    description: textOf(typed, 'description'),
    confirmOverAllocation: typed.confirmOverAllocation === 'on',
  });
  if (!parsed.success) {
    const fresh: FieldErrorMap = {};
    issuesByPath(parsed.error.issues, fresh);
    for (const [field, list] of Object.entries(fresh)) if (!errors[field]) for (const m of list) addError(errors, field, m);
    return { input: null, errors, typed };
  }
  if (parsed.data.date > today) addError(errors, 'date', 'Ngày không được ở tương lai.');
  return { input: Object.keys(errors).length ? null : parsed.data, errors, typed };
}

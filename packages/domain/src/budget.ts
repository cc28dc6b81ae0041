// Budget (kinh phí) of a plan's work: allocations per plan, duty and unit, entered by the finance
// office, and expenses against them, in whole VND. An expense that takes the spent total over its
// allocation is refused unless someone confirms it; the confirmation is recorded with their name.
import { z } from 'zod';
import { formatShortVnDate, localDateSchema, type LocalDate } from './dates.ts';
import { inWindow, type ComputedValue, type DateWindow } from './computed-values.ts';
import type { ValidationIssue } from './data-value.ts';

/** The largest amount accepted: exact in a double (≈ 9 triệu tỷ đồng). */
export const MAX_VND = Number.MAX_SAFE_INTEGER;

const VND_MESSAGE = 'Số tiền phải là số đồng nguyên, lớn hơn 0 (The amount must be a whole number of VND above 0)';
export const vndAmountSchema = z.number({ message: VND_MESSAGE }).int({ message: VND_MESSAGE }).min(1, { message: VND_MESSAGE }).max(MAX_VND, { message: VND_MESSAGE });

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Tối đa ${max.toLocaleString('vi-VN')} ký tự (At most ${max} characters)` });

export const allocationInputSchema = z
  .object({
    planId: z.string().min(1).max(200),
    /** The tracked duty of the unit it funds; null for the unit's work on the plan as a whole. */
    dutyTrackingId: z.string().min(1).max(200).nullable().default(null),
    amount: vndAmountSchema,
    /** The day of the allocation decision. */
    allocatedOn: localDateSchema,
    note: text(2000).nullable().default(null),
  })
  .strict();
export type AllocationInput = z.infer<typeof allocationInputSchema>;

export const expenseInputSchema = z
  .object({
    date: localDateSchema,
    amount: vndAmountSchema,
    description: text(1000).min(1, { message: 'Ghi nội dung chi (Describe the expense)' }),
    /** Set after the warning: the expense takes the spent total over the allocation, and that is right. */
    confirmOverAllocation: z.boolean().default(false),
  })
  .strict();
export type ExpenseInput = z.infer<typeof expenseInputSchema>;

/** "1.500.000 đồng" — thousands grouped with dots, as Vietnamese documents write money. */
export function formatVnd(amount: number): string {
  const digits = String(Math.abs(Math.trunc(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 ? '-' : ''}${digits} đồng`;
}

const future = (today: LocalDate) => `Ngày không được ở tương lai (hôm nay là ${formatShortVnDate(today)}) (The date must not be in the future)`;

export function allocationIssues(input: AllocationInput, today: LocalDate): ValidationIssue[] {
  return input.allocatedOn > today ? [{ path: 'allocatedOn', message: future(today) }] : [];
}

export function expenseIssues(input: ExpenseInput, allocation: { allocatedOn: LocalDate }, today: LocalDate): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (input.date > today) issues.push({ path: 'date', message: future(today) });
  else if (input.date < allocation.allocatedOn)
    issues.push({ path: 'date', message: `Ngày chi không được trước ngày giao kinh phí ${formatShortVnDate(allocation.allocatedOn)} (Before the allocation)` });
  return issues;
}

export interface OverAllocation {
  allocated: number;
  spentBefore: number;
  spentAfter: number;
  overBy: number;
  message: string;
}

/** Null when the expense fits in what is left of the allocation; else by how much it goes over. */
export function overAllocation(allocated: number, spentBefore: number, amount: number): OverAllocation | null {
  const spentAfter = spentBefore + amount;
  if (spentAfter <= allocated) return null;
  const overBy = spentAfter - allocated;
  return {
    allocated,
    spentBefore,
    spentAfter,
    overBy,
    message:
      `Khoản chi làm tổng chi (${formatVnd(spentAfter)}) vượt kinh phí được giao (${formatVnd(allocated)}) ${formatVnd(overBy)}. ` +
      `Nếu đúng, hãy xác nhận để ghi nhận (The expense takes spending ${overBy} VND over the allocation; confirm to record it)`,
  };
}

export interface AllocationRecord {
  id: string;
  amount: number;
  allocatedOn: LocalDate;
  title: string;
}

export interface ExpenseRecord {
  id: string;
  amount: number;
  date: LocalDate;
  description: string;
}

/**
 * OP-BUDGET-ALLOCATED: allocations to the unit decided within the window; OP-BUDGET-SPENT: its
 * expenses dated within the window. No record in the window: no value.
 */
export function budgetIndicatorValues(allocations: readonly AllocationRecord[], expenses: readonly ExpenseRecord[], window: DateWindow): ComputedValue[] {
  const out: ComputedValue[] = [];
  const a = allocations.filter((x) => inWindow(x.allocatedOn, window));
  if (a.length)
    out.push({
      indicator: 'OP-BUDGET-ALLOCATED',
      category: 'total',
      value: a.reduce((s, x) => s + x.amount, 0),
      sources: a.map((x) => ({ kind: 'allocation', id: x.id, title: x.title, date: x.allocatedOn })),
    });
  const e = expenses.filter((x) => inWindow(x.date, window));
  if (e.length)
    out.push({
      indicator: 'OP-BUDGET-SPENT',
      category: 'total',
      value: e.reduce((s, x) => s + x.amount, 0),
      sources: e.map((x) => ({ kind: 'expense', id: x.id, title: x.description, date: x.date })),
    });
  return out;
}

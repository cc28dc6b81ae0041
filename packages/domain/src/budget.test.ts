import { describe, expect, it } from 'vitest';
import { allocationInputSchema, budgetIndicatorValues, expenseInputSchema, expenseIssues, formatVnd, overAllocation } from './budget.ts';

describe('budget amounts', () => {
  it('takes whole VND above 0 only', () => {
    const base = { planId: 'p', allocatedOn: '2024-03-01' };
    expect(allocationInputSchema.safeParse({ ...base, amount: 5_000_000 }).success).toBe(true);
    for (const amount of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2]) expect(allocationInputSchema.safeParse({ ...base, amount }).success).toBe(false);
  });

  it('formats money the Vietnamese way', () => {
    expect(formatVnd(1_500_000)).toBe('1.500.000 đồng');
    expect(formatVnd(999)).toBe('999 đồng');
  });

  it('warns when an expense takes spending over the allocation, and by how much', () => {
    expect(overAllocation(10_000_000, 6_000_000, 4_000_000)).toBeNull();
    const over = overAllocation(10_000_000, 6_000_000, 5_000_000)!;
    expect(over.overBy).toBe(1_000_000);
    expect(over.message).toContain('1.000.000 đồng');
  });

  it('refuses expenses dated in the future or before the allocation', () => {
    const input = expenseInputSchema.parse({ date: '2024-07-01', amount: 1, description: 'In tờ rơi' });
    expect(expenseIssues(input, { allocatedOn: '2024-03-01' }, '2024-06-01').map((i) => i.path)).toEqual(['date']);
    expect(expenseIssues({ ...input, date: '2024-02-01' }, { allocatedOn: '2024-03-01' }, '2024-06-01')[0]!.message).toContain('trước ngày giao');
    expect(expenseIssues({ ...input, date: '2024-05-01' }, { allocatedOn: '2024-03-01' }, '2024-06-01')).toEqual([]);
  });

  it('computes allocated and spent within the window only', () => {
    const window = { from: '2023-12-15', to: '2024-12-14' };
    const values = budgetIndicatorValues(
      [
        { id: 'a1', amount: 10_000_000, allocatedOn: '2024-02-01', title: 'Kinh phí tuyên truyền' },
        { id: 'a0', amount: 99, allocatedOn: '2023-12-01', title: 'Năm trước' },
      ],
      [
        { id: 'e1', amount: 2_000_000, date: '2024-03-01', description: 'In tờ rơi' },
        { id: 'e2', amount: 500_000, date: '2024-12-20', description: 'Sau kỳ' },
      ],
      window,
    );
    expect(values.map((v) => [v.indicator, v.value, v.sources.map((s) => s.id)])).toEqual([
      ['OP-BUDGET-ALLOCATED', 10_000_000, ['a1']],
      ['OP-BUDGET-SPENT', 2_000_000, ['e1']],
    ]);
    expect(budgetIndicatorValues([], [], window)).toEqual([]);
  });
});

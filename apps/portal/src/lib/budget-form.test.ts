import { describe, expect, it } from 'vitest';
import { readAllocationForm, readExpenseForm } from './budget-form';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

describe('budget forms', () => {
  it('reads an amount typed with dots as whole VND', () => {
    const r = readAllocationForm(form([['orgUnitId', 'xa-a'], ['planId', 'p'], ['amount', '5.000.000'], ['allocatedOn', '2024-03-01']]), '2024-06-01');
    expect(r.errors).toEqual({});
    expect(r.input).toMatchObject({ amount: 5_000_000, dutyTrackingId: null });
    expect(r.orgUnitId).toBe('xa-a');
  });

  it('refuses decimals, missing fields and future dates beside their fields', () => {
    const r = readAllocationForm(form([['amount', '12,5'], ['allocatedOn', '2024-07-01']]), '2024-06-01');
    expect(Object.keys(r.errors).sort()).toEqual(['amount', 'orgUnitId', 'planId']);
    const e = readExpenseForm(form([['date', '2024-07-01'], ['amount', '1.000'], ['description', 'In'], ['confirmOverAllocation', 'on']]), '2024-06-01');
    expect(Object.keys(e.errors)).toEqual(['date']);
    const ok = readExpenseForm(form([['date', '2024-05-01'], ['amount', '1.000'], ['description', 'In'], ['confirmOverAllocation', 'on']]), '2024-06-01');
    expect(ok.input).toMatchObject({ amount: 1000, confirmOverAllocation: true });
  });
});

import { describe, expect, it } from 'vitest';
import { bySoonest, countDuties, countsText, dueText, groupByPlan, matchesFilter, planDutyId, stateText, type DutyItem } from './duties';

const duty = (fields: Partial<DutyItem>): DutyItem => ({
  id: 'p1-a1-d1--xa-cao-xa-2024',
  planId: 'p1',
  planTitle: 'Kế hoạch một',
  planNumber: '12',
  orgUnitId: 'xa-cao-xa-2024',
  orgUnitName: 'Xã Cao Xá',
  role: 'lead',
  text: 'Nhiệm vụ',
  dueDate: '2024-11-15',
  status: 'not_started',
  state: 'not_started',
  version: 1,
  updatedAt: '2024-04-20T00:00:00.000Z',
  ...fields,
});

describe('duties as shown', () => {
  it('say their due date and state in Vietnamese, overdue with its progress', () => {
    expect(dueText('2024-11-15')).toBe('15/11/2024');
    expect(dueText(null)).toBe('Không có hạn');
    expect(stateText({ state: 'in_progress', status: 'in_progress' })).toBe('Đang thực hiện');
    expect(stateText({ state: 'overdue', status: 'in_progress' })).toBe('Quá hạn · đang thực hiện');
  });

  it('are counted by status, overdue apart', () => {
    const counts = countDuties([
      duty({ status: 'in_progress', state: 'overdue' }),
      duty({ status: 'done', state: 'done' }),
      duty({ status: 'not_started', state: 'overdue' }),
    ]);
    expect(counts).toEqual({ total: 3, done: 1, in_progress: 1, not_started: 1, overdue: 2 });
    expect(countsText(counts)).toBe('3 nhiệm vụ: 1 hoàn thành · 1 đang thực hiện · 1 chưa bắt đầu · 2 quá hạn');
  });

  it('are grouped by plan, soonest due first, those without a due date last', () => {
    const groups = groupByPlan([
      duty({ id: 'a', planId: 'p1', dueDate: null }),
      duty({ id: 'b', planId: 'p2', dueDate: '2024-06-01' }),
      duty({ id: 'c', planId: 'p1', dueDate: '2024-12-31' }),
    ]);
    expect(groups.map((g) => [g.planId, g.items.map((d) => d.id)])).toEqual([
      ['p2', ['b']],
      ['p1', ['c', 'a']],
    ]);
    expect(bySoonest([{ dueDate: null }, { dueDate: '2024-01-01' }])).toEqual([{ dueDate: '2024-01-01' }, { dueDate: null }]);
  });

  it('are filtered by status, or by overdue', () => {
    const late = duty({ status: 'in_progress', state: 'overdue' });
    expect(matchesFilter(late, 'dang-thuc-hien')).toBe(true);
    expect(matchesFilter(late, 'qua-han')).toBe(true);
    expect(matchesFilter(late, 'chua-bat-dau')).toBe(false);
    expect(matchesFilter(late, null)).toBe(true);
  });

  it('know the plan duty they track', () => {
    expect(planDutyId(duty({}))).toBe('p1-a1-d1');
  });
});

import { describe, expect, it } from 'vitest';
import { choosePeriod, completenessLists, contributionColumns, importantCharts, indicatorRows, overdueByUnit, plansFor, sortChildren, type RollupChildLike, type RollupIndicatorLike } from './rollup-view';

const ind = (code: string, total: number | null, extra: Partial<RollupIndicatorLike> = {}): RollupIndicatorLike => ({
  code,
  nameVi: code,
  unit: 'người',
  disaggregation: 'none',
  sensitivity: 'public',
  aggregation: 'sum',
  polarity: 'higher-better',
  total,
  female: null,
  male: null,
  units: total === null ? 0 : 2,
  target: null,
  ...extra,
});

const child = (id: string, values: Record<string, number | null>): RollupChildLike => ({
  unit: { id, name: `Xã ${id}`, path: `/p/d/${id}/` },
  own: false,
  values,
  report: null,
});

describe('the roll-up page', () => {
  it('offers the plans issued at or above the unit, newest and nearest first', () => {
    const plan = (id: string, issuingUnitId: string, year: number, status = 'issued') => ({ id, year, status, number: null, title: id, issuingUnitId, issuingUnitName: issuingUnitId });
    const plans = [plan('p-province', 'p', 2024), plan('p-draft', 'd', 2024, 'draft'), plan('p-district', 'd', 2024), plan('p-old', 'd', 2023), plan('p-other', 'x', 2024)];
    expect(plansFor(plans, ['p', 'd']).map((p) => p.id)).toEqual(['p-district', 'p-province', 'p-old']);
  });

  it('chooses a period the plan reports, and says when the one asked for is not valid', () => {
    const periods = [{ period: '2024S1' }, { period: '2024' }];
    expect(choosePeriod('2024S1', periods, 2024)).toEqual({ period: '2024S1', invalid: null });
    expect(choosePeriod(null, periods, 2024)).toEqual({ period: '2024', invalid: null });
    expect(choosePeriod('2024Q9', periods, 2024)).toEqual({ period: '2024', invalid: '2024Q9' });
    expect(choosePeriod('2023', [], 2024)).toEqual({ period: '2023', invalid: null });
  });

  it('shows missing figures as a dash and progress in words', () => {
    const rows = indicatorRows([
      ind('A', 1200, { disaggregation: 'sex', female: 700, male: 500, target: { year: 2024, comparator: '>=', value: 1000, source: 'unit' } }),
      ind('B', null),
    ]);
    expect(rows[0]).toMatchObject({ total: '1.200', female: '700', male: '500', target: '≥ 1.000 người', progress: { state: 'met' } });
    expect(rows[1]).toMatchObject({ total: '—', female: '', progress: { text: 'Chưa đặt mục tiêu' } });
  });

  it('charts the indicators with figures, targets first, each child a bar', () => {
    const charts = importantCharts(
      [ind('A', 10), ind('B', null), ind('C', 5, { target: { year: 2024, comparator: '>=', value: 8, source: 'unit' } })],
      [child('x', { A: 6, C: 5 }), child('y', { A: 4, C: null })],
    );
    expect(charts.map((c) => c.code)).toEqual(['C', 'A']);
    expect(charts[1]!.chart.bars).toEqual([
      { label: 'Xã x', value: 6 },
      { label: 'Xã y', value: 4 },
    ]);
    expect(charts[0]!.chart.bars).toEqual([{ label: 'Xã x', value: 5 }]);
    expect(charts[0]!.chart.missing).toEqual(['Xã y']);
    // A sum's target is the unit's total: no line across the children's bars.
    expect(charts[0]!.chart.target).toBeNull();
    expect(contributionColumns([ind('A', 10), ind('B', null)], [child('x', { A: 6, B: null })]).map((c) => c.code)).toEqual(['A']);
  });

  it('lists the units still to report and those waiting for review', () => {
    const unit = (unitId: string, status: 'missing' | 'draft' | 'submitted' | 'approved', timeliness: 'overdue' | 'late' | 'on_time' | 'pending') => ({
      unitId,
      name: unitId,
      planId: 'p',
      deadline: '2024-11-15',
      status,
      reportId: status === 'missing' ? null : `r-${unitId}`,
      submittedAt: null,
      timeliness,
    });
    const lists = completenessLists([unit('a', 'missing', 'overdue'), unit('b', 'draft', 'overdue'), unit('c', 'submitted', 'late'), unit('d', 'approved', 'on_time')]);
    expect(lists.notSent.map((u) => [u.unitId, u.stateLabel])).toEqual([
      ['a', 'Chưa mở'],
      ['b', 'Đang soạn'],
    ]);
    expect(lists.waiting.map((u) => u.unitId)).toEqual(['c']);
  });
});

describe('the roll-up lists', () => {
  it('orders the children by how far their reports have gone, the unit’s own first', () => {
    const c = (id: string, status: 'approved' | 'draft' | 'missing' | null, own = false): RollupChildLike => ({
      unit: { id, name: id, path: `/${id}/` },
      own,
      values: {},
      report: status ? { status, submittedAt: null, deadline: null, timeliness: 'pending' } : null,
    });
    expect(sortChildren([c('b', 'missing'), c('a', 'draft'), c('z', null), c('d', 'approved'), c('self', 'missing', true)]).map((x) => x.unit.id)).toEqual(['self', 'd', 'a', 'b', 'z']);
  });

  it('groups the overdue duties by unit', () => {
    const d = (id: string, unit: string, state: string) => ({ id, orgUnitId: unit, orgUnitName: `Xã ${unit}`, text: id, dueDate: '2024-11-15', role: 'lead' as const, state });
    const groups = overdueByUnit([d('1', 'a', 'overdue'), d('2', 'b', 'overdue'), d('3', 'b', 'overdue'), d('4', 'a', 'done')]);
    expect(groups.map((g) => [g.unit, g.duties.length])).toEqual([
      ['Xã b', 2],
      ['Xã a', 1],
    ]);
    expect(groups[0]!.duties[0]!.due).toBe('15/11/2024');
  });
});

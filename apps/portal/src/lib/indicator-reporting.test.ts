import { describe, expect, it } from 'vitest';
import { applyReportingOp, checkReporting, diffReporting, parseReportingOp, readReportingForm, sortReportingProblems, type ReportingValues } from './indicator-reporting';

const known = new Set(['OP-ARTICLES', 'NQ28-1.1', 'OP-TRAINING-CLASSES']);
const base: ReportingValues = { periods: [{ period: '2024', deadline: '2024-11-15' }], indicatorCodes: ['OP-ARTICLES'] };

describe('the reporting form', () => {
  it('is read back from its fields', () => {
    const data = new FormData();
    data.set('periods.0.period', '2024');
    data.set('periods.0.deadline', '2024-11-15');
    data.set('periods.1.period', '2024S1');
    data.set('periods.1.deadline', ' ');
    for (const code of ['OP-ARTICLES', 'NQ28-1.1', 'OP-ARTICLES']) data.append('indicatorCodes', code);
    expect(readReportingForm(data)).toEqual({
      periods: [
        { period: '2024', deadline: '2024-11-15' },
        { period: '2024S1', deadline: '' },
      ],
      indicatorCodes: ['OP-ARTICLES', 'NQ28-1.1'],
    });
  });

  it('adds a period in reading order with its default deadline, once, and only of the plan year', () => {
    const added = applyReportingOp(base, parseReportingOp('add', '2024S1')!, 2024, '2024-11-15', known);
    expect(added.values.periods).toEqual([
      { period: '2024', deadline: '2024-11-15' },
      { period: '2024S1', deadline: '2024-06-14' },
    ]);
    expect(added.focus).toBe('periods.1.deadline');
    expect(applyReportingOp(added.values, { kind: 'add', period: '2024S1' }, 2024, null, known).message).toContain('đã có');
    expect(applyReportingOp(base, { kind: 'add', period: '2025Q1' }, 2024, null, known).message).toContain('năm 2024');
    expect(applyReportingOp(base, { kind: 'add', period: '' }, 2024, null, known).message).toContain('Vui lòng chọn');
    expect(applyReportingOp(added.values, parseReportingOp('remove:0', '')!, 2024, null, known).values.periods.map((p) => p.period)).toEqual(['2024S1']);
  });

  it('explains a deadline that cannot be right, beside its field', () => {
    const values: ReportingValues = {
      periods: [
        { period: '2024S1', deadline: '2023-12-20' },
        { period: '2024S2', deadline: '' },
        { period: '2024Q1', deadline: '2026-01-10' },
      ],
      indicatorCodes: [],
    };
    const errors = checkReporting(values, 2024, known);
    expect(errors['periods.0.deadline']).toEqual(['Hạn nộp không được trước ngày bắt đầu kỳ (01/01/2024).']);
    expect(errors['periods.1.deadline']).toEqual(['Vui lòng chọn hạn nộp báo cáo.']);
    expect(errors['periods.2.deadline']?.[0]).toContain('31/12/2025');
    expect(errors.indicatorCodes).toEqual(['Chọn ít nhất một chỉ tiêu để các đơn vị báo cáo.']);
    expect(checkReporting(base, 2024, known)).toEqual({});
  });

  it('sorts the API problems and tells what differs from the stored settings', () => {
    expect(
      sortReportingProblems([
        { path: 'body.periods.1.period', message: 'Kỳ bị trùng (Duplicate period)' },
        { path: 'body.indicatorCodes.0', message: 'Không có chỉ tiêu X (Unknown indicator)' },
      ]).errors,
    ).toEqual({ 'periods.1.period': ['Kỳ bị trùng'], indicatorCodes: ['Không có chỉ tiêu X'] });
    const diff = diffReporting(base, { periods: [{ period: '2024Q3', deadline: '2024-09-20' }], indicatorCodes: ['OP-ARTICLES', 'NQ28-1.1'] });
    expect(diff.periods).toEqual([
      { period: '2024', label: 'Năm 2024', yours: '2024-11-15', stored: null },
      { period: '2024Q3', label: 'Quý III/2024', yours: null, stored: '2024-09-20' },
    ]);
    expect(diff.removedByYou).toEqual(['NQ28-1.1']);
    expect(diff.addedByYou).toEqual([]);
  });
});

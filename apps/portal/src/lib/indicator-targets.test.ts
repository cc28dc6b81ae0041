import { describe, expect, it } from 'vitest';
import type { Indicator } from '@binh-dang/domain';
import { rowsOf, sortTargetProblems, targetChanges, targetConflicts } from './indicator-targets';

const indicators = new Map<string, Pick<Indicator, 'unit'>>([
  ['NQ28-2.3', { unit: '%' }],
  ['OP-ARTICLES', { unit: 'bài' }],
  ['OP-INSPECTIONS', { unit: 'cuộc' }],
]);
const stored = [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 1200 }];

describe('unit targets', () => {
  it('open with the stored targets, written the Vietnamese way', () => {
    const rows = rowsOf([...indicators.keys()], stored, () => '<=');
    expect(rows['OP-ARTICLES']).toEqual({ comparator: '>=', value: '1.200', was: '>=|1200' });
    expect(rows['NQ28-2.3']).toEqual({ comparator: '<=', value: '', was: '' });
  });

  it('send only what changed; an emptied row removes its target', () => {
    const rows = rowsOf([...indicators.keys()], stored, () => '>=');
    rows['NQ28-2.3']!.value = '35,5';
    expect(targetChanges(rows, indicators).changes).toEqual([{ indicatorCode: 'NQ28-2.3', comparator: '>=', value: 35.5 }]);
    rows['OP-ARTICLES']!.value = '';
    expect(targetChanges(rows, indicators).changes).toContainEqual({ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: null });
    rows['OP-INSPECTIONS']!.value = '2,5';
    rows['NQ28-2.3']!.value = '120';
    expect(targetChanges(rows, indicators).errors).toEqual({
      'OP-INSPECTIONS': ['Chỉ tiêu tính bằng “cuộc”: nhập số nguyên.'],
      'NQ28-2.3': ['Tỷ lệ phải từ 0 đến 100.'],
    });
  });

  it('catch a row someone else saved after the page was opened', () => {
    const rows = rowsOf([...indicators.keys()], [], () => '>=');
    rows['OP-ARTICLES']!.value = '40';
    rows['NQ28-2.3']!.value = '30';
    const { changes } = targetChanges(rows, indicators);
    const now = [
      { indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 50 },
      { indicatorCode: 'NQ28-2.3', comparator: '>=', value: 30 },
    ];
    expect(targetConflicts(changes, rows, now, indicators)).toEqual({ 'OP-ARTICLES': '≥ 50 bài' });
    expect(sortTargetProblems([{ path: 'body.targets.1.value', message: 'Âm (Negative)' }], changes).errors).toEqual({ [changes[1]!.indicatorCode]: ['Âm'] });
  });
});

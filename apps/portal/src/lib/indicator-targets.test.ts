import { describe, expect, it } from 'vitest';
import type { Indicator } from '@binh-dang/domain';
import { rebaseTargets, rowsOf, sortTargetProblems, targetChanges } from './indicator-targets';

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

  it('after a stale save, keep what was typed on top of what someone else saved meanwhile', () => {
    const rows = rowsOf([...indicators.keys()], stored, () => '>=');
    rows['OP-ARTICLES']!.value = '40'; // changed here, and by someone else to 50: a conflict
    rows['NQ28-2.3']!.value = '30'; // changed here, and by someone else to the same: no conflict
    const { changes } = targetChanges(rows, indicators);
    const now = [
      { indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 50 },
      { indicatorCode: 'NQ28-2.3', comparator: '>=', value: 30 },
      { indicatorCode: 'OP-INSPECTIONS', comparator: '>=', value: 4 }, // left alone here: taken from theirs
    ];
    const rebased = rebaseTargets(rows, now, indicators);
    expect(rebased.conflicts).toEqual({ 'OP-ARTICLES': '≥ 50 bài' });
    expect(rebased.taken).toEqual(['OP-INSPECTIONS']);
    expect(rebased.rows['OP-ARTICLES']).toEqual({ comparator: '>=', value: '40', was: '>=|50' });
    expect(rebased.rows['OP-INSPECTIONS']).toEqual({ comparator: '>=', value: '4', was: '>=|4' });
    // Saving again sends only the typed conflict, never their row back to what the page had.
    expect(targetChanges(rebased.rows, indicators).changes).toEqual([{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 40 }]);
    expect(sortTargetProblems([{ path: 'body.targets.1.value', message: 'Âm (Negative)' }], changes).errors).toEqual({ [changes[1]!.indicatorCode]: ['Âm'] });
  });

  it('after a stale save, a target removed here that someone else changed is a conflict; one they removed that was not touched goes', () => {
    const rows = rowsOf([...indicators.keys()], [...stored, { indicatorCode: 'OP-INSPECTIONS', comparator: '>=', value: 3 }], () => '>=');
    rows['OP-ARTICLES']!.value = '';
    const rebased = rebaseTargets(rows, [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 1500 }], indicators);
    expect(rebased.conflicts).toEqual({ 'OP-ARTICLES': '≥ 1.500 bài' });
    expect(rebased.rows['OP-INSPECTIONS']).toEqual({ comparator: '>=', value: '', was: '' });
    expect(targetChanges(rebased.rows, indicators).changes).toEqual([{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: null }]);
  });
});

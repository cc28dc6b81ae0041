import { describe, expect, it } from 'vitest';
import { indicatorCatalogue } from '@binh-dang/domain';
import { EMPTY_INDICATOR, changedFields, sortIndicatorProblems, toIndicator, toIndicatorForm, type IndicatorFormValues } from './indicator-form';

const filled: IndicatorFormValues = {
  ...EMPTY_INDICATOR,
  code: 'PT-TU-VAN',
  nameVi: 'Tỷ lệ tin bài về tư vấn hôn nhân',
  nameEn: 'Share of articles on marriage counselling',
  unit: '%',
  aggregation: 'ratio',
  numerator: 'OP-ARTICLES',
  denominator: 'OP-TRAINING-CLASSES',
  source: 'Kế hoạch số 12/KH-UBND',
  objective: '6',
  target2025Value: '12,5',
};

describe('the indicator form', () => {
  it('gives back the stored indicator unchanged', () => {
    for (const indicator of indicatorCatalogue) {
      const others = indicatorCatalogue.filter((i) => i.code !== indicator.code);
      const check = toIndicator(toIndicatorForm(indicator), others, indicator);
      expect(check.errors, indicator.code).toEqual({});
      expect(check.indicator, indicator.code).toEqual(indicator);
    }
  });

  it('reads a new ratio indicator with a target written the Vietnamese way', () => {
    const { indicator, errors } = toIndicator(filled, indicatorCatalogue);
    expect(errors).toEqual({});
    expect(indicator).toMatchObject({
      code: 'PT-TU-VAN',
      aggregation: { kind: 'ratio', numerator: 'OP-ARTICLES', denominator: 'OP-TRAINING-CLASSES', scale: 100 },
      objective: 6,
      targets: [{ year: 2025, comparator: '>=', value: 12.5 }],
      note: null,
    });
  });

  it('puts every reason beside its field at once', () => {
    const { indicator, errors } = toIndicator(
      { ...filled, code: 'pt tu van', nameEn: '', unit: '', denominator: 'OP-ARTICLES', target2030Value: 'nhiều' },
      indicatorCatalogue,
    );
    expect(indicator).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['code', 'denominator', 'nameEn', 'target2030Value', 'unit']);
  });

  it('runs the catalogue checks: a ratio split by sex needs components split by sex', () => {
    const { errors } = toIndicator({ ...filled, disaggregation: 'sex' }, indicatorCatalogue);
    expect(errors.numerator?.[0]).toContain('phải phân tổ theo giới tính');
    expect(errors.denominator?.[0]).toContain('phải phân tổ theo giới tính');
  });

  it('sorts the API problems onto the fields', () => {
    const sorted = sortIndicatorProblems(
      [
        { path: 'body.indicator.aggregation.numerator', message: 'Sai (Wrong)' },
        { path: 'body.indicator.targets.0.value', message: 'Âm (Negative)' },
        { path: 'body.indicator', message: 'Mẫu số (denominator) OP-X không có trong danh mục (not in the catalogue)' },
        { path: 'body.indicator.code', message: 'Mã PT-TU-VAN đã có (This code is taken)' },
        { path: 'body.other', message: 'Khác (Other)' },
      ],
      filled,
    );
    expect(sorted.errors).toEqual({
      numerator: ['Sai'],
      target2025Value: ['Âm'],
      denominator: ['Mẫu số (denominator) OP-X không có trong danh mục'],
      code: ['Mã PT-TU-VAN đã có'],
    });
    expect(sorted.other).toEqual(['Khác']);
  });

  it('lists what differs from the stored version after a save that came too late', () => {
    expect(changedFields({ ...filled, nameVi: 'Tên khác', scale: '1' }, filled)).toEqual(['nameVi', 'scale']);
    expect(changedFields({ ...filled, aggregation: 'sum', numerator: '' }, { ...filled, aggregation: 'sum' })).toEqual([]);
  });
});

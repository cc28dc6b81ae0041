import { describe, expect, it } from 'vitest';
import {
  cellKey,
  cellName,
  changedCells,
  excelCellError,
  formValuesOf,
  narrativeName,
  readReportForm,
  sameAsStored,
  sortReportErrors,
  splitCellKey,
  toPayload,
  type IndicatorLike,
} from './report-form';

const indicators: IndicatorLike[] = [
  { code: 'OP-TRAINING-PARTICIPANTS', nameVi: 'Số người tham gia tập huấn', unit: 'người', disaggregation: 'sex' },
  { code: 'OP-ARTICLES', nameVi: 'Số bài viết', unit: 'bài', disaggregation: 'none' },
  { code: 'NQ28-1.1', nameVi: 'Tỷ lệ nữ', unit: '%', disaggregation: 'none' },
];

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe('the report form', () => {
  it('names cells by indicator and category, codes with dots included', () => {
    expect(cellName('NQ28-1.1', 'total')).toBe('v|NQ28-1.1|total');
    expect(splitCellKey(cellKey('NQ28-1.1', 'female'))).toEqual({ code: 'NQ28-1.1', category: 'female' });
    expect(splitCellKey('OP-ARTICLES.nope')).toBeNull();
  });

  it('reads typed text, sends numbers, leaves empty cells out (not reported, not 0)', () => {
    const values = readReportForm(
      form([
        [cellName('OP-TRAINING-PARTICIPANTS', 'total'), '1.200'],
        [cellName('OP-TRAINING-PARTICIPANTS', 'female'), '700'],
        [cellName('OP-TRAINING-PARTICIPANTS', 'male'), ' 500 '],
        [cellName('OP-ARTICLES', 'total'), ''],
        [cellName('NQ28-1.1', 'total'), '12,5'],
        [narrativeName('t1', 'results'), '  Đã tổ chức 2 hội nghị.  '],
        [narrativeName('t1', 'proposals'), ''],
        ['version', '3'],
      ]),
    );
    const { payload, errors } = toPayload(values, indicators, ['t1']);
    expect(errors).toEqual({});
    expect(payload.values).toEqual([
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: 1200 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: 700 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: 500 },
      { indicator: 'NQ28-1.1', category: 'total', value: 12.5 },
    ]);
    expect(payload.narratives).toEqual([{ trackingId: 't1', results: 'Đã tổ chức 2 hội nghị.', shortcomings: null, proposals: null }]);
  });

  it('a cell that is not a number is an error beside it, and keeps what was typed', () => {
    const values = { cells: { 'OP-ARTICLES.total': 'mười hai', 'NQ28-1.1.total': '5' }, narratives: {} };
    const { errors } = toPayload(values, indicators, []);
    expect(Object.keys(errors)).toEqual(['OP-ARTICLES.total']);
    expect(errors['OP-ARTICLES.total']![0]).toContain('“mười hai” không phải là số');
    // Categories an indicator does not take are never sent.
    expect(toPayload({ cells: { 'OP-ARTICLES.female': '3' }, narratives: {} }, indicators, []).payload.values).toEqual([]);
  });

  it('puts the API errors beside their cells, by check path or by the index of the value sent', () => {
    const sent = toPayload({ cells: { 'OP-ARTICLES.total': '-1', 'NQ28-1.1.total': '5' }, narratives: {} }, indicators, ['t1']).payload;
    const sorted = sortReportErrors(
      [
        { path: 'values.OP-TRAINING-PARTICIPANTS.total', message: 'Tổng (10) phải bằng nữ + nam (11) (Total must equal female + male)' },
        { path: 'body.values.0.value', message: 'OP-ARTICLES.total: Số đếm phải là số nguyên không âm (A count must be a non-negative whole number)' },
        { path: 'body.narratives.0.results', message: 'Tối đa 8.000 ký tự (At most 8,000 characters)' },
        { path: 'values', message: 'Báo cáo chưa có số liệu nào (The report has no values yet)' },
      ],
      sent,
    );
    expect(sorted.fields).toEqual({
      'OP-TRAINING-PARTICIPANTS.total': ['Tổng (10) phải bằng nữ + nam (11)'],
      'OP-ARTICLES.total': ['Số đếm phải là số nguyên không âm'],
      't1.results': ['Tối đa 8.000 ký tự'],
    });
    expect(sorted.other).toEqual(['Báo cáo chưa có số liệu nào']);
  });

  it('shows stored values Vietnamese-style and knows when nothing changed', () => {
    const stored = [
      { indicator: 'OP-ARTICLES', category: 'total' as const, value: 1234 },
      { indicator: 'NQ28-1.1', category: 'total' as const, value: null },
    ];
    const narratives = [{ trackingId: 't1', results: 'Xong', shortcomings: null, proposals: null }];
    const values = formValuesOf(stored, narratives);
    expect(values).toEqual({ cells: { 'OP-ARTICLES.total': '1.234' }, narratives: { 't1.results': 'Xong' } });
    expect(sameAsStored(toPayload(values, indicators, ['t1']).payload, stored, narratives)).toBe(true);
    values.cells['OP-ARTICLES.total'] = '1.235';
    expect(sameAsStored(toPayload(values, indicators, ['t1']).payload, stored, narratives)).toBe(false);
  });

  it('after someone saved first, lists the cells that differ', () => {
    const typed = { cells: { 'OP-ARTICLES.total': '5', 'OP-TRAINING-PARTICIPANTS.total': '10' }, narratives: {} };
    const current = [
      { indicator: 'OP-ARTICLES', category: 'total' as const, value: 4 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total' as const, value: 10 },
      { indicator: 'NQ28-1.1', category: 'total' as const, value: 40 },
    ];
    expect(changedCells(typed, indicators, current)).toEqual([
      { key: 'OP-ARTICLES.total', label: 'Số bài viết', theirs: '4', yours: '5' },
      { key: 'NQ28-1.1.total', label: 'Tỷ lệ nữ', theirs: '40', yours: '—' },
    ]);
  });

  it('splits an Excel cell error into sheet, row, column and reason', () => {
    expect(excelCellError({ path: 'xlsx.D9', message: "Trang 'Báo cáo', dòng 9, cột D (ô D9): Không phải là số: “abc”" })).toEqual({
      cell: 'D9',
      sheet: 'Báo cáo',
      row: '9',
      column: 'D',
      reason: 'Không phải là số: “abc”',
    });
    expect(excelCellError({ path: 'body', message: 'Tệp rỗng (Empty file)' })).toMatchObject({ cell: '', reason: 'Tệp rỗng (Empty file)' });
  });
});

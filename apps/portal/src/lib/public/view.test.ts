import { describe, expect, it } from 'vitest';
import { matchesEtag, pageEtag, varyOnCookie } from './cache';
import { formatDate, formatNumber, langOf, periodName, switchHref, withLang } from './i18n';
import { cellView, charts, childrenTable, nq28Groups, operationalRows, progressView, targetView, type CatalogueLike, type ResultIndicator, type ResultsLike } from './view';

const cell = (value: number | null, suppressed = false) => ({ value, suppressed });
const none = cell(null);

function indicator(over: Partial<ResultIndicator> & Pick<ResultIndicator, 'code'>): ResultIndicator {
  return {
    nameVi: `Chỉ tiêu ${over.code}`,
    nameEn: `Indicator ${over.code}`,
    unit: 'người',
    objective: null,
    sensitivity: 'public',
    aggregation: 'sum',
    polarity: 'higher-better',
    disaggregation: 'none',
    cells: { total: none, female: none, male: none },
    target: null,
    ...over,
  };
}

describe('language and formats', () => {
  it('reads English only from ?lang=en on a public page, and carries it on links', () => {
    expect(langOf(new URL('http://x/cong-khai/a?lang=en'))).toBe('en');
    expect(langOf(new URL('http://x/?lang=en'))).toBe('en');
    expect(langOf(new URL('http://x/bao-cao?lang=en'))).toBe('vi');
    expect(langOf(new URL('http://x/cong-khai/a'))).toBe('vi');
    expect(withLang('/cong-khai/a?period=2024#ket-qua', 'en')).toBe('/cong-khai/a?period=2024&lang=en#ket-qua');
    expect(withLang('/cong-khai/a', 'vi')).toBe('/cong-khai/a');
    expect(switchHref(new URL('http://x/cong-khai/a?period=2024&lang=en'), 'vi')).toBe('/cong-khai/a?period=2024');
    expect(switchHref(new URL('http://x/cong-khai/a?period=2024'), 'en')).toBe('/cong-khai/a?period=2024&lang=en');
  });

  it('writes numbers, dates and periods the way each language does', () => {
    expect(formatNumber(1234567.5, 'vi')).toBe('1.234.567,5');
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(null, 'en')).toBe('—');
    expect(formatDate('2025-07-01', 'vi')).toBe('01/07/2025');
    expect(formatDate('2025-07-01', 'en')).toBe('1 July 2025');
    expect(periodName('2024Q3', 'vi')).toBe('Quý III/2024');
    expect(periodName('2024Q3', 'en')).toBe('Q3 2024');
    expect(periodName('2024', 'en')).toBe('Year 2024');
  });
});

describe('figures, targets, progress', () => {
  it('shows a suppressed cell as "<threshold>", a missing one as "—", never 0', () => {
    expect(cellView(cell(null, true), 5, 'vi')).toMatchObject({ state: 'suppressed', text: '<5' });
    expect(cellView(cell(null, true), 10, 'en').text).toBe('<10');
    expect(cellView(none, 5, 'vi')).toMatchObject({ state: 'missing', text: '—' });
    expect(cellView(cell(0), 5, 'vi')).toMatchObject({ state: 'value', text: '0' });
  });

  it('reads progress against a target with its comparator and polarity, and says nothing of a hidden figure', () => {
    const floor = { year: 2025, comparator: '>=', value: 80, source: 'national' as const };
    expect(progressView(cell(100), floor, 'higher-better', 'vi')).toMatchObject({ state: 'met', percent: 100 });
    expect(progressView(cell(40), floor, 'higher-better', 'en')).toMatchObject({ state: 'not-met', text: 'Not met: 50% of target', percent: 50 });
    expect(progressView(cell(null, true), floor, 'higher-better', 'vi')).toMatchObject({ state: 'none', text: 'Số liệu được ẩn' });
    const ceiling = { year: 2025, comparator: '<=', value: 111, source: 'national' as const };
    expect(progressView(cell(115), ceiling, 'target-range', 'vi').state).toBe('not-met');
    expect(targetView(floor, '%', 'vi')).toEqual({ text: '≥ 80%', source: 'Nghị quyết 28, năm 2025' });
    expect(targetView({ ...floor, source: 'unit', comparator: '=' }, 'người', 'en')).toEqual({ text: '80 people', source: 'the unit’s own, 2025' });
  });
});

describe('the indicator tables', () => {
  const catalogue: CatalogueLike[] = [
    {
      builtin: true,
      indicator: {
        code: 'NQ28-1.1',
        nameVi: 'Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ',
        nameEn: 'Agencies with a woman key leader',
        unit: '%',
        objective: 1,
        sensitivity: 'public',
        aggregation: { kind: 'ratio' },
        polarity: 'higher-better',
        disaggregation: 'none',
        targets: [
          { year: 2025, value: 60, comparator: '=' },
          { year: 2030, value: 75, comparator: '=' },
        ],
        verification: 'verified',
      },
    },
    {
      builtin: true,
      indicator: {
        code: 'NQ28-4.3',
        nameVi: 'Chỉ tiêu y tế chưa xác minh',
        nameEn: 'Unverified',
        unit: 'chưa xác định',
        objective: 4,
        sensitivity: 'public',
        aggregation: { kind: 'latest' },
        polarity: 'higher-better',
        disaggregation: 'none',
        targets: [],
        verification: 'to-confirm',
      },
    },
    {
      builtin: true,
      indicator: {
        code: 'NQ28-3.2',
        nameVi: 'Tỷ lệ nạn nhân được hỗ trợ',
        nameEn: 'Victims supported',
        unit: '%',
        objective: 3,
        sensitivity: 'sensitive',
        aggregation: { kind: 'ratio' },
        polarity: 'higher-better',
        disaggregation: 'sex',
        targets: [{ year: 2025, value: 80, comparator: '=' }],
        verification: 'verified',
      },
    },
  ];
  const results: ResultsLike = {
    threshold: 5,
    indicators: [
      indicator({
        code: 'NQ28-3.2',
        objective: 3,
        unit: '%',
        aggregation: 'ratio',
        sensitivity: 'sensitive',
        disaggregation: 'sex',
        cells: { total: cell(100), female: cell(100), male: cell(null, true) },
        target: { year: 2025, comparator: '=', value: 80, source: 'national' },
      }),
      indicator({ code: 'OP-GBV-VICTIMS-DETECTED', sensitivity: 'sensitive', disaggregation: 'sex', cells: { total: cell(11), female: cell(9), male: cell(null, true) } }),
      indicator({ code: 'OP-ARTICLES', unit: 'bài', cells: { total: cell(12), female: none, male: none } }),
    ],
    children: [
      { unit: { id: 'xa-b', name: 'Xã B' }, cells: { 'OP-GBV-VICTIMS-DETECTED': cell(null, true), 'OP-ARTICLES': cell(7), 'NQ28-3.2': cell(null, true) } },
      { unit: { id: 'xa-a', name: 'Xã A' }, cells: { 'OP-GBV-VICTIMS-DETECTED': cell(null, true), 'OP-ARTICLES': cell(5), 'NQ28-3.2': cell(null, true) } },
      { unit: { id: 'phong', name: 'Phòng Nội vụ' }, cells: { 'OP-GBV-VICTIMS-DETECTED': none, 'OP-ARTICLES': none, 'NQ28-3.2': none } },
    ],
  };

  it('lists every verified Nghị quyết 28 indicator by objective, with its national target even without figures', () => {
    const groups = nq28Groups(results, catalogue, 2024, 'vi');
    expect(groups.map((g) => g.objective)).toEqual([1, 3]);
    expect(groups[0]!.title).toBe('Mục tiêu 1 — Lĩnh vực chính trị');
    expect(groups[0]!.rows[0]).toMatchObject({ code: 'NQ28-1.1', total: { state: 'missing' }, target: { text: '60%' }, progress: { text: 'Chưa có số liệu' } });
    const victims = groups[1]!.rows[0]!;
    expect(victims).toMatchObject({ code: 'NQ28-3.2', sensitive: true, total: { text: '100' }, male: { state: 'suppressed', text: '<5' }, progress: { state: 'met' } });
    // 2031: no target set any more.
    expect(nq28Groups(null, catalogue, 2031, 'en')[0]!.rows[0]!.target).toBeNull();
    expect(operationalRows(results, 'en').map((r) => r.name)).toEqual(['Indicator OP-GBV-VICTIMS-DETECTED', 'Indicator OP-ARTICLES']);
  });

  it('lists the children that have figures, with the unit’s totals', () => {
    const table = childrenTable(results, 'vi');
    expect(table.columns.map((c) => c.code)).toEqual(['NQ28-3.2', 'OP-GBV-VICTIMS-DETECTED', 'OP-ARTICLES']);
    expect(table.rows.map((r) => r.id)).toEqual(['xa-a', 'xa-b']);
    expect(table.rows[0]!.cells['OP-GBV-VICTIMS-DETECTED']).toMatchObject({ state: 'suppressed', text: '<5' });
    expect(table.totals['OP-GBV-VICTIMS-DETECTED']!.text).toBe('11');
  });

  it('charts what says something: children’s shares with two visible figures, else the sex split; hidden bars say so', () => {
    const list = charts(results, 'vi');
    expect(list.map((c) => c.id)).toEqual(['bd-don-vi-OP-ARTICLES']);
    const articles = list[0]!;
    expect(articles.bars.map((b) => [b.label, b.text])).toEqual([
      ['Xã B', '7 bài'],
      ['Xã A', '5 bài'],
    ]);
    expect(articles.summary).toContain('Xã B: 7 bài; Xã A: 5 bài.');
    const leaf = charts({ ...results, children: [], indicators: [indicator({ code: 'OP-TRAINING', disaggregation: 'sex', cells: { total: cell(105), female: cell(69), male: cell(36) } })] }, 'en');
    expect(leaf[0]!.title).toBe('Indicator OP-TRAINING, by sex');
    expect(leaf[0]!.bars.map((b) => b.text)).toEqual(['69 people', '36 people']);
    // A hidden figure has a bar with no length and words instead of a number.
    const hidden = charts({ ...results, indicators: [results.indicators[2]!], children: [...results.children, { unit: { id: 'xa-c', name: 'Xã C' }, cells: { 'OP-ARTICLES': cell(null, true) } }] }, 'vi');
    expect(hidden[0]!.bars.at(-1)).toMatchObject({ label: 'Xã C', hidden: true, text: 'ẩn (<5)' });
  });
});

describe('page caching', () => {
  it('keys a page’s ETag on its address and the API answers it was built from', () => {
    const a = pageEtag('v1', '/cong-khai/x', ['W/"p.1"', 'W/"q.2"'])!;
    expect(a).toMatch(/^W\/"p-[0-9a-f]{8}-[0-9a-f]{8}"$/);
    expect(pageEtag('v1', '/cong-khai/x', ['W/"q.2"', 'W/"p.1"'])).toBe(a);
    expect(pageEtag('v1', '/cong-khai/x', ['W/"p.2"', 'W/"q.2"'])).not.toBe(a);
    expect(pageEtag('v1', '/cong-khai/x?lang=en', ['W/"p.1"', 'W/"q.2"'])).not.toBe(a);
    expect(pageEtag('v1', '/cong-khai/x', [])).toBeNull();
    expect(matchesEtag(`"x", ${a}`, a)).toBe(true);
    expect(matchesEtag(a.replace('W/', ''), a)).toBe(true);
    expect(matchesEtag('"other"', a)).toBe(false);
    const headers = new Headers({ vary: 'Accept-Encoding' });
    varyOnCookie(headers);
    varyOnCookie(headers);
    expect(headers.get('vary')).toBe('Accept-Encoding, Cookie');
  });
});

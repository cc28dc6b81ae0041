import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { indicatorCatalogue, type Indicator } from '@binh-dang/domain';
import { readDocxLines } from './docx-read.ts';
import type { ImportLine } from './import-line.ts';
import { TEXT_WIDTH } from './official-docx.ts';
import {
  asOfLine,
  compiledReportToDocx,
  formatIndicatorValue,
  formatTarget,
  formatVnNumber,
  type CompiledReportIndicator,
  type CompiledReportInput,
} from './report-docx.ts';

// ---------------------------------------------------------------------------------------------
// Fixture: Lâm Thao district's compiled report for 2024, indicators from the catalogue.

function catalogueEntry(code: string): Indicator {
  const found = indicatorCatalogue.find((i) => i.code === code);
  if (!found) throw new Error(`no indicator ${code} in the catalogue`);
  return found;
}

function fromCatalogue(code: string, total: number | null, female: number | null = null, male: number | null = null): CompiledReportIndicator {
  const ind = catalogueEntry(code);
  const target = ind.targets.find((t) => t.year >= 2025) ?? null;
  return {
    code: ind.code,
    nameVi: ind.nameVi,
    unit: ind.unit,
    disaggregated: ind.disaggregation === 'sex',
    total,
    female,
    male,
    target: target ? { comparator: target.comparator, value: target.value, year: target.year } : null,
    sensitive: ind.sensitivity === 'sensitive',
  };
}

const communes = [
  'Thị trấn Lâm Thao',
  'Xã Tiên Kiên',
  'Thị trấn Hùng Sơn',
  'Xã Xuân Lũng',
  'Xã Xuân Huy',
  'Xã Thạch Sơn',
  'Xã Sơn Vi',
  'Xã Phùng Nguyên',
  'Xã Cao Xá',
  'Xã Vĩnh Lại',
  'Xã Tứ Xã',
  'Xã Bản Nguyên',
];

const indicators: CompiledReportIndicator[] = [
  fromCatalogue('OP-ARTICLES', 1234),
  fromCatalogue('OP-TRAINING-PARTICIPANTS', 2345, 1400, 945),
  fromCatalogue('OP-GBV-CASES-DETECTED', 12),
  fromCatalogue('OP-GBV-VICTIMS-DETECTED', 14, 12, 2),
  fromCatalogue('OP-GBV-VICTIMS-SUPPORTED', 10, null, 2),
  fromCatalogue('OP-INSPECTIONS', null),
  fromCatalogue('OP-BUDGET-SPENT', 1234567000),
  fromCatalogue('NQ28-6.1', 87.46),
  fromCatalogue('OP-WOMEN-CADRES-APPOINTED', 0),
];

/** Every unit's values: made up, with the two units that have not reported left null. */
function unitValues(row: number): Record<string, number | null> {
  if (row >= 10) return Object.fromEntries(indicators.map((i) => [i.code, null]));
  return {
    'OP-ARTICLES': 100 + row,
    'OP-TRAINING-PARTICIPANTS': 200 + row,
    'OP-GBV-CASES-DETECTED': row % 3,
    'OP-GBV-VICTIMS-DETECTED': row % 4,
    'OP-GBV-VICTIMS-SUPPORTED': row % 2,
    'OP-INSPECTIONS': null,
    'OP-BUDGET-SPENT': 100_000_000 + row * 1_500_000,
    'NQ28-6.1': 80 + row * 1.25,
    // OP-WOMEN-CADRES-APPOINTED left out: a missing key is not reported either.
  };
}

const report: CompiledReportInput = {
  header: {
    parentBody: 'UBND TỈNH PHÚ THỌ',
    issuingBody: 'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO',
    number: null,
    typeCode: 'BC',
    issuerCode: 'UBND',
    place: 'Lâm Thao',
    date: { year: 2024, month: 12, day: null },
  },
  title: 'Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024',
  basis: [
    'Thực hiện Kế hoạch số 12/KH-UBND ngày 05/4/2024 của UBND huyện Lâm Thao về thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Lâm Thao năm 2024;',
    'Ủy ban nhân dân huyện Lâm Thao báo cáo kết quả thực hiện như sau:',
  ],
  period: { code: '2024', label: 'Năm 2024' },
  asOf: '2024-12-14T09:30:00.000Z',
  completeness: { expected: 12, submitted: 10, approved: 8, onTime: 9, late: 1, missing: ['Xã Tứ Xã', 'Xã Bản Nguyên'] },
  indicators,
  contributions: communes.map((unitName, row) => ({
    unitName,
    status: row >= 10 ? 'Chưa gửi báo cáo' : row >= 8 ? 'Đã gửi, chờ duyệt' : 'Đã phê duyệt',
    values: unitValues(row),
  })),
  narratives: [
    {
      unitName: 'Thị trấn Lâm Thao',
      duties: [
        {
          duty: 'Tuyên truyền về bình đẳng giới trên hệ thống truyền thanh',
          results: 'Đăng 124 tin, bài trên hệ thống truyền thanh.\nTổ chức 2 buổi nói chuyện chuyên đề.',
          shortcomings: 'Kinh phí cho công tác tuyên truyền còn hạn chế.',
          proposals: null,
        },
        { duty: 'Kiểm tra việc thực hiện pháp luật về bình đẳng giới', results: '   ', shortcomings: null, proposals: '' },
      ],
    },
    {
      unitName: 'Xã Sơn Vi',
      duties: [
        {
          duty: 'Hỗ trợ nạn nhân bạo lực gia đình',
          results: 'Hỗ trợ kịp thời 3 nạn nhân.',
          shortcomings: null,
          proposals: 'Đề nghị huyện mở lớp tập huấn kỹ năng tư vấn cho cán bộ cơ sở.',
        },
      ],
    },
    // Nothing written: left out, not printed blank.
    { unitName: 'Xã Cao Xá', duties: [{ duty: 'Tổ chức Tháng hành động', results: null, shortcomings: '  ', proposals: null }] },
    {
      unitName: 'Xã Vĩnh Lại',
      duties: [{ duty: 'Tổ chức Tháng hành động', results: null, shortcomings: 'Chưa bố trí được địa điểm tổ chức mít tinh.', proposals: null }],
    },
  ],
  recipients: ['Sở Lao động - TB&XH tỉnh Phú Thọ;', 'TT Huyện ủy, HĐND huyện;', 'Lưu: VT, LĐTBXH.'],
  signature: {
    authority: [
      { prefix: 'TM.', text: 'Ủy ban nhân dân' },
      { prefix: 'KT.', text: 'Chủ tịch' },
    ],
    title: 'Phó Chủ tịch',
    name: 'Ngô Đức Sáu',
  },
};

// ---------------------------------------------------------------------------------------------
// Reading the package

interface Read {
  bytes: Uint8Array;
  xml: string;
  lines: ImportLine[];
}

async function render(input: CompiledReportInput): Promise<Read> {
  const bytes = await compiledReportToDocx(input);
  return { bytes, xml: strFromU8(unzipSync(bytes)['word/document.xml']!), lines: readDocxLines(bytes) };
}

/** Top-level tables of the body (these documents nest none). */
function tables(xml: string): string[] {
  return [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/g)].map((m) => m[0]);
}

function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

/** A table as rows of cell texts. */
function rows(table: string): string[][] {
  return [...table.matchAll(/<w:tr\b.*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>.*?<\/w:tc>/g)].map((tc) => textOf(tc[0])),
  );
}

const isIndicatorTable = (t: string) => rows(t)[0]?.join('|') === 'STT|Chỉ tiêu|Đơn vị tính|Tổng|Nữ|Nam|Mục tiêu';
const isUnitTable = (t: string) => rows(t)[0]?.slice(0, 2).join('|') === 'STT|Đơn vị';

function attr(xml: string, element: string, name: string): number {
  const m = new RegExp(`<${element}\\b[^>]*\\s${name}="(-?\\d+)"`).exec(xml);
  if (!m) throw new Error(`no ${element}/@${name}`);
  return Number(m[1]);
}

/** Index of the first line at or after `from` whose text is `text`; -1 when there is none. */
function indexOfLine(lines: ImportLine[], text: string, from = 0): number {
  return lines.findIndex((line, i) => i >= from && line.text === text);
}

function expectInOrder(lines: ImportLine[], expected: string[]): void {
  let from = 0;
  for (const text of expected) {
    const at = indexOfLine(lines, text, from);
    expect(at, text).toBeGreaterThanOrEqual(from);
    from = at + 1;
  }
}

let doc: Read;

beforeAll(async () => {
  doc = await render(report);
});

// ---------------------------------------------------------------------------------------------

describe('formatVnNumber and friends', () => {
  it('writes thousands with dots and decimals with a comma, without trailing zeros', () => {
    expect(formatVnNumber(1234567)).toBe('1.234.567');
    expect(formatVnNumber(1234.5)).toBe('1.234,5');
    expect(formatVnNumber(0)).toBe('0');
    expect(formatVnNumber(45.0)).toBe('45');
    expect(formatVnNumber(-1234.25)).toBe('-1.234,25');
    expect(formatVnNumber(-0.001)).toBe('0');
    expect(formatVnNumber(999.96, 1)).toBe('1.000');
  });

  it('gives percentages at most one decimal, money none, yes/no as words', () => {
    expect(formatIndicatorValue(87.46, '%')).toBe('87,5');
    expect(formatIndicatorValue(50, '%')).toBe('50');
    expect(formatIndicatorValue(1234567000.4, 'VND')).toBe('1.234.567.000');
    expect(formatIndicatorValue(2.75, 'phút')).toBe('2,75');
    expect(formatIndicatorValue(1, 'có/không')).toBe('Có');
    expect(formatIndicatorValue(0, 'có/không')).toBe('Không');
  });

  it('writes targets with the comparator as a sign and the year', () => {
    expect(formatTarget({ comparator: '>=', value: 80, year: 2025 }, '%')).toBe('≥ 80 (năm 2025)');
    expect(formatTarget({ comparator: '<', value: 42, year: 2030 }, 'trên 100.000')).toBe('< 42 (năm 2030)');
    expect(formatTarget({ comparator: '=', value: 1, year: 2025 }, 'có/không')).toBe('Có (năm 2025)');
    expect(formatTarget({ comparator: '~', value: 99, year: 2030 }, '%')).toBe('Khoảng 99 (năm 2030)');
  });

  it('prints the reading time in Việt Nam time', () => {
    expect(asOfLine('2024-12-14T09:30:00.000Z')).toBe('Số liệu tính đến 16:30 ngày 14/12/2024');
    expect(asOfLine('2024-12-31T18:05:00Z')).toBe('Số liệu tính đến 01:05 ngày 01/01/2025');
    expect(() => asOfLine('yesterday')).toThrow(RangeError);
  });
});

describe('compiledReportToDocx: package and page', () => {
  it('is a Word package, [Content_Types].xml first, the same bytes for the same input', async () => {
    const parts = unzipSync(doc.bytes);
    expect(Object.keys(parts)[0]).toBe('[Content_Types].xml');
    expect(Object.keys(parts)).toEqual(expect.arrayContaining(['word/document.xml', 'word/styles.xml']));
    const again = await compiledReportToDocx(report);
    expect(Buffer.from(again).equals(Buffer.from(doc.bytes))).toBe(true);
    const core = strFromU8(parts['docProps/core.xml']!);
    expect(core).toContain(
      '<dc:title>Báo cáo kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024</dc:title>',
    );
    expect(core).toMatch(/<dcterms:modified[^>]*>2024-12-14T09:30:00Z</);
  });

  it('is A4 portrait with the decree’s margins and page numbers from page 2', () => {
    expect(doc.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc.xml).not.toContain('w:orient="landscape"');
    const margins = /<w:pgMar [^>]*\/>/.exec(doc.xml)![0];
    expect(attr(margins, 'w:pgMar', 'w:left')).toBe(1701);
    expect(attr(margins, 'w:pgMar', 'w:right')).toBe(850);
    expect(doc.xml).toContain('<w:titlePg/>');
  });

  it('sets Times New Roman as the default font and uses no other', () => {
    const styles = strFromU8(unzipSync(doc.bytes)['word/styles.xml']!);
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/.exec(styles)![0];
    expect(defaults).toContain('w:ascii="Times New Roman"');
    const fonts = new Set([...doc.xml.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]));
    expect([...fonts].filter((f) => f !== 'Times New Roman')).toEqual([]);
  });
});

describe('compiledReportToDocx: header, title and reading order', () => {
  it('reads back header, title, sections and signature in order', () => {
    expectInOrder(doc.lines, [
      'UBND TỈNH PHÚ THỌ',
      'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO',
      'Số: /BC-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Lâm Thao, ngày tháng 12 năm 2024',
      'BÁO CÁO',
      'Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024',
      '(Số liệu tính đến 16:30 ngày 14/12/2024)',
      report.basis[0]!,
      report.basis[1]!,
      'I. KẾT QUẢ THỰC HIỆN',
      '1. Tình hình báo cáo của các đơn vị',
      '2. Kết quả các chỉ tiêu',
      '3. Kết quả theo đơn vị',
      '4. Kết quả thực hiện nhiệm vụ',
      'II. TỒN TẠI, HẠN CHẾ',
      'III. ĐỀ XUẤT, KIẾN NGHỊ',
      'Nơi nhận:',
      '- Lưu: VT, LĐTBXH.',
      'TM. Ủy ban nhân dân',
      'KT. Chủ tịch',
      'Phó Chủ tịch',
      'Ngô Đức Sáu',
    ]);
  });

  it('styles the header and headings as the plan does', () => {
    const line = (text: string) => doc.lines.find((l) => l.text === text)!;
    expect(line('ỦY BAN NHÂN DÂN HUYỆN LÂM THAO')).toMatchObject({ bold: true, cell: { row: 0, column: 0 } });
    expect(line('Lâm Thao, ngày tháng 12 năm 2024')).toMatchObject({ italic: true, cell: { row: 0, column: 1 } });
    expect(line('BÁO CÁO')).toMatchObject({ bold: true, align: 'center' });
    for (const heading of ['I. KẾT QUẢ THỰC HIỆN', 'II. TỒN TẠI, HẠN CHẾ', 'III. ĐỀ XUẤT, KIẾN NGHỊ']) {
      expect(line(heading).bold, heading).toBe(true);
    }
    expect(line('Ngô Đức Sáu')).toMatchObject({ bold: true, cell: { row: 0, column: 1 } });
    // The first table is the header; the last one is the closing block.
    const all = tables(doc.xml);
    expect(all[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(all.at(-1)).toContain('Nơi nhận:');
  });

  it('writes an issued number and a full date', async () => {
    const issued = await render({ ...report, header: { ...report.header, number: '45', date: { year: 2024, month: 12, day: 16 } } });
    expect(issued.lines.map((l) => l.text)).toEqual(expect.arrayContaining(['Số: 45/BC-UBND', 'Lâm Thao, ngày 16 tháng 12 năm 2024']));
  });

  it('leaves out the closing block without recipients and signature, and the name when it is not known', async () => {
    const bare = await render({ ...report, recipients: [], signature: null });
    expect(bare.xml).not.toContain('Nơi nhận:');
    const unnamed = await render({ ...report, signature: { authority: [{ prefix: null, text: 'Ủy ban nhân dân' }], title: 'Chủ tịch', name: null } });
    const texts = unnamed.lines.map((l) => l.text);
    expect(texts.slice(-2)).toEqual(['Ủy ban nhân dân', 'Chủ tịch']);
  });
});

describe('compiledReportToDocx: I.1 who reported', () => {
  it('gives expected, submitted, approved, on time and late, and lists the units not reported', () => {
    const texts = doc.lines.map((l) => l.text);
    const start = texts.indexOf('1. Tình hình báo cáo của các đơn vị');
    const end = texts.indexOf('2. Kết quả các chỉ tiêu');
    expect(texts.slice(start + 1, end)).toEqual([
      '- Kỳ báo cáo: Năm 2024.',
      '- Số đơn vị phải báo cáo: 12.',
      '- Số đơn vị đã gửi báo cáo: 10 (đạt 83,3%), trong đó 8 báo cáo đã được phê duyệt.',
      '- Gửi đúng hạn: 9 đơn vị; gửi muộn: 1 đơn vị.',
      '- Đơn vị chưa gửi báo cáo (2): Xã Tứ Xã, Xã Bản Nguyên.',
    ]);
  });

  it('says so when every unit has reported', async () => {
    const all = await render({ ...report, completeness: { ...report.completeness, submitted: 12, missing: [] } });
    expect(all.lines.map((l) => l.text)).toContain('- Không có đơn vị nào chưa gửi báo cáo.');
  });
});

describe('compiledReportToDocx: I.2 indicator table', () => {
  const table = () => tables(doc.xml).find(isIndicatorTable)!;

  it('has one row per indicator with its formatted numbers', () => {
    const body = rows(table()).slice(1);
    expect(body.map((r) => r[1])).toEqual(indicators.map((i) => i.nameVi));
    const byCode = (code: string) => body[indicators.findIndex((i) => i.code === code)]!;
    expect(byCode('OP-ARTICLES')).toEqual(['1', 'Số tin, bài tuyên truyền đã đăng', 'bài', '1.234', '–', '–', '']);
    expect(byCode('OP-TRAINING-PARTICIPANTS').slice(2, 6)).toEqual(['người', '2.345', '1.400', '945']);
    expect(byCode('OP-GBV-VICTIMS-DETECTED').slice(3, 6)).toEqual(['14', '12', '2']);
    expect(byCode('OP-BUDGET-SPENT').slice(2, 4)).toEqual(['VND', '1.234.567.000']);
    expect(byCode('NQ28-6.1').slice(2, 4)).toEqual(['%', '87,5']);
    expect(byCode('NQ28-6.1')[6]).toMatch(/^(≥|>|≤|<|Khoảng )?.*\(năm 20\d\d\)$/);
    // A real zero is a zero.
    expect(byCode('OP-WOMEN-CADRES-APPOINTED').slice(3, 6)).toEqual(['0', '–', '–']);
  });

  it('shows a null as not reported, never as 0', () => {
    const body = rows(table()).slice(1);
    const inspections = body[indicators.findIndex((i) => i.code === 'OP-INSPECTIONS')]!;
    // Total, female and male merged into one cell.
    expect(inspections).toEqual(['6', 'Số cuộc thanh tra, kiểm tra về bình đẳng giới', 'cuộc', 'Chưa có số liệu', '']);
    const supported = body[indicators.findIndex((i) => i.code === 'OP-GBV-VICTIMS-SUPPORTED')]!;
    expect(supported.slice(3, 6)).toEqual(['10', 'Chưa có số liệu', '2']);
  });

  it('marks the table internal when an indicator is sensitive, and not otherwise', async () => {
    const before = doc.xml.slice(0, doc.xml.indexOf(table()));
    expect(before.slice(-1500)).toContain('Thông tin nội bộ – không công bố');
    const open = await render({
      ...report,
      indicators: indicators.filter((i) => !i.sensitive),
    });
    expect(open.xml).not.toContain('Thông tin nội bộ');
  });

  it('fits the text width, repeats its header row and keeps rows whole', () => {
    const t = table();
    const grid = [...t.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
    expect(grid).toHaveLength(7);
    expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TEXT_WIDTH);
    // "1.234.567.000" at 12 pt needs about 1.500 twips: the total column widens for it.
    expect(grid[3]).toBeGreaterThan(grid[4]!);
    expect(grid[3]).toBeGreaterThanOrEqual(1450);
    const trs = [...t.matchAll(/<w:tr\b.*?<\/w:tr>/g)].map((m) => m[0]);
    expect(trs[0]).toContain('<w:tblHeader/>');
    for (const tr of trs) expect(tr).toContain('<w:cantSplit/>');
  });
});

describe('compiledReportToDocx: I.3 results per unit', () => {
  const unitTables = () => tables(doc.xml).filter(isUnitTable);

  it('splits nine indicators into two tables, every unit in each, with the compiled figures last', () => {
    const found = unitTables();
    expect(found).toHaveLength(2);
    const headers = found.map((t) => rows(t)[0]!.slice(2));
    expect(headers.map((h) => h.length)).toEqual([5, 4]);
    expect(headers.flat()).toEqual(indicators.map((ind, i) => `${i + 1}. ${ind.nameVi}(${ind.unit})`));
    for (const t of found) {
      const body = rows(t).slice(1);
      expect(body.slice(0, -1).map((r) => r[1])).toEqual(
        communes.map((name, row) => `${name}(${report.contributions[row]!.status})`),
      );
      // STT and Đơn vị merged for the compiled row.
      expect(body.at(-1)![0]).toBe('Tổng hợp');
      expect(rows(t)[0]!.length).toBeLessThanOrEqual(2 + 6);
    }
  });

  it('prints each unit’s values formatted, not-reported as such', () => {
    const [first, second] = unitTables().map((t) => rows(t).slice(1));
    // Row 2 (Xã Tiên Kiên, row index 1): 101 articles, 201 participants, 1 case, 1 victim, 1 supported.
    expect(first![1]!.slice(2)).toEqual(['101', '201', '1', '1', '1']);
    // OP-INSPECTIONS null, budget, percentage, missing key.
    expect(second![1]!.slice(2)).toEqual(['Chưa có số liệu', '101.500.000', '81,3', 'Chưa có số liệu']);
    // A unit that has not reported: one merged cell per table.
    expect(first![10]!.slice(2)).toEqual(['Chưa có số liệu']);
    expect(second![11]!.slice(2)).toEqual(['Chưa có số liệu']);
    // Compiled figures close the table.
    expect(first!.at(-1)).toEqual(['Tổng hợp', '1.234', '2.345', '12', '14', '10']);
    expect(second!.at(-1)).toEqual(['Tổng hợp', 'Chưa có số liệu', '1.234.567.000', '87,5', '0']);
  });

  it('keeps the last unit with the compiled row, so that row never stands alone on a page', () => {
    for (const t of unitTables()) {
      const trs = [...t.matchAll(/<w:tr\b.*?<\/w:tr>/g)].map((m) => m[0]);
      expect(trs.at(-2)).toContain('<w:keepNext/>');
      expect(trs.slice(1, -2).join('')).not.toContain('<w:keepNext/>');
    }
  });

  it('marks the unit tables that hold sensitive indicators', () => {
    const xml = doc.xml;
    const [first] = unitTables();
    const before = xml.slice(0, xml.indexOf(first!));
    expect(before.slice(before.lastIndexOf('3. Kết quả theo đơn vị'))).toContain('Thông tin nội bộ – không công bố');
  });

  it('keeps a single table when there are six indicators or fewer', async () => {
    const few = await render({ ...report, indicators: indicators.slice(0, 6) });
    expect(tables(few.xml).filter(isUnitTable)).toHaveLength(1);
    expect(few.lines.map((l) => l.text)).not.toContain('Chỉ tiêu số 1 đến số 6');
  });

  it('keeps 40 indicators × 30 units within the text width', async () => {
    const forty = indicatorCatalogue.slice(0, 40).map((ind, i) => ({
      ...fromCatalogue(ind.code, i * 1000 + 0.25, null, null),
      disaggregated: false,
    }));
    expect(forty).toHaveLength(40);
    const units = Array.from({ length: 30 }, (_, i) => `Xã Thử Nghiệm Số ${i + 1}`);
    const big = await render({
      ...report,
      indicators: forty,
      contributions: units.map((unitName, row) => ({
        unitName,
        status: 'Đã phê duyệt',
        values: Object.fromEntries(forty.map((ind, col) => [ind.code, row * 100_000 + col * 1_234 + 0.5])),
      })),
    });
    const all = tables(big.xml);
    const unitOnes = all.filter(isUnitTable);
    expect(unitOnes.length).toBe(Math.ceil(40 / 6));
    for (const t of all) {
      const grid = [...t.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
      expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TEXT_WIDTH);
      expect(attr(t, 'w:tblW', 'w:w')).toBeLessThanOrEqual(TEXT_WIDTH);
      // Cells never claim more than the grid.
      for (const tr of t.matchAll(/<w:tr\b.*?<\/w:tr>/g)) {
        const widths = [...tr[0].matchAll(/<w:tcW w:type="dxa" w:w="(\d+)"\/>|<w:tcW w:w="(\d+)" w:type="dxa"\/>/g)].map((m) => Number(m[1] ?? m[2]));
        expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TEXT_WIDTH);
      }
    }
    for (const t of unitOnes) {
      expect(rows(t)[0]!.length).toBeLessThanOrEqual(2 + 6);
      expect(rows(t)).toHaveLength(1 + 30 + 1);
      expect(t).toContain('<w:tblHeader/>');
    }
    const headers = unitOnes.flatMap((t) => rows(t)[0]!.slice(2));
    expect(headers).toHaveLength(40);
    expect(big.lines.map((l) => l.text)).toContain('Chỉ tiêu số 1 đến số 6');
  });
});

describe('compiledReportToDocx: narratives', () => {
  const texts = () => doc.lines.map((l) => l.text);
  const between = (from: string, to: string) => {
    const t = texts();
    return t.slice(t.indexOf(from) + 1, to ? t.indexOf(to) : undefined);
  };

  it('writes results per unit and duty under I.4, skipping blank ones', () => {
    expect(between('4. Kết quả thực hiện nhiệm vụ', 'II. TỒN TẠI, HẠN CHẾ')).toEqual([
      '4.1. Thị trấn Lâm Thao',
      '- Tuyên truyền về bình đẳng giới trên hệ thống truyền thanh:',
      'Đăng 124 tin, bài trên hệ thống truyền thanh.',
      'Tổ chức 2 buổi nói chuyện chuyên đề.',
      '4.2. Xã Sơn Vi',
      '- Hỗ trợ nạn nhân bạo lực gia đình:',
      'Hỗ trợ kịp thời 3 nạn nhân.',
    ]);
  });

  it('gathers the shortcomings under II and the proposals under III', () => {
    expect(between('II. TỒN TẠI, HẠN CHẾ', 'III. ĐỀ XUẤT, KIẾN NGHỊ')).toEqual([
      '1. Thị trấn Lâm Thao',
      '- Tuyên truyền về bình đẳng giới trên hệ thống truyền thanh:',
      'Kinh phí cho công tác tuyên truyền còn hạn chế.',
      '2. Xã Vĩnh Lại',
      '- Tổ chức Tháng hành động:',
      'Chưa bố trí được địa điểm tổ chức mít tinh.',
    ]);
    expect(between('III. ĐỀ XUẤT, KIẾN NGHỊ', 'Nơi nhận:')).toEqual([
      '1. Xã Sơn Vi',
      '- Hỗ trợ nạn nhân bạo lực gia đình:',
      'Đề nghị huyện mở lớp tập huấn kỹ năng tư vấn cho cán bộ cơ sở.',
    ]);
    expect(texts().filter((t) => /^[\d.]+ Xã Cao Xá$/.test(t))).toEqual([]);
  });

  it('says so in each section when no unit wrote anything', async () => {
    const silent = await render({ ...report, narratives: [] });
    const t = silent.lines.map((l) => l.text);
    expect(t).toEqual(
      expect.arrayContaining([
        'Các đơn vị chưa báo cáo kết quả thực hiện nhiệm vụ.',
        'Các đơn vị không nêu tồn tại, hạn chế.',
        'Các đơn vị không có đề xuất, kiến nghị.',
      ]),
    );
  });
});

import { indicatorCatalogue, type DataValue, type Indicator } from '@binh-dang/domain';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildReportTemplate,
  REPORT_INSTRUCTIONS_SHEET,
  REPORT_META_SHEET,
  parseNumberText,
  readReportWorkbook,
  REPORT_FILE_STATUS,
  REPORT_SHEET,
  REPORT_XLSX_LIMITS,
  type CellError,
  type ReadReportResult,
  type ReportTemplateInput,
} from './report-xlsx.ts';

const indicators = indicatorCatalogue;
const expected = { unitId: 'xa-son-vi', period: '2024', indicators };

const input: ReportTemplateInput = {
  unit: { id: 'xa-son-vi', name: 'UBND xã Sơn Vi' },
  period: { code: '2024', label: 'Năm 2024' },
  plan: { id: 'ke-hoach-2024', title: 'Kế hoạch thực hiện công tác bình đẳng giới năm 2024' },
  deadline: '2025-01-15',
  indicators,
};

let template: Uint8Array;
beforeAll(async () => {
  template = await buildReportTemplate(input);
});

type Load = Parameters<ExcelJS.Xlsx['load']>[0];

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as Load);
  return wb;
}

async function save(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const out: unknown = await wb.xlsx.writeBuffer();
  return new Uint8Array(out as Uint8Array);
}

/** exceljs reads <sheetProtection> into a property its typings leave out. */
function protectionOf(ws: ExcelJS.Worksheet): { sheet?: boolean; hashValue?: string } | null {
  return (ws as unknown as { sheetProtection: { sheet?: boolean; hashValue?: string } | null }).sheetProtection;
}

function reportSheet(wb: ExcelJS.Workbook): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(REPORT_SHEET);
  if (!ws) throw new Error('no report sheet');
  return ws;
}

/** The row of an indicator code in the report sheet (column A). */
function rowOf(ws: ExcelJS.Worksheet, code: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === code) return r;
  throw new Error(`no row for ${code}`);
}

const COLUMN = { total: 'D', female: 'E', male: 'F', note: 'G' } as const;

/** Fills a copy of `bytes` as a user would in Excel: cell values by code and column. */
async function fill(
  bytes: Uint8Array,
  edits: Record<string, Partial<Record<keyof typeof COLUMN, ExcelJS.CellValue>>>,
  more?: (wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet) => void,
): Promise<Uint8Array> {
  const wb = await load(bytes);
  const ws = reportSheet(wb);
  for (const [code, cells] of Object.entries(edits)) {
    const r = rowOf(ws, code);
    for (const [key, value] of Object.entries(cells)) ws.getCell(`${COLUMN[key as keyof typeof COLUMN]}${r}`).value = value ?? null;
  }
  more?.(wb, ws);
  return save(wb);
}

function errorsOf(result: ReadReportResult): CellError[] {
  if (result.ok) throw new Error(`expected errors, got ok with ${result.values.length} values`);
  return result.errors;
}

const byKey = (a: DataValue, b: DataValue): number =>
  a.indicator.localeCompare(b.indicator) || a.category.localeCompare(b.category);

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(count: number): Indicator[] {
  return Array.from({ length: count }, (_, i) => ({
    code: `SYN-${String(i + 1).padStart(5, '0')}`,
    nameVi: `Số người tham gia hoạt động tổng hợp số ${i + 1}`,
    nameEn: `Synthetic participants ${i + 1}`,
    unit: 'người',
    aggregation: { kind: 'sum' },
    disaggregation: 'sex',
    polarity: 'higher-better',
    sensitivity: 'public',
    source: 'test',
    objective: null,
    targets: [],
    verification: 'verified',
    note: null,
  }));
}

// ---------------------------------------------------------------------------------------------

describe('buildReportTemplate', () => {
  it('has the report, instructions and a very hidden meta sheet with the unit and period', async () => {
    const wb = await load(template);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      [REPORT_SHEET, 'visible'],
      [REPORT_INSTRUCTIONS_SHEET, 'visible'],
      [REPORT_META_SHEET, 'veryHidden'],
    ]);
    const meta = wb.getWorksheet(REPORT_META_SHEET)!;
    expect(meta.getCell('B1').value).toBe('xa-son-vi');
    expect(meta.getCell('B2').value).toBe('2024');
    expect(meta.getCell('B3').value).toBe('ke-hoach-2024');
    expect(protectionOf(meta)?.sheet).toBe(true);
  });

  it('writes the header block and one row per indicator with code, name and unit', async () => {
    const ws = reportSheet(await load(template));
    expect(ws.getCell('B2').value).toBe('UBND xã Sơn Vi');
    expect(ws.getCell('B3').value).toBe('Năm 2024');
    expect(ws.getCell('B4').value).toBe(input.plan.title);
    expect(ws.getCell('B5').value).toBe('15/01/2025');
    expect(ws.getRow(8).values).toEqual([undefined, 'Mã chỉ tiêu', 'Tên chỉ tiêu', 'Đơn vị tính', 'Tổng', 'Nữ', 'Nam', 'Ghi chú']);
    indicators.forEach((ind, i) => {
      expect(ws.getCell(9 + i, 1).value).toBe(ind.code);
      expect(ws.getCell(9 + i, 2).value).toBe(ind.nameVi);
      expect(ws.getCell(9 + i, 3).value).toBe(ind.unit);
    });
  });

  it('protects the sheet without a password; only value and note cells are unlocked', async () => {
    const ws = reportSheet(await load(template));
    expect(protectionOf(ws)?.sheet).toBe(true);
    expect(protectionOf(ws)?.hashValue).toBeUndefined();
    // And in the file itself: protected, no password hash.
    const xml = strFromU8(unzipSync(template, { filter: (f) => f.name === 'xl/worksheets/sheet1.xml' })['xl/worksheets/sheet1.xml']!);
    const tag = /<sheetProtection\b[^>]*>/.exec(xml)?.[0] ?? '';
    expect(tag).toMatch(/\bsheet="1"/);
    expect(tag).not.toMatch(/hashValue|password/);
    // Excel's default is locked: a cell is unlocked only if its style says so.
    const locked = (address: string): boolean => ws.getCell(address).protection?.locked !== false;
    for (const address of ['A1', 'B2', 'B5', 'A8', 'D8', 'G8']) expect(locked(address), address).toBe(true);
    indicators.forEach((ind, i) => {
      const r = 9 + i;
      const ratio = ind.aggregation.kind === 'ratio';
      expect(locked(`A${r}`)).toBe(true);
      expect(locked(`B${r}`)).toBe(true);
      expect(locked(`C${r}`)).toBe(true);
      expect(locked(`D${r}`), `${ind.code} total`).toBe(ratio);
      expect(locked(`E${r}`), `${ind.code} female`).toBe(ratio || ind.disaggregation !== 'sex');
      expect(locked(`F${r}`), `${ind.code} male`).toBe(ratio || ind.disaggregation !== 'sex');
      expect(locked(`G${r}`)).toBe(ratio);
    });
    const instructions = (await load(template)).getWorksheet(REPORT_INSTRUCTIONS_SHEET)!;
    expect(protectionOf(instructions)?.sheet).toBe(true);
  });

  it('greys out cells that do not apply and marks ratio indicators as computed', async () => {
    const ws = reportSheet(await load(template));
    const fillOf = (address: string): string | undefined => {
      const f = ws.getCell(address).fill;
      return f && f.type === 'pattern' ? f.fgColor?.argb : undefined;
    };
    const articles = rowOf(ws, 'OP-ARTICLES'); // not disaggregated
    expect(fillOf(`D${articles}`)).toBe('FFFFF8DC');
    expect(fillOf(`E${articles}`)).toBe('FFD9D9D9');
    expect(fillOf(`F${articles}`)).toBe('FFD9D9D9');
    const ratio = rowOf(ws, 'NQ28-3.2');
    for (const c of ['D', 'E', 'F']) expect(fillOf(`${c}${ratio}`)).toBe('FFD9D9D9');
    expect(String(ws.getCell(`G${ratio}`).value)).toMatch(/^Tính tự động: OP-GBV-VICTIMS-SUPPORTED \/ OP-GBV-VICTIMS-DETECTED/);
  });

  it('uses number formats fitting the unit', async () => {
    const ws = reportSheet(await load(template));
    expect(ws.getCell(`D${rowOf(ws, 'OP-ARTICLES')}`).numFmt).toBe('#,##0');
    expect(ws.getCell(`D${rowOf(ws, 'OP-BUDGET-SPENT')}`).numFmt).toBe('#,##0');
    expect(ws.getCell(`D${rowOf(ws, 'NQ28-2.1')}`).numFmt).toBe('0.0#');
    expect(ws.getCell(`D${rowOf(ws, 'OP-AIRTIME-MINUTES')}`).numFmt).toBe('#,##0.0#');
    expect(ws.getCell(`E${rowOf(ws, 'OP-TRAINING-PARTICIPANTS')}`).numFmt).toBe('#,##0');
  });

  it('explains empty cells, total = female + male and percentages 0–100 in Vietnamese', async () => {
    const help = (await load(template)).getWorksheet(REPORT_INSTRUCTIONS_SHEET)!;
    const text: string[] = [];
    help.eachRow((row) => text.push(String(row.getCell(1).value)));
    const all = text.join('\n');
    expect(all).toMatch(/Để trống ô nếu chưa có số liệu.*không phải số 0/);
    expect(all).toMatch(/Tổng = Nữ \+ Nam/);
    expect(all).toMatch(/từ 0 đến 100/);
    expect(all).toMatch(/tính tự động/);
  });

  it('prefills draft values and leaves null ones empty', async () => {
    const values: DataValue[] = [
      { indicator: 'OP-ARTICLES', category: 'total', value: 12 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: 30 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: 18 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: 12 },
      { indicator: 'OP-INSPECTIONS', category: 'total', value: null },
    ];
    const bytes = await buildReportTemplate({ ...input, values });
    const ws = reportSheet(await load(bytes));
    expect(ws.getCell(`D${rowOf(ws, 'OP-ARTICLES')}`).value).toBe(12);
    expect(ws.getCell(`E${rowOf(ws, 'OP-TRAINING-PARTICIPANTS')}`).value).toBe(18);
    expect(ws.getCell(`D${rowOf(ws, 'OP-INSPECTIONS')}`).value).toBeNull();
    const result = await readReportWorkbook(bytes, expected);
    expect(result.ok && result.values.sort(byKey)).toEqual(values.filter((v) => v.value !== null).sort(byKey));
  });
});

describe('readReportWorkbook: round trip', () => {
  it('reads back what a user typed, leaving empty cells out', async () => {
    const bytes = await fill(template, {
      'NQ28-2.1': { total: 45.5 },
      'NQ28-5.2': { total: 1 },
      'OP-ARTICLES': { total: 24, note: 'Đăng trên trang thông tin điện tử xã' },
      'OP-AIRTIME-MINUTES': { total: 92.5 },
      'OP-TRAINING-PARTICIPANTS': { total: 120, female: 70, male: 50 },
      'OP-GBV-VICTIMS-DETECTED': { total: 5 }, // total alone is allowed
      'OP-GBV-VICTIMS-SUPPORTED': { total: 4 },
      'OP-BUDGET-SPENT': { total: 15_000_000 },
      'OP-INSPECTIONS': { total: 0 }, // zero is a value
    });
    const result = await readReportWorkbook(bytes, expected);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // In row order: the catalogue's order.
    expect(result.values).toEqual([
      { indicator: 'NQ28-2.1', category: 'total', value: 45.5 },
      { indicator: 'NQ28-5.2', category: 'total', value: 1 },
      { indicator: 'OP-ARTICLES', category: 'total', value: 24 },
      { indicator: 'OP-AIRTIME-MINUTES', category: 'total', value: 92.5 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: 120 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: 70 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: 50 },
      { indicator: 'OP-GBV-VICTIMS-DETECTED', category: 'total', value: 5 },
      { indicator: 'OP-GBV-VICTIMS-SUPPORTED', category: 'total', value: 4 },
      { indicator: 'OP-INSPECTIONS', category: 'total', value: 0 },
      { indicator: 'OP-BUDGET-SPENT', category: 'total', value: 15_000_000 },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.notes).toEqual([{ indicator: 'OP-ARTICLES', text: 'Đăng trên trang thông tin điện tử xã' }]);
  });

  it('reads an untouched template as no values at all', async () => {
    expect(await readReportWorkbook(template, expected)).toEqual({ ok: true, values: [], warnings: [], notes: [] });
  });

  it('property: random values survive build → read, and typed-in values survive fill → read', async () => {
    const random = prng(20240115);
    const entered = indicators.filter((i) => i.aggregation.kind !== 'ratio');
    for (let run = 0; run < 25; run++) {
      let values: DataValue[] = [];
      for (const ind of entered) {
        if (random() < 0.3) continue; // not reported
        const whole = ['người', 'bài', 'lớp', 'mô hình', 'vụ', 'cuộc', 'cơ quan', 'cơ sở', 'ca', 'VND'].includes(ind.unit);
        const draw = (): number =>
          ind.unit === 'có/không'
            ? Math.round(random())
            : ind.unit === '%'
              ? Math.round(random() * 10000) / 100
              : whole
                ? Math.floor(random() * 100000)
                : random() * 1000;
        if (ind.disaggregation === 'sex' && random() < 0.7) {
          const female = draw();
          const male = draw();
          values.push(
            { indicator: ind.code, category: 'total', value: female + male },
            { indicator: ind.code, category: 'female', value: female },
            { indicator: ind.code, category: 'male', value: male },
          );
        } else values.push({ indicator: ind.code, category: 'total', value: draw() });
      }
      // Derive each share's numerator from its denominator, so it never exceeds it.
      for (const ind of indicators) {
        const agg = ind.aggregation;
        if (agg.kind !== 'ratio' || ind.unit !== '%') continue;
        const den = new Map(values.filter((x) => x.indicator === agg.denominator).map((x) => [x.category, x.value!]));
        if (den.size === 0) continue;
        values = values.filter((x) => x.indicator !== agg.numerator);
        const share = random();
        const female = den.get('female');
        const male = den.get('male');
        const numeratorBySex = indicators.find((i) => i.code === agg.numerator)?.disaggregation === 'sex';
        if (female !== undefined && male !== undefined && numeratorBySex) {
          const f = Math.floor(female * share);
          const m = Math.floor(male * share);
          values.push(
            { indicator: agg.numerator, category: 'total', value: f + m },
            { indicator: agg.numerator, category: 'female', value: f },
            { indicator: agg.numerator, category: 'male', value: m },
          );
        } else values.push({ indicator: agg.numerator, category: 'total', value: Math.floor(den.get('total')! * share) });
      }

      const prefilled = await buildReportTemplate({ ...input, values });
      const read = await readReportWorkbook(prefilled, expected);
      expect(read.ok ? read.values.sort(byKey) : read.errors, `run ${run}`).toEqual([...values].sort(byKey));

      const edits: Record<string, Partial<Record<'total' | 'female' | 'male', number>>> = {};
      for (const v of values) (edits[v.indicator] ??= {})[v.category] = v.value!;
      const typed = await readReportWorkbook(await fill(template, edits), expected);
      expect(typed.ok ? typed.values.sort(byKey) : typed.errors, `run ${run} typed`).toEqual([...values].sort(byKey));
    }
  });

  it('imports 10,000 value cells from a file under the size limit', async () => {
    const many = synthetic(3400);
    const values: DataValue[] = [];
    many.forEach((ind, i) => {
      const female = (i * 7) % 1000;
      const male = (i * 13) % 1000;
      values.push(
        { indicator: ind.code, category: 'total', value: female + male },
        { indicator: ind.code, category: 'female', value: female },
        { indicator: ind.code, category: 'male', value: male },
      );
    });
    const bytes = await buildReportTemplate({ ...input, indicators: many, values });
    expect(values.length).toBeGreaterThanOrEqual(10_000);
    expect(bytes.length).toBeLessThan(REPORT_XLSX_LIMITS.maxBytes);
    const start = performance.now();
    const result = await readReportWorkbook(bytes, { ...expected, indicators: many });
    const ms = performance.now() - start;
    expect(result.ok && result.values.length).toBe(values.length);
    expect(result.ok && result.values).toEqual(values);
    expect(ms).toBeLessThan(10_000); // the bench holds the real budget (2 s)
  }, 60_000);
});

describe('readReportWorkbook: bad cells', () => {
  it('reports every bad cell at once with its sheet, row, column and reason', async () => {
    const bytes = await fill(template, {
      'OP-ARTICLES': { total: 'mười hai' }, // not a number
      'OP-TRAINING-CLASSES': { total: -3 }, // negative count
      'OP-INSPECTIONS': { total: 2.5 }, // fractional count
      'OP-TRAINING-PARTICIPANTS': { total: 100, female: 60, male: 50 }, // 60 + 50 ≠ 100
      'NQ28-2.1': { total: 120 }, // percentage over 100
      'OP-GBV-VICTIMS-DETECTED': { total: 5 },
      'OP-GBV-VICTIMS-SUPPORTED': { total: 7 }, // numerator over denominator
      'OP-BUDGET-SPENT': { total: 1500.5 }, // fractional VND
      'NQ28-5.2': { total: 2 }, // yes/no
    });
    const ws = reportSheet(await load(bytes));
    const row = (code: string): number => rowOf(ws, code);
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    const brief = errors.map((e) => [e.sheet, e.cell, e.path]);
    expect(brief).toEqual(
      [
        [`D${row('NQ28-2.1')}`, 'values.NQ28-2.1.total'],
        [`D${row('NQ28-5.2')}`, 'values.NQ28-5.2.total'],
        [`D${row('OP-ARTICLES')}`, 'values.OP-ARTICLES.total'],
        [`D${row('OP-TRAINING-CLASSES')}`, 'values.OP-TRAINING-CLASSES.total'],
        [`D${row('OP-TRAINING-PARTICIPANTS')}`, 'values.OP-TRAINING-PARTICIPANTS.total'],
        [`D${row('OP-GBV-VICTIMS-SUPPORTED')}`, 'values.OP-GBV-VICTIMS-SUPPORTED.total'],
        [`D${row('OP-INSPECTIONS')}`, 'values.OP-INSPECTIONS.total'],
        [`D${row('OP-BUDGET-SPENT')}`, 'values.OP-BUDGET-SPENT.total'],
      ].map(([cell, path]) => [REPORT_SHEET, cell, path]),
    );
    const message = (code: string): string => errors.find((e) => e.path === `values.${code}.total`)!.message;
    expect(message('OP-ARTICLES')).toBe('Không đọc được số "mười hai"; hãy nhập số, ví dụ 1.234 hoặc 12,5 (Not a number: "mười hai")');
    expect(message('OP-TRAINING-CLASSES')).toBe('Số đếm phải là số nguyên không âm (A count must be a non-negative whole number)');
    expect(message('OP-INSPECTIONS')).toBe('Số đếm phải là số nguyên không âm (A count must be a non-negative whole number)');
    expect(message('OP-TRAINING-PARTICIPANTS')).toBe('Tổng (100) phải bằng nữ + nam (110) (Total must equal female + male)');
    expect(message('NQ28-2.1')).toBe('Tỷ lệ phải từ 0 đến 100 (A percentage must be between 0 and 100)');
    expect(message('OP-GBV-VICTIMS-SUPPORTED')).toMatch(/không được lớn hơn OP-GBV-VICTIMS-DETECTED.*\(Numerator must not exceed denominator\)$/);
    expect(message('OP-BUDGET-SPENT')).toMatch(/^Kinh phí phải là số đồng nguyên/);
    const one = errors.find((e) => e.path === 'values.OP-ARTICLES.total')!;
    expect(one).toMatchObject({ sheet: REPORT_SHEET, row: row('OP-ARTICLES'), column: 'D' });
  });

  it('places "give total, female and male together" on the empty cell', async () => {
    const bytes = await fill(template, { 'OP-TRAINING-PARTICIPANTS': { total: 10, female: 6 } });
    const r = rowOf(reportSheet(await load(bytes)), 'OP-TRAINING-PARTICIPANTS');
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    expect(errors.map((e) => e.cell)).toEqual([`F${r}`]);
    expect(errors[0]!.message).toMatch(/^Đã nhập theo giới tính thì phải nhập đủ tổng, nữ và nam/);
  });

  it('refuses a female or male value on an indicator that is not disaggregated', async () => {
    const bytes = await fill(template, { 'OP-ARTICLES': { total: 3, female: 2 } });
    const r = rowOf(reportSheet(await load(bytes)), 'OP-ARTICLES');
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    expect(errors.map((e) => [e.cell, e.message])).toEqual([
      [`E${r}`, 'Chỉ tiêu này không phân tổ theo giới tính (This indicator is not disaggregated by sex)'],
    ]);
  });

  it('refuses a value typed into a computed (ratio) indicator', async () => {
    const bytes = await fill(template, { 'NQ28-1.1': { total: 50 } });
    const r = rowOf(reportSheet(await load(bytes)), 'NQ28-1.1');
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    expect(errors.map((e) => [e.cell, e.path])).toEqual([[`D${r}`, 'values.NQ28-1.1.total']]);
    expect(errors[0]!.message).toMatch(/^Chỉ tiêu tính tự động từ OP-AGENCIES-WOMAN-KEY-LEADER và OP-AGENCIES/);
  });

  it('refuses a row whose code is not one of the expected indicators, and a repeated code', async () => {
    let extra = 0;
    const bytes = await fill(template, {}, (_wb, ws) => {
      extra = ws.rowCount + 1;
      ws.getCell(`A${extra}`).value = 'OP-NOT-IN-REPORT';
      ws.getCell(`D${extra}`).value = 4;
      ws.getCell(`A${extra + 1}`).value = 'OP-ARTICLES';
      ws.getCell(`D${extra + 1}`).value = 5;
      ws.getCell(`D${extra + 2}`).value = 6; // values without a code
    });
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    expect(errors.map((e) => [e.cell, e.path])).toEqual([
      [`A${extra}`, 'values.OP-NOT-IN-REPORT'],
      [`A${extra + 1}`, 'values.OP-ARTICLES'],
      [`A${extra + 2}`, 'values'],
    ]);
    expect(errors[0]!.message).toBe('Mã chỉ tiêu OP-NOT-IN-REPORT không thuộc mẫu báo cáo này (Indicator code not in this report)');
    expect(errors[1]!.message).toMatch(/^Chỉ tiêu OP-ARTICLES có hai dòng; dòng đầu là dòng \d+/);
  });

  it('only accepts codes of the expected indicators, even from a template built with more', async () => {
    const fewer = indicators.filter((i) => i.code !== 'OP-ARTICLES');
    const bytes = await fill(template, { 'OP-ARTICLES': { total: 3 } });
    const errors = errorsOf(await readReportWorkbook(bytes, { ...expected, indicators: fewer }));
    expect(errors.map((e) => e.path)).toEqual(['values.OP-ARTICLES']);
  });

  it('warns (without failing) when an expected indicator has no row', async () => {
    const bytes = await fill(template, { 'OP-INSPECTIONS': { total: 1 } }, (_wb, ws) => {
      ws.getCell(`A${rowOf(ws, 'OP-ARTICLES')}`).value = null;
    });
    const result = await readReportWorkbook(bytes, expected);
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings.map((w) => w.path)).toEqual(['values.OP-ARTICLES']);
  });

  it('reads cells showing Excel errors, dates and TRUE/FALSE as errors', async () => {
    const bytes = await fill(template, {
      'OP-ARTICLES': { total: { error: '#DIV/0!' } },
      'OP-INSPECTIONS': { total: true },
      'NQ28-5.2': { total: true }, // yes/no accepts TRUE as 1
    }, (_wb, ws) => {
      // Typing 1/5 in Excel stores a date serial and gives the cell a date format.
      const cell = ws.getCell(`D${rowOf(ws, 'OP-TRAINING-CLASSES')}`);
      cell.value = new Date(Date.UTC(2024, 4, 1));
      cell.numFmt = 'dd/mm/yyyy';
    });
    const result = await readReportWorkbook(bytes, expected);
    const errors = errorsOf(result);
    expect(errors.map((e) => e.message)).toEqual([
      'Ô có lỗi #DIV/0! (The cell shows the error #DIV/0!)',
      'Ô chứa ngày tháng, không phải số; hãy định dạng ô là số và nhập lại (The cell holds a date, not a number)',
      'Ô chứa giá trị đúng/sai, không phải số (The cell holds TRUE/FALSE, not a number)',
    ]);
  });

  it('caps the list of errors and counts the rest', async () => {
    const edits: Record<string, { total: string }> = {};
    for (const ind of indicators.filter((i) => i.aggregation.kind !== 'ratio')) edits[ind.code] = { total: 'x' };
    const bytes = await fill(template, edits);
    const errors = errorsOf(await readReportWorkbook(bytes, expected, { maxErrors: 5 }));
    expect(errors).toHaveLength(6);
    expect(errors[5]!.message).toMatch(/^Còn \d+ lỗi khác không liệt kê/);
  });
});

describe('readReportWorkbook: formulas', () => {
  it('uses the cached result of a formula, rounded to 15 significant digits', async () => {
    const bytes = await fill(template, { 'OP-ARTICLES': { total: { formula: '0.1*30', result: 3.0000000000000004 } } }, (_wb, ws) => {
      const r = rowOf(ws, 'OP-TRAINING-PARTICIPANTS');
      ws.getCell(`E${r}`).value = 18;
      ws.getCell(`F${r}`).value = 12;
      ws.getCell(`D${r}`).value = { formula: `E${r}+F${r}`, result: 30 };
    });
    const result = await readReportWorkbook(bytes, expected);
    expect(result.ok && result.values).toEqual([
      { indicator: 'OP-ARTICLES', category: 'total', value: 3 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: 30 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: 18 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: 12 },
    ]);
  });

  it('refuses a formula without a cached result', async () => {
    const bytes = await fill(template, { 'OP-ARTICLES': { total: { formula: 'SUM(1,2)' } as ExcelJS.CellFormulaValue } });
    const r = rowOf(reportSheet(await load(bytes)), 'OP-ARTICLES');
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    expect(errors.map((e) => [e.cell, e.message])).toEqual([
      [
        `D${r}`,
        'Công thức chưa có kết quả tính; hãy mở và lưu tệp bằng Excel, hoặc nhập số trực tiếp (Formula without a calculated result; save the file in Excel or type the number)',
      ],
    ]);
  });
});

describe('readReportWorkbook: numbers typed as text', () => {
  it('accepts Vietnamese formatting and warns with what it read', async () => {
    const bytes = await fill(template, {
      'OP-BUDGET-SPENT': { total: '15.000.000' },
      'OP-ARTICLES': { total: '1.234' },
      'NQ28-2.1': { total: '12,5' },
      'NQ28-2.2': { total: '45,5 %' },
      'OP-AIRTIME-MINUTES': { total: '  92.5 ' },
      'NQ28-5.2': { total: 'Có' },
      'OP-INSPECTIONS': { total: '   ' }, // blank text is empty
    });
    const ws = reportSheet(await load(bytes));
    const result = await readReportWorkbook(bytes, expected);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.values).toEqual([
      { indicator: 'NQ28-2.1', category: 'total', value: 12.5 },
      { indicator: 'NQ28-2.2', category: 'total', value: 45.5 },
      { indicator: 'NQ28-5.2', category: 'total', value: 1 },
      { indicator: 'OP-ARTICLES', category: 'total', value: 1234 },
      { indicator: 'OP-AIRTIME-MINUTES', category: 'total', value: 92.5 },
      { indicator: 'OP-BUDGET-SPENT', category: 'total', value: 15_000_000 },
    ]);
    expect(result.warnings).toHaveLength(6);
    expect(result.warnings.find((w) => w.path === 'values.OP-ARTICLES.total')).toEqual({
      sheet: REPORT_SHEET,
      row: rowOf(ws, 'OP-ARTICLES'),
      column: 'D',
      cell: `D${rowOf(ws, 'OP-ARTICLES')}`,
      path: 'values.OP-ARTICLES.total',
      message: 'Số nhập dạng chữ "1.234" được đọc là 1234 (Number typed as text, read as 1234)',
    });
  });

  it('refuses ambiguous or mixed formatting', async () => {
    const bytes = await fill(template, {
      'OP-ARTICLES': { total: '1,234.5' },
      'OP-BUDGET-SPENT': { total: '1,234,567' },
      'OP-AIRTIME-MINUTES': { total: '12.34.567' },
    });
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    expect(errors.map((e) => e.path)).toEqual(['values.OP-ARTICLES.total', 'values.OP-AIRTIME-MINUTES.total', 'values.OP-BUDGET-SPENT.total']);
    expect(errors.every((e) => e.message.startsWith('Không đọc được số'))).toBe(true);
  });

  it('reads a percent-formatted cell (Excel stores 45% as 0.45) as 45', async () => {
    const bytes = await fill(template, {}, (_wb, ws) => {
      const cell = ws.getCell(`D${rowOf(ws, 'NQ28-2.1')}`);
      cell.value = 0.455;
      cell.numFmt = '0.0%';
    });
    const result = await readReportWorkbook(bytes, expected);
    expect(result.ok && result.values).toEqual([{ indicator: 'NQ28-2.1', category: 'total', value: 45.5 }]);
    expect(result.ok && result.warnings[0]!.message).toMatch(/^Ô định dạng phần trăm, được đọc là 45.5/);
  });

  it('parseNumberText follows the documented rule', () => {
    const cases: [string, number | null][] = [
      ['1234', 1234],
      ['1.234', 1234],
      ['1.234.567', 1234567],
      ['1.234,5', 1234.5],
      ['1 234', 1234],
      ['1\u00a0234,75', 1234.75],
      ['12,5', 12.5],
      ['1,234', 1.234],
      [',5', 0.5],
      ['12.5', 12.5],
      ['0.500', 0.5],
      ['1234.567', 1234.567],
      ['.25', 0.25],
      ['-1.234', -1234],
      ['−7', -7],
      ['+3', 3],
      ['-0', 0],
      ['1,234.5', null],
      ['1,234,567', null],
      ['12.34.567', null],
      ['1.23', 1.23],
      ['1,2,3', null],
      ['12,5%', null],
      ['abc', null],
      ['', null],
      ['-', null],
      ['1e5', null],
      ['0x10', null],
      ['Infinity', null],
    ];
    for (const [text, value] of cases) expect(parseNumberText(text), text).toBe(value);
    expect(parseNumberText('12,5%', { percent: true })).toBe(12.5);
    expect(parseNumberText('100 %', { percent: true })).toBe(100);
  });

  it('property: a whole number written with Vietnamese thousands separators reads back as itself', () => {
    const random = prng(7);
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(random() * 10 ** Math.floor(random() * 13));
      const grouped = n.toLocaleString('vi-VN', { useGrouping: true, maximumFractionDigits: 0 });
      expect(parseNumberText(grouped), grouped).toBe(n);
      const cents = Math.floor(random() * 100);
      const withDecimals = `${grouped},${String(cents).padStart(2, '0')}`;
      expect(parseNumberText(withDecimals), withDecimals).toBeCloseTo(n + cents / 100, 6);
    }
  });
});

describe('readReportWorkbook: the workbook', () => {
  it("refuses another unit's workbook and another period's, on the meta cells", async () => {
    const errors = errorsOf(await readReportWorkbook(template, { ...expected, unitId: 'xa-khac' }));
    expect(errors).toEqual([
      {
        sheet: REPORT_META_SHEET,
        row: 1,
        column: 'B',
        cell: 'B1',
        path: 'meta.unitId',
        message: 'Tệp này là mẫu báo cáo của đơn vị khác (This workbook belongs to another unit)',
      },
    ]);
    const period = errorsOf(await readReportWorkbook(template, { ...expected, period: '2025' }));
    expect(period.map((e) => [e.cell, e.path, e.message])).toEqual([
      ['B2', 'meta.period', 'Tệp này là mẫu báo cáo kỳ 2024, không phải kỳ 2025 (This workbook is for another reporting period)'],
    ]);
  });

  it('lists the unit error together with the value errors', async () => {
    const bytes = await fill(template, { 'OP-ARTICLES': { total: -1 } });
    const errors = errorsOf(await readReportWorkbook(bytes, { ...expected, unitId: 'xa-khac' }));
    expect(errors.map((e) => e.path)).toEqual(['meta.unitId', 'values.OP-ARTICLES.total']);
  });

  it('refuses a workbook without the meta sheet', async () => {
    const bytes = await fill(template, {}, (wb) => wb.removeWorksheet(wb.getWorksheet(REPORT_META_SHEET)!.id));
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    expect(errors.map((e) => [e.sheet, e.path])).toEqual([[REPORT_META_SHEET, 'meta.unitId']]);
    expect(errors[0]!.message).toMatch(/^Không tìm thấy mã đơn vị và kỳ báo cáo/);
  });

  it("refuses a workbook without a 'Báo cáo' sheet", async () => {
    const bytes = await fill(template, {}, (wb) => {
      wb.getWorksheet(REPORT_SHEET)!.name = 'Sheet1';
    });
    const errors = errorsOf(await readReportWorkbook(bytes, expected));
    expect(errors).toEqual([
      {
        sheet: REPORT_SHEET,
        row: 0,
        column: '',
        cell: '',
        path: 'meta.sheet',
        message: 'Không có trang "Báo cáo" trong tệp (The workbook has no "Báo cáo" sheet)',
      },
    ]);
  });

  it('refuses a report sheet without its header row', async () => {
    const bytes = await fill(template, {}, (_wb, ws) => {
      ws.getCell('A8').value = 'Mã';
    });
    expect(errorsOf(await readReportWorkbook(bytes, expected)).map((e) => e.path)).toEqual(['meta.layout']);
  });
});

describe('readReportWorkbook: the file', () => {
  const fileProblem = async (bytes: Uint8Array, limits?: { maxBytes?: number; maxUncompressedBytes?: number }): Promise<CellError> => {
    const errors = errorsOf(await readReportWorkbook(bytes, expected, limits));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: '', row: 0, column: '', cell: '', path: 'file' });
    return errors[0]!;
  };

  it('refuses what is not an xlsx: text, an old .xls or encrypted file, a zip of something else', async () => {
    expect((await fileProblem(strToU8('Mã chỉ tiêu,Tổng\nOP-ARTICLES,3\n'))).code).toBe('not-xlsx');
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const e = await fileProblem(ole);
    expect(e.code).toBe('not-xlsx');
    expect(e.message).toMatch(/^Tệp không phải \.xlsx hợp lệ/);
    expect((await fileProblem(zipSync({ 'word/document.xml': strToU8('<w:document/>') }))).code).toBe('not-xlsx');
    expect((await fileProblem(new Uint8Array(0))).code).toBe('not-xlsx');
    expect(REPORT_FILE_STATUS['not-xlsx']).toBe(415);
  });

  it('refuses a damaged xlsx as corrupt', async () => {
    expect((await fileProblem(template.subarray(0, template.length - 100))).code).toBe('corrupt');
    // A well-formed zip whose workbook part is not XML at all.
    const junk = zipSync({ 'xl/workbook.xml': strToU8('not xml <<<'), '[Content_Types].xml': strToU8('<Types/>') });
    expect((await fileProblem(junk)).code).toBe('corrupt');
  });

  it('refuses a file over the size limit (5 MB by default)', async () => {
    const big = new Uint8Array(REPORT_XLSX_LIMITS.maxBytes + 1);
    big.set(template);
    const e = await fileProblem(big);
    expect(e).toMatchObject({ code: 'too-large', message: 'Tệp lớn hơn 5 MB (File larger than 5 MB)' });
    expect((await fileProblem(template, { maxBytes: 1000 })).code).toBe('too-large');
  });

  it('refuses a zip bomb: a tiny file that inflates past the cap', async () => {
    const bomb = zipSync({ 'xl/workbook.xml': strToU8('<workbook/>'), 'xl/media/zeros.bin': new Uint8Array(60 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    expect((await fileProblem(bomb)).code).toBe('zip-bomb');
  });

  it('refuses a zip whose directory lies about an entry size', async () => {
    const zip = zipSync({ 'xl/workbook.xml': strToU8('<workbook>' + 'x'.repeat(50_000) + '</workbook>') });
    const record = centralRecord(zip, 'xl/workbook.xml');
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const claimed = view.getUint32(record + 24, true);
    view.setUint32(record + 24, claimed - 1000, true);
    expect((await fileProblem(zip)).code).toBe('zip-bomb');
    view.setUint32(record + 24, 0xf0000000, true); // ~4 GB from 100 bytes
    expect((await fileProblem(zip)).code).toBe('zip-bomb');
  });

  it('refuses too many zip entries', async () => {
    const files: Record<string, Uint8Array> = { 'xl/workbook.xml': strToU8('<workbook/>') };
    for (let i = 0; i < REPORT_XLSX_LIMITS.maxEntries; i++) files[`customXml/item${i}.xml`] = new Uint8Array(0);
    expect((await fileProblem(zipSync(files))).code).toBe('zip-bomb');
  });
});

/** Offset of the central directory record of `name`. */
function centralRecord(zip: Uint8Array, name: string): number {
  const encoded = strToU8(name);
  for (let i = zip.length - 46; i >= 0; i--) {
    if (zip[i] !== 0x50 || zip[i + 1] !== 0x4b || zip[i + 2] !== 0x01 || zip[i + 3] !== 0x02) continue;
    const length = zip[i + 28]! | (zip[i + 29]! << 8);
    if (length === encoded.length && encoded.every((b, k) => zip[i + 46 + k] === b)) return i;
  }
  throw new Error(`no central record for ${name}`);
}

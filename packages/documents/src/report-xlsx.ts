// A unit's periodic report as an Excel workbook: the template a unit downloads (its indicators, one
// row each, value cells unlocked and everything else locked) and the reading of a filled copy back
// into DataValue[], with every bad cell reported by sheet, row, column and reason.
//
// Design choices
// - Ratio indicators (aggregation 'ratio') are computed, never entered: they are listed with
//   greyed, locked value cells and the note "Tính tự động: <numerator> / <denominator> × 100", so the
//   unit sees what the components feed. A value typed into such a row anyway is an error.
// - Sheet protection has no password: it keeps a reporter from typing over codes and names by
//   mistake, it is not a security boundary (Review › Unprotect Sheet undoes it). The reader trusts
//   nothing in the file: it checks the unit and period, every code and every value again.
// - The unit id and period code sit on a "very hidden" sheet ('Hệ thống'), protected as well; a
//   workbook of another unit or period is refused.
// - Numbers typed as text follow the Vietnamese convention (see parseNumberText): '.' groups
//   thousands, ',' is the decimal comma; '.' is read as a decimal point only where it cannot be a
//   thousands separator ('12.5', '0.25', '1234.5'). Every value read from text gives a warning
//   that shows what it was read as.
// - The zip is checked before exceljs (JSZip) sees it (zip-guard.ts): size, entry count, total and
//   per-entry uncompressed size from the central directory, then every entry is inflated with a
//   bound equal to its declared size, so a directory that lies cannot make JSZip inflate more than
//   the limits.
import ExcelJS from 'exceljs';
import { parseVnNumber, unitKind, validateReport, type DataValue, type DataValueCategory, type Indicator, type UnitKind } from '@binh-dang/domain';
import { readZipDirectory, verifyZipEntry, ZipProblem, type ZipProblemKind } from './zip-guard.ts';

// ---------------------------------------------------------------------------------------------
// Public API

export interface ReportTemplateInput {
  unit: { id: string; name: string };
  /** e.g. { code: '2024', label: 'Năm 2024' } */
  period: { code: string; label: string };
  plan: { id: string; title: string };
  /** 'YYYY-MM-DD', shown as dd/mm/yyyy. */
  deadline: string | null;
  /**
   * The indicators this unit reports, in order. Ratio indicators are listed with greyed, locked
   * value cells ("tính tự động"): they are computed from their numerator and denominator.
   */
  indicators: readonly Indicator[];
  /** Current draft values to prefill; null values stay empty. */
  values?: readonly DataValue[];
}

export interface CellError {
  sheet: string;
  /** 1-based; 0 when the problem is not one cell's (the file, a missing sheet). */
  row: number;
  /** Column letter, e.g. 'D'; '' when the problem is not one cell's. */
  column: string;
  /** e.g. 'D7'; '' when the problem is not one cell's. */
  cell: string;
  /**
   * 'values.<code>.<category>' for a value cell, 'values.<code>' for a row's code, 'meta.<field>'
   * for the workbook's unit, period, sheets and layout, 'file' for the file as a whole.
   */
  path: string;
  message: string;
  /** For path 'file': what is wrong with the file, to pick an HTTP status (see REPORT_FILE_STATUS). */
  code?: ReportFileProblem;
}

export type ReportFileProblem = 'not-xlsx' | 'too-large' | 'zip-bomb' | 'corrupt';

/** HTTP status that fits each file problem (problem+json). */
export const REPORT_FILE_STATUS: Readonly<Record<ReportFileProblem, number>> = Object.freeze({
  'not-xlsx': 415,
  'too-large': 413,
  'zip-bomb': 413,
  corrupt: 422,
});

export interface ReportNote {
  indicator: string;
  text: string;
}

export type ReadReportResult =
  | {
      ok: true;
      values: DataValue[];
      warnings: CellError[];
      /** Text of the 'Ghi chú' column, per indicator, where the reporter wrote any. */
      notes?: ReportNote[];
    }
  | { ok: false; errors: CellError[] };

export interface ReportReadLimits {
  /** Largest file accepted, in bytes (5 MB). */
  maxBytes: number;
  /**
   * Cap on the sum of the uncompressed sizes of all zip entries (25 MB). A template filled with
   * 10,200 values is 1.4 MB uncompressed; the cap also bounds exceljs's memory and time.
   */
  maxUncompressedBytes: number;
  /** Cap on the number of zip entries (1,000). */
  maxEntries: number;
  /** Errors listed before the rest are summed up in one last entry (1,000). */
  maxErrors: number;
}

export const REPORT_XLSX_LIMITS: Readonly<ReportReadLimits> = Object.freeze({
  maxBytes: 5 * 1024 * 1024,
  maxUncompressedBytes: 25 * 1024 * 1024,
  maxEntries: 1000,
  maxErrors: 1000,
});

export const REPORT_SHEET = 'Báo cáo';
export const REPORT_INSTRUCTIONS_SHEET = 'Hướng dẫn';
/** Very hidden, protected: unit id, period code, plan id, template version. */
export const REPORT_META_SHEET = 'Hệ thống';
export const REPORT_TEMPLATE_VERSION = '1';

// ---------------------------------------------------------------------------------------------
// Layout

const TITLE_ROW = 1;
const HEADER_ROW = 8;
const HEADER_LABELS = ['Mã chỉ tiêu', 'Tên chỉ tiêu', 'Đơn vị tính', 'Tổng', 'Nữ', 'Nam', 'Ghi chú'] as const;
const COL = { code: 1, name: 2, unit: 3, total: 4, female: 5, male: 6, note: 7 } as const;
const CATEGORY_COLUMNS: readonly [DataValueCategory, number][] = [
  ['total', COL.total],
  ['female', COL.female],
  ['male', COL.male],
];
/** Rows of the meta sheet: key in column A, value in column B. */
const META_ROWS = { unitId: 1, period: 2, planId: 3, version: 4 } as const;

const COLOR = {
  headerFill: 'FFDCE6F1',
  inputFill: 'FFFFF8DC',
  naFill: 'FFD9D9D9',
  naText: 'FF808080',
  border: 'FFA6A6A6',
} as const;

const FONT = 'Times New Roman';
const WIDTHS = { code: 34, name: 60, unit: 13, value: 15, note: 36 } as const;
const HELP_WIDTH = 100;

/** Width of a text in lowercase letters of Times New Roman: capitals are wider, spaces narrower. */
function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += ch === ' ' ? 0.5 : ch !== ch.toLowerCase() ? 1.45 : 1;
  return units;
}

/**
 * Lines a wrapped text takes in a column `width` units wide (11-point Times New Roman fits about
 * 1.35 lowercase letters per unit; lines break at spaces and after hyphens). Excel and LibreOffice
 * do not always grow a row for wrapped text on open, so the template sets the heights itself.
 */
function wrappedLines(text: string, width: number): number {
  const capacity = width * 1.35;
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    word.split(/(?<=-)/).forEach((piece, k) => {
      const units = textUnits(piece);
      const gap = used > 0 && k === 0 ? 0.5 : 0;
      if (used + gap + units <= capacity) {
        used += gap + units;
        return;
      }
      if (used > 0) lines += 1;
      let rest = units;
      for (; rest > capacity; rest -= capacity) lines += 1;
      used = rest;
    });
  }
  return lines;
}

function numFmtFor(kind: UnitKind): string {
  switch (kind) {
    case 'count':
    case 'money':
      return '#,##0';
    case 'percent':
      return '0.0#';
    case 'quantity':
      return '#,##0.0#';
    case 'boolean':
      return '0';
    case 'unknown':
      return 'General';
  }
}

function validationFor(kind: UnitKind): ExcelJS.DataValidation | null {
  const base = { allowBlank: true, showErrorMessage: true, showInputMessage: true, errorStyle: 'stop' };
  switch (kind) {
    case 'count':
      return {
        ...base,
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        errorTitle: 'Số đếm',
        error: 'Số đếm phải là số nguyên không âm (A count must be a non-negative whole number)',
      };
    case 'money':
      return {
        ...base,
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        errorTitle: 'Kinh phí',
        error: 'Kinh phí phải là số đồng nguyên không âm (An amount must be a non-negative whole number of VND)',
      };
    case 'percent':
      return {
        ...base,
        type: 'decimal',
        operator: 'between',
        formulae: [0, 100],
        errorTitle: 'Tỷ lệ',
        error: 'Tỷ lệ phải từ 0 đến 100, ví dụ 45,5 (A percentage must be between 0 and 100)',
      };
    case 'quantity':
      return {
        ...base,
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        errorTitle: 'Giá trị',
        error: 'Giá trị không được âm (Value must not be negative)',
      };
    case 'boolean':
      return {
        ...base,
        type: 'whole',
        operator: 'between',
        formulae: [0, 1],
        errorTitle: 'Có/không',
        error: 'Chỉ nhận 1 (có) hoặc 0 (không) (Must be 1 for yes or 0 for no)',
      };
    case 'unknown':
      return null;
  }
}

function columnLetter(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function formatDeadline(deadline: string | null): string {
  if (!deadline) return 'Không có (none)';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(deadline);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : deadline;
}

const isRatio = (ind: Indicator): boolean => ind.aggregation.kind === 'ratio';

function computedNote(ind: Indicator): string {
  const agg = ind.aggregation;
  if (agg.kind !== 'ratio') return '';
  const scale = agg.scale === 100 ? ' × 100' : agg.scale === 100000 ? ' × 100.000' : '';
  return `Tính tự động: ${agg.numerator} / ${agg.denominator}${scale} (computed, not entered)`;
}

// ---------------------------------------------------------------------------------------------
// Template

const INSTRUCTIONS: readonly (string | { heading: string })[] = [
  { heading: 'HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO (How to fill in this report)' },
  '1. Chỉ nhập số liệu vào các ô màu vàng nhạt ở cột Tổng, Nữ, Nam; cột Ghi chú để ghi giải thích nếu cần. Các ô khác đã được khóa.',
  '2. Để trống ô nếu chưa có số liệu: ô trống nghĩa là "chưa báo cáo", không phải số 0. Chỉ ghi 0 khi số liệu thực sự bằng 0. (Leave a cell empty when there is no figure: empty means not reported, not zero.)',
  '3. Chỉ tiêu phân tổ theo giới tính: có thể chỉ nhập Tổng; nếu nhập Nữ hoặc Nam thì phải nhập đủ Tổng, Nữ và Nam, và Tổng = Nữ + Nam. (When the breakdown is given, total = female + male.)',
  '4. Ô màu xám là ô không áp dụng (chỉ tiêu không phân tổ theo giới tính, hoặc chỉ tiêu tính tự động): không nhập.',
  '5. Tỷ lệ (%) nhập số từ 0 đến 100, ví dụ 45,5 cho 45,5% (không nhập 0,455). (Percentages are 0–100.)',
  '6. Số đếm (người, bài, lớp, vụ, cuộc, cơ quan, cơ sở, ca, mô hình) và kinh phí (VND) là số nguyên không âm. Phút, lần, tỷ số có thể có phần thập phân.',
  '7. Chỉ tiêu có/không: nhập 1 (có) hoặc 0 (không).',
  '8. Chỉ tiêu "tính tự động" là tỷ lệ hệ thống tự tính từ tử số và mẫu số: không nhập. Tử số không được lớn hơn mẫu số (ví dụ số nạn nhân được hỗ trợ không lớn hơn số nạn nhân được phát hiện).',
  '9. Nên nhập số trực tiếp. Nếu số ở dạng chữ, dấu chấm được hiểu là phân cách hàng nghìn (1.234 là một nghìn hai trăm ba mươi tư) và dấu phẩy là dấu thập phân (12,5).',
  '10. Công thức được chấp nhận nếu tệp đã được lưu bằng Excel (có kết quả tính sẵn).',
  '11. Không đổi tên trang, không thêm, xóa hay đổi thứ tự cột, không sửa mã chỉ tiêu. Mẫu chỉ dùng cho đơn vị và kỳ báo cáo ghi ở đầu trang "Báo cáo"; đơn vị khác hoặc kỳ khác cần tải mẫu riêng.',
  '12. Các trang được khóa không đặt mật khẩu, chỉ để tránh sửa nhầm; khi tải lên, hệ thống kiểm tra lại toàn bộ và chỉ rõ từng ô có lỗi.',
];

/** The report template for one unit, period and plan, with draft values prefilled. */
export async function buildReportTemplate(input: ReportTemplateInput): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bình Đẳng';
  wb.title = `Báo cáo ${input.period.label} — ${input.unit.name}`;

  const prefill = new Map<string, number>();
  for (const dv of input.values ?? []) if (dv.value !== null) prefill.set(`${dv.indicator}\u0000${dv.category}`, dv.value);

  const ws = wb.addWorksheet(REPORT_SHEET, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, activeCell: `${columnLetter(COL.total)}${HEADER_ROW + 1}` }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  ws.columns = [WIDTHS.code, WIDTHS.name, WIDTHS.unit, WIDTHS.value, WIDTHS.value, WIDTHS.value, WIDTHS.note].map((width) => ({ width }));

  const last = columnLetter(HEADER_LABELS.length);
  const title = ws.getCell(TITLE_ROW, 1);
  title.value = 'BÁO CÁO SỐ LIỆU CHỈ TIÊU BÌNH ĐẲNG GIỚI';
  title.font = { name: FONT, size: 14, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(`A${TITLE_ROW}:${last}${TITLE_ROW}`);
  ws.getRow(TITLE_ROW).height = 24;

  const header: [string, string][] = [
    ['Đơn vị báo cáo:', input.unit.name],
    ['Kỳ báo cáo:', input.period.label],
    ['Kế hoạch:', input.plan.title],
    ['Hạn nộp:', formatDeadline(input.deadline)],
  ];
  header.forEach(([label, value], i) => {
    const r = TITLE_ROW + 1 + i;
    const a = ws.getCell(r, 1);
    a.value = label;
    a.font = { name: FONT, bold: true };
    const b = ws.getCell(r, 2);
    b.value = value;
    b.font = { name: FONT };
    ws.mergeCells(`B${r}:${last}${r}`);
  });
  const hint = ws.getCell(TITLE_ROW + 1 + header.length, 1);
  hint.value =
    'Nhập số liệu vào ô màu vàng; để trống nếu chưa có số liệu (không ghi 0). Ô màu xám: không nhập. Xem trang "Hướng dẫn". ' +
    '(Type figures in the yellow cells; leave empty when unknown.)';
  hint.font = { name: FONT, italic: true, size: 10 };
  hint.alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(`A${hint.row}:${last}${hint.row}`);
  ws.getRow(Number(hint.row)).height = 30;

  const thin = { style: 'thin', color: { argb: COLOR.border } } as const;
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const headerRow = ws.getRow(HEADER_ROW);
  HEADER_LABELS.forEach((label, i) => {
    const c = headerRow.getCell(i + 1);
    c.value = label;
    c.font = { name: FONT, bold: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.headerFill } };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = border;
  });
  headerRow.height = 22;

  const inputFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.inputFill } };
  const naFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.naFill } };

  input.indicators.forEach((ind, i) => {
    const row = ws.getRow(HEADER_ROW + 1 + i);
    const kind = unitKind(ind.unit);
    const computed = isRatio(ind);

    const code = row.getCell(COL.code);
    code.value = ind.code;
    code.font = { name: FONT, bold: true };
    const name = row.getCell(COL.name);
    name.value = ind.nameVi;
    name.font = { name: FONT };
    name.alignment = { wrapText: true, vertical: 'top' };
    if (ind.note) name.note = { texts: [{ text: ind.note }], protection: { locked: 'True', lockText: 'True' } };
    const unit = row.getCell(COL.unit);
    unit.value = ind.unit;
    unit.font = { name: FONT };
    unit.alignment = { horizontal: 'center', vertical: 'top' };
    for (const c of [code, name, unit]) {
      c.border = border;
      c.protection = { locked: true };
    }
    code.alignment = { vertical: 'top' };

    const fmt = numFmtFor(kind);
    const validation = validationFor(kind);
    for (const [category, column] of CATEGORY_COLUMNS) {
      const c = row.getCell(column);
      c.border = border;
      c.alignment = { horizontal: 'right', vertical: 'top' };
      const open = !computed && (category === 'total' || ind.disaggregation === 'sex');
      if (!open) {
        c.fill = naFill;
        c.protection = { locked: true };
        continue;
      }
      c.font = { name: FONT };
      c.fill = inputFill;
      c.numFmt = fmt;
      c.protection = { locked: false };
      if (validation) c.dataValidation = validation;
      const v = prefill.get(`${ind.code}\u0000${category}`);
      if (v !== undefined) c.value = v;
    }

    const note = row.getCell(COL.note);
    note.border = border;
    note.alignment = { wrapText: true, vertical: 'top' };
    if (computed) {
      note.value = computedNote(ind);
      note.font = { name: FONT, italic: true, color: { argb: COLOR.naText } };
      note.fill = naFill;
      note.protection = { locked: true };
    } else {
      note.font = { name: FONT };
      note.protection = { locked: false };
    }
    const lines = Math.max(wrappedLines(ind.nameVi, WIDTHS.name), computed ? wrappedLines(computedNote(ind), WIDTHS.note) : 1);
    if (lines > 1) row.height = 15 * lines + 2;
  });

  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

  const help = wb.addWorksheet(REPORT_INSTRUCTIONS_SHEET, {
    pageSetup: { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  help.columns = [{ width: HELP_WIDTH }];
  INSTRUCTIONS.forEach((line, i) => {
    const c = help.getCell(i + 1, 1);
    c.value = typeof line === 'string' ? line : line.heading;
    c.font = { name: FONT, size: typeof line === 'string' ? 12 : 14, bold: typeof line !== 'string' };
    c.alignment = { wrapText: true, vertical: 'top' };
    // 12-point text: 11/12 of the letters per line the 11-point estimate assumes.
    const lines = wrappedLines(String(c.value), (HELP_WIDTH * 11) / 12);
    if (lines > 1) help.getRow(i + 1).height = 16 * lines + 2;
  });
  await help.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  const meta = wb.addWorksheet(REPORT_META_SHEET, { state: 'veryHidden' });
  const metaValues: Record<keyof typeof META_ROWS, string> = {
    unitId: input.unit.id,
    period: input.period.code,
    planId: input.plan.id,
    version: REPORT_TEMPLATE_VERSION,
  };
  for (const [key, r] of Object.entries(META_ROWS) as [keyof typeof META_ROWS, number][]) {
    meta.getCell(r, 1).value = key;
    const c = meta.getCell(r, 2);
    c.value = metaValues[key];
    c.numFmt = '@';
  }
  await meta.protect('', { selectLockedCells: false, selectUnlockedCells: false });

  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  // exceljs types the result as an ArrayBuffer; in Node it is a Buffer (a Uint8Array). A plain
  // copy on its own ArrayBuffer goes straight into a Response body.
  const out: unknown = await wb.xlsx.writeBuffer();
  return out instanceof Uint8Array ? new Uint8Array(out) : new Uint8Array(out as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------
// Numbers typed as text

/**
 * A number typed as text, read by the Vietnamese convention (parseVnNumber of @binh-dang/domain),
 * or null when it is in none of its forms:
 * - digits: '1234'
 * - '.' or a space between groups of three, the first group not starting with 0, optionally
 *   followed by a decimal comma: '1.234', '1.234.567', '1.234,5', '1 234', '1 234,5'
 * - a decimal comma: '12,5', '0,25', ',5'
 * - a decimal point where it cannot be a thousands separator: '12.5', '0.25', '.5', '1234.567'
 * - with `percent`, a trailing '%' (it changes nothing: '45,5%' is 45.5).
 * Rejected: mixed or English grouping ('1,234.5', '1,234,567'), uneven groups ('12.34.567'), more
 * than one decimal separator, letters, an empty string.
 * So '1.234' is one thousand two hundred and thirty-four, and '1,234' is 1.234.
 */
export function parseNumberText(raw: string, options: { percent?: boolean } = {}): number | null {
  let s = raw.normalize('NFC').trim();
  if (options.percent && s.endsWith('%')) s = s.slice(0, -1).trimEnd();
  return parseVnNumber(s);
}

// ---------------------------------------------------------------------------------------------
// Zip checks

class FileProblem extends Error {
  constructor(
    readonly problem: ReportFileProblem,
    message: string = FILE_MESSAGES[problem],
  ) {
    super(message);
  }
}

const FILE_MESSAGES: Record<ReportFileProblem, string> = {
  'not-xlsx':
    'Tệp không phải .xlsx hợp lệ; tệp .xls cũ hoặc tệp đặt mật khẩu mở cần được lưu lại thành .xlsx không mật khẩu ' +
    '(Not a valid .xlsx file; save old .xls or password-protected files as a plain .xlsx)',
  'too-large': 'Tệp quá lớn (File too large)',
  'zip-bomb':
    'Tệp nén bất thường: quá nhiều thành phần hoặc dung lượng giải nén quá lớn (Suspicious archive: too many entries or too large when uncompressed)',
  corrupt: 'Tệp .xlsx bị hỏng, không đọc được (Corrupt .xlsx file)',
};

/** What each problem of the zip is called here: an encrypted entry or another file type is not an .xlsx. */
const ZIP_PROBLEMS: Readonly<Record<ZipProblemKind, ReportFileProblem>> = {
  'not-zip': 'not-xlsx',
  encrypted: 'not-xlsx',
  'zip-bomb': 'zip-bomb',
  corrupt: 'corrupt',
};

function megabytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10).replace('.', ',');
}

/**
 * Throws FileProblem unless `d` is a zip whose directory stays within the limits, holds
 * xl/workbook.xml, and whose every entry inflates to exactly the size the directory gives.
 */
function checkXlsxZip(d: Uint8Array, limits: ReportReadLimits): void {
  if (d.length > limits.maxBytes) {
    const mb = megabytes(limits.maxBytes);
    throw new FileProblem('too-large', `Tệp lớn hơn ${mb} MB (File larger than ${mb} MB)`);
  }
  try {
    // Anything that does not start like a zip — an old .xls or a password-encrypted .xlsx (both OLE
    // files), a CSV, a PDF — is not an .xlsx at all.
    const entries = readZipDirectory(d, limits);
    if (!entries.some((e) => e.name === 'xl/workbook.xml' || e.name === '/xl/workbook.xml')) throw new FileProblem('not-xlsx');
    for (const entry of entries) verifyZipEntry(d, entry);
  } catch (error) {
    if (error instanceof ZipProblem) throw new FileProblem(ZIP_PROBLEMS[error.kind]);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

const MSG = {
  noReportSheet: `Không có trang "${REPORT_SHEET}" trong tệp (The workbook has no "${REPORT_SHEET}" sheet)`,
  noHeader: `Không tìm thấy dòng tiêu đề "Mã chỉ tiêu", "Tổng", "Nữ", "Nam" trên trang "${REPORT_SHEET}" (Header row not found)`,
  noMeta:
    'Không tìm thấy mã đơn vị và kỳ báo cáo trong tệp; hãy tải mẫu từ hệ thống và nhập lại ' +
    '(Unit and period not found in the workbook; download the template again)',
  otherUnit: 'Tệp này là mẫu báo cáo của đơn vị khác (This workbook belongs to another unit)',
  otherPeriod: (found: string, expected: string) =>
    `Tệp này là mẫu báo cáo kỳ ${found}, không phải kỳ ${expected} (This workbook is for another reporting period)`,
  unknownCode: (code: string) => `Mã chỉ tiêu ${code} không thuộc mẫu báo cáo này (Indicator code not in this report)`,
  noCode: 'Dòng có số liệu nhưng không có mã chỉ tiêu (Row has values but no indicator code)',
  duplicateRow: (code: string, first: number) =>
    `Chỉ tiêu ${code} có hai dòng; dòng đầu là dòng ${first} (Indicator listed twice; first at row ${first})`,
  computed: (ind: Indicator) => {
    const agg = ind.aggregation;
    const from = agg.kind === 'ratio' ? ` từ ${agg.numerator} và ${agg.denominator}` : '';
    return `Chỉ tiêu tính tự động${from}, không nhập số liệu (Computed indicator; leave it empty)`;
  },
  notNumber: (text: string) =>
    `Không đọc được số "${text}"; hãy nhập số, ví dụ 1.234 hoặc 12,5 (Not a number: "${text}")`,
  date: 'Ô chứa ngày tháng, không phải số; hãy định dạng ô là số và nhập lại (The cell holds a date, not a number)',
  boolean: 'Ô chứa giá trị đúng/sai, không phải số (The cell holds TRUE/FALSE, not a number)',
  cellError: (error: string) => `Ô có lỗi ${error} (The cell shows the error ${error})`,
  formulaNoResult:
    'Công thức chưa có kết quả tính; hãy mở và lưu tệp bằng Excel, hoặc nhập số trực tiếp ' +
    '(Formula without a calculated result; save the file in Excel or type the number)',
  readFromText: (text: string, value: number) =>
    `Số nhập dạng chữ "${text}" được đọc là ${value} (Number typed as text, read as ${value})`,
  readFromPercent: (value: number) =>
    `Ô định dạng phần trăm, được đọc là ${value} (%) (Percent-formatted cell read as ${value})`,
  missingRow: (code: string) =>
    `Không có dòng cho chỉ tiêu ${code}; coi như chưa báo cáo (No row for this indicator; treated as not reported)`,
  moreErrors: (n: number) => `Còn ${n} lỗi khác không liệt kê (${n} more errors not listed)`,
};

type CellRead =
  | { kind: 'empty' }
  | { kind: 'number'; value: number; warning?: string }
  | { kind: 'error'; message: string };

const normalizeLabel = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

function richText(v: ExcelJS.CellRichTextValue): string {
  return v.richText.map((r) => r.text).join('');
}

/** The text a cell shows for codes, labels and meta values ('' for empty). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.normalize('NFC').trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return richText(value).normalize('NFC').trim();
  if ('hyperlink' in value) return String(value.text ?? '').normalize('NFC').trim();
  if ('formula' in value || 'sharedFormula' in value) {
    const r = value.result;
    return r === undefined || r === null || typeof r === 'object' ? '' : String(r).normalize('NFC').trim();
  }
  return '';
}

function hasContent(value: ExcelJS.CellValue): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'object' && ('formula' in value || 'sharedFormula' in value || 'error' in value)) return true;
  return cellText(value) !== '' || value instanceof Date;
}

/** Is '%' in the number format as a percent sign (not inside quotes or escaped)? */
function isPercentFormat(numFmt: string | undefined): boolean {
  if (!numFmt || !numFmt.includes('%')) return false;
  return numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .includes('%');
}

/** Excel keeps 15 significant digits; formula results are rounded to them (0.1*3 → 0.3). */
const excelPrecision = (x: number): number => Number(x.toPrecision(15));

function readValueCell(cell: ExcelJS.Cell, kind: UnitKind): CellRead {
  const value = cell.value;
  const fromText = (raw: string): CellRead => {
    const text = raw.normalize('NFC').trim();
    if (text === '') return { kind: 'empty' };
    if (kind === 'boolean') {
      const word = text.toLowerCase();
      if (word === 'có') return { kind: 'number', value: 1, warning: MSG.readFromText(text, 1) };
      if (word === 'không') return { kind: 'number', value: 0, warning: MSG.readFromText(text, 0) };
    }
    const n = parseNumberText(text, { percent: kind === 'percent' });
    if (n === null) return { kind: 'error', message: MSG.notNumber(text) };
    return { kind: 'number', value: n, warning: MSG.readFromText(text, n) };
  };
  const fromNumber = (n: number, fromFormula: boolean): CellRead => {
    if (!Number.isFinite(n)) return { kind: 'error', message: MSG.cellError('#NUM!') };
    let v = fromFormula ? excelPrecision(n) : n;
    // Typing "45%" into a cell makes Excel store 0.45 with a '%' format; the report wants 45.
    if (kind === 'percent' && isPercentFormat(cell.numFmt)) {
      v = excelPrecision(v * 100);
      return { kind: 'number', value: v, warning: MSG.readFromPercent(v) };
    }
    return { kind: 'number', value: v };
  };
  const fromBoolean = (b: boolean): CellRead =>
    kind === 'boolean' ? { kind: 'number', value: b ? 1 : 0 } : { kind: 'error', message: MSG.boolean };

  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'number') return fromNumber(value, false);
  if (typeof value === 'string') return fromText(value);
  if (typeof value === 'boolean') return fromBoolean(value);
  if (value instanceof Date) return { kind: 'error', message: MSG.date };
  if ('error' in value) return { kind: 'error', message: MSG.cellError(String(value.error)) };
  if ('richText' in value) return fromText(richText(value));
  if ('hyperlink' in value) return fromText(String(value.text ?? ''));
  if ('formula' in value || 'sharedFormula' in value) {
    const r = value.result;
    if (r === undefined || r === null) return { kind: 'error', message: MSG.formulaNoResult };
    if (typeof r === 'number') return fromNumber(r, true);
    if (typeof r === 'string') return r.trim() === '' ? { kind: 'error', message: MSG.formulaNoResult } : fromText(r);
    if (typeof r === 'boolean') return fromBoolean(r);
    if (r instanceof Date) return { kind: 'error', message: MSG.date };
    if ('error' in r) return { kind: 'error', message: MSG.cellError(String(r.error)) };
    return { kind: 'error', message: MSG.formulaNoResult };
  }
  return { kind: 'error', message: MSG.notNumber(String(value)) };
}

const findSheet = (wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined =>
  wb.worksheets.find((w) => normalizeLabel(w.name) === normalizeLabel(name));

interface Columns {
  code: number;
  total: number;
  female: number;
  male: number;
  note: number | null;
}

/** The header row (the first of the first 50 rows whose cells read Mã chỉ tiêu … Nam) and its columns. */
function findHeader(ws: ExcelJS.Worksheet): { row: number; columns: Columns } | null {
  const wanted = {
    code: normalizeLabel('Mã chỉ tiêu'),
    total: normalizeLabel('Tổng'),
    female: normalizeLabel('Nữ'),
    male: normalizeLabel('Nam'),
    note: normalizeLabel('Ghi chú'),
  };
  const limit = Math.min(ws.rowCount, 50);
  for (let r = 1; r <= limit; r++) {
    const row = ws.getRow(r);
    const found: Partial<Record<keyof typeof wanted, number>> = {};
    const width = Math.min(row.cellCount, 30);
    for (let c = 1; c <= width; c++) {
      const label = normalizeLabel(cellText(row.getCell(c).value));
      for (const key of Object.keys(wanted) as (keyof typeof wanted)[])
        if (label === wanted[key] && found[key] === undefined) found[key] = c;
    }
    if (found.code !== undefined && found.total !== undefined && found.female !== undefined && found.male !== undefined)
      return {
        row: r,
        columns: { code: found.code, total: found.total, female: found.female, male: found.male, note: found.note ?? null },
      };
  }
  return null;
}

/**
 * Reads a filled report workbook back into DataValue[] (empty cells are left out: missing, never
 * 0), checking it belongs to `expected.unitId` and `expected.period`, that every row's code is
 * one of `expected.indicators`, and every value against validateReport. Any problem gives
 * { ok: false } with all of them (up to limits.maxErrors, then one entry counting the rest).
 */
export async function readReportWorkbook(
  bytes: Uint8Array,
  expected: { unitId: string; period: string; indicators: readonly Indicator[] },
  limits: Partial<ReportReadLimits> = {},
): Promise<ReadReportResult> {
  const lim: ReportReadLimits = { ...REPORT_XLSX_LIMITS, ...limits };
  const fileError = (problem: ReportFileProblem, message?: string): ReadReportResult => ({
    ok: false,
    errors: [{ sheet: '', row: 0, column: '', cell: '', path: 'file', code: problem, message: message ?? FILE_MESSAGES[problem] }],
  });

  try {
    checkXlsxZip(bytes, lim);
  } catch (error) {
    if (error instanceof FileProblem) return fileError(error.problem, error.message);
    return fileError('corrupt');
  }

  const wb = new ExcelJS.Workbook();
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Data validations and conditional formats are expanded cell by cell on load and never read here.
    await wb.xlsx.load(buffer as unknown as Parameters<ExcelJS.Xlsx['load']>[0], { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'] });
  } catch {
    return fileError('corrupt');
  }

  const errors: CellError[] = [];
  const warnings: CellError[] = [];
  const at = (sheet: string, row: number, column: number, path: string, message: string): CellError => {
    const letter = columnLetter(column);
    return { sheet, row, column: letter, cell: `${letter}${row}`, path, message };
  };
  const sheetError = (sheet: string, path: string, message: string): CellError => ({ sheet, row: 0, column: '', cell: '', path, message });

  // Unit and period.
  const meta = findSheet(wb, REPORT_META_SHEET);
  if (!meta) {
    errors.push(sheetError(REPORT_META_SHEET, 'meta.unitId', MSG.noMeta));
  } else {
    const unitId = cellText(meta.getCell(META_ROWS.unitId, 2).value);
    const period = cellText(meta.getCell(META_ROWS.period, 2).value);
    if (unitId === '' || period === '') errors.push(sheetError(meta.name, 'meta.unitId', MSG.noMeta));
    else {
      if (unitId !== expected.unitId) errors.push(at(meta.name, META_ROWS.unitId, 2, 'meta.unitId', MSG.otherUnit));
      if (period !== expected.period) errors.push(at(meta.name, META_ROWS.period, 2, 'meta.period', MSG.otherPeriod(period, expected.period)));
    }
  }

  const ws = findSheet(wb, REPORT_SHEET);
  if (!ws) {
    errors.push(sheetError(REPORT_SHEET, 'meta.sheet', MSG.noReportSheet));
    return { ok: false, errors };
  }
  const sheet = ws.name;
  const header = findHeader(ws);
  if (!header) {
    errors.push(sheetError(sheet, 'meta.layout', MSG.noHeader));
    return { ok: false, errors };
  }
  const { columns } = header;
  const categoryColumns: [DataValueCategory, number][] = [
    ['total', columns.total],
    ['female', columns.female],
    ['male', columns.male],
  ];

  const byCode = new Map<string, Indicator>();
  for (const ind of expected.indicators) byCode.set(ind.code.toUpperCase(), ind);
  const seen = new Map<string, number>();
  const values: DataValue[] = [];
  const notes: ReportNote[] = [];
  /** values.<code>.<category> → the cell it came from, to place validateReport's findings. */
  const cellOf = new Map<string, { row: number; column: number }>();
  const badPaths = new Set<string>();

  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (r <= header.row) return;
    const code = cellText(row.getCell(columns.code).value).toUpperCase();
    const reads = categoryColumns.map(([category, column]) => ({ category, column, cell: row.getCell(column) }));
    if (code === '') {
      if (reads.some(({ cell }) => hasContent(cell.value))) errors.push(at(sheet, r, columns.code, 'values', MSG.noCode));
      return;
    }
    const ind = byCode.get(code);
    if (!ind) {
      errors.push(at(sheet, r, columns.code, `values.${code}`, MSG.unknownCode(code)));
      return;
    }
    const firstRow = seen.get(ind.code);
    if (firstRow !== undefined) {
      errors.push(at(sheet, r, columns.code, `values.${ind.code}`, MSG.duplicateRow(ind.code, firstRow)));
      return;
    }
    seen.set(ind.code, r);
    const kind = unitKind(ind.unit);
    for (const { category, column, cell } of reads) {
      const path = `values.${ind.code}.${category}`;
      const read = readValueCell(cell, kind);
      if (read.kind === 'empty') continue;
      cellOf.set(path, { row: r, column });
      if (isRatio(ind)) {
        errors.push(at(sheet, r, column, path, MSG.computed(ind)));
        badPaths.add(path);
        continue;
      }
      if (read.kind === 'error') {
        errors.push(at(sheet, r, column, path, read.message));
        badPaths.add(path);
        continue;
      }
      if (read.warning) warnings.push(at(sheet, r, column, path, read.warning));
      values.push({ indicator: ind.code, category, value: read.value });
    }
    if (columns.note !== null && !isRatio(ind)) {
      const text = cellText(row.getCell(columns.note).value);
      if (text !== '') notes.push({ indicator: ind.code, text });
    }
  });

  const validation = validateReport(expected.indicators, values);
  const place = (issue: { path: string; message: string }): CellError => {
    const where = cellOf.get(issue.path);
    return where ? at(sheet, where.row, where.column, issue.path, issue.message) : { ...sheetError(sheet, issue.path, issue.message) };
  };
  for (const issue of validation.errors) {
    // A cell already in error (unreadable) is not reported again as missing from its row.
    if (badPaths.has(issue.path)) continue;
    // "Give total, female and male together" names an empty cell: place it on the row's cell.
    if (!cellOf.has(issue.path)) {
      const [, code, category] = issue.path.split('.');
      const r = code ? seen.get(code) : undefined;
      const column = categoryColumns.find(([c]) => c === category)?.[1];
      if (r !== undefined && column !== undefined) {
        errors.push(at(sheet, r, column, issue.path, issue.message));
        continue;
      }
    }
    errors.push(place(issue));
  }
  for (const issue of validation.warnings) warnings.push(place(issue));

  for (const ind of expected.indicators)
    if (!isRatio(ind) && !seen.has(ind.code)) warnings.push(sheetError(sheet, `values.${ind.code}`, MSG.missingRow(ind.code)));

  if (errors.length > 0) {
    // The workbook's own problems first, then the report's cells in reading order.
    const rank = (e: CellError): number => (e.sheet === sheet && e.row > 0 ? 1 : 0);
    const columnOrder = (e: CellError): number => e.column.length * 1000 + (e.column.charCodeAt(e.column.length - 1) || 0);
    errors.sort((a, b) => rank(a) - rank(b) || a.row - b.row || columnOrder(a) - columnOrder(b));
    if (errors.length > lim.maxErrors) {
      const rest = errors.length - lim.maxErrors;
      errors.length = lim.maxErrors;
      errors.push(sheetError(sheet, 'values', MSG.moreErrors(rest)));
    }
    return { ok: false, errors };
  }
  return { ok: true, values, warnings, notes };
}

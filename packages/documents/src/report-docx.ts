// The compiled report ("Báo cáo kết quả thực hiện công tác bình đẳng giới …") as an official .docx
// in the frame of official-docx.ts: who reported, the indicator results, the results per unit and
// the units' narratives, gathered into I. results, II. shortcomings and III. proposals.
import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlignTable,
  WidthType,
  type TextRun,
} from 'docx';
import {
  BLACK,
  TEXT_WIDTH,
  bodyParagraph,
  centred,
  closingTable,
  headerTable,
  officialDocument,
  packOfficialDocx,
  run,
  stampOf,
  titleParagraphs,
  type OfficialHeader,
  type RunStyle,
} from './official-docx.ts';

export interface CompiledReportIndicator {
  code: string;
  nameVi: string;
  /** The catalogue unit: '%', 'người', 'VND', 'có/không', … */
  unit: string;
  /** Reported as total, female and male; otherwise female and male print as '–'. */
  disaggregated: boolean;
  total: number | null;
  female: number | null;
  male: number | null;
  target: { comparator: string; value: number; year: number } | null;
  /** Victims, cases: printed as counts in this internal report, with the table marked internal. */
  sensitive: boolean;
}

export interface CompiledReportInput {
  header: OfficialHeader;
  /** "Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024" */
  title: string;
  /** Opening paragraphs: "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/4/2024 của UBND huyện Lâm Thao …" */
  basis: string[];
  period: { code: string; label: string };
  /** ISO timestamp the figures were read at: printed as "Số liệu tính đến hh:mm ngày dd/mm/yyyy" (Việt Nam time). */
  asOf: string;
  completeness: {
    expected: number;
    submitted: number;
    approved: number;
    onTime: number;
    late: number;
    /** Names of the units that have not reported. */
    missing: string[];
  };
  indicators: CompiledReportIndicator[];
  /** Per unit: its report's status (Vietnamese label) and its total per indicator code. */
  contributions: Array<{ unitName: string; status: string; values: Record<string, number | null> }>;
  narratives: Array<{
    unitName: string;
    duties: Array<{ duty: string; results: string | null; shortcomings: string | null; proposals: string | null }>;
  }>;
  recipients: string[];
  signature: { authority: Array<{ prefix: string | null; text: string }>; title: string; name: string | null } | null;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/**
 * A number as Vietnamese documents write it: '.' between thousands, ',' before decimals, at most
 * `maxFractionDigits` decimals and no trailing zeros: 1234567.5 → "1.234.567,5".
 */
export function formatVnNumber(value: number, maxFractionDigits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(maxFractionDigits);
  const [whole = '0', fraction = ''] = fixed.split('.');
  const decimals = fraction.replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const text = decimals ? `${grouped},${decimals}` : grouped;
  return value < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

/** Decimals shown for an indicator's unit: one for percentages and rates, none for money. */
function fractionDigits(unit: string): number {
  if (unit === '%' || unit === 'trên 100.000') return 1;
  if (unit === 'VND') return 0;
  return 2;
}

/** A value in its indicator's unit: "45,6" for a percentage, "Có"/"Không" for a yes/no indicator. */
export function formatIndicatorValue(value: number, unit: string): string {
  if (unit === 'có/không' && (value === 0 || value === 1)) return value === 1 ? 'Có' : 'Không';
  return formatVnNumber(value, fractionDigits(unit));
}

const COMPARATORS: Record<string, string> = { '>=': '≥ ', '>': '> ', '<=': '≤ ', '<': '< ', '=': '', '~': 'Khoảng ' };

/** "≥ 60 (năm 2025)": the comparator as a sign, the value in the indicator's unit, the target year. */
export function formatTarget(target: { comparator: string; value: number; year: number }, unit: string): string {
  const sign = COMPARATORS[target.comparator] ?? `${target.comparator} `;
  return `${sign}${formatIndicatorValue(target.value, unit)} (năm ${target.year})`;
}

/** "Số liệu tính đến 16:30 ngày 14/12/2024", in Việt Nam time (UTC+7, no daylight saving). */
export function asOfLine(iso: string): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) throw new RangeError(`invalid asOf timestamp: ${iso}`);
  const local = new Date(time + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `Số liệu tính đến ${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ` +
    `ngày ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`
  );
}

export const NOT_REPORTED = 'Chưa có số liệu';
export const NOT_DISAGGREGATED = '–';
export const INTERNAL_MARK = 'Thông tin nội bộ – không công bố';

// ---------------------------------------------------------------------------------------------
// Tables

const CELL_MARGIN = 57;
const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0);
const LINE_BORDER = { style: BorderStyle.SINGLE, size: 4, color: BLACK } as const;
const GRID_BORDERS = {
  top: LINE_BORDER,
  bottom: LINE_BORDER,
  left: LINE_BORDER,
  right: LINE_BORDER,
  insideHorizontal: LINE_BORDER,
  insideVertical: LINE_BORDER,
};

type Align = 'left' | 'center' | 'right';
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** A paragraph of a table cell; `keepNext` holds its row on the page of the next row. */
function cellParagraph(runs: TextRun[], align: Align, keepNext = false): Paragraph {
  return new Paragraph({
    alignment: ALIGN[align],
    ...(keepNext ? { keepNext: true } : {}),
    spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO },
    indent: { firstLine: 0 },
    children: runs,
  });
}

function gridCell(width: number, paragraphs: Paragraph[], columnSpan = 1): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 0, bottom: 0 },
    verticalAlign: VerticalAlignTable.CENTER,
    ...(columnSpan > 1 ? { columnSpan } : {}),
    children: paragraphs,
  });
}

function textCell(width: number, text: string, style: RunStyle, align: Align, options: { span?: number; keepNext?: boolean } = {}): TableCell {
  return gridCell(width, [cellParagraph([run(text, style)], align, options.keepNext)], options.span);
}

/** A bordered table at fixed column widths; the first row repeats on every page it runs onto. */
function gridTable(widths: number[], header: TableCell[], body: TableCell[][]): Table {
  return new Table({
    width: { size: sum(widths), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header }),
      ...body.map((cells) => new TableRow({ cantSplit: true, children: cells })),
    ],
  });
}

/** A line above a table, kept on its page: the internal-use mark or a caption. */
function tableNote(text: string, style: RunStyle, align: Align): Paragraph {
  return new Paragraph({
    alignment: ALIGN[align],
    spacing: { before: 0, after: 60, line: 240, lineRule: LineRuleType.AUTO },
    keepNext: true,
    children: [run(text, style)],
  });
}

/** Space after a table, before the next heading. */
function afterTable(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 120, line: 240, lineRule: LineRuleType.AUTO }, children: [] });
}

/**
 * Roughly how wide `text` prints in Times New Roman at `sizePt`, in twips, with the cell's margins:
 * enough to size a column so that "1.234.567.000" stays on one line. Digits and most lower-case
 * letters are half an em, separators a quarter, capitals about 0.7; bold adds a tenth.
 */
function printedWidth(text: string, sizePt: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += /[.,:;' ]/.test(ch) ? 0.25 : /\p{Lu}/u.test(ch) ? 0.7 : 0.5;
  return Math.ceil(em * sizePt * 20 * (bold ? 1.1 : 1)) + 2 * CELL_MARGIN + 40;
}

/** The width a column needs: its widest number, and its longest word so that no word breaks. */
function neededWidth(texts: string[], sizePt: number, bold = false): number {
  const words = texts.flatMap((t) => t.split(/\s+/));
  return Math.max(0, ...words.map((w) => printedWidth(w, sizePt, bold)));
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

const INDICATOR_TABLE_SIZE = 12;
/** STT, Chỉ tiêu, Đơn vị tính, Tổng, Nữ, Nam, Mục tiêu: the numbers' columns widen for long numbers, the name column gives way. */
function indicatorColumns(indicators: CompiledReportIndicator[], texts: (ind: CompiledReportIndicator) => string[]): number[] {
  const size = INDICATOR_TABLE_SIZE;
  const column = (pick: number, max: number) => clamp(neededWidth(indicators.map((i) => texts(i)[pick]!), size), 1050, max);
  const [stt, unit, total, female, male, target] = [650, 850, column(0, 1700), column(1, 1500), column(2, 1500), 1300];
  return [stt, TEXT_WIDTH - stt - unit - total - female - male - target, unit, total, female, male, target];
}

function indicatorTable(indicators: CompiledReportIndicator[]): Table {
  const printed = (v: number | null, unit: string) => (v === null ? '' : formatIndicatorValue(v, unit));
  const widths = indicatorColumns(indicators, (i) =>
    i.disaggregated ? [printed(i.total, i.unit), printed(i.female, i.unit), printed(i.male, i.unit)] : [printed(i.total, i.unit), '', ''],
  );
  const size = INDICATOR_TABLE_SIZE;
  const head = { size, bold: true };
  const header = ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Tổng', 'Nữ', 'Nam', 'Mục tiêu'].map((label, i) =>
    textCell(widths[i]!, label, head, 'center'),
  );
  const missing = { size, italics: true };
  const body = indicators.map((ind, i) => {
    const value = (v: number | null, width: number): TableCell =>
      v === null ? textCell(width, NOT_REPORTED, missing, 'center') : textCell(width, formatIndicatorValue(v, ind.unit), { size }, 'right');
    const cells = [
      textCell(widths[0]!, String(i + 1), { size }, 'center'),
      textCell(widths[1]!, ind.nameVi, { size }, 'left'),
      textCell(widths[2]!, ind.unit, { size }, 'center'),
    ];
    const nothing = ind.total === null && (!ind.disaggregated || (ind.female === null && ind.male === null));
    if (nothing) {
      cells.push(textCell(widths[3]! + widths[4]! + widths[5]!, NOT_REPORTED, missing, 'center', { span: 3 }));
    } else {
      cells.push(value(ind.total, widths[3]!));
      if (ind.disaggregated) cells.push(value(ind.female, widths[4]!), value(ind.male, widths[5]!));
      else cells.push(textCell(widths[4]!, NOT_DISAGGREGATED, { size }, 'center'), textCell(widths[5]!, NOT_DISAGGREGATED, { size }, 'center'));
    }
    cells.push(textCell(widths[6]!, ind.target ? formatTarget(ind.target, ind.unit) : '', { size }, 'center'));
    return cells;
  });
  return gridTable(widths, header, body);
}

const UNIT_TABLE_SIZE = 11;
/** Indicator names over the unit table's columns, the units' status and "Chưa có số liệu" in it. */
const HEADER_SIZE = 10;
/** At most this many indicator columns to a table: more would not be readable on A4 portrait. */
export const MAX_INDICATORS_PER_UNIT_TABLE = 6;
const UNIT_STT_WIDTH = 600;
/** The unit-name column's width when there is room, and the least it gives way to for long numbers. */
const UNIT_NAME_WIDTH = 2000;
const UNIT_NAME_FLOOR = 1600;
/** No value column wider than this: extra room goes to the unit names. */
const UNIT_VALUE_MAX_WIDTH = 1600;

/**
 * Widths for value columns that need at least `needed` each and share `available`: the narrow
 * ones are raised to a common level (as water fills a vessel) up to `cap`. When even the needs do
 * not fit, every column shrinks in proportion and long numbers wrap.
 */
function fillColumns(needed: number[], available: number, cap: number): number[] {
  const total = sum(needed);
  if (total >= available) return needed.map((n) => Math.floor((n * available) / total));
  const filled = (level: number) => needed.reduce((acc, n) => acc + Math.max(n, level), 0);
  let [low, high] = [0, Math.max(cap, ...needed)];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (filled(mid) <= available) low = mid;
    else high = mid - 1;
  }
  const level = Math.min(low, cap);
  return needed.map((n) => Math.max(n, level));
}

/** Indicators split into tables of at most six, balanced: eight give two tables of four, not six and two. */
function indicatorChunks(indicators: CompiledReportIndicator[]): Array<{ from: number; items: CompiledReportIndicator[] }> {
  const tables = Math.ceil(indicators.length / MAX_INDICATORS_PER_UNIT_TABLE);
  const per = Math.ceil(indicators.length / Math.max(1, tables));
  const chunks: Array<{ from: number; items: CompiledReportIndicator[] }> = [];
  for (let i = 0; i < indicators.length; i += per) chunks.push({ from: i, items: indicators.slice(i, i + per) });
  return chunks;
}

function unitTable(
  chunk: { from: number; items: CompiledReportIndicator[] },
  contributions: CompiledReportInput['contributions'],
): Table {
  const size = UNIT_TABLE_SIZE;
  const columnTexts = chunk.items.map((ind) => [
    ...contributions.map((c) => {
      const v = c.values[ind.code] ?? null;
      return v === null ? '' : formatIndicatorValue(v, ind.unit);
    }),
    ind.total === null ? '' : formatIndicatorValue(ind.total, ind.unit),
  ]);
  const needed = chunk.items.map((ind, i) =>
    Math.max(neededWidth(columnTexts[i]!, size, true), neededWidth([ind.nameVi], HEADER_SIZE, true), 900),
  );
  const roomy = TEXT_WIDTH - UNIT_STT_WIDTH - UNIT_NAME_WIDTH;
  const available = sum(needed) <= roomy ? roomy : TEXT_WIDTH - UNIT_STT_WIDTH - UNIT_NAME_FLOOR;
  const valueWidths = fillColumns(needed, available, UNIT_VALUE_MAX_WIDTH);
  const nameWidth = TEXT_WIDTH - UNIT_STT_WIDTH - sum(valueWidths);
  const widths = [UNIT_STT_WIDTH, nameWidth, ...valueWidths];
  const head = { size, bold: true };
  const header = [
    textCell(widths[0]!, 'STT', head, 'center'),
    textCell(widths[1]!, 'Đơn vị', head, 'center'),
    ...chunk.items.map((ind, i) =>
      gridCell(valueWidths[i]!, [
        cellParagraph([run(`${chunk.from + i + 1}. `, { size: HEADER_SIZE, bold: true }), run(ind.nameVi, { size: HEADER_SIZE, bold: true })], 'center'),
        cellParagraph([run(`(${ind.unit})`, { size: HEADER_SIZE, italics: true })], 'center'),
      ]),
    ),
  ];
  const missing = { size: HEADER_SIZE, italics: true };
  const valueCell = (v: number | null, i: number, style: RunStyle, keepNext = false) =>
    v === null
      ? textCell(valueWidths[i]!, NOT_REPORTED, missing, 'center', { keepNext })
      : textCell(valueWidths[i]!, formatIndicatorValue(v, chunk.items[i]!.unit), style, 'right', { keepNext });

  const body = contributions.map((c, row) => {
    // The last unit goes with the compiled row, which never stands alone under a repeated header.
    const keepNext = row === contributions.length - 1;
    const values = chunk.items.map((ind) => c.values[ind.code] ?? null);
    const nameCell = gridCell(nameWidth, [
      cellParagraph([run(c.unitName, { size })], 'left', keepNext),
      ...(c.status ? [cellParagraph([run(`(${c.status})`, { size: HEADER_SIZE, italics: true })], 'left', keepNext)] : []),
    ]);
    const cells = [textCell(widths[0]!, String(row + 1), { size }, 'center', { keepNext }), nameCell];
    // A unit with nothing in these columns gets one "Chưa có số liệu" across them, not one per cell.
    if (values.length > 1 && values.every((v) => v === null)) {
      cells.push(textCell(sum(valueWidths), NOT_REPORTED, missing, 'center', { span: values.length, keepNext }));
    } else {
      cells.push(...values.map((v, i) => valueCell(v, i, { size }, keepNext)));
    }
    return cells;
  });
  // The compiled figures (ratios recomputed from the sums, not added up) close each table.
  body.push([
    textCell(widths[0]! + widths[1]!, 'Tổng hợp', { size, bold: true }, 'center', { span: 2 }),
    ...chunk.items.map((ind, i) => valueCell(ind.total, i, { size, bold: true })),
  ]);
  return gridTable(widths, header, body);
}

// ---------------------------------------------------------------------------------------------
// Body

function heading(text: string): Paragraph {
  return bodyParagraph([run(text, { bold: true })], { keepNext: true });
}

function subheading(text: string): Paragraph {
  return bodyParagraph([run(text, { bold: true, italics: true })], { keepNext: true });
}

function plain(text: string): Paragraph {
  return bodyParagraph([run(text)]);
}

/** The non-empty paragraphs of a narrative; none for null or blank text. */
function narrativeParagraphs(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** "- duty:" in italics, then the unit's text under it; a blank text gives nothing. */
function dutyParagraphs(duty: string, text: string | null): Paragraph[] {
  const lines = narrativeParagraphs(text);
  if (lines.length === 0) return [];
  return [bodyParagraph([run(`- ${duty.trim()}:`, { italics: true })], { keepNext: true }), ...lines.map(plain)];
}

type NarrativePart = 'results' | 'shortcomings' | 'proposals';

/** Per unit, its duties' text of one part, numbered `prefix`1, `prefix`2, …; units with nothing are left out. */
function narrativeSection(narratives: CompiledReportInput['narratives'], part: NarrativePart, prefix: string, none: string): Paragraph[] {
  const out: Paragraph[] = [];
  let n = 0;
  for (const unit of narratives) {
    const paragraphs = unit.duties.flatMap((d) => dutyParagraphs(d.duty, d[part]));
    if (paragraphs.length === 0) continue;
    n += 1;
    out.push(subheading(`${prefix}${n}. ${unit.unitName}`), ...paragraphs);
  }
  return out.length > 0 ? out : [plain(none)];
}

function completenessParagraphs(input: CompiledReportInput): Paragraph[] {
  const c = input.completeness;
  const share = c.expected > 0 ? ` (đạt ${formatVnNumber((c.submitted / c.expected) * 100, 1)}%)` : '';
  const lines = [
    `- Kỳ báo cáo: ${input.period.label}.`,
    `- Số đơn vị phải báo cáo: ${formatVnNumber(c.expected)}.`,
    `- Số đơn vị đã gửi báo cáo: ${formatVnNumber(c.submitted)}${share}, trong đó ${formatVnNumber(c.approved)} báo cáo đã được phê duyệt.`,
    `- Gửi đúng hạn: ${formatVnNumber(c.onTime)} đơn vị; gửi muộn: ${formatVnNumber(c.late)} đơn vị.`,
    c.missing.length > 0
      ? `- Đơn vị chưa gửi báo cáo (${formatVnNumber(c.missing.length)}): ${c.missing.join(', ')}.`
      : '- Không có đơn vị nào chưa gửi báo cáo.',
  ];
  return lines.map(plain);
}

function internalMark(): Paragraph {
  return tableNote(INTERNAL_MARK, { size: 12, bold: true, italics: true }, 'right');
}

function indicatorSection(input: CompiledReportInput): (Paragraph | Table)[] {
  if (input.indicators.length === 0) return [plain('Kỳ báo cáo này chưa có chỉ tiêu nào.')];
  return [
    ...(input.indicators.some((i) => i.sensitive) ? [internalMark()] : []),
    indicatorTable(input.indicators),
    afterTable(),
  ];
}

function unitSection(input: CompiledReportInput): (Paragraph | Table)[] {
  if (input.indicators.length === 0 || input.contributions.length === 0) return [plain('Chưa có đơn vị nào gửi số liệu.')];
  const chunks = indicatorChunks(input.indicators);
  return chunks.flatMap((chunk) => {
    const last = chunk.from + chunk.items.length;
    const caption =
      chunks.length > 1
        ? [tableNote(chunk.items.length === 1 ? `Chỉ tiêu số ${last}` : `Chỉ tiêu số ${chunk.from + 1} đến số ${last}`, { size: 12, italics: true }, 'center')]
        : [];
    return [
      ...caption,
      ...(chunk.items.some((i) => i.sensitive) ? [internalMark()] : []),
      unitTable(chunk, input.contributions),
      afterTable(),
    ];
  });
}

function signatureOf(signature: CompiledReportInput['signature']) {
  if (!signature) return null;
  const lines = [...signature.authority.map((a) => (a.prefix ? `${a.prefix} ${a.text}` : a.text)), signature.title];
  return { lines, name: signature.name };
}

function buildChildren(input: CompiledReportInput): (Paragraph | Table)[] {
  const [typeLine, titleLine, titleRule] = titleParagraphs('BÁO CÁO', input.title);
  return [
    headerTable(input.header),
    typeLine!,
    titleLine!,
    centred(`(${asOfLine(input.asOf)})`, { size: 14, italics: true }, { before: 60 }),
    titleRule!,
    ...input.basis.flatMap(narrativeParagraphs).map(plain),
    heading('I. KẾT QUẢ THỰC HIỆN'),
    heading('1. Tình hình báo cáo của các đơn vị'),
    ...completenessParagraphs(input),
    heading('2. Kết quả các chỉ tiêu'),
    ...indicatorSection(input),
    heading('3. Kết quả theo đơn vị'),
    ...unitSection(input),
    heading('4. Kết quả thực hiện nhiệm vụ'),
    ...narrativeSection(input.narratives, 'results', '4.', 'Các đơn vị chưa báo cáo kết quả thực hiện nhiệm vụ.'),
    heading('II. TỒN TẠI, HẠN CHẾ'),
    ...narrativeSection(input.narratives, 'shortcomings', '', 'Các đơn vị không nêu tồn tại, hạn chế.'),
    heading('III. ĐỀ XUẤT, KIẾN NGHỊ'),
    ...narrativeSection(input.narratives, 'proposals', '', 'Các đơn vị không có đề xuất, kiến nghị.'),
    ...[closingTable({ recipients: input.recipients, signature: signatureOf(input.signature) })].filter((t) => t !== null),
  ];
}

/**
 * The compiled report as an official .docx (Nghị định 30/2020/NĐ-CP). A null figure prints as
 * "Chưa có số liệu", never as 0. Stamped with `asOf`: the same figures give the same bytes.
 */
export async function compiledReportToDocx(input: CompiledReportInput): Promise<Uint8Array> {
  const title = `Báo cáo ${input.title.charAt(0).toLocaleLowerCase('vi')}${input.title.slice(1)}`;
  const document = officialDocument(
    { title, subject: input.period.label, description: `${title} — ${input.header.issuingBody}` },
    buildChildren(input),
  );
  return packOfficialDocx(document, stampOf(input.asOf));
}

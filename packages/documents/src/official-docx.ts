// The frame every official .docx shares, in the format of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4,
// Times New Roman, the two-column header and closing tables, page numbers from page 2, and a
// deterministic package. The plan (plan-docx.ts) and the compiled report (report-docx.ts) fill it.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { formatDocumentDateLine, numberLine } from '@binh-dang/domain';

export const FONT = 'Times New Roman';
export const BLACK = '000000';

/** Twips (1/20 pt) per millimetre. */
const MM = 1440 / 25.4;
export const PAGE_SETUP = {
  width: 11906, // A4, 210 mm
  height: 16838, // 297 mm
  top: Math.round(20 * MM), // 1134
  bottom: Math.round(20 * MM), // 1134
  left: Math.round(30 * MM), // 1701
  right: Math.round(15 * MM), // 850
  header: Math.round(10 * MM),
  footer: Math.round(10 * MM),
} as const;
/** The width between the margins, in twips: no table may be wider. */
export const TEXT_WIDTH = PAGE_SETUP.width - PAGE_SETUP.left - PAGE_SETUP.right; // 9355

/** Body text: 14 pt, justified, 1 cm first-line indent, 6 pt after, 1.2 lines. */
export const BODY_SIZE = 14;
const FIRST_LINE = Math.round(10 * MM); // 567
const AFTER = 120;
const LINE = 288;

/** Header table columns: the issuing body on the left, the national title on the right. */
const HEADER_COLUMNS = [3600, TEXT_WIDTH - 3600] as const;
/** Closing table columns: recipients on the left, the signature on the right. */
const CLOSING_COLUMNS = [4400, TEXT_WIDTH - 4400] as const;

const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** The header fields of an official document (the plan's header has this shape). */
export interface OfficialHeader {
  /** Parent body, caps, not bold: "UBND TỈNH PHÚ THỌ". */
  parentBody: string | null;
  /** Issuing body, caps, bold: "ỦY BAN NHÂN DÂN HUYỆN LÂM THAO". */
  issuingBody: string;
  /** Null before issue: "Số: /KH-UBND". */
  number: string | null;
  typeCode: string;
  issuerCode: string;
  place: string;
  date: { year: number; month: number | null; day: number | null };
}

export interface RunStyle {
  size?: number;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  /** Shown in capitals (w:caps) while the text stays as written, so a reader gets the words back. */
  caps?: boolean;
}

export function run(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text,
    size: (style.size ?? BODY_SIZE) * 2,
    bold: style.bold ?? false,
    italics: style.italics ?? false,
    ...(style.caps ? { allCaps: true } : {}),
    ...(style.underline ? { underline: { type: UnderlineType.SINGLE, color: BLACK } } : {}),
  });
}

/** A centred line of a header or signature block: single spaced, no indent. */
export function centred(text: string, style: RunStyle, spacing: { before?: number; after?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: spacing.before ?? 0, after: spacing.after ?? 0, line: 240, lineRule: LineRuleType.AUTO },
    indent: { firstLine: 0 },
    children: [run(text, style)],
  });
}

/** A short horizontal rule of `length` twips, centred in `width`: an empty 1 pt paragraph with a bottom border. */
export function rule(width: number, length: number, after = 0, before = 80): Paragraph {
  const side = Math.max(0, Math.round((width - length) / 2));
  return new Paragraph({
    spacing: { before, after, line: 20, lineRule: LineRuleType.EXACT },
    indent: { left: side, right: side, firstLine: 0 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: BLACK, space: 1 } },
    children: [],
  });
}

/** A body paragraph: justified, 14 pt, 1 cm first-line indent, 6 pt after, 1.2 lines. */
export function bodyParagraph(children: TextRun[], options: { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: { before: 0, after: AFTER, line: LINE, lineRule: LineRuleType.AUTO },
    keepNext: options.keepNext ?? false,
    children,
  });
}

function cell(width: number, children: Paragraph[]): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { left: 57, right: 57, top: 0, bottom: 0 },
    verticalAlign: VerticalAlignTable.TOP,
    children: children.length > 0 ? children : [new Paragraph({ children: [] })],
  });
}

function twoColumnTable(widths: readonly [number, number], left: Paragraph[], right: Paragraph[]): Table {
  return new Table({
    width: { size: widths[0] + widths[1], type: WidthType.DXA },
    columnWidths: [...widths],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [cell(widths[0], left), cell(widths[1], right)] })],
  });
}

/** "Số: /KH-UBND" with room for the number to be written in before issue, as typed documents leave it. */
function numberText(header: OfficialHeader): string {
  const line = numberLine(header);
  return header.number ? line : line.replace(/^Số: \//, `Số:${' '.repeat(8)}/`);
}

/** The place-and-date line with room for a day (and month) still to be filled in. */
function dateText(header: OfficialHeader): string {
  const line = formatDocumentDateLine(header.place, header.date);
  const blank = ' '.repeat(7);
  let result = line;
  if (header.date.day === null) result = result.replace(/ngày tháng/, `ngày${blank}tháng`);
  if (header.date.month === null) result = result.replace(/tháng năm/, `tháng${blank}năm`);
  return result;
}

const NBSP = '\u00A0';
const COLLECTIVE_BODY = /^(ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân)\s+(\S.*)$/iu;

/**
 * "ỦY BAN NHÂN DÂN HUYỆN LÂM THAO" is written on two lines, broken before the locality. Joining
 * the words of each half with no-break spaces leaves the space between the halves as the only
 * place the line can wrap; readers see the no-break spaces as plain whitespace.
 */
function issuingBodyText(name: string): string {
  const m = COLLECTIVE_BODY.exec(name);
  if (!m || m[2]!.length > 24) return name;
  return `${m[1]!.replace(/ /g, NBSP)} ${m[2]!.replace(/ /g, NBSP)}`;
}

/** Average advance of a 13 pt bold capital in Times New Roman, in twips: enough to guess line counts. */
const CAPS_13_BOLD = 185;
const LINE_13 = 300;
const LINE_14 = 322;

/** The two-column header: bodies and number on the left, national title, motto and date on the right. */
export function headerTable(h: OfficialHeader): Table {
  const [leftWidth, rightWidth] = HEADER_COLUMNS;
  const cellText = leftWidth - 114;
  const issuing = issuingBodyText(h.issuingBody);
  const left: Paragraph[] = [];
  if (h.parentBody) left.push(centred(h.parentBody, { size: 13, caps: true }));
  left.push(centred(issuing, { size: 13, bold: true, caps: true }));
  left.push(rule(cellText, 1300, 0, 80));
  left.push(centred(numberText(h), { size: 13 }, { before: 200 }));

  // Put the date line on the level of "Số:", as the decree's model does: the left column's height
  // above "Số:" is guessed from its line count, the right column holds two lines above the date.
  const issuingLines = Math.min(3, Math.max(1, Math.ceil((issuing.length * CAPS_13_BOLD) / cellText)));
  const leftAbove = ((h.parentBody ? 1 : 0) + issuingLines) * LINE_13 + 100 + 200;
  const dateBefore = Math.max(120, leftAbove - LINE_13 - LINE_14);
  const right: Paragraph[] = [
    centred(NATIONAL_TITLE, { size: 13, bold: true }),
    centred(MOTTO, { size: 14, bold: true, underline: true }),
    centred(dateText(h), { size: 14, italics: true }, { before: dateBefore }),
  ];
  return twoColumnTable([leftWidth, rightWidth], left, right);
}

/** The document type in capitals ("KẾ HOẠCH", "BÁO CÁO"), the title in bold and a short rule under it. */
export function titleParagraphs(documentType: string, title: string): Paragraph[] {
  return [
    centred(documentType, { size: 14, bold: true, caps: true }, { before: 360 }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      indent: { left: 600, right: 600 },
      children: [run(title, { bold: true })],
    }),
    rule(TEXT_WIDTH, 2000, 360, 100),
  ];
}

export interface OfficialClosing {
  /** "Nơi nhận:" lines without the leading dash: "Như trên;", "Lưu: VT, …". */
  recipients: readonly string[];
  /** Authority and title lines ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH") and the signer's name. */
  signature: { lines: readonly string[]; name: string | null } | null;
}

/** "Nơi nhận:" bottom left, the signature bottom right; null when there is neither. */
export function closingTable(closing: OfficialClosing): Table | null {
  const [leftWidth, rightWidth] = CLOSING_COLUMNS;
  const left: Paragraph[] = [];
  if (closing.recipients.length > 0) {
    left.push(
      new Paragraph({
        spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
        children: [run('Nơi nhận:', { size: 12, bold: true, italics: true })],
      }),
      ...closing.recipients.map(
        (r) =>
          new Paragraph({
            spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
            children: [run(`- ${r}`, { size: 11 })],
          }),
      ),
    );
  }
  const right: Paragraph[] = [];
  if (closing.signature) {
    right.push(...closing.signature.lines.map((line) => centred(line, { size: 14, bold: true, caps: true })));
    // Room for the signature and the seal: about four lines.
    if (closing.signature.name) right.push(centred(closing.signature.name, { size: 14, bold: true }, { before: 1400 }));
  }
  if (left.length === 0 && right.length === 0) return null;
  return twoColumnTable([leftWidth, rightWidth], left, right);
}

export interface OfficialMetadata {
  title: string;
  subject: string;
  description: string;
  revision?: number;
}

/** One A4 portrait section with the decree's margins, page numbers from page 2 and Times New Roman throughout. */
export function officialDocument(meta: OfficialMetadata, children: (Paragraph | Table)[]): Document {
  const pageNumberHeader = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], size: BODY_SIZE * 2 })],
      }),
    ],
  });

  return new Document({
    title: meta.title,
    subject: meta.subject,
    creator: 'Bình Đẳng',
    lastModifiedBy: 'Bình Đẳng',
    description: meta.description,
    ...(meta.revision === undefined ? {} : { revision: meta.revision }),
    theme: { fonts: { headings: FONT, body: FONT } },
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY_SIZE * 2, color: BLACK, language: { value: 'vi-VN' } },
          paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE_SETUP.width, height: PAGE_SETUP.height },
            margin: {
              top: PAGE_SETUP.top,
              bottom: PAGE_SETUP.bottom,
              left: PAGE_SETUP.left,
              right: PAGE_SETUP.right,
              header: PAGE_SETUP.header,
              footer: PAGE_SETUP.footer,
            },
          },
        },
        headers: {
          default: pageNumberHeader,
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children,
      },
    ],
  });
}

/**
 * The date a package is stamped with, from an ISO timestamp of the content (a plan's last change,
 * a report's reading time): the same content always gives the same bytes. Before 1980 (zip's
 * epoch) or unreadable gives 1980-01-01.
 */
export function stampOf(iso: string): Date {
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) || parsed.getUTCFullYear() < 1980 ? new Date(Date.UTC(1980, 0, 1)) : parsed;
}

function partRank(name: string): number {
  if (name === '[Content_Types].xml') return 0;
  if (name === '_rels/.rels') return 1;
  if (name === 'word/document.xml') return 2;
  return 3;
}

function makeDeterministic(packed: Uint8Array, stamp: Date): Uint8Array {
  const iso = `${stamp.toISOString().slice(0, 19)}Z`;
  const files = unzipSync(packed);
  const core = files['docProps/core.xml'];
  if (core) {
    const xml = new TextDecoder()
      .decode(core)
      .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${iso}$2`);
    files['docProps/core.xml'] = new TextEncoder().encode(xml);
  }
  // fflate writes DOS times from local-time fields: a Date built from the UTC fields as local
  // ones gives the same entry times in every time zone.
  const mtime = new Date(
    stamp.getUTCFullYear(),
    stamp.getUTCMonth(),
    stamp.getUTCDate(),
    stamp.getUTCHours(),
    stamp.getUTCMinutes(),
    stamp.getUTCSeconds(),
  );
  // [Content_Types].xml first: file-type sniffers (libmagic) look for it there.
  const names = Object.keys(files).sort((a, b) => partRank(a) - partRank(b));
  const zippable: Zippable = {};
  for (const name of names) zippable[name] = [files[name]!, { mtime, level: 6 }];
  return zipSync(zippable);
}

/** The document packed as .docx bytes, stamped with `stamp` instead of the clock. */
export async function packOfficialDocx(document: Document, stamp: Date): Promise<Uint8Array> {
  const packed = await Packer.pack(document, 'uint8array');
  return makeDeterministic(packed, stamp);
}

// Plan import: the paragraphs of a Vietnamese administrative plan (Kế hoạch) — pasted text,
// markdown-ish text or the paragraphs of a .docx — read into a structured PlanDraft.
//
// The reader follows the layout of Nghị định 30/2020 plans: header (bodies, "Số:", motto, place
// and date), "KẾ HOẠCH" and the title, the preamble of legal bases, the roman-numbered sections
// (MỤC ĐÍCH, YÊU CẦU / NHIỆM VỤ, GIẢI PHÁP / TỔ CHỨC THỰC HIỆN), the closing paragraph, "Nơi
// nhận:" and the signature block. Nothing is dropped: a line that fits nowhere is kept as free text
// where it stood (or, for the header and signature, in its flag) and flagged for review, and
// every guess the reader makes that changes how the text is printed back is flagged too.
import type { Assignment, AssignmentRole, Duty, LegalBasis, Plan, PlanItem, Signature } from '@binh-dang/domain';
import { formatDocumentDateLine, isValidLocalDate, numberLine, planToText, ROMAN, toLocalDate, todayInVietnam } from '@binh-dang/domain';
import type { ImportLine } from './import-line.ts';

/** The plan as read from a document: everything but what the system fills when it is saved. */
export type PlanDraft = Omit<Plan, SystemField>;

/** Filled by the system when a draft is saved (identity, lifecycle, bookkeeping). */
type SystemField = 'id' | 'issuingUnitId' | 'version' | 'provenance' | 'parentPlanId' | 'amendsPlanId' | 'issuedAt' | 'updatedAt';

export type ImportFlagKind = 'unrecognised' | 'ambiguous' | 'missing';

/** Something for a person to check after an import. */
export interface ImportFlag {
  /** Index of the input line concerned; -1 for a part that is missing altogether. */
  line: number;
  /** The text of that line (markdown markers removed); '' for a missing part. */
  text: string;
  kind: ImportFlagKind;
  /** Vietnamese first, English in parentheses. */
  message: string;
  /** Path in the draft: 'header.number', 'tasks.items.2', 'implementation.assignments.0.duties.1', … */
  where: string;
}

export interface PlanImport {
  draft: PlanDraft;
  flags: ImportFlag[];
}

export interface ParsePlanOptions {
  /** Prefix of assignment and duty ids: `${idPrefix}-a1`, `${idPrefix}-a1-d2`. Default 'import'. */
  idPrefix?: string;
}

/** The input holds nothing to import. The message can be shown to the user as is. */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(message = 'Không có nội dung để nhập (Nothing to import)') {
    super(message);
  }
}

/** A draft completed with placeholder system fields, e.g. to render it with planToText. */
export function draftToPlan(draft: PlanDraft, system: Partial<Pick<Plan, SystemField>> = {}): Plan {
  return {
    id: '',
    issuingUnitId: '',
    version: 1,
    provenance: 'demo',
    parentPlanId: null,
    amendsPlanId: null,
    issuedAt: null,
    updatedAt: '',
    ...system,
    ...draft,
  };
}

/** The draft as plain text in reading order (planToText of the draft). */
export function draftToText(draft: PlanDraft): string {
  return planToText(draftToPlan(draft));
}

// ---------------------------------------------------------------------------------------------
// Lines

interface Line {
  /** Index of the first input line of this (possibly joined) paragraph. */
  index: number;
  /** Markdown markers removed, whitespace collapsed to single spaces. */
  text: string;
  /** As `text`, with table-cell separators (tabs, wide runs of spaces) kept as '\t'. */
  tabbed: string;
  bold: boolean;
  italic: boolean;
  align: ImportLine['align'];
  cell: ImportLine['cell'];
}

function cleanText(raw: string): { tabbed: string; bold: boolean; italic: boolean } {
  let s = raw
    .normalize('NFC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/^\s*#+\s*/, '')
    .trim();
  // A markdown "* " bullet stays a bullet; every other '*' is emphasis.
  if (/^\*\s+\S/.test(s)) s = `- ${s.replace(/^\*\s+/, '')}`;
  const bold = /^(\*\*|__)\S.*(\*\*|__)$/.test(s);
  const italic = /^\*\*\*\S.*\*\*\*$/.test(s) || /^\*[^*\s].*[^*]\*$/.test(s) || /^_[^_\s].*[^_]_$/.test(s);
  if (/^__.+__$/.test(s)) s = s.slice(2, -2);
  s = s.replace(/\*+/g, '');
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1');
  const tabbed = s
    .replace(/ {3,}/g, '\t')
    .replace(/[ \f\v\r]+/g, ' ')
    .replace(/ *\t[\t ]*/g, '\t')
    .trim();
  return { tabbed, bold, italic };
}

function physicalLines(input: ImportLine[]): Line[] {
  const lines: Line[] = [];
  input.forEach((line, index) => {
    const c = cleanText(line.text ?? '');
    // Rules and decorations ("______", "---") carry no text.
    if (!/[\p{L}\p{N}]/u.test(c.tabbed)) return;
    lines.push({
      index,
      text: c.tabbed.replace(/\t/g, ' '),
      tabbed: c.tabbed,
      bold: line.bold ?? c.bold,
      italic: line.italic ?? c.italic,
      align: line.align,
      cell: line.cell,
    });
  });
  return lines;
}

const LETTER = /\p{L}/u;
const LOWER = /\p{Ll}/u;

/** All letters are capitals (at least three letters). */
function isCaps(text: string): boolean {
  const letters = text.match(/\p{L}/gu);
  return letters !== null && letters.length >= 3 && !LOWER.test(text);
}

function startsLower(text: string): boolean {
  const first = /[\p{L}(]/u.exec(text.charAt(0));
  return first !== null && (first[0] === '(' || LOWER.test(first[0]));
}

function endsSentence(text: string): boolean {
  return /[.;:!?…]["”’)]?$/.test(text);
}

// ---------------------------------------------------------------------------------------------
// Recognisers

const MOTTO_1 = /C[ỘO]NG\s+H(?:ÒA|OÀ|OA)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM/giu;
const MOTTO_2 = /Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc/giu;
const NUMBER_IN = /Số\s*:\s*([^\s/]*)\s*\/\s*(\S+)/u;
const DATE_IN = /ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})|ngày\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/u;
const DATE_LINE = /^[^,]{1,60},\s*ngày\s*(?:\d{1,2})?\s*(?:tháng|\/)/u;
const DOC_TYPE = /^KẾ HOẠCH(?=$|[\s:.])/u;
const PREFIX = /^(TM|KT|TUQ|TL|Q)\.\s*(\S.*)$/u;
const RECIPIENTS = /^Nơi\s+nhận\s*:?\s*(.*)$/iu;
const CLOSING = /^Trên\s+đây\s+là/iu;

function isMotto(text: string): boolean {
  MOTTO_1.lastIndex = 0;
  MOTTO_2.lastIndex = 0;
  return MOTTO_1.test(text) || MOTTO_2.test(text);
}

function isHeaderPattern(text: string): boolean {
  return isMotto(text) || /(^|\s)Số\s*:\s*\S*\s*\//u.test(text) || (DATE_LINE.test(text) && text.length <= 100);
}

function isSignaturePrefix(text: string): RegExpExecArray | null {
  const m = PREFIX.exec(text);
  return m && isCaps(m[2] ?? '') ? m : null;
}

function isTrailingStart(text: string): boolean {
  return CLOSING.test(text) || RECIPIENTS.test(text) || isSignaturePrefix(text) !== null;
}

interface Marker {
  label: string;
  /** Nesting rank: 1.. for "1.", "1.1.", 5 for "a)", 6 for "-", 7 for "+". */
  rank: number;
  body: string;
  kind: 'number' | 'letter' | 'bullet';
}

function markerOf(text: string): Marker | null {
  let m = /^(\d{1,2}(?:\.\d{1,2})*)([.)])(?:\s+|(?=\p{Lu}))(?=\S)(.*)$/u.exec(text);
  if (m) {
    const digits = m[1] ?? '';
    return { label: `${digits}${m[2]}`, rank: digits.split('.').length, body: m[3] ?? '', kind: 'number' };
  }
  m = /^(\d{1,2}(?:\.\d{1,2})+)\s+(?=\S)(.*)$/u.exec(text);
  if (m) return { label: m[1] ?? '', rank: (m[1] ?? '').split('.').length, body: m[2] ?? '', kind: 'number' };
  m = /^([a-zđ])([).])\s+(?=\S)(.*)$/u.exec(text);
  if (m) return { label: `${m[1]}${m[2]}`, rank: 5, body: m[3] ?? '', kind: 'letter' };
  m = /^([-–—•+·])(?:\s+|(?=\p{L}))(?=\S)(.*)$/u.exec(text);
  if (m) return { label: m[1] ?? '-', rank: m[1] === '+' ? 7 : 6, body: m[2] ?? '', kind: 'bullet' };
  return null;
}

const SECTION_KEYWORDS = [
  'MỤC ĐÍCH',
  'YÊU CẦU',
  'MỤC TIÊU',
  'CHỈ TIÊU',
  'NHIỆM VỤ',
  'GIẢI PHÁP',
  'TỔ CHỨC THỰC HIỆN',
  'KINH PHÍ',
  'NỘI DUNG',
  'HOẠT ĐỘNG',
  'CĂN CỨ',
  'THỜI GIAN',
  'CHẾ ĐỘ BÁO CÁO',
  'PHÂN CÔNG',
];

function hasSectionKeyword(text: string): boolean {
  const upper = text.toUpperCase();
  return SECTION_KEYWORDS.some((k) => upper.includes(k));
}

const ROMAN_NUMERAL = /^(?:I{1,3}|IV|VI{0,3}|IX|X)$/;

interface Heading {
  /** Index in the logical lines. */
  at: number;
  /** 1, or 2 when the first line holds only the label ("Phần thứ nhất" / "MỤC ĐÍCH, YÊU CẦU"). */
  span: 1 | 2;
  label: string | null;
  heading: string;
}

function headingAt(lines: Line[], i: number): Heading | null {
  const line = lines[i];
  if (!line) return null;
  const text = line.text;
  let label: string | null = null;
  let rest: string | null = null;
  const part = /^(PHẦN|Phần)\s+(THỨ\s+\p{Lu}+|thứ\s+\p{Ll}+|[IVX]{1,4}|\d{1,2})(?=$|[\s.:\-–])\s*[.:\-–]?\s*(.*)$/u.exec(text);
  if (part) {
    label = `${part[1]} ${part[2]}`;
    rest = part[3] ?? '';
  } else {
    const roman = /^([IVX]{1,4})\s*([.:)])\s*(.*)$/u.exec(text);
    if (roman && ROMAN_NUMERAL.test(roman[1] ?? '')) {
      rest = roman[3] ?? '';
      if (rest !== '' && !(isCaps(rest) || line.bold || hasSectionKeyword(rest))) return null;
      label = `${roman[1]}.`;
    }
  }
  if (label !== null && rest !== null) {
    if (rest !== '') return { at: i, span: 1, label, heading: rest };
    const next = lines[i + 1];
    const nextIsHeading =
      next !== undefined &&
      next.text.length <= 120 &&
      !endsSentence(next.text) &&
      !markerOf(next.text) &&
      !isBasisStart(next.text) &&
      !isTrailingStart(next.text) &&
      (isCaps(next.text) || next.bold || hasSectionKeyword(next.text));
    if (next && nextIsHeading) {
      return { at: i, span: 2, label, heading: next.text };
    }
    return { at: i, span: 1, label, heading: '' };
  }
  if (isCaps(text) && hasSectionKeyword(text) && text.length <= 120 && !markerOf(text) && !isSignaturePrefix(text) && !DOC_TYPE.test(text)) {
    return { at: i, span: 1, label: null, heading: text };
  }
  return null;
}

function isSectionLike(lines: Line[], i: number): boolean {
  return headingAt(lines, i) !== null;
}

// ---------------------------------------------------------------------------------------------
// Joining paragraphs split across lines (page breaks, PDF line wrapping)

const FUNCTION_WORDS = new Set([
  'của', 'và', 'về', 'các', 'với', 'cho', 'trong', 'theo', 'những', 'được', 'là', 'để', 'tại', 'từ', 'đến',
  'hoặc', 'thuộc', 'bằng', 'nhằm', 'giữa', 'như', 'do', 'vào', 'sự', 'việc', 'mà', 'có', 'đối',
]);

/** A line that starts something of its own and never continues the previous paragraph. */
function startsOwnBlock(text: string): boolean {
  return (
    markerOf(text) !== null ||
    isCaps(text) ||
    isHeaderPattern(text) ||
    DOC_TYPE.test(text) ||
    isTrailingStart(text) ||
    /^(PHẦN|Phần)\s+(THỨ|thứ|[IVX]+\b)/u.test(text) ||
    /^[IVX]{1,4}\s*[.:)]/u.test(text)
  );
}

/** A line after which no continuation is expected (it is a heading, a header line, …). */
function closesBlock(text: string): boolean {
  return (
    isCaps(text) ||
    isHeaderPattern(text) ||
    DOC_TYPE.test(text) ||
    RECIPIENTS.test(text) ||
    isSignaturePrefix(text) !== null ||
    /^(PHẦN|Phần)\s+(THỨ|thứ|[IVX]+\b)/u.test(text) ||
    /^[IVX]{1,4}\s*[.:)]/u.test(text)
  );
}

function sameCell(a: Line, b: Line): boolean {
  if (!a.cell && !b.cell) return true;
  return a.cell?.row === b.cell?.row && a.cell?.column === b.cell?.column;
}

function continues(prev: Line, cur: Line): boolean {
  if (!sameCell(prev, cur)) return false;
  if (startsOwnBlock(cur.text) || closesBlock(prev.text)) return false;
  if (endsSentence(prev.text)) return false;
  if (prev.bold !== cur.bold) return false;
  if (startsLower(cur.text)) return true;
  if (prev.text.endsWith(',')) return true;
  const lastWord = /(\p{L}+)$/u.exec(prev.text)?.[1];
  return lastWord !== undefined && FUNCTION_WORDS.has(lastWord);
}

function joinContinuations(lines: Line[]): Line[] {
  const out: Line[] = [];
  let lastPhysical: Line | undefined;
  for (const line of lines) {
    const prev = out.at(-1);
    if (prev && lastPhysical && continues(lastPhysical, line)) {
      prev.text = `${prev.text} ${line.text}`;
      prev.tabbed = `${prev.tabbed} ${line.tabbed}`;
    } else {
      out.push({ ...line });
    }
    lastPhysical = line;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dates

function localDate(day: string | undefined, month: string | undefined, year: string | undefined): string | null {
  if (!day || !month || !year) return null;
  const value = toLocalDate(Number(year), Number(month), Number(day));
  return isValidLocalDate(value) ? value : null;
}

const DATE_AFTER_NGAY = /ngày\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*|\s+tháng\s+(\d{1,2})\s+năm\s+)(\d{4})/u;
const DEADLINE =
  /(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|hạn\s+chót(?:\s+là)?)\s+ngày\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*|\s+tháng\s+(\d{1,2})\s+năm\s+)(\d{4})/giu;

/** Deadlines written in a text, those in a sentence about reporting first. */
function deadlinesIn(text: string): string[] {
  const found: { date: string; report: boolean }[] = [];
  for (const sentence of text.split(/(?<=[.;])\s+/)) {
    for (const m of sentence.matchAll(DEADLINE)) {
      const date = localDate(m[1], m[2] ?? m[3], m[4]);
      if (date) found.push({ date, report: /báo\s+cáo/iu.test(sentence) });
    }
  }
  return [...found.filter((f) => f.report), ...found.filter((f) => !f.report)].map((f) => f.date);
}

function dueDateOf(text: string): string | null {
  DEADLINE.lastIndex = 0;
  const m = DEADLINE.exec(text);
  DEADLINE.lastIndex = 0;
  return m ? localDate(m[1], m[2] ?? m[3], m[4]) : null;
}

// ---------------------------------------------------------------------------------------------
// Legal bases

const KINDS = [
  'Bộ luật',
  'Hiến pháp',
  'Pháp lệnh',
  'Luật',
  'Nghị quyết liên tịch',
  'Nghị quyết',
  'Nghị định',
  'Thông tư liên tịch',
  'Thông tư',
  'Quyết định',
  'Chỉ thị',
  'Kết luận',
  'Kế hoạch',
  'Công văn',
  'Văn bản',
  'Hướng dẫn',
  'Chương trình',
  'Đề án',
  'Thông báo',
  'Công điện',
  'Chiến lược',
  'Tờ trình',
  'Báo cáo',
];
const KIND_ALT = KINDS.join('|');
const KIND_AT_START = new RegExp(`^(?:các\\s+)?(${KIND_ALT})(?=[\\s,]|$)`, 'iu');
const KIND_WITH_NUMBER = new RegExp(`(?:^|\\s)(${KIND_ALT})\\s+số\\s*\\d`, 'iu');
const LAW_KINDS = new Set(['Bộ luật', 'Hiến pháp', 'Luật', 'Pháp lệnh']);
const VERB = /^(căn\s+cứ|thực\s+hiện|thi\s+hành|triển\s+khai|theo|xét)(?=\s)/iu;
const DOC_NUMBER = /số\s*:?\s*(\d[\p{L}\p{N}./-]*[\p{L}\p{N}]|\d)/u;
const SUMMARY_START =
  /\s(về|ban hành|phê duyệt|quy định|hướng dẫn|triển khai|thực hiện|tổ chức|sửa đổi|tăng cường|đẩy mạnh|tiếp tục|thành lập|kiện toàn|phân bổ)(?=[\s,:])/u;

function canonicalKind(kind: string): string {
  return KINDS.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? kind;
}

function canonicalVerb(verb: string): string {
  const v = verb.replace(/\s+/g, ' ').toLowerCase();
  return v.charAt(0).toUpperCase() + v.slice(1);
}

function stripBullet(text: string): string {
  const m = markerOf(text);
  return m && m.kind === 'bullet' ? m.body : text;
}

/** Does the text open with a citation: "Căn cứ Luật …", "Thực hiện Văn bản số …"? */
function isBasisStart(text: string): boolean {
  const t = stripBullet(text);
  const verb = VERB.exec(t);
  if (!verb) return false;
  const rest = t.slice(verb[0].length).trim();
  return KIND_AT_START.test(rest) || KIND_WITH_NUMBER.test(rest);
}

interface ParsedBasis {
  basis: LegalBasis;
  missing: ('number' | 'issuer')[];
}

/** One citation ("Căn cứ Nghị định số 48/2009/NĐ-CP ngày 19 tháng 5 năm 2009 của Chính phủ quy định …"). */
function parseBasis(segment: string, inheritedVerb: string | null): ParsedBasis | null {
  // The citation without the punctuation that separates it from the next one.
  const text = segment.trim().replace(/(?<!\.)[.,;]$/u, '');
  const verbMatch = VERB.exec(text);
  const verb = verbMatch ? canonicalVerb(verbMatch[1] ?? '') : inheritedVerb;
  if (verb === null) return null;
  const rest = verbMatch ? text.slice(verbMatch[0].length).trimStart() : text;

  let kind: string | null = null;
  let kindStart = 0;
  let afterKind = 0;
  const atStart = KIND_AT_START.exec(rest);
  if (atStart) {
    kind = canonicalKind(atStart[1] ?? '');
    afterKind = atStart[0].length;
  } else {
    const withNumber = KIND_WITH_NUMBER.exec(rest);
    if (withNumber && verbMatch) {
      kind = canonicalKind(withNumber[1] ?? '');
      kindStart = withNumber.index + withNumber[0].indexOf(withNumber[1] ?? '');
      afterKind = kindStart + (withNumber[1] ?? '').length;
    }
  }
  if (kind === null) return null;
  const isLaw = LAW_KINDS.has(kind);
  const tail = rest.slice(afterKind);
  const numberMatch = DOC_NUMBER.exec(tail);
  // Without a verb, only a numbered document or a law continues the list of bases.
  if (!verbMatch && !numberMatch && !isLaw) return null;

  let number = numberMatch?.[1] ?? '';
  let cursor = numberMatch ? numberMatch.index + numberMatch[0].length : 0;
  if (!numberMatch && isLaw) {
    // A law is cited by its name: "Luật Bình đẳng giới ngày 29 tháng 11 năm 2006".
    const end = /\s+(?:số\s+\d|ngày\s+\d|năm\s+\d)|;|$/u.exec(tail);
    const name = tail.slice(0, end ? end.index : tail.length).trim().replace(/[,.]$/, '');
    number = `${kind}${name ? ` ${name}` : ''}`;
    cursor = end ? end.index : tail.length;
  }
  const dateMatch = DATE_AFTER_NGAY.exec(tail.slice(cursor));
  const issuedOn = dateMatch ? localDate(dateMatch[1], dateMatch[2] ?? dateMatch[3], dateMatch[4]) : null;
  const dateStart = dateMatch ? cursor + dateMatch.index : -1;
  const dateEnd = dateMatch ? dateStart + dateMatch[0].length : cursor;

  let issuer = '';
  let summaryFrom = dateEnd;
  const cua = /(?:^|\s)của\s+/u.exec(tail.slice(cursor));
  if (cua) {
    const issuerStart = cursor + cua.index + cua[0].length;
    const keyword = SUMMARY_START.exec(tail.slice(issuerStart));
    let issuerEnd = keyword ? issuerStart + keyword.index : tail.length;
    if (dateStart > issuerStart && dateStart < issuerEnd) issuerEnd = dateStart;
    issuer = tail.slice(issuerStart, issuerEnd).replace(/[\s,;.]+$/u, '').trim();
    summaryFrom = Math.max(issuerEnd, dateEnd);
  }
  const keyword = SUMMARY_START.exec(tail.slice(summaryFrom));
  const summary = keyword ? tail.slice(summaryFrom + keyword.index + 1).replace(/[\s;]+$/u, '').trim() || null : null;
  if (!issuer && kindStart > 0) {
    // "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …": the issuer comes before the document.
    issuer = /của\s+(.+?)\s+(?:tại|theo)\s*$/u.exec(rest.slice(0, kindStart))?.[1] ?? '';
  }
  const missing: ParsedBasis['missing'] = [];
  if (!issuer && isLaw) issuer = kind === 'Pháp lệnh' ? 'Ủy ban Thường vụ Quốc hội' : 'Quốc hội';
  if (!issuer) missing.push('issuer');
  if (!number) missing.push('number');
  return {
    basis: { verb, documentKind: kind, number, issuedOn, issuer, summary, text, citedPlanId: null },
    missing,
  };
}

// ---------------------------------------------------------------------------------------------
// The parser

const MISSING = -1;

class Flags {
  readonly list: ImportFlag[] = [];

  add(kind: ImportFlagKind, line: Line | null, where: string, message: string): void {
    this.list.push({ line: line ? line.index : MISSING, text: line ? line.text : '', kind, message, where });
  }

  missing(where: string, message: string): void {
    this.add('missing', null, where, message);
  }
}

interface HeaderResult {
  header: PlanDraft['header'];
  dateFound: boolean;
}

const LOCALITY = /^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)(\s|$)/u;
const HAS_LOCALITY = /(^|\s)(TỈNH|THÀNH PHỐ|TP\.|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)(\s|$)/u;

function parseHeader(lines: Line[], flags: Flags): HeaderResult {
  const bodies: { text: string; line: Line }[] = [];
  let number: string | null = null;
  let typeCode = '';
  let issuerCode = '';
  let numberFound = false;
  let place = '';
  let date: { year: number | null; month: number | null; day: number | null } | null = null;

  for (const line of lines) {
    let s = line.tabbed;
    let unknown = false;
    s = s.replace(MOTTO_1, '\t').replace(MOTTO_2, '\t');
    const num = NUMBER_IN.exec(s);
    if (num) {
      if (numberFound) {
        flags.add('ambiguous', line, 'header.number', 'Có nhiều dòng “Số:”, chỉ dùng dòng đầu (several number lines, the first is used)');
      } else {
        numberFound = true;
        const parts = (num[2] ?? '').replace(/[.,;]+$/, '').split('/');
        const code = parts.pop() ?? '';
        const numberText = [num[1] ?? '', ...parts].filter((p, i) => i > 0 || p !== '').join('/');
        number = numberText === '' ? null : numberText;
        const dash = code.indexOf('-');
        typeCode = dash < 0 ? code : code.slice(0, dash);
        issuerCode = dash < 0 ? '' : code.slice(dash + 1);
        const rendered = numberLine({ number, typeCode, issuerCode } as PlanDraft['header']);
        if (rendered !== num[0].replace(/\s+/g, ' ').replace(/\s*\/\s*/g, '/').replace(/:\//, ': /')) {
          flags.add('ambiguous', line, 'header.number', `Dòng số, ký hiệu sẽ được viết lại thành “${rendered}” (the number line will be rewritten)`);
        }
        if (!typeCode || !issuerCode) {
          flags.add('ambiguous', line, 'header.number', 'Không tách được loại văn bản và cơ quan trong ký hiệu (type and issuer codes unclear)');
        }
      }
      s = `${s.slice(0, num.index)}\t${s.slice(num.index + num[0].length)}`;
    }
    const dm = DATE_IN.exec(s);
    const before = dm ? s.slice(0, dm.index) : '';
    const tab = before.lastIndexOf('\t');
    const placeSource = before.slice(tab + 1);
    // "Lâm Thao, ngày …": a place, a comma, the date (or the date alone).
    if (dm && (placeSource.trim() === '' || /,\s*$/u.test(placeSource))) {
      const words = placeSource.replace(/[,\s]+$/u, '').split(' ').filter(Boolean);
      let k = words.length;
      while (k > 0 && !isCaps(words[k - 1] ?? '') && LETTER.test(words[k - 1] ?? '')) k--;
      const placeText = words.slice(k).join(' ');
      const written = `${placeText ? placeSource.slice(placeSource.lastIndexOf(placeText)) : ''}${dm[0]}`.replace(/\s+/g, ' ').trim();
      if (date) {
        flags.add('ambiguous', line, 'header.date', 'Có nhiều dòng ngày tháng, chỉ dùng dòng đầu (several date lines, the first is used)');
      } else {
        place = placeText;
        const year = Number(dm[3] ?? dm[6]);
        const monthText = dm[2] ?? dm[5];
        const dayText = dm[1] ?? dm[4];
        const month = monthText ? Number(monthText) : null;
        const day = dayText ? Number(dayText) : null;
        date = {
          year,
          month: month !== null && month >= 1 && month <= 12 ? month : null,
          day: day !== null && day >= 1 && day <= 31 ? day : null,
        };
        const rendered = formatDocumentDateLine(placeText, { year, month: date.month, day: date.day });
        if (written !== rendered) {
          flags.add('ambiguous', line, 'header.date', `Dòng địa danh, ngày tháng sẽ được viết lại thành “${rendered}” (the place and date line will be rewritten)`);
        }
        if (!placeText) flags.missing('header.place', 'Thiếu địa danh trước ngày tháng (place missing before the date)');
      }
      s = `${before.slice(0, tab + 1)}${words.slice(0, k).join(' ')}\t${s.slice(dm.index + dm[0].length)}`;
    }
    for (const fragment of s.split('\t').map((f) => f.trim())) {
      if (!/[\p{L}\p{N}]/u.test(fragment)) continue;
      if (isCaps(fragment)) bodies.push({ text: fragment, line });
      else unknown = true;
    }
    if (unknown) {
      flags.add('unrecognised', line, 'header', 'Dòng không nhận ra ở phần đầu văn bản, chỉ giữ trong cảnh báo này (unrecognised header line, kept in this flag only)');
    }
  }

  // "ỦY BAN NHÂN DÂN" / "TỈNH PHÚ THỌ" on two lines is one body.
  const merged: { text: string; line: Line }[] = [];
  for (const body of bodies) {
    const last = merged.at(-1);
    if (last && LOCALITY.test(body.text) && !HAS_LOCALITY.test(last.text)) last.text = `${last.text} ${body.text}`;
    else merged.push({ ...body });
  }
  let parentBody: string | null = null;
  let issuingBody = '';
  if (merged.length === 0) {
    flags.missing('header.parentBody', 'Thiếu tên cơ quan chủ quản (parent body missing)');
    flags.missing('header.issuingBody', 'Thiếu tên cơ quan ban hành (issuing body missing)');
  } else if (merged.length === 1) {
    issuingBody = merged[0]?.text ?? '';
  } else {
    parentBody = merged[0]?.text ?? null;
    issuingBody = merged.slice(1).map((b) => b.text).join(' ');
    if (merged.length > 2) {
      flags.add('ambiguous', merged[2]?.line ?? null, 'header.issuingBody', 'Nhiều dòng chữ in hoa ở phần đầu, đã ghép vào tên cơ quan ban hành (several caps lines joined into the issuing body)');
    }
  }
  if (!numberFound) {
    typeCode = 'KH';
    issuerCode = /ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND/u.test(issuingBody) ? 'UBND' : '';
    flags.missing('header.number', 'Thiếu dòng số, ký hiệu (“Số: …/KH-…”) (number line missing)');
  }
  const year = date?.year ?? null;
  if (!date) flags.missing('header.date', 'Thiếu dòng địa danh, ngày tháng năm (place and date line missing)');
  return {
    header: {
      parentBody,
      issuingBody,
      number,
      typeCode,
      issuerCode,
      place,
      date: { year: year ?? 0, month: date?.month ?? null, day: date?.day ?? null },
    },
    dateFound: date !== null,
  };
}

interface ItemFrame {
  item: PlanItem;
  rank: number;
  path: string;
}

/** Builds nested items from marked and plain lines, in reading order. */
class ItemTree {
  private readonly stack: ItemFrame[] = [];

  constructor(
    private readonly root: PlanItem[],
    private readonly basePath: string,
  ) {}

  marked(marker: Marker): string {
    while ((this.stack.at(-1)?.rank ?? 0) >= marker.rank) this.stack.pop();
    const parent = this.stack.at(-1);
    const list = parent ? parent.item.children : this.root;
    const path = parent ? `${parent.path}.children.${list.length}` : `${this.basePath}.${list.length}`;
    const item: PlanItem = { label: marker.label, paragraphs: [marker.body], children: [] };
    list.push(item);
    this.stack.push({ item, rank: marker.rank, path });
    return path;
  }

  plain(text: string): string {
    const top = this.stack.at(-1);
    if (!top) {
      const path = `${this.basePath}.${this.root.length}`;
      this.root.push({ label: null, paragraphs: [text], children: [] });
      return path;
    }
    if (top.item.children.length === 0) {
      top.item.paragraphs.push(text);
      return top.path;
    }
    // After sub-items, a plain paragraph follows them rather than joining the item's own text.
    const path = `${top.path}.children.${top.item.children.length}`;
    top.item.children.push({ label: null, paragraphs: [text], children: [] });
    return path;
  }
}

interface AssignmentDraft {
  assignment: Assignment;
  bulleted: boolean[];
  dutyLines: Line[];
  line: Line | null;
}

function roleOf(text: string): AssignmentRole {
  return /^phối\s+hợp/iu.test(text) ? 'support' : 'lead';
}

/** "Sở Tài chính: Chủ trì, …" → heading "Sở Tài chính:" and the duty; null when not split. */
function splitHeading(text: string): { heading: string; duty: string } | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0 && text.charAt(i + 1) === ' ') {
      const heading = text.slice(0, i + 1).trim();
      const duty = text.slice(i + 2).trim();
      if (heading.length > 1 && heading.length <= 160 && /^\p{Lu}/u.test(duty)) return { heading, duty };
      return null;
    }
  }
  return null;
}

type SectionRole = 'purposes' | 'tasks' | 'implementation' | 'bases' | 'extra';

const SECTION_MESSAGE =
  'Phần này không thuộc ba phần của mẫu kế hoạch (mục đích, yêu cầu; nhiệm vụ, giải pháp; tổ chức thực hiện), đã giữ lại thành một mục cuối phần nhiệm vụ ' +
  '(section outside the three sections of the plan model, kept as an item of the tasks section)';

export function parsePlan(input: ImportLine[], options: ParsePlanOptions = {}): PlanImport {
  const prefix = options.idPrefix ?? 'import';
  const lines = joinContinuations(physicalLines(input));
  if (lines.length === 0) throw new ImportError();
  const flags = new Flags();

  // --- Zones: header | KẾ HOẠCH + title | preamble | sections | closing, recipients, signature.
  let docAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]?.text ?? '';
    if (DOC_TYPE.test(text)) {
      docAt = i;
      break;
    }
    if (isSectionLike(lines, i) && !isCaps(text)) break;
    if (/^[IVX]{1,4}\s*[.:)]/u.test(text) || /^(PHẦN|Phần)\s/u.test(text)) break;
  }
  let headerEnd = docAt;
  if (docAt < 0) {
    headerEnd = 0;
    while (headerEnd < lines.length) {
      const text = lines[headerEnd]?.text ?? '';
      const headerish = isHeaderPattern(text) || (isCaps(text) && text.length <= 80 && !isSectionLike(lines, headerEnd) && !isTrailingStart(text));
      if (!headerish) break;
      headerEnd++;
    }
  }
  const { header, dateFound } = parseHeader(lines.slice(0, headerEnd), flags);

  const documentType = 'KẾ HOẠCH';
  const titleParts: string[] = [];
  let bodyStart = headerEnd;
  if (docAt >= 0) {
    const docLine = lines[docAt];
    const after = (docLine?.text ?? '').replace(DOC_TYPE, '').replace(/^[\s:.]+/, '');
    if (after) titleParts.push(after);
    bodyStart = docAt + 1;
    const first = lines[bodyStart];
    while (bodyStart < lines.length && titleParts.length < 6) {
      const line = lines[bodyStart];
      if (!line || !first) break;
      const t = line.text;
      if (isBasisStart(t) || isTrailingStart(t) || markerOf(t)) break;
      // A caps title may hold section words ("… CÁC HOẠT ĐỘNG …"): only a numbered heading, or a
      // caps heading after a title that is not in caps, ends the title.
      const heading = headingAt(lines, bodyStart);
      const previous = titleParts.at(-1);
      if (heading && (heading.label !== null || (previous !== undefined && !isCaps(previous)))) break;
      if (endsSentence(t) && !/\)$/.test(t)) break;
      if (t.length > 200) break;
      if (first.bold && !line.bold) break;
      if (first.align === 'center' && line.align !== undefined && line.align !== 'center') break;
      titleParts.push(t);
      bodyStart++;
    }
  } else {
    flags.missing('documentType', 'Không thấy dòng “KẾ HOẠCH”, mặc định là KẾ HOẠCH (no “KẾ HOẠCH” line, assumed)');
  }
  const title = titleParts.join(' ');
  if (!title) flags.missing('title', 'Thiếu tên (trích yếu) của kế hoạch (title missing)');

  const headings: Heading[] = [];
  for (let i = bodyStart; i < lines.length; i++) {
    const h = headingAt(lines, i);
    if (h) {
      headings.push(h);
      i += h.span - 1;
    }
  }
  const lastHeading = headings.at(-1);
  let trailingStart = lastHeading ? lastHeading.at + lastHeading.span : bodyStart;
  while (trailingStart < lines.length && !isTrailingStart(lines[trailingStart]?.text ?? '')) trailingStart++;
  const firstHeading = headings[0];
  const preambleEnd = firstHeading ? firstHeading.at : trailingStart;

  // --- Preamble: legal bases and the closing sentence.
  const legalBases: LegalBasis[] = [];
  const closingParts: string[] = [];
  let lastVerb: string | null = null;
  const readBases = (part: Line[], inSection: boolean): void => {
    part.forEach((line, n) => {
      const segments = stripBullet(line.text)
        .replace(/;\s*$/, '')
        .split(/;\s+/)
        .map((s) => s.trim())
        .filter(Boolean);
      const lineClosing: string[] = [];
      for (const segment of segments) {
        const parsed = parseBasis(segment, lastVerb);
        // After the closing sentence has begun, a citation stays where it is, in the closing.
        const closingStarted = lineClosing.length > 0 || (!inSection && closingParts.length > 0);
        if (parsed && closingStarted) {
          flags.add('ambiguous', line, 'preambleClosing', 'Căn cứ nằm sau câu kết phần mở đầu, đã giữ trong câu kết (legal basis after the preamble closing, kept in the closing)');
        }
        if (parsed && !closingStarted) {
          const k = legalBases.length;
          legalBases.push(parsed.basis);
          lastVerb = parsed.basis.verb;
          if (parsed.missing.includes('number')) {
            flags.add('missing', line, `legalBases.${k}.number`, 'Căn cứ không ghi số văn bản (document number missing in a legal basis)');
          }
          if (parsed.missing.includes('issuer')) {
            flags.add('missing', line, `legalBases.${k}.issuer`, 'Căn cứ không ghi cơ quan ban hành (issuer missing in a legal basis)');
          }
        } else {
          lineClosing.push(segment);
        }
      }
      if (lineClosing.length > 0) {
        const isLast = n === part.length - 1 && !inSection;
        if (!isLast) {
          flags.add(
            inSection ? 'ambiguous' : 'unrecognised',
            line,
            'preambleClosing',
            'Đoạn không phải căn cứ pháp lý, đã giữ trong câu kết phần mở đầu (not a legal basis, kept in the preamble closing)',
          );
        }
        closingParts.push(lineClosing.join('; '));
      }
    });
  };
  readBases(lines.slice(bodyStart, preambleEnd), false);

  // --- Sections.
  const roles = new Map<Heading, SectionRole>();
  const fallbackRoles = new Set<Heading>();
  const pick = (test: (h: string) => boolean): Heading | undefined =>
    headings.find((h) => !roles.has(h) && test(h.heading.toUpperCase()));
  const impl = pick((h) => h.includes('TỔ CHỨC THỰC HIỆN'));
  if (impl) roles.set(impl, 'implementation');
  let purposesHeading = pick((h) => h.includes('MỤC ĐÍCH'));
  if (!purposesHeading) {
    purposesHeading = pick((h) => h.includes('MỤC TIÊU'));
    if (purposesHeading) fallbackRoles.add(purposesHeading);
  }
  if (purposesHeading) roles.set(purposesHeading, 'purposes');
  let tasksHeading = pick((h) => h.includes('NHIỆM VỤ') || h.includes('GIẢI PHÁP'));
  if (!tasksHeading) {
    tasksHeading = pick((h) => h.includes('NỘI DUNG') || h.includes('HOẠT ĐỘNG'));
    if (tasksHeading) fallbackRoles.add(tasksHeading);
  }
  if (tasksHeading) roles.set(tasksHeading, 'tasks');
  for (const h of headings) {
    if (!roles.has(h)) roles.set(h, /^CĂN CỨ/u.test(h.heading.toUpperCase()) ? 'bases' : 'extra');
  }

  const purposes: PlanDraft['purposes'] = { heading: purposesHeading?.heading ?? '', items: [] };
  const tasks: PlanDraft['tasks'] = { heading: tasksHeading?.heading ?? '', items: [] };
  const implementation: PlanDraft['implementation'] = { heading: impl?.heading ?? '', assignments: [] };
  const drafts: AssignmentDraft[] = [];
  const romanOf: Partial<Record<SectionRole, string>> = { purposes: ROMAN[0], tasks: ROMAN[1], implementation: ROMAN[2] };

  const newAssignment = (label: string, heading: string, line: Line | null): AssignmentDraft => {
    const n = drafts.length + 1;
    const d: AssignmentDraft = {
      assignment: {
        id: `${prefix}-a${n}`,
        label,
        heading,
        isRequest: /^đề\s+nghị/iu.test(heading),
        style: 'paragraph',
        units: [],
        duties: [],
      },
      bulleted: [],
      dutyLines: [],
      line,
    };
    drafts.push(d);
    return d;
  };
  const addDuty = (d: AssignmentDraft, text: string, bulleted: boolean, line: Line): string => {
    const m = d.assignment.duties.length + 1;
    const body = markerOf(text)?.kind === 'letter' ? (markerOf(text)?.body ?? text) : text;
    const duty: Duty = { id: `${d.assignment.id}-d${m}`, text, role: roleOf(body), dueDate: dueDateOf(text) };
    d.assignment.duties.push(duty);
    d.bulleted.push(bulleted);
    d.dutyLines.push(line);
    return `implementation.assignments.${drafts.indexOf(d)}.duties.${m - 1}`;
  };

  headings.forEach((h, n) => {
    const role = roles.get(h) ?? 'extra';
    const headLine = lines[h.at];
    const start = h.at + h.span;
    const end = headings[n + 1]?.at ?? trailingStart;
    const body = lines.slice(start, end);
    const roman = romanOf[role];
    if (headLine && roman !== undefined) {
      const rendered = `${roman}. ${h.heading}`;
      if (h.label !== null && (h.span === 2 || headLine.text !== rendered)) {
        flags.add('ambiguous', headLine, role, `Tiêu đề phần sẽ được đánh số lại thành “${rendered}” (section heading renumbered)`);
      }
      if (fallbackRoles.has(h)) {
        const name = role === 'purposes' ? 'mục đích, yêu cầu' : 'nhiệm vụ, giải pháp';
        flags.add('ambiguous', headLine, role, `Không có phần “${name.toUpperCase()}”, đã dùng phần này thay thế (section used as the ${role} section)`);
      }
    }
    if (role === 'purposes' || role === 'tasks') {
      const section = role === 'purposes' ? purposes : tasks;
      const tree = new ItemTree(section.items, `${role}.items`);
      for (const line of body) {
        const marker = markerOf(line.text);
        if (marker) tree.marked(marker);
        else tree.plain(line.text);
      }
      return;
    }
    if (role === 'bases') {
      for (const line of lines.slice(h.at, h.at + h.span)) {
        flags.add('ambiguous', line, 'legalBases', 'Phần căn cứ được đưa vào đoạn mở đầu (a legal-bases section is moved into the preamble)');
      }
      readBases(body, true);
      return;
    }
    if (role === 'extra') {
      const headingLines = lines.slice(h.at, h.at + h.span).map((l) => l.text);
      const k = tasks.items.length;
      const item: PlanItem = { label: null, paragraphs: headingLines, children: [] };
      tasks.items.push(item);
      if (headLine) flags.add('unrecognised', headLine, `tasks.items.${k}`, SECTION_MESSAGE);
      const tree = new ItemTree(item.children, `tasks.items.${k}.children`);
      for (const line of body) {
        const marker = markerOf(line.text);
        if (marker) tree.marked(marker);
        else tree.plain(line.text);
      }
      return;
    }
    // Implementation: unit headings with their duties.
    let current: AssignmentDraft | null = null;
    let unitRank = 0;
    for (const line of body) {
      const marker = markerOf(line.text);
      const startsUnit =
        marker !== null &&
        (marker.kind === 'number' ||
          (marker.kind === 'letter' &&
            (current === null || current.assignment.duties.length === 0 || unitRank === 5) &&
            !endsSentence(marker.body) &&
            marker.body.length <= 160));
      if (marker && startsUnit) {
        unitRank = marker.rank;
        const split = splitHeading(marker.body);
        current = newAssignment(marker.label, split ? split.heading : marker.body, line);
        if (split) addDuty(current, split.duty, false, line);
        continue;
      }
      if (!current) {
        current = newAssignment('', '', null);
        flags.add('ambiguous', line, `implementation.assignments.${drafts.length - 1}`, 'Nhiệm vụ không nằm dưới tên đơn vị nào (duty without a unit heading)');
      }
      if (marker && marker.kind === 'bullet') {
        const where = addDuty(current, marker.body, true, line);
        if (marker.rank === 7) {
          flags.add('ambiguous', line, where, 'Ý “+” được tách thành một nhiệm vụ riêng (a “+” sub-point is kept as a duty of its own)');
        }
      } else {
        addDuty(current, line.text, false, line);
      }
    }
  });

  // --- Closing, recipients, signature.
  const trailing = lines.slice(trailingStart);
  const closingTexts: string[] = [];
  const recipients: PlanDraft['recipients'] = [];
  const authority: Signature['authority'] = [];
  let sigTitle = '';
  let sigName = '';
  let nameLine: Line | null = null;
  let state: 'closing' | 'recipients' | 'signature' | null = null;
  let recipientsLine: Line | null = null;
  const sawSignature = (): boolean => authority.length > 0 || sigTitle !== '';
  const looksLikeName = (t: string): boolean =>
    /^(\p{Lu}[\p{Ll}]*\.?)(\s+\p{Lu}[\p{Ll}]*\.?){0,5}$/u.test(t) && !isCaps(t) && t.length <= 60;
  const addRecipient = (text: string, line: Line): void => {
    recipients.push({ text, orgUnitId: null });
    if (state !== 'recipients') {
      flags.add('ambiguous', line, `recipients.${recipients.length - 1}`, 'Dòng gạch đầu dòng sau phần kết, coi là nơi nhận (dash line after the closing taken as a recipient)');
    }
  };
  for (const line of trailing) {
    const t = line.text;
    const rec = RECIPIENTS.exec(t);
    const pre = isSignaturePrefix(t);
    const marker = markerOf(t);
    if (CLOSING.test(t)) {
      if (closingTexts.length > 0) flags.add('ambiguous', line, 'closing', 'Có hai đoạn “Trên đây là”, đã nối lại (two closing paragraphs joined)');
      closingTexts.push(t);
      state = 'closing';
    } else if (rec) {
      recipientsLine ??= line;
      state = 'recipients';
      const rest = rec[1] ?? '';
      if (rest) addRecipient(stripBullet(rest), line);
    } else if (pre) {
      authority.push({ prefix: `${pre[1]}.` as Signature['authority'][number]['prefix'], text: pre[2] ?? '' });
      state = 'signature';
    } else if (isCaps(t) && !marker) {
      if (sigTitle === '') sigTitle = t;
      else flags.add('unrecognised', line, 'signature', 'Dòng chữ in hoa thừa ở phần chữ ký, chỉ giữ trong cảnh báo này (extra caps line in the signature, kept in this flag only)');
      state = 'signature';
    } else if (sawSignature() && looksLikeName(t)) {
      if (sigName !== '' && nameLine) {
        flags.add('unrecognised', nameLine, 'signature.name', 'Dòng thừa ở phần chữ ký, chỉ giữ trong cảnh báo này (extra signature line, kept in this flag only)');
      }
      sigName = t;
      nameLine = line;
      state = 'signature';
    } else if (marker && marker.kind === 'bullet' && state !== 'signature') {
      addRecipient(marker.body, line);
    } else if (state === 'recipients') {
      const last = recipients.at(-1);
      if (last && startsLower(t) && !endsSentence(last.text)) {
        last.text = `${last.text} ${t}`;
      } else {
        recipients.push({ text: t, orgUnitId: null });
        flags.add('ambiguous', line, `recipients.${recipients.length - 1}`, 'Nơi nhận không có gạch đầu dòng (recipient without a dash)');
      }
    } else if (state === 'closing' || state === null) {
      if (closingTexts.length > 0) {
        flags.add('ambiguous', line, 'closing', 'Đoạn sau đoạn kết được nối vào đoạn kết (paragraph after the closing joined to it)');
      } else {
        flags.add('ambiguous', line, 'closing', 'Đoạn không rõ vị trí trước phần nơi nhận, coi là đoạn kết (paragraph before the recipients taken as the closing)');
      }
      closingTexts.push(t);
    } else {
      flags.add('unrecognised', line, 'signature', 'Dòng không nhận ra ở phần chữ ký, chỉ giữ trong cảnh báo này (unrecognised signature line, kept in this flag only)');
    }
  }

  // No "Trên đây là": the last plain paragraph of the implementation, when it is not a unit's only duty.
  if (closingTexts.length === 0) {
    const last = drafts.at(-1);
    const n = last ? last.assignment.duties.length : 0;
    if (last && n >= 2 && last.bulleted[n - 1] === false) {
      const duty = last.assignment.duties.pop();
      last.bulleted.pop();
      const line = last.dutyLines.pop() ?? null;
      if (duty) {
        closingTexts.push(duty.text);
        flags.add('ambiguous', line, 'closing', 'Không có đoạn “Trên đây là”; đoạn cuối phần tổ chức thực hiện được coi là đoạn kết (last paragraph taken as the closing)');
      }
    }
  }
  const closing = closingTexts.length > 0 ? closingTexts.join(' ') : null;
  if (closing === null) flags.missing('closing', 'Thiếu đoạn kết (“Trên đây là …”) (closing paragraph missing)');

  // Assignments: style, missing parts.
  drafts.forEach((d, k) => {
    const a = d.assignment;
    const bullets = d.bulleted.filter(Boolean).length;
    a.style = bullets > 0 ? 'bullets' : 'paragraph';
    if (bullets > 0 && bullets < d.bulleted.length) {
      flags.add('ambiguous', d.line, `implementation.assignments.${k}`, 'Đơn vị có cả đoạn văn và gạch đầu dòng; tất cả sẽ in thành gạch đầu dòng (mixed paragraphs and bullets, printed as bullets)');
    }
    if (a.duties.length === 0) {
      flags.add('missing', d.line, `implementation.assignments.${k}.duties`, 'Đơn vị không có nhiệm vụ nào (unit without duties)');
    }
    if (a.heading === '' && d.line === null) {
      flags.missing(`implementation.assignments.${k}.heading`, 'Thiếu tên đơn vị được giao nhiệm vụ (unit heading missing)');
    }
    implementation.assignments.push(a);
  });

  if (!purposesHeading) flags.missing('purposes', 'Thiếu phần “MỤC ĐÍCH, YÊU CẦU” (purposes section missing)');
  if (!tasksHeading) flags.missing('tasks', 'Thiếu phần “NHIỆM VỤ, GIẢI PHÁP” (tasks section missing)');
  if (!impl) flags.missing('implementation', 'Thiếu phần “TỔ CHỨC THỰC HIỆN” (implementation section missing)');
  if (legalBases.length === 0) flags.missing('legalBases', 'Không thấy căn cứ pháp lý (“Căn cứ …”, “Thực hiện …”) (no legal bases found)');
  if (recipients.length === 0 && recipientsLine) {
    flags.add('missing', recipientsLine, 'recipients', 'Có dòng “Nơi nhận:” nhưng không có nơi nhận nào (recipients heading without recipients)');
  } else if (recipients.length === 0) {
    flags.missing('recipients', 'Thiếu phần “Nơi nhận” (recipients missing)');
  }

  let signature: Signature | null = null;
  if (authority.length > 0 || sigTitle !== '' || sigName !== '') {
    signature = { authority, title: sigTitle, name: sigName };
    if (!sigTitle) flags.missing('signature.title', 'Thiếu chức vụ người ký (signer title missing)');
    if (!sigName) flags.missing('signature.name', 'Thiếu họ tên người ký (signer name missing)');
  } else {
    flags.missing('signature', 'Thiếu phần chữ ký (signature missing)');
  }

  // Report deadline: the closing first, then what the units are asked to report.
  let reportDeadline = closing ? (deadlinesIn(closing)[0] ?? null) : null;
  if (reportDeadline === null) {
    const texts = [
      ...implementation.assignments.flatMap((a) => a.duties.map((d) => d.text)),
      ...tasks.items.flatMap(function flat(i: PlanItem): string[] {
        return [...i.paragraphs, ...i.children.flatMap(flat)];
      }),
    ];
    reportDeadline = texts.flatMap(deadlinesIn)[0] ?? null;
  }
  if (reportDeadline === null) flags.missing('reportDeadline', 'Không thấy hạn gửi báo cáo (“trước ngày …”) (report deadline not found)');

  // The plan year: "năm 2024" in the title, else the date of the document.
  const titleYear = /năm\s+(\d{4})/iu.exec(title)?.[1];
  const anyYear = /(?:^|\D)((?:19|20)\d{2})(?!\d)/u.exec(lines.map((l) => l.text).join(' '))?.[1];
  let year = titleYear ? Number(titleYear) : dateFound ? header.date.year : anyYear ? Number(anyYear) : NaN;
  if (Number.isNaN(year) || year < 2000 || year > 2999) {
    year = Number(todayInVietnam().slice(0, 4));
    flags.missing('year', 'Không xác định được năm kế hoạch, tạm lấy năm hiện tại (plan year unknown, current year assumed)');
  }
  if (!dateFound) header.date.year = year;

  const draft: PlanDraft = {
    year,
    status: 'draft',
    header,
    documentType,
    title,
    legalBases,
    preambleClosing: closingParts.length > 0 ? closingParts.join(' ') : null,
    purposes,
    tasks,
    implementation,
    closing,
    reportDeadline,
    reportToUnitId: null,
    recipients,
    signature,
  };
  const order = (f: ImportFlag): number => (f.line === MISSING ? Number.MAX_SAFE_INTEGER : f.line);
  const sorted = flags.list.map((f, i) => ({ f, i })).sort((a, b) => order(a.f) - order(b.f) || a.i - b.i);
  return { draft, flags: sorted.map((x) => x.f) };
}

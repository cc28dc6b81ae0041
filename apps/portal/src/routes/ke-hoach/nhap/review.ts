// The review step of a plan import (/ke-hoach/nhap), as pure functions: which units each
// assignment most likely addresses (the reader keeps headings as written and names no unit), the
// fields a person must fill before the draft can be saved (the API's `errors`, and the parts the
// reader flagged as missing), and the draft with those answers applied.
import {
  isActiveOn,
  isWithin,
  signaturePrefixes,
  type OrgUnit,
  type OrgUnitKind,
  type PlanContent,
} from '@binh-dang/domain';
// Relative: the unit tests run without SvelteKit's aliases.
import { vietnamesePart, type FieldProblem } from '../../../lib/session';

// ---------------------------------------------------------------------------------------------
// Units of the assignments

/** Lower case, no tone marks or diacritics, đ → d, punctuation and hyphens as spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(cua)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The day the unit list of a plan year is read on (units in force mid-year). */
export function unitListDay(year: number): string {
  return `${year}-06-01`;
}

/** The units below the issuing unit that were in force in the plan year, agencies first, then by level. */
export function assignableUnits(all: readonly OrgUnit[], issuing: OrgUnit, year: number): OrgUnit[] {
  const day = unitListDay(year);
  const order: Record<OrgUnitKind, number> = { agency: 0, province: 1, district: 2, commune: 3 };
  return all
    .filter((u) => u.id !== issuing.id && isWithin(u.path, issuing.path) && isActiveOn(u, day))
    .map((u, i) => ({ u, i }))
    .sort((a, b) => order[a.u.kind] - order[b.u.kind] || a.i - b.i)
    .map(({ u }) => u);
}

/** "UBND các xã, thị trấn", "Ủy ban nhân dân các xã, phường": every commune-level unit. */
const ALL_COMMUNES = /\b(ubnd|uy ban nhan dan) cac (xa|phuong|thi tran)\b|\bcac xa (thi tran|phuong)\b/;

/** What a unit's name says without the issuing unit's own name after it ("… huyện Lâm Thao"). */
function stemOf(unit: OrgUnit, issuing: OrgUnit): string {
  const name = foldText(unit.name);
  // A commune's place name is its own ("Thị trấn Lâm Thao"), not the issuer's.
  if (unit.kind === 'commune') return name;
  const place = foldText(issuing.shortName);
  for (const suffix of [`${foldText(issuing.localKind)} ${place}`, place]) {
    if (place && name.endsWith(` ${suffix}`)) return name.slice(0, -suffix.length - 1);
  }
  return name;
}

/**
 * The units an assignment's heading names, among `candidates` (assignableUnits): every
 * commune-level unit for "UBND các xã, thị trấn", else each unit whose name (without the issuing
 * unit's place name) appears in the heading; words in parentheses are ignored ("Phòng LĐTB&XH
 * (cơ quan thường trực Ban …)" names the Phòng, not the Ban). A guess for a person to check.
 */
export function suggestUnits(heading: string, candidates: readonly OrgUnit[], issuing: OrgUnit): string[] {
  const text = ` ${foldText(heading.replace(/\([^()]*\)/g, ' '))} `;
  const chosen = new Set<string>();
  if (ALL_COMMUNES.test(text)) for (const u of candidates) if (u.kind === 'commune') chosen.add(u.id);
  for (const u of candidates) {
    const stem = stemOf(u, issuing);
    if (stem.length >= 6 && text.includes(` ${stem} `)) chosen.add(u.id);
  }
  return candidates.filter((u) => chosen.has(u.id)).map((u) => u.id);
}

/** Each assignment without units gets the suggested ones (as lead units); others are kept. */
export function withSuggestedUnits(content: PlanContent, candidates: readonly OrgUnit[], issuing: OrgUnit): PlanContent {
  return {
    ...content,
    implementation: {
      ...content.implementation,
      assignments: content.implementation.assignments.map((a) =>
        a.units.length ? a : { ...a, units: suggestUnits(a.heading, candidates, issuing).map((orgUnitId) => ({ orgUnitId, role: 'lead' as const })) },
      ),
    },
  };
}

/** The chosen units of each assignment: a unit kept keeps its role, a new one leads. */
export function withUnits(content: PlanContent, chosen: readonly (readonly string[])[]): PlanContent {
  return {
    ...content,
    implementation: {
      ...content.implementation,
      assignments: content.implementation.assignments.map((a, i) => {
        const ids = [...new Set(chosen[i] ?? [])];
        return { ...a, units: ids.map((orgUnitId) => a.units.find((u) => u.orgUnitId === orgUnitId) ?? { orgUnitId, role: 'lead' as const }) };
      }),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Fields to fill

export interface FieldSpec {
  /** Path in the content: 'header.issuingBody', 'signature.name', … */
  path: string;
  label: string;
  hint: string | null;
  /** Left empty, the part is absent (null) rather than an error. */
  optional?: boolean;
}

/** The parts a person can fill on the review page, in the order of the document. */
export const FIELD_SPECS: readonly FieldSpec[] = [
  { path: 'header.parentBody', label: 'Cơ quan chủ quản', hint: 'Dòng đầu bên trái, chữ in hoa, ví dụ: UBND TỈNH PHÚ THỌ. Để trống nếu không có.', optional: true },
  { path: 'header.issuingBody', label: 'Cơ quan ban hành', hint: 'Chữ in hoa, ví dụ: ỦY BAN NHÂN DÂN HUYỆN LÂM THAO.' },
  { path: 'header.typeCode', label: 'Ký hiệu loại văn bản', hint: 'Trong “Số: …/KH-UBND” là KH.' },
  { path: 'header.issuerCode', label: 'Ký hiệu cơ quan ban hành', hint: 'Trong “Số: …/KH-UBND” là UBND.' },
  { path: 'header.place', label: 'Địa danh', hint: 'Trong “Lâm Thao, ngày … tháng … năm …” là Lâm Thao.' },
  { path: 'documentType', label: 'Tên loại văn bản', hint: 'Thường là KẾ HOẠCH.' },
  { path: 'title', label: 'Tên kế hoạch (trích yếu)', hint: 'Dòng dưới chữ KẾ HOẠCH.' },
  { path: 'signature.authority', label: 'Thẩm quyền ký', hint: 'Các dòng trên chức vụ, cách nhau bằng dấu “;”, ví dụ: TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH. Để trống nếu không có.', optional: true },
  { path: 'signature.title', label: 'Chức vụ người ký', hint: 'Ví dụ: PHÓ CHỦ TỊCH.' },
  { path: 'signature.name', label: 'Họ và tên người ký', hint: null },
];

/** Always shown when the reader flagged them (they print on the first and last lines). */
const SHOWN_WHEN_FLAGGED = new Set(['header.parentBody', 'header.issuingBody', 'title', 'signature.authority', 'signature.title', 'signature.name']);

/** 'content.header.place' / 'body.content.header.place' → 'header.place'. */
export function contentPath(apiPath: string): string {
  return apiPath.replace(/^(body\.)?content\./, '');
}

function specOf(path: string): FieldSpec | undefined {
  return FIELD_SPECS.find((f) => f.path === path);
}

/** A value of the content at a dotted path (numbers index arrays). */
export function valueAt(content: unknown, path: string): unknown {
  let at: unknown = content;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function fieldValue(content: PlanContent, path: string): string {
  if (path === 'signature.authority') return (content.signature?.authority ?? []).map((a) => `${a.prefix} ${a.text}`).join('; ');
  const value = valueAt(content, path);
  return typeof value === 'string' ? value : '';
}

/** Names of the parts of a plan that are not fields of the review. */
const PART_NAMES: Record<string, string> = {
  header: 'Phần đầu',
  number: 'số, ký hiệu',
  date: 'ngày tháng',
  documentType: 'Tên loại văn bản',
  title: 'Tên kế hoạch',
  year: 'Năm kế hoạch',
  preambleClosing: 'Câu dẫn sau căn cứ',
  purposes: 'Mục đích, yêu cầu',
  tasks: 'Nhiệm vụ, giải pháp',
  implementation: 'Tổ chức thực hiện',
  closing: 'Đoạn kết',
  reportDeadline: 'Hạn báo cáo',
  reportToUnitId: 'Nơi nhận báo cáo',
  recipients: 'Nơi nhận',
  signature: 'Chữ ký',
  heading: 'tiêu đề',
  label: 'số thứ tự',
  text: 'nội dung',
  paragraphs: 'nội dung',
  units: 'đơn vị thực hiện',
  orgUnitId: 'đơn vị',
  role: 'vai trò',
  dueDate: 'hạn',
  verb: 'từ mở đầu',
  documentKind: 'loại văn bản',
  issuedOn: 'ngày ban hành',
  issuer: 'cơ quan ban hành',
  summary: 'trích yếu',
  children: 'ý con',
};

/** Names of the list parts, with the position: "Căn cứ 2", "Phân công 3", "nhiệm vụ 1". */
const LIST_NAMES: Record<string, string> = {
  legalBases: 'Căn cứ',
  assignments: 'Phân công',
  duties: 'nhiệm vụ',
  items: 'mục',
  recipients: 'Nơi nhận',
  authority: 'dòng thẩm quyền',
};

/** Readable names of the parts of a plan: "Tổ chức thực hiện › Phân công 3 › nhiệm vụ 1 › nội dung". */
export function describePath(path: string): string {
  const spec = specOf(path);
  if (spec) return spec.label;
  const parts = path.split('.');
  const names: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if (/^\d+$/.test(p)) continue;
    if (LIST_NAMES[p] && next !== undefined && /^\d+$/.test(next)) names.push(`${LIST_NAMES[p]} ${Number(next) + 1}`);
    else names.push(PART_NAMES[p] ?? LIST_NAMES[p] ?? p);
  }
  return names.join(' › ') || path;
}

/** "Giá trị quá nhỏ…, tối thiểu 1" on a text means it is empty. */
function friendly(message: string, label: string): string {
  const vi = vietnamesePart(message);
  return /^Giá trị quá nhỏ hoặc quá ngắn, tối thiểu 1\b/.test(vi) ? `Chưa có ${label.charAt(0).toLowerCase()}${label.slice(1)}: vui lòng nhập.` : vi;
}

export interface ReviewField extends FieldSpec {
  /** Form field name: `f.<path>`. */
  name: string;
  value: string;
  errors: string[];
}

export interface ReviewProblems {
  /** Fields to fill, with their current values and errors. */
  fields: ReviewField[];
  /** Errors of parts without a field on this page ("Căn cứ 2 › number: …"). */
  other: string[];
  /** Year errors. */
  year: string[];
}

/**
 * The fields of the review: those the API's errors point at (plus the rest of the signature
 * when one of its parts is wrong), the header, title and signature parts the reader flagged, and
 * those shown before (`keep`, so that a field does not vanish once filled); their values are
 * what was typed, else the content's. The errors of every other part come with a readable name.
 */
export function reviewProblems(
  content: PlanContent,
  errors: readonly FieldProblem[],
  flaggedWhere: readonly string[],
  keep: readonly string[] = [],
  typed: ReadonlyMap<string, string> = new Map(),
): ReviewProblems {
  const byPath = new Map<string, string[]>();
  const other: string[] = [];
  const year: string[] = [];
  for (const e of errors) {
    if (e.path === 'body.year' || e.path === 'year') {
      year.push(vietnamesePart(e.message));
      continue;
    }
    const path = contentPath(e.path);
    // Errors inside the signature's authority lines belong to the one authority field.
    const fieldPath = path.startsWith('signature.authority') ? 'signature.authority' : path === 'signature' ? 'signature.name' : path;
    const spec = specOf(fieldPath);
    if (spec) {
      const list = byPath.get(fieldPath) ?? [];
      const message = friendly(e.message, spec.label);
      if (!list.includes(message)) list.push(message);
      byPath.set(fieldPath, list);
    } else {
      const message = `${describePath(path)}: ${vietnamesePart(e.message)}`;
      if (!other.includes(message)) other.push(message);
    }
  }
  const shown = new Set<string>([...byPath.keys(), ...keep]);
  for (const where of flaggedWhere) {
    if (where === 'signature') ['signature.authority', 'signature.title', 'signature.name'].forEach((p) => shown.add(p));
    else if (SHOWN_WHEN_FLAGGED.has(where)) shown.add(where);
  }
  if ([...shown].some((p) => p.startsWith('signature.'))) ['signature.title', 'signature.name'].forEach((p) => shown.add(p));
  const fields = FIELD_SPECS.filter((f) => shown.has(f.path)).map((f) => ({
    ...f,
    name: `f.${f.path}`,
    value: typed.get(f.path) ?? fieldValue(content, f.path),
    errors: byPath.get(f.path) ?? [],
  }));
  return { fields, other, year };
}

// ---------------------------------------------------------------------------------------------
// Applying the answers

const AUTHORITY = new RegExp(`^(${signaturePrefixes.map((p) => p.replace('.', '\\.')).join('|')})\\s*(.+)$`);

/** "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH" → the authority lines, or the parts that are not one. */
export function parseAuthority(text: string): { lines: { prefix: (typeof signaturePrefixes)[number]; text: string }[]; bad: string[] } {
  const lines: { prefix: (typeof signaturePrefixes)[number]; text: string }[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = AUTHORITY.exec(part);
    if (m) lines.push({ prefix: m[1] as (typeof signaturePrefixes)[number], text: m[2]!.trim() });
    else bad.push(part);
  }
  return { lines, bad };
}

/**
 * The content with the review's answers (field path → typed text). An empty optional field
 * clears its part (no parent body); the signature exists as soon as one of its parts is given,
 * and is dropped when all of them are left empty.
 */
export function applyAnswers(content: PlanContent, answers: ReadonlyMap<string, string>): { content: PlanContent; errors: FieldProblem[] } {
  const next = structuredClone(content);
  const errors: FieldProblem[] = [];
  const text = (path: string) => answers.get(path)?.trim() ?? null;

  const parent = text('header.parentBody');
  if (parent !== null) next.header.parentBody = parent || null;
  for (const key of ['issuingBody', 'typeCode', 'issuerCode', 'place'] as const) {
    const value = text(`header.${key}`);
    if (value !== null) next.header[key] = value;
  }
  const documentType = text('documentType');
  if (documentType !== null) next.documentType = documentType;
  const title = text('title');
  if (title !== null) next.title = title;

  const authority = text('signature.authority');
  const signTitle = text('signature.title');
  const signName = text('signature.name');
  if (authority !== null || signTitle !== null || signName !== null) {
    const parsed = parseAuthority(authority ?? '');
    if (parsed.bad.length)
      errors.push({
        path: 'body.content.signature.authority',
        message: `Mỗi dòng bắt đầu bằng ${signaturePrefixes.join(', ')}; không đọc được: “${parsed.bad.join('”, “')}”.`,
      });
    const current = next.signature;
    const lines = authority !== null ? parsed.lines : (current?.authority ?? []);
    const titleValue = signTitle ?? current?.title ?? '';
    const nameValue = signName ?? current?.name ?? '';
    next.signature = !lines.length && !titleValue && !nameValue ? null : { authority: lines, title: titleValue, name: nameValue };
  }
  return { content: next, errors };
}

/**
 * The review's own check before the draft is sent: each required field of the page left empty
 * ("Chưa có …"), so that all of them are said at once, together with the errors of applyAnswers.
 */
export function missingRequired(content: PlanContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const spec of FIELD_SPECS) {
    if (spec.optional) continue;
    if (spec.path.startsWith('signature.') && !content.signature) continue;
    const value = valueAt(content, spec.path);
    if (typeof value === 'string' && !value.trim())
      problems.push({ path: `body.content.${spec.path}`, message: `Chưa có ${spec.label.charAt(0).toLowerCase()}${spec.label.slice(1)}: vui lòng nhập.` });
  }
  return problems;
}

/** Whether a parsed value has the outline of a plan's content (the API checks it all). */
export function looksLikeContent(value: unknown): value is PlanContent {
  if (!value || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  const header = c.header as Record<string, unknown> | undefined;
  const implementation = c.implementation as Record<string, unknown> | undefined;
  return (
    !!header &&
    typeof header === 'object' &&
    !!implementation &&
    typeof implementation === 'object' &&
    Array.isArray(implementation.assignments) &&
    implementation.assignments.every((a) => !!a && typeof a === 'object' && Array.isArray((a as { units?: unknown }).units))
  );
}

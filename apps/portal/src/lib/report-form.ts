// The periodic report's form (/bao-cao/[id]): one input per indicator and category, named
// `v|<code>|<category>`, three textareas per duty, named `n|<trackingId>|<field>`, and the version
// the reporter opened. What was typed is kept as text (re-rendered as typed after an error);
// numbers are read the Vietnamese way (parseVnNumber), and an input that is not a number is an
// error beside it that keeps the form from being sent. The API's errors come back to the right
// cell: `values.<code>.<category>` (checks, submission) and `body.values.<i>.value` (the i-th
// value sent). Pure functions: shared by the page's server actions and its component.
import { formatVnInput, formatVnNumber, parseVnNumber } from './report-format';
import { vietnamesePart } from './session';

export const categories = ['total', 'female', 'male'] as const;
export type Category = (typeof categories)[number];

export const categoryLabels: Record<Category, string> = { total: 'Tổng', female: 'Nữ', male: 'Nam' };

export const narrativeFields = ['results', 'shortcomings', 'proposals'] as const;
export type NarrativeField = (typeof narrativeFields)[number];

export const narrativeLabels: Record<NarrativeField, string> = {
  results: 'Kết quả',
  shortcomings: 'Tồn tại, hạn chế',
  proposals: 'Đề xuất, kiến nghị',
};

/** The API's limit of a narrative text. */
export const NARRATIVE_MAX_CHARS = 8000;

export interface IndicatorLike {
  code: string;
  nameVi: string;
  unit: string;
  disaggregation: 'none' | 'sex';
}

export interface ValueLike {
  indicator: string;
  category: Category;
  value: number | null;
}

export interface NarrativeLike {
  trackingId: string;
  results: string | null;
  shortcomings: string | null;
  proposals: string | null;
}

/** The key of one cell: "OP-ARTICLES.total", as in the API's paths `values.<code>.<category>`. */
export function cellKey(code: string, category: Category): string {
  return `${code}.${category}`;
}

/** "OP-ARTICLES.total" → code and category (indicator codes may hold dots: the category is last). */
export function splitCellKey(key: string): { code: string; category: Category } | null {
  const at = key.lastIndexOf('.');
  const category = key.slice(at + 1);
  if (at <= 0 || !(categories as readonly string[]).includes(category)) return null;
  return { code: key.slice(0, at), category: category as Category };
}

export function cellName(code: string, category: Category): string {
  return `v|${code}|${category}`;
}

export function narrativeName(trackingId: string, field: NarrativeField): string {
  return `n|${trackingId}|${field}`;
}

export function narrativeKey(trackingId: string, field: NarrativeField): string {
  return `${trackingId}.${field}`;
}

/** An HTML id for a cell or narrative (letters, digits, '-' and '_' only). */
export function domId(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The categories an indicator takes: total, and female and male when disaggregated by sex. */
export function categoriesOf(indicator: Pick<IndicatorLike, 'disaggregation'>): readonly Category[] {
  return indicator.disaggregation === 'sex' ? categories : ['total'];
}

/** The typed text of every cell and narrative. */
export interface ReportFormValues {
  cells: Record<string, string>;
  narratives: Record<string, string>;
  /** Why a cell differs from the value computed from the records, by cell key (`r|<code>|<category>`). */
  reasons?: Record<string, string>;
}

export function reasonName(code: string, category: Category): string {
  return `r|${code}|${category}`;
}

/** The stored values and narratives as the form shows them. */
export function formValuesOf(values: readonly ValueLike[], narratives: readonly NarrativeLike[]): ReportFormValues {
  const cells: Record<string, string> = {};
  for (const v of values) if (v.value !== null) cells[cellKey(v.indicator, v.category)] = formatVnInput(v.value);
  const texts: Record<string, string> = {};
  for (const n of narratives)
    for (const field of narrativeFields) {
      const text = n[field];
      if (text) texts[narrativeKey(n.trackingId, field)] = text;
    }
  return { cells, narratives: texts };
}

/** Reads the posted form back into typed text (every `v|…` and `n|…` field). */
export function readReportForm(data: FormData): ReportFormValues {
  const cells: Record<string, string> = {};
  const narratives: Record<string, string> = {};
  const reasons: Record<string, string> = {};
  for (const [name, raw] of data.entries()) {
    if (typeof raw !== 'string') continue;
    const parts = name.split('|');
    if (parts.length !== 3) continue;
    const [kind, id = '', field = ''] = parts;
    if (kind === 'v' && (categories as readonly string[]).includes(field)) cells[cellKey(id, field as Category)] = raw;
    else if (kind === 'n' && (narrativeFields as readonly string[]).includes(field)) narratives[narrativeKey(id, field as NarrativeField)] = raw;
    else if (kind === 'r' && (categories as readonly string[]).includes(field) && raw.trim()) reasons[cellKey(id, field as Category)] = raw;
  }
  return Object.keys(reasons).length ? { cells, narratives, reasons } : { cells, narratives };
}

export function notANumberMessage(text: string): string {
  const shown = text.trim().length > 24 ? `${text.trim().slice(0, 24)}…` : text.trim();
  return `“${shown}” không phải là số. Gõ số như 1.234 hoặc 12,5; để trống nếu chưa có số liệu.`;
}

/** The message beside a cell whose text is not a number; null when it is one or empty. */
export function cellProblem(text: string | undefined): string | null {
  if (text === undefined || text.trim() === '') return null;
  return parseVnNumber(text) === null ? notANumberMessage(text) : null;
}

export interface ReportPayload {
  values: { indicator: string; category: Category; value: number }[];
  narratives: { trackingId: string; results: string | null; shortcomings: string | null; proposals: string | null }[];
  /** Reasons for values that differ from those computed from the records. */
  overrides?: { indicator: string; category: Category; reason: string }[];
}

/**
 * The reasons typed for computed values, as the API takes them. The form asks one reason per
 * indicator (named after its total): it covers each of its cells (the API keeps a reason only
 * where the value really differs).
 */
export function overridesOf(form: ReportFormValues): NonNullable<ReportPayload['overrides']> {
  return Object.entries(form.reasons ?? {}).flatMap(([key, reason]) => {
    const cell = splitCellKey(key);
    if (!cell || !reason.trim()) return [];
    const cells = cell.category === 'total' ? categories : [cell.category];
    return cells.map((category) => ({ indicator: cell.code, category, reason: reason.trim() }));
  });
}

export interface ReadResult {
  payload: ReportPayload;
  /** Messages beside cells ("OP-ARTICLES.total") and narratives ("<trackingId>.results"). */
  errors: Record<string, string[]>;
}

/**
 * What the API is sent: the numbers of the non-empty cells of the report's indicators (an empty
 * cell is "not reported", so it is not sent), the narratives of its duties (empty → null). A cell
 * that is not a number or a narrative over the limit is an error, and nothing is sent.
 */
export function toPayload(form: ReportFormValues, indicators: readonly IndicatorLike[], trackingIds: readonly string[]): ReadResult {
  const errors: Record<string, string[]> = {};
  const values: ReportPayload['values'] = [];
  for (const ind of indicators)
    for (const category of categoriesOf(ind)) {
      const key = cellKey(ind.code, category);
      const text = form.cells[key] ?? '';
      if (text.trim() === '') continue;
      const value = parseVnNumber(text);
      if (value === null) errors[key] = [notANumberMessage(text)];
      else values.push({ indicator: ind.code, category, value });
    }
  const narratives = trackingIds.map((trackingId) => {
    const entry = { trackingId, results: null, shortcomings: null, proposals: null } as ReportPayload['narratives'][number];
    for (const field of narrativeFields) {
      const key = narrativeKey(trackingId, field);
      const text = (form.narratives[key] ?? '').trim();
      if (text.length > NARRATIVE_MAX_CHARS)
        errors[key] = [`Tối đa ${formatVnNumber(NARRATIVE_MAX_CHARS)} ký tự (hiện có ${formatVnNumber(text.length)}).`];
      entry[field] = text || null;
    }
    return entry;
  });
  return { payload: { values, narratives }, errors };
}

export interface SortedErrors {
  /** By cell key or narrative key. */
  fields: Record<string, string[]>;
  /** Errors that belong to no cell. */
  other: string[];
}

function add(into: Record<string, string[]>, key: string, message: string) {
  const list = (into[key] ??= []);
  if (!list.includes(message)) list.push(message);
}

/**
 * The API's errors beside their cells: `values.<code>.<category>` from the checks and the
 * submission; `body.values.<i>.value` / `.indicator` from a save (i indexes `sent.values`), whose
 * message starts with "<code>.<category>: "; `body.narratives.<i>.<field>`.
 */
export function sortReportErrors(errors: readonly { path: string; message: string }[], sent?: ReportPayload): SortedErrors {
  const out: SortedErrors = { fields: {}, other: [] };
  for (const e of errors) {
    const message = vietnamesePart(e.message.replace(/^[A-Z][A-Z0-9.-]*\.(total|female|male): /, ''));
    let m = /^values\.(.+)\.(total|female|male)$/.exec(e.path);
    if (m) {
      add(out.fields, cellKey(m[1]!, m[2] as Category), message);
      continue;
    }
    m = /^body\.values\.(\d+)\.(value|indicator|category)$/.exec(e.path);
    const sentValue = m ? sent?.values[Number(m[1])] : undefined;
    if (sentValue) {
      add(out.fields, cellKey(sentValue.indicator, sentValue.category), message);
      continue;
    }
    m = /^body\.narratives\.(\d+)\.(results|shortcomings|proposals)$/.exec(e.path);
    const sentNarrative = m ? sent?.narratives[Number(m[1])] : undefined;
    if (m && sentNarrative) {
      add(out.fields, narrativeKey(sentNarrative.trackingId, m[2] as NarrativeField), message);
      continue;
    }
    if (!out.other.includes(message)) out.other.push(message);
  }
  return out;
}

/** Merges lists of messages by key. */
export function mergeErrors(...all: Record<string, string[]>[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const errors of all) for (const [key, list] of Object.entries(errors)) for (const message of list) add(out, key, message);
  return out;
}

/** Whether the typed form says the same as the stored values and narratives (nothing to save). */
export function sameAsStored(payload: ReportPayload, values: readonly ValueLike[], narratives: readonly NarrativeLike[]): boolean {
  const stored = new Map(values.filter((v) => v.value !== null).map((v) => [cellKey(v.indicator, v.category), v.value]));
  if (stored.size !== payload.values.length) return false;
  for (const v of payload.values) if (stored.get(cellKey(v.indicator, v.category)) !== v.value) return false;
  const texts = new Map(narratives.map((n) => [n.trackingId, n]));
  for (const n of payload.narratives) {
    const s = texts.get(n.trackingId);
    for (const field of narrativeFields) if ((s?.[field] ?? null) !== n[field]) return false;
  }
  return true;
}

export interface ChangedCell {
  key: string;
  /** "Số bài viết … — Nữ". */
  label: string;
  /** The stored value now, formatted ("—" when empty). */
  theirs: string;
  /** What this person typed. */
  yours: string;
}

/**
 * After someone else saved first: the cells whose stored value differs from what this person
 * typed, to show side by side (theirs is kept only if they retype it: saving again sends yours).
 */
export function changedCells(form: ReportFormValues, indicators: readonly IndicatorLike[], current: readonly ValueLike[]): ChangedCell[] {
  const stored = new Map(current.filter((v) => v.value !== null).map((v) => [cellKey(v.indicator, v.category), v.value as number]));
  const out: ChangedCell[] = [];
  for (const ind of indicators)
    for (const category of categoriesOf(ind)) {
      const key = cellKey(ind.code, category);
      const typed = (form.cells[key] ?? '').trim();
      const theirs = stored.get(key) ?? null;
      const yours = typed === '' ? null : parseVnNumber(typed);
      const same = typed === '' ? theirs === null : yours !== null && yours === theirs;
      if (same) continue;
      out.push({
        key,
        label: ind.disaggregation === 'sex' ? `${ind.nameVi} — ${categoryLabels[category]}` : ind.nameVi,
        theirs: formatVnNumber(theirs, 6),
        yours: typed === '' ? '—' : typed,
      });
    }
  return out;
}

/** "Trang 'Báo cáo', dòng 7, cột D (ô D7): lý do" → its parts; the whole message as reason otherwise. */
export interface ExcelCellError {
  cell: string;
  sheet: string;
  row: string;
  column: string;
  reason: string;
}

export function excelCellError(error: { path: string; message: string }): ExcelCellError {
  const m = /^Trang '([^']*)', dòng (\d+), cột ([A-Z]+) \(ô ([A-Z]+\d+)\):\s*(.*)$/s.exec(error.message);
  if (m) return { sheet: m[1]!, row: m[2]!, column: m[3]!, cell: m[4]!, reason: m[5]! };
  const cell = /^xlsx\.([A-Z]+\d+)$/.exec(error.path)?.[1] ?? '';
  const parts = /^([A-Z]+)(\d+)$/.exec(cell);
  return { cell, sheet: '', row: parts?.[2] ?? '', column: parts?.[1] ?? '', reason: error.message };
}

// ---------------------------------------------------------------------------------------------
// What the page's actions answer (action data), shared by the server actions and the component.

/** The server's checks of the saved values, by cell key; `other` for errors of no cell. */
export interface CheckMessages {
  errors: Record<string, string[]>;
  warnings: Record<string, string[]>;
  other: string[];
}

/** The checks of a report as the API returns them (`validation`), sorted onto the cells. */
export function checkMessages(validation: { errors: readonly { path: string; message: string }[]; warnings: readonly { path: string; message: string }[] }): CheckMessages {
  const errors = sortReportErrors(validation.errors);
  const warnings = sortReportErrors(validation.warnings);
  return { errors: errors.fields, warnings: warnings.fields, other: [...errors.other, ...warnings.other] };
}

/** A save that went through: the new version, when, and what the checks now say. */
export interface ReportSaved {
  version: number;
  /** "14:05", Việt Nam time. */
  at: string;
  checks: CheckMessages;
  /** Submitted as well ("Gửi báo cáo"). */
  submitted: boolean;
  /** Nothing had changed: no new version was made. */
  unchanged: boolean;
}

export interface ReportConflict {
  /** The version now stored: the form carries it, so that saving again applies what was typed. */
  version: number;
  statusLabel: string;
  /** Whether the report can still be edited (else it was submitted, approved or locked meanwhile). */
  editable: boolean;
  /** "14:05" of the other change. */
  at: string;
  cells: ChangedCell[];
  /** Narratives differ as well. */
  narratives: boolean;
}

/** The form after a post that did not go through: what was typed, and why. */
export interface ReportFormState {
  values: ReportFormValues;
  /** The version to send next. */
  version: number;
  errors: Record<string, string[]>;
  other: string[];
  message: string | null;
  conflict: ReportConflict | null;
  /** Checks of the stored values after a save that went through before the submission failed. */
  checks: CheckMessages | null;
}

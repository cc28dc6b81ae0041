// The plan editor's form, as plain strings: PlanContent turned into field values (toForm), the
// posted FormData read back (readForm), rows added and removed without JavaScript (applyOp), and
// the values turned into the PlanContent the API takes (toContent). Field names are the content's
// own paths (`tasks.items.0.paragraphs`), so the API's error paths (`body.content.…`) land beside
// the field that caused them (sortErrors). Pure: used by the server actions and the page.
import {
  legalBasisText,
  signaturePrefixes,
  signatureLines,
  type AssignmentRole,
  type PlanContent,
  type PlanItem,
} from '@binh-dang/domain';

export interface ItemForm {
  label: string;
  /** Paragraphs separated by a blank line. */
  paragraphs: string;
  children: ItemForm[];
}

export interface BasisForm {
  verb: string;
  documentKind: string;
  number: string;
  issuedOn: string;
  issuer: string;
  summary: string;
  /** The citation as written in the imported document; kept while the fields above are unchanged. */
  text: string;
  /** The fields above as they were when `text` was written (see basisFingerprint). */
  source: string;
  citedPlanId: string;
}

export interface UnitForm {
  orgUnitId: string;
  role: string;
}

export interface DutyForm {
  text: string;
  role: string;
  dueDate: string;
}

export interface AssignmentForm {
  label: string;
  heading: string;
  isRequest: boolean;
  style: string;
  units: UnitForm[];
  duties: DutyForm[];
}

export interface PlanForm {
  header: {
    parentBody: string;
    issuingBody: string;
    typeCode: string;
    issuerCode: string;
    place: string;
    date: { year: string; month: string; day: string };
  };
  documentType: string;
  title: string;
  legalBases: BasisForm[];
  preambleClosing: string;
  purposes: { heading: string; items: ItemForm[] };
  tasks: { heading: string; items: ItemForm[] };
  implementation: { heading: string; assignments: AssignmentForm[] };
  closing: string;
  reportDeadline: string;
  reportToUnitId: string;
  /** One recipient a line. */
  recipients: string;
  /** JSON [text, orgUnitId][] of the recipients linked to a unit, so that those links survive editing. */
  recipientUnits: string;
  signature: {
    /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH": one a line. */
    authority: string;
    title: string;
    name: string;
  };
}

/** A choice of a select. */
export interface Option {
  value: string;
  label: string;
}

export interface OptionGroup {
  label: string;
  options: Option[];
}

/** Messages beside fields, by field name. */
export type FieldMessages = Record<string, string[]>;

/** Texts the new-plan page fills in for the author to replace. */
export const PLACEHOLDERS = ['(nội dung)', '(đơn vị thực hiện)', '(nhiệm vụ)', '(họ và tên)', '(ký hiệu)'] as const;

// --- Content → form ------------------------------------------------------------------------------

const str = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** The structured fields of a legal basis, to tell whether the author changed them. */
export function basisFingerprint(b: Pick<BasisForm, 'verb' | 'documentKind' | 'number' | 'issuedOn' | 'issuer' | 'summary'>): string {
  return JSON.stringify([b.verb, b.documentKind, b.number, b.issuedOn, b.issuer, b.summary].map((v) => v.trim()));
}

function itemToForm(item: PlanItem): ItemForm {
  return { label: str(item.label), paragraphs: item.paragraphs.join('\n\n'), children: item.children.map(itemToForm) };
}

export function toForm(content: PlanContent): PlanForm {
  const h = content.header;
  return {
    header: {
      parentBody: str(h.parentBody),
      issuingBody: h.issuingBody,
      typeCode: h.typeCode,
      issuerCode: h.issuerCode,
      place: h.place,
      date: { year: str(h.date.year), month: str(h.date.month), day: str(h.date.day) },
    },
    documentType: content.documentType,
    title: content.title,
    legalBases: content.legalBases.map((b) => {
      const fields = {
        verb: b.verb,
        documentKind: b.documentKind,
        number: b.number,
        issuedOn: str(b.issuedOn),
        issuer: b.issuer,
        summary: str(b.summary),
      };
      return { ...fields, text: str(b.text), source: b.text ? basisFingerprint(fields) : '', citedPlanId: str(b.citedPlanId) };
    }),
    preambleClosing: str(content.preambleClosing),
    purposes: { heading: content.purposes.heading, items: content.purposes.items.map(itemToForm) },
    tasks: { heading: content.tasks.heading, items: content.tasks.items.map(itemToForm) },
    implementation: {
      heading: content.implementation.heading,
      assignments: content.implementation.assignments.map((a) => ({
        label: a.label,
        heading: a.heading,
        isRequest: a.isRequest,
        style: a.style,
        units: a.units.map((u) => ({ orgUnitId: u.orgUnitId, role: u.role })),
        duties: a.duties.map((d) => ({ text: d.text, role: d.role, dueDate: str(d.dueDate) })),
      })),
    },
    closing: str(content.closing),
    reportDeadline: str(content.reportDeadline),
    reportToUnitId: str(content.reportToUnitId),
    recipients: content.recipients.map((r) => r.text).join('\n'),
    recipientUnits: JSON.stringify(content.recipients.filter((r) => r.orgUnitId).map((r) => [r.text.trim(), r.orgUnitId])),
    signature: content.signature
      ? {
          authority: content.signature.authority.map((a) => `${a.prefix} ${a.text}`).join('\n'),
          title: content.signature.title,
          name: content.signature.name,
        }
      : { authority: '', title: '', name: '' },
  };
}

// --- FormData → form -----------------------------------------------------------------------------

interface FormSource {
  get(name: string): FormDataEntryValue | null;
  keys(): Iterable<string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Reads the posted plan form. Rows are found by their index (`tasks.items.3.…`), in order. */
export function readForm(data: FormSource): PlanForm {
  const names = [...data.keys()];
  const get = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
  };
  const rows = (prefix: string): string[] => {
    const pattern = new RegExp(`^${escapeRegExp(prefix)}\\.(\\d+)\\.`);
    const found = new Set<number>();
    for (const name of names) {
      const m = pattern.exec(name);
      if (m) found.add(Number(m[1]));
    }
    return [...found].sort((a, b) => a - b).map((i) => `${prefix}.${i}`);
  };
  const item = (p: string): ItemForm => ({ label: get(`${p}.label`), paragraphs: get(`${p}.paragraphs`), children: rows(`${p}.children`).map(item) });
  return {
    header: {
      parentBody: get('header.parentBody'),
      issuingBody: get('header.issuingBody'),
      typeCode: get('header.typeCode'),
      issuerCode: get('header.issuerCode'),
      place: get('header.place'),
      date: { year: get('header.date.year'), month: get('header.date.month'), day: get('header.date.day') },
    },
    documentType: get('documentType'),
    title: get('title'),
    legalBases: rows('legalBases').map((p) => ({
      verb: get(`${p}.verb`),
      documentKind: get(`${p}.documentKind`),
      number: get(`${p}.number`),
      issuedOn: get(`${p}.issuedOn`),
      issuer: get(`${p}.issuer`),
      summary: get(`${p}.summary`),
      text: get(`${p}.text`),
      source: get(`${p}.source`),
      citedPlanId: get(`${p}.citedPlanId`),
    })),
    preambleClosing: get('preambleClosing'),
    purposes: { heading: get('purposes.heading'), items: rows('purposes.items').map(item) },
    tasks: { heading: get('tasks.heading'), items: rows('tasks.items').map(item) },
    implementation: {
      heading: get('implementation.heading'),
      assignments: rows('implementation.assignments').map((p) => ({
        label: get(`${p}.label`),
        heading: get(`${p}.heading`),
        isRequest: get(`${p}.isRequest`) === 'on' || get(`${p}.isRequest`) === '1',
        style: get(`${p}.style`),
        units: rows(`${p}.units`).map((u) => ({ orgUnitId: get(`${u}.orgUnitId`), role: get(`${u}.role`) })),
        duties: rows(`${p}.duties`).map((d) => ({ text: get(`${d}.text`), role: get(`${d}.role`), dueDate: get(`${d}.dueDate`) })),
      })),
    },
    closing: get('closing'),
    reportDeadline: get('reportDeadline'),
    reportToUnitId: get('reportToUnitId'),
    recipients: get('recipients'),
    recipientUnits: get('recipientUnits'),
    signature: { authority: get('signature.authority'), title: get('signature.title'), name: get('signature.name') },
  };
}

// --- Rows added and removed ----------------------------------------------------------------------

export type RowOp =
  | { kind: 'add'; list: string }
  | { kind: 'remove'; list: string; index: number }
  /** After a conflict: use the stored text of one part (see takePart). */
  | { kind: 'take'; key: string };

/** `add:tasks.items`, `remove:tasks.items.2`, `take:title`; null for anything else (a plain save). */
export function parseOp(value: string | null | undefined): RowOp | null {
  if (!value) return null;
  const take = /^take:([\w.]+)$/.exec(value);
  if (take?.[1]) return { kind: 'take', key: take[1] };
  const add = /^add:([\w.]+)$/.exec(value);
  if (add?.[1]) return { kind: 'add', list: add[1] };
  const remove = /^remove:([\w.]+)\.(\d+)$/.exec(value);
  if (remove?.[1] && remove[2]) return { kind: 'remove', list: remove[1], index: Number(remove[2]) };
  return null;
}

const VI_LETTERS = 'abcdđeghiklmnopqrstuvxy';

/** The label after `previous` in a numbered list: "3." → "4.", "b)" → "c)", "-" → "-". */
export function nextLabel(previous: string | undefined, nested: boolean): string {
  if (previous === undefined) return nested ? 'a)' : '1.';
  const number = /^(\d+)\.$/.exec(previous.trim());
  if (number) return `${Number(number[1]) + 1}.`;
  const letter = /^([a-zđ])\)$/.exec(previous.trim());
  if (letter?.[1]) {
    const next = VI_LETTERS[VI_LETTERS.indexOf(letter[1]) + 1];
    return next ? `${next})` : '';
  }
  return previous.trim() === '-' || previous.trim() === '+' ? previous.trim() : '';
}

/** Labels 1., 2., 3. (or a), b), c)) in order, as when nobody renumbered by hand. */
function isPlainSequence(labels: string[]): 'number' | 'letter' | null {
  if (labels.length === 0) return null;
  if (labels.every((l, i) => l.trim() === `${i + 1}.`)) return 'number';
  if (labels.every((l, i) => l.trim() === `${VI_LETTERS[i]})`)) return 'letter';
  return null;
}

function renumber<T extends { label: string }>(rows: T[], kind: 'number' | 'letter' | null) {
  if (!kind) return;
  rows.forEach((row, i) => (row.label = kind === 'number' ? `${i + 1}.` : `${VI_LETTERS[i] ?? ''})`));
}

function blankRow(list: string, rows: unknown[]): unknown {
  const key = list.split('.').at(-1);
  const last = rows.at(-1) as { label?: string } | undefined;
  switch (key) {
    case 'items':
    case 'children':
      return { label: nextLabel(last?.label, key === 'children'), paragraphs: '', children: [] } satisfies ItemForm;
    case 'legalBases':
      return { verb: 'Căn cứ', documentKind: '', number: '', issuedOn: '', issuer: '', summary: '', text: '', source: '', citedPlanId: '' } satisfies BasisForm;
    case 'assignments':
      return {
        label: nextLabel(last?.label, false),
        heading: '',
        isRequest: false,
        style: 'bullets',
        units: [{ orgUnitId: '', role: 'lead' }],
        duties: [{ text: '', role: 'lead', dueDate: '' }],
      } satisfies AssignmentForm;
    case 'units':
      return { orgUnitId: '', role: 'lead' } satisfies UnitForm;
    case 'duties':
      return { text: '', role: 'lead', dueDate: '' } satisfies DutyForm;
    default:
      return null;
  }
}

/** The array at `path` in the form (`tasks.items.1.children`), or null. */
function listAt(form: PlanForm, path: string): unknown[] | null {
  let at: unknown = form;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return null;
    at = Array.isArray(at) ? at[Number(part)] : (at as Record<string, unknown>)[part];
  }
  return Array.isArray(at) ? at : null;
}

/**
 * Adds a blank row at the end of a list or removes one; a list labelled 1., 2., 3. stays so.
 * Returns the field to go to next (the new row, or the list), or null when the path is unknown.
 */
export function applyOp(form: PlanForm, op: RowOp): string | null {
  if (op.kind === 'take') return null;
  const rows = listAt(form, op.list);
  if (!rows) return null;
  if (op.kind === 'add') {
    const row = blankRow(op.list, rows);
    if (row === null) return null;
    rows.push(row);
    return `${op.list}.${rows.length - 1}`;
  }
  if (op.index < 0 || op.index >= rows.length) return null;
  const labelled = rows.every((r) => typeof (r as { label?: unknown }).label === 'string');
  const sequence = labelled ? isPlainSequence((rows as { label: string }[]).map((r) => r.label)) : null;
  rows.splice(op.index, 1);
  if (labelled) renumber(rows as { label: string }[], sequence);
  return op.list;
}

// --- Form → content ------------------------------------------------------------------------------

/** One paragraph per block separated by blank lines; the lines of a block joined by a space. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean);
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
const isRole = (value: string): value is AssignmentRole => value === 'lead' || value === 'support';

function itemToContent(item: ItemForm): PlanItem {
  return { label: orNull(item.label), paragraphs: splitParagraphs(item.paragraphs), children: item.children.map(itemToContent) };
}

/**
 * The content to send, and what the form itself can tell is wrong (numbers, signature lines):
 * the API checks the rest and answers with paths that sortErrors puts beside the fields.
 */
export function toContent(form: PlanForm): { content: PlanContent; errors: FieldMessages } {
  const errors: FieldMessages = {};
  const complain = (name: string, message: string) => (errors[name] ??= []).push(message);
  const whole = (name: string, value: string, required: boolean): number | null => {
    const v = value.trim();
    if (v === '') {
      if (required) complain(name, 'Vui lòng nhập năm.');
      return null;
    }
    if (!/^\d{1,4}$/.test(v)) {
      complain(name, 'Nhập bằng chữ số, ví dụ 4.');
      return null;
    }
    return Number(v);
  };
  const h = form.header;
  const year = whole('header.date.year', h.date.year, true);

  let known: [string, string][] = [];
  try {
    const parsed: unknown = JSON.parse(form.recipientUnits || '[]');
    if (Array.isArray(parsed)) known = parsed.filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string');
  } catch (_error) {
    // A tampered hidden field: the links are simply not kept.
  }
  const recipients = form.recipients
    .split('\n')
    .map((line) => line.trim().replace(/^[-–•]\s*/, ''))
    .filter(Boolean)
    .map((text) => ({ text, orgUnitId: known.find(([t]) => t === text)?.[1] ?? null }));

  const authority = form.signature.authority
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((line) => {
      const prefix = signaturePrefixes.find((p) => line.startsWith(`${p} `) || line === p);
      if (!prefix) {
        complain('signature.authority', `Dòng “${line}” cần bắt đầu bằng ${signaturePrefixes.join(', ')} (ví dụ “TM. ỦY BAN NHÂN DÂN”).`);
        return [];
      }
      return [{ prefix, text: line.slice(prefix.length).trim() }];
    });
  const signed = authority.length > 0 || form.signature.title.trim() !== '' || form.signature.name.trim() !== '';

  const content: PlanContent = {
    header: {
      parentBody: orNull(h.parentBody),
      issuingBody: h.issuingBody.trim(),
      number: null,
      typeCode: h.typeCode.trim(),
      issuerCode: h.issuerCode.trim(),
      place: h.place.trim(),
      date: {
        year: year ?? 0,
        month: whole('header.date.month', h.date.month, false),
        day: whole('header.date.day', h.date.day, false),
      },
    },
    documentType: form.documentType.trim(),
    title: oneLine(form.title),
    legalBases: form.legalBases.map((b) => {
      const unchanged = b.text.trim() !== '' && b.source === basisFingerprint(b);
      return {
        verb: b.verb.trim(),
        documentKind: b.documentKind.trim(),
        number: b.number.trim(),
        issuedOn: orNull(b.issuedOn),
        issuer: b.issuer.trim(),
        summary: orNull(oneLine(b.summary)),
        // The citation as written stands only while the fields it was read into are unchanged.
        text: unchanged ? b.text : null,
        citedPlanId: orNull(b.citedPlanId),
      };
    }),
    preambleClosing: orNull(oneLine(form.preambleClosing)),
    purposes: { heading: oneLine(form.purposes.heading), items: form.purposes.items.map(itemToContent) },
    tasks: { heading: oneLine(form.tasks.heading), items: form.tasks.items.map(itemToContent) },
    implementation: {
      heading: oneLine(form.implementation.heading),
      assignments: form.implementation.assignments.map((a, i) => ({
        // The API numbers assignments and duties itself.
        id: `a${i + 1}`,
        label: a.label.trim(),
        heading: oneLine(a.heading),
        isRequest: a.isRequest,
        style: a.style === 'paragraph' ? 'paragraph' : 'bullets',
        units: a.units.filter((u) => u.orgUnitId !== '').map((u) => ({ orgUnitId: u.orgUnitId, role: isRole(u.role) ? u.role : 'lead' })),
        duties: a.duties.map((d, j) => ({
          id: `a${i + 1}-d${j + 1}`,
          text: oneLine(d.text),
          role: isRole(d.role) ? d.role : 'lead',
          dueDate: orNull(d.dueDate),
        })),
      })),
    },
    closing: orNull(splitParagraphs(form.closing).join(' ')),
    reportDeadline: orNull(form.reportDeadline),
    reportToUnitId: orNull(form.reportToUnitId),
    recipients,
    signature: signed ? { authority, title: form.signature.title.trim(), name: form.signature.name.trim() } : null,
  };
  return { content, errors };
}

// --- Errors beside fields ------------------------------------------------------------------------

/** Every field and row group the editor shows, by name: where an error may be put. */
export function fieldNames(form: PlanForm): Set<string> {
  const names = new Set<string>([
    'header.parentBody',
    'header.issuingBody',
    'header.typeCode',
    'header.issuerCode',
    'header.place',
    'header.date.year',
    'header.date.month',
    'header.date.day',
    'header.date',
    'title',
    'legalBases',
    'preambleClosing',
    'purposes.heading',
    'purposes.items',
    'tasks.heading',
    'tasks.items',
    'implementation.heading',
    'implementation.assignments',
    'closing',
    'reportDeadline',
    'reportToUnitId',
    'recipients',
    'signature.authority',
    'signature.title',
    'signature.name',
  ]);
  form.legalBases.forEach((_b, i) => {
    for (const f of ['verb', 'documentKind', 'number', 'issuedOn', 'issuer', 'summary']) names.add(`legalBases.${i}.${f}`);
  });
  const items = (prefix: string, list: ItemForm[]) =>
    list.forEach((item, i) => {
      const p = `${prefix}.${i}`;
      names.add(`${p}.label`).add(`${p}.paragraphs`).add(`${p}.children`);
      items(`${p}.children`, item.children);
    });
  items('purposes.items', form.purposes.items);
  items('tasks.items', form.tasks.items);
  form.implementation.assignments.forEach((a, i) => {
    const p = `implementation.assignments.${i}`;
    for (const f of ['label', 'heading', 'style', 'units', 'duties']) names.add(`${p}.${f}`);
    a.units.forEach((_u, j) => names.add(`${p}.units.${j}.orgUnitId`).add(`${p}.units.${j}.role`));
    a.duties.forEach((_d, j) => names.add(`${p}.duties.${j}.text`).add(`${p}.duties.${j}.role`).add(`${p}.duties.${j}.dueDate`));
  });
  return names;
}

export interface SortedErrors {
  fields: FieldMessages;
  /** Messages with no field to stand beside. */
  other: string[];
}

/**
 * Puts the API's field errors (`body.content.tasks.items.0.paragraphs.0`) beside the editor's
 * fields (`tasks.items.0.paragraphs`): the nearest field or row group up the path.
 */
export function sortErrors(problems: readonly { path: string; message: string }[], form: PlanForm, vietnamese: (text: string) => string = (t) => t): SortedErrors {
  const names = fieldNames(form);
  const out: SortedErrors = { fields: {}, other: [] };
  for (const problem of problems) {
    const message = friendlyMessage(problem.path, vietnamese(problem.message));
    let path = problem.path.replace(/^body\.content\./, '');
    // Paragraphs, recipients and signature lines are edited together, in one box.
    path = path
      .replace(/\.paragraphs\.\d+$/, '.paragraphs')
      .replace(/^recipients\.\d+(\..*)?$/, 'recipients')
      .replace(/^signature\.authority\.\d+(\..*)?$/, 'signature.authority');
    let target: string | null = null;
    for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
      const candidate = parts.join('.');
      if (names.has(candidate)) {
        target = candidate;
        break;
      }
    }
    if (target && problem.path.startsWith('body.content.')) {
      const list = (out.fields[target] ??= []);
      if (!list.includes(message)) list.push(message);
    } else if (!out.other.includes(message)) out.other.push(message);
  }
  return out;
}

/** The API's generic "too short, at least 1" said the way an author understands it. */
export function friendlyMessage(path: string, message: string): string {
  if (!/tối thiểu 1$/.test(message)) return message;
  if (/\.duties$/.test(path)) return 'Mỗi mục giao việc cần ít nhất một nhiệm vụ.';
  return 'Không được để trống.';
}

/** Merges messages of two sources (the form's own checks and the API's). */
export function mergeMessages(a: FieldMessages, b: FieldMessages): FieldMessages {
  const out: FieldMessages = { ...a };
  for (const [name, messages] of Object.entries(b)) out[name] = [...new Set([...(out[name] ?? []), ...messages])];
  return out;
}

// --- What differs between two versions -----------------------------------------------------------

export interface DiffRow {
  key: string;
  label: string;
  /** null: the part does not exist on that side. */
  yours: string | null;
  theirs: string | null;
  /** Who changed the part since the version you opened (null when that is not known). */
  changedBy: 'you' | 'them' | 'both' | null;
  /** Whether "use the stored text" can be offered: the part exists on both sides. */
  takeable: boolean;
}

interface Part {
  key: string;
  label: string;
  text: string;
}

function itemParts(prefix: string, section: string, items: PlanItem[], path: string[] = []): Part[] {
  return items.flatMap((item, i) => {
    const here = [...path, item.label ?? `(${i + 1})`];
    return [
      {
        key: `${prefix}.${i}`,
        label: `${section}, mục ${here.join(' ')}`,
        text: [item.label, item.paragraphs.join('\n\n')].filter(Boolean).join(' '),
      },
      ...itemParts(`${prefix}.${i}.children`, section, item.children, here),
    ];
  });
}

function parts(content: PlanContent, unitName: (id: string) => string): Part[] {
  const h = content.header;
  const date = [h.date.day ?? '…', h.date.month ?? '…', h.date.year].join('/');
  const out: Part[] = [
    { key: 'header.parentBody', label: 'Cơ quan chủ quản', text: h.parentBody ?? '' },
    { key: 'header.issuingBody', label: 'Cơ quan ban hành', text: h.issuingBody },
    { key: 'header.code', label: 'Ký hiệu văn bản', text: `${h.typeCode}-${h.issuerCode}` },
    { key: 'header.place', label: 'Địa danh', text: h.place },
    { key: 'header.date', label: 'Ngày tháng năm', text: date },
    { key: 'title', label: 'Tên kế hoạch', text: content.title },
    ...content.legalBases.map((b, i) => ({ key: `legalBases.${i}`, label: `Căn cứ ${i + 1}`, text: legalBasisText(b) })),
    { key: 'preambleClosing', label: 'Câu kết phần căn cứ', text: content.preambleClosing ?? '' },
    { key: 'purposes.heading', label: 'Tên phần I', text: content.purposes.heading },
    ...itemParts('purposes.items', 'Phần I', content.purposes.items),
    { key: 'tasks.heading', label: 'Tên phần II', text: content.tasks.heading },
    ...itemParts('tasks.items', 'Phần II', content.tasks.items),
    { key: 'implementation.heading', label: 'Tên phần III', text: content.implementation.heading },
    ...content.implementation.assignments.map((a, i) => ({
      key: `implementation.assignments.${i}`,
      label: `Phần III, mục ${a.label || i + 1}`,
      text: [
        `${a.label} ${a.isRequest ? '(đề nghị) ' : ''}${a.heading}`,
        a.units.length ? `Đơn vị: ${a.units.map((u) => `${unitName(u.orgUnitId)}${u.role === 'support' ? ' (phối hợp)' : ''}`).join('; ')}` : '',
        ...a.duties.map((d) => `- ${d.text}${d.role === 'support' ? ' (phối hợp)' : ''}${d.dueDate ? ` (hạn ${d.dueDate})` : ''}`),
      ]
        .filter(Boolean)
        .join('\n'),
    })),
    { key: 'closing', label: 'Đoạn kết', text: content.closing ?? '' },
    { key: 'reportDeadline', label: 'Hạn báo cáo', text: content.reportDeadline ?? '' },
    { key: 'reportToUnitId', label: 'Báo cáo về', text: content.reportToUnitId ? unitName(content.reportToUnitId) : '' },
    { key: 'recipients', label: 'Nơi nhận', text: content.recipients.map((r) => `- ${r.text}`).join('\n') },
    { key: 'signature', label: 'Chữ ký', text: content.signature ? signatureLines(content.signature).join('\n') : '' },
  ];
  return out;
}

/** A short fingerprint of a text (FNV-1a, 32 bits): enough to tell whether a part changed. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * Fingerprints of every part of the version the author opened (a hidden field of the form), so
 * that a conflict can say who changed what: you, the other person, or both.
 */
export function baseFingerprints(content: PlanContent): string {
  return JSON.stringify(Object.fromEntries(parts(content, (id) => id).map((p) => [p.key, fingerprint(p.text)])));
}

function readFingerprints(base: string | null | undefined): Record<string, string> | null {
  if (!base) return null;
  try {
    const parsed: unknown = JSON.parse(base);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : null;
  } catch (_error) {
    return null;
  }
}

/**
 * The parts of the plan that differ between what you sent and what is stored, in reading order;
 * with `base` (baseFingerprints of the version you opened), who changed each of them.
 */
export function diffContent(yours: PlanContent, theirs: PlanContent, unitName: (id: string) => string = (id) => id, base?: string | null): DiffRow[] {
  const baseline = readFingerprints(base);
  const raw = (content: PlanContent) => new Map(parts(content, (id) => id).map((p) => [p.key, fingerprint(p.text)]));
  const [rawYours, rawTheirs] = [raw(yours), raw(theirs)];
  const changedBy = (key: string): DiffRow['changedBy'] => {
    if (!baseline) return null;
    const you = rawYours.get(key) !== baseline[key];
    const them = rawTheirs.get(key) !== baseline[key];
    return you && them ? 'both' : you ? 'you' : them ? 'them' : null;
  };
  const mine = parts(yours, unitName);
  const stored = new Map(parts(theirs, unitName).map((p) => [p.key, p]));
  const rows: DiffRow[] = [];
  for (const part of mine) {
    const other = stored.get(part.key);
    stored.delete(part.key);
    if (other?.text === part.text) continue;
    rows.push({ key: part.key, label: part.label, yours: part.text, theirs: other ? other.text : null, changedBy: changedBy(part.key), takeable: !!other });
  }
  // Parts only the stored version has (rows you do not have), in its order.
  for (const other of stored.values())
    rows.push({ key: other.key, label: other.label, yours: null, theirs: other.text, changedBy: changedBy(other.key), takeable: false });
  return rows;
}

/**
 * Puts the stored version's text of one part (a key of diffContent) into the form, leaving the
 * rest as typed: "use theirs" for that part. Returns false when the part is not on both sides.
 */
export function takePart(values: PlanForm, stored: PlanForm, key: string): boolean {
  const h = values.header;
  const sh = stored.header;
  switch (key) {
    case 'header.parentBody':
      h.parentBody = sh.parentBody;
      return true;
    case 'header.issuingBody':
      h.issuingBody = sh.issuingBody;
      return true;
    case 'header.code':
      h.typeCode = sh.typeCode;
      h.issuerCode = sh.issuerCode;
      return true;
    case 'header.place':
      h.place = sh.place;
      return true;
    case 'header.date':
      h.date = { ...sh.date };
      return true;
    case 'title':
    case 'preambleClosing':
    case 'closing':
    case 'reportDeadline':
    case 'reportToUnitId':
      values[key] = stored[key];
      return true;
    case 'recipients':
      values.recipients = stored.recipients;
      values.recipientUnits = stored.recipientUnits;
      return true;
    case 'signature':
      values.signature = { ...stored.signature };
      return true;
    case 'purposes.heading':
    case 'tasks.heading':
    case 'implementation.heading': {
      const section = key.split('.')[0] as 'purposes' | 'tasks' | 'implementation';
      values[section].heading = stored[section].heading;
      return true;
    }
  }
  const basis = /^legalBases\.(\d+)$/.exec(key);
  if (basis) {
    const i = Number(basis[1]);
    const theirs = stored.legalBases[i];
    if (!theirs || !values.legalBases[i]) return false;
    values.legalBases[i] = { ...theirs };
    return true;
  }
  const assignment = /^implementation\.assignments\.(\d+)$/.exec(key);
  if (assignment) {
    const i = Number(assignment[1]);
    const theirs = stored.implementation.assignments[i];
    if (!theirs || !values.implementation.assignments[i]) return false;
    values.implementation.assignments[i] = structuredClone(theirs);
    return true;
  }
  const item = /^(purposes|tasks)\.items\.(\d+(?:\.children\.\d+)*)$/.exec(key);
  if (item?.[1] && item[2]) {
    const section = item[1] as 'purposes' | 'tasks';
    const indices = item[2].split('.children.').map(Number);
    const find = (list: ItemForm[]): ItemForm | null =>
      indices.reduce<{ list: ItemForm[]; node: ItemForm | null }>(
        (at, index) => {
          const node = at.list[index] ?? null;
          return { list: node?.children ?? [], node };
        },
        { list, node: null },
      ).node;
    const mine = find(values[section].items);
    const theirs = find(stored[section].items);
    if (!mine || !theirs) return false;
    // The item's own text; its sub-items are parts of their own.
    mine.label = theirs.label;
    mine.paragraphs = theirs.paragraphs;
    return true;
  }
  return false;
}

/** A text split around what differs from `other`: the common start and end stay plain. */
export function markChange(text: string, other: string | null): { before: string; changed: string; after: string } {
  if (other === null) return { before: '', changed: text, after: '' };
  let start = 0;
  while (start < text.length && start < other.length && text[start] === other[start]) start++;
  let end = 0;
  while (end < text.length - start && end < other.length - start && text[text.length - 1 - end] === other[other.length - 1 - end]) end++;
  // Whole words read better than a cut inside one.
  while (start > 0 && !/\s/.test(text[start - 1] ?? ' ')) start--;
  while (end > 0 && !/\s/.test(text[text.length - end] ?? ' ')) end--;
  return { before: text.slice(0, start), changed: text.slice(start, text.length - end), after: text.slice(text.length - end) };
}

/** Fields of the form that still hold a placeholder of the new-plan page. */
export function placeholderFields(form: PlanForm): string[] {
  const found: string[] = [];
  const check = (name: string, value: string) => {
    if (PLACEHOLDERS.some((p) => value.includes(p))) found.push(name);
  };
  const items = (prefix: string, list: ItemForm[]) =>
    list.forEach((item, i) => {
      check(`${prefix}.${i}.paragraphs`, item.paragraphs);
      items(`${prefix}.${i}.children`, item.children);
    });
  check('title', form.title);
  items('purposes.items', form.purposes.items);
  items('tasks.items', form.tasks.items);
  form.implementation.assignments.forEach((a, i) => {
    check(`implementation.assignments.${i}.heading`, a.heading);
    a.duties.forEach((d, j) => check(`implementation.assignments.${i}.duties.${j}.text`, d.text));
  });
  check('header.issuerCode', form.header.issuerCode);
  check('signature.name', form.signature.name);
  return found;
}

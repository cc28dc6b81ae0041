// Shared pieces of the record forms (activities, budget, cases): what was typed kept as text so a
// refused post shows it again, numbers read the Vietnamese way, and errors — the domain's checks
// and the API's problem paths — put beside the field they name. Pure: used by the page actions.
import { parseVnNumber } from '@binh-dang/domain';
import { vietnamesePart } from './session';

/** What was typed, by field name: text, or the chosen values of a group of checkboxes. */
export type Typed = Record<string, string | string[]>;

export type FieldErrorMap = Record<string, string[]>;

export interface Parsed<T> {
  /** The input to send, or null when something typed is wrong (then `errors` says what). */
  input: T | null;
  errors: FieldErrorMap;
  typed: Typed;
}

/** The posted form as text; the names in `multi` are checkbox groups (every value kept). */
export function typedOf(data: FormData, multi: readonly string[] = []): Typed {
  const out: Typed = {};
  for (const [name, value] of data.entries()) {
    if (typeof value !== 'string') continue;
    if (multi.includes(name)) out[name] = [...((out[name] as string[] | undefined) ?? []), value];
    else out[name] = value;
  }
  return out;
}

export function textOf(typed: Typed, name: string): string {
  const v = typed[name];
  return typeof v === 'string' ? v.trim() : '';
}

export function listOf(typed: Typed, name: string): string[] {
  const v = typed[name];
  return Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : [];
}

export function addError(errors: FieldErrorMap, field: string, message: string): void {
  const list = (errors[field] ??= []);
  const text = vietnamesePart(message);
  if (!list.includes(text)) list.push(text);
}

/**
 * A number typed the Vietnamese way ("1.234", "12,5"); empty → null. Not a number → an error on
 * the field and `undefined` (so the input is not sent).
 */
export function numberField(typed: Typed, name: string, errors: FieldErrorMap, options: { whole?: boolean } = {}): number | null | undefined {
  const text = textOf(typed, name);
  if (text === '') return null;
  const value = parseVnNumber(text);
  if (value === null) {
    addError(errors, name, `“${text.slice(0, 24)}” không phải là số. Gõ số như 1.234 hoặc 12,5.`);
    return undefined;
  }
  if (options.whole && !Number.isInteger(value)) {
    addError(errors, name, 'Cần một số nguyên.');
    return undefined;
  }
  return value;
}

/** The zod issues of a failed parse, by dotted path. */
export function issuesByPath(issues: readonly { path: readonly PropertyKey[]; message: string }[], errors: FieldErrorMap, prefix = ''): void {
  for (const issue of issues) addError(errors, `${prefix}${issue.path.map(String).join('.')}` || 'form', issue.message);
}

/**
 * The API's field errors by field name: its paths ("body.details.items", "body.event.date")
 * without the given prefix; errors of no known field come back in `other`.
 */
export function apiFieldErrors(
  errors: readonly { path: string; message: string }[],
  prefix: string,
  known: (field: string) => boolean,
): { fields: FieldErrorMap; other: string[] } {
  const fields: FieldErrorMap = {};
  const other: string[] = [];
  for (const e of errors) {
    const field = e.path.startsWith(prefix) ? e.path.slice(prefix.length) : e.path;
    if (known(field)) addError(fields, field, e.message);
    else {
      const text = vietnamesePart(e.message);
      if (!other.includes(text)) other.push(text);
    }
  }
  return { fields, other };
}

/** "1.500.000" — whole VND grouped with dots, as typed in the forms. */
export function groupDigits(value: number): string {
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
